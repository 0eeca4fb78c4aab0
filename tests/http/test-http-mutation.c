/* test-http-mutation.c: HTTP mutation functions with mutation observers
 *
 * Built once the mutation API is in the tree (see src/tq/meson.build).
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "http-test-util.h"
#include "tq-http-client-private.h"

typedef struct
{
  TqTestEnv     env;
  TqDemoServer *demo;
  TqHttpClient *http;
  SessionLog   *log;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->demo = http_test_demo_server_new ();
  f->http = tq_http_client_new (tq_demo_server_get_base_uri (f->demo));
  f->log = session_log_new (tq_http_client_get_session (f->http));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  http_test_wait_idle (f->http);
  tq_test_env_clear (&f->env);
  g_clear_pointer (&f->log, session_log_free);
  g_assert_finalize_object (f->http);
  http_test_demo_server_free (f->demo);
}

/* Runs a mutation through an observer and waits for it. */
static gboolean
mutate_full (Fixture              *f,
             const char           *method,
             const char           *template,
             TqHttpMutationFlags   flags,
             const GValue         *variables,
             GValue               *data,
             GError              **error)
{
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  if (flags == TQ_HTTP_MUTATION_NONE)
    tq_http_client_apply_mutation (f->http, options, method, template);
  else
    tq_http_client_apply_mutation_full (f->http, options, method, template, flags);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_mutate_async (observer, variables, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);

  return tq_mutation_observer_mutate_finish (observer, result, data, error);
}

static gboolean
mutate (Fixture       *f,
        const char    *method,
        const char    *template,
        const GValue  *variables,
        GValue        *data,
        GError       **error)
{
  return mutate_full (f, method, template, TQ_HTTP_MUTATION_NONE, variables, data, error);
}

static JsonObject *
object_of (const GValue *value)
{
  g_assert_true (G_VALUE_HOLDS (value, JSON_TYPE_NODE));
  return json_node_get_object (g_value_get_boxed (value));
}

