/* tq-query-client-infinite.c: the client's imperative infinite fetches
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-query-client.h"
#include "tq-query-options-private.h"
#include "tq-value-private.h"

/* TanStack's infiniteQuery(), fetchInfiniteQuery(), prefetchInfiniteQuery()
 * and ensureInfiniteQueryData() are their plain counterparts with options
 * marked infinite (`_type: 'infinite'`): the query they build or find
 * becomes infinite for good, and its fetch fetches pages.
 */

typedef enum
{
  FINISH_QUERY,
  FINISH_FETCH,
  FINISH_PREFETCH,
  FINISH_ENSURE,
} FinishKind;

static void
value_free (gpointer data)
{
  GValue *value = data;

  if (G_IS_VALUE (value))
    g_value_unset (value);
  g_free (value);
}

static void
on_done (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TqQueryClient *client = TQ_QUERY_CLIENT (source);
  g_autoptr(GError) error = NULL;
  GValue *value = g_new0 (GValue, 1);
  gboolean ok = FALSE;

  switch (GPOINTER_TO_INT (g_task_get_task_data (task)))
    {
    case FINISH_QUERY:
      ok = tq_query_client_query_finish (client, result, value, &error);
      break;
    case FINISH_FETCH:
      ok = tq_query_client_fetch_query_finish (client, result, value, &error);
      break;
    case FINISH_PREFETCH:
      ok = tq_query_client_prefetch_query_finish (client, result, &error);
      break;
    case FINISH_ENSURE:
      ok = tq_query_client_ensure_query_data_finish (client, result, value, &error);
      break;
    default:
      g_assert_not_reached ();
    }

  if (ok)
    g_task_return_pointer (task, value, value_free);
  else
    {
      value_free (value);
      g_task_return_error (task, g_steal_pointer (&error));
    }
}

static GTask *
start (TqQueryClient       *self,
       FinishKind           kind,
       GCancellable        *cancellable,
       GAsyncReadyCallback  callback,
       gpointer             user_data,
       gpointer             source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, GINT_TO_POINTER (kind), NULL);
  g_task_set_check_cancellable (task, TRUE);

  return task;
}

static gboolean
finish (TqQueryClient  *self,
        GAsyncResult   *result,
        gpointer        source_tag,
        GValue         *data,
        GError        **error)
{
  GValue *value;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;

  if (data != NULL)
    _tq_value_copy_shared (value, data);
  value_free (value);

  return TRUE;
}

static TqQueryOptions *
infinite_options (TqQueryOptions *options)
{
  if (!TQ_IS_QUERY_OPTIONS (options) || tq_query_options_get_query_key (options) == NULL)
    return NULL;

  return _tq_query_options_dup_infinite (options);
}

/**
 * tq_query_client_infinite_query_async:
 * @self: a client
 * @options: options with a key, a query function unless the data is
 *   cached, the initial page parameter and the next-page function
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called with the data
 * @user_data: data for @callback
 *
 * Gets an infinite query's data (TanStack 5.102's `infiniteQuery()`): the
 * cached data if it is fresh by the options' `stale-time`, otherwise the
 * result of a fetch, with `select` applied. The fetch refetches the pages
 * the query holds, or fetches [property@Tq.QueryOptions:pages] pages
 * when that is set (the first one for a new query). `enabled` is ignored,
 * and retry is off unless the options set it (rule 23). The query becomes
 * infinite, for any later fetch too.
 *
 * The data is `{"pages": […], "pageParams": […]}` (see
 * [func@Tq.infinite_data_new]) unless `select` makes something else of it.
 */
void
tq_query_client_infinite_query_async (TqQueryClient       *self,
                                      TqQueryOptions      *options,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(TqQueryOptions) infinite = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));
  g_return_if_fail (tq_query_options_get_query_key (options) != NULL);

  infinite = infinite_options (options);
  task = start (self, FINISH_QUERY, cancellable, callback, user_data,
                tq_query_client_infinite_query_async);
  tq_query_client_query_async (self, infinite, cancellable, on_done, task);
}

/**
 * tq_query_client_infinite_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.infinite_query_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set: the query
 *   function's or select function's error, %TQ_ERROR_MISSING_QUERY_FN,
 *   %TQ_ERROR_UNDEFINED_DATA, %TQ_ERROR_INVALID_DATA (a page or page
 *   parameter that cannot be JSON), or `G_IO_ERROR_CANCELLED`
 */
