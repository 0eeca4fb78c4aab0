/* tq-infinite-list-model.h
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

#include "tq-infinite-query-observer.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_INFINITE_LIST_MODEL (tq_infinite_list_model_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqInfiniteListModel, tq_infinite_list_model, TQ, INFINITE_LIST_MODEL, GObject)

TQ_AVAILABLE_IN_ALL
TqInfiniteListModel     *tq_infinite_list_model_new                (TqInfiniteQueryObserver *observer) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqInfiniteQueryObserver *tq_infinite_list_model_get_observer       (TqInfiniteListModel     *self);
TQ_AVAILABLE_IN_ALL
const char              *tq_infinite_list_model_get_item_key       (TqInfiniteListModel     *self);
TQ_AVAILABLE_IN_ALL
const char              *tq_infinite_list_model_get_items_member   (TqInfiniteListModel     *self);
TQ_AVAILABLE_IN_ALL
JsonNode                *tq_infinite_list_model_get_node           (TqInfiniteListModel     *self,
                                                                    guint                    position);
TQ_AVAILABLE_IN_ALL
guint                    tq_infinite_list_model_get_load_distance  (TqInfiniteListModel     *self);
TQ_AVAILABLE_IN_ALL
void                     tq_infinite_list_model_set_load_distance  (TqInfiniteListModel     *self,
                                                                    guint                    distance);
TQ_AVAILABLE_IN_ALL
gboolean                 tq_infinite_list_model_load_near          (TqInfiniteListModel     *self,
                                                                    guint                    position);

G_END_DECLS