static void
test_json_variables (Fixture       *f,
                     gconstpointer  data)
{
  g_auto(GValue) created = G_VALUE_INIT;
  g_auto(GValue) patched = G_VALUE_INIT;
  g_auto(GValue) deleted = G_VALUE_INIT;
  g_auto(GValue) variables = G_VALUE_INIT;
  g_auto(GValue) patch = G_VALUE_INIT;
  g_auto(GValue) id = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  tq_test_value_json (&variables, "{\"userId\": 1, \"title\": \"From a mutation\"}");
  g_assert_true (mutate (f, "POST", "/todos", &variables, &created, &error));
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (object_of (&created), "id"), ==, 601);
  g_assert_cmpstr (json_object_get_string_member (object_of (&created), "title"), ==, "From a mutation");

  tq_test_value_json (&patch, "{\"id\": 601, \"completed\": true}");
  g_assert_true (mutate (f, "PATCH", "/todos/{id}", &patch, &patched, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (object_of (&patched), "completed"));

  tq_test_value_json (&id, "601");
  g_assert_true (mutate (f, "delete", "/todos/{id}", &id, &deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (session_log_count (f->log, "DELETE", "/todos/601"), ==, 1);
  g_assert_cmpuint (session_log_count (f->log, NULL, NULL), ==, 3);
}

static void
test_variant_variables (Fixture       *f,
                        gconstpointer  data)
{
  g_auto(GValue) variables = G_VALUE_INIT;
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  g_value_init (&variables, G_TYPE_VARIANT);
  g_value_set_variant (&variables, g_variant_new_parsed ("{'id': <int64 3>, 'title': <'Renamed'>}"));
  g_assert_true (mutate (f, "PATCH", "/todos/{id}", &variables, &result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (object_of (&result), "title"), ==, "Renamed");
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_auto(GValue) bad = G_VALUE_INIT;
  g_auto(GValue) number = G_VALUE_INIT;
  g_auto(GValue) ok = G_VALUE_INIT;
  g_auto(GValue) result = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  /* The server's 400, with its body */
  tq_test_value_json (&bad, "{\"userId\": 1, \"title\": 5}");
  g_assert_false (mutate (f, "POST", "/todos", &bad, &result, &error));
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (tq_http_error_get_body (error));
  g_clear_error (&error);

  /* Variables that cannot be JSON: no request */
  g_value_init (&number, G_TYPE_INT);
  g_value_set_int (&number, 7);
  g_assert_false (mutate (f, "DELETE", "/todos/{id}", &number, &result, &error));
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_clear_error (&error);
  g_assert_cmpuint (session_log_count (f->log, "DELETE", NULL), ==, 0);

  /* A server error is not retried: a POST sent twice may create twice */
  tq_demo_faults_set_failure_rate (tq_demo_server_get_faults (f->demo), 1.0);
  tq_test_value_json (&ok, "{\"userId\": 1, \"title\": \"Once\"}");
  g_assert_false (mutate (f, "POST", "/todos", &ok, &result, &error));
  g_assert_true (tq_http_error_get_status (error) >= 500);
  tq_test_advance (&f->env, 60 * 1000);
  http_test_run_for (50);
  g_assert_cmpuint (session_log_count (f->log, "POST", "/todos"), ==, 2);
}

/* Conditional writes {{{ */

/* Fetches a query over HTTP and waits for it. */
static void
fetch (Fixture    *f,
       const char *key_text)
{
  g_autoptr(GVariant) key = tq_test_key (key_text);
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(GAsyncResult) result = NULL;
  g_auto(GValue) data = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  tq_http_client_apply (f->http, options);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);
  g_assert_true (tq_query_client_fetch_query_finish (f->env.client, result, &data, &error));
  g_assert_no_error (error);
}

/* The strong ETag of an item's current version on the server. */
static char *
current_etag (Fixture        *f,
              TqDemoResource  resource,
              gint64          id)
{
  guint64 version = 0;

  g_assert_nonnull (tq_demo_store_lookup (tq_demo_server_get_store (f->demo), resource, id, &version));
  return g_strdup_printf ("\"%" G_GUINT64_FORMAT "\"", version);
}

static gboolean
patch_user (Fixture              *f,
            TqHttpMutationFlags   flags,
            const char           *json,
            GError              **error)
{
  g_auto(GValue) variables = G_VALUE_INIT;
  g_auto(GValue) result = G_VALUE_INIT;

  tq_test_value_json (&variables, json);
  return mutate_full (f, "PATCH", "/users/{id}", flags, &variables, &result, error);
}

#define assert_entity_tag(f, path, expected) \
  G_STMT_START { \
    g_autofree char *__tag = tq_http_client_dup_entity_tag ((f)->http, (path)); \
    g_assert_cmpstr (__tag, ==, (expected)); \
  } G_STMT_END

static void
test_conditional_writes (Fixture       *f,
                         gconstpointer  data)
{
  TqDemoStore *store = tq_demo_server_get_store (f->demo);
  g_autoptr(JsonObject) elsewhere = json_object_new ();
  g_auto(GValue) todo = G_VALUE_INIT;
  g_auto(GValue) created = G_VALUE_INIT;
  g_auto(GValue) todo_patch = G_VALUE_INIT;
  g_auto(GValue) patched = G_VALUE_INIT;
  g_auto(GValue) id = G_VALUE_INIT;
  g_auto(GValue) deleted = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;
  g_autofree char *etag = NULL;
  g_autofree char *created_etag = NULL;
  g_autofree char *created_path = NULL;
  gint64 created_id;

  /* A query's response teaches the client its URL's version */
  assert_entity_tag (f, "/users/3", NULL);
  fetch (f, "('users', 3)");
  etag = current_etag (f, TQ_DEMO_RESOURCE_USERS, 3);
  assert_entity_tag (f, "/users/3", etag);

  /* A plain write stays unconditional */
  g_assert_true (patch_user (f, TQ_HTTP_MUTATION_NONE, "{\"id\": 3, \"name\": \"Unconditional\"}", &error));
  g_assert_no_error (error);
  g_assert_null (session_log_last (f->log)->if_match);

  /* The answer to the last write taught the client the new version: the
   * next conditional write carries it, with no fetch in between */
  g_clear_pointer (&etag, g_free);
  etag = current_etag (f, TQ_DEMO_RESOURCE_USERS, 3);
  assert_entity_tag (f, "/users/3", etag);
  g_assert_true (patch_user (f, TQ_HTTP_MUTATION_IF_MATCH, "{\"id\": 3, \"name\": \"First\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (session_log_last (f->log)->if_match, ==, etag);
  g_assert_cmpuint (session_log_last (f->log)->status, ==, 200);
  g_clear_pointer (&etag, g_free);
  etag = current_etag (f, TQ_DEMO_RESOURCE_USERS, 3);
  g_assert_true (patch_user (f, TQ_HTTP_MUTATION_IF_MATCH, "{\"id\": 3, \"name\": \"Second\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (session_log_last (f->log)->if_match, ==, etag);

  /* A change the client has not seen: 412, and nothing changes */
  json_object_set_string_member (elsewhere, "name", "Changed elsewhere");
  json_object_unref (tq_demo_store_update (store, TQ_DEMO_RESOURCE_USERS, 3, elsewhere, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (patch_user (f, TQ_HTTP_MUTATION_IF_MATCH, "{\"id\": 3, \"name\": \"Lost update\"}", &error));
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_PRECONDITION_FAILED);
  g_assert_cmpuint (tq_http_error_get_status (error), ==, 412);
  g_clear_error (&error);
  g_assert_cmpstr (json_object_get_string_member (tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_USERS, 3, NULL), "name"),
                   ==, "Changed elsewhere");

  /* A refetch shows the change and its version: the write goes through */
  fetch (f, "('users', 3)");
  g_clear_pointer (&etag, g_free);
  etag = current_etag (f, TQ_DEMO_RESOURCE_USERS, 3);
  g_assert_true (patch_user (f, TQ_HTTP_MUTATION_IF_MATCH, "{\"id\": 3, \"name\": \"After a refetch\"}", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (session_log_last (f->log)->if_match, ==, etag);

  /* A URL the client never saw is written without a condition */
  g_assert_true (patch_user (f, TQ_HTTP_MUTATION_IF_MATCH, "{\"id\": 4, \"name\": \"Unseen\"}", &error));
  g_assert_no_error (error);
  g_assert_null (session_log_last (f->log)->if_match);

  /* A POST's tag belongs to the item it created, at its Location */
  tq_test_value_json (&todo, "{\"userId\": 1, \"title\": \"Created\"}");
  g_assert_true (mutate (f, "POST", "/todos", &todo, &created, &error));
  g_assert_no_error (error);
  created_id = json_object_get_int_member (object_of (&created), "id");
  created_etag = current_etag (f, TQ_DEMO_RESOURCE_TODOS, created_id);
  created_path = g_strdup_printf ("/todos/%" G_GINT64_FORMAT, created_id);
  assert_entity_tag (f, "/todos", NULL);
  assert_entity_tag (f, created_path, created_etag);
  tq_test_value_json (&todo_patch, "{\"completed\": true}");
  json_object_set_int_member (json_node_get_object (g_value_get_boxed (&todo_patch)), "id", created_id);
  g_assert_true (mutate_full (f, "PATCH", "/todos/{id}", TQ_HTTP_MUTATION_IF_MATCH, &todo_patch, &patched, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (session_log_last (f->log)->if_match, ==, created_etag);

  /* A deletion ends the version */
  tq_test_value_json (&id, created_path + strlen ("/todos/"));
  g_assert_true (mutate_full (f, "DELETE", "/todos/{id}", TQ_HTTP_MUTATION_IF_MATCH, &id, &deleted, &error));
  g_assert_no_error (error);
  g_assert_nonnull (session_log_last (f->log)->if_match);
  assert_entity_tag (f, created_path, NULL);
}

/* A raw server whose GET answers late with an older version than the
 * PATCH that was sent after it. */
static void
respond_versioned (RawConnection    *c,
                   const RawRequest *request,
                   gpointer          user_data)
{
  if (g_str_equal (request->method, "GET"))
    {
      raw_sleep (c, 200);
      raw_respond (c, 200, "OK", "ETag: \"1\"\r\n", "{\"id\": 1, \"version\": 1}");
    }
  else if (g_str_equal (request->method, "PATCH"))
    {
      raw_respond (c, 200, "OK", "ETag: \"2\"\r\n", "{\"id\": 1, \"version\": 2}");
    }
  else
    {
      raw_respond (c, 200, "OK", "ETag: W/\"weak\"\r\n", "{}");
    }
}

static void
test_entity_tag_order (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RawServer) raw = raw_server_new ();
  g_autoptr(TqHttpClient) http = tq_http_client_new (raw_server_get_base (raw));
  g_autoptr(JsonNode) body = tq_test_json ("{\"id\": 1}");
  g_autoptr(GAsyncResult) get_result = NULL;
  g_autoptr(GAsyncResult) patch_result = NULL;
  g_autoptr(GAsyncResult) weak_result = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *tag = NULL;

  raw_server_add (raw, "/item", respond_versioned, NULL);
  raw_server_add (raw, "/weak", respond_versioned, NULL);

  /* The GET is sent first and answered last, with the older version */
  tq_http_client_send_async (http, "GET", "/item", NULL, NULL, http_test_store_result, &get_result);
  tq_http_client_send_async (http, "PATCH", "/item", body, NULL, http_test_store_result, &patch_result);
  http_test_wait_result (&patch_result);
  tag = tq_http_client_dup_entity_tag (http, "/item");
  g_assert_cmpstr (tag, ==, "\"2\"");
  g_clear_pointer (&tag, g_free);
  http_test_wait_result (&get_result);
  node = tq_http_client_send_finish (http, get_result, NULL, &error);
  g_assert_no_error (error);

  /* The tag of the PATCH's answer stands */
  tag = tq_http_client_dup_entity_tag (http, "/item");
  g_assert_cmpstr (tag, ==, "\"2\"");
  g_clear_pointer (&tag, g_free);

  /* A weak tag is not kept: If-Match compares strongly */
  tq_http_client_send_async (http, "HEAD", "/weak", NULL, NULL, http_test_store_result, &weak_result);
  http_test_wait_result (&weak_result);
  tag = tq_http_client_dup_entity_tag (http, "/weak");
  g_assert_null (tag);

  /* A path that makes no URI has none */
  g_assert_null (tq_http_client_dup_entity_tag (http, "http://"));

  http_test_wait_idle (http);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  FIXTURE_TEST ("/http/mutation/json-variables", test_json_variables);
  FIXTURE_TEST ("/http/mutation/variant-variables", test_variant_variables);
  FIXTURE_TEST ("/http/mutation/errors", test_errors);
  FIXTURE_TEST ("/http/mutation/conditional-writes", test_conditional_writes);
  FIXTURE_TEST ("/http/mutation/entity-tag-order", test_entity_tag_order);
#undef FIXTURE_TEST

  return g_test_run ();
}
