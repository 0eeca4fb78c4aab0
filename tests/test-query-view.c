/* test-query-view.c: TqGtkQueryView and the application wiring
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>

#include <tq-gtk.h>
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

#include "tq-test-util.h"

typedef struct
{
  TqTestEnv  env;
  GtkWidget *window;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (f->window));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  tq_test_flush (&f->env);
  tq_test_env_clear (&f->env);
}

static TqQueryObserver *
observer_for (Fixture    *f,
              const char *key,
              TqTestFn   *fn)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_autoptr(TqQueryOptions) options = tq_query_options_new (k);

  tq_test_fn_attach (fn, options);
  tq_query_options_set_retry (options, 0);
  return tq_query_observer_new (f->env.client, options);
}

static const char *
visible_page (TqGtkQueryView *view)
{
  GtkWidget *overlay = gtk_widget_get_first_child (GTK_WIDGET (view));
  GtkWidget *box = gtk_overlay_get_child (GTK_OVERLAY (overlay));
  GtkWidget *stack = gtk_widget_get_last_child (box);

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

/* The revealer above the content that shows a refetch's error */
static GtkWidget *
refetch_error_banner (TqGtkQueryView *view)
{
  GtkWidget *overlay = gtk_widget_get_first_child (GTK_WIDGET (view));
  GtkWidget *box = gtk_overlay_get_child (GTK_OVERLAY (overlay));

  return gtk_widget_get_first_child (box);
}

static gboolean
refetch_error_shown (TqGtkQueryView *view)
{
  return gtk_revealer_get_reveal_child (GTK_REVEALER (refetch_error_banner (view)));
}

/* A button with @label under @root, mapped ones only if @mapped */
static GtkWidget *
find_button_full (GtkWidget  *root,
                  const char *label,
                  gboolean    mapped)
{
  for (GtkWidget *child = gtk_widget_get_first_child (root); child; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found;

      if (GTK_IS_BUTTON (child) && (!mapped || gtk_widget_get_mapped (child)) &&
          g_strcmp0 (gtk_button_get_label (GTK_BUTTON (child)), label) == 0)
        return child;
      if ((found = find_button_full (child, label, mapped)))
        return found;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *root,
             const char *label)
{
  return find_button_full (root, label, TRUE);
}

/* loading → content → refetching → error → retry → content */
static void
test_states (Fixture       *f,
             gconstpointer  data)
{
  TqTestOutcome script[] = {
    { 10, "[1, 2]" }, { 10, "[1, 2, 3]" }, { 10, NULL, "server down" }, { 10, "[4]" }, { 10, "[5]" },
  };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 5);
  g_autoptr(TqQueryObserver) observer = observer_for (f, "('view',)", fn);
  GtkWidget *view = tq_gtk_query_view_new ();
  GtkWidget *content = gtk_label_new ("the list");
  GtkWidget *retry;

  tq_gtk_query_view_set_content_child (TQ_GTK_QUERY_VIEW (view), content);
  gtk_window_set_child (GTK_WINDOW (f->window), view);
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (view), observer);

  /* Mapped, so subscribed: the fetch runs */
  g_assert_true (tq_query_observer_is_subscribed (observer));
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_test_flush (&f->env);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "loading");
  g_assert_cmpint (tq_gtk_query_view_get_state (TQ_GTK_QUERY_VIEW (view)), ==, TQ_GTK_QUERY_VIEW_STATE_LOADING);

  tq_test_advance (&f->env, 10);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");

  /* A background refetch keeps the content */
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");
  tq_test_advance (&f->env, 10);
  g_assert_false (refetch_error_shown (TQ_GTK_QUERY_VIEW (view)));

  /* A failing refetch keeps the content and offers Retry above it */
  tq_query_observer_refetch (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");
  g_assert_true (refetch_error_shown (TQ_GTK_QUERY_VIEW (view)));
  /* The banner slides in; its Retry button refetches */
  retry = find_button_full (refetch_error_banner (TQ_GTK_QUERY_VIEW (view)), "_Retry", FALSE);
  g_assert_nonnull (retry);
  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 4);
  tq_test_advance (&f->env, 10);
  g_assert_false (refetch_error_shown (TQ_GTK_QUERY_VIEW (view)));

  /* Reset to nothing: the next failure shows the error page */
  tq_query_client_reset_queries_async (f->env.client, NULL, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "loading");
  tq_test_advance (&f->env, 10);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 5);

  gtk_window_set_child (GTK_WINDOW (f->window), NULL);
  g_assert_false (tq_query_observer_is_subscribed (observer));
}

