/* tq-demo-todos.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-demo-todos.h"

/* The to-dos' keys and mutations, shared by every part of the app that
 * shows to-dos (the cache conventions of the whole app):
 *
 * - a list is ('todos', {filters}), the dictionary holding only the filters
 *   in effect (`completed`, `userId`, `q`), so `GET /todos?completed=true`;
 * - one to-do is ('todos', id);
 * - every mutation runs in the scope "todos", so that changes made offline
 *   are sent in the order they were made.
 *
 * A mutation declares what it does to the cached lists (Tq's optimistic
 * layers), each list according to its filters: a new to-do goes into the
 * lists whose filter it passes, a to-do that no longer passes a list's
 * filter leaves it. Lists with filters the app cannot evaluate here (a page
 * of a paginated list, say) only get in-place changes, and the invalidation
 * after the mutation brings the server's version.
 */

GVariant *
tq_demo_todos_prefix_key (void)
{
  return g_variant_new_parsed ("('todos',)");
}

/**
 * tq_demo_todos_list_key:
 * @filter: completed, active or all
 * @user_id: the user whose to-dos to list, 0 for everyone's
 * @search: (nullable): text to search for, or %NULL
 *
 * Returns: (transfer floating): the key of a list of to-dos
 */
GVariant *
tq_demo_todos_list_key (TqDemoTodoFilter  filter,
                        gint64            user_id,
                        const char       *search)
{
  GVariantBuilder builder;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
  if (filter == TQ_DEMO_TODO_FILTER_ACTIVE || filter == TQ_DEMO_TODO_FILTER_COMPLETED)
    g_variant_builder_add (&builder, "{sv}", "completed",
                           g_variant_new_boolean (filter == TQ_DEMO_TODO_FILTER_COMPLETED));
  if (user_id != 0)
    g_variant_builder_add (&builder, "{sv}", "userId", g_variant_new_int64 (user_id));
  if (search != NULL && *search != '\0')
    g_variant_builder_add (&builder, "{sv}", "q", g_variant_new_string (search));

  return g_variant_new ("(sa{sv})", "todos", &builder);
}

static gboolean
variant_number (GVariant *value,
                double   *number)
{
  if (value == NULL)
    return FALSE;

  if (g_variant_is_of_type (value, G_VARIANT_TYPE_VARIANT))
    {
      g_autoptr(GVariant) inner = g_variant_get_variant (value);

      return variant_number (inner, number);
    }

  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:    *number = g_variant_get_byte (value); return TRUE;
    case G_VARIANT_CLASS_INT16:   *number = g_variant_get_int16 (value); return TRUE;
    case G_VARIANT_CLASS_UINT16:  *number = g_variant_get_uint16 (value); return TRUE;
    case G_VARIANT_CLASS_INT32:   *number = g_variant_get_int32 (value); return TRUE;
    case G_VARIANT_CLASS_UINT32:  *number = g_variant_get_uint32 (value); return TRUE;
    case G_VARIANT_CLASS_INT64:   *number = g_variant_get_int64 (value); return TRUE;
    case G_VARIANT_CLASS_UINT64:  *number = g_variant_get_uint64 (value); return TRUE;
    case G_VARIANT_CLASS_DOUBLE:  *number = g_variant_get_double (value); return TRUE;
    case G_VARIANT_CLASS_BOOLEAN:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      return FALSE;
    }
}

static gboolean
json_number (JsonNode *node,
             double   *number)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *number = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *number = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

/**
 * tq_demo_json_ids_equal:
 * @a: (nullable): an id
 * @b: (nullable): another
 *
 * Compares ids as json-server does: numbers by value, strings as text.
 *
 * Returns: whether @a and @b name the same item
 */
