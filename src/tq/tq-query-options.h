/* tq-query-options.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "tq-enums.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_OPTIONS (tq_query_options_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueryOptions, tq_query_options, TQ, QUERY_OPTIONS, GObject)

/**
 * TqQueryFunc:
 * @context: the fetch's context: key, meta, page parameter and cancellable
 * @user_data: the data given with the function
 *
 * A query function: TanStack's `queryFn`. It starts fetching the data of
 * `context`'s key and completes, at once or later, with
 * [method@Tq.QueryFunctionContext.return_value] (or one of its variants) or
 * [method@Tq.QueryFunctionContext.return_error]. Asynchronous work should
 * pass [method@Tq.QueryFunctionContext.get_cancellable] to the GIO calls it
 * makes, so that cancelling the query cancels them.
 */
typedef void          (*TqQueryFunc)             (TqQueryFunctionContext *context,
                                                  gpointer                user_data);

/**
 * TqQueryPredicate:
 * @query: a query
 * @user_data: the data given with the function
 *
 * A function of a query that answers yes or no: `enabled`, `retry-on-mount`
 * and the `predicate` of [class@Tq.QueryFilters].
 *
 * Returns: the answer
 */
typedef gboolean      (*TqQueryPredicate)        (TqQuery                *query,
                                                  gpointer                user_data);

/**
 * TqQueryTimeFunc:
 * @query: a query
 * @user_data: the data given with the function
 *
 * A duration computed from a query, in milliseconds: `stale-time` (which may
 * also return %TQ_TIME_INFINITE or %TQ_STALE_TIME_STATIC) and
 * `refetch-interval` (0 for none).
 *
 * Returns: the duration in milliseconds
 */
typedef gint64        (*TqQueryTimeFunc)         (TqQuery                *query,
                                                  gpointer                user_data);

/**
 * TqRefetchModeFunc:
 * @query: a query
 * @user_data: the data given with the function
 *
 * Decides from a query whether to refetch on mount, focus or reconnect.
 *
 * Returns: the mode
 */
typedef TqRefetchMode (*TqRefetchModeFunc)       (TqQuery                *query,
                                                  gpointer                user_data);

/**
 * TqRetryFunc:
 * @failure_count: failures before this one (0 on the first failure, rule 24)
 * @error: the error of the failed attempt
 * @user_data: the data given with the function
 *
 * Decides whether to retry after a failure: TanStack's `retry` function.
 *
 * Returns: %TRUE to retry
 */
typedef gboolean      (*TqRetryFunc)             (guint                   failure_count,
                                                  const GError           *error,
                                                  gpointer                user_data);

/**
 * TqRetryDelayFunc:
 * @failure_count: failures before this one (0 on the first failure)
 * @error: the error of the failed attempt
 * @user_data: the data given with the function
 *
 * Computes the delay before a retry: TanStack's `retryDelay` function.
 *
 * Returns: the delay in milliseconds
 */
typedef gint64        (*TqRetryDelayFunc)        (guint                   failure_count,
                                                  const GError           *error,
                                                  gpointer                user_data);

/**
 * TqSelectFunc:
 * @data: the query's data
 * @result: (out caller-allocates): an unset value for the selected data
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * Derives what an observer shows from the query's data: TanStack's `select`
 * (rule 44). If it fails, the observer goes to the error state with @error
 * and keeps the last data it selected.
 *
 * Returns: %TRUE with @result set, or %FALSE with @error set
 */
typedef gboolean      (*TqSelectFunc)            (const GValue           *data,
                                                  GValue                 *result,
                                                  gpointer                user_data,
                                                  GError                **error);

/**
 * TqPlaceholderDataFunc:
 * @previous_data: the data of the last query this observer saw with data,
 *   or an unset value
 * @previous_query: (nullable): that query
 * @result: (out caller-allocates): an unset value; leave it unset for no
 *   placeholder
 * @user_data: the data given with the function
 *
 * Computes placeholder data: TanStack's `placeholderData` function (rule 43).
 * [method@Tq.QueryOptions.set_keep_previous_data] sets the one that keeps
 * the previous data.
 */
typedef void          (*TqPlaceholderDataFunc)   (const GValue           *previous_data,
                                                  TqQuery                *previous_query,
                                                  GValue                 *result,
                                                  gpointer                user_data);

