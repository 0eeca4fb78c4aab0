/* tq-demo-window.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tq-demo-todos-page.h"
#include "tq-demo-users-page.h"
#include "tq-demo-window.h"

/**
 * TqDemoWindow:
 *
 * The main window: a header bar whose view switcher chooses between the
 * to-dos and the users, an indicator while anything is being fetched, and
 * a banner while the app is offline that counts the changes waiting to be
 * sent. Everything sits in a toast overlay, where the pages show their
 * toasts. Its size is kept in the settings.
 */

struct _TqDemoWindow
{
  AdwApplicationWindow  parent_instance;

  TqDemoApplication    *application;
  GSettings            *settings;
  GSignalGroup         *client_signals;
  GSignalGroup         *online_signals;

  AdwToastOverlay      *toast_overlay;
  AdwViewStack         *view_stack;
  GtkWidget            *fetching_spinner;
  GtkWidget            *offline_revealer;
  GtkWidget            *offline_label;
  GtkWidget            *todos_page;
  GtkWidget            *users_page;
};

G_DEFINE_FINAL_TYPE (TqDemoWindow, tq_demo_window, ADW_TYPE_APPLICATION_WINDOW)

/* {{{ Indicators */

static void
update_fetching (TqDemoWindow *self)
{
  TqQueryClient *client = tq_demo_application_get_client (self->application);
  guint n = tq_query_client_is_fetching (client, NULL);
  g_autofree char *tooltip = NULL;

  gtk_widget_set_visible (self->fetching_spinner, n > 0);
  gtk_spinner_set_spinning (GTK_SPINNER (self->fetching_spinner), n > 0);

  if (n > 0)
    tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                            "Loading from the server (%u request)",
                                            "Loading from the server (%u requests)", n), n);
  gtk_widget_set_tooltip_text (self->fetching_spinner, tooltip);
}

static void
update_offline (TqDemoWindow *self)
{
  TqQueryClient *client = tq_demo_application_get_client (self->application);
  gboolean online = tq_online_manager_is_online (tq_query_client_get_online_manager (client));
  guint n = tq_demo_application_get_n_waiting_changes (self->application);
  g_autofree char *text = NULL;

  if (n == 0)
    text = g_strdup (_("You are offline. Changes you make are kept and sent when the connection is back."));
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                         "You are offline. %u change is waiting to be sent.",
                                         "You are offline. %u changes are waiting to be sent.", n), n);

  gtk_label_set_label (GTK_LABEL (self->offline_label), text);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->offline_revealer), !online);
}

/* }}} */
/* {{{ Actions */

static void
new_todo_action (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  TqDemoWindow *self = user_data;

  tq_demo_window_set_visible_page (self, "todos");
  tq_demo_todos_page_focus_entry (TQ_DEMO_TODOS_PAGE (self->todos_page));
}

static void
search_action (GSimpleAction *action,
               GVariant      *parameter,
               gpointer       user_data)
{
  TqDemoWindow *self = user_data;

  if (g_strcmp0 (tq_demo_window_get_visible_page (self), "users") == 0)
    {
      tq_demo_users_page_focus_search (TQ_DEMO_USERS_PAGE (self->users_page));
      return;
    }

  tq_demo_window_set_visible_page (self, "todos");
  tq_demo_todos_page_focus_search (TQ_DEMO_TODOS_PAGE (self->todos_page));
}

static void
show_page_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  tq_demo_window_set_visible_page (user_data, g_variant_get_string (parameter, NULL));
}

static const GActionEntry win_actions[] = {
  { "new-todo", new_todo_action },
  { "search", search_action },
  { "show-page", show_page_action, "s" },
};

/* }}} */
/* {{{ GtkWindow */

static gboolean
tq_demo_window_close_request (GtkWindow *window)
{
  TqDemoWindow *self = TQ_DEMO_WINDOW (window);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (window));
  if (!gtk_window_is_maximized (window))
    {
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
    }
  g_settings_apply (self->settings);

  return GTK_WINDOW_CLASS (tq_demo_window_parent_class)->close_request (window);
}

/* }}} */
/* {{{ GObject */

static void
tq_demo_window_dispose (GObject *object)
{
  TqDemoWindow *self = (TqDemoWindow *)object;

  if (self->client_signals != NULL)
    g_signal_group_set_target (self->client_signals, NULL);
  if (self->online_signals != NULL)
    g_signal_group_set_target (self->online_signals, NULL);
  g_clear_object (&self->client_signals);
  g_clear_object (&self->online_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_WINDOW);

  G_OBJECT_CLASS (tq_demo_window_parent_class)->dispose (object);
}

