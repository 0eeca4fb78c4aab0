/* tq-clock.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-clock-private.h"

/**
 * TqClock:
 *
 * The clock through which every "now" and every timer of Tq goes: the
 * `timeoutManager` of TanStack Query, on the GLib main loop.
 *
 * Staleness, garbage collection, retry delays and refetch intervals all read
 * [method@Tq.Clock.get_now] and arm their timers on a clock, never on
 * `g_timeout_add()`. The clock keeps every armed timer in one heap and wakes
 * its [struct@GLib.MainContext] with a single source for the earliest one, so
 * that a hundred thousand cached queries cost one source, not a hundred
 * thousand.
 *
 * A clock belongs to the [struct@GLib.MainContext] that was thread-default
 * when it was made; it is not thread-safe.
 *
 * Tests replace it with a [class@Tq.VirtualClock], whose time only moves
 * when the test says so: give one to a query client, or make one the default
 * with [method@Tq.Clock.set_default] before anything else is made.
 *
 * Times are milliseconds: [method@Tq.Clock.get_now] is wall-clock time since
 * the Unix epoch (what `data-updated-at` holds); delays are durations.
 */

typedef struct
{
  GMainContext *context;
  GPtrArray    *heap;          /* TqTimer*, a binary min-heap */
  guint64       next_seq;
  GHashTable   *timeouts;      /* id → PublicTimeout* */
  guint         next_id;
  GSource      *source;        /* the real clock's wake-up source */
  gint64        ready_time;    /* last ready time given to @source, µs */
} TqClockPrivate;

typedef struct
{
  TqTimer         timer;
  TqClock        *clock;
  guint           id;
  gint64          interval;
  GSourceFunc     function;
  gpointer        user_data;
  GDestroyNotify  notify;
  guint           dispatching : 1;
  guint           removed : 1;
} PublicTimeout;

typedef struct
{
  GSource  source;
  TqClock *clock;
} ClockSource;

G_DEFINE_TYPE_WITH_PRIVATE (TqClock, tq_clock, G_TYPE_OBJECT)

static TqClock *default_clock;

static inline gboolean
timer_before (const TqTimer *a,
              const TqTimer *b)
{
  return a->deadline < b->deadline || (a->deadline == b->deadline && a->seq < b->seq);
}

static inline void
heap_set (GPtrArray *heap,
          guint      index,
          TqTimer   *timer)
{
  heap->pdata[index] = timer;
  timer->heap_index = index + 1;
}

static void
sift_up (GPtrArray *heap,
         guint      index)
{
  TqTimer *timer = heap->pdata[index];

  while (index > 0)
    {
      guint parent = (index - 1) / 2;
      TqTimer *p = heap->pdata[parent];

      if (!timer_before (timer, p))
        break;
      heap_set (heap, index, p);
      index = parent;
    }

  heap_set (heap, index, timer);
}

static void
sift_down (GPtrArray *heap,
           guint      index)
{
  TqTimer *timer = heap->pdata[index];
  guint len = heap->len;

  for (;;)
    {
      guint left = 2 * index + 1;
      guint right = left + 1;
      guint smallest = index;
      TqTimer *s = timer;

      if (left < len && timer_before (heap->pdata[left], s))
        {
          smallest = left;
          s = heap->pdata[left];
        }
      if (right < len && timer_before (heap->pdata[right], s))
        {
          smallest = right;
          s = heap->pdata[right];
        }
      if (smallest == index)
        break;
      heap_set (heap, index, s);
      index = smallest;
    }

  heap_set (heap, index, timer);
}

static void
heap_remove (GPtrArray *heap,
             TqTimer   *timer)
{
  guint index = timer->heap_index - 1;
  TqTimer *last = g_ptr_array_steal_index_fast (heap, heap->len - 1);

  timer->heap_index = 0;

  if (last == timer)
    return;

  heap_set (heap, index, last);
  if (index > 0 && timer_before (last, heap->pdata[(index - 1) / 2]))
    sift_up (heap, index);
  else
    sift_down (heap, index);
}

static void
timers_changed (TqClock *self)
{
  TQ_CLOCK_GET_CLASS (self)->timers_changed (self);
}

static gboolean
clock_source_dispatch (GSource     *source,
                       GSourceFunc  callback,
                       gpointer     user_data)
{
  TqClock *self = ((ClockSource *) source)->clock;

  g_object_ref (self);
  _tq_clock_fire_due (self, _tq_clock_get_monotonic (self));
  g_object_unref (self);

  return G_SOURCE_CONTINUE;
}

static GSourceFuncs clock_source_funcs = {
  .dispatch = clock_source_dispatch,
};

