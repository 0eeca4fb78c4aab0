/* tq-test-util.h: helpers for Tq's own tests
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <tq.h>

G_BEGIN_DECLS

/* A client on a virtual clock, with its own managers, as TanStack's tests
 * set up: mounted, online, focused, time starting at 0.
 */
typedef struct
{
  TqVirtualClock  *clock;
  TqNotifyManager *notify_manager;
  TqFocusManager  *focus_manager;
  TqOnlineManager *online_manager;
  TqQueryClient   *client;
  TqQueryCache    *cache;
} TqTestEnv;

void          tq_test_env_init     (TqTestEnv  *env);
void          tq_test_env_clear    (TqTestEnv  *env);
void          tq_test_advance      (TqTestEnv  *env,
                                    gint64      ms);
void          tq_test_flush        (TqTestEnv  *env);

/* One scripted outcome of a query function: after @delay ms (0: returned
 * during the call), a JSON @value (printf-like, "%u" is the call number) or
 * an @error message.
 */
typedef struct
{
  gint64      delay;
  const char *value;
  const char *error;
  gboolean    take_cancellable;
} TqTestOutcome;

typedef struct _TqTestFn TqTestFn;

TqTestFn     *tq_test_fn_new       (TqTestEnv           *env,
                                    const TqTestOutcome *outcomes,
                                    guint                n_outcomes);
void          tq_test_fn_free      (TqTestFn            *fn);
guint         tq_test_fn_calls     (TqTestFn            *fn);
gboolean      tq_test_fn_took_cancellable (TqTestFn     *fn);
void          tq_test_fn_attach    (TqTestFn            *fn,
                                    TqQueryOptions      *options);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqTestFn, tq_test_fn_free)

/* A scripted mutation function, with the same outcomes: after @delay ms
 * (0: returned during the call), a JSON value ("%u" is the call number,
 * "%v" the variables as JSON), an error message, or, with neither, no
 * value (mutations may return nothing). Each call is logged in the
 * function's log as "<name>:start" and, when it completes, "<name>:end".
 */
typedef struct _TqTestMutationFn TqTestMutationFn;

TqTestMutationFn *tq_test_mutation_fn_new    (TqTestEnv           *env,
                                              const char          *name,
                                              const TqTestOutcome *outcomes,
                                              guint                n_outcomes);
void              tq_test_mutation_fn_free   (TqTestMutationFn    *fn);
guint             tq_test_mutation_fn_calls  (TqTestMutationFn    *fn);
void              tq_test_mutation_fn_attach (TqTestMutationFn    *fn,
                                              TqMutationOptions   *options);
/* Where start/end entries go (not owned); NULL for nowhere. */
void              tq_test_mutation_fn_set_log (TqTestMutationFn   *fn,
                                               GPtrArray          *log);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqTestMutationFn, tq_test_mutation_fn_free)

/* A log of strings, joined with spaces for comparisons. */
GPtrArray    *tq_test_log_new      (void);
void          tq_test_log          (GPtrArray  *log,
                                    const char *format,
                                    ...) G_GNUC_PRINTF (2, 3);
char         *tq_test_log_join     (GPtrArray  *log);

#define tq_assert_log_sorted(log, text) \
  G_STMT_START { \
    g_ptr_array_sort (log, (GCompareFunc) tq_test_compare_strings); \
    tq_assert_log (log, text); \
  } G_STMT_END

int           tq_test_compare_strings (const char **a,
                                       const char **b);

#define tq_assert_log(log, text) \
  G_STMT_START { \
    g_autofree char *__s = tq_test_log_join (log); \
    g_assert_cmpstr (__s, ==, text); \
  } G_STMT_END

GVariant     *tq_test_key          (const char *text);
TqQueryFilters *tq_test_filters    (const char *key_text);
JsonNode     *tq_test_json         (const char *text);
void          tq_test_value_json   (GValue     *value,
                                    const char *text);
char         *tq_test_value_to_string (const GValue *value);
char         *tq_test_data_string  (TqTestEnv  *env,
                                    const char *key);

#define tq_assert_value_json(value, text) \
  G_STMT_START { \
    g_autofree char *__s = tq_test_value_to_string (value); \
    g_assert_cmpstr (__s, ==, text); \
  } G_STMT_END

G_END_DECLS
