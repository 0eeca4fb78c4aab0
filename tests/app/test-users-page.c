/* test-users-page.c: the demo app's Users page against an in-process demo
 * server
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdio.h>
#include <string.h>

#include <adwaita.h>
#include <tq-gtk.h>

#include "http-test-util.h"
#include "tq-demo-user-detail.h"
#include "tq-demo-user-editor.h"
#include "tq-demo-user-row.h"
#include "tq-demo-users-page.h"

/* The page runs on a virtual clock (so the search's pause is exact) over
 * a real server on loopback (so requests take real time): waits iterate
 * the main loop until a condition holds, running Tq's due work each time,
 * with a real-time limit.
 */

typedef struct
{
  TqTestEnv      env;
  TqDemoServer  *demo;
  TqHttpClient  *http;
  SessionLog    *log;
  GtkWidget     *window;
  GtkWidget     *overlay;
  GtkWidget     *page;
} Fixture;

/* Helpers {{{ */

static gboolean
keep_waking (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

#define wait_until(f, cond) \
  G_STMT_START { \
    gint64 __deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC; \
    guint __tick = g_timeout_add (5, keep_waking, NULL); \
    for (;;) \
      { \
        tq_test_flush (&(f)->env); \
        if (cond) \
          break; \
        if (g_get_monotonic_time () > __deadline) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    g_source_remove (__tick); \
  } G_STMT_END

/* Lets a few frames go by: layout, binding of rows, the infinite scroll's
 * look at the scroll position after each paint. */
static void
settle (Fixture *f)
{
  for (guint i = 0; i < 3; i++)
    {
      tq_test_flush (&f->env);
      gtk_test_widget_wait_for_draw (f->window);
    }
  tq_test_flush (&f->env);
}

static GtkWidget *
child (Fixture    *f,
       GType       type,
       GtkWidget  *widget,
       const char *name)
{
  GObject *object = gtk_widget_get_template_child (widget, type, name);

  g_assert_nonnull (object);
  return GTK_WIDGET (object);
}

static GtkWidget *
page_child (Fixture    *f,
            const char *name)
{
  return child (f, TQ_DEMO_TYPE_USERS_PAGE, f->page, name);
}

static TqDemoUserDetail *
detail (Fixture *f)
{
  return TQ_DEMO_USER_DETAIL (page_child (f, "detail"));
}

static GtkWidget *
detail_child (Fixture    *f,
              const char *name)
{
  return child (f, TQ_DEMO_TYPE_USER_DETAIL, GTK_WIDGET (detail (f)), name);
}

static const char *
detail_name (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (detail_child (f, "name_label")));
}

static const char *
detail_email (Fixture *f)
{
  return gtk_label_get_label (GTK_LABEL (detail_child (f, "email_label")));
}

static GtkSingleSelection *
selection (Fixture *f)
{
  return GTK_SINGLE_SELECTION (gtk_list_view_get_model (GTK_LIST_VIEW (page_child (f, "list_view"))));
}

static guint
n_users (Fixture *f)
{
  return g_list_model_get_n_items (G_LIST_MODEL (selection (f)));
}

static const char *
user_name_at (Fixture *f,
              guint    position)
{
  g_autoptr(TqJsonItem) item = g_list_model_get_item (G_LIST_MODEL (selection (f)), position);

  return item != NULL ? tq_json_item_get_string (item, "name") : NULL;
}

static guint
gets (Fixture    *f,
      const char *path)
{
  return session_log_count (f->log, "GET", path);
}

/* Requests whose path contains @part */
static guint
requests_with (Fixture    *f,
               const char *method,
               const char *part)
{
  guint n = 0;

  for (guint i = 0; i < session_log_length (f->log); i++)
    {
      const SentRequest *sent = session_log_get (f->log, i);

      n += g_str_equal (sent->method, method) && strstr (sent->path, part) != NULL;
    }

  return n;
}

/* The last request of @method to @path */
static const SentRequest *
last_request (Fixture    *f,
              const char *method,
              const char *path)
{
  for (guint i = session_log_length (f->log); i > 0; i--)
    {
      const SentRequest *sent = session_log_get (f->log, i - 1);

      if (g_str_equal (sent->method, method) && g_str_equal (sent->path, path))
        return sent;
    }

  g_assert_not_reached ();
}

/* The row widget that shows user @id, if one is bound */
static TqDemoUserRow *
find_row (GtkWidget *root,
          gint64     id)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      TqDemoUserRow *found;

      if (TQ_DEMO_IS_USER_ROW (c) && tq_demo_user_row_get_id (TQ_DEMO_USER_ROW (c)) == id)
        return TQ_DEMO_USER_ROW (c);
      if ((found = find_row (c, id)) != NULL)
        return found;
    }

  return NULL;
}

