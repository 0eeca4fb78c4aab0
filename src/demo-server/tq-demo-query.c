/* tq-demo-query.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "tq-demo-query.h"

/* json-server 0.17's list conventions (`lib/server/router/plural.js`),
 * reproduced rule by rule so that a client sees the same items, order,
 * counts and links from either server. json-server compares with
 * JavaScript's loose rules (a number filter matches its decimal text, a
 * range filter compares numbers as numbers and strings as strings, sorting
 * is lodash's `orderBy`), so the helpers below follow those rules rather
 * than JSON's types.
 */

/* Parameters that are not field filters */
static const char * const reserved_params[] = {
  "q", "_start", "_end", "_page", "_sort", "_order", "_limit", "_embed", "_expand",
  /* JSONP and jQuery's cache buster, which json-server ignores */
  "callback", "_",
  NULL
};

static void
query_param_free (gpointer data)
{
  TqDemoQueryParam *param = data;

  g_free (param->key);
  g_free (param->value);
  g_free (param);
}

/* Form decoding, as Express's query parser does it: '+' is a space, and a
 * broken escape is left as it is. */
static char *
form_decode (const char *text,
             gssize      length)
{
  g_autofree char *plus = g_strndup (text, length < 0 ? strlen (text) : (gsize) length);
  char *decoded;

  g_strdelimit (plus, "+", ' ');
  decoded = g_uri_unescape_string (plus, NULL);

  return decoded != NULL ? decoded : g_steal_pointer (&plus);
}

/**
 * tq_demo_query_parse:
 * @query: (nullable): a raw query string, without the `?`
 *
 * Splits a query string into its parameters, keeping their order and
 * repeats (`?id=1&id=2`).
 *
 * Returns: (transfer full) (element-type TqDemoQueryParam): the parameters
 */
GPtrArray *
tq_demo_query_parse (const char *query)
{
  GPtrArray *params = g_ptr_array_new_with_free_func (query_param_free);
  g_auto(GStrv) parts = NULL;

  if (query == NULL)
    return params;

  parts = g_strsplit (query, "&", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      TqDemoQueryParam *param;
      const char *eq;

      if (parts[i][0] == '\0')
        continue;

      param = g_new0 (TqDemoQueryParam, 1);
      eq = strchr (parts[i], '=');
      if (eq != NULL)
        {
          param->key = form_decode (parts[i], eq - parts[i]);
          param->value = form_decode (eq + 1, -1);
        }
      else
        {
          param->key = form_decode (parts[i], -1);
          param->value = g_strdup ("");
        }
      g_ptr_array_add (params, param);
    }

  return params;
}

/**
 * tq_demo_query_get:
 * @params: (element-type TqDemoQueryParam): parameters
 * @key: a parameter name
 *
 * Returns: (nullable): the first value of @key, or %NULL
 */
const char *
tq_demo_query_get (GPtrArray  *params,
                   const char *key)
{
  for (guint i = 0; i < params->len; i++)
    {
      TqDemoQueryParam *param = g_ptr_array_index (params, i);

      if (strcmp (param->key, key) == 0)
        return param->value;
    }

  return NULL;
}

/* A parameter json-server treats as present: an empty value is false in
 * JavaScript. */
static const char *
query_get_truthy (GPtrArray  *params,
                  const char *key)
{
  const char *value = tq_demo_query_get (params, key);

  return value != NULL && value[0] != '\0' ? value : NULL;
}

/* JavaScript values */

typedef enum
{
  JS_UNDEFINED,
  JS_NULL,
  JS_BOOLEAN,
  JS_NUMBER,
  JS_STRING,
  JS_OBJECT,
} JsType;

static JsType
js_type (JsonNode *node)
{
  if (node == NULL)
    return JS_UNDEFINED;

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_NULL:
      return JS_NULL;
    case JSON_NODE_OBJECT:
    case JSON_NODE_ARRAY:
      return JS_OBJECT;
    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_BOOLEAN:
          return JS_BOOLEAN;
        case G_TYPE_STRING:
          return JS_STRING;
        default:
          return JS_NUMBER;
        }
    default:
      return JS_UNDEFINED;
    }
}

