/* tq-demo-todos-page.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include <adwaita.h>
#include <tq-gtk.h>

#include "tq-demo-todo-row.h"
#include "tq-demo-todos-page.h"

/**
 * TqDemoTodosPage:
 *
 * The list of to-dos, and everything done with it.
 *
 * The list is a `GtkListView` over a [class@Tq.QueryListModel] of one query
 * observer, whose key says which to-dos to show: ('todos', {filters}) with
 * the filters in effect (All / Active / Completed, one user, a search), so
 * each combination is its own cached query. Changing the filters gives the
 * observer a new key, and the previous list stays on screen, dimmed, until
 * the next one arrives. A [class@TqGtk.QueryView] around the list shows the
 * first load, an empty state, an error with Retry, and a thin progress bar
 * while the list is refreshed in the background.
 *
 * Every change is a mutation whose effect shows at once (Tq's optimistic
 * layers, declared in tq-demo-todos.c) and is rolled back, with a toast,
 * if the server refuses it. Deleting offers Undo, which puts the to-do back.
 */

struct _TqDemoTodosPage
{
  GtkWidget           parent_instance;

  TqQueryClient      *client;
  TqHttpClient       *http_client;
  GSettings          *settings;

  TqQueryObserver    *observer;
  TqQueryListModel   *model;
  TqQueryObserver    *users_observer;
  TqQueryListModel   *users_model;

  TqMutationObserver *create_observer;
  TqMutationObserver *update_observer;
  TqMutationObserver *delete_observer;

  TqDemoTodoFilter    filter;
  gint64              user_id;
  char               *search;
  gboolean            show_added;