static void
tq_demo_window_finalize (GObject *object)
{
  TqDemoWindow *self = (TqDemoWindow *)object;

  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (tq_demo_window_parent_class)->finalize (object);
}

static void
tq_demo_window_class_init (TqDemoWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = tq_demo_window_dispose;
  object_class->finalize = tq_demo_window_finalize;

  window_class->close_request = tq_demo_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TqDemoWindow, view_stack);
  gtk_widget_class_bind_template_child (widget_class, TqDemoWindow, fetching_spinner);
  gtk_widget_class_bind_template_child (widget_class, TqDemoWindow, offline_revealer);
  gtk_widget_class_bind_template_child (widget_class, TqDemoWindow, offline_label);
}

static void
tq_demo_window_init (TqDemoWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_BUILD
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);
}

/* }}} */
/* {{{ Public API */

/**
 * tq_demo_window_new:
 * @application: the application
 *
 * Returns: (transfer none): a new window of @application, not shown yet
 */
TqDemoWindow *
tq_demo_window_new (TqDemoApplication *application)
{
  TqDemoWindow *self;
  TqQueryClient *client;
  TqHttpClient *http_client;
  AdwViewStackPage *page;
  const GError *server_error;

  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (application), NULL);

  self = g_object_new (TQ_DEMO_TYPE_WINDOW, "application", application, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (tq_demo_application_get_settings (application));
  client = tq_demo_application_get_client (application);
  http_client = tq_demo_application_get_http_client (application);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  self->todos_page = tq_demo_todos_page_new (client, http_client);
  page = adw_view_stack_add_titled (self->view_stack, self->todos_page, "todos", _("To-dos"));
  adw_view_stack_page_set_icon_name (page, "checkbox-checked-symbolic");

  self->users_page = tq_demo_users_page_new (client, http_client);
  page = adw_view_stack_add_titled (self->view_stack, self->users_page, "users", _("Users"));
  adw_view_stack_page_set_icon_name (page, "system-users-symbolic");

  self->client_signals = g_signal_group_new (TQ_TYPE_QUERY_CLIENT);
  g_signal_group_connect_object (self->client_signals, "notify::is-fetching",
                                 G_CALLBACK (update_fetching), self, G_CONNECT_SWAPPED);
  g_signal_group_set_target (self->client_signals, client);
  update_fetching (self);

  self->online_signals = g_signal_group_new (TQ_TYPE_ONLINE_MANAGER);
  g_signal_group_connect_object (self->online_signals, "notify::online",
                                 G_CALLBACK (update_offline), self, G_CONNECT_SWAPPED);
  g_signal_group_set_target (self->online_signals, tq_query_client_get_online_manager (client));
  g_signal_connect_object (application, "notify::n-waiting-changes",
                           G_CALLBACK (update_offline), self, G_CONNECT_SWAPPED);
  update_offline (self);

  server_error = tq_demo_application_get_server_error (application);
  if (server_error != NULL)
    {
      g_autofree char *escaped = g_markup_escape_text (server_error->message, -1);
      AdwToast *toast = adw_toast_new_format (_("The built-in server could not start: %s"), escaped);

      adw_toast_set_timeout (toast, 0);
      adw_toast_set_button_label (toast, _("_Preferences"));
      adw_toast_set_action_name (toast, "app.preferences");
      adw_toast_overlay_add_toast (self->toast_overlay, toast);
    }

  return self;
}

/**
 * tq_demo_window_get_visible_page:
 *
 * Returns: (nullable): the name of the page shown: "todos" or "users"
 */
const char *
tq_demo_window_get_visible_page (TqDemoWindow *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

void
tq_demo_window_set_visible_page (TqDemoWindow *self,
                                 const char   *name)
{
  g_return_if_fail (TQ_DEMO_IS_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, name) != NULL)
    adw_view_stack_set_visible_child_name (self->view_stack, name);
}

/**
 * tq_demo_window_add_toast:
 * @toast: (transfer full): a toast
 */
void
tq_demo_window_add_toast (TqDemoWindow *self,
                          AdwToast     *toast)
{
  g_return_if_fail (TQ_DEMO_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* }}} */
