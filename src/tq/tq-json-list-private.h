/* tq-json-list-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The items of a list model over JSON elements, shared by
 * TqQueryListModel and TqInfiniteListModel: it follows new lists of
 * elements by diffing them by item key, keeps the item of every element
 * that did not change, and emits items-changed for the smallest ranges.
 */
typedef struct
{
  JsonNode *node;   /* the element */
  JsonNode *key;    /* its key member, borrowed from @node, or NULL;
                     * looked up when first needed */
  GObject  *item;   /* made when first asked for */
} TqJsonListEntry;

typedef struct
{
  GListModel *model;      /* unowned: items-changed is emitted on it */
  GArray     *entries;    /* TqJsonListEntry */
  GType       item_type;
  char       *item_key;
} TqJsonList;

void       _tq_json_list_init        (TqJsonList   *self,
                                      GListModel   *model,
                                      GType         item_type,
                                      const char   *item_key);
void       _tq_json_list_clear       (TqJsonList   *self);
guint      _tq_json_list_get_n_items (TqJsonList   *self);
gpointer   _tq_json_list_get_item    (TqJsonList   *self,
                                      guint         position);
JsonNode  *_tq_json_list_get_node    (TqJsonList   *self,
                                      guint         position);
/* Follows @elements (borrowed), emitting items-changed; returns whether
 * the number of items changed.
 */
gboolean   _tq_json_list_update      (TqJsonList   *self,
                                      JsonNode    **elements,
                                      guint         n_elements);

/* The elements of query data: an array's elements, or those of the array
 * member @items_member of an object. With @pages, the data is infinite
 * data and each page is taken that way (a page that holds no array is one
 * element).
 */
void       _tq_json_list_collect     (JsonNode     *data,
                                      const char   *items_member,
                                      gboolean      pages,
                                      GPtrArray    *elements);

G_END_DECLS
