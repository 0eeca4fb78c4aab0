/* tq-query-state.h
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
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_STATE (tq_query_state_get_type ())

TQ_AVAILABLE_IN_ALL
GType          tq_query_state_get_type                 (void) G_GNUC_CONST;
TQ_AVAILABLE_IN_ALL
TqQueryState  *tq_query_state_ref                      (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
void           tq_query_state_unref                    (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
const GValue  *tq_query_state_get_data                 (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_state_has_data                 (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
guint          tq_query_state_get_data_update_count    (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
gint64         tq_query_state_get_data_updated_at      (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
const GError  *tq_query_state_get_error                (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
guint          tq_query_state_get_error_update_count   (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
gint64         tq_query_state_get_error_updated_at     (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
guint          tq_query_state_get_fetch_failure_count  (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
const GError  *tq_query_state_get_fetch_failure_reason (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
TqFetchDirection tq_query_state_get_fetch_meta         (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_state_get_is_invalidated       (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
TqQueryStatus  tq_query_state_get_status               (TqQueryState *self);
TQ_AVAILABLE_IN_ALL
TqFetchStatus  tq_query_state_get_fetch_status         (TqQueryState *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqQueryState, tq_query_state_unref)

G_END_DECLS
