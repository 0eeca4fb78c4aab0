/* demo-test-utils.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "demo-test-utils.h"

static void
fixture_start (ServerFixture *f)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (tq_demo_server_listen (f->server, NULL, 0, &error));
  g_assert_no_error (error);
  f->store = tq_demo_server_get_store (f->server);
  f->base = g_strdup (tq_demo_server_get_base_uri (f->server));
  g_assert_true (g_str_has_prefix (f->base, "http://127.0.0.1:"));
  f->session = test_session_new ();
}

void
server_fixture_setup_memory (ServerFixture *f,
                             gconstpointer  data)
{
  f->server = tq_demo_server_new_in_memory ();
  fixture_start (f);
}

void
server_fixture_setup_file (ServerFixture *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) dir = NULL;

  f->tmpdir = test_make_tmpdir ();
  dir = g_file_new_for_path (f->tmpdir);
  f->server = tq_demo_server_new_for_directory (dir, &error);
  g_assert_no_error (error);
  fixture_start (f);
}

void
server_fixture_teardown (ServerFixture *f,
                         gconstpointer  data)
{
  soup_session_abort (f->session);
  g_assert_finalize_object (f->session);
  tq_demo_server_stop (f->server);
  test_drain_main_context ();
  g_assert_finalize_object (f->server);
  test_drain_main_context ();
  g_free (f->base);
  if (f->tmpdir != NULL)
    {
      test_remove_tree (f->tmpdir);
      g_free (f->tmpdir);
    }
}

void
test_response_free (TestResponse *response)
{
  g_clear_pointer (&response->headers, soup_message_headers_unref);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_clear_pointer (&response->json, json_node_unref);
  g_clear_error (&response->error);
  g_free (response);
}

SoupSession *
test_session_new (void)
{
  /* Enough connections for the concurrent tests; no proxy lookups */
  return soup_session_new_with_options ("max-conns", 256,
                                        "max-conns-per-host", 256,
                                        "proxy-resolver", NULL,
                                        "timeout", 20,
                                        NULL);
}

SoupMessage *
test_message_new (const char *method,
                  const char *uri,
                  const char *body)
{
  SoupMessage *msg = soup_message_new (method, uri);

  g_assert_nonnull (msg);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }

  return msg;
}

typedef struct
{
  TestResponse *response;
  gboolean      done;
} SendData;

static void
send_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  SendData *data = user_data;

  data->response->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &data->response->error);
  data->done = TRUE;
}

TestResponse *
test_send (SoupSession *session,
           SoupMessage *msg)
{
  SendData data = { g_new0 (TestResponse, 1), FALSE };
  g_autoptr(JsonParser) parser = json_parser_new ();

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, send_cb, &data);
  test_spin_until (&data.done, 30000);

  if (data.response->error == NULL)
    {
      gsize size;
      const char *text = g_bytes_get_data (data.response->body, &size);

      data.response->status = soup_message_get_status (msg);
      if (size > 0 && json_parser_load_from_data (parser, text, size, NULL))
        data.response->json = json_node_ref (json_parser_get_root (parser));
    }
  data.response->headers = soup_message_headers_ref (soup_message_get_response_headers (msg));

  return data.response;
}

static TestResponse *
test_request_valist (SoupSession *session,
                     const char  *method,
                     const char  *uri,
                     const char  *body,
                     va_list      args)
{
  g_autoptr(SoupMessage) msg = test_message_new (method, uri, body);
  const char *name;

  while ((name = va_arg (args, const char *)) != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), name, va_arg (args, const char *));

  return test_send (session, msg);
}

/* Sends a request and waits for its response; the varargs are pairs of
 * request header name and value, ending with NULL. */
TestResponse *
test_request (SoupSession *session,
              const char  *method,
              const char  *uri,
              const char  *body,
              ...)
{
  TestResponse *response;
  va_list args;

  va_start (args, body);
  response = test_request_valist (session, method, uri, body, args);
  va_end (args);

  return response;
}

TestResponse *
test_fixture_request (ServerFixture *f,
                      const char    *method,
                      const char    *path,
                      const char    *body,
                      ...)
{
  g_autofree char *uri = g_strconcat (f->base, path, NULL);
  TestResponse *response;
  va_list args;

  va_start (args, body);
  response = test_request_valist (f->session, method, uri, body, args);
  va_end (args);

  return response;
}

