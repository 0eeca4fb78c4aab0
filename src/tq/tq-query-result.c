/* tq-query-result.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-query-result-private.h"
#include "tq-value-private.h"

/**
 * TqQueryResult:
 *
 * A snapshot of what a [class@Tq.QueryObserver] shows: TanStack's
 * `QueryObserverResult` (section 1.3 of `tanstack-query-core.md`). It
 * never changes; the observer makes a new one when something changed, and
 * passes it with [signal@Tq.QueryObserver::result-changed]. The observer's
 * own properties mirror its current result.
 */

G_DEFINE_BOXED_TYPE (TqQueryResult, tq_query_result, tq_query_result_ref, tq_query_result_unref)

/* Serials of results, for _tq_query_result_new() */
static gsize last_serial;

TqQueryResult *
_tq_query_result_new (void)
{
  TqQueryResult *self = g_new0 (TqQueryResult, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->serial = (guint64) g_atomic_pointer_add (&last_serial, 1) + 1;

  return self;
}

gboolean
_tq_query_result_equal (TqQueryResult *a,
                        TqQueryResult *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->status == b->status &&
         a->fetch_status == b->fetch_status &&
         a->data_updated_at == b->data_updated_at &&
         a->error_updated_at == b->error_updated_at &&
         a->error_update_count == b->error_update_count &&
         a->failure_count == b->failure_count &&
         a->is_placeholder_data == b->is_placeholder_data &&
         a->is_fetched == b->is_fetched &&
         a->is_fetched_after_mount == b->is_fetched_after_mount &&
         a->is_stale == b->is_stale &&
         a->is_enabled == b->is_enabled &&
         a->has_next_page == b->has_next_page &&
         a->has_previous_page == b->has_previous_page &&
         a->fetch_direction == b->fetch_direction &&
         a->error_serial == b->error_serial &&
         _tq_error_equal (a->error, b->error) &&
         _tq_error_equal (a->failure_reason, b->failure_reason) &&
         _tq_value_identical (&a->data, &b->data);
}

#define CHANGED(getter) (getter (a) != getter (b))

gboolean
_tq_query_result_property_changed (TqQueryResult *a,
                                   TqQueryResult *b,
                                   const char    *name)
{
  if (g_str_equal (name, "status"))
    return a->status != b->status;
  if (g_str_equal (name, "fetch-status"))
    return a->fetch_status != b->fetch_status;
  if (g_str_equal (name, "data"))
    return !_tq_value_identical (&a->data, &b->data);
  if (g_str_equal (name, "data-updated-at"))
    return a->data_updated_at != b->data_updated_at;
  if (g_str_equal (name, "error"))
    return a->error_serial != b->error_serial || !_tq_error_equal (a->error, b->error);
  if (g_str_equal (name, "error-updated-at"))
    return a->error_updated_at != b->error_updated_at;
  if (g_str_equal (name, "error-update-count"))
    return a->error_update_count != b->error_update_count;
  if (g_str_equal (name, "failure-count"))
    return a->failure_count != b->failure_count;
  if (g_str_equal (name, "failure-reason"))
    return !_tq_error_equal (a->failure_reason, b->failure_reason);
  if (g_str_equal (name, "is-pending"))
    return CHANGED (tq_query_result_is_pending);
  if (g_str_equal (name, "is-success"))
    return CHANGED (tq_query_result_is_success);
  if (g_str_equal (name, "is-error"))
    return CHANGED (tq_query_result_is_error);
  if (g_str_equal (name, "is-loading"))
    return CHANGED (tq_query_result_is_loading);
  if (g_str_equal (name, "is-fetching"))
    return CHANGED (tq_query_result_is_fetching);
  if (g_str_equal (name, "is-paused"))
    return CHANGED (tq_query_result_is_paused);
  if (g_str_equal (name, "is-refetching"))
    return CHANGED (tq_query_result_is_refetching);
  if (g_str_equal (name, "is-loading-error"))
    return CHANGED (tq_query_result_is_loading_error);
  if (g_str_equal (name, "is-refetch-error"))
    return CHANGED (tq_query_result_is_refetch_error);
  if (g_str_equal (name, "is-placeholder-data"))
    return a->is_placeholder_data != b->is_placeholder_data;
  if (g_str_equal (name, "is-fetched"))
    return a->is_fetched != b->is_fetched;
  if (g_str_equal (name, "is-fetched-after-mount"))
    return a->is_fetched_after_mount != b->is_fetched_after_mount;
  if (g_str_equal (name, "is-stale"))
    return a->is_stale != b->is_stale;
  if (g_str_equal (name, "is-enabled"))
    return a->is_enabled != b->is_enabled;
  if (g_str_equal (name, "has-next-page"))
    return a->has_next_page != b->has_next_page;
  if (g_str_equal (name, "has-previous-page"))
    return a->has_previous_page != b->has_previous_page;
  if (g_str_equal (name, "is-fetching-next-page"))
    return CHANGED (tq_query_result_is_fetching_next_page);
  if (g_str_equal (name, "is-fetching-previous-page"))
    return CHANGED (tq_query_result_is_fetching_previous_page);
  if (g_str_equal (name, "is-fetch-next-page-error"))
    return CHANGED (tq_query_result_is_fetch_next_page_error);
  if (g_str_equal (name, "is-fetch-previous-page-error"))
    return CHANGED (tq_query_result_is_fetch_previous_page_error);

  return FALSE;
}

#undef CHANGED

/**
 * tq_query_result_ref:
 * @self: a result
 *
 * Takes a reference.
 *
 * Returns: (transfer full): @self
 */
TqQueryResult *
tq_query_result_ref (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * tq_query_result_unref:
 * @self: (transfer full): a result
 *
 * Drops a reference.
 */
void
tq_query_result_unref (TqQueryResult *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_ref_count_dec (&self->ref_count))
    {
      _tq_value_reset (&self->data);
      g_clear_error (&self->error);
      g_clear_error (&self->failure_reason);
      g_free (self);
    }
}

/**
 * tq_query_result_get_status:
 * @self: a result
 *
 * Gets the status: the query's, except that placeholder data makes it
 * success and a failing select makes it error.
 *
 * Returns: the status
 */
TqQueryStatus
tq_query_result_get_status (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, TQ_QUERY_STATUS_PENDING);
  return self->status;
}

