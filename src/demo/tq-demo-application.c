/* tq-demo-application.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tq-demo-application.h"
#include "tq-demo-preferences-window.h"
#include "tq-demo-window.h"

/**
 * TqDemoApplication:
 *
 * The Todos & Users client. It owns what every window shares: the query
 * client (so every window shows the same cache), the HTTP client that turns
 * keys into requests, the realtime helper that follows the server's
 * `/events`, and — unless `--server URL` or the `server-url` setting names
 * another server — the built-in demo server, which it runs in-process on
 * 127.0.0.1 with its data in the user data folder.
 *
 * The library's application wiring (tq_gtk_application_attach_client())
 * refetches when a window gains focus and when the network comes back;
 * the mutation cache's paused mutations are the changes waiting for the
 * network (#TqDemoApplication:n-waiting-changes).
 */

struct _TqDemoApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  char           *server_option;   /* --server: this run only */

  TqDemoServer   *server;          /* the built-in one, while in use */
  GError         *server_error;    /* why it could not start */
  char           *server_uri;      /* what the HTTP client talks to */

  TqQueryClient  *client;
  TqHttpClient   *http_client;
  TqRealtime     *realtime;
  guint           n_waiting_changes;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HTTP_CLIENT,
  PROP_SERVER_URI,
  PROP_N_WAITING_CHANGES,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqDemoApplication, tq_demo_application, ADW_TYPE_APPLICATION)

static GParamSpec *properties [N_PROPS];

/* {{{ The server */

static void
apply_faults (TqDemoApplication *self)
{
  TqDemoFaults *faults;
  guint min, max, seed;

  if (self->server == NULL)
    return;

  faults = tq_demo_server_get_faults (self->server);
  min = g_settings_get_uint (self->settings, "latency-min-ms");
  max = g_settings_get_uint (self->settings, "latency-max-ms");
  tq_demo_faults_set_latency (faults, min, MAX (min, max));
  tq_demo_faults_set_failure_rate (faults, g_settings_get_double (self->settings, "failure-rate"));
  tq_demo_faults_set_drop_rate (faults, g_settings_get_double (self->settings, "drop-rate"));

  /* 0 keeps the random seed the server picked */
  seed = g_settings_get_uint (self->settings, "fault-seed");
  if (seed != 0 && seed != tq_demo_faults_get_seed (faults))
    tq_demo_faults_set_seed (faults, seed);
}

static void
stop_server (TqDemoApplication *self)
{
  if (self->server != NULL)
    tq_demo_server_stop (self->server);
  g_clear_object (&self->server);
}

static gboolean
start_server (TqDemoApplication  *self,
              GError            **error)
{
  g_autoptr(TqDemoServer) server = NULL;
  g_autoptr(GFile) directory = NULL;

  directory = g_file_new_build_filename (g_get_user_data_dir (), APP_ID, NULL);
  server = tq_demo_server_new_for_directory (directory, error);
  if (server == NULL || !tq_demo_server_listen (server, "127.0.0.1", 0, error))
    return FALSE;

  self->server = g_steal_pointer (&server);
  apply_faults (self);
  g_debug ("Built-in server listening on %s", tq_demo_server_get_base_uri (self->server));

  return TRUE;
}

/* Points the HTTP client and the realtime helper at the server asked for
 * (the command line's, the setting's, or the built-in one), and drops what
 * the cache holds from another server.
 */
static void
connect_server (TqDemoApplication *self)
{
  g_autofree char *setting = g_settings_get_string (self->settings, "server-url");
  g_autofree char *uri = NULL;
  gboolean switching = self->server_uri != NULL;

  g_strstrip (setting);

  if (self->server_option != NULL)
    uri = g_strdup (self->server_option);
  else if (*setting != '\0')
    uri = g_strdup (setting);

  if (uri != NULL)
    stop_server (self);
  else if (self->server != NULL)
    uri = g_strdup (tq_demo_server_get_base_uri (self->server));
  else
    {
      g_clear_error (&self->server_error);
      if (start_server (self, &self->server_error))
        uri = g_strdup (tq_demo_server_get_base_uri (self->server));
      else
        g_warning ("Could not start the built-in server: %s", self->server_error->message);
    }

  if (g_strcmp0 (uri, self->server_uri) == 0)
    return;

  g_free (self->server_uri);
  self->server_uri = g_steal_pointer (&uri);

  tq_realtime_stop (self->realtime);
  tq_http_client_set_base_uri (self->http_client, self->server_uri);
  tq_http_client_forget_validators (self->http_client, NULL);
  if (self->server_uri != NULL)
    tq_realtime_start (self->realtime);

  /* Another server's data must not show: refetch what is shown, forget
   * the rest.
   */
  if (switching)
    tq_query_client_reset_queries_async (self->client, NULL, NULL, NULL, NULL);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SERVER_URI]);
}

