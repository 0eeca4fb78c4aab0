/* http-test-util.c: servers and main-loop helpers for the HTTP tests
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "http-test-util.h"
#include "tq-http-client-private.h"

/* Main loop {{{ */

struct _HttpTestDeadline
{
  gint64 deadline;
  guint  tick;
};

static gboolean
tick (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

HttpTestDeadline *
http_test_deadline_new (guint timeout_ms)
{
  HttpTestDeadline *d = g_new0 (HttpTestDeadline, 1);

  d->deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  /* Wakes the blocking iteration now and then, to check the deadline. */
  d->tick = g_timeout_add (100, tick, NULL);

  return d;
}

gboolean
http_test_deadline_passed (HttpTestDeadline *d)
{
  return g_get_monotonic_time () > d->deadline;
}

void
http_test_deadline_free (HttpTestDeadline *d)
{
  g_source_remove (d->tick);
  g_free (d);
}

static gboolean
set_true (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
http_test_run_for (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, set_true, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

void
http_test_drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

void
http_test_store_result (GObject      *source,
                        GAsyncResult *result,
                        gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

GAsyncResult *
http_test_wait_result (GAsyncResult **slot)
{
  http_test_wait_until (*slot != NULL);
  return *slot;
}

/* }}} */
/* Raw server {{{ */

typedef enum
{
  OP_WRITE,
  OP_SLEEP,
  OP_FOREVER,
  OP_CLOSE,
} OpType;

typedef struct
{
  OpType  type;
  GBytes *data;
  guint   ms;
} Op;

typedef struct
{
  char       *path;
  RawHandler  handler;
  gpointer    user_data;
  guint       hits;
} Route;

struct _RawServer
{
  GSocketService *service;
  char           *base;
  GPtrArray      *routes;
  GPtrArray      *requests;
  GPtrArray      *connections;
  guint           n_connections;
  guint           aborted;
};

struct _RawConnection
{
  gatomicrefcount    ref_count;
  RawServer         *server;
  GSocketConnection *connection;
  GCancellable      *cancellable;
  GByteArray        *input;
  gsize              body_needed;
  gsize              header_end;
  GQueue             ops;
  Op                *writing;
  gboolean           finished;
  gboolean           aborted;
};

static void
op_free (Op *op)
{
  g_clear_pointer (&op->data, g_bytes_unref);
  g_free (op);
}

static void
raw_request_free (RawRequest *request)
{
  g_free (request->method);
  g_free (request->path);
  g_hash_table_unref (request->headers);
  g_free (request);
}

static RawConnection *
raw_connection_ref (RawConnection *c)
{
  g_atomic_ref_count_inc (&c->ref_count);
  return c;
}

static void
raw_connection_unref (RawConnection *c)
{
  if (!g_atomic_ref_count_dec (&c->ref_count))
    return;

  g_queue_clear_full (&c->ops, (GDestroyNotify) op_free);
  g_clear_pointer (&c->writing, op_free);
  g_clear_object (&c->cancellable);
  g_clear_object (&c->connection);
  g_clear_pointer (&c->input, g_byte_array_unref);
  g_free (c);
}

static void
mark_aborted (RawConnection *c)
{
  if (c->aborted || c->finished)
    return;
  c->aborted = TRUE;
  if (c->server != NULL)
    c->server->aborted++;
}

static void
finish (RawConnection *c)
{
  if (c->finished)
    return;
  c->finished = TRUE;
  g_cancellable_cancel (c->cancellable);
  g_io_stream_close (G_IO_STREAM (c->connection), NULL, NULL);
  if (c->server != NULL)
    g_ptr_array_remove (c->server->connections, c);
}

static void run_ops (RawConnection *c);

static void
on_written (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  RawConnection *c = user_data;
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&c->writing, op_free);

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        mark_aborted (c);
      finish (c);
      raw_connection_unref (c);
      return;
    }

  run_ops (c);
  raw_connection_unref (c);
}

static gboolean
on_slept (gpointer user_data)
{
  RawConnection *c = user_data;

  run_ops (c);
  return G_SOURCE_REMOVE;
}

static void
run_ops (RawConnection *c)
{
  GOutputStream *out;
  Op *op;

  if (c->finished)
    return;

  op = g_queue_peek_head (&c->ops);
  if (op == NULL)
    {
      finish (c);
      return;
    }

  out = g_io_stream_get_output_stream (G_IO_STREAM (c->connection));

  switch (op->type)
    {
    case OP_WRITE:
      /* The bytes live until the write is done. */
      c->writing = g_queue_pop_head (&c->ops);
      g_output_stream_write_all_async (out, g_bytes_get_data (op->data, NULL), g_bytes_get_size (op->data),
                                       G_PRIORITY_DEFAULT, c->cancellable, on_written, raw_connection_ref (c));
      break;

    case OP_SLEEP:
      g_queue_pop_head (&c->ops);
      g_timeout_add_full (G_PRIORITY_DEFAULT, op->ms, on_slept, raw_connection_ref (c),
                          (GDestroyNotify) raw_connection_unref);
      op_free (op);
      break;

    case OP_FOREVER:
      /* Stays at the head: written again and again until the peer goes. */
      g_output_stream_write_all_async (out, g_bytes_get_data (op->data, NULL), g_bytes_get_size (op->data),
                                       G_PRIORITY_DEFAULT, c->cancellable, on_written, raw_connection_ref (c));
      break;

    case OP_CLOSE:
    default:
      g_queue_pop_head (&c->ops);
      op_free (op);
      finish (c);
      break;
    }
}

static void
on_watch_read (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  RawConnection *c = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      raw_connection_unref (c);
      return;
    }

  /* The client closed its side (or reset) before we were done. */
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      mark_aborted (c);
      finish (c);
      raw_connection_unref (c);
      return;
    }

  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT,
                                   c->cancellable, on_watch_read, c);
}

