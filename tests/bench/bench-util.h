/* bench-util.h: what tq-bench and tq-bench-ui share
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Prints why a self-check failed, prefixed with the program's name, and
 * exits with status 1: a wrong result must never be reported as a figure.
 */
G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
void bench_check_failed  (const char *format,
                          ...);

#define CHECK(cond, ...) G_STMT_START { if (!(cond)) bench_check_failed (__VA_ARGS__); } G_STMT_END

/* Adds a figure to the JSON line bench_print_metrics() prints. */
void bench_metric        (const char *name,
                          double      value);

/* Prints the one JSON line build-aux/bench.sh reads:
 * {"engine":"tq","workload":…,"metrics":{…}}
 */
void bench_print_metrics (const char *workload);

G_END_DECLS