static void
on_server_url_changed (TqDemoApplication *self)
{
  if (self->server_option == NULL)
    connect_server (self);
}

/* }}} */
/* {{{ Changes waiting for the network */

static gboolean
is_paused (TqMutation *mutation,
           gpointer    user_data)
{
  return tq_mutation_state_get_is_paused (tq_mutation_get_state (mutation));
}

static void
update_waiting_changes (TqDemoApplication *self)
{
  g_autoptr(TqMutationFilters) filters = tq_mutation_filters_new (NULL);
  guint n;

  tq_mutation_filters_set_predicate (filters, is_paused, NULL, NULL);
  n = tq_query_client_is_mutating (self->client, filters);

  if (n != self->n_waiting_changes)
    {
      self->n_waiting_changes = n;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_WAITING_CHANGES]);
    }
}

/* }}} */
/* {{{ Actions */

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GtkApplication *app = user_data;
  GList *windows = g_list_copy_deep (gtk_application_get_windows (app), (GCopyFunc) g_object_ref, NULL);

  /* Closing (not destroying) the windows saves their state */
  for (GList *l = windows; l != NULL; l = l->next)
    gtk_window_close (l->data);
  g_list_free_full (windows, g_object_unref);

  g_application_quit (G_APPLICATION (app));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = user_data;
  static const char *developers[] = { "The Tq authors", NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application", app,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Tq Demo"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Tq authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A to-do list and user directory that stays in sync with a server, "
                                      "built on Tq, TanStack Query’s model of server state for GTK."),
                        "website", "https://github.com/tq/tq",
                        "issue-url", "https://github.com/tq/tq/issues",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "copyright", "© 2026 The Tq authors",
                        "developers", developers,
                        /* Translators: put your names here, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  TqDemoApplication *self = user_data;
  GtkWidget *window = tq_demo_preferences_window_new (self);

  gtk_window_set_transient_for (GTK_WINDOW (window),
                                gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));
}

static void
shortcuts_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  GtkApplication *app = user_data;
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_resource ("/io/github/tq/Demo/ui/tq-demo-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));

  gtk_window_set_transient_for (window, gtk_application_get_active_window (app));
  gtk_window_set_application (window, app);
  gtk_window_present (window);
}

static void
refresh_action (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  TqDemoApplication *self = user_data;

  /* Everything is stale now; what is shown is fetched again */
  tq_query_client_invalidate_queries_async (self->client, NULL, TRUE, NULL, NULL, NULL);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_window_present (tq_demo_application_new_window (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_action },
  { "about", about_action },
  { "preferences", preferences_action },
  { "shortcuts", shortcuts_action },
  { "refresh", refresh_action },
  { "new-window", new_window_action },
};

static const struct {
  const char *action;
  const char *accels[3];
} accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "app.refresh", { "<Control>r", "F5", NULL } },
  { "app.preferences", { "<Control>comma", NULL } },
  { "app.shortcuts", { "<Control>question", NULL } },
  { "app.new-window", { "<Control><Shift>n", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.new-todo", { "<Control>n", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.show-page('todos')", { "<Alt>1", NULL } },
  { "win.show-page('users')", { "<Alt>2", NULL } },
};

/* }}} */
/* {{{ GApplication */

