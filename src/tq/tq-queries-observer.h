/* tq-queries-observer.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <gio/gio.h>

#include "tq-query-observer.h"
#include "tq-query-options.h"
#include "tq-query-result.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERIES_OBSERVER (tq_queries_observer_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueriesObserver, tq_queries_observer, TQ, QUERIES_OBSERVER, GObject)

/**
 * TqCombineFunc:
 * @results: (element-type TqQueryResult): the result of each query, in
 *   the order of the queries
 * @combined: (out caller-allocates): an unset value for the combined result
 * @user_data: the data given with the function
 *
 * Combines the results of parallel queries into one value: TanStack's
 * `combine` (section 1.8). JSON is the natural shape for it: the combined
 * value is structurally shared with the previous one, so an unchanged
 * combination keeps its identity and notifies nobody.
 */
typedef void (*TqCombineFunc) (GPtrArray *results,
                               GValue    *combined,
                               gpointer   user_data);

TQ_AVAILABLE_IN_ALL
TqQueriesObserver *tq_queries_observer_new              (TqQueryClient      *client,
                                                         TqQueryOptions    **queries,
                                                         guint               n_queries) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryClient     *tq_queries_observer_get_client       (TqQueriesObserver  *self);
TQ_AVAILABLE_IN_ALL
void               tq_queries_observer_set_queries      (TqQueriesObserver  *self,
                                                         TqQueryOptions    **queries,
                                                         guint               n_queries);
TQ_AVAILABLE_IN_ALL
TqQueryObserver   *tq_queries_observer_get_observer     (TqQueriesObserver  *self,
                                                         guint               position);
TQ_AVAILABLE_IN_ALL
TqQueryResult     *tq_queries_observer_get_result       (TqQueriesObserver  *self,
                                                         guint               position);
TQ_AVAILABLE_IN_ALL
GPtrArray         *tq_queries_observer_get_results      (TqQueriesObserver  *self);
TQ_AVAILABLE_IN_ALL
GPtrArray         *tq_queries_observer_get_queries      (TqQueriesObserver  *self);
TQ_AVAILABLE_IN_ALL
void               tq_queries_observer_set_combine_func (TqQueriesObserver  *self,
                                                         TqCombineFunc       func,
                                                         gpointer            user_data,
                                                         GDestroyNotify      destroy);
TQ_AVAILABLE_IN_ALL
const GValue      *tq_queries_observer_get_combined     (TqQueriesObserver  *self);
TQ_AVAILABLE_IN_ALL
void               tq_queries_observer_subscribe        (TqQueriesObserver  *self);
TQ_AVAILABLE_IN_ALL
void               tq_queries_observer_unsubscribe      (TqQueriesObserver  *self);
TQ_AVAILABLE_IN_ALL
gboolean           tq_queries_observer_is_subscribed    (TqQueriesObserver  *self);

G_END_DECLS