/**
 * tq_query_result_get_fetch_status:
 * @self: a result
 *
 * Gets the query's fetch status.
 *
 * Returns: the fetch status
 */
TqFetchStatus
tq_query_result_get_fetch_status (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, TQ_FETCH_STATUS_IDLE);
  return self->fetch_status;
}

/**
 * tq_query_result_get_data:
 * @self: a result
 *
 * Gets the data: the query's (after select), or placeholder data; an unset
 * value when there is none.
 *
 * Returns: (transfer none): the data
 */
const GValue *
tq_query_result_get_data (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return &self->data;
}

/**
 * tq_query_result_has_data:
 * @self: a result
 *
 * Tells whether there is data (JSON `null` counts as data).
 *
 * Returns: whether there is data
 */
gboolean
tq_query_result_has_data (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return G_IS_VALUE (&self->data);
}

/**
 * tq_query_result_get_data_updated_at:
 * @self: a result
 *
 * Gets when the query's data was stored.
 *
 * Returns: milliseconds since the epoch, 0 if never
 */
gint64
tq_query_result_get_data_updated_at (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->data_updated_at;
}

/**
 * tq_query_result_get_error:
 * @self: a result
 *
 * Gets the error: the query's, or the select function's.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
tq_query_result_get_error (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->error;
}

/**
 * tq_query_result_get_error_updated_at:
 * @self: a result
 *
 * Gets when the error happened.
 *
 * Returns: milliseconds since the epoch, 0 if never
 */
