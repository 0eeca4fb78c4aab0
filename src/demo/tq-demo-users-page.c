/* tq-demo-users-page.c
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
#include "tq-demo-user-editor.h"
#include "tq-demo-user-row.h"
#include "tq-demo-users-page.h"

/* The Users page: a list of users that loads as it scrolls, a search, and
 * the detail of the selected user, whose name and e-mail address can be
 * edited.
 *
 * - The list is an infinite query over ('users', {…}), paged with _page and
 *   _limit, shown by a TqInfiniteListModel in a GtkListView inside a
 *   TqGtkInfiniteScroll.
 * - A search adds 'q' to the key. It waits for a pause in typing (on the
 *   query client's clock), is enabled from two characters, and keeps the
 *   previous results on screen until the new ones arrive.
 * - Editing is a mutation in scope "users" (so offline edits replay in
 *   order) that PATCHes with If-Match. Its optimistic layer changes the user
 *   in every cached ('users', …) query at once — the detail, the list, any
 *   search — and is dropped if the write fails; a 412 means the user
 *   changed on the server, so the page refetches and says so.
 */

/* Users per page of the list */
#define USERS_PAGE_SIZE 25

/* How long typing must pause before a search is sent, in milliseconds */
#define SEARCH_DELAY 300

/* A search is sent from this many characters on */
#define SEARCH_MIN_CHARS 2

/* Lists stay fresh for a minute; the server's change events, when the app
 * listens to them, invalidate them sooner. */
#define LIST_STALE_TIME (60 * 1000)

struct _TqDemoUsersPage
{
  GtkWidget                parent_instance;

  TqQueryClient           *client;
  TqHttpClient            *http_client;

  TqInfiniteQueryObserver *users;
  TqInfiniteListModel     *model;
  GtkSingleSelection      *selection;
  TqMutationObserver      *edit;
  char                    *search;
  guint                    search_timeout;
  gboolean                 restoring_selection;
  gboolean                 scroll_to_top;
  guint                    scroll_to_top_idle;

  AdwLeaflet              *leaflet;
  GtkSearchEntry          *search_entry;
  TqGtkQueryView          *users_view;
  TqGtkInfiniteScroll     *infinite_scroll;
  GtkListView             *list_view;
  AdwStatusPage           *empty_page;
  AdwStatusPage           *error_page;
  GtkWidget               *content;
  GtkWidget               *back_button;
  TqDemoUserDetail        *detail;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_HTTP_CLIENT,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqDemoUsersPage, tq_demo_users_page, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

/* Changing users in cached data {{{ */

static gboolean
json_get_id (JsonObject *object,
             gint64     *id)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, "id"))
    return FALSE;

  node = json_object_get_member (object, "id");
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *id = json_node_get_int (node);
  return TRUE;
}

/* A user is an object with an id and a username: todos have no username, so
 * a change to user 3 never touches todo 3. */
static gboolean
is_user (JsonNode *node,
         gint64    id)
{
  JsonObject *object;
  gint64 found;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return FALSE;

  object = json_node_get_object (node);
  return json_object_has_member (object, "username") && json_get_id (object, &found) && found == id;
}

/* @user with the members of @changes, or NULL if @user is not user @id. */
static JsonNode *
changed_user (JsonNode   *user,
              gint64      id,
              JsonObject *changes)
{
  g_autoptr(JsonObject) copy = NULL;
  JsonObject *object;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (!is_user (user, id))
    return NULL;

  object = json_node_get_object (user);
  copy = json_object_new ();

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    json_object_set_member (copy, name, json_node_ref (member));

  /* The id stays the item's own */
  json_object_iter_init (&iter, changes);
  while (json_object_iter_next (&iter, &name, &member))
    if (!g_str_equal (name, "id"))
      json_object_set_member (copy, name, json_node_ref (member));

  return json_node_init_object (json_node_alloc (), copy);
}

