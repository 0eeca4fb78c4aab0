/* bench-ui.c: the demo app's list of to-dos with 100,000 of them
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Shows the demo app's Todos page (TqDemoTodosPage: a GtkListView over a
 * TqQueryListModel, sorted as the app sorts it, with the app's row widgets)
 * in a window, over the demo server filled with 100,000 to-dos. The server
 * runs in a thread of its own, as it would run in a process of its own, so
 * that its work (serialising 100,000 to-dos) is not counted as the app's.
 *
 * Measures, on the real clock and the real main loop:
 * - first_rows_ms: from before GTK starts until a frame has been painted
 *   with rows of to-dos mapped;
 * - refetch_reflected_ms: after the server has changed one to-do, from the
 *   invalidation of the list (what the app does when the server says a
 *   to-do changed) until a frame has been painted with the row showing the
 *   new title;
 * - rows_bound, rows_set_up: how many rows GTK bound to an item, and set
 *   up anew, for that change (the factory's bind and setup signals);
 * - changed_positions: how many positions the shown model said changed.
 *
 *   tq-bench-ui ui_list [--todos=N]
 *
 * Prints one JSON line of figures, as tq-bench does; a failed self-check
 * prints why on stderr and exits with status 1.
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <adwaita.h>
#include <tq-gtk.h>

#include "bench-util.h"
#include "tq-demo-server.h"
#include "tq-demo-todo-row.h"
#include "tq-demo-todos-page.h"

#define TIME_LIMIT_S 300

static guint n_todos = 100000;

/* {{{ Helpers */

static gboolean
time_limit_reached (gpointer user_data)
{
  bench_check_failed ("nothing happened for %d s (%s)", TIME_LIMIT_S, (const char *) user_data);
}

/* }}} */
/* {{{ The server, in its own thread */

typedef struct
{
  GMutex        lock;
  GCond         cond;
  GMainContext *context;
  GMainLoop    *loop;
  TqDemoServer *server;
  char         *base_uri;
  gboolean      ready;
  gboolean      changed;
  gint64        changed_id;
  char         *changed_title;
} Server;

static void
signal_ready (Server *server)
{
  g_mutex_lock (&server->lock);
  server->ready = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);
}

static gpointer
server_thread (gpointer data)
{
  Server *server = data;
  TqDemoStore *store;
  g_autoptr(GError) error = NULL;
  guint have;

  g_main_context_push_thread_default (server->context);

  /* The seed data, then generated to-dos up to the count */
  server->server = tq_demo_server_new_in_memory ();
  store = tq_demo_server_get_store (server->server);
  have = tq_demo_store_get_n_items (store, TQ_DEMO_RESOURCE_TODOS);
  for (guint i = have; i < n_todos; i++)
    {
      g_autoptr(JsonObject) fields = json_object_new ();
      g_autoptr(JsonObject) todo = NULL;
      g_autofree char *title = g_strdup_printf ("Generated to-do %u", i);

      json_object_set_string_member (fields, "title", title);
      json_object_set_boolean_member (fields, "completed", i % 3 == 0);
      json_object_set_int_member (fields, "userId", 1 + i % 60);
      todo = tq_demo_store_create (store, TQ_DEMO_RESOURCE_TODOS, fields, NULL, &error);
      CHECK (todo != NULL, "could not fill the store: %s", error->message);
    }
  CHECK (tq_demo_store_get_n_items (store, TQ_DEMO_RESOURCE_TODOS) == n_todos,
         "the store has %u to-dos, not %u", tq_demo_store_get_n_items (store, TQ_DEMO_RESOURCE_TODOS), n_todos);

  if (!tq_demo_server_listen (server->server, "127.0.0.1", 0, &error))
    bench_check_failed ("the demo server could not listen: %s", error->message);
  server->base_uri = g_strdup (tq_demo_server_get_base_uri (server->server));

  signal_ready (server);
  g_main_loop_run (server->loop);

  tq_demo_server_stop (server->server);
  g_clear_object (&server->server);
  g_main_context_pop_thread_default (server->context);

  return NULL;
}

/* In the server's thread: renames the to-do with the largest id, the first
 * one the app shows (newest first).
 */
static gboolean
change_one_todo (gpointer data)
{
  Server *server = data;
  TqDemoStore *store = tq_demo_server_get_store (server->server);
  g_autoptr(GPtrArray) todos = tq_demo_store_list (store, TQ_DEMO_RESOURCE_TODOS);
  g_autoptr(JsonObject) fields = json_object_new ();
  g_autoptr(JsonObject) changed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id = 0;

  for (guint i = 0; i < todos->len; i++)
    id = MAX (id, json_object_get_int_member (todos->pdata[i], "id"));

  server->changed_title = g_strdup_printf ("Changed to-do %" G_GINT64_FORMAT, id);
  json_object_set_string_member (fields, "title", server->changed_title);
  changed = tq_demo_store_update (store, TQ_DEMO_RESOURCE_TODOS, id, fields, NULL, &error);
  CHECK (changed != NULL, "could not change to-do %" G_GINT64_FORMAT ": %s", id, error ? error->message : "");
  server->changed_id = id;

  g_mutex_lock (&server->lock);
  server->changed = TRUE;
  g_cond_signal (&server->cond);
  g_mutex_unlock (&server->lock);

  return G_SOURCE_REMOVE;
}

