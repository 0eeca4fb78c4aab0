/* tq-key.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "tq-error.h"
#include "tq-key-private.h"

/* Largest integer a double holds exactly: doubles below it that are whole
 * numbers hash like the integer, as they would in JSON.
 */
#define MAX_SAFE_INTEGER 9007199254740992.0

typedef enum
{
  NODE_NULL,
  NODE_BOOLEAN,
  NODE_SIGNED,
  NODE_UNSIGNED,
  NODE_DOUBLE,
  NODE_STRING,
  NODE_ARRAY,
  NODE_OBJECT,
  NODE_INVALID,
} NodeKind;

/* Looks through variants and maybes: a key element `<2>` or `just 2` is
 * the number 2, and `nothing` is null, as in JSON.
 */
static GVariant *
unwrap (GVariant *value)
{
  GVariantClass klass = g_variant_classify (value);

  if (klass != G_VARIANT_CLASS_VARIANT && klass != G_VARIANT_CLASS_MAYBE)
    return g_variant_ref (value);

  g_variant_ref (value);

  for (;;)
    {
      GVariant *child;

      klass = g_variant_classify (value);
      if (klass == G_VARIANT_CLASS_VARIANT)
        child = g_variant_get_variant (value);
      else if (klass == G_VARIANT_CLASS_MAYBE && g_variant_n_children (value) == 1)
        child = g_variant_get_child_value (value, 0);
      else
        return value;

      g_variant_unref (value);
      value = child;
    }
}

static NodeKind
classify (GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return NODE_BOOLEAN;

    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_INT64:
      return NODE_SIGNED;

    case G_VARIANT_CLASS_BYTE:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_UINT64:
      return NODE_UNSIGNED;

    case G_VARIANT_CLASS_DOUBLE:
      return NODE_DOUBLE;

    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      return NODE_STRING;

    case G_VARIANT_CLASS_MAYBE:
      /* unwrap() has taken care of `just`; this is `nothing` */
      return NODE_NULL;

    case G_VARIANT_CLASS_TUPLE:
      return NODE_ARRAY;

    case G_VARIANT_CLASS_ARRAY:
      /* "a{…}" is a dictionary; reading the type string beats
       * g_variant_type_is_dict_entry() on a hot path.
       */
      return g_variant_get_type_string (value)[1] == '{' ? NODE_OBJECT : NODE_ARRAY;

    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    case G_VARIANT_CLASS_VARIANT:
    default:
      return NODE_INVALID;
    }
}

static gint64
get_signed (GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_INT16:
      return g_variant_get_int16 (value);
    case G_VARIANT_CLASS_INT32:
      return g_variant_get_int32 (value);
    case G_VARIANT_CLASS_INT64:
      return g_variant_get_int64 (value);
    case G_VARIANT_CLASS_BOOLEAN:
    case G_VARIANT_CLASS_BYTE:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_UINT64:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_DOUBLE:
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      g_assert_not_reached ();
    }
}

static guint64
get_unsigned (GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BYTE:
      return g_variant_get_byte (value);
    case G_VARIANT_CLASS_UINT16:
      return g_variant_get_uint16 (value);
    case G_VARIANT_CLASS_UINT32:
      return g_variant_get_uint32 (value);
    case G_VARIANT_CLASS_UINT64:
      return g_variant_get_uint64 (value);
    case G_VARIANT_CLASS_BOOLEAN:
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_DOUBLE:
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      g_assert_not_reached ();
    }
}

/* g_string_append_printf() is slow for something done on every key. */
static void
append_unsigned (GString *out,
                 guint64  value)
{
  char buf[24];
  char *p = buf + sizeof buf;

  do
    {
      *--p = '0' + value % 10;
      value /= 10;
    }
  while (value != 0);

  g_string_append_len (out, p, buf + sizeof buf - p);
}

static void
append_signed (GString *out,
               gint64   value)
{
  if (value < 0)
    {
      g_string_append_c (out, '-');
      append_unsigned (out, (guint64) 0 - (guint64) value);
    }
  else
    append_unsigned (out, (guint64) value);
}

static void
append_json_string (GString    *out,
                    const char *str)
{
  const char *run = str;

  g_string_append_c (out, '"');

  for (const char *p = str; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c >= 0x20 && c != '"' && c != '\\')
        continue;

      g_string_append_len (out, run, p - run);
      run = p + 1;

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
          g_string_append_printf (out, "\\u%04x", c);
          break;
        }
    }

  g_string_append_len (out, run, strlen (run));
  g_string_append_c (out, '"');
}

/* The shortest text that reads back as the same double, so that one number
 * always hashes the same way. For a number that is not a safe integer.
 */
static void
format_double (char   buf[G_ASCII_DTOSTR_BUF_SIZE],
               double d)
{
  for (int precision = 15; precision <= 17; precision++)
    {
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE,
                       precision == 15 ? "%.15g" : precision == 16 ? "%.16g" : "%.17g", d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }
}

static gboolean
append_double (GString  *out,
               double    d,
               GError  **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (d))
    {
      g_set_error_literal (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                           "A key cannot hold NaN or an infinite number");
      return FALSE;
    }

  if (d == floor (d) && fabs (d) < MAX_SAFE_INTEGER)
    {
      append_signed (out, (gint64) d);
      return TRUE;
    }

  format_double (buf, d);
  g_string_append (out, buf);
  return TRUE;
}

typedef struct
{
  const char *name;
  char       *owned_name;  /* for keys that are not strings */
  GVariant   *key;
  GVariant   *value;
} Member;

static int
compare_members (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (((const Member *) a)->name, ((const Member *) b)->name);
}

static gboolean append_canonical (GString   *out,
                                  GVariant  *value,
                                  GArray    *element_ends,
                                  GError   **error);

/* The name a dictionary key has in the canonical (JSON) form: strings as
 * they are (borrowed from @key, which the caller keeps), other basic values
 * as their canonical text (in *@owned).
 */