gboolean
tq_demo_json_ids_equal (JsonNode *a,
                        JsonNode *b)
{
  double x, y;

  if (a == NULL || b == NULL)
    return FALSE;

  if (json_number (a, &x) && json_number (b, &y))
    return x == y;

  if (JSON_NODE_HOLDS_VALUE (a) && JSON_NODE_HOLDS_VALUE (b) &&
      json_node_get_value_type (a) == G_TYPE_STRING && json_node_get_value_type (b) == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;

  return FALSE;
}

/**
 * tq_demo_todo_is_temporary:
 * @todo: a to-do
 *
 * Temporary to-dos are the ones added optimistically, which the server has
 * not given an id yet: their ids are negative.
 *
 * Returns: whether @todo is temporary
 */
gboolean
tq_demo_todo_is_temporary (JsonObject *todo)
{
  double id;

  return json_number (json_object_get_member (todo, "id"), &id) && id < 0;
}

static gboolean
is_todos_key (GVariant *query_key)
{
  g_autoptr(GVariant) first = NULL;

  if (query_key == NULL || !g_variant_is_of_type (query_key, G_VARIANT_TYPE_TUPLE) ||
      g_variant_n_children (query_key) < 1)
    return FALSE;

  first = g_variant_get_child_value (query_key, 0);
  return g_variant_is_of_type (first, G_VARIANT_TYPE_STRING) &&
         g_str_equal (g_variant_get_string (first, NULL), "todos");
}

/**
 * tq_demo_todos_is_list_key:
 * @query_key: a key
 *
 * Returns: whether @query_key is that of a list of to-dos: `('todos',)` or
 *   `('todos', {filters})`
 */
gboolean
tq_demo_todos_is_list_key (GVariant *query_key)
{
  g_autoptr(GVariant) second = NULL;

  if (!is_todos_key (query_key))
    return FALSE;

  if (g_variant_n_children (query_key) == 1)
    return TRUE;
  if (g_variant_n_children (query_key) != 2)
    return FALSE;

  second = g_variant_get_child_value (query_key, 1);
  return g_variant_is_of_type (second, G_VARIANT_TYPE ("a{sv}"));
}

/* json-server 0.17's full-text search (`q`): any value, at any depth, whose
 * text contains @needle (lower case); false, 0 and "" are skipped as
 * JavaScript skips falsy values.
 */
static gboolean
deep_query (JsonNode   *node,
            const char *needle)
{
  g_autofree char *text = NULL;
  g_autofree char *lower = NULL;

  if (node == NULL)
    return FALSE;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, NULL, &member))
          if (deep_query (member, needle))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (deep_query (json_array_get_element (array, i), needle))
            return TRUE;
        return FALSE;
      }
    case JSON_NODE_NULL:
      return FALSE;
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_STRING:
      text = g_strdup (json_node_get_string (node));
      break;
    case G_TYPE_INT64:
      if (json_node_get_int (node) != 0)
        text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
      break;
    case G_TYPE_DOUBLE:
      if (json_node_get_double (node) != 0)
        text = g_strdup_printf ("%g", json_node_get_double (node));
      break;
    case G_TYPE_BOOLEAN:
      if (json_node_get_boolean (node))
        text = g_strdup ("true");
      break;
    default:
      break;
    }

  if (text == NULL || *text == '\0')
    return FALSE;

  lower = g_utf8_strdown (text, -1);
  return strstr (lower, needle) != NULL;
}

/**
 * tq_demo_todos_key_accepts:
 * @query_key: the key of a list of to-dos
 * @todo: a to-do
 * @certain: (out) (optional): whether the answer is certain: %FALSE when the
 *   key has parameters this cannot evaluate (pagination, other filters)
 *
 * Tells whether the server would list @todo for @query_key, by the rules of
 * json-server 0.17: `completed` and `userId` compare the member's value,
 * `q` searches every value's text, `_sort` and `_order` only order.
 *
 * Returns: whether @todo belongs in the list; %FALSE if @query_key is not a
 *   list's
 */
