/* test-infinite-scroll.c: TqGtkInfiniteScroll over a GtkListView
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>

#include <tq-gtk.h>

#include "tq-test-util.h"

typedef struct
{
  TqTestEnv                env;
  GtkWidget               *window;
  GtkWidget               *scroll;
  GtkWidget               *scrolled;
  TqInfiniteQueryObserver *observer;
  TqInfiniteListModel     *model;
  guint                    calls;
  guint                    fail_page;   /* 1-based number of a page that fails once, 0 for none */
  gboolean                 failed;
} Fixture;

typedef struct
{
  Fixture                *f;
  TqQueryFunctionContext *context;
} Pending;

static gboolean
complete_page (gpointer data)
{
  Pending *pending = data;
  const GValue *param = tq_query_function_context_get_page_param (pending->context);
  gint64 page = json_node_get_int (g_value_get_boxed (param));
  g_autoptr(GString) json = g_string_new ("[");

  if (page + 1 == pending->f->fail_page && !pending->f->failed)
    {
      pending->f->failed = TRUE;
      tq_query_function_context_return_new_error (pending->context, G_IO_ERROR, G_IO_ERROR_FAILED,
                                                  "The server did not answer");
      return G_SOURCE_REMOVE;
    }

  for (int i = 0; i < 20; i++)
    g_string_append_printf (json, "%s{\"id\": %" G_GINT64_FORMAT ", \"title\": \"Item %" G_GINT64_FORMAT "\"}",
                            i ? ", " : "", page * 20 + i, page * 20 + i);
  g_string_append (json, "]");
  {
    g_autoptr(JsonNode) node = tq_test_json (json->str);
    tq_query_function_context_return_json (pending->context, node);
  }
  return G_SOURCE_REMOVE;
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->context);
  g_free (pending);
}

static void
fetch_page (TqQueryFunctionContext *context,
            gpointer                user_data)
{
  Fixture *f = user_data;
  Pending *pending = g_new0 (Pending, 1);

  f->calls++;
  pending->f = f;
  pending->context = g_object_ref (context);
  tq_clock_add_timeout_full (TQ_CLOCK (f->env.clock), 10, complete_page, pending, pending_free);
}

static void
next_page_param (JsonNode  *page,
                 JsonArray *pages,
                 JsonNode  *page_param,
                 JsonArray *page_params,
                 GValue    *result,
                 gpointer   user_data)
{
  gint64 n = json_node_get_int (page_param);
  g_autofree char *text = NULL;

  if (n >= 9)
    return;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, n + 1);
  tq_test_value_json (result, text);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_widget_set_size_request (label, -1, 30);
  gtk_list_item_set_child (item, label);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item)
{
  TqJsonItem *json = gtk_list_item_get_item (item);

  gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (item)),
                       tq_json_item_get_string (json, "title"));
}

/* Lets GTK lay out and draw (real frames), then runs Tq's ready work. */
static void
settle (Fixture *f)
{
  gint64 end = g_get_monotonic_time () + 150 * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  tq_test_flush (&f->env);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  g_autoptr(GVariant) key = tq_test_key ("('scroll',)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_auto(GValue) initial = G_VALUE_INIT;
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkWidget *list;

  tq_test_env_init (&f->env);
  tq_query_options_set_query_func (options, fetch_page, f, NULL);
  tq_test_value_json (&initial, "0");
  tq_query_options_set_initial_page_param (options, &initial);
  tq_query_options_set_get_next_page_param_func (options, next_page_param, NULL, NULL);
  tq_query_options_set_retry (options, 0);
  f->observer = tq_infinite_query_observer_new (f->env.client, options);
  f->model = tq_infinite_list_model_new (f->observer);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  list = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_object_ref (f->model)))), factory);
  f->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (f->scrolled), list);
  f->scroll = tq_gtk_infinite_scroll_new ();
  tq_gtk_infinite_scroll_set_child (TQ_GTK_INFINITE_SCROLL (f->scroll), f->scrolled);
  tq_gtk_infinite_scroll_set_observer (TQ_GTK_INFINITE_SCROLL (f->scroll), f->observer);
  /* Less than a page of rows, so that one page always moves the end away */
  tq_gtk_infinite_scroll_set_threshold (TQ_GTK_INFINITE_SCROLL (f->scroll), 100);

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 300, 800);
  gtk_window_set_child (GTK_WINDOW (f->window), f->scroll);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->model);
  g_clear_object (&f->observer);
  tq_test_flush (&f->env);
  tq_test_env_clear (&f->env);
}

