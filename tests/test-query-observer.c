/* test-query-observer.c: observers, their results and properties
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"

typedef struct
{
  TqTestEnv  env;
  GPtrArray *results;   /* TqQueryResult*, as result-changed delivered them */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->results = g_ptr_array_new_with_free_func ((GDestroyNotify) tq_query_result_unref);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_ptr_array_unref (f->results);
  tq_test_env_clear (&f->env);
}

static void
on_result (TqQueryObserver *observer,
           TqQueryResult   *result,
           Fixture         *f)
{
  g_ptr_array_add (f->results, tq_query_result_ref (result));
}

static TqQueryObserver *
observe (Fixture        *f,
         TqQueryOptions *options)
{
  TqQueryObserver *observer = tq_query_observer_new (f->env.client, options);

  g_signal_connect (observer, "result-changed", G_CALLBACK (on_result), f);
  return observer;
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

static TqQueryResult *
result_at (Fixture *f,
           guint    i)
{
  g_assert_cmpuint (i, <, f->results->len);
  return f->results->pdata[i];
}

static char *
describe (TqQueryResult *r)
{
  static const char *status[] = { "pending", "error", "success" };
  static const char *fetch[] = { "idle", "fetching", "paused" };
  g_autofree char *data = tq_test_value_to_string (tq_query_result_get_data (r));

  return g_strdup_printf ("%s/%s/%s%s", status[tq_query_result_get_status (r)],
                          fetch[tq_query_result_get_fetch_status (r)], data,
                          tq_query_result_is_placeholder_data (r) ? "/placeholder" : "");
}

static void
assert_results (Fixture    *f,
                const char *expected)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < f->results->len; i++)
    {
      g_autofree char *d = describe (f->results->pdata[i]);

      if (i > 0)
        g_string_append (s, " | ");
      g_string_append (s, d);
    }

  g_assert_cmpstr (s->str, ==, expected);
}

static gboolean
flag_enabled (TqQuery  *query,
              gpointer  user_data)
{
  return *(gboolean *) user_data;
}

/* B18: enabled false */
static void
test_b18_disabled (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b18',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(TqQueryFilters) filters = tq_test_filters ("('b18',)");
  gboolean flag = FALSE;
  TqQueryResult *result;

  tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
  tq_query_options_set_enabled_func (options, flag_enabled, &flag, NULL);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_IDLE);
  /* Disabled is never stale (rule 13) */
  g_assert_false (tq_query_result_is_stale (result));
  g_assert_false (tq_query_result_is_enabled (result));

  tq_query_filters_set_refetch_type (filters, TQ_REFETCH_TYPE_ALL);
  tq_query_client_invalidate_queries_async (f->env.client, filters, TRUE, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);

  tq_query_observer_refetch (observer);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_test_advance (&f->env, 10);

  /* Enabled now: a new subscription fetches (the data is invalidated) */
  flag = TRUE;
  tq_query_observer_unsubscribe (observer);
  tq_query_client_invalidate_queries_async (f->env.client, filters, TRUE, NULL, NULL, NULL);
  tq_query_observer_subscribe (observer);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  tq_test_advance (&f->env, 10);
  tq_query_observer_unsubscribe (observer);
}

/* B18: enabled false through query defaults */
static void
test_b18_defaults (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) defaults = tq_query_options_new (NULL);
  g_autoptr(TqQueryOptions) options = options_for ("('b18d', 1)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) prefix = tq_test_key ("('b18d',)");
  TqQueryResult *result;

  tq_query_options_set_enabled (defaults, FALSE);
  tq_query_client_set_query_defaults (f->env.client, prefix, defaults);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_IDLE);
  tq_query_observer_unsubscribe (observer);
}

/* B20 (a): static is stale before data, and never after */
static void
test_b20_static (Fixture       *f,
                 gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b20a',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;

  tq_query_options_set_stale_time (options, TQ_STALE_TIME_STATIC);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  g_assert_true (tq_query_result_is_stale (tq_query_observer_get_current_result (observer)));
  tq_test_advance (&f->env, 5);
  g_assert_false (tq_query_result_is_stale (tq_query_observer_get_current_result (observer)));
  tq_test_advance (&f->env, 1000000);
  g_assert_false (tq_query_result_is_stale (tq_query_observer_get_current_result (observer)));
  tq_query_observer_unsubscribe (observer);
}

/* B20 (b, c): static blocks refetch-on-mount always, refetch and invalidate */
static void
test_b20_static_blocks (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b20b',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('b20b',)");
  g_auto(GValue) initial = G_VALUE_INIT;

  tq_test_value_json (&initial, "\"initial\"");
  tq_query_client_set_query_data (f->env.client, k, &initial, 0);
  tq_query_options_set_stale_time (options, TQ_STALE_TIME_STATIC);
  tq_query_options_set_refetch_on_mount (options, TQ_REFETCH_ALWAYS);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);

  tq_query_client_refetch_queries_async (f->env.client, NULL, TRUE, NULL, NULL, NULL);
  tq_query_client_invalidate_queries_async (f->env.client, NULL, TRUE, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);

  /* A direct refetch still runs */
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_query_observer_unsubscribe (observer);
}

typedef struct
{
  guint runs;
  int   answer;
} SelectCount;