gboolean
tq_demo_todos_key_accepts (GVariant   *query_key,
                           JsonObject *todo,
                           gboolean   *certain)
{
  g_autoptr(GVariant) filters = NULL;
  gboolean sure = TRUE;
  gboolean accepts = TRUE;
  GVariantIter iter;
  const char *name;
  GVariant *value;
  double wanted;

  if (certain != NULL)
    *certain = TRUE;

  if (!tq_demo_todos_is_list_key (query_key))
    return FALSE;
  if (g_variant_n_children (query_key) == 1)
    return TRUE;

  filters = g_variant_get_child_value (query_key, 1);
  g_variant_iter_init (&iter, filters);
  while (g_variant_iter_loop (&iter, "{&sv}", &name, &value))
    {
      if (g_str_equal (name, "completed") && g_variant_is_of_type (value, G_VARIANT_TYPE_BOOLEAN))
        {
          gboolean completed = json_object_get_boolean_member_with_default (todo, "completed", FALSE);

          if (completed != g_variant_get_boolean (value))
            accepts = FALSE;
        }
      else if (g_str_equal (name, "userId") && variant_number (value, &wanted))
        {
          double user_id;

          if (!json_number (json_object_get_member (todo, "userId"), &user_id) || user_id != wanted)
            accepts = FALSE;
        }
      else if (g_str_equal (name, "q") && g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
        {
          g_autofree char *needle = g_utf8_strdown (g_variant_get_string (value, NULL), -1);
          JsonObjectIter members;
          JsonNode *member;
          gboolean found = FALSE;

          /* An empty search finds everything, as json-server ignores it */
          if (*needle == '\0')
            continue;

          json_object_iter_init (&members, todo);
          while (!found && json_object_iter_next (&members, NULL, &member))
            found = deep_query (member, needle);
          if (!found)
            accepts = FALSE;
        }
      else if (g_str_equal (name, "_sort") || g_str_equal (name, "_order"))
        continue;
      else
        sure = FALSE;
    }

  if (certain != NULL)
    *certain = sure;

  return accepts;
}

/* {{{ JSON helpers */

static JsonNode *
data_node (const GValue *data)
{
  if (data == NULL || !G_VALUE_HOLDS (data, JSON_TYPE_NODE))
    return NULL;

  return g_value_get_boxed (data);
}

static JsonObject *
data_object (const GValue *data)
{
  JsonNode *node = data_node (data);

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static JsonArray *
data_array (const GValue *data)
{
  JsonNode *node = data_node (data);

  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

/* Sets @result to a node of @array, which it takes */
static void
set_result (GValue    *result,
            JsonArray *array)
{
  JsonNode *node = json_node_alloc ();

  json_node_take_array (json_node_init (node, JSON_NODE_ARRAY), array);

  json_node_seal (node);
  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, node);
}

/* @todo with the members of @changes on top: a new, sealed node */
static JsonNode *
merged (JsonObject *todo,
        JsonObject *changes)
{
  g_autoptr(JsonObject) copy = json_object_new ();
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;
  JsonNode *node;

  /* In order: the members keep their places */
  json_object_iter_init_ordered (&iter, todo);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, json_node_ref (member));

  json_object_iter_init_ordered (&iter, changes);
  while (json_object_iter_next_ordered (&iter, &name, &member))
    json_object_set_member (copy, name, json_node_ref (member));

  node = json_node_init_object (json_node_alloc (), copy);
  json_node_seal (node);
  return node;
}

static JsonNode *
element_id (JsonArray *array,
            guint      index)
{
  JsonNode *element = json_array_get_element (array, index);

  if (!JSON_NODE_HOLDS_OBJECT (element))
    return NULL;

  return json_object_get_member (json_node_get_object (element), "id");
}

static int
find_id (JsonArray *array,
         JsonNode  *id)
{
  for (guint i = 0; i < json_array_get_length (array); i++)
    if (tq_demo_json_ids_equal (element_id (array, i), id))
      return i;

  return -1;
}

/* Where an item with @id goes in a list in the server's order (ascending
 * ids, as json-server and the demo server list them): before the first
 * larger id; at the end for ids that are not numbers.
 */
static guint
insertion_index (JsonArray *array,
                 JsonNode  *id)
{
  guint n = json_array_get_length (array);
  double value, other;

  if (!json_number (id, &value) || value < 0)
    return n;

  for (guint i = 0; i < n; i++)
    if (json_number (element_id (array, i), &other) && other > value)
      return i;

  return n;
}

/* A copy of @array with @element inserted at @index, or replacing the
 * element at @index if @replace; without the element at @index if
 * @element is %NULL.
 */
static JsonArray *
array_with (JsonArray *array,
            guint      index,
            JsonNode  *element,
            gboolean   replace)
{
  JsonArray *copy = json_array_sized_new (json_array_get_length (array) + 1);
  guint n = json_array_get_length (array);

  for (guint i = 0; i <= n; i++)
    {
      if (i == index && element != NULL)
        json_array_add_element (copy, json_node_ref (element));
      if (i == n)
        break;
      if (i == index && (replace || element == NULL))
        continue;
      json_array_add_element (copy, json_node_ref (json_array_get_element (array, i)));
    }

  return copy;
}

/* }}} */
/* {{{ The declared effects */

/* The smallest temporary id not in @array yet, as a negative number: the
 * first pending addition is -1, the next -2… so that the function is pure.
 */
static gint64
next_temporary_id (JsonArray *array)
{
  gint64 lowest = 0;

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      double id;

      if (json_number (element_id (array, i), &id) && id < lowest)
        lowest = (gint64) id;
    }

  return lowest - 1;
}

