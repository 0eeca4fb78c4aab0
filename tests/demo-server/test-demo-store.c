/* test-demo-store.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "demo-test-utils.h"
#include "tq-demo-seed.h"

/* TqDemoStore: the seed data, the data file (first run, reload, foreign
 * members, corrupt files), atomic writes that are undone when the file
 * cannot be written, versions, signals and ids. */

typedef struct
{
  char  *dir;
  char  *path;
  GFile *file;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->dir = test_make_tmpdir ();
  f->path = g_build_filename (f->dir, "db.json", NULL);
  f->file = g_file_new_for_path (f->path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_object_unref (f->file);
  test_remove_tree (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static JsonObject *
obj (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);

  return json_object_ref (json_node_get_object (node));
}

/* The store's collections as one JSON value */
static JsonNode *
snapshot (TqDemoStore *store)
{
  JsonObject *root = json_object_new ();
  JsonNode *node;

  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    {
      g_autoptr(GPtrArray) items = tq_demo_store_list (store, r);
      JsonArray *array = json_array_new ();

      for (guint i = 0; i < items->len; i++)
        {
          JsonObject *item = g_ptr_array_index (items, i);
          guint64 version;

          g_assert_true (tq_demo_store_lookup (store, r, json_object_get_int_member (item, "id"), &version) == item);
          json_array_add_object_element (array, json_object_ref (item));
        }
      json_object_set_array_member (root, tq_demo_resource_to_string (r), array);
    }

  node = json_node_init_object (json_node_alloc (), root);
  json_object_unref (root);

  return node;
}

static JsonNode *
read_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  node = json_from_string (contents, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  return node;
}

/* The file holds exactly what the store holds */
static void
assert_file_matches (TqDemoStore *store,
                     const char  *path)
{
  g_autoptr(JsonNode) file = read_file (path);
  g_autoptr(JsonNode) state = snapshot (store);
  JsonObject *root = json_node_get_object (file);

  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    {
      const char *name = tq_demo_resource_to_string (r);

      g_assert_true (json_node_equal (json_object_get_member (root, name),
                                      json_object_get_member (json_node_get_object (state), name)));
    }
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (root, "_meta"), "revision"),
                   ==, tq_demo_store_get_revision (store));
}

static void
write_file (const char *path,
            const char *contents)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_set_contents (path, contents, -1, &error));
}

static void
test_seed (void)
{
  g_autoptr(TqDemoStore) store = tq_demo_store_new ();
  g_autoptr(GPtrArray) todos = tq_demo_store_list (store, TQ_DEMO_RESOURCE_TODOS);
  g_autoptr(GPtrArray) users = tq_demo_store_list (store, TQ_DEMO_RESOURCE_USERS);
  g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(JsonObject) a = tq_demo_seed_new ();
  g_autoptr(JsonObject) b = tq_demo_seed_new ();
  g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), a);
  g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), b);
  guint per_user[TQ_DEMO_SEED_N_USERS + 1] = { 0 };
  guint completed = 0;

  g_assert_null (tq_demo_store_get_file (store));
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 1);
  g_assert_cmpuint (todos->len, ==, 600);
  g_assert_cmpuint (users->len, ==, 60);

  for (guint i = 0; i < todos->len; i++)
    {
      JsonObject *todo = g_ptr_array_index (todos, i);
      gint64 user_id = json_object_get_int_member (todo, "userId");

      g_assert_cmpint (user_id, >=, 1);
      g_assert_cmpint (user_id, <=, 60);
      per_user[user_id]++;
      completed += json_object_get_boolean_member (todo, "completed");
      g_assert_true (g_hash_table_add (titles, (gpointer) json_object_get_string_member (todo, "title")));
    }
  for (guint u = 1; u <= 60; u++)
    g_assert_cmpuint (per_user[u], ==, 10);
  g_test_message ("%u of 600 seeded todos are completed", completed);
  g_assert_cmpuint (completed, >, 150);
  g_assert_cmpuint (completed, <, 330);

  for (guint i = 0; i < users->len; i++)
    {
      JsonObject *user = g_ptr_array_index (users, i);

      g_assert_true (g_hash_table_add (names, (gpointer) json_object_get_string_member (user, "username")));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (user, "email"), ".example"));
      g_assert_true (g_str_has_suffix (json_object_get_string_member (user, "website"), ".example"));
      g_assert_true (strstr (json_object_get_string_member (user, "phone"), "555-01") != NULL);
    }

  /* The same every time */
  g_assert_true (json_node_equal (na, nb));
}

