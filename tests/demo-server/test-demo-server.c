/* test-demo-server.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "demo-test-utils.h"
#include "tq-demo-seed.h"

/* The REST API of TqDemoServer, over HTTP, against an in-process server
 * on a loopback port: every route, filters, paging, sorting, entity tags,
 * the error statuses, the WebSocket events and the admin endpoint. */

typedef ServerFixture Fixture;

#define FIXTURE_TEST(path, func) \
  g_test_add (path, Fixture, NULL, server_fixture_setup_memory, func, server_fixture_teardown)

static gint64
member_int (JsonArray *array,
            guint      index,
            const char *name)
{
  return json_object_get_int_member (json_array_get_object_element (array, index), name);
}

static guint64
revision (Fixture *f)
{
  return tq_demo_store_get_revision (f->store);
}

/* Routes */

static void
test_todos_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/todos", NULL, NULL);
  JsonArray *todos;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (test_response_header (r, "Content-Type"), ==, "application/json; charset=utf-8");
  g_assert_cmpstr (test_response_header (r, "ETag"), ==, "\"1\"");
  g_assert_null (test_response_header (r, "X-Total-Count"));
  g_assert_null (test_response_header (r, "Link"));

  todos = test_response_array (r);
  g_assert_cmpuint (json_array_get_length (todos), ==, TQ_DEMO_SEED_N_TODOS);
  for (guint i = 0; i < json_array_get_length (todos); i++)
    {
      JsonObject *todo = json_array_get_object_element (todos, i);

      /* JSONPlaceholder's shape, in file order */
      g_assert_cmpuint (json_object_get_size (todo), ==, 4);
      g_assert_cmpint (json_object_get_int_member (todo, "id"), ==, i + 1);
      g_assert_cmpint (json_object_get_int_member (todo, "userId"), ==, i / 10 + 1);
      g_assert_cmpuint (json_node_get_value_type (json_object_get_member (todo, "userId")), ==, G_TYPE_INT64);
      g_assert_cmpuint (json_node_get_value_type (json_object_get_member (todo, "completed")), ==, G_TYPE_BOOLEAN);
      g_assert_cmpuint (strlen (json_object_get_string_member (todo, "title")), >, 0);
    }
}

static void
test_users_list (Fixture       *f,
                 gconstpointer  data)
{
  static const char * const members[] = { "id", "name", "username", "email", "address", "phone", "website", "company", NULL };
  g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/users", NULL, NULL);
  JsonArray *users;

  g_assert_cmpuint (r->status, ==, 200);
  users = test_response_array (r);
  g_assert_cmpuint (json_array_get_length (users), ==, TQ_DEMO_SEED_N_USERS);
  for (guint i = 0; i < json_array_get_length (users); i++)
    {
      JsonObject *user = json_array_get_object_element (users, i);
      JsonObject *address = json_object_get_object_member (user, "address");
      g_autoptr(GList) names = json_object_get_members (user);
      guint n = 0;

      for (GList *l = names; l != NULL; l = l->next, n++)
        g_assert_cmpstr (l->data, ==, members[n]);
      g_assert_cmpuint (n, ==, g_strv_length ((char **) members));
      g_assert_cmpint (json_object_get_int_member (user, "id"), ==, i + 1);
      g_assert_nonnull (strchr (json_object_get_string_member (user, "email"), '@'));
      g_assert_nonnull (json_object_get_string_member (address, "city"));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (address, "geo"), "lat"));
      g_assert_nonnull (json_object_get_string_member (json_object_get_object_member (user, "company"), "catchPhrase"));
    }
}

static void
test_get_item (Fixture       *f,
               gconstpointer  data)
{
  static const char * const missing[] = { "/todos/9999", "/todos/0", "/todos/01", "/todos/abc", "/todos/-1",
                                          "/todos/1.0", "/users/61", "/users/1x", NULL };
  g_autoptr(TestResponse) todo = test_fixture_request (f, "GET", "/todos/7", NULL, NULL);
  g_autoptr(TestResponse) user = test_fixture_request (f, "GET", "/users/3", NULL, NULL);

  g_assert_cmpuint (todo->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (test_response_object (todo), "id"), ==, 7);
  {
    g_autoptr(JsonNode) stored = json_node_init_object (json_node_alloc (),
                                                        tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_TODOS, 7, NULL));

    g_assert_true (json_node_equal (todo->json, stored));
  }
  g_assert_cmpstr (test_response_header (todo, "ETag"), ==, "\"1\"");

  g_assert_cmpuint (user->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (test_response_object (user), "id"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (test_response_object (user), "name"), ==, "Ingrid Solberg");

  for (guint i = 0; missing[i] != NULL; i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, "GET", missing[i], NULL, NULL);

      g_test_message ("GET %s", missing[i]);
      test_assert_error_body (r, 404, "There is no");
      g_assert_null (test_response_header (r, "ETag"));
    }
}

static void
test_create (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TestResponse) r = test_fixture_request (f, "POST", "/todos",
                                                    "{\"userId\": 2, \"title\": \"Water the ferns\", \"extra\": [1, 2]}", NULL);
  g_autoptr(TestResponse) back = NULL;
  g_autoptr(TestResponse) second = NULL;
  g_autoptr(TestResponse) explicit = NULL;
  g_autoptr(TestResponse) after = NULL;
  g_autofree char *location = g_strconcat (f->base, "/todos/601", NULL);
  JsonObject *todo;

  g_assert_cmpuint (r->status, ==, 201);
  g_assert_cmpstr (test_response_header (r, "Location"), ==, location);
  g_assert_cmpstr (test_response_header (r, "ETag"), ==, "\"2\"");
  todo = test_response_object (r);
  g_assert_cmpint (json_object_get_int_member (todo, "id"), ==, 601);
  g_assert_cmpint (json_object_get_int_member (todo, "userId"), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, "Water the ferns");
  /* completed defaults to false; unknown members are kept */
  g_assert_false (json_object_get_boolean_member (todo, "completed"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (todo, "extra")), ==, 2);
  g_assert_cmpuint (revision (f), ==, 2);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, 601);

  back = test_fixture_request (f, "GET", "/todos/601", NULL, NULL);
  g_assert_cmpuint (back->status, ==, 200);
  g_assert_true (json_node_equal (back->json, r->json));
  g_assert_cmpstr (test_response_header (back, "ETag"), ==, "\"2\"");

  /* ids are the largest plus one, as json-server assigns them */
  second = test_fixture_request (f, "POST", "/todos", "{\"userId\": 2, \"title\": \"Second\", \"completed\": true}", NULL);
  g_assert_cmpuint (second->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (test_response_object (second), "id"), ==, 602);
  g_assert_true (json_object_get_boolean_member (test_response_object (second), "completed"));

  explicit = test_fixture_request (f, "POST", "/todos", "{\"id\": 900, \"userId\": 3, \"title\": \"Chosen id\"}", NULL);
  g_assert_cmpuint (explicit->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (test_response_object (explicit), "id"), ==, 900);
  after = test_fixture_request (f, "POST", "/todos", "{\"userId\": 3, \"title\": \"After\"}", NULL);
  g_assert_cmpint (json_object_get_int_member (test_response_object (after), "id"), ==, 901);
}