static double
js_node_number (JsonNode *node)
{
  return json_node_get_value_type (node) == G_TYPE_INT64 ? (double) json_node_get_int (node)
                                                         : json_node_get_double (node);
}

/* Number.prototype.toString(): the shortest digits that read back as the
 * same number, in fixed notation from 1e-7 to 1e21. */
static char *
js_number_to_string (double d)
{
  char buf[64], digits[32];
  int precision, exponent, k, n;
  char *e, *p, *out;
  GString *s;

  if (isnan (d))
    return g_strdup ("NaN");
  if (isinf (d))
    return g_strdup (d > 0 ? "Infinity" : "-Infinity");
  if (d == 0)
    return g_strdup ("0");
  if (fabs (d) < 1e21 && d == trunc (d))
    return g_strdup_printf ("%.0f", d);

  for (precision = 1; precision <= 17; precision++)
    {
      g_snprintf (buf, sizeof buf, "%.*e", precision - 1, d);
      if (g_ascii_strtod (buf, NULL) == d)
        break;
    }

  /* buf is [-]d[.ddd]e±x: take the digits and the exponent apart */
  s = g_string_new (d < 0 ? "-" : "");
  k = 0;
  for (p = buf; *p != 'e'; p++)
    {
      if (g_ascii_isdigit (*p))
        digits[k++] = *p;
    }
  digits[k] = '\0';
  e = p + 1;
  exponent = (int) g_ascii_strtoll (e, NULL, 10);
  n = exponent + 1;

  if (k <= n && n <= 21)
    {
      g_string_append (s, digits);
      for (int i = 0; i < n - k; i++)
        g_string_append_c (s, '0');
    }
  else if (0 < n && n <= 21)
    {
      g_string_append_len (s, digits, n);
      g_string_append_c (s, '.');
      g_string_append (s, digits + n);
    }
  else if (-6 < n && n <= 0)
    {
      g_string_append (s, "0.");
      for (int i = 0; i < -n; i++)
        g_string_append_c (s, '0');
      g_string_append (s, digits);
    }
  else
    {
      g_string_append_c (s, digits[0]);
      if (k > 1)
        {
          g_string_append_c (s, '.');
          g_string_append (s, digits + 1);
        }
      g_string_append_printf (s, "e%c%d", n - 1 < 0 ? '-' : '+', ABS (n - 1));
    }

  out = g_string_free (s, FALSE);

  return out;
}

/* String(value) */
static char *
js_to_string (JsonNode *node)
{
  switch (js_type (node))
    {
    case JS_UNDEFINED:
      return g_strdup ("undefined");
    case JS_NULL:
      return g_strdup ("null");
    case JS_BOOLEAN:
      return g_strdup (json_node_get_boolean (node) ? "true" : "false");
    case JS_NUMBER:
      return js_number_to_string (js_node_number (node));
    case JS_STRING:
      return g_strdup (json_node_get_string (node));
    case JS_OBJECT:
      if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          GString *s = g_string_new (NULL);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);

              if (i > 0)
                g_string_append_c (s, ',');
              if (js_type (element) != JS_NULL)
                {
                  g_autofree char *part = js_to_string (element);

                  g_string_append (s, part);
                }
            }
          return g_string_free (s, FALSE);
        }
      return g_strdup ("[object Object]");
    default:
      g_return_val_if_reached (NULL);
    }
}

static gboolean
js_is_space (gunichar c)
{
  return g_unichar_isspace (c) || c == 0xFEFF;
}

