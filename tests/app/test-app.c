/* test-app.c: end-to-end tests of the demo app
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test runs the real application (TqDemoApplication, through
 * g_application_run() with the command line a user would type) on a
 * headless X server, against its built-in server or against json-server
 * 0.17 (with --server), and drives it through its widgets, found in the
 * widget tree by the ids of the .ui files. What reached the server is
 * checked with HTTP requests of the test's own. The second-instance test
 * starts the tq-demo program a second time and types into it with xdotool.
 *
 * Set TQ_DEMO_SCREENSHOTS to a folder to keep screenshots of the states
 * the tests go through.
 */

#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <sys/prctl.h>

#include <adwaita.h>
#include <libsoup/soup.h>

#ifdef GDK_WINDOWING_X11
# include <gdk/x11/gdkx.h>
#endif

#include "tq-demo-application.h"
#include "tq-demo-todo-row.h"
#include "tq-demo-todos-page.h"
#include "tq-demo-window.h"

typedef enum
{
  BACKEND_EMBEDDED,
  BACKEND_JSON_SERVER,
} Backend;

typedef struct _Fixture Fixture;
typedef void (*Body) (Fixture *f);

struct _Fixture
{
  Backend            backend;

  /* json-server */
  GSubprocess       *json_server;
  char              *json_server_uri;
  gboolean           built_in_first;   /* run without --server all the same */

  /* The app of the current run */
  TqDemoApplication *app;
  GtkWindow         *window;
  Body               body;
  gboolean           body_done;
  gboolean           saw_fetching;

  SoupSession       *session;
  GPtrArray         *writes;     /* the embedded store's changes, "created 201" */
  guint              events_seen; /* realtime events of created to-dos */
  gint64             last_write_time;
};

/* {{{ Waiting */

/* Wakes the waits up now and then; at a low priority, so that it never
 * delays what the app does (its notification flush is an idle)
 */
static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Sanitizer builds run several times slower: their waits last longer */
#ifdef __SANITIZE_ADDRESS__
# define SLOWNESS 4
#else
# define SLOWNESS 1
#endif

/* Runs the main loop until @cond holds, failing after @seconds. */
#define WAIT_FOR(cond, seconds) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + (gint64) ((seconds) * SLOWNESS * G_USEC_PER_SEC); \
    guint wake_ = g_timeout_add_full (G_PRIORITY_LOW, 10, wake_up, NULL, NULL); \
    while (!(cond)) \
      { \
        if (g_get_monotonic_time () > end_) \
          g_error ("%s:%d: timed out after %g s waiting for %s", __FILE__, __LINE__, (double) (seconds), #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_); \
  } G_STMT_END

/* What "shows at once" means: the data the list shows has the change as
 * soon as the user's action returns, before the main loop runs again; the
 * list follows in the notification flush, which runs before GTK draws.
 * With the built-in server, whose answers take at least 200 ms, the list
 * must show the change while the change is still on its way.
 */
#define WAIT_SHOWN(f, window, data_cond, cond) \
  G_STMT_START { \
    gint64 end_ = g_get_monotonic_time () + 5 * SLOWNESS * G_USEC_PER_SEC; \
    guint wake_; \
    JsonArray *data = shown_data (window); \
    if (!(data_cond)) \
      g_error ("%s:%d: the change is not in the data at once: %s", __FILE__, __LINE__, #data_cond); \
    wake_ = g_timeout_add_full (G_PRIORITY_LOW, 10, wake_up, NULL, NULL); \
    while (!(cond)) \
      { \
        if (n_mutating (f) == 0 && (f)->backend == BACKEND_EMBEDDED) \
          g_error ("%s:%d: the server answered before the change showed: %s", __FILE__, __LINE__, #cond); \
        if (g_get_monotonic_time () > end_) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (wake_); \
    if ((f)->backend == BACKEND_EMBEDDED) \
      g_assert_cmpuint (n_mutating (f), >, 0); \
  } G_STMT_END

static guint       n_mutating (Fixture   *f);
static JsonArray  *shown_data (GtkWindow *window);
static JsonObject *data_todo  (JsonArray *data,
                               gint64     id);
static JsonObject *data_titled (JsonArray  *data,
                                const char *title);

/* Lets what is ready run: the notifications that follow a change. */
static void
settle (void)
{
  for (guint i = 0; i < 50 && g_main_context_pending (NULL); i++)
    g_main_context_iteration (NULL, FALSE);
}

/* Runs the main loop for @ms milliseconds. */
static void
spin (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake = g_timeout_add_full (G_PRIORITY_LOW, 10, wake_up, NULL, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

/* }}} */
/* {{{ The server, seen from outside the app */

static const char *
server_uri (Fixture *f)
{
  if (f->backend == BACKEND_JSON_SERVER && !f->built_in_first)
    return f->json_server_uri;

  g_assert_nonnull (f->app);
  return tq_demo_application_get_server_uri (f->app);
}

typedef struct
{
  GBytes   *body;
  GError   *error;
  gboolean  done;
} Request;

static void
on_request_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Request *request = user_data;

  request->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &request->error);
  request->done = TRUE;
}

/* Sends a request to the server the app uses and returns its JSON (NULL
 * for an empty body); the main loop runs meanwhile, so the built-in server
 * can answer.
 */
static JsonNode *
http (Fixture    *f,
      const char *base,
      const char *method,
      const char *path,
      const char *body,
      guint      *status)
{
  g_autofree char *uri = g_strconcat (base, path, NULL);
  g_autoptr(SoupMessage) message = soup_message_new (method, uri);
  Request request = { 0 };
  JsonNode *node = NULL;

  g_assert_nonnull (message);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  soup_session_send_and_read_async (f->session, message, G_PRIORITY_DEFAULT, NULL, on_request_done, &request);
  WAIT_FOR (request.done, 20);
  g_assert_no_error (request.error);

  if (status != NULL)
    *status = soup_message_get_status (message);

  if (g_bytes_get_size (request.body) > 0)
    {
      g_autoptr(GError) error = NULL;
      gsize size;
      const char *data = g_bytes_get_data (request.body, &size);

      node = json_from_string (data, &error);
      if (node == NULL)
        g_error ("%s %s: not JSON: %s", method, path, error ? error->message : "empty");
    }

  g_bytes_unref (request.body);
  return node;
}

static JsonNode *
server_get (Fixture    *f,
            const char *path)
{
  guint status;
  JsonNode *node = http (f, server_uri (f), "GET", path, NULL, &status);

  g_assert_cmpuint (status, ==, 200);
  return node;
}

static guint
server_status (Fixture    *f,
               const char *path)
{
  guint status;
  g_autoptr(JsonNode) node = http (f, server_uri (f), "GET", path, NULL, &status);

  return status;
}

/* The to-do with @title on the server, or NULL */
static JsonObject *
server_todo_titled (Fixture    *f,
                    const char *title)
{
  g_autofree char *escaped = g_uri_escape_string (title, NULL, FALSE);
  g_autofree char *path = g_strdup_printf ("/todos?title=%s", escaped);
  g_autoptr(JsonNode) list = server_get (f, path);
  JsonArray *array = json_node_get_array (list);

  if (json_array_get_length (array) == 0)
    return NULL;

  return json_object_ref (json_array_get_object_element (array, 0));
}

static JsonObject *
server_todo (Fixture *f,
             gint64   id)
{
  g_autofree char *path = g_strdup_printf ("/todos/%" G_GINT64_FORMAT, id);
  g_autoptr(JsonNode) node = server_get (f, path);

  return json_object_ref (json_node_get_object (node));
}

static guint
server_count (Fixture    *f,
              const char *path)
{
  g_autoptr(JsonNode) list = server_get (f, path);

  return json_array_get_length (json_node_get_array (list));
}

/* Faults of the built-in server, through its admin endpoint */
static void
set_faults (Fixture    *f,
            const char *method,
            const char *json)
{
  guint status;
  g_autoptr(JsonNode) node = http (f, server_uri (f), method, "/__admin/faults", json, &status);

  g_assert_cmpuint (status, ==, 200);
}

static void
on_item_changed (TqDemoStore    *store,
                 TqDemoChange    change,
                 TqDemoResource  resource,
                 gint64          id,
                 Fixture        *f)
{
  static const char *changes[] = { "created", "updated", "deleted" };

  if (resource != TQ_DEMO_RESOURCE_TODOS)
    return;

  g_ptr_array_add (f->writes, g_strdup_printf ("%s %" G_GINT64_FORMAT, changes[change], id));
  f->last_write_time = g_get_monotonic_time ();
}

/* }}} */
/* {{{ Widgets */

static GtkWidget *
find_child (GtkWidget  *root,
            const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (g_strcmp0 (gtk_buildable_get_buildable_id (GTK_BUILDABLE (child)), id) == 0)
        return child;
      if ((found = find_child (child, id)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find (GtkWidget  *root,
      const char *id)
{
  GtkWidget *widget = find_child (root, id);

  if (widget == NULL)
    g_error ("no widget %s under %s", id, G_OBJECT_TYPE_NAME (root));

  return widget;
}

static GtkWidget *
find_type (GtkWidget *root,
           GType      type)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        return child;
      if ((found = find_type (child, type)) != NULL)
        return found;
    }

  return NULL;
}

static TqDemoTodosPage *
todos_page (GtkWindow *window)
{
  GtkWidget *page = find_type (GTK_WIDGET (window), TQ_DEMO_TYPE_TODOS_PAGE);

  g_assert_nonnull (page);
  return TQ_DEMO_TODOS_PAGE (page);
}

static GListModel *
shown (GtkWindow *window)
{
  GtkWidget *list = find (GTK_WIDGET (todos_page (window)), "list_view");

  return G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));
}

static TqJsonItem *
shown_item (GtkWindow *window,
            guint      position)
{
  TqJsonItem *item = g_list_model_get_item (shown (window), position);

  if (item != NULL)
    g_object_unref (item);   /* the model keeps it */
  return item;
}

static TqJsonItem *
shown_titled (GtkWindow  *window,
              const char *title)
{
  GListModel *model = shown (window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      TqJsonItem *item = shown_item (window, i);

      if (g_strcmp0 (tq_json_item_get_string (item, "title"), title) == 0)
        return item;
    }

  return NULL;
}

static TqJsonItem *
shown_with_id (GtkWindow *window,
               gint64     id)
{
  GListModel *model = shown (window);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      TqJsonItem *item = shown_item (window, i);

      if (tq_json_item_get_int (item, "id") == id)
        return item;
    }

  return NULL;
}

/* The data of the list's observer, as it is now */
static JsonArray *
shown_data (GtkWindow *window)
{
  TqQueryObserver *observer = tq_demo_todos_page_get_observer (todos_page (window));
  const GValue *value = tq_query_result_get_data (tq_query_observer_get_current_result (observer));

  g_assert_true (value != NULL && G_VALUE_HOLDS (value, JSON_TYPE_NODE));
  return json_node_get_array (g_value_get_boxed (value));
}

static JsonObject *
data_todo (JsonArray *data,
           gint64     id)
{
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *todo = json_array_get_object_element (data, i);

      if (json_object_get_int_member_with_default (todo, "id", 0) == id)
        return todo;
    }

  return NULL;
}

static JsonObject *
data_titled (JsonArray  *data,
             const char *title)
{
  for (guint i = 0; i < json_array_get_length (data); i++)
    {
      JsonObject *todo = json_array_get_object_element (data, i);

      if (g_strcmp0 (json_object_get_string_member_with_default (todo, "title", NULL), title) == 0)
        return todo;
    }

  return NULL;
}

/* The row on screen of the to-do with @id */
static TqDemoTodoRow *
row_of_child (GtkWidget *root,
              gint64     id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      TqDemoTodoRow *found;
      TqJsonItem *row_item;

      if (TQ_DEMO_IS_TODO_ROW (child) && gtk_widget_get_mapped (child) &&
          (row_item = tq_demo_todo_row_get_item (TQ_DEMO_TODO_ROW (child))) != NULL &&
          tq_json_item_get_int (row_item, "id") == id)
        return TQ_DEMO_TODO_ROW (child);
      if ((found = row_of_child (child, id)) != NULL)
        return found;
    }

  return NULL;
}

