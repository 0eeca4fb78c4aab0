/* tq-virtual-clock.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-clock-private.h"
#include "tq-virtual-clock.h"

/* A main context that keeps dispatching this many times in one drain is
 * spinning on something that re-arms itself at once: stop and say so
 * rather than hang the test.
 */
#define MAX_DRAIN_ITERATIONS 1000000

/**
 * TqVirtualClock:
 *
 * A [class@Tq.Clock] whose time moves only when it is told to: the fake
 * timers of Tq's tests, and of yours.
 *
 * [method@Tq.VirtualClock.advance] moves the time forward and fires every
 * timer that falls due on the way, in time order, with the time set to each
 * timer's deadline as it fires. Between timers, and before and after, it
 * drains the clock's main context: everything that is ready (query function
 * results delivered from idle callbacks, notification batches of the
 * [class@Tq.NotifyManager]) runs before time moves on. A test of a 5-minute
 * `gc-time` thus takes microseconds and never depends on the machine's
 * speed.
 *
 * ```c
 * g_autoptr(TqVirtualClock) clock = tq_virtual_clock_new (0);
 *
 * tq_clock_set_default (TQ_CLOCK (clock));
 * // ... make a client, subscribe an observer ...
 * tq_virtual_clock_advance (clock, 1000);   // the first retry fires at 1000 ms
 * ```
 *
 * Real time never enters: [method@Tq.Clock.get_now] returns the virtual
 * time, which starts where [ctor@Tq.VirtualClock.new] says.
 */

struct _TqVirtualClock
{
  TqClock parent_instance;

  gint64  now;
};

G_DEFINE_FINAL_TYPE (TqVirtualClock, tq_virtual_clock, TQ_TYPE_CLOCK)

static gint64
tq_virtual_clock_get_now (TqClock *clock)
{
  return TQ_VIRTUAL_CLOCK (clock)->now;
}

static void
tq_virtual_clock_timers_changed (TqClock *clock)
{
  /* Nothing to wake: virtual timers fire from advance() only. */
}

static void
tq_virtual_clock_class_init (TqVirtualClockClass *klass)
{
  TqClockClass *clock_class = TQ_CLOCK_CLASS (klass);

  clock_class->get_now = tq_virtual_clock_get_now;
  clock_class->get_monotonic = tq_virtual_clock_get_now;
  clock_class->get_monotonic_ceil = NULL;  /* whole milliseconds already */
  clock_class->timers_changed = tq_virtual_clock_timers_changed;
}

static void
tq_virtual_clock_init (TqVirtualClock *self)
{
}

/**
 * tq_virtual_clock_new:
 * @start_ms: the time the clock starts at, in milliseconds (0 makes times
 *   in a test read as offsets from its start)
 *
 * Creates a virtual clock on the thread-default main context.
 *
 * Returns: (transfer full): a new virtual clock
 */
TqVirtualClock *
tq_virtual_clock_new (gint64 start_ms)
{
  TqVirtualClock *self = g_object_new (TQ_TYPE_VIRTUAL_CLOCK, NULL);

  self->now = start_ms;

  return self;
}

static void
drain (TqVirtualClock *self)
{
  GMainContext *context = tq_clock_get_context (TQ_CLOCK (self));

  for (guint i = 0; g_main_context_iteration (context, FALSE); i++)
    {
      if (i == MAX_DRAIN_ITERATIONS)
        {
          g_critical ("%s: the main context is still busy after %u dispatches; "
                      "a source re-arms itself at once", G_STRFUNC, i);
          break;
        }
    }
}

/**
 * tq_virtual_clock_flush:
 * @self: a virtual clock
 *
 * Runs everything that is ready without moving time: drains the main context
 * and fires the timers that are due now. The same as advancing by 0 ms.
 */
void
tq_virtual_clock_flush (TqVirtualClock *self)
{
  tq_virtual_clock_advance (self, 0);
}

/**
 * tq_virtual_clock_advance:
 * @self: a virtual clock
 * @ms: how far to move time, in milliseconds (not negative)
 *
 * Moves time forward by @ms milliseconds. Every timer due on the way fires
 * in order of its deadline (timers with the same deadline in the order they
 * were armed), with the clock reading that deadline; the main context is
 * drained before the first timer, after each one, and at the end, so that
 * work a timer starts completes before time moves on. Timers armed during
 * the advance fire too if they fall due within it.
 */
void
tq_virtual_clock_advance (TqVirtualClock *self,
                          gint64          ms)
{
  gint64 target;

  g_return_if_fail (TQ_IS_VIRTUAL_CLOCK (self));
  g_return_if_fail (ms >= 0);

  g_object_ref (self);

  target = self->now + ms;
  drain (self);

  for (;;)
    {
      gint64 next = tq_clock_get_next_deadline (TQ_CLOCK (self));

      if (next < 0 || self->now + next > target)
        break;

      self->now += next;
      /* One timer at a time, so each one's follow-up work runs before the next. */
      _tq_clock_fire_next (TQ_CLOCK (self), self->now);
      drain (self);
    }

  self->now = target;
  drain (self);

  g_object_unref (self);
}

/**
 * tq_virtual_clock_run_all:
 * @self: a virtual clock
 * @limit_ms: how far time may move at most, in milliseconds
 *
 * Advances until no timer is armed, or until @limit_ms milliseconds have
 * passed (interval timers never run out): the `runAllTimers()` of fake
 * timers.
 *
 * Returns: how far time moved, in milliseconds
 */
gint64
tq_virtual_clock_run_all (TqVirtualClock *self,
                          gint64          limit_ms)
{
  gint64 start;

  g_return_val_if_fail (TQ_IS_VIRTUAL_CLOCK (self), 0);
  g_return_val_if_fail (limit_ms >= 0, 0);

  start = self->now;
  drain (self);

  for (;;)
    {
      gint64 next = tq_clock_get_next_deadline (TQ_CLOCK (self));

      if (next < 0 || self->now + next - start > limit_ms)
        break;

      tq_virtual_clock_advance (self, next);
    }

  return self->now - start;
}
