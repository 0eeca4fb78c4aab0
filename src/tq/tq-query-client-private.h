/* tq-query-client-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-query-client.h"
#include "tq-query-private.h"

G_BEGIN_DECLS

TqEnv          *_tq_query_client_get_env              (TqQueryClient  *self);
/* New references; the key defaults are NULL when none matches. */
TqQueryOptions *_tq_query_client_default_query_options (TqQueryClient  *self,
                                                        TqQueryOptions *options);
/* The client's default options, merged as for a query with no options of
 * its own and no per-key defaults: shared by the queries that
 * set_query_data() makes (no key; do not change).
 */
TqQueryOptions *_tq_query_client_get_shared_query_options (TqQueryClient *self);
TqQueryOptions *_tq_query_client_get_query_defaults    (TqQueryClient  *self,
                                                        GVariant       *query_key);
TqPromise      *_tq_query_client_refetch_queries       (TqQueryClient  *self,
                                                        TqQueryFilters *filters,
                                                        gboolean        cancel_refetch);
TqPromise      *_tq_query_client_invalidate_queries    (TqQueryClient  *self,
                                                        TqQueryFilters *filters,
                                                        gboolean        cancel_refetch);
TqPromise      *_tq_query_client_cancel_queries        (TqQueryClient  *self,
                                                        TqQueryFilters *filters,
                                                        gboolean        revert,
                                                        gboolean        silent);
void            _tq_query_client_fetching_changed      (TqQueryClient  *self);

/* Mutations; new references. */
TqMutationOptions *_tq_query_client_default_mutation_options (TqQueryClient     *self,
                                                              TqMutationOptions *options);
TqMutationOptions *_tq_query_client_get_mutation_defaults    (TqQueryClient     *self,
                                                              GVariant          *mutation_key);

G_END_DECLS