static void
test_replace (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(TestResponse) r = test_fixture_request (f, "PUT", "/todos/5",
                                                    "{\"id\": 5, \"userId\": 4, \"title\": \"Replaced\"}", NULL);
  g_autoptr(TestResponse) back = NULL;
  JsonObject *todo;

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpstr (test_response_header (r, "ETag"), ==, "\"2\"");
  todo = test_response_object (r);
  g_assert_cmpuint (json_object_get_size (todo), ==, 4);
  g_assert_cmpint (json_object_get_int_member (todo, "id"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (todo, "userId"), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, "Replaced");
  /* PUT replaces: a missing completed is false again */
  g_assert_false (json_object_get_boolean_member (todo, "completed"));

  back = test_fixture_request (f, "GET", "/todos/5", NULL, NULL);
  g_assert_true (json_node_equal (back->json, r->json));
  /* the other items keep their version */
  {
    g_autoptr(TestResponse) other = test_fixture_request (f, "GET", "/todos/6", NULL, NULL);

    g_assert_cmpstr (test_response_header (other, "ETag"), ==, "\"1\"");
  }
}

static void
test_update (Fixture       *f,
             gconstpointer  data)
{
  JsonObject *before = tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_TODOS, 9, NULL);
  g_autofree char *title = g_strdup (json_object_get_string_member (before, "title"));
  gboolean completed = json_object_get_boolean_member (before, "completed");
  g_autofree char *body = g_strdup_printf ("{\"completed\": %s, \"note\": null}", completed ? "false" : "true");
  g_autoptr(TestResponse) r = test_fixture_request (f, "PATCH", "/todos/9", body, NULL);
  JsonObject *todo;

  g_assert_cmpuint (r->status, ==, 200);
  todo = test_response_object (r);
  g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, title);
  g_assert_cmpint (json_object_get_int_member (todo, "userId"), ==, 1);
  g_assert_cmpint (json_object_get_boolean_member (todo, "completed"), ==, !completed);
  g_assert_true (json_object_get_null_member (todo, "note"));
  g_assert_cmpstr (test_response_header (r, "ETag"), ==, "\"2\"");
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TestResponse) r = test_fixture_request (f, "DELETE", "/todos/10", NULL, NULL);
  g_autoptr(TestResponse) gone = test_fixture_request (f, "GET", "/todos/10", NULL, NULL);
  g_autoptr(TestResponse) again = test_fixture_request (f, "DELETE", "/todos/10", NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);
  g_assert_cmpuint (json_object_get_size (test_response_object (r)), ==, 0);
  test_assert_error_body (gone, 404, "no todo with id 10");
  test_assert_error_body (again, 404, "no todo with id 10");
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, 599);
  g_assert_cmpuint (revision (f), ==, 2);
}

static void
test_users_crud (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TestResponse) created = test_fixture_request (f, "POST", "/users",
    "{\"name\": \"Noor Ahmadi\", \"username\": \"noor\", \"email\": \"noor@ahmadi.example\","
    " \"address\": {\"street\": \"2 Elm Yard\", \"city\": \"Harwick\", \"geo\": {\"lat\": \"1\", \"lng\": \"2\"}},"
    " \"company\": {\"name\": \"Ahmadi Print\"}}", NULL);
  g_autoptr(TestResponse) todo = NULL;
  g_autoptr(TestResponse) replaced = NULL;
  g_autoptr(TestResponse) patched = NULL;
  g_autoptr(TestResponse) deleted = NULL;
  g_autoptr(TestResponse) todos = NULL;
  g_autoptr(TestResponse) cascaded = NULL;
  JsonObject *user;

  g_assert_cmpuint (created->status, ==, 201);
  user = test_response_object (created);
  g_assert_cmpint (json_object_get_int_member (user, "id"), ==, 61);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (user, "address"), "city"), ==, "Harwick");

  todo = test_fixture_request (f, "POST", "/todos", "{\"userId\": 61, \"title\": \"Say hello\"}", NULL);
  g_assert_cmpuint (todo->status, ==, 201);

  replaced = test_fixture_request (f, "PUT", "/users/61",
                                   "{\"name\": \"Noor A.\", \"username\": \"noor\", \"email\": \"n@a.example\"}", NULL);
  g_assert_cmpuint (replaced->status, ==, 200);
  g_assert_false (json_object_has_member (test_response_object (replaced), "address"));

  patched = test_fixture_request (f, "PATCH", "/users/61", "{\"website\": \"noor.example\"}", NULL);
  g_assert_cmpuint (patched->status, ==, 200);
  g_assert_cmpstr (json_object_get_string_member (test_response_object (patched), "name"), ==, "Noor A.");
  g_assert_cmpstr (json_object_get_string_member (test_response_object (patched), "website"), ==, "noor.example");

  /* Deleting a user deletes the user's todos, as json-server does */
  deleted = test_fixture_request (f, "DELETE", "/users/2", NULL, NULL);
  g_assert_cmpuint (deleted->status, ==, 200);
  todos = test_fixture_request (f, "GET", "/todos?userId=2", NULL, NULL);
  g_assert_cmpuint (json_array_get_length (test_response_array (todos)), ==, 0);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, 601 - 10);
  cascaded = test_fixture_request (f, "GET", "/todos/11", NULL, NULL);
  g_assert_cmpuint (cascaded->status, ==, 404);
}

static void
test_nested (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TestResponse) list = test_fixture_request (f, "GET", "/users/2/todos", NULL, NULL);
  g_autoptr(TestResponse) filtered = test_fixture_request (f, "GET", "/users/2/todos?completed=true&userId=3", NULL, NULL);
  g_autoptr(TestResponse) paged = test_fixture_request (f, "GET", "/users/2/todos?_page=2&_limit=5", NULL, NULL);
  g_autoptr(TestResponse) created = test_fixture_request (f, "POST", "/users/2/todos",
                                                          "{\"userId\": 7, \"title\": \"Nested\"}", NULL);
  g_autoptr(TestResponse) missing = test_fixture_request (f, "GET", "/users/99/todos", NULL, NULL);
  g_autoptr(TestResponse) missing_post = test_fixture_request (f, "POST", "/users/99/todos", "{\"title\": \"x\"}", NULL);
  g_autoptr(TestResponse) other = test_fixture_request (f, "GET", "/todos/1/users", NULL, NULL);
  JsonArray *todos;
  guint n_completed = 0;

  todos = test_response_array (list);
  g_assert_cmpuint (json_array_get_length (todos), ==, 10);
  for (guint i = 0; i < 10; i++)
    {
      g_assert_cmpint (member_int (todos, i, "userId"), ==, 2);
      n_completed += json_object_get_boolean_member (json_array_get_object_element (todos, i), "completed");
    }

  /* The route's user wins over a userId in the query */
  todos = test_response_array (filtered);
  g_assert_cmpuint (json_array_get_length (todos), ==, n_completed);
  for (guint i = 0; i < json_array_get_length (todos); i++)
    g_assert_cmpint (member_int (todos, i, "userId"), ==, 2);

  g_assert_cmpstr (test_response_header (paged, "X-Total-Count"), ==, "10");
  g_assert_cmpint (member_int (test_response_array (paged), 0, "id"), ==, 16);

  g_assert_cmpuint (created->status, ==, 201);
  g_assert_cmpint (json_object_get_int_member (test_response_object (created), "userId"), ==, 2);

  test_assert_error_body (missing, 404, "no user with id 99");
  test_assert_error_body (missing_post, 404, "no user with id 99");
  test_assert_error_body (other, 404, "nothing at /todos/1/users");
}