static void
test_first_run (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *nested = g_build_filename (f->dir, "a", "b", "db.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (nested);
  g_autoptr(GError) error = NULL;
  g_autoptr(TqDemoStore) store = tq_demo_store_new_for_file (file, &error);

  g_assert_no_error (error);
  g_assert_true (tq_demo_store_get_file (store) == file);
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 1);
  g_assert_cmpuint (tq_demo_store_get_n_items (store, TQ_DEMO_RESOURCE_TODOS), ==, 600);
  g_assert_true (g_file_test (nested, G_FILE_TEST_IS_REGULAR));
  assert_file_matches (store, nested);
}

static void
test_reload (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TqDemoStore) store = tq_demo_store_new_for_file (f->file, &error);
  g_autoptr(TqDemoStore) again = NULL;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) updated = NULL;
  g_autoptr(JsonObject) fields = obj ("{\"userId\": 4, \"title\": \"Kept across restarts\", \"tags\": [\"a\"]}");
  g_autoptr(JsonObject) patch = obj ("{\"website\": \"new.example\"}");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GPtrArray) todos = NULL;

  g_assert_no_error (error);
  created = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
  g_assert_no_error (error);
  assert_file_matches (store, f->path);
  updated = tq_demo_store_update (store, TQ_DEMO_RESOURCE_USERS, 6, patch, NULL, &error);
  g_assert_no_error (error);
  assert_file_matches (store, f->path);
  g_assert_true (tq_demo_store_delete (store, TQ_DEMO_RESOURCE_TODOS, 17, &error));
  assert_file_matches (store, f->path);
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 4);
  before = snapshot (store);
  g_clear_object (&store);

  again = tq_demo_store_new_for_file (f->file, &error);
  g_assert_no_error (error);
  after = snapshot (again);
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpuint (tq_demo_store_get_revision (again), ==, 4);

  /* Items read from a file have its revision as their version */
  todos = tq_demo_store_list (again, TQ_DEMO_RESOURCE_TODOS);
  for (guint i = 0; i < todos->len; i++)
    {
      guint64 version = 0;

      tq_demo_store_lookup (again, TQ_DEMO_RESOURCE_TODOS,
                            json_object_get_int_member (g_ptr_array_index (todos, i), "id"), &version);
      g_assert_cmpuint (version, ==, 4);
    }
}

