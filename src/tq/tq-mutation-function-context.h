/* tq-mutation-function-context.h
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

#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_FUNCTION_CONTEXT (tq_mutation_function_context_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutationFunctionContext, tq_mutation_function_context, TQ, MUTATION_FUNCTION_CONTEXT, GObject)

TQ_AVAILABLE_IN_ALL
const GValue  *tq_mutation_function_context_get_variables      (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
JsonNode      *tq_mutation_function_context_get_variables_json (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
GVariant      *tq_mutation_function_context_get_mutation_key   (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
GVariant      *tq_mutation_function_context_get_meta           (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
TqMutation    *tq_mutation_function_context_get_mutation       (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
TqQueryClient *tq_mutation_function_context_get_client         (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
GCancellable  *tq_mutation_function_context_get_cancellable    (TqMutationFunctionContext *self);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_function_context_return_value       (TqMutationFunctionContext *self,
                                                                const GValue              *value);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_function_context_return_json        (TqMutationFunctionContext *self,
                                                                JsonNode                  *node);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_function_context_return_error       (TqMutationFunctionContext *self,
                                                                GError                    *error);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_function_context_return_new_error   (TqMutationFunctionContext *self,
                                                                GQuark                     domain,
                                                                int                        code,
                                                                const char                *format,
                                                                ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