static void
test_methods (Fixture       *f,
              gconstpointer  data)
{
  static const struct { const char *method; const char *path; const char *allow; } not_allowed[] = {
    { "DELETE", "/todos", "GET, HEAD, POST, OPTIONS" },
    { "PUT", "/users", "GET, HEAD, POST, OPTIONS" },
    { "POST", "/todos/1", "GET, HEAD, PUT, PATCH, DELETE, OPTIONS" },
    { "PATCH", "/users/1/todos", "GET, HEAD, POST, OPTIONS" },
    { "GET", "/__admin/reset", "POST" },
  };
  static const char * const nothing[] = { "/", "/posts", "/todos/1/2/3", "/users/1/posts", "/__admin", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (not_allowed); i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, not_allowed[i].method, not_allowed[i].path, "{}", NULL);

      test_assert_error_body (r, 405, not_allowed[i].method);
      g_assert_cmpstr (test_response_header (r, "Allow"), ==, not_allowed[i].allow);
    }

  for (guint i = 0; nothing[i] != NULL; i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, "GET", nothing[i], NULL, NULL);

      test_assert_error_body (r, 404, NULL);
    }

  {
    g_autoptr(TestResponse) options = test_fixture_request (f, "OPTIONS", "/todos/1", NULL, NULL);
    g_autoptr(TestResponse) slash = test_fixture_request (f, "GET", "/todos/", NULL, NULL);
    g_autoptr(TestResponse) item_slash = test_fixture_request (f, "GET", "/users/4/", NULL, NULL);
    g_autoptr(TestResponse) head = test_fixture_request (f, "HEAD", "/todos/1", NULL, NULL);

    g_assert_cmpuint (options->status, ==, 204);
    g_assert_cmpstr (test_response_header (options, "Allow"), ==, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
    g_assert_cmpuint (json_array_get_length (test_response_array (slash)), ==, 600);
    g_assert_cmpint (json_object_get_int_member (test_response_object (item_slash), "id"), ==, 4);
    g_assert_cmpuint (head->status, ==, 200);
    g_assert_cmpuint (g_bytes_get_size (head->body), ==, 0);
    g_assert_cmpstr (test_response_header (head, "ETag"), ==, "\"1\"");
  }
}

/* Filters and search */

static guint
count (Fixture    *f,
       const char *path)
{
  g_autoptr(TestResponse) r = test_fixture_request (f, "GET", path, NULL, NULL);

  g_assert_cmpuint (r->status, ==, 200);

  return json_array_get_length (test_response_array (r));
}

static guint
count_in_store (Fixture   *f,
                gboolean (*predicate) (JsonObject *todo))
{
  g_autoptr(GPtrArray) todos = tq_demo_store_list (f->store, TQ_DEMO_RESOURCE_TODOS);
  guint n = 0;

  for (guint i = 0; i < todos->len; i++)
    n += predicate (g_ptr_array_index (todos, i));

  return n;
}

static gboolean
is_completed (JsonObject *todo)
{
  return json_object_get_boolean_member (todo, "completed");
}

static gboolean
title_starts_with_book (JsonObject *todo)
{
  return g_ascii_strncasecmp (json_object_get_string_member (todo, "title"), "book", 4) == 0;
}

static void
test_filter_equal (Fixture       *f,
                   gconstpointer  data)
{
  guint completed = count_in_store (f, is_completed);

  g_assert_cmpuint (completed, >, 0);
  g_assert_cmpuint (completed, <, 600);
  g_assert_cmpuint (count (f, "/todos?completed=true"), ==, completed);
  g_assert_cmpuint (count (f, "/todos?completed=false"), ==, 600 - completed);
  g_assert_cmpuint (count (f, "/todos?userId=3"), ==, 10);
  /* Repeats match any of their values */
  g_assert_cmpuint (count (f, "/todos?userId=1&userId=2"), ==, 20);
  g_assert_cmpuint (count (f, "/todos?userId=1&completed=true&id=1&id=2&id=3"), ==,
                    count (f, "/todos?userId=1&completed=true&id_lte=3"));
  g_assert_cmpuint (count (f, "/todos?id=5"), ==, 1);
  /* Values compare as text, as in json-server: 5.0 is not 5 */
  g_assert_cmpuint (count (f, "/todos?id=5.0"), ==, 0);
  /* Nested fields, with a space encoded either way */
  g_assert_cmpuint (count (f, "/users?address.city=Harwick"), ==, 1);
  g_assert_cmpuint (count (f, "/users?address.city=Port+Calloway"), ==, 1);
  g_assert_cmpuint (count (f, "/users?address.city=Port%20Calloway"), ==, 1);
  /* A field no item has is ignored, as json-server ignores it */
  g_assert_cmpuint (count (f, "/todos?colour=red"), ==, 600);
  /* JSONP's callback and jQuery's cache buster are not filters */
  g_assert_cmpuint (count (f, "/todos?_=123&callback=x"), ==, 600);
}

static void
test_filter_operators (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TestResponse) bad = NULL;

  g_assert_cmpuint (count (f, "/todos?id_gte=10&id_lte=20"), ==, 11);
  g_assert_cmpuint (count (f, "/todos?id_ne=1"), ==, 599);
  g_assert_cmpuint (count (f, "/todos?id_ne=1&id_ne=2"), ==, 598);
  g_assert_cmpuint (count (f, "/todos?title_like=%5Ebook"), ==, count_in_store (f, title_starts_with_book));
  g_assert_cmpuint (count (f, "/todos?title_like=%5Ebook"), ==, 12);
  g_assert_cmpuint (count (f, "/users?username_like=%5E%5Ba-c%5D"), ==, 7);

  bad = test_fixture_request (f, "GET", "/todos?title_like=(", NULL, NULL);
  test_assert_error_body (bad, 400, "regular expression");
}

static void
test_filter_q (Fixture       *f,
               gconstpointer  data)
{
  /* Each chore appears twelve times (once per time frame) */
  g_assert_cmpuint (count (f, "/todos?q=dentist"), ==, 12);
  g_assert_cmpuint (count (f, "/todos?q=DENTIST"), ==, 12);
  g_assert_cmpuint (count (f, "/todos?q=dentist&userId=1"), <=, 12);
  /* Nested values are searched too */
  g_assert_cmpuint (count (f, "/users?q=harwick"), ==, 1);
  g_assert_cmpuint (count (f, "/users?q=wax+goods"), ==, 1);
  /* Numbers are searched as text; false never matches (json-server's rule) */
  g_assert_cmpuint (count (f, "/todos?q=199"), ==, 1);
  g_assert_cmpuint (count (f, "/todos?q=false"), ==, 0);
  g_assert_cmpuint (count (f, "/todos?q=zzzz-nothing"), ==, 0);
}

/* Paging */

static void
assert_ids (TestResponse *r,
            gint64        first,
            gint64        last)
{
  JsonArray *array = test_response_array (r);

  g_assert_cmpuint (json_array_get_length (array), ==, last - first + 1);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpint (member_int (array, i, "id"), ==, first + i);
}