static void
test_other_members (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TqDemoStore) store = NULL;
  g_autoptr(JsonObject) fields = obj ("{\"userId\": 1, \"title\": \"New\"}");
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonNode) file = NULL;
  g_autoptr(JsonNode) posts = json_from_string ("[{\"id\": 1, \"body\": \"hello\"}]", NULL);
  JsonObject *root;

  /* A json-server database: no _meta, collections of our own and others */
  write_file (f->path,
              "{\"users\": [{\"id\": 1, \"name\": \"A\", \"username\": \"a\", \"email\": \"a@b\"}],"
              " \"todos\": [{\"userId\": 1, \"id\": 3, \"title\": \"Old\", \"completed\": true}],"
              " \"posts\": [{\"id\": 1, \"body\": \"hello\"}],"
              " \"profile\": {\"name\": \"typicode\"}}");
  store = tq_demo_store_new_for_file (f->file, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 0);
  g_assert_cmpuint (tq_demo_store_get_n_items (store, TQ_DEMO_RESOURCE_TODOS), ==, 1);

  created = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (created, "id"), ==, 4);

  file = read_file (f->path);
  root = json_node_get_object (file);
  g_assert_true (json_node_equal (json_object_get_member (root, "posts"), posts));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (root, "profile"), "name"), ==, "typicode");
  assert_file_matches (store, f->path);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  static const char * const contents[] = {
    "", "{oops", "[]", "42", "null",
    "{\"todos\": {}}", "{\"todos\": [1]}", "{\"todos\": [{\"title\": \"no id\"}]}",
    "{\"todos\": [{\"id\": \"1\"}]}", "{\"todos\": [{\"id\": 1.5}]}",
    "{\"users\": [{\"id\": 1}, {\"id\": 1}]}",
    "{\"_meta\": 5}", "{\"_meta\": {\"revision\": -1}}", "{\"_meta\": {}}",
    NULL
  };

  for (guint i = 0; contents[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TqDemoStore) store = NULL;
      g_autofree char *after = NULL;

      g_test_message ("file: %s", contents[i]);
      write_file (f->path, contents[i]);
      store = tq_demo_store_new_for_file (f->file, &error);
      g_assert_null (store);
      g_assert_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CORRUPT);
      g_assert_nonnull (strstr (error->message, f->path));

      /* Never overwritten */
      g_assert_true (g_file_get_contents (f->path, &after, NULL, NULL));
      g_assert_cmpstr (after, ==, contents[i]);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GFile) remote = g_file_new_for_uri ("http://127.0.0.1:1/db.json");
    g_autoptr(TqDemoStore) store = tq_demo_store_new_for_file (remote, &error);

    g_assert_null (store);
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED);
  }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GFile) dir = g_file_new_for_path (f->dir);
    g_autoptr(TqDemoStore) store = tq_demo_store_new_for_file (dir, &error);

    g_assert_null (store);
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_ISDIR);
  }
}

static void
log_change (TqDemoStore    *store,
            TqDemoChange    change,
            TqDemoResource  resource,
            gint64          id,
            GString        *log)
{
  g_string_append_printf (log, "%s %s %" G_GINT64_FORMAT "; ",
                          tq_demo_change_to_string (change), tq_demo_resource_to_string (resource), id);
}

static void
log_reset (TqDemoStore *store,
           GString     *log)
{
  g_string_append (log, "reset; ");
}