/* Number(string) */
static double
js_string_to_number (const char *text)
{
  g_autofree char *trimmed = NULL;
  const char *start = text, *end = text + strlen (text);
  const char *p;
  gboolean digits = FALSE;
  char *parsed_end;
  double sign = 1;
  double value;

  while (start < end && js_is_space (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start && js_is_space (g_utf8_get_char (g_utf8_prev_char (end))))
    end = g_utf8_prev_char (end);
  if (start == end)
    return 0;

  trimmed = g_strndup (start, end - start);
  p = trimmed;

  if (p[0] == '0' && p[1] != '\0' && strchr ("xXoObB", p[1]) != NULL)
    {
      int base = (p[1] == 'x' || p[1] == 'X') ? 16 : (p[1] == 'o' || p[1] == 'O') ? 8 : 2;
      guint64 n;

      if (p[2] == '\0' || !g_ascii_string_to_unsigned (p + 2, base, 0, G_MAXUINT64, &n, NULL))
        return NAN;
      return (double) n;
    }

  if (*p == '+' || *p == '-')
    {
      sign = *p == '-' ? -1 : 1;
      p++;
    }
  if (strcmp (p, "Infinity") == 0)
    return sign * INFINITY;

  /* Digits, an optional fraction and an optional exponent, nothing else
   * (strtod would also take "inf", "nan" and hexadecimal fractions) */
  for (const char *q = p; *q != '\0'; q++)
    {
      if (g_ascii_isdigit (*q))
        digits = TRUE;
      else if (strchr (".eE+-", *q) == NULL)
        return NAN;
    }
  if (!digits)
    return NAN;

  value = g_ascii_strtod (p, &parsed_end);
  if (*parsed_end != '\0' || p[0] == 'e' || p[0] == 'E')
    return NAN;

  return sign * value;
}

/* ToPrimitive, then what the relational operators need of it */
typedef struct
{
  gboolean  is_string;
  char     *string;
  double    number;
} JsPrimitive;

static void
js_primitive_for_node (JsonNode    *node,
                       JsPrimitive *prim)
{
  prim->is_string = FALSE;
  prim->string = NULL;

  switch (js_type (node))
    {
    case JS_UNDEFINED:
      prim->number = NAN;
      break;
    case JS_NULL:
      prim->number = 0;
      break;
    case JS_BOOLEAN:
      prim->number = json_node_get_boolean (node) ? 1 : 0;
      break;
    case JS_NUMBER:
      prim->number = js_node_number (node);
      break;
    case JS_STRING:
    case JS_OBJECT:
      prim->is_string = TRUE;
      prim->string = js_to_string (node);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
js_primitive_for_string (const char  *text,
                         JsPrimitive *prim)
{
  prim->is_string = TRUE;
  prim->string = g_strdup (text);
}

static void
js_primitive_clear (JsPrimitive *prim)
{
  g_clear_pointer (&prim->string, g_free);
}

static double
js_primitive_number (const JsPrimitive *prim)
{
  return prim->is_string ? js_string_to_number (prim->string) : prim->number;
}

/* -1 if a < b, 0 if a == b, 1 if a > b, 2 if they cannot be ordered (NaN),
 * after the abstract relational comparison of ECMAScript. Strings compare
 * by code point (JavaScript compares UTF-16 code units; the two orders only
 * differ outside the Basic Multilingual Plane). */
static int
js_primitive_compare (const JsPrimitive *a,
                      const JsPrimitive *b)
{
  double x, y;

  if (a->is_string && b->is_string)
    {
      int c = strcmp (a->string, b->string);

      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }

  x = js_primitive_number (a);
  y = js_primitive_number (b);
  if (isnan (x) || isnan (y))
    return 2;

  return x < y ? -1 : x > y ? 1 : 0;
}

static int
js_compare_nodes (JsonNode *a,
                  JsonNode *b)
{
  JsPrimitive pa, pb;
  int result;

  js_primitive_for_node (a, &pa);
  js_primitive_for_node (b, &pb);
  result = js_primitive_compare (&pa, &pb);
  js_primitive_clear (&pa);
  js_primitive_clear (&pb);

  return result;
}

/* value === other */
static gboolean
js_strict_equal (JsonNode *a,
                 JsonNode *b)
{
  JsType ta = js_type (a), tb = js_type (b);

  if (ta != tb)
    return FALSE;

  switch (ta)
    {
    case JS_UNDEFINED:
    case JS_NULL:
      return TRUE;
    case JS_BOOLEAN:
      return json_node_get_boolean (a) == json_node_get_boolean (b);
    case JS_NUMBER:
      return js_node_number (a) == js_node_number (b);
    case JS_STRING:
      return strcmp (json_node_get_string (a), json_node_get_string (b)) == 0;
    case JS_OBJECT:
      return a == b;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
js_truthy (JsonNode *node)
{
  switch (js_type (node))
    {
    case JS_UNDEFINED:
    case JS_NULL:
      return FALSE;
    case JS_BOOLEAN:
      return json_node_get_boolean (node);
    case JS_NUMBER:
      {
        double d = js_node_number (node);

        return d != 0 && !isnan (d);
      }
    case JS_STRING:
      return json_node_get_string (node)[0] != '\0';
    case JS_OBJECT:
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* parseInt(text, 10), NaN when there are no digits */
static double
js_parse_int (const char *text)
{
  const char *p = text;
  double sign = 1, value = 0;
  gboolean digits = FALSE;

  while (*p != '\0' && js_is_space (g_utf8_get_char (p)))
    p = g_utf8_next_char (p);
  if (*p == '+' || *p == '-')
    sign = *p++ == '-' ? -1 : 1;
  for (; g_ascii_isdigit (*p); p++)
    {
      value = value * 10 + (*p - '0');
      digits = TRUE;
    }

  return digits ? sign * value : NAN;
}

/* Array.prototype.slice's index rule */
static guint
js_slice_index (double relative,
                guint  length)
{
  if (isnan (relative))
    relative = 0;
  relative = trunc (relative);
  if (relative < 0)
    return (guint) MAX (0, (double) length + relative);

  return (guint) MIN (relative, (double) length);
}

static GPtrArray *
js_slice (GPtrArray *items,
          double     start,
          double     end)
{
  guint from = js_slice_index (start, items->len);
  guint to = js_slice_index (end, items->len);
  GPtrArray *slice = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);

  for (guint i = from; i < to; i++)
    g_ptr_array_add (slice, json_object_ref (g_ptr_array_index (items, i)));

  return slice;
}

/* lodash's _.get and _.has: a member named @path if there is one, else
 * the path's parts ("address.city", "tags[0]") followed from @object. */
static JsonNode *
js_get_path (JsonObject *object,
             const char *path)
{
  g_autoptr(GString) dotted = NULL;
  g_auto(GStrv) parts = NULL;
  JsonNode *node;

  if (json_object_has_member (object, path))
    return json_object_get_member (object, path);
  if (strpbrk (path, ".[") == NULL)
    return NULL;

  /* "a.b[0]" → "a.b.0" */
  dotted = g_string_new (NULL);
  for (const char *p = path; *p != '\0'; p++)
    {
      if (*p == '[')
        g_string_append_c (dotted, '.');
      else if (*p != ']')
        g_string_append_c (dotted, *p);
    }
  parts = g_strsplit (dotted->str, ".", -1);

  node = json_object_get_member (object, parts[0]);
  for (guint i = 1; node != NULL && parts[i] != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          node = json_object_get_member (json_node_get_object (node), parts[i]);
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *array = json_node_get_array (node);
          guint64 index;

          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXUINT, &index, NULL) ||
              index >= json_array_get_length (array))
            return NULL;
          node = json_array_get_element (array, index);
        }
      else
        {
          return NULL;
        }
    }

  return node;
}

/* Full-text search: lodash mixin deepQuery of json-server */
static gboolean
deep_query (JsonNode   *node,
            const char *q)
{
  if (!js_truthy (node))
    return FALSE;

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (deep_query (json_array_get_element (array, i), q))
            return TRUE;
        }
      return FALSE;
    }

  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, NULL, &member))
        {
          if (deep_query (member, q))
            return TRUE;
        }
      return FALSE;
    }

  {
    g_autofree char *text = js_to_string (node);
    g_autofree char *lower = g_utf8_strdown (text, -1);

    return strstr (lower, q) != NULL;
  }
}

