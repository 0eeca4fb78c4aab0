/* test-http-query.c: the HTTP query function in a query client
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
  RawServer    *raw;
  TqHttpClient *http;       /* for the demo server */
  TqHttpClient *raw_http;   /* for the raw server */
  SessionLog   *log;        /* of http */
  SessionLog   *raw_log;    /* of raw_http */
  GPtrArray    *observers;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->demo = http_test_demo_server_new ();
  f->raw = raw_server_new ();
  f->http = tq_http_client_new (tq_demo_server_get_base_uri (f->demo));
  f->raw_http = tq_http_client_new (raw_server_get_base (f->raw));
  f->log = session_log_new (tq_http_client_get_session (f->http));
  f->raw_log = session_log_new (tq_http_client_get_session (f->raw_http));
  f->observers = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  for (guint i = 0; i < f->observers->len; i++)
    if (tq_query_observer_is_subscribed (g_ptr_array_index (f->observers, i)))
      tq_query_observer_unsubscribe (g_ptr_array_index (f->observers, i));
  g_clear_pointer (&f->observers, g_ptr_array_unref);

  http_test_wait_idle (f->http);
  http_test_wait_idle (f->raw_http);
  tq_test_env_clear (&f->env);

  /* Dropping the cache dropped the validators */
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 0);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->raw_http), ==, 0);

  g_clear_pointer (&f->log, session_log_free);
  g_clear_pointer (&f->raw_log, session_log_free);
  g_assert_finalize_object (f->http);
  g_assert_finalize_object (f->raw_http);
  g_clear_pointer (&f->raw, raw_server_free);
  http_test_demo_server_free (f->demo);
}

static TqQueryOptions *
http_options (TqHttpClient *http,
              const char   *key_text)
{
  g_autoptr(GVariant) key = tq_test_key (key_text);
  TqQueryOptions *options = tq_query_options_new (key);

  tq_http_client_apply (http, options);
  return options;
}

static TqQueryObserver *
subscribe (Fixture      *f,
           TqHttpClient *http,
           const char   *key_text)
{
  g_autoptr(TqQueryOptions) options = http_options (http, key_text);
  TqQueryObserver *observer = tq_query_observer_new (f->env.client, options);

  g_ptr_array_add (f->observers, observer);
  tq_query_observer_subscribe (observer);

  return observer;
}

static TqQuery *
get_query (Fixture    *f,
           const char *key_text)
{
  g_autoptr(GVariant) key = tq_test_key (key_text);
  g_autofree char *hash = tq_key_hash (key);

  return tq_query_cache_get (f->env.cache, hash);
}

static TqQueryState *
state_of (Fixture    *f,
          const char *key_text)
{
  TqQuery *query = get_query (f, key_text);

  g_assert_nonnull (query);
  return tq_query_get_state (query);
}

static guint
settled_count (Fixture    *f,
               const char *key_text)
{
  TqQuery *query = get_query (f, key_text);
  TqQueryState *state;

  if (query == NULL)
    return 0;

  state = tq_query_get_state (query);
  if (tq_query_state_get_fetch_status (state) != TQ_FETCH_STATUS_IDLE)
    return 0;

  return tq_query_state_get_data_update_count (state) + tq_query_state_get_error_update_count (state);
}

/* Waits until the query has settled @n times (data or error). */
#define wait_settled(f, key, n) http_test_wait_until (settled_count ((f), (key)) >= (n))

static JsonNode *
data_of (Fixture    *f,
         const char *key_text)
{
  const GValue *data = tq_query_state_get_data (state_of (f, key_text));

  g_assert_true (G_VALUE_HOLDS (data, JSON_TYPE_NODE));
  return g_value_get_boxed (data);
}

static void
refetch (Fixture    *f,
         const char *key_text)
{
  g_autoptr(TqQueryFilters) filters = tq_test_filters (key_text);

  tq_query_filters_set_exact (filters, TRUE);
  tq_query_client_refetch_queries_async (f->env.client, filters, TRUE, NULL, NULL, NULL);
}

