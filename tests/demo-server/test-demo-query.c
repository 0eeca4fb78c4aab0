/* test-demo-query.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-demo-query.h"

/* json-server 0.17's list rules on a small collection with awkward values:
 * mixed types, nulls, missing fields, nested objects and arrays. Every
 * expected result here was checked against json-server 0.17.4 itself. */

static const char *collection_json =
  "[{\"id\": 1, \"name\": \"b\", \"n\": 10, \"tags\": [\"x\", \"y\"], \"flag\": true, \"nested\": {\"k\": \"v\"}},"
  " {\"id\": 2, \"name\": \"a\", \"n\": 2, \"flag\": false, \"nested\": {\"k\": \"w\"}},"
  " {\"id\": 3, \"name\": \"C\", \"n\": null},"
  " {\"id\": 4, \"name\": \"a\", \"n\": 2.5},"
  " {\"id\": 5, \"n\": \"10\"}]";

static GPtrArray *
collection_new (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);
  JsonArray *array = json_node_get_array (node);
  GPtrArray *items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = 0; i < json_array_get_length (array); i++)
    g_ptr_array_add (items, json_object_ref (json_array_get_object_element (array, i)));

  return items;
}

/* The ids of the result, as "1 2 3" */
static char *
run (const char     *json,
     const char     *query,
     TqDemoListPage *out)
{
  g_autoptr(GPtrArray) items = collection_new (json);
  g_autoptr(GPtrArray) params = tq_demo_query_parse (query);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) ids = g_string_new (NULL);
  g_auto(TqDemoListPage) page = { 0 };

  g_assert_true (tq_demo_query_run (items, params, "http://h/c?" , &page, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < page.items->len; i++)
    g_string_append_printf (ids, "%s%" G_GINT64_FORMAT, i > 0 ? " " : "",
                            json_object_get_int_member (g_ptr_array_index (page.items, i), "id"));

  if (out != NULL)
    {
      *out = page;
      memset (&page, 0, sizeof page);
    }

  return g_string_free (g_steal_pointer (&ids), FALSE);
}

#define assert_query(query, expected) \
  G_STMT_START { \
    g_autofree char *_ids = run (collection_json, query, NULL); \
    g_assert_cmpstr (_ids, ==, expected); \
  } G_STMT_END

static void
test_parse (void)
{
  g_autoptr(GPtrArray) params = tq_demo_query_parse ("a=1&b=x+y&c=%20z&d&&e=%zz&a=2&f=a%3Db");
  static const char * const expected[][2] = {
    { "a", "1" }, { "b", "x y" }, { "c", " z" }, { "d", "" }, { "e", "%zz" }, { "a", "2" }, { "f", "a=b" },
  };
  g_autoptr(GPtrArray) none = tq_demo_query_parse (NULL);

  g_assert_cmpuint (params->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < params->len; i++)
    {
      TqDemoQueryParam *param = g_ptr_array_index (params, i);

      g_assert_cmpstr (param->key, ==, expected[i][0]);
      g_assert_cmpstr (param->value, ==, expected[i][1]);
    }
  g_assert_cmpstr (tq_demo_query_get (params, "a"), ==, "1");
  g_assert_null (tq_demo_query_get (params, "z"));
  g_assert_cmpuint (none->len, ==, 0);
}

static void
test_equal (void)
{
  /* Values compare as text: 10 and "10" both match */
  assert_query ("n=10", "1 5");
  assert_query ("n=2.5", "4");
  assert_query ("flag=true", "1");
  assert_query ("flag=false", "2");
  /* An array is its elements joined by commas */
  assert_query ("tags=x,y", "1");
  assert_query ("nested.k=v", "1");
  assert_query ("name=a", "2 4");
  assert_query ("name=a&name=C", "2 3 4");
  /* null never matches, not even "null" */
  assert_query ("n=null", "");
  /* a field no item has is dropped, an operator never is */
  assert_query ("nope=1", "1 2 3 4 5");
  assert_query ("nope_ne=1", "");
}

