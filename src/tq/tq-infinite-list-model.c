/* tq-infinite-list-model.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-json-item.h"
#include "tq-json-list-private.h"
#include "tq-infinite-list-model.h"
#include "tq-query-result.h"

/**
 * TqInfiniteListModel:
 *
 * A [iface@Gio.ListModel] of every element of every page of an infinite
 * query, as one flat list: the model to give a `GtkListView` that loads
 * pages as the user scrolls.
 *
 * The model watches its [class@Tq.InfiniteQueryObserver] (and keeps it
 * subscribed). Each page contributes its elements: a page that is an array
 * gives its elements, a page that is an object gives the elements of its
 * [property@Tq.InfiniteListModel:items-member] array (json-server's
 * `{"data": […], "next": 3}` pages), and any other page is one element.
 *
 * When pages change, the model compares the elements by their key member
 * ([property@Tq.InfiniteListModel:item-key], `id` by default) and emits
 * `items-changed` once for each stretch that changed: the elements of a
 * page fetched after the last one are added at the end, those of a page
 * fetched before the first are added at the start, the elements of a page
 * that [property@Tq.QueryOptions:max-pages] dropped are removed from the
 * other end, and a refetch that changed some elements replaces just
 * those. Elements that did not change keep their item object — pages that
 * move keep their identity, and so does every unchanged element in a
 * refetched page — so `GtkListView` keeps their rows and its scroll
 * position. Items are made when they are first asked for, so a list of a
 * hundred thousand elements costs little until it is shown.
 *
 * Items are [class@Tq.JsonItem]s unless
 * [property@Tq.InfiniteListModel:item-type] names a type of the
 * application's, built from each element with json_gobject_deserialize().
 *
 * The model does not fetch pages on its own: the view says where it is
 * with [method@Tq.InfiniteListModel.load_near], typically from the bind
 * handler of its item factory, and the model fetches the next page when
 * that is within [property@Tq.InfiniteListModel:load-distance] items of
 * the end (the previous page near the start).
 *
 * ```c
 * static void
 * bind_row (GtkSignalListItemFactory *factory,
 *           GtkListItem              *list_item,
 *           TqInfiniteListModel      *model)
 * {
 *   TqJsonItem *todo = gtk_list_item_get_item (list_item);
 *
 *   gtk_label_set_label (GTK_LABEL (gtk_list_item_get_child (list_item)),
 *                        tq_json_item_get_string (todo, "title"));
 *   // Scrolling near the end fetches the next page
 *   tq_infinite_list_model_load_near (model, gtk_list_item_get_position (list_item));
 * }
 *
 * …
 * g_autoptr(TqInfiniteQueryObserver) todos = tq_infinite_query_observer_new (client, options);
 * TqInfiniteListModel *model = g_object_new (TQ_TYPE_INFINITE_LIST_MODEL,
 *                                            "observer", todos,
 *                                            "items-member", "data",
 *                                            NULL);
 * GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
 *
 * g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
 * g_signal_connect (factory, "bind", G_CALLBACK (bind_row), model);
 * list_view = gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (G_LIST_MODEL (model))),
 *                                factory);
 * ```
 *
 * Bind a spinner at the end of the list to the observer's
 * [property@Tq.InfiniteQueryObserver:is-fetching-next-page].
 */

struct _TqInfiniteListModel
{
  GObject          parent_instance;

  TqInfiniteQueryObserver *observer;
  guint            load_distance;
  GType            item_type;
  char            *item_key;
  char            *items_member;

  TqJsonList       list;
  JsonNode        *synced;     /* the data the items are of */
  guint            subscribed : 1;
};

