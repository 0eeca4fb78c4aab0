/* tq-demo-user-detail.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <tq-gtk.h>

#include "tq-demo-user-detail.h"

/* The detail pane of the Users page: the selected user and their to-dos.
 *
 * Both are dependent queries: ('users', <id>) and ('todos', {'userId':
 * <id>}) are enabled only once a user is chosen. The to-do list shares its
 * key, and so its cache entry, with the Todos page's per-user filter. Rows
 * are hovered before they are clicked, so the page prefetches with the same
 * options (tq_demo_user_detail_prefetch()), and a short stale time lets the
 * detail show that data at once instead of fetching it again.
 */

/* Fresh for a minute: long enough for a prefetch on hover to be used by the
 * click that follows; change events from the server invalidate sooner. */
#define DETAIL_STALE_TIME (60 * 1000)

struct _TqDemoUserDetail
{
  GtkWidget          parent_instance;

  TqQueryClient     *client;
  TqHttpClient      *http_client;
  gint64             user_id;
  TqQueryObserver   *user;
  TqQueryObserver   *todos;
  TqQueryListModel  *todos_model;
  JsonNode          *shown;

  GtkStack          *stack;
  TqGtkQueryView    *user_view;
  AdwStatusPage     *user_error_page;
  AdwAvatar         *avatar;
  GtkLabel          *name_label;
  GtkLabel          *email_label;
  AdwActionRow      *username_row;
  AdwActionRow      *phone_row;
  AdwActionRow      *website_row;
  AdwActionRow      *company_row;
  AdwActionRow      *address_row;
  AdwPreferencesGroup *todos_group;
  TqGtkQueryView    *todos_view;
  GtkListBox        *todos_list;
  GtkLabel          *todos_error_label;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HTTP_CLIENT,
  PROP_USER_ID,
  PROP_USER,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqDemoUserDetail, tq_demo_user_detail, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

/* JSON helpers {{{ */

/* The string at @path (member names, NULL-terminated) under @object, or
 * NULL if any step is missing or of another type. */
static const char *
lookup_string (JsonObject *object,
               ...)
{
  JsonNode *node = NULL;
  const char *name;
  va_list args;

  va_start (args, object);
  while ((name = va_arg (args, const char *)) != NULL)
    {
      if (object == NULL || !json_object_has_member (object, name))
        {
          node = NULL;
          break;
        }
      node = json_object_get_member (object, name);
      object = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
    }
  va_end (args);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

/* }}} */
/* Options {{{ */

static TqQueryOptions *
user_options (TqDemoUserDetail *self,
              gint64            user_id)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (g_variant_new ("(sx)", "users", user_id));

  tq_http_client_apply (self->http_client, options);
  tq_query_options_set_stale_time (options, DETAIL_STALE_TIME);
  tq_query_options_set_enabled (options, user_id > 0);

  return g_steal_pointer (&options);
}

static TqQueryOptions *
todos_options (TqDemoUserDetail *self,
               gint64            user_id)
{
  g_auto(GVariantDict) filter = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(TqQueryOptions) options = NULL;

  g_variant_dict_insert (&filter, "userId", "x", user_id);
  options = tq_query_options_new (g_variant_new ("(s@a{sv})", "todos", g_variant_dict_end (&filter)));
  tq_http_client_apply (self->http_client, options);
  tq_query_options_set_stale_time (options, DETAIL_STALE_TIME);
  tq_query_options_set_enabled (options, user_id > 0);

  return g_steal_pointer (&options);
}

/* }}} */
/* Showing the data {{{ */

static void
show_user (TqDemoUserDetail *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (self->user);
  const GValue *data = tq_query_result_get_data (result);
  JsonNode *node = NULL;
  JsonObject *user = NULL;
  const char *name, *email, *city, *street;
  g_autofree char *address = NULL;

  if (G_VALUE_HOLDS (data, JSON_TYPE_NODE))
    node = g_value_get_boxed (data);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    user = json_node_get_object (node);
  else
    node = NULL;

  name = lookup_string (user, "name", NULL);
  email = lookup_string (user, "email", NULL);
  street = lookup_string (user, "address", "street", NULL);
  city = lookup_string (user, "address", "city", NULL);
  if (street != NULL && city != NULL)
    /* Translators: a street address, then the city */
    address = g_strdup_printf (C_("address", "%s, %s"), street, city);
  else
    address = g_strdup (city != NULL ? city : street);

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_label (self->name_label, name != NULL ? name : "");
  gtk_label_set_label (self->email_label, email != NULL ? email : "");

#define SET_ROW(row, value) \
  G_STMT_START { \
    const char *__v = (value); \
    adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), __v != NULL ? __v : ""); \
    gtk_widget_set_visible (GTK_WIDGET (row), __v != NULL && *__v != '\0'); \
  } G_STMT_END
  SET_ROW (self->username_row, lookup_string (user, "username", NULL));
  SET_ROW (self->phone_row, lookup_string (user, "phone", NULL));
  SET_ROW (self->website_row, lookup_string (user, "website", NULL));
  SET_ROW (self->company_row, lookup_string (user, "company", "name", NULL));
  SET_ROW (self->address_row, address);