static const char *
member_name (GVariant  *key,
             char     **owned,
             GError   **error)
{
  g_autoptr(GVariant) unwrapped = NULL;
  g_autoptr(GString) str = NULL;

  *owned = NULL;

  if (g_variant_classify (key) == G_VARIANT_CLASS_STRING)
    return g_variant_get_string (key, NULL);

  unwrapped = unwrap (key);
  str = g_string_new (NULL);
  if (classify (unwrapped) == NODE_STRING)
    g_string_append (str, g_variant_get_string (unwrapped, NULL));
  else if (!append_canonical (str, unwrapped, NULL, error))
    return NULL;

  *owned = g_string_free (g_steal_pointer (&str), FALSE);
  return *owned;
}

static gboolean
append_object (GString   *out,
               GVariant  *dict,
               GError   **error)
{
  gsize n = g_variant_n_children (dict);
  Member stack_members[8];
  Member *members = n <= G_N_ELEMENTS (stack_members) ? stack_members : g_new (Member, n);
  gboolean ret = FALSE;
  gsize filled = 0;

  for (; filled < n; filled++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (dict, filled);

      members[filled].key = g_variant_get_child_value (entry, 0);
      members[filled].value = g_variant_get_child_value (entry, 1);
      members[filled].name = member_name (members[filled].key, &members[filled].owned_name, error);
      if (members[filled].name == NULL)
        {
          filled++;
          goto out;
        }
    }

  if (n > 1)
    qsort (members, n, sizeof (Member), compare_members);

  g_string_append_c (out, '{');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0)
        {
          if (strcmp (members[i - 1].name, members[i].name) == 0)
            {
              g_set_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                           "A key holds a dictionary with the key “%s” twice",
                           members[i].name);
              goto out;
            }
          g_string_append_c (out, ',');
        }
      append_json_string (out, members[i].name);
      g_string_append_c (out, ':');
      if (!append_canonical (out, members[i].value, NULL, error))
        goto out;
    }
  g_string_append_c (out, '}');

  ret = TRUE;

out:
  for (gsize i = 0; i < filled; i++)
    {
      g_free (members[i].owned_name);
      g_variant_unref (members[i].key);
      g_variant_unref (members[i].value);
    }
  if (members != stack_members)
    g_free (members);

  return ret;
}

static gboolean
append_canonical (GString   *out,
                  GVariant  *value,
                  GArray    *element_ends,
                  GError   **error)
{
  g_autoptr(GVariant) v = unwrap (value);

  switch (classify (v))
    {
    case NODE_NULL:
      g_string_append (out, "null");
      return TRUE;

    case NODE_BOOLEAN:
      g_string_append (out, g_variant_get_boolean (v) ? "true" : "false");
      return TRUE;

    case NODE_SIGNED:
      append_signed (out, get_signed (v));
      return TRUE;

    case NODE_UNSIGNED:
      append_unsigned (out, get_unsigned (v));
      return TRUE;

    case NODE_DOUBLE:
      return append_double (out, g_variant_get_double (v), error);

    case NODE_STRING:
      append_json_string (out, g_variant_get_string (v, NULL));
      return TRUE;

    case NODE_ARRAY:
      {
        gsize n = g_variant_n_children (v);

        g_string_append_c (out, '[');
        for (gsize i = 0; i < n; i++)
          {
            g_autoptr(GVariant) child = g_variant_get_child_value (v, i);

            if (i > 0)
              g_string_append_c (out, ',');
            if (!append_canonical (out, child, NULL, error))
              return FALSE;
            if (element_ends != NULL)
              {
                guint end = out->len;
                g_array_append_val (element_ends, end);
              }
          }
        g_string_append_c (out, ']');
        return TRUE;
      }

    case NODE_OBJECT:
      return append_object (out, v, error);

    case NODE_INVALID:
    default:
      g_set_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                   "A key cannot hold a value of type “%s”",
                   g_variant_get_type_string (v));
      return FALSE;
    }
}

static gboolean
check_top_level (GVariant  *key,
                 GError   **error)
{
  if (key == NULL)
    {
      g_set_error_literal (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                           "A key is required");
      return FALSE;
    }

  switch (g_variant_classify (key))
    {
    case G_VARIANT_CLASS_TUPLE:
      return TRUE;
    case G_VARIANT_CLASS_ARRAY:
      if (g_variant_get_type_string (key)[1] != '{')
        return TRUE;
      break;
    case G_VARIANT_CLASS_BOOLEAN:
    case G_VARIANT_CLASS_BYTE:
    case G_VARIANT_CLASS_INT16:
    case G_VARIANT_CLASS_UINT16:
    case G_VARIANT_CLASS_INT32:
    case G_VARIANT_CLASS_UINT32:
    case G_VARIANT_CLASS_INT64:
    case G_VARIANT_CLASS_UINT64:
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_DOUBLE:
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      break;
    }

  g_set_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
               "A key must be a tuple or an array, not “%s”",
               g_variant_get_type_string (key));
  return FALSE;
}

gboolean
_tq_key_append_hash (GString   *out,
                     GVariant  *key,
                     GArray    *element_ends,
                     GError   **error)
{
  gsize start = out->len;

  if (!check_top_level (key, error) ||
      !append_canonical (out, key, element_ends, error))
    {
      g_string_truncate (out, start);
      if (element_ends != NULL)
        g_array_set_size (element_ends, 0);
      return FALSE;
    }

  return TRUE;
}

/**
 * tq_key_validate:
 * @key: a candidate key
 * @error: return location for a #GError
 *
 * Checks that @key can be a query or mutation key.
 *
 * A key is a tuple or an array (not a dictionary), normally a tuple such as
 * `('todos', 'list', {'page': <2>})`. Its elements may be booleans, numbers,
 * strings (also object paths and signatures), arrays, tuples, dictionaries
 * with basic keys, variants and maybes. Handles cannot be part of a key,
 * nor can NaN or infinite doubles, nor a dictionary that holds the same key
 * twice.
 *
 * Returns: %TRUE if @key is a valid key; otherwise %FALSE with @error set
 *   to %TQ_ERROR_INVALID_KEY
 */
