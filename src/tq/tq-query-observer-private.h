/* tq-query-observer-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-promise-private.h"
#include "tq-query-observer.h"
#include "tq-query-options-private.h"
#include "tq-query-private.h"

G_BEGIN_DECLS

struct _TqQueryObserver
{
  GObject          parent_instance;

  TqQueryClient   *client;
  TqEnv           *env;
  TqQueryOptions  *options;

  TqQuery         *current_query;
  TqQueryState    *current_query_initial_state;
  TqQueryResult   *current_result;
  TqQueryState    *current_result_state;
  TqQueryOptions  *current_result_options;

  GError          *select_error;
  guint            select_error_serial;  /* new for each failed select run */
  TqCallback      *select_fn;
  GValue           select_result;
  TqQuery         *last_query_with_data;

  TqTimer          stale_timer;
  TqTimer          interval_timer;
  gint64           current_refetch_interval;

  guint            n_subscribers;
  GList            query_link;

  TqQueryResult   *notified_result;  /* what the properties last said */
  guint            notify_scheduled : 1;
  guint            disposed : 1;
  guint            constructed : 1;
  guint            notify_from_defaults : 1;  /* first result after construction */

  GType            object_type;
  GValue           data_object_source;
  GObject         *data_object;
};

struct _TqQueryObserverClass
{
  GObjectClass parent_class;

  /* Infinite observers make infinite queries (TanStack's `_type`). */
  gboolean     infinite;

  /* Completes a result that create_result() made for @query. */
  void       (*fill_result)   (TqQueryObserver *self,
                               TqQuery         *query,
                               TqQueryOptions  *options,
                               TqQueryResult   *result);
  /* Notifies the subclass's own result properties that differ, inside the
   * batched notification of the base class's.
   */
  void       (*notify_result) (TqQueryObserver *self,
                               TqQueryResult   *before,
                               TqQueryResult   *now);
};

gpointer        _tq_query_observer_new                  (GType            type,
                                                         TqQueryClient   *client,
                                                         TqQueryOptions  *options);
TqQueryOptions *_tq_query_observer_get_options          (TqQueryObserver *self);
void            _tq_query_observer_on_query_update      (TqQueryObserver *self);
gboolean        _tq_query_observer_is_enabled_for       (TqQueryObserver *self,
                                                         TqQuery         *query);
gint64          _tq_query_observer_resolve_stale_time   (TqQueryObserver *self,
                                                         TqQuery         *query);
gboolean        _tq_query_observer_result_is_stale      (TqQueryObserver *self);
gboolean        _tq_query_observer_should_fetch_on      (TqQueryObserver *self,
                                                         TqRefetchEvent   event);
void            _tq_query_observer_refetch_in_background (TqQueryObserver *self);
/* The observer's link in its query's list of observers; data is NULL while
 * it is not attached.
 */
GList          *_tq_query_observer_get_query_link (TqQueryObserver *self);
/* Fetches as refetch() does, in @direction; @then runs once it settled. */
void            _tq_query_observer_fetch                (TqQueryObserver  *self,
                                                         gboolean          cancel_refetch,
                                                         TqFetchDirection  direction,
                                                         TqPromiseFunc     then,
                                                         gpointer          then_data,
                                                         GDestroyNotify    then_destroy);
void            _tq_query_observer_update_result        (TqQueryObserver *self);

G_END_DECLS