/**
 * TqInitialDataFunc:
 * @result: (out caller-allocates): an unset value; leave it unset for none
 * @user_data: the data given with the function
 *
 * Computes initial data when a query is made (rule 42).
 */
typedef void          (*TqInitialDataFunc)       (GValue                 *result,
                                                  gpointer                user_data);

/**
 * TqTimestampFunc:
 * @user_data: the data given with the function
 *
 * Computes a time, such as `initial-data-updated-at`.
 *
 * Returns: a time in milliseconds since the Unix epoch (on the clock)
 */
typedef gint64        (*TqTimestampFunc)         (gpointer                user_data);

/**
 * TqStructuralSharingFunc:
 * @old_data: the data held so far, or an unset value
 * @new_data: the new data
 * @result: (out caller-allocates): an unset value for the data to keep
 * @user_data: the data given with the function
 *
 * Replaces structural sharing (rule 45): decides what to keep of new data
 * given the old.
 */
typedef void          (*TqStructuralSharingFunc) (const GValue           *old_data,
                                                  const GValue           *new_data,
                                                  GValue                 *result,
                                                  gpointer                user_data);

/**
 * TqPageParamFunc:
 * @page: the last page (for the next page) or the first page (for the
 *   previous one)
 * @pages: all the pages, first to last
 * @page_param: (nullable): the page parameter @page was fetched with
 * @page_params: the page parameters of @pages, in the same order
 * @result: (out caller-allocates): an unset value for the parameter of the
 *   page to fetch; leave it unset, or set JSON `null`, when there is none
 * @user_data: the data given with the function
 *
 * Computes the page parameter of the next or previous page of an infinite
 * query: TanStack's `getNextPageParam (lastPage, allPages, lastPageParam,
 * allPageParams)` and `getPreviousPageParam (firstPage, …)` (rules 53–54).
 * The JSON given is shared with the cache and must not be changed. The
 * result may be a `JsonNode`, a `GVariant`, a string, a number or a
 * boolean; it is stored as JSON.
 */
typedef void          (*TqPageParamFunc)         (JsonNode               *page,
                                                  JsonArray              *pages,
                                                  JsonNode               *page_param,
                                                  JsonArray              *page_params,
                                                  GValue                 *result,
                                                  gpointer                user_data);

TQ_AVAILABLE_IN_ALL
TqQueryOptions *tq_query_options_new                             (GVariant                *query_key) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryOptions *tq_query_options_copy                            (TqQueryOptions          *self) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryOptions *tq_query_options_merge                           (TqQueryOptions          *self,
                                                                  TqQueryOptions          *overlay) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_options_is_set                          (TqQueryOptions          *self,
                                                                  const char              *name);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_unset                           (TqQueryOptions          *self,
                                                                  const char              *name);
