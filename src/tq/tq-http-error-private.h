/* tq-http-error-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-http-error.h"

G_BEGIN_DECLS

GError *_tq_http_error_new_for_status (guint       status,
                                       const char *reason,
                                       const char *uri,
                                       JsonNode   *body,
                                       gint64      retry_after_ms);
void    _tq_http_error_set_uri        (GError     *error,
                                       const char *uri);
gint64  _tq_http_parse_retry_after    (const char *value,
                                       GDateTime  *now);

G_END_DECLS
