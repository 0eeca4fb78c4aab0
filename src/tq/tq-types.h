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

typedef struct _TqClock         TqClock;
typedef struct _TqVirtualClock  TqVirtualClock;
typedef struct _TqNotifyManager TqNotifyManager;

G_END_DECLS