/* The row of the to-do @item shows, once the list shows it: a change to the
 * model reaches the screen at the next layout, and a row that is not mapped
 * (one the list keeps for reuse) cannot be clicked. Found by id, read at
 * once: while it waits, a refetch may replace (and free) @item.
 */
static TqDemoTodoRow *
row_of (GtkWindow  *window,
        TqJsonItem *item)
{
  GtkWidget *list = find (GTK_WIDGET (todos_page (window)), "list_view");
  TqDemoTodoRow *row;
  gint64 id;

  g_assert_nonnull (item);
  id = tq_json_item_get_int (item, "id");
  WAIT_FOR ((row = row_of_child (list, id)) != NULL, 5);
  return row;
}

static TqGtkQueryViewState
view_state (GtkWindow *window)
{
  return tq_gtk_query_view_get_state (TQ_GTK_QUERY_VIEW (find (GTK_WIDGET (todos_page (window)), "view")));
}

static gboolean
row_shows_completed (TqDemoTodoRow *row)
{
  return gtk_check_button_get_active (GTK_CHECK_BUTTON (find (GTK_WIDGET (row), "check")));
}

/* A label under @root whose text contains @text, if it is mapped */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (child) && gtk_widget_get_mapped (child) &&
          strstr (gtk_label_get_text (GTK_LABEL (child)), text) != NULL)
        return child;
      if ((found = find_label (child, text)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && gtk_widget_get_mapped (child) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button (child, label)) != NULL)
        return found;
    }

  return NULL;
}

/* A click: what a pointer does (keyboard activation shows the button
 * pressed for a moment first)
 */
