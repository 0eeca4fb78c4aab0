/* tq-mutation-observer.h
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

#include "tq-mutation.h"
#include "tq-mutation-options.h"
#include "tq-mutation-state.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_OBSERVER (tq_mutation_observer_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutationObserver, tq_mutation_observer, TQ, MUTATION_OBSERVER, GObject)

/**
 * TqMutateCallback:
 * @observer: the observer
 * @mutation: the mutation that settled
 * @data: (nullable): what the mutation function returned, %NULL on failure
 *   or if it returned nothing
 * @error: (nullable): why it failed, %NULL on success
 * @user_data: the data given to [method@Tq.MutationObserver.mutate]
 *
 * The per-call callback of [method@Tq.MutationObserver.mutate]: TanStack's
 * `mutate (variables, {onSuccess, onError, onSettled})` in one function.
 * It runs after the mutation's own callbacks, once its state is final, and
 * only for the latest call while the observer is subscribed (rule 51).
 */
typedef void (*TqMutateCallback) (TqMutationObserver *observer,
                                  TqMutation         *mutation,
                                  const GValue       *data,
                                  const GError       *error,
                                  gpointer            user_data);

TQ_AVAILABLE_IN_ALL
TqMutationObserver *tq_mutation_observer_new            (TqQueryClient       *client,
                                                         TqMutationOptions   *options) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryClient      *tq_mutation_observer_get_client     (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
TqMutationOptions  *tq_mutation_observer_get_options    (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
void                tq_mutation_observer_set_options    (TqMutationObserver  *self,
                                                         TqMutationOptions   *options);
TQ_AVAILABLE_IN_ALL
TqMutation         *tq_mutation_observer_get_mutation   (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
TqMutationState    *tq_mutation_observer_get_state      (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
void                tq_mutation_observer_subscribe      (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
void                tq_mutation_observer_unsubscribe    (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
gboolean            tq_mutation_observer_is_subscribed  (TqMutationObserver  *self);
TQ_AVAILABLE_IN_ALL
void                tq_mutation_observer_mutate         (TqMutationObserver  *self,
                                                         const GValue        *variables,
                                                         TqMutateCallback     callback,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
TQ_AVAILABLE_IN_ALL
void                tq_mutation_observer_mutate_async   (TqMutationObserver  *self,
                                                         const GValue        *variables,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean            tq_mutation_observer_mutate_finish  (TqMutationObserver  *self,
                                                         GAsyncResult        *result,
                                                         GValue              *data,
                                                         GError             **error);
TQ_AVAILABLE_IN_ALL
void                tq_mutation_observer_reset          (TqMutationObserver  *self);

G_END_DECLS