static const char *
row_name (TqDemoUserRow *row)
{
  return gtk_label_get_label (GTK_LABEL (gtk_widget_get_template_child (GTK_WIDGET (row), TQ_DEMO_TYPE_USER_ROW,
                                                                      "name_label")));
}

/* A label showing exactly @text under @root */
static GtkWidget *
find_label (GtkWidget  *root,
            const char *text)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_LABEL (c) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (c)), text) == 0)
        return c;
      if ((found = find_label (c, text)) != NULL)
        return found;
    }

  return NULL;
}

/* A button labelled @label under @root; a shown one only, if @mapped */
static GtkWidget *
find_button_full (GtkWidget  *root,
                  const char *label,
                  gboolean    mapped)
{
  for (GtkWidget *c = gtk_widget_get_first_child (root); c != NULL; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (c) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (c)), label) == 0 &&
          (!mapped || gtk_widget_get_mapped (c)))
        return c;
      if ((found = find_button_full (c, label, mapped)) != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return find_button_full (root, label, FALSE);
}

/* The button of the toast on screen */
static GtkWidget *
find_toast_button (Fixture    *f,
                   const char *label)
{
  return find_button_full (f->overlay, label, TRUE);
}

static TqDemoUserEditor *
find_editor (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (TQ_DEMO_IS_USER_EDITOR (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return TQ_DEMO_USER_EDITOR (window);
    }

  return NULL;
}

/* Whether any string in @node contains @needle, ignoring case: the
 * server's q search. */
static gboolean
json_contains (JsonNode   *node,
               const char *needle)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, NULL, &member))
        if (json_contains (member, needle))
          return TRUE;
      return FALSE;
    }

  if (json_node_get_value_type (node) == G_TYPE_STRING)
    {
      g_autofree char *folded = g_utf8_strdown (json_node_get_string (node), -1);

      return strstr (folded, needle) != NULL;
    }

  return FALSE;
}

static guint
server_matches (Fixture    *f,
                const char *needle)
{
  g_autoptr(GPtrArray) users = tq_demo_store_list (tq_demo_server_get_store (f->demo), TQ_DEMO_RESOURCE_USERS);
  guint n = 0;

  for (guint i = 0; i < users->len; i++)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), g_ptr_array_index (users, i));

      n += json_contains (node, needle);
    }

  return n;
}

static const char *
server_user_string (Fixture    *f,
                    gint64      id,
                    const char *member)
{
  JsonObject *user = tq_demo_store_lookup (tq_demo_server_get_store (f->demo), TQ_DEMO_RESOURCE_USERS, id, NULL);

  g_assert_nonnull (user);
  return json_object_get_string_member (user, member);
}

/* The name of user @id in the cached first page of the whole list */
static const char *
cached_list_name (Fixture *f,
                  gint64   id)
{
  g_autoptr(GVariant) key = tq_test_key ("('users', @a{sv} {})");
  g_auto(GValue) data = G_VALUE_INIT;
  JsonArray *page;

  if (!tq_query_client_get_query_data (f->env.client, key, &data))
    return NULL;

  page = json_array_get_array_element (json_object_get_array_member (json_node_get_object (g_value_get_boxed (&data)),
                                                                     "pages"), 0);
  for (guint i = 0; i < json_array_get_length (page); i++)
    {
      JsonObject *user = json_array_get_object_element (page, i);

      if (json_object_get_int_member (user, "id") == id)
        return json_object_get_string_member (user, "name");
    }

  return NULL;
}

