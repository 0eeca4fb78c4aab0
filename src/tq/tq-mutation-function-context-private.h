/* tq-mutation-function-context-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-mutation-function-context.h"

G_BEGIN_DECLS

/* Receives the outcome of one call of a mutation function: @value may be
 * unset (a mutation may return nothing), @error is set on failure.
 */
typedef void (*TqMutationFunctionDone) (TqMutationFunctionContext *context,
                                        const GValue              *value,
                                        const GError              *error,
                                        gpointer                   user_data);

TqMutationFunctionContext *_tq_mutation_function_context_new    (TqMutation             *mutation,
                                                                 GMainContext           *main_context,
                                                                 GCancellable           *cancellable,
                                                                 const GValue           *variables,
                                                                 TqMutationFunctionDone  done,
                                                                 gpointer                user_data,
                                                                 GDestroyNotify          destroy);
void                       _tq_mutation_function_context_invoke (TqMutationFunctionContext *self,
                                                                 TqCallback                *mutation_fn);

G_END_DECLS
