/* test-demo-load.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "demo-test-utils.h"
#include "tq-demo-seed.h"

/* A bounded burst of concurrent requests on loopback against a server
 * that keeps its data in a file: every request is answered, every write is
 * in the store, in the file and in the event stream, and nothing else is. */

/* Out of every six requests: a create, an update of an existing todo, and
 * four reads of that todo; 300 in all */
#define N_REQUESTS 300
#define N_EACH (N_REQUESTS / 6)
#define N_CONNECTIONS 32

typedef ServerFixture Fixture;

typedef struct
{
  SoupMessage *msg;
  GBytes      *body;
  GError      *error;
  guint       *pending;
} Request;

static JsonNode *
parse_bytes (GBytes *bytes)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), &error);
  g_assert_no_error (error);

  return json_node_ref (json_parser_get_root (parser));
}

static void
request_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Request *request = user_data;

  request->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &request->error);
  (*request->pending)--;
}

static void
on_event (SoupWebsocketConnection *connection,
          int                      type,
          GBytes                  *message,
          GHashTable              *events)
{
  g_autoptr(JsonNode) node = parse_bytes (message);
  JsonObject *event = json_node_get_object (node);
  g_autofree char *key = g_strdup_printf ("%s %s %" G_GINT64_FORMAT,
                                          json_object_get_string_member (event, "type"),
                                          json_object_get_string_member (event, "resource"),
                                          json_object_get_int_member (event, "id"));

  /* Each write is broadcast once */
  g_assert_true (g_hash_table_add (events, g_steal_pointer (&key)));
}

static void
ws_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  SoupWebsocketConnection **connection = user_data;
  g_autoptr(GError) error = NULL;

  *connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static void
