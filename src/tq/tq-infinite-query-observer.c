/* tq-infinite-query-observer.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-infinite-query-behavior-private.h"
#include "tq-infinite-query-observer.h"
#include "tq-query-client.h"
#include "tq-query-observer-private.h"
#include "tq-query-result-private.h"
#include "tq-query-state-private.h"

/**
 * TqInfiniteQueryObserver:
 *
 * A [class@Tq.QueryObserver] of an infinite query: TanStack's
 * `InfiniteQueryObserver` (sections 1.7 and 2.16 of
 * `tanstack-query-core.md`, rules 52–57).
 *
 * An infinite query holds pages, fetched one at a time with a page
 * parameter: its data is the JSON object `{"pages": […], "pageParams":
 * […]}` (see [func@Tq.infinite_data_new]). The options say how pages
 * follow each other: [method@Tq.QueryOptions.set_initial_page_param] for
 * the first page, [method@Tq.QueryOptions.set_get_next_page_param_func]
 * and [method@Tq.QueryOptions.set_get_previous_page_param_func] for the
 * pages after the last and before the first, and
 * [property@Tq.QueryOptions:max-pages] to keep a window of pages. The query
 * function gets the page parameter and the direction from its
 * [class@Tq.QueryFunctionContext].
 *
 * ```c
 * static void
 * next_page_param (JsonNode  *last_page,
 *                  JsonArray *pages,
 *                  JsonNode  *last_param,
 *                  JsonArray *params,
 *                  GValue    *result,
 *                  gpointer   user_data)
 * {
 *   // json-server's envelope: {"data": […], "next": 3}, "next": null on
 *   // the last page; left unset or null, there is no next page
 *   JsonNode *next = json_object_get_member (json_node_get_object (last_page), "next");
 *
 *   if (next != NULL)
 *     {
 *       g_value_init (result, JSON_TYPE_NODE);
 *       g_value_set_boxed (result, next);
 *     }
 * }
 * ```
 *
 * The first fetch fetches the first page. [method@Tq.InfiniteQueryObserver.fetch_next_page]
 * and [method@Tq.InfiniteQueryObserver.fetch_previous_page] add a page at
 * either end (dropping one at the other end beyond `max-pages`); any other
 * fetch — a refetch, an invalidation, window focus — refetches every page
 * it holds, one after another from the first stored parameter, and a
 * retry in the middle resumes at the page that failed.
 *
 * Besides the properties of every observer, the result tells whether
 * there are more pages and which way a fetch goes:
 * [property@Tq.InfiniteQueryObserver:has-next-page],
 * [property@Tq.InfiniteQueryObserver:is-fetching-next-page] and the
 * others; [property@Tq.QueryObserver:is-refetching] and
 * [property@Tq.QueryObserver:is-refetch-error] leave out fetches of the
 * next and previous page. To show the pages as one list in a
 * `GtkListView`, use a [class@Tq.InfiniteListModel].
 */

struct _TqInfiniteQueryObserver
{
  TqQueryObserver parent_instance;
};

struct _TqInfiniteQueryObserverClass
{
  TqQueryObserverClass parent_class;
};

enum {
  PROP_0,
  PROP_HAS_NEXT_PAGE,
  PROP_HAS_PREVIOUS_PAGE,
  PROP_IS_FETCHING_NEXT_PAGE,
  PROP_IS_FETCHING_PREVIOUS_PAGE,
  PROP_IS_FETCH_NEXT_PAGE_ERROR,
  PROP_IS_FETCH_PREVIOUS_PAGE_ERROR,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqInfiniteQueryObserver, tq_infinite_query_observer, TQ_TYPE_QUERY_OBSERVER)

static GParamSpec *properties [N_PROPS];