static gboolean
select_count (const GValue  *data,
              GValue        *result,
              gpointer       user_data,
              GError       **error)
{
  SelectCount *count = user_data;
  JsonNode *node = g_value_get_boxed (data);
  g_autofree char *text = NULL;

  count->runs++;
  if (count->answer != 0)
    text = g_strdup_printf ("{\"myCount\": %d}", count->answer);
  else
    text = g_strdup_printf ("{\"myCount\": %" G_GINT64_FORMAT "}",
                            json_object_get_int_member (json_node_get_object (node), "count"));
  tq_test_value_json (result, text);
  return TRUE;
}

/* B21 (a): the same select function runs once for the same data */
static void
test_b21_select_memo (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "{\"count\": 1}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b21a',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  SelectCount count = { 0 };

  tq_query_options_set_select_func (options, select_count, &count, NULL);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_query_observer_set_options (observer, options);
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);

  g_assert_cmpuint (count.runs, ==, 1);
  assert_results (f, "pending/fetching/<none> | success/idle/{\"myCount\":1} | "
                     "success/fetching/{\"myCount\":1} | success/idle/{\"myCount\":1}");
  /* The data is the same object both times */
  g_assert_true (json_node_get_object (g_value_get_boxed (tq_query_result_get_data (result_at (f, 1)))) ==
                 json_node_get_object (g_value_get_boxed (tq_query_result_get_data (result_at (f, 3)))));
  tq_query_observer_unsubscribe (observer);
}

/* B21 (b): another select function runs again */
static void
test_b21_select_changed (Fixture       *f,
                         gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "{\"count\": 1}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b21b',)", fn);
  g_autoptr(TqQueryOptions) other = NULL;
  g_autoptr(TqQueryObserver) observer = NULL;
  SelectCount count = { 0 };
  SelectCount count99 = { 0, 99 };

  tq_query_options_set_select_func (options, select_count, &count, NULL);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  other = tq_query_options_copy (options);
  tq_query_options_set_select_func (other, select_count, &count99, NULL);
  tq_query_observer_set_options (observer, other);
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);

  g_assert_cmpuint (count.runs + count99.runs, ==, 2);
  assert_results (f, "pending/fetching/<none> | success/idle/{\"myCount\":1} | "
                     "success/idle/{\"myCount\":99} | success/fetching/{\"myCount\":99} | "
                     "success/idle/{\"myCount\":99}");
  tq_query_observer_unsubscribe (observer);
}

/* B21 (c): new data runs select again */
static void
test_b21_select_new_data (Fixture       *f,
                          gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "{\"count\": %u}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b21c',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  SelectCount count = { 0 };

  tq_query_options_set_select_func (options, select_count, &count, NULL);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (count.runs, ==, 2);
  tq_assert_value_json (tq_query_result_get_data (tq_query_observer_get_current_result (observer)),
                        "{\"myCount\":2}");
  tq_query_observer_unsubscribe (observer);
}

static gboolean
select_fails (const GValue  *data,
              GValue        *result,
              gpointer       user_data,
              GError       **error)
{
  guint *calls = user_data;

  if (++(*calls) == 1)
    {
      tq_test_value_json (result, "\"good\"");
      return TRUE;
    }

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "select failed");
  return FALSE;
}

