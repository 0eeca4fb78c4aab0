/* tq-mutation-state.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib-object.h>

#include "tq-enums.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_STATE (tq_mutation_state_get_type ())

TQ_AVAILABLE_IN_ALL
GType             tq_mutation_state_get_type           (void) G_GNUC_CONST;
TQ_AVAILABLE_IN_ALL
TqMutationState  *tq_mutation_state_new                (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqMutationState  *tq_mutation_state_ref                (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
void              tq_mutation_state_unref              (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
const GValue     *tq_mutation_state_get_context        (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
const GValue     *tq_mutation_state_get_data           (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
const GError     *tq_mutation_state_get_error          (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
guint             tq_mutation_state_get_failure_count  (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
const GError     *tq_mutation_state_get_failure_reason (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
gboolean          tq_mutation_state_get_is_paused      (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
TqMutationStatus  tq_mutation_state_get_status         (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
const GValue     *tq_mutation_state_get_variables      (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
gint64            tq_mutation_state_get_submitted_at   (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
gboolean          tq_mutation_state_is_idle            (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
gboolean          tq_mutation_state_is_pending         (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
gboolean          tq_mutation_state_is_success         (TqMutationState *self);
TQ_AVAILABLE_IN_ALL
gboolean          tq_mutation_state_is_error           (TqMutationState *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqMutationState, tq_mutation_state_unref)

G_END_DECLS
