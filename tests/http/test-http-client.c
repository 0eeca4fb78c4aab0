/* test-http-client.c: requests and responses of TqHttpClient over loopback
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "http-test-util.h"
#include "tq-http-client-private.h"

typedef struct
{
  TqDemoServer *demo;
  RawServer    *raw;
  TqHttpClient *http;       /* for the demo server */
  TqHttpClient *raw_http;   /* for the raw server */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  f->demo = http_test_demo_server_new ();
  f->raw = raw_server_new ();
  f->http = tq_http_client_new (tq_demo_server_get_base_uri (f->demo));
  f->raw_http = tq_http_client_new (raw_server_get_base (f->raw));
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  http_test_wait_idle (f->http);
  http_test_wait_idle (f->raw_http);
  g_assert_finalize_object (f->http);
  g_assert_finalize_object (f->raw_http);
  g_clear_pointer (&f->raw, raw_server_free);
  http_test_demo_server_free (f->demo);
}

/* Sends and waits; returns the body or NULL with @error set. */
static JsonNode *
send_sync (TqHttpClient  *http,
           const char    *method,
           const char    *path,
           const char    *body,
           SoupMessage  **message,
           GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) json = body != NULL ? tq_test_json (body) : NULL;

  tq_http_client_send_async (http, method, path, json, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);

  return tq_http_client_send_finish (http, result, message, error);
}

static char *
json_text (JsonNode *node)
{
  return node != NULL ? json_to_string (node, FALSE) : g_strdup ("<none>");
}

#define assert_json(node, text) \
  G_STMT_START { \
    g_autofree char *__t = json_text (node); \
    g_assert_cmpstr (__t, ==, text); \
  } G_STMT_END

/* A GET of the demo server {{{ */

static void
test_get_json (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) todo = send_sync (f->http, "GET", "/todos/1", NULL, &message, &error);
  g_autoptr(JsonNode) list = NULL;

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (todo));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (todo), "id"), ==, 1);
  /* Parsed immutable: the cache shares it as it is. */
  g_assert_true (json_node_is_immutable (todo));
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  g_assert_nonnull (soup_message_headers_get_one (soup_message_get_response_headers (message), "ETag"));
  g_clear_object (&message);

  list = send_sync (f->http, "GET", "/todos?userId=2&_page=1&_limit=5", NULL, &message, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (list));
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 5);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (message), "X-Total-Count"),
                   ==, "10");
}

/* }}} */
/* Every status class {{{ */

static void
respond_status (RawConnection    *c,
                const RawRequest *request,
                gpointer          user_data)
{
  const char *path = request->path;
  guint status = g_ascii_strtoull (strrchr (path, '/') + 1, NULL, 10);

  switch (status)
    {
    case 100:
      raw_write (c, "HTTP/1.1 100 Continue\r\n\r\n", -1);
      raw_respond (c, 200, "OK", NULL, "{\"after\": \"continue\"}");
      break;
    case 204:
      raw_write (c, "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n", -1);
      raw_close (c);
      break;
    case 301:
      raw_respond (c, 301, "Moved Permanently", "Location: /status/200\r\n", "");
      break;
    case 418:
      raw_respond (c, 418, "I'm a teapot", NULL, "{\"detail\": \"short and stout\"}");
      break;
    case 502:
      raw_write (c,
                 "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nContent-Length: 20\r\n"
                 "Connection: close\r\n\r\n<html>gateway</html>", -1);
      raw_close (c);
      break;
    default:
      {
        g_autofree char *body = g_strdup_printf ("{\"status\": %u, \"message\": \"status %u\"}", status, status);

        raw_respond (c, status, "Scripted", NULL, body);
      }
    }
}

