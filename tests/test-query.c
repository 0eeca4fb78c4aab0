/* test-query.c: the query engine (retryer, query, dedup, cancel, gc)
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"

typedef struct
{
  TqTestEnv env;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  tq_test_env_clear (&f->env);
}

static TqQueryOptions *
options_for (const char *key,
             TqTestFn   *fn)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  TqQueryOptions *options = tq_query_options_new (k);

  if (fn != NULL)
    tq_test_fn_attach (fn, options);
  return options;
}

static TqQuery *
query_of (Fixture    *f,
          const char *key)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_autofree char *hash = tq_key_hash (k);

  return tq_query_cache_get (f->env.cache, hash);
}

/* Captures the outcome of an async call */
typedef struct
{
  gboolean  done;
  gboolean  ok;
  GValue    data;
  GError   *error;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  if (G_IS_VALUE (&o->data))
    g_value_unset (&o->data);
  g_clear_error (&o->error);
  o->done = FALSE;
}

static void
on_fetch_query (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *o = user_data;

  o->done = TRUE;
  o->ok = tq_query_client_fetch_query_finish (TQ_QUERY_CLIENT (source), result, &o->data, &o->error);
}

static void
on_query_fetch (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Outcome *o = user_data;

  o->done = TRUE;
  o->ok = tq_query_fetch_finish (TQ_QUERY (source), result, &o->data, &o->error);
}

static void
on_boolean (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *o = user_data;
  GTask *task = G_TASK (result);

  o->done = TRUE;
  o->ok = g_task_propagate_boolean (task, &o->error);
}

/* B05: subscribing fetches synchronously; the result lands on the next tick */
static void
test_subscribe_fetches_synchronously (Fixture       *f,
                                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b05',)", fn);
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, options);
  TqQueryResult *result;

  tq_query_observer_subscribe (observer);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_FETCHING);
  g_assert_false (tq_query_result_has_data (result));

  tq_test_flush (&f->env);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_IDLE);
  tq_assert_value_json (tq_query_result_get_data (result), "\"data\"");

  tq_query_observer_unsubscribe (observer);
}

static void
test_subscribe_unsubscribe_at_once (Fixture       *f,
                                    gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b05b',)", fn);
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, options);

  tq_query_observer_subscribe (observer);
  tq_query_observer_unsubscribe (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
}

static void
count_removed (TqQueryCache *cache,
               TqQuery      *query,
               guint        *removed)
{
  (*removed)++;
}

/* B06 (a): the largest gc-time wins */
static void
test_gc_largest (Fixture       *f,
                 gconstpointer  data)
{
  const gint64 times[] = { 100, 200, 10 };

  for (guint i = 0; i < G_N_ELEMENTS (times); i++)
    {
      TqTestOutcome script[] = { { 0, "\"data\"" } };
      g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
      g_autoptr(TqQueryOptions) options = options_for ("('b06a',)", fn);

      tq_query_options_set_gc_time (options, times[i]);
      tq_query_options_set_stale_time (options, 0);
      tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
      tq_test_flush (&f->env);
    }

  g_assert_cmpint (tq_query_get_gc_time (query_of (f, "('b06a',)")), ==, 200);
}

/* B06 (b): gc-time 0; a refetch in progress keeps the query until it settles */
static void
test_gc_waits_for_fetch (Fixture       *f,
                         gconstpointer  data)
{
  TqTestOutcome script[] = { { 20, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b06b',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;

  tq_query_options_set_gc_time (options, 0);
  observer = tq_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (observer);
  tq_test_advance (&f->env, 20);
  g_assert_nonnull (query_of (f, "('b06b',)"));

  tq_query_observer_refetch (observer);
  tq_query_observer_unsubscribe (observer);
  g_clear_object (&observer);
  tq_test_flush (&f->env);
  /* Still fetching: still cached, with its data */
  g_assert_nonnull (query_of (f, "('b06b',)"));
  {
    g_autofree char *s = tq_test_data_string (&f->env, "('b06b',)");
    g_assert_cmpstr (s, ==, "\"data\"");
  }

  tq_test_advance (&f->env, 30);
  g_assert_null (query_of (f, "('b06b',)"));
}

/* B06 (c): defaults with gcTime 10, setQueryData, advance 10 → removed */
static void
test_gc_after_set_query_data (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(TqQueryOptions) defaults = tq_query_options_new (NULL);
  g_autoptr(GVariant) key = tq_test_key ("('b06c',)");
  g_auto(GValue) value = G_VALUE_INIT;
  guint removed = 0;

  tq_query_options_set_gc_time (defaults, 10);
  tq_query_client_set_query_defaults (f->env.client, key, defaults);
  g_signal_connect (f->env.cache, "query-removed", G_CALLBACK (count_removed), &removed);

  tq_test_value_json (&value, "\"data\"");
  tq_query_client_set_query_data (f->env.client, key, &value, 0);
  tq_test_advance (&f->env, 9);
  g_assert_cmpuint (removed, ==, 0);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);
}

/* B07: the default retry schedule: 1000, 2000, 4000 ms, 4 attempts */
static void
test_default_retry_schedule (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "failed" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b07',)", fn);
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, options);
  TqQueryResult *result;

  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  g_assert_cmpuint (tq_query_result_get_failure_count (tq_query_observer_get_current_result (observer)), ==, 1);

  tq_test_advance (&f->env, 999);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  g_assert_cmpuint (tq_query_result_get_failure_count (tq_query_observer_get_current_result (observer)), ==, 2);
  tq_test_advance (&f->env, 1999);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);
  g_assert_cmpuint (tq_query_result_get_failure_count (tq_query_observer_get_current_result (observer)), ==, 3);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_PENDING);

  tq_test_advance (&f->env, 4000);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 4);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_ERROR);
  g_assert_cmpuint (tq_query_result_get_failure_count (result), ==, 4);
  g_assert_cmpstr (tq_query_result_get_error (result)->message, ==, "failed");

  tq_test_advance (&f->env, 40000);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 4);

  tq_query_observer_unsubscribe (observer);
}

/* B07: imperative fetches do not retry by default */
static void
test_fetch_query_no_retry (Fixture       *f,
                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "failed" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b07b',)", fn);
  Outcome o = { 0 };

  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_test_advance (&f->env, 10000);
  g_assert_true (o.done);
  g_assert_false (o.ok);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  outcome_clear (&o);
}

static void
fn_retry_3_delay_1 (TqQueryOptions *options)
{
  tq_query_options_set_retry (options, 3);
  tq_query_options_set_retry_delay (options, 1);
}

