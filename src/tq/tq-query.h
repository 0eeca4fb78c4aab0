/* tq-query.h
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
#include "tq-query-options.h"
#include "tq-query-state.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY (tq_query_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQuery, tq_query, TQ, QUERY, GObject)

TQ_AVAILABLE_IN_ALL
GVariant       *tq_query_get_key             (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
const char     *tq_query_get_hash            (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_get_key_int         (TqQuery              *self,
                                              guint                 index,
                                              gint64               *value);
TQ_AVAILABLE_IN_ALL
const char     *tq_query_get_key_string      (TqQuery              *self,
                                              guint                 index);
TQ_AVAILABLE_IN_ALL
TqQueryState   *tq_query_get_state           (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
TqQueryOptions *tq_query_get_options         (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
TqQueryCache   *tq_query_get_cache           (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gint64          tq_query_get_gc_time         (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
guint           tq_query_get_observers_count (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_is_active           (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_is_disabled         (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_is_static           (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_is_stale            (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_is_stale_by_time    (TqQuery              *self,
                                              gint64                stale_time_ms);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_is_fetched          (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_invalidate          (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_reset               (TqQuery              *self);
TQ_AVAILABLE_IN_ALL
void            tq_query_cancel              (TqQuery              *self,
                                              gboolean              revert,
                                              gboolean              silent);
TQ_AVAILABLE_IN_ALL
void            tq_query_set_data            (TqQuery              *self,
                                              const GValue         *data,
                                              gint64                updated_at_ms);
TQ_AVAILABLE_IN_ALL
void            tq_query_fetch_async         (TqQuery              *self,
                                              TqQueryOptions       *options,
                                              gboolean              cancel_refetch,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
TQ_AVAILABLE_IN_ALL
gboolean        tq_query_fetch_finish        (TqQuery              *self,
                                              GAsyncResult         *result,
                                              GValue               *data,
                                              GError              **error);

G_END_DECLS