/* Fetching {{{ */

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  TqQueryObserver *observer = subscribe (f, f->http, "('todos', 1)");
  TqQueryResult *result;
  JsonObject *todo;

  wait_settled (f, "('todos', 1)", 1);

  result = tq_query_observer_get_current_result (observer);
  g_assert_true (tq_query_result_is_success (result));
  todo = json_node_get_object (g_value_get_boxed (tq_query_result_get_data (result)));
  g_assert_cmpint (json_object_get_int_member (todo, "id"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (todo, "userId"), ==, 1);
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos/1"), ==, 1);
}

static void
test_key_mapping (Fixture       *f,
                  gconstpointer  data)
{
  JsonArray *todos;

  subscribe (f, f->http, "('todos', {'userId': <2>, '_page': <1>, '_limit': <3>})");
  subscribe (f, f->http, "('users', 3, 'todos')");
  wait_settled (f, "('todos', {'userId': <2>, '_page': <1>, '_limit': <3>})", 1);
  wait_settled (f, "('users', 3, 'todos')", 1);

  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos?_limit=3&_page=1&userId=2"), ==, 1);
  todos = json_node_get_array (data_of (f, "('todos', {'userId': <2>, '_page': <1>, '_limit': <3>})"));
  g_assert_cmpuint (json_array_get_length (todos), ==, 3);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (todos, i), "userId"), ==, 2);

  g_assert_cmpuint (session_log_count (f->log, "GET", "/users/3/todos"), ==, 1);
  todos = json_node_get_array (data_of (f, "('users', 3, 'todos')"));
  g_assert_cmpuint (json_array_get_length (todos), ==, 10);
}

static void
test_client_defaults (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TqQueryOptions) defaults = tq_query_options_new (NULL);
  g_autoptr(GVariant) key = tq_test_key ("('users', 3)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  TqQueryObserver *observer;

  /* Every query an HTTP query: the application writes no query function */
  tq_http_client_apply (f->http, defaults);
  tq_query_client_set_default_query_options (f->env.client, defaults);

  observer = tq_query_observer_new (f->env.client, options);
  g_ptr_array_add (f->observers, observer);
  tq_query_observer_subscribe (observer);
  wait_settled (f, "('users', 3)", 1);

  g_assert_cmpint (json_object_get_int_member (json_node_get_object (data_of (f, "('users', 3)")), "id"), ==, 3);
}

static void
test_http_error_in_query (Fixture       *f,
                          gconstpointer  data)
{
  TqQueryObserver *observer = subscribe (f, f->http, "('todos', 999)");
  TqQueryResult *result;
  const GError *error;

  wait_settled (f, "('todos', 999)", 1);
  result = tq_query_observer_get_current_result (observer);
  g_assert_true (tq_query_result_is_error (result));
  error = tq_query_result_get_error (result);
  g_assert_error ((GError *) error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_NOT_FOUND);
  /* The status, reason and body survive the copies the query makes */
  g_assert_cmpuint (tq_http_error_get_status (error), ==, 404);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (tq_http_error_get_body (error)), "message"),
                   ==, "There is no todo with id 999");
  /* a 4xx is not retried */
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos/999"), ==, 1);
  tq_test_advance (&f->env, 60 * 1000);
  http_test_run_for (50);
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos/999"), ==, 1);
}

