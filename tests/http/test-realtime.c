/* test-realtime.c: WebSocket events to invalidations, reconnection
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
  TqTestEnv      env;
  TqDemoServer  *demo;
  TqHttpClient  *http;       /* queries, and the realtime helper's WebSocket */
  TqHttpClient  *writer;     /* writes, with a session of its own */
  SessionLog    *log;
  TqRealtime    *realtime;
  GPtrArray     *observers;

  /* A WebSocket server of the test's own, for event shapes the demo
   * server does not send */
  SoupServer    *ws_server;
  char          *ws_uri;
  GPtrArray     *ws_clients;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->demo = http_test_demo_server_new ();
  f->http = tq_http_client_new (tq_demo_server_get_base_uri (f->demo));
  f->writer = tq_http_client_new (tq_demo_server_get_base_uri (f->demo));
  f->log = session_log_new (tq_http_client_get_session (f->http));
  f->realtime = tq_realtime_new (f->env.client, f->http, "/events");
  f->observers = g_ptr_array_new_with_free_func (g_object_unref);
  f->ws_clients = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  tq_realtime_stop (f->realtime);
  g_assert_cmpint (tq_realtime_get_state (f->realtime), ==, TQ_REALTIME_STATE_STOPPED);
  g_assert_finalize_object (f->realtime);

  for (guint i = 0; i < f->observers->len; i++)
    tq_query_observer_unsubscribe (g_ptr_array_index (f->observers, i));
  g_clear_pointer (&f->observers, g_ptr_array_unref);

  http_test_wait_idle (f->http);
  http_test_wait_idle (f->writer);
  tq_test_env_clear (&f->env);
  g_clear_pointer (&f->log, session_log_free);
  g_assert_finalize_object (f->http);
  g_assert_finalize_object (f->writer);

  if (f->ws_server != NULL)
    {
      for (guint i = 0; i < f->ws_clients->len; i++)
        if (soup_websocket_connection_get_state (g_ptr_array_index (f->ws_clients, i)) == SOUP_WEBSOCKET_STATE_OPEN)
          soup_websocket_connection_close (g_ptr_array_index (f->ws_clients, i), SOUP_WEBSOCKET_CLOSE_GOING_AWAY, NULL);
      http_test_drain ();
      soup_server_disconnect (f->ws_server);
      g_clear_object (&f->ws_server);
    }
  g_clear_pointer (&f->ws_clients, g_ptr_array_unref);
  g_free (f->ws_uri);
  http_test_demo_server_free (f->demo);
}

static void
subscribe (Fixture    *f,
           const char *key_text)
{
  g_autoptr(GVariant) key = tq_test_key (key_text);
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  TqQueryObserver *observer;

  tq_http_client_apply (f->http, options);
  observer = tq_query_observer_new (f->env.client, options);
  g_ptr_array_add (f->observers, observer);
  tq_query_observer_subscribe (observer);
}

static TqQueryState *
state_of (Fixture    *f,
          const char *key_text)
{
  g_autoptr(GVariant) key = tq_test_key (key_text);
  g_autofree char *hash = tq_key_hash (key);
  TqQuery *query = tq_query_cache_get (f->env.cache, hash);

  g_assert_nonnull (query);
  return tq_query_get_state (query);
}

static gboolean
all_idle (Fixture *f)
{
  g_autoptr(GPtrArray) queries = tq_query_cache_get_all (f->env.cache);

  for (guint i = 0; i < queries->len; i++)
    if (tq_query_state_get_fetch_status (tq_query_get_state (g_ptr_array_index (queries, i))) != TQ_FETCH_STATUS_IDLE)
      return FALSE;

  return _tq_http_client_get_n_requests (f->http) == 0;
}

static guint
gets (Fixture    *f,
      const char *path)
{
  return session_log_count_done (f->log, "GET", path);
}

static void
start_connected (Fixture *f)
{
  tq_realtime_start (f->realtime);
  g_assert_cmpint (tq_realtime_get_state (f->realtime), ==, TQ_REALTIME_STATE_CONNECTING);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_CONNECTED);
}

