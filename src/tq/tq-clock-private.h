/* tq-clock-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-clock.h"

G_BEGIN_DECLS

/* Delays above this (about 290,000 years) behave as TQ_TIME_INFINITE, so
 * that no arithmetic on deadlines (or their microseconds) can overflow.
 */
#define TQ_TIMEOUT_MAX_MS (G_MAXINT64 / 1000 / 1000)

typedef void (*TqTimerFunc) (gpointer data);

/* A timer embedded in the object that owns it: queries and mutations carry
 * one for gc, observers for staleness and intervals, so that arming one
 * allocates nothing. The clock keeps armed timers in a binary heap.
 */
typedef struct _TqTimer
{
  gint64       deadline;   /* on the clock's monotonic scale, ms */
  guint64      seq;        /* arming order, so equal deadlines fire FIFO */
  guint        heap_index; /* 1-based position in the heap, 0 when idle */
  TqTimerFunc  func;
  gpointer     data;
} TqTimer;

static inline void
_tq_timer_init (TqTimer     *timer,
                TqTimerFunc  func,
                gpointer     data)
{
  timer->deadline = 0;
  timer->seq = 0;
  timer->heap_index = 0;
  timer->func = func;
  timer->data = data;
}

static inline gboolean
_tq_timer_is_armed (const TqTimer *timer)
{
  return timer->heap_index != 0;
}

void     _tq_clock_arm           (TqClock *self,
                                  TqTimer *timer,
                                  gint64   delay_ms);
void     _tq_clock_disarm        (TqClock *self,
                                  TqTimer *timer);
gint64   _tq_clock_get_monotonic (TqClock *self);
gboolean _tq_clock_fire_due      (TqClock *self,
                                  gint64   now);
gboolean _tq_clock_fire_next     (TqClock *self,
                                  gint64   now);

G_END_DECLS
