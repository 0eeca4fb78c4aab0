/* test-clock.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <tq.h>

#include "tq-clock-private.h"

typedef struct
{
  TqClock *clock;
  GString *log;
  guint    fired;
} Fixture;

typedef struct
{
  Fixture    *fixture;
  const char *name;
  int         repeat;   /* fire this many times, then stop */
} Entry;

static gboolean
log_entry (gpointer data)
{
  Entry *entry = data;

  g_string_append_printf (entry->fixture->log, "%s@%" G_GINT64_FORMAT " ",
                          entry->name, tq_clock_get_now (entry->fixture->clock));
  entry->fixture->fired++;

  return --entry->repeat > 0 ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->clock = TQ_CLOCK (tq_virtual_clock_new (0));
  f->log = g_string_new (NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->clock);
  g_string_free (f->log, TRUE);
}

#define ENTRY(f, n, r) (&(Entry) { (f), (n), (r) })

static void
test_order (Fixture       *f,
            gconstpointer  data)
{
  Entry *a = ENTRY (f, "a", 1);
  Entry *b = ENTRY (f, "b", 1);
  Entry *c = ENTRY (f, "c", 1);
  Entry *d = ENTRY (f, "d", 1);

  tq_clock_add_timeout (f->clock, 30, log_entry, a);
  tq_clock_add_timeout (f->clock, 10, log_entry, b);
  tq_clock_add_timeout (f->clock, 10, log_entry, c);
  tq_clock_add_timeout (f->clock, 0, log_entry, d);
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 4);
  g_assert_cmpint (tq_clock_get_next_deadline (f->clock), ==, 0);

  /* Nothing fires before the clock is told to move */
  g_assert_cmpuint (f->fired, ==, 0);

  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 9);
  g_assert_cmpstr (f->log->str, ==, "d@0 ");
  g_assert_cmpint (tq_clock_get_now (f->clock), ==, 9);
  g_assert_cmpint (tq_clock_get_next_deadline (f->clock), ==, 1);

  /* Equal deadlines fire in the order they were armed, each at its deadline */
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 100);
  g_assert_cmpstr (f->log->str, ==, "d@0 b@10 c@10 a@30 ");
  g_assert_cmpint (tq_clock_get_now (f->clock), ==, 109);
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 0);
  g_assert_cmpint (tq_clock_get_next_deadline (f->clock), ==, -1);
}

static void
test_interval (Fixture       *f,
               gconstpointer  data)
{
  Entry *a = ENTRY (f, "a", 3);

  tq_clock_add_timeout (f->clock, 10, log_entry, a);
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 100);
  g_assert_cmpstr (f->log->str, ==, "a@10 a@20 a@30 ");
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 0);
}

static void
test_remove (Fixture       *f,
             gconstpointer  data)
{
  Entry *a = ENTRY (f, "a", 1);
  Entry *b = ENTRY (f, "b", 1);
  guint id_a = tq_clock_add_timeout (f->clock, 10, log_entry, a);
  guint id_b = tq_clock_add_timeout (f->clock, 20, log_entry, b);

  g_assert_cmpuint (id_a, !=, 0);
  g_assert_cmpuint (id_a, !=, id_b);
  g_assert_true (tq_clock_remove (f->clock, id_a));
  g_assert_false (tq_clock_remove (f->clock, id_a));
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 100);
  g_assert_cmpstr (f->log->str, ==, "b@20 ");
  /* A timer that fired and stopped is gone */
  g_assert_false (tq_clock_remove (f->clock, id_b));
}

typedef struct
{
  Fixture *fixture;
  guint    id;
  guint    count;
} SelfRemoving;

static gboolean
remove_self (gpointer data)
{
  SelfRemoving *s = data;

  s->count++;
  g_assert_true (tq_clock_remove (s->fixture->clock, s->id));
  /* Asking to continue after removing itself does not bring it back */
  return G_SOURCE_CONTINUE;
}

static void
test_remove_from_callback (Fixture       *f,
                           gconstpointer  data)
{
  SelfRemoving s = { f, 0, 0 };

  s.id = tq_clock_add_timeout (f->clock, 5, remove_self, &s);
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 50);
  g_assert_cmpuint (s.count, ==, 1);
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 0);
}

static void
count_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static gboolean
never_called (gpointer data)
{
  g_assert_not_reached ();
  return G_SOURCE_REMOVE;
}

