/* tq-query-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-clock-private.h"
#include "tq-focus-manager.h"
#include "tq-key-private.h"
#include "tq-notify-manager.h"
#include "tq-online-manager.h"
#include "tq-promise-private.h"
#include "tq-query.h"
#include "tq-query-function-context-private.h"
#include "tq-query-options-private.h"
#include "tq-query-state-private.h"
#include "tq-removable-private.h"
#include "tq-retryer-private.h"

G_BEGIN_DECLS

/* Everything a query needs from its client, held by reference so that a
 * fetch still in flight when the client goes away completes safely.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  GMainContext    *main_context;
  TqClock         *clock;
  TqNotifyManager *notify_manager;
  TqFocusManager  *focus_manager;
  TqOnlineManager *online_manager;
} TqEnv;

TqEnv *_tq_env_new   (TqClock         *clock,
                      TqNotifyManager *notify_manager,
                      TqFocusManager  *focus_manager,
                      TqOnlineManager *online_manager);
TqEnv *_tq_env_ref   (TqEnv *env);
void   _tq_env_unref (TqEnv *env);

/* One fetch of a query: its retryer, cancellable and the promise its
 * callers hold. Infinite queries replace how an attempt runs through
 * TqQueryBehavior.
 */
typedef struct _TqQueryFetch TqQueryFetch;

typedef struct
{
  /* Runs one attempt; it must end with _tq_query_fetch_attempt_done(). */
  void (*run_attempt) (TqQuery      *query,
                       TqQueryFetch *fetch,
                       guint         attempt,
                       gpointer      behavior_data);
} TqQueryBehavior;

struct _TqQueryFetch
{
  gatomicrefcount  ref_count;
  TqQuery         *query;
  TqRetryer       *retryer;
  GCancellable    *cancellable;
  TqPromise       *promise;
  TqQueryOptions  *options;          /* the query's, when the fetch started */
  TqFetchDirection direction;
  TqQueryState    *revert_state;   /* where a cancel with revert goes back to */
  gpointer         behavior_data;
  GDestroyNotify   behavior_data_destroy;
};

TqQuery        *_tq_query_new                (TqQueryCache    *cache,
                                              TqEnv           *env,
                                              GVariant        *key,
                                              TqKeyCanon      *canon,
                                              TqQueryOptions  *options,
                                              TqQueryOptions  *default_options,
                                              TqQueryState    *state);
GVariant       *_tq_query_get_key            (TqQuery         *self);
const char     *_tq_query_get_hash           (TqQuery         *self);
TqKeyCanon     *_tq_query_get_canon          (TqQuery         *self);
TqQueryOptions *_tq_query_get_options        (TqQuery         *self);
TqQueryState   *_tq_query_get_state          (TqQuery         *self);
TqEnv          *_tq_query_get_env            (TqQuery         *self);
/* @last_ref: the caller holds the last reference and is about to drop it */
void            _tq_query_detach_cache       (TqQuery         *self,
                                              gboolean         last_ref);
void            _tq_query_clear_gc           (TqQuery         *self);
/* The cache the query's events go to, even once removed from it */
TqQueryCache   *_tq_query_get_events_cache   (TqQuery         *self);
void            _tq_query_forget_cache       (TqQuery         *self);
void            _tq_query_set_options        (TqQuery         *self,
                                              TqQueryOptions  *options);
void            _tq_query_set_state          (TqQuery         *self,
                                              TqQueryState    *state);
void            _tq_query_set_data           (TqQuery         *self,
                                              const GValue    *data,
                                              gboolean         has_updated_at,
                                              gint64           updated_at,
                                              gboolean         manual);
TqPromise      *_tq_query_fetch              (TqQuery         *self,
                                              TqQueryOptions  *options,
                                              gboolean         cancel_refetch,
                                              TqFetchDirection direction);
TqPromise      *_tq_query_cancel             (TqQuery         *self,
                                              gboolean         revert,
                                              gboolean         silent);
void            _tq_query_destroy            (TqQuery         *self);
void            _tq_query_on_focus           (TqQuery         *self);
void            _tq_query_on_online          (TqQuery         *self);
void            _tq_query_add_observer       (TqQuery         *self,
                                              TqQueryObserver *observer);
void            _tq_query_remove_observer    (TqQuery         *self,
                                              TqQueryObserver *observer);
/* The observer attached last, or NULL */
TqQueryObserver *_tq_query_get_last_observer (TqQuery         *self);
void            _tq_query_set_behavior       (TqQuery               *self,
                                              const TqQueryBehavior *behavior,
                                              gpointer               behavior_data);
gboolean        _tq_query_is_infinite        (TqQuery         *self);
/* The query function took the cancellable (rule 33). */
void            _tq_query_set_abort_signal_consumed (TqQuery    *self);

/* For behaviors: run the query function once for @fetch, with a page. */
void            _tq_query_fetch_call_query_fn (TqQueryFetch        *fetch,
                                               const GValue        *page_param,
                                               TqFetchDirection     direction,
                                               TqQueryFunctionDone  done,
                                               gpointer             user_data,
                                               GDestroyNotify       destroy);
void            _tq_query_fetch_attempt_done  (TqQueryFetch *fetch,
                                               guint         attempt,
                                               const GValue *value,
                                               const GError *error);
TqQueryFetch   *_tq_query_fetch_ref           (TqQueryFetch *fetch);
void            _tq_query_fetch_unref         (TqQueryFetch *fetch);

/* Optimistic layers of mutations (see tq-optimistic-private.h). */
const GValue   *_tq_query_get_base_data              (TqQuery       *self);
guint           _tq_query_get_optimistic_layer_count (TqQuery       *self);
void            _tq_query_add_optimistic_layer       (TqQuery       *self,
                                                      guint          mutation_id,
                                                      TqCallback    *func,
                                                      const GValue  *variables);
void            _tq_query_remove_optimistic_layer    (TqQuery       *self,
                                                      guint          mutation_id);
void            _tq_query_succeed_optimistic_layer   (TqQuery       *self,
                                                      guint          mutation_id);
void            _tq_query_commit_optimistic_layer    (TqQuery       *self,
                                                      guint          mutation_id,
                                                      const GValue  *data);

/* Cache index bookkeeping, owned by TqQueryCache. */
typedef struct
{
  guint64  seq;        /* insertion order */
  TqQuery *node_prev;  /* in the list of queries of the key index node
                        * of their key's prefix (found from the key) */
  TqQuery *node_next;
  TqQuery *all_prev;   /* in the cache's list of all queries */
  TqQuery *all_next;
} TqQueryIndexEntry;

TqQueryIndexEntry *_tq_query_get_index_entry (TqQuery *self);

G_END_DECLS
