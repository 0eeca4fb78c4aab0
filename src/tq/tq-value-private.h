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
  GType type;

  if (src == NULL || (type = G_VALUE_TYPE (src)) == G_TYPE_INVALID)
    return;

  if (type == JSON_TYPE_NODE)
    {
      JsonNode *node = src->data[0].v_pointer;

      /* What g_value_init() and g_value_take_boxed() do for a boxed type,
       * without their type checks: this runs for every state, result and
       * notification that carries data.
       */
      dst->g_type = type;
      dst->data[0].v_pointer = node != NULL ? json_node_ref (node) : NULL;
      dst->data[1].v_uint64 = 0;
      return;
    }

  g_value_init (dst, type);
  g_value_copy (src, dst);
}

static inline void
_tq_value_reset (GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  if (type == G_TYPE_INVALID)
    return;

  /* The converse of the above: g_value_unset() for a JsonNode we own. */
  if (type == JSON_TYPE_NODE && (value->data[1].v_uint & G_VALUE_NOCOPY_CONTENTS) == 0)
    {
      if (value->data[0].v_pointer != NULL)
        json_node_unref (value->data[0].v_pointer);
      *value = (GValue) G_VALUE_INIT;
      return;
    }

  g_value_unset (value);
}

/* JavaScript's `===` on data: containers by identity, scalars by value. */
gboolean _tq_value_identical (const GValue *a,
                              const GValue *b);

/* Equality of errors for results: same domain, code and message. */
gboolean _tq_error_equal     (const GError *a,
                              const GError *b);

G_END_DECLS