static void
test_operators (void)
{
  /* Items without the field never match _ne */
  assert_query ("name_ne=a", "1 3");
  assert_query ("name_ne=a&name_ne=b", "3");
  /* Numbers compare as numbers, strings as text: "10" (a string) is
   * below "3" and "2" */
  assert_query ("n_gte=3", "1");
  assert_query ("n_lte=2", "2 5");
  assert_query ("n_gte=2&n_lte=2.5", "2 4");
  assert_query ("n_gte=abc", "");
  /* Strings by code point: "C" sorts before "a" */
  assert_query ("name_gte=a", "1 2 4");
  assert_query ("name_lte=B", "");
  assert_query ("name_lte=D", "3");
  assert_query ("name_like=%5Ec", "3");
  assert_query ("name_like=A|B", "1 2 4");
  assert_query ("nested.k_like=%5Bvw%5D", "1 2");
}

static void
test_q (void)
{
  assert_query ("q=w", "2");
  assert_query ("q=X", "1");
  assert_query ("q=10", "1 5");
  assert_query ("q=1", "1 5");
  /* false, 0 and null are never searched */
  assert_query ("q=false", "");
  assert_query ("q=null", "");
  assert_query ("q=", "1 2 3 4 5");
  assert_query ("q=a&id_ne=4", "2");
}

static void
test_sort (void)
{
  /* Missing fields last, by code point, and stable */
  assert_query ("_sort=name", "3 2 4 1 5");
  assert_query ("_sort=name&_order=desc", "5 1 2 4 3");
  assert_query ("_sort=name,id&_order=asc,desc", "3 4 2 1 5");
  assert_query ("_sort=nested.k&_order=desc", "3 4 5 2 1");
  assert_query ("_sort=flag", "2 1 3 4 5");
  /* null after values, before missing ones */
  assert_query ("_sort=n&_order=asc", "2 4 1 5 3");
  assert_query ("_sort=", "1 2 3 4 5");
}

static void
test_slices (void)
{
  TqDemoListPage page;
  g_autofree char *ids = NULL;

  assert_query ("_start=1&_end=3", "2 3");
  assert_query ("_start=-2&_limit=1", "4");
  assert_query ("_end=-1", "1 2 3 4");
  assert_query ("_limit=2&_start=4", "5");
  assert_query ("_limit=abc", "");
  assert_query ("_limit=2x", "1 2");
  assert_query ("_limit=", "1 2 3 4 5");

  ids = run (collection_json, "_limit=2", &page);
  g_assert_cmpstr (ids, ==, "1 2");
  g_assert_cmpint (page.total, ==, 5);
  g_assert_false (page.paged);
  g_assert_null (page.link);
  tq_demo_list_page_clear (&page);
  g_clear_pointer (&ids, g_free);

  ids = run (collection_json, "name=a", &page);
  g_assert_cmpint (page.total, ==, -1);
  tq_demo_list_page_clear (&page);
}

static void
test_pages (void)
{
  TqDemoListPage page;
  g_autofree char *ids = NULL;

  ids = run (collection_json, "_page=2&_limit=2", &page);
  g_assert_cmpstr (ids, ==, "3 4");
  g_assert_cmpint (page.total, ==, 5);
  g_assert_true (page.paged);
  g_assert_cmpstr (page.link, ==,
                   "<http://h/c?>; rel=\"first\", <http://h/c?>; rel=\"prev\", "
                   "<http://h/c?>; rel=\"next\", <http://h/c?>; rel=\"last\"");
  tq_demo_list_page_clear (&page);
  g_clear_pointer (&ids, g_free);

  /* Everything on one page: json-server sends no links at all */
  ids = run (collection_json, "_page=1&_limit=10", &page);
  g_assert_cmpstr (ids, ==, "1 2 3 4 5");
  g_assert_null (page.link);
  tq_demo_list_page_clear (&page);
  g_clear_pointer (&ids, g_free);

  /* Pages beyond the end and negative limits follow JavaScript's slice */
  ids = run (collection_json, "_page=9&_limit=2", &page);
  g_assert_cmpstr (ids, ==, "");
  g_assert_null (page.link);
  g_assert_cmpint (page.total, ==, 5);
  tq_demo_list_page_clear (&page);
  g_clear_pointer (&ids, g_free);

  ids = run (collection_json, "_page=1&_limit=-2", &page);
  g_assert_cmpstr (ids, ==, "1 2 3");
  tq_demo_list_page_clear (&page);
}

