/* test-managers.c: focus and online managers
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"

/* A network monitor the test controls, as GNetworkMonitor's implementations
 * are driven by the system.
 */
#define TEST_TYPE_MONITOR (test_monitor_get_type ())
G_DECLARE_FINAL_TYPE (TestMonitor, test_monitor, TEST, MONITOR, GObject)

struct _TestMonitor
{
  GObject  parent_instance;
  gboolean available;
  gboolean metered;
};

enum { M_PROP_0, M_PROP_AVAILABLE, M_PROP_METERED, M_PROP_CONNECTIVITY, M_PROP_NETWORK_METERED };

static void test_monitor_iface_init  (GNetworkMonitorInterface *iface);
static void test_initable_iface_init (GInitableIface           *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestMonitor, test_monitor, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, test_initable_iface_init)
                               G_IMPLEMENT_INTERFACE (G_TYPE_NETWORK_MONITOR, test_monitor_iface_init))

static gboolean
test_monitor_initable_init (GInitable     *initable,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
test_initable_iface_init (GInitableIface *iface)
{
  iface->init = test_monitor_initable_init;
}

static void
test_monitor_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  TestMonitor *self = TEST_MONITOR (object);

  switch (prop_id)
    {
    case M_PROP_AVAILABLE:
      g_value_set_boolean (value, self->available);
      break;
    case M_PROP_NETWORK_METERED:
      g_value_set_boolean (value, self->metered);
      break;
    case M_PROP_CONNECTIVITY:
      g_value_set_enum (value, self->available ? G_NETWORK_CONNECTIVITY_FULL : G_NETWORK_CONNECTIVITY_LOCAL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
test_monitor_class_init (TestMonitorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = test_monitor_get_property;
  g_object_class_override_property (object_class, M_PROP_AVAILABLE, "network-available");
  g_object_class_override_property (object_class, M_PROP_NETWORK_METERED, "network-metered");
  g_object_class_override_property (object_class, M_PROP_CONNECTIVITY, "connectivity");
}

static void
test_monitor_init (TestMonitor *self)
{
  self->available = TRUE;
}

static void
test_monitor_iface_init (GNetworkMonitorInterface *iface)
{
}

static void
test_monitor_set (TestMonitor *self,
                  gboolean     available,
                  gboolean     metered)
{
  self->available = available;
  self->metered = metered;
  g_object_notify (G_OBJECT (self), "network-available");
  g_object_notify (G_OBJECT (self), "network-metered");
}

static void
count (GObject    *object,
       GParamSpec *pspec,
       guint      *n)
{
  (*n)++;
}

static void
test_focus_manager (void)
{
  g_autoptr(TqFocusManager) focus = tq_focus_manager_new ();
  guint changes = 0;

  g_signal_connect (focus, "notify::focused", G_CALLBACK (count), &changes);
  g_assert_true (tq_focus_manager_is_focused (focus));

  /* Only real changes notify */
  tq_focus_manager_set_focused (focus, TRUE);
  g_assert_cmpuint (changes, ==, 0);
  tq_focus_manager_set_focused (focus, FALSE);
  g_assert_cmpuint (changes, ==, 1);
  tq_focus_manager_set_focused (focus, FALSE);
  g_assert_cmpuint (changes, ==, 1);

  /* A manual value wins over the automatic one */
  tq_focus_manager_set_automatic_focused (focus, TRUE);
  g_assert_false (tq_focus_manager_is_focused (focus));
  g_assert_cmpuint (changes, ==, 1);

  /* Back to automatic */
  tq_focus_manager_unset_focused (focus);
  g_assert_true (tq_focus_manager_is_focused (focus));
  g_assert_cmpuint (changes, ==, 2);
  tq_focus_manager_set_automatic_focused (focus, FALSE);
  g_assert_false (tq_focus_manager_is_focused (focus));
  g_assert_cmpuint (changes, ==, 3);
}

static void
test_online_manager_monitor (void)
{
  g_autoptr(TestMonitor) monitor = g_object_new (TEST_TYPE_MONITOR, NULL);
  g_autoptr(TqOnlineManager) online = NULL;
  guint online_changes = 0, metered_changes = 0;

  monitor->available = FALSE;
  online = tq_online_manager_new (G_NETWORK_MONITOR (monitor));
  g_assert_false (tq_online_manager_is_online (online));
  g_assert_true (tq_online_manager_get_network_monitor (online) == G_NETWORK_MONITOR (monitor));
  g_signal_connect (online, "notify::online", G_CALLBACK (count), &online_changes);
  g_signal_connect (online, "notify::metered", G_CALLBACK (count), &metered_changes);

  test_monitor_set (monitor, TRUE, FALSE);
  g_assert_true (tq_online_manager_is_online (online));
  g_assert_cmpuint (online_changes, ==, 1);
  g_assert_cmpuint (metered_changes, ==, 0);

  test_monitor_set (monitor, TRUE, TRUE);
  g_assert_true (tq_online_manager_is_metered (online));
  g_assert_cmpuint (online_changes, ==, 1);
  g_assert_cmpuint (metered_changes, ==, 1);

  /* A manual value wins; unsetting follows the monitor again */
  tq_online_manager_set_online (online, FALSE);
  test_monitor_set (monitor, TRUE, TRUE);
  g_assert_false (tq_online_manager_is_online (online));
  tq_online_manager_unset_online (online);
  g_assert_true (tq_online_manager_is_online (online));
  g_assert_cmpuint (online_changes, ==, 3);
}

static void
test_online_manager_no_monitor (void)
{
  g_autoptr(TqOnlineManager) online = tq_online_manager_new (NULL);

  /* TanStack's onlineManager starts online */
  g_assert_true (tq_online_manager_is_online (online));
  g_assert_false (tq_online_manager_is_metered (online));
  tq_online_manager_set_online (online, FALSE);
  g_assert_false (tq_online_manager_is_online (online));
}

static guint
fetch_count (TqTestEnv  *env,
             TqTestFn   *fn)
{
  return tq_test_fn_calls (fn);
}

/* A mounted client refetches on focus and reconnect; mounting counts */
static void
test_client_mount (void)
{
  TqTestEnv env;
  TqTestOutcome script[] = { { 0, "1" } };
  g_autoptr(TqTestFn) fn = NULL;
  g_autoptr(GVariant) key = tq_test_key ("('mounted',)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(TqQueryObserver) observer = NULL;

  tq_test_env_init (&env);
  fn = tq_test_fn_new (&env, script, 1);
  tq_test_fn_attach (fn, options);
  observer = tq_query_observer_new (env.client, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&env);
  g_assert_cmpuint (fetch_count (&env, fn), ==, 1);

  /* tq_test_env_init() mounted once; mount again and unmount once */
  tq_query_client_mount (env.client);
  tq_query_client_unmount (env.client);
  g_assert_true (tq_query_client_is_mounted (env.client));
  tq_focus_manager_set_focused (env.focus_manager, FALSE);
  tq_focus_manager_set_focused (env.focus_manager, TRUE);
  tq_test_flush (&env);
  g_assert_cmpuint (fetch_count (&env, fn), ==, 2);

  /* Unmounted: focus does nothing */
  tq_query_client_unmount (env.client);
  g_assert_false (tq_query_client_is_mounted (env.client));
  tq_focus_manager_set_focused (env.focus_manager, FALSE);
  tq_focus_manager_set_focused (env.focus_manager, TRUE);
  tq_online_manager_set_online (env.online_manager, FALSE);
  tq_online_manager_set_online (env.online_manager, TRUE);
  tq_test_flush (&env);
  g_assert_cmpuint (fetch_count (&env, fn), ==, 2);

  tq_query_client_mount (env.client);
  tq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  tq_test_env_clear (&env);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/Tq/FocusManager/override-and-automatic", test_focus_manager);
  g_test_add_func ("/Tq/OnlineManager/follows-monitor", test_online_manager_monitor);
  g_test_add_func ("/Tq/OnlineManager/no-monitor", test_online_manager_no_monitor);
  g_test_add_func ("/Tq/QueryClient/mount", test_client_mount);

  return g_test_run ();
}
