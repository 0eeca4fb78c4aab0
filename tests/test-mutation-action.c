/* test-mutation-action.c: TqGtkMutationAction
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>

#include <tq-gtk.h>

#include "tq-test-util.h"

typedef struct
{
  TqTestEnv            env;
  TqTestMutationFn    *fn;
  TqMutationObserver  *observer;
  TqGtkMutationAction *action;
  GPtrArray           *log;
} Fixture;

static void
on_success (TqGtkMutationAction *action,
            const GValue        *data,
            GVariant            *parameter,
            Fixture             *f)
{
  g_autofree char *d = tq_test_value_to_string (data);
  g_autofree char *p = parameter != NULL ? g_variant_print (parameter, FALSE) : g_strdup ("none");

  tq_test_log (f->log, "success:%s:%s", d, p);
}

static void
on_error (TqGtkMutationAction *action,
          const GError        *error,
          GVariant            *parameter,
          Fixture             *f)
{
  g_autofree char *p = parameter != NULL ? g_variant_print (parameter, FALSE) : g_strdup ("none");

  tq_test_log (f->log, "error:%s:%s", error->message, p);
}

static void
count_notify (guint *counter)
{
  (*counter)++;
}

static void
make_action (Fixture             *f,
             const TqTestOutcome *outcomes,
             guint                n_outcomes,
             const GVariantType  *parameter_type)
{
  g_autoptr(GVariant) key = tq_test_key ("('todos',)");
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (key);

  f->fn = tq_test_mutation_fn_new (&f->env, "fn", outcomes, n_outcomes);
  tq_test_mutation_fn_attach (f->fn, options);
  f->observer = tq_mutation_observer_new (f->env.client, options);
  f->action = tq_gtk_mutation_action_new ("save", parameter_type, f->observer);
  g_signal_connect (f->action, "success", G_CALLBACK (on_success), f);
  g_signal_connect (f->action, "error", G_CALLBACK (on_error), f);
}

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->log = tq_test_log_new ();
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_clear_object (&f->action);
  g_clear_object (&f->observer);
  tq_test_flush (&f->env);
  g_clear_pointer (&f->fn, tq_test_mutation_fn_free);
  tq_test_env_clear (&f->env);
  g_clear_pointer (&f->log, g_ptr_array_unref);
}

static void
test_enabled_follows_pending (Fixture       *f,
                              gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 100, .value = "\"saved %u\"" },
  };
  GAction *action;

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), G_VARIANT_TYPE_STRING);
  action = G_ACTION (f->action);

  g_assert_cmpstr (g_action_get_name (action), ==, "save");
  g_assert_true (g_variant_type_equal (g_action_get_parameter_type (action), G_VARIANT_TYPE_STRING));
  g_assert_null (g_action_get_state_type (action));
  g_assert_true (g_action_get_enabled (action));
  g_assert_true (tq_mutation_observer_is_subscribed (f->observer));

  g_action_activate (action, g_variant_new_string ("a"));
  g_assert_false (g_action_get_enabled (action));
  g_assert_cmpuint (tq_gtk_mutation_action_get_n_pending (f->action), ==, 1);
  tq_test_flush (&f->env);   /* the function runs a turn later (rule 49) */
  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 1);

  /* A second activation while the first runs does nothing */
  g_action_activate (action, g_variant_new_string ("b"));
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 1);

  tq_test_advance (&f->env, 99);
  g_assert_false (g_action_get_enabled (action));
  tq_test_advance (&f->env, 1);
  g_assert_true (g_action_get_enabled (action));
  g_assert_cmpuint (tq_gtk_mutation_action_get_n_pending (f->action), ==, 0);
  tq_assert_log (f->log, "success:\"saved 1\":'a'");
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (f->observer)));
}