static GtkAdjustment *
vadjustment (Fixture *f)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (f->scrolled));
}

/* Runs fetches to the end of what the position asks for */
static void
load (Fixture *f)
{
  for (guint i = 0; i < 20; i++)
    {
      guint before = f->calls;

      tq_test_advance (&f->env, 10);
      settle (f);
      if (f->calls == before)
        return;
    }
}

static void
scroll_to_end (Fixture *f)
{
  GtkAdjustment *adj = vadjustment (f);

  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
}

static gboolean
bottom_row_shown (Fixture    *f,
                  const char *page)
{
  GtkWidget *overlay = gtk_widget_get_first_child (f->scroll);
  GtkWidget *bottom = NULL;

  for (GtkWidget *child = gtk_widget_get_first_child (overlay); child; child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_REVEALER (child) && gtk_widget_get_valign (child) == GTK_ALIGN_END)
      bottom = child;

  g_assert_nonnull (bottom);
  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (bottom)))
    return FALSE;

  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (gtk_revealer_get_child (GTK_REVEALER (bottom)))),
                    page) == 0;
}

/* One page per approach to the end, and none while one loads */
static void
test_one_page_per_approach (Fixture       *f,
                            gconstpointer  data)
{
  guint filled;

  gtk_window_present (GTK_WINDOW (f->window));
  settle (f);
  g_assert_cmpuint (f->calls, ==, 1);
  load (f);

  /* The first pages fill the view (taller than one page), then stop */
  filled = f->calls;
  g_assert_cmpuint (filled, >=, 2);
  g_assert_cmpuint (filled, <, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, filled * 20);
  settle (f);
  g_assert_cmpuint (f->calls, ==, filled);

  /* Scrolling to the end asks for exactly one page, however often the
   * position changes while it loads.
   */
  scroll_to_end (f);
  settle (f);
  g_assert_cmpuint (f->calls, ==, filled + 1);
  g_assert_true (bottom_row_shown (f, "loading"));
  for (guint i = 0; i < 5; i++)
    {
      gtk_adjustment_set_value (vadjustment (f), gtk_adjustment_get_value (vadjustment (f)) - 1);
      scroll_to_end (f);
      settle (f);
    }
  g_assert_cmpuint (f->calls, ==, filled + 1);
  tq_test_advance (&f->env, 10);
  settle (f);
  g_assert_false (bottom_row_shown (f, "loading"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, (filled + 1) * 20);
}

/* A failed page shows Retry, asks nothing more by itself, and retries */
static void
test_error_row (Fixture       *f,
                gconstpointer  data)
{
  guint calls;

  f->fail_page = 3;
  gtk_window_present (GTK_WINDOW (f->window));
  settle (f);
  load (f);
  while (!f->failed)
    {
      scroll_to_end (f);
      settle (f);
      load (f);
    }

  g_assert_true (bottom_row_shown (f, "error"));
  calls = f->calls;
  for (guint i = 0; i < 3; i++)
    {
      scroll_to_end (f);
      settle (f);
    }
  g_assert_cmpuint (f->calls, ==, calls);

  gtk_widget_activate_action (f->scroll, "infinite-scroll.retry-next", NULL);
  g_assert_cmpuint (f->calls, ==, calls + 1);
  tq_test_advance (&f->env, 10);
  settle (f);
  g_assert_false (bottom_row_shown (f, "error"));
  /* The page that failed is there now: three pages */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 60);
}

/* The end: nothing more is asked */
static void
test_last_page (Fixture       *f,
                gconstpointer  data)
{
  gtk_window_present (GTK_WINDOW (f->window));
  settle (f);
  for (guint i = 0; i < 15; i++)
    {
      load (f);
      scroll_to_end (f);
      settle (f);
    }
  load (f);
  g_assert_cmpuint (f->calls, ==, 10);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 200);
  scroll_to_end (f);
  settle (f);
  g_assert_cmpuint (f->calls, ==, 10);
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
  ADD ("/TqGtk/InfiniteScroll/one-page-per-approach", test_one_page_per_approach);
  ADD ("/TqGtk/InfiniteScroll/error-row", test_error_row);
  ADD ("/TqGtk/InfiniteScroll/last-page", test_last_page);
#undef ADD

  return g_test_run ();
}