/* B08: retries pause while unfocused, and go on when focus comes back */
static void
test_retry_pauses_unfocused (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "e1" }, { 0, NULL, "e2" }, { 0, "\"data3\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 3);
  g_autoptr(TqQueryOptions) options = options_for ("('b08',)", fn);
  Outcome o = { 0 };
  TqQuery *query;

  fn_retry_3_delay_1 (options);
  tq_focus_manager_set_focused (f->env.focus_manager, FALSE);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_test_advance (&f->env, 50);
  g_assert_false (o.done);
  query = query_of (f, "('b08',)");
  g_assert_cmpint (tq_query_state_get_fetch_status (tq_query_get_state (query)), ==, TQ_FETCH_STATUS_PAUSED);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);

  tq_focus_manager_set_focused (f->env.focus_manager, TRUE);
  g_assert_false (o.done);
  tq_test_advance (&f->env, 50);
  g_assert_true (o.done);
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "\"data3\"");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);
  outcome_clear (&o);
}

/* B08: the reconnect version, and cancelling while paused */
static void
test_retry_pauses_offline (Fixture       *f,
                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "e1" }, { 0, NULL, "e2" }, { 0, "\"data3\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 3);
  g_autoptr(TqQueryOptions) options = options_for ("('b08b',)", fn);
  g_autoptr(TqTestFn) fn2 = tq_test_fn_new (&f->env, script, 3);
  g_autoptr(TqQueryOptions) options2 = options_for ("('b08c',)", fn2);
  Outcome o = { 0 };

  fn_retry_3_delay_1 (options);
  tq_query_options_set_network_mode (options, TQ_NETWORK_MODE_OFFLINE_FIRST);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_test_advance (&f->env, 1);
  g_assert_false (o.done);
  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_advance (&f->env, 2);
  g_assert_true (o.done);
  tq_assert_value_json (&o.data, "\"data3\"");
  outcome_clear (&o);

  /* Cancelling while paused rejects with a cancellation */
  fn_retry_3_delay_1 (options2);
  tq_query_options_set_network_mode (options2, TQ_NETWORK_MODE_OFFLINE_FIRST);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_query_client_fetch_query_async (f->env.client, options2, NULL, on_fetch_query, &o);
  tq_test_advance (&f->env, 1);
  tq_query_cancel (query_of (f, "('b08c',)"), FALSE, FALSE);
  tq_test_flush (&f->env);
  g_assert_true (o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  outcome_clear (&o);
  tq_online_manager_set_online (f->env.online_manager, TRUE);
}

/* Rule 27: offline, an online-mode fetch does not start at all */
static void
test_offline_fetch_paused (Fixture       *f,
                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('offline',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  TqQueryResult *result;

  tq_online_manager_set_online (f->env.online_manager, FALSE);
  observer = tq_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_PAUSED);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_PENDING);

  /* It goes on in promise reactions, as TanStack's: on later turns */
  tq_online_manager_set_online (f->env.online_manager, TRUE);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_SUCCESS);
  tq_query_observer_unsubscribe (observer);
}

/* B09 (a): unsubscribing stops retries, but not the attempt in progress */
static void
test_unsubscribe_stops_retries (Fixture       *f,
                                gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "failed" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b09a',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;

  tq_query_options_set_retry (options, 10);
  tq_query_options_set_retry_delay (options, 50);
  observer = tq_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (observer);
  tq_test_advance (&f->env, 50);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  tq_query_observer_unsubscribe (observer);
  tq_test_advance (&f->env, 50);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
}

