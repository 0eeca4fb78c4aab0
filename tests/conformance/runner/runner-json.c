/* runner-json.c: JSON helpers of the conformance runner
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "runner-json.h"

/* {{{ Canonical writer (README.md, section 8.1) */

/* JSON.stringify's escapes: the two-character ones, other controls as
 * \u00xx in lower case, everything else (UTF-8 included) as itself.
 */
void
rj_append_string (GString    *out,
                  const char *text)
{
  g_string_append_c (out, '"');

  for (const char *p = text; *p != '\0'; p++)
    {
      unsigned char c = (unsigned char) *p;

      switch (c)
        {
        case '"':
          g_string_append (out, "\\\"");
          break;
        case '\\':
          g_string_append (out, "\\\\");
          break;
        case '\b':
          g_string_append (out, "\\b");
          break;
        case '\f':
          g_string_append (out, "\\f");
          break;
        case '\n':
          g_string_append (out, "\\n");
          break;
        case '\r':
          g_string_append (out, "\\r");
          break;
        case '\t':
          g_string_append (out, "\\t");
          break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, (char) c);
        }
    }

  g_string_append_c (out, '"');
}

static void
append_number (GString *out,
               JsonNode *node)
{
  if (json_node_get_value_type (node) == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      if (d == floor (d) && fabs (d) < 9007199254740992.0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) d);
      else
        g_string_append (out, g_ascii_dtostr (buf, sizeof buf, d));
    }
  else
    g_string_append_printf (out, "%" G_GINT64_FORMAT, json_node_get_int (node));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static void
append_members (GString    *out,
                JsonObject *object,
                gboolean    first)
{
  g_autoptr(GList) members = json_object_get_members (object);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  for (GList *l = members; l != NULL; l = l->next)
    g_ptr_array_add (names, l->data);
  g_ptr_array_sort (names, compare_strings);

  for (guint i = 0; i < names->len; i++)
    {
      const char *name = names->pdata[i];

      if (!first)
        g_string_append_c (out, ',');
      first = FALSE;
      rj_append_string (out, name);
      g_string_append_c (out, ':');
      rj_append_canonical (out, json_object_get_member (object, name));
    }
}

void
rj_append_canonical (GString  *out,
                     JsonNode *node)
{
  if (node == NULL)
    {
      /* No value inside an array is written as null. */
      g_string_append (out, "null");
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      g_string_append (out, "null");
      break;

    case JSON_NODE_VALUE:
      {
        GType type = json_node_get_value_type (node);

        if (type == G_TYPE_STRING)
          rj_append_string (out, json_node_get_string (node));
        else if (type == G_TYPE_BOOLEAN)
          g_string_append (out, json_node_get_boolean (node) ? "true" : "false");
        else
          append_number (out, node);
      }
      break;

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            rj_append_canonical (out, json_array_get_element (array, i));
          }
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_OBJECT:
      g_string_append_c (out, '{');
      append_members (out, json_node_get_object (node), TRUE);
      g_string_append_c (out, '}');
      break;

    default:
      g_assert_not_reached ();
    }
}

char *
rj_canonical (JsonNode *node)
{
  GString *out = g_string_new (NULL);

  rj_append_canonical (out, node);

  return g_string_free (out, FALSE);
}

gboolean
rj_equal (JsonNode *a,
          JsonNode *b)
{
  g_autofree char *x = NULL;
  g_autofree char *y = NULL;

  if (a == NULL || b == NULL)
    return a == b;

  x = rj_canonical (a);
  y = rj_canonical (b);

  return g_str_equal (x, y);
}

void
rj_append_line (GString    *out,
                const char *ev,
                gboolean    has_t,
                gint64      t,
                JsonObject *rest)
{
  g_string_append (out, "{\"ev\":");
  rj_append_string (out, ev);
  if (has_t)
    g_string_append_printf (out, ",\"t\":%" G_GINT64_FORMAT, t);
  if (rest != NULL)
    append_members (out, rest, FALSE);
  g_string_append (out, "}\n");
}

/* }}} */
/* {{{ Constructors and helpers */

JsonNode *
rj_string (const char *text)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_string (node, text);

  return node;
}

JsonNode *
rj_int (gint64 value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_int (node, value);

  return node;
}