static gint64
tq_clock_real_get_now (TqClock *self)
{
  return g_get_real_time () / 1000;
}

static gint64
tq_clock_real_get_monotonic (TqClock *self)
{
  return g_get_monotonic_time () / 1000;
}

/* Timers count from here: a timer armed part-way into a millisecond would
 * otherwise fire up to 1 ms before its delay ran out (setTimeout() and
 * g_timeout_add() are never early).
 */
static gint64
tq_clock_real_get_monotonic_ceil (TqClock *self)
{
  return (g_get_monotonic_time () + 999) / 1000;
}

static void
tq_clock_real_timers_changed (TqClock *self)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  gint64 ready_time;

  if (priv->heap->len == 0)
    ready_time = -1;
  else
    ready_time = ((TqTimer *) priv->heap->pdata[0])->deadline * 1000;

  /* Arming a later timer leaves the earliest alone: skip the context wake-up. */
  if (ready_time == priv->ready_time)
    return;

  if (priv->source == NULL)
    {
      priv->source = g_source_new (&clock_source_funcs, sizeof (ClockSource));
      ((ClockSource *) priv->source)->clock = self;
      g_source_set_static_name (priv->source, "[tq] clock");
      g_source_attach (priv->source, priv->context);
    }

  priv->ready_time = ready_time;
  g_source_set_ready_time (priv->source, ready_time);
}

static void
public_timeout_free (PublicTimeout *timeout)
{
  if (timeout->notify != NULL)
    timeout->notify (timeout->user_data);
  g_free (timeout);
}

static void
tq_clock_dispose (GObject *object)
{
  TqClock *self = (TqClock *)object;
  TqClockPrivate *priv = tq_clock_get_instance_private (self);

  if (priv->source != NULL)
    {
      g_source_destroy (priv->source);
      g_clear_pointer (&priv->source, g_source_unref);
    }

  /* Timers embedded in other objects hold a reference on the clock through
   * their owners, so only the public ones can still be armed here.
   */
  if (priv->timeouts != NULL)
    {
      GHashTableIter iter;
      PublicTimeout *timeout;

      g_hash_table_iter_init (&iter, priv->timeouts);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &timeout))
        {
          if (_tq_timer_is_armed (&timeout->timer))
            heap_remove (priv->heap, &timeout->timer);
          g_hash_table_iter_remove (&iter);
          if (!timeout->dispatching)
            public_timeout_free (timeout);
          else
            timeout->removed = TRUE;
        }
    }

  G_OBJECT_CLASS (tq_clock_parent_class)->dispose (object);
}

static void
tq_clock_finalize (GObject *object)
{
  TqClock *self = (TqClock *)object;
  TqClockPrivate *priv = tq_clock_get_instance_private (self);

  for (guint i = 0; i < priv->heap->len; i++)
    ((TqTimer *) priv->heap->pdata[i])->heap_index = 0;
  g_clear_pointer (&priv->heap, g_ptr_array_unref);
  g_clear_pointer (&priv->timeouts, g_hash_table_unref);
  g_clear_pointer (&priv->context, g_main_context_unref);

  G_OBJECT_CLASS (tq_clock_parent_class)->finalize (object);
}

static void
tq_clock_class_init (TqClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tq_clock_dispose;
  object_class->finalize = tq_clock_finalize;

  klass->get_now = tq_clock_real_get_now;
  klass->get_monotonic = tq_clock_real_get_monotonic;
  klass->get_monotonic_ceil = tq_clock_real_get_monotonic_ceil;
  klass->timers_changed = tq_clock_real_timers_changed;
}

static void
tq_clock_init (TqClock *self)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);

  priv->context = g_main_context_ref_thread_default ();
  priv->heap = g_ptr_array_new ();
  priv->next_id = 1;
  priv->ready_time = -1;
}

/**
 * tq_clock_new:
 *
 * Creates a clock on real time, whose timers fire from the thread-default
 * main context.
 *
 * Returns: (transfer full): a new clock
 */
TqClock *
tq_clock_new (void)
{
  return g_object_new (TQ_TYPE_CLOCK, NULL);
}

/**
 * tq_clock_get_default:
 *
 * Gets the process-wide default clock, which objects use when they are not
 * given one. It is a real clock made on first use, unless
 * [method@Tq.Clock.set_default] installed another.
 *
 * Returns: (transfer none): the default clock
 */
TqClock *
tq_clock_get_default (void)
{
  if (default_clock == NULL)
    default_clock = tq_clock_new ();

  return default_clock;
}