static void
write_sync (Fixture    *f,
            const char *method,
            const char *path,
            const char *variables)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) vars = variables != NULL ? tq_test_json (variables) : NULL;
  g_autoptr(JsonNode) node = NULL;

  tq_http_client_mutate_async (f->writer, method, path, vars, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);
  node = tq_http_client_mutate_finish (f->writer, result, NULL, &error);
  g_assert_no_error (error);
}

/* The demo server's events {{{ */

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_connect (Fixture       *f,
              gconstpointer  data)
{
  guint notified = 0;

  g_signal_connect_swapped (f->realtime, "notify::state", G_CALLBACK (count_notify), &notified);

  g_assert_cmpint (tq_realtime_get_state (f->realtime), ==, TQ_REALTIME_STATE_STOPPED);
  g_assert_cmpstr (tq_realtime_get_path (f->realtime), ==, "/events");
  g_assert_true (tq_realtime_get_query_client (f->realtime) == f->env.client);
  g_assert_true (tq_realtime_get_http_client (f->realtime) == f->http);

  start_connected (f);
  g_assert_cmpuint (notified, ==, 2);   /* connecting, connected */
  g_assert_cmpuint (tq_demo_server_get_n_event_clients (f->demo), ==, 1);
  /* a first connection refetches nothing */
  http_test_run_for (50);
  g_assert_cmpuint (session_log_count (f->log, "GET", NULL), ==, 1);

  tq_realtime_stop (f->realtime);
  g_assert_cmpint (tq_realtime_get_state (f->realtime), ==, TQ_REALTIME_STATE_STOPPED);
  http_test_wait_until (tq_demo_server_get_n_event_clients (f->demo) == 0);

  /* and again */
  start_connected (f);
  g_assert_cmpuint (tq_demo_server_get_n_event_clients (f->demo), ==, 1);
}

static void
test_update_invalidates_resource (Fixture       *f,
                                  gconstpointer  data)
{
  JsonObject *todo;

  subscribe (f, "('todos',)");
  subscribe (f, "('todos', 1)");
  subscribe (f, "('todos', {'userId': <1>})");
  subscribe (f, "('users',)");
  subscribe (f, "('users', 1)");
  start_connected (f);
  http_test_wait_until (all_idle (f));
  g_assert_cmpuint (gets (f, "/todos"), ==, 1);

  write_sync (f, "PATCH", "/todos/{id}", "{\"id\": 1, \"title\": \"Pushed\"}");

  /* Every active query under ('todos',) is refetched once; the users are
   * left alone. */
  http_test_wait_until (gets (f, "/todos") == 2 && gets (f, "/todos/1") == 2 && gets (f, "/todos?userId=1") == 2);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);
  g_assert_cmpuint (gets (f, "/todos"), ==, 2);
  g_assert_cmpuint (gets (f, "/todos/1"), ==, 2);
  g_assert_cmpuint (gets (f, "/todos?userId=1"), ==, 2);
  g_assert_cmpuint (gets (f, "/users"), ==, 1);
  g_assert_cmpuint (gets (f, "/users/1"), ==, 1);

  todo = json_node_get_object (g_value_get_boxed (tq_query_state_get_data (state_of (f, "('todos', 1)"))));
  g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, "Pushed");
}

static void
test_burst_coalesced (Fixture       *f,
                      gconstpointer  data)
{
  subscribe (f, "('todos',)");
  subscribe (f, "('todos', 1)");
  subscribe (f, "('users',)");
  subscribe (f, "('users', 2)");
  start_connected (f);
  http_test_wait_until (all_idle (f));

  /* Deleting user 1 sends 11 events: the user's and 10 todos' */
  write_sync (f, "DELETE", "/users/{id}", "1");

  http_test_wait_until (gets (f, "/todos") == 2 && gets (f, "/todos/1") == 2 &&
                        gets (f, "/users") == 2 && gets (f, "/users/2") == 2);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);
  g_assert_cmpuint (gets (f, "/todos"), ==, 2);
  g_assert_cmpuint (gets (f, "/todos/1"), ==, 2);
  g_assert_cmpuint (gets (f, "/users"), ==, 2);
  g_assert_cmpuint (gets (f, "/users/2"), ==, 2);
  /* no request was cancelled and sent again */
  g_assert_cmpuint (session_log_count (f->log, "GET", "/todos"), ==, 2);
  g_assert_cmpuint (session_log_count (f->log, "GET", "/users"), ==, 2);

  /* todo 1 is gone */
  g_assert_error ((GError *) tq_query_state_get_error (state_of (f, "('todos', 1)")),
                  TQ_HTTP_ERROR, TQ_HTTP_ERROR_NOT_FOUND);
}