/* @list with user @id changed, or NULL if it does not hold that user. */
static JsonNode *
changed_list (JsonNode   *list,
              gint64      id,
              JsonObject *changes)
{
  JsonArray *array;
  g_autoptr(JsonArray) copy = NULL;
  guint n;

  if (!JSON_NODE_HOLDS_ARRAY (list))
    return NULL;

  array = json_node_get_array (list);
  n = json_array_get_length (array);
  for (guint i = 0; i < n; i++)
    {
      JsonNode *changed = changed_user (json_array_get_element (array, i), id, changes);

      if (changed == NULL)
        continue;

      /* Unchanged elements are shared, as structural sharing would keep them */
      copy = json_array_sized_new (n);
      for (guint j = 0; j < n; j++)
        json_array_add_element (copy, j == i ? changed : json_node_ref (json_array_get_element (array, j)));

      return json_node_init_array (json_node_alloc (), copy);
    }

  return NULL;
}

/* Any users data with user @id changed: the user itself, a list of users, or
 * an infinite query's {"pages": [[…], …], "pageParams": […]}; NULL if there
 * was nothing to change. */
static JsonNode *
changed_users_data (JsonNode   *data,
                    gint64      id,
                    JsonObject *changes)
{
  JsonObject *object;
  JsonNode *pages_node;
  JsonArray *pages;
  g_autoptr(JsonArray) new_pages = NULL;
  g_autoptr(JsonObject) copy = NULL;
  gboolean changed = FALSE;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  if (data == NULL)
    return NULL;

  if (JSON_NODE_HOLDS_ARRAY (data))
    return changed_list (data, id, changes);

  if (!JSON_NODE_HOLDS_OBJECT (data))
    return NULL;

  object = json_node_get_object (data);
  if (!json_object_has_member (object, "pages"))
    return changed_user (data, id, changes);

  pages_node = json_object_get_member (object, "pages");
  if (!JSON_NODE_HOLDS_ARRAY (pages_node))
    return NULL;

  pages = json_node_get_array (pages_node);
  new_pages = json_array_sized_new (json_array_get_length (pages));
  for (guint i = 0; i < json_array_get_length (pages); i++)
    {
      JsonNode *page = json_array_get_element (pages, i);
      JsonNode *new_page = changed_list (page, id, changes);

      changed |= new_page != NULL;
      json_array_add_element (new_pages, new_page != NULL ? new_page : json_node_ref (page));
    }

  if (!changed)
    return NULL;

  copy = json_object_new ();
  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &member))
    {
      if (g_str_equal (name, "pages"))
        json_object_set_array_member (copy, name, json_array_ref (new_pages));
      else
        json_object_set_member (copy, name, json_node_ref (member));
    }

  return json_node_init_object (json_node_alloc (), copy);
}

/* Sets @result to @data with the user of @changes (an object with an id)
 * changed; leaves @result unset for data of another kind. */
static void
change_users (const GValue *data,
              const GValue *changes,
              GValue       *result)
{
  JsonNode *node, *changes_node, *changed;
  JsonObject *changes_object;
  gint64 id;

  if (data == NULL || !G_VALUE_HOLDS (data, JSON_TYPE_NODE) ||
      changes == NULL || !G_VALUE_HOLDS (changes, JSON_TYPE_NODE))
    return;

  node = g_value_get_boxed (data);
  changes_node = g_value_get_boxed (changes);
  if (node == NULL || changes_node == NULL || !JSON_NODE_HOLDS_OBJECT (changes_node))
    return;

  changes_object = json_node_get_object (changes_node);
  if (!json_get_id (changes_object, &id))
    return;

  changed = changed_users_data (node, id, changes_object);

  g_value_init (result, JSON_TYPE_NODE);
  if (changed != NULL)
    {
      json_node_seal (changed);
      g_value_take_boxed (result, changed);
    }
  else
    {
      g_value_set_boxed (result, node);
    }
}

/* The optimistic layer of an edit: the variables are the change. */
static void
edit_optimistic_update (const GValue *data,
                        const GValue *variables,
                        GValue       *result,
                        gpointer      user_data)
{
  change_users (data, variables, result);
}

/* Once the server answered: its version of the user is confirmed data. */
static void
edit_update_from_result (const GValue *data,
                         const GValue *result,
                         const GValue *variables,
                         GValue       *new_data,
                         gpointer      user_data)
{
  change_users (data, result, new_data);
}

/* }}} */
/* The list {{{ */

