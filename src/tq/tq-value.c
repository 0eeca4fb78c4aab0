/* tq-value.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-value-private.h"

/* Data in Tq is any GType value carried in a GValue; an unset GValue
 * (G_TYPE_INVALID) is "no data", which is not the same as a JSON null.
 * JsonNode is the first-class type: structural sharing is defined for it.
 */

static gboolean
is_number (JsonNode *node)
{
  GType type;

  if (JSON_NODE_TYPE (node) != JSON_NODE_VALUE)
    return FALSE;

  type = json_node_get_value_type (node);
  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* JavaScript's `===` on two JSON values: scalars by value (numbers by
 * numeric value, so 1 and 1.0 are equal), containers by identity.
 */
static gboolean
strict_equal (JsonNode *a,
              JsonNode *b)
{
  JsonNodeType ta, tb;

  if (a == b)
    return TRUE;

  ta = JSON_NODE_TYPE (a);
  tb = JSON_NODE_TYPE (b);

  if (ta == JSON_NODE_NULL || tb == JSON_NODE_NULL)
    return ta == tb;

  if (ta == JSON_NODE_OBJECT)
    return tb == JSON_NODE_OBJECT && json_node_get_object (a) == json_node_get_object (b);

  if (ta == JSON_NODE_ARRAY)
    return tb == JSON_NODE_ARRAY && json_node_get_array (a) == json_node_get_array (b);

  if (tb != JSON_NODE_VALUE)
    return FALSE;

  if (is_number (a) && is_number (b))
    return json_node_get_double (a) == json_node_get_double (b) &&
           (json_node_get_value_type (a) != G_TYPE_INT64 ||
            json_node_get_value_type (b) != G_TYPE_INT64 ||
            json_node_get_int (a) == json_node_get_int (b));

  if (json_node_get_value_type (a) != json_node_get_value_type (b))
    return FALSE;

  switch (json_node_get_value_type (a))
    {
    case G_TYPE_STRING:
      return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;
    case G_TYPE_BOOLEAN:
      return json_node_get_boolean (a) == json_node_get_boolean (b);
    default:
      return FALSE;
    }
}

static gboolean
is_container (JsonNode *node)
{
  return JSON_NODE_HOLDS_OBJECT (node) || JSON_NODE_HOLDS_ARRAY (node);
}