static void
test_inactive_invalidated (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GVariant) key = tq_test_key ("('todos', 5)");
  g_autoptr(JsonNode) cached = tq_test_json ("{\"id\": 5}");

  /* Data but no observer: invalidated, not refetched */
  tq_query_client_set_query_json (f->env.client, key, cached);
  subscribe (f, "('users',)");
  start_connected (f);
  http_test_wait_until (all_idle (f));
  g_assert_false (tq_query_state_get_is_invalidated (state_of (f, "('todos', 5)")));

  write_sync (f, "POST", "/todos", "{\"userId\": 2, \"title\": \"New\"}");
  http_test_wait_until (tq_query_state_get_is_invalidated (state_of (f, "('todos', 5)")));
  http_test_run_for (100);
  g_assert_cmpuint (gets (f, "/todos/5"), ==, 0);
  g_assert_cmpuint (gets (f, "/users"), ==, 1);
}

static void
test_reset_invalidates_everything (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;

  subscribe (f, "('todos', 3)");
  subscribe (f, "('users', 3)");
  start_connected (f);
  http_test_wait_until (all_idle (f));

  tq_http_client_send_async (f->writer, "POST", "/__admin/reset", NULL, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);
  node = tq_http_client_send_finish (f->writer, result, NULL, &error);
  g_assert_no_error (error);

  http_test_wait_until (gets (f, "/todos/3") == 2 && gets (f, "/users/3") == 2);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);
  g_assert_cmpuint (gets (f, "/todos/3"), ==, 2);
  g_assert_cmpuint (gets (f, "/users/3"), ==, 2);
}

/* }}} */
/* Events of other shapes, from the test's own server {{{ */

static void
on_ws_connected (SoupServer              *server,
                 SoupServerMessage       *msg,
                 const char              *path,
                 SoupWebsocketConnection *connection,
                 gpointer                 user_data)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->ws_clients, g_object_ref (connection));
}

static void
start_ws_server (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GSocket) socket = NULL;

  /* A socket of our own: soup_server_listen_local () loses an address
   * inside libsoup 3.2, which valgrind would report */
  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  f->ws_server = soup_server_new (NULL, NULL);
  soup_server_add_websocket_handler (f->ws_server, "/ws", NULL, NULL, on_ws_connected, f, NULL);
  soup_server_listen_socket (f->ws_server, socket, 0, &error);
  g_assert_no_error (error);
  f->ws_uri = g_strdup_printf ("http://127.0.0.1:%u/ws",
                               g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  g_clear_object (&f->realtime);
  f->realtime = tq_realtime_new (f->env.client, f->http, f->ws_uri);
}

static void
push (Fixture    *f,
      const char *text)
{
  g_assert_cmpuint (f->ws_clients->len, >, 0);
  soup_websocket_connection_send_text (g_ptr_array_index (f->ws_clients, f->ws_clients->len - 1), text);
}

static void
test_item_in_event (Fixture       *f,
                    gconstpointer  data)
{
  JsonNode *before;
  JsonObject *todo;

  start_ws_server (f);
  subscribe (f, "('todos',)");
  subscribe (f, "('todos', 1)");
  start_connected (f);
  http_test_wait_until (f->ws_clients->len == 1);
  http_test_wait_until (all_idle (f));
  before = g_value_get_boxed (tq_query_state_get_data (state_of (f, "('todos', 1)")));

  /* The whole item: set as the item's data, not refetched; the list is */
  push (f, "{\"type\": \"updated\", \"resource\": \"todos\", \"id\": 1, "
           "\"data\": {\"userId\": 1, \"id\": 1, \"title\": \"From the event\", \"completed\": true}}");
  http_test_wait_until (gets (f, "/todos") == 2);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);
  g_assert_cmpuint (gets (f, "/todos"), ==, 2);
  g_assert_cmpuint (gets (f, "/todos/1"), ==, 1);
  todo = json_node_get_object (g_value_get_boxed (tq_query_state_get_data (state_of (f, "('todos', 1)"))));
  g_assert_true (g_value_get_boxed (tq_query_state_get_data (state_of (f, "('todos', 1)"))) != before);
  g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, "From the event");

  /* An item for a query nobody fetched: no query is made up for it */
  push (f, "{\"type\": \"created\", \"resource\": \"todos\", \"id\": 500, \"data\": {\"id\": 500}}");
  http_test_wait_until (gets (f, "/todos") == 3);
  http_test_wait_until (all_idle (f));
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 2);
}

