/* tq-demo-server.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "tq-demo-faults.h"
#include "tq-demo-store.h"

G_BEGIN_DECLS

/**
 * TQ_DEMO_SERVER_MAX_BODY:
 *
 * The largest request body the server reads, in bytes: 1 MiB. A larger
 * one is answered with 400.
 */
#define TQ_DEMO_SERVER_MAX_BODY (1024 * 1024)

/**
 * TQ_DEMO_SERVER_DATA_FILE_NAME:
 *
 * The name of the data file [ctor@TqDemoServer.new_for_directory] keeps in
 * its folder: `db.json`.
 */
#define TQ_DEMO_SERVER_DATA_FILE_NAME "db.json"

#define TQ_DEMO_TYPE_SERVER (tq_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoServer, tq_demo_server, TQ_DEMO, SERVER, GObject)

TqDemoServer *tq_demo_server_new               (TqDemoStore   *store) G_GNUC_WARN_UNUSED_RESULT;
TqDemoServer *tq_demo_server_new_in_memory     (void) G_GNUC_WARN_UNUSED_RESULT;
TqDemoServer *tq_demo_server_new_for_file      (GFile         *file,
                                                GError       **error) G_GNUC_WARN_UNUSED_RESULT;
TqDemoServer *tq_demo_server_new_for_directory (GFile         *directory,
                                                GError       **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean      tq_demo_server_listen            (TqDemoServer  *self,
                                                const char    *address,
                                                guint          port,
                                                GError       **error);
const char   *tq_demo_server_get_base_uri      (TqDemoServer  *self);
guint         tq_demo_server_get_port          (TqDemoServer  *self);
TqDemoStore  *tq_demo_server_get_store         (TqDemoServer  *self);
TqDemoFaults *tq_demo_server_get_faults        (TqDemoServer  *self);
guint         tq_demo_server_get_n_event_clients (TqDemoServer *self);
void          tq_demo_server_stop              (TqDemoServer  *self);

G_END_DECLS
