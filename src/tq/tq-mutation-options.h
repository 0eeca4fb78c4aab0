/* tq-mutation-options.h
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
#include "tq-query-filters.h"
#include "tq-query-options.h"
#include "tq-mutation-callback-context.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_OPTIONS (tq_mutation_options_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutationOptions, tq_mutation_options, TQ, MUTATION_OPTIONS, GObject)

/**
 * TqMutationFunc:
 * @context: the call's context: variables, key, meta and cancellable
 * @user_data: the data given with the function
 *
 * A mutation function: TanStack's `mutationFn`. It starts the write that
 * `context`'s variables describe and completes, at once or later, with
 * [method@Tq.MutationFunctionContext.return_value] (or one of its variants)
 * or [method@Tq.MutationFunctionContext.return_error]. Asynchronous work
 * should pass [method@Tq.MutationFunctionContext.get_cancellable] to the GIO
 * calls it makes.
 */
typedef void     (*TqMutationFunc)         (TqMutationFunctionContext *context,
                                            gpointer                   user_data);

/**
 * TqOnMutateFunc:
 * @mutation: the mutation that starts
 * @variables: (nullable): its variables, %NULL for none
 * @context: (out caller-allocates): an unset value; set it to what
 *   `on-error` and `on-settled` should receive, typically a snapshot of the
 *   data the mutation changes optimistically
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * TanStack's `onMutate`, called before the mutation function (rule 49). Its
 * context becomes the mutation's [method@Tq.MutationState.get_context]. The
 * mutation awaits it: the function starts on a later main-loop iteration.
 * For work that completes later, such as cancelling queries and waiting
 * for them, use [method@Tq.MutationOptions.set_on_mutate_async_func].
 *
 * On failure the mutation function never runs and the mutation takes the
 * error path with @error (rule 50). The cache-level hook of
 * [method@Tq.MutationCache.set_on_mutate_func] runs first and its @context
 * is ignored.
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
typedef gboolean (*TqOnMutateFunc)         (TqMutation                *mutation,
                                            const GValue              *variables,
                                            GValue                    *context,
                                            gpointer                   user_data,
                                            GError                   **error);

/**
 * TqOnSuccessFunc:
 * @mutation: the mutation
 * @data: (nullable): what the mutation function returned, %NULL for nothing
 * @variables: (nullable): the variables
 * @context: (nullable): the context from `on-mutate`
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * TanStack's `onSuccess`. The mutation is still pending while it runs
 * (rule 49). A failure sends the mutation down the error path with @error
 * (rule 50).
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
typedef gboolean (*TqOnSuccessFunc)        (TqMutation                *mutation,
                                            const GValue              *data,
                                            const GValue              *variables,
                                            const GValue              *context,
                                            gpointer                   user_data,
                                            GError                   **error);

/**
 * TqOnErrorFunc:
 * @mutation: the mutation
 * @mutation_error: why the mutation failed
 * @variables: (nullable): the variables
 * @context: (nullable): the context from `on-mutate`: where to roll back to
 * @user_data: the data given with the function
 * @error: return location for an error of the callback itself
 *
 * TanStack's `onError`. A failure of this callback is logged at debug level
 * (the `Tq` log domain) and otherwise ignored (rule 50).
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
typedef gboolean (*TqOnErrorFunc)          (TqMutation                *mutation,
                                            const GError              *mutation_error,
                                            const GValue              *variables,
                                            const GValue              *context,
                                            gpointer                   user_data,
                                            GError                   **error);

/**
 * TqOnSettledFunc:
 * @mutation: the mutation
 * @data: (nullable): what the mutation function returned, %NULL on failure
 * @mutation_error: (nullable): why the mutation failed, %NULL on success
 * @variables: (nullable): the variables
 * @context: (nullable): the context from `on-mutate`
 * @user_data: the data given with the function
 * @error: return location for an error of the callback itself
 *
 * TanStack's `onSettled`, called after `on-success` or `on-error`. On the
 * success path a failure sends the mutation down the error path (where this
 * callback runs again); on the error path it is logged at debug level and
 * ignored (rule 50).
 *
 * Returns: %TRUE, or %FALSE with @error set
 */
