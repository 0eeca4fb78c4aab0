/* tq-query-list-model.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-json-item.h"
#include "tq-json-list-private.h"
#include "tq-query-list-model.h"
#include "tq-query-result.h"

/**
 * TqQueryListModel:
 *
 * A [iface@Gio.ListModel] of the elements of a query whose data is a JSON
 * array, such as a list of to-dos: give it to a `GtkListView` and the view
 * follows the query.
 *
 * The model watches its [class@Tq.QueryObserver] (and keeps it subscribed
 * while it exists). When the data changes, it compares the new elements
 * with the old ones by their key member
 * ([property@Tq.QueryListModel:item-key], `id` by default) and emits
 * `items-changed` once for each stretch that changed: an element added,
 * removed or changed in place. Elements that did not change keep their
 * item object — structural sharing lets a refetch leave them identical, and
 * an element that is equal but not identical counts as unchanged too — so
 * `GtkListView` keeps their rows. An element that changed in place is a
 * new item. Changes are batched as the observer's property notifications
 * are: a hundred updates in one main-loop iteration make one round of
 * `items-changed`.
 *
 * Items are [class@Tq.JsonItem]s unless
 * [property@Tq.QueryListModel:item-type] names a type of the
 * application's, whose objects are built from each element with
 * json_gobject_deserialize(), so that `.ui` files can `<lookup>` fields by
 * name. Items are made when they are first asked for: a long list costs
 * little until it is shown.
 *
 * When the data is an object rather than an array, set
 * [property@Tq.QueryListModel:items-member] to the member that holds the
 * array (json-server's paginated responses keep it in `data`). Other data,
 * or none, is an empty list.
 *
 * ```c
 * g_autoptr(TqQueryObserver) todos = tq_query_observer_new (client, options);
 * g_autoptr(TqQueryListModel) model = tq_query_list_model_new (todos);
 * GtkNoSelection *selection = gtk_no_selection_new (G_LIST_MODEL (g_steal_pointer (&model)));
 *
 * gtk_list_view_set_model (list_view, GTK_SELECTION_MODEL (selection));
 * ```
 */

struct _TqQueryListModel
{
  GObject          parent_instance;

