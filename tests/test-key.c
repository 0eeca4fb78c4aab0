/* test-key.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <tq.h>

#include "tq-key-private.h"

static GVariant *
key (const char *text)
{
  g_autoptr(GError) error = NULL;
  GVariant *v = g_variant_parse (NULL, text, NULL, NULL, &error);

  g_assert_no_error (error);
  return v;
}

static void
assert_hash (const char *text,
             const char *expected)
{
  g_autoptr(GVariant) k = key (text);
  g_autofree char *hash = tq_key_hash (k);

  g_assert_cmpstr (hash, ==, expected);
}

static gboolean
match (const char *a,
       const char *b)
{
  g_autoptr(GVariant) ka = key (a);
  g_autoptr(GVariant) kb = key (b);

  return tq_key_partial_match (ka, kb);
}

/* B01: object keys sorted at every depth, array order kept. */
static void
test_hash_b01 (void)
{
  assert_hash ("('todos', {'b': <2>, 'a': <1>})", "[\"todos\",{\"a\":1,\"b\":2}]");
  assert_hash ("('todos', {'a': <1>, 'b': <2>})", "[\"todos\",{\"a\":1,\"b\":2}]");
  assert_hash ("({'a': <{'d': <4>, 'c': <3>}>, 'b': <2>},)",
               "[{\"a\":{\"c\":3,\"d\":4},\"b\":2}]");
  assert_hash ("({'b': <2>, 'a': <{'c': <3>, 'd': <4>}>},)",
               "[{\"a\":{\"c\":3,\"d\":4},\"b\":2}]");
  assert_hash ("('todos', @a{sv} {})", "[\"todos\",{}]");
  assert_hash ("(@ms nothing,)", "[null]");
  assert_hash ("[1, 2]", "[1,2]");
  assert_hash ("[2, 1]", "[2,1]");
}

static void
test_hash_numbers (void)
{
  /* One number, one hash, whatever its GVariant type. */
  assert_hash ("(int32 2,)", "[2]");
  assert_hash ("(int64 2,)", "[2]");
  assert_hash ("(uint16 2,)", "[2]");
  assert_hash ("(byte 2,)", "[2]");
  assert_hash ("(2.0,)", "[2]");
  assert_hash ("(-0.0,)", "[0]");
  assert_hash ("(2.5,)", "[2.5]");
  assert_hash ("(0.1,)", "[0.1]");
  assert_hash ("(uint64 18446744073709551615,)", "[18446744073709551615]");
  assert_hash ("(int64 -9223372036854775808,)", "[-9223372036854775808]");
  assert_hash ("(1e300,)", "[1e+300]");
  assert_hash ("(true, false)", "[true,false]");
}

static void
test_hash_shapes (void)
{
  /* The empty tuple and nested arrays and tuples */
  assert_hash ("()", "[]");
  assert_hash ("@as []", "[]");
  assert_hash ("(['a', 'b'], ('c', 1), [[1], [2, 3]])", "[[\"a\",\"b\"],[\"c\",1],[[1],[2,3]]]");
  /* Maybes stand for their content or null; variants for their content */
  assert_hash ("(@mi 5, @mi nothing, <<'x'>>)", "[5,null,\"x\"]");
  /* Dictionaries with keys that are not strings use their canonical text */
  assert_hash ("({2: 'b', 10: 'a'},)", "[{\"10\":\"a\",\"2\":\"b\"}]");
  /* Object paths and signatures are strings */
  assert_hash ("(objectpath '/a', signature 'as')", "[\"/a\",\"as\"]");
  /* JSON escaping */
  assert_hash ("('a\"b\\\\c\\n\\t\\u0001é',)", "[\"a\\\"b\\\\c\\n\\t\\u0001é\"]");
}

static void
test_hash_invalid (void)
{
  struct { const char *text; const char *why; } cases[] = {
    { "'todos'", "must be a tuple or an array" },
    { "{'a': <1>}", "must be a tuple or an array" },
    { "@a{sv} {}", "must be a tuple or an array" },
    { "(handle 1,)", "cannot hold a value of type “h”" },
    { "({'a': <1>, 'a': <2>},)", "the key “a” twice" },
    { "(<handle 3>,)", "cannot hold a value of type “h”" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GVariant) k = key (cases[i].text);
      g_autoptr(GError) error = NULL;

      g_assert_false (tq_key_validate (k, &error));
      g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
      g_assert_nonnull (strstr (error->message, cases[i].why));
    }

  {
    g_autoptr(GVariant) nan_key = g_variant_ref_sink (g_variant_new ("(d)", NAN));
    g_autoptr(GVariant) inf_key = g_variant_ref_sink (g_variant_new ("(d)", INFINITY));
    g_autoptr(GError) error = NULL;
    char *hash;

    g_assert_false (tq_key_validate (nan_key, &error));
    g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
    g_clear_error (&error);
    g_assert_false (tq_key_validate (inf_key, &error));
    g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
    g_clear_error (&error);
    g_assert_false (tq_key_validate (NULL, &error));
    g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);

    /* tq_key_hash() says so with a critical and returns NULL */
    g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*cannot hold NaN*");
    hash = tq_key_hash (nan_key);
    g_test_assert_expected_messages ();
    g_assert_null (hash);
  }
}

