/* tq-infinite-data.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-error.h"
#include "tq-infinite-data-private.h"
#include "tq-value.h"

/* The data of an infinite query is TanStack's `InfiniteData` as JSON:
 *
 *   {"pages": [page, …], "pageParams": [param, …]}
 *
 * JSON because it is what the rest of the cache shares (structural sharing,
 * set_query_json(), the conformance traces, GObject Introspection users all
 * read it as it is), and because sharing then keeps every unchanged page
 * and every unchanged item inside a page identical across refetches, which
 * is what lets a list model keep its rows.
 */

static JsonArray *
member_array (JsonObject *object,
              const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return NULL;

  return json_node_get_array (node);
}

gboolean
_tq_infinite_data_unpack (JsonNode   *data,
                          JsonArray **pages,
                          JsonArray **page_params)
{
  JsonObject *object;
  JsonArray *p, *pp;

  if (data == NULL || !JSON_NODE_HOLDS_OBJECT (data))
    return FALSE;

  object = json_node_get_object (data);
  p = member_array (object, "pages");
  pp = member_array (object, "pageParams");
  if (p == NULL || pp == NULL)
    return FALSE;

  if (pages != NULL)
    *pages = p;
  if (page_params != NULL)
    *page_params = pp;

  return TRUE;
}

JsonNode *
_tq_infinite_data_from_value (const GValue *value)
{
  JsonNode *node;

  if (value == NULL || !G_VALUE_HOLDS (value, JSON_TYPE_NODE))
    return NULL;

  node = g_value_get_boxed (value);
  if (!_tq_infinite_data_unpack (node, NULL, NULL))
    return NULL;

  return node;
}

static JsonNode *
make_data (JsonArray *pages,
           JsonArray *page_params,
           gboolean   seal)
{
  JsonObject *object = json_object_new ();
  JsonNode *node;

  json_object_set_array_member (object, "pages", pages);
  json_object_set_array_member (object, "pageParams", page_params);
  node = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  if (seal)
    json_node_seal (node);

  return node;
}

JsonNode *
_tq_infinite_data_take (JsonArray *pages,
                        JsonArray *page_params)
{
  return make_data (pages, page_params, TRUE);
}

gboolean
_tq_json_is_nullish (JsonNode *node)
{
  return node == NULL || JSON_NODE_HOLDS_NULL (node);
}

JsonNode *
_tq_json_from_value (const GValue  *value,
                     GError       **error)
{
  GType type;

  if (value == NULL || !G_IS_VALUE (value))
    return NULL;

  type = G_VALUE_TYPE (value);

  if (type == JSON_TYPE_NODE)
    {
      JsonNode *node = g_value_get_boxed (value);

      return node != NULL ? json_node_ref (node) : NULL;
    }

  if (type == G_TYPE_VARIANT)
    {
      GVariant *variant = g_value_get_variant (value);

      return variant != NULL ? json_gvariant_serialize (variant) : json_node_new (JSON_NODE_NULL);
    }

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_BOOLEAN:
      return json_node_init_boolean (json_node_alloc (), g_value_get_boolean (value));
    case G_TYPE_CHAR:
      return json_node_init_int (json_node_alloc (), g_value_get_schar (value));
    case G_TYPE_UCHAR:
      return json_node_init_int (json_node_alloc (), g_value_get_uchar (value));
    case G_TYPE_INT:
      return json_node_init_int (json_node_alloc (), g_value_get_int (value));
    case G_TYPE_UINT:
      return json_node_init_int (json_node_alloc (), g_value_get_uint (value));
    case G_TYPE_LONG:
      return json_node_init_int (json_node_alloc (), g_value_get_long (value));
    case G_TYPE_ULONG:
      return json_node_init_int (json_node_alloc (), (gint64) g_value_get_ulong (value));
    case G_TYPE_INT64:
      return json_node_init_int (json_node_alloc (), g_value_get_int64 (value));
    case G_TYPE_UINT64:
      return json_node_init_int (json_node_alloc (), (gint64) g_value_get_uint64 (value));
    case G_TYPE_ENUM:
      return json_node_init_int (json_node_alloc (), g_value_get_enum (value));
    case G_TYPE_FLAGS:
      return json_node_init_int (json_node_alloc (), g_value_get_flags (value));
    case G_TYPE_FLOAT:
      return json_node_init_double (json_node_alloc (), g_value_get_float (value));
    case G_TYPE_DOUBLE:
      return json_node_init_double (json_node_alloc (), g_value_get_double (value));
    case G_TYPE_STRING:
      if (g_value_get_string (value) == NULL)
        return json_node_new (JSON_NODE_NULL);
      return json_node_init_string (json_node_alloc (), g_value_get_string (value));
    default:
      g_set_error (error, TQ_ERROR, TQ_ERROR_INVALID_DATA,
                   "A value of type %s cannot be stored in infinite query data, which is JSON",
                   g_type_name (type));
      return NULL;
    }
}