JsonNode *
rj_bool (gboolean value)
{
  JsonNode *node = json_node_new (JSON_NODE_VALUE);

  json_node_set_boolean (node, value);

  return node;
}

JsonNode *
rj_null (void)
{
  return json_node_new (JSON_NODE_NULL);
}

/* json_node_copy() shares the containers; the runner changes copies. */
JsonNode *
rj_deep_copy (JsonNode *node)
{
  if (node == NULL)
    return NULL;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        JsonArray *copy = json_array_sized_new (json_array_get_length (array));
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          json_array_add_element (copy, rj_deep_copy (json_array_get_element (array, i)));
        json_node_take_array (result, copy);
        return result;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        JsonObject *copy = json_object_new ();
        JsonNode *result = json_node_new (JSON_NODE_OBJECT);
        g_autoptr(GList) members = json_object_get_members (object);

        for (GList *l = members; l != NULL; l = l->next)
          json_object_set_member (copy, l->data,
                                  rj_deep_copy (json_object_get_member (object, l->data)));
        json_node_take_object (result, copy);
        return result;
      }

    case JSON_NODE_NULL:
      return rj_null ();

    case JSON_NODE_VALUE:
    default:
      {
        JsonNode *copy = json_node_new (JSON_NODE_VALUE);
        GValue value = G_VALUE_INIT;

        json_node_get_value (node, &value);
        json_node_set_value (copy, &value);
        g_value_unset (&value);
        return copy;
      }
    }
}

gboolean
rj_is_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         (json_node_get_value_type (node) == G_TYPE_INT64 ||
          json_node_get_value_type (node) == G_TYPE_DOUBLE);
}

gboolean
rj_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
rj_is_bool (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

JsonNode *
rj_get_path (JsonNode  *root,
             JsonArray *path)
{
  JsonNode *v = root;

  for (guint i = 0; path != NULL && i < json_array_get_length (path); i++)
    {
      JsonNode *step = json_array_get_element (path, i);

      if (v == NULL)
        return NULL;

      if (JSON_NODE_HOLDS_ARRAY (v))
        {
          JsonArray *array = json_node_get_array (v);
          gint64 index;

          if (!rj_is_int (step))
            return NULL;
          index = json_node_get_int (step);
          if (index < 0 || index >= json_array_get_length (array))
            return NULL;
          v = json_array_get_element (array, index);
        }
      else if (JSON_NODE_HOLDS_OBJECT (v))
        {
          JsonObject *object = json_node_get_object (v);
          g_autofree char *name = NULL;

          if (rj_is_string (step))
            name = g_strdup (json_node_get_string (step));
          else if (rj_is_int (step))
            name = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (step));
          else
            return NULL;

          if (!json_object_has_member (object, name))
            return NULL;
          v = json_object_get_member (object, name);
        }
      else
        return NULL;
    }

  return v;
}

JsonNode *
rj_from_value (const GValue *value)
{
  if (value == NULL || !G_IS_VALUE (value))
    return NULL;

  if (G_VALUE_HOLDS (value, JSON_TYPE_NODE))
    {
      JsonNode *node = g_value_get_boxed (value);

      return node != NULL ? json_node_ref (node) : NULL;
    }

  if (G_VALUE_HOLDS_STRING (value))
    return g_value_get_string (value) ? rj_string (g_value_get_string (value)) : rj_null ();
  if (G_VALUE_HOLDS_BOOLEAN (value))
    return rj_bool (g_value_get_boolean (value));
  if (G_VALUE_HOLDS_INT64 (value))
    return rj_int (g_value_get_int64 (value));
  if (G_VALUE_HOLDS_INT (value))
    return rj_int (g_value_get_int (value));
  if (G_VALUE_HOLDS_UINT (value))
    return rj_int (g_value_get_uint (value));
  if (G_VALUE_HOLDS_VARIANT (value) && g_value_get_variant (value) != NULL)
    return json_gvariant_serialize (g_value_get_variant (value));

  return rj_string (G_VALUE_TYPE_NAME (value));
}

void
rj_to_value (JsonNode *node,
             GValue   *value)
{
  if (node == NULL)
    return;

  /* By reference: Tq compares data by identity, as JavaScript does. */
  g_value_init (value, JSON_TYPE_NODE);
  g_value_take_boxed (value, json_node_ref (node));
}

/* }}} */