static void
test_hash_element_ends (void)
{
  g_autoptr(GVariant) k = key ("('group', 5, {'b': <1>, 'a': <[1, 2]>})");
  g_autoptr(GString) out = g_string_new ("prefix:");
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (guint));

  g_assert_true (_tq_key_append_hash (out, k, ends, NULL));
  g_assert_cmpstr (out->str, ==, "prefix:[\"group\",5,{\"a\":[1,2],\"b\":1}]");
  g_assert_cmpuint (ends->len, ==, 3);
  /* Each top-level element ends where the next one's comma starts */
  g_assert_cmpuint (g_array_index (ends, guint, 0), ==, strlen ("prefix:[\"group\""));
  g_assert_cmpuint (g_array_index (ends, guint, 1), ==, strlen ("prefix:[\"group\",5"));
  g_assert_cmpuint (g_array_index (ends, guint, 2), ==, out->len - 1);
}

static void
test_equal (void)
{
  g_autoptr(GVariant) a = key ("('todos', {'b': <int32 2>, 'a': <1.0>})");
  g_autoptr(GVariant) b = key ("[<'todos'>, <{'a': <int64 1>, 'b': <uint32 2>}>]");
  g_autoptr(GVariant) c = key ("('todos', {'a': <1>, 'b': <3>})");
  g_autoptr(GVariant) bad = key ("(handle 0,)");

  g_assert_true (tq_key_equal (a, b));
  g_assert_true (tq_key_equal (a, a));
  g_assert_false (tq_key_equal (a, c));
  g_assert_false (tq_key_equal (bad, bad));
  g_assert_false (tq_key_equal (a, bad));
}

/* B02: partialMatchKey matrix */
static void
test_partial_match_b02 (void)
{
  g_assert_true (match ("({'a': <{'b': <'b'>}>, 'c': <'c'>, 'd': <[<{'d': <'d'>}>]>},)",
                        "({'a': <{'b': <'b'>}>, 'c': <'c'>, 'd': <@av []>},)"));
  g_assert_true (match ("(1, 2, 3)", "(1, 2)"));

  g_assert_false (match ("({'a': <{'b': <'b'>}>, 'c': <'c'>, 'd': <@av []>},)",
                         "({'a': <{'b': <'b'>}>, 'c': <'c'>, 'd': <[<{'d': <'d'>}>]>},)"));
  g_assert_false (match ("(@ms nothing,)", "({'a': <{'b': <'b'>}>, 'c': <'c'>},)"));
  g_assert_false (match ("({'a': <@ms nothing>, 'c': <'c'>},)",
                         "({'a': <{'b': <'b'>}>, 'c': <'c'>},)"));
  g_assert_false (match ("({'a': <{'b': <'b'>}>, 'c': <'c'>},)",
                         "({'a': <@ms nothing>, 'c': <'c'>},)"));
  g_assert_false (match ("(1, 2)", "(1, 2, 3)"));
}

static void
test_partial_match_more (void)
{
  /* Tuple prefixes, at every depth */
  g_assert_true (match ("('todos', 'list', {'page': <2>})", "('todos',)"));
  g_assert_true (match ("('todos', 'list', {'page': <2>})", "()"));
  g_assert_true (match ("('todos', 'list', {'page': <2>})", "('todos', 'list', {'page': <2>})"));
  g_assert_false (match ("('todos', 'list')", "('users',)"));
  g_assert_true (match ("(['a', 'b', 'c'],)", "(['a', 'b'],)"));
  g_assert_false (match ("(['a', 'b'],)", "(['a', 'c'],)"));

  /* Dictionary subsets */
  g_assert_true (match ("({'a': <'a'>, 'b': <'b'>},)", "({'a': <'a'>},)"));
  g_assert_true (match ("({'a': <'a'>},)", "(@a{sv} {},)"));
  g_assert_false (match ("({'a': <'a'>},)", "({'b': <'b'>},)"));

  /* Tuples and arrays are one kind, dictionaries another */
  g_assert_true (match ("(('a', 1),)", "(['a'],)"));
  g_assert_false (match ("(@av [],)", "(@a{sv} {},)"));
  g_assert_false (match ("({'0': <1>},)", "([1],)"));

  /* Numbers by value, whatever their type; strings are not numbers */
  g_assert_true (match ("('a', int64 2)", "('a', int32 2)"));
  g_assert_true (match ("('a', 2.0)", "('a', byte 2)"));
  g_assert_true (match ("('a', uint64 7)", "('a', int16 7)"));
  g_assert_false (match ("('a', int32 -1)", "('a', uint64 18446744073709551615)"));
  g_assert_false (match ("('a', '2')", "('a', 2)"));
  g_assert_false (match ("('a', true)", "('a', 1)"));

  /* Maybes and variants are looked through */
  g_assert_true (match ("(@mi 5,)", "(<5>,)"));
  g_assert_true (match ("(@mi nothing,)", "(@ms nothing,)"));
}

