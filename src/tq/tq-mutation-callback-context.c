/* tq-mutation-callback-context.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-mutation-callback-context-private.h"
#include "tq-mutation.h"
#include "tq-value-private.h"

/**
 * TqMutationCallbackContext:
 *
 * What an asynchronous lifecycle callback of a mutation receives, and how
 * it completes: the arguments of TanStack's `onMutate`, `onSuccess`,
 * `onError` and `onSettled` together with the promise such a callback may
 * return.
 *
 * A mutation awaits each of its callbacks (rule 49): it stays pending, and
 * its next step (the mutation function after `on-mutate`, the next callback
 * after the others) waits until the callback completes. Set one with
 * [method@Tq.MutationOptions.set_on_mutate_async_func] and its siblings, or
 * [method@Tq.MutationCache.set_on_mutate_async_func] for the global ones.
 * A typical `on-mutate` cancels the queries it is about to change and
 * completes, with the snapshot to roll back to, once they settled:
 *
 * ```c
 * static void
 * on_cancelled (GObject      *source,
 *               GAsyncResult *result,
 *               gpointer      user_data)
 * {
 *   g_autoptr(TqMutationCallbackContext) context = user_data;
 *   g_auto(GValue) snapshot = G_VALUE_INIT;
 *
 *   tq_query_client_cancel_queries_finish (TQ_QUERY_CLIENT (source), result, NULL);
 *   tq_query_client_get_query_data (TQ_QUERY_CLIENT (source), todos_key, &snapshot);
 *   tq_query_client_set_query_data_func (TQ_QUERY_CLIENT (source), todos_key, add_todo,
 *                                        (gpointer) tq_mutation_callback_context_get_variables (context), 0);
 *   tq_mutation_callback_context_return_value (context, &snapshot);
 * }
 *
 * static void
 * on_mutate (TqMutationCallbackContext *context,
 *            gpointer                   user_data)
 * {
 *   tq_query_client_cancel_queries_async (client, todos_filters, TRUE, FALSE, NULL,
 *                                         on_cancelled, g_object_ref (context));
 * }
 * ```
 *
 * Completing with an error has the effect of a callback that throws: on the
 * success path (`on-mutate`, `on-success`, `on-settled`) the mutation takes
 * the error path with it; on the error path it is logged at debug level and
 * ignored (rule 50). Completing twice is a programming error, reported with
 * a critical.
 */

struct _TqMutationCallbackContext
{
  GObject                 parent_instance;

  TqMutation             *mutation;
  char                   *what;
  GValue                  variables;
  GValue                  data;
  GError                 *mutation_error;
  GValue                  on_mutate_result;

  TqMutationCallbackDone  done;
  gpointer                user_data;
  GDestroyNotify          destroy;

  GValue                  value;
  GError                 *error;

  guint                   in_call : 1;
  guint                   returned : 1;
  guint                   delivered : 1;
};

G_DEFINE_FINAL_TYPE (TqMutationCallbackContext, tq_mutation_callback_context, G_TYPE_OBJECT)

static void
release_target (TqMutationCallbackContext *self)
{
  if (self->destroy != NULL)
    self->destroy (self->user_data);
  self->destroy = NULL;
  self->user_data = NULL;
  self->done = NULL;
}

static void
tq_mutation_callback_context_finalize (GObject *object)
{
  TqMutationCallbackContext *self = (TqMutationCallbackContext *)object;

  release_target (self);
  g_clear_object (&self->mutation);
  g_clear_pointer (&self->what, g_free);
  _tq_value_reset (&self->variables);
  _tq_value_reset (&self->data);
  g_clear_error (&self->mutation_error);
  _tq_value_reset (&self->on_mutate_result);
  _tq_value_reset (&self->value);
  g_clear_error (&self->error);

  G_OBJECT_CLASS (tq_mutation_callback_context_parent_class)->finalize (object);
}

static void
tq_mutation_callback_context_class_init (TqMutationCallbackContextClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tq_mutation_callback_context_finalize;
}

static void
tq_mutation_callback_context_init (TqMutationCallbackContext *self)
{
}

TqMutationCallbackContext *
_tq_mutation_callback_context_new (TqMutation             *mutation,
                                   const char             *what,
                                   const GValue           *variables,
                                   const GValue           *data,
                                   const GError           *error,
                                   const GValue           *on_mutate_result,
                                   TqMutationCallbackDone  done,
                                   gpointer                user_data,
                                   GDestroyNotify          destroy)
{
  TqMutationCallbackContext *self = g_object_new (TQ_TYPE_MUTATION_CALLBACK_CONTEXT, NULL);

  self->mutation = g_object_ref (mutation);
  self->what = g_strdup (what);
  _tq_value_copy_shared (variables, &self->variables);
  _tq_value_copy_shared (data, &self->data);
  self->mutation_error = error ? g_error_copy (error) : NULL;
  _tq_value_copy_shared (on_mutate_result, &self->on_mutate_result);
  self->done = done;
  self->user_data = user_data;
  self->destroy = destroy;

  return self;
}