static void
test_invalid_key (Fixture       *f,
                  gconstpointer  data)
{
  TqQueryObserver *observer = subscribe (f, f->http, "('todos', ('nested',))");
  TqQueryResult *result;

  tq_test_flush (&f->env);
  result = tq_query_observer_get_current_result (observer);
  g_assert_true (tq_query_result_is_error (result));
  g_assert_error ((GError *) tq_query_result_get_error (result), TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_cmpuint (tq_query_result_get_failure_count (result), ==, 1);
  g_assert_cmpuint (session_log_length (f->log), ==, 0);
}

static void
respond_malformed (RawConnection    *c,
                   const RawRequest *request,
                   gpointer          user_data)
{
  raw_respond (c, 200, "OK", NULL, "[{\"id\": 1},");
}

static void
test_malformed_in_query (Fixture       *f,
                         gconstpointer  data)
{
  TqQueryObserver *observer;

  raw_server_add (f->raw, "/broken", respond_malformed, NULL);
  observer = subscribe (f, f->raw_http, "('broken',)");
  wait_settled (f, "('broken',)", 1);
  g_assert_error ((GError *) tq_query_result_get_error (tq_query_observer_get_current_result (observer)),
                  TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_RESPONSE);
  /* a malformed body is not retried */
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/broken"), ==, 1);
}

/* }}} */
/* Cancellation {{{ */

static void
respond_slowly (RawConnection    *c,
                const RawRequest *request,
                gpointer          user_data)
{
  raw_sleep (c, 5000);
  raw_respond (c, 200, "OK", NULL, "[]");
}

static void
test_unsubscribe_cancels (Fixture       *f,
                          gconstpointer  data)
{
  TqQueryObserver *observer;
  TqQueryState *state;
  gint64 start = g_get_monotonic_time ();

  raw_server_add (f->raw, "/slow", respond_slowly, NULL);
  observer = subscribe (f, f->raw_http, "('slow',)");
  http_test_wait_until (raw_server_get_hits (f->raw, "/slow") == 1);
  state = state_of (f, "('slow',)");
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_FETCHING);

  /* The query function took the cancellable: the last observer leaving
   * aborts the request and reverts the query (rule 33). */
  tq_query_observer_unsubscribe (observer);
  http_test_wait_until (raw_server_get_aborted (f->raw) == 1);
  tq_test_flush (&f->env);
  state = state_of (f, "('slow',)");
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_false (tq_query_state_has_data (state));
  g_assert_null (tq_query_state_get_error (state));
  http_test_wait_idle (f->raw_http);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 3 * G_USEC_PER_SEC);
}

static void
test_cancel_queries (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TqQueryFilters) filters = tq_test_filters ("('slow',)");

  raw_server_add (f->raw, "/slow", respond_slowly, NULL);
  subscribe (f, f->raw_http, "('slow',)");
  http_test_wait_until (raw_server_get_hits (f->raw, "/slow") == 1);

  tq_query_client_cancel_queries_async (f->env.client, filters, TRUE, FALSE, NULL, NULL, NULL);
  http_test_wait_until (raw_server_get_aborted (f->raw) == 1);
  http_test_wait_idle (f->raw_http);
  g_assert_cmpint (tq_query_state_get_fetch_status (state_of (f, "('slow',)")), ==, TQ_FETCH_STATUS_IDLE);
}

/* }}} */
/* Retries {{{ */

typedef struct
{
  guint       failures;
  guint       status;
  const char *extra_headers;
  guint       calls;
} Flaky;

static void
respond_flaky (RawConnection    *c,
               const RawRequest *request,
               gpointer          user_data)
{
  Flaky *flaky = user_data;

  if (flaky->calls++ < flaky->failures)
    raw_respond (c, flaky->status, "Flaky", flaky->extra_headers, "{\"message\": \"try again\"}");
  else
    raw_respond (c, 200, "OK", NULL, "{\"ok\": true}");
}

static guint
failure_count (Fixture    *f,
               const char *key_text)
{
  return tq_query_state_get_fetch_failure_count (state_of (f, key_text));
}

static void
test_retry_server_errors (Fixture       *f,
                          gconstpointer  data)
{
  Flaky flaky = { 2, 503, NULL, 0 };

  raw_server_add (f->raw, "/flaky", respond_flaky, &flaky);
  subscribe (f, f->raw_http, "('flaky',)");

  http_test_wait_until (failure_count (f, "('flaky',)") == 1);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/flaky"), ==, 1);

  /* 1 s of backoff, on the query client's clock */
  tq_test_advance (&f->env, 999);
  http_test_run_for (50);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/flaky"), ==, 1);
  tq_test_advance (&f->env, 1);
  http_test_wait_until (failure_count (f, "('flaky',)") == 2);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/flaky"), ==, 2);

  /* then 2 s */
  tq_test_advance (&f->env, 1999);
  http_test_run_for (50);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/flaky"), ==, 2);
  tq_test_advance (&f->env, 1);
  wait_settled (f, "('flaky',)", 1);

  g_assert_cmpuint (raw_server_get_hits (f->raw, "/flaky"), ==, 3);
  g_assert_cmpint (tq_query_state_get_status (state_of (f, "('flaky',)")), ==, TQ_QUERY_STATUS_SUCCESS);
}