static void
test_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) k = tq_key_parse ("('todos', {'page': <2>})", &error);
  g_autoptr(GVariant) bad = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  g_assert_true (g_variant_is_normal_form (k));
  text = tq_key_to_string (k);
  g_assert_cmpstr (text, ==, "('todos', {'page': <2>})");

  bad = tq_key_parse ("('todos'", &error);
  g_assert_null (bad);
  g_assert_error (error, G_VARIANT_PARSE_ERROR, G_VARIANT_PARSE_ERROR_UNEXPECTED_TOKEN);
  g_clear_error (&error);

  bad = tq_key_parse ("'todos'", &error);
  g_assert_null (bad);
  g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
}

static void
test_json (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = json_from_string ("[\"todos\", {\"page\": 2, \"done\": false, \"tag\": null}, [1, 2.5]]", &error);
  g_autoptr(GVariant) k = NULL;
  g_autoptr(GVariant) built = NULL;
  g_autoptr(JsonNode) back = NULL;
  g_autoptr(JsonNode) object = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *built_hash = NULL;
  g_autofree char *back_text = NULL;

  g_assert_no_error (error);
  k = tq_key_from_json (node, &error);
  g_assert_no_error (error);
  hash = tq_key_hash (k);
  g_assert_cmpstr (hash, ==, "[\"todos\",{\"done\":false,\"page\":2,\"tag\":null},[1,2.5]]");

  /* The same key built by hand hashes the same */
  built = g_variant_ref_sink (g_variant_new_parsed ("('todos', {'tag': <@ms nothing>, 'page': <int32 2>, 'done': <false>}, (1, 2.5))"));
  built_hash = tq_key_hash (built);
  g_assert_cmpstr (hash, ==, built_hash);
  g_assert_true (tq_key_equal (k, built));

  back = tq_key_to_json (k);
  back_text = json_to_string (back, FALSE);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (back));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (back)), ==, 3);

  object = json_from_string ("{\"a\": 1}", NULL);
  g_assert_null (tq_key_from_json (object, &error));
  g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
}

/* The canonical binary form the cache uses must say "equal" exactly when
 * the JSON hashes are equal, and read back from a hash to the same form.
 */
