/* tq-gtk-application.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-gtk.h"

/* What ties a client to an application: the windows whose activity makes
 * the focus, and whether the client is mounted.
 */
typedef struct
{
  GtkApplication *application;   /* unowned: the binding lives on it */
  TqQueryClient  *client;
  GPtrArray      *windows;       /* GtkWindow*, with a notify::is-active handler */
  gboolean        mounted;
} Binding;

static const char binding_key[] = "tq-gtk-application-binding";

static void
update_focus (Binding *binding)
{
  gboolean active = FALSE;

  for (guint i = 0; i < binding->windows->len; i++)
    if (gtk_window_is_active (binding->windows->pdata[i]))
      active = TRUE;

  tq_focus_manager_set_automatic_focused (tq_query_client_get_focus_manager (binding->client), active);
}

static void
on_window_active (GtkWindow  *window,
                  GParamSpec *pspec,
                  Binding    *binding)
{
  update_focus (binding);
}

static void
watch_window (Binding   *binding,
              GtkWindow *window)
{
  if (g_ptr_array_find (binding->windows, window, NULL))
    return;

  g_ptr_array_add (binding->windows, window);
  g_signal_connect (window, "notify::is-active", G_CALLBACK (on_window_active), binding);
  update_focus (binding);
}

static void
on_window_added (GtkApplication *application,
                 GtkWindow      *window,
                 Binding        *binding)
{
  watch_window (binding, window);
}

static void
on_window_removed (GtkApplication *application,
                   GtkWindow      *window,
                   Binding        *binding)
{
  if (g_ptr_array_remove (binding->windows, window))
    g_signal_handlers_disconnect_by_data (window, binding);
  update_focus (binding);
}

static void
set_mounted (Binding  *binding,
             gboolean  mounted)
{
  if (binding->mounted == mounted)
    return;

  binding->mounted = mounted;
  if (mounted)
    tq_query_client_mount (binding->client);
  else
    tq_query_client_unmount (binding->client);
}

static void
on_startup (GApplication *application,
            Binding      *binding)
{
  set_mounted (binding, TRUE);
}

static void
on_shutdown (GApplication *application,
             Binding      *binding)
{
  set_mounted (binding, FALSE);
}

static void
binding_free (gpointer data)
{
  Binding *binding = data;

  for (guint i = 0; i < binding->windows->len; i++)
    g_signal_handlers_disconnect_by_data (binding->windows->pdata[i], binding);
  g_ptr_array_unref (binding->windows);
  g_signal_handlers_disconnect_by_data (binding->application, binding);

  set_mounted (binding, FALSE);
  g_object_unref (binding->client);
  g_free (binding);
}

/**
 * tq_gtk_application_attach_client:
 * @application: a GTK application
 * @client: the query client the application uses
 *
 * Connects @client to @application in one call, so that TanStack's
 * refetch-on-focus works in any GTK application:
 *
 * - the client's [class@Tq.FocusManager] follows whether any of the
 *   application's windows is active (`GtkWindow:is-active`), as the
 *   browser's tab visibility feeds TanStack's;
 * - the client is mounted while the application runs (from its `startup`,
 *   or at once if it is registered already, to its `shutdown`);
 * - the client's [class@Tq.OnlineManager] keeps following
 *   `GNetworkMonitor`, as online managers do by default.
 *
 * The application keeps a reference on @client, which
 * [func@TqGtk.application_get_client] returns. Attaching another client
 * replaces the first.
 */
void
tq_gtk_application_attach_client (GtkApplication *application,
                                  TqQueryClient  *client)
{
  Binding *binding;
  GList *windows;

  g_return_if_fail (GTK_IS_APPLICATION (application));
  g_return_if_fail (TQ_IS_QUERY_CLIENT (client));

  binding = g_new0 (Binding, 1);
  binding->application = application;
  binding->client = g_object_ref (client);
  binding->windows = g_ptr_array_new ();

  /* Replace (and so detach) a previous binding first. */
  g_object_set_data_full (G_OBJECT (application), binding_key, binding, binding_free);

  g_signal_connect (application, "window-added", G_CALLBACK (on_window_added), binding);
  g_signal_connect (application, "window-removed", G_CALLBACK (on_window_removed), binding);
  g_signal_connect (application, "startup", G_CALLBACK (on_startup), binding);
  g_signal_connect (application, "shutdown", G_CALLBACK (on_shutdown), binding);

  windows = gtk_application_get_windows (application);
  for (GList *l = windows; l != NULL; l = l->next)
    watch_window (binding, l->data);
  if (windows == NULL)
    update_focus (binding);

  if (g_application_get_is_registered (G_APPLICATION (application)))
    set_mounted (binding, TRUE);
}

/**
 * tq_gtk_application_get_client:
 * @application: a GTK application
 *
 * Gets the client attached with [func@TqGtk.application_attach_client].
 *
 * Returns: (transfer none) (nullable): the client, or %NULL
 */
TqQueryClient *
tq_gtk_application_get_client (GtkApplication *application)
{
  Binding *binding;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);

  binding = g_object_get_data (G_OBJECT (application), binding_key);
  return binding != NULL ? binding->client : NULL;
}
