/* test-todos.c: the demo app's to-do keys and the effects of its mutations
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tq-demo-todos.h"

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  json_node_seal (node);
  return node;
}

static void
value_json (GValue     *value,
            const char *text)
{
  g_value_init (value, JSON_TYPE_NODE);
  g_value_take_boxed (value, json (text));
}

static char *
value_text (const GValue *value)
{
  if (!G_IS_VALUE (value))
    return g_strdup ("unset");

  return json_to_string (g_value_get_boxed (value), FALSE);
}

typedef void (*UpdateFunc) (GVariant     *query_key,
                            const GValue *data,
                            const GValue *variables,
                            GValue       *result,
                            gpointer      user_data);

/* @func applied to @data under @key with @variables, as text ("unset"
 * when it changes nothing)
 */
static char *
apply (UpdateFunc  func,
       const char *key,
       const char *data,
       const char *variables)
{
  g_autoptr(GVariant) k = g_variant_ref_sink (g_variant_new_parsed (key));
  g_auto(GValue) d = G_VALUE_INIT;
  g_auto(GValue) v = G_VALUE_INIT;
  g_auto(GValue) result = G_VALUE_INIT;

  value_json (&d, data);
  value_json (&v, variables);
  func (k, &d, &v, &result, NULL);

  return value_text (&result);
}

#define assert_applies(func, key, data, variables, expected) \
  G_STMT_START { \
    g_autofree char *__r = apply (func, key, data, variables); \
    g_assert_cmpstr (__r, ==, expected); \
  } G_STMT_END

static gboolean
is_list_key (const char *text)
{
  g_autoptr(GVariant) key = g_variant_ref_sink (g_variant_new_parsed (text));

  return tq_demo_todos_is_list_key (key);
}

static gboolean
accepts (const char *text,
         JsonObject *todo,
         gboolean   *certain)
{
  g_autoptr(GVariant) key = g_variant_ref_sink (g_variant_new_parsed (text));

  return tq_demo_todos_key_accepts (key, todo, certain);
}

static void
test_keys (void)
{
  g_autoptr(GVariant) all = g_variant_ref_sink (tq_demo_todos_list_key (TQ_DEMO_TODO_FILTER_ALL, 0, NULL));
  g_autoptr(GVariant) mine = g_variant_ref_sink (tq_demo_todos_list_key (TQ_DEMO_TODO_FILTER_COMPLETED, 3, "milk"));
  g_autoptr(GVariant) blank = g_variant_ref_sink (tq_demo_todos_list_key (TQ_DEMO_TODO_FILTER_ACTIVE, 0, ""));
  g_autofree char *all_path = tq_http_key_to_path (all, NULL, NULL);
  g_autofree char *mine_path = tq_http_key_to_path (mine, NULL, NULL);
  g_autofree char *blank_path = tq_http_key_to_path (blank, NULL, NULL);

  /* Only the filters in effect, so the keys are shared with other pages */
  g_assert_cmpstr (all_path, ==, "/todos");
  g_assert_cmpstr (mine_path, ==, "/todos?completed=true&q=milk&userId=3");
  g_assert_cmpstr (blank_path, ==, "/todos?completed=false");

  g_assert_true (tq_demo_todos_is_list_key (all));
  g_assert_true (is_list_key ("('todos',)"));
  g_assert_false (is_list_key ("('todos', 5)"));
  g_assert_false (is_list_key ("('users', @a{sv} {})"));
}

