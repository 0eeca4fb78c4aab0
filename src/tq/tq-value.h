/* tq-value.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <json-glib/json-glib.h>

#include "tq-version-macros.h"

G_BEGIN_DECLS

/**
 * TQ_STRUCTURAL_SHARING_MAX_DEPTH:
 *
 * How deep [func@Tq.json_replace_equal_deep] shares subtrees: below this
 * depth the new tree is taken as it is (TanStack's limit of 500, rule 45).
 */
#define TQ_STRUCTURAL_SHARING_MAX_DEPTH 500

TQ_AVAILABLE_IN_ALL
gboolean  tq_json_equal                (JsonNode     *a,
                                        JsonNode     *b);
TQ_AVAILABLE_IN_ALL
JsonNode *tq_json_replace_equal_deep   (JsonNode     *prev,
                                        JsonNode     *next);
TQ_AVAILABLE_IN_ALL
gboolean  tq_value_equal               (const GValue *a,
                                        const GValue *b);
TQ_AVAILABLE_IN_ALL
void      tq_value_replace_equal_deep  (const GValue *prev,
                                        const GValue *next,
                                        GValue       *result);

G_END_DECLS