  TqQueryObserver *observer;
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
  N_PROPS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TqQueryListModel, tq_query_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties [N_PROPS];

/* {{{ GListModel */

static GType
tq_query_list_model_get_item_type (GListModel *model)
{
  return TQ_QUERY_LIST_MODEL (model)->item_type;
}

static guint
tq_query_list_model_get_n_items (GListModel *model)
{
  TqQueryListModel *self = TQ_QUERY_LIST_MODEL (model);

  return self->list.entries != NULL ? _tq_json_list_get_n_items (&self->list) : 0;
}

static gpointer
tq_query_list_model_get_item (GListModel *model,
                              guint       position)
{
  TqQueryListModel *self = TQ_QUERY_LIST_MODEL (model);

  if (self->list.entries == NULL)
    return NULL;

  return _tq_json_list_get_item (&self->list, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tq_query_list_model_get_item_type;
  iface->get_n_items = tq_query_list_model_get_n_items;
  iface->get_item = tq_query_list_model_get_item;
}

/* }}} */

static void
sync_items (TqQueryListModel *self)
{
  TqQueryResult *result = tq_query_observer_get_current_result (self->observer);
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
  _tq_json_list_collect (data, self->items_member, FALSE, elements);
  if (_tq_json_list_update (&self->list, (JsonNode **) elements->pdata, elements->len))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
}

static void
on_data_changed (TqQueryListModel *self)
{
  sync_items (self);
}

static void
tq_query_list_model_constructed (GObject *object)
{
  TqQueryListModel *self = (TqQueryListModel *)object;

  G_OBJECT_CLASS (tq_query_list_model_parent_class)->constructed (object);

  if (G_TYPE_IS_ABSTRACT (self->item_type))
    {
      g_critical ("TqQueryListModel: the item type %s is abstract", g_type_name (self->item_type));
      self->item_type = TQ_TYPE_JSON_ITEM;
    }

  _tq_json_list_init (&self->list, G_LIST_MODEL (self), self->item_type, self->item_key);

  if (self->observer == NULL)
    {
      g_critical ("TqQueryListModel needs an observer");
      return;
    }

  g_signal_connect_object (self->observer, "notify::data",
                           G_CALLBACK (on_data_changed), self, G_CONNECT_SWAPPED);
  tq_query_observer_subscribe (self->observer);
  self->subscribed = TRUE;
  sync_items (self);
}

static void
tq_query_list_model_dispose (GObject *object)
{
  TqQueryListModel *self = (TqQueryListModel *)object;

  if (self->observer != NULL)
    {
      g_signal_handlers_disconnect_by_func (self->observer, on_data_changed, self);
      if (self->subscribed)
        tq_query_observer_unsubscribe (self->observer);
      self->subscribed = FALSE;
    }
  g_clear_object (&self->observer);

  G_OBJECT_CLASS (tq_query_list_model_parent_class)->dispose (object);
}

static void
tq_query_list_model_finalize (GObject *object)
{
  TqQueryListModel *self = (TqQueryListModel *)object;

  _tq_json_list_clear (&self->list);
  g_clear_pointer (&self->synced, json_node_unref);
  g_clear_pointer (&self->item_key, g_free);
  g_clear_pointer (&self->items_member, g_free);

  G_OBJECT_CLASS (tq_query_list_model_parent_class)->finalize (object);
}

static void
tq_query_list_model_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqQueryListModel *self = TQ_QUERY_LIST_MODEL (object);

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
      g_value_set_uint (value, tq_query_list_model_get_n_items (G_LIST_MODEL (self)));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_list_model_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TqQueryListModel *self = TQ_QUERY_LIST_MODEL (object);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_list_model_class_init (TqQueryListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct_only = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tq_query_list_model_constructed;
  object_class->dispose = tq_query_list_model_dispose;
  object_class->finalize = tq_query_list_model_finalize;
  object_class->get_property = tq_query_list_model_get_property;
  object_class->set_property = tq_query_list_model_set_property;

  /**
   * TqQueryListModel:observer:
   *
   * The observer of the query whose data the model shows. The model keeps
   * it subscribed.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL, TQ_TYPE_QUERY_OBSERVER, construct_only);

  /**
   * TqQueryListModel:item-type:
   *
   * The type of the items: [class@Tq.JsonItem] by default, or a GObject
   * type built from each element with json_gobject_deserialize() (an
   * element it cannot build is an object with default properties).
   */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT, construct_only);

  /**
   * TqQueryListModel:item-key:
   *
   * The member of each element that identifies it across updates, `id` by
   * default. Elements without it, or with a %NULL item key, are known by
   * identity only.
   */
  properties [PROP_ITEM_KEY] =
    g_param_spec_string ("item-key", NULL, NULL, "id", construct_only);

  /**
   * TqQueryListModel:items-member:
   *
   * The member that holds the array when the data is an object; %NULL when
   * the data is the array.
   */
  properties [PROP_ITEMS_MEMBER] =
    g_param_spec_string ("items-member", NULL, NULL, NULL, construct_only);

  /**
   * TqQueryListModel:n-items:
   *
   * The number of items.
   */
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_query_list_model_init (TqQueryListModel *self)
{
  self->item_type = TQ_TYPE_JSON_ITEM;
  self->item_key = g_strdup ("id");
}

/**
 * tq_query_list_model_new:
 * @observer: the observer of a query whose data is a JSON array
 *
 * Creates a list model of the elements of @observer's data, with
 * [class@Tq.JsonItem] items keyed by `id`; use g_object_new() to choose
 * another item type or key. The model subscribes @observer.
 *
 * Returns: (transfer full): a new model
 */
TqQueryListModel *
tq_query_list_model_new (TqQueryObserver *observer)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (observer), NULL);

  return g_object_new (TQ_TYPE_QUERY_LIST_MODEL, "observer", observer, NULL);
}

/**
 * tq_query_list_model_get_observer:
 * @self: a model
 *
 * Gets [property@Tq.QueryListModel:observer].
 *
 * Returns: (transfer none): the observer
 */
TqQueryObserver *
tq_query_list_model_get_observer (TqQueryListModel *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_LIST_MODEL (self), NULL);

  return self->observer;
}

/**
 * tq_query_list_model_get_item_key:
 * @self: a model
 *
 * Gets [property@Tq.QueryListModel:item-key].
 *
 * Returns: (nullable): the key member
 */
const char *
tq_query_list_model_get_item_key (TqQueryListModel *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_LIST_MODEL (self), NULL);

  return self->item_key;
}

/**
 * tq_query_list_model_get_items_member:
 * @self: a model
 *
 * Gets [property@Tq.QueryListModel:items-member].
 *
 * Returns: (nullable): the member holding the array
 */
const char *
tq_query_list_model_get_items_member (TqQueryListModel *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_LIST_MODEL (self), NULL);

  return self->items_member;
}

/**
 * tq_query_list_model_get_node:
 * @self: a model
 * @position: a position
 *
 * Gets the JSON element at @position, without making its item.
 *
 * Returns: (transfer none) (nullable): the element, or %NULL past the end
 */
JsonNode *
tq_query_list_model_get_node (TqQueryListModel *self,
                              guint             position)
{
  g_return_val_if_fail (TQ_IS_QUERY_LIST_MODEL (self), NULL);

  if (self->list.entries == NULL)
    return NULL;

  return _tq_json_list_get_node (&self->list, position);
}