static void
test_links (void)
{
  g_autoptr(GPtrArray) items = collection_new (collection_json);
  g_autoptr(GPtrArray) params = tq_demo_query_parse ("_limit=2&name_ne=zz&_page=2");
  g_autoptr(GError) error = NULL;
  g_auto(TqDemoListPage) page = { 0 };

  /* json-server replaces the first "page=2" of the URL; item 5 has no
   * name, so four items match and page 2 is the last */
  g_assert_true (tq_demo_query_run (items, params, "http://h:1/todos?_limit=2&name_ne=zz&_page=2", &page, &error));
  g_assert_cmpint (page.total, ==, 4);
  g_assert_cmpstr (page.link, ==,
                   "<http://h:1/todos?_limit=2&name_ne=zz&_page=1>; rel=\"first\", "
                   "<http://h:1/todos?_limit=2&name_ne=zz&_page=1>; rel=\"prev\", "
                   "<http://h:1/todos?_limit=2&name_ne=zz&_page=2>; rel=\"last\"");
}

static void
test_number_text (void)
{
  static const char *numbers =
    "[{\"id\": 1, \"x\": 0.1}, {\"id\": 2, \"x\": 1e21}, {\"id\": 3, \"x\": 1e-7}, {\"id\": 4, \"x\": 0.000001},"
    " {\"id\": 5, \"x\": 123.456}, {\"id\": 6, \"x\": -0.5}, {\"id\": 7, \"x\": 100}, {\"id\": 8, \"x\": 1.5e300}]";
  static const char * const cases[][2] = {
    { "x=0.1", "1" }, { "x=1e%2B21", "2" }, { "x=1e-7", "3" }, { "x=0.000001", "4" }, { "x=123.456", "5" },
    { "x=-0.5", "6" }, { "x=100", "7" }, { "x=1.5e%2B300", "8" }, { "x_gte=1e2", "2 5 7 8" }, { "x_lte=-0.1", "6" },
  };

  /* Numbers read as JavaScript prints them */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *ids = run (numbers, cases[i][0], NULL);

      g_test_message ("%s", cases[i][0]);
      g_assert_cmpstr (ids, ==, cases[i][1]);
    }
}

static void
test_bad_regex (void)
{
  g_autoptr(GPtrArray) items = collection_new (collection_json);
  g_autoptr(GPtrArray) params = tq_demo_query_parse ("name_like=(");
  g_autoptr(GError) error = NULL;
  TqDemoListPage page;

  g_assert_false (tq_demo_query_run (items, params, "http://h/", &page, &error));
  g_assert_error (error, G_REGEX_ERROR, G_REGEX_ERROR_UNMATCHED_PARENTHESIS);
  g_assert_nonnull (strstr (error->message, "not a valid regular expression"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-query/parse", test_parse);
  g_test_add_func ("/demo-query/equal", test_equal);
  g_test_add_func ("/demo-query/operators", test_operators);
  g_test_add_func ("/demo-query/q", test_q);
  g_test_add_func ("/demo-query/sort", test_sort);
  g_test_add_func ("/demo-query/slices", test_slices);
  g_test_add_func ("/demo-query/pages", test_pages);
  g_test_add_func ("/demo-query/links", test_links);
  g_test_add_func ("/demo-query/number-text", test_number_text);
  g_test_add_func ("/demo-query/bad-regex", test_bad_regex);

  return g_test_run ();
}
