/* tq-mutation-cache.h
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
#include "tq-mutation-filters.h"
#include "tq-mutation-options.h"
#include "tq-mutation-callback-context.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_CACHE (tq_mutation_cache_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutationCache, tq_mutation_cache, TQ, MUTATION_CACHE, GObject)

TQ_AVAILABLE_IN_ALL
TqMutationCache *tq_mutation_cache_new                          (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqMutation      *tq_mutation_cache_build                        (TqMutationCache     *self,
                                                                 TqQueryClient       *client,
                                                                 TqMutationOptions   *options);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_remove                       (TqMutationCache     *self,
                                                                 TqMutation          *mutation);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_clear                        (TqMutationCache     *self);
TQ_AVAILABLE_IN_ALL
GPtrArray       *tq_mutation_cache_get_all                      (TqMutationCache     *self);
TQ_AVAILABLE_IN_ALL
guint            tq_mutation_cache_get_size                     (TqMutationCache     *self);
TQ_AVAILABLE_IN_ALL
TqMutation      *tq_mutation_cache_find                         (TqMutationCache     *self,
                                                                 TqMutationFilters   *filters);
TQ_AVAILABLE_IN_ALL
GPtrArray       *tq_mutation_cache_find_all                     (TqMutationCache     *self,
                                                                 TqMutationFilters   *filters);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_resume_paused_mutations_async  (TqMutationCache     *self,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_mutation_cache_resume_paused_mutations_finish (TqMutationCache     *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_mutate_func           (TqMutationCache     *self,
                                                                 TqOnMutateFunc       func,
                                                                 gpointer             user_data,
                                                                 GDestroyNotify       destroy);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_success_func          (TqMutationCache     *self,
                                                                 TqOnSuccessFunc      func,
                                                                 gpointer             user_data,
                                                                 GDestroyNotify       destroy);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_error_func            (TqMutationCache     *self,
                                                                 TqOnErrorFunc        func,
                                                                 gpointer             user_data,
                                                                 GDestroyNotify       destroy);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_settled_func          (TqMutationCache     *self,
                                                                 TqOnSettledFunc      func,
                                                                 gpointer             user_data,
                                                                 GDestroyNotify       destroy);

TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_mutate_async_func  (TqMutationCache        *self,
                                                              TqMutationCallbackFunc  func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_success_async_func (TqMutationCache        *self,
                                                              TqMutationCallbackFunc  func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_error_async_func   (TqMutationCache        *self,
                                                              TqMutationCallbackFunc  func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void             tq_mutation_cache_set_on_settled_async_func (TqMutationCache        *self,
                                                              TqMutationCallbackFunc  func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);

G_END_DECLS
