/* tq-demo-query.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TqDemoQueryParam:
 * @key: the parameter's name, decoded
 * @value: its value, decoded (empty for `?key`)
 *
 * One parameter of a query string, in the order of the URL.
 */
typedef struct
{
  char *key;
  char *value;
} TqDemoQueryParam;

/**
 * TqDemoListPage:
 * @items: (element-type JsonObject): the items to send, in order
 * @total: the number of items that matched, before slicing, or -1 when the
 *   request had no `_page`, `_limit` or `_end` (no `X-Total-Count` then)
 * @paged: whether the request had a `_page` (json-server then also exposes
 *   the `Link` header to scripts)
 * @link: (nullable): the `Link` header, or %NULL for none
 *
 * What [func@tq_demo_query_run] makes of a collection.
 */
typedef struct
{
  GPtrArray *items;
  gint64     total;
  gboolean   paged;
  char      *link;
} TqDemoListPage;

GPtrArray  *tq_demo_query_parse      (const char      *query);
const char *tq_demo_query_get        (GPtrArray       *params,
                                      const char      *key);
gboolean    tq_demo_query_run        (GPtrArray       *items,
                                      GPtrArray       *params,
                                      const char      *url,
                                      TqDemoListPage  *page,
                                      GError         **error);
void        tq_demo_list_page_clear  (TqDemoListPage  *page);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TqDemoListPage, tq_demo_list_page_clear)

G_END_DECLS
