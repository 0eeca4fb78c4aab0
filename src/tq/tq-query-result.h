/* tq-query-result.h
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

#define TQ_TYPE_QUERY_RESULT (tq_query_result_get_type ())

TQ_AVAILABLE_IN_ALL
GType          tq_query_result_get_type                (void) G_GNUC_CONST;
TQ_AVAILABLE_IN_ALL
TqQueryResult *tq_query_result_ref                     (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
void           tq_query_result_unref                   (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
TqQueryStatus  tq_query_result_get_status              (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
TqFetchStatus  tq_query_result_get_fetch_status        (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
const GValue  *tq_query_result_get_data                (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_has_data                (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gint64         tq_query_result_get_data_updated_at     (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
const GError  *tq_query_result_get_error               (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gint64         tq_query_result_get_error_updated_at    (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
guint          tq_query_result_get_error_update_count  (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
guint          tq_query_result_get_failure_count       (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
const GError  *tq_query_result_get_failure_reason      (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_pending              (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_success              (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_error                (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_loading              (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetching             (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_paused               (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_refetching           (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_loading_error        (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_refetch_error        (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_placeholder_data     (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetched              (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetched_after_mount  (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_stale                (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_enabled              (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_has_next_page           (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_has_previous_page       (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetching_next_page   (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetching_previous_page (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetch_next_page_error (TqQueryResult *self);
TQ_AVAILABLE_IN_ALL
gboolean       tq_query_result_is_fetch_previous_page_error (TqQueryResult *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqQueryResult, tq_query_result_unref)

G_END_DECLS