static gboolean
deep_equal (JsonNode *a,
            JsonNode *b)
{
  if (strict_equal (a, b))
    return TRUE;

  if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    {
      JsonArray *aa = json_node_get_array (a);
      JsonArray *ab = json_node_get_array (b);
      guint n = json_array_get_length (aa);

      if (n != json_array_get_length (ab))
        return FALSE;

      for (guint i = 0; i < n; i++)
        if (!deep_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
          return FALSE;

      return TRUE;
    }

  if (JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    {
      JsonObject *oa = json_node_get_object (a);
      JsonObject *ob = json_node_get_object (b);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      if (json_object_get_size (oa) != json_object_get_size (ob))
        return FALSE;

      json_object_iter_init (&iter, ob);
      while (json_object_iter_next (&iter, &name, &member))
        {
          JsonNode *other = json_object_get_member (oa, name);

          if (other == NULL || !deep_equal (other, member))
            return FALSE;
        }

      return TRUE;
    }

  return FALSE;
}

/**
 * tq_json_equal:
 * @a: (nullable): a JSON node
 * @b: (nullable): another JSON node
 *
 * Compares two JSON trees deeply, as structural sharing sees them: objects
 * by their members whatever their order, arrays element by element, numbers
 * by value (an integer and a double of the same value are equal). %NULL
 * ("no data") equals only %NULL, never a JSON `null`.
 *
 * Returns: %TRUE if @a and @b hold the same JSON value
 */
gboolean
tq_json_equal (JsonNode *a,
               JsonNode *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return deep_equal (a, b);
}

static JsonNode *replace_equal_deep (JsonNode *a,
                                     JsonNode *b,
                                     guint     depth);

/* What goes at one place of the result: @a_item (the previous tree's, when
 * equal), a tree sharing parts of it, or @b_item. @equal tells whether
 * @a_item was found deeply equal. Equal scalars are @a_item's in arrays,
 * where list models know elements without a key by identity, but
 * @b_item's in objects: a member has its name to be known by, and taking
 * the new one lets an object whose changes are all in scalars be @b itself
 * rather than a copy of it.
 */
static JsonNode *
replace_item (JsonNode *a_item,
              JsonNode *b_item,
              guint     depth,
              gboolean  keep_scalars,
              gboolean *equal)
{
  JsonNode *v;

  *equal = FALSE;

  if (a_item == NULL)
    return json_node_ref (b_item);

  if (strict_equal (a_item, b_item))
    {
      *equal = TRUE;
      return json_node_ref (keep_scalars || is_container (a_item) ? a_item : b_item);
    }

  if (!is_container (a_item) || !is_container (b_item))
    return json_node_ref (b_item);

  v = replace_equal_deep (a_item, b_item, depth + 1);
  *equal = v == a_item;

  return v;
}

static JsonNode *
replace_arrays (JsonNode *a,
                JsonNode *b,
                guint     depth)
{
  JsonArray *aa = json_node_get_array (a);
  JsonArray *ab = json_node_get_array (b);
  guint a_size = json_array_get_length (aa);
  guint b_size = json_array_get_length (ab);
  g_autoptr(JsonArray) copy = NULL;
  guint equal_items = 0;
  JsonNode *node;

  for (guint i = 0; i < b_size; i++)
    {
      JsonNode *b_item = json_array_get_element (ab, i);
      JsonNode *a_item = i < a_size ? json_array_get_element (aa, i) : NULL;
      gboolean equal;
      JsonNode *v = replace_item (a_item, b_item, depth, TRUE, &equal);

      if (equal)
        equal_items++;

      /* The copy starts at the first element that is not @b's own. */
      if (copy == NULL && v != b_item)
        {
          copy = json_array_sized_new (b_size);
          for (guint j = 0; j < i; j++)
            json_array_add_element (copy, json_node_ref (json_array_get_element (ab, j)));
        }

      if (copy != NULL)
        json_array_add_element (copy, v);
      else
        json_node_unref (v);
    }

  if (a_size == b_size && equal_items == a_size)
    return json_node_ref (a);

  if (copy == NULL)
    return json_node_ref (b);

  node = json_node_init_array (json_node_alloc (), copy);
  if (json_node_is_immutable (b))
    json_node_seal (node);

  return node;
}

static JsonNode *
replace_objects (JsonNode *a,
                 JsonNode *b,
                 guint     depth)
{
  JsonObject *oa = json_node_get_object (a);
  JsonObject *ob = json_node_get_object (b);
  guint a_size = json_object_get_size (oa);
  guint b_size = json_object_get_size (ob);
  g_autoptr(JsonObject) copy = NULL;
  guint equal_items = 0;
  guint index = 0;
  JsonObjectIter iter;
  const char *name;
  JsonNode *b_item;
  JsonNode *node;

  json_object_iter_init_ordered (&iter, ob);
  while (json_object_iter_next_ordered (&iter, &name, &b_item))
    {
      gboolean equal;
      JsonNode *v = replace_item (json_object_get_member (oa, name), b_item, depth, FALSE, &equal);

      if (equal)
        equal_items++;

      /* The copy starts at the first member that is not @b's own. */
      if (copy == NULL && v != b_item)
        {
          JsonObjectIter before;
          const char *before_name;
          JsonNode *before_item;

          copy = json_object_new ();
          json_object_iter_init_ordered (&before, ob);
          for (guint j = 0; j < index && json_object_iter_next_ordered (&before, &before_name, &before_item); j++)
            json_object_set_member (copy, before_name, json_node_ref (before_item));
        }

      if (copy != NULL)
        json_object_set_member (copy, name, v);
      else
        json_node_unref (v);
      index++;
    }

  if (a_size == b_size && equal_items == a_size)
    return json_node_ref (a);

  if (copy == NULL)
    return json_node_ref (b);

  node = json_node_init_object (json_node_alloc (), copy);
  if (json_node_is_immutable (b))
    json_node_seal (node);

  return node;
}

static JsonNode *
replace_equal_deep (JsonNode *a,
                    JsonNode *b,
                    guint     depth)
{
  if (strict_equal (a, b))
    return json_node_ref (a);

  if (depth > TQ_STRUCTURAL_SHARING_MAX_DEPTH)
    return json_node_ref (b);

  if (JSON_NODE_HOLDS_ARRAY (a) && JSON_NODE_HOLDS_ARRAY (b))
    return replace_arrays (a, b, depth);

  if (JSON_NODE_HOLDS_OBJECT (a) && JSON_NODE_HOLDS_OBJECT (b))
    return replace_objects (a, b, depth);

  return json_node_ref (b);
}

/**
 * tq_json_replace_equal_deep:
 * @prev: (nullable): the data held so far
 * @next: (nullable): new data
 *
 * Structural sharing: TanStack's `replaceEqualDeep` (rule 45 of
 * `tanstack-query-core.md`) for JSON.
 *
 * If @next is deeply equal to @prev (see [func@Tq.json_equal]), @prev itself
 * is returned. Otherwise the result has the content of @next, and every
 * object or array in it that is deeply equal to the one at the same place in
 * @prev *is* that one of @prev (the same `JsonNode`), so that code holding
 * on to parts of the old data (rows of a list, say) can tell by identity what
 * did not change. Objects and arrays are walked; an object's members are
 * matched by name, an array's elements by index; scalars are compared by
 * value; an equal scalar is @prev's in an array (list models know elements
 * by identity) and @next's in an object. A changed object or array that
 * shares nothing with @prev is @next's own node, not a copy.
 * Below %TQ_STRUCTURAL_SHARING_MAX_DEPTH levels, @next is taken as it is.
 *
 * Neither tree is modified; both are treated as immutable from then on, as
 * they may now share nodes. If @next is sealed (json_node_seal()), so is the
 * result.
 *
 * Returns: (transfer full) (nullable): @prev, a new tree that shares what it
 *   can with @prev, or @next; %NULL only if @next is %NULL
 */
JsonNode *
tq_json_replace_equal_deep (JsonNode *prev,
                            JsonNode *next)
{
  if (next == NULL)
    return NULL;

  if (prev == NULL)
    return json_node_ref (next);

  return replace_equal_deep (prev, next, 0);
}

/**
 * tq_value_equal:
 * @a: a value, or an unset #GValue for "no data"
 * @b: another value
 *
 * Compares two pieces of query data. Unset values (no data) are equal to
 * each other only. Values of different types are different. `JsonNode`s
 * compare deeply with [func@Tq.json_equal], `GVariant`s with
 * g_variant_equal(), strings by content, numbers, booleans, enums and flags
 * by value, and objects, boxed types and pointers by identity.
 *
 * Returns: %TRUE if @a and @b hold the same data
 */
gboolean
tq_value_equal (const GValue *a,
                const GValue *b)
{
  GType type;

  g_return_val_if_fail (a != NULL, FALSE);
  g_return_val_if_fail (b != NULL, FALSE);

  if (G_VALUE_TYPE (a) != G_VALUE_TYPE (b))
    return FALSE;

  type = G_VALUE_TYPE (a);

  if (type == G_TYPE_INVALID)
    return TRUE;

  if (type == JSON_TYPE_NODE)
    return tq_json_equal (g_value_get_boxed (a), g_value_get_boxed (b));

  if (type == G_TYPE_VARIANT)
    {
      GVariant *va = g_value_get_variant (a);
      GVariant *vb = g_value_get_variant (b);

      if (va == NULL || vb == NULL)
        return va == vb;

      return g_variant_equal (va, vb);
    }

  if (type == G_TYPE_GTYPE)
    return g_value_get_gtype (a) == g_value_get_gtype (b);

  switch (G_TYPE_FUNDAMENTAL (type))
    {
    case G_TYPE_STRING:
      return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
    case G_TYPE_BOOLEAN:
      return g_value_get_boolean (a) == g_value_get_boolean (b);
    case G_TYPE_CHAR:
      return g_value_get_schar (a) == g_value_get_schar (b);
    case G_TYPE_UCHAR:
      return g_value_get_uchar (a) == g_value_get_uchar (b);
    case G_TYPE_INT:
      return g_value_get_int (a) == g_value_get_int (b);
    case G_TYPE_UINT:
      return g_value_get_uint (a) == g_value_get_uint (b);
    case G_TYPE_LONG:
      return g_value_get_long (a) == g_value_get_long (b);
    case G_TYPE_ULONG:
      return g_value_get_ulong (a) == g_value_get_ulong (b);
    case G_TYPE_INT64:
      return g_value_get_int64 (a) == g_value_get_int64 (b);
    case G_TYPE_UINT64:
      return g_value_get_uint64 (a) == g_value_get_uint64 (b);
    case G_TYPE_FLOAT:
      return g_value_get_float (a) == g_value_get_float (b);
    case G_TYPE_DOUBLE:
      return g_value_get_double (a) == g_value_get_double (b);
    case G_TYPE_ENUM:
      return g_value_get_enum (a) == g_value_get_enum (b);
    case G_TYPE_FLAGS:
      return g_value_get_flags (a) == g_value_get_flags (b);
    default:
      /* Objects, boxed types, pointers, params: identity. */
      return a->data[0].v_pointer == b->data[0].v_pointer;
    }
}

/**
 * tq_value_replace_equal_deep:
 * @prev: the data held so far (unset for none)
 * @next: new data (unset for none)
 * @result: (out caller-allocates): an unset #GValue for the result
 *
 * Structural sharing for any data: JSON goes through
 * [func@Tq.json_replace_equal_deep]; other values that are equal by
 * [func@Tq.value_equal] keep @prev (and so its identity); anything else
 * takes @next.
 */
void
tq_value_replace_equal_deep (const GValue *prev,
                             const GValue *next,
                             GValue       *result)
{
  g_return_if_fail (prev != NULL);
  g_return_if_fail (next != NULL);
  g_return_if_fail (result != NULL && G_VALUE_TYPE (result) == G_TYPE_INVALID);

  if (G_VALUE_TYPE (next) == G_TYPE_INVALID)
    return;

  if (G_VALUE_TYPE (prev) == JSON_TYPE_NODE && G_VALUE_TYPE (next) == JSON_TYPE_NODE)
    {
      g_value_init (result, JSON_TYPE_NODE);
      g_value_take_boxed (result, tq_json_replace_equal_deep (g_value_get_boxed (prev),
                                                              g_value_get_boxed (next)));
      return;
    }

  _tq_value_copy_shared (tq_value_equal (prev, next) ? prev : next, result);
}

gboolean
_tq_value_identical (const GValue *a,
                     const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type != G_VALUE_TYPE (b))
    return FALSE;

  if (type == G_TYPE_INVALID)
    return TRUE;

  if (type == JSON_TYPE_NODE)
    {
      /* g_value_get_boxed() without its checks: the type is known. */
      JsonNode *na = a->data[0].v_pointer;
      JsonNode *nb = b->data[0].v_pointer;

      if (na == nb)
        return TRUE;
      if (na == NULL || nb == NULL)
        return FALSE;

      return strict_equal (na, nb);
    }

  if (type == G_TYPE_VARIANT)
    return g_value_get_variant (a) == g_value_get_variant (b) ||
           (g_value_get_variant (a) != NULL && g_value_get_variant (b) != NULL &&
            g_variant_equal (g_value_get_variant (a), g_value_get_variant (b)));

  return tq_value_equal (a, b);
}

gboolean
_tq_error_equal (const GError *a,
                 const GError *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  return a->domain == b->domain && a->code == b->code && g_strcmp0 (a->message, b->message) == 0;
}