/* }}} */
/* {{{ The list */

typedef struct
{
  GtkWidget     *window;
  GtkWidget     *list_view;
  GtkWidget     *page;
  GHashTable    *items;          /* GtkListItem → the item it was bound to last */
  guint          n_bound;
  guint          n_new_item;
  guint          n_set_up;
  guint          n_changed;      /* positions the shown model said changed */
  const char    *wanted_title;   /* the title to wait for, or NULL for any row */
  gboolean       shown;
  gint64         shown_at;
  gint64         data_at;        /* when the shown model first had items */
} List;

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          List                     *list)
{
  /* After the page's own handler, which made the row */
  list->n_set_up++;
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *list_item,
         List                     *list)
{
  list->n_bound++;
  /* GTK 4.8 binds a row again when only its position is refreshed:
   * count apart the rows given an item they did not show before */
  if (g_hash_table_lookup (list->items, list_item) != gtk_list_item_get_item (list_item))
    list->n_new_item++;
  g_hash_table_insert (list->items, list_item, gtk_list_item_get_item (list_item));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  List       *list)
{
  list->n_changed += MAX (removed, added);
}

static const char *
row_title (GtkWidget *row)
{
  GObject *label = gtk_widget_get_template_child (row, TQ_DEMO_TYPE_TODO_ROW, "title_label");

  return gtk_label_get_label (GTK_LABEL (label));
}

static void
on_shown_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  List       *list)
{
  if (list->data_at == 0 && g_list_model_get_n_items (model) > 0)
    list->data_at = g_get_monotonic_time ();
}

/* After each paint: is what we wait for on screen? */
static void
on_after_paint (GdkFrameClock *clock,
                List          *list)
{
  if (list->shown)
    return;

  /* The list view's children hold the rows it keeps */
  for (GtkWidget *child = gtk_widget_get_first_child (list->list_view);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *row = gtk_widget_get_first_child (child);

      if (!TQ_DEMO_IS_TODO_ROW (row) || !gtk_widget_get_mapped (row) || tq_demo_todo_row_get_item (TQ_DEMO_TODO_ROW (row)) == NULL)
        continue;
      if (list->wanted_title == NULL || g_strcmp0 (row_title (row), list->wanted_title) == 0)
        {
          list->shown = TRUE;
          list->shown_at = g_get_monotonic_time ();
          return;
        }
    }
}

static void
wait_until_shown (List       *list,
                  const char *what)
{
  guint limit = g_timeout_add_seconds (TIME_LIMIT_S, time_limit_reached, (gpointer) what);

  while (!list->shown)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (limit);
}

/* Lets the app finish what it does after the first rows: more frames, idle
 * work, the users' list.
 */
static void
settle (List *list)
{
  for (guint i = 0; i < 5; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      list->shown = FALSE;
      list->wanted_title = NULL;
      gtk_widget_queue_draw (list->window);
      wait_until_shown (list, "a frame");
    }
}

static void
on_invalidated (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!tq_query_client_invalidate_queries_finish (TQ_QUERY_CLIENT (source), result, &error))
    bench_check_failed ("the invalidation failed: %s", error->message);
}

/* }}} */

