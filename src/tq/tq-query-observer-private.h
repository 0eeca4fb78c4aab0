/* tq-query-observer-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-query-observer.h"
#include "tq-query-options-private.h"

G_BEGIN_DECLS

TqQueryOptions *_tq_query_observer_get_options          (TqQueryObserver *self);
void            _tq_query_observer_on_query_update      (TqQueryObserver *self);
gboolean        _tq_query_observer_is_enabled_for       (TqQueryObserver *self,
                                                         TqQuery         *query);
gint64          _tq_query_observer_resolve_stale_time   (TqQueryObserver *self,
                                                         TqQuery         *query);
gboolean        _tq_query_observer_result_is_stale      (TqQueryObserver *self);
gboolean        _tq_query_observer_should_fetch_on      (TqQueryObserver *self,
                                                         TqRefetchEvent   event);
void            _tq_query_observer_refetch_in_background (TqQueryObserver *self);
/* The observer's link in its query's list of observers; data is NULL while
 * it is not attached.
 */
GList          *_tq_query_observer_get_query_link (TqQueryObserver *self);

G_END_DECLS
