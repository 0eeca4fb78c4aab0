/* test-removable.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <tq.h>

#include "tq-removable-private.h"

typedef struct
{
  TqRemovable removable;
  TqClock    *clock;       /* unowned: the test holds it */
  gint64      removed_at;
  guint       removals;
} Owner;

static void
optional_remove (gpointer data)
{
  Owner *owner = data;

  owner->removals++;
  owner->removed_at = tq_clock_get_now (owner->clock);
}

static void
owner_init (Owner   *owner,
            TqClock *clock)
{
  owner->clock = clock;
  owner->removed_at = -1;
  owner->removals = 0;
  _tq_removable_init (&owner->removable, optional_remove, owner);
}

/* gc-time defaults to 5 minutes and keeps the largest value seen (rule 36,
 * B06a: 100 then 200 then 10 gives 200).
 */
static void
test_largest_gc_time (void)
{
  g_autoptr(TqVirtualClock) clock = tq_virtual_clock_new (0);
  Owner owner;

  owner_init (&owner, TQ_CLOCK (clock));
  g_assert_cmpint (_tq_removable_get_gc_time (&owner.removable), ==, TQ_DEFAULT_GC_TIME);

  _tq_removable_update_gc_time (&owner.removable, 100);
  g_assert_cmpint (_tq_removable_get_gc_time (&owner.removable), ==, 100);
  _tq_removable_update_gc_time (&owner.removable, 200);
  _tq_removable_update_gc_time (&owner.removable, 10);
  g_assert_cmpint (_tq_removable_get_gc_time (&owner.removable), ==, 200);

  /* Unset means the default, which is larger */
  _tq_removable_update_gc_time (&owner.removable, TQ_GC_TIME_UNSET);
  g_assert_cmpint (_tq_removable_get_gc_time (&owner.removable), ==, TQ_DEFAULT_GC_TIME);
  /* A negative value is ignored */
  _tq_removable_update_gc_time (&owner.removable, -5);
  g_assert_cmpint (_tq_removable_get_gc_time (&owner.removable), ==, TQ_DEFAULT_GC_TIME);
}

static void
test_schedule (void)
{
  g_autoptr(TqVirtualClock) clock = tq_virtual_clock_new (0);
  Owner owner;

  owner_init (&owner, TQ_CLOCK (clock));
  _tq_removable_update_gc_time (&owner.removable, 100);
  _tq_removable_schedule_gc (&owner.removable, owner.clock);
  g_assert_true (_tq_removable_is_scheduled (&owner.removable));

  tq_virtual_clock_advance (clock, 99);
  g_assert_cmpuint (owner.removals, ==, 0);
  tq_virtual_clock_advance (clock, 1);
  g_assert_cmpuint (owner.removals, ==, 1);
  g_assert_cmpint (owner.removed_at, ==, 100);
  g_assert_false (_tq_removable_is_scheduled (&owner.removable));

  /* Scheduling again restarts the count from now */
  _tq_removable_schedule_gc (&owner.removable, owner.clock);
  tq_virtual_clock_advance (clock, 50);
  _tq_removable_schedule_gc (&owner.removable, owner.clock);
  tq_virtual_clock_advance (clock, 99);
  g_assert_cmpuint (owner.removals, ==, 1);
  tq_virtual_clock_advance (clock, 1);
  g_assert_cmpuint (owner.removals, ==, 2);
  g_assert_cmpint (owner.removed_at, ==, 250);

  /* Clearing stops it */
  _tq_removable_schedule_gc (&owner.removable, owner.clock);
  _tq_removable_clear_gc (&owner.removable, owner.clock);
  tq_virtual_clock_advance (clock, 1000);
  g_assert_cmpuint (owner.removals, ==, 2);
  g_assert_cmpuint (tq_clock_get_n_pending (TQ_CLOCK (clock)), ==, 0);
}

/* The default five minutes, on the virtual clock, in microseconds */
static void
test_default_five_minutes (void)
{
  g_autoptr(TqVirtualClock) clock = tq_virtual_clock_new (0);
  Owner owner;

  owner_init (&owner, TQ_CLOCK (clock));
  _tq_removable_update_gc_time (&owner.removable, TQ_GC_TIME_UNSET);
  _tq_removable_schedule_gc (&owner.removable, owner.clock);
  tq_virtual_clock_advance (clock, 5 * 60 * 1000 - 1);
  g_assert_cmpuint (owner.removals, ==, 0);
  tq_virtual_clock_advance (clock, 1);
  g_assert_cmpuint (owner.removals, ==, 1);
}

/* Infinity, and values too large for any timer, arm nothing: they cannot
 * overflow into an early removal as in TanStack issues #1646 and #10264.
 */
static void
test_infinite_and_huge (void)
{
  g_autoptr(TqVirtualClock) clock = tq_virtual_clock_new (0);
  const gint64 values[] = { TQ_TIME_INFINITE, G_MAXINT64 - 1, (gint64) 1 << 60, TQ_TIMEOUT_MAX_MS };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      Owner owner;

      owner_init (&owner, TQ_CLOCK (clock));
      _tq_removable_update_gc_time (&owner.removable, values[i]);
      _tq_removable_schedule_gc (&owner.removable, owner.clock);
      g_assert_false (_tq_removable_is_scheduled (&owner.removable));
      tq_virtual_clock_advance (clock, G_MAXUINT32);
      g_assert_cmpuint (owner.removals, ==, 0);
    }

  /* A value beyond the 32-bit range of g_timeout_add() but within ours
   * still fires, on time.
   */
  {
    Owner owner;
    gint64 start = tq_clock_get_now (TQ_CLOCK (clock));
    gint64 big = (gint64) G_MAXUINT32 * 3;

    owner_init (&owner, TQ_CLOCK (clock));
    _tq_removable_update_gc_time (&owner.removable, big);
    _tq_removable_schedule_gc (&owner.removable, owner.clock);
    tq_virtual_clock_advance (clock, big - 1);
    g_assert_cmpuint (owner.removals, ==, 0);
    tq_virtual_clock_advance (clock, 1);
    g_assert_cmpuint (owner.removals, ==, 1);
    g_assert_cmpint (owner.removed_at, ==, start + big);
  }
}

/* gc-time 0 removes on the next turn, not synchronously */
static void
test_zero (void)
{
  g_autoptr(TqVirtualClock) clock = tq_virtual_clock_new (0);
  Owner owner;

  owner_init (&owner, TQ_CLOCK (clock));
  _tq_removable_update_gc_time (&owner.removable, 0);
  _tq_removable_schedule_gc (&owner.removable, owner.clock);
  g_assert_cmpuint (owner.removals, ==, 0);
  tq_virtual_clock_flush (clock);
  g_assert_cmpuint (owner.removals, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Tq/Removable/largest-gc-time", test_largest_gc_time);
  g_test_add_func ("/Tq/Removable/schedule", test_schedule);
  g_test_add_func ("/Tq/Removable/default-five-minutes", test_default_five_minutes);
  g_test_add_func ("/Tq/Removable/infinite-and-huge", test_infinite_and_huge);
  g_test_add_func ("/Tq/Removable/zero", test_zero);

  return g_test_run ();
}