/* B09 (b): a fetch that does not take the cancellable finishes and is cached */
static void
test_unsubscribe_keeps_attempt (Fixture       *f,
                                gconstpointer  data)
{
  TqTestOutcome script[] = { { 100, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b09b',)", fn);
  g_autoptr(TqQueryOptions) disabled = options_for ("('b09b',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  TqQueryState *state;

  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_advance (&f->env, 10);
  tq_query_options_set_enabled (disabled, FALSE);
  observer = tq_query_observer_new (f->env.client, disabled);
  tq_query_observer_subscribe (observer);
  tq_query_observer_unsubscribe (observer);
  tq_test_advance (&f->env, 90);

  state = tq_query_get_state (query_of (f, "('b09b',)"));
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpuint (tq_query_state_get_data_update_count (state), ==, 1);
  tq_assert_value_json (tq_query_state_get_data (state), "\"data\"");
}

/* Rule 33: a function that took the cancellable is cancelled and reverted */
static void
test_unsubscribe_cancels_taken (Fixture       *f,
                                gconstpointer  data)
{
  TqTestOutcome script[] = { { 100, "\"data\"", NULL, TRUE } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('rule33',)", fn);
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, options);
  TqQueryState *state;

  tq_query_observer_subscribe (observer);
  g_assert_true (tq_test_fn_took_cancellable (fn));
  tq_test_advance (&f->env, 10);
  tq_query_observer_unsubscribe (observer);
  state = tq_query_get_state (query_of (f, "('rule33',)"));
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_IDLE);
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_null (tq_query_state_get_error (state));

  tq_test_advance (&f->env, 100);
  state = tq_query_get_state (query_of (f, "('rule33',)"));
  g_assert_false (tq_query_state_has_data (state));
}

/* B13 (a): reset while a retried fetch is pending */
static void
test_reset_while_pending (Fixture       *f,
                          gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, NULL, "failed" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b13a',)", fn);
  Outcome o = { 0 };
  TqQueryState *state;

  tq_query_options_set_retry (options, 3);
  tq_query_options_set_retry_delay (options, 10);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_query_reset (query_of (f, "('b13a',)"));
  tq_test_advance (&f->env, 100);

  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  state = tq_query_get_state (query_of (f, "('b13a',)"));
  g_assert_null (tq_query_state_get_error (state));
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_IDLE);
  g_assert_false (tq_query_state_has_data (state));
  g_assert_true (o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  outcome_clear (&o);
}

/* B13 (b): cancel instead */
static void
test_cancel_while_pending (Fixture       *f,
                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, NULL, "failed" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b13b',)", fn);
  Outcome o = { 0 };

  tq_query_options_set_retry (options, 3);
  tq_query_options_set_retry_delay (options, 10);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_query_cancel (query_of (f, "('b13b',)"), FALSE, FALSE);
  tq_test_advance (&f->env, 100);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  g_assert_true (o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  outcome_clear (&o);
}

/* B13 (c): a cancelled fetch leaves a cancellation error; fetching again works */
static void
test_cancel_then_fetch (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 50, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b13c',)", fn);
  Outcome o = { 0 };
  TqQuery *query;
  TqQueryState *state;

  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_advance (&f->env, 10);
  query = query_of (f, "('b13c',)");
  tq_query_cancel (query, FALSE, FALSE);
  tq_test_advance (&f->env, 100);
  state = tq_query_get_state (query);
  g_assert_error ((GError *) tq_query_state_get_error (state), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_ERROR);

  tq_query_fetch_async (query, NULL, FALSE, NULL, on_query_fetch, &o);
  tq_test_advance (&f->env, 50);
  g_assert_true (o.done);
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "\"data\"");
  state = tq_query_get_state (query);
  g_assert_null (tq_query_state_get_error (state));
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  outcome_clear (&o);
}

/* B14: the status stays error during a refetch; invalid results */
static void
test_status_kept_and_invalid (Fixture       *f,
                              gconstpointer  data)
{
  TqTestOutcome ok[] = { { 0, "\"data\"" } };
  TqTestOutcome bad[] = { { 0, NULL, "failed" } };
  TqTestOutcome bad_later[] = { { 10, NULL, "failed" } };
  TqTestOutcome undefined[] = { { 0, NULL, NULL } };
  g_autoptr(TqTestFn) fn_ok = tq_test_fn_new (&f->env, ok, 1);
  g_autoptr(TqTestFn) fn_bad = tq_test_fn_new (&f->env, bad, 1);
  g_autoptr(TqTestFn) fn_bad_later = tq_test_fn_new (&f->env, bad_later, 1);
  g_autoptr(TqTestFn) fn_undefined = tq_test_fn_new (&f->env, undefined, 1);
  g_autoptr(TqQueryOptions) o1 = options_for ("('b14',)", fn_ok);
  g_autoptr(TqQueryOptions) o2 = options_for ("('b14',)", fn_bad);
  g_autoptr(TqQueryOptions) o3 = options_for ("('b14',)", fn_bad_later);
  g_autoptr(TqQueryOptions) o4 = options_for ("('b14u',)", fn_undefined);
  g_autoptr(TqQueryOptions) o5 = options_for ("('b14m',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  TqQuery *query;
  TqQueryState *state;

  tq_query_client_prefetch_query_async (f->env.client, o1, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  query = query_of (f, "('b14',)");
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_SUCCESS);

  tq_query_client_prefetch_query_async (f->env.client, o2, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_ERROR);

  tq_query_client_prefetch_query_async (f->env.client, o3, NULL, NULL, NULL);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_ERROR);
  tq_test_advance (&f->env, 10);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_ERROR);

  /* No value is an error naming the hash */
  tq_query_client_prefetch_query_async (f->env.client, o4, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  state = tq_query_get_state (query_of (f, "('b14u',)"));
  g_assert_error ((GError *) tq_query_state_get_error (state), TQ_ERROR, TQ_ERROR_UNDEFINED_DATA);
  g_assert_cmpstr (tq_query_state_get_error (state)->message, ==, "[\"b14u\"] data is undefined");

  /* No function is an error naming the hash; like a rejected promise, it
   * lands on the next iteration, not during the call (corpus fuzz-239)
   */
  tq_query_options_set_retry (o5, 0);
  observer = tq_query_observer_new (f->env.client, o5);
  tq_query_observer_subscribe (observer);
  state = tq_query_get_state (query_of (f, "('b14m',)"));
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_FETCHING);
  g_assert_null (tq_query_state_get_error (state));
  tq_test_flush (&f->env);
  state = tq_query_get_state (query_of (f, "('b14m',)"));
  g_assert_error ((GError *) tq_query_state_get_error (state), TQ_ERROR, TQ_ERROR_MISSING_QUERY_FN);
  g_assert_cmpstr (tq_query_state_get_error (state)->message, ==, "Missing queryFn: '[\"b14m\"]'");
  tq_query_observer_unsubscribe (observer);
}

static void
record_action (TqQueryCache  *cache,
               TqQuery       *query,
               TqQueryAction  action,
               GString       *log)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TQ_TYPE_QUERY_ACTION);

  g_string_append_printf (log, "%s ", g_enum_get_value (klass, action)->value_nick);
}

/* B16: initial data, and reset to it or to nothing */
static void
test_initial_data (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b16',)", fn);
  g_autoptr(TqQueryOptions) plain = options_for ("('b16b',)", fn);
  g_autoptr(TqQueryFilters) filters = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_auto(GValue) initial = G_VALUE_INIT;
  TqQueryState *state;

  tq_test_value_json (&initial, "\"initial\"");
  tq_query_options_set_initial_data (options, &initial);
  tq_query_options_set_initial_data_updated_at (options, 0);
  tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
  state = tq_query_get_state (query_of (f, "('b16',)"));
  tq_assert_value_json (tq_query_state_get_data (state), "\"initial\"");
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_SUCCESS);
  g_assert_cmpint (tq_query_state_get_data_updated_at (state), ==, 0);
  g_assert_cmpuint (tq_query_state_get_data_update_count (state), ==, 0);

  /* After a fetch, reset goes back to the initial data */
  tq_query_invalidate (query_of (f, "('b16',)"));
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  filters = tq_test_filters ("('b16',)");
  tq_query_client_reset_queries_async (f->env.client, filters, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  tq_assert_value_json (tq_query_state_get_data (tq_query_get_state (query_of (f, "('b16',)"))), "\"initial\"");

  /* Without initial data, reset goes to pending, through a set-state action */
  tq_query_client_prefetch_query_async (f->env.client, plain, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_signal_connect (f->env.cache, "query-updated", G_CALLBACK (record_action), log);
  g_clear_object (&filters);
  filters = tq_test_filters ("('b16b',)");
  tq_query_client_reset_queries_async (f->env.client, filters, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  state = tq_query_get_state (query_of (f, "('b16b',)"));
  g_assert_false (tq_query_state_has_data (state));
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_IDLE);
  g_assert_cmpstr (log->str, ==, "set-state ");
  g_signal_handlers_disconnect_by_data (f->env.cache, log);
}

static void
set_to (const GValue *old,
        GValue       *new_data,
        gpointer      user_data)
{
  if (user_data != NULL)
    tq_test_value_json (new_data, user_data);
}

static void
append_test_data (const GValue *old,
                  GValue       *new_data,
                  gpointer      user_data)
{
  g_autofree char *text = NULL;
  JsonNode *node = g_value_get_boxed (old);

  text = g_strdup_printf ("\"%s + test data\"", json_node_get_string (node));
  tq_test_value_json (new_data, text);
}

/* B26: setQueryData rules */
static void
test_set_query_data (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GVariant) k = tq_test_key ("('b26',)");
  g_autoptr(GVariant) k2 = tq_test_key ("('b26b',)");
  g_auto(GValue) none = G_VALUE_INIT;
  TqTestOutcome script[] = { { 10, "23" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b26b',)", fn);
  TqQueryState *state;

  /* (a) nothing creates no query */
  tq_query_client_set_query_data (f->env.client, k, &none, 0);
  tq_query_client_set_query_data_func (f->env.client, k, set_to, NULL, 0);
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);

  /* (b) nothing keeps the data; (c) an updater gets the old data */
  tq_query_client_set_query_data_func (f->env.client, k, set_to, (gpointer) "\"qux\"", 0);
  tq_query_client_set_query_data (f->env.client, k, &none, 0);
  {
    g_autofree char *s = tq_test_data_string (&f->env, "('b26',)");
    g_assert_cmpstr (s, ==, "\"qux\"");
  }
  tq_query_client_set_query_data_func (f->env.client, k, set_to, (gpointer) "\"new data\"", 0);
  tq_query_client_set_query_data_func (f->env.client, k, append_test_data, NULL, 0);
  {
    g_autofree char *s = tq_test_data_string (&f->env, "('b26',)");
    g_assert_cmpstr (s, ==, "\"new data + test data\"");
  }

  /* (d) during a fetch: the data changes, the fetch goes on and wins */
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_query_client_set_query_data_func (f->env.client, k2, set_to, (gpointer) "42", 0);
  state = tq_query_get_state (query_of (f, "('b26b',)"));
  tq_assert_value_json (tq_query_state_get_data (state), "42");
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_FETCHING);
  tq_test_advance (&f->env, 10);
  state = tq_query_get_state (query_of (f, "('b26b',)"));
  tq_assert_value_json (tq_query_state_get_data (state), "23");
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_IDLE);
}