static void
test_key_accepts (void)
{
  g_autoptr(JsonNode) todo = json ("{\"id\": 4, \"userId\": 3, \"title\": \"Buy Milk\", \"completed\": true}");
  JsonObject *object = json_node_get_object (todo);
  gboolean certain;

#define ACCEPTS(key) accepts (key, object, &certain)
  g_assert_true (ACCEPTS ("('todos', @a{sv} {})") && certain);
  g_assert_true (ACCEPTS ("('todos', {'completed': <true>})") && certain);
  g_assert_false (ACCEPTS ("('todos', {'completed': <false>})"));
  g_assert_true (ACCEPTS ("('todos', {'userId': <int64 3>, 'completed': <true>})") && certain);
  g_assert_true (ACCEPTS ("('todos', {'userId': <3.0>})") && certain);
  g_assert_false (ACCEPTS ("('todos', {'userId': <4>})"));
  /* json-server's q: any value, case-insensitive; numbers count too */
  g_assert_true (ACCEPTS ("('todos', {'q': <'milk'>})") && certain);
  g_assert_true (ACCEPTS ("('todos', {'q': <'3'>})") && certain);
  g_assert_false (ACCEPTS ("('todos', {'q': <'bread'>})"));
  g_assert_true (ACCEPTS ("('todos', {'_sort': <'title'>, '_order': <'desc'>})") && certain);
  /* What it cannot evaluate, it says so */
  g_assert_true (ACCEPTS ("('todos', {'_page': <2>})"));
  g_assert_false (certain);
  g_assert_false (ACCEPTS ("('todos', 4)"));
  g_assert_false (ACCEPTS ("('users', @a{sv} {})"));
#undef ACCEPTS
}

static void
test_create (void)
{
  /* Into the lists it passes, with a temporary id, counting down */
  assert_applies (tq_demo_todos_create_update, "('todos', @a{sv} {})",
                  "[{\"id\":1}]", "{\"title\":\"a\",\"userId\":2,\"completed\":false}",
                  "[{\"id\":1},{\"title\":\"a\",\"userId\":2,\"completed\":false,\"id\":-1}]");
  assert_applies (tq_demo_todos_create_update, "('todos', {'completed': <false>})",
                  "[{\"id\":1},{\"id\":-1}]", "{\"title\":\"b\",\"completed\":false}",
                  "[{\"id\":1},{\"id\":-1},{\"title\":\"b\",\"completed\":false,\"id\":-2}]");
  assert_applies (tq_demo_todos_create_update, "('todos', {'completed': <true>})",
                  "[{\"id\":1}]", "{\"title\":\"a\",\"completed\":false}", "unset");
  assert_applies (tq_demo_todos_create_update, "('todos', {'userId': <5>})",
                  "[{\"id\":1}]", "{\"title\":\"a\",\"userId\":2}", "unset");
  assert_applies (tq_demo_todos_create_update, "('todos', {'_page': <1>})",
                  "[{\"id\":1}]", "{\"title\":\"a\"}", "unset");
  assert_applies (tq_demo_todos_create_update, "('todos', 1)",
                  "{\"id\":1}", "{\"title\":\"a\"}", "unset");

  /* An undone deletion goes back in its place, once */
  assert_applies (tq_demo_todos_create_update, "('todos', @a{sv} {})",
                  "[{\"id\":1},{\"id\":3}]", "{\"id\":2,\"title\":\"a\"}",
                  "[{\"id\":1},{\"id\":2,\"title\":\"a\"},{\"id\":3}]");
  assert_applies (tq_demo_todos_create_update, "('todos', @a{sv} {})",
                  "[{\"id\":2}]", "{\"id\":2,\"title\":\"a\"}", "unset");

  /* Other data is left alone */
  assert_applies (tq_demo_todos_create_update, "('todos', @a{sv} {})",
                  "{\"pages\":[]}", "{\"title\":\"a\"}", "unset");
}

static void
test_create_from_result (void)
{
  g_autoptr(GVariant) all = g_variant_ref_sink (g_variant_new_parsed ("('todos', @a{sv} {})"));
  g_autoptr(GVariant) done = g_variant_ref_sink (g_variant_new_parsed ("('todos', {'completed': <true>})"));
  g_auto(GValue) data = G_VALUE_INIT;
  g_auto(GValue) result = G_VALUE_INIT;
  g_auto(GValue) into_all = G_VALUE_INIT;
  g_auto(GValue) into_done = G_VALUE_INIT;
  g_auto(GValue) again = G_VALUE_INIT;
  g_autofree char *all_text = NULL;

  value_json (&data, "[{\"id\":1},{\"id\":9}]");
  value_json (&result, "{\"id\":7,\"title\":\"a\",\"completed\":false}");

  tq_demo_todos_create_from_result (all, &data, &result, NULL, &into_all, NULL);
  all_text = value_text (&into_all);
  g_assert_cmpstr (all_text, ==, "[{\"id\":1},{\"id\":7,\"title\":\"a\",\"completed\":false},{\"id\":9}]");

  tq_demo_todos_create_from_result (done, &data, &result, NULL, &into_done, NULL);
  g_assert_false (G_IS_VALUE (&into_done));

  /* Already there (a refetch brought it): replaced, not repeated */
  tq_demo_todos_create_from_result (all, &into_all, &result, NULL, &again, NULL);
  {
    g_autofree char *text = value_text (&again);

    g_assert_cmpstr (text, ==, all_text);
  }
}