static void
test_canonical_form (void)
{
  static const char * const keys[] = {
    "('todos',)",
    "['todos']",
    "('todos', 1)",
    "('todos', int64 1)",
    "('todos', byte 1)",
    "('todos', 1.0)",
    "('todos', 1.5)",
    "('todos', -0.0)",
    "('todos', 0)",
    "('todos', <1>)",
    "('todos', just 1)",
    "('todos', @mi nothing)",
    "('todos', @ms nothing)",
    "('todos', 'a')",
    "('todos', objectpath '/a')",
    "('todos', '/a')",
    "('todos', '')",
    "('todos', true)",
    "('todos', false)",
    "('todos', 9007199254740992.0)",
    "('todos', int64 9007199254740992)",
    "('todos', 9007199254740994.0)",
    "('todos', int64 9007199254740994)",
    "('todos', 10000000000000002.0)",
    "('todos', int64 10000000000000002)",
    "('todos', 1e16)",
    "('todos', int64 10000000000000000)",
    "('todos', 1e300)",
    "('todos', -2.5e-7)",
    "('todos', uint64 18446744073709551615)",
    "('todos', int64 -9223372036854775808)",
    "('todos', {'page': <2>, 'done': <false>})",
    "('todos', {'done': <false>, 'page': <2>})",
    "('todos', {'done': <false>, 'page': <int64 2>})",
    "('todos', {'done': <false>})",
    "('todos', {1: 'a'})",
    "('todos', {'1': 'a'})",
    "('todos', @a{sv} {})",
    "('todos', @av [])",
    "('todos', ('a', 1))",
    "('todos', ['a', 'b'])",
    "('todos', [<'a'>, <1>])",
    "('todos', <('a', 1)>)",
    "('to', 'dos')",
    "('todos', 'list', {'filter': <{'tags': <['x', 'y']>}>})",
    "('todos', 'list', {'filter': <{'tags': <('x', 'y')>}>})",
    "('\\u00e9', 'a\\nb', '\"q\"')",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    for (guint j = 0; j < G_N_ELEMENTS (keys); j++)
      {
        g_autoptr(GVariant) a = key (keys[i]);
        g_autoptr(GVariant) b = key (keys[j]);
        g_autofree char *ha = tq_key_hash (a);
        g_autofree char *hb = tq_key_hash (b);
        TqKeyBuf ca, cb, from_hash;

        _tq_key_buf_init (&ca);
        _tq_key_buf_init (&cb);
        _tq_key_buf_init (&from_hash);
        g_assert_true (_tq_key_canonicalize (&ca, a, NULL));
        g_assert_true (_tq_key_canonicalize (&cb, b, NULL));

        if (_tq_key_canon_equal (ca.canon, cb.canon) != g_str_equal (ha, hb))
          g_error ("%s and %s: hashes %s and %s, canonical forms %s",
                   keys[i], keys[j], ha, hb,
                   _tq_key_canon_equal (ca.canon, cb.canon) ? "equal" : "different");
        g_assert_cmpint (tq_key_equal (a, b), ==, g_str_equal (ha, hb));

        /* Except for integers beyond int64, the hash reads back. */
        if (!strstr (keys[i], "18446744073709551615"))
          {
            g_assert_true (_tq_key_canonicalize_hash (&from_hash, ha));
            g_assert_true (_tq_key_canon_equal (ca.canon, from_hash.canon));
          }

        _tq_key_buf_clear (&ca);
        _tq_key_buf_clear (&cb);
        _tq_key_buf_clear (&from_hash);
      }
}

/* A prefix of elements has, as its form, a byte prefix of the form of
 * every key that starts with it; element ends and prefix hashes say where.
 */
static void
test_canonical_prefix (void)
{
  g_autoptr(GVariant) full = key ("('todos', 'list', {'page': <2>})");
  g_autoptr(GVariant) prefix = key ("('todos', 'list')");
  TqKeyBuf a, b;
  g_autoptr(TqKeyCanon) copy = NULL;

  _tq_key_buf_init (&a);
  _tq_key_buf_init (&b);
  g_assert_true (_tq_key_canonicalize (&a, full, NULL));
  g_assert_true (_tq_key_canonicalize (&b, prefix, NULL));

  g_assert_cmpuint (a.n_elements, ==, 3);
  g_assert_cmpuint (b.n_elements, ==, 2);
  g_assert_cmpuint (a.element_ends[1], ==, b.element_ends[1]);
  g_assert_cmpmem (a.canon->bytes, a.element_ends[1], b.canon->bytes, b.element_ends[1]);
  g_assert_cmpuint (a.prefix_hashes[1], ==, b.prefix_hashes[1]);
  g_assert_cmpuint (a.prefix_hashes[1], ==, _tq_key_canon_hash_bytes (a.canon->bytes, a.element_ends[1]));
  g_assert_cmpuint (a.canon->hash, ==, _tq_key_canon_hash_bytes (a.canon->bytes, a.canon->len));

  copy = _tq_key_canon_dup (&a);
  g_assert_true (_tq_key_canon_equal (copy, a.canon));
  g_assert_false (_tq_key_canon_equal (copy, b.canon));

  /* The same boundaries, found again from the bytes alone */
  {
    guint32 ends[TQ_KEY_MAX_ELEMENTS], hashes[TQ_KEY_MAX_ELEMENTS];
    gboolean too_long;
    guint n = _tq_key_canon_split (copy, ends, hashes, TQ_KEY_MAX_ELEMENTS, &too_long);

    g_assert_cmpuint (n, ==, 3);
    g_assert_false (too_long);
    for (guint i = 0; i < n; i++)
      {
        g_assert_cmpuint (ends[i], ==, a.element_ends[i]);
        g_assert_cmpuint (hashes[i], ==, a.prefix_hashes[i]);
      }
    g_assert_cmpuint (_tq_key_canon_split (copy, ends, hashes, 2, &too_long), ==, 2);
    g_assert_true (too_long);
  }

  _tq_key_buf_clear (&a);
  _tq_key_buf_clear (&b);
}

/* Keys longer than the stack buffer move to the heap. */
static void
test_canonical_long (void)
{
  GVariantBuilder builder;
  g_autoptr(GVariant) long_key = NULL;
  g_autofree char *hash = NULL;
  TqKeyBuf buf, from_hash;

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("av"));
  for (guint i = 0; i < 200; i++)
    g_variant_builder_add (&builder, "v", g_variant_new_string ("a fairly long element of a key"));
  long_key = g_variant_ref_sink (g_variant_builder_end (&builder));
  hash = tq_key_hash (long_key);

  _tq_key_buf_init (&buf);
  _tq_key_buf_init (&from_hash);
  g_assert_true (_tq_key_canonicalize (&buf, long_key, NULL));
  g_assert_cmpuint (buf.canon->len, >, 6000);
  g_assert_true (buf.too_long);
  g_assert_cmpuint (buf.n_elements, ==, TQ_KEY_MAX_ELEMENTS);
  g_assert_true (_tq_key_canonicalize_hash (&from_hash, hash));
  g_assert_true (_tq_key_canon_equal (buf.canon, from_hash.canon));
  _tq_key_buf_clear (&buf);
  _tq_key_buf_clear (&from_hash);
}