static void
test_page_headers (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TestResponse) page2 = test_fixture_request (f, "GET", "/todos?_page=2&_limit=10", NULL, NULL);
  g_autoptr(TestResponse) page1 = test_fixture_request (f, "GET", "/todos?_page=1&_limit=10", NULL, NULL);
  g_autoptr(TestResponse) last = test_fixture_request (f, "GET", "/todos?_page=60&_limit=10", NULL, NULL);
  g_autoptr(TestResponse) beyond = test_fixture_request (f, "GET", "/todos?_page=61&_limit=10", NULL, NULL);
  g_autoptr(TestResponse) default_limit = test_fixture_request (f, "GET", "/todos?_page=3", NULL, NULL);
  g_autoptr(TestResponse) limit = test_fixture_request (f, "GET", "/todos?_limit=5", NULL, NULL);
  g_autoptr(TestResponse) start_end = test_fixture_request (f, "GET", "/todos?_start=10&_end=15", NULL, NULL);
  g_autoptr(TestResponse) start_limit = test_fixture_request (f, "GET", "/todos?_start=595&_limit=10", NULL, NULL);
  g_autoptr(TestResponse) odd = test_fixture_request (f, "GET", "/todos?_page=0&_limit=abc", NULL, NULL);
  g_autofree char *expected = NULL;
  const char *b = f->base;

  assert_ids (page2, 11, 20);
  g_assert_cmpstr (test_response_header (page2, "X-Total-Count"), ==, "600");
  g_assert_cmpstr (test_response_header (page2, "Access-Control-Expose-Headers"), ==, "X-Total-Count, Link");
  expected = g_strdup_printf ("<%s/todos?_page=1&_limit=10>; rel=\"first\", "
                              "<%s/todos?_page=1&_limit=10>; rel=\"prev\", "
                              "<%s/todos?_page=3&_limit=10>; rel=\"next\", "
                              "<%s/todos?_page=60&_limit=10>; rel=\"last\"", b, b, b, b);
  g_assert_cmpstr (test_response_header (page2, "Link"), ==, expected);
  g_clear_pointer (&expected, g_free);

  assert_ids (page1, 1, 10);
  expected = g_strdup_printf ("<%s/todos?_page=1&_limit=10>; rel=\"first\", "
                              "<%s/todos?_page=2&_limit=10>; rel=\"next\", "
                              "<%s/todos?_page=60&_limit=10>; rel=\"last\"", b, b, b);
  g_assert_cmpstr (test_response_header (page1, "Link"), ==, expected);
  g_clear_pointer (&expected, g_free);

  assert_ids (last, 591, 600);
  expected = g_strdup_printf ("<%s/todos?_page=1&_limit=10>; rel=\"first\", "
                              "<%s/todos?_page=59&_limit=10>; rel=\"prev\", "
                              "<%s/todos?_page=60&_limit=10>; rel=\"last\"", b, b, b);
  g_assert_cmpstr (test_response_header (last, "Link"), ==, expected);

  /* Past the end: nothing, and no links */
  g_assert_cmpuint (json_array_get_length (test_response_array (beyond)), ==, 0);
  g_assert_cmpstr (test_response_header (beyond, "X-Total-Count"), ==, "600");
  g_assert_null (test_response_header (beyond, "Link"));

  /* _limit defaults to 10 with _page */
  assert_ids (default_limit, 21, 30);

  /* _limit and _start/_end without _page: the count, no links */
  assert_ids (limit, 1, 5);
  g_assert_cmpstr (test_response_header (limit, "X-Total-Count"), ==, "600");
  g_assert_cmpstr (test_response_header (limit, "Access-Control-Expose-Headers"), ==, "X-Total-Count");
  g_assert_null (test_response_header (limit, "Link"));
  assert_ids (start_end, 11, 15);
  assert_ids (start_limit, 596, 600);

  /* json-server's parseInt rules: page 0 is page 1, a bad limit is 10 */
  assert_ids (odd, 1, 10);
}

static void
test_page_filtered (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/todos?userId=3&_page=2&_limit=5", NULL, NULL);
  g_autofree char *expected = NULL;
  const char *b = f->base;

  assert_ids (r, 26, 30);
  g_assert_cmpstr (test_response_header (r, "X-Total-Count"), ==, "10");
  /* The links keep the rest of the query */
  expected = g_strdup_printf ("<%s/todos?userId=3&_page=1&_limit=5>; rel=\"first\", "
                              "<%s/todos?userId=3&_page=1&_limit=5>; rel=\"prev\", "
                              "<%s/todos?userId=3&_page=2&_limit=5>; rel=\"last\"", b, b, b);
  g_assert_cmpstr (test_response_header (r, "Link"), ==, expected);
}

/* Sorting */

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(TestResponse) by_title = test_fixture_request (f, "GET", "/todos?_sort=title", NULL, NULL);
  g_autoptr(TestResponse) by_id_desc = test_fixture_request (f, "GET", "/todos?_sort=id&_order=desc", NULL, NULL);
  g_autoptr(TestResponse) multi = test_fixture_request (f, "GET", "/todos?_sort=completed,userId&_order=desc,asc", NULL, NULL);
  g_autoptr(TestResponse) nested = test_fixture_request (f, "GET", "/users?_sort=address.city", NULL, NULL);
  g_autoptr(TestResponse) paged = test_fixture_request (f, "GET", "/todos?_sort=id&_order=DESC&_page=2&_limit=3", NULL, NULL);
  JsonArray *array;

  array = test_response_array (by_title);
  for (guint i = 1; i < json_array_get_length (array); i++)
    g_assert_cmpint (strcmp (json_object_get_string_member (json_array_get_object_element (array, i - 1), "title"),
                             json_object_get_string_member (json_array_get_object_element (array, i), "title")), <=, 0);

  array = test_response_array (by_id_desc);
  for (guint i = 0; i < json_array_get_length (array); i++)
    g_assert_cmpint (member_int (array, i, "id"), ==, 600 - i);

  /* completed first, then by user; ties keep their order (a stable sort) */
  array = test_response_array (multi);
  for (guint i = 1; i < json_array_get_length (array); i++)
    {
      JsonObject *a = json_array_get_object_element (array, i - 1);
      JsonObject *b = json_array_get_object_element (array, i);
      gboolean ca = json_object_get_boolean_member (a, "completed");
      gboolean cb = json_object_get_boolean_member (b, "completed");

      g_assert_true (ca >= cb);
      if (ca == cb)
        {
          g_assert_cmpint (json_object_get_int_member (a, "userId"), <=, json_object_get_int_member (b, "userId"));
          if (json_object_get_int_member (a, "userId") == json_object_get_int_member (b, "userId"))
            g_assert_cmpint (json_object_get_int_member (a, "id"), <, json_object_get_int_member (b, "id"));
        }
    }

  array = test_response_array (nested);
  for (guint i = 1; i < json_array_get_length (array); i++)
    g_assert_cmpint (strcmp (json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (array, i - 1), "address"), "city"),
                             json_object_get_string_member (json_object_get_object_member (json_array_get_object_element (array, i), "address"), "city")), <=, 0);

  /* sorting comes before paging; _order is not case-sensitive */
  array = test_response_array (paged);
  g_assert_cmpuint (json_array_get_length (array), ==, 3);
  g_assert_cmpint (member_int (array, 0, "id"), ==, 597);
  g_assert_cmpint (member_int (array, 2, "id"), ==, 595);
}

