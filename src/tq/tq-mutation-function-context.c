/* tq-mutation-function-context.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-mutation-function-context-private.h"
#include "tq-mutation-options.h"
#include "tq-mutation-private.h"
#include "tq-value-private.h"

/**
 * TqMutationFunctionContext:
 *
 * What a [callback@Tq.MutationFunc] receives, and how it completes:
 * TanStack's `mutationFn (variables, context)` arguments together with the
 * promise the function returns.
 *
 * The context carries the variables, the mutation's key and meta, the
 * client, and a [class@Gio.Cancellable] to pass to the GIO calls the
 * function makes; it is cancelled only when the client that runs the
 * mutation goes away (TanStack never cancels a mutation).
 *
 * The function completes exactly once, with
 * [method@Tq.MutationFunctionContext.return_value],
 * [method@Tq.MutationFunctionContext.return_json] or
 * [method@Tq.MutationFunctionContext.return_error], either before it returns
 * or later from a callback. A result given before the function returns is
 * applied on the next main-loop iteration, as a JavaScript promise's would
 * be. A mutation may complete without a value. Completing twice is a
 * programming error, reported with a critical.
 *
 * ```c
 * static void
 * add_todo (TqMutationFunctionContext *context,
 *           gpointer                   user_data)
 * {
 *   JsonNode *todo = tq_mutation_function_context_get_variables_json (context);
 *
 *   // POST it, then complete from the request's callback:
 *   tq_mutation_function_context_return_json (context, todo);
 * }
 * ```
 */

struct _TqMutationFunctionContext
{
  GObject                 parent_instance;

  TqMutation             *mutation;
  GMainContext           *main_context;
  GCancellable           *cancellable;
  GValue                  variables;

  TqMutationFunctionDone  done;
  gpointer                user_data;
  GDestroyNotify          destroy;

  GValue                  value;
  GError                 *error;

  guint                   in_call : 1;
  guint                   returned : 1;
  guint                   delivered : 1;
};

G_DEFINE_FINAL_TYPE (TqMutationFunctionContext, tq_mutation_function_context, G_TYPE_OBJECT)

static void
release_target (TqMutationFunctionContext *self)
{
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->destroy = NULL;
  self->user_data = NULL;
  self->done = NULL;
}

static void
tq_mutation_function_context_finalize (GObject *object)
{
  TqMutationFunctionContext *self = (TqMutationFunctionContext *)object;

  release_target (self);
  g_clear_object (&self->mutation);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->main_context, g_main_context_unref);
  _tq_value_reset (&self->variables);
  _tq_value_reset (&self->value);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (tq_mutation_function_context_parent_class)->finalize (object);
}

static void
tq_mutation_function_context_class_init (TqMutationFunctionContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tq_mutation_function_context_finalize;
}

static void
tq_mutation_function_context_init (TqMutationFunctionContext *self)
{
}

TqMutationFunctionContext *
_tq_mutation_function_context_new (TqMutation             *mutation,
                                   GMainContext           *main_context,
                                   GCancellable           *cancellable,
                                   const GValue           *variables,
                                   TqMutationFunctionDone  done,
                                   gpointer                user_data,
                                   GDestroyNotify          destroy)
{
  TqMutationFunctionContext *self = g_object_new (TQ_TYPE_MUTATION_FUNCTION_CONTEXT, NULL);

  self->mutation = g_object_ref (mutation);
  self->main_context = g_main_context_ref (main_context);
  self->cancellable = g_object_ref (cancellable);
  _tq_value_copy_shared (variables, &self->variables);
  self->done = done;
  self->user_data = user_data;
  self->destroy = destroy;

  return self;
}

static void
deliver (TqMutationFunctionContext *self)
{
  TqMutationFunctionDone done = self->done;

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

void
_tq_mutation_function_context_invoke (TqMutationFunctionContext *self,
                                      TqCallback                *mutation_fn)
{
  g_object_ref (self);

  self->in_call = TRUE;
  ((TqMutationFunc) mutation_fn->func) (self, mutation_fn->data);
  self->in_call = FALSE;

  /* A result given during the call lands on the next iteration, as a
   * resolved promise's would.
   */
  if (self->returned && !self->delivered)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_idle, g_object_ref (self), g_object_unref);
      g_source_set_static_name (source, "[tq] mutation function result");
      g_source_attach (source, self->main_context);
      g_source_unref (source);
    }

  g_object_unref (self);
}

static gboolean
begin_return (TqMutationFunctionContext *self,
              const char                *func)
{
  if (self->returned)
    {
      g_critical ("%s: the mutation function of mutation %u completed twice",
                  func, self->mutation ? tq_mutation_get_mutation_id (self->mutation) : 0);
      return FALSE;
    }

  self->returned = TRUE;
  return TRUE;
}

