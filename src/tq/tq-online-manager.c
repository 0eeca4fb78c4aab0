/* tq-online-manager.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-online-manager.h"

/**
 * TqOnlineManager:
 *
 * Whether the network is there: TanStack's `onlineManager` (section 1.9 of
 * `tanstack-query-core.md`), fed by a [iface@Gio.NetworkMonitor].
 *
 * While offline, fetches in the `online` network mode pause (rule 27) and
 * mutations wait; when the network comes back, query clients resume paused
 * mutations and refetch what is stale (rule 19). The automatic value follows
 * [property@Gio.NetworkMonitor:network-available]; without a monitor the
 * manager starts, and stays, online, as TanStack's does. A manual value set
 * with [method@Tq.OnlineManager.set_online] wins until
 * [method@Tq.OnlineManager.unset_online].
 *
 * Beyond TanStack, [property@Tq.OnlineManager:metered] follows
 * [property@Gio.NetworkMonitor:network-metered], so that polling and
 * prefetching can hold back on metered links.
 *
 * [property@Tq.OnlineManager:online] notifies only when the value really
 * changes.
 */

struct _TqOnlineManager
{
  GObject          parent_instance;

  GNetworkMonitor *monitor;
  gulong           available_handler;
  gulong           metered_handler;

  gboolean         manual;
  gboolean         has_manual;
  gboolean         online;
  gboolean         metered;
};

enum {
  PROP_0,
  PROP_NETWORK_MONITOR,
  PROP_ONLINE,
  PROP_METERED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqOnlineManager, tq_online_manager, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static TqOnlineManager *default_manager;

static void
update (TqOnlineManager *self)
{
  gboolean online;
  gboolean metered;

  if (self->has_manual)
    online = self->manual;
  else if (self->monitor != NULL)
    online = g_network_monitor_get_network_available (self->monitor);
  else
    online = TRUE;

  metered = self->monitor != NULL && g_network_monitor_get_network_metered (self->monitor);

  g_object_freeze_notify (G_OBJECT (self));

  if (online != self->online)
    {
      self->online = online;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ONLINE]);
    }

  if (metered != self->metered)
    {
      self->metered = metered;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_METERED]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_monitor_changed (TqOnlineManager *self)
{
  update (self);
}

static void
tq_online_manager_constructed (GObject *object)
{
  TqOnlineManager *self = (TqOnlineManager *)object;

  G_OBJECT_CLASS (tq_online_manager_parent_class)->constructed (object);

  if (self->monitor != NULL)
    {
      self->available_handler =
        g_signal_connect_swapped (self->monitor, "notify::network-available",
                                  G_CALLBACK (on_monitor_changed), self);
      self->metered_handler =
        g_signal_connect_swapped (self->monitor, "notify::network-metered",
                                  G_CALLBACK (on_monitor_changed), self);
    }

  /* The first reading sets the value without notifying. */
  self->online = self->monitor == NULL || g_network_monitor_get_network_available (self->monitor);
  self->metered = self->monitor != NULL && g_network_monitor_get_network_metered (self->monitor);
}

static void
tq_online_manager_dispose (GObject *object)
{
  TqOnlineManager *self = (TqOnlineManager *)object;

  if (self->monitor != NULL)
    {
      g_clear_signal_handler (&self->available_handler, self->monitor);
      g_clear_signal_handler (&self->metered_handler, self->monitor);
    }
  g_clear_object (&self->monitor);

  G_OBJECT_CLASS (tq_online_manager_parent_class)->dispose (object);
}