static JsonNode *
page_param_new (gint64 page)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_page");
  json_builder_add_int_value (builder, page);
  json_builder_set_member_name (builder, "_limit");
  json_builder_add_int_value (builder, USERS_PAGE_SIZE);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

/* The next page follows a full one; a short page is the last. */
static void
next_users_page (JsonNode  *page,
                 JsonArray *pages,
                 JsonNode  *page_param,
                 JsonArray *page_params,
                 GValue    *result,
                 gpointer   user_data)
{
  gint64 number = 1;

  if (page == NULL || !JSON_NODE_HOLDS_ARRAY (page) ||
      json_array_get_length (json_node_get_array (page)) < USERS_PAGE_SIZE)
    return;

  if (page_param != NULL && JSON_NODE_HOLDS_OBJECT (page_param))
    number = json_object_get_int_member_with_default (json_node_get_object (page_param), "_page", 1);

  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, page_param_new (number + 1));
}

static gboolean
search_is_enabled (const char *search)
{
  return *search == '\0' || g_utf8_strlen (search, -1) >= SEARCH_MIN_CHARS;
}

/* ('users', {}) for everyone, ('users', {'q': <'ann'>}) for a search. */
static TqQueryOptions *
users_options (TqDemoUsersPage *self,
               const char      *search)
{
  g_auto(GVariantDict) filter = G_VARIANT_DICT_INIT (NULL);
  g_autoptr(TqQueryOptions) options = NULL;
  g_autoptr(JsonNode) first_page = page_param_new (1);
  g_auto(GValue) initial = G_VALUE_INIT;

  if (*search != '\0')
    g_variant_dict_insert (&filter, "q", "s", search);

  options = tq_query_options_new (g_variant_new ("(s@a{sv})", "users", g_variant_dict_end (&filter)));
  tq_http_client_apply (self->http_client, options);
  g_value_init (&initial, JSON_TYPE_NODE);
  g_value_set_boxed (&initial, first_page);
  tq_query_options_set_initial_page_param (options, &initial);
  tq_query_options_set_get_next_page_param_func (options, next_users_page, NULL, NULL);
  tq_query_options_set_stale_time (options, LIST_STALE_TIME);
  /* While a search is too short, and while the next one loads, the results
   * on screen stay */
  tq_query_options_set_enabled (options, search_is_enabled (search));
  tq_query_options_set_keep_previous_data (options);

  return g_steal_pointer (&options);
}

static void
update_empty_page (TqDemoUsersPage *self)
{
  if (self->search != NULL && *self->search != '\0')
    {
      g_autofree char *escaped = g_markup_escape_text (self->search, -1);
      g_autofree char *description = g_strdup_printf (_("No users match “%s”"), escaped);

      adw_status_page_set_title (self->empty_page, _("No results"));
      adw_status_page_set_description (self->empty_page, description);
    }
  else
    {
      adw_status_page_set_title (self->empty_page, _("No users"));
      adw_status_page_set_description (self->empty_page, NULL);
    }
}

static void
update_error_page (TqDemoUsersPage *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (self->users));
  const GError *error = tq_query_result_get_error (result);
  g_autofree char *escaped = error != NULL ? g_markup_escape_text (error->message, -1) : NULL;

  adw_status_page_set_description (self->error_page, escaped);
}

static void
apply_search (TqDemoUsersPage *self)
{
  g_autofree char *search = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))));
  g_autoptr(TqQueryOptions) options = NULL;

  if (self->search_timeout != 0)
    {
      tq_clock_remove (tq_query_client_get_clock (self->client), self->search_timeout);
      self->search_timeout = 0;
    }

  if (g_strcmp0 (search, self->search) == 0)
    return;

  g_free (self->search);
  self->search = g_steal_pointer (&search);

  /* New results start at the top, whenever they arrive */
  self->scroll_to_top = TRUE;
  options = users_options (self, self->search);
  tq_query_observer_set_options (TQ_QUERY_OBSERVER (self->users), options);
  update_empty_page (self);
}

static gboolean
scroll_to_top_cb (gpointer user_data)
{
  TqDemoUsersPage *self = user_data;

  self->scroll_to_top_idle = 0;
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);

  return G_SOURCE_REMOVE;
}

