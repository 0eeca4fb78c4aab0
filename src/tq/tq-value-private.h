/* tq-value-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-value.h"

G_BEGIN_DECLS

/* Copies @src into the unset @dst, sharing a JsonNode by reference:
 * g_value_copy() would wrap it in a new JsonNode (json_node_copy()), and the
 * engine relies on data keeping its identity from the query function to the
 * observers, as JavaScript references do.
 */
static inline void
_tq_value_copy_shared (const GValue *src,
                       GValue       *dst)
{
  if (src == NULL || !G_IS_VALUE (src))
    return;

  g_value_init (dst, G_VALUE_TYPE (src));
  if (G_VALUE_TYPE (src) == JSON_TYPE_NODE)
    {
      JsonNode *node = g_value_get_boxed (src);

      g_value_take_boxed (dst, node != NULL ? json_node_ref (node) : NULL);
    }
  else
    g_value_copy (src, dst);
}

static inline void
_tq_value_reset (GValue *value)
{
  if (G_IS_VALUE (value))
    g_value_unset (value);
}

/* JavaScript's `===` on data: containers by identity, scalars by value. */
gboolean _tq_value_identical (const GValue *a,
                              const GValue *b);

/* Equality of errors for results: same domain, code and message. */
gboolean _tq_error_equal     (const GError *a,
                              const GError *b);

G_END_DECLS
