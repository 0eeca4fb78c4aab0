/* tq-demo-users-host.c: the Users page on its own
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <tq-gtk.h>

#include "tq-demo-server.h"
#include "tq-demo-users-page.h"

/* A window with nothing but the Users page, over an in-process demo server
 * (or the one --server names), for developing and looking at the page
 * without the rest of the app. Ctrl+F searches, Ctrl+Q quits.
 */

static char *server_url;
static char *latency;
static double failure_rate;
static gboolean no_events;

static const GOptionEntry entries[] = {
  { "server", 's', 0, G_OPTION_ARG_STRING, &server_url,
    "Use the demo API at URL instead of an in-process server", "URL" },
  { "latency", 'l', 0, G_OPTION_ARG_STRING, &latency,
    "Delay the in-process server's responses by MIN to MAX milliseconds", "MIN[-MAX]" },
  { "failure-rate", 'f', 0, G_OPTION_ARG_DOUBLE, &failure_rate,
    "Fail this fraction (0 to 1) of the in-process server's responses", "RATE" },
  { "no-events", 'n', 0, G_OPTION_ARG_NONE, &no_events,
    "Do not follow the server's change events (to see conflicts)", NULL },
  { NULL }
};

static gboolean
focus_search (GtkWidget *window,
              GVariant  *args,
              gpointer   user_data)
{
  tq_demo_users_page_focus_search (TQ_DEMO_USERS_PAGE (user_data));
  return TRUE;
}

static gboolean
close_window (GtkWidget *window,
              GVariant  *args,
              gpointer   user_data)
{
  gtk_window_close (GTK_WINDOW (window));
  return TRUE;
}

static void
activate (GApplication *app)
{
  g_autoptr(TqQueryClient) client = tq_query_client_new ();
  g_autoptr(TqHttpClient) http = NULL;
  g_autoptr(TqRealtime) realtime = NULL;
  g_autoptr(TqDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  GtkShortcutController *shortcuts;
  GtkWidget *window, *box, *header, *title, *overlay, *page;
  const char *base = server_url;

  tq_gtk_init ();

  if (base == NULL)
    {
      server = tq_demo_server_new_in_memory ();
      if (!tq_demo_server_listen (server, NULL, 0, &error))
        {
          g_printerr ("Cannot start the demo server: %s\n", error->message);
          return;
        }
      base = tq_demo_server_get_base_uri (server);

      if (latency != NULL)
        {
          guint min, max;

          if (!tq_demo_faults_parse_latency (latency, &min, &max, &error))
            {
              g_printerr ("%s\n", error->message);
              return;
            }
          tq_demo_faults_set_latency (tq_demo_server_get_faults (server), min, max);
        }
      tq_demo_faults_set_failure_rate (tq_demo_server_get_faults (server), CLAMP (failure_rate, 0, 1));
    }

  tq_gtk_application_attach_client (GTK_APPLICATION (app), client);
  http = tq_http_client_new (base);
  realtime = tq_realtime_new (client, http, "/events");
  if (!no_events)
    tq_realtime_start (realtime);

  window = adw_application_window_new (GTK_APPLICATION (app));
  gtk_window_set_title (GTK_WINDOW (window), _("Users"));
  gtk_window_set_default_size (GTK_WINDOW (window), 960, 640);
  g_object_set_data_full (G_OBJECT (window), "realtime", g_steal_pointer (&realtime), g_object_unref);
  if (server != NULL)
    g_object_set_data_full (G_OBJECT (window), "server", g_steal_pointer (&server), g_object_unref);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  title = adw_window_title_new (_("Users"), base);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), title);
  gtk_box_append (GTK_BOX (box), header);

  overlay = adw_toast_overlay_new ();
  page = tq_demo_users_page_new (client, http);
  gtk_widget_set_vexpand (page, TRUE);
  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), page);
  gtk_box_append (GTK_BOX (box), overlay);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), box);

  shortcuts = GTK_SHORTCUT_CONTROLLER (gtk_shortcut_controller_new ());
  gtk_shortcut_controller_set_scope (shortcuts, GTK_SHORTCUT_SCOPE_MANAGED);
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>f"),
                                                          gtk_callback_action_new (focus_search, page, NULL)));
  gtk_shortcut_controller_add_shortcut (shortcuts,
                                        gtk_shortcut_new (gtk_shortcut_trigger_parse_string ("<Control>q"),
                                                          gtk_callback_action_new (close_window, NULL, NULL)));
  gtk_widget_add_controller (window, GTK_EVENT_CONTROLLER (shortcuts));

  gtk_window_present (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(AdwApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = adw_application_new ("io.github.tq.Demo.UsersHost", G_APPLICATION_NON_UNIQUE);
  g_application_add_main_option_entries (G_APPLICATION (app), entries);
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/tq/Demo");
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