gboolean
tq_key_validate (GVariant  *key,
                 GError   **error)
{
  TqKeyBuf buf;
  gboolean ok;

  _tq_key_buf_init (&buf);
  ok = _tq_key_canonicalize (&buf, key, error);
  _tq_key_buf_clear (&buf);

  return ok;
}

/**
 * tq_key_hash:
 * @key: a key (see [func@Tq.key_validate])
 *
 * Computes the canonical hash of @key, as TanStack's `hashKey` does
 * (rule 1 of `tanstack-query-core.md`).
 *
 * The hash is the key written as compact JSON: tuples and arrays are JSON
 * arrays, dictionaries are JSON objects whose members are sorted by name
 * (by bytes of UTF-8) at every depth, variants and `just` maybes stand for
 * their content and `nothing` is `null`. Numbers hash by value whatever
 * their `GVariant` type, so `int32 2`, `int64 2` and `2.0` give the same
 * hash, as they would in JavaScript.
 *
 * For example `('todos', {'page': <2>, 'done': <false>})` hashes to
 * `["todos",{"done":false,"page":2}]`.
 *
 * Returns: (transfer full) (nullable): the hash, or %NULL (with a critical)
 *   if @key is not a valid key
 */
char *
tq_key_hash (GVariant *key)
{
  g_autoptr(GString) out = g_string_sized_new (64);
  g_autoptr(GError) error = NULL;

  if (!_tq_key_append_hash (out, key, NULL, &error))
    {
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return NULL;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * tq_key_equal:
 * @a: a key
 * @b: another key
 *
 * Compares two keys by their canonical hash (see [func@Tq.key_hash]):
 * dictionaries in a different order, and numbers of different types but
 * equal value, are equal.
 *
 * Returns: %TRUE if @a and @b are the same key; %FALSE otherwise, or if
 *   either is not a valid key
 */
gboolean
tq_key_equal (GVariant *a,
              GVariant *b)
{
  TqKeyBuf ca, cb;
  gboolean equal;

  _tq_key_buf_init (&ca);
  _tq_key_buf_init (&cb);
  equal = _tq_key_canonicalize (&ca, a, NULL) &&
          _tq_key_canonicalize (&cb, b, NULL) &&
          _tq_key_canon_equal (ca.canon, cb.canon);
  _tq_key_buf_clear (&ca);
  _tq_key_buf_clear (&cb);

  return equal;
}

static gboolean
scalars_equal (NodeKind  ka,
               GVariant *a,
               NodeKind  kb,
               GVariant *b)
{
  if (ka == NODE_STRING || kb == NODE_STRING)
    return ka == kb && g_strcmp0 (g_variant_get_string (a, NULL), g_variant_get_string (b, NULL)) == 0;

  if (ka == NODE_BOOLEAN || kb == NODE_BOOLEAN)
    return ka == kb && g_variant_get_boolean (a) == g_variant_get_boolean (b);

  if (ka == NODE_NULL || kb == NODE_NULL)
    return ka == kb;

  /* Numbers compare by value, whatever their types. */
  if (ka == NODE_DOUBLE || kb == NODE_DOUBLE)
    {
      double da = ka == NODE_DOUBLE ? g_variant_get_double (a) : ka == NODE_SIGNED ? (double) get_signed (a) : (double) get_unsigned (a);
      double db = kb == NODE_DOUBLE ? g_variant_get_double (b) : kb == NODE_SIGNED ? (double) get_signed (b) : (double) get_unsigned (b);

      return da == db;
    }

  if (ka == NODE_SIGNED && kb == NODE_SIGNED)
    return get_signed (a) == get_signed (b);

  if (ka == NODE_UNSIGNED && kb == NODE_UNSIGNED)
    return get_unsigned (a) == get_unsigned (b);

  if (ka == NODE_SIGNED)
    {
      gint64 sa = get_signed (a);
      return sa >= 0 && (guint64) sa == get_unsigned (b);
    }
  else
    {
      gint64 sb = get_signed (b);
      return sb >= 0 && (guint64) sb == get_unsigned (a);
    }
}

static GVariant *
lookup_member (GVariant   *dict,
               const char *name)
{
  gsize n = g_variant_n_children (dict);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) entry = g_variant_get_child_value (dict, i);
      g_autoptr(GVariant) key = g_variant_get_child_value (entry, 0);
      g_autofree char *owned = NULL;
      const char *key_name = member_name (key, &owned, NULL);

      if (g_strcmp0 (key_name, name) == 0)
        return g_variant_get_child_value (entry, 1);
    }

  return NULL;
}

static gboolean
partial_match (GVariant *key,
               GVariant *filter)
{
  g_autoptr(GVariant) a = unwrap (key);
  g_autoptr(GVariant) b = unwrap (filter);
  NodeKind ka = classify (a);
  NodeKind kb = classify (b);

  if (ka == NODE_INVALID || kb == NODE_INVALID)
    return FALSE;

  if (ka == NODE_ARRAY || kb == NODE_ARRAY)
    {
      gsize na, nb;

      if (ka != kb)
        return FALSE;

      na = g_variant_n_children (a);
      nb = g_variant_n_children (b);
      if (nb > na)
        return FALSE;

      for (gsize i = 0; i < nb; i++)
        {
          g_autoptr(GVariant) ca = g_variant_get_child_value (a, i);
          g_autoptr(GVariant) cb = g_variant_get_child_value (b, i);

          if (!partial_match (ca, cb))
            return FALSE;
        }

      return TRUE;
    }

  if (ka == NODE_OBJECT || kb == NODE_OBJECT)
    {
      gsize nb;

      if (ka != kb)
        return FALSE;

      nb = g_variant_n_children (b);
      for (gsize i = 0; i < nb; i++)
        {
          g_autoptr(GVariant) entry = g_variant_get_child_value (b, i);
          g_autoptr(GVariant) name_value = g_variant_get_child_value (entry, 0);
          g_autoptr(GVariant) value = g_variant_get_child_value (entry, 1);
          g_autofree char *owned = NULL;
          const char *name = member_name (name_value, &owned, NULL);
          g_autoptr(GVariant) other = NULL;

          if (name == NULL)
            return FALSE;

          other = lookup_member (a, name);
          if (other == NULL || !partial_match (other, value))
            return FALSE;
        }

      return TRUE;
    }

  return scalars_equal (ka, a, kb, b);
}