static void
test_patch (void)
{
  assert_applies (tq_demo_todos_patch_update, "('todos', @a{sv} {})",
                  "[{\"id\":1,\"completed\":false},{\"id\":2,\"completed\":false}]",
                  "{\"id\":2,\"completed\":true}",
                  "[{\"id\":1,\"completed\":false},{\"id\":2,\"completed\":true}]");
  /* It leaves the lists it no longer passes */
  assert_applies (tq_demo_todos_patch_update, "('todos', {'completed': <false>})",
                  "[{\"id\":1,\"completed\":false},{\"id\":2,\"completed\":false}]",
                  "{\"id\":2,\"completed\":true}",
                  "[{\"id\":1,\"completed\":false}]");
  /* but stays where that cannot be told */
  assert_applies (tq_demo_todos_patch_update, "('todos', {'completed': <false>, '_page': <1>})",
                  "[{\"id\":2,\"completed\":false}]",
                  "{\"id\":2,\"completed\":true}",
                  "[{\"id\":2,\"completed\":true}]");
  /* The to-do's own query */
  assert_applies (tq_demo_todos_patch_update, "('todos', 2)",
                  "{\"id\":2,\"title\":\"a\"}", "{\"id\":2,\"title\":\"b\"}",
                  "{\"id\":2,\"title\":\"b\"}");
  assert_applies (tq_demo_todos_patch_update, "('todos', 3)",
                  "{\"id\":3,\"title\":\"a\"}", "{\"id\":2,\"title\":\"b\"}", "unset");
  assert_applies (tq_demo_todos_patch_update, "('todos', @a{sv} {})",
                  "[{\"id\":1}]", "{\"id\":2,\"title\":\"b\"}", "unset");
}

static void
test_delete (void)
{
  assert_applies (tq_demo_todos_delete_update, "('todos', {'userId': <1>})",
                  "[{\"id\":1},{\"id\":2},{\"id\":3}]", "{\"id\":2,\"title\":\"x\"}",
                  "[{\"id\":1},{\"id\":3}]");
  assert_applies (tq_demo_todos_delete_update, "('todos', @a{sv} {})",
                  "[{\"id\":1}]", "{\"id\":2}", "unset");
  /* String ids, as some servers have them */
  assert_applies (tq_demo_todos_delete_update, "('todos', @a{sv} {})",
                  "[{\"id\":\"a\"},{\"id\":\"b\"}]", "{\"id\":\"b\"}", "[{\"id\":\"a\"}]");
}

static void
test_temporary (void)
{
  g_autoptr(JsonNode) temporary = json ("{\"id\": -2}");
  g_autoptr(JsonNode) saved = json ("{\"id\": 2}");
  g_autoptr(JsonNode) text = json ("{\"id\": \"x\"}");

  g_assert_true (tq_demo_todo_is_temporary (json_node_get_object (temporary)));
  g_assert_false (tq_demo_todo_is_temporary (json_node_get_object (saved)));
  g_assert_false (tq_demo_todo_is_temporary (json_node_get_object (text)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo/todos/keys", test_keys);
  g_test_add_func ("/demo/todos/key-accepts", test_key_accepts);
  g_test_add_func ("/demo/todos/create", test_create);
  g_test_add_func ("/demo/todos/create-from-result", test_create_from_result);
  g_test_add_func ("/demo/todos/patch", test_patch);
  g_test_add_func ("/demo/todos/delete", test_delete);
  g_test_add_func ("/demo/todos/temporary", test_temporary);

  return g_test_run ();
}