static void
test_status_classes (Fixture       *f,
                     gconstpointer  data)
{
  static const guint successes[] = { 100, 200, 201, 202, 203, 204 };
  static const guint failures[] = { 300, 304, 400, 401, 403, 404, 405, 408, 409, 410, 412,
                                    418, 422, 429, 499, 500, 501, 502, 503, 504, 599 };

  raw_server_add (f->raw, "/status/301", respond_status, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (successes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", successes[i]);

      raw_server_add (f->raw, path, respond_status, NULL);
    }
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", failures[i]);

      raw_server_add (f->raw, path, respond_status, NULL);
    }

  /* 1xx: informational answers are skipped; 2xx: data (204: null) */
  for (guint i = 0; i < G_N_ELEMENTS (successes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", successes[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = send_sync (f->raw_http, "GET", path, NULL, NULL, &error);

      g_test_message ("%s", path);
      g_assert_no_error (error);
      g_assert_nonnull (node);
      if (successes[i] == 204)
        g_assert_true (JSON_NODE_HOLDS_NULL (node));
      else if (successes[i] == 100)
        assert_json (node, "{\"after\":\"continue\"}");
      else
        g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "status"), ==, successes[i]);
    }

  /* 3xx (a redirect is followed), 4xx, 5xx: the code is the status */
  for (guint i = 0; i < G_N_ELEMENTS (failures); i++)
    {
      g_autofree char *path = g_strdup_printf ("/status/%u", failures[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = send_sync (f->raw_http, "GET", path, NULL, NULL, &error);
      JsonNode *body;

      g_test_message ("%s: %s", path, error ? error->message : "no error");
      g_assert_null (node);
      g_assert_error (error, TQ_HTTP_ERROR, (int) failures[i]);
      g_assert_cmpuint (tq_http_error_get_status (error), ==, failures[i]);
      g_assert_true (g_str_has_suffix (tq_http_error_get_uri (error), path));
      body = tq_http_error_get_body (error);

      if (failures[i] == 304)
        {
          /* A 304 has no body, by HTTP's rules */
          g_assert_null (body);
          g_assert_cmpstr (error->message, ==, "Scripted (HTTP 304)");
        }
      else if (failures[i] == 502)
        {
          /* Not JSON: no body, the standard text */
          g_assert_null (body);
          g_assert_cmpstr (tq_http_error_get_reason (error), ==, "Bad Gateway");
          g_assert_cmpstr (error->message, ==, "Bad Gateway (HTTP 502)");
        }
      else if (failures[i] == 418)
        {
          g_assert_cmpstr (tq_http_error_get_reason (error), ==, "I'm a teapot");
          g_assert_cmpstr (error->message, ==, "I'm a teapot (HTTP 418): short and stout");
        }
      else
        {
          g_autofree char *expected = g_strdup_printf ("Scripted (HTTP %u): status %u", failures[i], failures[i]);

          g_assert_nonnull (body);
          g_assert_cmpint (json_object_get_int_member (json_node_get_object (body), "status"), ==, failures[i]);
          g_assert_cmpstr (tq_http_error_get_reason (error), ==, "Scripted");
          g_assert_cmpstr (error->message, ==, expected);
        }
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(SoupMessage) message = NULL;
    g_autoptr(JsonNode) node = send_sync (f->raw_http, "GET", "/status/301", NULL, &message, &error);

    g_assert_no_error (error);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "status"), ==, 200);
    g_assert_cmpuint (raw_server_get_hits (f->raw, "/status/200"), ==, 2);   /* once above, once redirected */
  }
}

