/* runner-json.h: JSON helpers of the conformance runner
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Values are JsonNode*s; NULL is TanStack's `undefined` ("no value"),
 * distinct from a JSON null node.
 */

void      rj_append_canonical (GString    *out,
                               JsonNode   *node);
void      rj_append_string    (GString    *out,
                               const char *text);
char     *rj_canonical        (JsonNode   *node);
gboolean  rj_equal            (JsonNode   *a,
                               JsonNode   *b);

JsonNode *rj_string           (const char *text);
JsonNode *rj_int              (gint64      value);
JsonNode *rj_bool             (gboolean    value);
JsonNode *rj_null             (void);
JsonNode *rj_deep_copy        (JsonNode   *node);

gboolean  rj_is_int           (JsonNode   *node);
gboolean  rj_is_string        (JsonNode   *node);
gboolean  rj_is_bool          (JsonNode   *node);

/* Member or element at @path (JSON array of strings and numbers), borrowed;
 * NULL when a step is missing.
 */
JsonNode *rj_get_path         (JsonNode   *root,
                               JsonArray  *path);

/* GValues holding data, variables, contexts: JsonNode boxes, or NULL/unset
 * for no value.
 */
JsonNode *rj_from_value       (const GValue *value);
void      rj_to_value         (JsonNode     *node,
                               GValue       *value);

/* The members of a trace line other than "ev" and "t" are sorted; "ev"
 * and "t" (when @has_t) come first.
 */
void      rj_append_line      (GString    *out,
                               const char *ev,
                               gboolean    has_t,
                               gint64      t,
                               JsonObject *rest);

G_END_DECLS