static void
test_retry_gives_up (Fixture       *f,
                     gconstpointer  data)
{
  Flaky flaky = { 100, 500, NULL, 0 };
  const GError *error;

  raw_server_add (f->raw, "/down", respond_flaky, &flaky);
  subscribe (f, f->raw_http, "('down',)");

  /* 4 attempts: the first and 3 retries after 1, 2 and 4 s */
  for (guint i = 1; i <= 3; i++)
    {
      http_test_wait_until (failure_count (f, "('down',)") == i);
      tq_test_advance (&f->env, 1000 << (i - 1));
    }
  wait_settled (f, "('down',)", 1);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/down"), ==, 4);
  error = tq_query_state_get_error (state_of (f, "('down',)"));
  g_assert_error ((GError *) error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INTERNAL_SERVER_ERROR);
  g_assert_cmpuint (failure_count (f, "('down',)"), ==, 4);

  tq_test_advance (&f->env, 60 * 1000);
  http_test_run_for (50);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/down"), ==, 4);
}

static void
test_retry_after (Fixture       *f,
                  gconstpointer  data)
{
  Flaky limited = { 1, 429, "Retry-After: 3\r\n", 0 };
  Flaky timeout = { 1, 408, NULL, 0 };
  Flaky away = { 1, 503, "Retry-After: 120\r\n", 0 };

  raw_server_add (f->raw, "/limited", respond_flaky, &limited);
  raw_server_add (f->raw, "/timeout", respond_flaky, &timeout);
  raw_server_add (f->raw, "/away", respond_flaky, &away);
  subscribe (f, f->raw_http, "('limited',)");
  subscribe (f, f->raw_http, "('timeout',)");
  subscribe (f, f->raw_http, "('away',)");

  http_test_wait_until (failure_count (f, "('limited',)") == 1 && failure_count (f, "('timeout',)") == 1);
  wait_settled (f, "('away',)", 1);

  /* 429 waits the 3 s the server asked for, not the 1 s of backoff; 408
   * is retried after the backoff */
  tq_test_advance (&f->env, 1000);
  wait_settled (f, "('timeout',)", 1);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/timeout"), ==, 2);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/limited"), ==, 1);
  tq_test_advance (&f->env, 1999);
  http_test_run_for (50);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/limited"), ==, 1);
  tq_test_advance (&f->env, 1);
  wait_settled (f, "('limited',)", 1);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/limited"), ==, 2);
  g_assert_cmpint (tq_query_state_get_status (state_of (f, "('limited',)")), ==, TQ_QUERY_STATUS_SUCCESS);

  /* A pause of two minutes is not waited for: the error is reported */
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/away"), ==, 1);
  g_assert_cmpint (tq_query_state_get_status (state_of (f, "('away',)")), ==, TQ_QUERY_STATUS_ERROR);
  g_assert_cmpint (tq_http_error_get_retry_after (tq_query_state_get_error (state_of (f, "('away',)"))),
                   ==, 120000);
}