static void
test_infinite (Fixture       *f,
               gconstpointer  data)
{
  guint destroyed = 0;
  guint id;

  /* Infinite and absurdly large delays never fire, and cannot wrap around */
  id = tq_clock_add_timeout_full (f->clock, TQ_TIME_INFINITE, never_called, &destroyed, count_destroy);
  tq_clock_add_timeout (f->clock, G_MAXINT64 - 1, never_called, NULL);
  tq_clock_add_timeout (f->clock, (gint64) 1 << 62, never_called, NULL);
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 0);
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), G_MAXINT32);
  g_assert_true (tq_clock_remove (f->clock, id));
  g_assert_cmpuint (destroyed, ==, 1);

  /* A negative delay is zero */
  tq_clock_add_timeout (f->clock, -5, log_entry, ENTRY (f, "neg", 1));
  tq_virtual_clock_flush (TQ_VIRTUAL_CLOCK (f->clock));
  g_assert_cmpuint (f->fired, ==, 1);
}

static gboolean
idle_logs (gpointer data)
{
  Fixture *f = data;

  g_string_append (f->log, "idle ");
  return G_SOURCE_REMOVE;
}

static gboolean
timer_adds_idle (gpointer data)
{
  Fixture *f = data;

  g_string_append (f->log, "timer1 ");
  g_idle_add (idle_logs, f);
  return G_SOURCE_REMOVE;
}

static gboolean
timer_two (gpointer data)
{
  Fixture *f = data;

  g_string_append (f->log, "timer2 ");
  return G_SOURCE_REMOVE;
}

static gboolean
timer_arms_another (gpointer data)
{
  Fixture *f = data;
  Entry *inner;

  g_string_append_printf (f->log, "outer@%" G_GINT64_FORMAT " ", tq_clock_get_now (f->clock));
  inner = g_new (Entry, 1);
  *inner = (Entry) { f, "inner", 1 };
  tq_clock_add_timeout_full (f->clock, 5, log_entry, inner, g_free);
  return G_SOURCE_REMOVE;
}

/* Work a timer starts (here an idle) completes before the next timer fires,
 * even one due at the same instant, as fake timers drain promises.
 */
static void
test_drains_between_timers (Fixture       *f,
                            gconstpointer  data)
{
  tq_clock_add_timeout (f->clock, 10, timer_adds_idle, f);
  tq_clock_add_timeout (f->clock, 10, timer_two, f);
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 10);
  g_assert_cmpstr (f->log->str, ==, "timer1 idle timer2 ");
}

/* Timers armed during an advance fire within it if due */
static void
test_armed_during_advance (Fixture       *f,
                           gconstpointer  data)
{
  tq_clock_add_timeout (f->clock, 10, timer_arms_another, f);
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 14);
  g_assert_cmpstr (f->log->str, ==, "outer@10 ");
  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 1);
  g_assert_cmpstr (f->log->str, ==, "outer@10 inner@15 ");
}

static void
test_run_all (Fixture       *f,
              gconstpointer  data)
{
  guint interval;

  tq_clock_add_timeout (f->clock, 100, log_entry, ENTRY (f, "a", 1));
  interval = tq_clock_add_timeout (f->clock, 7, log_entry, ENTRY (f, "b", 1000));
  g_assert_cmpint (tq_virtual_clock_run_all (TQ_VIRTUAL_CLOCK (f->clock), 50), ==, 49);
  g_assert_cmpuint (f->fired, ==, 7);
  g_assert_true (tq_clock_remove (f->clock, interval));
  g_assert_cmpint (tq_virtual_clock_run_all (TQ_VIRTUAL_CLOCK (f->clock), 1000), ==, 51);
  g_assert_cmpuint (f->fired, ==, 8);
}

static void
embedded_fire (gpointer data)
{
  (*(guint *) data)++;
}