/* The results of a new search start at the top: GtkListView keeps its
 * anchor item, which new items before it push down, even to the end of the
 * list (where the infinite scroll would then load a page). The model
 * changes in several stretches, so this waits until they are all in, and
 * runs before the next layout. The action moves the anchor itself, which
 * works before the new rows are laid out. */
static void
scroll_to_top_if_new (TqDemoUsersPage *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (self->users));

  if (!self->scroll_to_top || tq_query_result_is_placeholder_data (result))
    return;

  self->scroll_to_top = FALSE;
  if (self->scroll_to_top_idle == 0)
    self->scroll_to_top_idle = g_idle_add_full (G_PRIORITY_HIGH_IDLE, scroll_to_top_cb, self, NULL);
}

static gboolean
search_timeout_cb (gpointer user_data)
{
  TqDemoUsersPage *self = user_data;

  self->search_timeout = 0;
  apply_search (self);

  return G_SOURCE_REMOVE;
}

static void
on_search_changed (TqDemoUsersPage *self)
{
  TqClock *clock = tq_query_client_get_clock (self->client);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (self->search_timeout != 0)
    tq_clock_remove (clock, self->search_timeout);
  self->search_timeout = 0;

  /* Clearing the search needs no pause: everyone is back at once. Not in
   * this very call, though: replacing the text deletes it all first. */
  self->search_timeout = tq_clock_add_timeout (clock, *text == '\0' ? 0 : SEARCH_DELAY, search_timeout_cb, self);
}

static void
on_stop_search (TqDemoUsersPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
navigate_to_detail (TqDemoUsersPage *self)
{
  if (adw_leaflet_get_folded (self->leaflet))
    {
      adw_leaflet_set_visible_child (self->leaflet, self->content);
      gtk_widget_grab_focus (self->back_button);
    }
}

/* Enter in the search selects the first result. */
static void
on_search_activated (TqDemoUsersPage *self)
{
  apply_search (self);

  if (g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;

  gtk_single_selection_set_selected (self->selection, 0);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_row_activated (TqDemoUsersPage *self,
                  guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  navigate_to_detail (self);
}

static gint64
item_id (TqJsonItem *item)
{
  if (item == NULL || !tq_json_item_has_member (item, "id"))
    return 0;

  return tq_json_item_get_int (item, "id");
}

static void
on_selection_changed (TqDemoUsersPage *self)
{
  gint64 id = item_id (gtk_single_selection_get_selected_item (self->selection));

  /* An item replaced by a change to its user, or gone from a new search,
   * loses the selection; the detail stays. */
  if (self->restoring_selection || id <= 0)
    return;

  tq_demo_user_detail_set_user_id (self->detail, id);
}

/* An edit replaces the user's item, and GtkSingleSelection forgets an item
 * that is removed: select the new item of the same user. */
static void
on_items_changed (TqDemoUsersPage *self,
                  guint            position,
                  guint            removed,
                  guint            added)
{
  gint64 id = tq_demo_user_detail_get_user_id (self->detail);

  scroll_to_top_if_new (self);

  if (id <= 0 || item_id (gtk_single_selection_get_selected_item (self->selection)) == id)
    return;

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(TqJsonItem) item = g_list_model_get_item (G_LIST_MODEL (self->model), i);

      if (item_id (item) == id)
        {
          self->restoring_selection = TRUE;
          gtk_single_selection_set_selected (self->selection, i);
          self->restoring_selection = FALSE;
          return;
        }
    }
}

/* Pointing at a user fetches their detail ahead of the click. */
static void
on_row_enter (GtkEventControllerMotion *motion,
              double                    x,
              double                    y,
              TqDemoUsersPage          *self)
{
  GtkWidget *row = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (motion));

  tq_demo_user_detail_prefetch (self->detail, tq_demo_user_row_get_id (TQ_DEMO_USER_ROW (row)));
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           TqDemoUsersPage          *self)
{
  GtkWidget *row = tq_demo_user_row_new ();
  GtkEventController *motion = gtk_event_controller_motion_new ();

  g_signal_connect_object (motion, "enter", G_CALLBACK (on_row_enter), self, 0);
  gtk_widget_add_controller (row, motion);
  gtk_list_item_set_child (list_item, row);
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          TqDemoUsersPage          *self)
{
  tq_demo_user_row_set_item (TQ_DEMO_USER_ROW (gtk_list_item_get_child (list_item)),
                             gtk_list_item_get_item (list_item));
}

static void
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            TqDemoUsersPage          *self)
{
  tq_demo_user_row_set_item (TQ_DEMO_USER_ROW (gtk_list_item_get_child (list_item)), NULL);
}