typedef enum
{
  FILTER_EQUAL,
  FILTER_NOT_EQUAL,
  FILTER_GTE,
  FILTER_LTE,
  FILTER_LIKE,
} FilterKind;

typedef struct
{
  char       *path;
  FilterKind  kind;
  GPtrArray  *values;    /* char* */
  GPtrArray  *regexes;   /* GRegex*, for FILTER_LIKE */
} Filter;

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  g_free (filter->path);
  g_ptr_array_unref (filter->values);
  g_clear_pointer (&filter->regexes, g_ptr_array_unref);
  g_free (filter);
}

static gboolean
filter_match_value (Filter     *filter,
                    guint       i,
                    JsonNode   *element)
{
  const char *value = g_ptr_array_index (filter->values, i);

  switch (filter->kind)
    {
    case FILTER_EQUAL:
    case FILTER_NOT_EQUAL:
      {
        g_autofree char *text = js_to_string (element);
        gboolean equal = strcmp (value, text) == 0;

        return filter->kind == FILTER_EQUAL ? equal : !equal;
      }

    case FILTER_GTE:
    case FILTER_LTE:
      {
        /* json-server: `value <= elementValue` for _gte, `>=` for _lte */
        JsPrimitive a, b;
        int c;

        js_primitive_for_string (value, &a);
        js_primitive_for_node (element, &b);
        c = js_primitive_compare (&a, &b);
        js_primitive_clear (&a);
        js_primitive_clear (&b);

        return filter->kind == FILTER_GTE ? (c == -1 || c == 0) : (c == 1 || c == 0);
      }

    case FILTER_LIKE:
      {
        g_autofree char *text = js_to_string (element);

        return g_regex_match (g_ptr_array_index (filter->regexes, i), text, 0, NULL);
      }

    default:
      g_assert_not_reached ();
    }
}