static void
test_embed_expand (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TestResponse) user = test_fixture_request (f, "GET", "/users/4?_embed=todos", NULL, NULL);
  g_autoptr(TestResponse) todo = test_fixture_request (f, "GET", "/todos/25?_expand=user", NULL, NULL);
  g_autoptr(TestResponse) list = test_fixture_request (f, "GET", "/todos?_expand=user&_limit=2", NULL, NULL);
  g_autoptr(TestResponse) unknown = test_fixture_request (f, "GET", "/users/1?_embed=posts", NULL, NULL);
  JsonArray *todos;

  todos = json_object_get_array_member (test_response_object (user), "todos");
  g_assert_cmpuint (json_array_get_length (todos), ==, 10);
  g_assert_cmpint (member_int (todos, 0, "id"), ==, 31);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (test_response_object (todo), "user"), "id"), ==, 3);
  g_assert_true (json_object_has_member (json_array_get_object_element (test_response_array (list), 1), "user"));
  /* json-server embeds an empty array for a collection it does not have */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (test_response_object (unknown), "posts")), ==, 0);
  /* the stored item is not changed */
  g_assert_false (json_object_has_member (tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_USERS, 4, NULL), "todos"));
}

/* Entity tags */

static void
test_etag_not_modified (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(TestResponse) first = test_fixture_request (f, "GET", "/todos/3", NULL, NULL);
  g_autofree char *etag = g_strdup (test_response_header (first, "ETag"));
  g_autofree char *weak = g_strconcat ("W/", etag, NULL);
  g_autofree char *several = g_strconcat ("\"nope\", ", etag, NULL);
  const char *matching[] = { etag, weak, several, "*" };

  g_assert_nonnull (etag);
  for (guint i = 0; i < G_N_ELEMENTS (matching); i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/todos/3", NULL, "If-None-Match", matching[i], NULL);

      g_assert_cmpuint (r->status, ==, 304);
      g_assert_cmpuint (g_bytes_get_size (r->body), ==, 0);
      g_assert_cmpstr (test_response_header (r, "ETag"), ==, etag);
    }

  {
    g_autoptr(TestResponse) other = test_fixture_request (f, "GET", "/todos/3", NULL, "If-None-Match", "\"12345\"", NULL);
    g_autoptr(TestResponse) list = test_fixture_request (f, "GET", "/todos?userId=1", NULL, NULL);
    g_autoptr(TestResponse) list_again = NULL;
    g_autoptr(TestResponse) write = NULL;
    g_autoptr(TestResponse) list_after = NULL;
    g_autoptr(TestResponse) item_after = NULL;
    const char *list_etag = test_response_header (list, "ETag");

    g_assert_cmpuint (other->status, ==, 200);

    /* Lists have an entity tag too, which any write changes */
    list_again = test_fixture_request (f, "GET", "/todos?userId=1", NULL, "If-None-Match", list_etag, NULL);
    g_assert_cmpuint (list_again->status, ==, 304);
    write = test_fixture_request (f, "PATCH", "/todos/3", "{\"title\": \"Changed\"}", NULL);
    g_assert_cmpuint (write->status, ==, 200);
    g_assert_cmpstr (test_response_header (write, "ETag"), !=, etag);
    list_after = test_fixture_request (f, "GET", "/todos?userId=1", NULL, "If-None-Match", list_etag, NULL);
    g_assert_cmpuint (list_after->status, ==, 200);
    item_after = test_fixture_request (f, "GET", "/todos/3", NULL, "If-None-Match", etag, NULL);
    g_assert_cmpuint (item_after->status, ==, 200);
    g_assert_cmpstr (json_object_get_string_member (test_response_object (item_after), "title"), ==, "Changed");
  }
}

static void
test_etag_if_match (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(TestResponse) first = test_fixture_request (f, "GET", "/todos/8", NULL, NULL);
  g_autofree char *etag = g_strdup (test_response_header (first, "ETag"));
  g_autofree char *weak = g_strconcat ("W/", etag, NULL);
  g_autoptr(TestResponse) ok = test_fixture_request (f, "PATCH", "/todos/8", "{\"title\": \"First writer\"}", "If-Match", etag, NULL);
  g_autofree char *new_etag = g_strdup (test_response_header (ok, "ETag"));
  g_autoptr(TestResponse) stale = NULL;
  g_autoptr(TestResponse) stale_delete = NULL;
  g_autoptr(TestResponse) weak_match = NULL;
  g_autoptr(TestResponse) star = NULL;
  g_autoptr(TestResponse) current = NULL;
  guint64 rev;

  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpstr (new_etag, !=, etag);

  /* A second writer that read the old version loses */
  rev = revision (f);
  stale = test_fixture_request (f, "PUT", "/todos/8", "{\"userId\": 1, \"title\": \"Second writer\"}", "If-Match", etag, NULL);
  test_assert_error_body (stale, 412, "has changed");
  g_assert_cmpstr (test_response_header (stale, "ETag"), ==, new_etag);
  stale_delete = test_fixture_request (f, "DELETE", "/todos/8", NULL, "If-Match", etag, NULL);
  test_assert_error_body (stale_delete, 412, NULL);
  /* If-Match compares strongly: a weak tag never matches */
  weak_match = test_fixture_request (f, "PATCH", "/todos/8", "{\"title\": \"Weak\"}", "If-Match", weak, NULL);
  test_assert_error_body (weak_match, 412, NULL);
  g_assert_cmpuint (revision (f), ==, rev);
  g_assert_cmpstr (json_object_get_string_member (tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_TODOS, 8, NULL), "title"),
                   ==, "First writer");

  star = test_fixture_request (f, "PATCH", "/todos/8", "{\"title\": \"Any version\"}", "If-Match", "*", NULL);
  g_assert_cmpuint (star->status, ==, 200);
  current = test_fixture_request (f, "DELETE", "/todos/8", NULL, "If-Match", test_response_header (star, "ETag"), NULL);
  g_assert_cmpuint (current->status, ==, 200);
}

/* 400, 409 */

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const bodies[] = { "{bad", "", "[]", "\"text\"", "42", "null", "{\"title\": \"x\",}", "\xff\xfe{}", NULL };
  static const char * const routes[][2] = {
    { "POST", "/todos" }, { "PUT", "/todos/1" }, { "PATCH", "/todos/1" },
    { "POST", "/users" }, { "PATCH", "/users/1" }, { "POST", "/users/1/todos" },
    { "PUT", "/__admin/faults" },
  };
  guint64 rev = revision (f);

  for (guint i = 0; bodies[i] != NULL; i++)
    for (guint j = 0; j < G_N_ELEMENTS (routes); j++)
      {
        g_autoptr(TestResponse) r = test_fixture_request (f, routes[j][0], routes[j][1], bodies[i], NULL);

        {
          g_autofree char *escaped = g_strescape (bodies[i], NULL);

          g_test_message ("%s %s with %s", routes[j][0], routes[j][1], escaped);
        }
        test_assert_error_body (r, 400, "request body");
      }

  g_assert_cmpuint (revision (f), ==, rev);
}