static void
dispatch (RawConnection *c)
{
  g_autofree char *head = g_strndup ((const char *) c->input->data, c->header_end);
  g_auto(GStrv) lines = g_strsplit (head, "\r\n", -1);
  g_auto(GStrv) words = NULL;
  RawRequest *request;
  GInputStream *in;

  request = g_new0 (RawRequest, 1);
  request->headers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  words = g_strsplit (lines[0], " ", 3);
  request->method = g_strdup (words[0]);
  request->path = g_strdup (words[1] != NULL ? words[1] : "/");
  for (guint i = 1; lines[i] != NULL; i++)
    {
      const char *colon = strchr (lines[i], ':');

      if (colon == NULL)
        continue;
      g_hash_table_replace (request->headers,
                            g_ascii_strdown (lines[i], colon - lines[i]),
                            g_strstrip (g_strdup (colon + 1)));
    }
  g_ptr_array_add (c->server->requests, request);

  for (guint i = 0; i < c->server->routes->len; i++)
    {
      Route *route = g_ptr_array_index (c->server->routes, i);
      g_autofree char *path_only = g_strndup (request->path, strcspn (request->path, "?"));

      if (g_str_equal (route->path, path_only))
        {
          route->hits++;
          route->handler (c, request, route->user_data);
          break;
        }
    }

  if (g_queue_is_empty (&c->ops))
    raw_respond (c, 404, "Not Found", NULL, "{\"error\": \"no route\"}");

  /* Watch for the client going away while we answer. */
  in = g_io_stream_get_input_stream (G_IO_STREAM (c->connection));
  g_input_stream_read_bytes_async (in, 4096, G_PRIORITY_DEFAULT, c->cancellable, on_watch_read,
                                   raw_connection_ref (c));
  run_ops (c);
}

static void
on_request_read (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  RawConnection *c = user_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      finish (c);
      raw_connection_unref (c);
      return;
    }

  g_byte_array_append (c->input, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));

  if (c->header_end == 0)
    {
      const char *data = (const char *) c->input->data;

      for (gsize i = 0; i + 3 < c->input->len; i++)
        if (memcmp (data + i, "\r\n\r\n", 4) == 0)
          {
            g_autofree char *head = g_ascii_strdown (data, i);
            const char *length = strstr (head, "\r\ncontent-length:");

            c->header_end = i;
            if (length != NULL)
              c->body_needed = g_ascii_strtoull (length + strlen ("\r\ncontent-length:"), NULL, 10);
            break;
          }
    }

  if (c->header_end != 0 && c->input->len >= c->header_end + 4 + c->body_needed)
    {
      dispatch (c);
      raw_connection_unref (c);
      return;
    }

  g_input_stream_read_bytes_async (G_INPUT_STREAM (source), 4096, G_PRIORITY_DEFAULT,
                                   c->cancellable, on_request_read, c);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             gpointer           user_data)
{
  RawServer *server = user_data;
  RawConnection *c = g_new0 (RawConnection, 1);

  g_atomic_ref_count_init (&c->ref_count);
  c->server = server;
  c->connection = g_object_ref (connection);
  c->cancellable = g_cancellable_new ();
  c->input = g_byte_array_new ();
  g_queue_init (&c->ops);
  server->n_connections++;
  g_ptr_array_add (server->connections, c);

  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), 4096,
                                   G_PRIORITY_DEFAULT, c->cancellable, on_request_read,
                                   raw_connection_ref (c));

  return TRUE;
}

