/* tq-json-item.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-json-item.h"

/**
 * TqJsonItem:
 *
 * One element of a JSON list, as the items of a [class@Tq.QueryListModel]
 * and a [class@Tq.InfiniteListModel] are unless they are given an item
 * type of their own.
 *
 * It holds the element, [property@Tq.JsonItem:node], which it never
 * changes (a changed element is a new item), and its identity in the list,
 * [property@Tq.JsonItem:key]: the text of the element's key member, such
 * as `id`. Fields are read with [method@Tq.JsonItem.get_string] and its
 * siblings.
 *
 * GtkExpression looks up properties, and a JSON object's fields are not
 * properties of a `TqJsonItem`. In a `.ui` file, bind
 * [property@Tq.JsonItem:key] with `<lookup>`, and read other fields
 * through a closure (GtkBuilder finds the function by name, and calls it
 * with the object the expression is evaluated for first; a string it
 * returns is taken):
 *
 * ```xml
 * <binding name="label">
 *   <closure type="gchararray" function="todo_title">
 *     <lookup name="item">GtkListItem</lookup>
 *   </closure>
 * </binding>
 * ```
 *
 * ```c
 * char *
 * todo_title (GObject    *this,
 *             TqJsonItem *item)
 * {
 *   return item ? g_strdup (tq_json_item_get_string (item, "title")) : NULL;
 * }
 * ```
 *
 * To `<lookup>` fields by name, give the model an item type of your own
 * whose properties are named after the fields: items are then built with
 * json_gobject_deserialize().
 */

struct _TqJsonItem
{
  GObject   parent_instance;

  JsonNode *node;
  char     *key_member;
  char     *key;
  guint     key_done : 1;
};

