/* tq-demo-faults.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TQ_DEMO_FAULTS_MAX_LATENCY:
 *
 * The largest latency [class@TqDemoFaults] accepts, in milliseconds: one
 * minute.
 */
#define TQ_DEMO_FAULTS_MAX_LATENCY 60000

/**
 * TqDemoFault:
 * @TQ_DEMO_FAULT_NONE: answer the request normally
 * @TQ_DEMO_FAULT_FAIL: answer with a server error (500 or 503) and do
 *   nothing else
 * @TQ_DEMO_FAULT_DROP: close the connection without answering and do
 *   nothing else
 *
 * What [method@TqDemoFaults.next] decided for a request.
 */
typedef enum
{
  TQ_DEMO_FAULT_NONE,
  TQ_DEMO_FAULT_FAIL,
  TQ_DEMO_FAULT_DROP,
} TqDemoFault;

#define TQ_DEMO_TYPE_FAULTS (tq_demo_faults_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoFaults, tq_demo_faults, TQ_DEMO, FAULTS, GObject)

TqDemoFaults *tq_demo_faults_new                (void) G_GNUC_WARN_UNUSED_RESULT;
void          tq_demo_faults_set_latency        (TqDemoFaults  *self,
                                                 guint          min_ms,
                                                 guint          max_ms);
guint         tq_demo_faults_get_latency_min    (TqDemoFaults  *self);
guint         tq_demo_faults_get_latency_max    (TqDemoFaults  *self);
void          tq_demo_faults_set_failure_rate   (TqDemoFaults  *self,
                                                 double         rate);
double        tq_demo_faults_get_failure_rate   (TqDemoFaults  *self);
void          tq_demo_faults_set_drop_rate      (TqDemoFaults  *self,
                                                 double         rate);
double        tq_demo_faults_get_drop_rate      (TqDemoFaults  *self);
void          tq_demo_faults_set_seed           (TqDemoFaults  *self,
                                                 guint32        seed);
guint32       tq_demo_faults_get_seed           (TqDemoFaults  *self);
void          tq_demo_faults_clear              (TqDemoFaults  *self);
TqDemoFault   tq_demo_faults_next               (TqDemoFaults  *self,
                                                 guint         *latency_ms,
                                                 guint         *status);
JsonNode     *tq_demo_faults_to_json            (TqDemoFaults  *self) G_GNUC_WARN_UNUSED_RESULT;
gboolean      tq_demo_faults_apply_json         (TqDemoFaults  *self,
                                                 JsonNode      *node,
                                                 gboolean       replace,
                                                 GError       **error);
gboolean      tq_demo_faults_parse_latency      (const char    *text,
                                                 guint         *min_ms,
                                                 guint         *max_ms,
                                                 GError       **error);

G_END_DECLS
