/* tq-infinite-data.h
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
JsonNode  *tq_infinite_data_new             (JsonArray *pages,
                                             JsonArray *page_params) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
gboolean   tq_infinite_data_check           (JsonNode  *data);
TQ_AVAILABLE_IN_ALL
JsonArray *tq_infinite_data_get_pages       (JsonNode  *data);
TQ_AVAILABLE_IN_ALL
JsonArray *tq_infinite_data_get_page_params (JsonNode  *data);
TQ_AVAILABLE_IN_ALL
guint      tq_infinite_data_get_n_pages     (JsonNode  *data);

G_END_DECLS