static void
test_embedded_timers (Fixture       *f,
                      gconstpointer  data)
{
  TqTimer timers[64];
  guint fired = 0;

  for (guint i = 0; i < G_N_ELEMENTS (timers); i++)
    {
      _tq_timer_init (&timers[i], embedded_fire, &fired);
      _tq_clock_arm (f->clock, &timers[i], (i * 37) % 64);
    }
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 64);

  /* Disarm every other one, re-arm a few later */
  for (guint i = 0; i < G_N_ELEMENTS (timers); i += 2)
    _tq_clock_disarm (f->clock, &timers[i]);
  for (guint i = 1; i < 10; i += 2)
    _tq_clock_arm (f->clock, &timers[i], 1000);
  g_assert_cmpuint (tq_clock_get_n_pending (f->clock), ==, 32);

  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 63);
  g_assert_cmpuint (fired, ==, 27);
  for (guint i = 0; i < G_N_ELEMENTS (timers); i++)
    g_assert_cmpint (_tq_timer_is_armed (&timers[i]), ==, (i % 2 == 1 && i < 10));

  tq_virtual_clock_advance (TQ_VIRTUAL_CLOCK (f->clock), 1000);
  g_assert_cmpuint (fired, ==, 32);
}

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gboolean
fail_timeout (gpointer data)
{
  g_error ("the real clock's timer did not fire");
  return G_SOURCE_REMOVE;
}

/* Keeps the main loop busy until the millisecond after *@data has begun */
static gboolean
wait_for_next_millisecond (gpointer data)
{
  gint64 start = *(gint64 *) data;

  while (g_get_monotonic_time () < (start / 1000 + 1) * 1000 + 10)
    ;

  return G_SOURCE_REMOVE;
}

/* The real clock fires from the main loop. */
static void
test_real_clock (void)
{
  g_autoptr(TqClock) clock = tq_clock_new ();
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  gint64 start = g_get_monotonic_time ();
  gint64 now = tq_clock_get_now (clock);
  guint guard;

  g_assert_cmpint (ABS (now - g_get_real_time () / 1000), <, 1000);
  g_assert_true (tq_clock_get_context (clock) == g_main_context_default ());

  tq_clock_add_timeout (clock, 20, quit_loop, loop);
  guard = g_timeout_add_seconds (30, fail_timeout, NULL);
  g_main_loop_run (loop);
  g_source_remove (guard);

  g_assert_cmpint (g_get_monotonic_time () - start, >=, 20 * 1000);
  g_assert_cmpuint (tq_clock_get_n_pending (clock), ==, 0);

  /* Never early, even when armed at the very end of a millisecond (the
   * worst case for a clock that counts whole ones) and the main loop is
   * awake as the next millisecond starts (GLib's rounding of poll timeouts
   * would otherwise hide an early deadline).
   */
  for (guint i = 0; i < 20; i++)
    {
      while ((start = g_get_monotonic_time ()) % 1000 < 950)
        ;
      tq_clock_add_timeout (clock, 1, quit_loop, loop);
      g_idle_add (wait_for_next_millisecond, &start);
      guard = g_timeout_add_seconds (30, fail_timeout, NULL);
      g_main_loop_run (loop);
      g_source_remove (guard);
      g_assert_cmpint (g_get_monotonic_time () - start, >=, 1000);
    }
}

static void
test_default (void)
{
  g_autoptr(TqVirtualClock) virtual = tq_virtual_clock_new (1000);
  TqClock *real = tq_clock_get_default ();

  g_assert_true (TQ_IS_CLOCK (real));
  g_assert_false (TQ_IS_VIRTUAL_CLOCK (real));
  g_assert_true (tq_clock_get_default () == real);

  tq_clock_set_default (TQ_CLOCK (virtual));
  g_assert_true (tq_clock_get_default () == TQ_CLOCK (virtual));
  g_assert_cmpint (tq_clock_get_now (tq_clock_get_default ()), ==, 1000);

  tq_clock_set_default (NULL);
  g_assert_false (TQ_IS_VIRTUAL_CLOCK (tq_clock_get_default ()));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/Tq/Clock/virtual/order", test_order);
  ADD ("/Tq/Clock/virtual/interval", test_interval);
  ADD ("/Tq/Clock/virtual/remove", test_remove);
  ADD ("/Tq/Clock/virtual/remove-from-callback", test_remove_from_callback);
  ADD ("/Tq/Clock/virtual/infinite", test_infinite);
  ADD ("/Tq/Clock/virtual/drains-between-timers", test_drains_between_timers);
  ADD ("/Tq/Clock/virtual/armed-during-advance", test_armed_during_advance);
  ADD ("/Tq/Clock/virtual/run-all", test_run_all);
  ADD ("/Tq/Clock/virtual/embedded-timers", test_embedded_timers);
#undef ADD
  g_test_add_func ("/Tq/Clock/real", test_real_clock);
  g_test_add_func ("/Tq/Clock/default", test_default);

  return g_test_run ();
}
