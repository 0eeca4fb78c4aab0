/* bench-util.c: what tq-bench and tq-bench-ui share
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdlib.h>

#include "bench-util.h"

static GString *metrics;

void
bench_check_failed (const char *format,
                    ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_printerr ("%s: self-check failed: %s\n", g_get_prgname (), message);
  exit (1);
}

void
bench_metric (const char *name,
              double      value)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  if (metrics == NULL)
    metrics = g_string_new (NULL);

  g_string_append_printf (metrics, "%s\"%s\":%s", metrics->len > 0 ? "," : "", name,
                          g_ascii_formatd (buf, sizeof buf, "%.6g", value));
}

void
bench_print_metrics (const char *workload)
{
  g_print ("{\"engine\":\"tq\",\"workload\":\"%s\",\"metrics\":{%s}}\n",
           workload, metrics != NULL ? metrics->str : "");
  if (metrics != NULL)
    g_string_free (g_steal_pointer (&metrics), TRUE);
}