static gboolean
result_flag (TqQueryResult *result,
             guint          prop)
{
  switch (prop)
    {
    case PROP_HAS_NEXT_PAGE:
      return tq_query_result_has_next_page (result);
    case PROP_HAS_PREVIOUS_PAGE:
      return tq_query_result_has_previous_page (result);
    case PROP_IS_FETCHING_NEXT_PAGE:
      return tq_query_result_is_fetching_next_page (result);
    case PROP_IS_FETCHING_PREVIOUS_PAGE:
      return tq_query_result_is_fetching_previous_page (result);
    case PROP_IS_FETCH_NEXT_PAGE_ERROR:
      return tq_query_result_is_fetch_next_page_error (result);
    case PROP_IS_FETCH_PREVIOUS_PAGE_ERROR:
      return tq_query_result_is_fetch_previous_page_error (result);
    default:
      g_assert_not_reached ();
    }
}

static void
tq_infinite_query_observer_fill_result (TqQueryObserver *observer,
                                        TqQuery         *query,
                                        TqQueryOptions  *options,
                                        TqQueryResult   *result)
{
  TqQueryState *state = _tq_query_get_state (query);

  /* From the query's data, before select (TanStack's createResult) */
  result->fetch_direction = state->fetch_meta;
  result->has_next_page = _tq_infinite_query_has_next_page (options, &state->data);
  result->has_previous_page = _tq_infinite_query_has_previous_page (options, &state->data);
}

static void
tq_infinite_query_observer_notify_result (TqQueryObserver *observer,
                                          TqQueryResult   *before,
                                          TqQueryResult   *now)
{
  for (guint prop = PROP_0 + 1; prop < N_PROPS; prop++)
    if (result_flag (before, prop) != result_flag (now, prop))
      g_object_notify_by_pspec (G_OBJECT (observer), properties [prop]);
}

static void
tq_infinite_query_observer_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  TqQueryResult *result = tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (object));

  switch (prop_id)
    {
    case PROP_HAS_NEXT_PAGE:
    case PROP_HAS_PREVIOUS_PAGE:
    case PROP_IS_FETCHING_NEXT_PAGE:
    case PROP_IS_FETCHING_PREVIOUS_PAGE:
    case PROP_IS_FETCH_NEXT_PAGE_ERROR:
    case PROP_IS_FETCH_PREVIOUS_PAGE_ERROR:
      g_value_set_boolean (value, result != NULL && result_flag (result, prop_id));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_infinite_query_observer_class_init (TqInfiniteQueryObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  TqQueryObserverClass *observer_class = TQ_QUERY_OBSERVER_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->get_property = tq_infinite_query_observer_get_property;

  observer_class->infinite = TRUE;
  observer_class->fill_result = tq_infinite_query_observer_fill_result;
  observer_class->notify_result = tq_infinite_query_observer_notify_result;

  /**
   * TqInfiniteQueryObserver:has-next-page:
   *
   * Whether there is a page after the last: `get-next-page-param` gives a
   * parameter for it (TanStack's `hasNextPage`). %FALSE while there is no
   * data. Bind a "Load more" button's sensitivity to it.
   */
  properties [PROP_HAS_NEXT_PAGE] =
    g_param_spec_boolean ("has-next-page", NULL, NULL, FALSE, ro);

  /**
   * TqInfiniteQueryObserver:has-previous-page:
   *
   * Whether there is a page before the first: `get-previous-page-param` is
   * set and gives a parameter for it (TanStack's `hasPreviousPage`).
   */
  properties [PROP_HAS_PREVIOUS_PAGE] =
    g_param_spec_boolean ("has-previous-page", NULL, NULL, FALSE, ro);

  /**
   * TqInfiniteQueryObserver:is-fetching-next-page:
   *
   * Whether the next page is being fetched.
   */
  properties [PROP_IS_FETCHING_NEXT_PAGE] =
    g_param_spec_boolean ("is-fetching-next-page", NULL, NULL, FALSE, ro);

  /**
   * TqInfiniteQueryObserver:is-fetching-previous-page:
   *
   * Whether the previous page is being fetched.
   */
  properties [PROP_IS_FETCHING_PREVIOUS_PAGE] =
    g_param_spec_boolean ("is-fetching-previous-page", NULL, NULL, FALSE, ro);

  /**
   * TqInfiniteQueryObserver:is-fetch-next-page-error:
   *
   * Whether the last fetch, of the next page, failed. The pages held so
   * far stay.
   */
  properties [PROP_IS_FETCH_NEXT_PAGE_ERROR] =
    g_param_spec_boolean ("is-fetch-next-page-error", NULL, NULL, FALSE, ro);

  /**
   * TqInfiniteQueryObserver:is-fetch-previous-page-error:
   *
   * Whether the last fetch, of the previous page, failed.
   */
  properties [PROP_IS_FETCH_PREVIOUS_PAGE_ERROR] =
    g_param_spec_boolean ("is-fetch-previous-page-error", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_infinite_query_observer_init (TqInfiniteQueryObserver *self)
{
}

/**
 * tq_infinite_query_observer_new:
 * @client: a client
 * @options: the options, with a key, a query function, and the page
 *   options (at least the next-page function)
 *
 * Creates an observer of the infinite query of @options' key. Like any
 * observer, it fetches nothing until it is subscribed.
 *
 * Returns: (transfer full): a new observer
 */
TqInfiniteQueryObserver *
tq_infinite_query_observer_new (TqQueryClient  *client,
                                TqQueryOptions *options)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (options), NULL);

  return _tq_query_observer_new (TQ_TYPE_INFINITE_QUERY_OBSERVER, client, options);
}

static void
after_fetch (TqPromise *promise,
             gpointer   user_data)
{
  _tq_query_observer_update_result (user_data);
}

static void
fetch_task_done (TqPromise *promise,
                 gpointer   user_data)
{
  GTask *task = user_data;
  TqQueryObserver *self = g_task_get_source_object (task);

  _tq_query_observer_update_result (self);
  g_task_return_pointer (task, tq_query_result_ref (tq_query_observer_get_current_result (self)),
                         (GDestroyNotify) tq_query_result_unref);
}

static void
fetch_page_async (TqInfiniteQueryObserver *self,
                  TqFetchDirection         direction,
                  gboolean                 cancel_refetch,
                  GCancellable            *cancellable,
                  GAsyncReadyCallback      callback,
                  gpointer                 user_data,
                  gpointer                 source_tag)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, TRUE);

  _tq_query_observer_fetch (TQ_QUERY_OBSERVER (self), cancel_refetch, direction,
                            fetch_task_done, task, g_object_unref);
}