/* B26 (e): structural sharing keeps the old object, or not */
static void
test_set_query_data_sharing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GVariant) k = tq_test_key ("('b26e',)");
  g_autoptr(GVariant) k2 = tq_test_key ("('b26f',)");
  g_autoptr(TqQueryOptions) no_sharing = tq_query_options_new (NULL);
  g_auto(GValue) first = G_VALUE_INIT;
  g_auto(GValue) second = G_VALUE_INIT;
  g_autoptr(JsonNode) n1 = NULL;
  g_autoptr(JsonNode) n2 = NULL;

  tq_test_value_json (&first, "{\"a\": [1, 2]}");
  tq_test_value_json (&second, "{\"a\": [1, 2]}");
  tq_query_client_set_query_data (f->env.client, k, &first, 0);
  n1 = tq_query_client_get_query_json (f->env.client, k);
  tq_query_client_set_query_data (f->env.client, k, &second, 0);
  n2 = tq_query_client_get_query_json (f->env.client, k);
  g_assert_true (json_node_get_object (n1) == json_node_get_object (n2));

  g_clear_pointer (&n1, json_node_unref);
  g_clear_pointer (&n2, json_node_unref);
  tq_query_options_set_structural_sharing (no_sharing, FALSE);
  tq_query_client_set_query_defaults (f->env.client, k2, no_sharing);
  tq_query_client_set_query_data (f->env.client, k2, &first, 0);
  n1 = tq_query_client_get_query_json (f->env.client, k2);
  tq_query_client_set_query_data (f->env.client, k2, &second, 0);
  n2 = tq_query_client_get_query_json (f->env.client, k2);
  g_assert_false (json_node_get_object (n1) == json_node_get_object (n2));
}

/* B28 (a): cancel with revert gives the fetch's caller the data from before */
static void
test_cancel_revert_resolves (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 1000, "\"new\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b28a',)", fn);
  g_autoptr(GVariant) k = tq_test_key ("('b28a',)");
  g_auto(GValue) value = G_VALUE_INIT;
  Outcome o = { 0 }, c = { 0 };
  TqQueryState *state;

  tq_test_value_json (&value, "\"data\"");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_test_advance (&f->env, 10);
  tq_query_client_cancel_queries_async (f->env.client, NULL, TRUE, FALSE, NULL, on_boolean, &c);
  tq_test_flush (&f->env);
  g_assert_true (c.done && c.ok);
  g_assert_true (o.done);
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "\"data\"");
  state = tq_query_get_state (query_of (f, "('b28a',)"));
  tq_assert_value_json (tq_query_state_get_data (state), "\"data\"");
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_SUCCESS);
  outcome_clear (&o);
  outcome_clear (&c);
}

/* B28 (b): without revert the query ends in error */
static void
test_cancel_no_revert (Fixture       *f,
                       gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" }, { 1000, "\"new\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 2);
  g_autoptr(TqQueryOptions) options = options_for ("('b28b',)", fn);
  g_autoptr(TqQueryFilters) filters = NULL;

  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  tq_query_invalidate (query_of (f, "('b28b',)"));
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_advance (&f->env, 10);
  filters = tq_test_filters ("('b28b',)");
  tq_query_client_cancel_queries_async (f->env.client, filters, FALSE, FALSE, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query_of (f, "('b28b',)"))), ==,
                   TQ_QUERY_STATUS_ERROR);
}