TQ_AVAILABLE_IN_ALL
GVariant       *tq_query_options_get_query_key                   (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_query_key                   (TqQueryOptions          *self,
                                                                  GVariant                *query_key);
TQ_AVAILABLE_IN_ALL
const char     *tq_query_options_get_query_hash                  (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_query_func                  (TqQueryOptions          *self,
                                                                  TqQueryFunc              func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_skip_token                  (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_options_get_enabled                     (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_enabled                     (TqQueryOptions          *self,
                                                                  gboolean                 enabled);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_enabled_func                (TqQueryOptions          *self,
                                                                  TqQueryPredicate         func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
gint64          tq_query_options_get_stale_time                  (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_stale_time                  (TqQueryOptions          *self,
                                                                  gint64                   stale_time_ms);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_stale_time_func             (TqQueryOptions          *self,
                                                                  TqQueryTimeFunc          func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
gint64          tq_query_options_get_gc_time                     (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_gc_time                     (TqQueryOptions          *self,
                                                                  gint64                   gc_time_ms);
TQ_AVAILABLE_IN_ALL
int             tq_query_options_get_retry                       (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_retry                       (TqQueryOptions          *self,
                                                                  int                      retry);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_retry_func                  (TqQueryOptions          *self,
                                                                  TqRetryFunc              func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
gint64          tq_query_options_get_retry_delay                 (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_retry_delay                 (TqQueryOptions          *self,
                                                                  gint64                   retry_delay_ms);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_retry_delay_func            (TqQueryOptions          *self,
                                                                  TqRetryDelayFunc         func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
TqNetworkMode   tq_query_options_get_network_mode                (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_network_mode                (TqQueryOptions          *self,
                                                                  TqNetworkMode            network_mode);
TQ_AVAILABLE_IN_ALL
gint64          tq_query_options_get_refetch_interval            (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_interval            (TqQueryOptions          *self,
                                                                  gint64                   interval_ms);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_interval_func       (TqQueryOptions          *self,
                                                                  TqQueryTimeFunc          func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_options_get_refetch_interval_in_background (TqQueryOptions       *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_interval_in_background (TqQueryOptions       *self,
                                                                     gboolean              in_background);
TQ_AVAILABLE_IN_ALL
TqRefetchMode   tq_query_options_get_refetch_on_mount            (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_on_mount            (TqQueryOptions          *self,
                                                                  TqRefetchMode            mode);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_on_mount_func       (TqQueryOptions          *self,
                                                                  TqRefetchModeFunc        func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
TqRefetchMode   tq_query_options_get_refetch_on_window_focus     (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_on_window_focus     (TqQueryOptions          *self,
                                                                  TqRefetchMode            mode);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_on_window_focus_func (TqQueryOptions         *self,
                                                                   TqRefetchModeFunc       func,
                                                                   gpointer                user_data,
                                                                   GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
TqRefetchMode   tq_query_options_get_refetch_on_reconnect        (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_on_reconnect        (TqQueryOptions          *self,
                                                                  TqRefetchMode            mode);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_refetch_on_reconnect_func   (TqQueryOptions          *self,
                                                                  TqRefetchModeFunc        func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_options_get_retry_on_mount              (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_retry_on_mount              (TqQueryOptions          *self,
                                                                  gboolean                 retry_on_mount);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_retry_on_mount_func         (TqQueryOptions          *self,
                                                                  TqQueryPredicate         func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_select_func                 (TqQueryOptions          *self,
                                                                  TqSelectFunc             func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_placeholder_data            (TqQueryOptions          *self,
                                                                  const GValue            *data);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_placeholder_data_func       (TqQueryOptions          *self,
                                                                  TqPlaceholderDataFunc    func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_keep_previous_data          (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_initial_data                (TqQueryOptions          *self,
                                                                  const GValue            *data);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_initial_data_func           (TqQueryOptions          *self,
                                                                  TqInitialDataFunc        func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
gint64          tq_query_options_get_initial_data_updated_at     (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_initial_data_updated_at     (TqQueryOptions          *self,
                                                                  gint64                   updated_at_ms);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_initial_data_updated_at_func (TqQueryOptions         *self,
                                                                   TqTimestampFunc         func,
                                                                   gpointer                user_data,
                                                                   GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_options_get_structural_sharing          (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_structural_sharing          (TqQueryOptions          *self,
                                                                  gboolean                 structural_sharing);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_structural_sharing_func     (TqQueryOptions          *self,
                                                                  TqStructuralSharingFunc  func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
GVariant       *tq_query_options_get_meta                        (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_meta                        (TqQueryOptions          *self,
                                                                  GVariant                *meta);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_initial_page_param          (TqQueryOptions          *self,
                                                                  const GValue            *param);
TQ_AVAILABLE_IN_ALL
const GValue   *tq_query_options_get_initial_page_param          (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_get_next_page_param_func    (TqQueryOptions          *self,
                                                                  TqPageParamFunc          func,
                                                                  gpointer                 user_data,
                                                                  GDestroyNotify           destroy);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_get_previous_page_param_func (TqQueryOptions         *self,
                                                                   TqPageParamFunc         func,
                                                                   gpointer                user_data,
                                                                   GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
guint           tq_query_options_get_max_pages                   (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_max_pages                   (TqQueryOptions          *self,
                                                                  guint                    max_pages);
TQ_AVAILABLE_IN_ALL
guint           tq_query_options_get_pages                       (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_pages                       (TqQueryOptions          *self,
                                                                  guint                    pages);
TQ_AVAILABLE_IN_ALL
const char * const *tq_query_options_get_notify_on_change_props  (TqQueryOptions          *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_options_set_notify_on_change_props      (TqQueryOptions          *self,
                                                                  const char * const      *props);

G_END_DECLS