/**
 * tq_key_partial_match:
 * @key: a key, such as a query's
 * @filter: a key used as a filter
 *
 * Checks whether @filter matches @key the way TanStack's `partialMatchKey`
 * does (rule 2 of `tanstack-query-core.md`): @filter is a structural subset
 * of @key. An array or tuple in @filter matches one in @key when it is a
 * prefix of it, element by element; a dictionary matches when each of its
 * entries matches the entry of the same name in @key; other values match
 * when they are equal (numbers by value). Tuples and arrays are the same kind
 * here, dictionaries are another, and a mismatch of kinds never matches.
 *
 * So `('todos',)` matches `('todos', 'list', {'page': <2>})`, and
 * `('todos', 'list', {'page': <2>})` matches
 * `('todos', 'list', {'page': <2>, 'done': <false>})`, while `(1, 2, 3)`
 * does not match `(1, 2)`.
 *
 * Returns: %TRUE if @filter matches @key
 */
gboolean
tq_key_partial_match (GVariant *key,
                      GVariant *filter)
{
  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (filter != NULL, FALSE);

  return partial_match (key, filter);
}

/**
 * tq_key_parse:
 * @text: a key in the `GVariant` text format, such as
 *   `"('todos', {'page': <2>})"`
 * @error: return location for a #GError
 *
 * Parses a key written in the `GVariant` text format and checks it with
 * [func@Tq.key_validate].
 *
 * Returns: (transfer full): the key, in its normal form; or %NULL with
 *   @error set to a `G_VARIANT_PARSE_ERROR` or %TQ_ERROR_INVALID_KEY
 */
GVariant *
tq_key_parse (const char  *text,
              GError     **error)
{
  g_autoptr(GVariant) key = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  key = g_variant_parse (NULL, text, NULL, NULL, error);
  if (key == NULL)
    return NULL;

  if (!tq_key_validate (key, error))
    return NULL;

  return g_variant_take_ref (g_variant_get_normal_form (key));
}

/**
 * tq_key_to_string:
 * @key: a key
 *
 * Formats @key for people, with g_variant_print(): the form in which Tq
 * shows keys in messages, and which [func@Tq.key_parse] reads back.
 *
 * Returns: (transfer full): the key as text
 */
char *
tq_key_to_string (GVariant *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return g_variant_print (key, FALSE);
}

/**
 * tq_key_to_json:
 * @key: a valid key
 *
 * Converts @key to JSON with json_gvariant_serialize(): tuples become
 * arrays, dictionaries objects, `nothing` becomes `null`.
 *
 * Returns: (transfer full): a JSON array
 */
JsonNode *
tq_key_to_json (GVariant *key)
{
  g_return_val_if_fail (key != NULL, NULL);

  return json_gvariant_serialize (key);
}

/**
 * tq_key_from_json:
 * @node: a JSON array, such as `["todos", {"page": 2}]`
 * @error: return location for a #GError
 *
 * Builds a key from JSON with json_gvariant_deserialize(): the array becomes
 * an array of variants (`av`), objects become `a{sv}` dictionaries, integers
 * `int64` and other numbers `double`. Such a key hashes and matches like
 * the same key built by hand (see [func@Tq.key_hash]).
 *
 * Returns: (transfer full): the key; or %NULL with @error set (the domain is
 *   `JSON_PARSER_ERROR` or `G_IO_ERROR` for JSON that has no `GVariant`
 *   form, %TQ_ERROR_INVALID_KEY when @node is not an array)
 */
GVariant *
tq_key_from_json (JsonNode  *node,
                  GError   **error)
{
  g_autoptr(GVariant) key = NULL;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error_literal (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                           "A key must be a JSON array");
      return NULL;
    }

  key = json_gvariant_deserialize (node, NULL, error);
  if (key == NULL)
    return NULL;

  key = g_variant_take_ref (g_steal_pointer (&key));
  if (!tq_key_validate (key, error))
    return NULL;

  return g_steal_pointer (&key);
}

/* {{{ Canonical binary form */

#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

void
_tq_key_buf_init (TqKeyBuf *buf)
{
  buf->canon = (TqKeyCanon *) buf->stack;
  buf->allocated = sizeof buf->stack - sizeof (TqKeyCanon);
  buf->canon->len = 0;
  buf->canon->hash = 0;
  buf->n_elements = 0;
  buf->too_long = FALSE;
}

void
_tq_key_buf_clear (TqKeyBuf *buf)
{
  if (buf->canon != (TqKeyCanon *) buf->stack)
    g_free (buf->canon);
  buf->canon = NULL;
}

static inline guint8 *
canon_reserve (TqKeyBuf *buf,
               gsize     n)
{
  TqKeyCanon *canon = buf->canon;

  if (G_UNLIKELY (canon->len + n > buf->allocated))
    {
      gsize allocated = MAX (buf->allocated * 2, canon->len + n);
      TqKeyCanon *grown = g_malloc (sizeof (TqKeyCanon) + allocated);

      memcpy (grown, canon, sizeof (TqKeyCanon) + canon->len);
      if (canon != (TqKeyCanon *) buf->stack)
        g_free (canon);
      buf->canon = canon = grown;
      buf->allocated = allocated;
    }

  return canon->bytes + canon->len;
}