static void
route_free (Route *route)
{
  g_free (route->path);
  g_free (route);
}

RawServer *
raw_server_new (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  RawServer *server = g_new0 (RawServer, 1);

  server->routes = g_ptr_array_new_with_free_func ((GDestroyNotify) route_free);
  server->requests = g_ptr_array_new_with_free_func ((GDestroyNotify) raw_request_free);
  server->connections = g_ptr_array_new_with_free_func ((GDestroyNotify) raw_connection_unref);
  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &effective, &error);
  g_assert_no_error (error);
  server->base = g_strdup_printf ("http://127.0.0.1:%u",
                                  g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective)));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);

  return server;
}

void
raw_server_free (RawServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  while (server->connections->len > 0)
    {
      RawConnection *c = g_ptr_array_index (server->connections, 0);

      c->server = NULL;
      c->finished = TRUE;
      g_cancellable_cancel (c->cancellable);
      g_io_stream_close (G_IO_STREAM (c->connection), NULL, NULL);
      g_ptr_array_remove_index (server->connections, 0);
    }
  http_test_drain ();
  g_clear_object (&server->service);
  g_ptr_array_unref (server->routes);
  g_ptr_array_unref (server->requests);
  g_ptr_array_unref (server->connections);
  g_free (server->base);
  g_free (server);
}

const char *
raw_server_get_base (RawServer *server)
{
  return server->base;
}

void
raw_server_add (RawServer  *server,
                const char *path,
                RawHandler  handler,
                gpointer    user_data)
{
  Route *route = g_new0 (Route, 1);

  route->path = g_strdup (path);
  route->handler = handler;
  route->user_data = user_data;
  g_ptr_array_add (server->routes, route);
}

guint
raw_server_get_hits (RawServer  *server,
                     const char *path)
{
  for (guint i = 0; i < server->routes->len; i++)
    {
      Route *route = g_ptr_array_index (server->routes, i);

      if (g_str_equal (route->path, path))
        return route->hits;
    }

  return 0;
}

guint
raw_server_get_aborted (RawServer *server)
{
  return server->aborted;
}

guint
raw_server_get_connections (RawServer *server)
{
  return server->n_connections;
}

const RawRequest *
raw_server_get_request (RawServer *server,
                        guint      index)
{
  g_assert_cmpuint (index, <, server->requests->len);
  return g_ptr_array_index (server->requests, index);
}

guint
raw_server_get_n_requests (RawServer *server)
{
  return server->requests->len;
}

static void
push_op (RawConnection *c,
         OpType         type,
         GBytes        *data,
         guint          ms)
{
  Op *op = g_new0 (Op, 1);

  op->type = type;
  op->data = data;
  op->ms = ms;
  g_queue_push_tail (&c->ops, op);
}

void
raw_write (RawConnection *c,
           const char    *data,
           gssize         length)
{
  if (length < 0)
    length = strlen (data);
  push_op (c, OP_WRITE, g_bytes_new (data, length), 0);
}

void
raw_write_printf (RawConnection *c,
                  const char    *format,
                  ...)
{
  va_list args;
  char *text;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  push_op (c, OP_WRITE, g_bytes_new_take (text, strlen (text)), 0);
}

void
raw_sleep (RawConnection *c,
           guint          ms)
{
  push_op (c, OP_SLEEP, NULL, ms);
}

void
raw_stream_forever (RawConnection *c,
                    const char    *chunk)
{
  push_op (c, OP_FOREVER, g_bytes_new (chunk, strlen (chunk)), 0);
}

void
raw_close (RawConnection *c)
{
  push_op (c, OP_CLOSE, NULL, 0);
}

void
raw_respond (RawConnection *c,
             guint          status,
             const char    *reason,
             const char    *extra_headers,
             const char    *body)
{
  raw_write_printf (c,
                    "HTTP/1.1 %u %s\r\n"
                    "Content-Type: application/json\r\n"
                    "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                    "Connection: close\r\n"
                    "%s"
                    "\r\n"
                    "%s",
                    status, reason, body != NULL ? strlen (body) : 0,
                    extra_headers != NULL ? extra_headers : "",
                    body != NULL ? body : "");
  raw_close (c);
}

/* }}} */
/* Session log {{{ */

struct _SessionLog
{
  SoupSession *session;
  GPtrArray   *entries;
  GPtrArray   *messages;
};

static void
sent_request_free (SentRequest *sent)
{
  g_free (sent->method);
  g_free (sent->path);
  g_free (sent->if_none_match);
  g_free (sent->if_match);
  g_free (sent->authorization);
  g_free (sent);
}

