/* tq-mutation-cache-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-mutation-cache.h"
#include "tq-mutation-options-private.h"
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
void        _tq_mutation_cache_update_orphan           (TqMutationCache    *self,
                                                        TqMutation         *mutation);
void        _tq_mutation_cache_status_changed          (TqMutationCache    *self,
                                                        TqMutation         *mutation,
                                                        TqMutationStatus    old_status,
                                                        TqMutationStatus    new_status);

/* The global hooks: the callback of @hook, referenced, and whether it is
 * asynchronous; and its signal, emitted after the callback.
 */
TqCallback *_tq_mutation_cache_dup_hook                (TqMutationCache    *self,
                                                        TqMutationHook      hook,
                                                        gboolean           *is_async);
gboolean    _tq_mutation_cache_has_hook                (TqMutationCache    *self,
                                                        TqMutationHook      hook);
void        _tq_mutation_cache_emit_hook               (TqMutationCache    *self,
                                                        TqMutationHook      hook,
                                                        TqMutation         *mutation,
                                                        const GValue       *data,
                                                        const GError       *mutation_error,
                                                        const GValue       *variables,
                                                        const GValue       *context);

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