static void
test_item_beats_older_response (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(TqQueryFilters) filters = tq_test_filters ("('todos', 1)");
  JsonObject *todo;

  start_ws_server (f);
  subscribe (f, "('todos', 1)");
  start_connected (f);
  http_test_wait_until (f->ws_clients->len == 1);
  http_test_wait_until (all_idle (f));

  /* A refetch whose answer takes 300 ms, and meanwhile the pushed item:
   * the older answer must not overwrite it */
  tq_demo_faults_set_latency (tq_demo_server_get_faults (f->demo), 300, 300);
  tq_query_client_refetch_queries_async (f->env.client, filters, TRUE, NULL, NULL, NULL);
  http_test_wait_until (session_log_count (f->log, "GET", "/todos/1") == 2);
  push (f, "{\"type\": \"updated\", \"resource\": \"todos\", \"id\": 1, "
           "\"data\": {\"userId\": 1, \"id\": 1, \"title\": \"Newer\", \"completed\": false}}");
  http_test_wait_until (tq_query_state_get_fetch_status (state_of (f, "('todos', 1)")) == TQ_FETCH_STATUS_IDLE);
  http_test_wait_idle (f->http);
  http_test_run_for (400);

  todo = json_node_get_object (g_value_get_boxed (tq_query_state_get_data (state_of (f, "('todos', 1)"))));
  g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, "Newer");
  g_assert_cmpint (tq_query_state_get_status (state_of (f, "('todos', 1)")), ==, TQ_QUERY_STATUS_SUCCESS);
}

static gboolean
on_custom_event (TqRealtime *realtime,
                 JsonNode   *event,
                 gpointer    user_data)
{
  guint *seen = user_data;
  JsonObject *object;
  const char *table;

  (*seen)++;
  if (!JSON_NODE_HOLDS_OBJECT (event))
    return FALSE;

  object = json_node_get_object (event);
  table = json_object_get_string_member_with_default (object, "table", NULL);
  if (table == NULL)
    return FALSE;   /* the default rule's */

  tq_realtime_invalidate (realtime, g_variant_new ("(s)", table));
  return TRUE;
}

static void
test_custom_mapping (Fixture       *f,
                     gconstpointer  data)
{
  guint seen = 0;

  start_ws_server (f);
  g_signal_connect (f->realtime, "event", G_CALLBACK (on_custom_event), &seen);
  subscribe (f, "('todos',)");
  subscribe (f, "('users',)");
  start_connected (f);
  http_test_wait_until (f->ws_clients->len == 1);
  http_test_wait_until (all_idle (f));

  push (f, "{\"table\": \"users\", \"op\": \"UPDATE\"}");
  http_test_wait_until (gets (f, "/users") == 2);
  http_test_wait_until (all_idle (f));

  /* Not the handler's: the default rule */
  push (f, "{\"type\": \"deleted\", \"resource\": \"todos\", \"id\": 4}");
  http_test_wait_until (gets (f, "/todos") == 2);
  http_test_wait_until (all_idle (f));

  /* Garbage: dropped (the handler sees what parses) */
  push (f, "not json");
  push (f, "[1, 2]");
  push (f, "{\"type\": \"updated\"}");
  push (f, "{\"type\": \"exploded\", \"resource\": \"todos\"}");
  soup_websocket_connection_send_binary (g_ptr_array_index (f->ws_clients, 0), "\x01\x02", 2);
  push (f, "{\"table\": \"todos\"}");
  http_test_wait_until (gets (f, "/todos") == 3);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);

  g_assert_cmpuint (seen, ==, 6);
  g_assert_cmpuint (gets (f, "/todos"), ==, 3);
  g_assert_cmpuint (gets (f, "/users"), ==, 2);
  g_assert_cmpint (tq_realtime_get_state (f->realtime), ==, TQ_REALTIME_STATE_CONNECTED);
}