static void
test_retry_network_errors (Fixture       *f,
                           gconstpointer  data)
{
  const GError *error;

  /* Nothing listens there any more */
  tq_demo_server_stop (f->demo);
  subscribe (f, f->http, "('todos',)");

  for (guint i = 1; i <= 3; i++)
    {
      http_test_wait_until (failure_count (f, "('todos',)") == i);
      tq_test_advance (&f->env, 1000 << (i - 1));
    }
  wait_settled (f, "('todos',)", 1);

  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos"), ==, 4);
  error = tq_query_state_get_error (state_of (f, "('todos',)"));
  g_assert_error ((GError *) error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
}

static void
test_retry_dropped (Fixture       *f,
                    gconstpointer  data)
{
  TqDemoFaults *faults = tq_demo_server_get_faults (f->demo);

  /* Every connection dropped; then the server recovers */
  tq_demo_faults_set_drop_rate (faults, 1.0);
  tq_http_client_set_default_header (f->http, "Connection", "close");
  subscribe (f, f->http, "('todos', 2)");
  http_test_wait_until (failure_count (f, "('todos', 2)") == 1);
  g_assert_error ((GError *) tq_query_state_get_fetch_failure_reason (state_of (f, "('todos', 2)")),
                  G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);

  tq_demo_faults_set_drop_rate (faults, 0.0);
  tq_test_advance (&f->env, 1000);
  wait_settled (f, "('todos', 2)", 1);
  g_assert_cmpint (tq_query_state_get_status (state_of (f, "('todos', 2)")), ==, TQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos/2"), ==, 2);
}

/* }}} */
/* Conditional requests {{{ */

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_not_modified_keeps_identity (Fixture       *f,
                                  gconstpointer  data)
{
  TqQueryObserver *observer = subscribe (f, f->http, "('todos', 1)");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) changes = NULL;
  TqQueryState *state;
  const SentRequest *sent;
  JsonNode *first;
  JsonNode *second;
  guint data_notifies = 0;

  wait_settled (f, "('todos', 1)", 1);
  first = data_of (f, "('todos', 1)");
  g_assert_cmpint (tq_query_state_get_data_updated_at (state_of (f, "('todos', 1)")), ==, 0);
  sent = session_log_last (f->log);
  g_assert_null (sent->if_none_match);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 1);
  tq_test_flush (&f->env);
  g_signal_connect_swapped (observer, "notify::data", G_CALLBACK (count_notify), &data_notifies);

  /* Five seconds later, a refetch: conditional, answered 304 */
  tq_test_advance (&f->env, 5000);
  refetch (f, "('todos', 1)");
  wait_settled (f, "('todos', 1)", 2);
  sent = session_log_last (f->log);
  g_assert_nonnull (sent->if_none_match);
  g_assert_cmpuint (sent->status, ==, 304);

  state = state_of (f, "('todos', 1)");
  g_assert_true (data_of (f, "('todos', 1)") == first);   /* the very same node */
  g_assert_cmpint (tq_query_state_get_data_updated_at (state), ==, 5000);
  g_assert_cmpuint (tq_query_state_get_data_update_count (state), ==, 2);
  tq_test_flush (&f->env);
  g_assert_cmpuint (data_notifies, ==, 0);   /* nothing for a widget to redraw */

  /* The item changes on the server: 200 and new data */
  changes = json_from_string (json_object_get_boolean_member (json_node_get_object (first), "completed")
                              ? "{\"id\": 1, \"completed\": false}" : "{\"id\": 1, \"completed\": true}", NULL);
  tq_http_client_mutate_async (f->http, "PATCH", "/todos/{id}", changes, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);
  patched = tq_http_client_mutate_finish (f->http, result, NULL, &error);
  g_assert_no_error (error);

  tq_test_advance (&f->env, 5000);
  refetch (f, "('todos', 1)");
  wait_settled (f, "('todos', 1)", 3);
  sent = session_log_last (f->log);
  g_assert_cmpuint (sent->status, ==, 200);
  second = data_of (f, "('todos', 1)");
  g_assert_true (second != first);
  g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (second), "completed"), !=,
                   json_object_get_boolean_member (json_node_get_object (first), "completed"));
  tq_test_flush (&f->env);
  g_assert_cmpuint (data_notifies, ==, 1);

  /* and with the new ETag, 304 again */
  tq_test_advance (&f->env, 5000);
  refetch (f, "('todos', 1)");
  wait_settled (f, "('todos', 1)", 4);
  g_assert_cmpuint (session_log_last (f->log)->status, ==, 304);
  g_assert_true (data_of (f, "('todos', 1)") == second);
  g_assert_cmpint (tq_query_state_get_data_updated_at (state_of (f, "('todos', 1)")), ==, 15000);
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos/1"), ==, 4);
}

static void
test_not_modified_list (Fixture       *f,
                        gconstpointer  data)
{
  JsonNode *first;
  JsonNode *element;

  subscribe (f, f->http, "('todos', {'userId': <4>})");
  wait_settled (f, "('todos', {'userId': <4>})", 1);
  first = data_of (f, "('todos', {'userId': <4>})");
  element = json_array_get_element (json_node_get_array (first), 3);

  refetch (f, "('todos', {'userId': <4>})");
  wait_settled (f, "('todos', {'userId': <4>})", 2);
  g_assert_cmpuint (session_log_last (f->log)->status, ==, 304);
  g_assert_true (data_of (f, "('todos', {'userId': <4>})") == first);
  g_assert_true (json_array_get_element (json_node_get_array (first), 3) == element);
}