/* }}} */
/* Editing {{{ */

static void
add_toast (TqDemoUsersPage *self,
           AdwToast        *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay == NULL)
    {
      g_object_unref (toast);
      return;
    }

  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node;

  if (object == NULL || !json_object_has_member (object, name))
    return NULL;

  node = json_object_get_member (object, name);
  return json_node_get_value_type (node) == G_TYPE_STRING ? json_node_get_string (node) : NULL;
}

static void on_editor_save (TqDemoUsersPage  *self,
                            const char       *response,
                            TqDemoUserEditor *editor);

static void
open_editor (TqDemoUsersPage *self,
             gint64           id,
             const char      *name,
             const char      *email)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *editor = tq_demo_user_editor_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, id, name, email);

  g_signal_connect_object (editor, "response::save", G_CALLBACK (on_editor_save), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void run_edit (TqDemoUsersPage *self,
                      JsonNode        *variables);

static void
on_retry_clicked (AdwToast        *toast,
                  TqDemoUsersPage *self)
{
  run_edit (self, g_object_get_data (G_OBJECT (toast), "tq-demo-variables"));
}

static void
on_edit_again_clicked (AdwToast        *toast,
                       TqDemoUsersPage *self)
{
  JsonNode *variables = g_object_get_data (G_OBJECT (toast), "tq-demo-variables");
  JsonObject *object = json_node_get_object (variables);
  gint64 id = 0;

  json_get_id (object, &id);
  open_editor (self, id, member_string (object, "name"), member_string (object, "email"));
}

static AdwToast *
edit_toast_new (TqDemoUsersPage *self,
                const char      *title,
                const char      *button_label,
                GCallback        clicked,
                JsonNode        *variables)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, 10);
  adw_toast_set_button_label (toast, button_label);
  g_object_set_data_full (G_OBJECT (toast), "tq-demo-variables", json_node_ref (variables),
                          (GDestroyNotify) json_node_unref);
  g_signal_connect_object (toast, "button-clicked", clicked, self, 0);

  return toast;
}

/* One edit in flight. Each has its own outcome, so the page waits for
 * each with mutate_async() (mutate()'s callback is only the latest
 * call's); the page may be gone by then. */
typedef struct
{
  GWeakRef  page;
  JsonNode *variables;
} Edit;

static void
edit_free (Edit *edit)
{
  g_weak_ref_clear (&edit->page);
  json_node_unref (edit->variables);
  g_free (edit);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Edit, edit_free)

static void
on_edit_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(Edit) edit = user_data;
  g_autoptr(TqDemoUsersPage) self = g_weak_ref_get (&edit->page);
  g_autoptr(GError) error = NULL;

  /* On success the server's answer replaced the optimistic layer, and the
   * lists are refetched (a new name may leave a search); on failure the
   * layer is gone. */
  if (tq_mutation_observer_mutate_finish (TQ_MUTATION_OBSERVER (source), result, NULL, &error) ||
      self == NULL || self->client == NULL ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (g_error_matches (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_PRECONDITION_FAILED))
    {
      g_autoptr(TqQueryFilters) users = tq_query_filters_new (g_variant_new ("(s)", "users"));

      /* Someone changed the user after we last saw them: show their version */
      tq_query_client_invalidate_queries_async (self->client, users, TRUE, NULL, NULL, NULL);
      add_toast (self, edit_toast_new (self, _("Not saved: changed on the server"),
                                       _("_Edit again"), G_CALLBACK (on_edit_again_clicked),
                                       edit->variables));
      return;
    }

  add_toast (self, edit_toast_new (self, _("Could not save the changes"), _("_Retry"),
                                   G_CALLBACK (on_retry_clicked), edit->variables));
}

/* Sends an edit, {"id": …, "name": …, "email": …}: shown at once, saved
 * in the background. */
