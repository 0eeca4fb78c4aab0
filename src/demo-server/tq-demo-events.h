/* tq-demo-events.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "tq-demo-store.h"

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_EVENTS (tq_demo_events_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoEvents, tq_demo_events, TQ_DEMO, EVENTS, GObject)

TqDemoEvents *tq_demo_events_new               (TqDemoStore             *store) G_GNUC_WARN_UNUSED_RESULT;
void          tq_demo_events_add_connection    (TqDemoEvents            *self,
                                                SoupWebsocketConnection *connection);
guint         tq_demo_events_get_n_connections (TqDemoEvents            *self);
void          tq_demo_events_close_all         (TqDemoEvents            *self);

G_END_DECLS