static void
type_search (Fixture    *f,
             const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (page_child (f, "search_entry")), text);
  tq_test_flush (&f->env);
}

/* Selects user @id's row, the way a click does */
static void
select_user (Fixture *f,
             gint64   id)
{
  for (guint i = 0; i < n_users (f); i++)
    {
      g_autoptr(TqJsonItem) item = g_list_model_get_item (G_LIST_MODEL (selection (f)), i);

      if (tq_json_item_get_int (item, "id") == id)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (selection (f)), i, TRUE);
          return;
        }
    }

  g_assert_not_reached ();
}

static void
wait_for_detail (Fixture *f,
                 gint64   id)
{
  wait_until (f, tq_demo_user_detail_get_user_id (detail (f)) == id &&
                 tq_demo_user_detail_get_user (detail (f)) != NULL);
  settle (f);
}

/* Opens the editor on the detail's user, fills it in and saves. What the
 * edit shows at once is shown on return: the observers have notified, and
 * the main loop has not run, so no answer from the server can be in. */
static void
edit_user (Fixture    *f,
           const char *name,
           const char *email)
{
  TqDemoUserEditor *editor;

  g_assert_true (gtk_widget_activate_action (f->page, "users.edit", NULL));
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_cmpstr (tq_demo_user_editor_get_name (editor), ==, detail_name (f));
  if (name != NULL)
    tq_demo_user_editor_set_name (editor, name);
  if (email != NULL)
    tq_demo_user_editor_set_email (editor, email);
  g_assert_true (tq_demo_user_editor_is_valid (editor));
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (editor), "save");
  gtk_window_destroy (GTK_WINDOW (editor));
  tq_notify_manager_dispatch (f->env.notify_manager);
}

/* }}} */
/* Fixture {{{ */

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->demo = http_test_demo_server_new ();
  f->http = tq_http_client_new (tq_demo_server_get_base_uri (f->demo));
  f->log = session_log_new (tq_http_client_get_session (f->http));

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 900, 600);
  f->overlay = adw_toast_overlay_new ();
  f->page = tq_demo_users_page_new (f->env.client, f->http);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (f->overlay), f->page);
  gtk_window_set_child (GTK_WINDOW (f->window), f->overlay);
  gtk_window_present (GTK_WINDOW (f->window));

  wait_until (f, n_users (f) > 0);
  settle (f);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  TqDemoUserEditor *editor;

  GtkWidget *page = f->page;

  while ((editor = find_editor ()) != NULL)
    gtk_window_destroy (GTK_WINDOW (editor));
  g_object_add_weak_pointer (G_OBJECT (page), (gpointer *) &page);
  gtk_window_destroy (GTK_WINDOW (f->window));
  http_test_wait_idle (f->http);
  tq_test_flush (&f->env);
  http_test_drain ();
  g_assert_null (page);
  g_clear_pointer (&f->log, session_log_free);
  tq_test_env_clear (&f->env);
  g_assert_finalize_object (f->http);
  http_test_demo_server_free (f->demo);
}

/* }}} */
/* The list {{{ */

static void
test_first_page (Fixture       *f,
                 gconstpointer  data)
{
  TqDemoUserRow *row;

  /* One request, one page of 25 */
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=1"), ==, 1);
  g_assert_cmpuint (session_log_length (f->log), ==, 1);
  g_assert_cmpuint (n_users (f), ==, 25);
  g_assert_cmpstr (user_name_at (f, 0), ==, "Marta Kowalczyk");

  /* The rows show it */
  row = find_row (page_child (f, "list_view"), 1);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (row)));
  g_assert_cmpstr (row_name (row), ==, "Marta Kowalczyk");

  /* Nothing is selected yet, so the detail says so and fetches nothing */
  g_assert_cmpint (gtk_single_selection_get_selected (selection (f)), ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (detail_child (f, "stack"))), ==, "none");
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (detail (f)), "_Edit…")));
}

static void
scroll_to_end (Fixture *f)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (
    tq_gtk_infinite_scroll_get_child (TQ_GTK_INFINITE_SCROLL (page_child (f, "infinite_scroll")))));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment));
}