#undef SET_ROW

  if (self->shown != node)
    {
      g_clear_pointer (&self->shown, json_node_unref);
      self->shown = node != NULL ? json_node_ref (node) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER]);
    }
}

static void
show_user_error (TqDemoUserDetail *self)
{
  const GError *error = tq_query_result_get_error (tq_query_observer_get_current_result (self->user));
  g_autofree char *escaped = error != NULL ? g_markup_escape_text (error->message, -1) : NULL;

  adw_status_page_set_description (self->user_error_page, escaped);
}

static void
show_todos_summary (TqDemoUserDetail *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->todos_model));
  guint done = 0;
  g_autofree char *summary = NULL;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TqJsonItem) todo = g_list_model_get_item (G_LIST_MODEL (self->todos_model), i);

      done += tq_json_item_get_boolean (todo, "completed");
    }

  if (n > 0)
    /* Translators: how many of a user's to-dos are done, such as “4 of 10 done” */
    summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u done", "%u of %u done", n), done, n);
  adw_preferences_group_set_description (self->todos_group, summary);
}

static void
show_todos_error (TqDemoUserDetail *self)
{
  const GError *error = tq_query_result_get_error (tq_query_observer_get_current_result (self->todos));

  gtk_label_set_label (self->todos_error_label, error != NULL ? error->message : "");
}

static GtkWidget *
create_todo_row (gpointer item,
                 gpointer user_data)
{
  TqJsonItem *todo = item;
  gboolean done = tq_json_item_get_boolean (todo, "completed");
  const char *title = tq_json_item_get_string (todo, "title");
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_image_new_from_icon_name ("object-select-symbolic");

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");

  /* A check mark for done, the same space left empty for not done */
  gtk_widget_set_opacity (check, done ? 1.0 : 0.0);
  if (done)
    gtk_widget_add_css_class (check, "success");
  gtk_accessible_update_property (GTK_ACCESSIBLE (check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, done ? _("Done") : _("Not done"),
                                  -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);

  return row;
}

/* }}} */

static void
ensure_observers (TqDemoUserDetail *self)
{
  g_autoptr(TqQueryOptions) user = NULL;
  g_autoptr(TqQueryOptions) todos = NULL;

  if (self->user != NULL || self->client == NULL || self->http_client == NULL)
    return;

  user = user_options (self, self->user_id);
  todos = todos_options (self, self->user_id);
  self->user = tq_query_observer_new (self->client, user);
  self->todos = tq_query_observer_new (self->client, todos);
  self->todos_model = tq_query_list_model_new (self->todos);

  g_signal_connect_object (self->user, "notify::data", G_CALLBACK (show_user), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->user, "notify::error", G_CALLBACK (show_user_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->todos, "notify::error", G_CALLBACK (show_todos_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->todos_model, "items-changed", G_CALLBACK (show_todos_summary), self,
                           G_CONNECT_SWAPPED);

  gtk_list_box_bind_model (self->todos_list, G_LIST_MODEL (self->todos_model), create_todo_row, NULL, NULL);
  tq_gtk_query_view_set_observer (self->user_view, self->user);
  tq_gtk_query_view_set_observer (self->todos_view, self->todos);

  show_user (self);
  show_user_error (self);
  show_todos_error (self);
  show_todos_summary (self);
}

static void
tq_demo_user_detail_dispose (GObject *object)
{
  TqDemoUserDetail *self = (TqDemoUserDetail *)object;

  if (self->todos_list != NULL)
    gtk_list_box_bind_model (self->todos_list, NULL, NULL, NULL, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_USER_DETAIL);

  g_clear_object (&self->todos_model);
  g_clear_object (&self->user);
  g_clear_object (&self->todos);
  g_clear_object (&self->client);
  g_clear_object (&self->http_client);
  g_clear_pointer (&self->shown, json_node_unref);

  G_OBJECT_CLASS (tq_demo_user_detail_parent_class)->dispose (object);
}

static void
tq_demo_user_detail_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqDemoUserDetail *self = TQ_DEMO_USER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_HTTP_CLIENT:
      g_value_set_object (value, self->http_client);
      break;

    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;

    case PROP_USER:
      g_value_set_boxed (value, self->shown);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_user_detail_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TqDemoUserDetail *self = TQ_DEMO_USER_DETAIL (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      tq_demo_user_detail_set_user_id (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_user_detail_class_init (TqDemoUserDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tq_demo_user_detail_dispose;
  object_class->get_property = tq_demo_user_detail_get_property;
  object_class->set_property = tq_demo_user_detail_set_property;

  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties [PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, TQ_TYPE_HTTP_CLIENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* The user shown; 0 for none */
  properties [PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The user's data as shown (optimistic edits included), or NULL */
  properties [PROP_USER] =
    g_param_spec_boxed ("user", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TQ_GTK_TYPE_QUERY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-user-detail.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, stack);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, user_view);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, user_error_page);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, avatar);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, name_label);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, email_label);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, username_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, phone_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, website_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, company_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, address_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, todos_group);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, todos_view);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, todos_list);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserDetail, todos_error_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tq_demo_user_detail_init (TqDemoUserDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_stack_set_visible_child_name (self->stack, "none");
}

