/* tq-optimistic-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"

G_BEGIN_DECLS

/* The optimistic layers of one query: the transformations of pending
 * mutations (and of succeeded ones whose change the query's confirmed data
 * does not show yet), in submission order. A query without layers has none
 * of this (a NULL pointer), so the common path costs nothing.
 *
 * A layer of a mutation that succeeded records how many fetches the query
 * had started by then: a fetch started later lands with data that includes
 * the change, and confirms (drops) the layer; an earlier one does not. Once
 * no such earlier fetch is in flight, and no pending layer comes before
 * it, a succeeded layer is baked into the base, so that layers never pile
 * up on a query that is not refetched.
 */
typedef struct _TqOptimisticLayers TqOptimisticLayers;

TqOptimisticLayers *_tq_optimistic_layers_new      (void);
void                _tq_optimistic_layers_free     (TqOptimisticLayers *self);
guint               _tq_optimistic_layers_get_size (TqOptimisticLayers *self);
void                _tq_optimistic_layers_add      (TqOptimisticLayers *self,
                                                    guint               mutation_id,
                                                    TqCallback         *func,
                                                    const GValue       *variables);
gboolean            _tq_optimistic_layers_remove   (TqOptimisticLayers *self,
                                                    guint               mutation_id);
gboolean            _tq_optimistic_layers_succeed  (TqOptimisticLayers *self,
                                                    guint               mutation_id,
                                                    guint64             fetch_count);
gboolean            _tq_optimistic_layers_confirm  (TqOptimisticLayers *self,
                                                    guint64             fetch_number);
/* Applies to @base, and removes, the leading layers of mutations that
 * succeeded, unless the fetch in flight (numbered @in_flight, 0 for none)
 * started before they succeeded: its data would not show them.
 */
gboolean            _tq_optimistic_layers_bake     (TqOptimisticLayers *self,
                                                    GValue             *base,
                                                    guint64             in_flight);
/* Applies every layer to @base, in order, into the unset @result. */
void                _tq_optimistic_layers_compose  (TqOptimisticLayers *self,
                                                    const GValue       *base,
                                                    GValue             *result);

G_END_DECLS