static void
click (GtkWidget *button)
{
  g_assert_true (GTK_IS_BUTTON (button));
  g_assert_true (gtk_widget_get_mapped (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
}

static TqQueryClient *
client (Fixture *f)
{
  return tq_demo_application_get_client (f->app);
}

static guint
n_mutating (Fixture *f)
{
  return tq_query_client_is_mutating (client (f), NULL);
}

/* }}} */
/* {{{ Screenshots */

static void
screenshot (GtkWindow  *window,
            const char *name)
{
  const char *folder = g_getenv ("TQ_DEMO_SCREENSHOTS");
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (folder == NULL || *folder == '\0')
    return;

  /* A few frames, so that what changed last is drawn (a slow build may
   * need more)
   */
  width = gtk_widget_get_width (GTK_WIDGET (window));
  height = gtk_widget_get_height (GTK_WIDGET (window));
  paintable = gtk_widget_paintable_new (GTK_WIDGET (window));
  for (guint tries = 0; node == NULL && tries < 25; tries++)
    {
      spin (300);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  g_mkdir_with_parents (folder, 0755);
  path = g_strdup_printf ("%s/%s.png", folder, name);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);
}

/* }}} */
/* {{{ Running the app */

static void
on_spinner_visible (GtkWidget  *spinner,
                    GParamSpec *pspec,
                    Fixture    *f)
{
  if (gtk_widget_get_visible (spinner))
    f->saw_fetching = TRUE;
}

static void
run_body (gpointer data)
{
  Fixture *f = data;

  f->body (f);
  f->body_done = TRUE;

  /* What a user does: Ctrl+Q */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "quit", NULL);
}

static void
on_activate (GApplication *app,
             Fixture      *f)
{
  GtkWidget *spinner;

  if (f->window != NULL)
    return;

  f->window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (TQ_DEMO_IS_WINDOW (f->window));

  spinner = find (GTK_WIDGET (f->window), "fetching_spinner");
  g_signal_connect (spinner, "notify::visible", G_CALLBACK (on_spinner_visible), f);
  on_spinner_visible (spinner, NULL, f);

  if (f->backend == BACKEND_EMBEDDED)
    {
      TqDemoServer *server = tq_demo_application_get_server (f->app);

      g_assert_nonnull (server);
      g_signal_connect (tq_demo_server_get_store (server), "item-changed", G_CALLBACK (on_item_changed), f);
    }

  g_idle_add_once (run_body, f);
}

/* Runs the app as `tq-demo` or `tq-demo --server URL`, with @body once its
 * window is up; @body ends by leaving the app running, which then quits.
 */
static void
run_app (Fixture *f,
         Body     body)
{
  const char *embedded_argv[] = { "tq-demo", NULL };
  const char *remote_argv[] = { "tq-demo", "--server", f->json_server_uri, NULL };
  const char **argv = f->backend == BACKEND_EMBEDDED || f->built_in_first ? embedded_argv : remote_argv;
  int status;

  f->app = tq_demo_application_new ();
  /* Tests of other suites may run an instance of the app at the same time */
  g_application_set_flags (G_APPLICATION (f->app), G_APPLICATION_NON_UNIQUE);
  g_signal_connect_after (f->app, "activate", G_CALLBACK (on_activate), f);

  f->window = NULL;
  f->body = body;
  f->body_done = FALSE;
  f->saw_fetching = FALSE;

  status = g_application_run (G_APPLICATION (f->app), g_strv_length ((char **) argv), (char **) argv);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (f->body_done);

  f->window = NULL;
  g_assert_finalize_object (f->app);
  f->app = NULL;
}

/* Waits for the list to show the server's to-dos, and for the users
 * (whom new to-dos go to) to be known.
 */
static void
wait_for_list (Fixture *f)
{
  GtkWidget *users = find (GTK_WIDGET (todos_page (f->window)), "user_dropdown");

  WAIT_FOR (view_state (f->window) == TQ_GTK_QUERY_VIEW_STATE_CONTENT, 20);
  WAIT_FOR (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (users))) > 1, 20);
}

/* }}} */
/* {{{ Fixture */

/* Helpers run by the tests go when the test goes, even if it aborts */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGKILL);
}

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}

static void
start_json_server (Fixture *f)
{
  const char *program = g_getenv ("TQ_DEMO_JSON_SERVER");
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "json-server", NULL);
  g_autofree char *db_path = g_build_filename (folder, "db.json", NULL);
  g_autoptr(GFile) db = g_file_new_for_path (db_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(TqDemoServer) seeder = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autofree char *port = NULL;
  gint64 end;

  if (program == NULL || !g_file_test (program, G_FILE_TEST_IS_EXECUTABLE))
    g_error ("json-server 0.17 is not installed (%s): run build-aux/setup.sh, or npm ci in tests/app",
             program ? program : "TQ_DEMO_JSON_SERVER unset");

  /* json-server serves the demo server's seed data, as db.json */
  g_mkdir_with_parents (folder, 0700);
  seeder = tq_demo_server_new_for_file (db, &error);
  g_assert_no_error (error);
  g_clear_object (&seeder);

  port = g_strdup_printf ("%u", free_port ());
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  f->json_server = g_subprocess_launcher_spawn (launcher, &error,
                                                program, "--host", "127.0.0.1", "--port", port, "--quiet",
                                                db_path, NULL);
  g_assert_no_error (error);
  f->json_server_uri = g_strdup_printf ("http://127.0.0.1:%s", port);

  end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  for (;;)
    {
      g_autofree char *uri = g_strconcat (f->json_server_uri, "/todos/1", NULL);
      g_autoptr(SoupMessage) message = soup_message_new ("GET", uri);
      g_autoptr(GBytes) body = soup_session_send_and_read (f->session, message, NULL, NULL);

      if (body != NULL && soup_message_get_status (message) == 200)
        break;
      if (g_get_monotonic_time () > end)
        g_error ("json-server did not start on port %s", port);
      g_usleep (50 * 1000);
    }
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  GFile *child;

  while (children != NULL && g_file_enumerator_iterate (children, NULL, &child, NULL, NULL) && child != NULL)
    remove_tree (child);

  g_file_delete (file, NULL, NULL);
}

/* Each test starts with no data: the built-in server seeds it again */
static void
clear_data (void)
{
  g_autoptr(GFile) app_data = g_file_new_build_filename (g_get_user_data_dir (), APP_ID, NULL);
  g_autoptr(GFile) json_server_data = g_file_new_build_filename (g_get_user_data_dir (), "json-server", NULL);

  remove_tree (app_data);
  remove_tree (json_server_data);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.tq.Demo");
  g_autoptr(GSettingsSchema) schema = NULL;
  g_auto(GStrv) keys = NULL;

  f->backend = GPOINTER_TO_INT (data);
  f->session = soup_session_new ();
  clear_data ();
  f->writes = g_ptr_array_new_with_free_func (g_free);

  /* The settings of a new user, but for a built-in server that answers
   * within 200 to 300 ms: slow enough to see what shows before it answers,
   * even on a busy machine.
   */
  g_object_get (settings, "settings-schema", &schema, NULL);
  keys = g_settings_schema_list_keys (schema);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (settings, keys[i]);
  g_settings_set_uint (settings, "latency-min-ms", 200);
  g_settings_set_uint (settings, "latency-max-ms", 300);
  g_settings_set_int (settings, "window-width", 720);
  g_settings_set_int (settings, "window-height", 640);

  tq_online_manager_unset_online (tq_online_manager_get_default ());

  if (f->backend == BACKEND_JSON_SERVER)
    start_json_server (f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  if (f->json_server != NULL)
    {
      g_subprocess_send_signal (f->json_server, SIGTERM);
      g_subprocess_wait (f->json_server, NULL, NULL);
      g_clear_object (&f->json_server);
    }

  tq_online_manager_unset_online (tq_online_manager_get_default ());
  g_clear_pointer (&f->json_server_uri, g_free);
  g_clear_pointer (&f->writes, g_ptr_array_unref);
  g_clear_object (&f->session);
}

/* }}} */
/* {{{ Tests */

/* Todos appear: what the server has, newest first, with the fetching
 * indicator on while they load
 */
static void
todos_appear_body (Fixture *f)
{
  g_autoptr(JsonNode) todos = NULL;
  JsonArray *array;
  guint n;
  JsonObject *newest = NULL;
  TqJsonItem *first;
  TqDemoTodoRow *row;

  g_assert_cmpstr (gtk_window_get_title (f->window), ==, "Tq Demo");
  g_assert_cmpstr (tq_demo_window_get_visible_page (TQ_DEMO_WINDOW (f->window)), ==, "todos");

  wait_for_list (f);
  g_assert_true (f->saw_fetching);
  WAIT_FOR (!gtk_widget_get_visible (find (GTK_WIDGET (f->window), "fetching_spinner")), 10);

  todos = server_get (f, "/todos");
  array = json_node_get_array (todos);
  n = json_array_get_length (array);
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n);

  for (guint i = 0; i < n; i++)
    {
      JsonObject *todo = json_array_get_object_element (array, i);

      if (newest == NULL || json_object_get_int_member (todo, "id") > json_object_get_int_member (newest, "id"))
        newest = todo;
    }

  /* The newest is on top, and its row shows it */
  first = shown_item (f->window, 0);
  g_assert_cmpint (tq_json_item_get_int (first, "id"), ==, json_object_get_int_member (newest, "id"));
  row = row_of (f->window, first);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (GTK_WIDGET (row), "title_label"))), ==,
                   json_object_get_string_member (newest, "title"));
  g_assert_cmpint (row_shows_completed (row), ==, json_object_get_boolean_member (newest, "completed"));

  /* Online: no offline banner */
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (find (GTK_WIDGET (f->window), "offline_revealer"))));

  screenshot (f->window, f->backend == BACKEND_EMBEDDED ? "todos" : "todos-json-server");

  /* The Users page */
  tq_demo_window_set_visible_page (TQ_DEMO_WINDOW (f->window), "users");
  g_assert_cmpstr (tq_demo_window_get_visible_page (TQ_DEMO_WINDOW (f->window)), ==, "users");
  screenshot (f->window, f->backend == BACKEND_EMBEDDED ? "users" : "users-json-server");
  tq_demo_window_set_visible_page (TQ_DEMO_WINDOW (f->window), "todos");
}