gint64
tq_query_result_get_error_updated_at (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->error_updated_at;
}

/**
 * tq_query_result_get_error_update_count:
 * @self: a result
 *
 * Gets how many fetches of the query failed.
 *
 * Returns: the count
 */
guint
tq_query_result_get_error_update_count (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->error_update_count;
}

/**
 * tq_query_result_get_failure_count:
 * @self: a result
 *
 * Gets how many attempts of the current or last fetch failed.
 *
 * Returns: the count
 */
guint
tq_query_result_get_failure_count (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->failure_count;
}

/**
 * tq_query_result_get_failure_reason:
 * @self: a result
 *
 * Gets the error of the last failed attempt.
 *
 * Returns: (transfer none) (nullable): the error
 */
const GError *
tq_query_result_get_failure_reason (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->failure_reason;
}

/**
 * tq_query_result_is_pending:
 * @self: a result
 *
 * Reads the result's `is-pending` flag.
 *
 * Returns: whether the status is pending
 */
gboolean
tq_query_result_is_pending (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_PENDING;
}

/**
 * tq_query_result_is_success:
 * @self: a result
 *
 * Reads the result's `is-success` flag.
 *
 * Returns: whether the status is success
 */
gboolean
tq_query_result_is_success (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_SUCCESS;
}

/**
 * tq_query_result_is_error:
 * @self: a result
 *
 * Reads the result's `is-error` flag.
 *
 * Returns: whether the status is error
 */
gboolean
tq_query_result_is_error (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_ERROR;
}

/**
 * tq_query_result_is_loading:
 * @self: a result
 *
 * Reads the result's `is-loading` flag.
 *
 * Returns: whether the first fetch runs: pending and fetching
 */
gboolean
tq_query_result_is_loading (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_PENDING && self->fetch_status == TQ_FETCH_STATUS_FETCHING;
}

/**
 * tq_query_result_is_fetching:
 * @self: a result
 *
 * Reads the result's `is-fetching` flag.
 *
 * Returns: whether the fetch status is fetching
 */
gboolean
tq_query_result_is_fetching (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fetch_status == TQ_FETCH_STATUS_FETCHING;
}

/**
 * tq_query_result_is_paused:
 * @self: a result
 *
 * Reads the result's `is-paused` flag.
 *
 * Returns: whether the fetch status is paused
 */
gboolean
tq_query_result_is_paused (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fetch_status == TQ_FETCH_STATUS_PAUSED;
}

/**
 * tq_query_result_is_refetching:
 * @self: a result
 *
 * Reads the result's `is-refetching` flag.
 *
 * Returns: whether a fetch runs while there is data: fetching and not
 *   pending; for an infinite query, not counting fetches of the next or
 *   previous page
 */
gboolean
tq_query_result_is_refetching (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fetch_status == TQ_FETCH_STATUS_FETCHING && self->status != TQ_QUERY_STATUS_PENDING &&
         self->fetch_direction == TQ_FETCH_DIRECTION_NONE;
}

/**
 * tq_query_result_is_loading_error:
 * @self: a result
 *
 * Reads the result's `is-loading-error` flag.
 *
 * Returns: whether the status is error and there is no data
 */
gboolean
tq_query_result_is_loading_error (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_ERROR && !G_IS_VALUE (&self->data);
}

/**
 * tq_query_result_is_refetch_error:
 * @self: a result
 *
 * Reads the result's `is-refetch-error` flag.
 *
 * Returns: whether the status is error and there is data; for an
 *   infinite query, not counting a failed fetch of the next or previous
 *   page
 */
gboolean
tq_query_result_is_refetch_error (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_ERROR && G_IS_VALUE (&self->data) &&
         self->fetch_direction == TQ_FETCH_DIRECTION_NONE;
}