/* {{{ Structural sharing by page */

static JsonNode *
element_or_null (JsonArray *array,
                 guint      index)
{
  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  return json_array_get_element (array, index);
}

static gboolean
params_equal (JsonNode *a,
              JsonNode *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return json_node_equal (a, b);
}

typedef struct
{
  JsonArray  *params;
  guint       n;
  gboolean   *used;
  GHashTable *by_param;  /* JsonNode → GQueue of indices, made when needed */
  int         delta;
} PageMatcher;

static void
queue_free (gpointer data)
{
  g_queue_free (data);
}

static int
matcher_find (PageMatcher *m,
              guint        i,
              JsonNode    *param)
{
  gint64 guess = (gint64) i + m->delta;
  GQueue *queue;

  /* Pages mostly move together: try where the last one was found. */
  if (guess >= 0 && guess < m->n && !m->used[guess] &&
      params_equal (element_or_null (m->params, guess), param))
    return (int) guess;

  if (param == NULL)
    return -1;

  if (m->by_param == NULL)
    {
      m->by_param = g_hash_table_new_full (json_node_hash, json_node_equal, NULL, queue_free);
      for (guint j = 0; j < m->n; j++)
        {
          JsonNode *p = element_or_null (m->params, j);

          if (p == NULL)
            continue;

          queue = g_hash_table_lookup (m->by_param, p);
          if (queue == NULL)
            {
              queue = g_queue_new ();
              g_hash_table_insert (m->by_param, p, queue);
            }
          g_queue_push_tail (queue, GUINT_TO_POINTER (j));
        }
    }

  queue = g_hash_table_lookup (m->by_param, param);
  while (queue != NULL && !g_queue_is_empty (queue))
    {
      guint j = GPOINTER_TO_UINT (g_queue_pop_head (queue));

      if (!m->used[j])
        return (int) j;
    }

  return -1;
}

static gboolean
only_pages_members (JsonNode *node)
{
  return json_object_get_size (json_node_get_object (node)) == 2;
}

static JsonNode *
share_pages (JsonNode *a,
             JsonNode *b)
{
  JsonArray *a_pages, *a_params, *b_pages, *b_params;
  g_autoptr(JsonArray) pages = NULL;
  g_autoptr(JsonArray) params = NULL;
  g_autofree gboolean *used = NULL;
  PageMatcher matcher = { 0 };
  gboolean identical;
  guint n, m, n_params;

  if (a == b)
    return json_node_ref (a);

  _tq_infinite_data_unpack (a, &a_pages, &a_params);
  _tq_infinite_data_unpack (b, &b_pages, &b_params);

  n = json_array_get_length (a_pages);
  m = json_array_get_length (b_pages);
  n_params = json_array_get_length (b_params);
  used = g_new0 (gboolean, MAX (n, 1));

  matcher.params = a_params;
  matcher.n = MIN (n, json_array_get_length (a_params));
  matcher.used = used;

  pages = json_array_sized_new (m);
  params = json_array_sized_new (n_params);
  identical = n == m && json_array_get_length (a_params) == n_params;

  for (guint i = 0; i < m; i++)
    {
      JsonNode *b_page = json_array_get_element (b_pages, i);
      JsonNode *b_param = element_or_null (b_params, i);
      JsonNode *page;
      JsonNode *param;
      int j = matcher_find (&matcher, i, b_param);

      if (j >= 0)
        {
          used[j] = TRUE;
          matcher.delta = j - (int) i;
          page = tq_json_replace_equal_deep (json_array_get_element (a_pages, j), b_page);
          param = element_or_null (a_params, j);
        }
      else
        {
          /* TanStack's sharing, by index */
          page = tq_json_replace_equal_deep (element_or_null (a_pages, i), b_page);
          param = element_or_null (a_params, i);
          if (!params_equal (param, b_param))
            param = b_param;
        }

      if (page != element_or_null (a_pages, i) || param != element_or_null (a_params, i))
        identical = FALSE;

      json_array_add_element (pages, page);
      if (i < n_params)
        json_array_add_element (params, param ? json_node_ref (param) : json_node_new (JSON_NODE_NULL));
    }

  for (guint i = m; i < n_params; i++)
    {
      JsonNode *b_param = json_array_get_element (b_params, i);
      JsonNode *a_param = element_or_null (a_params, i);
      JsonNode *param = params_equal (a_param, b_param) ? a_param : b_param;

      if (param != a_param)
        identical = FALSE;
      json_array_add_element (params, json_node_ref (param));
    }

  g_clear_pointer (&matcher.by_param, g_hash_table_unref);

  if (identical)
    return json_node_ref (a);

  /* Sealed when the new data is, as tq_json_replace_equal_deep() does */
  return make_data (g_steal_pointer (&pages), g_steal_pointer (&params), json_node_is_immutable (b));
}