static int
tq_demo_application_handle_local_options (GApplication *app,
                                          GVariantDict *options)
{
  TqDemoApplication *self = TQ_DEMO_APPLICATION (app);
  const char *server = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("tq-demo %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (g_variant_dict_lookup (options, "server", "&s", &server))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = g_uri_parse (server, G_URI_FLAGS_NONE, &error);

      if (uri != NULL &&
          g_ascii_strcasecmp (g_uri_get_scheme (uri), "http") != 0 &&
          g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") != 0)
        g_set_error (&error, G_URI_ERROR, G_URI_ERROR_BAD_SCHEME,
                     _("Only http and https addresses are supported"));
      else if (uri != NULL && (g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0'))
        g_set_error (&error, G_URI_ERROR, G_URI_ERROR_BAD_HOST, _("The address has no host"));

      if (error != NULL)
        {
          /* Translators: the first %s is what the user gave, the second why it is wrong */
          g_printerr (_("Invalid server address “%s”: %s\n"), server, error->message);
          return EXIT_FAILURE;
        }

      g_free (self->server_option);
      self->server_option = g_strdup (server);

      /* This process talks to its own server: it must not hand over to a
       * running instance that talks to another.
       */
      g_application_set_flags (app, g_application_get_flags (app) | G_APPLICATION_NON_UNIQUE);
    }

  return G_APPLICATION_CLASS (tq_demo_application_parent_class)->handle_local_options (app, options);
}

static void
tq_demo_application_startup (GApplication *app)
{
  TqDemoApplication *self = TQ_DEMO_APPLICATION (app);
  g_autoptr(TqQueryOptions) defaults = tq_query_options_new (NULL);
  TqMutationCache *mutations;

  G_APPLICATION_CLASS (tq_demo_application_parent_class)->startup (app);

  tq_gtk_init ();
  gtk_window_set_default_icon_name (APP_ID);

  self->settings = g_settings_new ("io.github.tq.Demo");

  self->client = tq_query_client_new ();
  self->http_client = tq_http_client_new (NULL);
  tq_http_client_apply (self->http_client, defaults);
  tq_query_client_set_default_query_options (self->client, defaults);
  self->realtime = tq_realtime_new (self->client, self->http_client, "/events");

  /* Focus and reconnection refetch, mounted while the app runs */
  tq_gtk_application_attach_client (GTK_APPLICATION (self), self->client);

  mutations = tq_query_client_get_mutation_cache (self->client);
  g_signal_connect_object (mutations, "mutation-added", G_CALLBACK (update_waiting_changes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mutations, "mutation-removed", G_CALLBACK (update_waiting_changes), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (mutations, "mutation-updated", G_CALLBACK (update_waiting_changes), self, G_CONNECT_SWAPPED);

  connect_server (self);
  g_signal_connect_object (self->settings, "changed::server-url", G_CALLBACK (on_server_url_changed),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::latency-min-ms", G_CALLBACK (apply_faults), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::latency-max-ms", G_CALLBACK (apply_faults), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::failure-rate", G_CALLBACK (apply_faults), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::drop-rate", G_CALLBACK (apply_faults), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->settings, "changed::fault-seed", G_CALLBACK (apply_faults), self, G_CONNECT_SWAPPED);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions, G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action, accels[i].accels);
}

static void
tq_demo_application_activate (GApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    window = tq_demo_application_new_window (TQ_DEMO_APPLICATION (app));

  gtk_window_present (window);
}

static void
tq_demo_application_shutdown (GApplication *app)
{
  TqDemoApplication *self = TQ_DEMO_APPLICATION (app);

  if (self->realtime != NULL)
    tq_realtime_stop (self->realtime);
  stop_server (self);

  G_APPLICATION_CLASS (tq_demo_application_parent_class)->shutdown (app);
}

/* }}} */
/* {{{ GObject */

static void
tq_demo_application_dispose (GObject *object)
{
  TqDemoApplication *self = (TqDemoApplication *)object;

  stop_server (self);
  g_clear_object (&self->realtime);
  g_clear_object (&self->http_client);
  g_clear_object (&self->client);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (tq_demo_application_parent_class)->dispose (object);
}

static void
tq_demo_application_finalize (GObject *object)
{
  TqDemoApplication *self = (TqDemoApplication *)object;

  g_clear_pointer (&self->server_option, g_free);
  g_clear_pointer (&self->server_uri, g_free);
  g_clear_error (&self->server_error);

  G_OBJECT_CLASS (tq_demo_application_parent_class)->finalize (object);
}

static void
tq_demo_application_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqDemoApplication *self = TQ_DEMO_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_HTTP_CLIENT:
      g_value_set_object (value, self->http_client);
      break;
    case PROP_SERVER_URI:
      g_value_set_string (value, self->server_uri);
      break;
    case PROP_N_WAITING_CHANGES:
      g_value_set_uint (value, self->n_waiting_changes);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_application_class_init (TqDemoApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tq_demo_application_dispose;
  object_class->finalize = tq_demo_application_finalize;
  object_class->get_property = tq_demo_application_get_property;

  app_class->handle_local_options = tq_demo_application_handle_local_options;
  app_class->startup = tq_demo_application_startup;
  app_class->activate = tq_demo_application_activate;
  app_class->shutdown = tq_demo_application_shutdown;

  /**
   * TqDemoApplication:client:
   *
   * The query client of every window.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoApplication:http-client:
   *
   * The HTTP client that fetches and writes.
   */
  properties [PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, TQ_TYPE_HTTP_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoApplication:server-uri:
   *
   * The base URI of the server in use, %NULL if there is none (the
   * built-in server could not start).
   */
  properties [PROP_SERVER_URI] =
    g_param_spec_string ("server-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoApplication:n-waiting-changes:
   *
   * How many changes wait for the network to be sent: the paused
   * mutations.
   */
  properties [PROP_N_WAITING_CHANGES] =
    g_param_spec_uint ("n-waiting-changes", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_demo_application_init (TqDemoApplication *self)
{
  static const GOptionEntry entries[] = {
    { "server", 's', G_OPTION_FLAG_NONE, G_OPTION_ARG_STRING, NULL,
      N_("Use the server at URL instead of the built-in one"), N_("URL") },
    { "version", 0, G_OPTION_FLAG_NONE, G_OPTION_ARG_NONE, NULL,
      N_("Show the version and exit"), NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), NULL);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("A to-do list and user directory that stays in sync with a server.\n"
                                              "Without --server it runs its own server, with its data in the user data folder."));
}

/* }}} */
/* {{{ Public API */

TqDemoApplication *
tq_demo_application_new (void)
{
  return g_object_new (TQ_DEMO_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       /* One resource path whether the ID ends in .Devel or not */
                       "resource-base-path", "/io/github/tq/Demo",
                       NULL);
}

GSettings *
tq_demo_application_get_settings (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->settings;
}

TqQueryClient *
tq_demo_application_get_client (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->client;
}

TqHttpClient *
tq_demo_application_get_http_client (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->http_client;
}

TqRealtime *
tq_demo_application_get_realtime (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->realtime;
}

/**
 * tq_demo_application_get_server:
 *
 * Returns: (transfer none) (nullable): the built-in server, if in use
 */
TqDemoServer *
tq_demo_application_get_server (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->server;
}

/**
 * tq_demo_application_get_server_error:
 *
 * Returns: (transfer none) (nullable): why the built-in server could not
 *   start, if it could not
 */
const GError *
tq_demo_application_get_server_error (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->server_uri == NULL ? self->server_error : NULL;
}

const char *
tq_demo_application_get_server_uri (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return self->server_uri;
}

/**
 * tq_demo_application_get_server_overridden:
 *
 * Returns: whether `--server` chose the server of this run, over the
 *   setting
 */
gboolean
tq_demo_application_get_server_overridden (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), FALSE);

  return self->server_option != NULL;
}

guint
tq_demo_application_get_n_waiting_changes (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), 0);

  return self->n_waiting_changes;
}

/**
 * tq_demo_application_new_window:
 *
 * Returns: (transfer none): a new main window, not shown yet
 */
GtkWindow *
tq_demo_application_new_window (TqDemoApplication *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_APPLICATION (self), NULL);

  return GTK_WINDOW (tq_demo_window_new (self));
}

/* }}} */
