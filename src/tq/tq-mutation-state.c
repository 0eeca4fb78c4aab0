/* tq-mutation-state.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-mutation-state-private.h"
#include "tq-value-private.h"

/**
 * TqMutationState:
 *
 * A snapshot of a mutation's state: TanStack's `MutationState` (section 1.6
 * of `tanstack-query-core.md`). A state never changes once made; each
 * action of a [class@Tq.Mutation] makes a new one.
 *
 * It is also what a [class@Tq.MutationObserver] shows: its result
 * properties are this state's fields, with `is-idle`, `is-pending`,
 * `is-success` and `is-error` derived from the status.
 *
 * Values that are absent (no variables, no data, no context) are %NULL,
 * which differs from a JSON `null` node. Times are milliseconds since
 * the epoch on the client's clock, 0 for "never".
 */

G_DEFINE_BOXED_TYPE (TqMutationState, tq_mutation_state, tq_mutation_state_ref, tq_mutation_state_unref)

/**
 * tq_mutation_state_new:
 *
 * Creates the state of a mutation that has not run: TanStack's
 * `getDefaultState()`, status %TQ_MUTATION_STATUS_IDLE and nothing else.
 *
 * Returns: (transfer full): a new state
 */
TqMutationState *
tq_mutation_state_new (void)
{
  TqMutationState *self = g_new0 (TqMutationState, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = TQ_MUTATION_STATUS_IDLE;

  return self;
}

TqMutationState *
_tq_mutation_state_copy (const TqMutationState *self)
{
  TqMutationState *copy = g_new (TqMutationState, 1);

  *copy = *self;
  g_atomic_ref_count_init (&copy->ref_count);
  copy->context = (GValue) G_VALUE_INIT;
  copy->data = (GValue) G_VALUE_INIT;
  copy->variables = (GValue) G_VALUE_INIT;
  _tq_value_copy_shared (&self->context, &copy->context);
  _tq_value_copy_shared (&self->data, &copy->data);
  _tq_value_copy_shared (&self->variables, &copy->variables);
  copy->error = self->error ? g_error_copy (self->error) : NULL;
  copy->failure_reason = self->failure_reason ? g_error_copy (self->failure_reason) : NULL;

  return copy;
}

void
_tq_mutation_state_set_value (GValue       *field,
                              const GValue *value)
{
  _tq_value_reset (field);
  _tq_value_copy_shared (value, field);
}

/**
 * tq_mutation_state_ref:
 * @self: a state
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
TqMutationState *
tq_mutation_state_ref (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * tq_mutation_state_unref:
 * @self: (transfer full): a state
 *
 * Drops a reference.
 */
void
tq_mutation_state_unref (TqMutationState *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      _tq_value_reset (&self->context);
      _tq_value_reset (&self->data);
      _tq_value_reset (&self->variables);
      g_clear_error (&self->error);
      g_clear_error (&self->failure_reason);
      g_free (self);
    }
}

/**
 * tq_mutation_state_get_context:
 * @self: a state
 *
 * Gets the context: what the `on-mutate` callback returned (TanStack's
 * `context`, also called `onMutateResult`), typically a snapshot to roll
 * back to. It reaches the `on-error` and `on-settled` callbacks.
 *
 * Returns: (transfer none) (nullable): the context, or %NULL if none
 */
const GValue *
tq_mutation_state_get_context (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _tq_value_or_null (&self->context);
}

/**
 * tq_mutation_state_get_data:
 * @self: a state
 *
 * Gets what the mutation function returned, once the mutation succeeded.
 *
 * Returns: (transfer none) (nullable): the data, or %NULL if none
 */
const GValue *
tq_mutation_state_get_data (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _tq_value_or_null (&self->data);
}

/**
 * tq_mutation_state_get_error:
 * @self: a state
 *
 * Gets why the mutation failed: the mutation function's error, or that of a
 * callback of the success path (rule 50).
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
tq_mutation_state_get_error (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * tq_mutation_state_get_failure_count:
 * @self: a state
 *
 * Gets how many attempts failed; on the final error it counts every attempt
 * (rule 24).
 *
 * Returns: the count
 */
guint
tq_mutation_state_get_failure_count (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->failure_count;
}

/**
 * tq_mutation_state_get_failure_reason:
 * @self: a state
 *
 * Gets the error of the last failed attempt.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
tq_mutation_state_get_failure_reason (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->failure_reason;
}

/**
 * tq_mutation_state_get_is_paused:
 * @self: a state
 *
 * Tells whether the mutation waits: for the network (network mode
 * `online`), for focus before a retry, or for its turn in its scope.
 *
 * Returns: whether paused
 */
gboolean
tq_mutation_state_get_is_paused (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_paused;
}

/**
 * tq_mutation_state_get_status:
 * @self: a state
 *
 * Gets the status.
 *
 * Returns: the status
 */
TqMutationStatus
tq_mutation_state_get_status (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, TQ_MUTATION_STATUS_IDLE);

  return self->status;
}

/**
 * tq_mutation_state_get_variables:
 * @self: a state
 *
 * Gets the variables the mutation was called with.
 *
 * Returns: (transfer none) (nullable): the variables, or %NULL if none
 */
const GValue *
tq_mutation_state_get_variables (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return _tq_value_or_null (&self->variables);
}

/**
 * tq_mutation_state_get_submitted_at:
 * @self: a state
 *
 * Gets when the mutation started.
 *
 * Returns: milliseconds since the epoch, 0 if it never ran
 */
gint64
tq_mutation_state_get_submitted_at (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->submitted_at;
}

/**
 * tq_mutation_state_is_idle:
 * @self: a state
 *
 * Tells whether the status is %TQ_MUTATION_STATUS_IDLE.
 *
 * Returns: whether idle
 */
gboolean
tq_mutation_state_is_idle (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return self->status == TQ_MUTATION_STATUS_IDLE;
}

/**
 * tq_mutation_state_is_pending:
 * @self: a state
 *
 * Tells whether the status is %TQ_MUTATION_STATUS_PENDING.
 *
 * Returns: whether pending
 */
gboolean
tq_mutation_state_is_pending (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->status == TQ_MUTATION_STATUS_PENDING;
}

/**
 * tq_mutation_state_is_success:
 * @self: a state
 *
 * Tells whether the status is %TQ_MUTATION_STATUS_SUCCESS.
 *
 * Returns: whether successful
 */
gboolean
tq_mutation_state_is_success (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->status == TQ_MUTATION_STATUS_SUCCESS;
}

/**
 * tq_mutation_state_is_error:
 * @self: a state
 *
 * Tells whether the status is %TQ_MUTATION_STATUS_ERROR.
 *
 * Returns: whether failed
 */
gboolean
tq_mutation_state_is_error (TqMutationState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->status == TQ_MUTATION_STATUS_ERROR;
}
