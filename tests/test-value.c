/* test-value.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <tq.h>

static JsonNode *
json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

static JsonNode *
member (JsonNode   *node,
        const char *name)
{
  return json_object_get_member (json_node_get_object (node), name);
}

static JsonNode *
element (JsonNode *node,
         guint     index)
{
  return json_array_get_element (json_node_get_array (node), index);
}

static void
assert_json (JsonNode   *node,
             const char *expected)
{
  g_autoptr(JsonNode) want = json (expected);

  g_assert_true (tq_json_equal (node, want));
}

/* B03 (i): deeply equal → prev itself */
static void
test_replace_equal (void)
{
  g_autoptr(JsonNode) prev = json ("{\"a\": {\"x\": 1}, \"b\": [1, {\"y\": 2}], \"c\": 3}");
  g_autoptr(JsonNode) next = json ("{\"c\": 3, \"b\": [1, {\"y\": 2}], \"a\": {\"x\": 1.0}}");
  g_autoptr(JsonNode) result = tq_json_replace_equal_deep (prev, next);

  g_assert_true (result == prev);
}

/* B03 (ii): only c changed → new root, a and b are prev's */
static void
test_replace_shares_subtrees (void)
{
  g_autoptr(JsonNode) prev = json ("{\"a\": {\"x\": 1}, \"b\": [1, {\"y\": 2}], \"c\": 3}");
  g_autoptr(JsonNode) next = json ("{\"a\": {\"x\": 1}, \"b\": [1, {\"y\": 2}], \"c\": 4}");
  g_autoptr(JsonNode) result = tq_json_replace_equal_deep (prev, next);

  g_assert_true (result != prev);
  g_assert_true (result != next);
  assert_json (result, "{\"a\": {\"x\": 1}, \"b\": [1, {\"y\": 2}], \"c\": 4}");
  g_assert_true (member (result, "a") == member (prev, "a"));
  g_assert_true (member (result, "b") == member (prev, "b"));
  g_assert_true (member (result, "c") == member (next, "c"));

  /* Neither input was touched */
  assert_json (prev, "{\"a\": {\"x\": 1}, \"b\": [1, {\"y\": 2}], \"c\": 3}");
  assert_json (next, "{\"a\": {\"x\": 1}, \"b\": [1, {\"y\": 2}], \"c\": 4}");
}

/* B03 (iii): arrays that shrink or grow are new arrays */
static void
test_replace_arrays (void)
{
  g_autoptr(JsonNode) prev = json ("[1, 2, 3]");
  g_autoptr(JsonNode) shorter = json ("[1, 2]");
  g_autoptr(JsonNode) longer = json ("[1, 2, 3, 4]");
  g_autoptr(JsonNode) r1 = tq_json_replace_equal_deep (prev, shorter);
  g_autoptr(JsonNode) r2 = tq_json_replace_equal_deep (prev, longer);

  /* equal scalar elements keep their identity, as list models need */
  g_assert_true (r1 != prev);
  assert_json (r1, "[1, 2]");
  g_assert_true (element (r1, 0) == element (prev, 0));
  g_assert_true (r2 != prev);
  assert_json (r2, "[1, 2, 3, 4]");
  g_assert_true (element (r2, 2) == element (prev, 2));
}

/* A changed item in a list leaves the other items' identity alone: the
 * property list models rely on.
 */
static void
test_replace_list_items (void)
{
  g_autoptr(JsonNode) prev = json ("[{\"id\": 1, \"t\": \"a\"}, {\"id\": 2, \"t\": \"b\"}, {\"id\": 3, \"t\": \"c\"}]");
  g_autoptr(JsonNode) next = json ("[{\"id\": 1, \"t\": \"a\"}, {\"id\": 2, \"t\": \"B\"}, {\"id\": 3, \"t\": \"c\"}]");
  g_autoptr(JsonNode) result = tq_json_replace_equal_deep (prev, next);

  g_assert_true (element (result, 0) == element (prev, 0));
  g_assert_true (element (result, 1) != element (prev, 1));
  g_assert_true (element (result, 2) == element (prev, 2));
  /* The changed item shares nothing (its members are scalars, known by
   * name): it is the new data's own node, not a copy of it.
   */
  g_assert_true (element (result, 1) == element (next, 1));
}

/* A container whose changes are all in scalars is the new data's node;
 * one that keeps a shared subtree is a copy whose other members are the
 * new data's, in the new data's order.
 */
