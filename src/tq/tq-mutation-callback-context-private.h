/* tq-mutation-callback-context-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-mutation-callback-context.h"

G_BEGIN_DECLS

/* Receives how one asynchronous callback completed: @value may be unset,
 * @error is set if it failed.
 */
typedef void (*TqMutationCallbackDone) (TqMutationCallbackContext *context,
                                        const GValue              *value,
                                        const GError              *error,
                                        gpointer                   user_data);

TqMutationCallbackContext *_tq_mutation_callback_context_new    (TqMutation             *mutation,
                                                                 const char             *what,
                                                                 const GValue           *variables,
                                                                 const GValue           *data,
                                                                 const GError           *error,
                                                                 const GValue           *on_mutate_result,
                                                                 TqMutationCallbackDone  done,
                                                                 gpointer                user_data,
                                                                 GDestroyNotify          destroy);
void                       _tq_mutation_callback_context_invoke (TqMutationCallbackContext *self,
                                                                 TqCallback                *func);

G_END_DECLS