static void
test_field_types (Fixture       *f,
                  gconstpointer  data)
{
  static const struct { const char *method; const char *path; const char *body; const char *field; } cases[] = {
    { "POST", "/todos", "{\"userId\": 1, \"title\": \"x\", \"completed\": \"yes\"}", "completed" },
    { "POST", "/todos", "{\"userId\": 1, \"title\": \"x\", \"completed\": 1}", "completed" },
    { "POST", "/todos", "{\"userId\": \"1\", \"title\": \"x\"}", "userId" },
    { "POST", "/todos", "{\"userId\": 999, \"title\": \"x\"}", "userId" },
    { "POST", "/todos", "{\"userId\": 1.5, \"title\": \"x\"}", "userId" },
    { "POST", "/todos", "{\"title\": \"x\"}", "userId" },
    { "POST", "/todos", "{\"userId\": 1, \"title\": 5}", "title" },
    { "POST", "/todos", "{\"userId\": 1, \"title\": \"\"}", "title" },
    { "POST", "/todos", "{\"userId\": 1, \"title\": \" \\t \"}", "title" },
    { "POST", "/todos", "{\"userId\": 1}", "title" },
    { "POST", "/todos", "{\"id\": \"abc\", \"userId\": 1, \"title\": \"x\"}", "id" },
    { "POST", "/todos", "{\"id\": 0, \"userId\": 1, \"title\": \"x\"}", "id" },
    { "POST", "/todos", "{\"id\": -4, \"userId\": 1, \"title\": \"x\"}", "id" },
    { "PUT", "/todos/1", "{\"title\": \"x\"}", "userId" },
    { "PUT", "/todos/1", "{\"id\": 2, \"userId\": 1, \"title\": \"x\"}", "id" },
    { "PATCH", "/todos/1", "{\"completed\": null}", "completed" },
    { "PATCH", "/todos/1", "{\"title\": null}", "title" },
    { "PATCH", "/todos/1", "{\"userId\": 0}", "userId" },
    { "POST", "/users/1/todos", "{\"title\": false}", "title" },
    { "POST", "/users", "{\"username\": \"a\", \"email\": \"a@b.example\"}", "name" },
    { "POST", "/users", "{\"name\": \"A\", \"email\": \"a@b.example\"}", "username" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"nope\"}", "email" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"@b\"}", "email" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\", \"phone\": 5551234}", "phone" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\", \"address\": \"Main St\"}", "address" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\", \"address\": {\"city\": 7}}", "address.city" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\", \"address\": {\"geo\": {\"lat\": 51.2}}}", "geo.lat" },
    { "POST", "/users", "{\"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\", \"company\": {\"name\": []}}", "company.name" },
    { "PATCH", "/users/1", "{\"website\": {}}", "website" },
  };
  guint64 rev = revision (f);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, cases[i].method, cases[i].path, cases[i].body, NULL);

      g_test_message ("%s %s %s", cases[i].method, cases[i].path, cases[i].body);
      test_assert_error_body (r, 400, cases[i].field);
    }

  g_assert_cmpuint (revision (f), ==, rev);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, 600);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_USERS), ==, 60);

  {
    /* 2.0 is an integer to a JavaScript client, and stored as one */
    g_autoptr(TestResponse) r = test_fixture_request (f, "POST", "/todos", "{\"userId\": 2.0, \"title\": \"Integral\"}", NULL);

    g_assert_cmpuint (r->status, ==, 201);
    g_assert_cmpuint (json_node_get_value_type (json_object_get_member (test_response_object (r), "userId")), ==, G_TYPE_INT64);
  }
}

typedef struct
{
  const char *data;
  gsize       length;
  gsize       offset;
} ChunkSource;

static SoupMessage *
large_body_message (Fixture  *f,
                    gsize     size,
                    gboolean  chunked)
{
  g_autofree char *uri = g_strconcat (f->base, "/todos", NULL);
  g_autofree char *title = g_malloc (size + 1);
  g_autofree char *body = NULL;
  const char *prefix = "{\"userId\": 1, \"title\": \"";
  const char *suffix = "\"}";
  gsize title_length = size - strlen (prefix) - strlen (suffix);
  SoupMessage *msg = soup_message_new ("POST", uri);
  GBytes *bytes;

  memset (title, 'a', title_length);
  title[title_length] = '\0';
  body = g_strconcat (prefix, title, suffix, NULL);
  g_assert_cmpuint (strlen (body), ==, size);
  bytes = g_bytes_new_take (g_steal_pointer (&body), size);

  if (chunked)
    {
      g_autoptr(GInputStream) stream = g_memory_input_stream_new_from_bytes (bytes);

      /* -1: no Content-Length, so libsoup sends it chunked */
      soup_message_set_request_body (msg, "application/json", stream, -1);
    }
  else
    {
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  g_bytes_unref (bytes);

  return msg;
}

static void
test_body_too_large (Fixture       *f,
                     gconstpointer  data)
{
  const gsize limit = TQ_DEMO_SERVER_MAX_BODY;

  for (guint chunked = 0; chunked <= 1; chunked++)
    {
      g_autoptr(SoupMessage) over = large_body_message (f, limit + 1, chunked);
      g_autoptr(SoupMessage) at = large_body_message (f, limit, chunked);
      g_autoptr(TestResponse) r_over = NULL;
      g_autoptr(TestResponse) r_at = NULL;
      guint64 rev = revision (f);

      g_test_message ("chunked: %u", chunked);
      r_over = test_send (f->session, over);
      test_assert_error_body (r_over, 400, "larger than");
      g_assert_cmpuint (revision (f), ==, rev);

      /* Exactly 1 MiB is accepted */
      r_at = test_send (f->session, at);
      g_assert_cmpuint (r_at->status, ==, 201);
      g_assert_cmpuint (revision (f), ==, rev + 1);
    }

  {
    /* The connection is still good afterwards */
    g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/users/1", NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
  }
}

static void
test_conflict (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(TestResponse) todo = test_fixture_request (f, "POST", "/todos", "{\"id\": 12, \"userId\": 1, \"title\": \"Dup\"}", NULL);
  g_autoptr(TestResponse) user = test_fixture_request (f, "POST", "/users",
                                                       "{\"id\": 1, \"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\"}", NULL);
  g_autoptr(TestResponse) nested = test_fixture_request (f, "POST", "/users/1/todos", "{\"id\": 1, \"title\": \"Dup\"}", NULL);

  test_assert_error_body (todo, 409, "todo with id 12 already exists");
  test_assert_error_body (user, 409, "user with id 1 already exists");
  test_assert_error_body (nested, 409, "already exists");
  g_assert_cmpuint (revision (f), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_TODOS, 12, NULL), "title"),
                   !=, "Dup");
}

/* WebSocket events */

typedef struct
{
  SoupWebsocketConnection *connection;
  GPtrArray               *messages;   /* char* */
  gboolean                 closed;
} EventClient;

static void
on_ws_message (SoupWebsocketConnection *connection,
               int                      type,
               GBytes                  *message,
               EventClient             *client)
{
  gsize size;
  const char *data = g_bytes_get_data (message, &size);

  g_assert_cmpint (type, ==, SOUP_WEBSOCKET_DATA_TEXT);
  g_ptr_array_add (client->messages, g_strndup (data, size));
}

static void
on_ws_closed (SoupWebsocketConnection *connection,
              EventClient             *client)
{
  client->closed = TRUE;
}

static void
ws_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  EventClient *client = user_data;
  g_autoptr(GError) error = NULL;

  client->connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static EventClient *
event_client_new (Fixture *f)
{
  EventClient *client = g_new0 (EventClient, 1);
  g_autofree char *uri = g_strconcat (f->base, "/events", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  guint before = tq_demo_server_get_n_event_clients (f->server);

  client->messages = g_ptr_array_new_with_free_func (g_free);
  soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, ws_connected, client);
  while (client->connection == NULL || tq_demo_server_get_n_event_clients (f->server) == before)
    g_main_context_iteration (NULL, TRUE);
  g_signal_connect (client->connection, "message", G_CALLBACK (on_ws_message), client);
  g_signal_connect (client->connection, "closed", G_CALLBACK (on_ws_closed), client);

  return client;
}