static void
test_todos_appear (Fixture       *f,
                   gconstpointer  data)
{
  run_app (f, todos_appear_body);
}

/* A toggle shows at once, and reaches the server */
static void
toggle_body (Fixture *f)
{
  TqJsonItem *item;
  TqDemoTodoRow *row;
  gint64 id;
  gboolean was;
  g_autoptr(JsonObject) before = NULL;

  wait_for_list (f);
  item = shown_item (f->window, 0);
  id = tq_json_item_get_int (item, "id");
  before = server_todo (f, id);
  was = json_object_get_boolean_member (before, "completed");
  row = row_of (f->window, item);
  g_assert_cmpint (row_shows_completed (row), ==, was);

  /* Space on the check box */
  gtk_widget_activate (find (GTK_WIDGET (row), "check"));

  /* At once: the server has not answered yet */
  WAIT_SHOWN (f, f->window, json_object_get_boolean_member (data_todo (data, id), "completed") == !was,
              tq_json_item_get_boolean (shown_with_id (f->window, id), "completed") == !was);
  item = shown_with_id (f->window, id);
  g_assert_cmpint (tq_json_item_get_boolean (item, "completed"), ==, !was);
  g_assert_cmpint (row_shows_completed (row_of (f->window, item)), ==, !was);

  /* And on the server */
  WAIT_FOR (n_mutating (f) == 0, 10);
  {
    g_autoptr(JsonObject) after = server_todo (f, id);

    g_assert_cmpint (json_object_get_boolean_member (after, "completed"), ==, !was);
  }
  item = shown_with_id (f->window, id);
  g_assert_cmpint (tq_json_item_get_boolean (item, "completed"), ==, !was);
}

static void
test_toggle (Fixture       *f,
             gconstpointer  data)
{
  run_app (f, toggle_body);
}

static char *added_title;
static gint64 added_id;
static gint64 deleted_id;

/* Add, edit, delete and undo: each shows at once and reaches the server */
static void
add_edit_delete_body (Fixture *f)
{
  GtkWidget *page;
  GtkWidget *entry;
  GtkWidget *label;
  TqJsonItem *item;
  TqDemoTodoRow *row;
  g_autoptr(JsonObject) created = NULL;
  g_autoptr(JsonObject) edited = NULL;
  g_autofree char *edited_title = NULL;
  g_autofree char *path = NULL;
  guint n_before;
  GtkWidget *overlay;
  GtkWidget *undo;
  TqJsonItem *victim;
  gint64 victim_id;
  g_autofree char *victim_title = NULL;

  wait_for_list (f);
  page = GTK_WIDGET (todos_page (f->window));
  n_before = g_list_model_get_n_items (shown (f->window));

  /* Ctrl+N, type, Enter */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-todo", NULL));
  entry = find (page, "new_entry");
  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_is_focus (entry) ||
                 gtk_widget_get_focus_child (entry) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), added_title);
  g_signal_emit_by_name (entry, "activate");   /* Enter */

  /* At once, on top, not saved yet */
  WAIT_SHOWN (f, f->window, data_titled (data, added_title) != NULL,
              g_list_model_get_n_items (shown (f->window)) == n_before + 1);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n_before + 1);
  item = shown_item (f->window, 0);
  g_assert_cmpstr (tq_json_item_get_string (item, "title"), ==, added_title);
  g_assert_cmpint (tq_json_item_get_int (item, "id"), <, 0);
  /* Its row shows it pending, unless the server was quicker than the next
   * frame (json-server, or a sanitizer build that draws slowly): that the
   * change showed at once is checked above, on the list's model.
   */
  {
    GtkWidget *list = find (page, "list_view");
    gint64 temporary_id = tq_json_item_get_int (item, "id");
    guint wake = g_timeout_add_full (G_PRIORITY_LOW, 10, wake_up, NULL, NULL);

    while ((row = row_of_child (list, temporary_id)) == NULL && n_mutating (f) > 0)
      g_main_context_iteration (NULL, TRUE);
    g_source_remove (wake);
    if (row != NULL)
      {
        g_assert_true (gtk_widget_get_visible (find (GTK_WIDGET (row), "pending_icon")));
        screenshot (f->window, f->backend == BACKEND_EMBEDDED ? "adding" : "adding-json-server");
      }
    else
      g_test_message ("the server answered before the pending to-do was drawn");
  }

  /* The temporary to-do becomes the server's */
  WAIT_FOR (n_mutating (f) == 0, 10);
  created = server_todo_titled (f, added_title);
  g_assert_nonnull (created);
  added_id = json_object_get_int_member (created, "id");
  g_assert_cmpint (added_id, >, 0);
  g_assert_false (json_object_get_boolean_member (created, "completed"));
  WAIT_FOR ((item = shown_titled (f->window, added_title)) != NULL && tq_json_item_get_int (item, "id") == added_id, 10);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n_before + 1);
  row = row_of (f->window, item);
  g_assert_false (gtk_widget_get_visible (find (GTK_WIDGET (row), "pending_icon")));

  /* Edit the title in place */
  edited_title = g_strconcat (added_title, " (edited)", NULL);
  /* A click on the title, type, Enter */
  click (find (GTK_WIDGET (row), "title_button"));
  label = find (GTK_WIDGET (row), "title_entry");
  g_assert_true (gtk_widget_get_mapped (label));
  gtk_editable_set_text (GTK_EDITABLE (label), edited_title);
  g_signal_emit_by_name (label, "activate");
  WAIT_SHOWN (f, f->window, g_strcmp0 (json_object_get_string_member (data_todo (data, added_id), "title"), edited_title) == 0,
              g_strcmp0 (tq_json_item_get_string (shown_with_id (f->window, added_id), "title"), edited_title) == 0);
  item = shown_with_id (f->window, added_id);
  g_assert_cmpstr (tq_json_item_get_string (item, "title"), ==, edited_title);
  row = row_of (f->window, item);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (find (GTK_WIDGET (row), "title_label"))), ==, edited_title);
  WAIT_FOR (n_mutating (f) == 0, 10);
  edited = server_todo (f, added_id);
  g_assert_cmpstr (json_object_get_string_member (edited, "title"), ==, edited_title);

  /* Delete another to-do: gone at once, with an undo toast; Undo (at once,
   * before the toast times out) puts it back with its id, at once and on
   * the server, after the deletion (the two run in order)
   */
  victim = shown_item (f->window, 1);
  victim_id = tq_json_item_get_int (victim, "id");
  victim_title = g_strdup (tq_json_item_get_string (victim, "title"));
  g_assert_cmpint (victim_id, !=, added_id);
  g_ptr_array_set_size (f->writes, 0);
  row = row_of (f->window, victim);
  click (find (GTK_WIDGET (row), "delete_button"));
  WAIT_SHOWN (f, f->window, data_todo (data, victim_id) == NULL, shown_with_id (f->window, victim_id) == NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n_before);
  overlay = find (GTK_WIDGET (f->window), "toast_overlay");
  WAIT_FOR (find_label (overlay, "deleted") != NULL, 5);
  g_assert_nonnull (find_label (overlay, victim_title));
  screenshot (f->window, f->backend == BACKEND_EMBEDDED ? "deleted" : "deleted-json-server");
  undo = find_button (overlay, "_Undo");
  g_assert_nonnull (undo);
  click (undo);
  WAIT_SHOWN (f, f->window, data_todo (data, victim_id) != NULL, shown_with_id (f->window, victim_id) != NULL);
  WAIT_FOR (n_mutating (f) == 0, 10);
  {
    g_autoptr(JsonObject) restored = server_todo (f, victim_id);

    g_assert_cmpstr (json_object_get_string_member (restored, "title"), ==, victim_title);
  }
  if (f->backend == BACKEND_EMBEDDED)
    {
      g_autofree char *expected = g_strdup_printf ("deleted %" G_GINT64_FORMAT, victim_id);

      g_assert_cmpuint (f->writes->len, >=, 2);
      g_assert_cmpstr (f->writes->pdata[0], ==, expected);
      g_assert_true (g_str_has_prefix (f->writes->pdata[1], "created "));
    }

  /* Deleted for good */
  victim = shown_with_id (f->window, victim_id);
  click (find (GTK_WIDGET (row_of (f->window, victim)), "delete_button"));
  WAIT_SHOWN (f, f->window, data_todo (data, victim_id) == NULL, shown_with_id (f->window, victim_id) == NULL);
  WAIT_FOR (n_mutating (f) == 0, 10);
  path = g_strdup_printf ("/todos/%" G_GINT64_FORMAT, victim_id);
  g_assert_cmpuint (server_status (f, path), ==, 404);
  deleted_id = victim_id;

  g_free (added_title);
  added_title = g_steal_pointer (&edited_title);
}