/* B28 (c): a first fetch cancelled with revert goes back to nothing */
static void
test_cancel_first_fetch (Fixture       *f,
                         gconstpointer  data)
{
  TqTestOutcome script[] = { { 50, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b28c',)", fn);
  Outcome o = { 0 };
  TqQueryState *state;

  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_test_advance (&f->env, 10);
  tq_query_client_cancel_queries_async (f->env.client, NULL, TRUE, FALSE, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_true (o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  state = tq_query_get_state (query_of (f, "('b28c',)"));
  g_assert_cmpint (tq_query_state_get_status (state), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (tq_query_state_get_fetch_status (state), ==, TQ_FETCH_STATUS_IDLE);
  g_assert_false (tq_query_state_has_data (state));
  g_assert_null (tq_query_state_get_error (state));
  outcome_clear (&o);
}

/* Rules 21–22: one fetch at a time; cancel-refetch replaces it silently and
 * its callers get the new fetch's result.
 */
static void
test_dedup_and_cancel_refetch (Fixture       *f,
                               gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"v%u\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('dedup',)", fn);
  Outcome a = { 0 }, b = { 0 }, c = { 0 };
  TqQuery *query;

  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &a);
  query = query_of (f, "('dedup',)");
  tq_query_fetch_async (query, NULL, TRUE, NULL, on_query_fetch, &b);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_test_advance (&f->env, 10);
  tq_assert_value_json (&a.data, "\"v1\"");
  tq_assert_value_json (&b.data, "\"v1\"");

  /* With data, cancel-refetch starts anew; the first caller follows */
  outcome_clear (&a);
  outcome_clear (&b);
  tq_query_fetch_async (query, NULL, FALSE, NULL, on_query_fetch, &a);
  tq_query_fetch_async (query, NULL, TRUE, NULL, on_query_fetch, &c);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);
  tq_test_advance (&f->env, 10);
  g_assert_true (a.ok && c.ok);
  tq_assert_value_json (&a.data, "\"v3\"");
  tq_assert_value_json (&c.data, "\"v3\"");
  tq_assert_value_json (tq_query_state_get_data (tq_query_get_state (query)), "\"v3\"");
  outcome_clear (&a);
  outcome_clear (&c);
}

/* Rule 34: data set by hand during a fetch is what a revert goes back to */
static void
test_manual_data_is_revert_point (Fixture       *f,
                                  gconstpointer  data)
{
  TqTestOutcome script[] = { { 100, "\"fetched\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('rule34',)", fn);
  g_autoptr(GVariant) k = tq_test_key ("('rule34',)");
  g_auto(GValue) manual = G_VALUE_INIT;

  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_advance (&f->env, 10);
  tq_test_value_json (&manual, "\"manual\"");
  tq_query_client_set_query_data (f->env.client, k, &manual, 0);
  tq_query_cancel (query_of (f, "('rule34',)"), TRUE, FALSE);
  tq_test_advance (&f->env, 100);
  tq_assert_value_json (tq_query_state_get_data (tq_query_get_state (query_of (f, "('rule34',)"))),
                        "\"manual\"");
}

static void
count_hooks (TqQueryCache *cache,
             TqQuery      *query,
             gpointer      arg,
             GString      *log)
{
  g_string_append (log, "hook ");
}

static void
count_settled (TqQueryCache *cache,
               TqQuery      *query,
               const GValue *data,
               const GError *error,
               GString      *log)
{
  g_string_append (log, error ? "error " : "hook ");
}

/* Cache hooks run for success and error, not for reverted cancellations */
static void
test_cache_hooks (Fixture       *f,
                  gconstpointer  data)
{
  TqTestOutcome ok[] = { { 0, "1" } };
  TqTestOutcome slow[] = { { 100, "1" } };
  g_autoptr(TqTestFn) fn_ok = tq_test_fn_new (&f->env, ok, 1);
  g_autoptr(TqTestFn) fn_slow = tq_test_fn_new (&f->env, slow, 1);
  g_autoptr(TqQueryOptions) o1 = options_for ("('hooks',)", fn_ok);
  g_autoptr(TqQueryOptions) o2 = options_for ("('hooks2',)", fn_slow);
  g_autoptr(GString) success = g_string_new (NULL);
  g_autoptr(GString) settled = g_string_new (NULL);

  g_signal_connect (f->env.cache, "success", G_CALLBACK (count_hooks), success);
  g_signal_connect (f->env.cache, "settled", G_CALLBACK (count_settled), settled);
  tq_query_client_prefetch_query_async (f->env.client, o1, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpstr (success->str, ==, "hook ");
  g_assert_cmpstr (settled->str, ==, "hook ");

  tq_query_client_prefetch_query_async (f->env.client, o2, NULL, NULL, NULL);
  tq_query_cancel (query_of (f, "('hooks2',)"), TRUE, FALSE);
  tq_test_advance (&f->env, 100);
  g_assert_cmpstr (settled->str, ==, "hook ");
  g_signal_handlers_disconnect_by_data (f->env.cache, success);
  g_signal_handlers_disconnect_by_data (f->env.cache, settled);
}

/* A result arriving after the query was removed goes nowhere */
static void
test_result_after_remove (Fixture       *f,
                          gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"late\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('late',)", fn);
  Outcome o = { 0 };

  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_query_client_remove_queries (f->env.client, NULL);
  tq_test_advance (&f->env, 10);
  g_assert_true (o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);
  outcome_clear (&o);
}

typedef struct
{
  GString *log;
  TqQuery *removed_query;   /* the first query of the key, once removed */
} Orphan;

static void
orphan_event (Orphan     *o,
              const char *what,
              TqQuery    *query)
{
  g_string_append_printf (o->log, "%s:%s ", what,
                          query == o->removed_query ? "old" : "new");
}

static void
on_orphan_added (TqQueryCache *cache, TqQuery *query, Orphan *o)
{
  orphan_event (o, "added", query);
}

static void
on_orphan_removed (TqQueryCache *cache, TqQuery *query, Orphan *o)
{
  if (o->removed_query == NULL)
    o->removed_query = g_object_ref (query);
  orphan_event (o, "removed", query);
}

static void
on_orphan_observer_added (TqQueryCache *cache, TqQuery *query, TqQueryObserver *observer, Orphan *o)
{
  orphan_event (o, "observer-added", query);
}

static void
on_orphan_observer_removed (TqQueryCache *cache, TqQuery *query, TqQueryObserver *observer, Orphan *o)
{
  orphan_event (o, "observer-removed", query);
}

/* A removed query that an observer still holds goes on notifying its cache,
 * as TanStack's keeps its cache: the observer attaches to it before moving
 * to a new query, and when its gc timer fires the cache, which holds a
 * query of the same key again, removes it and says so (corpus
 * regressions/r11-removed-query-still-notifies-its-cache)
 */
static void
test_removed_query_notifies (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = options_for ("('orphan',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  Orphan o = { g_string_new (NULL), NULL };

  tq_query_options_set_gc_time (options, 10);
  tq_query_options_set_retry (options, 0);
  observer = tq_query_observer_new (f->env.client, options);
  g_signal_connect (f->env.cache, "query-added", G_CALLBACK (on_orphan_added), &o);
  g_signal_connect (f->env.cache, "query-removed", G_CALLBACK (on_orphan_removed), &o);
  g_signal_connect (f->env.cache, "observer-added", G_CALLBACK (on_orphan_observer_added), &o);
  g_signal_connect (f->env.cache, "observer-removed", G_CALLBACK (on_orphan_observer_removed), &o);

  tq_test_advance (&f->env, 10);
  g_assert_cmpstr (o.log->str, ==, "removed:old ");
  g_assert_null (tq_query_get_cache (tq_query_observer_get_query (observer)));

  g_string_truncate (o.log, 0);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_cmpstr (o.log->str, ==, "observer-added:old added:new observer-removed:old observer-added:new ");

  g_string_truncate (o.log, 0);
  tq_test_advance (&f->env, 10);
  g_assert_cmpstr (o.log->str, ==, "removed:old ");
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 1);

  tq_query_observer_unsubscribe (observer);
  g_signal_handlers_disconnect_by_data (f->env.cache, &o);
  g_clear_object (&o.removed_query);
  g_string_free (o.log, TRUE);
}

static void
count_updated (TqQueryCache  *cache,
               TqQuery       *query,
               TqQueryAction  action,
               guint         *count)
{
  (*count)++;
}

/* Removed queries name their former cache (rule 11) until it goes: held
 * ones go on notifying it, and once the client and its cache are gone they
 * notify nothing (run under valgrind and ASan). Many queries are removed
 * at once, as clear() does: each removal and each finalization is constant
 * work for the cache.
 */
static void
test_removed_queries_outlive_cache (Fixture       *f,
                                    gconstpointer  data)
{
  TqTestEnv env;
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func (g_object_unref);
  guint updated = 0;

  tq_test_env_init (&env);
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(GVariant) key = g_variant_ref_sink (g_variant_new ("(su)", "many", i));
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_UINT);
      g_value_set_uint (&value, i);
      tq_query_client_set_query_data (env.client, key, &value, 0);
      if (i % 500 == 0)
        {
          g_autofree char *hash = tq_key_hash (key);

          g_ptr_array_add (held, g_object_ref (tq_query_cache_get (env.cache, hash)));
        }
    }

  tq_query_cache_clear (env.cache);
  g_assert_cmpuint (tq_query_cache_get_size (env.cache), ==, 0);

  g_signal_connect (env.cache, "query-updated", G_CALLBACK (count_updated), &updated);
  tq_query_invalidate (held->pdata[0]);
  g_assert_cmpuint (updated, ==, 1);

  /* The client and its cache go; the queries (and the clock they hold) stay */
  tq_query_client_unmount (env.client);
  g_assert_finalize_object (env.client);
  for (guint i = 0; i < held->len; i++)
    {
      tq_query_invalidate (held->pdata[i]);
      g_assert_true (tq_query_state_get_is_invalidated (tq_query_get_state (held->pdata[i])));
      g_assert_null (tq_query_get_cache (held->pdata[i]));
    }
  tq_test_flush (&env);
  g_assert_cmpuint (updated, ==, 1);

  g_clear_pointer (&held, g_ptr_array_unref);
  g_clear_object (&env.focus_manager);
  g_clear_object (&env.online_manager);
  g_clear_object (&env.notify_manager);
  g_assert_finalize_object (env.clock);
}

typedef struct
{
  GPtrArray *log;
  guint      failures;   /* calls that fail before it succeeds */
  guint      calls;
} Logged;

static void
logged_query_fn (TqQueryFunctionContext *context,
                 gpointer                user_data)
{
  Logged *logged = user_data;
  g_autofree char *key = tq_key_to_string (tq_query_function_context_get_query_key (context));

  tq_test_log (logged->log, "%s", key);
  if (logged->calls++ < logged->failures)
    tq_query_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_FAILED, "no");
  else
    {
      g_autoptr(JsonNode) node = tq_test_json ("1");

      tq_query_function_context_return_json (context, node);
    }
}