static void
test_demo_errors (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) changes = tq_test_json ("{\"completed\": true}");

  node = send_sync (f->http, "GET", "/todos/999", NULL, NULL, &error);
  g_assert_null (node);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Not Found (HTTP 404): There is no todo with id 999");
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (tq_http_error_get_body (error)), "error"),
                   ==, "Not Found");
  g_clear_error (&error);

  node = send_sync (f->http, "PATCH", "/todos", "{}", NULL, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_METHOD_NOT_ALLOWED);
  g_clear_error (&error);

  node = send_sync (f->http, "POST", "/todos", "{\"id\": 1, \"userId\": 1, \"title\": \"again\"}", NULL, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_CONFLICT);
  g_clear_error (&error);

  node = send_sync (f->http, "POST", "/todos", "{\"userId\": 1}", NULL, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_BAD_REQUEST);
  g_assert_false (tq_http_error_is_retryable (error));
  g_clear_error (&error);

  /* A header of our own: a failed If-Match is 412 */
  message = tq_http_client_new_message (f->http, "PATCH", "/todos/1", changes, &error);
  g_assert_no_error (error);
  soup_message_headers_replace (soup_message_get_request_headers (message), "If-Match", "\"999999\"");
  tq_http_client_send_message_async (f->http, message, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);
  node = tq_http_client_send_message_finish (f->http, result, &error);
  g_assert_null (node);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_PRECONDITION_FAILED);
  g_clear_error (&error);

  /* Injected server failures: 500 or 503, retryable */
  tq_demo_faults_set_failure_rate (tq_demo_server_get_faults (f->demo), 1.0);
  node = send_sync (f->http, "GET", "/todos/1", NULL, NULL, &error);
  g_assert_nonnull (error);
  g_assert_true (g_error_matches (error, TQ_HTTP_ERROR, 500) || g_error_matches (error, TQ_HTTP_ERROR, 503));
  g_assert_true (tq_http_error_is_retryable (error));
}

/* }}} */
/* Bodies {{{ */

static void
respond_body (RawConnection    *c,
              const RawRequest *request,
              gpointer          user_data)
{
  raw_respond (c, 200, "OK", NULL, user_data);
}

static void
test_malformed_json (Fixture       *f,
                     gconstpointer  data)
{
  static const char *bodies[] = {
    "{\"id\": 1,",          /* cut short, but complete as HTTP */
    "[1, 2",
    "{\"id\": 1} trailing",
    "hello",
    "{\"a\": }",
    "\xff\xfe\x00",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/malformed/%u", i);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = NULL;

      raw_server_add (f->raw, path, respond_body, (gpointer) bodies[i]);
      node = send_sync (f->raw_http, "GET", path, NULL, NULL, &error);
      g_test_message ("%s: %s", path, error ? error->message : "no error");
      g_assert_null (node);
      g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_RESPONSE);
      g_assert_false (tq_http_error_is_retryable (error));
      g_assert_cmpuint (tq_http_error_get_status (error), ==, 0);
    }
}

static void
test_empty_bodies (Fixture       *f,
                   gconstpointer  data)
{
  static const char *bodies[] = { "", "  \r\n\t " };
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) options = NULL;
  g_autoptr(SoupMessage) message = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    {
      g_autofree char *path = g_strdup_printf ("/empty/%u", i);
      g_autoptr(JsonNode) node = NULL;

      raw_server_add (f->raw, path, respond_body, (gpointer) bodies[i]);
      node = send_sync (f->raw_http, "GET", path, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_NULL (node));
    }

  /* The demo server's 204 */
  options = send_sync (f->http, "OPTIONS", "/todos", NULL, &message, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 204);
  g_assert_true (JSON_NODE_HOLDS_NULL (options));
}