void
_tq_infinite_data_replace_equal_deep (const GValue *prev,
                                      const GValue *next,
                                      GValue       *result)
{
  JsonNode *a = _tq_infinite_data_from_value (prev);
  JsonNode *b = _tq_infinite_data_from_value (next);

  if (a == NULL || b == NULL || !only_pages_members (b) || !only_pages_members (a))
    {
      tq_value_replace_equal_deep (prev, next, result);
      return;
    }

  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, share_pages (a, b));
}

/* }}} */
/* {{{ Public API */

/**
 * tq_infinite_data_new:
 * @pages: (nullable): the pages, first to last; %NULL for none
 * @page_params: (nullable): the page parameter of each page, in the same
 *   order; %NULL for none
 *
 * Makes the data of an infinite query: TanStack's `InfiniteData`
 * (section 1.7 of `tanstack-query-core.md`), which Tq keeps as the JSON
 * object
 *
 * ```json
 * {"pages": [page, …], "pageParams": [param, …]}
 * ```
 *
 * Use it to write infinite data by hand, with
 * [method@Tq.QueryClient.set_query_json]; setting data with no pages is
 * allowed, and calls no page-parameter function (B37). The result is sealed
 * (json_node_seal()), and so are @pages and @page_params, which it shares.
 *
 * Returns: (transfer full): the data
 */
JsonNode *
tq_infinite_data_new (JsonArray *pages,
                      JsonArray *page_params)
{
  return _tq_infinite_data_take (pages != NULL ? json_array_ref (pages) : json_array_new (),
                                 page_params != NULL ? json_array_ref (page_params) : json_array_new ());
}

/**
 * tq_infinite_data_check:
 * @data: (nullable): query data
 *
 * Tells whether @data is the data of an infinite query: an object with a
 * `pages` array and a `pageParams` array of the same length.
 *
 * Returns: %TRUE if it is
 */
gboolean
tq_infinite_data_check (JsonNode *data)
{
  JsonArray *pages, *params;

  if (!_tq_infinite_data_unpack (data, &pages, &params))
    return FALSE;

  return json_array_get_length (pages) == json_array_get_length (params);
}

/**
 * tq_infinite_data_get_pages:
 * @data: (nullable): the data of an infinite query
 *
 * Gets the pages of infinite data.
 *
 * Returns: (transfer none) (nullable): the pages, first to last, or %NULL
 *   if @data is not infinite data
 */
JsonArray *
tq_infinite_data_get_pages (JsonNode *data)
{
  JsonArray *pages;

  if (!_tq_infinite_data_unpack (data, &pages, NULL))
    return NULL;

  return pages;
}

/**
 * tq_infinite_data_get_page_params:
 * @data: (nullable): the data of an infinite query
 *
 * Gets the page parameters of infinite data: the one each page was fetched
 * with, in the order of the pages.
 *
 * Returns: (transfer none) (nullable): the page parameters, or %NULL if
 *   @data is not infinite data
 */
JsonArray *
tq_infinite_data_get_page_params (JsonNode *data)
{
  JsonArray *params;

  if (!_tq_infinite_data_unpack (data, NULL, &params))
    return NULL;

  return params;
}

/**
 * tq_infinite_data_get_n_pages:
 * @data: (nullable): the data of an infinite query
 *
 * Counts the pages of infinite data.
 *
 * Returns: the number of pages; 0 if @data is not infinite data
 */
guint
tq_infinite_data_get_n_pages (JsonNode *data)
{
  JsonArray *pages;

  if (!_tq_infinite_data_unpack (data, &pages, NULL))
    return 0;

  return json_array_get_length (pages);
}

/* }}} */