static void
on_got_headers (SoupMessage *message,
                SentRequest *sent)
{
  sent->status = soup_message_get_status (message);
}

static void
on_request_queued (SoupSession *session,
                   SoupMessage *message,
                   SessionLog  *log)
{
  SentRequest *sent = g_new0 (SentRequest, 1);
  GUri *uri = soup_message_get_uri (message);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  sent->method = g_strdup (soup_message_get_method (message));
  if (g_uri_get_query (uri) != NULL)
    sent->path = g_strconcat (g_uri_get_path (uri), "?", g_uri_get_query (uri), NULL);
  else
    sent->path = g_strdup (g_uri_get_path (uri));
  sent->if_none_match = g_strdup (soup_message_headers_get_one (headers, "If-None-Match"));
  sent->if_match = g_strdup (soup_message_headers_get_one (headers, "If-Match"));
  sent->authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));

  g_ptr_array_add (log->entries, sent);
  g_ptr_array_add (log->messages, g_object_ref (message));
  g_signal_connect (message, "got-headers", G_CALLBACK (on_got_headers), sent);
}

static void
on_request_unqueued (SoupSession *session,
                     SoupMessage *message,
                     SessionLog  *log)
{
  for (guint i = log->messages->len; i > 0; i--)
    if (g_ptr_array_index (log->messages, i - 1) == message)
      {
        SentRequest *sent = g_ptr_array_index (log->entries, i - 1);

        /* 1 for a transport failure (no status) */
        if (sent->status == 0)
          sent->status = soup_message_get_status (message) != 0 ? soup_message_get_status (message) : 1;
        g_signal_handlers_disconnect_by_func (message, on_got_headers, sent);
        return;
      }
}

SessionLog *
session_log_new (SoupSession *session)
{
  SessionLog *log = g_new0 (SessionLog, 1);

  log->session = g_object_ref (session);
  log->entries = g_ptr_array_new_with_free_func ((GDestroyNotify) sent_request_free);
  log->messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_signal_connect (session, "request-queued", G_CALLBACK (on_request_queued), log);
  g_signal_connect (session, "request-unqueued", G_CALLBACK (on_request_unqueued), log);

  return log;
}

void
session_log_free (SessionLog *log)
{
  g_signal_handlers_disconnect_by_data (log->session, log);
  for (guint i = 0; i < log->messages->len; i++)
    g_signal_handlers_disconnect_by_func (g_ptr_array_index (log->messages, i), on_got_headers,
                                          g_ptr_array_index (log->entries, i));
  g_object_unref (log->session);
  g_ptr_array_unref (log->entries);
  g_ptr_array_unref (log->messages);
  g_free (log);
}

static guint
count (SessionLog *log,
       const char *method,
       const char *path,
       gboolean    done)
{
  guint n = 0;

  for (guint i = 0; i < log->entries->len; i++)
    {
      SentRequest *sent = g_ptr_array_index (log->entries, i);

      if ((method == NULL || g_str_equal (sent->method, method)) &&
          (path == NULL || g_str_equal (sent->path, path)) &&
          (!done || sent->status != 0))
        n++;
    }

  return n;
}

guint
session_log_count (SessionLog *log,
                   const char *method,
                   const char *path)
{
  return count (log, method, path, FALSE);
}

guint
session_log_count_done (SessionLog *log,
                        const char *method,
                        const char *path)
{
  return count (log, method, path, TRUE);
}

guint
session_log_length (SessionLog *log)
{
  return log->entries->len;
}

const SentRequest *
session_log_get (SessionLog *log,
                 guint       index)
{
  g_assert_cmpuint (index, <, log->entries->len);
  return g_ptr_array_index (log->entries, index);
}

const SentRequest *
session_log_last (SessionLog *log)
{
  g_assert_cmpuint (log->entries->len, >, 0);
  return g_ptr_array_index (log->entries, log->entries->len - 1);
}

/* }}} */
/* Demo server {{{ */

TqDemoServer *
http_test_demo_server_new (void)
{
  g_autoptr(GError) error = NULL;
  TqDemoServer *server = tq_demo_server_new_in_memory ();

  tq_demo_server_listen (server, NULL, 0, &error);
  g_assert_no_error (error);

  return server;
}

void
http_test_demo_server_free (TqDemoServer *server)
{
  tq_demo_server_stop (server);
  http_test_drain ();
  g_assert_finalize_object (server);
  http_test_drain ();
}

void
http_test_wait_idle (TqHttpClient *client)
{
  http_test_wait_until (_tq_http_client_get_n_requests (client) == 0);
}

/* }}} */