static inline void
canon_put (TqKeyBuf *buf,
           guint8    byte)
{
  *canon_reserve (buf, 1) = byte;
  buf->canon->len++;
}

static inline void
canon_put_bytes (TqKeyBuf   *buf,
                 const void *bytes,
                 gsize       n)
{
  memcpy (canon_reserve (buf, n), bytes, n);
  buf->canon->len += n;
}

static inline void
canon_put_varint (TqKeyBuf *buf,
                  guint8    tag,
                  guint64   value)
{
  guint8 *p = canon_reserve (buf, 11);
  guint8 *start = p;

  *p++ = tag;
  while (value >= 0x80)
    {
      *p++ = (guint8) (value | 0x80);
      value >>= 7;
    }
  *p++ = (guint8) value;
  buf->canon->len += p - start;
}

static inline void
canon_put_signed (TqKeyBuf *buf,
                  gint64    value)
{
  canon_put_varint (buf, TQ_CANON_INT, ((guint64) value << 1) ^ (guint64) (value >> 63));
}

static inline void
canon_put_unsigned (TqKeyBuf *buf,
                    guint64   value)
{
  if (value > G_MAXINT64)
    canon_put_varint (buf, TQ_CANON_UINT, value);
  else
    canon_put_signed (buf, (gint64) value);
}

static gboolean
canon_put_double (TqKeyBuf  *buf,
                  double     d,
                  GError   **error)
{
  guint64 bits;

  if (!isfinite (d))
    {
      g_set_error_literal (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                           "A key cannot hold NaN or an infinite number");
      return FALSE;
    }

  /* As in the JSON form, a whole number that a double holds exactly is
   * that integer (and -0 is 0); so is a larger whole number whose text
   * has no exponent, since that text is its exact value.
   */
  if (d == floor (d) && fabs (d) < 1e17)
    {
      char text[G_ASCII_DTOSTR_BUF_SIZE];

      if (fabs (d) < MAX_SAFE_INTEGER)
        {
          canon_put_signed (buf, (gint64) d);
          return TRUE;
        }

      format_double (text, d);
      if (strchr (text, 'e') == NULL)
        {
          canon_put_signed (buf, (gint64) d);
          return TRUE;
        }
    }

  memcpy (&bits, &d, sizeof bits);
  bits = GUINT64_TO_BE (bits);
  canon_put (buf, TQ_CANON_DOUBLE);
  canon_put_bytes (buf, &bits, sizeof bits);
  return TRUE;
}

static inline void
canon_put_string (TqKeyBuf   *buf,
                  const char *str,
                  gsize       len)
{
  guint8 *p = canon_reserve (buf, len + 2);

  p[0] = TQ_CANON_STRING;
  memcpy (p + 1, str, len);
  p[len + 1] = 0;
  buf->canon->len += len + 2;
}

/* The canonical form is built by walking the key's type string beside the
 * value: a container's type gives the type of each child, except for the
 * content of a variant, whose type is read from it. So no node needs
 * g_variant_classify() or a type check, and a tuple needs no
 * g_variant_n_children() ("For tuples it is the number of tuple items
 * (which depends only on the type)", g_variant_n_children()).
 *
 * Basic values are read from g_variant_get_data(), as GLib's getters do.
 * What that relies on, all documented by GLib:
 * - g_variant_get_data() gives the serialised form of any value, tree-form
 *   ones included ("If the value is not already in serialized form,
 *   serialization occurs implicitly", O(size), trivial for a basic value);
 *   and "If @value is a fixed-sized value that was deserialized from a
 *   corrupted serialized container then %NULL may be returned. In this case,
 *   the proper thing to do is typically to use the appropriate number of nul
 *   bytes in place of @value."
 * - The serialised forms (GVariant specification, "Base types"): a boolean
 *   is one byte, 1 or 0; integers and doubles have their natural size in the
 *   encoding byte order, which for data a GVariant holds is the machine's
 *   (g_variant_new_from_data(), g_variant_byteswap()); "arrays of these
 *   fixed-sized types can be interpreted as an array of the given C type"
 *   (g_variant_get_fixed_array()); a string is its bytes and a nul.
 * - Non-normal data from an untrusted source (the specification, "Handling
 *   Non-Normal Serialised Data"): a boolean other than 0 or 1 "is treated as
 *   if it were true", a fixed-size value of the wrong size takes the default
 *   value (zero bytes), a fixed-width array of the wrong size is empty. A
 *   string that is not plainly valid is left to g_variant_get_string().
 */

/* The end of the single complete type that starts at @type, in a type
 * string GLib gave us (so a valid one).
 */
static const char *
type_skip (const char *type)
{
  guint depth = 0;

  for (;;)
    {
      switch (*type++)
        {
        case 'a':
        case 'm':
          /* the element type follows */
          continue;
        case '(':
        case '{':
          depth++;
          continue;
        case ')':
        case '}':
          depth--;
          break;
        default:
          break;
        }
      if (depth == 0)
        return type;
    }
}

/* The size of a fixed-size basic type's serialised form, or 0 for other
 * types.
 */
static inline gsize
fixed_size (char type_char)
{
  switch (type_char)
    {
    case 'b':
    case 'y':
      return 1;
    case 'n':
    case 'q':
      return 2;
    case 'i':
    case 'u':
      return 4;
    case 'x':
    case 't':
    case 'd':
      return 8;
    default:
      return 0;
    }
}

/* A fixed-size basic value of type @type_char from its serialised form
 * @data; %NULL stands for zero bytes.
 */
