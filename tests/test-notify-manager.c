/* test-notify-manager.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <tq.h>

typedef struct
{
  TqNotifyManager *manager;
  TqVirtualClock  *clock;
  GString         *log;
  guint            scheduler_calls;
  guint            notify_calls;
  guint            batch_notify_calls;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->manager = tq_notify_manager_new ();
  f->clock = tq_virtual_clock_new (0);
  f->log = g_string_new (NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_assert_finalize_object (f->manager);
  g_assert_finalize_object (f->clock);
  g_string_free (f->log, TRUE);
}

static void
flush (Fixture *f)
{
  tq_virtual_clock_flush (f->clock);
}

typedef struct
{
  Fixture    *f;
  const char *name;
} Note;

static void
note (gpointer data)
{
  Note *n = data;

  g_string_append_printf (n->f->log, "%s ", n->name);
}

static Note *
note_new (Fixture    *f,
          const char *name)
{
  Note *n = g_new (Note, 1);

  n->f = f;
  n->name = name;
  return n;
}

/* Schedules a note that logs @name and frees itself */
#define NOTE(f, n) note, note_new ((f), (n)), g_free

static void
inner_batch (gpointer data)
{
  Fixture *f = data;

  tq_notify_manager_schedule (f->manager, NOTE (f, "inner"));
}

static void
outer_batch (gpointer data)
{
  Fixture *f = data;

  tq_notify_manager_schedule (f->manager, NOTE (f, "first"));
  tq_notify_manager_batch (f->manager, inner_batch, f);
  tq_notify_manager_schedule (f->manager, NOTE (f, "last"));
}

/* B40a: a batch inside a batch; nothing runs synchronously, all after a flush */
static void
test_nested_batch (Fixture       *f,
                   gconstpointer  data)
{
  tq_notify_manager_batch (f->manager, outer_batch, f);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_true (tq_notify_manager_has_pending (f->manager));
  flush (f);
  g_assert_cmpstr (f->log->str, ==, "first inner last ");
  g_assert_false (tq_notify_manager_has_pending (f->manager));
}

static void
counting_scheduler (TqNotifyManager *manager,
                    gpointer         user_data)
{
  Fixture *f = user_data;

  f->scheduler_calls++;
  /* A later dispatch, from the main loop, as a scheduler must */
  g_idle_add_once ((GSourceOnceFunc) tq_notify_manager_dispatch, manager);
}

static void
schedule_two (gpointer data)
{
  Fixture *f = data;

  tq_notify_manager_schedule (f->manager, NOTE (f, "a"));
  tq_notify_manager_schedule (f->manager, NOTE (f, "b"));
}

/* B40a: a batch reaches a custom scheduler exactly once */
static void
test_custom_scheduler (Fixture       *f,
                       gconstpointer  data)
{
  tq_notify_manager_set_scheduler (f->manager, counting_scheduler, f, NULL);

  tq_notify_manager_batch (f->manager, schedule_two, f);
  g_assert_cmpuint (f->scheduler_calls, ==, 1);
  g_assert_cmpstr (f->log->str, ==, "");
  flush (f);
  g_assert_cmpstr (f->log->str, ==, "a b ");

  /* Outside a batch, each notification goes to the scheduler on its own */
  schedule_two (f);
  g_assert_cmpuint (f->scheduler_calls, ==, 3);
  flush (f);
  g_assert_cmpstr (f->log->str, ==, "a b a b ");

  /* Back to the default scheduler */
  tq_notify_manager_set_scheduler (f->manager, NULL, NULL, NULL);
  schedule_two (f);
  flush (f);
  g_assert_cmpuint (f->scheduler_calls, ==, 3);
  g_assert_cmpstr (f->log->str, ==, "a b a b a b ");
}

static void
counting_notify (TqNotifyCallback callback,
                 gpointer         callback_data,
                 gpointer         user_data)
{
  Fixture *f = user_data;

  f->notify_calls++;
  callback (callback_data);
}

static void
counting_batch_notify (TqNotifyCallback callback,
                       gpointer         callback_data,
                       gpointer         user_data)
{
  Fixture *f = user_data;

  f->batch_notify_calls++;
  g_string_append (f->log, "[ ");
  callback (callback_data);
  g_string_append (f->log, "] ");
}

/* B40a: an early end of a batch (the C form of "a batch that throws") still
 * flushes, through the notify function once per notification and the batch
 * notify function once per batch.
 */
static void
test_notify_functions (Fixture       *f,
                       gconstpointer  data)
{
  tq_notify_manager_set_notify_function (f->manager, counting_notify, f, NULL);
  tq_notify_manager_set_batch_notify_function (f->manager, counting_batch_notify, f, NULL);

  tq_notify_manager_begin_batch (f->manager);
  g_assert_true (tq_notify_manager_is_batching (f->manager));
  tq_notify_manager_schedule (f->manager, NOTE (f, "x"));
  tq_notify_manager_end_batch (f->manager);
  g_assert_false (tq_notify_manager_is_batching (f->manager));
  flush (f);
  g_assert_cmpuint (f->notify_calls, ==, 1);
  g_assert_cmpuint (f->batch_notify_calls, ==, 1);
  g_assert_cmpstr (f->log->str, ==, "[ x ] ");

  /* Unbatched notifications skip the batch notify function */
  tq_notify_manager_schedule (f->manager, NOTE (f, "y"));
  flush (f);
  g_assert_cmpuint (f->notify_calls, ==, 2);
  g_assert_cmpuint (f->batch_notify_calls, ==, 1);
  g_assert_cmpstr (f->log->str, ==, "[ x ] y ");

  /* An empty batch schedules nothing */
  tq_notify_manager_begin_batch (f->manager);
  tq_notify_manager_end_batch (f->manager);
  g_assert_false (tq_notify_manager_has_pending (f->manager));
}