  GtkWidget          *search_bar;
  GtkWidget          *search_entry;
  GtkWidget          *new_entry;
  GtkWidget          *all_button;
  GtkWidget          *active_button;
  GtkWidget          *completed_button;
  GtkWidget          *user_dropdown;
  GtkWidget          *view;
  GtkWidget          *list_view;
  GtkWidget          *empty_page;
  GtkWidget          *error_page;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HTTP_CLIENT,
  PROP_FILTER,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqDemoTodosPage, tq_demo_todos_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

/* {{{ Helpers */

static void
show_toast (TqDemoTodosPage *self,
            AdwToast        *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
  else
    g_object_unref (g_object_ref_sink (toast));
}

/* Starts a mutation with @variables, which it takes */
static void
mutate_json (TqMutationObserver *observer,
             JsonNode           *variables)
{
  g_auto(GValue) value = G_VALUE_INIT;

  json_node_seal (variables);
  g_value_init (&value, JSON_TYPE_NODE);
  g_value_take_boxed (&value, variables);
  tq_mutation_observer_mutate (observer, &value, NULL, NULL, NULL);
}

/* The longest to-do title a failure toast shows in full */
#define TOAST_TITLE_CHARS 24

static const char *
json_title (JsonNode *todo)
{
  if (todo == NULL || !JSON_NODE_HOLDS_OBJECT (todo))
    return "";

  return json_object_get_string_member_with_default (json_node_get_object (todo), "title", "");
}

static gint64
item_int (TqJsonItem *item,
          const char *member)
{
  JsonNode *node = tq_json_item_get_member (item, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return 0;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    return json_node_get_int (node);
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    return (gint64) json_node_get_double (node);

  return 0;
}

static char *
user_name (TqJsonItem *item)
{
  const char *name;

  if (item == NULL)
    return NULL;

  if ((name = tq_json_item_get_string (item, "name")) != NULL && *name != '\0')
    return g_strdup (name);
  if ((name = tq_json_item_get_string (item, "username")) != NULL && *name != '\0')
    return g_strdup (name);

  /* Translators: a user without a name; %s is the user's id */
  return g_strdup_printf (_("User %s"), tq_json_item_get_key (item) ? tq_json_item_get_key (item) : "?");
}

/* Newest first: to-dos not saved yet, then the largest ids. */
static int
compare_todos (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  JsonNode *id_a = tq_json_item_get_member ((TqJsonItem *) a, "id");
  JsonNode *id_b = tq_json_item_get_member ((TqJsonItem *) b, "id");
  gboolean num_a = id_a != NULL && JSON_NODE_HOLDS_VALUE (id_a) && json_node_get_value_type (id_a) != G_TYPE_STRING;
  gboolean num_b = id_b != NULL && JSON_NODE_HOLDS_VALUE (id_b) && json_node_get_value_type (id_b) != G_TYPE_STRING;
  double x, y;

  if (num_a && num_b)
    {
      x = json_node_get_double (id_a);
      y = json_node_get_double (id_b);

      /* Temporary ids are negative and count down */
      if ((x < 0) != (y < 0))
        return x < 0 ? GTK_ORDERING_SMALLER : GTK_ORDERING_LARGER;
      if (x < 0)
        return x < y ? GTK_ORDERING_SMALLER : x > y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
      return x > y ? GTK_ORDERING_SMALLER : x < y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }

  if (num_a != num_b)
    return num_a ? GTK_ORDERING_LARGER : GTK_ORDERING_SMALLER;

  return gtk_ordering_from_cmpfunc (-g_strcmp0 (tq_json_item_get_key ((TqJsonItem *) a),
                                                tq_json_item_get_key ((TqJsonItem *) b)));
}

/* }}} */
/* {{{ The list */

static GVariant *
current_key (TqDemoTodosPage *self)
{
  return tq_demo_todos_list_key (self->filter, self->user_id, self->search);
}

static void
update_empty_page (TqDemoTodosPage *self)
{
  g_autofree char *description = NULL;

  if (self->search != NULL && *self->search != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (self->search, -1);

      description = g_strdup_printf (_("No to-do matches “%s”."), escaped);
    }
  else if (self->filter == TQ_DEMO_TODO_FILTER_ACTIVE)
    description = g_strdup (_("Everything is done."));
  else if (self->filter == TQ_DEMO_TODO_FILTER_COMPLETED)
    description = g_strdup (_("Nothing is completed yet."));
  else
    description = g_strdup (_("Add one above."));

  adw_status_page_set_description (ADW_STATUS_PAGE (self->empty_page), description);
}

static void
update_query (TqDemoTodosPage *self)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (current_key (self));

  /* The previous list stays visible while the next one loads */
  tq_query_options_set_keep_previous_data (options);

  if (self->observer == NULL)
    self->observer = tq_query_observer_new (self->client, options);
  else
    tq_query_observer_set_options (self->observer, options);

  update_empty_page (self);
}

static void
on_error_changed (TqDemoTodosPage *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (self->observer);
  const GError *error = result != NULL ? tq_query_result_get_error (result) : NULL;
  g_autofree char *escaped = error != NULL ? g_markup_escape_text (error->message, -1) : NULL;

  adw_status_page_set_description (ADW_STATUS_PAGE (self->error_page), escaped);
}

static void
on_placeholder_changed (TqDemoTodosPage *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (self->observer);

  if (result != NULL && tq_query_result_is_placeholder_data (result))
    gtk_widget_add_css_class (self->list_view, "placeholder");
  else
    gtk_widget_remove_css_class (self->list_view, "placeholder");
}

static void
set_filter (TqDemoTodosPage  *self,
            TqDemoTodoFilter  filter)
{
  GtkWidget *button;

  if (filter == self->filter)
    return;

  self->filter = filter;
  button = filter == TQ_DEMO_TODO_FILTER_ACTIVE ? self->active_button :
           filter == TQ_DEMO_TODO_FILTER_COMPLETED ? self->completed_button : self->all_button;
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), TRUE);

  g_settings_set_enum (self->settings, "todo-filter", filter);
  update_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FILTER]);
}

static void
on_filter_toggled (TqDemoTodosPage *self,
                   GtkToggleButton *button)
{
  if (!gtk_toggle_button_get_active (button) || self->observer == NULL)
    return;

  if (GTK_WIDGET (button) == self->active_button)
    set_filter (self, TQ_DEMO_TODO_FILTER_ACTIVE);
  else if (GTK_WIDGET (button) == self->completed_button)
    set_filter (self, TQ_DEMO_TODO_FILTER_COMPLETED);
  else
    set_filter (self, TQ_DEMO_TODO_FILTER_ALL);
}

