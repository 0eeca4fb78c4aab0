/* tq-demo-application.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>
#include <tq-gtk.h>

#include "tq-demo-server.h"

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_APPLICATION (tq_demo_application_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoApplication, tq_demo_application, TQ_DEMO, APPLICATION, AdwApplication)

TqDemoApplication *tq_demo_application_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
GSettings         *tq_demo_application_get_settings          (TqDemoApplication *self);
TqQueryClient     *tq_demo_application_get_client            (TqDemoApplication *self);
TqHttpClient      *tq_demo_application_get_http_client       (TqDemoApplication *self);
TqRealtime        *tq_demo_application_get_realtime          (TqDemoApplication *self);
TqDemoServer      *tq_demo_application_get_server            (TqDemoApplication *self);
const GError      *tq_demo_application_get_server_error      (TqDemoApplication *self);
const char        *tq_demo_application_get_server_uri        (TqDemoApplication *self);
gboolean           tq_demo_application_get_server_overridden (TqDemoApplication *self);
guint              tq_demo_application_get_n_waiting_changes (TqDemoApplication *self);
GtkWindow         *tq_demo_application_new_window            (TqDemoApplication *self);

G_END_DECLS
