/* tq-query-filters.h
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

#include "tq-enums.h"
#include "tq-query-options.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_FILTERS (tq_query_filters_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueryFilters, tq_query_filters, TQ, QUERY_FILTERS, GObject)

TQ_AVAILABLE_IN_ALL
TqQueryFilters    *tq_query_filters_new               (GVariant          *query_key) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
GVariant          *tq_query_filters_get_query_key     (TqQueryFilters    *self);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_query_key     (TqQueryFilters    *self,
                                                       GVariant          *query_key);
TQ_AVAILABLE_IN_ALL
gboolean           tq_query_filters_get_exact         (TqQueryFilters    *self);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_exact         (TqQueryFilters    *self,
                                                       gboolean           exact);
TQ_AVAILABLE_IN_ALL
TqQueryTypeFilter  tq_query_filters_get_query_type    (TqQueryFilters    *self);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_query_type    (TqQueryFilters    *self,
                                                       TqQueryTypeFilter  type);
TQ_AVAILABLE_IN_ALL
gboolean           tq_query_filters_get_stale         (TqQueryFilters    *self,
                                                       gboolean          *stale);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_stale         (TqQueryFilters    *self,
                                                       gboolean           stale);
TQ_AVAILABLE_IN_ALL
gboolean           tq_query_filters_get_fetch_status  (TqQueryFilters    *self,
                                                       TqFetchStatus     *fetch_status);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_fetch_status  (TqQueryFilters    *self,
                                                       TqFetchStatus      fetch_status);
TQ_AVAILABLE_IN_ALL
gboolean           tq_query_filters_get_refetch_type  (TqQueryFilters    *self,
                                                       TqRefetchType     *refetch_type);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_refetch_type  (TqQueryFilters    *self,
                                                       TqRefetchType      refetch_type);
TQ_AVAILABLE_IN_ALL
void               tq_query_filters_set_predicate     (TqQueryFilters    *self,
                                                       TqQueryPredicate   predicate,
                                                       gpointer           user_data,
                                                       GDestroyNotify     destroy);
TQ_AVAILABLE_IN_ALL
gboolean           tq_query_filters_matches           (TqQueryFilters    *self,
                                                       TqQuery           *query);

G_END_DECLS
