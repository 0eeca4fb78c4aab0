/* test-demo-cli.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>

#include "demo-test-utils.h"
#include "tq-demo-seed.h"

/* The tq-demo-server program: --help, --version, clear errors for bad
 * arguments, fault options, and a clean shutdown on SIGINT and SIGTERM. */

typedef struct
{
  int   status;
  char *out;
  char *err;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->out);
  g_free (run->err);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs the program to its end, with no display and nothing on stdin */
static void
run_program (const char * const *args,
             Run                *run)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("TQ_DEMO_SERVER"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);
}

static void
test_help (void)
{
  const char * const help[] = { "--help", NULL };
  const char * const version[] = { "--version", NULL };
  g_auto(Run) h = { 0 };
  g_auto(Run) v = { 0 };

  run_program (help, &h);
  g_assert_cmpint (h.status, ==, 0);
  g_assert_true (g_str_has_prefix (h.out, "Usage:"));
  for (const char * const *option = (const char * const[]) { "--host", "--port", "--memory", "--latency",
                                                            "--failure-rate", "--drop-rate", "--seed", "[FILE]",
                                                            "SIGTERM", "/__admin/faults", NULL };
       *option != NULL; option++)
    g_assert_nonnull (strstr (h.out, *option));
  g_assert_cmpstr (h.err, ==, "");

  run_program (version, &v);
  g_assert_cmpint (v.status, ==, 0);
  g_assert_cmpstr (v.out, ==, "tq-demo-server " PACKAGE_VERSION "\n");
}

static void
test_bad_arguments (void)
{
  static const struct { const char *args[4]; const char *message; } cases[] = {
    { { "--port=70000" }, "--port must be from 0 to 65535" },
    { { "--port=-1" }, "--port must be from 0 to 65535" },
    { { "--port=http" }, "Cannot parse integer value “http” for --port" },
    { { "--failure-rate=2" }, "--failure-rate must be from 0 to 1" },
    { { "--failure-rate=often" }, "--failure-rate" },
    { { "--drop-rate=-0.5" }, "--drop-rate must be from 0 to 1" },
    { { "--latency=abc" }, "is not a latency" },
    { { "--latency=500-100" }, "is not a latency" },
    { { "--latency=" }, "is not a latency" },
    { { "--seed=-3" }, "--seed must be an integer" },
    { { "--seed=99999999999" }, "--seed must be an integer" },
    { { "--bogus" }, "Unknown option --bogus" },
    { { "a.json", "b.json" }, "at most one data file" },
    { { "--memory", "a.json" }, "--memory and a data file exclude each other" },
    { { "--memory", "--host=localhost", "--port=0" }, "“localhost” is not an IP address" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      g_test_message ("%s %s", cases[i].args[0], cases[i].args[1] ? cases[i].args[1] : "");
      run_program (cases[i].args, &run);
      g_assert_cmpint (run.status, ==, 1);
      g_assert_cmpstr (run.out, ==, "");
      if (strstr (run.err, cases[i].message) == NULL)
        g_error ("“%s” does not say “%s”", run.err, cases[i].message);
      g_assert_true (g_str_has_prefix (run.err, "tq-demo-server: "));
    }
}

static void
test_bad_data_file (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "db.json", NULL);
  const char * const args[] = { "--port=0", path, NULL };
  const char * const args_dir[] = { "--port=0", dir, NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) run_dir = { 0 };
  g_autofree char *after = NULL;

  g_assert_true (g_file_set_contents (path, "{\"todos\": [oops", -1, NULL));
  run_program (args, &run);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "is not valid JSON"));
  g_assert_nonnull (strstr (run.err, path));
  /* left alone */
  g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
  g_assert_cmpstr (after, ==, "{\"todos\": [oops");

  run_program (args_dir, &run_dir);
  g_assert_cmpint (run_dir.status, ==, 1);
  g_assert_true (g_str_has_prefix (run_dir.err, "tq-demo-server: "));

  test_remove_tree (dir);
}

static void
test_port_in_use (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_auto(Run) run = { 0 };

  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  g_assert_true (g_socket_listen (socket, &error));
  bound = g_socket_get_local_address (socket, &error);
  port = g_strdup_printf ("--port=%u", g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));

  {
    const char * const args[] = { "--memory", port, NULL };

    run_program (args, &run);
  }
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "cannot listen on 127.0.0.1 port"));
  g_assert_nonnull (strstr (run.err, "in use"));
}

static void
test_signals (void)
{
  const int signals[] = { SIGTERM, SIGINT };

  for (guint i = 0; i < G_N_ELEMENTS (signals); i++)
    {
      const char * const args[] = { "--memory", "--port=0", NULL };
      g_autofree char *base = NULL;
      g_autoptr(GSubprocess) process = test_spawn_server (args, &base);
      g_autoptr(SoupSession) session = test_session_new ();
      g_autofree char *uri = g_strconcat (base, "/users/1", NULL);
      g_autoptr(TestResponse) r = test_request (session, "GET", uri, NULL, NULL);

      g_assert_cmpuint (r->status, ==, 200);
      /* with a client still connected */
      test_signal_and_expect_clean_exit (process, signals[i]);
    }
}

static void
test_data_file_and_faults (void)
{
  g_autofree char *dir = test_make_tmpdir ();
  g_autofree char *path = g_build_filename (dir, "nested", "db.json", NULL);
  const char * const args[] = { "-p", "0", "--failure-rate=1", "--latency=5-10", "--seed=7", path, NULL };
  g_autofree char *base = NULL;
  g_autoptr(GSubprocess) process = test_spawn_server (args, &base);
  g_autoptr(SoupSession) session = test_session_new ();
  g_autofree char *admin = g_strconcat (base, "/__admin/faults", NULL);
  g_autofree char *todos = g_strconcat (base, "/todos", NULL);
  g_autoptr(TestResponse) settings = test_request (session, "GET", admin, NULL, NULL);
  g_autoptr(TestResponse) failed = test_request (session, "GET", todos, NULL, NULL);
  g_autoptr(TestResponse) cleared = test_request (session, "DELETE", admin, NULL, NULL);
  g_autoptr(TestResponse) ok = test_request (session, "GET", todos, NULL, NULL);
  JsonObject *o = test_response_object (settings);

  /* The options reach the fault injector, and the admin endpoint changes it */
  g_assert_cmpfloat (json_object_get_double_member (o, "failureRate"), ==, 1.0);
  g_assert_cmpint (json_object_get_int_member (o, "seed"), ==, 7);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "latencyMs"), 0), ==, 5);
  g_assert_cmpint (json_array_get_int_element (json_object_get_array_member (o, "latencyMs"), 1), ==, 10);
  g_assert_true (failed->status == 500 || failed->status == 503);
  g_assert_cmpuint (cleared->status, ==, 200);
  g_assert_cmpuint (ok->status, ==, 200);
  g_assert_cmpuint (json_array_get_length (test_response_array (ok)), ==, TQ_DEMO_SEED_N_TODOS);

  /* The data file was created, with its folder, on the first run */
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));

  soup_session_abort (session);
  test_signal_and_expect_clean_exit (process, SIGTERM);
  test_remove_tree (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-cli/help", test_help);
  g_test_add_func ("/demo-cli/bad-arguments", test_bad_arguments);
  g_test_add_func ("/demo-cli/bad-data-file", test_bad_data_file);
  g_test_add_func ("/demo-cli/port-in-use", test_port_in_use);
  g_test_add_func ("/demo-cli/signals", test_signals);
  g_test_add_func ("/demo-cli/data-file-and-faults", test_data_file_and_faults);

  return g_test_run ();
}