static void
run_ui_list (void)
{
  Server server = { 0 };
  g_autoptr(GThread) thread = NULL;
  g_autoptr(TqQueryClient) client = NULL;
  g_autoptr(TqHttpClient) http = NULL;
  g_autoptr(TqQueryOptions) defaults = NULL;
  g_autoptr(TqQueryFilters) filters = NULL;
  GtkWidget *overlay;
  GListModel *shown;
  GtkListItemFactory *factory;
  TqQueryObserver *observer;
  TqQueryResult *result;
  List list = { 0 };
  gint64 started, refetched;

  g_mutex_init (&server.lock);
  g_cond_init (&server.cond);
  server.context = g_main_context_new ();
  server.loop = g_main_loop_new (server.context, FALSE);
  thread = g_thread_new ("demo-server", server_thread, &server);
  g_mutex_lock (&server.lock);
  while (!server.ready)
    g_cond_wait (&server.cond, &server.lock);
  g_mutex_unlock (&server.lock);

  /* Launch: GTK, the client as the app sets it up, the page in a window */
  started = g_get_monotonic_time ();
  gtk_init ();
  adw_init ();
  tq_gtk_init ();

  client = tq_query_client_new ();
  http = tq_http_client_new (server.base_uri);
  defaults = tq_query_options_new (NULL);
  tq_http_client_apply (http, defaults);
  tq_query_client_set_default_query_options (client, defaults);
  tq_query_client_mount (client);

  list.items = g_hash_table_new (NULL, NULL);
  list.window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (list.window), 800, 640);
  overlay = adw_toast_overlay_new ();
  list.page = tq_demo_todos_page_new (client, http);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), list.page);
  gtk_window_set_child (GTK_WINDOW (list.window), overlay);

  list.list_view = GTK_WIDGET (gtk_widget_get_template_child (list.page, TQ_DEMO_TYPE_TODOS_PAGE, "list_view"));
  factory = gtk_list_view_get_factory (GTK_LIST_VIEW (list.list_view));
  CHECK (GTK_IS_SIGNAL_LIST_ITEM_FACTORY (factory), "the page's list has no signal factory");
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), &list);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), &list);
  shown = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list.list_view)));
  g_signal_connect (shown, "items-changed", G_CALLBACK (on_items_changed), &list);
  g_signal_connect (shown, "items-changed", G_CALLBACK (on_shown_changed), &list);

  gtk_widget_realize (list.window);
  g_signal_connect (gtk_widget_get_frame_clock (list.window), "after-paint", G_CALLBACK (on_after_paint), &list);
  gtk_window_present (GTK_WINDOW (list.window));
  wait_until_shown (&list, "the first rows");
  bench_metric ("first_rows_ms", (list.shown_at - started) / 1000.0);
  bench_metric ("first_data_ms", (list.data_at - started) / 1000.0);

  observer = tq_demo_todos_page_get_observer (TQ_DEMO_TODOS_PAGE (list.page));
  result = tq_query_observer_get_current_result (observer);
  CHECK (tq_query_result_get_status (result) == TQ_QUERY_STATUS_SUCCESS, "the list did not load");
  CHECK (g_list_model_get_n_items (shown) == n_todos,
         "the list shows %u to-dos, not %u", g_list_model_get_n_items (shown), n_todos);
  settle (&list);

  /* A refetch that changes one to-do */
  g_main_context_invoke (server.context, change_one_todo, &server);
  g_mutex_lock (&server.lock);
  while (!server.changed)
    g_cond_wait (&server.cond, &server.lock);
  g_mutex_unlock (&server.lock);

  list.n_bound = list.n_new_item = list.n_set_up = list.n_changed = 0;
  list.shown = FALSE;
  list.wanted_title = server.changed_title;
  refetched = g_get_monotonic_time ();
  filters = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
  tq_query_client_invalidate_queries_async (client, filters, TRUE, NULL, on_invalidated, NULL);
  wait_until_shown (&list, "the changed to-do");
  bench_metric ("refetch_reflected_ms", (list.shown_at - refetched) / 1000.0);
  bench_metric ("rows_bound", list.n_bound);
  bench_metric ("rows_given_new_item", list.n_new_item);
  bench_metric ("rows_set_up", list.n_set_up);
  bench_metric ("changed_positions", list.n_changed);
  CHECK (g_list_model_get_n_items (shown) == n_todos,
         "after the refetch the list shows %u to-dos, not %u", g_list_model_get_n_items (shown), n_todos);
  g_printerr ("tq-bench-ui: to-do %" G_GINT64_FORMAT " changed: %u rows bound (%u to an item they did not show), %u set up, %u positions changed\n",
              server.changed_id, list.n_bound, list.n_new_item, list.n_set_up, list.n_changed);

  gtk_window_destroy (GTK_WINDOW (list.window));
  g_main_loop_quit (server.loop);
  g_thread_join (g_steal_pointer (&thread));
  g_main_loop_unref (server.loop);
  g_main_context_unref (server.context);
  g_free (server.base_uri);
  g_free (server.changed_title);
  g_hash_table_unref (list.items);
  g_mutex_clear (&server.lock);
  g_cond_clear (&server.cond);
}

int
main (int   argc,
      char *argv[])
{
  const char *workload = argc > 1 ? argv[1] : "ui_list";

  g_set_prgname ("tq-bench-ui");

  for (int i = 2; i < argc; i++)
    {
      if (g_str_has_prefix (argv[i], "--todos="))
        n_todos = (guint) g_ascii_strtoull (argv[i] + strlen ("--todos="), NULL, 10);
      else
        {
          g_printerr ("tq-bench-ui: unknown option %s\n", argv[i]);
          return 2;
        }
    }
  if (g_strcmp0 (workload, "ui_list") != 0 || n_todos < 1)
    {
      g_printerr ("usage: tq-bench-ui ui_list [--todos=N]\n");
      return 2;
    }

  /* As the app's tests run it: the schema from the build tree, settings in
   * memory, no accessibility bus */
  g_setenv ("GSETTINGS_SCHEMA_DIR", TQ_BENCH_SCHEMA_DIR, FALSE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("NO_AT_BRIDGE", "1", FALSE);
  g_setenv ("ADW_DISABLE_PORTAL", "1", FALSE);

  run_ui_list ();
  bench_print_metrics (workload);

  return 0;
}