/**
 * tq_query_result_is_placeholder_data:
 * @self: a result
 *
 * Reads the result's `is-placeholder-data` flag.
 *
 * Returns: whether the data is placeholder data
 */
gboolean
tq_query_result_is_placeholder_data (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_placeholder_data;
}

/**
 * tq_query_result_is_fetched:
 * @self: a result
 *
 * Reads the result's `is-fetched` flag.
 *
 * Returns: whether the query ever stored data or an error
 */
gboolean
tq_query_result_is_fetched (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_fetched;
}

/**
 * tq_query_result_is_fetched_after_mount:
 * @self: a result
 *
 * Reads the result's `is-fetched-after-mount` flag.
 *
 * Returns: whether the query stored data or an error since the observer
 *   started watching it
 */
gboolean
tq_query_result_is_fetched_after_mount (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_fetched_after_mount;
}

/**
 * tq_query_result_is_stale:
 * @self: a result
 *
 * Reads the result's `is-stale` flag.
 *
 * Returns: whether the data is stale for the observer (rule 13)
 */
gboolean
tq_query_result_is_stale (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_stale;
}

/**
 * tq_query_result_is_enabled:
 * @self: a result
 *
 * Reads the result's `is-enabled` flag.
 *
 * Returns: whether the observer is enabled
 */
gboolean
tq_query_result_is_enabled (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->is_enabled;
}

/**
 * tq_query_result_has_next_page:
 * @self: a result
 *
 * Reads the result's `has-next-page` flag, for an infinite query (section
 * 1.7): whether `get-next-page-param` gives a parameter for the last page.
 * %FALSE for other queries and while there is no data.
 *
 * Returns: whether there is a next page
 */
gboolean
tq_query_result_has_next_page (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_next_page;
}

/**
 * tq_query_result_has_previous_page:
 * @self: a result
 *
 * Reads the result's `has-previous-page` flag, for an infinite query:
 * whether `get-previous-page-param` is set and gives a parameter for the
 * first page.
 *
 * Returns: whether there is a previous page
 */
gboolean
tq_query_result_has_previous_page (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_previous_page;
}

/**
 * tq_query_result_is_fetching_next_page:
 * @self: a result
 *
 * Reads the result's `is-fetching-next-page` flag.
 *
 * Returns: whether an infinite query is fetching its next page
 */
gboolean
tq_query_result_is_fetching_next_page (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fetch_status == TQ_FETCH_STATUS_FETCHING &&
         self->fetch_direction == TQ_FETCH_DIRECTION_FORWARD;
}

/**
 * tq_query_result_is_fetching_previous_page:
 * @self: a result
 *
 * Reads the result's `is-fetching-previous-page` flag.
 *
 * Returns: whether an infinite query is fetching its previous page
 */
gboolean
tq_query_result_is_fetching_previous_page (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->fetch_status == TQ_FETCH_STATUS_FETCHING &&
         self->fetch_direction == TQ_FETCH_DIRECTION_BACKWARD;
}

/**
 * tq_query_result_is_fetch_next_page_error:
 * @self: a result
 *
 * Reads the result's `is-fetch-next-page-error` flag.
 *
 * Returns: whether the last fetch of an infinite query, of its next page,
 *   failed
 */
gboolean
tq_query_result_is_fetch_next_page_error (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_ERROR &&
         self->fetch_direction == TQ_FETCH_DIRECTION_FORWARD;
}

/**
 * tq_query_result_is_fetch_previous_page_error:
 * @self: a result
 *
 * Reads the result's `is-fetch-previous-page-error` flag.
 *
 * Returns: whether the last fetch of an infinite query, of its previous
 *   page, failed
 */
gboolean
tq_query_result_is_fetch_previous_page_error (TqQueryResult *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->status == TQ_QUERY_STATUS_ERROR &&
         self->fetch_direction == TQ_FETCH_DIRECTION_BACKWARD;
}