/* The same value in tree form, with every container rebuilt through the
 * constructors (arrays through a builder), whatever form @value had.
 */
static GVariant *
rebuild_tree (GVariant *value)
{
  const GVariantType *type = g_variant_get_type (value);

  if (g_variant_type_is_basic (type))
    {
      /* a fresh leaf, from the serialised bytes */
      g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (value);

      return g_variant_new_from_bytes (type, bytes, TRUE);
    }

  if (g_variant_type_is_variant (type))
    {
      g_autoptr(GVariant) child = g_variant_get_variant (value);

      return g_variant_new_variant (rebuild_tree (child));
    }

  if (g_variant_type_is_maybe (type))
    {
      g_autoptr(GVariant) child = g_variant_get_maybe (value);

      return g_variant_new_maybe (g_variant_type_element (type),
                                  child != NULL ? rebuild_tree (child) : NULL);
    }

  if (g_variant_type_is_array (type))
    {
      GVariantBuilder builder;
      gsize n = g_variant_n_children (value);

      g_variant_builder_init (&builder, type);
      for (gsize i = 0; i < n; i++)
        {
          g_autoptr(GVariant) child = g_variant_get_child_value (value, i);

          g_variant_builder_add_value (&builder, rebuild_tree (child));
        }
      return g_variant_builder_end (&builder);
    }

  if (g_variant_type_is_dict_entry (type))
    {
      g_autoptr(GVariant) k = g_variant_get_child_value (value, 0);
      g_autoptr(GVariant) v = g_variant_get_child_value (value, 1);

      return g_variant_new_dict_entry (rebuild_tree (k), rebuild_tree (v));
    }

  {
    gsize n = g_variant_n_children (value);
    g_autofree GVariant **children = g_new0 (GVariant *, MAX (n, 1));

    g_assert_true (g_variant_type_is_tuple (type));
    for (gsize i = 0; i < n; i++)
      {
        g_autoptr(GVariant) child = g_variant_get_child_value (value, i);

        children[i] = rebuild_tree (child);
      }
    return g_variant_new_tuple (children, n);
  }
}

/* @value deserialised from a copy of its bytes. */
static GVariant *
from_bytes (GVariant *value,
            gboolean  trusted)
{
  g_autoptr(GBytes) bytes = g_variant_get_data_as_bytes (value);
  gsize size;
  const void *data = g_bytes_get_data (bytes, &size);
  g_autoptr(GBytes) copy = g_bytes_new (data, size);

  return g_variant_ref_sink (g_variant_new_from_bytes (g_variant_get_type (value), copy, trusted));
}

static void
assert_same_canon (const char *what,
                   GVariant   *a,
                   GVariant   *b)
{
  TqKeyBuf ca, cb;

  _tq_key_buf_init (&ca);
  _tq_key_buf_init (&cb);
  g_assert_true (_tq_key_canonicalize (&ca, a, NULL));
  g_assert_true (_tq_key_canonicalize (&cb, b, NULL));
  if (!_tq_key_canon_equal (ca.canon, cb.canon))
    g_error ("%s: %s has a different canonical form", what, g_variant_print (b, TRUE));
  g_assert_cmpuint (ca.n_elements, ==, cb.n_elements);
  g_assert_cmpmem (ca.element_ends, ca.n_elements * sizeof (guint32),
                   cb.element_ends, cb.n_elements * sizeof (guint32));
  g_assert_cmpmem (ca.prefix_hashes, ca.n_elements * sizeof (guint32),
                   cb.prefix_hashes, cb.n_elements * sizeof (guint32));
  _tq_key_buf_clear (&ca);
  _tq_key_buf_clear (&cb);
}