static void
finish_return (TqMutationFunctionContext *self)
{
  if (!self->in_call)
    deliver (self);
}

/**
 * tq_mutation_function_context_get_variables:
 * @self: a context
 *
 * Gets the variables the mutation was called with.
 *
 * Returns: (transfer none) (nullable): the variables, or %NULL for none
 */
const GValue *
tq_mutation_function_context_get_variables (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  return _tq_value_or_null (&self->variables);
}

/**
 * tq_mutation_function_context_get_variables_json:
 * @self: a context
 *
 * Gets JSON variables.
 *
 * Returns: (transfer none) (nullable): the variables, or %NULL if there are
 *   none or they are not JSON
 */
JsonNode *
tq_mutation_function_context_get_variables_json (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  if (!G_VALUE_HOLDS (&self->variables, JSON_TYPE_NODE))
    return NULL;

  return g_value_get_boxed (&self->variables);
}

/**
 * tq_mutation_function_context_get_mutation_key:
 * @self: a context
 *
 * Gets the mutation's [property@Tq.MutationOptions:mutation-key].
 *
 * Returns: (transfer none) (nullable): the key
 */
GVariant *
tq_mutation_function_context_get_mutation_key (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  return _tq_mutation_get_key (self->mutation);
}

/**
 * tq_mutation_function_context_get_meta:
 * @self: a context
 *
 * Gets the mutation's [property@Tq.MutationOptions:meta].
 *
 * Returns: (transfer none) (nullable): the meta
 */
GVariant *
tq_mutation_function_context_get_meta (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  return tq_mutation_options_get_meta (tq_mutation_get_options (self->mutation));
}

/**
 * tq_mutation_function_context_get_mutation:
 * @self: a context
 *
 * Gets the mutation being run.
 *
 * Returns: (transfer none): the mutation
 */
TqMutation *
tq_mutation_function_context_get_mutation (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  return self->mutation;
}

/**
 * tq_mutation_function_context_get_client:
 * @self: a context
 *
 * Gets the client that runs the mutation (TanStack's `context.client`).
 *
 * Returns: (transfer none) (nullable): the client, or %NULL if it is gone
 */
TqQueryClient *
tq_mutation_function_context_get_client (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  return tq_mutation_get_client (self->mutation);
}

/**
 * tq_mutation_function_context_get_cancellable:
 * @self: a context
 *
 * Gets the cancellable to pass to the GIO calls of the mutation function.
 * It is cancelled if the client goes away while the mutation runs.
 *
 * Returns: (transfer none): the cancellable
 */
GCancellable *
tq_mutation_function_context_get_cancellable (TqMutationFunctionContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self), NULL);

  return self->cancellable;
}

/**
 * tq_mutation_function_context_return_value:
 * @self: a context
 * @value: (nullable): the result; %NULL or an unset value for none
 *
 * Completes the mutation function with a result (a copy of @value).
 */
void
tq_mutation_function_context_return_value (TqMutationFunctionContext *self,
                                           const GValue              *value)
{
  g_return_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self));

  if (!begin_return (self, G_STRFUNC))
    return;

  _tq_value_copy_shared (value, &self->value);
  finish_return (self);
}

/**
 * tq_mutation_function_context_return_json:
 * @self: a context
 * @node: (nullable): the result; %NULL for none (use a JSON `null` node for
 *   null)
 *
 * Completes the mutation function with a JSON result. The node is sealed
 * (json_node_seal()), since the mutation shares it from then on.
 */
void
tq_mutation_function_context_return_json (TqMutationFunctionContext *self,
                                          JsonNode                  *node)
{
  g_return_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self));

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
 * tq_mutation_function_context_return_error:
 * @self: a context
 * @error: (transfer full): the error
 *
 * Completes the mutation function with an error, which the mutation
 * retries (if its `retry` says so) or ends with.
 */
void
tq_mutation_function_context_return_error (TqMutationFunctionContext *self,
                                           GError                    *error)
{
  g_return_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self));
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
 * tq_mutation_function_context_return_new_error:
 * @self: a context
 * @domain: the error domain
 * @code: the error code
 * @format: a printf() format for the message
 * @...: the format's arguments
 *
 * Completes the mutation function with a new error.
 */
void
tq_mutation_function_context_return_new_error (TqMutationFunctionContext *self,
                                               GQuark                     domain,
                                               int                        code,
                                               const char                *format,
                                               ...)
{
  va_list args;
  GError *error;

  g_return_if_fail (TQ_IS_MUTATION_FUNCTION_CONTEXT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);

  tq_mutation_function_context_return_error (self, error);
}
