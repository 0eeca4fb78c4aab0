/* gallery-window.c: every TqGtk widget against the in-process demo server
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "gallery-todo.h"
#include "gallery-window.h"

struct _GalleryWindow
{
  GtkApplicationWindow  parent_instance;

  TqQueryClient        *client;
  TqHttpClient         *http_client;
  TqDemoServer         *server;

  TqQueryObserver      *todos;
  TqQueryObserver      *missing;
  TqQueryObserver      *empty;
  TqInfiniteQueryObserver *feed;
  TqGtkMutationAction  *add_action;
  TqGtkMutationAction  *toggle_action;

  /* template children */
  GtkSpinner           *fetching_spinner;
  GtkSwitch            *fail_switch;
  GtkRevealer          *error_revealer;
  GtkLabel             *error_label;
  GtkStack             *stack;
  GtkEntry             *title_entry;
  GtkButton            *add_button;
  TqGtkQueryView       *todos_view;
  GtkListView          *todos_list;
  TqGtkQueryView       *missing_view;
  TqGtkQueryView       *empty_view;
  TqGtkInfiniteScroll  *feed_scroll;
  GtkListView          *feed_list;

  guint                 self_test_step;
};

G_DEFINE_FINAL_TYPE (GalleryWindow, gallery_window, GTK_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HTTP_CLIENT,
  PROP_SERVER,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* {{{ Closures of the .ui file */

static GVariant *
gallery_new_todo (GalleryWindow *self,
                  const char    *text)
{
  g_autoptr(GVariantDict) dict = g_variant_dict_new (NULL);
  g_autofree char *title = g_strstrip (g_strdup (text ? text : ""));

  g_variant_dict_insert (dict, "userId", "i", 1);
  g_variant_dict_insert (dict, "title", "s", title);
  g_variant_dict_insert (dict, "completed", "b", FALSE);
  return g_variant_dict_end (dict);
}

static GVariant *
gallery_toggle_target (GtkListItem *list_item,
                       GalleryTodo *todo)
{
  /* a row without an item cannot be clicked; the empty dictionary only
   * keeps the target of the action's type */
  if (todo == NULL)
    return g_variant_new_parsed ("@a{sv} {}");

  return g_variant_new_parsed ("{'id': <%x>, 'completed': <%b>}",
                               gallery_todo_get_id (todo),
                               !gallery_todo_get_completed (todo));
}

static char *
gallery_item_title (GtkListItem *list_item,
                    TqJsonItem  *item)
{
  return item != NULL ? g_strdup (tq_json_item_get_string (item, "title")) : NULL;
}

/* }}} */
/* {{{ Optimistic updates */

/* A todo list with the todo of the variables' id changed by their other
 * members. Works on a plain list and on an infinite query's pages. */
static JsonNode *
patch_todos (JsonNode *data,
             JsonNode *patch)
{
  JsonObject *changes = json_node_get_object (patch);
  gint64 id = json_object_get_int_member_with_default (changes, "id", -1);
  g_autoptr(JsonBuilder) builder = NULL;

  if (JSON_NODE_HOLDS_OBJECT (data) && json_object_has_member (json_node_get_object (data), "pages"))
    {
      JsonObject *object = json_node_get_object (data);
      JsonArray *pages = json_object_get_array_member (object, "pages");
      g_autoptr(JsonObject) copy = json_object_new ();
      JsonArray *new_pages = json_array_new ();

      for (guint i = 0; i < json_array_get_length (pages); i++)
        json_array_add_element (new_pages, patch_todos (json_array_get_element (pages, i), patch));
      json_object_set_array_member (copy, "pages", new_pages);
      json_object_set_member (copy, "pageParams",
                              json_node_copy (json_object_get_member (object, "pageParams")));
      return json_node_init_object (json_node_alloc (), copy);
    }

  if (!JSON_NODE_HOLDS_ARRAY (data))
    return json_node_ref (data);

  builder = json_builder_new ();
  json_builder_begin_array (builder);
  for (guint i = 0; i < json_array_get_length (json_node_get_array (data)); i++)
    {
      JsonNode *todo = json_array_get_element (json_node_get_array (data), i);
      JsonObject *object = JSON_NODE_HOLDS_OBJECT (todo) ? json_node_get_object (todo) : NULL;
      g_autoptr(GList) members = NULL;

      if (object == NULL || json_object_get_int_member_with_default (object, "id", -2) != id)
        {
          json_builder_add_value (builder, json_node_ref (todo));
          continue;
        }

      json_builder_begin_object (builder);
      members = json_object_get_members (object);
      for (GList *l = members; l != NULL; l = l->next)
        {
          json_builder_set_member_name (builder, l->data);
          if (json_object_has_member (changes, l->data))
            json_builder_add_value (builder, json_node_copy (json_object_get_member (changes, l->data)));
          else
            json_builder_add_value (builder, json_node_copy (json_object_get_member (object, l->data)));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
toggle_update (const GValue *data,
               const GValue *variables,
               GValue       *result,
               gpointer      user_data)
{
  g_autoptr(JsonNode) patch = json_gvariant_serialize (g_value_get_variant (variables));

  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, patch_todos (g_value_get_boxed (data), patch));
}

/* The new todo at the end of the list, with a temporary id until the
 * server's list replaces it */
static void
add_update (const GValue *data,
            const GValue *variables,
            GValue       *result,
            gpointer      user_data)
{
  JsonNode *list = g_value_get_boxed (data);
  g_autoptr(JsonNode) todo = json_gvariant_serialize (g_value_get_variant (variables));
  g_autoptr(JsonArray) items = json_array_new ();

  g_value_init (result, JSON_TYPE_NODE);
  if (!JSON_NODE_HOLDS_ARRAY (list))
    {
      g_value_set_boxed (result, list);
      return;
    }

  for (guint i = 0; i < json_array_get_length (json_node_get_array (list)); i++)
    json_array_add_element (items, json_node_ref (json_array_get_element (json_node_get_array (list), i)));
  json_object_set_int_member (json_node_get_object (todo), "id", -1);
  json_array_add_element (items, g_steal_pointer (&todo));
  g_value_take_boxed (result, json_node_init_array (json_node_alloc (), items));
}

/* }}} */

static void
show_error (GalleryWindow *self,
            const char    *what,
            const GError  *error)
{
  g_autofree char *text = g_strdup_printf ("%s: %s", what, error->message);

  gtk_label_set_label (self->error_label, text);
  gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
}

static void
on_add_error (GalleryWindow       *self,
              const GError        *error,
              GVariant            *parameter)
{
  show_error (self, "The todo was not added", error);
}

static void
on_add_success (GalleryWindow *self,
                 const GValue  *data,
                 GVariant      *parameter)
{
  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), "");
}

static void
on_toggle_error (GalleryWindow *self,
                 const GError  *error,
                 GVariant      *parameter)
{
  show_error (self, "The todo was not changed", error);
}

static void
on_title_changed (GalleryWindow *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry))));

  tq_gtk_mutation_action_set_enabled (self->add_action, title[0] != '\0');
}