/* The error page's Retry button refetches */
static void
test_error_and_retry (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, NULL, "server down" }, { 5, "[]" }, { 5, "[1]" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 3);
  g_autoptr(TqQueryObserver) observer = observer_for (f, "('view-error',)", fn);
  GtkWidget *view = tq_gtk_query_view_new ();
  GtkWidget *retry;

  tq_gtk_query_view_set_content_child (TQ_GTK_QUERY_VIEW (view), gtk_label_new ("content"));
  gtk_window_set_child (GTK_WINDOW (f->window), view);
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (view), observer);
  tq_test_advance (&f->env, 5);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "error");
  /* An error with no data is the error page, not the banner */
  g_assert_false (refetch_error_shown (TQ_GTK_QUERY_VIEW (view)));

  retry = find_button (view, "_Retry");
  g_assert_nonnull (retry);
  g_assert_true (gtk_widget_get_focusable (retry) || gtk_widget_get_can_focus (retry));
  g_signal_emit_by_name (retry, "clicked");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  tq_test_flush (&f->env);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "loading");

  /* An empty array shows the empty page */
  tq_test_advance (&f->env, 5);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "empty");

  gtk_widget_activate_action (view, "query-view.retry", NULL);
  tq_test_advance (&f->env, 5);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");
}

static void
next_page_none (JsonNode  *page,
                JsonArray *pages,
                JsonNode  *page_param,
                JsonArray *page_params,
                GValue    *result,
                gpointer   user_data)
{
}

/* An infinite query whose pages are all empty (a search that found
 * nothing) is empty; the same shape from a plain query is data. */
static void
test_infinite_empty (Fixture       *f,
                     gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, "[]" }, { 5, "[{\"id\": 1}]" } };
  TqTestOutcome plain_script[] = { { 5, "{\"pages\": [[]], \"pageParams\": [1]}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 2);
  g_autoptr(TqTestFn) plain_fn = tq_test_fn_new (&f->env, plain_script, 1);
  g_autoptr(GVariant) key = tq_test_key ("('view-infinite',)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_autoptr(TqQueryObserver) plain = observer_for (f, "('view-plain',)", plain_fn);
  g_auto(GValue) initial = G_VALUE_INIT;
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *view = tq_gtk_query_view_new ();
  GtkWidget *plain_view = tq_gtk_query_view_new ();

  tq_test_fn_attach (fn, options);
  tq_test_value_json (&initial, "1");
  tq_query_options_set_initial_page_param (options, &initial);
  tq_query_options_set_get_next_page_param_func (options, next_page_none, NULL, NULL);
  tq_query_options_set_retry (options, 0);
  observer = tq_infinite_query_observer_new (f->env.client, options);

  tq_gtk_query_view_set_content_child (TQ_GTK_QUERY_VIEW (view), gtk_label_new ("list"));
  tq_gtk_query_view_set_content_child (TQ_GTK_QUERY_VIEW (plain_view), gtk_label_new ("data"));
  gtk_box_append (GTK_BOX (box), view);
  gtk_box_append (GTK_BOX (box), plain_view);
  gtk_window_set_child (GTK_WINDOW (f->window), box);
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (view), TQ_QUERY_OBSERVER (observer));
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (plain_view), plain);

  tq_test_advance (&f->env, 5);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "empty");
  g_assert_cmpint (tq_gtk_query_view_get_state (TQ_GTK_QUERY_VIEW (view)), ==, TQ_GTK_QUERY_VIEW_STATE_EMPTY);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (plain_view)), ==, "content");

  /* Something found: the content */
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 5);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
}

/* Beyond TanStack: a view on a hidden stack page stops its interval and
 * refetches once, if stale, when shown again.
 */
