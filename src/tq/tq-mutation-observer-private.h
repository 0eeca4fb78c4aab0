/* tq-mutation-observer-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-mutation-observer.h"

G_BEGIN_DECLS

void _tq_mutation_observer_on_mutation_update (TqMutationObserver *self,
                                               TqMutation         *mutation,
                                               TqMutationAction    action);

/* The observer's signals, for the mutations it started (rule 49's slot of
 * the per-mutation callbacks).
 */
void _tq_mutation_observer_emit_mutate        (TqMutationObserver *self,
                                               TqMutation         *mutation,
                                               const GValue       *variables,
                                               GValue             *context);
void _tq_mutation_observer_emit_success       (TqMutationObserver *self,
                                               TqMutation         *mutation,
                                               const GValue       *data,
                                               const GValue       *variables,
                                               const GValue       *context);
void _tq_mutation_observer_emit_error         (TqMutationObserver *self,
                                               TqMutation         *mutation,
                                               const GError       *error,
                                               const GValue       *variables,
                                               const GValue       *context);
void _tq_mutation_observer_emit_settled       (TqMutationObserver *self,
                                               TqMutation         *mutation,
                                               const GValue       *data,
                                               const GError       *error,
                                               const GValue       *variables,
                                               const GValue       *context);

G_END_DECLS