static void
on_fail_switch (GalleryWindow *self)
{
  tq_demo_faults_set_failure_rate (tq_demo_server_get_faults (self->server),
                                   gtk_switch_get_active (self->fail_switch) ? 1.0 : 0.0);
}

static void
dismiss_error (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  gtk_revealer_set_reveal_child (GALLERY_WINDOW (widget)->error_revealer, FALSE);
}

static TqQueryObserver *
query_observer (GalleryWindow *self,
                const char    *key)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (g_variant_new_parsed (key));

  return tq_query_observer_new (self->client, options);
}

static void
next_page (JsonNode  *page,
           JsonArray *pages,
           JsonNode  *page_param,
           JsonArray *page_params,
           GValue    *result,
           gpointer   user_data)
{
  gint64 number = json_object_get_int_member (json_node_get_object (page_param), "_page");
  g_autoptr(JsonObject) next = NULL;

  /* a short page is the last */
  if (!JSON_NODE_HOLDS_ARRAY (page) || json_array_get_length (json_node_get_array (page)) < 20)
    return;

  next = json_object_new ();
  json_object_set_int_member (next, "_page", number + 1);
  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, json_node_init_object (json_node_alloc (), next));
}

static TqGtkMutationAction *
mutation_action (GalleryWindow          *self,
                 const char             *name,
                 const char             *method,
                 const char             *path,
                 TqOptimisticUpdateFunc  update)
{
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqMutationObserver) observer = NULL;
  TqGtkMutationAction *action;

  tq_http_client_apply_mutation (self->http_client, options, method, path);
  tq_mutation_options_set_scope_id (options, "todos");
  tq_mutation_options_add_optimistic_update (options, todos, update, NULL, NULL);
  tq_mutation_options_add_invalidates (options, todos);
  observer = tq_mutation_observer_new (self->client, options);

  action = tq_gtk_mutation_action_new (name, G_VARIANT_TYPE_VARDICT, observer);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
  return action;
}

