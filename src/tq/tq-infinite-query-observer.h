/* tq-infinite-query-observer.h
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
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_INFINITE_QUERY_OBSERVER     (tq_infinite_query_observer_get_type ())
#define TQ_INFINITE_QUERY_OBSERVER(obj)     (G_TYPE_CHECK_INSTANCE_CAST ((obj), TQ_TYPE_INFINITE_QUERY_OBSERVER, TqInfiniteQueryObserver))
#define TQ_IS_INFINITE_QUERY_OBSERVER(obj)  (G_TYPE_CHECK_INSTANCE_TYPE ((obj), TQ_TYPE_INFINITE_QUERY_OBSERVER))

typedef struct _TqInfiniteQueryObserver      TqInfiniteQueryObserver;
typedef struct _TqInfiniteQueryObserverClass TqInfiniteQueryObserverClass;

TQ_AVAILABLE_IN_ALL
GType                    tq_infinite_query_observer_get_type                (void) G_GNUC_CONST;
TQ_AVAILABLE_IN_ALL
TqInfiniteQueryObserver *tq_infinite_query_observer_new                     (TqQueryClient           *client,
                                                                             TqQueryOptions          *options) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
void                     tq_infinite_query_observer_fetch_next_page         (TqInfiniteQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void                     tq_infinite_query_observer_fetch_next_page_async   (TqInfiniteQueryObserver *self,
                                                                             gboolean                 cancel_refetch,
                                                                             GCancellable            *cancellable,
                                                                             GAsyncReadyCallback      callback,
                                                                             gpointer                 user_data);
TQ_AVAILABLE_IN_ALL
TqQueryResult           *tq_infinite_query_observer_fetch_next_page_finish  (TqInfiniteQueryObserver *self,
                                                                             GAsyncResult            *result,
                                                                             GError                 **error);
TQ_AVAILABLE_IN_ALL
void                     tq_infinite_query_observer_fetch_previous_page     (TqInfiniteQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void                     tq_infinite_query_observer_fetch_previous_page_async (TqInfiniteQueryObserver *self,
                                                                               gboolean                 cancel_refetch,
                                                                               GCancellable            *cancellable,
                                                                               GAsyncReadyCallback      callback,
                                                                               gpointer                 user_data);
TQ_AVAILABLE_IN_ALL
TqQueryResult           *tq_infinite_query_observer_fetch_previous_page_finish (TqInfiniteQueryObserver *self,
                                                                                GAsyncResult            *result,
                                                                                GError                 **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqInfiniteQueryObserver, g_object_unref)

G_END_DECLS