/* After a restart: what the server kept */
static void
persisted_body (Fixture *f)
{
  TqJsonItem *item;

  wait_for_list (f);
  item = shown_with_id (f->window, added_id);
  g_assert_nonnull (item);
  g_assert_cmpstr (tq_json_item_get_string (item, "title"), ==, added_title);
  g_assert_null (shown_with_id (f->window, deleted_id));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, server_count (f, "/todos"));
}

static void
test_add_edit_delete (Fixture       *f,
                      gconstpointer  data)
{
  g_free (added_title);
  added_title = g_strdup_printf ("Water the cactus %u", g_random_int_range (1000, 9999));
  run_app (f, add_edit_delete_body);
  run_app (f, persisted_body);
  g_clear_pointer (&added_title, g_free);
}

/* A failure rolls back and says so */
static void
failure_body (Fixture *f)
{
  TqJsonItem *item;
  gint64 id;
  gboolean was;
  const char *title;
  GtkWidget *overlay = find (GTK_WIDGET (f->window), "toast_overlay");
  g_autofree char *saved_title = NULL;

  wait_for_list (f);
  item = shown_item (f->window, 0);
  id = tq_json_item_get_int (item, "id");
  was = tq_json_item_get_boolean (item, "completed");
  title = tq_json_item_get_string (item, "title");
  saved_title = g_strdup (title);

  if (f->backend == BACKEND_EMBEDDED)
    set_faults (f, "PATCH", "{\"failureRate\": 1}");
  else
    {
      /* json-server cannot fail on request: the to-do goes away behind
       * the app's back (json-server sends no events), so the change gets
       * a 404
       */
      g_autofree char *path = g_strdup_printf ("/todos/%" G_GINT64_FORMAT, id);
      guint status;
      g_autoptr(JsonNode) gone = http (f, server_uri (f), "DELETE", path, NULL, &status);

      g_assert_cmpuint (status, ==, 200);
    }

  gtk_widget_activate (find (GTK_WIDGET (row_of (f->window, item)), "check"));
  WAIT_SHOWN (f, f->window, json_object_get_boolean_member (data_todo (data, id), "completed") == !was,
              tq_json_item_get_boolean (shown_with_id (f->window, id), "completed") == !was);

  /* Rolled back, with a toast that names the to-do */
  WAIT_FOR (n_mutating (f) == 0, 10);
  settle ();
  item = shown_with_id (f->window, id);
  g_assert_nonnull (item);
  g_assert_cmpint (tq_json_item_get_boolean (item, "completed"), ==, was);
  g_assert_cmpint (row_shows_completed (row_of (f->window, item)), ==, was);
  WAIT_FOR (find_label (overlay, "Could not change") != NULL, 5);
  {
    /* Titles are shortened to fit the toast's one line */
    g_autofree char *start = g_utf8_substring (saved_title, 0, MIN (g_utf8_strlen (saved_title, -1), 12));

    g_assert_nonnull (find_label (overlay, start));
  }
  screenshot (f->window, f->backend == BACKEND_EMBEDDED ? "failure" : "failure-json-server");

  if (f->backend == BACKEND_EMBEDDED)
    {
      g_autoptr(JsonObject) todo = NULL;
      GtkWidget *retry;

      set_faults (f, "DELETE", NULL);
      todo = server_todo (f, id);
      g_assert_cmpint (json_object_get_boolean_member (todo, "completed"), ==, was);

      /* The error state: a list that cannot load, and Retry */
      set_faults (f, "PATCH", "{\"failureRate\": 1}");
      tq_demo_todos_page_set_filter (todos_page (f->window), TQ_DEMO_TODO_FILTER_COMPLETED);
      settle ();
      /* The previous list stays while the next loads */
      g_assert_cmpint (view_state (f->window), ==, TQ_GTK_QUERY_VIEW_STATE_CONTENT);
      g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), >, 0);
      /* Three retries: 1 + 2 + 4 s */
      WAIT_FOR (view_state (f->window) == TQ_GTK_QUERY_VIEW_STATE_ERROR, 30);
      screenshot (f->window, "error");

      set_faults (f, "DELETE", NULL);
      retry = find (GTK_WIDGET (todos_page (f->window)), "retry_button");
      g_assert_true (gtk_widget_get_mapped (retry));
      click (retry);
      WAIT_FOR (view_state (f->window) == TQ_GTK_QUERY_VIEW_STATE_CONTENT, 10);
      g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, server_count (f, "/todos?completed=true"));
    }
}

static void
test_failure (Fixture       *f,
              gconstpointer  data)
{
  run_app (f, failure_body);
}

/* Waits until the list shows the data of the page's key */
static void
wait_loaded (Fixture *f)
{
  TqDemoTodosPage *page = todos_page (f->window);
  TqQueryObserver *observer = tq_demo_todos_page_get_observer (page);
  GtkWidget *list = find (GTK_WIDGET (page), "list_view");

  WAIT_FOR (!tq_query_result_is_placeholder_data (tq_query_observer_get_current_result (observer)) &&
            !tq_query_result_is_fetching (tq_query_observer_get_current_result (observer)) &&
            !gtk_widget_has_css_class (list, "placeholder"), 10);
  settle ();
}