static void
test_write_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TqDemoStore) store = tq_demo_store_new_for_file (f->file, &error);
  g_autoptr(JsonObject) todo = obj ("{\"userId\": 1, \"title\": \"Lost\"}");
  g_autoptr(JsonObject) user_patch = obj ("{\"name\": \"Lost\"}");
  g_autoptr(JsonNode) before = NULL;
  g_autoptr(JsonNode) after = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(JsonObject) result = NULL;
  guint64 version_before, version_after;

  g_assert_no_error (error);
  g_signal_connect (store, "item-changed", G_CALLBACK (log_change), log);
  g_signal_connect (store, "reset", G_CALLBACK (log_reset), log);
  before = snapshot (store);
  tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_USERS, 1, &version_before);

  /* The folder is gone, so the file cannot be replaced (as root, taking
   * away permissions would not stop the write) */
  test_remove_tree (f->dir);

  result = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, todo, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  result = tq_demo_store_replace (store, TQ_DEMO_RESOURCE_TODOS, 2, todo, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  result = tq_demo_store_update (store, TQ_DEMO_RESOURCE_USERS, 1, user_patch, NULL, &error);
  g_assert_null (result);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  /* a user and the user's todos, all put back in place */
  g_assert_false (tq_demo_store_delete (store, TQ_DEMO_RESOURCE_USERS, 5, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_false (tq_demo_store_delete (store, TQ_DEMO_RESOURCE_TODOS, 600, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_false (tq_demo_store_reset (store, &error));
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);

  after = snapshot (store);
  g_assert_true (json_node_equal (before, after));
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 1);
  tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_USERS, 1, &version_after);
  g_assert_cmpuint (version_after, ==, version_before);
  g_assert_cmpstr (log->str, ==, "");

  /* Once the folder is back, writing works again */
  g_assert_cmpint (g_mkdir (f->dir, 0700), ==, 0);
  g_assert_true (tq_demo_store_delete (store, TQ_DEMO_RESOURCE_USERS, 5, &error));
  g_assert_no_error (error);
  assert_file_matches (store, f->path);
  g_assert_true (g_str_has_prefix (log->str, "deleted users 5; deleted todos 41; "));
}

static void
test_versions (void)
{
  g_autoptr(TqDemoStore) store = tq_demo_store_new ();
  g_autoptr(JsonObject) fields = obj ("{\"userId\": 2, \"title\": \"Versioned\"}");
  g_autoptr(JsonObject) patch = obj ("{\"completed\": true}");
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(GError) error = NULL;
  guint64 created_version, updated_version, other, looked_up;

  a = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, &created_version, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (created_version, ==, 2);
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 2);

  b = tq_demo_store_update (store, TQ_DEMO_RESOURCE_TODOS, 5, patch, &updated_version, &error);
  g_assert_cmpuint (updated_version, ==, 3);
  tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_TODOS, 601, &looked_up);
  g_assert_cmpuint (looked_up, ==, 2);
  tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_TODOS, 6, &other);
  g_assert_cmpuint (other, ==, 1);

  /* A failed write takes no revision */
  g_clear_pointer (&b, json_object_unref);
  b = tq_demo_store_update (store, TQ_DEMO_RESOURCE_TODOS, 999, patch, NULL, &error);
  g_assert_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (tq_demo_store_get_revision (store), ==, 3);

  /* A reset gives everything a new version */
  g_assert_true (tq_demo_store_reset (store, &error));
  tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_TODOS, 6, &other);
  g_assert_cmpuint (other, ==, 4);
  g_assert_null (tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_TODOS, 601, NULL));
}

static void
test_signals (void)
{
  g_autoptr(TqDemoStore) store = tq_demo_store_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autoptr(GString) expected = g_string_new (NULL);
  g_autoptr(JsonObject) fields = obj ("{\"userId\": 2, \"title\": \"Signal\"}");
  g_autoptr(JsonObject) user = obj ("{\"name\": \"B\", \"username\": \"b\", \"email\": \"b@c\"}");
  g_autoptr(JsonObject) a = NULL;
  g_autoptr(JsonObject) b = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (store, "item-changed", G_CALLBACK (log_change), log);
  g_signal_connect (store, "reset", G_CALLBACK (log_reset), log);

  a = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
  b = tq_demo_store_replace (store, TQ_DEMO_RESOURCE_USERS, 2, user, NULL, &error);
  g_assert_true (tq_demo_store_delete (store, TQ_DEMO_RESOURCE_USERS, 1, &error));
  g_assert_true (tq_demo_store_reset (store, &error));
  g_assert_no_error (error);

  g_string_append (expected, "created todos 601; updated users 2; deleted users 1; ");
  for (guint id = 1; id <= 10; id++)
    g_string_append_printf (expected, "deleted todos %u; ", id);
  g_string_append (expected, "reset; ");
  g_assert_cmpstr (log->str, ==, expected->str);
}