/* Canonicalizing walks a key's type string and reads basic values from
 * their serialised form: the form must not depend on how the key was built,
 * and must be the one its JSON hash reads back to.
 */
static void
test_canonical_representations (void)
{
  static const char * const keys[] = {
    "(true, false, byte 0, byte 255, int16 -32768, uint16 65535, -2147483648, uint32 4294967295)",
    "(int64 -9223372036854775808, uint64 9223372036854775807, 0.5, -0.0, 1e300, 'x', objectpath '/a/b', signature 'a{sv}')",
    "('todos', {'id': <1>, 'page': <2>})",
    "('todos', {'page': <2>, 'id': <1>})",
    "['a', 'b', 'c']",
    "[<'a'>, <1>, <[1, 2]>, <@mi nothing>]",
    "('todos', [true, false], [byte 1, 2], [int16 -1, 2], [uint16 1, 2], [-1, 2], [uint32 1, 2])",
    "('todos', [int64 -1, 2], [uint64 1, 2], [1.5, -2.0, 1e17], @ai [], @ab [], @ad [])",
    "('todos', [(1, 'a'), (2, 'b')], [['x'], ['y', 'z']], [{'a': 1}, {'b': 2}])",
    "('todos', just 1, just 'a', @mi nothing, @ms nothing, just just 1, @mmi just nothing, just <2>)",
    "('todos', [just 1, nothing], [just 'a', nothing], just [1, 2], just (1, 'a'))",
    "('todos', <<<1>>>, <('a', <[1.5]>)>, <{'k': <'v'>}>, <@a{sv} {}>)",
    "('todos', {1: 'a', 2: 'b'}, {byte 3: 1}, {int64 -4: 1}, {uint64 5: 1}, {true: 1, false: 2})",
    "('todos', {1.5: 'a'}, {objectpath '/o': 1}, {signature 's': 1}, {'é': <'ü'>})",
    "('todos', {'b': 1, 'a': 2, 'd': 3, 'c': 4, 'f': 5, 'e': 6, 'h': 7, 'g': 8, 'j': 9, 'i': 10})",
    "('todos', (), ((),), ('a', ('b', ('c', (1,)))))",
    "('todos', [@(ii) (1, 2)], [@(sb) ('a', true)], {'k': (1, 'x', [2])})",
    "('\\u00e9t\\u00e9', 'a\\nb', '\"q\"', 'tab\\tend')",
    "[1, 2, 3]",
    "@ai []",
    "()",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GVariant) parsed = key (keys[i]);
      g_autoptr(GVariant) tree = g_variant_ref_sink (rebuild_tree (parsed));
      g_autoptr(GVariant) trusted = from_bytes (parsed, TRUE);
      g_autoptr(GVariant) untrusted = from_bytes (parsed, FALSE);
      g_autoptr(GVariant) swapped_once = g_variant_byteswap (parsed);
      g_autoptr(GVariant) swapped = g_variant_byteswap (swapped_once);
      g_autoptr(GVariant) normal = g_variant_get_normal_form (tree);
      g_autofree char *hash = tq_key_hash (parsed);
      TqKeyBuf canon, from_hash;

      assert_same_canon (keys[i], parsed, tree);
      assert_same_canon (keys[i], parsed, trusted);
      assert_same_canon (keys[i], parsed, untrusted);
      assert_same_canon (keys[i], parsed, swapped);
      assert_same_canon (keys[i], parsed, normal);

      /* After g_variant_get_data() has serialised it in place too. */
      g_variant_get_data (tree);
      assert_same_canon (keys[i], parsed, tree);

      _tq_key_buf_init (&canon);
      _tq_key_buf_init (&from_hash);
      g_assert_true (_tq_key_canonicalize (&canon, parsed, NULL));
      g_assert_true (_tq_key_canonicalize_hash (&from_hash, hash));
      if (!_tq_key_canon_equal (canon.canon, from_hash.canon))
        g_error ("%s: the canonical form differs from that of its hash %s", keys[i], hash);
      _tq_key_buf_clear (&canon);
      _tq_key_buf_clear (&from_hash);
    }

  /* The one value a hash cannot read back: an integer beyond int64. */
  {
    g_autoptr(GVariant) parsed = key ("('big', uint64 18446744073709551615, [uint64 9223372036854775808])");
    g_autoptr(GVariant) tree = g_variant_ref_sink (rebuild_tree (parsed));
    g_autoptr(GVariant) untrusted = from_bytes (parsed, FALSE);
    g_autoptr(GVariant) signed_key = key ("('big', int64 -1, [int64 -9223372036854775808])");
    TqKeyBuf a, b;

    assert_same_canon ("uint64", parsed, tree);
    assert_same_canon ("uint64", parsed, untrusted);

    _tq_key_buf_init (&a);
    _tq_key_buf_init (&b);
    g_assert_true (_tq_key_canonicalize (&a, parsed, NULL));
    g_assert_true (_tq_key_canonicalize (&b, signed_key, NULL));
    g_assert_false (_tq_key_canon_equal (a.canon, b.canon));
    _tq_key_buf_clear (&a);
    _tq_key_buf_clear (&b);
  }
}