static void
respond_big (RawConnection    *c,
             const RawRequest *request,
             gpointer          user_data)
{
  /* Announces 2 MiB, sends a little, then waits: the client must not wait
   * for the rest. */
  raw_write (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2097152\r\n\r\n[", -1);
  raw_sleep (c, 5000);
  raw_close (c);
}

static void
respond_endless (RawConnection    *c,
                 const RawRequest *request,
                 gpointer          user_data)
{
  g_autofree char *fill = g_strnfill (4096, '1');
  g_autofree char *chunk = g_strdup_printf ("1000\r\n%s\r\n", fill);

  raw_write (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                "1\r\n[\r\n", -1);
  raw_stream_forever (c, chunk);
}

static void
respond_exact (RawConnection    *c,
               const RawRequest *request,
               gpointer          user_data)
{
  /* 1000 bytes of JSON: a string of 998 characters */
  g_autofree char *fill = g_strnfill (998, 'a');
  g_autofree char *body = g_strdup_printf ("\"%s\"", fill);

  raw_respond (c, 200, "OK", NULL, body);
}

static void
test_oversized (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start;

  raw_server_add (f->raw, "/big", respond_big, NULL);
  raw_server_add (f->raw, "/endless", respond_endless, NULL);
  raw_server_add (f->raw, "/exact", respond_exact, NULL);
  tq_http_client_set_max_response_size (f->raw_http, 1000);
  tq_http_client_set_timeout (f->raw_http, 0);

  /* Content-Length says too much: refused before the body is read */
  start = g_get_monotonic_time ();
  node = send_sync (f->raw_http, "GET", "/big", NULL, NULL, &error);
  g_test_message ("%s", error->message);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_RESPONSE_TOO_LARGE);
  g_assert_false (tq_http_error_is_retryable (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  /* and the connection is closed, not drained */
  http_test_wait_until (raw_server_get_aborted (f->raw) == 1);
  g_clear_error (&error);

  /* An endless chunked body: stopped one byte past the limit */
  node = send_sync (f->raw_http, "GET", "/endless", NULL, NULL, &error);
  g_test_message ("%s", error->message);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_RESPONSE_TOO_LARGE);
  http_test_wait_until (raw_server_get_aborted (f->raw) == 2);
  g_clear_error (&error);

  /* Exactly at the limit is fine */
  node = send_sync (f->raw_http, "GET", "/exact", NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (json_node_get_string (node)), ==, 998);
  g_clear_pointer (&node, json_node_unref);

  tq_http_client_set_max_response_size (f->raw_http, 999);
  node = send_sync (f->raw_http, "GET", "/exact", NULL, NULL, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_RESPONSE_TOO_LARGE);
}

/* }}} */
/* Timeouts, drops, cancellation {{{ */

static void
respond_trickle (RawConnection    *c,
                 const RawRequest *request,
                 gpointer          user_data)
{
  raw_write (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n[", -1);
  for (guint i = 0; i < 40; i++)
    {
      raw_sleep (c, 100);
      raw_write (c, "1,", -1);
    }
  raw_close (c);
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start;

  /* A server that takes 3 s to answer */
  tq_demo_faults_set_latency (tq_demo_server_get_faults (f->demo), 3000, 3000);
  tq_http_client_set_timeout (f->http, 200);
  start = g_get_monotonic_time ();
  node = send_sync (f->http, "GET", "/todos/1", NULL, NULL, &error);
  g_test_message ("%s", error->message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_true (tq_http_error_is_retryable (error));
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_clear_error (&error);

  /* A server that answers at once but sends its body a byte at a time:
   * the timeout covers the whole response */
  raw_server_add (f->raw, "/trickle", respond_trickle, NULL);
  tq_http_client_set_timeout (f->raw_http, 300);
  start = g_get_monotonic_time ();
  node = send_sync (f->raw_http, "GET", "/trickle", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  http_test_wait_until (raw_server_get_aborted (f->raw) == 1);
}

static void
respond_truncated (RawConnection    *c,
                   const RawRequest *request,
                   gpointer          user_data)
{
  raw_write (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n"
                "[{\"id\": 1, \"title\": \"cut", -1);
  raw_sleep (c, 50);
  raw_close (c);
}

static void
respond_truncated_chunk (RawConnection    *c,
                         const RawRequest *request,
                         gpointer          user_data)
{
  /* A chunk announced as 0x20 bytes, cut after 10 */
  raw_write (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                "20\r\n[{\"id\": 1,", -1);
  raw_sleep (c, 50);
  raw_close (c);
}

static void
respond_truncated_chunked (RawConnection    *c,
                           const RawRequest *request,
                           gpointer          user_data)
{
  /* Cut between two chunks, before the last (empty) one */
  raw_write (c, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                "a\r\n[{\"id\": 1,\r\n", -1);
  raw_sleep (c, 50);
  raw_close (c);
}

static void
respond_nothing (RawConnection    *c,
                 const RawRequest *request,
                 gpointer          user_data)
{
  raw_close (c);
}

static void
test_dropped (Fixture       *f,
              gconstpointer  data)
{
  const char *paths[] = { "/truncated", "/truncated-chunk" };

  raw_server_add (f->raw, "/truncated", respond_truncated, NULL);
  raw_server_add (f->raw, "/truncated-chunk", respond_truncated_chunk, NULL);
  raw_server_add (f->raw, "/truncated-chunked", respond_truncated_chunked, NULL);
  raw_server_add (f->raw, "/nothing", respond_nothing, NULL);

  /* A connection dropped in the middle of the body */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) node = send_sync (f->raw_http, "GET", paths[i], NULL, NULL, &error);

      g_test_message ("%s: %s", paths[i], error ? error->message : "no error");
      g_assert_null (node);
      g_assert_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT);
      g_assert_true (tq_http_error_is_retryable (error));
    }

  /* Dropped between two chunks: libsoup 3.2 takes the end of the
   * connection for the end of the body there, so what is left to catch it
   * is the JSON parser. Never data. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = send_sync (f->raw_http, "GET", "/truncated-chunked", NULL, NULL, &error);

    g_test_message ("/truncated-chunked: %s", error ? error->message : "no error");
    g_assert_null (node);
    g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_RESPONSE);
  }

  /* Closed without an answer */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = send_sync (f->raw_http, "GET", "/nothing", NULL, NULL, &error);

    g_test_message ("/nothing: %s %s %d", error ? g_quark_to_string (error->domain) : "",
                    error ? error->message : "no error", error ? error->code : 0);
    g_assert_null (node);
    g_assert_nonnull (error);
    g_assert_true (error->domain == G_IO_ERROR);
    g_assert_true (tq_http_error_is_retryable (error));
  }

  /* The demo server's dropped connections */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) node = NULL;

    tq_demo_faults_set_drop_rate (tq_demo_server_get_faults (f->demo), 1.0);
    node = send_sync (f->http, "GET", "/todos/1", NULL, NULL, &error);
    g_test_message ("demo drop: %s %d", error ? error->message : "no error", error ? error->code : 0);
    g_assert_null (node);
    g_assert_true (error != NULL && error->domain == G_IO_ERROR);
    g_assert_true (tq_http_error_is_retryable (error));
  }
}

