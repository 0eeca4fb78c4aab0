/* tq-query-function-context-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-query-function-context.h"

G_BEGIN_DECLS

/* Receives the outcome of one call of a query function: @value is unset when
 * the function returned no value (TanStack's `undefined`), @error is set on
 * failure.
 */
typedef void (*TqQueryFunctionDone) (TqQueryFunctionContext *context,
                                     const GValue           *value,
                                     const GError           *error,
                                     gpointer                user_data);

TqQueryFunctionContext *_tq_query_function_context_new    (TqQuery             *query,
                                                           GMainContext        *main_context,
                                                           GCancellable        *cancellable,
                                                           TqQueryFunctionDone  done,
                                                           gpointer             user_data,
                                                           GDestroyNotify       destroy);
void                    _tq_query_function_context_set_page (TqQueryFunctionContext *self,
                                                             const GValue           *page_param,
                                                             TqFetchDirection        direction);
void                    _tq_query_function_context_invoke (TqQueryFunctionContext *self,
                                                           TqCallback             *query_fn);
void                    _tq_query_function_context_abandon (TqQueryFunctionContext *self);
gboolean                _tq_query_function_context_took_cancellable (TqQueryFunctionContext *self);

G_END_DECLS
