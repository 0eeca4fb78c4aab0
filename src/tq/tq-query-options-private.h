/* tq-query-options-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-key-private.h"
#include "tq-query-options.h"

G_BEGIN_DECLS

typedef enum
{
  TQ_OPT_QUERY_KEY,
  TQ_OPT_QUERY_FN,
  TQ_OPT_ENABLED,
  TQ_OPT_STALE_TIME,
  TQ_OPT_GC_TIME,
  TQ_OPT_RETRY,
  TQ_OPT_RETRY_DELAY,
  TQ_OPT_NETWORK_MODE,
  TQ_OPT_REFETCH_INTERVAL,
  TQ_OPT_REFETCH_INTERVAL_IN_BACKGROUND,
  TQ_OPT_REFETCH_ON_MOUNT,
  TQ_OPT_REFETCH_ON_WINDOW_FOCUS,
  TQ_OPT_REFETCH_ON_RECONNECT,
  TQ_OPT_RETRY_ON_MOUNT,
  TQ_OPT_SELECT,
  TQ_OPT_PLACEHOLDER_DATA,
  TQ_OPT_INITIAL_DATA,
  TQ_OPT_INITIAL_DATA_UPDATED_AT,
  TQ_OPT_STRUCTURAL_SHARING,
  TQ_OPT_META,
  TQ_OPT_INITIAL_PAGE_PARAM,
  TQ_OPT_GET_NEXT_PAGE_PARAM,
  TQ_OPT_GET_PREVIOUS_PAGE_PARAM,
  TQ_OPT_MAX_PAGES,
  TQ_OPT_PAGES,
  TQ_OPT_NOTIFY_ON_CHANGE_PROPS,
  TQ_N_OPTS
} TqOpt;

typedef enum
{
  TQ_REFETCH_ON_MOUNT,
  TQ_REFETCH_ON_WINDOW_FOCUS,
  TQ_REFETCH_ON_RECONNECT,
} TqRefetchEvent;

struct _TqQueryOptions
{
  GObject        parent_instance;

  guint32        set;           /* 1 << TqOpt for each option given */
  guint32        serial;        /* changes whenever an option does */
  guint          defaulted : 1; /* merged with the client's defaults */
  guint          skip_token : 1;
  guint          enabled : 1;
  guint          refetch_interval_in_background : 1;
  guint          retry_on_mount : 1;
  guint          structural_sharing : 1;
  guint          infinite : 1;      /* TanStack's `_type: 'infinite'` */

  GVariant      *query_key;
  TqKeyCanon    *query_canon;   /* set with the key */
  char          *query_hash;    /* written when asked for */
  TqCallback    *query_fn;
  TqCallback    *enabled_fn;
  gint64         stale_time;
  TqCallback    *stale_time_fn;
  gint64         gc_time;
  int            retry;
  TqCallback    *retry_fn;
  gint64         retry_delay;
  TqCallback    *retry_delay_fn;
  TqNetworkMode  network_mode;
  gint64         refetch_interval;
  TqCallback    *refetch_interval_fn;
  TqRefetchMode  refetch_on[3];
  TqCallback    *refetch_on_fn[3];
  TqCallback    *retry_on_mount_fn;
  TqCallback    *select;
  GValue         placeholder_data;
  TqCallback    *placeholder_data_fn;
  GValue         initial_data;
  TqCallback    *initial_data_fn;
  gint64         initial_data_updated_at;
  TqCallback    *initial_data_updated_at_fn;
  TqCallback    *structural_sharing_fn;
  GVariant      *meta;
  GValue         initial_page_param;
  TqCallback    *get_next_page_param;
  TqCallback    *get_previous_page_param;
  guint          max_pages;
  guint          pages;
  GStrv          notify_on_change_props;  /* NULL: any change */
};

static inline gboolean
_tq_query_options_has (const TqQueryOptions *self,
                       TqOpt                 opt)
{
  return (self->set & (1u << opt)) != 0;
}

TqQueryOptions *_tq_query_options_new_empty       (void);
void            _tq_query_options_overlay         (TqQueryOptions *self,
                                                   TqQueryOptions *overlay);
gboolean        _tq_query_options_resolve_enabled (TqQueryOptions *self,
                                                   TqQuery        *query);
gint64          _tq_query_options_resolve_stale_time (TqQueryOptions *self,
                                                      TqQuery        *query);
gint64          _tq_query_options_resolve_refetch_interval (TqQueryOptions *self,
                                                            TqQuery        *query);
TqRefetchMode   _tq_query_options_resolve_refetch_on (TqQueryOptions *self,
                                                      TqRefetchEvent  event,
                                                      TqQuery        *query);
gboolean        _tq_query_options_resolve_retry_on_mount (TqQueryOptions *self,
                                                          TqQuery        *query);
gint64          _tq_query_options_get_gc_time_or_unset (TqQueryOptions *self);
void            _tq_query_options_get_initial_data (TqQueryOptions *self,
                                                    GValue         *data);
gboolean        _tq_query_options_get_initial_data_updated_at (TqQueryOptions *self,
                                                               gint64         *updated_at);
void            _tq_query_options_replace_data   (TqQueryOptions *self,
                                                  const GValue   *prev,
                                                  const GValue   *next,
                                                  GValue         *result);
gboolean        _tq_query_options_equal          (TqQueryOptions *a,
                                                  TqQueryOptions *b);
/* A copy marked infinite (or @self, referenced, if it is already). */
TqQueryOptions *_tq_query_options_dup_infinite   (TqQueryOptions *self);

G_END_DECLS
