/* tq-query-client.h
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
#include <json-glib/json-glib.h>

#include "tq-clock.h"
#include "tq-focus-manager.h"
#include "tq-mutation-cache.h"
#include "tq-mutation-filters.h"
#include "tq-mutation-options.h"
#include "tq-notify-manager.h"
#include "tq-online-manager.h"
#include "tq-query-cache.h"
#include "tq-query-filters.h"
#include "tq-query-options.h"
#include "tq-query-state.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_QUERY_CLIENT (tq_query_client_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqQueryClient, tq_query_client, TQ, QUERY_CLIENT, GObject)

/**
 * TqUpdaterFunc:
 * @old_data: the data held so far, or an unset value
 * @new_data: (out caller-allocates): an unset value for the new data; leave
 *   it unset to change nothing
 * @user_data: the data given with the function
 *
 * Computes new data from the old: the updater form of
 * [method@Tq.QueryClient.set_query_data_func] (rule 46).
 */
typedef void (*TqUpdaterFunc) (const GValue *old_data,
                               GValue       *new_data,
                               gpointer      user_data);

TQ_AVAILABLE_IN_ALL
TqQueryClient   *tq_query_client_new                        (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryCache    *tq_query_client_get_query_cache            (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
TqClock         *tq_query_client_get_clock                  (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
TqNotifyManager *tq_query_client_get_notify_manager         (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
TqFocusManager  *tq_query_client_get_focus_manager          (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
TqOnlineManager *tq_query_client_get_online_manager         (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_mount                      (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_unmount                    (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_is_mounted                 (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
guint            tq_query_client_is_fetching                (TqQueryClient       *self,
                                                             TqQueryFilters      *filters);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_get_query_data             (TqQueryClient       *self,
                                                             GVariant            *query_key,
                                                             GValue              *data);
TQ_AVAILABLE_IN_ALL
JsonNode        *tq_query_client_get_query_json             (TqQueryClient       *self,
                                                             GVariant            *query_key);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_get_queries_data           (TqQueryClient       *self,
                                                             TqQueryFilters      *filters,
                                                             GPtrArray          **keys,
                                                             GPtrArray          **data);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_set_query_data             (TqQueryClient       *self,
                                                             GVariant            *query_key,
                                                             const GValue        *data,
                                                             gint64               updated_at_ms);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_set_query_json             (TqQueryClient       *self,
                                                             GVariant            *query_key,
                                                             JsonNode            *data);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_set_query_data_func        (TqQueryClient       *self,
                                                             GVariant            *query_key,
                                                             TqUpdaterFunc        updater,
                                                             gpointer             user_data,
                                                             gint64               updated_at_ms);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_set_queries_data           (TqQueryClient       *self,
                                                             TqQueryFilters      *filters,
                                                             TqUpdaterFunc        updater,
                                                             gpointer             user_data,
                                                             gint64               updated_at_ms);
TQ_AVAILABLE_IN_ALL
TqQueryState    *tq_query_client_get_query_state            (TqQueryClient       *self,
                                                             GVariant            *query_key);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_remove_queries             (TqQueryClient       *self,
                                                             TqQueryFilters      *filters);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_reset_queries_async        (TqQueryClient       *self,
                                                             TqQueryFilters      *filters,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_reset_queries_finish       (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_cancel_queries_async       (TqQueryClient       *self,
                                                             TqQueryFilters      *filters,
                                                             gboolean             revert,
                                                             gboolean             silent,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_cancel_queries_finish      (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_invalidate_queries_async   (TqQueryClient       *self,
                                                             TqQueryFilters      *filters,
                                                             gboolean             cancel_refetch,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_invalidate_queries_finish  (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_refetch_queries_async      (TqQueryClient       *self,
                                                             TqQueryFilters      *filters,
                                                             gboolean             cancel_refetch,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_refetch_queries_finish     (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_query_async                (TqQueryClient       *self,
                                                             TqQueryOptions      *options,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_query_finish               (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GValue              *data,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_fetch_query_async          (TqQueryClient       *self,
                                                             TqQueryOptions      *options,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_fetch_query_finish         (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GValue              *data,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_prefetch_query_async       (TqQueryClient       *self,
                                                             TqQueryOptions      *options,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_prefetch_query_finish      (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_ensure_query_data_async    (TqQueryClient       *self,
                                                             TqQueryOptions      *options,
                                                             gboolean             revalidate_if_stale,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_ensure_query_data_finish   (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GValue              *data,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_infinite_query_async       (TqQueryClient       *self,
                                                             TqQueryOptions      *options,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_infinite_query_finish      (TqQueryClient       *self,
                                                             GAsyncResult        *result,
                                                             GValue              *data,
                                                             GError             **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_fetch_infinite_query_async (TqQueryClient       *self,
                                                             TqQueryOptions      *options,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_fetch_infinite_query_finish (TqQueryClient      *self,
                                                              GAsyncResult       *result,
                                                              GValue             *data,
                                                              GError            **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_prefetch_infinite_query_async (TqQueryClient    *self,
                                                                TqQueryOptions   *options,
                                                                GCancellable     *cancellable,
                                                                GAsyncReadyCallback callback,
                                                                gpointer          user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_prefetch_infinite_query_finish (TqQueryClient   *self,
                                                                 GAsyncResult    *result,
                                                                 GError         **error);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_ensure_infinite_query_data_async (TqQueryClient       *self,
                                                                   TqQueryOptions      *options,
                                                                   gboolean             revalidate_if_stale,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean         tq_query_client_ensure_infinite_query_data_finish (TqQueryClient       *self,
                                                                    GAsyncResult        *result,
                                                                    GValue              *data,
                                                                    GError             **error);
TQ_AVAILABLE_IN_ALL
TqQueryOptions  *tq_query_client_get_default_query_options  (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_set_default_query_options  (TqQueryClient       *self,
                                                             TqQueryOptions      *options);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_set_query_defaults         (TqQueryClient       *self,
                                                             GVariant            *query_key,
                                                             TqQueryOptions      *options);
TQ_AVAILABLE_IN_ALL
TqQueryOptions  *tq_query_client_get_query_defaults         (TqQueryClient       *self,
                                                             GVariant            *query_key);
TQ_AVAILABLE_IN_ALL
TqQueryOptions  *tq_query_client_default_query_options      (TqQueryClient       *self,
                                                             TqQueryOptions      *options);
TQ_AVAILABLE_IN_ALL
void             tq_query_client_clear                      (TqQueryClient       *self);

/* Mutations */

TQ_AVAILABLE_IN_ALL
TqMutationCache   *tq_query_client_get_mutation_cache             (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
guint              tq_query_client_is_mutating                    (TqQueryClient       *self,
                                                                   TqMutationFilters   *filters);
TQ_AVAILABLE_IN_ALL
void               tq_query_client_resume_paused_mutations_async  (TqQueryClient       *self,
                                                                   GCancellable        *cancellable,
                                                                   GAsyncReadyCallback  callback,
                                                                   gpointer             user_data);
TQ_AVAILABLE_IN_ALL
gboolean           tq_query_client_resume_paused_mutations_finish (TqQueryClient       *self,
                                                                   GAsyncResult        *result,
                                                                   GError             **error);
TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_query_client_get_default_mutation_options   (TqQueryClient       *self);
TQ_AVAILABLE_IN_ALL
void               tq_query_client_set_default_mutation_options   (TqQueryClient       *self,
                                                                   TqMutationOptions   *options);
TQ_AVAILABLE_IN_ALL
void               tq_query_client_set_mutation_defaults          (TqQueryClient       *self,
                                                                   GVariant            *mutation_key,
                                                                   TqMutationOptions   *options);
TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_query_client_get_mutation_defaults          (TqQueryClient       *self,
                                                                   GVariant            *mutation_key);
TQ_AVAILABLE_IN_ALL
TqMutationOptions *tq_query_client_default_mutation_options       (TqQueryClient       *self,
                                                                   TqMutationOptions   *options);

G_END_DECLS