/* Rule 19: on reconnect, a paused fetch goes on in promise reactions, as
 * TanStack's: a first attempt one turn after the continue action, a retry
 * (adopted by its delay's promise chain) one more, so the first attempt
 * of a query paused before it started comes first (corpus regressions/
 * r19-paused-retries-go-on-after-paused-starts)
 */
static void
test_continue_order (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  Logged retried = { log, 1, 0 };
  Logged started = { log, 0, 0 };
  g_autoptr(TqQueryOptions) a = options_for ("('a',)", NULL);
  g_autoptr(TqQueryOptions) b = options_for ("('b',)", NULL);
  g_autoptr(TqQueryObserver) oa = NULL;
  g_autoptr(TqQueryObserver) ob = NULL;

  tq_query_options_set_query_func (a, logged_query_fn, &retried, NULL);
  tq_query_options_set_retry_delay (a, 10);
  tq_query_options_set_refetch_on_reconnect (a, TQ_REFETCH_NEVER);
  tq_query_options_set_query_func (b, logged_query_fn, &started, NULL);
  tq_query_options_set_refetch_on_reconnect (b, TQ_REFETCH_NEVER);

  oa = tq_query_observer_new (f->env.client, a);
  tq_query_observer_subscribe (oa);
  tq_test_flush (&f->env);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_test_advance (&f->env, 20);
  g_assert_true (tq_query_result_is_paused (tq_query_observer_get_current_result (oa)));

  ob = tq_query_observer_new (f->env.client, b);
  tq_query_observer_subscribe (ob);
  g_assert_true (tq_query_result_is_paused (tq_query_observer_get_current_result (ob)));

  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_assert_log (log, "('a',)");
  tq_test_flush (&f->env);
  tq_assert_log (log, "('a',) ('b',) ('a',)");
  g_assert_true (tq_query_result_is_success (tq_query_observer_get_current_result (oa)));

  tq_query_observer_unsubscribe (oa);
  tq_query_observer_unsubscribe (ob);
}

/* Rules 22 and 31 in TanStack's order: the outcome of a fetch acts on a
 * later turn than the code that settled it. A caller of a fetch cancelled
 * silently gets the promise of the fetch running then (corpus regressions/
 * r22-cancelled-callers-follow-the-latest-fetch); a cancel that does not
 * revert sets the error after whatever else ran in the same turn, a reset
 * included (regressions/r31-cancel-error-lands-after-a-reset)
 */