/**
 * tq_clock_set_default:
 * @clock: (nullable): a clock, or %NULL to go back to a real clock
 *
 * Replaces the default clock, typically with a [class@Tq.VirtualClock] in a
 * test. Objects keep the clock they were made with, so do this before making
 * a query client.
 */
void
tq_clock_set_default (TqClock *clock)
{
  g_return_if_fail (clock == NULL || TQ_IS_CLOCK (clock));

  g_set_object (&default_clock, clock);
}

/**
 * tq_clock_get_context:
 * @self: a clock
 *
 * Gets the main context from which the clock's timers fire.
 *
 * Returns: (transfer none): the main context
 */
GMainContext *
tq_clock_get_context (TqClock *self)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);

  g_return_val_if_fail (TQ_IS_CLOCK (self), NULL);

  return priv->context;
}

/**
 * tq_clock_get_now:
 * @self: a clock
 *
 * Reads the time: milliseconds since the Unix epoch on a real clock, the
 * virtual time on a [class@Tq.VirtualClock].
 *
 * Returns: the current time, in milliseconds
 */
gint64
tq_clock_get_now (TqClock *self)
{
  g_return_val_if_fail (TQ_IS_CLOCK (self), 0);

  return TQ_CLOCK_GET_CLASS (self)->get_now (self);
}

gint64
_tq_clock_get_monotonic (TqClock *self)
{
  return TQ_CLOCK_GET_CLASS (self)->get_monotonic (self);
}

void
_tq_clock_arm (TqClock *self,
               TqTimer *timer,
               gint64   delay_ms)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  gboolean was_first;

  if (_tq_timer_is_armed (timer))
    _tq_clock_disarm (self, timer);

  if (delay_ms > TQ_TIMEOUT_MAX_MS)
    return;

  /* A timer without delay is due now, not at the next whole millisecond */
  if (delay_ms > 0 && TQ_CLOCK_GET_CLASS (self)->get_monotonic_ceil != NULL)
    timer->deadline = TQ_CLOCK_GET_CLASS (self)->get_monotonic_ceil (self) + delay_ms;
  else
    timer->deadline = _tq_clock_get_monotonic (self) + MAX (delay_ms, 0);
  timer->seq = priv->next_seq++;

  g_ptr_array_add (priv->heap, timer);
  sift_up (priv->heap, priv->heap->len - 1);

  was_first = priv->heap->pdata[0] == timer;
  if (was_first)
    timers_changed (self);
}

void
_tq_clock_disarm (TqClock *self,
                  TqTimer *timer)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  gboolean was_first;

  if (!_tq_timer_is_armed (timer))
    return;

  was_first = priv->heap->pdata[0] == timer;
  heap_remove (priv->heap, timer);
  if (was_first)
    timers_changed (self);
}

static gboolean
fire_first_due (TqClock *self,
                gint64   now,
                guint64  seq_limit)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  TqTimer *first;

  if (priv->heap->len == 0)
    return FALSE;

  first = priv->heap->pdata[0];
  if (first->deadline > now || first->seq >= seq_limit)
    return FALSE;

  heap_remove (priv->heap, first);
  first->func (first->data);

  return TRUE;
}

/* Fires, in deadline order, every timer due at @now that was armed before
 * this call; one armed from a callback waits for the next round, as a
 * zero-delay setTimeout() would.
 */
gboolean
_tq_clock_fire_due (TqClock *self,
                    gint64   now)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  guint64 seq_limit = priv->next_seq;
  gboolean fired = FALSE;

  while (fire_first_due (self, now, seq_limit))
    fired = TRUE;

  timers_changed (self);

  return fired;
}

/* Fires the earliest timer if it is due at @now. */
gboolean
_tq_clock_fire_next (TqClock *self,
                     gint64   now)
{
  gboolean fired = fire_first_due (self, now, G_MAXUINT64);

  timers_changed (self);

  return fired;
}

static void
public_timeout_fire (gpointer data)
{
  PublicTimeout *timeout = data;
  TqClock *self = timeout->clock;
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  gboolean again;

  timeout->dispatching = TRUE;
  again = timeout->function (timeout->user_data);
  timeout->dispatching = FALSE;

  if (timeout->removed)
    {
      public_timeout_free (timeout);
      return;
    }

  if (again)
    {
      _tq_clock_arm (self, &timeout->timer, timeout->interval);
      return;
    }

  g_hash_table_remove (priv->timeouts, GUINT_TO_POINTER (timeout->id));
  public_timeout_free (timeout);
}

