/* tq-mutation-cache-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-mutation-cache.h"
#include "tq-mutation-private.h"

G_BEGIN_DECLS

void        _tq_mutation_cache_set_env                 (TqMutationCache    *self,
                                                        TqEnv              *env);
TqEnv      *_tq_mutation_cache_get_env                 (TqMutationCache    *self);
TqMutation *_tq_mutation_cache_build                   (TqMutationCache    *self,
                                                        TqQueryClient      *client,
                                                        TqMutationOptions  *options,
                                                        TqMutationState    *state);
void        _tq_mutation_cache_notify_updated          (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        TqMutationAction    action);
void        _tq_mutation_cache_notify_observer         (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        TqMutationObserver *observer,
                                                        gboolean            added);
void        _tq_mutation_cache_notify_observer_options (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        TqMutationObserver *observer);
gboolean    _tq_mutation_cache_can_run                 (TqMutationCache    *self,
                                                        TqMutation         *mutation);
void        _tq_mutation_cache_run_next                (TqMutationCache    *self,
                                                        TqMutation         *mutation);
void        _tq_mutation_cache_status_changed          (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        TqMutationStatus    old_status,
                                                        TqMutationStatus    new_status);

/* The global hooks, function then signal, in TanStack's order (rule 49). */
gboolean    _tq_mutation_cache_run_on_mutate           (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        const GValue       *variables,
                                                        GError            **error);
gboolean    _tq_mutation_cache_run_on_success          (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        const GValue       *data,
                                                        const GValue       *variables,
                                                        const GValue       *context,
                                                        GError            **error);
void        _tq_mutation_cache_run_on_error            (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        const GError       *mutation_error,
                                                        const GValue       *variables,
                                                        const GValue       *context);
gboolean    _tq_mutation_cache_run_on_settled          (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        const GValue       *data,
                                                        const GError       *mutation_error,
                                                        const GValue       *variables,
                                                        const GValue       *context,
                                                        GError            **error);

TqPromise  *_tq_mutation_cache_resume_paused_mutations (TqMutationCache    *self);
/* The count of pending mutations, kept as they change, for the client's
 * is-mutating property.
 */
guint       _tq_mutation_cache_get_n_pending           (TqMutationCache    *self);
void        _tq_mutation_cache_set_pending_hook        (TqMutationCache    *self,
                                                        void              (*hook) (gpointer),
                                                        gpointer            data);
/* The client is going away: every mutation it knows is cancelled. */
void        _tq_mutation_cache_destroy                 (TqMutationCache    *self);

G_END_DECLS