/* }}} */
/* Reconnection {{{ */

static guint
ws_attempts (Fixture *f)
{
  return session_log_count_done (f->log, "GET", "/events");
}

static void
test_reconnect_after_restart (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint port = tq_demo_server_get_port (f->demo);

  subscribe (f, "('todos', 1)");
  subscribe (f, "('users',)");
  start_connected (f);
  http_test_wait_until (all_idle (f));
  g_assert_cmpuint (ws_attempts (f), ==, 1);

  /* The server goes away: the helper waits 1 s before trying again */
  tq_demo_server_stop (f->demo);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);
  g_assert_cmpuint (tq_clock_get_n_pending (TQ_CLOCK (f->env.clock)), >, 0);

  tq_test_advance (&f->env, 999);
  http_test_run_for (50);
  g_assert_cmpuint (ws_attempts (f), ==, 1);
  tq_test_advance (&f->env, 1);
  http_test_wait_until (ws_attempts (f) == 2);
  /* refused: next wait 2 s */
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);
  tq_test_advance (&f->env, 1999);
  http_test_run_for (50);
  g_assert_cmpuint (ws_attempts (f), ==, 2);
  tq_test_advance (&f->env, 1);
  http_test_wait_until (ws_attempts (f) == 3);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);

  /* The server is back on the same port; 4 s later the helper connects,
   * and refetches what it may have missed: every active query, once. */
  tq_demo_server_listen (f->demo, NULL, port, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gets (f, "/todos/1"), ==, 1);
  g_assert_cmpuint (gets (f, "/users"), ==, 1);
  tq_test_advance (&f->env, 3999);
  http_test_run_for (50);
  g_assert_cmpuint (ws_attempts (f), ==, 3);
  tq_test_advance (&f->env, 1);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_CONNECTED);
  http_test_wait_until (gets (f, "/todos/1") == 2 && gets (f, "/users") == 2);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);
  g_assert_cmpuint (gets (f, "/todos/1"), ==, 2);
  g_assert_cmpuint (gets (f, "/users"), ==, 2);
  g_assert_cmpuint (ws_attempts (f), ==, 4);

  /* and events flow again, with the backoff back at 1 s */
  write_sync (f, "PATCH", "/todos/{id}", "{\"id\": 1, \"completed\": true}");
  http_test_wait_until (gets (f, "/todos/1") == 3);
  http_test_wait_until (all_idle (f));

  tq_demo_server_stop (f->demo);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);
  tq_demo_server_listen (f->demo, NULL, port, &error);
  g_assert_no_error (error);
  tq_test_advance (&f->env, 1000);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_CONNECTED);
  g_assert_cmpuint (ws_attempts (f), ==, 5);
}

static gboolean
on_resync (TqRealtime *realtime,
           gpointer    user_data)
{
  guint *resyncs = user_data;

  (*resyncs)++;
  tq_realtime_invalidate (realtime, g_variant_new ("(s)", "users"));
  return TRUE;
}

