/* tq-query-function-context.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-query-function-context-private.h"
#include "tq-query-options.h"
#include "tq-query-private.h"
#include "tq-value-private.h"

/**
 * TqQueryFunctionContext:
 *
 * What a [callback@Tq.QueryFunc] receives, and how it completes: TanStack's
 * `QueryFunctionContext` together with the promise the function returns.
 *
 * The context names the query (key, hash, meta, and for infinite queries the
 * page parameter and direction) and carries a [class@Gio.Cancellable], the
 * counterpart of TanStack's abort signal. Taking it with
 * [method@Tq.QueryFunctionContext.get_cancellable] is recorded, because it
 * decides what happens when the last observer leaves while the fetch runs
 * (rule 33): a function that took it is cancelled (and the query reverted);
 * one that did not is left to finish, and its result is cached.
 *
 * The function completes exactly once, with
 * [method@Tq.QueryFunctionContext.return_value],
 * [method@Tq.QueryFunctionContext.return_json] or
 * [method@Tq.QueryFunctionContext.return_error], either before it returns
 * or later from a callback. A result given before the function returns is
 * applied on a later main-loop iteration, as a JavaScript promise's would
 * be: a value on the next one, an error on the one after. Completing
 * without a value is an error (`TQ_ERROR_UNDEFINED_DATA`, rule 47);
 * completing twice is a programming error, reported with a critical. A
 * result that arrives after the fetch was cancelled is dropped.
 *
 * ```c
 * static void
 * fetch_todos (TqQueryFunctionContext *context,
 *              gpointer                user_data)
 * {
 *   g_autoptr(JsonNode) todos = json_from_string ("[{\"id\": 1}]", NULL);
 *
 *   tq_query_function_context_return_json (context, todos);
 * }
 * ```
 */

struct _TqQueryFunctionContext
{
  GObject              parent_instance;

  TqQuery             *query;
  GMainContext        *main_context;
  GCancellable        *cancellable;
  GValue               page_param;
  TqFetchDirection     direction;

  TqQueryFunctionDone  done;
  gpointer             user_data;
  GDestroyNotify       destroy;

  GValue               value;
  GError              *error;

  guint                in_call : 1;
  guint                returned : 1;
  guint                delivered : 1;
  guint                cancellable_taken : 1;
};

G_DEFINE_FINAL_TYPE (TqQueryFunctionContext, tq_query_function_context, G_TYPE_OBJECT)

static void
release_target (TqQueryFunctionContext *self)
{
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->destroy = NULL;
  self->user_data = NULL;
  self->done = NULL;
}

static void
tq_query_function_context_finalize (GObject *object)
{
  TqQueryFunctionContext *self = (TqQueryFunctionContext *)object;

  release_target (self);
  g_clear_object (&self->query);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  if (G_IS_VALUE (&self->page_param))
    g_value_unset (&self->page_param);
  if (G_IS_VALUE (&self->value))
    g_value_unset (&self->value);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (tq_query_function_context_parent_class)->finalize (object);
}

static void
tq_query_function_context_class_init (TqQueryFunctionContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tq_query_function_context_finalize;
}

static void
tq_query_function_context_init (TqQueryFunctionContext *self)
{
}

TqQueryFunctionContext *
_tq_query_function_context_new (TqQuery             *query,
                                GMainContext        *main_context,
                                GCancellable        *cancellable,
                                TqQueryFunctionDone  done,
                                gpointer             user_data,
                                GDestroyNotify       destroy)
{
  TqQueryFunctionContext *self = g_object_new (TQ_TYPE_QUERY_FUNCTION_CONTEXT, NULL);

  self->query = g_object_ref (query);
  self->main_context = g_main_context_ref (main_context);
  self->cancellable = g_object_ref (cancellable);
  self->done = done;
  self->user_data = user_data;
  self->destroy = destroy;

  return self;
}

void
_tq_query_function_context_set_page (TqQueryFunctionContext *self,
                                     const GValue           *page_param,
                                     TqFetchDirection        direction)
{
  if (G_IS_VALUE (&self->page_param))
    g_value_unset (&self->page_param);
  _tq_value_copy_shared (page_param, &self->page_param);
  self->direction = direction;
}

/* Drops the receiver: a result that still comes goes nowhere. */
void
_tq_query_function_context_abandon (TqQueryFunctionContext *self)
{
  release_target (self);
}

gboolean
_tq_query_function_context_took_cancellable (TqQueryFunctionContext *self)
{
  return self->cancellable_taken;
}

static void
deliver (TqQueryFunctionContext *self)
{
  TqQueryFunctionDone done = self->done;

  if (self->delivered)
    return;
  self->delivered = TRUE;

  if (done != NULL)
    done (self, &self->value, self->error, self->user_data);
  release_target (self);
}

static gboolean
deliver_idle (gpointer user_data)
{
  deliver (user_data);
  return G_SOURCE_REMOVE;
}

static void
deliver_later (TqQueryFunctionContext *self,
               GSourceFunc             func)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, func, g_object_ref (self), g_object_unref);
  g_source_set_static_name (source, "[tq] query function result");
  g_source_attach (source, self->main_context);
  g_source_unref (source);
}

/* A rejection passes through the `.then (resolve)` of TanStack's retryer
 * before its `.catch` sees it: one turn more than a value.
 */
static gboolean
deliver_error_idle (gpointer user_data)
{
  deliver_later (user_data, deliver_idle);
  return G_SOURCE_REMOVE;
}

void
_tq_query_function_context_invoke (TqQueryFunctionContext *self,
                                   TqCallback             *query_fn)
{
  g_object_ref (self);

  self->in_call = TRUE;
  ((TqQueryFunc) query_fn->func) (self, query_fn->data);
  self->in_call = FALSE;

  /* A result given during the call lands on a later iteration, as a
   * settled promise's would.
   */
  if (self->returned && !self->delivered)
    deliver_later (self, self->error != NULL ? deliver_error_idle : deliver_idle);

  g_object_unref (self);
}