static TqQueryResult *
fetch_page_finish (TqInfiniteQueryObserver  *self,
                   GAsyncResult             *result,
                   gpointer                  source_tag,
                   GError                  **error)
{
  g_return_val_if_fail (TQ_IS_INFINITE_QUERY_OBSERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tq_infinite_query_observer_fetch_next_page:
 * @self: an observer
 *
 * Fetches the page after the last one (TanStack's `fetchNextPage`, rule
 * 53), cancelling a fetch in progress (`cancel-refetch`, rule 21). When
 * [property@Tq.InfiniteQueryObserver:has-next-page] is %FALSE nothing is
 * fetched and the data stays as it is; while the query has no pages, this
 * fetches the first page.
 */
void
tq_infinite_query_observer_fetch_next_page (TqInfiniteQueryObserver *self)
{
  g_return_if_fail (TQ_IS_INFINITE_QUERY_OBSERVER (self));
  g_return_if_fail (tq_query_observer_get_query (TQ_QUERY_OBSERVER (self)) != NULL);

  _tq_query_observer_fetch (TQ_QUERY_OBSERVER (self), TRUE, TQ_FETCH_DIRECTION_FORWARD,
                            after_fetch, g_object_ref (self), g_object_unref);
}

/**
 * tq_infinite_query_observer_fetch_next_page_async:
 * @self: an observer
 * @cancel_refetch: whether a fetch in progress of a query with data is
 *   cancelled and replaced (rule 21; TanStack's default is %TRUE); with
 *   %FALSE, a fetch in progress is joined instead
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called once the fetch settled
 * @user_data: data for @callback
 *
 * Fetches the page after the last one, as
 * [method@Tq.InfiniteQueryObserver.fetch_next_page] does, and reports the
 * observer's result once the fetch settled.
 */
void
tq_infinite_query_observer_fetch_next_page_async (TqInfiniteQueryObserver *self,
                                                  gboolean                 cancel_refetch,
                                                  GCancellable            *cancellable,
                                                  GAsyncReadyCallback      callback,
                                                  gpointer                 user_data)
{
  g_return_if_fail (TQ_IS_INFINITE_QUERY_OBSERVER (self));
  g_return_if_fail (tq_query_observer_get_query (TQ_QUERY_OBSERVER (self)) != NULL);

  fetch_page_async (self, TQ_FETCH_DIRECTION_FORWARD, cancel_refetch, cancellable, callback,
                    user_data, tq_infinite_query_observer_fetch_next_page_async);
}

/**
 * tq_infinite_query_observer_fetch_next_page_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.InfiniteQueryObserver.fetch_next_page_async]. A
 * failed fetch is not an error here: it shows in the result
 * ([method@Tq.QueryResult.is_fetch_next_page_error]).
 *
 * Returns: (transfer full): the observer's result after the fetch, or
 *   %NULL with `G_IO_ERROR_CANCELLED` if @cancellable was cancelled
 */
TqQueryResult *
tq_infinite_query_observer_fetch_next_page_finish (TqInfiniteQueryObserver  *self,
                                                   GAsyncResult             *result,
                                                   GError                  **error)
{
  return fetch_page_finish (self, result, tq_infinite_query_observer_fetch_next_page_async, error);
}

/**
 * tq_infinite_query_observer_fetch_previous_page:
 * @self: an observer
 *
 * Fetches the page before the first one (TanStack's `fetchPreviousPage`),
 * cancelling a fetch in progress. When
 * [property@Tq.InfiniteQueryObserver:has-previous-page] is %FALSE nothing
 * is fetched and the data stays as it is.
 */
void
tq_infinite_query_observer_fetch_previous_page (TqInfiniteQueryObserver *self)
{
  g_return_if_fail (TQ_IS_INFINITE_QUERY_OBSERVER (self));
  g_return_if_fail (tq_query_observer_get_query (TQ_QUERY_OBSERVER (self)) != NULL);

  _tq_query_observer_fetch (TQ_QUERY_OBSERVER (self), TRUE, TQ_FETCH_DIRECTION_BACKWARD,
                            after_fetch, g_object_ref (self), g_object_unref);
}

/**
 * tq_infinite_query_observer_fetch_previous_page_async:
 * @self: an observer
 * @cancel_refetch: whether a fetch in progress of a query with data is
 *   cancelled and replaced (TanStack's default is %TRUE)
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called once the fetch settled
 * @user_data: data for @callback
 *
 * Fetches the page before the first one, and reports the observer's
 * result once the fetch settled.
 */
void
tq_infinite_query_observer_fetch_previous_page_async (TqInfiniteQueryObserver *self,
                                                      gboolean                 cancel_refetch,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data)
{
  g_return_if_fail (TQ_IS_INFINITE_QUERY_OBSERVER (self));
  g_return_if_fail (tq_query_observer_get_query (TQ_QUERY_OBSERVER (self)) != NULL);

  fetch_page_async (self, TQ_FETCH_DIRECTION_BACKWARD, cancel_refetch, cancellable, callback,
                    user_data, tq_infinite_query_observer_fetch_previous_page_async);
}

/**
 * tq_infinite_query_observer_fetch_previous_page_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.InfiniteQueryObserver.fetch_previous_page_async].
 *
 * Returns: (transfer full): the observer's result after the fetch, or
 *   %NULL with `G_IO_ERROR_CANCELLED` if @cancellable was cancelled
 */
TqQueryResult *
tq_infinite_query_observer_fetch_previous_page_finish (TqInfiniteQueryObserver  *self,
                                                       GAsyncResult             *result,
                                                       GError                  **error)
{
  return fetch_page_finish (self, result, tq_infinite_query_observer_fetch_previous_page_async, error);
}
