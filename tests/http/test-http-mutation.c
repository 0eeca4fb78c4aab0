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
mutate (Fixture       *f,
        const char    *method,
        const char    *template,
        const GValue  *variables,
        GValue        *data,
        GError       **error)
{
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  tq_http_client_apply_mutation (f->http, options, method, template);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_mutate_async (observer, variables, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);

  return tq_mutation_observer_mutate_finish (observer, result, data, error);
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
  g_assert_cmpint (json_object_get_int_member (object_of (&created), "id"), ==, 201);
  g_assert_cmpstr (json_object_get_string_member (object_of (&created), "title"), ==, "From a mutation");

  tq_test_value_json (&patch, "{\"id\": 201, \"completed\": true}");
  g_assert_true (mutate (f, "PATCH", "/todos/{id}", &patch, &patched, &error));
  g_assert_no_error (error);
  g_assert_true (json_object_get_boolean_member (object_of (&patched), "completed"));

  tq_test_value_json (&id, "201");
  g_assert_true (mutate (f, "delete", "/todos/{id}", &id, &deleted, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (session_log_count (f->log, "DELETE", "/todos/201"), ==, 1);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  FIXTURE_TEST ("/http/mutation/json-variables", test_json_variables);
  FIXTURE_TEST ("/http/mutation/variant-variables", test_variant_variables);
  FIXTURE_TEST ("/http/mutation/errors", test_errors);
#undef FIXTURE_TEST

  return g_test_run ();
}
