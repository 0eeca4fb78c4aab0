/* tq-key-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

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

G_END_DECLS