static void
test_connection_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *base = g_strdup (tq_demo_server_get_base_uri (f->demo));

  tq_demo_server_stop (f->demo);
  node = send_sync (f->http, "GET", "/todos/1", NULL, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_true (tq_http_error_is_retryable (error));
  g_assert_null (node);
}

static void
respond_slowly (RawConnection    *c,
                const RawRequest *request,
                gpointer          user_data)
{
  raw_sleep (c, 5000);
  raw_respond (c, 200, "OK", NULL, "[]");
}

static gboolean
cancel_later (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_cancel_in_flight (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) cancelled = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  gint64 start;

  raw_server_add (f->raw, "/slow", respond_slowly, NULL);

  start = g_get_monotonic_time ();
  tq_http_client_send_async (f->raw_http, "GET", "/slow", NULL, cancellable, http_test_store_result, &result);
  http_test_wait_until (raw_server_get_hits (f->raw, "/slow") == 1);
  g_timeout_add (50, cancel_later, cancellable);
  http_test_wait_result (&result);
  node = tq_http_client_send_finish (f->raw_http, result, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (tq_http_error_is_retryable (error));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  /* The request is aborted on the wire, not left to finish */
  http_test_wait_until (raw_server_get_aborted (f->raw) == 1);
  g_clear_error (&error);

  /* Cancelled before it starts */
  g_cancellable_cancel (cancelled);
  tq_http_client_send_async (f->raw_http, "GET", "/slow", NULL, cancelled, http_test_store_result, &result2);
  http_test_wait_result (&result2);
  node = tq_http_client_send_finish (f->raw_http, result2, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  http_test_run_for (50);
  g_assert_cmpuint (raw_server_get_hits (f->raw, "/slow"), ==, 1);   /* never sent */
}

/* }}} */
/* Headers and authorization {{{ */

static char *
authorize (TqHttpClient *client,
           SoupMessage  *message,
           gpointer      user_data)
{
  guint *calls = user_data;

  (*calls)++;
  if (g_str_has_suffix (g_uri_get_path (soup_message_get_uri (message)), "/public"))
    return NULL;
  return g_strdup_printf ("Bearer token-%u", *calls);
}

static void
set_flag (gpointer data)
{
  *(gboolean *) data = TRUE;
}

static void
test_headers_and_authorization (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  guint calls = 0;
  const RawRequest *request;
  gboolean destroyed = FALSE;

  raw_server_add (f->raw, "/private", respond_body, (gpointer) "{}");
  raw_server_add (f->raw, "/public", respond_body, (gpointer) "{}");
  tq_http_client_set_default_header (f->raw_http, "X-Client", "tq-test");
  tq_http_client_set_authorize_func (f->raw_http, authorize, &calls, NULL);

  json_node_unref (send_sync (f->raw_http, "GET", "/private", NULL, NULL, &error));
  g_assert_no_error (error);
  json_node_unref (send_sync (f->raw_http, "POST", "/private", "{\"a\": 1}", NULL, &error));
  g_assert_no_error (error);
  json_node_unref (send_sync (f->raw_http, "GET", "/public", NULL, NULL, &error));
  g_assert_no_error (error);

  /* asked for each request, just before it is sent */
  g_assert_cmpuint (calls, ==, 3);
  request = raw_server_get_request (f->raw, 0);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "authorization"), ==, "Bearer token-1");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "accept"), ==, "application/json");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "x-client"), ==, "tq-test");
  request = raw_server_get_request (f->raw, 1);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "authorization"), ==, "Bearer token-2");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-type"), ==, "application/json");
  request = raw_server_get_request (f->raw, 2);
  g_assert_null (g_hash_table_lookup (request->headers, "authorization"));

  /* A request's own headers win over the defaults and the hook */
  message = tq_http_client_new_message (f->raw_http, "GET", "/private", NULL, &error);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", "Basic xyz");
  soup_message_headers_replace (soup_message_get_request_headers (message), "X-Client", "mine");
  tq_http_client_send_message_async (f->raw_http, message, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);
  json_node_unref (tq_http_client_send_message_finish (f->raw_http, result, &error));
  g_assert_no_error (error);
  request = raw_server_get_request (f->raw, 3);
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "authorization"), ==, "Basic xyz");
  g_assert_cmpstr (g_hash_table_lookup (request->headers, "x-client"), ==, "mine");
  g_assert_cmpuint (calls, ==, 3);

  /* Replacing the hook frees the old data */
  tq_http_client_set_authorize_func (f->raw_http, authorize, &destroyed, set_flag);
  g_assert_false (destroyed);
  tq_http_client_set_authorize_func (f->raw_http, NULL, NULL, NULL);
  g_assert_true (destroyed);
}

