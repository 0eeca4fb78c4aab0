/* tq-mutation-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-mutation.h"
#include "tq-mutation-options-private.h"
#include "tq-mutation-state-private.h"
#include "tq-promise-private.h"
#include "tq-query-private.h"

G_BEGIN_DECLS

/* Mutation cache bookkeeping, owned by TqMutationCache. */
typedef struct
{
  GList    link;      /* in the cache's list of all mutations */
  guint    in_cache : 1;
} TqMutationCacheEntry;

TqMutation           *_tq_mutation_new               (TqQueryClient      *client,
                                                      TqMutationCache    *cache,
                                                      TqEnv              *env,
                                                      guint               mutation_id,
                                                      TqMutationOptions  *options,
                                                      TqMutationState    *state);
TqMutationCacheEntry *_tq_mutation_get_cache_entry   (TqMutation         *self);
const char           *_tq_mutation_get_hash          (TqMutation         *self);
GVariant             *_tq_mutation_get_key           (TqMutation         *self);
TqMutationState      *_tq_mutation_get_state         (TqMutation         *self);
const char           *_tq_mutation_get_scope_id      (TqMutation         *self);
void                  _tq_mutation_set_options       (TqMutation         *self,
                                                      TqMutationOptions  *options);
void                  _tq_mutation_set_owner         (TqMutation         *self,
                                                      TqMutationObserver *owner);
TqPromise            *_tq_mutation_execute           (TqMutation         *self,
                                                      const GValue       *variables);
TqPromise            *_tq_mutation_continue          (TqMutation         *self);
void                  _tq_mutation_add_observer      (TqMutation         *self,
                                                      TqMutationObserver *observer);
gboolean              _tq_mutation_is_gc_scheduled   (TqMutation         *self);
void                  _tq_mutation_remove_observer   (TqMutation         *self,
                                                      TqMutationObserver *observer,
                                                      gboolean            only_attached);
/* The client is going away: cancel, without callbacks. */
void                  _tq_mutation_destroy           (TqMutation         *self);

G_END_DECLS

G_BEGIN_DECLS

/* Checks what a failable callback reported: TRUE with no error, or FALSE
 * with one. Anything else is a programming error, reported with a critical
 * and turned into the nearest sensible outcome.
 */
gboolean _tq_mutation_check_hook (const char  *what,
                                  gboolean     ok,
                                  GError     **error);
/* Logs the failure of a callback of the error path, which TanStack reports
 * asynchronously and otherwise ignores (rule 50).
 */
void     _tq_mutation_report_hook_error (TqMutation   *self,
                                         const char   *what,
                                         const GError *error);

G_END_DECLS