typedef gboolean (*TqOnSettledFunc)        (TqMutation                *mutation,
                                            const GValue              *data,
                                            const GError              *mutation_error,
                                            const GValue              *variables,
                                            const GValue              *context,
                                            gpointer                   user_data,
                                            GError                   **error);

/**
 * TqOptimisticUpdateFunc:
 * @data: the query's data: its confirmed data with the layers of earlier
 *   mutations applied
 * @variables: (nullable): the mutation's variables
 * @result: (out caller-allocates): an unset value for the data with this
 *   mutation's change; leave it unset to change nothing
 * @user_data: the data given with the function
 *
 * An optimistic transformation: what a mutation does to a query's data,
 * applied while the mutation is pending (see
 * [method@Tq.MutationOptions.add_optimistic_update]). It must be a pure
 * function of @data and @variables, since it is applied again whenever the
 * data under it changes, and it must return data of @data's type.
 */
typedef void     (*TqOptimisticUpdateFunc) (const GValue              *data,
                                            const GValue              *variables,
                                            GValue                    *result,
                                            gpointer                   user_data);

/**
 * TqUpdateFromResultFunc:
 * @data: (nullable): the query's confirmed data (without optimistic
 *   layers), %NULL if it has none
 * @result: (nullable): what the mutation function returned
 * @variables: (nullable): the mutation's variables
 * @new_data: (out caller-allocates): an unset value for the new confirmed
 *   data; leave it unset to change nothing
 * @user_data: the data given with the function
 *
 * Writes a mutation's result into a query's data when the mutation
 * succeeds, as TanStack's recipe does with `setQueryData` in `onSuccess`
 * (see [method@Tq.MutationOptions.add_update_from_result]).
 */
typedef void     (*TqUpdateFromResultFunc) (const GValue              *data,
                                            const GValue              *result,
                                            const GValue              *variables,
                                            GValue                    *new_data,
                                            gpointer                   user_data);

/**
 * TqOptimisticQueryUpdateFunc:
 * @query_key: the key of the query whose data this changes
 * @data: the query's data: its confirmed data with the layers of earlier
 *   mutations applied
 * @variables: (nullable): the mutation's variables
 * @result: (out caller-allocates): an unset value for the data with this
 *   mutation's change; leave it unset to change nothing
 * @user_data: the data given with the function
 *
 * An optimistic transformation that also receives the key of the query it
 * changes, for changes that depend on which query it is: a new item goes
 * into the filtered lists whose filter it passes, and into no other (see
 * [method@Tq.MutationOptions.add_optimistic_query_update]). Like a
 * [callback@Tq.OptimisticUpdateFunc], it must be a pure function of its
 * arguments and return data of @data's type.
 */
typedef void     (*TqOptimisticQueryUpdateFunc) (GVariant              *query_key,
                                                 const GValue          *data,
                                                 const GValue          *variables,
                                                 GValue                *result,
                                                 gpointer               user_data);

/**
 * TqQueryUpdateFromResultFunc:
 * @query_key: the key of the query to update
 * @data: (nullable): the query's confirmed data (without optimistic
 *   layers), %NULL if it has none
 * @result: (nullable): what the mutation function returned
 * @variables: (nullable): the mutation's variables
 * @new_data: (out caller-allocates): an unset value for the new confirmed
 *   data; leave it unset to change nothing
 * @user_data: the data given with the function
 *
 * A [callback@Tq.UpdateFromResultFunc] that also receives the key of the
 * query it updates (see
 * [method@Tq.MutationOptions.add_query_update_from_result]).
 */
typedef void     (*TqQueryUpdateFromResultFunc) (GVariant              *query_key,
                                                 const GValue          *data,
                                                 const GValue          *result,
                                                 const GValue          *variables,
                                                 GValue                *new_data,
                                                 gpointer               user_data);

TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_mutation_options_new                   (GVariant               *mutation_key) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_mutation_options_copy                  (TqMutationOptions      *self) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_mutation_options_merge                 (TqMutationOptions      *self,
                                                              TqMutationOptions      *overlay) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