/**
 * tq_clock_add_timeout:
 * @self: a clock
 * @delay_ms: the delay, in milliseconds
 * @function: (scope notified) (closure user_data): the function to call
 * @user_data: data for @function
 *
 * Calls @function once @delay_ms milliseconds have passed on the clock, and
 * again every @delay_ms milliseconds for as long as it returns
 * %G_SOURCE_CONTINUE. Timers due at the same time fire in the order they were
 * added.
 *
 * A negative delay is taken as 0. %TQ_TIME_INFINITE, and any delay too large
 * to ever come (beyond about 290,000 years), arms nothing: the timer is
 * registered but never fires, so large values cannot overflow into an early
 * call as they do with JavaScript timers.
 *
 * Returns: the timer's id (never 0), for [method@Tq.Clock.remove]
 */
guint
tq_clock_add_timeout (TqClock     *self,
                      gint64       delay_ms,
                      GSourceFunc  function,
                      gpointer     user_data)
{
  return tq_clock_add_timeout_full (self, delay_ms, function, user_data, NULL);
}

/**
 * tq_clock_add_timeout_full: (rename-to tq_clock_add_timeout)
 * @self: a clock
 * @delay_ms: the delay, in milliseconds
 * @function: (scope notified) (closure user_data) (destroy notify): the
 *   function to call
 * @user_data: data for @function
 * @notify: (nullable): called with @user_data when the timer is removed
 *
 * Like [method@Tq.Clock.add_timeout], with a function to free @user_data
 * once the timer is gone.
 *
 * Returns: the timer's id (never 0), for [method@Tq.Clock.remove]
 */
guint
tq_clock_add_timeout_full (TqClock        *self,
                           gint64          delay_ms,
                           GSourceFunc     function,
                           gpointer        user_data,
                           GDestroyNotify  notify)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  PublicTimeout *timeout;

  g_return_val_if_fail (TQ_IS_CLOCK (self), 0);
  g_return_val_if_fail (function != NULL, 0);

  if (priv->timeouts == NULL)
    priv->timeouts = g_hash_table_new (NULL, NULL);

  timeout = g_new0 (PublicTimeout, 1);
  _tq_timer_init (&timeout->timer, public_timeout_fire, timeout);
  timeout->clock = self;
  timeout->interval = MAX (delay_ms, 0);
  timeout->function = function;
  timeout->user_data = user_data;
  timeout->notify = notify;

  do
    timeout->id = priv->next_id++;
  while (timeout->id == 0 || g_hash_table_contains (priv->timeouts, GUINT_TO_POINTER (timeout->id)));

  g_hash_table_insert (priv->timeouts, GUINT_TO_POINTER (timeout->id), timeout);
  _tq_clock_arm (self, &timeout->timer, delay_ms);

  return timeout->id;
}

/**
 * tq_clock_remove:
 * @self: a clock
 * @timeout_id: an id from [method@Tq.Clock.add_timeout]
 *
 * Removes a timer before it fires (or between two firings). The timer's
 * destroy notify, if any, is called.
 *
 * Returns: %TRUE if the timer existed
 */
gboolean
tq_clock_remove (TqClock *self,
                 guint    timeout_id)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);
  PublicTimeout *timeout;

  g_return_val_if_fail (TQ_IS_CLOCK (self), FALSE);

  if (priv->timeouts == NULL ||
      !g_hash_table_steal_extended (priv->timeouts, GUINT_TO_POINTER (timeout_id),
                                    NULL, (gpointer *) &timeout))
    return FALSE;

  _tq_clock_disarm (self, &timeout->timer);

  if (timeout->dispatching)
    timeout->removed = TRUE;
  else
    public_timeout_free (timeout);

  return TRUE;
}

/**
 * tq_clock_get_n_pending:
 * @self: a clock
 *
 * Counts the timers that are armed on the clock, Tq's own included (gc,
 * staleness, retries, intervals). Tests use it to check that nothing is left
 * running.
 *
 * Returns: the number of armed timers
 */
guint
tq_clock_get_n_pending (TqClock *self)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);

  g_return_val_if_fail (TQ_IS_CLOCK (self), 0);

  return priv->heap->len;
}

/**
 * tq_clock_get_next_deadline:
 * @self: a clock
 *
 * Gets the time until the earliest armed timer fires.
 *
 * Returns: the delay in milliseconds (0 if a timer is due), or -1 if no
 *   timer is armed
 */
gint64
tq_clock_get_next_deadline (TqClock *self)
{
  TqClockPrivate *priv = tq_clock_get_instance_private (self);

  g_return_val_if_fail (TQ_IS_CLOCK (self), -1);

  if (priv->heap->len == 0)
    return -1;

  return MAX (0, ((TqTimer *) priv->heap->pdata[0])->deadline - _tq_clock_get_monotonic (self));
}
