/* tq-removable-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-clock-private.h"

G_BEGIN_DECLS

/* TanStack's Removable: the garbage-collection timer that queries and
 * mutations embed (rules 36–38 of tanstack-query-core.md).
 *
 * The owner passes the same clock to every call and keeps it alive (it
 * has one anyway: holding it here too would cost every query and mutation
 * a pointer). gc_time is in milliseconds; TQ_TIME_INFINITE
 * (and anything beyond TQ_TIMEOUT_MAX_MS, or negative) arms no timer, so a
 * huge gc-time can never wrap around into an early removal.
 */
typedef struct
{
  TqTimer  timer;
  gint64   gc_time;   /* -1 until the first update */
} TqRemovable;

/* Passed to _tq_removable_update_gc_time() when the options give none. */
#define TQ_GC_TIME_UNSET G_MININT64

void     _tq_removable_init           (TqRemovable *self,
                                       TqTimerFunc  optional_remove,
                                       gpointer     owner);
void     _tq_removable_update_gc_time (TqRemovable *self,
                                       gint64       gc_time);
void     _tq_removable_schedule_gc    (TqRemovable *self,
                                       TqClock     *clock);
void     _tq_removable_clear_gc       (TqRemovable *self,
                                       TqClock     *clock);
gboolean _tq_removable_is_scheduled   (TqRemovable *self);

static inline gint64
_tq_removable_get_gc_time (TqRemovable *self)
{
  return self->gc_time < 0 ? TQ_DEFAULT_GC_TIME : self->gc_time;
}

G_END_DECLS
