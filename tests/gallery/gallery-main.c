/* gallery-main.c: the TqGtk gallery
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>

#include "gallery-window.h"

/* Every TqGtk widget on one window, against the demo server running
 * in-process: TqGtkQueryView in its states, TqGtkInfiniteScroll,
 * TqGtkMutationAction (a button and the check boxes of a list), and the
 * application wiring (refetch on focus). With --self-test it checks that
 * all of them show what they should and exits. */

typedef struct
{
  GtkApplication *application;
  TqDemoServer   *server;
  TqHttpClient   *http_client;
  gboolean        self_test;
  gint64          deadline;
  int             status;
} Gallery;

static gboolean
self_test_tick (gpointer data)
{
  Gallery *gallery = data;
  GtkWindow *window = gtk_application_get_active_window (gallery->application);
  const char *waiting = window ? gallery_window_self_test_step (GALLERY_WINDOW (window)) : "the window";

  if (waiting == NULL)
    {
      g_printerr ("gallery: self-test passed\n");
      gallery->status = 0;
      g_application_quit (G_APPLICATION (gallery->application));
      return G_SOURCE_REMOVE;
    }

  if (g_get_monotonic_time () > gallery->deadline)
    {
      g_printerr ("gallery: self-test failed: still waiting for %s\n", waiting);
      gallery->status = 1;
      g_application_quit (G_APPLICATION (gallery->application));
      return G_SOURCE_REMOVE;
    }

  return G_SOURCE_CONTINUE;
}

static void
on_startup (GtkApplication *application,
            Gallery        *gallery)
{
  g_autoptr(TqQueryClient) client = tq_query_client_new ();
  g_autoptr(TqQueryOptions) defaults = tq_query_options_new (NULL);
  g_autoptr(GError) error = NULL;

  gallery->server = tq_demo_server_new_in_memory ();
  if (!tq_demo_server_listen (gallery->server, "127.0.0.1", 0, &error))
    {
      g_printerr ("gallery: %s\n", error->message);
      gallery->status = 1;
      return;
    }

  gallery->http_client = tq_http_client_new (tq_demo_server_get_base_uri (gallery->server));
  tq_http_client_apply (gallery->http_client, defaults);
  tq_query_client_set_default_query_options (client, defaults);
  tq_gtk_application_attach_client (application, client);
}

static void
on_activate (GtkApplication *application,
             Gallery        *gallery)
{
  GalleryWindow *window;

  if (gallery->http_client == NULL)
    {
      g_application_quit (G_APPLICATION (application));
      return;
    }

  window = gallery_window_new (application, gallery->http_client, gallery->server);
  gtk_window_present (GTK_WINDOW (window));

  if (gallery->self_test)
    {
      gallery->deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
      g_timeout_add (50, self_test_tick, gallery);
    }
}

int
main (int   argc,
      char *argv[])
{
  Gallery gallery = { .status = 0 };
  GOptionEntry entries[] = {
    { "self-test", 0, 0, G_OPTION_ARG_NONE, &gallery.self_test,
      "Check that every widget shows its data, then quit", NULL },
    { NULL }
  };
  g_autoptr(GtkApplication) application = NULL;
  int status;

  tq_gtk_init ();

  application = gtk_application_new ("io.github.tq.Gallery", G_APPLICATION_NON_UNIQUE);
  gallery.application = application;
  g_application_add_main_option_entries (G_APPLICATION (application), entries);
  g_signal_connect (application, "startup", G_CALLBACK (on_startup), &gallery);
  g_signal_connect (application, "activate", G_CALLBACK (on_activate), &gallery);

  status = g_application_run (G_APPLICATION (application), argc, argv);

  g_clear_object (&gallery.http_client);
  if (gallery.server != NULL)
    tq_demo_server_stop (gallery.server);
  g_clear_object (&gallery.server);

  return status != 0 ? status : gallery.status;
}