static void
test_ids (void)
{
  g_autoptr(TqDemoStore) store = tq_demo_store_new ();
  g_autoptr(JsonObject) fields = obj ("{\"userId\": 2, \"title\": \"Id\"}");
  g_autoptr(JsonObject) taken = obj ("{\"id\": 3, \"userId\": 2, \"title\": \"Taken\"}");
  g_autoptr(JsonObject) big = obj ("{\"id\": 9007199254740991, \"userId\": 2, \"title\": \"Big\"}");
  g_autoptr(JsonObject) too_big = obj ("{\"id\": 9007199254740992, \"userId\": 2, \"title\": \"Too big\"}");
  g_autoptr(GError) error = NULL;
  JsonObject *result;

  result = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
  g_assert_cmpint (json_object_get_int_member (result, "id"), ==, 601);
  json_object_unref (result);

  /* The largest id plus one, so a deleted last id comes back, as in
   * json-server */
  g_assert_true (tq_demo_store_delete (store, TQ_DEMO_RESOURCE_TODOS, 601, &error));
  result = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
  g_assert_cmpint (json_object_get_int_member (result, "id"), ==, 601);
  json_object_unref (result);

  g_assert_null (tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, taken, NULL, &error));
  g_assert_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_null (tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, too_big, NULL, &error));
  g_assert_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_INVALID);
  g_clear_error (&error);

  /* JavaScript's largest safe integer is the largest id */
  result = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, big, NULL, &error);
  g_assert_no_error (error);
  json_object_unref (result);
  g_assert_null (tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error));
  g_assert_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CONFLICT);
}

static void
test_sealed (void)
{
  g_autoptr(TqDemoStore) store = tq_demo_store_new ();
  g_autoptr(JsonObject) fields = obj ("{\"userId\": 2, \"title\": \"Sealed\", \"nested\": {\"a\": 1}}");
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(GPtrArray) users = tq_demo_store_list (store, TQ_DEMO_RESOURCE_USERS);
  g_autoptr(GError) error = NULL;

  created = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
  g_assert_true (json_object_is_immutable (created));
  g_assert_true (json_object_is_immutable (json_object_get_object_member (created, "nested")));
  g_assert_true (json_object_is_immutable (tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_TODOS, 1, NULL)));
  g_assert_true (json_object_is_immutable (g_ptr_array_index (users, 0)));
  /* the caller's object is not taken over */
  g_assert_false (json_object_is_immutable (fields));
}

static void
test_misuse (void)
{
  g_autoptr(TqDemoStore) store = tq_demo_store_new ();
  TqDemoResource resource;

  g_assert_true (tq_demo_resource_from_string ("todos", &resource));
  g_assert_cmpint (resource, ==, TQ_DEMO_RESOURCE_TODOS);
  g_assert_false (tq_demo_resource_from_string ("posts", &resource));

  g_test_expect_message ("TqDemoServer", G_LOG_LEVEL_CRITICAL, "*resource < TQ_DEMO_N_RESOURCES*");
  g_assert_null (tq_demo_store_lookup (store, 7, 1, NULL));
  g_test_assert_expected_messages ();
  g_test_expect_message ("TqDemoServer", G_LOG_LEVEL_CRITICAL, "*fields != NULL*");
  g_assert_null (tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, NULL, NULL, NULL));
  g_test_assert_expected_messages ();
  g_test_expect_message ("TqDemoServer", G_LOG_LEVEL_CRITICAL, "*G_IS_FILE*");
  g_assert_null (tq_demo_store_new_for_file (NULL, NULL));
  g_test_assert_expected_messages ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-store/seed", test_seed);
  g_test_add ("/demo-store/file/first-run", Fixture, NULL, fixture_setup, test_first_run, fixture_teardown);
  g_test_add ("/demo-store/file/reload", Fixture, NULL, fixture_setup, test_reload, fixture_teardown);
  g_test_add ("/demo-store/file/other-members", Fixture, NULL, fixture_setup, test_other_members, fixture_teardown);
  g_test_add ("/demo-store/file/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/demo-store/file/write-failure", Fixture, NULL, fixture_setup, test_write_failure, fixture_teardown);
  g_test_add_func ("/demo-store/versions", test_versions);
  g_test_add_func ("/demo-store/signals", test_signals);
  g_test_add_func ("/demo-store/ids", test_ids);
  g_test_add_func ("/demo-store/sealed", test_sealed);
  g_test_add_func ("/demo-store/misuse", test_misuse);

  return g_test_run ();
}