gboolean
tq_query_client_infinite_query_finish (TqQueryClient  *self,
                                       GAsyncResult   *result,
                                       GValue         *data,
                                       GError        **error)
{
  return finish (self, result, tq_query_client_infinite_query_async, data, error);
}

/**
 * tq_query_client_fetch_infinite_query_async:
 * @self: a client
 * @options: options as for [method@Tq.QueryClient.infinite_query_async]
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called with the data
 * @user_data: data for @callback
 *
 * [method@Tq.QueryClient.infinite_query_async] without `select`
 * (TanStack's `fetchInfiniteQuery`, deprecated there in favour of
 * `infiniteQuery()`).
 */
void
tq_query_client_fetch_infinite_query_async (TqQueryClient       *self,
                                            TqQueryOptions      *options,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  g_autoptr(TqQueryOptions) infinite = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));
  g_return_if_fail (tq_query_options_get_query_key (options) != NULL);

  infinite = infinite_options (options);
  task = start (self, FINISH_FETCH, cancellable, callback, user_data,
                tq_query_client_fetch_infinite_query_async);
  tq_query_client_fetch_query_async (self, infinite, cancellable, on_done, task);
}

/**
 * tq_query_client_fetch_infinite_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.fetch_infinite_query_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set
 */
gboolean
tq_query_client_fetch_infinite_query_finish (TqQueryClient  *self,
                                             GAsyncResult   *result,
                                             GValue         *data,
                                             GError        **error)
{
  return finish (self, result, tq_query_client_fetch_infinite_query_async, data, error);
}

/**
 * tq_query_client_prefetch_infinite_query_async:
 * @self: a client
 * @options: options as for [method@Tq.QueryClient.infinite_query_async]
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called once the fetch settled
 * @user_data: data for @callback
 *
 * Fetches an infinite query into the cache unless its data is fresh, and
 * swallows errors (TanStack's `prefetchInfiniteQuery`).
 */
void
tq_query_client_prefetch_infinite_query_async (TqQueryClient       *self,
                                               TqQueryOptions      *options,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(TqQueryOptions) infinite = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));
  g_return_if_fail (tq_query_options_get_query_key (options) != NULL);

  infinite = infinite_options (options);
  task = start (self, FINISH_PREFETCH, cancellable, callback, user_data,
                tq_query_client_prefetch_infinite_query_async);
  tq_query_client_prefetch_query_async (self, infinite, cancellable, on_done, task);
}

/**
 * tq_query_client_prefetch_infinite_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.prefetch_infinite_query_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_prefetch_infinite_query_finish (TqQueryClient  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  return finish (self, result, tq_query_client_prefetch_infinite_query_async, NULL, error);
}

/**
 * tq_query_client_ensure_infinite_query_data_async:
 * @self: a client
 * @options: options as for [method@Tq.QueryClient.infinite_query_async]
 * @revalidate_if_stale: whether stale cached data is also refetched in the
 *   background
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called with the data
 * @user_data: data for @callback
 *
 * Gets an infinite query's cached data whatever its age, or fetches it if
 * there is none (TanStack's `ensureInfiniteQueryData`).
 */
void
tq_query_client_ensure_infinite_query_data_async (TqQueryClient       *self,
                                                  TqQueryOptions      *options,
                                                  gboolean             revalidate_if_stale,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(TqQueryOptions) infinite = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));
  g_return_if_fail (tq_query_options_get_query_key (options) != NULL);

  infinite = infinite_options (options);
  task = start (self, FINISH_ENSURE, cancellable, callback, user_data,
                tq_query_client_ensure_infinite_query_data_async);
  tq_query_client_ensure_query_data_async (self, infinite, revalidate_if_stale, cancellable, on_done, task);
}

/**
 * tq_query_client_ensure_infinite_query_data_finish:
 * @self: a client
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.ensure_infinite_query_data_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set
 */
gboolean
tq_query_client_ensure_infinite_query_data_finish (TqQueryClient  *self,
                                                   GAsyncResult   *result,
                                                   GValue         *data,
                                                   GError        **error)
{
  return finish (self, result, tq_query_client_ensure_infinite_query_data_async, data, error);
}