static void
test_not_modified_after_local_change (Fixture       *f,
                                      gconstpointer  data)
{
  g_autoptr(GVariant) key = tq_test_key ("('todos', 1)");
  g_autoptr(JsonNode) optimistic = tq_test_json ("{\"id\": 1, \"title\": \"optimistic\"}");
  JsonNode *first;

  subscribe (f, f->http, "('todos', 1)");
  wait_settled (f, "('todos', 1)", 1);
  first = data_of (f, "('todos', 1)");

  /* A local change that the server never saw (a failed optimistic
   * update, say): a 304 means the server still has what we fetched, so
   * that is what the query gets back. */
  tq_query_client_set_query_json (f->env.client, key, optimistic);
  g_assert_true (data_of (f, "('todos', 1)") != first);
  refetch (f, "('todos', 1)");
  wait_settled (f, "('todos', 1)", 3);
  g_assert_cmpuint (session_log_last (f->log)->status, ==, 304);
  g_assert_true (json_node_equal (data_of (f, "('todos', 1)"), first));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (data_of (f, "('todos', 1)")), "title"),
                   ==, json_object_get_string_member (json_node_get_object (first), "title"));
}

static void
test_validators_forgotten (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(TqQueryFilters) filters = tq_test_filters ("('todos', 1)");
  TqQueryObserver *observer = subscribe (f, f->http, "('todos', 1)");

  subscribe (f, f->http, "('todos', 2)");
  wait_settled (f, "('todos', 1)", 1);
  wait_settled (f, "('todos', 2)", 1);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 2);

  /* The cache removes the query: its validators go with it */
  tq_query_observer_unsubscribe (observer);
  tq_query_client_remove_queries (f->env.client, filters);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 1);

  tq_query_observer_subscribe (observer);
  wait_settled (f, "('todos', 1)", 1);
  g_assert_null (session_log_last (f->log)->if_none_match);
  g_assert_cmpuint (session_log_last (f->log)->status, ==, 200);

  /* and so does garbage collection */
  tq_query_observer_unsubscribe (observer);
  tq_test_advance (&f->env, TQ_DEFAULT_GC_TIME);
  g_assert_null (get_query (f, "('todos', 1)"));
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 1);

  tq_http_client_forget_validators (f->http, NULL);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 0);
}

static void
fetched (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  guint *done = user_data;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  tq_query_client_fetch_query_finish (TQ_QUERY_CLIENT (source), result, &value, &error);
  g_assert_no_error (error);
  (*done)++;
}

static void
test_validators_bounded (Fixture       *f,
                         gconstpointer  data)
{
  guint done = 0;
  const guint n = 1100;

  /* More queries than the client keeps validators for */
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *key_text = g_strdup_printf ("('users', {'id': <%u>, 'n': <%u>})", i % 10 + 1, i);
      g_autoptr(TqQueryOptions) options = http_options (f->http, key_text);

      tq_query_client_fetch_query_async (f->env.client, options, NULL, fetched, &done);
      if (i % 50 == 49)
        http_test_wait_until (done == i + 1);
    }
  http_test_wait_until (done == n);

  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, n);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 1024);
}

/* }}} */

/* Infinite queries {{{ */

static void
next_page (JsonNode  *page,
           JsonArray *pages,
           JsonNode  *page_param,
           JsonArray *page_params,
           GValue    *result,
           gpointer   user_data)
{
  g_autofree char *text = NULL;
  gint64 number;

  /* A short page is the last */
  if (json_array_get_length (json_node_get_array (page)) < 5)
    return;

  number = json_object_get_int_member (json_node_get_object (page_param), "_page");
  text = g_strdup_printf ("{\"_page\": %" G_GINT64_FORMAT "}", number + 1);
  tq_test_value_json (result, text);
}

static guint
n_pages (Fixture    *f,
         const char *key_text)
{
  JsonNode *data = data_of (f, key_text);

  return json_array_get_length (json_object_get_array_member (json_node_get_object (data), "pages"));
}