static inline gboolean
canon_fixed (TqKeyBuf      *buf,
             char           type_char,
             const guint8  *data,
             GError       **error)
{
/* memcpy() of a constant size is a load, with no alignment to assume */
#define READ(type, var) type var = 0; if (data != NULL) memcpy (&var, data, sizeof var)
  switch (type_char)
    {
    case 'b':
      {
        READ (guint8, b);
        canon_put (buf, b != 0 ? TQ_CANON_TRUE : TQ_CANON_FALSE);
        return TRUE;
      }
    case 'y':
      {
        READ (guint8, y);
        canon_put_signed (buf, y);
        return TRUE;
      }
    case 'n':
      {
        READ (gint16, n);
        canon_put_signed (buf, n);
        return TRUE;
      }
    case 'q':
      {
        READ (guint16, q);
        canon_put_signed (buf, q);
        return TRUE;
      }
    case 'i':
      {
        READ (gint32, i);
        canon_put_signed (buf, i);
        return TRUE;
      }
    case 'u':
      {
        READ (guint32, u);
        canon_put_signed (buf, u);
        return TRUE;
      }
    case 'x':
      {
        READ (gint64, x);
        canon_put_signed (buf, x);
        return TRUE;
      }
    case 't':
      {
        READ (guint64, t);
        canon_put_unsigned (buf, t);
        return TRUE;
      }
    case 'd':
      {
        READ (double, d);
        return canon_put_double (buf, d, error);
      }
    default:
      g_assert_not_reached ();
    }
#undef READ
}

/* Plain ASCII is checked here, quicker than a call for a short string;
 * anything else by g_utf8_validate_len().
 */
static inline gboolean
is_valid_utf8 (const char *str,
               gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) str[i];

      if (c == 0 || c >= 0x80)
        return g_utf8_validate_len (str + i, len - i, NULL);
    }

  return TRUE;
}

/* A string, an object path or a signature (@type_char says which), as
 * g_variant_get_string() returns it. A value from untrusted serialised data
 * may not be valid; g_variant_get_string() checks those (and replaces an
 * invalid one), so the serialised form is used directly only when it is
 * valid: NUL-terminated UTF-8 with no other NUL ("g_utf8_validate() returns
 * FALSE if max_len is positive and any of the max_len bytes are nul"), and a
 * valid path or signature for those types.
 */
static const char *
read_string (GVariant *value,
             char      type_char,
             gsize    *len)
{
  const char *data = g_variant_get_data (value);
  gsize size = g_variant_get_size (value);

  if (G_LIKELY (size > 0 && data[size - 1] == '\0' &&
                is_valid_utf8 (data, size - 1) &&
                (type_char == 's' ||
                 (type_char == 'o' && g_variant_is_object_path (data)) ||
                 (type_char == 'g' && g_variant_is_signature (data)))))
    {
      *len = size - 1;
      return data;
    }

  return g_variant_get_string (value, len);
}

/* An array of the fixed-size basic type @type_char, read in one call in
 * place of a child value for each element: "arrays of these fixed-sized
 * types can be interpreted as an array of the given C type"
 * (g_variant_get_fixed_array()), guchar for booleans. The count it gives is
 * g_variant_n_children()'s, 0 for a corrupted array whose size is not a
 * multiple of the element size.
 *
 * Not inlined, nor is canon_string(), so that canon_value() has no local
 * whose address is taken, and so no stack protector.
 */
static G_GNUC_NO_INLINE gboolean
canon_fixed_array (TqKeyBuf   *buf,
                   GVariant   *value,
                   char        type_char,
                   GError    **error)
{
  gsize size = fixed_size (type_char);
  gsize n;
  const guint8 *data = g_variant_get_fixed_array (value, &n, size);

  canon_put (buf, TQ_CANON_ARRAY);
  for (gsize i = 0; i < n; i++)
    if (!canon_fixed (buf, type_char, data + i * size, error))
      return FALSE;
  canon_put (buf, TQ_CANON_END);
  return TRUE;
}

static G_GNUC_NO_INLINE void
canon_string (TqKeyBuf *buf,
              GVariant *value,
              char      type_char)
{
  gsize len;
  const char *str = read_string (value, type_char, &len);

  canon_put_string (buf, str, len);
}

typedef struct
{
  const char *name;
  gsize       name_len;
  char       *owned_name;
  GVariant   *value;
  GVariant   *key;
} CanonMember;

static gboolean canon_value (TqKeyBuf    *buf,
                             GVariant    *value,
                             const char  *type,
                             GError     **error);

static int
compare_canon_members (gconstpointer a,
                       gconstpointer b)
{
  return strcmp (((const CanonMember *) a)->name, ((const CanonMember *) b)->name);
}

/* Sorts by name; returns whether two members may have the same name. An
 * insertion sort stops at the greatest name not above the one it places,
 * which is an equal one if there is any, so it finds duplicates for free;
 * members already in order (the usual case, GVariantBuilder keeps the order
 * of additions) cost one comparison each.
 */
static gboolean
canon_sort_members (CanonMember *members,
                    gsize        n)
{
  gboolean duplicate = FALSE;

  if (n > 8)
    {
      qsort (members, n, sizeof (CanonMember), compare_canon_members);
      return TRUE;
    }

  for (gsize i = 1; i < n; i++)
    {
      CanonMember m = members[i];
      gsize j = i;
      int cmp;

      while (j > 0 && (cmp = strcmp (members[j - 1].name, m.name)) > 0)
        {
          members[j] = members[j - 1];
          j--;
        }
      if (j > 0 && cmp == 0)
        duplicate = TRUE;
      if (j != i)
        members[j] = m;
    }

  return duplicate;
}