static void
on_search_changed (TqDemoTodosPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *search = g_strstrip (g_strdup (text));

  if (g_strcmp0 (search, self->search ? self->search : "") == 0 || self->observer == NULL)
    return;

  g_free (self->search);
  self->search = *search != '\0' ? g_steal_pointer (&search) : NULL;
  update_query (self);
}

static void
on_stop_search (TqDemoTodosPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), FALSE);
  on_search_changed (self);
  gtk_widget_grab_focus (self->new_entry);
}

/* }}} */
/* {{{ Users */

static gint64
first_user_id (TqDemoTodosPage *self)
{
  g_autoptr(TqJsonItem) first = g_list_model_get_item (G_LIST_MODEL (self->users_model), 0);

  return first != NULL ? item_int (first, "id") : 0;
}

static void
update_new_entry (TqDemoTodosPage *self)
{
  g_autoptr(TqJsonItem) user = NULL;
  g_autofree char *name = NULL;
  g_autofree char *placeholder = NULL;
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->user_dropdown));

  /* New to-dos go to the user shown, or to the first one */
  if (self->user_id != 0 && selected != GTK_INVALID_LIST_POSITION)
    user = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (self->user_dropdown)), selected);
  else
    user = g_list_model_get_item (G_LIST_MODEL (self->users_model), 0);

  name = user_name (user);
  if (name != NULL)
    /* Translators: the placeholder of the entry for new to-dos; %s is a person's name */
    placeholder = g_strdup_printf (_("New to-do for %s"), name);
  else
    placeholder = g_strdup (_("New to-do"));

  gtk_entry_set_placeholder_text (GTK_ENTRY (self->new_entry), placeholder);
}

static void
on_user_selected (TqDemoTodosPage *self)
{
  guint selected = gtk_drop_down_get_selected (GTK_DROP_DOWN (self->user_dropdown));
  g_autoptr(TqJsonItem) item = NULL;
  gint64 user_id = 0;

  if (self->observer == NULL)
    return;

  if (selected != GTK_INVALID_LIST_POSITION)
    item = g_list_model_get_item (gtk_drop_down_get_model (GTK_DROP_DOWN (self->user_dropdown)), selected);
  if (item != NULL && tq_json_item_has_member (item, "id"))
    user_id = item_int (item, "id");

  if (user_id != self->user_id)
    {
      self->user_id = user_id;
      update_query (self);
    }

  update_new_entry (self);
}

static char *
dropdown_user_name (TqJsonItem *item)
{
  return user_name (item);
}

static void
setup_users (TqDemoTodosPage *self)
{
  g_autoptr(TqQueryOptions) options = NULL;
  g_autoptr(GListStore) everyone = g_list_store_new (TQ_TYPE_JSON_ITEM);
  g_autoptr(GListStore) models = g_list_store_new (G_TYPE_LIST_MODEL);
  g_autoptr(JsonNode) all = json_node_init (json_node_alloc (), JSON_NODE_OBJECT);
  g_autoptr(TqJsonItem) all_item = NULL;
  g_autoptr(GtkFlattenListModel) flat = NULL;
  g_autoptr(GtkExpression) expression = NULL;

  /* Every user, by name: a key of its own, not one of the Users page's
   * paged lists (an infinite query's data is not a list)
   */
  options = tq_query_options_new (g_variant_new_parsed ("('users', {'_sort': <'name'>})"));
  self->users_observer = tq_query_observer_new (self->client, options);
  self->users_model = tq_query_list_model_new (self->users_observer);

  json_node_take_object (all, json_object_new ());
  json_object_set_string_member (json_node_get_object (all), "name", _("All users"));
  json_node_seal (all);
  all_item = tq_json_item_new (all, "id");
  g_list_store_append (everyone, all_item);
  g_list_store_append (models, everyone);
  g_list_store_append (models, self->users_model);
  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_steal_pointer (&models)));

  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (dropdown_user_name), NULL, NULL);
  gtk_drop_down_set_expression (GTK_DROP_DOWN (self->user_dropdown), expression);
  gtk_drop_down_set_model (GTK_DROP_DOWN (self->user_dropdown), G_LIST_MODEL (flat));

  g_signal_connect_object (self->users_model, "items-changed", G_CALLBACK (update_new_entry),
                           self, G_CONNECT_SWAPPED);
  update_new_entry (self);
}

