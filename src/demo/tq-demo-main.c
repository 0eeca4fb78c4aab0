/* tq-demo-main.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <tq-gtk.h>

/* Until the Todos & Users client exists (issue 9), the demo shows that the
 * library loads and works: a key and its canonical hash, and a timer on
 * Tq's clock that updates the page.
 */

static gboolean
tick (gpointer user_data)
{
  AdwStatusPage *page = user_data;
  g_autofree char *text = NULL;
  static guint ticks;

  ticks++;
  text = g_strdup_printf (_("Tq %s is working: its clock has ticked %u times."),
                          TQ_VERSION_S, ticks);
  adw_status_page_set_title (page, text);

  return G_SOURCE_CONTINUE;
}

static void
activate (GApplication *app)
{
  GtkWidget *window;
  GtkWidget *page;
  g_autoptr(GVariant) key = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;

  tq_gtk_init ();

  key = tq_key_parse ("('todos', {'page': <2>, 'done': <false>})", NULL);
  hash = tq_key_hash (key);
  text = tq_key_to_string (key);
  description = g_markup_printf_escaped (_("The key %s hashes to %s"), text, hash);

  page = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (page), "emblem-ok-symbolic");
  adw_status_page_set_description (ADW_STATUS_PAGE (page), description);
  tick (page);
  tq_clock_add_timeout_full (tq_clock_get_default (), 1000, tick,
                             g_object_ref (page), g_object_unref);

  gtk_window_set_default_icon_name (APP_ID);
  window = adw_application_window_new (GTK_APPLICATION (app));
#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (window, "devel");
#endif
  gtk_window_set_title (GTK_WINDOW (window), _("Tq Demo"));
  gtk_window_set_default_size (GTK_WINDOW (window), 640, 480);
  adw_application_window_set_content (ADW_APPLICATION_WINDOW (window), page);
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

  app = adw_application_new (APP_ID, G_APPLICATION_DEFAULT_FLAGS);
  /* Resources keep one base path whether the ID ends in .Devel or not. */
  g_application_set_resource_base_path (G_APPLICATION (app), "/io/github/tq/Demo");
  g_signal_connect (app, "activate", G_CALLBACK (activate), NULL);

  return g_application_run (G_APPLICATION (app), argc, argv);
}
