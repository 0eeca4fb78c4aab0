/* tq-realtime.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib-object.h>
#include <json-glib/json-glib.h>

#include "tq-enums.h"
#include "tq-http-client.h"
#include "tq-query-client.h"
#include "tq-types.h"

G_BEGIN_DECLS

/**
 * TQ_REALTIME_DEFAULT_RECONNECT_DELAY:
 *
 * The default [property@Tq.Realtime:reconnect-delay]: one second, in
 * milliseconds.
 */
#define TQ_REALTIME_DEFAULT_RECONNECT_DELAY 1000

/**
 * TQ_REALTIME_DEFAULT_MAX_RECONNECT_DELAY:
 *
 * The default [property@Tq.Realtime:max-reconnect-delay]: 30 seconds, in
 * milliseconds.
 */
#define TQ_REALTIME_DEFAULT_MAX_RECONNECT_DELAY (30 * 1000)

#define TQ_TYPE_REALTIME (tq_realtime_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqRealtime, tq_realtime, TQ, REALTIME, GObject)

TQ_AVAILABLE_IN_ALL
TqRealtime      *tq_realtime_new                     (TqQueryClient *client,
                                                      TqHttpClient  *http_client,
                                                      const char    *path) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqQueryClient   *tq_realtime_get_query_client        (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
TqHttpClient    *tq_realtime_get_http_client         (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
const char      *tq_realtime_get_path                (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
TqRealtimeState  tq_realtime_get_state               (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
guint            tq_realtime_get_reconnect_delay     (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
void             tq_realtime_set_reconnect_delay     (TqRealtime    *self,
                                                      guint          delay_ms);
TQ_AVAILABLE_IN_ALL
guint            tq_realtime_get_max_reconnect_delay (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
void             tq_realtime_set_max_reconnect_delay (TqRealtime    *self,
                                                      guint          delay_ms);
TQ_AVAILABLE_IN_ALL
void             tq_realtime_start                   (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
void             tq_realtime_stop                    (TqRealtime    *self);
TQ_AVAILABLE_IN_ALL
void             tq_realtime_invalidate              (TqRealtime    *self,
                                                      GVariant      *query_key);
TQ_AVAILABLE_IN_ALL
gboolean         tq_realtime_apply_event             (TqRealtime    *self,
                                                      JsonNode      *event);

G_END_DECLS
