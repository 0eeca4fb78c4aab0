/* tq-types.h
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

#include "tq-version-macros.h"

G_BEGIN_DECLS

/**
 * TQ_TIME_INFINITE:
 *
 * A duration in milliseconds that never ends: TanStack's `Infinity`, for
 * `gc-time`, `stale-time` and any other time option. No timer is armed for it.
 */
#define TQ_TIME_INFINITE G_MAXINT64

/**
 * TQ_DEFAULT_GC_TIME:
 *
 * The default `gc-time` of queries and mutations: 5 minutes, in milliseconds
 * (rule 36 of `tanstack-query-core.md`).
 */
#define TQ_DEFAULT_GC_TIME (5 * 60 * 1000)

/**
 * TQ_STALE_TIME_STATIC:
 *
 * The `stale-time` that never goes stale, not even by invalidation: TanStack's
 * `'static'` (rule 14). Only a direct fetch or refetch of such a query runs.
 */
#define TQ_STALE_TIME_STATIC ((gint64) -1)

/**
 * TQ_RETRY_FOREVER:
 *
 * The `retry` count that retries without end (TanStack's `retry: true`,
 * rule 25).
 */
#define TQ_RETRY_FOREVER (-1)

typedef struct _TqClock         TqClock;
typedef struct _TqFocusManager  TqFocusManager;
typedef struct _TqMutation      TqMutation;
typedef struct _TqMutationCache TqMutationCache;
typedef struct _TqMutationFilters TqMutationFilters;
typedef struct _TqMutationFunctionContext TqMutationFunctionContext;
typedef struct _TqMutationObserver TqMutationObserver;
typedef struct _TqMutationOptions TqMutationOptions;
typedef struct _TqMutationState TqMutationState;
typedef struct _TqOnlineManager TqOnlineManager;
typedef struct _TqQuery         TqQuery;
typedef struct _TqQueryCache    TqQueryCache;
typedef struct _TqQueryClient   TqQueryClient;
typedef struct _TqQueryFilters  TqQueryFilters;
typedef struct _TqQueryFunctionContext TqQueryFunctionContext;
typedef struct _TqQueryObserver TqQueryObserver;
typedef struct _TqQueryOptions  TqQueryOptions;
typedef struct _TqQueryResult   TqQueryResult;
typedef struct _TqQueryState    TqQueryState;
typedef struct _TqVirtualClock  TqVirtualClock;
typedef struct _TqNotifyManager TqNotifyManager;

G_END_DECLS