static void
test_visibility_pausing (Fixture       *f,
                         gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "[%u]" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(GVariant) k = tq_test_key ("('view-hidden',)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (k);
  g_autoptr(TqQueryObserver) observer = NULL;
  GtkWidget *stack = gtk_stack_new ();
  GtkWidget *view = tq_gtk_query_view_new ();

  tq_test_fn_attach (fn, options);
  tq_query_options_set_refetch_interval (options, 100);
  tq_query_options_set_stale_time (options, 50);
  observer = tq_query_observer_new (f->env.client, options);
  tq_gtk_query_view_set_content_child (TQ_GTK_QUERY_VIEW (view), gtk_label_new ("content"));
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (view), observer);
  gtk_stack_add_named (GTK_STACK (stack), view, "view");
  gtk_stack_add_named (GTK_STACK (stack), gtk_label_new ("other"), "other");
  gtk_window_set_child (GTK_WINDOW (f->window), stack);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "view");
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);

  tq_test_advance (&f->env, 100);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);

  /* Hidden: no interval refetches */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "other");
  g_assert_false (gtk_widget_get_mapped (view));
  g_assert_false (tq_query_observer_is_subscribed (observer));
  tq_test_advance (&f->env, 1000);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);

  /* Shown again, stale: one refetch at once, then the interval resumes */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "view");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);
  tq_test_advance (&f->env, 100);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 4);

  /* Hidden and shown again while fresh: no refetch */
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "other");
  tq_test_advance (&f->env, 10);
  gtk_stack_set_visible_child_name (GTK_STACK (stack), "view");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 4);

  gtk_window_set_child (GTK_WINDOW (f->window), NULL);
}

/* Children can be replaced, and restored to the defaults */
static void
test_children (Fixture       *f,
               gconstpointer  data)
{
  GtkWidget *view = g_object_ref_sink (tq_gtk_query_view_new ());
  GtkWidget *loading = gtk_label_new ("custom loading");
  GtkWidget *default_loading = tq_gtk_query_view_get_loading_child (TQ_GTK_QUERY_VIEW (view));

  g_assert_true (GTK_IS_SPINNER (default_loading));
  tq_gtk_query_view_set_loading_child (TQ_GTK_QUERY_VIEW (view), loading);
  g_assert_true (tq_gtk_query_view_get_loading_child (TQ_GTK_QUERY_VIEW (view)) == loading);
  tq_gtk_query_view_set_loading_child (TQ_GTK_QUERY_VIEW (view), NULL);
  g_assert_true (tq_gtk_query_view_get_loading_child (TQ_GTK_QUERY_VIEW (view)) == default_loading);
  g_assert_cmpint (tq_gtk_query_view_get_state (TQ_GTK_QUERY_VIEW (view)), ==, TQ_GTK_QUERY_VIEW_STATE_EMPTY);
  g_object_unref (view);
}

static const char view_ui[] =
  "<interface>"
  "  <object class='TqGtkQueryView' id='view'>"
  "    <property name='content-child'>"
  "      <object class='GtkLabel' id='content'>"
  "        <binding name='label'>"
  "          <closure type='gchararray' function='describe_state'>"
  "            <lookup name='status' type='TqQueryObserver'>"
  "              <lookup name='observer'>view</lookup>"
  "            </lookup>"
  "          </closure>"
  "        </binding>"
  "      </object>"
  "    </property>"
  "  </object>"
  "</interface>";

static char *
describe_state (gpointer       this,
                TqQueryStatus  status)
{
  return g_strdup (status == TQ_QUERY_STATUS_SUCCESS ? "loaded" : "not yet");
}