enum {
  PROP_0,
  PROP_NODE,
  PROP_KEY_MEMBER,
  PROP_KEY,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqJsonItem, tq_json_item, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void
tq_json_item_finalize (GObject *object)
{
  TqJsonItem *self = (TqJsonItem *)object;

  g_clear_pointer (&self->node, json_node_unref);
  g_clear_pointer (&self->key_member, g_free);
  g_clear_pointer (&self->key, g_free);

  G_OBJECT_CLASS (tq_json_item_parent_class)->finalize (object);
}

static void
tq_json_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TqJsonItem *self = TQ_JSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_NODE:
      /* Shared, not copied: the node is immutable */
      g_value_take_boxed (value, self->node ? json_node_ref (self->node) : NULL);
      break;
    case PROP_KEY_MEMBER:
      g_value_set_string (value, self->key_member);
      break;
    case PROP_KEY:
      g_value_set_string (value, tq_json_item_get_key (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_json_item_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  TqJsonItem *self = TQ_JSON_ITEM (object);

  switch (prop_id)
    {
    case PROP_NODE:
      {
        JsonNode *node = g_value_get_boxed (value);

        g_clear_pointer (&self->node, json_node_unref);
        self->node = node ? json_node_ref (node) : NULL;
      }
      break;
    case PROP_KEY_MEMBER:
      g_free (self->key_member);
      self->key_member = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_json_item_class_init (TqJsonItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tq_json_item_finalize;
  object_class->get_property = tq_json_item_get_property;
  object_class->set_property = tq_json_item_set_property;

  /**
   * TqJsonItem:node:
   *
   * The JSON element, shared with the query's data.
   */
  properties [PROP_NODE] =
    g_param_spec_boxed ("node", NULL, NULL, JSON_TYPE_NODE,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqJsonItem:key-member:
   *
   * The member of the element that identifies it, such as `id`.
   */
  properties [PROP_KEY_MEMBER] =
    g_param_spec_string ("key-member", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqJsonItem:key:
   *
   * The element's key as text: the key member's string, or its JSON for
   * other values (`42` for the number 42); %NULL if the element has no
   * such member.
   */
  properties [PROP_KEY] =
    g_param_spec_string ("key", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_json_item_init (TqJsonItem *self)
{
}

/**
 * tq_json_item_new:
 * @node: a JSON element (shared, not copied)
 * @key_member: (nullable): the member of @node that identifies it
 *
 * Creates an item for a JSON element.
 *
 * Returns: (transfer full): a new item
 */
TqJsonItem *
tq_json_item_new (JsonNode   *node,
                  const char *key_member)
{
  g_return_val_if_fail (node != NULL, NULL);

  return g_object_new (TQ_TYPE_JSON_ITEM,
                       "node", node,
                       "key-member", key_member,
                       NULL);
}

/**
 * tq_json_item_get_node:
 * @self: an item
 *
 * Gets [property@Tq.JsonItem:node].
 *
 * Returns: (transfer none): the element
 */
JsonNode *
tq_json_item_get_node (TqJsonItem *self)
{
  g_return_val_if_fail (TQ_IS_JSON_ITEM (self), NULL);

  return self->node;
}

/**
 * tq_json_item_get_key:
 * @self: an item
 *
 * Gets [property@Tq.JsonItem:key].
 *
 * Returns: (nullable): the key as text
 */
const char *
tq_json_item_get_key (TqJsonItem *self)
{
  JsonNode *member;

  g_return_val_if_fail (TQ_IS_JSON_ITEM (self), NULL);

  if (self->key_done)
    return self->key;

  self->key_done = TRUE;
  if (self->key_member == NULL)
    return NULL;

  member = tq_json_item_get_member (self, self->key_member);
  if (member == NULL || JSON_NODE_HOLDS_NULL (member))
    return NULL;

  if (json_node_get_value_type (member) == G_TYPE_STRING)
    self->key = json_node_dup_string (member);
  else
    self->key = json_to_string (member, FALSE);

  return self->key;
}

/**
 * tq_json_item_has_member:
 * @self: an item
 * @name: a member name
 *
 * Tells whether the element is an object with a member @name.
 *
 * Returns: whether it has the member
 */
gboolean
tq_json_item_has_member (TqJsonItem *self,
                         const char *name)
{
  return tq_json_item_get_member (self, name) != NULL;
}

/**
 * tq_json_item_get_member:
 * @self: an item
 * @name: a member name
 *
 * Gets a member of the element.
 *
 * Returns: (transfer none) (nullable): the member, or %NULL if the element
 *   is not an object or has no such member
 */
JsonNode *
tq_json_item_get_member (TqJsonItem *self,
                         const char *name)
{
  g_return_val_if_fail (TQ_IS_JSON_ITEM (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (self->node == NULL || !JSON_NODE_HOLDS_OBJECT (self->node))
    return NULL;

  return json_object_get_member (json_node_get_object (self->node), name);
}

static JsonNode *
value_member (TqJsonItem *self,
              const char *name)
{
  JsonNode *member = tq_json_item_get_member (self, name);

  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return NULL;

  return member;
}

/**
 * tq_json_item_get_string:
 * @self: an item
 * @name: a member name
 *
 * Reads a string member of the element, for labels.
 *
 * Returns: (nullable): the string, or %NULL if the member is missing or
 *   not a string
 */
const char *
tq_json_item_get_string (TqJsonItem *self,
                         const char *name)
{
  JsonNode *member = value_member (self, name);

  if (member == NULL || json_node_get_value_type (member) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (member);
}

/**
 * tq_json_item_get_int:
 * @self: an item
 * @name: a member name
 *
 * Reads a number member of the element as an integer.
 *
 * Returns: the number, or 0 if the member is missing or not a number or
 *   boolean
 */
gint64
tq_json_item_get_int (TqJsonItem *self,
                      const char *name)
{
  JsonNode *member = value_member (self, name);

  if (member == NULL || json_node_get_value_type (member) == G_TYPE_STRING)
    return 0;

  return json_node_get_int (member);
}

/**
 * tq_json_item_get_double:
 * @self: an item
 * @name: a member name
 *
 * Reads a number member of the element.
 *
 * Returns: the number, or 0 if the member is missing or not a number or
 *   boolean
 */
double
tq_json_item_get_double (TqJsonItem *self,
                         const char *name)
{
  JsonNode *member = value_member (self, name);

  if (member == NULL || json_node_get_value_type (member) == G_TYPE_STRING)
    return 0;

  return json_node_get_double (member);
}

/**
 * tq_json_item_get_boolean:
 * @self: an item
 * @name: a member name
 *
 * Reads a boolean member of the element, such as a to-do's `completed`.
 *
 * Returns: the boolean, or %FALSE if the member is missing or not a
 *   boolean or number
 */
gboolean
tq_json_item_get_boolean (TqJsonItem *self,
                          const char *name)
{
  JsonNode *member = value_member (self, name);

  if (member == NULL || json_node_get_value_type (member) == G_TYPE_STRING)
    return FALSE;

  return json_node_get_boolean (member);
}
