/* tq-infinite-data-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

#include "tq-infinite-data.h"

G_BEGIN_DECLS

/* The pages and page parameters of @data (borrowed), or FALSE if @data is
 * not infinite data.
 */
gboolean  _tq_infinite_data_unpack             (JsonNode      *data,
                                                JsonArray    **pages,
                                                JsonArray    **page_params);
/* Infinite data in a GValue, if it holds some. */
JsonNode *_tq_infinite_data_from_value         (const GValue  *value);
/* A new sealed {pages, pageParams} node that takes both arrays. */
JsonNode *_tq_infinite_data_take              (JsonArray     *pages,
                                                JsonArray     *page_params);
/* Structural sharing that follows pages by their parameter, so that pages
 * that moved (one fetched before them, one dropped by max-pages) keep
 * their identity, with every subtree inside them.
 */
void      _tq_infinite_data_replace_equal_deep (const GValue  *prev,
                                                const GValue  *next,
                                                GValue        *result);

/* Page parameters and pages as JSON: a JsonNode is taken as it is, a
 * GVariant serialized, numbers, strings and booleans converted. Returns
 * NULL without an error for an unset value or a NULL node.
 */
JsonNode *_tq_json_from_value                  (const GValue  *value,
                                                GError       **error);
/* TanStack's `param == null`: unset, or JSON null. */
gboolean  _tq_json_is_nullish                  (JsonNode      *node);

G_END_DECLS