static void
test_resync_handler (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint port = tq_demo_server_get_port (f->demo);
  guint resyncs = 0;

  g_signal_connect (f->realtime, "resync", G_CALLBACK (on_resync), &resyncs);
  tq_realtime_set_reconnect_delay (f->realtime, 100);
  tq_realtime_set_max_reconnect_delay (f->realtime, 150);
  g_assert_cmpuint (tq_realtime_get_reconnect_delay (f->realtime), ==, 100);
  g_assert_cmpuint (tq_realtime_get_max_reconnect_delay (f->realtime), ==, 150);
  subscribe (f, "('todos', 1)");
  subscribe (f, "('users',)");
  start_connected (f);
  http_test_wait_until (all_idle (f));
  g_assert_cmpuint (resyncs, ==, 0);

  tq_demo_server_stop (f->demo);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);
  tq_test_advance (&f->env, 100);
  http_test_wait_until (ws_attempts (f) == 2);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);
  tq_test_advance (&f->env, 149);
  http_test_run_for (50);
  g_assert_cmpuint (ws_attempts (f), ==, 2);   /* capped at 150, not 200 */
  tq_demo_server_listen (f->demo, NULL, port, &error);
  g_assert_no_error (error);
  tq_test_advance (&f->env, 1);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_CONNECTED);

  /* The handler's own resync: only the users */
  http_test_wait_until (gets (f, "/users") == 2);
  http_test_wait_until (all_idle (f));
  http_test_run_for (100);
  g_assert_cmpuint (resyncs, ==, 1);
  g_assert_cmpuint (gets (f, "/users"), ==, 2);
  g_assert_cmpuint (gets (f, "/todos/1"), ==, 1);
}

static void
test_stop_while_waiting (Fixture       *f,
                         gconstpointer  data)
{
  start_connected (f);
  tq_demo_server_stop (f->demo);
  http_test_wait_until (tq_realtime_get_state (f->realtime) == TQ_REALTIME_STATE_WAITING);

  /* Stopping clears the timer: nothing is left on the clock */
  tq_realtime_stop (f->realtime);
  g_assert_cmpuint (tq_clock_get_n_pending (TQ_CLOCK (f->env.clock)), ==, 0);
  tq_test_advance (&f->env, 60 * 1000);
  http_test_run_for (50);
  g_assert_cmpuint (ws_attempts (f), ==, 1);
}

static void
test_drop_while_connecting (Fixture       *f,
                            gconstpointer  data)
{
  TqRealtime *realtime = tq_realtime_new (f->env.client, f->http, NULL);

  /* Dropped before the handshake is done: no crash, no leak, no socket
   * left to the server */
  tq_realtime_start (realtime);
  g_assert_cmpint (tq_realtime_get_state (realtime), ==, TQ_REALTIME_STATE_CONNECTING);
  tq_realtime_stop (realtime);
  g_object_add_weak_pointer (G_OBJECT (realtime), (gpointer *) &realtime);
  g_object_unref (realtime);
  http_test_wait_until (realtime == NULL);   /* once the handshake gave up */
  http_test_run_for (100);
  g_assert_cmpuint (tq_demo_server_get_n_event_clients (f->demo), ==, 0);

  /* Dropped while connecting without stopping: it finishes the handshake
   * and closes */
  realtime = tq_realtime_new (f->env.client, f->http, NULL);
  tq_realtime_start (realtime);
  g_object_add_weak_pointer (G_OBJECT (realtime), (gpointer *) &realtime);
  g_object_unref (realtime);
  http_test_wait_until (realtime == NULL);
  http_test_wait_until (ws_attempts (f) == 2);
  http_test_run_for (100);
  http_test_wait_until (tq_demo_server_get_n_event_clients (f->demo) == 0);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  FIXTURE_TEST ("/http/realtime/connect", test_connect);
  FIXTURE_TEST ("/http/realtime/update-invalidates-resource", test_update_invalidates_resource);
  FIXTURE_TEST ("/http/realtime/burst-coalesced", test_burst_coalesced);
  FIXTURE_TEST ("/http/realtime/inactive-invalidated", test_inactive_invalidated);
  FIXTURE_TEST ("/http/realtime/reset", test_reset_invalidates_everything);
  FIXTURE_TEST ("/http/realtime/item-in-event", test_item_in_event);
  FIXTURE_TEST ("/http/realtime/item-beats-older-response", test_item_beats_older_response);
  FIXTURE_TEST ("/http/realtime/custom-mapping", test_custom_mapping);
  FIXTURE_TEST ("/http/realtime/reconnect-after-restart", test_reconnect_after_restart);
  FIXTURE_TEST ("/http/realtime/resync-handler", test_resync_handler);
  FIXTURE_TEST ("/http/realtime/stop-while-waiting", test_stop_while_waiting);
  FIXTURE_TEST ("/http/realtime/drop-while-connecting", test_drop_while_connecting);
#undef FIXTURE_TEST

  return g_test_run ();
}
