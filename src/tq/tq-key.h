/* tq-key.h
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

TQ_AVAILABLE_IN_ALL
gboolean  tq_key_validate      (GVariant    *key,
                                GError     **error);
TQ_AVAILABLE_IN_ALL
char     *tq_key_hash          (GVariant    *key);
TQ_AVAILABLE_IN_ALL
gboolean  tq_key_equal         (GVariant    *a,
                                GVariant    *b);
TQ_AVAILABLE_IN_ALL
gboolean  tq_key_partial_match (GVariant    *key,
                                GVariant    *filter);
TQ_AVAILABLE_IN_ALL
GVariant *tq_key_parse         (const char  *text,
                                GError     **error);
TQ_AVAILABLE_IN_ALL
char     *tq_key_to_string     (GVariant    *key);
TQ_AVAILABLE_IN_ALL
JsonNode *tq_key_to_json       (GVariant    *key);
TQ_AVAILABLE_IN_ALL
GVariant *tq_key_from_json     (JsonNode    *node,
                                GError     **error);

G_END_DECLS