static void
run_edit (TqDemoUsersPage *self,
          JsonNode        *variables)
{
  g_auto(GValue) value = G_VALUE_INIT;
  Edit *edit;

  g_value_init (&value, JSON_TYPE_NODE);
  g_value_set_boxed (&value, variables);

  edit = g_new0 (Edit, 1);
  g_weak_ref_init (&edit->page, self);
  edit->variables = json_node_ref (variables);
  tq_mutation_observer_mutate_async (self->edit, &value, NULL, on_edit_done, edit);
}

static void
on_editor_save (TqDemoUsersPage  *self,
                const char       *response,
                TqDemoUserEditor *editor)
{
  g_autofree char *name = g_strstrip (g_strdup (tq_demo_user_editor_get_name (editor)));
  g_autofree char *email = g_strstrip (g_strdup (tq_demo_user_editor_get_email (editor)));
  gint64 id = tq_demo_user_editor_get_user_id (editor);
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) variables = NULL;

  if (id <= 0 || !tq_demo_user_editor_is_valid (editor))
    return;

  /* Nothing changed: nothing to send */
  if (tq_demo_user_detail_get_user_id (self->detail) == id && tq_demo_user_detail_get_user (self->detail) != NULL)
    {
      JsonObject *user = json_node_get_object (tq_demo_user_detail_get_user (self->detail));

      if (g_strcmp0 (member_string (user, "name"), name) == 0 &&
          g_strcmp0 (member_string (user, "email"), email) == 0)
        return;
    }

  builder = json_builder_new_immutable ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, name);
  json_builder_set_member_name (builder, "email");
  json_builder_add_string_value (builder, email);
  json_builder_end_object (builder);

  variables = json_builder_get_root (builder);
  run_edit (self, variables);
}

static void
edit_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TqDemoUsersPage *self = TQ_DEMO_USERS_PAGE (widget);
  JsonNode *user = tq_demo_user_detail_get_user (self->detail);
  JsonObject *object;

  if (user == NULL)
    return;

  object = json_node_get_object (user);
  open_editor (self, tq_demo_user_detail_get_user_id (self->detail),
               member_string (object, "name"), member_string (object, "email"));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  TqDemoUsersPage *self = TQ_DEMO_USERS_PAGE (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
on_detail_user_changed (TqDemoUsersPage *self)
{
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "users.edit",
                                 tq_demo_user_detail_get_user (self->detail) != NULL);
}

static TqMutationOptions *
edit_options (TqDemoUsersPage *self)
{
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (g_variant_new ("(ss)", "users", "edit"));
  g_autoptr(TqQueryFilters) users = tq_query_filters_new (g_variant_new ("(s)", "users"));

  tq_mutation_options_set_scope_id (options, "users");
  tq_http_client_apply_mutation_full (self->http_client, options, "PATCH", "/users/{id}",
                                      TQ_HTTP_MUTATION_IF_MATCH);
  tq_mutation_options_add_optimistic_update (options, users, edit_optimistic_update, NULL, NULL);
  tq_mutation_options_add_update_from_result (options, users, edit_update_from_result, NULL, NULL);
  tq_mutation_options_add_invalidates (options, users);

  return g_steal_pointer (&options);
}

/* }}} */
/* GObject {{{ */

static void
tq_demo_users_page_constructed (GObject *object)
{
  TqDemoUsersPage *self = (TqDemoUsersPage *)object;
  g_autoptr(TqQueryOptions) options = NULL;
  g_autoptr(TqMutationOptions) mutation = NULL;
  GtkListItemFactory *factory;

  G_OBJECT_CLASS (tq_demo_users_page_parent_class)->constructed (object);

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self->client));
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self->http_client));

  self->search = g_strdup ("");
  options = users_options (self, self->search);
  self->users = tq_infinite_query_observer_new (self->client, options);
  self->model = tq_infinite_list_model_new (self->users);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item", G_CALLBACK (on_selection_changed), self,
                           G_CONNECT_SWAPPED);
  /* After the selection's own handler, which was connected first */
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->users, "notify::error", G_CALLBACK (update_error_page), self, G_CONNECT_SWAPPED);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect_object (factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  tq_gtk_query_view_set_observer (self->users_view, TQ_QUERY_OBSERVER (self->users));
  tq_gtk_infinite_scroll_set_observer (self->infinite_scroll, self->users);

  tq_demo_user_detail_set_clients (self->detail, self->client, self->http_client);
  g_signal_connect_object (self->detail, "notify::user", G_CALLBACK (on_detail_user_changed), self,
                           G_CONNECT_SWAPPED);
  on_detail_user_changed (self);

  mutation = edit_options (self);
  self->edit = tq_mutation_observer_new (self->client, mutation);

  update_empty_page (self);
  update_error_page (self);
}