static void
gallery_window_constructed (GObject *object)
{
  GalleryWindow *self = GALLERY_WINDOW (object);
  TqQueryClient *client = self->client;
  g_autoptr(TqQueryOptions) feed_options = tq_query_options_new (g_variant_new_parsed ("('todos', {'_limit': <20>})"));
  g_auto(GValue) first_page = G_VALUE_INIT;
  g_autoptr(TqQueryListModel) todos_model = NULL;
  g_autoptr(TqInfiniteListModel) feed_model = NULL;

  G_OBJECT_CLASS (gallery_window_parent_class)->constructed (object);

  g_object_bind_property (client, "is-fetching", self->fetching_spinner, "spinning", G_BINDING_SYNC_CREATE);

  self->todos = query_observer (self, "('todos', {'userId': <1>})");
  todos_model = g_object_new (TQ_TYPE_QUERY_LIST_MODEL,
                              "observer", self->todos,
                              "item-type", GALLERY_TYPE_TODO,
                              "item-key", "id",
                              NULL);
  gtk_list_view_set_model (self->todos_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&todos_model)))));
  tq_gtk_query_view_set_observer (self->todos_view, self->todos);

  self->missing = query_observer (self, "('users', 9999)");
  tq_gtk_query_view_set_observer (self->missing_view, self->missing);

  self->empty = query_observer (self, "('todos', {'userId': <9999>})");
  tq_gtk_query_view_set_observer (self->empty_view, self->empty);

  g_value_init (&first_page, JSON_TYPE_NODE);
  g_value_take_boxed (&first_page, json_from_string ("{\"_page\": 1}", NULL));
  tq_query_options_set_initial_page_param (feed_options, &first_page);
  tq_query_options_set_get_next_page_param_func (feed_options, next_page, NULL, NULL);
  self->feed = tq_infinite_query_observer_new (client, feed_options);
  feed_model = tq_infinite_list_model_new (self->feed);
  gtk_list_view_set_model (self->feed_list,
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&feed_model)))));
  tq_gtk_infinite_scroll_set_observer (self->feed_scroll, self->feed);

  self->add_action = mutation_action (self, "add-todo", "POST", "/todos", add_update);
  g_signal_connect_object (self->add_action, "success", G_CALLBACK (on_add_success), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->add_action, "error", G_CALLBACK (on_add_error), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->title_entry, "notify::text", G_CALLBACK (on_title_changed), self, G_CONNECT_SWAPPED);
  on_title_changed (self);

  /* one row's toggle must not wait for another's */
  self->toggle_action = mutation_action (self, "toggle-todo", "PATCH", "/todos/{id}", toggle_update);
  tq_gtk_mutation_action_set_concurrent (self->toggle_action, TRUE);
  g_signal_connect_object (self->toggle_action, "error", G_CALLBACK (on_toggle_error), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->fail_switch, "notify::active", G_CALLBACK (on_fail_switch), self, G_CONNECT_SWAPPED);
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->add_button));
}

static void
gallery_window_dispose (GObject *object)
{
  GalleryWindow *self = GALLERY_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GALLERY_TYPE_WINDOW);

  g_clear_object (&self->todos);
  g_clear_object (&self->missing);
  g_clear_object (&self->empty);
  g_clear_object (&self->feed);
  g_clear_object (&self->add_action);
  g_clear_object (&self->toggle_action);
  g_clear_object (&self->client);
  g_clear_object (&self->http_client);
  g_clear_object (&self->server);

  G_OBJECT_CLASS (gallery_window_parent_class)->dispose (object);
}