static void
event_client_free (EventClient *client)
{
  if (soup_websocket_connection_get_state (client->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (client->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  test_spin_until (&client->closed, 10000);
  g_signal_handlers_disconnect_by_data (client->connection, client);
  g_assert_finalize_object (client->connection);
  g_ptr_array_unref (client->messages);
  g_free (client);
}

/* Waits for @n messages, then checks that no more come within one more
 * round trip to the server */
static void
event_client_expect (Fixture     *f,
                     EventClient *client,
                     const char  *const *expected)
{
  guint n = g_strv_length ((char **) expected);

  while (client->messages->len < n)
    g_main_context_iteration (NULL, TRUE);

  {
    g_autoptr(TestResponse) ping = test_fixture_request (f, "GET", "/__admin/faults", NULL, NULL);
  }
  test_drain_main_context ();

  g_assert_cmpuint (client->messages->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(JsonNode) got = json_from_string (g_ptr_array_index (client->messages, i), NULL);
      g_autoptr(JsonNode) want = json_from_string (expected[i], NULL);

      g_assert_nonnull (got);
      if (!json_node_equal (got, want))
        g_error ("event %u: got %s, expected %s", i, (char *) g_ptr_array_index (client->messages, i), expected[i]);
    }
  g_ptr_array_set_size (client->messages, 0);
}

static void
test_events_writes (Fixture       *f,
                    gconstpointer  data)
{
  EventClient *client = event_client_new (f);
  g_autoptr(GString) cascade = g_string_new (NULL);
  g_autoptr(GPtrArray) expected = g_ptr_array_new_with_free_func (g_free);

  g_assert_cmpuint (tq_demo_server_get_n_event_clients (f->server), ==, 1);

  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "POST", "/todos", "{\"userId\": 1, \"title\": \"Evented\"}", NULL);
    const char * const want[] = { "{\"type\": \"created\", \"resource\": \"todos\", \"id\": 601}", NULL };

    g_assert_cmpuint (r->status, ==, 201);
    event_client_expect (f, client, want);
  }
  {
    g_autoptr(TestResponse) put = test_fixture_request (f, "PUT", "/todos/601", "{\"userId\": 1, \"title\": \"Put\"}", NULL);
    g_autoptr(TestResponse) patch = test_fixture_request (f, "PATCH", "/users/5", "{\"phone\": \"+1 202-555-0199\"}", NULL);
    g_autoptr(TestResponse) del = test_fixture_request (f, "DELETE", "/todos/601", NULL, NULL);
    const char * const want[] = {
      "{\"type\": \"updated\", \"resource\": \"todos\", \"id\": 601}",
      "{\"type\": \"updated\", \"resource\": \"users\", \"id\": 5}",
      "{\"type\": \"deleted\", \"resource\": \"todos\", \"id\": 601}",
      NULL
    };

    event_client_expect (f, client, want);
  }
  {
    /* Failed writes send nothing */
    g_autoptr(TestResponse) bad = test_fixture_request (f, "POST", "/todos", "{\"userId\": 1}", NULL);
    g_autoptr(TestResponse) missing = test_fixture_request (f, "DELETE", "/todos/4242", NULL, NULL);
    g_autoptr(TestResponse) read = test_fixture_request (f, "GET", "/todos", NULL, NULL);
    const char * const want[] = { NULL };

    g_assert_cmpuint (bad->status, ==, 400);
    event_client_expect (f, client, want);
  }
  {
    /* A user's deletion, then each of the user's todos */
    g_autoptr(TestResponse) del = test_fixture_request (f, "DELETE", "/users/3", NULL, NULL);

    g_ptr_array_add (expected, g_strdup ("{\"type\": \"deleted\", \"resource\": \"users\", \"id\": 3}"));
    for (guint id = 21; id <= 30; id++)
      g_ptr_array_add (expected, g_strdup_printf ("{\"type\": \"deleted\", \"resource\": \"todos\", \"id\": %u}", id));
    g_ptr_array_add (expected, NULL);
    event_client_expect (f, client, (const char * const *) expected->pdata);
  }
  {
    g_autoptr(TestResponse) reset = test_fixture_request (f, "POST", "/__admin/reset", NULL, NULL);
    const char * const want[] = { "{\"type\": \"reset\", \"resource\": null, \"id\": null}", NULL };

    g_assert_cmpuint (reset->status, ==, 200);
    event_client_expect (f, client, want);
  }

  event_client_free (client);
  while (tq_demo_server_get_n_event_clients (f->server) > 0)
    g_main_context_iteration (NULL, TRUE);
}

static void
test_events_clients (Fixture       *f,
                     gconstpointer  data)
{
  EventClient *a = event_client_new (f);
  EventClient *b = event_client_new (f);
  const char * const want[] = { "{\"type\": \"updated\", \"resource\": \"todos\", \"id\": 1}", NULL };

  g_assert_cmpuint (tq_demo_server_get_n_event_clients (f->server), ==, 2);
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "PATCH", "/todos/1", "{\"completed\": true}", NULL);
  }
  event_client_expect (f, a, want);
  event_client_expect (f, b, want);

  event_client_free (a);
  while (tq_demo_server_get_n_event_clients (f->server) > 1)
    g_main_context_iteration (NULL, TRUE);

  /* Stopping the server says goodbye to the others */
  tq_demo_server_stop (f->server);
  test_spin_until (&b->closed, 10000);
  g_assert_cmpint (soup_websocket_connection_get_close_code (b->connection), ==, SOUP_WEBSOCKET_CLOSE_GOING_AWAY);
  g_assert_cmpuint (tq_demo_server_get_n_event_clients (f->server), ==, 0);
  event_client_free (b);

  {
    /* A plain GET is not a WebSocket handshake */
    g_autoptr(GError) error = NULL;

    g_assert_true (tq_demo_server_listen (f->server, NULL, 0, &error));
    g_free (f->base);
    f->base = g_strdup (tq_demo_server_get_base_uri (f->server));
  }
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/events", NULL, NULL);

    test_assert_error_body (r, 400, "not a WebSocket handshake");
  }
}

/* Admin endpoint */

