/* test-demo-durability.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "demo-test-utils.h"
#include "tq-demo-seed.h"

/* The real tq-demo-server, killed with SIGKILL in the middle of a burst of
 * writes, several times over: every write it acknowledged is in the file,
 * the file always parses, and a restarted server serves all of it. */

#define N_CYCLES   4
#define IN_FLIGHT  8

typedef struct
{
  SoupSession *session;
  char        *base;
  GHashTable  *acked;       /* title → id, every write answered with 201 */
  guint        in_flight;
  guint        failed;
  gboolean     killed;
  guint        kill_after;  /* acknowledgements */
  GSubprocess *process;
} Burst;

static void send_next (Burst *burst);

static void
post_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (source), result);
  Burst *burst = user_data;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  char *title = g_object_steal_data (G_OBJECT (msg), "title");

  body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  burst->in_flight--;

  if (error == NULL && soup_message_get_status (msg) == 201)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonNode *node;
      gint64 id;

      g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL));
      node = json_parser_get_root (parser);
      id = json_object_get_int_member (json_node_get_object (node), "id");

      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "title"), ==, title);
      g_hash_table_insert (burst->acked, title, GINT_TO_POINTER ((int) id));
    }
  else
    {
      /* Only a killed server fails to answer */
      g_assert_true (burst->killed);
      burst->failed++;
      g_free (title);
    }

  if (!burst->killed && g_hash_table_size (burst->acked) >= burst->kill_after)
    {
      /* Now, with writes still in flight */
      g_subprocess_send_signal (burst->process, SIGKILL);
      burst->killed = TRUE;
    }

  if (!burst->killed)
    send_next (burst);
}

static void
send_next (Burst *burst)
{
  g_autofree char *uri = g_strconcat (burst->base, "/todos", NULL);
  static guint counter;
  g_autofree char *title = g_strdup_printf ("durable %u", ++counter);
  g_autofree char *body = g_strdup_printf ("{\"userId\": %u, \"title\": \"%s\"}", counter % 10 + 1, title);
  g_autoptr(SoupMessage) msg = test_message_new ("POST", uri, body);

  g_object_set_data (G_OBJECT (msg), "title", g_steal_pointer (&title));
  burst->in_flight++;
  soup_session_send_and_read_async (burst->session, msg, G_PRIORITY_DEFAULT, NULL, post_done, burst);
}

static void
assert_all_acked_in (GHashTable  *acked,
                     TqDemoStore *store)
{
  GHashTableIter iter;
  gpointer title, id;

  g_hash_table_iter_init (&iter, acked);
  while (g_hash_table_iter_next (&iter, &title, &id))
    {
      JsonObject *todo = tq_demo_store_lookup (store, TQ_DEMO_RESOURCE_TODOS, GPOINTER_TO_INT (id), NULL);

      if (todo == NULL)
        g_error ("acknowledged todo %d (“%s”) is missing", GPOINTER_TO_INT (id), (char *) title);
      g_assert_cmpstr (json_object_get_string_member (todo, "title"), ==, title);
    }
}

static guint
count_files (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (d) != NULL)
    n++;

  return n;
}

static void
test_kill9 (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GHashTable) acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char * const args[] = { "--port", "0", path, NULL };

  for (guint cycle = 0; cycle < N_CYCLES; cycle++)
    {
      Burst burst = { 0 };
      g_autoptr(TqDemoStore) store = NULL;
      g_autoptr(GError) error = NULL;
      guint before = g_hash_table_size (acked);

      burst.process = test_spawn_server (args, &burst.base);
      burst.session = test_session_new ();
      burst.acked = acked;
      burst.kill_after = before + 20 + 7 * cycle;

      for (guint i = 0; i < IN_FLIGHT; i++)
        send_next (&burst);
      while (burst.in_flight > 0)
        g_main_context_iteration (NULL, TRUE);

      test_wait_exit (burst.process);
      g_assert_true (g_subprocess_get_if_signaled (burst.process));
      g_assert_cmpint (g_subprocess_get_term_sig (burst.process), ==, SIGKILL);
      g_test_message ("cycle %u: %u writes acknowledged, %u cut short by the kill",
                      cycle, g_hash_table_size (acked) - before, burst.failed);

      /* The file parses, and holds every acknowledged write */
      store = tq_demo_store_new_for_file (file, &error);
      g_assert_no_error (error);
      assert_all_acked_in (acked, store);
      g_test_message ("cycle %u: the file holds %u todos for %u acknowledged; %u files in the folder",
                      cycle, tq_demo_store_get_n_items (store, TQ_DEMO_RESOURCE_TODOS) - TQ_DEMO_SEED_N_TODOS,
                      g_hash_table_size (acked), count_files (dir));

      soup_session_abort (burst.session);
      g_clear_object (&burst.session);
      g_clear_object (&burst.process);
      g_free (burst.base);
    }

  {
    /* A restarted server serves all of it, then stops cleanly on SIGTERM */
    g_autofree char *base = NULL;
    g_autoptr(GSubprocess) process = test_spawn_server (args, &base);
    g_autoptr(SoupSession) session = test_session_new ();
    g_autofree char *uri = g_strconcat (base, "/todos?title_like=%5Edurable", NULL);
    g_autoptr(TestResponse) r = test_request (session, "GET", uri, NULL, NULL);
    g_autoptr(GHashTable) served = g_hash_table_new (g_str_hash, g_str_equal);
    g_autoptr(GError) error = NULL;
    g_autoptr(TqDemoStore) store = NULL;
    JsonArray *todos;

    g_assert_cmpuint (r->status, ==, 200);
    todos = test_response_array (r);
    for (guint i = 0; i < json_array_get_length (todos); i++)
      g_hash_table_add (served, (gpointer) json_object_get_string_member (json_array_get_object_element (todos, i), "title"));
    {
      GHashTableIter iter;
      gpointer title;

      g_hash_table_iter_init (&iter, acked);
      while (g_hash_table_iter_next (&iter, &title, NULL))
        g_assert_true (g_hash_table_contains (served, title));
    }

    soup_session_abort (session);
    test_signal_and_expect_clean_exit (process, SIGTERM);
    store = tq_demo_store_new_for_file (file, &error);
    g_assert_no_error (error);
    assert_all_acked_in (acked, store);
  }

  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-server/durability/kill-9", test_kill9);

  return g_test_run ();
}