static void
test_infinite_scroll (Fixture       *f,
                      gconstpointer  data)
{
  /* The first page fills the view with room to spare: nothing more */
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=2"), ==, 0);

  /* Scrolling to the end loads exactly the next page */
  scroll_to_end (f);
  wait_until (f, n_users (f) == 50);
  settle (f);
  http_test_wait_idle (f->http);
  settle (f);
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=2"), ==, 1);
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=3"), ==, 0);
  g_assert_cmpstr (user_name_at (f, 25), ==, "Paulo Mendes");

  /* Again: the last page is short (60 users), so it is the last */
  scroll_to_end (f);
  wait_until (f, n_users (f) == 60);
  settle (f);
  scroll_to_end (f);
  settle (f);
  http_test_wait_idle (f->http);
  settle (f);
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=3"), ==, 1);
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=4"), ==, 0);
  g_assert_cmpuint (session_log_length (f->log), ==, 3);
  g_assert_cmpstr (user_name_at (f, 59), ==, "Kalani Akana");
}

/* What the list showed when a search went out, and how short it got */
typedef struct
{
  Fixture *f;
  guint    when_sent;
  char    *first_when_sent;
  guint    smallest;
} ListWatch;

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   ListWatch   *watch)
{
  if (g_uri_get_query (soup_message_get_uri (message)) != NULL &&
      strstr (g_uri_get_query (soup_message_get_uri (message)), "q=") != NULL)
    {
      watch->when_sent = n_users (watch->f);
      watch->first_when_sent = g_strdup (user_name_at (watch->f, 0));
    }
}

static void
on_list_changed (GListModel *model,
                 guint       position,
                 guint       removed,
                 guint       added,
                 ListWatch  *watch)
{
  watch->smallest = MIN (watch->smallest, g_list_model_get_n_items (model));
}

static void
test_search (Fixture       *f,
             gconstpointer  data)
{
  guint expected = server_matches (f, "ann");
  g_autofree char *description = NULL;
  ListWatch *watch;

  g_assert_cmpuint (expected, >, 0);
  g_assert_cmpuint (expected, <, 25);

  /* Under two characters: nothing is sent, the list stays */
  type_search (f, "a");
  tq_test_advance (&f->env, 1000);
  settle (f);
  g_assert_cmpuint (requests_with (f, "GET", "q="), ==, 0);
  g_assert_cmpuint (n_users (f), ==, 25);
  g_assert_cmpstr (user_name_at (f, 0), ==, "Marta Kowalczyk");

  /* Fast typing sends one request, 300 ms after the last key */
  watch = g_new0 (ListWatch, 1);
  watch->f = f;
  watch->smallest = G_MAXUINT;
  g_signal_connect (tq_http_client_get_session (f->http), "request-queued", G_CALLBACK (on_request_queued), watch);
  g_signal_connect (selection (f), "items-changed", G_CALLBACK (on_list_changed), watch);
  type_search (f, "an");
  tq_test_advance (&f->env, 200);
  type_search (f, "ann");
  tq_test_advance (&f->env, 299);
  settle (f);
  g_assert_cmpuint (requests_with (f, "GET", "q="), ==, 0);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (requests_with (f, "GET", "q="), ==, 1);
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=1&q=ann"), ==, 1);

  /* The previous results stay until the new ones arrive: the list showed
   * them when the search went out, and never went empty on the way */
  wait_until (f, n_users (f) == expected);
  g_assert_cmpuint (watch->when_sent, ==, 25);
  g_assert_cmpstr (watch->first_when_sent, ==, "Marta Kowalczyk");
  g_assert_cmpuint (watch->smallest, ==, expected);
  g_signal_handlers_disconnect_by_data (tq_http_client_get_session (f->http), watch);
  g_signal_handlers_disconnect_by_data (selection (f), watch);
  g_free (watch->first_when_sent);
  g_free (watch);
  for (guint i = 0; i < n_users (f); i++)
    {
      g_autoptr(TqJsonItem) item = g_list_model_get_item (G_LIST_MODEL (selection (f)), i);

      g_assert_true (json_contains (tq_json_item_get_node (item), "ann"));
    }
  g_assert_cmpuint (requests_with (f, "GET", "q="), ==, 1);

  /* Nothing found: the empty state names the search */
  type_search (f, "zzq");
  tq_test_advance (&f->env, 300);
  wait_until (f, n_users (f) == 0);
  settle (f);
  g_assert_cmpint (tq_gtk_query_view_get_state (TQ_GTK_QUERY_VIEW (page_child (f, "users_view"))), ==,
                   TQ_GTK_QUERY_VIEW_STATE_EMPTY);
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (page_child (f, "empty_page"))), ==, "No results");
  description = g_strdup (adw_status_page_get_description (ADW_STATUS_PAGE (page_child (f, "empty_page"))));
  g_assert_nonnull (strstr (description, "zzq"));

  /* Clearing it is immediate and needs no request: the list is cached */
  type_search (f, "");
  settle (f);
  g_assert_cmpuint (n_users (f), ==, 25);
  g_assert_cmpuint (gets (f, "/users?_limit=25&_page=1"), ==, 1);
  g_assert_cmpint (tq_gtk_query_view_get_state (TQ_GTK_QUERY_VIEW (page_child (f, "users_view"))), ==,
                   TQ_GTK_QUERY_VIEW_STATE_CONTENT);

  /* Ctrl+F's entry point */
  tq_demo_users_page_focus_search (TQ_DEMO_USERS_PAGE (f->page));
  g_assert_true (gtk_widget_is_focus (page_child (f, "search_entry")) ||
                 gtk_widget_has_focus (gtk_widget_get_focus_child (page_child (f, "search_entry"))));
}