const char *
test_response_header (TestResponse *response,
                      const char   *name)
{
  return soup_message_headers_get_one (response->headers, name);
}

JsonObject *
test_response_object (TestResponse *response)
{
  g_assert_no_error (response->error);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (response->json));

  return json_node_get_object (response->json);
}

JsonArray *
test_response_array (TestResponse *response)
{
  g_assert_no_error (response->error);
  g_assert_nonnull (response->json);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (response->json));

  return json_node_get_array (response->json);
}

/* Checks an error response: the status, a JSON body of the documented
 * shape, and that the message mentions @message_part. */
void
test_assert_error_body (TestResponse *response,
                        guint         status,
                        const char   *message_part)
{
  JsonObject *object;

  g_assert_cmpuint (response->status, ==, status);
  g_assert_cmpstr (test_response_header (response, "Content-Type"), ==, "application/json; charset=utf-8");
  object = test_response_object (response);
  g_assert_cmpint (json_object_get_int_member (object, "status"), ==, status);
  g_assert_cmpstr (json_object_get_string_member (object, "error"), ==, soup_status_get_phrase (status));
  if (message_part != NULL && strstr (json_object_get_string_member (object, "message"), message_part) == NULL)
    g_error ("error message “%s” does not mention “%s”",
             json_object_get_string_member (object, "message"), message_part);
}

static gboolean
spin_timeout (gpointer user_data)
{
  g_error ("timed out waiting on the main loop");

  return G_SOURCE_REMOVE;
}

/* Iterates the thread-default main context until *done; a test that would
 * hang fails instead. */
void
test_spin_until (gboolean *done,
                 guint     timeout_ms)
{
  GSource *timeout = g_timeout_source_new (timeout_ms);

  g_source_set_callback (timeout, spin_timeout, NULL, NULL);
  g_source_attach (timeout, g_main_context_get_thread_default ());
  while (!*done)
    g_main_context_iteration (g_main_context_get_thread_default (), TRUE);
  g_source_destroy (timeout);
  g_source_unref (timeout);
}

void
test_drain_main_context (void)
{
  while (g_main_context_iteration (g_main_context_get_thread_default (), FALSE))
    ;
}

typedef struct
{
  char     *line;
  GError   *error;
  gboolean  done;
} ReadLine;

static void
read_line_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadLine *data = user_data;

  data->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result, NULL, &data->error);
  data->done = TRUE;
}

/* Starts the real tq-demo-server (the path is in $TQ_DEMO_SERVER) with
 * @args, and waits for its "Listening on URL" line. Its stdout is a pipe,
 * so that it never reaches the TAP stream; its stderr is the test's. */
GSubprocess *
test_spawn_server (const char * const  *args,
                   char               **base)
{
  const char *program = g_getenv ("TQ_DEMO_SERVER");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  GSubprocess *process;
  ReadLine data = { NULL, NULL, FALSE };

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);

  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (lines, G_PRIORITY_DEFAULT, NULL, read_line_cb, &data);
  test_spin_until (&data.done, 30000);
  g_assert_no_error (data.error);
  g_assert_nonnull (data.line);
  g_assert_true (g_str_has_prefix (data.line, "Listening on http://127.0.0.1:"));
  *base = g_strdup (data.line + strlen ("Listening on "));
  g_free (data.line);

  return process;
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error));
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Waits for @process to end, on the main loop, and returns its raw wait
 * status */
int
test_wait_exit (GSubprocess *process)
{
  gboolean done = FALSE;

  g_subprocess_wait_async (process, NULL, wait_cb, &done);
  test_spin_until (&done, 30000);

  return g_subprocess_get_status (process);
}

/* A clean shutdown: the program exits with status 0 (which, in a
 * sanitizer build, also means that LeakSanitizer found no leak) */
void
test_signal_and_expect_clean_exit (GSubprocess *process,
                                   int          signum)
{
  g_subprocess_send_signal (process, signum);
  test_wait_exit (process);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
}

char *
test_make_tmpdir (void)
{
  g_autoptr(GError) error = NULL;
  char *path = g_dir_make_tmp ("tq-demo-server-test-XXXXXX", &error);

  g_assert_no_error (error);

  return path;
}

void
test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR))
            test_remove_tree (child);
          else
            g_unlink (child);
        }
      g_dir_close (dir);
    }
  g_rmdir (path);
}