/* A dictionary of type @type ("a{…}"). */
static gboolean
canon_object (TqKeyBuf    *buf,
              GVariant    *dict,
              const char  *type,
              GError     **error)
{
  gsize n = g_variant_n_children (dict);
  char key_type = type[2];
  const char *value_type = type + 3;
  CanonMember stack_members[8];
  CanonMember *members = n <= G_N_ELEMENTS (stack_members) ? stack_members : g_new (CanonMember, n);
  gboolean duplicate;
  gboolean ret = FALSE;
  gsize filled = 0;

  for (; filled < n; filled++)
    {
      CanonMember *m = &members[filled];
      GVariant *entry = g_variant_get_child_value (dict, filled);

      m->key = g_variant_get_child_value (entry, 0);
      m->value = g_variant_get_child_value (entry, 1);
      g_variant_unref (entry);

      switch (key_type)
        {
        case 's':
        case 'o':
        case 'g':
          m->owned_name = NULL;
          m->name = read_string (m->key, key_type, &m->name_len);
          break;
        default:
          m->name = member_name (m->key, &m->owned_name, error);
          if (m->name == NULL)
            {
              filled++;
              goto out;
            }
          m->name_len = strlen (m->name);
          break;
        }
    }

  duplicate = canon_sort_members (members, n);

  canon_put (buf, TQ_CANON_OBJECT);
  for (gsize i = 0; i < n; i++)
    {
      if (duplicate && i > 0 && strcmp (members[i - 1].name, members[i].name) == 0)
        {
          g_set_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                       "A key holds a dictionary with the key “%s” twice",
                       members[i].name);
          goto out;
        }
      canon_put (buf, TQ_CANON_MEMBER);
      canon_put_bytes (buf, members[i].name, members[i].name_len + 1);
      if (!canon_value (buf, members[i].value, value_type, error))
        goto out;
    }
  canon_put (buf, TQ_CANON_END);

  ret = TRUE;

out:
  for (gsize i = 0; i < filled; i++)
    {
      g_free (members[i].owned_name);
      g_variant_unref (members[i].key);
      g_variant_unref (members[i].value);
    }
  if (members != stack_members)
    g_free (members);

  return ret;
}

static inline gboolean
canon_child (TqKeyBuf    *buf,
             GVariant    *container,
             gsize        index,
             const char  *type,
             GError     **error)
{
  GVariant *child = g_variant_get_child_value (container, index);
  gboolean ok = canon_value (buf, child, type, error);

  g_variant_unref (child);
  return ok;
}

/* @value has the type that starts at @type (which need not end there). */
static gboolean
canon_value (TqKeyBuf    *buf,
             GVariant    *value,
             const char  *type,
             GError     **error)
{
  switch (type[0])
    {
    case 'b':
    case 'y':
    case 'n':
    case 'q':
    case 'i':
    case 'u':
    case 'x':
    case 't':
    case 'd':
      return canon_fixed (buf, type[0], g_variant_get_data (value), error);
    case 's':
    case 'o':
    case 'g':
      canon_string (buf, value, type[0]);
      return TRUE;
    case 'v':
      {
        GVariant *child = g_variant_get_child_value (value, 0);
        gboolean ok = canon_value (buf, child, g_variant_get_type_string (child), error);

        g_variant_unref (child);
        return ok;
      }
    case 'm':
      if (g_variant_n_children (value) == 0)
        {
          canon_put (buf, TQ_CANON_NULL);
          return TRUE;
        }
      return canon_child (buf, value, 0, type + 1, error);
    case 'a':
      if (type[1] == '{')
        return canon_object (buf, value, type, error);
      else if (fixed_size (type[1]) != 0)
        return canon_fixed_array (buf, value, type[1], error);
      else
        {
          gsize n = g_variant_n_children (value);

          canon_put (buf, TQ_CANON_ARRAY);
          for (gsize i = 0; i < n; i++)
            if (!canon_child (buf, value, i, type + 1, error))
              return FALSE;
          canon_put (buf, TQ_CANON_END);
          return TRUE;
        }
    case '(':
      canon_put (buf, TQ_CANON_ARRAY);
      type++;
      for (gsize i = 0; *type != ')'; i++, type = type_skip (type))
        if (!canon_child (buf, value, i, type, error))
          return FALSE;
      canon_put (buf, TQ_CANON_END);
      return TRUE;
    default:
      g_set_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY,
                   "A key cannot hold a value of type “%s”",
                   g_variant_get_type_string (value));
      return FALSE;
    }
}

guint32
_tq_key_canon_hash_bytes (const guint8 *bytes,
                          gsize         len)
{
  guint32 h = FNV_OFFSET;

  for (gsize i = 0; i < len; i++)
    h = (h ^ bytes[i]) * FNV_PRIME;

  return h;
}

/* The hash of the whole form, and of each prefix of elements. */
static void
canon_finish (TqKeyBuf *buf)
{
  const guint8 *bytes = buf->canon->bytes;
  guint32 h = FNV_OFFSET;
  gsize pos = 0;

  for (guint e = 0; e < buf->n_elements; e++)
    {
      for (; pos < buf->element_ends[e]; pos++)
        h = (h ^ bytes[pos]) * FNV_PRIME;
      buf->prefix_hashes[e] = h;
    }
  for (; pos < buf->canon->len; pos++)
    h = (h ^ bytes[pos]) * FNV_PRIME;

  buf->canon->hash = h;
}

static inline void
canon_element_done (TqKeyBuf *buf)
{
  if (buf->n_elements < TQ_KEY_MAX_ELEMENTS)
    buf->element_ends[buf->n_elements++] = buf->canon->len;
  else
    buf->too_long = TRUE;
}

static void
canon_reset (TqKeyBuf *buf)
{
  buf->canon->len = 0;
  buf->canon->hash = 0;
  buf->n_elements = 0;
  buf->too_long = FALSE;
}

static inline gboolean
canon_element (TqKeyBuf    *buf,
               GVariant    *key,
               gsize        index,
               const char  *type,
               GError     **error)
{
  if (!canon_child (buf, key, index, type, error))
    return FALSE;
  canon_element_done (buf);
  return TRUE;
}