/* A view declared in a .ui file, its content child bound to its observer */
static void
test_builder (Fixture       *f,
              gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, "[1]" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryObserver) observer = observer_for (f, "('view-ui',)", fn);
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GtkBuilderScope) scope = gtk_builder_cscope_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *view, *content;

  gtk_builder_cscope_add_callback_symbol (GTK_BUILDER_CSCOPE (scope), "describe_state", G_CALLBACK (describe_state));
  gtk_builder_set_scope (builder, scope);
  gtk_builder_add_from_string (builder, view_ui, -1, &error);
  g_assert_no_error (error);
  view = GTK_WIDGET (gtk_builder_get_object (builder, "view"));
  content = GTK_WIDGET (gtk_builder_get_object (builder, "content"));
  gtk_window_set_child (GTK_WINDOW (f->window), view);
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (view), observer);
  tq_test_advance (&f->env, 5);
  g_assert_cmpstr (visible_page (TQ_GTK_QUERY_VIEW (view)), ==, "content");
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (content)), ==, "loaded");
  gtk_window_set_child (GTK_WINDOW (f->window), NULL);
}

/* Gives a window the X input focus, as a window manager would (there is
 * none under Xvfb), and waits until GTK says it is active.
 */
static gboolean
focus_window (GtkWidget *window)
{
#ifdef GDK_WINDOWING_X11
  GdkSurface *surface = gtk_native_get_surface (GTK_NATIVE (window));
  g_autofree char *xid = NULL;
  g_autofree char *xdotool = g_find_program_in_path ("xdotool");
  const char *argv[] = { "xdotool", "windowfocus", NULL, NULL };
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  if (!GDK_IS_X11_SURFACE (surface) || xdotool == NULL)
    return FALSE;

  xid = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  argv[0] = xdotool;
  argv[2] = xid;
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL, NULL, NULL))
    return FALSE;

  while (!gtk_window_is_active (GTK_WINDOW (window)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  /* xdotool ran: from here on, a window that did not become active fails */
  g_assert_true (gtk_window_is_active (GTK_WINDOW (window)));
  return TRUE;
#else
  return FALSE;
#endif
}

/* The application wiring: focus follows the windows, mounted while running */
static void
on_activate (GtkApplication *app,
             Fixture        *f)
{
  TqFocusManager *focus = f->env.focus_manager;
  GtkWidget *a = gtk_application_window_new (app);

  g_assert_true (tq_query_client_is_mounted (f->env.client));
  g_assert_true (tq_gtk_application_get_client (app) == f->env.client);

  /* Without a window manager nothing is active until a window is focused */
  g_assert_false (tq_focus_manager_is_focused (focus));
  gtk_window_present (GTK_WINDOW (a));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  if (focus_window (a))
    {
      g_assert_true (tq_focus_manager_is_focused (focus));
      gtk_window_destroy (GTK_WINDOW (a));
      g_assert_false (tq_focus_manager_is_focused (focus));
    }
  else
    {
      g_test_skip ("giving a window the input focus needs X11 and xdotool");
      gtk_window_destroy (GTK_WINDOW (a));
    }
}

static void
test_application (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GtkApplication) app = gtk_application_new ("io.github.tq.Test", G_APPLICATION_NON_UNIQUE);
  TqFocusManager *focus = f->env.focus_manager;

  /* The test environment mounted the client once already */
  tq_query_client_unmount (f->env.client);
  tq_gtk_application_attach_client (app, f->env.client);
  g_assert_false (tq_query_client_is_mounted (f->env.client));
  g_signal_connect (app, "activate", G_CALLBACK (on_activate), f);
  g_application_run (G_APPLICATION (app), 0, NULL);
  g_assert_false (tq_query_client_is_mounted (f->env.client));

  /* The wiring is the automatic value: a manual one still wins */
  tq_focus_manager_set_focused (focus, TRUE);
  g_assert_true (tq_focus_manager_is_focused (focus));
  g_clear_object (&app);
  tq_query_client_mount (f->env.client);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  tq_gtk_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/TqGtk/QueryView/states", test_states);
  ADD ("/TqGtk/QueryView/error-and-retry", test_error_and_retry);
  ADD ("/TqGtk/QueryView/infinite-empty", test_infinite_empty);
  ADD ("/TqGtk/QueryView/visibility-pausing", test_visibility_pausing);
  ADD ("/TqGtk/QueryView/children", test_children);
  ADD ("/TqGtk/QueryView/builder", test_builder);
  ADD ("/TqGtk/Application/attach-client", test_application);
#undef ADD

  return g_test_run ();
}
