/* tq-removable.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-removable-private.h"

void
_tq_removable_init (TqRemovable *self,
                    TqTimerFunc  optional_remove,
                    gpointer     owner)
{
  self->gc_time = -1;
  _tq_timer_init (&self->timer, optional_remove, owner);
}

/* A query keeps the largest gc-time it has seen (rule 36). */
void
_tq_removable_update_gc_time (TqRemovable *self,
                              gint64       gc_time)
{
  if (gc_time == TQ_GC_TIME_UNSET)
    gc_time = TQ_DEFAULT_GC_TIME;

  if (gc_time < 0)
    return;

  self->gc_time = MAX (self->gc_time, gc_time);
}

void
_tq_removable_schedule_gc (TqRemovable *self,
                           TqClock     *clock)
{
  gint64 gc_time = _tq_removable_get_gc_time (self);

  _tq_removable_clear_gc (self, clock);

  if (gc_time >= TQ_TIMEOUT_MAX_MS)
    return;

  _tq_clock_arm (clock, &self->timer, gc_time);
}

void
_tq_removable_clear_gc (TqRemovable *self,
                        TqClock     *clock)
{
  _tq_clock_disarm (clock, &self->timer);
}

gboolean
_tq_removable_is_scheduled (TqRemovable *self)
{
  return _tq_timer_is_armed (&self->timer);
}