gboolean           tq_mutation_options_is_set                (TqMutationOptions      *self,
                                                              const char             *name);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_unset                 (TqMutationOptions      *self,
                                                              const char             *name);
TQ_AVAILABLE_IN_ALL
GVariant          *tq_mutation_options_get_mutation_key      (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_mutation_key      (TqMutationOptions      *self,
                                                              GVariant               *mutation_key);
TQ_AVAILABLE_IN_ALL
const char        *tq_mutation_options_get_mutation_hash     (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_mutation_func     (TqMutationOptions      *self,
                                                              TqMutationFunc          func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_mutate_func    (TqMutationOptions      *self,
                                                              TqOnMutateFunc          func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_success_func   (TqMutationOptions      *self,
                                                              TqOnSuccessFunc         func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_error_func     (TqMutationOptions      *self,
                                                              TqOnErrorFunc           func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_settled_func   (TqMutationOptions      *self,
                                                              TqOnSettledFunc         func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_mutate_async_func  (TqMutationOptions      *self,
                                                                  TqMutationCallbackFunc  func,
                                                                  gpointer                user_data,
                                                                  GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_success_async_func (TqMutationOptions      *self,
                                                                  TqMutationCallbackFunc  func,
                                                                  gpointer                user_data,
                                                                  GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_error_async_func   (TqMutationOptions      *self,
                                                                  TqMutationCallbackFunc  func,
                                                                  gpointer                user_data,
                                                                  GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_on_settled_async_func (TqMutationOptions      *self,
                                                                  TqMutationCallbackFunc  func,
                                                                  gpointer                user_data,
                                                                  GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
int                tq_mutation_options_get_retry             (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_retry             (TqMutationOptions      *self,
                                                              int                     retry);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_retry_func        (TqMutationOptions      *self,
                                                              TqRetryFunc             func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
gint64             tq_mutation_options_get_retry_delay       (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_retry_delay       (TqMutationOptions      *self,
                                                              gint64                  retry_delay_ms);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_retry_delay_func  (TqMutationOptions      *self,
                                                              TqRetryDelayFunc        func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
TqNetworkMode      tq_mutation_options_get_network_mode      (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_network_mode      (TqMutationOptions      *self,
                                                              TqNetworkMode           network_mode);
TQ_AVAILABLE_IN_ALL
gint64             tq_mutation_options_get_gc_time           (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_gc_time           (TqMutationOptions      *self,
                                                              gint64                  gc_time_ms);
TQ_AVAILABLE_IN_ALL
GVariant          *tq_mutation_options_get_meta              (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_meta              (TqMutationOptions      *self,
                                                              GVariant               *meta);
TQ_AVAILABLE_IN_ALL
const char        *tq_mutation_options_get_scope_id          (TqMutationOptions      *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_set_scope_id          (TqMutationOptions      *self,
                                                              const char             *scope_id);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_add_optimistic_update (TqMutationOptions      *self,
                                                              TqQueryFilters         *filters,
                                                              TqOptimisticUpdateFunc  func,
                                                              gpointer                user_data,
                                                              GDestroyNotify          destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_add_update_from_result (TqMutationOptions     *self,
                                                               TqQueryFilters        *filters,
                                                               TqUpdateFromResultFunc func,
                                                               gpointer               user_data,
                                                               GDestroyNotify         destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_add_optimistic_query_update (TqMutationOptions           *self,
                                                                    TqQueryFilters              *filters,
                                                                    TqOptimisticQueryUpdateFunc  func,
                                                                    gpointer                     user_data,
                                                                    GDestroyNotify               destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_add_query_update_from_result (TqMutationOptions          *self,
                                                                     TqQueryFilters             *filters,
                                                                     TqQueryUpdateFromResultFunc func,
                                                                     gpointer                    user_data,
                                                                     GDestroyNotify              destroy);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_options_add_invalidates       (TqMutationOptions      *self,
                                                              TqQueryFilters         *filters);

G_END_DECLS
