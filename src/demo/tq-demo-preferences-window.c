/* tq-demo-preferences-window.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tq-demo-preferences-window.h"

/**
 * TqDemoPreferencesWindow:
 *
 * The settings of the app: the server's address, and the faults the
 * built-in server simulates (delays, failures, dropped connections), which
 * take effect at once.
 */

struct _TqDemoPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  TqDemoApplication    *application;
  GSettings            *settings;

  GtkWidget            *server_row;
  GtkWidget            *in_use_row;
  GtkWidget            *faults_group;
  GtkAdjustment        *latency_min_adjustment;
  GtkAdjustment        *latency_max_adjustment;
  GtkAdjustment        *failure_adjustment;
  GtkAdjustment        *drop_adjustment;
  GtkAdjustment        *seed_adjustment;
};

G_DEFINE_FINAL_TYPE (TqDemoPreferencesWindow, tq_demo_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
update_in_use (TqDemoPreferencesWindow *self)
{
  const char *uri = tq_demo_application_get_server_uri (self->application);
  g_autofree char *subtitle = NULL;

  if (uri == NULL)
    subtitle = g_strdup (_("None: the built-in server could not start"));
  else if (tq_demo_application_get_server (self->application) != NULL)
    /* Translators: %s is a web address */
    subtitle = g_strdup_printf (_("The built-in server, at %s"), uri);
  else if (tq_demo_application_get_server_overridden (self->application))
    /* Translators: %s is a web address */
    subtitle = g_strdup_printf (_("%s, given on the command line"), uri);
  else
    subtitle = g_strdup (uri);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->in_use_row), subtitle);

  /* The faults are the built-in server's */
  gtk_widget_set_sensitive (self->faults_group, tq_demo_application_get_server (self->application) != NULL);
}

static void
on_server_apply (TqDemoPreferencesWindow *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->server_row))));
  g_autoptr(GUri) uri = NULL;

  if (*text != '\0')
    {
      uri = g_uri_parse (text, G_URI_FLAGS_NONE, NULL);
      if (uri == NULL ||
          (g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
           g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0) ||
          g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
        {
          adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                            adw_toast_new (_("Enter an address that starts with http:// or https://")));
          gtk_widget_add_css_class (self->server_row, "error");
          return;
        }
    }

  gtk_widget_remove_css_class (self->server_row, "error");
  g_settings_set_string (self->settings, "server-url", text);
}

/* The rates are fractions in the settings and percentages on screen */
static gboolean
percent_get (GValue   *value,
             GVariant *variant,
             gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_double (variant) * 100.0);
  return TRUE;
}

static GVariant *
percent_set (const GValue       *value,
             const GVariantType *expected_type,
             gpointer            user_data)
{
  return g_variant_new_double (CLAMP (g_value_get_double (value) / 100.0, 0.0, 1.0));
}

static gboolean
uint_get (GValue   *value,
          GVariant *variant,
          gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_uint32 (variant));
  return TRUE;
}

static GVariant *
uint_set (const GValue       *value,
          const GVariantType *expected_type,
          gpointer            user_data)
{
  return g_variant_new_uint32 ((guint32) CLAMP (g_value_get_double (value), 0, G_MAXUINT32));
}

static void
tq_demo_preferences_window_dispose (GObject *object)
{
  TqDemoPreferencesWindow *self = (TqDemoPreferencesWindow *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (tq_demo_preferences_window_parent_class)->dispose (object);
}

static void
tq_demo_preferences_window_class_init (TqDemoPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tq_demo_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, in_use_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, faults_group);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, latency_min_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, latency_max_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, failure_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, drop_adjustment);
  gtk_widget_class_bind_template_child (widget_class, TqDemoPreferencesWindow, seed_adjustment);
  gtk_widget_class_bind_template_callback (widget_class, on_server_apply);
}

static void
tq_demo_preferences_window_init (TqDemoPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * tq_demo_preferences_window_new:
 * @application: the application whose settings to show
 *
 * Returns: (transfer none): a new preferences window
 */
GtkWidget *
tq_demo_preferences_window_new (TqDemoApplication *application)
{
  TqDemoPreferencesWindow *self;
  g_autofree char *url = NULL;

  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (application), NULL);

  self = g_object_new (TQ_DEMO_TYPE_PREFERENCES_WINDOW, NULL);
  self->application = g_object_ref (application);
  self->settings = g_object_ref (tq_demo_application_get_settings (application));

  url = g_settings_get_string (self->settings, "server-url");
  gtk_editable_set_text (GTK_EDITABLE (self->server_row), url);
  gtk_widget_set_sensitive (self->server_row, !tq_demo_application_get_server_overridden (application));

  g_signal_connect_object (application, "notify::server-uri", G_CALLBACK (update_in_use), self, G_CONNECT_SWAPPED);
  update_in_use (self);

  g_settings_bind_with_mapping (self->settings, "latency-min-ms", self->latency_min_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, uint_get, uint_set, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "latency-max-ms", self->latency_max_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, uint_get, uint_set, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "fault-seed", self->seed_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, uint_get, uint_set, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "failure-rate", self->failure_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, percent_get, percent_set, NULL, NULL);
  g_settings_bind_with_mapping (self->settings, "drop-rate", self->drop_adjustment, "value",
                                G_SETTINGS_BIND_DEFAULT, percent_get, percent_set, NULL, NULL);

  return GTK_WIDGET (self);
}