static gboolean
filter_match (Filter     *filter,
              JsonObject *object)
{
  JsonNode *element = js_get_path (object, filter->path);
  gboolean result;

  /* An item without the field (or with null) never matches, not even _ne */
  if (element == NULL || JSON_NODE_HOLDS_NULL (element))
    return FALSE;

  /* Repeated parameters: any of them for most filters, all of them for _ne */
  result = filter_match_value (filter, 0, element);
  for (guint i = 1; i < filter->values->len; i++)
    {
      if (filter->kind == FILTER_NOT_EQUAL)
        result = result && filter_match_value (filter, i, element);
      else
        result = result || filter_match_value (filter, i, element);
    }

  return result;
}

static GPtrArray *
filters_new (GPtrArray  *items,
             GPtrArray  *params,
             GError    **error)
{
  static const struct { const char *suffix; FilterKind kind; } operators[] = {
    { "_lte", FILTER_LTE },
    { "_gte", FILTER_GTE },
    { "_ne", FILTER_NOT_EQUAL },
    { "_like", FILTER_LIKE },
  };
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func (filter_free);
  /* parameter name → its Filter, or NULL for one that is ignored */
  g_autoptr(GHashTable) by_key = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < params->len; i++)
    {
      TqDemoQueryParam *param = g_ptr_array_index (params, i);
      Filter *filter;
      gpointer found;

      if (g_strv_contains (reserved_params, param->key))
        continue;

      if (g_hash_table_lookup_extended (by_key, param->key, NULL, &found))
        {
          filter = found;
        }
      else
        {
          filter = g_new0 (Filter, 1);
          filter->kind = FILTER_EQUAL;
          filter->path = g_strdup (param->key);
          filter->values = g_ptr_array_new_with_free_func (g_free);

          for (guint o = 0; o < G_N_ELEMENTS (operators); o++)
            {
              if (g_str_has_suffix (param->key, operators[o].suffix))
                {
                  filter->kind = operators[o].kind;
                  filter->path[strlen (param->key) - strlen (operators[o].suffix)] = '\0';
                  break;
                }
            }

          if (filter->kind == FILTER_EQUAL)
            {
              /* json-server ignores a plain filter on a field that no item
               * of the collection has */
              gboolean known = FALSE;

              for (guint j = 0; !known && j < items->len; j++)
                known = js_get_path (g_ptr_array_index (items, j), param->key) != NULL;
              if (!known)
                g_clear_pointer (&filter, filter_free);
            }

          if (filter != NULL)
            {
              if (filter->kind == FILTER_LIKE)
                filter->regexes = g_ptr_array_new_with_free_func ((GDestroyNotify) g_regex_unref);
              g_ptr_array_add (filters, filter);
            }
          g_hash_table_insert (by_key, param->key, filter);
        }

      if (filter == NULL)
        continue;

      g_ptr_array_add (filter->values, g_strdup (param->value));
      if (filter->kind == FILTER_LIKE)
        {
          GRegex *regex = g_regex_new (param->value, G_REGEX_CASELESS, 0, error);

          if (regex == NULL)
            {
              g_prefix_error (error, "“%s” is not a valid regular expression: ", param->value);
              return NULL;
            }
          g_ptr_array_add (filter->regexes, regex);
        }
    }

  return g_steal_pointer (&filters);
}