/* }}} */
/* The detail {{{ */

static void
test_detail_and_prefetch (Fixture       *f,
                          gconstpointer  data)
{
  TqDemoUserRow *row = find_row (page_child (f, "list_view"), 4);
  GtkListBox *todos = GTK_LIST_BOX (detail_child (f, "todos_list"));
  GList *controllers = NULL;
  GtkEventController *motion = NULL;
  g_autoptr(GListModel) observed = NULL;
  guint n_todos = 0;

  /* Pointing at a user prefetches their detail and to-dos */
  g_assert_nonnull (row);
  observed = gtk_widget_observe_controllers (GTK_WIDGET (row));
  for (guint i = 0; i < g_list_model_get_n_items (observed); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (observed, i);

      if (GTK_IS_EVENT_CONTROLLER_MOTION (controller))
        motion = GTK_EVENT_CONTROLLER (controller);
    }
  g_assert_nonnull (motion);
  g_signal_emit_by_name (motion, "enter", 10.0, 10.0);
  wait_until (f, gets (f, "/users/4") == 1 && gets (f, "/todos?userId=4") == 1);
  http_test_wait_idle (f->http);
  g_list_free (controllers);

  /* Selecting it shows them at once, from the cache */
  select_user (f, 4);
  tq_test_flush (&f->env);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (detail_child (f, "stack"))), ==, "user");
  g_assert_cmpstr (detail_name (f), ==, "Tomás Herrera");
  g_assert_cmpstr (detail_email (f), ==, "tomas@herrera-studio.example");
  settle (f);
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (todos)); c != NULL; c = gtk_widget_get_next_sibling (c))
    n_todos += ADW_IS_ACTION_ROW (c);
  g_assert_cmpuint (n_todos, ==, 10);
  g_assert_nonnull (adw_preferences_group_get_description (ADW_PREFERENCES_GROUP (detail_child (f, "todos_group"))));
  g_assert_true (gtk_widget_is_sensitive (find_button (GTK_WIDGET (detail (f)), "_Edit…")));
  /* No second request: the prefetched data is fresh */
  g_assert_cmpuint (gets (f, "/users/4"), ==, 1);
  g_assert_cmpuint (gets (f, "/todos?userId=4"), ==, 1);

  /* Another user, not prefetched: fetched when selected */
  select_user (f, 6);
  wait_for_detail (f, 6);
  g_assert_cmpstr (detail_name (f), ==, "Jonas Weber");
  wait_until (f, gets (f, "/todos?userId=6") == 1);
  g_assert_cmpuint (gets (f, "/users/6"), ==, 1);
}