/* Filters: each its own query, the previous list visible meanwhile */
static void
filters_body (Fixture *f)
{
  TqDemoTodosPage *page;
  TqQueryObserver *observer;
  GtkWidget *dropdown;
  g_autofree char *user_path = NULL;
  g_autofree char *search_path = NULL;
  g_autofree char *word = NULL;
  g_autoptr(TqJsonItem) user = NULL;
  guint n_all, n_found;

  wait_for_list (f);
  page = todos_page (f->window);
  observer = tq_demo_todos_page_get_observer (page);
  n_all = g_list_model_get_n_items (shown (f->window));

  click (find (GTK_WIDGET (page), "active_button"));
  g_assert_cmpint (tq_demo_todos_page_get_filter (page), ==, TQ_DEMO_TODO_FILTER_ACTIVE);
  {
    g_autoptr(GVariant) key = g_variant_ref_sink (tq_demo_todos_list_key (TQ_DEMO_TODO_FILTER_ACTIVE, 0, NULL));

    g_assert_true (tq_key_equal (tq_query_options_get_query_key (tq_query_observer_get_options (observer)), key));
  }
  /* While it loads, the previous list stays, dimmed */
  g_assert_true (tq_query_result_is_fetching (tq_query_observer_get_current_result (observer)));
  g_assert_true (tq_query_result_is_placeholder_data (tq_query_observer_get_current_result (observer)));
  WAIT_FOR (gtk_widget_has_css_class (find (GTK_WIDGET (page), "list_view"), "placeholder") ||
            !tq_query_result_is_placeholder_data (tq_query_observer_get_current_result (observer)), 5);
  if (tq_query_result_is_placeholder_data (tq_query_observer_get_current_result (observer)))
    g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n_all);
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, server_count (f, "/todos?completed=false"));
  for (guint i = 0; i < g_list_model_get_n_items (shown (f->window)); i++)
    g_assert_false (tq_json_item_get_boolean (shown_item (f->window, i), "completed"));

  click (find (GTK_WIDGET (page), "completed_button"));
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, server_count (f, "/todos?completed=true"));

  /* Back to All: from the cache, at once */
  click (find (GTK_WIDGET (page), "all_button"));
  settle ();
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n_all);

  /* One user's */
  dropdown = find (GTK_WIDGET (page), "user_dropdown");
  WAIT_FOR (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))) > 1, 10);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 1);
  user = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown)), 1);
  user_path = g_strdup_printf ("/todos?userId=%" G_GINT64_FORMAT, tq_json_item_get_int (user, "id"));
  wait_loaded (f);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, server_count (f, user_path));
  for (guint i = 0; i < g_list_model_get_n_items (shown (f->window)); i++)
    g_assert_cmpint (tq_json_item_get_int (shown_item (f->window, i), "userId"), ==, tq_json_item_get_int (user, "id"));
  g_assert_nonnull (strstr (gtk_entry_get_placeholder_text (GTK_ENTRY (find (GTK_WIDGET (page), "new_entry"))),
                            tq_json_item_get_string (user, "name")));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), 0);

  /* Ctrl+F searches */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  g_assert_true (gtk_search_bar_get_search_mode (GTK_SEARCH_BAR (find (GTK_WIDGET (page), "search_bar"))));
  word = g_strdup (tq_json_item_get_string (shown_item (f->window, 0), "title"));
  if (strchr (word, ' ') != NULL)
    *strchr (word, ' ') = '\0';
  gtk_editable_set_text (GTK_EDITABLE (find (GTK_WIDGET (page), "search_entry")), word);
  search_path = g_strdup_printf ("/todos?q=%s", word);
  n_found = server_count (f, search_path);
  WAIT_FOR (g_list_model_get_n_items (shown (f->window)) == n_found &&
            !tq_query_result_is_placeholder_data (tq_query_observer_get_current_result (observer)), 10);
  screenshot (f->window, "search");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  run_app (f, filters_body);
}

/* Offline: changes show, wait, and are sent in order once online */
static void
offline_body (Fixture *f)
{
  TqOnlineManager *online = tq_query_client_get_online_manager (client (f));
  GtkWidget *revealer = find (GTK_WIDGET (f->window), "offline_revealer");
  GtkWidget *label = find (GTK_WIDGET (f->window), "offline_label");
  GtkWidget *entry;
  TqJsonItem *item;
  gint64 id;
  gboolean was;
  g_autoptr(JsonObject) first = NULL;
  g_autoptr(JsonObject) second = NULL;
  g_autoptr(JsonObject) toggled = NULL;
  g_autofree char *first_title = g_strdup_printf ("Offline first %u", g_random_int_range (1000, 9999));
  g_autofree char *second_title = g_strdup_printf ("Offline second %u", g_random_int_range (1000, 9999));
  g_autofree char *expected_writes = NULL;
  guint n_before;

  wait_for_list (f);
  n_before = g_list_model_get_n_items (shown (f->window));
  item = shown_item (f->window, 0);
  id = tq_json_item_get_int (item, "id");
  was = tq_json_item_get_boolean (item, "completed");

  tq_online_manager_set_online (online, FALSE);
  WAIT_FOR (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)), 5);

  /* Toggle, add two, toggle back: all shown at once */
  gtk_widget_activate (find (GTK_WIDGET (row_of (f->window, item)), "check"));
  WAIT_SHOWN (f, f->window, json_object_get_boolean_member (data_todo (data, id), "completed") == !was,
              tq_json_item_get_boolean (shown_with_id (f->window, id), "completed") == !was);
  entry = find (GTK_WIDGET (todos_page (f->window)), "new_entry");
  gtk_editable_set_text (GTK_EDITABLE (entry), first_title);
  g_signal_emit_by_name (entry, "activate");   /* Enter */
  WAIT_SHOWN (f, f->window, data_titled (data, first_title) != NULL, shown_titled (f->window, first_title) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), second_title);
  g_signal_emit_by_name (entry, "activate");   /* Enter */
  WAIT_SHOWN (f, f->window, data_titled (data, second_title) != NULL, shown_titled (f->window, second_title) != NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, n_before + 2);
  g_assert_nonnull (shown_titled (f->window, first_title));
  g_assert_cmpint (tq_json_item_get_boolean (shown_with_id (f->window, id), "completed"), ==, !was);
  gtk_widget_activate (find (GTK_WIDGET (row_of (f->window, shown_with_id (f->window, id))), "check"));
  WAIT_SHOWN (f, f->window, json_object_get_boolean_member (data_todo (data, id), "completed") == was,
              tq_json_item_get_boolean (shown_with_id (f->window, id), "completed") == was);

  /* The banner counts what waits */
  g_assert_cmpuint (tq_demo_application_get_n_waiting_changes (f->app), ==, 4);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "4 changes"));
  screenshot (f->window, f->backend == BACKEND_EMBEDDED ? "offline" : "offline-json-server");

  /* Nothing was sent */
  spin (500);
  g_assert_null (server_todo_titled (f, first_title));
  g_assert_cmpuint (f->writes->len, ==, 0);

  /* Online again: sent, in order */
  tq_online_manager_set_online (online, TRUE);
  WAIT_FOR (n_mutating (f) == 0, 20);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
  g_assert_cmpuint (tq_demo_application_get_n_waiting_changes (f->app), ==, 0);

  first = server_todo_titled (f, first_title);
  second = server_todo_titled (f, second_title);
  g_assert_nonnull (first);
  g_assert_nonnull (second);
  g_assert_cmpint (json_object_get_int_member (first, "id"), <, json_object_get_int_member (second, "id"));
  toggled = server_todo (f, id);
  g_assert_cmpint (json_object_get_boolean_member (toggled, "completed"), ==, was);

  if (f->backend == BACKEND_EMBEDDED)
    {
      g_autofree char *writes = NULL;

      g_ptr_array_add (f->writes, NULL);
      writes = g_strjoinv (", ", (char **) f->writes->pdata);
      g_ptr_array_remove_index (f->writes, f->writes->len - 1);
      expected_writes = g_strdup_printf ("updated %" G_GINT64_FORMAT ", created %" G_GINT64_FORMAT
                                         ", created %" G_GINT64_FORMAT ", updated %" G_GINT64_FORMAT,
                                         id, json_object_get_int_member (first, "id"),
                                         json_object_get_int_member (second, "id"), id);
      g_assert_cmpstr (writes, ==, expected_writes);
    }

  /* And the list is the server's: no temporary to-do left */
  WAIT_FOR (shown_with_id (f->window, json_object_get_int_member (second, "id")) != NULL, 10);
  for (guint i = 0; i < g_list_model_get_n_items (shown (f->window)); i++)
    g_assert_cmpint (tq_json_item_get_int (shown_item (f->window, i), "id"), >, 0);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  run_app (f, offline_body);
}