static void
test_admin_faults (Fixture       *f,
                   gconstpointer  data)
{
  TqDemoFaults *faults = tq_demo_server_get_faults (f->server);
  g_autoptr(TestResponse) initial = test_fixture_request (f, "GET", "/__admin/faults", NULL, NULL);
  g_autoptr(TestResponse) put = NULL;
  g_autoptr(TestResponse) patch = NULL;
  g_autoptr(TestResponse) after_c = NULL;
  g_autoptr(TestResponse) del = NULL;
  JsonObject *o;

  o = test_response_object (initial);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "latencyMs"), 0), ==, 0);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "latencyMs"), 1), ==, 0);
  g_assert_cmpfloat (json_object_get_double_member (o, "failureRate"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (o, "dropRate"), ==, 0.0);
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, tq_demo_faults_get_seed (faults));

  put = test_fixture_request (f, "PUT", "/__admin/faults",
                              "{\"latencyMs\": [5, 20], \"failureRate\": 0.25, \"dropRate\": 0.125, \"seed\": 42}", NULL);
  g_assert_cmpuint (put->status, ==, 200);
  g_assert_cmpuint (tq_demo_faults_get_latency_min (faults), ==, 5);
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 20);
  g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.25);
  g_assert_cmpfloat (tq_demo_faults_get_drop_rate (faults), ==, 0.125);
  g_assert_cmpuint (tq_demo_faults_get_seed (faults), ==, 42);
  g_assert_cmpint (json_object_get_int_member (test_response_object (put), "seed"), ==, 42);

  /* PATCH changes what it names; PUT resets the rest */
  patch = test_fixture_request (f, "PATCH", "/__admin/faults", "{\"dropRate\": 0}", NULL);
  o = test_response_object (patch);
  g_assert_cmpfloat (json_object_get_double_member (o, "failureRate"), ==, 0.25);
  g_assert_cmpfloat (json_object_get_double_member (o, "dropRate"), ==, 0.0);
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "PUT", "/__admin/faults", "{\"latencyMs\": 3}", NULL);

    o = test_response_object (r);
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "latencyMs"), 0), ==, 3);
    g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "latencyMs"), 1), ==, 3);
    g_assert_cmpfloat (json_object_get_double_member (o, "failureRate"), ==, 0.0);
    g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 42);
  }

  /* Changes made from C show over HTTP */
  tq_demo_faults_set_failure_rate (faults, 0.5);
  tq_demo_faults_set_seed (faults, 7);
  after_c = test_fixture_request (f, "GET", "/__admin/faults", NULL, NULL);
  o = test_response_object (after_c);
  g_assert_cmpfloat (json_object_get_double_member (o, "failureRate"), ==, 0.5);
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 7);

  del = test_fixture_request (f, "DELETE", "/__admin/faults", NULL, NULL);
  o = test_response_object (del);
  g_assert_cmpfloat (json_object_get_double_member (o, "failureRate"), ==, 0.0);
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 0);
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 7);

  {
    static const char * const bad[] = {
      "{\"failureRate\": 2}", "{\"failureRate\": -0.1}", "{\"failureRate\": \"0.1\"}", "{\"dropRate\": true}",
      "{\"latencyMs\": [20, 5]}", "{\"latencyMs\": [1, 2, 3]}", "{\"latencyMs\": -1}", "{\"latencyMs\": 60001}",
      "{\"latencyMs\": 1.5}", "{\"seed\": -1}", "{\"seed\": 4294967296}", "{\"failurerate\": 0.1}",
      "{\"failureRate\": 0.9, \"bogus\": 1}",
      NULL
    };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(TestResponse) r = test_fixture_request (f, "PUT", "/__admin/faults", bad[i], NULL);

        g_test_message ("PUT /__admin/faults %s", bad[i]);
        test_assert_error_body (r, 400, NULL);
      }
    /* all or nothing */
    g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.0);
  }
}

static void
test_admin_reset (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TestResponse) del = test_fixture_request (f, "DELETE", "/users/1", NULL, NULL);
  g_autoptr(TestResponse) add = test_fixture_request (f, "POST", "/todos", "{\"userId\": 2, \"title\": \"Temp\"}", NULL);
  g_autoptr(TestResponse) reset = NULL;
  g_autoptr(TestResponse) todos = NULL;
  g_autoptr(TestResponse) users = NULL;
  g_autoptr(JsonObject) seed = tq_demo_seed_new ();
  g_autoptr(JsonNode) seed_todos = NULL;
  guint64 rev = revision (f);

  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, 591);

  reset = test_fixture_request (f, "POST", "/__admin/reset", NULL, NULL);
  g_assert_cmpuint (reset->status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (test_response_object (reset), "users"), ==, 60);
  g_assert_cmpint (json_object_get_int_member (test_response_object (reset), "todos"), ==, 600);
  g_assert_cmpuint (revision (f), ==, rev + 1);

  todos = test_fixture_request (f, "GET", "/todos", NULL, NULL);
  seed_todos = json_node_init_array (json_node_alloc (), json_object_get_array_member (seed, "todos"));
  g_assert_true (json_node_equal (todos->json, seed_todos));
  /* versions are never reused: everything has the new revision */
  g_assert_cmpuint (g_ascii_strtoull (test_response_header (todos, "ETag") + 1, NULL, 10), ==, rev + 1);
  users = test_fixture_request (f, "GET", "/users/1", NULL, NULL);
  g_assert_cmpuint (users->status, ==, 200);
}

static void
test_admin_without_faults (Fixture       *f,
                           gconstpointer  data)
{
  TqDemoFaults *faults = tq_demo_server_get_faults (f->server);

  /* The admin endpoint stays reachable however broken the API is */
  tq_demo_faults_set_failure_rate (faults, 1.0);
  tq_demo_faults_set_drop_rate (faults, 1.0);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/__admin/faults", NULL, NULL);

      g_assert_cmpuint (r->status, ==, 200);
    }
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "DELETE", "/__admin/faults", NULL, NULL);
    g_autoptr(TestResponse) api = test_fixture_request (f, "GET", "/todos/1", NULL, NULL);

    g_assert_cmpuint (r->status, ==, 200);
    g_assert_cmpuint (api->status, ==, 200);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  FIXTURE_TEST ("/demo-server/routes/todos-list", test_todos_list);
  FIXTURE_TEST ("/demo-server/routes/users-list", test_users_list);
  FIXTURE_TEST ("/demo-server/routes/get-item", test_get_item);
  FIXTURE_TEST ("/demo-server/routes/create", test_create);
  FIXTURE_TEST ("/demo-server/routes/replace", test_replace);
  FIXTURE_TEST ("/demo-server/routes/update", test_update);
  FIXTURE_TEST ("/demo-server/routes/delete", test_delete);
  FIXTURE_TEST ("/demo-server/routes/users-crud", test_users_crud);
  FIXTURE_TEST ("/demo-server/routes/nested", test_nested);
  FIXTURE_TEST ("/demo-server/routes/methods", test_methods);
  FIXTURE_TEST ("/demo-server/filter/equal", test_filter_equal);
  FIXTURE_TEST ("/demo-server/filter/operators", test_filter_operators);
  FIXTURE_TEST ("/demo-server/filter/q", test_filter_q);
  FIXTURE_TEST ("/demo-server/page/headers", test_page_headers);
  FIXTURE_TEST ("/demo-server/page/filtered", test_page_filtered);
  FIXTURE_TEST ("/demo-server/sort", test_sort);
  FIXTURE_TEST ("/demo-server/embed-expand", test_embed_expand);
  FIXTURE_TEST ("/demo-server/etag/not-modified", test_etag_not_modified);
  FIXTURE_TEST ("/demo-server/etag/if-match", test_etag_if_match);
  FIXTURE_TEST ("/demo-server/errors/malformed-json", test_malformed_json);
  FIXTURE_TEST ("/demo-server/errors/field-types", test_field_types);
  FIXTURE_TEST ("/demo-server/errors/body-too-large", test_body_too_large);
  FIXTURE_TEST ("/demo-server/errors/conflict", test_conflict);
  FIXTURE_TEST ("/demo-server/events/writes", test_events_writes);
  FIXTURE_TEST ("/demo-server/events/clients", test_events_clients);
  FIXTURE_TEST ("/demo-server/admin/faults", test_admin_faults);
  FIXTURE_TEST ("/demo-server/admin/reset", test_admin_reset);
  FIXTURE_TEST ("/demo-server/admin/without-faults", test_admin_without_faults);

  return g_test_run ();
}
