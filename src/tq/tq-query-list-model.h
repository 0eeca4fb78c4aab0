/* tq-query-list-model.h
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
#include <json-glib/json-glib.h>

#include "tq-query-observer.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_LIST_MODEL (tq_query_list_model_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueryListModel, tq_query_list_model, TQ, QUERY_LIST_MODEL, GObject)

TQ_AVAILABLE_IN_ALL
TqQueryListModel *tq_query_list_model_new              (TqQueryObserver  *observer) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryObserver  *tq_query_list_model_get_observer     (TqQueryListModel *self);
TQ_AVAILABLE_IN_ALL
const char       *tq_query_list_model_get_item_key     (TqQueryListModel *self);
TQ_AVAILABLE_IN_ALL
const char       *tq_query_list_model_get_items_member (TqQueryListModel *self);
TQ_AVAILABLE_IN_ALL
JsonNode         *tq_query_list_model_get_node         (TqQueryListModel *self,
                                                        guint             position);

G_END_DECLS