/* {{{ A second window and a second instance */

typedef struct
{
  char     *output;
  gboolean  done;
} Command;

static void
on_command_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Command *command = user_data;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &command->output, NULL, NULL);
  command->done = TRUE;
}

/* Runs a command while the main loop runs (the built-in server with it) */
static char *
run_command (const char *first,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Command command = { 0 };
  const char *arg;
  va_list args;

  va_start (args, first);
  for (arg = first; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, on_command_done, &command);
  WAIT_FOR (command.done, 20);

  return command.output;
}

static gboolean
on_realtime_event (TqRealtime *realtime,
                   JsonNode   *event,
                   Fixture    *f)
{
  JsonObject *object = JSON_NODE_HOLDS_OBJECT (event) ? json_node_get_object (event) : NULL;

  if (object != NULL &&
      g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), "created") == 0 &&
      g_strcmp0 (json_object_get_string_member_with_default (object, "resource", NULL), "todos") == 0)
    f->events_seen++;

  return FALSE;   /* the app's own handling goes on */
}

static void
second_window_and_instance_body (Fixture *f)
{
  TqDemoServer *server = tq_demo_application_get_server (f->app);
  const char *program = g_getenv ("TQ_DEMO_PROGRAM");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) other = NULL;
  g_autoptr(GError) error = NULL;
  gulong event_handler;
  g_autofree char *pid = NULL;
  g_autofree char *window_id = NULL;
  const char *live_title = "Called from the other instance";
  g_autofree char *xdotool = NULL;
  GtkWindow *second;
  TqJsonItem *item;
  gint64 id, created_id, shown_at, written_at;
  gboolean was;

  wait_for_list (f);

  /* A second window shows the same data, and a change made in the first */
  g_action_group_activate_action (G_ACTION_GROUP (f->app), "new-window", NULL);
  second = gtk_application_get_windows (GTK_APPLICATION (f->app))->data;
  g_assert_true (second != f->window);
  WAIT_FOR (view_state (second) == TQ_GTK_QUERY_VIEW_STATE_CONTENT, 10);
  g_assert_cmpuint (g_list_model_get_n_items (shown (second)), ==, g_list_model_get_n_items (shown (f->window)));
  item = shown_item (f->window, 0);
  id = tq_json_item_get_int (item, "id");
  was = tq_json_item_get_boolean (item, "completed");
  gtk_widget_activate (find (GTK_WIDGET (row_of (f->window, item)), "check"));
  WAIT_SHOWN (f, second, json_object_get_boolean_member (data_todo (data, id), "completed") == !was,
              tq_json_item_get_boolean (shown_with_id (second, id), "completed") == !was);
  g_assert_cmpint (row_shows_completed (row_of (second, shown_with_id (second, id))), ==, !was);
  WAIT_FOR (n_mutating (f) == 0, 10);
  gtk_window_destroy (second);

  /* A second instance: the real program, with --server, typed into */
#ifdef GDK_WINDOWING_X11
  xdotool = g_find_program_in_path ("xdotool");
  if (program == NULL || xdotool == NULL || !GDK_IS_X11_DISPLAY (gdk_display_get_default ()))
#endif
    {
      g_test_message ("the second instance needs an X display and xdotool");
      g_test_fail ();
      return;
    }

  /* It goes when the test goes, whatever happens to the test; its output
   * must not hold the test's pipes open
   */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  /* A sanitizer build's full stacks would make it crawl; it is not checked */
  g_subprocess_launcher_unsetenv (launcher, "ASAN_OPTIONS");
  g_subprocess_launcher_unsetenv (launcher, "LSAN_OPTIONS");
  other = g_subprocess_launcher_spawn (launcher, &error, program, "--server", tq_demo_server_get_base_uri (server), NULL);
  g_assert_no_error (error);
  pid = g_strdup (g_subprocess_get_identifier (other));

  /* Its window is up, and it follows the events */
  for (gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;;)
    {
      g_free (window_id);
      window_id = run_command ("xdotool", "search", "--onlyvisible", "--pid", pid, NULL);
      if (window_id != NULL && *g_strstrip (window_id) != '\0')
        break;
      if (g_get_monotonic_time () > end)
        g_error ("the other instance shows no window");
      spin (200);
    }
  if (strchr (window_id, '\n') != NULL)
    *strchr (window_id, '\n') = '\0';
  WAIT_FOR (tq_demo_server_get_n_event_clients (server) >= 2, 20);
  spin (1000);

  g_ptr_array_set_size (f->writes, 0);
  f->events_seen = 0;
  event_handler = g_signal_connect (tq_demo_application_get_realtime (f->app), "event",
                                    G_CALLBACK (on_realtime_event), f);
  /* Keyboard focus to its window (there is no window manager to give it) */
  for (gint64 end = g_get_monotonic_time () + 20 * SLOWNESS * G_USEC_PER_SEC;;)
    {
      g_autofree char *focused = NULL;

      g_free (run_command ("xdotool", "windowfocus", "--sync", window_id, NULL));
      focused = run_command ("xdotool", "getwindowfocus", NULL);
      if (focused != NULL && g_str_equal (g_strstrip (focused), window_id))
        break;
      if (g_get_monotonic_time () > end)
        g_error ("the other instance's window does not take the keyboard focus");
      spin (200);
    }
  g_free (run_command ("xdotool", "key", "--clearmodifiers", "ctrl+n", NULL));
  spin (300);
  g_free (run_command ("xdotool", "type", "--delay", "20", live_title, NULL));
  g_free (run_command ("xdotool", "key", "Return", NULL));

  /* This instance sees it without refetching on its own: its window is
   * not focused, and nothing polls
   */
  if (g_getenv ("TQ_DEMO_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TQ_DEMO_SCREENSHOTS"), "second-instance-typed.png", NULL);

      g_free (run_command ("import", "-window", "root", path, NULL));
    }
  WAIT_FOR (f->writes->len > 0, 20);
  written_at = f->last_write_time;
  g_assert_true (g_str_has_prefix (f->writes->pdata[0], "created "));
  created_id = g_ascii_strtoll ((char *) f->writes->pdata[0] + strlen ("created "), NULL, 10);
  WAIT_FOR (shown_with_id (f->window, created_id) != NULL, 10);
  shown_at = g_get_monotonic_time ();
  g_assert_cmpstr (tq_json_item_get_string (shown_with_id (f->window, created_id), "title"), ==, live_title);

  /* What brought it: the server's event (the window has no focus to
   * refetch on, and nothing polls). The delay is a figure, not a limit.
   */
  g_assert_cmpuint (f->events_seen, >, 0);
  g_assert_false (gtk_window_is_active (f->window));
  g_assert_cmpint (tq_query_options_get_refetch_interval (tq_query_observer_get_options (
                     tq_demo_todos_page_get_observer (todos_page (f->window)))), <=, 0);
  g_test_message ("the other instance's to-do showed %.0f ms after the server stored it",
                  (shown_at - written_at) / 1000.0);
  g_signal_handler_disconnect (tq_demo_application_get_realtime (f->app), event_handler);
  screenshot (f->window, "live");

  if (g_getenv ("TQ_DEMO_SCREENSHOTS") != NULL)
    {
      g_autofree char *path = g_build_filename (g_getenv ("TQ_DEMO_SCREENSHOTS"), "second-instance.png", NULL);

      g_free (run_command ("import", "-window", "root", path, NULL));
    }

  g_subprocess_send_signal (other, SIGTERM);
  g_subprocess_wait (other, NULL, NULL);
}