test_burst (Fixture       *f,
            gconstpointer  data)
{
  g_autofree Request *requests = g_new0 (Request, N_REQUESTS);
  g_autoptr(GHashTable) events = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) created_ids = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(SoupWebsocketConnection) ws = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(TqDemoStore) reloaded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  guint64 revision = tq_demo_store_get_revision (f->store);
  g_autoptr(GPtrArray) originals = tq_demo_store_list (f->store, TQ_DEMO_RESOURCE_TODOS);
  guint pending = N_REQUESTS;
  gint64 start, elapsed;

  {
    g_autofree char *uri = g_strconcat (f->base, "/events", NULL);
    g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);

    soup_session_websocket_connect_async (f->session, msg, NULL, NULL, G_PRIORITY_DEFAULT, NULL, ws_connected, &ws);
    while (ws == NULL || tq_demo_server_get_n_event_clients (f->server) == 0)
      g_main_context_iteration (NULL, TRUE);
    g_signal_connect (ws, "message", G_CALLBACK (on_event), events);
  }

  /* All at once: creates, updates of existing todos, reads */
  for (guint i = 0; i < N_EACH; i++)
    {
      g_autofree char *post_uri = g_strconcat (f->base, "/todos", NULL);
      g_autofree char *item_uri = g_strdup_printf ("%s/todos/%u", f->base, i + 1);
      g_autofree char *post_body = g_strdup_printf ("{\"userId\": %u, \"title\": \"load %u\"}", i % 10 + 1, i);
      g_autofree char *patch_body = g_strdup_printf ("{\"title\": \"patched %u\", \"completed\": true}", i);

      requests[6 * i].msg = test_message_new ("POST", post_uri, post_body);
      requests[6 * i + 1].msg = test_message_new ("PATCH", item_uri, patch_body);
      for (guint j = 2; j < 6; j++)
        requests[6 * i + j].msg = test_message_new ("GET", item_uri, NULL);
    }

  /* All queued at once on 32 connections: more would only overflow
   * the kernel's queue of pending connections (the server's backlog is
   * 128) and measure TCP's retransmission delays */
  session = soup_session_new_with_options ("max-conns", N_CONNECTIONS, "max-conns-per-host", N_CONNECTIONS,
                                           "proxy-resolver", NULL, NULL);
  start = g_get_monotonic_time ();
  for (guint i = 0; i < N_REQUESTS; i++)
    {
      requests[i].pending = &pending;
      soup_session_send_and_read_async (session, requests[i].msg, G_PRIORITY_DEFAULT, NULL, request_done, &requests[i]);
    }
  while (pending > 0)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - start;
  g_test_message ("%u requests (%u writes, each saved to the file) on %u connections answered in %.1f ms: %.0f requests/s",
                  N_REQUESTS, 2 * N_EACH, N_CONNECTIONS, elapsed / 1000.0, N_REQUESTS / (elapsed / 1e6));

  for (guint i = 0; i < N_REQUESTS; i++)
    {
      Request *r = &requests[i];
      guint status = soup_message_get_status (r->msg);
      g_autoptr(JsonNode) node = NULL;
      JsonObject *object;

      g_assert_no_error (r->error);
      node = parse_bytes (r->body);
      object = json_node_get_object (node);
      switch (i % 6)
        {
        case 0:
          {
            gint64 *id = g_new (gint64, 1);

            g_assert_cmpuint (status, ==, 201);
            *id = json_object_get_int_member (object, "id");
            g_ptr_array_add (ids, id);
            g_assert_true (g_hash_table_add (created_ids, id));
            g_assert_cmpint (*id, >, TQ_DEMO_SEED_N_TODOS);
            g_assert_cmpint (*id, <=, TQ_DEMO_SEED_N_TODOS + N_EACH);
          }
          break;
        case 1:
          g_assert_cmpuint (status, ==, 200);
          g_assert_true (json_object_get_boolean_member (object, "completed"));
          break;
        default:
          /* A read sees the todo before or after its update, never a mix */
          g_assert_cmpuint (status, ==, 200);
          g_assert_cmpint (json_object_get_int_member (object, "id"), ==, i / 6 + 1);
          if (g_str_has_prefix (json_object_get_string_member (object, "title"), "patched "))
            g_assert_true (json_object_get_boolean_member (object, "completed"));
          else
            g_assert_true (json_object_equal (object, g_ptr_array_index (originals, i / 6)));
          break;
        }
      g_clear_object (&r->msg);
      g_clear_pointer (&r->body, g_bytes_unref);
    }

  /* Nothing lost, nothing extra */
  g_assert_cmpuint (g_hash_table_size (created_ids), ==, N_EACH);
  g_assert_cmpuint (tq_demo_store_get_revision (f->store), ==, revision + 2 * N_EACH);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, TQ_DEMO_SEED_N_TODOS + N_EACH);
  for (guint i = 0; i < N_EACH; i++)
    {
      JsonObject *todo = tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_TODOS, i + 1, NULL);
      g_autofree char *title = g_strdup_printf ("patched %u", i);

      g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, title);
    }
  {
    g_autoptr(GHashTable) titles = g_hash_table_new (g_str_hash, g_str_equal);

    for (guint i = 0; i < ids->len; i++)
      {
        gint64 id = *(gint64 *) g_ptr_array_index (ids, i);
        JsonObject *todo = tq_demo_store_lookup (f->store, TQ_DEMO_RESOURCE_TODOS, id, NULL);

        g_assert_true (g_str_has_prefix (json_object_get_string_member (todo, "title"), "load "));
        g_assert_true (g_hash_table_add (titles, (gpointer) json_object_get_string_member (todo, "title")));
      }
  }

  /* Every write reached the event stream */
  while (g_hash_table_size (events) < 2 * N_EACH)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < N_EACH; i++)
    {
      g_autofree char *updated = g_strdup_printf ("updated todos %u", i + 1);
      g_autofree char *created = g_strdup_printf ("created todos %u", TQ_DEMO_SEED_N_TODOS + 1 + i);

      g_assert_true (g_hash_table_contains (events, updated));
      g_assert_true (g_hash_table_contains (events, created));
    }

  /* ...and the file */
  reloaded = tq_demo_store_new_for_file (tq_demo_store_get_file (f->store), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (tq_demo_store_get_revision (reloaded), ==, tq_demo_store_get_revision (f->store));
  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    {
      g_autoptr(GPtrArray) a = tq_demo_store_list (f->store, r);
      g_autoptr(GPtrArray) b = tq_demo_store_list (reloaded, r);

      g_assert_cmpuint (a->len, ==, b->len);
      for (guint i = 0; i < a->len; i++)
        {
          g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), g_ptr_array_index (a, i));
          g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), g_ptr_array_index (b, i));

          g_assert_true (json_node_equal (na, nb));
        }
    }

  soup_session_abort (session);
  soup_websocket_connection_close (ws, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  while (soup_websocket_connection_get_state (ws) != SOUP_WEBSOCKET_STATE_CLOSED)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/demo-server/load/burst", Fixture, NULL, server_fixture_setup_file, test_burst, server_fixture_teardown);

  return g_test_run ();
}