static void
gallery_window_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  GalleryWindow *self = GALLERY_WINDOW (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_HTTP_CLIENT:
      self->http_client = g_value_dup_object (value);
      break;

    case PROP_SERVER:
      self->server = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gallery_window_class_init (GalleryWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GParamFlags flags = G_PARAM_WRITABLE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = gallery_window_constructed;
  object_class->dispose = gallery_window_dispose;
  object_class->set_property = gallery_window_set_property;

  properties [PROP_CLIENT] = g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT, flags);
  properties [PROP_HTTP_CLIENT] = g_param_spec_object ("http-client", NULL, NULL, TQ_TYPE_HTTP_CLIENT, flags);
  properties [PROP_SERVER] = g_param_spec_object ("server", NULL, NULL, TQ_DEMO_TYPE_SERVER, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* the template's list items look these types up by name */
  g_type_ensure (GALLERY_TYPE_TODO);
  g_type_ensure (TQ_TYPE_JSON_ITEM);
  g_type_ensure (TQ_GTK_TYPE_QUERY_VIEW);
  g_type_ensure (TQ_GTK_TYPE_INFINITE_SCROLL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Gallery/gallery-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, fetching_spinner);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, fail_switch);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, error_label);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, title_entry);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, add_button);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, todos_view);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, todos_list);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, missing_view);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, empty_view);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, feed_scroll);
  gtk_widget_class_bind_template_child (widget_class, GalleryWindow, feed_list);
  gtk_widget_class_bind_template_callback (widget_class, gallery_new_todo);
  gtk_widget_class_bind_template_callback (widget_class, gallery_toggle_target);
  gtk_widget_class_bind_template_callback (widget_class, gallery_item_title);

  gtk_widget_class_install_action (widget_class, "win.dismiss-error", NULL, dismiss_error);
}

static void
gallery_window_init (GalleryWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

static gboolean
todos_contain (GalleryWindow *self,
               const char    *title)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->todos_list));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GalleryTodo) todo = g_list_model_get_item (model, i);

      /* a positive id: the server's item, not the optimistic one */
      if (g_strcmp0 (gallery_todo_get_title (todo), title) == 0 && gallery_todo_get_id (todo) > 0)
        return TRUE;
    }

  return FALSE;
}

/**
 * gallery_window_self_test_step:
 * @self: a window
 *
 * Moves the self-test of `--self-test` on: first every view must show
 * what its query brought, then a todo is added through the "add-todo"
 * action, and must come back from the server.
 *
 * Returns: (nullable): what the test waits for, %NULL once it is done
 */
const char *
gallery_window_self_test_step (GalleryWindow *self)
{
  static const char title[] = "Written by the self-test";

  switch (self->self_test_step)
    {
    case 0:
      if (tq_gtk_query_view_get_state (self->todos_view) != TQ_GTK_QUERY_VIEW_STATE_CONTENT)
        return "the todos of user 1";
      if (tq_gtk_query_view_get_state (self->missing_view) != TQ_GTK_QUERY_VIEW_STATE_ERROR)
        return "the error of the missing user";
      if (tq_gtk_query_view_get_state (self->empty_view) != TQ_GTK_QUERY_VIEW_STATE_EMPTY)
        return "the empty list";
      if (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (self->feed_list))) < 20)
        return "the first page of the infinite list";

      gtk_editable_set_text (GTK_EDITABLE (self->title_entry), title);
      if (!g_action_get_enabled (G_ACTION (self->add_action)))
        return "the add-todo action to be enabled";
      g_signal_emit_by_name (self->add_button, "clicked");
      self->self_test_step++;
      G_GNUC_FALLTHROUGH;

    case 1:
      if (!todos_contain (self, title))
        return "the added todo to come back from the server";
      self->self_test_step++;
      G_GNUC_FALLTHROUGH;

    default:
      return NULL;
    }
}

GalleryWindow *
gallery_window_new (GtkApplication *application,
                    TqHttpClient   *http_client,
                    TqDemoServer   *server)
{
  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (http_client), NULL);
  g_return_val_if_fail (TQ_DEMO_IS_SERVER (server), NULL);

  return g_object_new (GALLERY_TYPE_WINDOW,
                       "application", application,
                       "client", tq_gtk_application_get_client (application),
                       "http-client", http_client,
                       "server", server,
                       NULL);
}
