/* tq-key-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <string.h>

#include "tq-key.h"

G_BEGIN_DECLS

/* Appends the canonical form of @key to @out. When @element_ends is given,
 * the offset in @out at which each top-level element ends is appended to it
 * (as guint), so that the cache's key index can cut the hash into the
 * canonical forms of the elements without hashing them again.
 */
gboolean _tq_key_append_hash (GString   *out,
                              GVariant  *key,
                              GArray    *element_ends,
                              GError   **error);

/* The canonical binary form of a key: what the cache hashes and compares.
 *
 * It encodes the same canonical value as the JSON hash of tq_key_hash()
 * (numbers by value, dictionaries sorted by member name, variants and maybes
 * looked through), so two keys have equal forms exactly when their hashes
 * are equal; but it is built in one pass with no allocation, hashed with a
 * fast hash, and compared with memcmp(). Each value is self-delimiting, and
 * a key's elements come one after the other after the array tag, so the
 * form of a key prefix `(e0, …, ek-1)` is the array tag followed by the
 * forms of its elements: a byte prefix of the form of every key that starts
 * with those elements. The key index of the cache relies on that.
 */
enum
{
  TQ_CANON_END = 0x00,
  TQ_CANON_NULL,
  TQ_CANON_FALSE,
  TQ_CANON_TRUE,
  TQ_CANON_INT,     /* zigzag varint of an integer in the int64 range */
  TQ_CANON_UINT,    /* varint of an integer above G_MAXINT64 */
  TQ_CANON_DOUBLE,  /* 8 bytes: a number that is not a safe integer */
  TQ_CANON_STRING,  /* UTF-8 bytes, then a NUL */
  TQ_CANON_ARRAY,   /* values, then TQ_CANON_END */
  TQ_CANON_OBJECT,  /* (TQ_CANON_MEMBER, name bytes, NUL, value)*, then TQ_CANON_END */
  TQ_CANON_MEMBER,
};

typedef struct
{
  gatomicrefcount ref_count;
  guint32         hash;     /* of bytes[0 … len) */
  guint32         len;
  guint8          bytes[];
} TqKeyCanon;

/* Up to this many top-level elements, a key's prefixes are indexed. */
#define TQ_KEY_MAX_ELEMENTS 32

/* Scratch space for building a canonical form, normally on the stack. */
typedef struct
{
  TqKeyCanon *canon;        /* points into @storage or to the heap */
  gsize       allocated;    /* bytes available after the header */
  guint       n_elements;   /* top-level elements (capped at TQ_KEY_MAX_ELEMENTS) */
  gboolean    too_long;     /* more elements than TQ_KEY_MAX_ELEMENTS */
  guint32     element_ends[TQ_KEY_MAX_ELEMENTS];   /* offset after each element */
  guint32     prefix_hashes[TQ_KEY_MAX_ELEMENTS];  /* hash of bytes[0 … end) */
  guint64     stack[32];    /* room for a header and most keys */
} TqKeyBuf;

void        _tq_key_buf_init          (TqKeyBuf      *buf);
void        _tq_key_buf_clear         (TqKeyBuf      *buf);
/* Builds the canonical form of @key into @buf (replacing what it held),
 * validating it as tq_key_validate() does.
 */
gboolean    _tq_key_canonicalize      (TqKeyBuf      *buf,
                                       GVariant      *key,
                                       GError       **error);
/* The same from the JSON text of a hash (see tq_key_hash()). */
gboolean    _tq_key_canonicalize_hash (TqKeyBuf      *buf,
                                       const char    *hash);
/* A heap copy of what @buf holds. */
TqKeyCanon *_tq_key_canon_dup         (const TqKeyBuf *buf);
/* The end of the canonical value that starts at @p. */
const guint8 *_tq_key_canon_skip      (const guint8  *p);
/* Finds where each top-level element of @canon ends (an offset into its
 * bytes) and the hash of the bytes up to there, for up to @max elements;
 * *@too_long tells whether there were more. Returns how many it found.
 */
guint       _tq_key_canon_split       (const TqKeyCanon *canon,
                                       guint32       *ends,
                                       guint32       *prefix_hashes,
                                       guint          max,
                                       gboolean      *too_long);
TqKeyCanon *_tq_key_canon_ref         (TqKeyCanon    *canon);
void        _tq_key_canon_unref       (TqKeyCanon    *canon);
guint32     _tq_key_canon_hash_bytes  (const guint8  *bytes,
                                       gsize          len);

static inline gboolean
_tq_key_canon_is_container (guint8 tag)
{
  return tag == TQ_CANON_ARRAY || tag == TQ_CANON_OBJECT;
}

static inline gboolean
_tq_key_canon_equal (const TqKeyCanon *a,
                     const TqKeyCanon *b)
{
  return a == b ||
         (a->hash == b->hash && a->len == b->len && memcmp (a->bytes, b->bytes, a->len) == 0);
}

/* Where top-level element @index of @canon starts, or %NULL if it has no
 * such element. Inline: predicates call it on every query of a cache.
 */
static inline const guint8 *
_tq_key_canon_element (const TqKeyCanon *canon,
                       guint             index)
{
  const guint8 *p = canon->bytes;

  if (canon->len == 0 || *p++ != TQ_CANON_ARRAY)
    return NULL;

  for (; *p != TQ_CANON_END; index--)
    {
      if (index == 0)
        return p;
      /* Strings and integers, the usual elements, are skipped here:
       * no call, no strlen() for a short name.
       */
      if (*p == TQ_CANON_STRING)
        {
          while (*++p != 0)
            ;
          p++;
        }
      else if (*p == TQ_CANON_INT)
        {
          while (*++p & 0x80)
            ;
          p++;
        }
      else
        p = _tq_key_canon_skip (p);
    }

  return NULL;
}

/* Reads an integer (TQ_CANON_INT) at @p; FALSE for any other value. */
static inline gboolean
_tq_key_canon_read_int (const guint8 *p,
                        gint64       *value)
{
  guint64 zigzag = 0;
  guint shift = 0;

  if (*p++ != TQ_CANON_INT)
    return FALSE;

  do
    {
      zigzag |= (guint64) (*p & 0x7f) << shift;
      shift += 7;
    }
  while (*p++ & 0x80);

  *value = (gint64) (zigzag >> 1) ^ -(gint64) (zigzag & 1);
  return TRUE;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqKeyCanon, _tq_key_canon_unref)

G_END_DECLS