static void
test_fetch_outcome_later (Fixture       *f,
                          gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"%u\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('later',)", fn);
  g_autoptr(GVariant) key = tq_test_key ("('later',)");
  g_auto(GValue) value = G_VALUE_INIT;
  Outcome first = { 0 }, second = { 0 }, third = { 0 };
  TqQuery *query;

  /* With data, each fetch cancels the one before: the first two callers
   * end with the third fetch's data, not with a cancellation
   */
  tq_test_value_json (&value, "\"old\"");
  tq_query_client_set_query_data (f->env.client, key, &value, 0);
  query = query_of (f, "('later',)");
  tq_query_fetch_async (query, options, TRUE, NULL, on_query_fetch, &first);
  tq_query_fetch_async (query, options, TRUE, NULL, on_query_fetch, &second);
  tq_query_fetch_async (query, options, TRUE, NULL, on_query_fetch, &third);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);
  tq_test_advance (&f->env, 10);
  g_assert_true (first.ok && second.ok && third.ok);
  tq_assert_value_json (&first.data, "\"3\"");
  tq_assert_value_json (&second.data, "\"3\"");
  tq_assert_value_json (&third.data, "\"3\"");
  outcome_clear (&first);
  outcome_clear (&second);
  outcome_clear (&third);

  /* A cancel that does not revert, then a reset in the same turn: the
   * cancelled fetch's error comes after the reset
   */
  tq_query_fetch_async (query, NULL, FALSE, NULL, on_query_fetch, &first);
  tq_query_cancel (query, FALSE, FALSE);
  tq_query_reset (query);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_PENDING);
  tq_test_flush (&f->env);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_ERROR);
  g_assert_error ((GError *) tq_query_state_get_error (tq_query_get_state (query)), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_error (first.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  outcome_clear (&first);
  tq_test_advance (&f->env, 10);
}

/* Rules 26 and 31: a cancel ends the fetch, not its retry delay. When the
 * delay runs out offline, the query is paused all the same (corpus
 * regressions/r26-cancelled-retry-delay-still-pauses), and a new fetch
 * starts anew.
 */
static void
test_cancelled_retry_delay_pauses (Fixture       *f,
                                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "down" }, { 0, NULL, "down" }, { 10, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 3);
  g_autoptr(TqQueryOptions) options = options_for ("('late',)", fn);
  Outcome o = { 0 };
  TqQuery *query;

  tq_query_options_set_retry (options, 1);
  tq_query_options_set_retry_delay (options, 100);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_advance (&f->env, 10);
  query = query_of (f, "('late',)");
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_query_cancel (query, TRUE, FALSE);
  tq_test_flush (&f->env);
  g_assert_cmpint (tq_query_state_get_fetch_status (tq_query_get_state (query)), ==, TQ_FETCH_STATUS_IDLE);

  tq_test_advance (&f->env, 100);
  g_assert_cmpint (tq_query_state_get_fetch_status (tq_query_get_state (query)), ==, TQ_FETCH_STATUS_PAUSED);
  g_assert_cmpint (tq_query_state_get_status (tq_query_get_state (query)), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);

  /* Online at the end of the delay, nothing happens */
  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_query_fetch_async (query, options, FALSE, NULL, on_query_fetch, &o);
  tq_test_advance (&f->env, 10);
  tq_query_cancel (query, TRUE, FALSE);
  tq_test_advance (&f->env, 100);
  g_assert_true (o.done);
  g_assert_cmpint (tq_query_state_get_fetch_status (tq_query_get_state (query)), ==, TQ_FETCH_STATUS_IDLE);
  outcome_clear (&o);

  tq_query_fetch_async (query, options, FALSE, NULL, on_query_fetch, &o);
  tq_test_advance (&f->env, 10);
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "\"data\"");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);
  outcome_clear (&o);
}

/* Rules 26 and 11: a removed query lives on until the retry delay of its
 * cancelled fetch ran out, and its cache hears it pause then (corpus
 * regressions/r26-removed-query-still-pauses-after-its-retry-delay)
 */
static void
test_removed_query_pauses_late (Fixture       *f,
                                gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "down" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('gone',)", fn);
  g_autoptr(GString) log = g_string_new (NULL);
  TqQuery *query;
  gulong handler;

  tq_query_options_set_retry (options, 1);
  tq_query_options_set_retry_delay (options, 100);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_test_advance (&f->env, 10);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  query = query_of (f, "('gone',)");
  tq_query_cancel (query, TRUE, FALSE);
  tq_test_flush (&f->env);
  tq_query_cache_remove (f->env.cache, query);
  g_assert_null (query_of (f, "('gone',)"));

  handler = g_signal_connect (f->env.cache, "query-updated", G_CALLBACK (record_action), log);
  tq_test_advance (&f->env, 100);
  g_assert_cmpstr (log->str, ==, "pause ");
  g_signal_handler_disconnect (f->env.cache, handler);
  tq_online_manager_set_online (f->env.online_manager, TRUE);
}

typedef struct
{
  Outcome   refetch;
  gboolean  refetch_done_first;
} CancelOrder;

static void
on_order_refetched (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CancelOrder *order = user_data;
  g_autoptr(TqQueryResult) refetched = NULL;

  refetched = tq_query_observer_refetch_finish (TQ_QUERY_OBSERVER (source), result, NULL);
  order->refetch.done = TRUE;
  order->refetch.ok = refetched != NULL;
}

static void
on_order_cancelled (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  CancelOrder *order = user_data;

  g_assert_true (tq_query_client_cancel_queries_finish (TQ_QUERY_CLIENT (source), result, NULL));
  order->refetch_done_first = order->refetch.done;
}

/* Rule 31: whoever waits for cancel_queries() goes on after the callers of
 * the fetches it cancelled heard of them, as TanStack's
 * `Promise.all (…).then (noop).catch (noop)` does (corpus regressions/
 * r31-awaited-cancel-goes-on-after-the-fetch-callers)
 */
static void
test_cancel_queries_settles_after_callers (Fixture       *f,
                                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"%u\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('order',)", fn);
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, options);
  CancelOrder order = { 0 };

  tq_query_observer_subscribe (observer);
  tq_test_advance (&f->env, 10);
  tq_query_observer_refetch_async (observer, TRUE, NULL, on_order_refetched, &order);
  tq_query_client_cancel_queries_async (f->env.client, NULL, TRUE, FALSE, NULL, on_order_cancelled, &order);
  tq_test_flush (&f->env);
  g_assert_true (order.refetch.done && order.refetch.ok);
  g_assert_true (order.refetch_done_first);
  tq_query_observer_unsubscribe (observer);
}

/* Rule 47: an error given during the call lands two turns later, as a
 * rejected promise's does in TanStack's retryer (through its
 * `.then (resolve)`, then its `.catch`): after the continue of a paused
 * fetch that the same reconnect let go on (corpus regressions/
 * r47-missing-query-fn-fails-after-a-continue)
 */
static void
test_error_during_call_two_turns (Fixture       *f,
                                  gconstpointer  data)
{
  TqTestOutcome failing[] = { { 0, NULL, "e1" } };
  TqTestOutcome ok[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fail_fn = tq_test_fn_new (&f->env, failing, 1);
  g_autoptr(TqTestFn) ok_fn = tq_test_fn_new (&f->env, ok, 1);
  g_autoptr(TqQueryOptions) fails = options_for ("('fails',)", fail_fn);
  g_autoptr(TqQueryOptions) paused = options_for ("('paused',)", ok_fn);
  g_autoptr(GVariant) key = tq_test_key ("('fails',)");
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GString) log = g_string_new (NULL);
  g_auto(GValue) value = G_VALUE_INIT;
  gulong handler;

  tq_test_value_json (&value, "\"old\"");
  tq_query_client_set_query_data (f->env.client, key, &value, 0);
  tq_query_options_set_retry (fails, 1);
  tq_query_options_set_retry_delay (fails, 100);
  tq_query_options_set_refetch_on_mount (fails, TQ_REFETCH_NEVER);
  observer = tq_query_observer_new (f->env.client, fails);
  tq_query_observer_subscribe (observer);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_query_client_prefetch_query_async (f->env.client, paused, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fail_fn), ==, 0);

  handler = g_signal_connect (f->env.cache, "query-updated", G_CALLBACK (record_action), log);
  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_flush (&f->env);
  g_assert_cmpstr (log->str, ==, "fetch continue failed success ");
  g_signal_handler_disconnect (f->env.cache, handler);
  tq_query_observer_unsubscribe (observer);
}

