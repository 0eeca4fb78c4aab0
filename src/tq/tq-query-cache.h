/* tq-query-cache.h
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

#include "tq-query.h"
#include "tq-query-filters.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_CACHE (tq_query_cache_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueryCache, tq_query_cache, TQ, QUERY_CACHE, GObject)

TQ_AVAILABLE_IN_ALL
TqQueryCache *tq_query_cache_new       (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQuery      *tq_query_cache_build     (TqQueryCache   *self,
                                        TqQueryClient  *client,
                                        TqQueryOptions *options);
TQ_AVAILABLE_IN_ALL
TqQuery      *tq_query_cache_get       (TqQueryCache   *self,
                                        const char     *query_hash);
TQ_AVAILABLE_IN_ALL
GPtrArray    *tq_query_cache_get_all   (TqQueryCache   *self);
TQ_AVAILABLE_IN_ALL
guint         tq_query_cache_get_size  (TqQueryCache   *self);
TQ_AVAILABLE_IN_ALL
TqQuery      *tq_query_cache_find      (TqQueryCache   *self,
                                        TqQueryFilters *filters);
TQ_AVAILABLE_IN_ALL
GPtrArray    *tq_query_cache_find_all  (TqQueryCache   *self,
                                        TqQueryFilters *filters);
TQ_AVAILABLE_IN_ALL
void          tq_query_cache_remove    (TqQueryCache   *self,
                                        TqQuery        *query);
TQ_AVAILABLE_IN_ALL
void          tq_query_cache_clear     (TqQueryCache   *self);
TQ_AVAILABLE_IN_ALL
void          tq_query_cache_on_focus  (TqQueryCache   *self);
TQ_AVAILABLE_IN_ALL
void          tq_query_cache_on_online (TqQueryCache   *self);

G_END_DECLS