static void
deliver (TqMutationCallbackContext *self)
{
  TqMutationCallbackDone done = self->done;

  if (self->delivered)
    return;
  self->delivered = TRUE;

  if (done != NULL)
    done (self, &self->value, self->error, self->user_data);
  release_target (self);
}

void
_tq_mutation_callback_context_invoke (TqMutationCallbackContext *self,
                                      TqCallback                *func)
{
  g_object_ref (self);

  self->in_call = TRUE;
  ((TqMutationCallbackFunc) func->func) (self, func->data);
  self->in_call = FALSE;

  /* The mutation continues on a later iteration anyway (it awaits the
   * callback), so a callback that completed during the call is told now.
   */
  if (self->returned)
    deliver (self);

  g_object_unref (self);
}

static gboolean
begin_return (TqMutationCallbackContext *self,
              const char                *func)
{
  if (self->returned)
    {
      g_critical ("%s: the %s callback of mutation %u completed twice",
                  func, self->what, tq_mutation_get_mutation_id (self->mutation));
      return FALSE;
    }

  self->returned = TRUE;
  return TRUE;
}

static void
finish_return (TqMutationCallbackContext *self)
{
  if (!self->in_call)
    deliver (self);
}

/**
 * tq_mutation_callback_context_get_mutation:
 * @self: a context
 *
 * Gets the mutation whose callback this is.
 *
 * Returns: (transfer none): the mutation
 */
TqMutation *
tq_mutation_callback_context_get_mutation (TqMutationCallbackContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self), NULL);

  return self->mutation;
}

/**
 * tq_mutation_callback_context_get_variables:
 * @self: a context
 *
 * Gets the variables the mutation was called with.
 *
 * Returns: (transfer none) (nullable): the variables, or %NULL for none
 */
const GValue *
tq_mutation_callback_context_get_variables (TqMutationCallbackContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self), NULL);

  return G_IS_VALUE (&self->variables) ? &self->variables : NULL;
}

/**
 * tq_mutation_callback_context_get_data:
 * @self: a context
 *
 * Gets what the mutation function returned, for `on-success` and for
 * `on-settled` after a success.
 *
 * Returns: (transfer none) (nullable): the data, or %NULL for none
 */
const GValue *
tq_mutation_callback_context_get_data (TqMutationCallbackContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self), NULL);

  return G_IS_VALUE (&self->data) ? &self->data : NULL;
}

/**
 * tq_mutation_callback_context_get_error:
 * @self: a context
 *
 * Gets why the mutation failed, for `on-error` and for `on-settled` after
 * a failure.
 *
 * Returns: (transfer none) (nullable): the error, or %NULL on success
 */
const GError *
tq_mutation_callback_context_get_error (TqMutationCallbackContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self), NULL);

  return self->mutation_error;
}

/**
 * tq_mutation_callback_context_get_on_mutate_result:
 * @self: a context
 *
 * Gets what `on-mutate` returned (the mutation's
 * [method@Tq.MutationState.get_context], TanStack's `onMutateResult`), for
 * the callbacks after it.
 *
 * Returns: (transfer none) (nullable): the result, or %NULL for none
 */
const GValue *
tq_mutation_callback_context_get_on_mutate_result (TqMutationCallbackContext *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self), NULL);

  return G_IS_VALUE (&self->on_mutate_result) ? &self->on_mutate_result : NULL;
}

/**
 * tq_mutation_callback_context_return_value:
 * @self: a context
 * @value: (nullable): for `on-mutate`, the context the later callbacks
 *   receive (a copy); ignored for the other callbacks; %NULL for none
 *
 * Completes the callback: the mutation goes on.
 */
void
tq_mutation_callback_context_return_value (TqMutationCallbackContext *self,
                                           const GValue              *value)
{
  g_return_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self));

  if (!begin_return (self, G_STRFUNC))
    return;

  _tq_value_copy_shared (value, &self->value);
  finish_return (self);
}

/**
 * tq_mutation_callback_context_return_error:
 * @self: a context
 * @error: (transfer full): the error
 *
 * Completes the callback with a failure: on the success path the mutation
 * fails with @error; on the error path @error is logged at debug level and
 * ignored (rule 50).
 */
void
tq_mutation_callback_context_return_error (TqMutationCallbackContext *self,
                                           GError                    *error)
{
  g_return_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self));
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
 * tq_mutation_callback_context_return_new_error:
 * @self: a context
 * @domain: the error domain
 * @code: the error code
 * @format: a printf() format for the message
 * @...: the format's arguments
 *
 * Completes the callback with a new error; see
 * [method@Tq.MutationCallbackContext.return_error].
 */
void
tq_mutation_callback_context_return_new_error (TqMutationCallbackContext *self,
                                               GQuark                     domain,
                                               int                        code,
                                               const char                *format,
                                               ...)
{
  va_list args;
  GError *error;

  g_return_if_fail (TQ_IS_MUTATION_CALLBACK_CONTEXT (self));
  g_return_if_fail (format != NULL);

  va_start (args, format);
  error = g_error_new_valist (domain, code, format, args);
  va_end (args);

  tq_mutation_callback_context_return_error (self, error);
}
