/* tq-infinite-query-behavior-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-query-private.h"

G_BEGIN_DECLS

/* How an infinite query fetches: TanStack's infiniteQueryBehavior
 * (rules 52–57). One attempt of a fetch fetches its pages one after
 * another and completes with the whole {pages, pageParams} data.
 */
extern const TqQueryBehavior _tq_infinite_query_behavior;

/* TanStack's hasNextPage() and hasPreviousPage() on query data. */
gboolean _tq_infinite_query_has_next_page     (TqQueryOptions *options,
                                               const GValue   *data);
gboolean _tq_infinite_query_has_previous_page (TqQueryOptions *options,
                                               const GValue   *data);

G_END_DECLS