static void
test_replace_copies_only_to_share (void)
{
  g_autoptr(JsonNode) prev = json ("{\"a\": 1, \"b\": \"x\", \"c\": [1], \"d\": {\"e\": [2], \"f\": 3}}");
  g_autoptr(JsonNode) next = json ("{\"a\": 2, \"b\": \"x\", \"c\": [5, 6], \"d\": {\"e\": [2], \"f\": 4}}");
  g_autoptr(JsonNode) result = tq_json_replace_equal_deep (prev, next);
  JsonNode *d;
  g_autoptr(GList) names = NULL;

  assert_json (result, "{\"a\": 2, \"b\": \"x\", \"c\": [5, 6], \"d\": {\"e\": [2], \"f\": 4}}");
  /* d keeps prev's e, so d and the root are copies */
  g_assert_true (result != next && result != prev);
  d = member (result, "d");
  g_assert_true (d != member (next, "d") && d != member (prev, "d"));
  g_assert_true (json_object_get_member (json_node_get_object (d), "e") ==
                 json_object_get_member (json_node_get_object (member (prev, "d")), "e"));
  /* the members before the first shared one are next's own */
  g_assert_true (member (result, "a") == member (next, "a"));
  g_assert_true (member (result, "b") == member (next, "b"));
  g_assert_true (member (result, "c") == member (next, "c"));
  names = json_object_get_members (json_node_get_object (result));
  g_assert_cmpstr (names->data, ==, "a");
  g_assert_cmpstr (g_list_last (names)->data, ==, "d");

  /* arrays: new elements before the first shared one are next's own; an
   * array that shares nothing is next's node
   */
  {
    g_autoptr(JsonNode) p2 = json ("[1, 2, [3], 4]");
    g_autoptr(JsonNode) n2 = json ("[0, 5, [3], 4]");
    g_autoptr(JsonNode) r2 = tq_json_replace_equal_deep (p2, n2);
    g_autoptr(JsonNode) n3 = json ("[7, 5, 6]");
    g_autoptr(JsonNode) r3 = tq_json_replace_equal_deep (p2, n3);

    assert_json (r2, "[0, 5, [3], 4]");
    g_assert_true (element (r2, 0) == element (n2, 0));
    g_assert_true (element (r2, 1) == element (n2, 1));
    g_assert_true (element (r2, 2) == element (p2, 2));
    g_assert_true (element (r2, 3) == element (p2, 3));
    g_assert_true (r3 == n3);
  }
}

/* B03 (iv): empty containers */
static void
test_replace_empty (void)
{
  g_autoptr(JsonNode) o1 = json ("{}");
  g_autoptr(JsonNode) o2 = json ("{}");
  g_autoptr(JsonNode) a1 = json ("[]");
  g_autoptr(JsonNode) a2 = json ("[]");
  g_autoptr(JsonNode) r1 = tq_json_replace_equal_deep (o1, o2);
  g_autoptr(JsonNode) r2 = tq_json_replace_equal_deep (a1, a2);
  g_autoptr(JsonNode) r3 = tq_json_replace_equal_deep (o1, a2);

  g_assert_true (r1 == o1);
  g_assert_true (r2 == a1);
  g_assert_true (r3 == a2);
}

static JsonNode *
nest (guint depth,
      int   leaf)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, leaf);
  for (guint i = 0; i < depth; i++)
    {
      JsonArray *array = json_array_new ();

      json_array_add_element (array, node);
      node = json_node_init_array (json_node_alloc (), array);
      json_array_unref (array);
    }

  return node;
}

/* B03 (v): sharing stops beyond depth 500 */
static void
test_replace_depth_limit (void)
{
  g_autoptr(JsonNode) deep_prev = nest (600, 1);
  g_autoptr(JsonNode) deep_next = nest (600, 1);
  g_autoptr(JsonNode) shallow_prev = nest (400, 1);
  g_autoptr(JsonNode) shallow_next = nest (400, 1);
  g_autoptr(JsonNode) deep = tq_json_replace_equal_deep (deep_prev, deep_next);
  g_autoptr(JsonNode) shallow = tq_json_replace_equal_deep (shallow_prev, shallow_next);

  /* Below the limit the walk reaches the leaves and finds them equal */
  g_assert_true (shallow == shallow_prev);
  /* Beyond it, the inner part is taken from next, so the result is not prev */
  g_assert_true (deep != deep_prev);
  g_assert_true (tq_json_equal (deep, deep_prev));
}

