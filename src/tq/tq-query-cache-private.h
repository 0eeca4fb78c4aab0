/* tq-query-cache-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-query-cache.h"
#include "tq-query-private.h"

G_BEGIN_DECLS

void       _tq_query_cache_set_env                  (TqQueryCache    *self,
                                                     TqEnv           *env);
TqEnv     *_tq_query_cache_get_env                  (TqQueryCache    *self);
void       _tq_query_cache_keep_orphan              (TqQueryCache    *self,
                                                     TqQuery         *query);
void       _tq_query_cache_drop_orphan              (TqQueryCache    *self,
                                                     TqQuery         *query);
void       _tq_query_cache_add_detached             (TqQueryCache    *self,
                                                     TqQuery         *query);
void       _tq_query_cache_remove_detached          (TqQueryCache    *self,
                                                     TqQuery         *query);
void       _tq_query_cache_notify_updated           (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     TqQueryAction    action);
/* Whether @query has observers now (an active query needs one). */
void       _tq_query_cache_set_observed             (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     gboolean         observed);
void       _tq_query_cache_notify_observer          (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     TqQueryObserver *observer,
                                                     gboolean         added);
void       _tq_query_cache_notify_observer_results  (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     TqQueryObserver *observer);
void       _tq_query_cache_notify_observer_options  (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     TqQueryObserver *observer);
void       _tq_query_cache_emit_success             (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     const GValue    *data);
void       _tq_query_cache_emit_error               (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     const GError    *error);
void       _tq_query_cache_emit_settled             (TqQueryCache    *self,
                                                     TqQuery         *query,
                                                     const GValue    *data,
                                                     const GError    *error);
TqQuery   *_tq_query_cache_build                    (TqQueryCache    *self,
                                                     TqQueryClient   *client,
                                                     TqQueryOptions  *options,
                                                     TqQueryState    *state);
/* The query of @key (whose canonical form @canon holds), made with the
 * client's defaults if there is none.
 */
TqQuery   *_tq_query_cache_build_for_key            (TqQueryCache    *self,
                                                     TqQueryClient   *client,
                                                     GVariant        *key,
                                                     const TqKeyBuf  *canon);
/* While held, the queries removed from the cache stay alive, so that a
 * list of borrowed queries (from _tq_query_cache_find_all_borrowed()) can
 * be walked safely even if callbacks remove some; they go on the last
 * release. Cheaper than a reference to each query.
 */
void       _tq_query_cache_hold                     (TqQueryCache    *self);
void       _tq_query_cache_release                  (TqQueryCache    *self);
/* The query of a canonical key, or NULL. */
TqQuery   *_tq_query_cache_lookup                   (TqQueryCache    *self,
                                                     TqKeyCanon      *canon);
/* Matches without the predicate-free fast paths check: the queries the
 * filters select, in insertion order (transfer container, borrowed items).
 */
GPtrArray *_tq_query_cache_find_all_borrowed        (TqQueryCache    *self,
                                                     TqQueryFilters  *filters);

/* The count of queries whose fetch status is fetching, kept as queries
 * change, for the client's is-fetching property.
 */
guint      _tq_query_cache_get_n_fetching           (TqQueryCache    *self);
void       _tq_query_cache_fetching_delta           (TqQueryCache    *self,
                                                     int              delta);
void       _tq_query_cache_set_fetching_hook        (TqQueryCache    *self,
                                                     void           (*hook) (gpointer),
                                                     gpointer         data);

G_END_DECLS