/* }}} */
/* {{{ Changes */

static void
on_mutation_error (TqMutationObserver *observer,
                   TqMutation         *mutation,
                   const GError       *error,
                   const GValue       *variables,
                   const GValue       *context,
                   TqDemoTodosPage    *self)
{
  JsonNode *node = variables != NULL && G_VALUE_HOLDS (variables, JSON_TYPE_NODE) ? g_value_get_boxed (variables) : NULL;
  const char *title = json_title (node);
  const char *reason = tq_http_error_get_reason (error);
  AdwToast *undo = g_object_get_data (G_OBJECT (mutation), "tq-demo-undo-toast");
  g_autofree char *escaped_title = NULL;
  g_autofree char *escaped_reason = NULL;
  g_autofree char *text = NULL;

  g_debug ("A change of a to-do failed: %s", error->message);

  /* A deletion that failed cannot be undone */
  if (undo != NULL)
    adw_toast_dismiss (undo);

  escaped_reason = g_markup_escape_text (reason != NULL && *reason != '\0' ? reason : error->message, -1);

  /* The title of a change is not in its variables; read it from the cache */
  if (*title == '\0' && node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *id = json_object_get_member (json_node_get_object (node), "id");
      guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));

      for (guint i = 0; i < n && *title == '\0'; i++)
        {
          JsonNode *todo = tq_query_list_model_get_node (self->model, i);

          if (JSON_NODE_HOLDS_OBJECT (todo) &&
              tq_demo_json_ids_equal (json_object_get_member (json_node_get_object (todo), "id"), id))
            title = json_title (todo);
        }
    }
  /* A toast has one line: a long title would push out why it failed */
  if (g_utf8_strlen (title, -1) > TOAST_TITLE_CHARS)
    {
      g_autofree char *start = g_utf8_substring (title, 0, TOAST_TITLE_CHARS - 1);
      g_autofree char *shortened = g_strconcat (g_strchomp (start), "…", NULL);

      escaped_title = g_markup_escape_text (shortened, -1);
    }
  else
    escaped_title = g_markup_escape_text (title, -1);

  if (observer == self->create_observer)
    /* Translators: a toast; the first %s is a to-do's title, the second why it failed */
    text = g_strdup_printf (_("Could not add “%s”: %s"), escaped_title, escaped_reason);
  else if (observer == self->delete_observer)
    /* Translators: a toast; the first %s is a to-do's title, the second why it failed */
    text = g_strdup_printf (_("Could not delete “%s”: %s"), escaped_title, escaped_reason);
  else if (*title != '\0')
    /* Translators: a toast; the first %s is a to-do's title, the second why it failed */
    text = g_strdup_printf (_("Could not change “%s”: %s"), escaped_title, escaped_reason);
  else
    /* Translators: a toast; %s is why it failed */
    text = g_strdup_printf (_("Could not change a to-do: %s"), escaped_reason);

  show_toast (self, adw_toast_new (text));
}

static void
on_add (TqDemoTodosPage *self)
{
  g_autofree char *title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->new_entry))));
  g_autoptr(JsonObject) todo = NULL;
  g_autoptr(GVariant) key = NULL;
  gint64 user_id;
  gboolean certain;

  if (*title == '\0')
    {
      gtk_widget_error_bell (self->new_entry);
      return;
    }

  todo = json_object_new ();
  user_id = self->user_id != 0 ? self->user_id : first_user_id (self);
  if (user_id != 0)
    json_object_set_int_member (todo, "userId", user_id);
  json_object_set_string_member (todo, "title", title);
  json_object_set_boolean_member (todo, "completed", FALSE);

  /* Show the list the new to-do is in */
  key = g_variant_ref_sink (current_key (self));
  if (!tq_demo_todos_key_accepts (key, todo, &certain))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      on_search_changed (self);
      set_filter (self, TQ_DEMO_TODO_FILTER_ALL);
    }

  /* The new to-do comes first: bring it into view when it shows */
  self->show_added = TRUE;
  mutate_json (self->create_observer, json_node_init_object (json_node_alloc (), todo));
  gtk_editable_set_text (GTK_EDITABLE (self->new_entry), "");
}