/* lodash's compareAscending: undefined and null after every other value */
static int
lodash_compare_ascending (JsonNode *value,
                          JsonNode *other)
{
  JsType tv = js_type (value), to = js_type (other);
  gboolean val_defined = tv != JS_UNDEFINED, val_null = tv == JS_NULL;
  gboolean oth_defined = to != JS_UNDEFINED, oth_null = to == JS_NULL;
  int c;

  if (js_strict_equal (value, other))
    return 0;

  c = js_compare_nodes (value, other);
  if ((!oth_null && c == 1) || (val_null && oth_defined) || !val_defined)
    return 1;
  if ((!val_null && c == -1) || (oth_null && val_defined) || !oth_defined)
    return -1;

  return 0;
}

typedef struct
{
  GStrv      keys;
  GArray    *descending;   /* gboolean per key */
} SortSpec;

static int
sort_compare (gconstpointer a,
              gconstpointer b,
              gpointer      user_data)
{
  JsonObject *oa = *(JsonObject **) a;
  JsonObject *ob = *(JsonObject **) b;
  SortSpec *spec = user_data;

  for (guint i = 0; spec->keys[i] != NULL; i++)
    {
      int c = lodash_compare_ascending (js_get_path (oa, spec->keys[i]), js_get_path (ob, spec->keys[i]));

      if (c != 0)
        return g_array_index (spec->descending, gboolean, i) ? -c : c;
    }

  return 0;
}

static gboolean
item_matches_q (JsonObject *object,
                const char *q)
{
  JsonObjectIter iter;
  JsonNode *member;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, NULL, &member))
    {
      if (deep_query (member, q))
        return TRUE;
    }

  return FALSE;
}

static char *
replace_first (const char *text,
               const char *needle,
               const char *replacement)
{
  const char *found = strstr (text, needle);

  if (found == NULL)
    return g_strdup (text);

  return g_strdup_printf ("%.*s%s%s", (int) (found - text), text, replacement, found + strlen (needle));
}

static void
append_link (GString    *header,
             const char *url,
             double      current,
             double      target,
             const char *rel)
{
  g_autofree char *target_text = js_number_to_string (target);
  g_autofree char *needle = NULL;
  g_autofree char *replacement = g_strconcat ("page=", target_text, NULL);
  g_autofree char *link = NULL;

  if (isnan (current))
    {
      needle = g_strdup ("page=undefined");
    }
  else
    {
      g_autofree char *current_text = js_number_to_string (current);

      needle = g_strconcat ("page=", current_text, NULL);
    }

  link = replace_first (url, needle, replacement);
  if (header->len > 0)
    g_string_append (header, ", ");
  g_string_append_printf (header, "<%s>; rel=\"%s\"", link, rel);
}

/* json-server's utils.getPage, and the links it makes of it */
static GPtrArray *
get_page (GPtrArray  *items,
          double      page,
          double      per_page,
          const char *url,
          char      **link)
{
  double start = (page - 1) * per_page;
  double end = page * per_page;
  GPtrArray *slice = js_slice (items, start, end);
  g_autoptr(GString) header = g_string_new (NULL);
  double current = NAN;

  *link = NULL;
  if (slice->len == 0)
    return slice;

  if (slice->len != items->len)
    current = page;

  if (!isnan (current))
    append_link (header, url, current, 1, "first");
  if (page > 1)
    append_link (header, url, current, page - 1, "prev");
  if (end < items->len)
    append_link (header, url, current, page + 1, "next");
  /* json-server leaves out a link whose page number is 0 */
  if (!isnan (current) && ceil (items->len / per_page) != 0)
    append_link (header, url, current, ceil (items->len / per_page), "last");

  if (header->len > 0)
    *link = g_strdup (header->str);

  return slice;
}