static void
test_infinite (Fixture       *f,
               gconstpointer  data)
{
  const char *key = "('todos', {'userId': <1>, '_limit': <5>})";
  g_autoptr(TqQueryOptions) options = http_options (f->http, key);
  g_auto(GValue) first = G_VALUE_INIT;
  TqInfiniteQueryObserver *observer;
  JsonArray *pages;

  tq_test_value_json (&first, "{\"_page\": 1}");
  tq_query_options_set_initial_page_param (options, &first);
  tq_query_options_set_get_next_page_param_func (options, next_page, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  g_ptr_array_add (f->observers, observer);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));

  /* The page parameter joins the key's query string */
  http_test_wait_until (settled_count (f, key) == 1);
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos?_limit=5&_page=1&userId=1"), ==, 1);
  g_assert_cmpuint (n_pages (f, key), ==, 1);

  for (guint i = 2; i <= 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("/todos?_limit=5&_page=%u&userId=1", i);

      g_assert_true (tq_query_result_has_next_page (tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer))));
      tq_infinite_query_observer_fetch_next_page (observer);
      http_test_wait_until (settled_count (f, key) == i);
      g_assert_cmpuint (session_log_count (f->log, "GET", path), ==, 1);
      g_assert_cmpuint (n_pages (f, key), ==, i);
    }

  /* 10 todos: two full pages and an empty one, which is the last */
  g_assert_false (tq_query_result_has_next_page (tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer))));
  pages = json_object_get_array_member (json_node_get_object (data_of (f, key)), "pages");
  for (guint i = 0; i < 2; i++)
    g_assert_cmpuint (json_array_get_length (json_array_get_array_element (pages, i)), ==, 5);
  g_assert_cmpuint (json_array_get_length (json_array_get_array_element (pages, 2)), ==, 0);

  /* A refetch fetches the pages again, one by one, never conditionally:
   * the cache holds all the pages, not the one a 304 would stand for */
  refetch (f, key);
  http_test_wait_until (settled_count (f, key) == 4);
  g_assert_cmpuint (session_log_count (f->log, "GET", NULL), ==, 6);
  for (guint i = 0; i < session_log_length (f->log); i++)
    {
      g_assert_null (session_log_get (f->log, i)->if_none_match);
      g_assert_cmpuint (session_log_get (f->log, i)->status, ==, 200);
    }
  g_assert_cmpuint (n_pages (f, key), ==, 3);
  g_assert_cmpuint (_tq_http_client_get_n_validators (f->http), ==, 0);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  FIXTURE_TEST ("/http/query/fetch", test_fetch);
  FIXTURE_TEST ("/http/query/key-mapping", test_key_mapping);
  FIXTURE_TEST ("/http/query/client-defaults", test_client_defaults);
  FIXTURE_TEST ("/http/query/http-error", test_http_error_in_query);
  FIXTURE_TEST ("/http/query/invalid-key", test_invalid_key);
  FIXTURE_TEST ("/http/query/malformed", test_malformed_in_query);
  FIXTURE_TEST ("/http/query/unsubscribe-cancels", test_unsubscribe_cancels);
  FIXTURE_TEST ("/http/query/cancel-queries", test_cancel_queries);
  FIXTURE_TEST ("/http/query/retry/server-errors", test_retry_server_errors);
  FIXTURE_TEST ("/http/query/retry/gives-up", test_retry_gives_up);
  FIXTURE_TEST ("/http/query/retry/retry-after", test_retry_after);
  FIXTURE_TEST ("/http/query/retry/network-errors", test_retry_network_errors);
  FIXTURE_TEST ("/http/query/retry/dropped", test_retry_dropped);
  FIXTURE_TEST ("/http/query/304/identity", test_not_modified_keeps_identity);
  FIXTURE_TEST ("/http/query/304/list", test_not_modified_list);
  FIXTURE_TEST ("/http/query/304/after-local-change", test_not_modified_after_local_change);
  FIXTURE_TEST ("/http/query/validators/forgotten", test_validators_forgotten);
  FIXTURE_TEST ("/http/query/validators/bounded", test_validators_bounded);
  FIXTURE_TEST ("/http/query/infinite", test_infinite);
#undef FIXTURE_TEST

  return g_test_run ();
}