static void
record_args (GObject    *object,
             int         number,
             const char *text,
             gpointer    user_data)
{
  Fixture *f = user_data;

  g_string_append_printf (f->log, "%d:%s ", number, text);
}

/* B40a: batchCalls(fn)(1, 'test') calls fn(1, 'test') after a flush */
static void
test_batch_calls (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
  GClosure *target = g_cclosure_new (G_CALLBACK (record_args), f, NULL);
  GClosure *wrapper = tq_notify_manager_batch_calls (f->manager, target);
  GValue args[3] = { G_VALUE_INIT, G_VALUE_INIT, G_VALUE_INIT };
  g_autofree char *text = g_strdup ("test");

  g_closure_ref (wrapper);
  g_closure_sink (wrapper);
  g_closure_set_marshal (target, g_cclosure_marshal_generic);

  g_value_init (&args[0], G_TYPE_OBJECT);
  g_value_set_object (&args[0], object);
  g_value_init (&args[1], G_TYPE_INT);
  g_value_set_int (&args[1], 1);
  g_value_init (&args[2], G_TYPE_STRING);
  g_value_set_string (&args[2], text);

  g_closure_invoke (wrapper, NULL, 3, args, NULL);
  for (guint i = 0; i < 3; i++)
    g_value_unset (&args[i]);
  /* The arguments were copied: the caller's may go */
  g_clear_pointer (&text, g_free);

  g_assert_cmpstr (f->log->str, ==, "");
  flush (f);
  g_assert_cmpstr (f->log->str, ==, "1:test ");

  g_closure_unref (wrapper);
}

static void
counting_destroy (gpointer data)
{
  (*(guint *) data)++;
}

static void
nothing (gpointer data)
{
}

static gboolean
log_default_idle (gpointer data)
{
  Fixture *f = data;

  g_string_append (f->log, "default-idle ");
  return G_SOURCE_REMOVE;
}

/* The default scheduler flushes from one idle source that runs before
 * default-priority idles (and so before GTK's redraw).
 */
static void
test_default_scheduler_priority (Fixture       *f,
                                 gconstpointer  data)
{
  guint destroyed = 0;

  g_idle_add (log_default_idle, f);
  tq_notify_manager_schedule (f->manager, NOTE (f, "n1"));
  tq_notify_manager_schedule (f->manager, NOTE (f, "n2"));
  tq_notify_manager_schedule (f->manager, nothing, &destroyed, counting_destroy);
  g_assert_cmpstr (f->log->str, ==, "");
  g_assert_true (g_main_context_iteration (NULL, FALSE));
  /* One iteration ran both notifications: they shared one idle source */
  g_assert_cmpstr (f->log->str, ==, "n1 n2 ");
  g_assert_cmpuint (destroyed, ==, 1);
  flush (f);
  g_assert_cmpstr (f->log->str, ==, "n1 n2 default-idle ");
}

static void
reschedule (gpointer data)
{
  Note *n = data;
  Fixture *f = n->f;

  g_string_append (f->log, "outer ");
  tq_notify_manager_schedule (f->manager, NOTE (f, "later"));
  g_assert_true (tq_notify_manager_has_pending (f->manager));
}

/* What a notification schedules runs in a later dispatch, never within it */
static void
test_schedule_from_notification (Fixture       *f,
                                 gconstpointer  data)
{
  Note n = { f, NULL };

  tq_notify_manager_schedule (f->manager, reschedule, &n, NULL);
  tq_notify_manager_dispatch (f->manager);
  g_assert_cmpstr (f->log->str, ==, "outer ");
  tq_notify_manager_dispatch (f->manager);
  g_assert_cmpstr (f->log->str, ==, "outer later ");
  flush (f);
  g_assert_cmpstr (f->log->str, ==, "outer later ");
}

static void
test_misuse (Fixture       *f,
             gconstpointer  data)
{
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*transactions > 0*");
  tq_notify_manager_end_batch (f->manager);
  g_test_assert_expected_messages ();

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*callback != NULL*");
  tq_notify_manager_schedule (f->manager, NULL, NULL, NULL);
  g_test_assert_expected_messages ();
}

static void
test_default (void)
{
  TqNotifyManager *manager = tq_notify_manager_get_default ();
  g_autoptr(TqNotifyManager) other = tq_notify_manager_new ();

  g_assert_true (TQ_IS_NOTIFY_MANAGER (manager));
  g_assert_true (manager == tq_notify_manager_get_default ());
  g_assert_true (tq_notify_manager_get_context (manager) == g_main_context_default ());
  tq_notify_manager_set_default (other);
  g_assert_true (tq_notify_manager_get_default () == other);
  tq_notify_manager_set_default (NULL);
  g_assert_true (tq_notify_manager_get_default () != other);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("/Tq/NotifyManager/nested-batch", test_nested_batch);
  ADD ("/Tq/NotifyManager/custom-scheduler", test_custom_scheduler);
  ADD ("/Tq/NotifyManager/notify-functions", test_notify_functions);
  ADD ("/Tq/NotifyManager/batch-calls", test_batch_calls);
  ADD ("/Tq/NotifyManager/default-scheduler-priority", test_default_scheduler_priority);
  ADD ("/Tq/NotifyManager/schedule-from-notification", test_schedule_from_notification);
  ADD ("/Tq/NotifyManager/misuse", test_misuse);
#undef ADD
  g_test_add_func ("/Tq/NotifyManager/default", test_default);

  return g_test_run ();
}