/**
 * tq_demo_todos_create_update:
 *
 * The optimistic effect of adding a to-do (the variables are the body of
 * the `POST`): the lists whose filter it passes show it at once, with a
 * temporary id, or with its own id when it has one (an undone deletion
 * puts the to-do back where it was).
 */
void
tq_demo_todos_create_update (GVariant     *query_key,
                             const GValue *data,
                             const GValue *variables,
                             GValue       *result,
                             gpointer      user_data)
{
  JsonArray *array = data_array (data);
  JsonObject *todo = data_object (variables);
  g_autoptr(JsonObject) with_id = NULL;
  g_autoptr(JsonNode) item = NULL;
  JsonNode *id;
  gboolean certain;

  if (array == NULL || todo == NULL)
    return;
  if (!tq_demo_todos_key_accepts (query_key, todo, &certain) || !certain)
    return;

  id = json_object_get_member (todo, "id");
  if (id != NULL)
    {
      if (find_id (array, id) >= 0)
        return;
      item = json_node_ref (data_node (variables));
    }
  else
    {
      with_id = json_object_new ();
      json_object_set_int_member (with_id, "id", next_temporary_id (array));
      item = merged (todo, with_id);
    }

  set_result (result, array_with (array, insertion_index (array, json_object_get_member (json_node_get_object (item), "id")),
                                  item, FALSE));
}

/**
 * tq_demo_todos_create_from_result:
 *
 * What the server's answer to the `POST` does to the lists, in the same
 * step that removes the temporary to-do: the created to-do, with its id,
 * goes into the lists whose filter it passes.
 */
void
tq_demo_todos_create_from_result (GVariant     *query_key,
                                  const GValue *data,
                                  const GValue *result,
                                  const GValue *variables,
                                  GValue       *new_data,
                                  gpointer      user_data)
{
  JsonArray *array = data_array (data);
  JsonObject *created = data_object (result);
  JsonNode *id;
  gboolean certain;
  int index;

  if (array == NULL || created == NULL || (id = json_object_get_member (created, "id")) == NULL)
    return;
  if (!tq_demo_todos_key_accepts (query_key, created, &certain) || !certain)
    return;

  index = find_id (array, id);
  if (index >= 0)
    set_result (new_data, array_with (array, index, data_node (result), TRUE));
  else
    set_result (new_data, array_with (array, insertion_index (array, id), data_node (result), FALSE));
}

/**
 * tq_demo_todos_patch_update:
 *
 * The optimistic effect of a `PATCH` (the variables are its body, with the
 * id): the to-do changes in every list and in its own query, and leaves the
 * lists whose filter it no longer passes.
 */