static void
on_shown_items_changed (TqDemoTodosPage *self,
                        guint            position,
                        guint            removed,
                        guint            added)
{
  if (!self->show_added || added == 0 || position != 0)
    return;

  self->show_added = FALSE;
  gtk_widget_activate_action (self->list_view, "list.scroll-to-item", "u", 0);
}

static void
on_row_toggled (TqDemoTodoRow   *row,
                gboolean         completed,
                TqDemoTodosPage *self)
{
  TqJsonItem *item = tq_demo_todo_row_get_item (row);
  g_autoptr(JsonObject) changes = NULL;

  if (!tq_json_item_has_member (item, "id"))
    return;

  changes = json_object_new ();
  json_object_set_member (changes, "id", json_node_copy (tq_json_item_get_member (item, "id")));
  json_object_set_boolean_member (changes, "completed", completed);
  mutate_json (self->update_observer, json_node_init_object (json_node_alloc (), changes));
}

static void
on_row_renamed (TqDemoTodoRow   *row,
                const char      *text,
                TqDemoTodosPage *self)
{
  TqJsonItem *item = tq_demo_todo_row_get_item (row);
  g_autofree char *title = g_strstrip (g_strdup (text));
  g_autoptr(JsonObject) changes = NULL;

  if (!tq_json_item_has_member (item, "id"))
    return;

  if (*title == '\0' || g_strcmp0 (title, tq_json_item_get_string (item, "title")) == 0)
    {
      if (*title == '\0')
        gtk_widget_error_bell (GTK_WIDGET (row));
      return;
    }

  changes = json_object_new ();
  json_object_set_member (changes, "id", json_node_copy (tq_json_item_get_member (item, "id")));
  json_object_set_string_member (changes, "title", title);
  mutate_json (self->update_observer, json_node_init_object (json_node_alloc (), changes));
}

typedef struct
{
  GWeakRef  page;
  JsonNode *todo;
} Undo;

static void
undo_free (gpointer data,
           GClosure *closure)
{
  Undo *undo = data;

  g_weak_ref_clear (&undo->page);
  json_node_unref (undo->todo);
  g_free (undo);
}

static void
on_undo_delete (AdwToast *toast,
                Undo     *undo)
{
  g_autoptr(TqDemoTodosPage) self = g_weak_ref_get (&undo->page);

  /* The same to-do again, with its id: a POST may choose its id */
  if (self != NULL)
    mutate_json (self->create_observer, json_node_ref (undo->todo));
}

static void
on_row_delete (TqDemoTodoRow   *row,
               TqDemoTodosPage *self)
{
  TqJsonItem *item = tq_demo_todo_row_get_item (row);
  JsonNode *todo = tq_json_item_get_node (item);
  g_autofree char *escaped = g_markup_escape_text (json_title (todo), -1);
  TqMutation *mutation;
  AdwToast *toast;
  Undo *undo;

  if (!tq_json_item_has_member (item, "id"))
    return;

  mutate_json (self->delete_observer, json_node_ref (todo));
  mutation = tq_mutation_observer_get_mutation (self->delete_observer);

  /* Translators: a toast; %s is a to-do's title */
  toast = adw_toast_new_format (_("“%s” deleted"), escaped);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);

  undo = g_new0 (Undo, 1);
  g_weak_ref_init (&undo->page, self);
  undo->todo = json_node_ref (todo);
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (on_undo_delete), undo, undo_free, 0);

  if (mutation != NULL)
    g_object_set_data_full (G_OBJECT (mutation), "tq-demo-undo-toast", g_object_ref (toast), g_object_unref);

  show_toast (self, toast);
}