/* A key deserialised from untrusted bytes that are not in normal form
 * reads as GLib's getters read it (an invalid string as "", a path as "/",
 * a fixed-size value of the wrong size as 0, a boolean byte above 1 as
 * true), just as its hash does.
 */
static void
test_canonical_untrusted (void)
{
  static const struct {
    const char *type;
    const char *data;
    gsize       size;
    const char *expected;
  } cases[] = {
    { "(s)", "ab\xff\0", 4, "('',)" },                       /* invalid UTF-8 */
    { "(s)", "ab", 2, "('',)" },                             /* no NUL */
    { "(s)", "a\0b\0", 4, "('',)" },                         /* a NUL inside */
    { "(s)", "\xc3\xa9t\xc3\xa9\0", 6, "('été',)" },
    { "(o)", "a/b\0", 4, "(objectpath '/',)" },              /* not a path */
    { "(o)", "/a\xff\0", 5, "(objectpath '/',)" },
    { "(g)", "a{\0", 3, "(signature '',)" },                 /* not a signature */
    { "(g)", "a{sv}\0", 6, "(signature 'a{sv}',)" },
    { "(b)", "\x02", 1, "(true,)" },                         /* a boolean byte above 1 */
    { "(ab)", "\x00\x07", 2, "([false, true],)" },
    { "(i)", "\x01\x00", 2, "(0,)" },                        /* the wrong size */
    { "(ai)", "\x01\x00\x00\x00\x02\x00", 6, "(@ai [],)" },
    { "(sx)", "ab\0\x03", 4, "('ab', int64 0)" },            /* no room for the int64 */
    { "(sd)", "ab\0\x03", 4, "('ab', 0.0)" },
    { "a{si}", "\x01\x00\x00\x00\x02", 5, NULL },            /* not a key */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (cases[i].data, cases[i].size);
      g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new_from_bytes (G_VARIANT_TYPE (cases[i].type),
                                                                              bytes, FALSE));
      g_autoptr(GError) error = NULL;
      g_autoptr(GString) hash = g_string_new (NULL);
      g_autoptr(GVariant) expected = NULL;
      TqKeyBuf canon, from_hash;

      _tq_key_buf_init (&canon);
      if (cases[i].expected == NULL)
        {
          g_assert_false (_tq_key_canonicalize (&canon, bad, &error));
          g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
          _tq_key_buf_clear (&canon);
          continue;
        }

      expected = key (cases[i].expected);
      assert_same_canon (cases[i].type, expected, bad);

      _tq_key_buf_init (&from_hash);
      g_assert_true (_tq_key_append_hash (hash, bad, NULL, NULL));
      g_assert_true (_tq_key_canonicalize (&canon, bad, NULL));
      g_assert_true (_tq_key_canonicalize_hash (&from_hash, hash->str));
      g_assert_true (_tq_key_canon_equal (canon.canon, from_hash.canon));
      _tq_key_buf_clear (&canon);
      _tq_key_buf_clear (&from_hash);
    }
}

/* GLib cuts variants nested deeper than it handles in untrusted data short
 * (g_variant_get_child_value() gives a unit tuple); the walk reads a
 * variant's content type from the content, so it follows.
 */
static void
test_canonical_deep_variants (void)
{
  GVariant *value = g_variant_new_int32 (7);
  g_autoptr(GVariant) tree = NULL;
  g_autoptr(GVariant) untrusted = NULL;

  for (guint i = 0; i < 200; i++)
    value = g_variant_new_variant (value);
  tree = g_variant_ref_sink (g_variant_new_tuple (&value, 1));
  untrusted = from_bytes (tree, FALSE);

  for (guint f = 0; f < 2; f++)
    {
      GVariant *k = f == 0 ? tree : untrusted;
      g_autoptr(GString) hash = g_string_new (NULL);
      TqKeyBuf canon, from_hash;

      _tq_key_buf_init (&canon);
      _tq_key_buf_init (&from_hash);
      g_assert_true (_tq_key_append_hash (hash, k, NULL, NULL));
      g_assert_true (_tq_key_canonicalize (&canon, k, NULL));
      g_assert_true (_tq_key_canonicalize_hash (&from_hash, hash->str));
      g_assert_true (_tq_key_canon_equal (canon.canon, from_hash.canon));
      _tq_key_buf_clear (&canon);
      _tq_key_buf_clear (&from_hash);
    }
}

