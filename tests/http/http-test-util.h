/* http-test-util.h: servers and main-loop helpers for the HTTP tests
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <tq.h>

#include "tq-demo-server.h"
#include "tq-test-util.h"

G_BEGIN_DECLS

/* Pumps the thread-default main context until @cond holds. libsoup's I/O
 * runs on real time, so this blocks in the main loop; a real-time safety
 * deadline turns a hang into a failure. */
#define http_test_wait_until(cond) \
  G_STMT_START { \
    HttpTestDeadline *__d = http_test_deadline_new (10000); \
    while (!(cond)) \
      { \
        if (http_test_deadline_passed (__d)) \
          g_error ("%s:%d: timed out waiting for %s", __FILE__, __LINE__, #cond); \
        g_main_context_iteration (NULL, TRUE); \
      } \
    http_test_deadline_free (__d); \
  } G_STMT_END

typedef struct _HttpTestDeadline HttpTestDeadline;

HttpTestDeadline *http_test_deadline_new    (guint             timeout_ms);
gboolean          http_test_deadline_passed (HttpTestDeadline *deadline);
void              http_test_deadline_free   (HttpTestDeadline *deadline);

/* Runs the main loop for @ms of real time (for checking that nothing more
 * happens). */
void              http_test_run_for         (guint             ms);
void              http_test_drain           (void);

/* Stores an async result for the test to wait on. */
void              http_test_store_result    (GObject          *source,
                                             GAsyncResult     *result,
                                             gpointer          user_data);
GAsyncResult     *http_test_wait_result     (GAsyncResult    **slot);

/* A raw HTTP server on loopback whose answers are scripted byte by byte:
 * for what a well-behaved server never does (malformed or truncated
 * bodies, trickling, endless bodies, dropped connections). */
typedef struct _RawServer     RawServer;
typedef struct _RawConnection RawConnection;

typedef struct
{
  char       *method;
  char       *path;
  GHashTable *headers;   /* lower-case name → value */
} RawRequest;

typedef void (*RawHandler) (RawConnection    *connection,
                            const RawRequest *request,
                            gpointer          user_data);

RawServer        *raw_server_new            (void);
void              raw_server_free           (RawServer        *server);
const char       *raw_server_get_base       (RawServer        *server);
void              raw_server_add            (RawServer        *server,
                                             const char       *path,
                                             RawHandler        handler,
                                             gpointer          user_data);
guint             raw_server_get_hits       (RawServer        *server,
                                             const char       *path);
guint             raw_server_get_aborted    (RawServer        *server);
guint             raw_server_get_connections (RawServer       *server);
const RawRequest *raw_server_get_request    (RawServer        *server,
                                             guint             index);
guint             raw_server_get_n_requests (RawServer        *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RawServer, raw_server_free)

/* Script steps, run in order once the handler returns. */
void              raw_write                 (RawConnection    *connection,
                                             const char       *data,
                                             gssize            length);
void              raw_write_printf          (RawConnection    *connection,
                                             const char       *format,
                                             ...) G_GNUC_PRINTF (2, 3);
void              raw_sleep                 (RawConnection    *connection,
                                             guint             ms);
void              raw_stream_forever        (RawConnection    *connection,
                                             const char       *chunk);
void              raw_close                 (RawConnection    *connection);

/* Writes a complete response with Content-Length and Connection: close. */
void              raw_respond               (RawConnection    *connection,
                                             guint             status,
                                             const char       *reason,
                                             const char       *extra_headers,
                                             const char       *body);

/* Records what a SoupSession sends: one line per request, "GET /todos/1",
 * with the If-None-Match, If-Match and Authorization it carried and, once done, the
 * status. */
typedef struct
{
  char  *method;
  char  *path;   /* path and query */
  char  *if_none_match;
  char  *if_match;
  char  *authorization;
  guint  status;
} SentRequest;

typedef struct _SessionLog SessionLog;

SessionLog       *session_log_new           (SoupSession      *session);
void              session_log_free          (SessionLog       *log);
guint             session_log_count         (SessionLog       *log,
                                             const char       *method,
                                             const char       *path);
guint             session_log_count_done    (SessionLog       *log,
                                             const char       *method,
                                             const char       *path);
guint             session_log_length        (SessionLog       *log);
const SentRequest *session_log_get          (SessionLog       *log,
                                             guint             index);
const SentRequest *session_log_last         (SessionLog       *log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SessionLog, session_log_free)

/* A demo server on loopback, in memory, and an HTTP client for it. */
TqDemoServer     *http_test_demo_server_new (void);
void              http_test_demo_server_free (TqDemoServer    *server);

/* Waits until @client has no request in flight. */
void              http_test_wait_idle       (TqHttpClient     *client);

G_END_DECLS