void
tq_demo_todos_patch_update (GVariant     *query_key,
                            const GValue *data,
                            const GValue *variables,
                            GValue       *result,
                            gpointer      user_data)
{
  JsonObject *changes = data_object (variables);
  JsonNode *id = changes != NULL ? json_object_get_member (changes, "id") : NULL;
  JsonArray *array;
  JsonObject *object;

  if (id == NULL)
    return;

  if ((object = data_object (data)) != NULL)
    {
      if (tq_demo_json_ids_equal (json_object_get_member (object, "id"), id))
        {
          g_value_init (result, JSON_TYPE_NODE);
          g_value_take_boxed (result, merged (object, changes));
        }
      return;
    }

  if ((array = data_array (data)) != NULL && tq_demo_todos_is_list_key (query_key))
    {
      int index = find_id (array, id);
      g_autoptr(JsonNode) item = NULL;
      gboolean certain;

      if (index < 0)
        return;

      item = merged (json_node_get_object (json_array_get_element (array, index)), changes);
      if (!tq_demo_todos_key_accepts (query_key, json_node_get_object (item), &certain) && certain)
        set_result (result, array_with (array, index, NULL, FALSE));
      else
        set_result (result, array_with (array, index, item, TRUE));
    }
}

/**
 * tq_demo_todos_delete_update:
 *
 * The optimistic effect of a `DELETE` (the variables are the to-do): it
 * leaves every list.
 */
void
tq_demo_todos_delete_update (GVariant     *query_key,
                             const GValue *data,
                             const GValue *variables,
                             GValue       *result,
                             gpointer      user_data)
{
  JsonObject *todo = data_object (variables);
  JsonArray *array = data_array (data);
  int index;

  if (todo == NULL || array == NULL || !tq_demo_todos_is_list_key (query_key))
    return;

  index = find_id (array, json_object_get_member (todo, "id"));
  if (index >= 0)
    set_result (result, array_with (array, index, NULL, FALSE));
}

/* }}} */
/* {{{ The mutations */

static TqMutationOptions *
todos_mutation (TqHttpClient *http_client,
                const char   *name,
                const char   *method,
                const char   *path)
{
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (tq_demo_todos_prefix_key ());
  TqMutationOptions *options;

  options = tq_mutation_options_new (g_variant_new ("(ss)", "todos", name));
  tq_http_client_apply_mutation (http_client, options, method, path);
  tq_mutation_options_set_scope_id (options, TQ_DEMO_TODOS_SCOPE);
  tq_mutation_options_add_invalidates (options, todos);

  return options;
}

/**
 * tq_demo_todos_create_options:
 * @http_client: the client that sends the request
 *
 * The mutation that adds a to-do: `POST /todos` with the to-do as
 * variables, shown at once with a temporary id, then with the server's.
 *
 * Returns: (transfer full): mutation options
 */
TqMutationOptions *
tq_demo_todos_create_options (TqHttpClient *http_client)
{
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (tq_demo_todos_prefix_key ());
  TqMutationOptions *options = todos_mutation (http_client, "create", "POST", "/todos");

  tq_mutation_options_add_optimistic_query_update (options, todos, tq_demo_todos_create_update, NULL, NULL);
  tq_mutation_options_add_query_update_from_result (options, todos, tq_demo_todos_create_from_result, NULL, NULL);

  return options;
}

/**
 * tq_demo_todos_update_options:
 * @http_client: the client that sends the request
 *
 * The mutation that changes a to-do: `PATCH /todos/{id}` with the id and
 * the changed members as variables.
 *
 * Returns: (transfer full): mutation options
 */
TqMutationOptions *
tq_demo_todos_update_options (TqHttpClient *http_client)
{
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (tq_demo_todos_prefix_key ());
  TqMutationOptions *options = todos_mutation (http_client, "update", "PATCH", "/todos/{id}");

  tq_mutation_options_add_optimistic_query_update (options, todos, tq_demo_todos_patch_update, NULL, NULL);

  return options;
}

/**
 * tq_demo_todos_delete_options:
 * @http_client: the client that sends the request
 *
 * The mutation that deletes a to-do: `DELETE /todos/{id}` with the to-do as
 * variables (so that its deletion can be undone).
 *
 * Returns: (transfer full): mutation options
 */
TqMutationOptions *
tq_demo_todos_delete_options (TqHttpClient *http_client)
{
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (tq_demo_todos_prefix_key ());
  TqMutationOptions *options = todos_mutation (http_client, "delete", "DELETE", "/todos/{id}");

  tq_mutation_options_add_optimistic_query_update (options, todos, tq_demo_todos_delete_update, NULL, NULL);

  return options;
}

/* }}} */