enum {
  PROP_0,
  PROP_OBSERVER,
  PROP_ITEM_TYPE,
  PROP_ITEM_KEY,
  PROP_ITEMS_MEMBER,
  PROP_N_ITEMS,
  PROP_LOAD_DISTANCE,
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TqInfiniteListModel, tq_infinite_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties [N_PROPS];

/* {{{ GListModel */

static GType
tq_infinite_list_model_get_item_type (GListModel *model)
{
  return TQ_INFINITE_LIST_MODEL (model)->item_type;
}

static guint
tq_infinite_list_model_get_n_items (GListModel *model)
{
  TqInfiniteListModel *self = TQ_INFINITE_LIST_MODEL (model);

  return self->list.entries != NULL ? _tq_json_list_get_n_items (&self->list) : 0;
}

static gpointer
tq_infinite_list_model_get_item (GListModel *model,
                              guint       position)
{
  TqInfiniteListModel *self = TQ_INFINITE_LIST_MODEL (model);

  if (self->list.entries == NULL)
    return NULL;

  return _tq_json_list_get_item (&self->list, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tq_infinite_list_model_get_item_type;
  iface->get_n_items = tq_infinite_list_model_get_n_items;
  iface->get_item = tq_infinite_list_model_get_item;
}

/* }}} */

static void
sync_items (TqInfiniteListModel *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (self->observer));
  const GValue *value = result != NULL ? tq_query_result_get_data (result) : NULL;
  JsonNode *data = NULL;
  g_autoptr(GPtrArray) elements = NULL;

  if (value != NULL && G_VALUE_HOLDS (value, JSON_TYPE_NODE))
    data = g_value_get_boxed (value);

  if (data == self->synced)
    return;

  g_clear_pointer (&self->synced, json_node_unref);
  self->synced = data != NULL ? json_node_ref (data) : NULL;

  elements = g_ptr_array_new ();
  _tq_json_list_collect (data, self->items_member, TRUE, elements);
  if (_tq_json_list_update (&self->list, (JsonNode **) elements->pdata, elements->len))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

static void
on_data_changed (TqInfiniteListModel *self)
{
  sync_items (self);
}

static void
tq_infinite_list_model_constructed (GObject *object)
{
  TqInfiniteListModel *self = (TqInfiniteListModel *)object;

  G_OBJECT_CLASS (tq_infinite_list_model_parent_class)->constructed (object);

  if (G_TYPE_IS_ABSTRACT (self->item_type))
    {
      g_critical ("TqInfiniteListModel: the item type %s is abstract", g_type_name (self->item_type));
      self->item_type = TQ_TYPE_JSON_ITEM;
    }

  _tq_json_list_init (&self->list, G_LIST_MODEL (self), self->item_type, self->item_key);

  if (self->observer == NULL)
    {
      g_critical ("TqInfiniteListModel needs an observer");
      return;
    }

  g_signal_connect_object (self->observer, "notify::data",
                           G_CALLBACK (on_data_changed), self, G_CONNECT_SWAPPED);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (self->observer));
  self->subscribed = TRUE;
  sync_items (self);
}

static void
tq_infinite_list_model_dispose (GObject *object)
{
  TqInfiniteListModel *self = (TqInfiniteListModel *)object;

  if (self->observer != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->observer, on_data_changed, self);
      if (self->subscribed)
        tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (self->observer));
      self->subscribed = FALSE;
    }
  g_clear_object (&self->observer);

  G_OBJECT_CLASS (tq_infinite_list_model_parent_class)->dispose (object);
}

static void
tq_infinite_list_model_finalize (GObject *object)
{
  TqInfiniteListModel *self = (TqInfiniteListModel *)object;

  _tq_json_list_clear (&self->list);
  g_clear_pointer (&self->synced, json_node_unref);
  g_clear_pointer (&self->item_key, g_free);
  g_clear_pointer (&self->items_member, g_free);

  G_OBJECT_CLASS (tq_infinite_list_model_parent_class)->finalize (object);
}

