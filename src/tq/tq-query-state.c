/* tq-query-state.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-query-state-private.h"
#include "tq-value-private.h"

/**
 * TqQueryState:
 *
 * A snapshot of a query's state: TanStack's `QueryState` (section 1.3 of
 * `tanstack-query-core.md`). A state never changes once made; each action
 * on a query makes a new one, which [method@Tq.Query.get_state] and
 * [method@Tq.QueryClient.get_query_state] return.
 *
 * Times are milliseconds since the epoch on the client's clock, 0 for
 * "never".
 */

G_DEFINE_BOXED_TYPE (TqQueryState, tq_query_state, tq_query_state_ref, tq_query_state_unref)

TqQueryState *
_tq_query_state_new (void)
{
  TqQueryState *self = g_new0 (TqQueryState, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = TQ_QUERY_STATUS_PENDING;
  self->fetch_status = TQ_FETCH_STATUS_IDLE;

  return self;
}

TqQueryState *
_tq_query_state_copy (const TqQueryState *self)
{
  TqQueryState *copy = g_new (TqQueryState, 1);

  *copy = *self;
  g_atomic_ref_count_init (&copy->ref_count);
  copy->data = (GValue) G_VALUE_INIT;
  _tq_value_copy_shared (&self->data, &copy->data);
  copy->base = NULL;
  if (self->base != NULL)
    {
      copy->base = g_new0 (GValue, 1);
      _tq_value_copy_shared (self->base, copy->base);
    }
  copy->error = self->error ? g_error_copy (self->error) : NULL;
  copy->fetch_failure_reason = self->fetch_failure_reason ? g_error_copy (self->fetch_failure_reason) : NULL;

  return copy;
}

void
_tq_query_state_set_data (TqQueryState *self,
                          const GValue *data)
{
  _tq_value_reset (&self->data);
  _tq_value_copy_shared (data, &self->data);
}

/* Takes @data's content, leaving @data unset. */
void
_tq_query_state_take_data (TqQueryState *self,
                           GValue       *data)
{
  if (G_IS_VALUE (&self->data))
    g_value_unset (&self->data);
  self->data = *data;
  *data = (GValue) G_VALUE_INIT;
}

void
_tq_query_state_take_base (TqQueryState *self,
                           GValue       *base)
{
  g_assert (G_IS_VALUE (base));

  if (self->base == NULL)
    self->base = g_new0 (GValue, 1);
  else
    _tq_value_reset (self->base);
  *self->base = *base;
  *base = (GValue) G_VALUE_INIT;
}

void
_tq_query_state_clear_base (TqQueryState *self)
{
  if (self->base == NULL)
    return;

  _tq_value_reset (self->base);
  g_clear_pointer (&self->base, g_free);
}

void
_tq_query_state_set_error (GError      **field,
                           const GError *error)
{
  g_clear_error (field);
  if (error != NULL)
    *field = g_error_copy (error);
}

/**
 * tq_query_state_ref:
 * @self: a state
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
TqQueryState *
tq_query_state_ref (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * tq_query_state_unref:
 * @self: (transfer full): a state
 *
 * Drops a reference.
 */
void
tq_query_state_unref (TqQueryState *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      _tq_value_reset (&self->data);
      _tq_query_state_clear_base (self);
      g_clear_error (&self->error);
      g_clear_error (&self->fetch_failure_reason);
      g_free (self);
    }
}

/**
 * tq_query_state_get_data:
 * @self: a state
 *
 * Gets the data: an unset value when there is none (which is not the same
 * as JSON `null`).
 *
 * Returns: (transfer none): the data
 */
const GValue *
tq_query_state_get_data (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return &self->data;
}

/**
 * tq_query_state_has_data:
 * @self: a state
 *
 * Tells whether the query holds data.
 *
 * Returns: %TRUE if there is data
 */
gboolean
tq_query_state_has_data (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return _tq_query_state_has_data (self);
}

/**
 * tq_query_state_get_data_update_count:
 * @self: a state
 *
 * Gets how many times data was stored (fetched or set by hand); initial data
 * does not count.
 *
 * Returns: the count
 */
guint
tq_query_state_get_data_update_count (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->data_update_count;
}

/**
 * tq_query_state_get_data_updated_at:
 * @self: a state
 *
 * Gets when the data was stored.
 *
 * Returns: milliseconds since the epoch, 0 if never
 */
gint64
tq_query_state_get_data_updated_at (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->data_updated_at;
}

/**
 * tq_query_state_get_error:
 * @self: a state
 *
 * Gets the error of the last failed fetch, cleared by the next success.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
tq_query_state_get_error (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->error;
}

/**
 * tq_query_state_get_error_update_count:
 * @self: a state
 *
 * Gets how many fetches failed for good.
 *
 * Returns: the count
 */
guint
tq_query_state_get_error_update_count (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_update_count;
}

/**
 * tq_query_state_get_error_updated_at:
 * @self: a state
 *
 * Gets when the last fetch failed.
 *
 * Returns: milliseconds since the epoch, 0 if never
 */
gint64
tq_query_state_get_error_updated_at (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->error_updated_at;
}

/**
 * tq_query_state_get_fetch_failure_count:
 * @self: a state
 *
 * Gets how many attempts of the current or last fetch failed (rule 24).
 *
 * Returns: the count
 */
guint
tq_query_state_get_fetch_failure_count (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->fetch_failure_count;
}

/**
 * tq_query_state_get_fetch_failure_reason:
 * @self: a state
 *
 * Gets the error of the last failed attempt.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
tq_query_state_get_fetch_failure_reason (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->fetch_failure_reason;
}

/**
 * tq_query_state_get_fetch_meta:
 * @self: a state
 *
 * Gets which way an infinite query is fetching.
 *
 * Returns: the direction
 */
TqFetchDirection
tq_query_state_get_fetch_meta (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, TQ_FETCH_DIRECTION_NONE);

  return self->fetch_meta;
}

/**
 * tq_query_state_get_is_invalidated:
 * @self: a state
 *
 * Tells whether the query was invalidated (or its last fetch failed) since
 * its data was stored (rule 16).
 *
 * Returns: whether invalidated
 */
gboolean
tq_query_state_get_is_invalidated (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->is_invalidated;
}

/**
 * tq_query_state_get_status:
 * @self: a state
 *
 * Gets the status.
 *
 * Returns: the status
 */
TqQueryStatus
tq_query_state_get_status (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, TQ_QUERY_STATUS_PENDING);

  return self->status;
}

/**
 * tq_query_state_get_fetch_status:
 * @self: a state
 *
 * Gets the fetch status.
 *
 * Returns: the fetch status
 */
TqFetchStatus
tq_query_state_get_fetch_status (TqQueryState *self)
{
  g_return_val_if_fail (self != NULL, TQ_FETCH_STATUS_IDLE);

  return self->fetch_status;
}
