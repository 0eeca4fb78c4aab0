/* tq-query-function-context.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "tq-enums.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_FUNCTION_CONTEXT (tq_query_function_context_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueryFunctionContext, tq_query_function_context, TQ, QUERY_FUNCTION_CONTEXT, GObject)

TQ_AVAILABLE_IN_ALL
GVariant         *tq_query_function_context_get_query_key  (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
const char       *tq_query_function_context_get_query_hash (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
GVariant         *tq_query_function_context_get_meta       (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
const GValue     *tq_query_function_context_get_page_param (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
TqFetchDirection  tq_query_function_context_get_direction  (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
TqQuery          *tq_query_function_context_get_query      (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
GCancellable     *tq_query_function_context_get_cancellable (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
gboolean          tq_query_function_context_is_cancelled   (TqQueryFunctionContext *self);
TQ_AVAILABLE_IN_ALL
void              tq_query_function_context_return_value   (TqQueryFunctionContext *self,
                                                            const GValue           *value);
TQ_AVAILABLE_IN_ALL
void              tq_query_function_context_return_json    (TqQueryFunctionContext *self,
                                                            JsonNode               *node);
TQ_AVAILABLE_IN_ALL
void              tq_query_function_context_return_error   (TqQueryFunctionContext *self,
                                                            GError                 *error);
TQ_AVAILABLE_IN_ALL
void              tq_query_function_context_return_new_error (TqQueryFunctionContext *self,
                                                              GQuark                  domain,
                                                              int                     code,
                                                              const char             *format,
                                                              ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
