/* tq-query-observer.h
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

#include "tq-enums.h"
#include "tq-query.h"
#include "tq-query-options.h"
#include "tq-query-result.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_OBSERVER            (tq_query_observer_get_type ())
#define TQ_QUERY_OBSERVER(obj)            (G_TYPE_CHECK_INSTANCE_CAST ((obj), TQ_TYPE_QUERY_OBSERVER, TqQueryObserver))
#define TQ_IS_QUERY_OBSERVER(obj)         (G_TYPE_CHECK_INSTANCE_TYPE ((obj), TQ_TYPE_QUERY_OBSERVER))
#define TQ_QUERY_OBSERVER_CLASS(klass)    (G_TYPE_CHECK_CLASS_CAST ((klass), TQ_TYPE_QUERY_OBSERVER, TqQueryObserverClass))
#define TQ_IS_QUERY_OBSERVER_CLASS(klass) (G_TYPE_CHECK_CLASS_TYPE ((klass), TQ_TYPE_QUERY_OBSERVER))
#define TQ_QUERY_OBSERVER_GET_CLASS(obj)  (G_TYPE_INSTANCE_GET_CLASS ((obj), TQ_TYPE_QUERY_OBSERVER, TqQueryObserverClass))

/* Only Tq's own observers derive from it (TqInfiniteQueryObserver), so both
 * of its structures are private, as GTK keeps GtkListBase's.
 */
typedef struct _TqQueryObserverClass TqQueryObserverClass;

TQ_AVAILABLE_IN_ALL
GType            tq_query_observer_get_type               (void) G_GNUC_CONST;

TQ_AVAILABLE_IN_ALL
TqQueryObserver *tq_query_observer_new                    (TqQueryClient   *client,
                                                           TqQueryOptions  *options) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryClient   *tq_query_observer_get_client             (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
TqQueryOptions  *tq_query_observer_get_options            (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_set_options            (TqQueryObserver *self,
                                                           TqQueryOptions  *options);
TQ_AVAILABLE_IN_ALL
TqQuery         *tq_query_observer_get_query              (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_subscribe              (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_unsubscribe            (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_observer_is_subscribed          (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
TqQueryResult   *tq_query_observer_get_current_result     (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
TqQueryResult   *tq_query_observer_get_optimistic_result  (TqQueryObserver *self,
                                                           TqQueryOptions  *options);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_refetch                (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_refetch_async          (TqQueryObserver *self,
                                                           gboolean         cancel_refetch,
                                                           GCancellable    *cancellable,
                                                           GAsyncReadyCallback callback,
                                                           gpointer         user_data);
TQ_AVAILABLE_IN_ALL
TqQueryResult   *tq_query_observer_refetch_finish         (TqQueryObserver *self,
                                                           GAsyncResult    *result,
                                                           GError         **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_refetch_with_flags_async  (TqQueryObserver     *self,
                                                              TqRefetchFlags       flags,
                                                              GCancellable        *cancellable,
                                                              GAsyncReadyCallback  callback,
                                                              gpointer             user_data);
TQ_AVAILABLE_IN_ALL
TqQueryResult   *tq_query_observer_refetch_with_flags_finish (TqQueryObserver     *self,
                                                              GAsyncResult        *result,
                                                              GError             **error);
TQ_AVAILABLE_IN_ALL
GType            tq_query_observer_get_object_type        (TqQueryObserver *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_observer_set_object_type        (TqQueryObserver *self,
                                                           GType            object_type);
TQ_AVAILABLE_IN_ALL
GObject         *tq_query_observer_get_data_object        (TqQueryObserver *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqQueryObserver, g_object_unref)

G_END_DECLS