/* }}} */
/* {{{ Rows */

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           TqDemoTodosPage          *self)
{
  GtkWidget *row = tq_demo_todo_row_new ();

  g_signal_connect_object (row, "toggled", G_CALLBACK (on_row_toggled), self, 0);
  g_signal_connect_object (row, "renamed", G_CALLBACK (on_row_renamed), self, 0);
  g_signal_connect_object (row, "delete", G_CALLBACK (on_row_delete), self, 0);
  gtk_list_item_set_activatable (list_item, FALSE);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          TqDemoTodosPage          *self)
{
  tq_demo_todo_row_set_item (TQ_DEMO_TODO_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            TqDemoTodosPage          *self)
{
  tq_demo_todo_row_set_item (TQ_DEMO_TODO_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* }}} */
/* {{{ GObject */

static void
tq_demo_todos_page_constructed (GObject *object)
{
  TqDemoTodosPage *self = (TqDemoTodosPage *)object;
  g_autoptr(TqMutationOptions) create = NULL;
  g_autoptr(TqMutationOptions) update = NULL;
  g_autoptr(TqMutationOptions) delete = NULL;
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkSortListModel *sorted;
  GtkCustomSorter *sorter;

  G_OBJECT_CLASS (tq_demo_todos_page_parent_class)->constructed (object);

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self->client));
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self->http_client));

  self->settings = g_settings_new ("io.github.tq.Demo");
  self->filter = g_settings_get_enum (self->settings, "todo-filter");
  if (self->filter == TQ_DEMO_TODO_FILTER_ACTIVE)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->active_button), TRUE);
  else if (self->filter == TQ_DEMO_TODO_FILTER_COMPLETED)
    gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->completed_button), TRUE);

  update_query (self);
  g_signal_connect_object (self->observer, "notify::error", G_CALLBACK (on_error_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->observer, "notify::is-placeholder-data", G_CALLBACK (on_placeholder_changed),
                           self, G_CONNECT_SWAPPED);
  tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (self->view), self->observer);

  self->model = tq_query_list_model_new (self->observer);
  sorter = gtk_custom_sorter_new (compare_todos, NULL, NULL);
  sorted = gtk_sort_list_model_new (G_LIST_MODEL (g_object_ref (self->model)), GTK_SORTER (sorter));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row), self);
  gtk_list_view_set_factory (GTK_LIST_VIEW (self->list_view), factory);
  g_signal_connect_object (sorted, "items-changed", G_CALLBACK (on_shown_items_changed), self,
                           G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  gtk_list_view_set_model (GTK_LIST_VIEW (self->list_view),
                           GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (sorted))));

  setup_users (self);

  create = tq_demo_todos_create_options (self->http_client);
  update = tq_demo_todos_update_options (self->http_client);
  delete = tq_demo_todos_delete_options (self->http_client);
  self->create_observer = tq_mutation_observer_new (self->client, create);
  self->update_observer = tq_mutation_observer_new (self->client, update);
  self->delete_observer = tq_mutation_observer_new (self->client, delete);
  g_signal_connect_object (self->create_observer, "error", G_CALLBACK (on_mutation_error), self, 0);
  g_signal_connect_object (self->update_observer, "error", G_CALLBACK (on_mutation_error), self, 0);
  g_signal_connect_object (self->delete_observer, "error", G_CALLBACK (on_mutation_error), self, 0);

  gtk_search_bar_connect_entry (GTK_SEARCH_BAR (self->search_bar), GTK_EDITABLE (self->search_entry));
}

static void
tq_demo_todos_page_dispose (GObject *object)
{
  TqDemoTodosPage *self = (TqDemoTodosPage *)object;
  GtkWidget *child;

  if (self->view != NULL)
    tq_gtk_query_view_set_observer (TQ_GTK_QUERY_VIEW (self->view), NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_TODOS_PAGE);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->model);
  g_clear_object (&self->observer);
  g_clear_object (&self->users_model);
  g_clear_object (&self->users_observer);
  g_clear_object (&self->create_observer);
  g_clear_object (&self->update_observer);
  g_clear_object (&self->delete_observer);
  g_clear_object (&self->settings);
  g_clear_object (&self->http_client);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tq_demo_todos_page_parent_class)->dispose (object);
}