/* }}} */
/* Writes {{{ */

static JsonNode *
mutate_sync (TqHttpClient  *http,
             const char    *method,
             const char    *template,
             const char    *variables,
             SoupMessage  **message,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) vars = variables != NULL ? tq_test_json (variables) : NULL;

  tq_http_client_mutate_async (http, method, template, vars, NULL, http_test_store_result, &result);
  http_test_wait_result (&result);

  return tq_http_client_mutate_finish (http, result, message, error);
}

static void
test_mutations (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) created = NULL;
  g_autoptr(JsonNode) put = NULL;
  g_autoptr(JsonNode) patched = NULL;
  g_autoptr(JsonNode) deleted = NULL;
  g_autoptr(JsonNode) gone = NULL;
  g_autoptr(JsonNode) nested = NULL;
  g_autoptr(JsonNode) bad = NULL;
  JsonObject *object;

  created = mutate_sync (f->http, "POST", "/todos", "{\"userId\": 1, \"title\": \"Call Ada\"}", &message, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 201);
  g_assert_true (g_str_has_suffix (soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                                 "Location"), "/todos/601"));
  object = json_node_get_object (created);
  g_assert_cmpint (json_object_get_int_member (object, "id"), ==, 601);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Call Ada");
  g_clear_object (&message);

  put = mutate_sync (f->http, "PUT", "/todos/{id}",
                     "{\"id\": 601, \"userId\": 2, \"title\": \"Call Grace\", \"completed\": false}", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (put), "userId"), ==, 2);

  patched = mutate_sync (f->http, "PATCH", "/todos/{id}", "{\"id\": 601, \"completed\": true}", NULL, &error);
  g_assert_no_error (error);
  object = json_node_get_object (patched);
  g_assert_true (json_object_get_boolean_member (object, "completed"));
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Call Grace");

  /* DELETE sends no body, whatever the variables */
  deleted = mutate_sync (f->http, "DELETE", "/todos/{id}", "{\"id\": 601, \"junk\": true}", &message, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (message), ==, 200);
  assert_json (deleted, "{}");

  gone = send_sync (f->http, "GET", "/todos/601", NULL, NULL, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A bare id as the variables, a nested resource */
  nested = mutate_sync (f->http, "POST", "/users/{userId}/todos", "{\"userId\": 3, \"title\": \"Nested\"}",
                        NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (nested), "userId"), ==, 3);
  json_node_unref (mutate_sync (f->http, "DELETE", "/todos/{id}", "601", NULL, &error));
  g_assert_no_error (error);

  /* The server's validation error comes back with its body */
  bad = mutate_sync (f->http, "POST", "/todos", "{\"userId\": 1, \"title\": 5}", NULL, &error);
  g_assert_null (bad);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_BAD_REQUEST);
  g_assert_nonnull (tq_http_error_get_body (error));
  g_clear_error (&error);

  /* A template the variables cannot fill: reported through the callback */
  g_clear_object (&message);
  bad = mutate_sync (f->http, "PATCH", "/todos/{id}", "{\"completed\": true}", &message, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (message);
}