static void
test_second_instance (Fixture       *f,
                      gconstpointer  data)
{
  run_app (f, second_window_and_instance_body);
}

/* }}} */

/* The app-wide actions, their shortcuts, and the windows they open */
static void
actions_body (Fixture *f)
{
  GtkApplication *app = GTK_APPLICATION (f->app);
  struct {
    const char *action;
    const char *accel;
  } expected[] = {
    { "app.quit", "<Control>q" },
    { "app.refresh", "<Control>r" },
    { "app.preferences", "<Control>comma" },
    { "app.shortcuts", "<Control>question" },
    { "win.new-todo", "<Control>n" },
    { "win.search", "<Control>f" },
  };
  const char *windows[] = { "about", "shortcuts", "preferences" };
  guint n_windows;

  wait_for_list (f);

  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, expected[i].action);

      g_assert_true (g_strv_contains ((const char * const *) accels, expected[i].accel));
    }

  n_windows = g_list_length (gtk_application_get_windows (app));
  for (guint i = 0; i < G_N_ELEMENTS (windows); i++)
    {
      GtkWindow *window;

      g_action_group_activate_action (G_ACTION_GROUP (app), windows[i], NULL);
      settle ();
      g_assert_cmpuint (g_list_length (gtk_application_get_windows (app)), ==, n_windows + 1);
      window = gtk_application_get_windows (app)->data;
      g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));
      g_assert_true (gtk_window_get_transient_for (window) == f->window);
      if (g_str_equal (windows[i], "preferences"))
        screenshot (window, "preferences");
      gtk_window_destroy (window);
      settle ();
    }

  /* The window's size is kept (Ctrl+Q closes the windows) */
  gtk_window_set_default_size (f->window, 820, 610);

  /* Refresh fetches again */
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh", NULL);
  g_assert_true (tq_query_result_is_fetching (tq_query_observer_get_current_result (
                   tq_demo_todos_page_get_observer (todos_page (f->window)))));
  WAIT_FOR (!tq_query_result_is_fetching (tq_query_observer_get_current_result (
              tq_demo_todos_page_get_observer (todos_page (f->window)))), 10);
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.tq.Demo");

  run_app (f, actions_body);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 820);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 610);
  g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
}

/* The server address in the preferences: from the built-in server to
 * json-server and back, while the app runs
 */
static void
switch_server_body (Fixture *f)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.tq.Demo");
  g_autofree char *built_in = NULL;
  guint status, n_remote;
  g_autoptr(JsonNode) gone = NULL;

  wait_for_list (f);
  g_assert_nonnull (tq_demo_application_get_server (f->app));
  built_in = g_strdup (tq_demo_application_get_server_uri (f->app));
  g_assert_cmpuint (g_list_model_get_n_items (shown (f->window)), ==, server_count (f, "/todos"));

  /* json-server's data differs: no to-do 1 there */
  gone = http (f, f->json_server_uri, "DELETE", "/todos/1", NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  {
    g_autoptr(JsonNode) remote = http (f, f->json_server_uri, "GET", "/todos", NULL, &status);

    n_remote = json_array_get_length (json_node_get_array (remote));
  }
  g_assert_nonnull (shown_with_id (f->window, 1));

  g_settings_set_string (settings, "server-url", f->json_server_uri);
  g_assert_null (tq_demo_application_get_server (f->app));
  g_assert_cmpstr (tq_demo_application_get_server_uri (f->app), ==, f->json_server_uri);
  WAIT_FOR (shown_with_id (f->window, 1) == NULL &&
            g_list_model_get_n_items (shown (f->window)) == n_remote, 10);
  screenshot (f->window, "switched-to-json-server");

  /* Back to the built-in server, whose data is kept */
  g_settings_set_string (settings, "server-url", "");
  g_assert_nonnull (tq_demo_application_get_server (f->app));
  g_assert_cmpstr (tq_demo_application_get_server_uri (f->app), !=, f->json_server_uri);
  WAIT_FOR (shown_with_id (f->window, 1) != NULL &&
            g_list_model_get_n_items (shown (f->window)) == n_remote + 1, 10);
}

static void
test_switch_server (Fixture       *f,
                    gconstpointer  data)
{
  f->built_in_first = TRUE;
  run_app (f, switch_server_body);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = NULL;
  g_autoptr(GFile) data_folder = NULL;
  int status;

  /* The app's data goes to a folder of its own (not G_TEST_OPTION_ISOLATE_DIRS,
   * which hides the MIME database that GTK needs to load its SVG icons)
   */
  data_home = g_dir_make_tmp ("tq-demo-test-XXXXXX", NULL);
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  data_folder = g_file_new_for_path (data_home);

  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      remove_tree (data_folder);
      return 0;
    }

#define ADD(path, backend, func) \
  g_test_add (path, Fixture, GINT_TO_POINTER (backend), setup, func, teardown)

  ADD ("/app/embedded/todos-appear", BACKEND_EMBEDDED, test_todos_appear);
  ADD ("/app/embedded/toggle", BACKEND_EMBEDDED, test_toggle);
  ADD ("/app/embedded/add-edit-delete", BACKEND_EMBEDDED, test_add_edit_delete);
  ADD ("/app/embedded/failure", BACKEND_EMBEDDED, test_failure);
  ADD ("/app/embedded/filters", BACKEND_EMBEDDED, test_filters);
  ADD ("/app/embedded/offline", BACKEND_EMBEDDED, test_offline);
  ADD ("/app/embedded/second-instance", BACKEND_EMBEDDED, test_second_instance);
  ADD ("/app/embedded/actions", BACKEND_EMBEDDED, test_actions);
  ADD ("/app/json-server/todos-appear", BACKEND_JSON_SERVER, test_todos_appear);
  ADD ("/app/json-server/toggle", BACKEND_JSON_SERVER, test_toggle);
  ADD ("/app/json-server/add-edit-delete", BACKEND_JSON_SERVER, test_add_edit_delete);
  ADD ("/app/json-server/failure", BACKEND_JSON_SERVER, test_failure);
  ADD ("/app/json-server/filters", BACKEND_JSON_SERVER, test_filters);
  ADD ("/app/json-server/offline", BACKEND_JSON_SERVER, test_offline);
  ADD ("/app/json-server/switch-server", BACKEND_JSON_SERVER, test_switch_server);
#undef ADD

  status = g_test_run ();
  remove_tree (data_folder);

  return status;
}