static void
test_replace_scalars_and_null (void)
{
  g_autoptr(JsonNode) s1 = json ("\"data\"");
  g_autoptr(JsonNode) s2 = json ("\"data\"");
  g_autoptr(JsonNode) n1 = json ("null");
  g_autoptr(JsonNode) i1 = json ("1");
  g_autoptr(JsonNode) d1 = json ("1.0");
  g_autoptr(JsonNode) r1 = tq_json_replace_equal_deep (s1, s2);
  g_autoptr(JsonNode) r2 = tq_json_replace_equal_deep (NULL, s2);
  g_autoptr(JsonNode) r3 = tq_json_replace_equal_deep (s1, n1);
  g_autoptr(JsonNode) r4 = tq_json_replace_equal_deep (i1, d1);

  g_assert_true (r1 == s1);
  g_assert_true (r2 == s2);
  g_assert_true (r3 == n1);
  g_assert_true (r4 == i1);
  g_assert_null (tq_json_replace_equal_deep (s1, NULL));
}

static void
test_replace_sealed (void)
{
  g_autoptr(JsonNode) prev = json ("{\"a\": [1], \"b\": 1}");
  g_autoptr(JsonNode) next = json ("{\"a\": [1], \"b\": 2}");
  g_autoptr(JsonNode) result = NULL;

  json_node_seal (prev);
  json_node_seal (next);
  result = tq_json_replace_equal_deep (prev, next);
  g_assert_true (json_node_is_immutable (result));
  g_assert_true (member (result, "a") == member (prev, "a"));
}

static void
test_json_equal (void)
{
  g_autoptr(JsonNode) a = json ("{\"x\": [1, 2, {\"y\": null}], \"z\": \"s\"}");
  g_autoptr(JsonNode) b = json ("{\"z\": \"s\", \"x\": [1.0, 2, {\"y\": null}]}");
  g_autoptr(JsonNode) c = json ("{\"z\": \"s\", \"x\": [1, 2, {}]}");
  g_autoptr(JsonNode) d = json ("{\"z\": \"s\", \"x\": [1, 2, {\"y\": false}]}");
  g_autoptr(JsonNode) n = json ("null");
  g_autoptr(JsonNode) s = json ("\"1\"");
  g_autoptr(JsonNode) one = json ("1");
  g_autoptr(JsonNode) big1 = json ("9007199254740993");
  g_autoptr(JsonNode) big2 = json ("9007199254740992");

  g_assert_true (tq_json_equal (a, b));
  g_assert_false (tq_json_equal (a, c));
  g_assert_false (tq_json_equal (a, d));
  g_assert_false (tq_json_equal (s, one));
  g_assert_false (tq_json_equal (big1, big2));
  /* No data is not JSON null */
  g_assert_false (tq_json_equal (NULL, n));
  g_assert_true (tq_json_equal (NULL, NULL));
}

static void
test_value_equal (void)
{
  g_auto(GValue) unset1 = G_VALUE_INIT;
  g_auto(GValue) unset2 = G_VALUE_INIT;
  g_auto(GValue) j1 = G_VALUE_INIT;
  g_auto(GValue) j2 = G_VALUE_INIT;
  g_auto(GValue) jnull = G_VALUE_INIT;
  g_auto(GValue) v1 = G_VALUE_INIT;
  g_auto(GValue) v2 = G_VALUE_INIT;
  g_auto(GValue) s1 = G_VALUE_INIT;
  g_auto(GValue) s2 = G_VALUE_INIT;
  g_auto(GValue) i1 = G_VALUE_INIT;
  g_auto(GValue) i2 = G_VALUE_INIT;
  g_auto(GValue) o1 = G_VALUE_INIT;
  g_auto(GValue) o2 = G_VALUE_INIT;
  g_autoptr(GObject) obj1 = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) obj2 = g_object_new (G_TYPE_OBJECT, NULL);

  g_assert_true (tq_value_equal (&unset1, &unset2));

  g_value_init (&j1, JSON_TYPE_NODE);
  g_value_take_boxed (&j1, json ("{\"a\": [1]}"));
  g_value_init (&j2, JSON_TYPE_NODE);
  g_value_take_boxed (&j2, json ("{\"a\": [1.0]}"));
  g_value_init (&jnull, JSON_TYPE_NODE);
  g_value_take_boxed (&jnull, json ("null"));
  g_assert_true (tq_value_equal (&j1, &j2));
  g_assert_false (tq_value_equal (&j1, &jnull));
  g_assert_false (tq_value_equal (&unset1, &jnull));

  g_value_init (&v1, G_TYPE_VARIANT);
  g_value_set_variant (&v1, g_variant_new_parsed ("{'a': <1>}"));
  g_value_init (&v2, G_TYPE_VARIANT);
  g_value_set_variant (&v2, g_variant_new_parsed ("{'a': <1>}"));
  g_assert_true (tq_value_equal (&v1, &v2));

  g_value_init (&s1, G_TYPE_STRING);
  g_value_set_string (&s1, "data");
  g_value_init (&s2, G_TYPE_STRING);
  g_value_set_static_string (&s2, "data");
  g_assert_true (tq_value_equal (&s1, &s2));

  g_value_init (&i1, G_TYPE_INT);
  g_value_set_int (&i1, 1);
  g_value_init (&i2, G_TYPE_INT64);
  g_value_set_int64 (&i2, 1);
  g_assert_false (tq_value_equal (&i1, &i2));

  g_value_init (&o1, G_TYPE_OBJECT);
  g_value_set_object (&o1, obj1);
  g_value_init (&o2, G_TYPE_OBJECT);
  g_value_set_object (&o2, obj2);
  g_assert_false (tq_value_equal (&o1, &o2));
  g_value_set_object (&o2, obj1);
  g_assert_true (tq_value_equal (&o1, &o2));
}