/* Rule 44: a failing select puts the observer in error with the last good data */
static void
test_select_error (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "%u" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('select-error',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  TqQueryResult *result;
  guint calls = 0;

  tq_query_options_set_select_func (options, select_fails, &calls, NULL);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_ERROR);
  g_assert_error ((GError *) tq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  tq_assert_value_json (tq_query_result_get_data (result), "\"good\"");
  g_assert_false (tq_query_result_is_placeholder_data (result));
  g_assert_cmpint (tq_query_result_get_error_updated_at (result), ==, 0);
  tq_query_observer_unsubscribe (observer);
}

/* B22: placeholder data, before and after subscribing */
static void
test_b22_placeholder (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b22',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('b22',)");
  g_auto(GValue) placeholder = G_VALUE_INIT;
  TqQueryResult *result;

  tq_test_value_json (&placeholder, "\"placeholder\"");
  tq_query_options_set_placeholder_data (options, &placeholder);
  observer = observe (f, options);
  result = tq_query_observer_get_current_result (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_SUCCESS);
  tq_assert_value_json (tq_query_result_get_data (result), "\"placeholder\"");
  g_assert_true (tq_query_result_is_placeholder_data (result));
  /* Never cached */
  g_assert_false (tq_query_client_get_query_data (f->env.client, k, NULL));

  g_ptr_array_set_size (f->results, 0);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  assert_results (f, "success/fetching/\"placeholder\"/placeholder | success/idle/\"data\"");
  tq_query_observer_unsubscribe (observer);
}

static gboolean
select_value (const GValue  *data,
              GValue        *result,
              gpointer       user_data,
              GError       **error)
{
  JsonNode *node = g_value_get_boxed (data);
  g_autoptr(JsonNode) value = json_node_copy (json_object_get_member (json_node_get_object (node), "value"));

  g_value_init (result, JSON_TYPE_NODE);
  g_value_set_boxed (result, value);
  return TRUE;
}

/* B22: keep previous data across a key change */
static void
test_b22_keep_previous (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script1[] = { { 0, "{\"value\": \"data1\"}" } };
  TqTestOutcome script2[] = { { 10, "{\"value\": \"data2\"}" } };
  g_autoptr(TqTestFn) fn1 = tq_test_fn_new (&f->env, script1, 1);
  g_autoptr(TqTestFn) fn2 = tq_test_fn_new (&f->env, script2, 1);
  g_autoptr(TqQueryOptions) o1 = options_for ("('b22k', 1)", fn1);
  g_autoptr(TqQueryOptions) o2 = options_for ("('b22k', 2)", fn2);
  g_autoptr(TqQueryObserver) observer = NULL;

  tq_query_options_set_keep_previous_data (o1);
  tq_query_options_set_keep_previous_data (o2);
  tq_query_options_set_select_func (o1, select_value, NULL, NULL);
  tq_query_options_set_select_func (o2, select_value, NULL, NULL);
  observer = observe (f, o1);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_query_observer_set_options (observer, o2);
  tq_test_advance (&f->env, 10);

  assert_results (f, "pending/fetching/<none> | success/idle/\"data1\" | "
                     "success/fetching/\"data1\"/placeholder | success/idle/\"data2\"");
  tq_query_observer_unsubscribe (observer);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* B23 in GObject form: property notifications fire only for what changed */
static void
test_b23_notify_only_changes (Fixture       *f,
                              gconstpointer  data)
{
  TqTestOutcome same[] = { { 10, "\"data\"" } };
  TqTestOutcome changed[] = { { 10, "\"new data\"" } };
  g_autoptr(TqTestFn) fn_same = tq_test_fn_new (&f->env, same, 1);
  g_autoptr(TqTestFn) fn_changed = tq_test_fn_new (&f->env, changed, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b23',)", fn_same);
  g_autoptr(TqQueryOptions) options2 = options_for ("('b23',)", fn_changed);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('b23',)");
  g_auto(GValue) value = G_VALUE_INIT;
  guint data_notifies = 0, fetching_notifies = 0;

  tq_test_value_json (&value, "\"data\"");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_signal_connect (observer, "notify::data", G_CALLBACK (count_notify), &data_notifies);
  g_signal_connect (observer, "notify::is-fetching", G_CALLBACK (count_notify), &fetching_notifies);

  tq_query_observer_refetch (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (data_notifies, ==, 0);
  g_assert_cmpuint (fetching_notifies, ==, 2);

  tq_query_observer_set_options (observer, options2);
  tq_query_observer_refetch (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (data_notifies, ==, 1);
  tq_query_observer_unsubscribe (observer);
}

/* B23: with notify-on-change-props, result-changed only for those props */
static void
test_b23_notify_on_change_props (Fixture       *f,
                                 gconstpointer  data)
{
  TqTestOutcome same[] = { { 10, "\"data\"" } };
  TqTestOutcome changed[] = { { 10, "\"new data\"" } };
  g_autoptr(TqTestFn) fn_same = tq_test_fn_new (&f->env, same, 1);
  g_autoptr(TqTestFn) fn_changed = tq_test_fn_new (&f->env, changed, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b23p',)", fn_same);
  g_autoptr(TqQueryOptions) options2 = options_for ("('b23p',)", fn_changed);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('b23p',)");
  g_auto(GValue) value = G_VALUE_INIT;
  const char * const data_only[] = { "data", NULL };

  tq_test_value_json (&value, "\"data\"");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
  tq_query_options_set_notify_on_change_props (options, data_only);
  g_assert_true (g_strv_equal (tq_query_options_get_notify_on_change_props (options), data_only));
  tq_query_options_set_stale_time (options2, TQ_TIME_INFINITE);
  tq_query_options_set_notify_on_change_props (options2, data_only);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_ptr_array_set_size (f->results, 0);

  /* is-fetching goes on and off, the data stays: nobody is told */
  tq_query_observer_refetch (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_test_fn_calls (fn_same), ==, 1);
  g_assert_cmpuint (f->results->len, ==, 0);
  g_assert_false (tq_query_result_is_fetching (tq_query_observer_get_current_result (observer)));

  /* New data: told exactly once, with the whole result */
  tq_query_observer_set_options (observer, options2);
  tq_query_observer_refetch (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (f->results->len, ==, 1);
  tq_assert_value_json (tq_query_result_get_data (result_at (f, 0)), "\"new data\"");
  g_assert_false (tq_query_result_is_fetching (result_at (f, 0)));

  /* Unset again: every change is told */
  tq_query_options_set_notify_on_change_props (options2, NULL);
  g_assert_null (tq_query_options_get_notify_on_change_props (options2));
  tq_query_observer_set_options (observer, options2);
  tq_query_observer_refetch (observer);
  g_assert_cmpuint (f->results->len, ==, 2);
  g_assert_true (tq_query_result_is_fetching (result_at (f, 1)));
  tq_test_advance (&f->env, 10);
  tq_query_observer_unsubscribe (observer);
}

static gboolean
select_always_fails (const GValue  *data,
                     GValue        *result,
                     gpointer       user_data,
                     GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "bad select");
  return FALSE;
}

static void
count_results (TqQueryObserver *observer,
               TqQueryResult   *result,
               guint           *count)
{
  (*count)++;
}

/* Rule 15: the stale timer needs a stale time. Without one (TanStack's
 * undefined) no timer recomputes the result; a select error, dated when
 * computed, shows it (corpus regressions/r15-no-stale-timer-without-stale-time)
 */
static void
test_stale_timer_needs_stale_time (Fixture       *f,
                                   gconstpointer  data)
{
  g_autoptr(TqQueryOptions) unset = options_for ("('stale-unset',)", NULL);
  g_autoptr(TqQueryOptions) zero = options_for ("('stale-unset',)", NULL);
  g_autoptr(TqQueryObserver) a = NULL;
  g_autoptr(TqQueryObserver) b = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('stale-unset',)");
  g_auto(GValue) value = G_VALUE_INIT;
  guint a_results = 0, b_results = 0;

  tq_test_value_json (&value, "\"data\"");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  tq_query_options_set_enabled (unset, FALSE);
  tq_query_options_set_select_func (unset, select_always_fails, NULL, NULL);
  tq_query_options_set_enabled (zero, FALSE);
  tq_query_options_set_select_func (zero, select_always_fails, NULL, NULL);
  tq_query_options_set_stale_time (zero, 0);

  a = tq_query_observer_new (f->env.client, unset);
  b = tq_query_observer_new (f->env.client, zero);
  g_signal_connect (a, "result-changed", G_CALLBACK (count_results), &a_results);
  g_signal_connect (b, "result-changed", G_CALLBACK (count_results), &b_results);
  tq_query_observer_subscribe (a);
  tq_query_observer_subscribe (b);
  tq_test_flush (&f->env);
  a_results = b_results = 0;

  tq_test_advance (&f->env, 5);
  g_assert_cmpuint (a_results, ==, 0);
  g_assert_cmpuint (b_results, ==, 1);
  g_assert_cmpint (tq_query_result_get_error_updated_at (tq_query_observer_get_current_result (b)), ==, 1);

  tq_query_observer_unsubscribe (a);
  tq_query_observer_unsubscribe (b);
}

/* Rule 44: each failed run of select is a new error, as each exception is
 * in TanStack; the listeners hear of it even if the message is the same
 * (corpus regressions/r44-each-select-failure-is-a-new-error)
 */
static void
test_select_error_identity (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = options_for ("('select-identity',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_auto(GValue) placeholder = G_VALUE_INIT;
  guint changes = 0;

  tq_test_value_json (&placeholder, "\"placeholder\"");
  tq_query_options_set_enabled (options, FALSE);
  tq_query_options_set_placeholder_data (options, &placeholder);
  tq_query_options_set_select_func (options, select_always_fails, NULL, NULL);
  observer = tq_query_observer_new (f->env.client, options);
  g_assert_true (tq_query_result_is_error (tq_query_observer_get_current_result (observer)));
  g_signal_connect (observer, "result-changed", G_CALLBACK (count_results), &changes);

  /* Placeholder data is never memoised after a select error: select runs
   * again on subscribing, and fails again
   */
  tq_query_observer_subscribe (observer);
  g_assert_cmpuint (changes, ==, 1);
  g_assert_cmpstr (tq_query_result_get_error (tq_query_observer_get_current_result (observer))->message,
                   ==, "bad select");
  tq_query_observer_unsubscribe (observer);
}

static void
on_refetched (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  TqQueryResult **out = user_data;

  *out = tq_query_observer_refetch_finish (TQ_QUERY_OBSERVER (source), result, NULL);
}

/* refetch() reports the result after the fetch settled, on a later turn
 * (TanStack's `.then (() => updateResult ())`): a reset that settled it
 * shows (corpus regressions/r10-refetch-result-after-reset)
 */
static void
test_refetch_result_after_settling (Fixture       *f,
                                    gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('refetch-reset',)", fn);
  g_autoptr(TqQueryObserver) observer = observe (f, options);
  g_autoptr(TqQueryResult) result = NULL;

  tq_query_observer_refetch_async (observer, TRUE, NULL, on_refetched, &result);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_query_reset (tq_query_observer_get_query (observer));
  g_assert_null (result);
  tq_test_flush (&f->env);

  g_assert_nonnull (result);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_PENDING);
  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_IDLE);
  tq_test_advance (&f->env, 10);
}

typedef struct
{
  TqQueryResult *result;
  GError        *error;
  gboolean       done;
} Refetched;

static void
on_refetched_with_flags (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  Refetched *r = user_data;

  r->done = TRUE;
  r->result = tq_query_observer_refetch_with_flags_finish (TQ_QUERY_OBSERVER (source), result, &r->error);
}

/* TanStack's refetch ({throwOnError}): a failed fetch fails the call */
static void
test_refetch_throw_on_error (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, NULL, "bad" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('throw-on-error',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  Refetched plain = { 0 }, throwing = { 0 };

  tq_query_options_set_retry (options, 0);
  observer = observe (f, options);
  tq_query_observer_refetch_with_flags_async (observer, TQ_REFETCH_FLAGS_CANCEL_REFETCH, NULL,
                                              on_refetched_with_flags, &plain);
  tq_query_observer_refetch_with_flags_async (observer, TQ_REFETCH_FLAGS_THROW_ON_ERROR, NULL,
                                              on_refetched_with_flags, &throwing);
  tq_test_advance (&f->env, 5);

  /* Both joined the one fetch */
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  g_assert_true (plain.done && throwing.done);
  g_assert_no_error (plain.error);
  g_assert_true (tq_query_result_is_error (plain.result));
  g_assert_null (throwing.result);
  g_assert_error (throwing.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (throwing.error->message, ==, "bad");

  g_clear_pointer (&plain.result, tq_query_result_unref);
  g_clear_error (&throwing.error);
}

/* Many updates in one main-loop iteration: one notification per property */
static void
test_notify_batched (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = options_for ("('batched',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('batched',)");
  guint data_notifies = 0, updated_notifies = 0;

  tq_query_options_set_enabled (options, FALSE);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_signal_connect (observer, "notify::data", G_CALLBACK (count_notify), &data_notifies);
  g_signal_connect (observer, "notify::status", G_CALLBACK (count_notify), &updated_notifies);

  for (guint i = 0; i < 100; i++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      g_value_init (&value, G_TYPE_UINT);
      g_value_set_uint (&value, i);
      tq_query_client_set_query_data (f->env.client, k, &value, 0);
    }

  /* Nothing before the flush; then one notification each */
  g_assert_cmpuint (data_notifies, ==, 0);
  g_assert_cmpuint (f->results->len, >=, 100);
  tq_test_flush (&f->env);
  g_assert_cmpuint (data_notifies, ==, 1);
  g_assert_cmpuint (updated_notifies, ==, 1);
  g_assert_cmpuint (g_value_get_uint (tq_query_result_get_data (tq_query_observer_get_current_result (observer))), ==, 99);
  tq_query_observer_unsubscribe (observer);
}

/* Logs the name of each notified property */
static void
log_notify (GObject    *object,
            GParamSpec *pspec,
            GPtrArray  *log)
{
  tq_test_log (log, "%s", pspec->name);
}

/* A handler of notify without a detail, connected at any time, hears every
 * changed result property once per flush; one with a detail only its own.
 */
static void
test_notify_any_property (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = options_for ("('notify-any',)", NULL);
  g_autoptr(TqQueryOptions) enabled = options_for ("('notify-any',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('notify-any',)");
  g_autoptr(GPtrArray) any = tq_test_log_new ();
  g_autoptr(GPtrArray) named = tq_test_log_new ();
  g_auto(GValue) value = G_VALUE_INIT;

  tq_query_options_set_enabled (options, FALSE);
  tq_test_value_json (&value, "1");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);

  g_signal_connect (observer, "notify", G_CALLBACK (log_notify), any);
  g_signal_connect (observer, "notify::is-enabled", G_CALLBACK (log_notify), named);
  tq_test_advance (&f->env, 5);
  for (guint i = 2; i < 5; i++)
    {
      g_auto(GValue) next = G_VALUE_INIT;
      g_autofree char *json = g_strdup_printf ("%u", i);

      tq_test_value_json (&next, json);
      tq_query_client_set_query_data (f->env.client, k, &next, 0);
    }
  tq_assert_log (any, "");
  tq_test_flush (&f->env);
  tq_assert_log_sorted (any, "data data-updated-at is-fetched-after-mount");
  tq_assert_log (named, "");

  /* A blocked handler is not asked; the others still hear */
  g_ptr_array_set_size (any, 0);
  g_signal_handlers_block_by_func (observer, log_notify, any);
  tq_query_options_set_enabled (enabled, TRUE);
  tq_query_options_set_stale_time (enabled, TQ_TIME_INFINITE);
  tq_query_observer_set_options (observer, enabled);
  tq_test_flush (&f->env);
  tq_assert_log (any, "");
  tq_assert_log (named, "is-enabled");
  g_signal_handlers_unblock_by_func (observer, log_notify, any);

  tq_query_observer_unsubscribe (observer);
  tq_test_flush (&f->env);
  tq_assert_log (any, "subscribed");
}

/* An observer built without options (g_object_new() with a client only,
 * as language bindings do) says the defaults until it is given options;
 * then each property whose value is no longer the default is notified
 * once, at the next flush.
 */
static void
test_notify_options_after_construction (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = options_for ("('late-options',)", NULL);
  g_autoptr(GVariant) k = tq_test_key ("('late-options',)");
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  g_auto(GValue) value = G_VALUE_INIT;

  tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
  tq_test_value_json (&value, "{\"title\": \"cached\"}");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);

  observer = g_object_new (TQ_TYPE_QUERY_OBSERVER, "client", f->env.client, NULL);
  g_assert_null (tq_query_observer_get_current_result (observer));
  g_signal_connect (observer, "notify::data", G_CALLBACK (log_notify), log);
  g_signal_connect (observer, "notify::status", G_CALLBACK (log_notify), log);
  g_signal_connect (observer, "notify::is-success", G_CALLBACK (log_notify), log);
  g_signal_connect (observer, "notify::is-fetching", G_CALLBACK (log_notify), log);

  tq_query_observer_set_options (observer, options);
  tq_assert_log (log, "");
  tq_test_flush (&f->env);
  /* is-fetching is still its default (no fetch: the data is fresh) */
  tq_assert_log_sorted (log, "data is-success status");
  g_assert_cmpint (tq_query_result_get_status (tq_query_observer_get_current_result (observer)), ==,
                   TQ_QUERY_STATUS_SUCCESS);

  /* Options given at construction are the observer's first result, which
   * nobody heard differ from anything.
   */
  g_ptr_array_set_size (log, 0);
  g_clear_object (&observer);
  observer = observe (f, options);
  g_signal_connect (observer, "notify::data", G_CALLBACK (log_notify), log);
  tq_test_flush (&f->env);
  tq_assert_log (log, "");
}

/* Observers of one query with plain options share one result per state,
 * each with its own is-stale, is-enabled and is-fetched-after-mount.
 */
static gboolean
select_first (const GValue  *data,
              GValue        *selected,
              gpointer       user_data,
              GError       **error)
{
  g_value_init (selected, G_TYPE_INT);
  g_value_set_int (selected, 7);
  return TRUE;
}

static void
test_shared_results (Fixture       *f,
                     gconstpointer  data)
{
  TqTestOutcome slow[] = { { 1000, "{\"a\":3}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, slow, 1);
  g_autoptr(GVariant) k = tq_test_key ("('shared',)");
  g_autoptr(TqQueryOptions) fresh = options_for ("('shared',)", fn);
  g_autoptr(TqQueryOptions) disabled = options_for ("('shared',)", fn);
  g_autoptr(TqQueryOptions) stale = options_for ("('shared',)", fn);
  g_autoptr(TqQueryOptions) selected = options_for ("('shared',)", fn);
  TqQueryObserver *observers[6];
  g_auto(GValue) value = G_VALUE_INIT;
  TqQueryResult *r[6];

  tq_query_options_set_stale_time (fresh, TQ_TIME_INFINITE);
  tq_query_options_set_enabled (disabled, FALSE);
  tq_query_options_set_stale_time (disabled, TQ_TIME_INFINITE);
  tq_query_options_set_stale_time (stale, 0);
  tq_query_options_set_select_func (selected, select_first, NULL, NULL);
  tq_query_options_set_stale_time (selected, TQ_TIME_INFINITE);

  /* Made before the first data: it is fetched after mount */
  observers[0] = observe (f, fresh);
  tq_test_value_json (&value, "{\"a\":1}");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  observers[1] = observe (f, fresh);
  observers[2] = observe (f, fresh);
  observers[3] = observe (f, disabled);
  observers[4] = observe (f, stale);
  observers[5] = observe (f, selected);
  for (guint i = 0; i < G_N_ELEMENTS (observers); i++)
    tq_query_observer_subscribe (observers[i]);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);

  for (guint i = 0; i < G_N_ELEMENTS (observers); i++)
    {
      r[i] = tq_query_observer_get_current_result (observers[i]);
      g_assert_true (tq_query_result_is_fetching (r[i]));
    }
  g_assert_true (tq_query_result_is_fetched_after_mount (r[0]));
  g_assert_false (tq_query_result_is_fetched_after_mount (r[1]));
  g_assert_true (r[2] == r[1]);
  g_assert_false (tq_query_result_is_stale (r[1]));
  g_assert_true (tq_query_result_is_enabled (r[1]));
  g_assert_false (tq_query_result_is_stale (r[3]));
  g_assert_false (tq_query_result_is_enabled (r[3]));
  g_assert_true (tq_query_result_is_stale (r[4]));
  g_assert_true (tq_query_result_is_enabled (r[4]));
  g_assert_cmpint (g_value_get_int (tq_query_result_get_data (r[5])), ==, 7);
  for (guint i = 0; i < 5; i++)
    g_assert_true (g_value_get_boxed (tq_query_result_get_data (r[i])) ==
                   g_value_get_boxed (tq_query_result_get_data (r[1])));

  /* One update: now fetched after mount for all, so one result for the
   * three plain observers
   */
  g_value_unset (&value);
  tq_test_value_json (&value, "{\"a\":2}");
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
  for (guint i = 0; i < G_N_ELEMENTS (observers); i++)
    r[i] = tq_query_observer_get_current_result (observers[i]);
  g_assert_true (r[1] == r[0]);
  g_assert_true (r[2] == r[0]);
  g_assert_true (tq_query_result_is_fetched_after_mount (r[0]));
  g_assert_false (r[3] == r[0]);
  g_assert_false (tq_query_result_is_enabled (r[3]));
  g_assert_true (tq_query_result_is_fetched_after_mount (r[3]));
  g_assert_true (tq_query_result_is_stale (r[4]));
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (g_value_get_boxed (tq_query_result_get_data (r[4]))), "a"), ==, 2);
  g_assert_cmpint (g_value_get_int (tq_query_result_get_data (r[5])), ==, 7);

  for (guint i = 0; i < G_N_ELEMENTS (observers); i++)
    {
      tq_query_observer_unsubscribe (observers[i]);
      g_object_unref (observers[i]);
    }
  tq_test_flush (&f->env);
}

/* B24 (a, b): refetch interval; unsubscribing stops it and gc removes */
static gint64
interval_10 (TqQuery  *query,
             gpointer  user_data)
{
  (*(guint *) user_data)++;
  return 10;
}

static void
test_b24_interval (Fixture       *f,
                   gconstpointer  data)
{
  for (guint variant = 0; variant < 2; variant++)
    {
      TqTestOutcome script[] = { { 0, "\"data\"" } };
      g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
      g_autoptr(TqQueryOptions) options = options_for (variant ? "('b24b',)" : "('b24a',)", fn);
      g_autoptr(TqQueryObserver) observer = NULL;
      guint func_calls = 0;

      if (variant == 0)
        tq_query_options_set_refetch_interval (options, 10);
      else
        tq_query_options_set_refetch_interval_func (options, interval_10, &func_calls, NULL);
      tq_query_options_set_gc_time (options, 0);
      observer = observe (f, options);
      tq_query_observer_subscribe (observer);
      g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
      tq_test_advance (&f->env, 10);
      g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
      tq_query_observer_unsubscribe (observer);
      tq_test_advance (&f->env, 10);
      g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
      g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);
      if (variant == 1)
        g_assert_cmpuint (func_calls, >, 0);
    }
}

/* B24 (c): unfocused, the interval ticks do not fetch */
static void
test_b24_interval_unfocused (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqTestFn) fn_bg = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('b24c',)", fn);
  g_autoptr(TqQueryOptions) bg = options_for ("('b24bg',)", fn_bg);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(TqQueryObserver) observer_bg = NULL;

  tq_focus_manager_set_focused (f->env.focus_manager, FALSE);
  tq_query_options_set_refetch_interval (options, 10);
  tq_query_options_set_refetch_interval (bg, 10);
  tq_query_options_set_refetch_interval_in_background (bg, TRUE);
  observer = observe (f, options);
  observer_bg = observe (f, bg);
  tq_query_observer_subscribe (observer);
  tq_query_observer_subscribe (observer_bg);
  tq_test_advance (&f->env, 30);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  g_assert_cmpuint (tq_test_fn_calls (fn_bg), ==, 4);
  tq_query_observer_unsubscribe (observer);
  tq_query_observer_unsubscribe (observer_bg);
  tq_focus_manager_set_focused (f->env.focus_manager, TRUE);
}

/* Rule 15: the stale timer marks the result stale at staleTime + 1 ms */
static void
test_stale_timer (Fixture       *f,
                  gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('stale',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  guint stale_notifies = 0;

  tq_query_options_set_stale_time (options, 100);
  observer = observe (f, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_signal_connect (observer, "notify::is-stale", G_CALLBACK (count_notify), &stale_notifies);
  g_assert_false (tq_query_result_is_stale (tq_query_observer_get_current_result (observer)));
  tq_test_advance (&f->env, 100);
  g_assert_false (tq_query_result_is_stale (tq_query_observer_get_current_result (observer)));
  tq_test_advance (&f->env, 1);
  g_assert_true (tq_query_result_is_stale (tq_query_observer_get_current_result (observer)));
  g_assert_cmpuint (stale_notifies, ==, 1);
  tq_query_observer_unsubscribe (observer);
}

/* Rule 17: the fetch-on-mount matrix */
static void
test_fetch_on_mount_matrix (Fixture       *f,
                            gconstpointer  data)
{
  struct {
    gboolean      has_data;
    gboolean      stale;
    TqRefetchMode mode;
    gboolean      in_error;
    gboolean      retry_on_mount;
    guint         fetches;
  } cases[] = {
    { FALSE, TRUE,  TQ_REFETCH_NEVER,    FALSE, TRUE,  1 },  /* no data: always */
    { TRUE,  TRUE,  TQ_REFETCH_IF_STALE, FALSE, TRUE,  1 },
    { TRUE,  FALSE, TQ_REFETCH_IF_STALE, FALSE, TRUE,  0 },
    { TRUE,  FALSE, TQ_REFETCH_ALWAYS,   FALSE, TRUE,  1 },
    { TRUE,  TRUE,  TQ_REFETCH_NEVER,    FALSE, TRUE,  0 },
    { FALSE, TRUE,  TQ_REFETCH_IF_STALE, TRUE,  FALSE, 0 },  /* error, no retry-on-mount */
    { FALSE, TRUE,  TQ_REFETCH_IF_STALE, TRUE,  TRUE,  1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      TqTestOutcome script[] = { { 0, "\"data\"" } };
      TqTestOutcome fail[] = { { 0, NULL, "failed" } };
      g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
      g_autoptr(TqTestFn) fn_fail = tq_test_fn_new (&f->env, fail, 1);
      g_autofree char *key_text = g_strdup_printf ("('mount', %u)", i);
      g_autoptr(GVariant) key = tq_test_key (key_text);
      g_autoptr(TqQueryOptions) options = options_for (key_text, fn);
      g_autoptr(TqQueryObserver) observer = NULL;

      if (cases[i].has_data)
        {
          g_auto(GValue) value = G_VALUE_INIT;

          tq_test_value_json (&value, "\"cached\"");
          tq_query_client_set_query_data (f->env.client, key, &value, 0);
        }
      if (cases[i].in_error)
        {
          g_autoptr(TqQueryOptions) failing = options_for (key_text, fn_fail);

          tq_query_client_prefetch_query_async (f->env.client, failing, NULL, NULL, NULL);
          tq_test_flush (&f->env);
        }

      tq_query_options_set_stale_time (options, cases[i].stale ? 0 : TQ_TIME_INFINITE);
      tq_query_options_set_refetch_on_mount (options, cases[i].mode);
      tq_query_options_set_retry_on_mount (options, cases[i].retry_on_mount);
      observer = observe (f, options);
      tq_query_observer_subscribe (observer);
      g_assert_cmpuint (tq_test_fn_calls (fn), ==, cases[i].fetches);
      tq_test_flush (&f->env);
      tq_query_observer_unsubscribe (observer);
    }
}

/* Rule 19: focus refetches stale queries through their first observer */
static void
test_refetch_on_focus (Fixture       *f,
                       gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqTestFn) fn_never = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('focus',)", fn);
  g_autoptr(TqQueryOptions) never = options_for ("('focus-never',)", fn_never);
  g_autoptr(TqQueryObserver) a = NULL;
  g_autoptr(TqQueryObserver) b = NULL;
  g_autoptr(TqQueryObserver) c = NULL;

  tq_query_options_set_refetch_on_window_focus (never, TQ_REFETCH_NEVER);
  a = observe (f, options);
  b = observe (f, options);
  c = observe (f, never);
  tq_query_observer_subscribe (a);
  tq_query_observer_subscribe (b);
  tq_query_observer_subscribe (c);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);

  tq_focus_manager_set_focused (f->env.focus_manager, FALSE);
  tq_focus_manager_set_focused (f->env.focus_manager, TRUE);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  g_assert_cmpuint (tq_test_fn_calls (fn_never), ==, 1);

  /* Reconnect too, except in the always network mode by default */
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 3);

  tq_query_observer_unsubscribe (a);
  tq_query_observer_unsubscribe (b);
  tq_query_observer_unsubscribe (c);
}

/* Rule 18: changing options fetches when the key changed and data is stale */
static void
test_set_options_fetches (Fixture       *f,
                          gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) o1 = options_for ("('opts', 1)", fn);
  g_autoptr(TqQueryOptions) o2 = options_for ("('opts', 2)", fn);
  g_autoptr(TqQueryOptions) o3 = NULL;
  g_autoptr(TqQueryObserver) observer = NULL;

  observer = observe (f, o1);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_query_observer_set_options (observer, o2);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  tq_test_flush (&f->env);

  /* Same key, still enabled: nothing */
  o3 = tq_query_options_copy (o2);
  tq_query_options_set_gc_time (o3, 1000);
  tq_query_observer_set_options (observer, o3);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  tq_query_observer_unsubscribe (observer);
}

/* get_optimistic_result counts the fetch that subscribing would start */
static void
test_optimistic_result (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('optimistic',)", fn);
  g_autoptr(TqQueryObserver) observer = observe (f, options);
  g_autoptr(TqQueryResult) result = tq_query_observer_get_optimistic_result (observer, options);

  g_assert_cmpint (tq_query_result_get_fetch_status (result), ==, TQ_FETCH_STATUS_FETCHING);
  g_assert_true (tq_query_result_is_loading (result));
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
}

/* The result as properties */
static void
test_properties (Fixture       *f,
                 gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "{\"name\": \"Ada\"}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('props',)", fn);
  g_autoptr(TqQueryObserver) observer = observe (f, options);
  gboolean fetching, pending, success;
  TqQueryStatus status;
  GValue *value = NULL;

  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_object_get (observer, "is-fetching", &fetching, "is-pending", &pending, "status", &status, NULL);
  g_assert_true (fetching);
  g_assert_true (pending);
  g_assert_cmpint (status, ==, TQ_QUERY_STATUS_PENDING);

  tq_test_advance (&f->env, 10);
  g_object_get (observer, "is-fetching", &fetching, "is-success", &success, "data", &value, NULL);
  g_assert_false (fetching);
  g_assert_true (success);
  tq_assert_value_json (value, "{\"name\":\"Ada\"}");
  g_boxed_free (G_TYPE_VALUE, value);
  tq_query_observer_unsubscribe (observer);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/Tq/QueryObserver/b18-disabled", test_b18_disabled);
  ADD ("/Tq/QueryObserver/b18-disabled-by-defaults", test_b18_defaults);
  ADD ("/Tq/QueryObserver/b20a-static", test_b20_static);
  ADD ("/Tq/QueryObserver/b20bc-static-blocks", test_b20_static_blocks);
  ADD ("/Tq/QueryObserver/b21a-select-memo", test_b21_select_memo);
  ADD ("/Tq/QueryObserver/b21b-select-changed", test_b21_select_changed);
  ADD ("/Tq/QueryObserver/b21c-select-new-data", test_b21_select_new_data);
  ADD ("/Tq/QueryObserver/rule44-select-error", test_select_error);
  ADD ("/Tq/QueryObserver/rule44-select-error-identity", test_select_error_identity);
  ADD ("/Tq/QueryObserver/b22-placeholder", test_b22_placeholder);
  ADD ("/Tq/QueryObserver/b22-keep-previous", test_b22_keep_previous);
  ADD ("/Tq/QueryObserver/b23-notify-only-changes", test_b23_notify_only_changes);
  ADD ("/Tq/QueryObserver/b23-notify-on-change-props", test_b23_notify_on_change_props);
  ADD ("/Tq/QueryObserver/notify-batched", test_notify_batched);
  ADD ("/Tq/QueryObserver/notify-any-property", test_notify_any_property);
  ADD ("/Tq/QueryObserver/notify-options-after-construction", test_notify_options_after_construction);
  ADD ("/Tq/QueryObserver/shared-results", test_shared_results);
  ADD ("/Tq/QueryObserver/b24-interval", test_b24_interval);
  ADD ("/Tq/QueryObserver/b24c-interval-unfocused", test_b24_interval_unfocused);
  ADD ("/Tq/QueryObserver/rule15-stale-timer", test_stale_timer);
  ADD ("/Tq/QueryObserver/rule15-stale-timer-needs-stale-time", test_stale_timer_needs_stale_time);
  ADD ("/Tq/QueryObserver/rule17-fetch-on-mount-matrix", test_fetch_on_mount_matrix);
  ADD ("/Tq/QueryObserver/rule19-refetch-on-focus", test_refetch_on_focus);
  ADD ("/Tq/QueryObserver/rule18-set-options-fetches", test_set_options_fetches);
  ADD ("/Tq/QueryObserver/optimistic-result", test_optimistic_result);
  ADD ("/Tq/QueryObserver/refetch-result-after-settling", test_refetch_result_after_settling);
  ADD ("/Tq/QueryObserver/refetch-throw-on-error", test_refetch_throw_on_error);
  ADD ("/Tq/QueryObserver/properties", test_properties);
#undef ADD

  return g_test_run ();
}