static void
test_mutation_bodies (Fixture       *f,
                      gconstpointer  data)
{
  static const char *methods[] = { "POST", "PUT", "PATCH", "DELETE" };
  g_autoptr(GError) error = NULL;

  raw_server_add (f->raw, "/items/7", respond_body, (gpointer) "{\"ok\": true}");

  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      g_autoptr(JsonNode) node = mutate_sync (f->raw_http, methods[i], "/items/{id}",
                                              "{\"id\": 7, \"name\": \"x\"}", NULL, &error);
      const RawRequest *request = raw_server_get_request (f->raw, i);
      const char *length = g_hash_table_lookup (request->headers, "content-length");

      g_assert_no_error (error);
      assert_json (node, "{\"ok\":true}");
      g_assert_cmpstr (request->method, ==, methods[i]);
      g_assert_cmpstr (request->path, ==, "/items/7");
      if (g_str_equal (methods[i], "DELETE"))
        {
          g_assert_true (length == NULL || g_str_equal (length, "0"));
        }
      else
        {
          g_assert_cmpstr (length, ==, "19");
          g_assert_cmpstr (g_hash_table_lookup (request->headers, "content-type"), ==, "application/json");
        }
    }
}

static void
test_invalid_request (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(TqHttpClient) none = tq_http_client_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(JsonNode) node = send_sync (none, "GET", "/todos", NULL, &message, &error);

  g_assert_null (node);
  g_assert_null (message);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define FIXTURE_TEST(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  FIXTURE_TEST ("/http/client/get-json", test_get_json);
  FIXTURE_TEST ("/http/client/status-classes", test_status_classes);
  FIXTURE_TEST ("/http/client/demo-errors", test_demo_errors);
  FIXTURE_TEST ("/http/client/malformed-json", test_malformed_json);
  FIXTURE_TEST ("/http/client/empty-bodies", test_empty_bodies);
  FIXTURE_TEST ("/http/client/oversized", test_oversized);
  FIXTURE_TEST ("/http/client/timeout", test_timeout);
  FIXTURE_TEST ("/http/client/dropped", test_dropped);
  FIXTURE_TEST ("/http/client/connection-refused", test_connection_refused);
  FIXTURE_TEST ("/http/client/cancel-in-flight", test_cancel_in_flight);
  FIXTURE_TEST ("/http/client/headers-and-authorization", test_headers_and_authorization);
  FIXTURE_TEST ("/http/client/mutations", test_mutations);
  FIXTURE_TEST ("/http/client/mutation-bodies", test_mutation_bodies);
  FIXTURE_TEST ("/http/client/invalid-request", test_invalid_request);
#undef FIXTURE_TEST

  return g_test_run ();
}