static void
tq_infinite_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqInfiniteListModel *self = TQ_INFINITE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, self->item_type);
      break;
    case PROP_ITEM_KEY:
      g_value_set_string (value, self->item_key);
      break;
    case PROP_ITEMS_MEMBER:
      g_value_set_string (value, self->items_member);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, tq_infinite_list_model_get_n_items (G_LIST_MODEL (self)));
      break;
    case PROP_LOAD_DISTANCE:
      g_value_set_uint (value, self->load_distance);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_infinite_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TqInfiniteListModel *self = TQ_INFINITE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      self->observer = g_value_dup_object (value);
      break;
    case PROP_ITEM_TYPE:
      if (g_value_get_gtype (value) != G_TYPE_OBJECT)
        self->item_type = g_value_get_gtype (value);
      break;
    case PROP_ITEM_KEY:
      g_free (self->item_key);
      self->item_key = g_value_dup_string (value);
      break;
    case PROP_ITEMS_MEMBER:
      g_free (self->items_member);
      self->items_member = g_value_dup_string (value);
      break;
    case PROP_LOAD_DISTANCE:
      tq_infinite_list_model_set_load_distance (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_infinite_list_model_class_init (TqInfiniteListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct_only = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tq_infinite_list_model_constructed;
  object_class->dispose = tq_infinite_list_model_dispose;
  object_class->finalize = tq_infinite_list_model_finalize;
  object_class->get_property = tq_infinite_list_model_get_property;
  object_class->set_property = tq_infinite_list_model_set_property;

  /**
   * TqInfiniteListModel:observer:
   *
   * The observer of the infinite query whose pages the model shows. The
   * model keeps it subscribed.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL, TQ_TYPE_INFINITE_QUERY_OBSERVER, construct_only);

  /**
   * TqInfiniteListModel:item-type:
   *
   * The type of the items: [class@Tq.JsonItem] by default, or a GObject
   * type built from each element with json_gobject_deserialize() (an
   * element it cannot build is an object with default properties).
   */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT, construct_only);

  /**
   * TqInfiniteListModel:item-key:
   *
   * The member of each element that identifies it across updates, `id` by
   * default. Elements without it, or with a %NULL item key, are known by
   * identity only.
   */
  properties [PROP_ITEM_KEY] =
    g_param_spec_string ("item-key", NULL, NULL, "id", construct_only);

  /**
   * TqInfiniteListModel:items-member:
   *
   * The member that holds the array when the data is an object; %NULL when
   * the data is the array.
   */
  properties [PROP_ITEMS_MEMBER] =
    g_param_spec_string ("items-member", NULL, NULL, NULL, construct_only);

  /**
   * TqInfiniteListModel:n-items:
   *
   * The number of items.
   */
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqInfiniteListModel:load-distance:
   *
   * How close to either end of the list, in items,
   * [method@Tq.InfiniteListModel.load_near] fetches the next or previous
   * page.
   */
  properties [PROP_LOAD_DISTANCE] =
    g_param_spec_uint ("load-distance", NULL, NULL, 0, G_MAXUINT, 10,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_infinite_list_model_init (TqInfiniteListModel *self)
{
  self->item_type = TQ_TYPE_JSON_ITEM;
  self->item_key = g_strdup ("id");
  self->load_distance = 10;
}

/**
 * tq_infinite_list_model_new:
 * @observer: the observer of an infinite query
 *
 * Creates a list model of the elements of @observer's pages, with
 * [class@Tq.JsonItem] items keyed by `id`; use g_object_new() to choose
 * another item type, key or items member. The model subscribes @observer.
 *
 * Returns: (transfer full): a new model
 */
TqInfiniteListModel *
tq_infinite_list_model_new (TqInfiniteQueryObserver *observer)
{
  g_return_val_if_fail (TQ_IS_INFINITE_QUERY_OBSERVER (observer), NULL);

  return g_object_new (TQ_TYPE_INFINITE_LIST_MODEL, "observer", observer, NULL);
}

/**
 * tq_infinite_list_model_get_observer:
 * @self: a model
 *
 * Gets [property@Tq.QueryListModel:observer].
 *
 * Returns: (transfer none): the observer
 */
TqInfiniteQueryObserver *
tq_infinite_list_model_get_observer (TqInfiniteListModel *self)
{
  g_return_val_if_fail (TQ_IS_INFINITE_LIST_MODEL (self), NULL);

  return self->observer;
}

/**
 * tq_infinite_list_model_get_item_key:
 * @self: a model
 *
 * Gets [property@Tq.QueryListModel:item-key].
 *
 * Returns: (nullable): the key member
 */
const char *
tq_infinite_list_model_get_item_key (TqInfiniteListModel *self)
{
  g_return_val_if_fail (TQ_IS_INFINITE_LIST_MODEL (self), NULL);

  return self->item_key;
}

/**
 * tq_infinite_list_model_get_items_member:
 * @self: a model
 *
 * Gets [property@Tq.QueryListModel:items-member].
 *
 * Returns: (nullable): the member of each page holding its elements
 */
const char *
tq_infinite_list_model_get_items_member (TqInfiniteListModel *self)
{
  g_return_val_if_fail (TQ_IS_INFINITE_LIST_MODEL (self), NULL);

  return self->items_member;
}

/**
 * tq_infinite_list_model_get_node:
 * @self: a model
 * @position: a position
 *
 * Gets the JSON element at @position, without making its item.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL past the end
 */
JsonNode *
tq_infinite_list_model_get_node (TqInfiniteListModel *self,
                              guint             position)
{
  g_return_val_if_fail (TQ_IS_INFINITE_LIST_MODEL (self), NULL);

  if (self->list.entries == NULL)
    return NULL;

  return _tq_json_list_get_node (&self->list, position);
}

/**
 * tq_infinite_list_model_get_load_distance:
 * @self: a model
 *
 * Gets [property@Tq.InfiniteListModel:load-distance].
 *
 * Returns: the distance in items
 */
guint
tq_infinite_list_model_get_load_distance (TqInfiniteListModel *self)
{
  g_return_val_if_fail (TQ_IS_INFINITE_LIST_MODEL (self), 0);

  return self->load_distance;
}

/**
 * tq_infinite_list_model_set_load_distance:
 * @self: a model
 * @distance: the distance in items
 *
 * Sets [property@Tq.InfiniteListModel:load-distance].
 */
void
tq_infinite_list_model_set_load_distance (TqInfiniteListModel *self,
                                          guint                distance)
{
  g_return_if_fail (TQ_IS_INFINITE_LIST_MODEL (self));

  if (self->load_distance == distance)
    return;

  self->load_distance = distance;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LOAD_DISTANCE]);
}