static void
test_error (Fixture       *f,
            gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 10, .error = "The server is down" },
  };
  g_autoptr(GVariant) parameter = g_variant_ref_sink (g_variant_new_parsed ("{'title': <'Milk'>}"));

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), G_VARIANT_TYPE_VARDICT);
  g_action_activate (G_ACTION (f->action), parameter);
  tq_test_advance (&f->env, 10);

  tq_assert_log (f->log, "error:The server is down:{'title': <'Milk'>}");
  g_assert_true (g_action_get_enabled (G_ACTION (f->action)));

  /* The variables reached the mutation as the GVariant */
  g_assert_true (g_variant_equal (g_value_get_variant (tq_mutation_state_get_variables (tq_mutation_observer_get_state (f->observer))),
                                  parameter));
}

static void
test_immediate (Fixture       *f,
                gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 0, .value = "1" },
    { .delay = 0, .error = "no" },
  };

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), NULL);
  g_action_activate (G_ACTION (f->action), NULL);
  tq_test_flush (&f->env);
  g_action_activate (G_ACTION (f->action), NULL);
  tq_test_flush (&f->env);

  /* each ends once, also when the mutation settled within the call */
  tq_assert_log (f->log, "success:1:none error:no:none");
  g_assert_cmpuint (tq_gtk_mutation_action_get_n_pending (f->action), ==, 0);
  g_assert_true (g_action_get_enabled (G_ACTION (f->action)));
}

static void
test_concurrent (Fixture       *f,
                 gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 100, .error = "first failed" },
    { .delay = 50, .value = "\"second\"" },
  };
  guint notified = 0;

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), G_VARIANT_TYPE_INT32);
  tq_gtk_mutation_action_set_concurrent (f->action, TRUE);
  g_signal_connect_swapped (f->action, "notify::enabled", G_CALLBACK (count_notify), &notified);

  g_action_activate (G_ACTION (f->action), g_variant_new_int32 (1));
  g_action_activate (G_ACTION (f->action), g_variant_new_int32 (2));
  g_assert_true (g_action_get_enabled (G_ACTION (f->action)));
  g_assert_cmpuint (tq_gtk_mutation_action_get_n_pending (f->action), ==, 2);

  tq_test_advance (&f->env, 50);
  tq_assert_log (f->log, "success:\"second\":2");
  g_assert_cmpuint (tq_gtk_mutation_action_get_n_pending (f->action), ==, 1);

  /* The failure of the first still reaches the action, though the
   * observer's per-call callback would only serve the latest call. */
  tq_test_advance (&f->env, 50);
  tq_assert_log (f->log, "success:\"second\":2 error:first failed:1");
  g_assert_cmpuint (tq_gtk_mutation_action_get_n_pending (f->action), ==, 0);
  g_assert_cmpuint (notified, ==, 0);
}

static void
test_set_enabled (Fixture       *f,
                  gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 10, .value = "true" },
  };
  guint notifications = 0;

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), NULL);
  g_signal_connect_swapped (f->action, "notify::enabled", G_CALLBACK (count_notify), &notifications);

  tq_gtk_mutation_action_set_enabled (f->action, FALSE);
  g_assert_false (g_action_get_enabled (G_ACTION (f->action)));
  g_assert_cmpuint (notifications, ==, 1);
  tq_gtk_mutation_action_set_enabled (f->action, FALSE);
  g_assert_cmpuint (notifications, ==, 1);

  g_action_activate (G_ACTION (f->action), NULL);
  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 0);

  g_object_set (f->action, "enabled", TRUE, NULL);
  g_assert_true (g_action_get_enabled (G_ACTION (f->action)));
  g_assert_cmpuint (notifications, ==, 2);
  g_action_activate (G_ACTION (f->action), NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 1);
  g_assert_cmpuint (notifications, ==, 3);

  /* allowed again, but still running: disabled until it ends */
  tq_gtk_mutation_action_set_enabled (f->action, FALSE);
  tq_gtk_mutation_action_set_enabled (f->action, TRUE);
  g_assert_false (g_action_get_enabled (G_ACTION (f->action)));
  tq_test_advance (&f->env, 10);
  g_assert_true (g_action_get_enabled (G_ACTION (f->action)));
  g_assert_cmpuint (notifications, ==, 4);
}