static void
tq_demo_users_page_dispose (GObject *object)
{
  TqDemoUsersPage *self = (TqDemoUsersPage *)object;

  if (self->search_timeout != 0)
    {
      tq_clock_remove (tq_query_client_get_clock (self->client), self->search_timeout);
      self->search_timeout = 0;
    }

  g_clear_handle_id (&self->scroll_to_top_idle, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_USERS_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->users);
  g_clear_object (&self->edit);
  g_clear_object (&self->client);
  g_clear_object (&self->http_client);
  g_clear_pointer (&self->search, g_free);

  G_OBJECT_CLASS (tq_demo_users_page_parent_class)->dispose (object);
}

static void
tq_demo_users_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  TqDemoUsersPage *self = TQ_DEMO_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_HTTP_CLIENT:
      g_value_set_object (value, self->http_client);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_users_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  TqDemoUsersPage *self = TQ_DEMO_USERS_PAGE (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_HTTP_CLIENT:
      self->http_client = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_users_page_class_init (TqDemoUsersPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = tq_demo_users_page_constructed;
  object_class->dispose = tq_demo_users_page_dispose;
  object_class->get_property = tq_demo_users_page_get_property;
  object_class->set_property = tq_demo_users_page_set_property;

  /* The query client the page's queries and mutations use */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* The HTTP client of the demo server's API */
  properties [PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, TQ_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (TQ_GTK_TYPE_QUERY_VIEW);
  g_type_ensure (TQ_GTK_TYPE_INFINITE_SCROLL);
  g_type_ensure (TQ_DEMO_TYPE_USER_DETAIL);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-users-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, users_view);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, infinite_scroll);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, list_view);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, error_page);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, content);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUsersPage, detail);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  /* Opens the editor for the user shown */
  gtk_widget_class_install_action (widget_class, "users.edit", NULL, edit_action);
  /* Back from the detail to the list, when they do not fit side by side */
  gtk_widget_class_install_action (widget_class, "users.back", NULL, back_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
tq_demo_users_page_init (TqDemoUsersPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self));
}

/* }}} */

/**
 * tq_demo_users_page_new:
 * @client: the query client
 * @http_client: the HTTP client of the demo API
 *
 * Creates the Users page. Toasts go to the nearest #AdwToastOverlay above
 * it, if any.
 *
 * Returns: (transfer floating): the page
 */
GtkWidget *
tq_demo_users_page_new (TqQueryClient *client,
                        TqHttpClient  *http_client)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (http_client), NULL);

  return g_object_new (TQ_DEMO_TYPE_USERS_PAGE,
                       "client", client,
                       "http-client", http_client,
                       NULL);
}

TqQueryClient *
tq_demo_users_page_get_client (TqDemoUsersPage *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USERS_PAGE (self), NULL);

  return self->client;
}

TqHttpClient *
tq_demo_users_page_get_http_client (TqDemoUsersPage *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USERS_PAGE (self), NULL);

  return self->http_client;
}

/**
 * tq_demo_users_page_focus_search:
 * @self: the page
 *
 * Moves the keyboard focus to the search entry (Ctrl+F), coming back from
 * the detail first when the page is too narrow for both.
 */
void
tq_demo_users_page_focus_search (TqDemoUsersPage *self)
{
  g_return_if_fail (TQ_DEMO_IS_USERS_PAGE (self));

  if (adw_leaflet_get_folded (self->leaflet))
    adw_leaflet_set_visible_child (self->leaflet, gtk_widget_get_parent (GTK_WIDGET (self->search_entry)));

  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  gtk_editable_select_region (GTK_EDITABLE (self->search_entry), 0, -1);
}