static void
tq_demo_todos_page_finalize (GObject *object)
{
  TqDemoTodosPage *self = (TqDemoTodosPage *)object;

  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (tq_demo_todos_page_parent_class)->finalize (object);
}

static void
tq_demo_todos_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TqDemoTodosPage *self = TQ_DEMO_TODOS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_HTTP_CLIENT:
      g_value_set_object (value, self->http_client);
      break;
    case PROP_FILTER:
      g_value_set_int (value, self->filter);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_todos_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TqDemoTodosPage *self = TQ_DEMO_TODOS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;
    case PROP_HTTP_CLIENT:
      self->http_client = g_value_dup_object (value);
      break;
    case PROP_FILTER:
      tq_demo_todos_page_set_filter (self, g_value_get_int (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_todos_page_class_init (TqDemoTodosPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tq_demo_todos_page_constructed;
  object_class->dispose = tq_demo_todos_page_dispose;
  object_class->finalize = tq_demo_todos_page_finalize;
  object_class->get_property = tq_demo_todos_page_get_property;
  object_class->set_property = tq_demo_todos_page_set_property;

  /**
   * TqDemoTodosPage:client:
   *
   * The query client.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoTodosPage:http-client:
   *
   * The HTTP client the changes are sent with.
   */
  properties [PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, TQ_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoTodosPage:filter:
   *
   * Which to-dos are shown: a #TqDemoTodoFilter.
   */
  properties [PROP_FILTER] =
    g_param_spec_int ("filter", NULL, NULL,
                      TQ_DEMO_TODO_FILTER_ALL, TQ_DEMO_TODO_FILTER_COMPLETED, TQ_DEMO_TODO_FILTER_ALL,
                      G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TQ_GTK_TYPE_QUERY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-todos-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, new_entry);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, all_button);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, active_button);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, completed_button);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, user_dropdown);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, view);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodosPage, error_page);
  gtk_widget_class_bind_template_callback (widget_class, on_add);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_user_selected);
}

static void
tq_demo_todos_page_init (TqDemoTodosPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* }}} */
/* {{{ Public API */

/**
 * tq_demo_todos_page_new:
 * @client: the query client
 * @http_client: the HTTP client of @client's queries
 *
 * Returns: (transfer floating): a new page
 */
GtkWidget *
tq_demo_todos_page_new (TqQueryClient *client,
                        TqHttpClient  *http_client)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (http_client), NULL);

  return g_object_new (TQ_DEMO_TYPE_TODOS_PAGE,
                       "client", client,
                       "http-client", http_client,
                       NULL);
}

/**
 * tq_demo_todos_page_get_observer:
 *
 * Returns: (transfer none): the observer of the list shown
 */
TqQueryObserver *
tq_demo_todos_page_get_observer (TqDemoTodosPage *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_TODOS_PAGE (self), NULL);

  return self->observer;
}

TqDemoTodoFilter
tq_demo_todos_page_get_filter (TqDemoTodosPage *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_TODOS_PAGE (self), TQ_DEMO_TODO_FILTER_ALL);

  return self->filter;
}

void
tq_demo_todos_page_set_filter (TqDemoTodosPage  *self,
                               TqDemoTodoFilter  filter)
{
  g_return_if_fail (TQ_DEMO_IS_TODOS_PAGE (self));
  g_return_if_fail (filter <= TQ_DEMO_TODO_FILTER_COMPLETED);

  set_filter (self, filter);
}

void
tq_demo_todos_page_focus_entry (TqDemoTodosPage *self)
{
  g_return_if_fail (TQ_DEMO_IS_TODOS_PAGE (self));

  gtk_widget_grab_focus (self->new_entry);
}

void
tq_demo_todos_page_focus_search (TqDemoTodosPage *self)
{
  g_return_if_fail (TQ_DEMO_IS_TODOS_PAGE (self));

  gtk_search_bar_set_search_mode (GTK_SEARCH_BAR (self->search_bar), TRUE);
  gtk_widget_grab_focus (self->search_entry);
}

/* }}} */