static void
test_offline (Fixture       *f,
              gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 10, .value = "\"sent\"" },
  };

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), NULL);
  tq_online_manager_set_online (f->env.online_manager, FALSE);

  g_action_activate (G_ACTION (f->action), NULL);
  tq_test_advance (&f->env, 1000);
  /* paused: pending, so a second save cannot queue the same change */
  g_assert_true (tq_mutation_state_get_is_paused (tq_mutation_observer_get_state (f->observer)));
  g_assert_false (g_action_get_enabled (G_ACTION (f->action)));
  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 0);

  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_advance (&f->env, 10);
  tq_assert_log (f->log, "success:\"sent\":none");
  g_assert_true (g_action_get_enabled (G_ACTION (f->action)));
}

static void
test_wrong_parameter (Fixture       *f,
                      gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 0, .value = "1" },
  };

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), G_VARIANT_TYPE_STRING);

  g_test_expect_message ("TqGtk", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_action_activate (G_ACTION (f->action), g_variant_new_int32 (1));
  g_test_assert_expected_messages ();

  g_test_expect_message ("TqGtk", G_LOG_LEVEL_CRITICAL, "*assertion*failed*");
  g_action_activate (G_ACTION (f->action), NULL);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 0);
}

static void
test_dispose_while_pending (Fixture       *f,
                            gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 10, .value = "1" },
  };

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), NULL);
  g_action_activate (G_ACTION (f->action), NULL);
  g_clear_object (&f->action);
  g_assert_false (tq_mutation_observer_is_subscribed (f->observer));

  /* the mutation goes on, the action is not told */
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (f->log->len, ==, 0);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_get_state (tq_mutation_observer_get_mutation (f->observer))));
}

static const char button_ui[] =
  "<interface>"
  "  <object class='GtkWindow' id='window'>"
  "    <child>"
  "      <object class='GtkButton' id='button'>"
  "        <property name='label'>Save</property>"
  "        <property name='action-name'>edit.save</property>"
  "        <property name='action-target'>'draft'</property>"
  "      </object>"
  "    </child>"
  "  </object>"
  "</interface>";

static void
test_button (Fixture       *f,
             gconstpointer  data)
{
  static const TqTestOutcome outcomes[] = {
    { .delay = 100, .value = "\"ok\"" },
  };
  g_autoptr(GtkBuilder) builder = gtk_builder_new_from_string (button_ui, -1);
  g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
  GtkWidget *window = GTK_WIDGET (gtk_builder_get_object (builder, "window"));
  GtkWidget *button = GTK_WIDGET (gtk_builder_get_object (builder, "button"));

  make_action (f, outcomes, G_N_ELEMENTS (outcomes), G_VARIANT_TYPE_STRING);
  g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (f->action));
  gtk_widget_insert_action_group (window, "edit", G_ACTION_GROUP (group));
  gtk_window_present (GTK_WINDOW (window));

  g_assert_true (gtk_widget_get_sensitive (button));
  /* "clicked" at once: activating a button waits for its press animation */
  g_signal_emit_by_name (button, "clicked");
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (f->fn), ==, 1);
  g_assert_false (gtk_widget_get_sensitive (button));

  tq_test_advance (&f->env, 100);
  g_assert_true (gtk_widget_get_sensitive (button));
  tq_assert_log (f->log, "success:\"ok\":'draft'");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }
  tq_gtk_init ();

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/TqGtk/MutationAction/enabled-follows-pending", test_enabled_follows_pending);
  ADD ("/TqGtk/MutationAction/error", test_error);
  ADD ("/TqGtk/MutationAction/immediate", test_immediate);
  ADD ("/TqGtk/MutationAction/concurrent", test_concurrent);
  ADD ("/TqGtk/MutationAction/set-enabled", test_set_enabled);
  ADD ("/TqGtk/MutationAction/offline", test_offline);
  ADD ("/TqGtk/MutationAction/wrong-parameter", test_wrong_parameter);
  ADD ("/TqGtk/MutationAction/dispose-while-pending", test_dispose_while_pending);
  ADD ("/TqGtk/MutationAction/button", test_button);
#undef ADD

  return g_test_run ();
}