static void
test_value_replace (void)
{
  g_auto(GValue) prev = G_VALUE_INIT;
  g_auto(GValue) next = G_VALUE_INIT;
  g_auto(GValue) result = G_VALUE_INIT;
  g_auto(GValue) vprev = G_VALUE_INIT;
  g_auto(GValue) vnext = G_VALUE_INIT;
  g_auto(GValue) vresult = G_VALUE_INIT;
  g_auto(GValue) unset = G_VALUE_INIT;
  g_auto(GValue) none = G_VALUE_INIT;
  JsonNode *prev_node = json ("[{\"id\": 1}, {\"id\": 2}]");

  g_value_init (&prev, JSON_TYPE_NODE);
  g_value_take_boxed (&prev, prev_node);
  g_value_init (&next, JSON_TYPE_NODE);
  g_value_take_boxed (&next, json ("[{\"id\": 1}, {\"id\": 3}]"));
  tq_value_replace_equal_deep (&prev, &next, &result);
  g_assert_true (G_VALUE_HOLDS (&result, JSON_TYPE_NODE));
  g_assert_true (element (g_value_get_boxed (&result), 0) == element (prev_node, 0));

  /* Equal variants keep the previous one, and its identity */
  g_value_init (&vprev, G_TYPE_VARIANT);
  g_value_set_variant (&vprev, g_variant_new_parsed ("[1, 2]"));
  g_value_init (&vnext, G_TYPE_VARIANT);
  g_value_set_variant (&vnext, g_variant_new_parsed ("[1, 2]"));
  tq_value_replace_equal_deep (&vprev, &vnext, &vresult);
  g_assert_true (g_value_get_variant (&vresult) == g_value_get_variant (&vprev));

  /* No new data gives no data */
  tq_value_replace_equal_deep (&prev, &unset, &none);
  g_assert_true (G_VALUE_TYPE (&none) == G_TYPE_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Tq/Value/replace-equal-deep/equal", test_replace_equal);
  g_test_add_func ("/Tq/Value/replace-equal-deep/shares-subtrees", test_replace_shares_subtrees);
  g_test_add_func ("/Tq/Value/replace-equal-deep/arrays", test_replace_arrays);
  g_test_add_func ("/Tq/Value/replace-equal-deep/list-items", test_replace_list_items);
  g_test_add_func ("/Tq/Value/replace-equal-deep/copies-only-to-share", test_replace_copies_only_to_share);
  g_test_add_func ("/Tq/Value/replace-equal-deep/empty", test_replace_empty);
  g_test_add_func ("/Tq/Value/replace-equal-deep/depth-limit", test_replace_depth_limit);
  g_test_add_func ("/Tq/Value/replace-equal-deep/scalars", test_replace_scalars_and_null);
  g_test_add_func ("/Tq/Value/replace-equal-deep/sealed", test_replace_sealed);
  g_test_add_func ("/Tq/Value/json-equal", test_json_equal);
  g_test_add_func ("/Tq/Value/equal", test_value_equal);
  g_test_add_func ("/Tq/Value/replace", test_value_replace);

  return g_test_run ();
}