/* }}} */
/* Editing {{{ */

static void
test_edit (Fixture       *f,
           gconstpointer  data)
{
  TqDemoUserRow *row;

  select_user (f, 2);
  wait_for_detail (f, 2);
  g_assert_cmpstr (detail_name (f), ==, "Oluwaseun Adeyemi");

  edit_user (f, "Seun Adeyemi-Bello", "seun@bello.example");

  /* At once: in the detail, in the cached list and in the list's item,
   * which keeps its selection though it was replaced */
  g_assert_cmpstr (detail_name (f), ==, "Seun Adeyemi-Bello");
  g_assert_cmpstr (detail_email (f), ==, "seun@bello.example");
  g_assert_cmpstr (cached_list_name (f, 2), ==, "Seun Adeyemi-Bello");
  g_assert_cmpstr (user_name_at (f, 1), ==, "Seun Adeyemi-Bello");
  g_assert_cmpuint (gtk_single_selection_get_selected (selection (f)), ==, 1);
  /* The request goes out a turn later, once the mutation's callbacks
   * have run (rule 49) */
  wait_until (f, session_log_count (f->log, "PATCH", "/users/2") == 1);
  /* and in its row, once drawn */
  settle (f);
  row = find_row (page_child (f, "list_view"), 2);
  g_assert_nonnull (row);
  g_assert_cmpstr (row_name (row), ==, "Seun Adeyemi-Bello");

  /* Saved, conditionally on the version the detail showed */
  wait_until (f, session_log_count_done (f->log, "PATCH", "/users/2") == 1);
  g_assert_nonnull (last_request (f, "PATCH", "/users/2")->if_match);
  http_test_wait_idle (f->http);
  settle (f);
  g_assert_cmpstr (server_user_string (f, 2, "name"), ==, "Seun Adeyemi-Bello");
  g_assert_cmpstr (server_user_string (f, 2, "email"), ==, "seun@bello.example");
  g_assert_cmpstr (detail_name (f), ==, "Seun Adeyemi-Bello");
  g_assert_cmpstr (cached_list_name (f, 2), ==, "Seun Adeyemi-Bello");
  g_assert_cmpint (tq_demo_user_detail_get_user_id (detail (f)), ==, 2);

  /* A second edit right away needs no refetch to be allowed */
  edit_user (f, "Seun Bello", NULL);
  http_test_wait_idle (f->http);
  settle (f);
  g_assert_cmpstr (server_user_string (f, 2, "name"), ==, "Seun Bello");
  g_assert_cmpstr (detail_name (f), ==, "Seun Bello");
  g_assert_null (find_label (f->overlay, "Not saved: changed on the server"));

  /* Saving without a change sends nothing */
  edit_user (f, NULL, NULL);
  http_test_wait_idle (f->http);
  g_assert_cmpuint (requests_with (f, "PATCH", "/users"), ==, 2);
}

static void
test_edit_failure (Fixture       *f,
                   gconstpointer  data)
{
  TqDemoFaults *faults = tq_demo_server_get_faults (f->demo);
  GtkWidget *retry;

  select_user (f, 7);
  wait_for_detail (f, 7);
  g_assert_cmpstr (detail_name (f), ==, "Aiko Tanaka");

  /* The write fails (500 or 503, not retried) */
  tq_demo_faults_set_failure_rate (faults, 1.0);
  edit_user (f, "Aiko Tanaka-Mori", NULL);
  g_assert_cmpstr (detail_name (f), ==, "Aiko Tanaka-Mori");
  g_assert_cmpstr (cached_list_name (f, 7), ==, "Aiko Tanaka-Mori");

  /* Rolled back everywhere, and a toast says so */
  wait_until (f, g_strcmp0 (detail_name (f), "Aiko Tanaka") == 0);
  g_assert_cmpstr (cached_list_name (f, 7), ==, "Aiko Tanaka");
  settle (f);
  g_assert_cmpstr (row_name (find_row (page_child (f, "list_view"), 7)), ==, "Aiko Tanaka");
  g_assert_nonnull (find_label (f->overlay, "Could not save the changes"));
  g_assert_cmpstr (server_user_string (f, 7, "name"), ==, "Aiko Tanaka");
  g_assert_cmpuint (session_log_count (f->log, "PATCH", "/users/7"), ==, 1);

  /* The toast's Retry sends the same edit again */
  tq_demo_faults_set_failure_rate (faults, 0);
  retry = find_toast_button (f, "_Retry");
  g_assert_nonnull (retry);
  g_signal_emit_by_name (retry, "clicked");
  tq_notify_manager_dispatch (f->env.notify_manager);
  g_assert_cmpstr (detail_name (f), ==, "Aiko Tanaka-Mori");
  wait_until (f, session_log_count_done (f->log, "PATCH", "/users/7") == 2);
  http_test_wait_idle (f->http);
  settle (f);
  g_assert_cmpstr (server_user_string (f, 7, "name"), ==, "Aiko Tanaka-Mori");
  g_assert_cmpstr (detail_name (f), ==, "Aiko Tanaka-Mori");
}