static void
tq_online_manager_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TqOnlineManager *self = TQ_ONLINE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_NETWORK_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;

    case PROP_METERED:
      g_value_set_boolean (value, self->metered);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_online_manager_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TqOnlineManager *self = TQ_ONLINE_MANAGER (object);

  switch (prop_id)
    {
    case PROP_NETWORK_MONITOR:
      self->monitor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_online_manager_class_init (TqOnlineManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tq_online_manager_constructed;
  object_class->dispose = tq_online_manager_dispose;
  object_class->get_property = tq_online_manager_get_property;
  object_class->set_property = tq_online_manager_set_property;

  /**
   * TqOnlineManager:network-monitor:
   *
   * The network monitor the automatic value follows, or %NULL for none
   * (then the manager is online unless told otherwise).
   */
  properties [PROP_NETWORK_MONITOR] =
    g_param_spec_object ("network-monitor", NULL, NULL,
                         G_TYPE_NETWORK_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  /**
   * TqOnlineManager:online:
   *
   * Whether the network is available: the manual value if one is set,
   * otherwise the monitor's. Notifies only on a real change.
   */
  properties [PROP_ONLINE] =
    g_param_spec_boolean ("online", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * TqOnlineManager:metered:
   *
   * Whether the network is metered (mobile data, a hotspot), from the
   * monitor. Notifies only on a real change.
   */
  properties [PROP_METERED] =
    g_param_spec_boolean ("metered", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_online_manager_init (TqOnlineManager *self)
{
  self->online = TRUE;
}

/**
 * tq_online_manager_new:
 * @monitor: (nullable): the network monitor to follow, or %NULL
 *
 * Creates an online manager.
 *
 * Returns: (transfer full): a new online manager
 */
TqOnlineManager *
tq_online_manager_new (GNetworkMonitor *monitor)
{
  g_return_val_if_fail (monitor == NULL || G_IS_NETWORK_MONITOR (monitor), NULL);

  return g_object_new (TQ_TYPE_ONLINE_MANAGER,
                       "network-monitor", monitor,
                       NULL);
}

/**
 * tq_online_manager_get_default:
 *
 * Gets the process-wide online manager, which follows
 * g_network_monitor_get_default(); query clients use it unless given
 * another.
 *
 * Returns: (transfer none): the default online manager
 */
TqOnlineManager *
tq_online_manager_get_default (void)
{
  if (default_manager == NULL)
    default_manager = tq_online_manager_new (g_network_monitor_get_default ());

  return default_manager;
}

/**
 * tq_online_manager_set_default:
 * @manager: (nullable): an online manager, or %NULL to make a new one on
 *   next use
 *
 * Replaces the process-wide online manager. Clients keep the manager they
 * were made with.
 */
void
tq_online_manager_set_default (TqOnlineManager *manager)
{
  g_return_if_fail (manager == NULL || TQ_IS_ONLINE_MANAGER (manager));

  g_set_object (&default_manager, manager);
}

/**
 * tq_online_manager_get_network_monitor:
 * @self: an online manager
 *
 * Gets [property@Tq.OnlineManager:network-monitor].
 *
 * Returns: (transfer none) (nullable): the monitor
 */
GNetworkMonitor *
tq_online_manager_get_network_monitor (TqOnlineManager *self)
{
  g_return_val_if_fail (TQ_IS_ONLINE_MANAGER (self), NULL);

  return self->monitor;
}

/**
 * tq_online_manager_is_online:
 * @self: an online manager
 *
 * Gets [property@Tq.OnlineManager:online].
 *
 * Returns: whether the network is available
 */
gboolean
tq_online_manager_is_online (TqOnlineManager *self)
{
  g_return_val_if_fail (TQ_IS_ONLINE_MANAGER (self), TRUE);

  return self->online;
}

/**
 * tq_online_manager_is_metered:
 * @self: an online manager
 *
 * Gets [property@Tq.OnlineManager:metered].
 *
 * Returns: whether the network is metered
 */
gboolean
tq_online_manager_is_metered (TqOnlineManager *self)
{
  g_return_val_if_fail (TQ_IS_ONLINE_MANAGER (self), FALSE);

  return self->metered;
}

/**
 * tq_online_manager_set_online:
 * @self: an online manager
 * @online: whether the network is available
 *
 * Overrides the monitor's value until [method@Tq.OnlineManager.unset_online]
 * (TanStack's `setOnline`).
 */
void
tq_online_manager_set_online (TqOnlineManager *self,
                              gboolean         online)
{
  g_return_if_fail (TQ_IS_ONLINE_MANAGER (self));

  self->has_manual = TRUE;
  self->manual = !!online;
  update (self);
}

/**
 * tq_online_manager_unset_online:
 * @self: an online manager
 *
 * Drops the manual value and follows the monitor again.
 */
void
tq_online_manager_unset_online (TqOnlineManager *self)
{
  g_return_if_fail (TQ_IS_ONLINE_MANAGER (self));

  self->has_manual = FALSE;
  update (self);
}