gboolean
_tq_key_canonicalize (TqKeyBuf  *buf,
                      GVariant  *key,
                      GError   **error)
{
  const char *type;

  canon_reset (buf);

  /* What check_top_level() checks, from the type string. */
  if (key == NULL || ((type = g_variant_get_type_string (key))[0] != '(' &&
                      (type[0] != 'a' || type[1] == '{')))
    return check_top_level (key, error);

  canon_put (buf, TQ_CANON_ARRAY);
  if (type[0] == '(')
    {
      type++;
      for (gsize i = 0; *type != ')'; i++, type = type_skip (type))
        if (!canon_element (buf, key, i, type, error))
          goto fail;
    }
  else
    {
      gsize n = g_variant_n_children (key);

      for (gsize i = 0; i < n; i++)
        if (!canon_element (buf, key, i, type + 1, error))
          goto fail;
    }
  canon_put (buf, TQ_CANON_END);
  canon_finish (buf);

  return TRUE;

fail:
  canon_reset (buf);
  return FALSE;
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static gboolean
canon_json (TqKeyBuf *buf,
            JsonNode *node)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      canon_put (buf, TQ_CANON_NULL);
      return TRUE;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          canon_put (buf, json_node_get_boolean (node) ? TQ_CANON_TRUE : TQ_CANON_FALSE);
          return TRUE;
        case G_TYPE_INT64:
          canon_put_signed (buf, json_node_get_int (node));
          return TRUE;
        case G_TYPE_DOUBLE:
          return canon_put_double (buf, json_node_get_double (node), NULL);
        case G_TYPE_STRING:
          {
            const char *str = json_node_get_string (node);

            canon_put_string (buf, str, strlen (str));
            return TRUE;
          }
        default:
          return FALSE;
        }

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);
        guint n = json_array_get_length (array);

        canon_put (buf, TQ_CANON_ARRAY);
        for (guint i = 0; i < n; i++)
          if (!canon_json (buf, json_array_get_element (array, i)))
            return FALSE;
        canon_put (buf, TQ_CANON_END);
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (node);
        g_autoptr(GList) names = json_object_get_members (object);
        g_autoptr(GPtrArray) sorted = g_ptr_array_new ();

        for (GList *l = names; l != NULL; l = l->next)
          g_ptr_array_add (sorted, l->data);
        g_ptr_array_sort (sorted, compare_names);

        canon_put (buf, TQ_CANON_OBJECT);
        for (guint i = 0; i < sorted->len; i++)
          {
            const char *name = sorted->pdata[i];

            canon_put (buf, TQ_CANON_MEMBER);
            canon_put_bytes (buf, name, strlen (name) + 1);
            if (!canon_json (buf, json_object_get_member (object, name)))
              return FALSE;
          }
        canon_put (buf, TQ_CANON_END);
        return TRUE;
      }

    default:
      return FALSE;
    }
}

gboolean
_tq_key_canonicalize_hash (TqKeyBuf   *buf,
                           const char *hash)
{
  g_autoptr(JsonNode) node = NULL;
  JsonArray *array;
  guint n;

  canon_reset (buf);

  /* A hash is the JSON text of a key (an integer beyond the int64 range
   * reads back as a double, so such a key is not found this way).
   */
  node = json_from_string (hash, NULL);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  array = json_node_get_array (node);
  n = json_array_get_length (array);
  canon_put (buf, TQ_CANON_ARRAY);
  for (guint i = 0; i < n; i++)
    {
      if (!canon_json (buf, json_array_get_element (array, i)))
        {
          canon_reset (buf);
          return FALSE;
        }
      canon_element_done (buf);
    }
  canon_put (buf, TQ_CANON_END);
  canon_finish (buf);

  return TRUE;
}

/* The end of the value that starts at @p. */
const guint8 *
_tq_key_canon_skip (const guint8 *p)
{
  switch (*p++)
    {
    case TQ_CANON_INT:
    case TQ_CANON_UINT:
      while (*p & 0x80)
        p++;
      return p + 1;
    case TQ_CANON_DOUBLE:
      return p + 8;
    case TQ_CANON_STRING:
      return p + strlen ((const char *) p) + 1;
    case TQ_CANON_ARRAY:
      while (*p != TQ_CANON_END)
        p = _tq_key_canon_skip (p);
      return p + 1;
    case TQ_CANON_OBJECT:
      while (*p == TQ_CANON_MEMBER)
        {
          p++;
          p += strlen ((const char *) p) + 1;
          p = _tq_key_canon_skip (p);
        }
      return p + 1;
    case TQ_CANON_NULL:
    case TQ_CANON_FALSE:
    case TQ_CANON_TRUE:
    default:
      return p;
    }
}

guint
_tq_key_canon_split (const TqKeyCanon *canon,
                     guint32          *ends,
                     guint32          *prefix_hashes,
                     guint             max,
                     gboolean         *too_long)
{
  const guint8 *start = canon->bytes;
  const guint8 *p = start + 1;
  guint32 h = (FNV_OFFSET ^ start[0]) * FNV_PRIME;
  guint n = 0;

  *too_long = FALSE;

  while (*p != TQ_CANON_END)
    {
      const guint8 *end = _tq_key_canon_skip (p);

      if (n == max)
        {
          *too_long = TRUE;
          break;
        }

      for (; p < end; p++)
        h = (h ^ *p) * FNV_PRIME;
      ends[n] = end - start;
      prefix_hashes[n] = h;
      n++;
    }

  return n;
}

TqKeyCanon *
_tq_key_canon_dup (const TqKeyBuf *buf)
{
  TqKeyCanon *canon = g_malloc (sizeof (TqKeyCanon) + buf->canon->len);

  g_atomic_ref_count_init (&canon->ref_count);
  canon->hash = buf->canon->hash;
  canon->len = buf->canon->len;
  memcpy (canon->bytes, buf->canon->bytes, canon->len);

  return canon;
}

TqKeyCanon *
_tq_key_canon_ref (TqKeyCanon *canon)
{
  g_atomic_ref_count_inc (&canon->ref_count);
  return canon;
}

void
_tq_key_canon_unref (TqKeyCanon *canon)
{
  if (g_atomic_ref_count_dec (&canon->ref_count))
    g_free (canon);
}

/* }}} */
