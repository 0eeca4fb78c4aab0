/* tq-mutation.h
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

#include "tq-mutation-options.h"
#include "tq-mutation-state.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION (tq_mutation_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutation, tq_mutation, TQ, MUTATION, GObject)

TQ_AVAILABLE_IN_ALL
guint              tq_mutation_get_mutation_id     (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
GVariant          *tq_mutation_get_mutation_key    (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_mutation_get_options         (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
TqMutationState   *tq_mutation_get_state           (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
TqQueryClient     *tq_mutation_get_client          (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
gint64             tq_mutation_get_gc_time         (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
guint              tq_mutation_get_observers_count (TqMutation          *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_execute_async       (TqMutation          *self,
                                                    const GValue        *variables,
                                                    GCancellable        *cancellable,
                                                    GAsyncReadyCallback  callback,
                                                    gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean           tq_mutation_execute_finish      (TqMutation          *self,
                                                    GAsyncResult        *result,
                                                    GValue              *data,
                                                    GError             **error);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_continue            (TqMutation          *self);

G_END_DECLS
