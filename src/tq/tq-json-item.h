/* tq-json-item.h
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
#include <json-glib/json-glib.h>

#include "tq-version-macros.h"

G_BEGIN_DECLS

#define TQ_TYPE_JSON_ITEM (tq_json_item_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqJsonItem, tq_json_item, TQ, JSON_ITEM, GObject)

TQ_AVAILABLE_IN_ALL
TqJsonItem *tq_json_item_new         (JsonNode   *node,
                                      const char *key_member) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
JsonNode   *tq_json_item_get_node    (TqJsonItem *self);
TQ_AVAILABLE_IN_ALL
const char *tq_json_item_get_key     (TqJsonItem *self);
TQ_AVAILABLE_IN_ALL
gboolean    tq_json_item_has_member  (TqJsonItem *self,
                                      const char *name);
TQ_AVAILABLE_IN_ALL
JsonNode   *tq_json_item_get_member  (TqJsonItem *self,
                                      const char *name);
TQ_AVAILABLE_IN_ALL
const char *tq_json_item_get_string  (TqJsonItem *self,
                                      const char *name);
TQ_AVAILABLE_IN_ALL
gint64      tq_json_item_get_int     (TqJsonItem *self,
                                      const char *name);
TQ_AVAILABLE_IN_ALL
double      tq_json_item_get_double  (TqJsonItem *self,
                                      const char *name);
TQ_AVAILABLE_IN_ALL
gboolean    tq_json_item_get_boolean (TqJsonItem *self,
                                      const char *name);

G_END_DECLS