/**
 * tq_infinite_list_model_load_near:
 * @self: a model
 * @position: the position of an item being shown
 *
 * Tells the model that the item at @position is being shown, so that it
 * fetches more when that is near an end: the next page when @position is
 * within [property@Tq.InfiniteListModel:load-distance] items of the end
 * and there is one, otherwise the previous page when it is that close to
 * the start and there is one.
 *
 * `GtkListView` binds rows somewhat beyond those on screen (up to about
 * two hundred in GTK 4.8), so calling this from the bind handler loads
 * about that far ahead of the user.
 *
 * Nothing is fetched while the query fetches, so calling this for every
 * row that is bound costs nothing more; nor in a direction whose last
 * fetch failed, until the query is fetched again (by a refetch, or an
 * explicit [method@Tq.InfiniteQueryObserver.fetch_next_page] behind a
 * "Try again" button), so that scrolling does not hammer a failing server.
 * A fetch started here does not cancel a refetch in progress.
 *
 * Returns: %TRUE if a fetch started
 */
gboolean
tq_infinite_list_model_load_near (TqInfiniteListModel *self,
                                  guint                position)
{
  TqQueryResult *result;
  guint n_items;

  g_return_val_if_fail (TQ_IS_INFINITE_LIST_MODEL (self), FALSE);

  if (self->observer == NULL)
    return FALSE;

  result = tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (self->observer));
  n_items = tq_infinite_list_model_get_n_items (G_LIST_MODEL (self));
  if (result == NULL || n_items == 0 || tq_query_result_is_fetching (result))
    return FALSE;

  if ((guint64) position + self->load_distance + 1 >= n_items &&
      tq_query_result_has_next_page (result) &&
      !tq_query_result_is_fetch_next_page_error (result))
    {
      tq_infinite_query_observer_fetch_next_page_async (self->observer, FALSE, NULL, NULL, NULL);
      return TRUE;
    }

  if (position <= self->load_distance &&
      tq_query_result_has_previous_page (result) &&
      !tq_query_result_is_fetch_previous_page_error (result))
    {
      tq_infinite_query_observer_fetch_previous_page_async (self->observer, FALSE, NULL, NULL, NULL);
      return TRUE;
    }

  return FALSE;
}