/* An invalid key fails to canonicalize with the error its hash gives. */
static void
test_canonical_invalid (void)
{
  static const char * const keys[] = {
    "{'a': 1}",
    "@a{sv} {}",
    "5",
    "'todos'",
    "<('todos',)>",
    "just ('todos',)",
    "('todos', handle 1)",
    "('todos', [handle 1])",
    "('todos', <handle 1>)",
    "('todos', just <just handle 1>)",
    "('todos', {'a': <handle 1>})",
    "('todos', {handle 1: 'a'})",
    "('todos', ({'a', 1},))",
    "('todos', nan)",
    "('todos', [1.0, inf])",
    "('todos', <-inf>)",
    "('todos', {'a': 1, 'a': 2})",
    "('todos', {'b': <1>, 'a': <handle 2>, 'a': <3>})",
    "('todos', {'a': <1>, 'b': <handle 2>, 'a': <3>})",
    "('todos', {1: 'a', int64 1: 'b'})",
    "('todos', {'k': 1, 'j': 2, 'i': 3, 'h': 4, 'g': 5, 'f': 6, 'e': 7, 'd': 8, 'c': 9, 'k': 10})",
    "('todos', {'k': <1>, 'j': <2>, 'i': <3>, 'h': <4>, 'g': <5>, 'f': <6>, 'e': <7>, 'd': <8>, 'c': <9>, 'b': <nan>})",
  };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(GVariant) k = key (keys[i]);
      g_autoptr(GVariant) tree = g_variant_ref_sink (rebuild_tree (k));
      g_autoptr(GVariant) untrusted = from_bytes (k, FALSE);
      g_autoptr(GString) out = g_string_new (NULL);
      g_autoptr(GError) hash_error = NULL;
      GVariant *forms[] = { k, tree, untrusted };

      g_assert_false (_tq_key_append_hash (out, k, NULL, &hash_error));
      g_assert_error (hash_error, TQ_ERROR, TQ_ERROR_INVALID_KEY);

      for (guint f = 0; f < G_N_ELEMENTS (forms); f++)
        {
          g_autoptr(GError) error = NULL;
          TqKeyBuf canon;

          _tq_key_buf_init (&canon);
          g_assert_false (_tq_key_canonicalize (&canon, forms[f], &error));
          g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
          g_assert_cmpstr (error->message, ==, hash_error->message);
          g_assert_cmpuint (canon.canon->len, ==, 0);
          _tq_key_buf_clear (&canon);
        }
    }

  {
    g_autoptr(GError) error = NULL;
    TqKeyBuf canon;

    _tq_key_buf_init (&canon);
    g_assert_false (_tq_key_canonicalize (&canon, NULL, &error));
    g_assert_error (error, TQ_ERROR, TQ_ERROR_INVALID_KEY);
    g_assert_cmpstr (error->message, ==, "A key is required");
    _tq_key_buf_clear (&canon);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Tq/Key/hash/b01", test_hash_b01);
  g_test_add_func ("/Tq/Key/hash/numbers", test_hash_numbers);
  g_test_add_func ("/Tq/Key/hash/shapes", test_hash_shapes);
  g_test_add_func ("/Tq/Key/hash/invalid", test_hash_invalid);
  g_test_add_func ("/Tq/Key/hash/element-ends", test_hash_element_ends);
  g_test_add_func ("/Tq/Key/equal", test_equal);
  g_test_add_func ("/Tq/Key/canonical/form", test_canonical_form);
  g_test_add_func ("/Tq/Key/canonical/prefix", test_canonical_prefix);
  g_test_add_func ("/Tq/Key/canonical/long", test_canonical_long);
  g_test_add_func ("/Tq/Key/canonical/representations", test_canonical_representations);
  g_test_add_func ("/Tq/Key/canonical/untrusted", test_canonical_untrusted);
  g_test_add_func ("/Tq/Key/canonical/invalid", test_canonical_invalid);
  g_test_add_func ("/Tq/Key/canonical/deep-variants", test_canonical_deep_variants);
  g_test_add_func ("/Tq/Key/partial-match/b02", test_partial_match_b02);
  g_test_add_func ("/Tq/Key/partial-match/more", test_partial_match_more);
  g_test_add_func ("/Tq/Key/parse", test_parse);
  g_test_add_func ("/Tq/Key/json", test_json);

  return g_test_run ();
}