static gboolean
begin_return (TqQueryFunctionContext *self,
              const char             *func)
{
  if (self->returned)
    {
      g_critical ("%s: the query function of %s completed twice",
                  func, self->query ? _tq_query_get_hash (self->query) : "?");
      return FALSE;
    }

  self->returned = TRUE;
  return TRUE;
}

static void
finish_return (TqQueryFunctionContext *self)
{
  if (!self->in_call)
    deliver (self);
}

/**
 * tq_query_function_context_get_query_key:
 * @self: a context
 *
 * Gets the key of the query being fetched.
 *
 * Returns: (transfer none): the key
 */
GVariant *
tq_query_function_context_get_query_key (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), NULL);

  return _tq_query_get_key (self->query);
}

/**
 * tq_query_function_context_get_query_hash:
 * @self: a context
 *
 * Gets the hash of the query's key (see [func@Tq.key_hash]).
 *
 * Returns: the hash
 */
const char *
tq_query_function_context_get_query_hash (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), NULL);

  return _tq_query_get_hash (self->query);
}

/**
 * tq_query_function_context_get_meta:
 * @self: a context
 *
 * Gets the query's [property@Tq.QueryOptions:meta].
 *
 * Returns: (transfer none) (nullable): the meta
 */
GVariant *
tq_query_function_context_get_meta (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), NULL);

  return tq_query_options_get_meta (_tq_query_get_options (self->query));
}

/**
 * tq_query_function_context_get_page_param:
 * @self: a context
 *
 * Gets the page parameter of an infinite query's page fetch (TanStack's
 * `pageParam`); an unset value for other queries.
 *
 * Returns: (transfer none): the page parameter
 */
const GValue *
tq_query_function_context_get_page_param (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), NULL);

  return &self->page_param;
}

/**
 * tq_query_function_context_get_direction:
 * @self: a context
 *
 * Gets which way an infinite query fetches.
 *
 * Returns: the direction
 */
TqFetchDirection
tq_query_function_context_get_direction (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), TQ_FETCH_DIRECTION_NONE);

  return self->direction;
}

/**
 * tq_query_function_context_get_query:
 * @self: a context
 *
 * Gets the query being fetched.
 *
 * Returns: (transfer none): the query
 */
TqQuery *
tq_query_function_context_get_query (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), NULL);

  return self->query;
}

/**
 * tq_query_function_context_get_cancellable:
 * @self: a context
 *
 * Gets the cancellable that is cancelled when the fetch is (TanStack's
 * `signal`), and records that the query function took it (rule 33).
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
tq_query_function_context_get_cancellable (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), NULL);

  if (!self->cancellable_taken)
    {
      self->cancellable_taken = TRUE;
      _tq_query_set_abort_signal_consumed (self->query);
    }

  return self->cancellable;
}

/**
 * tq_query_function_context_is_cancelled:
 * @self: a context
 *
 * Tells whether the fetch was cancelled. Like reading the cancellable, this
 * counts as taking it.
 *
 * Returns: %TRUE if cancelled
 */
gboolean
tq_query_function_context_is_cancelled (TqQueryFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self), FALSE);

  return g_cancellable_is_cancelled (tq_query_function_context_get_cancellable (self));
}

/**
 * tq_query_function_context_return_value:
 * @self: a context
 * @value: (nullable): the data; %NULL or an unset value is no data, which
 *   fails the fetch with %TQ_ERROR_UNDEFINED_DATA
 *
 * Completes the query function with data (a copy of @value).
 */
void
tq_query_function_context_return_value (TqQueryFunctionContext *self,
                                        const GValue           *value)
{
  g_return_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self));

  if (!begin_return (self, G_STRFUNC))
    return;

  _tq_value_copy_shared (value, &self->value);

  finish_return (self);
}

/**
 * tq_query_function_context_return_json:
 * @self: a context
 * @node: (nullable): the data; %NULL is no data (use a JSON `null` node for
 *   null)
 *
 * Completes the query function with JSON data. The node is sealed
 * (json_node_seal()), since the cache shares it from then on.
 */
void
tq_query_function_context_return_json (TqQueryFunctionContext *self,
                                       JsonNode               *node)
{
  g_return_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self));

  if (!begin_return (self, G_STRFUNC))
    return;

  if (node != NULL)
    {
      json_node_seal (node);
      g_value_init (&self->value, JSON_TYPE_NODE);
      g_value_take_boxed (&self->value, json_node_ref (node));
    }

  finish_return (self);
}

/**
 * tq_query_function_context_return_error:
 * @self: a context
 * @error: (transfer full): the error
 *
 * Completes the query function with an error, which the query retries or
 * reports as its `error`.
 */
void
tq_query_function_context_return_error (TqQueryFunctionContext *self,
                                        GError                 *error)
{
  g_return_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self));
  g_return_if_fail (error != NULL);

  if (!begin_return (self, G_STRFUNC))
    {
      g_error_free (error);
      return;
    }

  self->error = error;
  finish_return (self);
}

/**
 * tq_query_function_context_return_new_error:
 * @self: a context
 * @domain: the error domain
 * @code: the error code
 * @format: a printf() format for the message
 * @...: the format's arguments
 *
 * Completes the query function with a new error.
 */
void
tq_query_function_context_return_new_error (TqQueryFunctionContext *self,
                                            GQuark                  domain,
                                            int                     code,
                                            const char             *format,
                                            ...)
{
  va_list args;
  GError *error;

  g_return_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);

  tq_query_function_context_return_error (self, error);
}