static void
test_edit_conflict (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) elsewhere = json_object_new ();
  g_autoptr(GError) error = NULL;
  TqDemoUserEditor *editor;
  GtkWidget *again;

  select_user (f, 3);
  wait_for_detail (f, 3);
  g_assert_cmpuint (gets (f, "/users/3"), ==, 1);

  /* Someone renames the user behind the app's back */
  json_object_set_string_member (elsewhere, "name", "Ingrid Solberg-Lie");
  json_object_unref (tq_demo_store_update (tq_demo_server_get_store (f->demo), TQ_DEMO_RESOURCE_USERS, 3,
                                           elsewhere, NULL, &error));
  g_assert_no_error (error);

  /* The app's edit of the e-mail address shows at once, then is refused
   * with 412… */
  edit_user (f, NULL, "ingrid@solberg.example");
  g_assert_cmpstr (detail_email (f), ==, "ingrid@solberg.example");
  wait_until (f, session_log_count_done (f->log, "PATCH", "/users/3") == 1);
  g_assert_cmpuint (last_request (f, "PATCH", "/users/3")->status, ==, 412);

  /* …the user is fetched again, and shown as the server has it */
  wait_until (f, g_strcmp0 (detail_name (f), "Ingrid Solberg-Lie") == 0);
  g_assert_cmpuint (gets (f, "/users/3"), ==, 2);
  g_assert_cmpstr (detail_email (f), ==, "ingrid.solberg@fjordmail.example");
  g_assert_cmpstr (server_user_string (f, 3, "email"), ==, "ingrid.solberg@fjordmail.example");
  settle (f);
  g_assert_nonnull (find_label (f->overlay, "Not saved: changed on the server"));

  /* "Edit again" brings back what the person typed, and now it saves */
  http_test_wait_idle (f->http);
  tq_test_flush (&f->env);
  again = find_toast_button (f, "_Edit again");
  g_assert_nonnull (again);
  g_signal_emit_by_name (again, "clicked");
  editor = find_editor ();
  g_assert_nonnull (editor);
  g_assert_cmpstr (tq_demo_user_editor_get_email (editor), ==, "ingrid@solberg.example");
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (editor), "save");
  gtk_window_destroy (GTK_WINDOW (editor));
  wait_until (f, session_log_count_done (f->log, "PATCH", "/users/3") == 2);
  http_test_wait_idle (f->http);
  settle (f);
  g_assert_cmpstr (server_user_string (f, 3, "email"), ==, "ingrid@solberg.example");
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  /* What is tested is the page, not the GL renderer (llvmpipe makes runs
   * under valgrind very slow); a renderer set in the environment wins */
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  adw_init ();
  tq_gtk_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/demo/users/first-page", test_first_page);
  ADD ("/demo/users/infinite-scroll", test_infinite_scroll);
  ADD ("/demo/users/search", test_search);
  ADD ("/demo/users/detail-and-prefetch", test_detail_and_prefetch);
  ADD ("/demo/users/edit", test_edit);
  ADD ("/demo/users/edit-failure", test_edit_failure);
  ADD ("/demo/users/edit-conflict", test_edit_conflict);
#undef ADD

  return g_test_run ();
}