GtkWidget *
tq_demo_user_detail_new (void)
{
  return g_object_new (TQ_DEMO_TYPE_USER_DETAIL, NULL);
}

TqQueryClient *
tq_demo_user_detail_get_client (TqDemoUserDetail *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_DETAIL (self), NULL);

  return self->client;
}

TqHttpClient *
tq_demo_user_detail_get_http_client (TqDemoUserDetail *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_DETAIL (self), NULL);

  return self->http_client;
}

/* Gives the pane the clients its queries go through; once only. */
void
tq_demo_user_detail_set_clients (TqDemoUserDetail *self,
                                 TqQueryClient    *client,
                                 TqHttpClient     *http_client)
{
  g_return_if_fail (TQ_DEMO_IS_USER_DETAIL (self));
  g_return_if_fail (TQ_IS_QUERY_CLIENT (client));
  g_return_if_fail (TQ_IS_HTTP_CLIENT (http_client));
  g_return_if_fail (self->client == NULL);

  self->client = g_object_ref (client);
  self->http_client = g_object_ref (http_client);
  ensure_observers (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CLIENT]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HTTP_CLIENT]);
}

gint64
tq_demo_user_detail_get_user_id (TqDemoUserDetail *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_DETAIL (self), 0);

  return self->user_id;
}

void
tq_demo_user_detail_set_user_id (TqDemoUserDetail *self,
                                 gint64            user_id)
{
  g_return_if_fail (TQ_DEMO_IS_USER_DETAIL (self));
  g_return_if_fail (user_id >= 0);

  if (self->user_id == user_id)
    return;

  self->user_id = user_id;

  if (self->user != NULL)
    {
      g_autoptr(TqQueryOptions) user = user_options (self, user_id);
      g_autoptr(TqQueryOptions) todos = todos_options (self, user_id);

      tq_query_observer_set_options (self->user, user);
      tq_query_observer_set_options (self->todos, todos);
      show_user (self);
    }

  gtk_stack_set_visible_child_name (self->stack, user_id > 0 ? "user" : "none");

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_USER_ID]);
}

/* The user as shown, or NULL while there is none. */
JsonNode *
tq_demo_user_detail_get_user (TqDemoUserDetail *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_DETAIL (self), NULL);

  return self->shown;
}

/* Warms the cache for a user the pointer is on, with the options the pane
 * will use: a fresh prefetch costs nothing. */
void
tq_demo_user_detail_prefetch (TqDemoUserDetail *self,
                              gint64            user_id)
{
  g_autoptr(TqQueryOptions) user = NULL;
  g_autoptr(TqQueryOptions) todos = NULL;

  g_return_if_fail (TQ_DEMO_IS_USER_DETAIL (self));

  if (user_id <= 0 || self->client == NULL)
    return;

  user = user_options (self, user_id);
  todos = todos_options (self, user_id);
  tq_query_client_prefetch_query_async (self->client, user, NULL, NULL, NULL);
  tq_query_client_prefetch_query_async (self->client, todos, NULL, NULL, NULL);
}