static void
on_refetch_failure_count (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(TqQueryResult) refetched = NULL;
  int *failure_count = user_data;

  refetched = tq_query_observer_refetch_finish (TQ_QUERY_OBSERVER (source), result, NULL);
  *failure_count = tq_query_result_get_failure_count (refetched);
}

/* Rules 21–22 in TanStack's order: a caller that joined a running fetch
 * gets its promise through the async fetch() (a reaction later) and the
 * observer's `.catch (noop).then (…)` (two more). When a fetch that takes
 * over fails at once, the caller's result already shows that failure
 * (corpus regressions/r22-joined-caller-hears-of-the-next-fetch)
 */
static void
test_joined_caller_after_next_failure (Fixture       *f,
                                       gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"%u\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('joined',)", fn);
  g_autoptr(TqQueryOptions) no_fn = options_for ("('joined',)", NULL);
  g_autoptr(GVariant) key = tq_test_key ("('joined',)");
  g_autoptr(TqQueryObserver) observer = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  int failure_count = -1;
  TqQuery *query;

  /* No observer listens, so the second fetch borrows no function */
  tq_test_value_json (&value, "\"old\"");
  tq_query_client_set_query_data (f->env.client, key, &value, 0);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  query = query_of (f, "('joined',)");
  g_assert_cmpint (tq_query_state_get_fetch_status (tq_query_get_state (query)), ==, TQ_FETCH_STATUS_FETCHING);
  observer = tq_query_observer_new (f->env.client, options);

  tq_query_observer_refetch_async (observer, FALSE, NULL, on_refetch_failure_count, &failure_count);
  tq_query_fetch_async (query, no_fn, TRUE, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpint (failure_count, ==, 1);
  tq_query_cancel (query, FALSE, TRUE);
  tq_test_flush (&f->env);
}

static void
twice (TqQueryFunctionContext *context,
       gpointer                user_data)
{
  g_autoptr(JsonNode) node = tq_test_json ("1");

  tq_query_function_context_return_json (context, node);
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*completed twice*");
  tq_query_function_context_return_json (context, node);
  g_test_assert_expected_messages ();
}

/* Completing twice is a critical, and the first result stands */
static void
test_complete_twice (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = options_for ("('twice',)", NULL);
  Outcome o = { 0 };

  tq_query_options_set_query_func (options, twice, NULL, NULL);
  tq_query_client_fetch_query_async (f->env.client, options, NULL, on_fetch_query, &o);
  tq_test_flush (&f->env);
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "1");
  outcome_clear (&o);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/Tq/Query/b05-subscribe-fetches-synchronously", test_subscribe_fetches_synchronously);
  ADD ("/Tq/Query/b05-subscribe-unsubscribe", test_subscribe_unsubscribe_at_once);
  ADD ("/Tq/Query/b06a-gc-largest", test_gc_largest);
  ADD ("/Tq/Query/b06b-gc-waits-for-fetch", test_gc_waits_for_fetch);
  ADD ("/Tq/Query/b06c-gc-after-set-query-data", test_gc_after_set_query_data);
  ADD ("/Tq/Query/b07-default-retry-schedule", test_default_retry_schedule);
  ADD ("/Tq/Query/b07-fetch-query-no-retry", test_fetch_query_no_retry);
  ADD ("/Tq/Query/b08-retry-pauses-unfocused", test_retry_pauses_unfocused);
  ADD ("/Tq/Query/b08-retry-pauses-offline", test_retry_pauses_offline);
  ADD ("/Tq/Query/rule27-offline-fetch-paused", test_offline_fetch_paused);
  ADD ("/Tq/Query/b09a-unsubscribe-stops-retries", test_unsubscribe_stops_retries);
  ADD ("/Tq/Query/b09b-unsubscribe-keeps-attempt", test_unsubscribe_keeps_attempt);
  ADD ("/Tq/Query/rule33-unsubscribe-cancels-taken", test_unsubscribe_cancels_taken);
  ADD ("/Tq/Query/b13a-reset-while-pending", test_reset_while_pending);
  ADD ("/Tq/Query/b13b-cancel-while-pending", test_cancel_while_pending);
  ADD ("/Tq/Query/b13c-cancel-then-fetch", test_cancel_then_fetch);
  ADD ("/Tq/Query/b14-status-kept-and-invalid", test_status_kept_and_invalid);
  ADD ("/Tq/Query/b16-initial-data", test_initial_data);
  ADD ("/Tq/Query/b26-set-query-data", test_set_query_data);
  ADD ("/Tq/Query/b26e-structural-sharing", test_set_query_data_sharing);
  ADD ("/Tq/Query/b28a-cancel-revert-resolves", test_cancel_revert_resolves);
  ADD ("/Tq/Query/b28b-cancel-no-revert", test_cancel_no_revert);
  ADD ("/Tq/Query/b28c-cancel-first-fetch", test_cancel_first_fetch);
  ADD ("/Tq/Query/rule21-dedup-and-cancel-refetch", test_dedup_and_cancel_refetch);
  ADD ("/Tq/Query/rule34-manual-data-revert-point", test_manual_data_is_revert_point);
  ADD ("/Tq/Query/cache-hooks", test_cache_hooks);
  ADD ("/Tq/Query/result-after-remove", test_result_after_remove);
  ADD ("/Tq/Query/rule11-removed-query-notifies", test_removed_query_notifies);
  ADD ("/Tq/Query/rule11-removed-queries-outlive-cache", test_removed_queries_outlive_cache);
  ADD ("/Tq/Query/rule19-continue-order", test_continue_order);
  ADD ("/Tq/Query/rule22-fetch-outcome-later", test_fetch_outcome_later);
  ADD ("/Tq/Query/complete-twice", test_complete_twice);
  ADD ("/Tq/Query/rule47-error-during-call-two-turns", test_error_during_call_two_turns);
  ADD ("/Tq/Query/rule22-joined-caller-after-next-failure", test_joined_caller_after_next_failure);
  ADD ("/Tq/Query/rule26-cancelled-retry-delay-pauses", test_cancelled_retry_delay_pauses);
  ADD ("/Tq/Query/rule26-removed-query-pauses-late", test_removed_query_pauses_late);
  ADD ("/Tq/Query/rule31-cancel-queries-settles-after-callers", test_cancel_queries_settles_after_callers);
#undef ADD

  return g_test_run ();
}
