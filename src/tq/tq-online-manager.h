/* tq-online-manager.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <gio/gio.h>

#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_ONLINE_MANAGER (tq_online_manager_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqOnlineManager, tq_online_manager, TQ, ONLINE_MANAGER, GObject)

TQ_AVAILABLE_IN_ALL
TqOnlineManager *tq_online_manager_new                 (GNetworkMonitor *monitor) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqOnlineManager *tq_online_manager_get_default         (void);
TQ_AVAILABLE_IN_ALL
void             tq_online_manager_set_default         (TqOnlineManager *manager);
TQ_AVAILABLE_IN_ALL
GNetworkMonitor *tq_online_manager_get_network_monitor (TqOnlineManager *self);
TQ_AVAILABLE_IN_ALL
gboolean         tq_online_manager_is_online           (TqOnlineManager *self);
TQ_AVAILABLE_IN_ALL
gboolean         tq_online_manager_is_metered          (TqOnlineManager *self);
TQ_AVAILABLE_IN_ALL
void             tq_online_manager_set_online          (TqOnlineManager *self,
                                                        gboolean         online);
TQ_AVAILABLE_IN_ALL
void             tq_online_manager_unset_online        (TqOnlineManager *self);

G_END_DECLS
