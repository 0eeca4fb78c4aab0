/* tq-mutation-callback-context.h
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

#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_CALLBACK_CONTEXT (tq_mutation_callback_context_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutationCallbackContext, tq_mutation_callback_context, TQ, MUTATION_CALLBACK_CONTEXT, GObject)

/**
 * TqMutationCallbackFunc:
 * @context: what the callback receives, and how it completes
 * @user_data: the data given with the function
 *
 * An asynchronous lifecycle callback of a mutation: TanStack's `onMutate`,
 * `onSuccess`, `onError` or `onSettled` returning a promise, which the
 * mutation awaits (rule 49). It completes exactly once, during the call or
 * later, with [method@Tq.MutationCallbackContext.return_value] or
 * [method@Tq.MutationCallbackContext.return_error].
 */
typedef void (*TqMutationCallbackFunc) (TqMutationCallbackContext *context,
                                        gpointer                   user_data);

TQ_AVAILABLE_IN_ALL
TqMutation    *tq_mutation_callback_context_get_mutation        (TqMutationCallbackContext *self);
TQ_AVAILABLE_IN_ALL
const GValue  *tq_mutation_callback_context_get_variables       (TqMutationCallbackContext *self);
TQ_AVAILABLE_IN_ALL
const GValue  *tq_mutation_callback_context_get_data            (TqMutationCallbackContext *self);
TQ_AVAILABLE_IN_ALL
const GError  *tq_mutation_callback_context_get_error           (TqMutationCallbackContext *self);
TQ_AVAILABLE_IN_ALL
const GValue  *tq_mutation_callback_context_get_on_mutate_result (TqMutationCallbackContext *self);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_callback_context_return_value        (TqMutationCallbackContext *self,
                                                                 const GValue              *value);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_callback_context_return_error        (TqMutationCallbackContext *self,
                                                                 GError                    *error);
TQ_AVAILABLE_IN_ALL
void           tq_mutation_callback_context_return_new_error    (TqMutationCallbackContext *self,
                                                                 GQuark                     domain,
                                                                 int                        code,
                                                                 const char                *format,
                                                                 ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