/**
 * tq_demo_query_run:
 * @items: (element-type JsonObject): a whole collection, in order
 * @params: (element-type TqDemoQueryParam): the request's parameters
 * @url: the request's full URL, for the `Link` header
 * @page: (out caller-allocates): where to store the result; free it with
 *   [func@tq_demo_list_page_clear]
 * @error: return location for an error
 *
 * Applies json-server 0.17's list parameters to @items, in its order:
 * `q` (full-text search, case-insensitive, through nested values), field
 * filters (`field=value`, `field_ne`, `field_gte`, `field_lte`,
 * `field_like`; nested fields as `address.city`; repeats of a filter match
 * any of their values, repeats of `_ne` all; a filter on a field no item
 * has is ignored), `_sort` and `_order` (comma-separated, stable), then
 * `_page` with `_limit` (default 10), or `_start` with `_end` or `_limit`.
 *
 * Errors: `G_REGEX_ERROR` if a `_like` value is not a regular expression.
 *
 * Returns: whether @page was filled
 */
gboolean
tq_demo_query_run (GPtrArray       *items,
                   GPtrArray       *params,
                   const char      *url,
                   TqDemoListPage  *page,
                   GError         **error)
{
  g_autoptr(GPtrArray) filters = NULL;
  g_autoptr(GPtrArray) chain = NULL;
  const char *q = query_get_truthy (params, "q");
  const char *sort = query_get_truthy (params, "_sort");
  const char *page_param = query_get_truthy (params, "_page");
  const char *limit = query_get_truthy (params, "_limit");
  const char *end = query_get_truthy (params, "_end");
  const char *start = tq_demo_query_get (params, "_start");

  g_return_val_if_fail (items != NULL, FALSE);
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (url != NULL, FALSE);
  g_return_val_if_fail (page != NULL, FALSE);

  memset (page, 0, sizeof *page);
  page->total = -1;

  filters = filters_new (items, params, error);
  if (filters == NULL)
    return FALSE;

  chain = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  {
    g_autofree char *lower_q = q != NULL ? g_utf8_strdown (q, -1) : NULL;

    for (guint i = 0; i < items->len; i++)
      {
        JsonObject *object = g_ptr_array_index (items, i);
        gboolean keep = lower_q == NULL || item_matches_q (object, lower_q);

        for (guint f = 0; keep && f < filters->len; f++)
          keep = filter_match (g_ptr_array_index (filters, f), object);

        if (keep)
          g_ptr_array_add (chain, json_object_ref (object));
      }
  }

  if (sort != NULL)
    {
      const char *order = tq_demo_query_get (params, "_order");
      g_auto(GStrv) orders = g_strsplit (order != NULL ? order : "", ",", -1);
      SortSpec spec = { g_strsplit (sort, ",", -1), g_array_new (FALSE, FALSE, sizeof (gboolean)) };

      for (guint i = 0; spec.keys[i] != NULL; i++)
        {
          gboolean descending = i < g_strv_length (orders) && g_ascii_strcasecmp (orders[i], "desc") == 0;

          g_array_append_val (spec.descending, descending);
        }

      g_ptr_array_sort_with_data (chain, sort_compare, &spec);
      g_strfreev (spec.keys);
      g_array_unref (spec.descending);
    }

  if (end != NULL || limit != NULL || page_param != NULL)
    page->total = chain->len;

  if (page_param != NULL)
    {
      double page_number = js_parse_int (page_param);
      double per_page = limit != NULL ? js_parse_int (limit) : NAN;

      if (!(page_number >= 1))
        page_number = 1;
      if (isnan (per_page) || per_page == 0)
        per_page = 10;

      page->paged = TRUE;
      page->items = get_page (chain, page_number, per_page, url, &page->link);
    }
  else if (end != NULL)
    {
      double from = start != NULL ? js_parse_int (start) : NAN;

      page->items = js_slice (chain, isnan (from) ? 0 : from, js_parse_int (end));
    }
  else if (limit != NULL)
    {
      double from = start != NULL ? js_parse_int (start) : NAN;

      if (isnan (from))
        from = 0;
      page->items = js_slice (chain, from, from + js_parse_int (limit));
    }
  else
    {
      page->items = g_steal_pointer (&chain);
    }

  return TRUE;
}

/**
 * tq_demo_list_page_clear:
 * @page: a page filled by [func@tq_demo_query_run]
 *
 * Frees what @page holds.
 */
void
tq_demo_list_page_clear (TqDemoListPage *page)
{
  g_clear_pointer (&page->items, g_ptr_array_unref);
  g_clear_pointer (&page->link, g_free);
}
