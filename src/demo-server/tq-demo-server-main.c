/* tq-demo-server-main.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib-unix.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include "tq-demo-server.h"

static char *opt_host;
static int opt_port = 3000;
static gboolean opt_memory;
static char *opt_latency;
static double opt_failure_rate;
static double opt_drop_rate;
static char *opt_seed;
static gboolean opt_version;
static char **opt_files;

static const GOptionEntry entries[] = {
  { "host", 'H', 0, G_OPTION_ARG_STRING, &opt_host, "IP address to listen on (default: 127.0.0.1)", "ADDRESS" },
  { "port", 'p', 0, G_OPTION_ARG_INT, &opt_port, "TCP port, 0 for any free one (default: 3000)", "PORT" },
  { "memory", 'm', 0, G_OPTION_ARG_NONE, &opt_memory, "Keep the data in memory only, starting from the seed data", NULL },
  { "latency", 'l', 0, G_OPTION_ARG_STRING, &opt_latency, "Delay each response by MIN to MAX milliseconds", "MIN[-MAX]" },
  { "failure-rate", 'f', 0, G_OPTION_ARG_DOUBLE, &opt_failure_rate, "Fail this fraction of requests with 500 or 503", "RATE" },
  { "drop-rate", 'd', 0, G_OPTION_ARG_DOUBLE, &opt_drop_rate, "Close this fraction of connections without answering", "RATE" },
  { "seed", 's', 0, G_OPTION_ARG_STRING, &opt_seed, "Seed of the fault injector's random numbers", "N" },
  { "version", 'V', 0, G_OPTION_ARG_NONE, &opt_version, "Print the version and exit", NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &opt_files, NULL, "[FILE]" },
  { NULL }
};

static int
usage_error (const char *format,
             ...) G_GNUC_PRINTF (1, 2);

static int
usage_error (const char *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_printerr ("%s: %s\nTry “%s --help” for more information.\n", g_get_prgname (), message, g_get_prgname ());

  return EXIT_FAILURE;
}

static gboolean
on_signal (gpointer user_data)
{
  GMainLoop *loop = user_data;

  g_main_loop_quit (loop);

  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TqDemoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GFile) file = NULL;
  TqDemoFaults *faults;
  guint latency_min = 0, latency_max = 0;
  guint64 seed = 0;
  guint sigint_id, sigterm_id;

  setlocale (LC_ALL, "");
  g_set_prgname ("tq-demo-server");

  context = g_option_context_new ("[FILE]");
  g_option_context_set_summary (context,
    "Serves the Tq demo REST API (todos and users, with json-server 0.17’s\n"
    "conventions) from the JSON file FILE, which is created with seed data\n"
    "(60 users, 600 todos) if it does not exist. Without FILE the data is kept\n"
    "in $XDG_DATA_HOME/tq-demo-server/db.json.");
  g_option_context_set_description (context,
    "Routes: /todos, /todos/ID, /users, /users/ID, /users/ID/todos, the\n"
    "WebSocket /events, and the admin endpoint /__admin/faults (GET, PUT,\n"
    "PATCH, DELETE) and /__admin/reset (POST). See src/demo-server/README.md.\n"
    "\n"
    "The server prints “Listening on URL” once it is ready, and stops on\n"
    "SIGINT (Ctrl+C) or SIGTERM.");
  g_option_context_add_main_entries (context, entries, NULL);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    return usage_error ("%s", error->message);

  if (opt_version)
    {
      g_print ("tq-demo-server %s\n", PACKAGE_VERSION);
      return EXIT_SUCCESS;
    }

  if (opt_port < 0 || opt_port > G_MAXUINT16)
    return usage_error ("--port must be from 0 to 65535, not %d", opt_port);
  if (!(opt_failure_rate >= 0.0 && opt_failure_rate <= 1.0))
    return usage_error ("--failure-rate must be from 0 to 1, not %g", opt_failure_rate);
  if (!(opt_drop_rate >= 0.0 && opt_drop_rate <= 1.0))
    return usage_error ("--drop-rate must be from 0 to 1, not %g", opt_drop_rate);
  if (opt_latency != NULL && !tq_demo_faults_parse_latency (opt_latency, &latency_min, &latency_max, &error))
    return usage_error ("--latency: %s", error->message);
  if (opt_seed != NULL && !g_ascii_string_to_unsigned (opt_seed, 10, 0, G_MAXUINT32, &seed, NULL))
    return usage_error ("--seed must be an integer from 0 to %u, not “%s”", G_MAXUINT32, opt_seed);
  if (opt_files != NULL && g_strv_length (opt_files) > 1)
    return usage_error ("Give at most one data file, not %u", g_strv_length (opt_files));
  if (opt_files != NULL && opt_memory)
    return usage_error ("--memory and a data file exclude each other");

  if (opt_memory)
    {
      server = tq_demo_server_new_in_memory ();
      g_printerr ("%s: keeping the data in memory\n", g_get_prgname ());
    }
  else
    {
      if (opt_files != NULL)
        file = g_file_new_for_commandline_arg (opt_files[0]);
      else
        file = g_file_new_build_filename (g_get_user_data_dir (), "tq-demo-server",
                                          TQ_DEMO_SERVER_DATA_FILE_NAME, NULL);

      server = tq_demo_server_new_for_file (file, &error);
      if (server == NULL)
        {
          g_printerr ("%s: %s\n", g_get_prgname (), error->message);
          return EXIT_FAILURE;
        }
      g_printerr ("%s: data file %s\n", g_get_prgname (), g_file_peek_path (file));
    }

  faults = tq_demo_server_get_faults (server);
  tq_demo_faults_set_latency (faults, latency_min, latency_max);
  tq_demo_faults_set_failure_rate (faults, opt_failure_rate);
  tq_demo_faults_set_drop_rate (faults, opt_drop_rate);
  if (opt_seed != NULL)
    tq_demo_faults_set_seed (faults, (guint32) seed);
  if (latency_max > 0 || opt_failure_rate > 0 || opt_drop_rate > 0)
    g_printerr ("%s: faults: latency %u–%u ms, failure rate %g, drop rate %g, seed %u\n", g_get_prgname (),
                latency_min, latency_max, opt_failure_rate, opt_drop_rate, tq_demo_faults_get_seed (faults));

  if (!tq_demo_server_listen (server, opt_host, opt_port, &error))
    {
      g_printerr ("%s: cannot listen on %s port %d: %s\n", g_get_prgname (),
                  opt_host != NULL ? opt_host : "127.0.0.1", opt_port, error->message);
      return EXIT_FAILURE;
    }

  /* The line scripts wait for; the address is the last word */
  g_print ("Listening on %s\n", tq_demo_server_get_base_uri (server));
  fflush (stdout);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, on_signal, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, loop);
  g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  tq_demo_server_stop (server);
  g_printerr ("%s: stopped\n", g_get_prgname ());

  g_clear_pointer (&opt_host, g_free);
  g_clear_pointer (&opt_latency, g_free);
  g_clear_pointer (&opt_seed, g_free);
  g_clear_pointer (&opt_files, g_strfreev);

  return EXIT_SUCCESS;
}
