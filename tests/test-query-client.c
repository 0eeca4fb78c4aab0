/* test-query-client.c: the client's API, filters and the cache index
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

static void
set_data (Fixture    *f,
          const char *key,
          const char *json)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_auto(GValue) value = G_VALUE_INIT;

  tq_test_value_json (&value, json);
  tq_query_client_set_query_data (f->env.client, k, &value, 0);
}

static char *
hashes (GPtrArray *queries)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < queries->len; i++)
    {
      if (i > 0)
        g_string_append_c (s, ' ');
      g_string_append (s, tq_query_get_hash (queries->pdata[i]));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
find (Fixture        *f,
      TqQueryFilters *filters)
{
  g_autoptr(GPtrArray) found = tq_query_cache_find_all (f->env.cache, filters);

  return hashes (found);
}

#define assert_find(f, filters, expected) \
  G_STMT_START { \
    g_autofree char *__got = find (f, filters); \
    g_assert_cmpstr (__got, ==, expected); \
  } G_STMT_END

/* Key filters go through the index: prefixes, dictionary subsets and
 * containers inside elements, always in insertion order.
 */
static void
test_key_filters (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(TqQueryFilters) all = NULL;
  g_autoptr(TqQueryFilters) todos = tq_test_filters ("('todos',)");
  g_autoptr(TqQueryFilters) page2 = tq_test_filters ("('todos', {'page': <2>})");
  g_autoptr(TqQueryFilters) list = tq_test_filters ("('todos', 'list')");
  g_autoptr(TqQueryFilters) nested = tq_test_filters ("('tags', ['a'])");
  g_autoptr(TqQueryFilters) exact = tq_test_filters ("('todos',)");
  g_autoptr(TqQueryFilters) none = tq_test_filters ("('nothing',)");
  g_autoptr(TqQueryFilters) empty = tq_test_filters ("()");

  set_data (f, "('todos', {'page': <2>, 'done': <false>})", "1");
  set_data (f, "('users',)", "2");
  set_data (f, "('todos', 'list')", "3");
  set_data (f, "('todos', {'page': <3>})", "4");
  set_data (f, "('tags', ['a', 'b'])", "5");
  set_data (f, "('todos',)", "6");
  set_data (f, "('todos', {'page': <int64 2>})", "7");
  set_data (f, "('tags', ['b'])", "8");

  assert_find (f, all, "[\"todos\",{\"done\":false,\"page\":2}] [\"users\"] [\"todos\",\"list\"] "
                       "[\"todos\",{\"page\":3}] [\"tags\",[\"a\",\"b\"]] [\"todos\"] [\"todos\",{\"page\":2}] "
                       "[\"tags\",[\"b\"]]");
  assert_find (f, todos, "[\"todos\",{\"done\":false,\"page\":2}] [\"todos\",\"list\"] "
                         "[\"todos\",{\"page\":3}] [\"todos\"] [\"todos\",{\"page\":2}]");
  assert_find (f, page2, "[\"todos\",{\"done\":false,\"page\":2}] [\"todos\",{\"page\":2}]");
  assert_find (f, list, "[\"todos\",\"list\"]");
  assert_find (f, nested, "[\"tags\",[\"a\",\"b\"]]");
  assert_find (f, none, "");
  assert_find (f, empty, "[\"todos\",{\"done\":false,\"page\":2}] [\"users\"] [\"todos\",\"list\"] "
                         "[\"todos\",{\"page\":3}] [\"tags\",[\"a\",\"b\"]] [\"todos\"] [\"todos\",{\"page\":2}] "
                         "[\"tags\",[\"b\"]]");

  tq_query_filters_set_exact (exact, TRUE);
  assert_find (f, exact, "[\"todos\"]");

  /* find() is exact by default (rule 3) */
  g_assert_true (tq_query_cache_find (f->env.cache, todos) ==
                 tq_query_cache_get (f->env.cache, "[\"todos\"]"));
  tq_query_filters_set_exact (todos, FALSE);
  g_assert_cmpstr (tq_query_get_hash (tq_query_cache_find (f->env.cache, todos)), ==,
                   "[\"todos\",{\"done\":false,\"page\":2}]");

  /* Removal keeps the index right */
  tq_query_client_remove_queries (f->env.client, page2);
  assert_find (f, todos, "[\"todos\",\"list\"] [\"todos\",{\"page\":3}] [\"todos\"]");
  set_data (f, "('todos', {'page': <2>})", "9");
  assert_find (f, page2, "[\"todos\",{\"page\":2}]");
}

static gboolean
data_is_odd (TqQuery  *query,
             gpointer  user_data)
{
  JsonNode *node = g_value_get_boxed (tq_query_state_get_data (tq_query_get_state (query)));

  (*(guint *) user_data)++;
  return json_node_get_int (node) % 2 == 1;
}

/* Rules 4–7: type, stale (not by time for inactive queries), fetch status,
 * predicate, all together.
 */
static void
test_other_filters (Fixture       *f,
                    gconstpointer  data)
{
  TqTestOutcome slow[] = { { 100, "5" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, slow, 1);
  g_autoptr(TqQueryOptions) active_opts = options_for ("('f', 'active')", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(TqQueryFilters) active = tq_query_filters_new (NULL);
  g_autoptr(TqQueryFilters) inactive = tq_query_filters_new (NULL);
  g_autoptr(TqQueryFilters) stale = tq_query_filters_new (NULL);
  g_autoptr(TqQueryFilters) fresh = tq_query_filters_new (NULL);
  g_autoptr(TqQueryFilters) fetching = tq_query_filters_new (NULL);
  g_autoptr(TqQueryFilters) odd = tq_test_filters ("('f',)");
  guint predicate_calls = 0;

  set_data (f, "('f', 1)", "1");
  set_data (f, "('f', 2)", "2");
  set_data (f, "('g', 3)", "3");
  observer = tq_query_observer_new (f->env.client, active_opts);
  tq_query_observer_subscribe (observer);

  tq_query_filters_set_query_type (active, TQ_QUERY_TYPE_ACTIVE);
  tq_query_filters_set_query_type (inactive, TQ_QUERY_TYPE_INACTIVE);
  assert_find (f, active, "[\"f\",\"active\"]");
  assert_find (f, inactive, "[\"f\",1] [\"f\",2] [\"g\",3]");

  /* Inactive queries with data are fresh in filters even at stale time 0 */
  tq_test_advance (&f->env, 1000);
  tq_query_filters_set_stale (stale, TRUE);
  tq_query_filters_set_stale (fresh, FALSE);
  assert_find (f, fresh, "[\"f\",1] [\"f\",2] [\"g\",3]");
  tq_query_invalidate (tq_query_cache_get (f->env.cache, "[\"f\",2]"));
  assert_find (f, stale, "[\"f\",2] [\"f\",\"active\"]");

  tq_query_filters_set_fetch_status (fetching, TQ_FETCH_STATUS_FETCHING);
  tq_query_observer_refetch (observer);
  assert_find (f, fetching, "[\"f\",\"active\"]");
  g_assert_cmpuint (tq_query_client_is_fetching (f->env.client, NULL), ==, 1);
  g_assert_cmpuint (tq_query_client_is_fetching (f->env.client, odd), ==, 1);
  tq_test_advance (&f->env, 100);
  g_assert_cmpuint (tq_query_client_is_fetching (f->env.client, NULL), ==, 0);

  /* The predicate runs last, only on what the key filter let through */
  tq_query_filters_set_predicate (odd, data_is_odd, &predicate_calls, NULL);
  assert_find (f, odd, "[\"f\",1] [\"f\",\"active\"]");
  g_assert_cmpuint (predicate_calls, ==, 3);

  tq_query_observer_unsubscribe (observer);
}

/* B27: query defaults match by prefix, in registration order */
static void
test_b27_query_defaults (Fixture       *f,
                         gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) with_fn = tq_query_options_new (NULL);
  g_autoptr(TqQueryOptions) child_defaults = tq_query_options_new (NULL);
  g_autoptr(TqQueryOptions) a = options_for ("('b27', 'a')", NULL);
  g_autoptr(TqQueryOptions) parent = options_for ("('b27x',)", NULL);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(TqQueryObserver) observer2 = NULL;
  g_autoptr(GVariant) k = tq_test_key ("('b27',)");
  g_autoptr(GVariant) kx = tq_test_key ("('b27x',)");
  g_autoptr(GVariant) kxa = tq_test_key ("('b27x', 'a')");
  g_autoptr(TqQueryOptions) merged = NULL;
  TqQueryResult *result;

  tq_test_fn_attach (fn, with_fn);
  tq_query_client_set_query_defaults (f->env.client, k, with_fn);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);
  observer = tq_query_observer_new (f->env.client, a);
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);
  tq_assert_value_json (tq_query_result_get_data (tq_query_observer_get_current_result (observer)), "\"data\"");

  /* Defaults for [k, 'a'] do not apply to [k] */
  tq_test_fn_attach (fn, child_defaults);
  tq_query_client_set_query_defaults (f->env.client, kxa, child_defaults);
  tq_query_options_set_retry (parent, 0);
  tq_query_options_set_enabled (parent, FALSE);
  observer2 = tq_query_observer_new (f->env.client, parent);
  tq_query_observer_refetch (observer2);
  tq_test_flush (&f->env);
  result = tq_query_observer_get_current_result (observer2);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_ERROR);
  g_assert_error ((GError *) tq_query_result_get_error (result), TQ_ERROR, TQ_ERROR_MISSING_QUERY_FN);

  /* Registering the same key again replaces its defaults; later ones win */
  {
    g_autoptr(TqQueryOptions) d1 = tq_query_options_new (NULL);
    g_autoptr(TqQueryOptions) d2 = tq_query_options_new (NULL);
    g_autoptr(TqQueryOptions) d3 = tq_query_options_new (NULL);

    tq_query_options_set_stale_time (d1, 100);
    tq_query_options_set_gc_time (d1, 5);
    tq_query_options_set_stale_time (d2, 200);
    tq_query_options_set_stale_time (d3, 300);
    /* [kx, 'a'] was registered first, so [kx] comes after it and wins */
    tq_query_client_set_query_defaults (f->env.client, kx, d1);
    tq_query_client_set_query_defaults (f->env.client, kxa, d2);
    merged = tq_query_client_get_query_defaults (f->env.client, kxa);
    g_assert_cmpint (tq_query_options_get_stale_time (merged), ==, 100);
    g_assert_cmpint (tq_query_options_get_gc_time (merged), ==, 5);
    g_clear_object (&merged);
    /* Replaced in place: still after [kx, 'a'] */
    tq_query_client_set_query_defaults (f->env.client, kx, d3);
    merged = tq_query_client_get_query_defaults (f->env.client, kxa);
    g_assert_cmpint (tq_query_options_get_stale_time (merged), ==, 300);
    g_clear_object (&merged);
    merged = tq_query_client_get_query_defaults (f->env.client, kx);
    g_assert_cmpint (tq_query_options_get_stale_time (merged), ==, 300);
    g_assert_false (tq_query_options_is_set (merged, "gc-time"));
  }
}

static void
subscribe_and_leave (Fixture        *f,
                     TqQueryOptions *options)
{
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, options);

  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_query_observer_unsubscribe (observer);
}

/* B29: what invalidation refetches */
static void
test_b29_refetch_type (Fixture       *f,
                       gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn1 = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqTestFn) fn2 = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqTestFn) fn3 = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) o1 = options_for ("('b29', 1)", fn1);
  g_autoptr(TqQueryOptions) o2 = options_for ("('b29', 2)", fn2);
  g_autoptr(TqQueryOptions) o3 = options_for ("('b29', 3)", fn3);
  g_autoptr(TqQueryObserver) active = NULL;
  g_autoptr(TqQueryFilters) k1 = tq_test_filters ("('b29', 1)");
  g_autoptr(TqQueryFilters) k3 = tq_test_filters ("('b29', 3)");
  TqQueryState *state;

  tq_query_client_prefetch_query_async (f->env.client, o1, NULL, NULL, NULL);
  tq_query_client_prefetch_query_async (f->env.client, o2, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  tq_query_options_set_stale_time (o1, TQ_TIME_INFINITE);
  active = tq_query_observer_new (f->env.client, o1);
  tq_query_observer_subscribe (active);
  tq_query_client_invalidate_queries_async (f->env.client, k1, TRUE, NULL, NULL, NULL);
  /* Counted synchronously (rule 20) */
  g_assert_cmpuint (tq_test_fn_calls (fn1), ==, 2);
  g_assert_cmpuint (tq_test_fn_calls (fn2), ==, 1);
  tq_test_flush (&f->env);

  /* An inactive query */
  tq_query_options_set_refetch_on_mount (o3, TQ_REFETCH_NEVER);
  subscribe_and_leave (f, o3);
  g_assert_cmpuint (tq_test_fn_calls (fn3), ==, 1);
  tq_query_client_invalidate_queries_async (f->env.client, k3, TRUE, NULL, NULL, NULL);
  g_assert_cmpuint (tq_test_fn_calls (fn3), ==, 1);
  tq_query_filters_set_refetch_type (k3, TQ_REFETCH_TYPE_INACTIVE);
  tq_query_client_invalidate_queries_async (f->env.client, k3, TRUE, NULL, NULL, NULL);
  g_assert_cmpuint (tq_test_fn_calls (fn3), ==, 2);
  tq_test_flush (&f->env);

  /* all: active and inactive */
  {
    g_autoptr(TqQueryFilters) all = tq_test_filters ("('b29',)");

    tq_query_filters_set_refetch_type (all, TQ_REFETCH_TYPE_ALL);
    tq_query_client_invalidate_queries_async (f->env.client, all, TRUE, NULL, NULL, NULL);
    g_assert_cmpuint (tq_test_fn_calls (fn1), ==, 3);
    g_assert_cmpuint (tq_test_fn_calls (fn3), ==, 3);
    tq_test_flush (&f->env);

    /* none: invalidated only */
    tq_query_filters_set_refetch_type (all, TQ_REFETCH_TYPE_NONE);
    tq_query_client_invalidate_queries_async (f->env.client, all, TRUE, NULL, NULL, NULL);
    g_assert_cmpuint (tq_test_fn_calls (fn1), ==, 3);
    state = tq_query_get_state (tq_query_cache_get (f->env.cache, "[\"b29\",3]"));
    g_assert_true (tq_query_state_get_is_invalidated (state));
  }

  tq_query_observer_unsubscribe (active);
}

/* B29: disabled inactive queries and skip-token queries are never refetched */
static void
test_b29_disabled (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TqQueryOptions) skip = options_for ("('b29s',)", NULL);
  g_autoptr(TqQueryFilters) all = tq_test_filters ("('b29s',)");
  g_autoptr(TqQueryObserver) observer = NULL;
  TqQueryState *state;

  set_data (f, "('b29s',)", "1");
  tq_query_options_set_skip_token (skip);
  observer = tq_query_observer_new (f->env.client, skip);
  tq_query_observer_subscribe (observer);
  tq_query_observer_unsubscribe (observer);
  tq_query_filters_set_refetch_type (all, TQ_REFETCH_TYPE_ALL);
  tq_query_client_invalidate_queries_async (f->env.client, all, TRUE, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  state = tq_query_get_state (tq_query_cache_get (f->env.cache, "[\"b29s\"]"));
  g_assert_cmpuint (tq_query_state_get_data_update_count (state), ==, 1);
}

/* Rule 10: reset collects, resets, then refetches the active matches */
static void
test_reset_refetches_active (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqTestFn) fn_inactive = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) o = options_for ("('reset', 1)", fn);
  g_autoptr(TqQueryOptions) oi = options_for ("('reset', 2)", fn_inactive);
  g_autoptr(TqQueryObserver) observer = tq_query_observer_new (f->env.client, o);
  g_autoptr(TqQueryFilters) filters = tq_test_filters ("('reset',)");

  tq_query_observer_subscribe (observer);
  subscribe_and_leave (f, oi);
  tq_test_flush (&f->env);
  tq_query_client_reset_queries_async (f->env.client, filters, NULL, NULL, NULL);
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 2);
  g_assert_cmpuint (tq_test_fn_calls (fn_inactive), ==, 1);
  g_assert_false (tq_query_state_has_data (tq_query_get_state (tq_query_cache_get (f->env.cache, "[\"reset\",2]"))));
  tq_test_flush (&f->env);
  tq_query_observer_unsubscribe (observer);
}

static void
on_value (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  GValue *out = user_data;
  g_autoptr(GError) error = NULL;

  if (!tq_query_client_query_finish (TQ_QUERY_CLIENT (source), result, out, &error))
    {
      g_value_init (out, G_TYPE_STRING);
      g_value_set_string (out, error->message);
    }
}

static gboolean
select_first (const GValue  *data,
              GValue        *result,
              gpointer       user_data,
              GError       **error)
{
  JsonNode *node = g_value_get_boxed (data);

  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, json_node_copy (json_array_get_element (json_node_get_array (node), 0)));
  return TRUE;
}

/* query(): fresh data from the cache, stale data fetched, select applied */
static void
test_query (Fixture       *f,
            gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, "[%u, 0]" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('query',)", fn);
  g_autoptr(TqQueryOptions) skip = options_for ("('query-skip',)", NULL);
  g_auto(GValue) v1 = G_VALUE_INIT;
  g_auto(GValue) v2 = G_VALUE_INIT;
  g_auto(GValue) v3 = G_VALUE_INIT;
  g_auto(GValue) v4 = G_VALUE_INIT;

  tq_query_options_set_select_func (options, select_first, NULL, NULL);
  tq_query_options_set_stale_time (options, 100);
  tq_query_client_query_async (f->env.client, options, NULL, on_value, &v1);
  tq_test_advance (&f->env, 5);
  tq_assert_value_json (&v1, "1");
  tq_query_client_query_async (f->env.client, options, NULL, on_value, &v2);
  tq_test_flush (&f->env);
  tq_assert_value_json (&v2, "1");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  tq_test_advance (&f->env, 100);
  tq_query_client_query_async (f->env.client, options, NULL, on_value, &v3);
  tq_test_advance (&f->env, 5);
  tq_assert_value_json (&v3, "2");

  /* B20 (d): a skip-token query with no data fails */
  tq_query_options_set_skip_token (skip);
  tq_query_client_query_async (f->env.client, skip, NULL, on_value, &v4);
  tq_test_flush (&f->env);
  g_assert_cmpstr (g_value_get_string (&v4), ==, "Missing queryFn: '[\"query-skip\"]'");
}

static void
on_ensure (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GValue *out = user_data;

  g_assert_true (tq_query_client_ensure_query_data_finish (TQ_QUERY_CLIENT (source), result, out, NULL));
}

/* ensureQueryData: cached data of any age; revalidate in the background */
static void
test_ensure_query_data (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"fetched\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('ensure',)", fn);
  g_auto(GValue) v1 = G_VALUE_INIT;
  g_auto(GValue) v2 = G_VALUE_INIT;

  set_data (f, "('ensure',)", "\"cached\"");
  tq_test_advance (&f->env, 1000);
  tq_query_client_ensure_query_data_async (f->env.client, options, FALSE, NULL, on_ensure, &v1);
  tq_test_flush (&f->env);
  tq_assert_value_json (&v1, "\"cached\"");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 0);

  tq_query_client_ensure_query_data_async (f->env.client, options, TRUE, NULL, on_ensure, &v2);
  tq_test_flush (&f->env);
  tq_assert_value_json (&v2, "\"cached\"");
  g_assert_cmpuint (tq_test_fn_calls (fn), ==, 1);
  {
    g_autofree char *s = tq_test_data_string (&f->env, "('ensure',)");
    g_assert_cmpstr (s, ==, "\"fetched\"");
  }
}

static void
increment_each (const GValue *old,
                GValue       *new_data,
                gpointer      user_data)
{
  JsonNode *node = g_value_get_boxed (old);
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node) + 1);

  tq_test_value_json (new_data, text);
}

static void
test_queries_data (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(TqQueryFilters) filters = tq_test_filters ("('qd',)");
  g_autoptr(GPtrArray) keys = NULL;
  g_autoptr(GPtrArray) values = NULL;

  set_data (f, "('qd', 1)", "10");
  set_data (f, "('qd', 2)", "20");
  set_data (f, "('other',)", "30");
  tq_query_client_set_queries_data (f->env.client, filters, increment_each, NULL, 0);
  tq_query_client_get_queries_data (f->env.client, filters, &keys, &values);
  g_assert_cmpuint (keys->len, ==, 2);
  tq_assert_value_json (values->pdata[0], "11");
  tq_assert_value_json (values->pdata[1], "21");
  {
    g_autofree char *k0 = tq_key_hash (keys->pdata[0]);
    g_autofree char *s = tq_test_data_string (&f->env, "('other',)");

    g_assert_cmpstr (k0, ==, "[\"qd\",1]");
    g_assert_cmpstr (s, ==, "30");
  }
}

static void
log_event (GString    *log,
           const char *event)
{
  g_string_append_printf (log, "%s ", event);
}

static void on_added (TqQueryCache *c, TqQuery *q, GString *log) { log_event (log, "added"); }
static void on_removed (TqQueryCache *c, TqQuery *q, GString *log) { log_event (log, "removed"); }
static void on_obs_added (TqQueryCache *c, TqQuery *q, TqQueryObserver *o, GString *log) { log_event (log, "observer-added"); }
static void on_obs_removed (TqQueryCache *c, TqQuery *q, TqQueryObserver *o, GString *log) { log_event (log, "observer-removed"); }
static void on_results (TqQueryCache *c, TqQuery *q, TqQueryObserver *o, GString *log) { log_event (log, "results"); }

static void
on_updated (TqQueryCache  *c,
            TqQuery       *q,
            TqQueryAction  action,
            GString       *log)
{
  g_autoptr(GEnumClass) klass = g_type_class_ref (TQ_TYPE_QUERY_ACTION);
  g_autofree char *event = g_strdup_printf ("updated:%s", g_enum_get_value (klass, action)->value_nick);

  log_event (log, event);
}

/* The order of cache signals, and observers updated before the cache hears
 * of an action (rule 40).
 */
static void
test_cache_signal_order (Fixture       *f,
                         gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"data\"" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(TqQueryOptions) options = options_for ("('events',)", fn);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GString) log = g_string_new (NULL);

  g_signal_connect (f->env.cache, "query-added", G_CALLBACK (on_added), log);
  g_signal_connect (f->env.cache, "query-removed", G_CALLBACK (on_removed), log);
  g_signal_connect (f->env.cache, "query-updated", G_CALLBACK (on_updated), log);
  g_signal_connect (f->env.cache, "observer-added", G_CALLBACK (on_obs_added), log);
  g_signal_connect (f->env.cache, "observer-removed", G_CALLBACK (on_obs_removed), log);
  g_signal_connect (f->env.cache, "observer-results-updated", G_CALLBACK (on_results), log);

  tq_query_options_set_gc_time (options, 0);
  observer = tq_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_query_observer_unsubscribe (observer);
  tq_test_flush (&f->env);

  g_assert_cmpstr (log->str, ==,
                   "added results observer-added results updated:fetch results updated:success "
                   "observer-removed removed ");
  g_signal_handlers_disconnect_by_data (f->env.cache, log);
}

/* is-fetching notifies once per batch, with the count */
static void
test_is_fetching_property (Fixture       *f,
                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "1" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  guint notifies = 0, count = 0;

  g_signal_connect_swapped (f->env.client, "notify::is-fetching", G_CALLBACK (g_atomic_int_inc), &notifies);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *k = g_strdup_printf ("('fetching', %u)", i);
      g_autoptr(TqQueryOptions) options = options_for (k, fn);

      tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
    }
  g_object_get (f->env.client, "is-fetching", &count, NULL);
  g_assert_cmpuint (count, ==, 5);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 1);
  tq_test_advance (&f->env, 10);
  g_object_get (f->env.client, "is-fetching", &count, NULL);
  g_assert_cmpuint (count, ==, 0);
  /* The five results land in five main-loop iterations: one notification
   * for each, where five starts in one iteration gave one.
   */
  g_assert_cmpuint (notifies, ==, 6);
  g_signal_handlers_disconnect_by_data (f->env.client, &notifies);
}

/* A count read between notifications is followed by one, even when the
 * count is back to what was notified last: what was read is over
 */
static void
test_is_fetching_read_ahead (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "1" }, { 10, "2" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 2);
  g_autoptr(TqQueryOptions) options = options_for ("('read-ahead',)", fn);
  guint notifies = 0, count = 0;

  g_signal_connect_swapped (f->env.client, "notify::is-fetching", G_CALLBACK (g_atomic_int_inc), &notifies);

  /* A fetch that starts and is cancelled within one batch, unseen: the
   * count notified last (0) still holds, nothing is notified
   */
  tq_notify_manager_begin_batch (f->env.notify_manager);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  tq_query_client_cancel_queries_async (f->env.client, NULL, TRUE, FALSE, NULL, NULL, NULL);
  tq_notify_manager_end_batch (f->env.notify_manager);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 0);

  /* The same, read while it fetched: the reader hears that it is over */
  tq_notify_manager_begin_batch (f->env.notify_manager);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  g_object_get (f->env.client, "is-fetching", &count, NULL);
  g_assert_cmpuint (count, ==, 1);
  tq_query_client_cancel_queries_async (f->env.client, NULL, TRUE, FALSE, NULL, NULL, NULL);
  tq_notify_manager_end_batch (f->env.notify_manager);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 1);
  g_object_get (f->env.client, "is-fetching", &count, NULL);
  g_assert_cmpuint (count, ==, 0);

  /* The same through the method */
  tq_notify_manager_begin_batch (f->env.notify_manager);
  tq_query_client_prefetch_query_async (f->env.client, options, NULL, NULL, NULL);
  g_assert_cmpuint (tq_query_client_is_fetching (f->env.client, NULL), ==, 1);
  tq_query_client_cancel_queries_async (f->env.client, NULL, TRUE, FALSE, NULL, NULL, NULL);
  tq_notify_manager_end_batch (f->env.notify_manager);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 2);

  /* Reads of the count notified last change nothing */
  g_object_get (f->env.client, "is-fetching", &count, NULL);
  g_assert_cmpuint (tq_query_client_is_fetching (f->env.client, NULL), ==, 0);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 2);

  g_signal_handlers_disconnect_by_data (f->env.client, &notifies);
}

/* Misuse gets criticals, never crashes */
static void
test_misuse (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (NULL);
  g_autoptr(GVariant) bad = g_variant_ref_sink (g_variant_new_string ("todos"));
  g_autoptr(TqQueryClient) client = tq_query_client_new ();
  g_autoptr(GVariant) key = tq_test_key ("('k',)");
  GObject *filters;

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*must be a tuple or an array*");
  tq_query_options_set_query_key (options, bad);
  g_test_assert_expected_messages ();
  g_assert_null (tq_query_options_get_query_key (options));

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*stale_time_ms >= 0*");
  tq_query_options_set_stale_time (options, -5);
  g_test_assert_expected_messages ();
  g_assert_false (tq_query_options_is_set (options, "stale-time"));

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*no option*");
  g_assert_false (tq_query_options_is_set (options, "nonsense"));
  g_test_assert_expected_messages ();

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*no query key*");
  tq_query_client_fetch_query_async (f->env.client, options, NULL, NULL, NULL);
  g_test_assert_expected_messages ();

  g_test_expect_message ("GLib-GObject", G_LOG_LEVEL_CRITICAL, "*has no property named 'stal'*");
  filters = g_object_new (TQ_TYPE_QUERY_FILTERS, "stal", TRUE, NULL);
  g_test_assert_expected_messages ();
  g_clear_object (&filters);

  /* A disposed client refuses work */
  g_object_run_dispose (G_OBJECT (client));
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*was disposed*");
  g_assert_false (tq_query_client_get_query_data (client, key, NULL));
  g_test_assert_expected_messages ();
}

/* The key index against a plain scan with tq_key_partial_match(): many
 * keys with plain values and containers anywhere, keys of every length
 * (including none, and more elements than the index holds), filters of
 * every shape, exact or not, before and after removals.
 */
static const char * const index_elements[] = {
  "'a'", "'b'", "1", "int64 1", "2.5", "true", "<'a'>",
  "{'x': <1>}", "{'x': <1>, 'y': <2>}", "{'y': <2>}",
  "['a']", "['a', 'b']", "('a', 1)", "@as []",
};

static GVariant *
random_key (GRand   *rand,
            gboolean deep)
{
  guint n = deep ? 40 : g_rand_int_range (rand, 0, 5);
  g_autoptr(GString) text = g_string_new ("(");

  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append (text, ", ");
      g_string_append (text, index_elements[g_rand_int_range (rand, 0, G_N_ELEMENTS (index_elements))]);
    }
  g_string_append (text, n == 1 ? ",)" : ")");

  return tq_test_key (text->str);
}

static char *
scan (Fixture        *f,
      TqQueryFilters *filters)
{
  g_autoptr(GPtrArray) all = tq_query_cache_get_all (f->env.cache);
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    if (tq_query_filters_matches (filters, all->pdata[i]))
      g_ptr_array_add (found, all->pdata[i]);

  return hashes (found);
}

static void
check_filters_against_scan (Fixture *f,
                            GRand   *rand)
{
  for (guint i = 0; i < 300; i++)
    {
      g_autoptr(GVariant) key = random_key (rand, i % 151 == 0);
      g_autoptr(TqQueryFilters) filters = tq_query_filters_new (key);

      tq_query_filters_set_exact (filters, i % 5 == 0);
      for (guint type = 0; type < 2; type++)
        {
          g_autofree char *expected = NULL;
          g_autofree char *got = NULL;

          if (type == 1)
            tq_query_filters_set_query_type (filters, TQ_QUERY_TYPE_ACTIVE);
          expected = scan (f, filters);
          got = find (f, filters);
          if (g_strcmp0 (expected, got) != 0)
            g_error ("filter %s (%s): the index found\n  %s\nbut a scan\n  %s",
                     g_variant_print (key, TRUE), type == 1 ? "active" : "all", got, expected);
        }
    }
}

static void
test_key_index_against_scan (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260407);
  g_autoptr(GPtrArray) observers = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) all = NULL;

  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GVariant) key = random_key (rand, i % 97 == 0);
      g_auto(GValue) value = G_VALUE_INIT;

      tq_test_value_json (&value, "1");
      tq_query_client_set_query_data (f->env.client, key, &value, 0);
    }

  /* Observers on many queries, then on few: active filters start from the
   * observed queries when there are few of them. Some are disabled.
   */
  all = tq_query_cache_get_all (f->env.cache);
  for (guint i = 0; i < all->len; i += 3)
    {
      g_autoptr(TqQueryOptions) options = tq_query_options_new (tq_query_get_key (all->pdata[i]));
      TqQueryObserver *observer;

      tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
      tq_query_options_set_enabled (options, i % 2 == 0);
      observer = tq_query_observer_new (f->env.client, options);
      tq_query_observer_subscribe (observer);
      g_ptr_array_add (observers, observer);
    }
  g_assert_cmpuint (observers->len, >, 64);

  for (guint round = 0; round < 4; round++)
    {
      check_filters_against_scan (f, rand);

      if (round == 1)
        g_ptr_array_set_size (observers, 20);

      /* Remove a third of the queries, at random, and check again. */
      {
        g_autoptr(GPtrArray) now = tq_query_cache_get_all (f->env.cache);

        for (guint i = 0; i < now->len; i++)
          if (g_rand_int_range (rand, 0, 3) == 0)
            tq_query_cache_remove (f->env.cache, now->pdata[i]);
      }
    }
}

static void
remove_every_query (TqQueryCache  *cache,
                    TqQuery       *query,
                    TqQueryAction  action,
                    guint         *calls)
{
  g_autoptr(GPtrArray) all = tq_query_cache_get_all (cache);

  (*calls)++;
  for (guint i = 0; i < all->len; i++)
    tq_query_cache_remove (cache, all->pdata[i]);
}

/* Invalidation walks the queries it matched without a reference to each:
 * a handler that removes them all on the first change must not leave it
 * with freed queries (run under valgrind and ASan).
 */
static void
test_invalidate_while_removing (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(TqQueryFilters) todos = tq_test_filters ("('todos',)");
  guint calls = 0;
  gulong handler;

  for (guint i = 0; i < 20; i++)
    {
      g_autofree char *key = g_strdup_printf ("('todos', %u)", i);

      set_data (f, key, "1");
    }

  handler = g_signal_connect (f->env.cache, "query-updated", G_CALLBACK (remove_every_query), &calls);
  tq_query_client_invalidate_queries_async (f->env.client, todos, TRUE, NULL, NULL, NULL);
  g_signal_handler_disconnect (f->env.cache, handler);

  /* The first change removed them all; the others still changed, and
   * still told the cache they were in, as TanStack's removed queries keep
   * their cache (rule 11).
   */
  g_assert_cmpuint (calls, ==, 20);
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);
}

/* What a predicate reads of a key without GVariant calls: whole numbers of
 * any type (by value, through variants), strings, and nothing else.
 */
static void
test_key_elements (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GPtrArray) all = NULL;
  TqQuery *query;
  gint64 value = 0;

  set_data (f, "('group', 7, <int64 -9000000000>, 2.0, 2.5, 'x', [1], {'a': <1>}, true, uint64 18446744073709551615)",
            "1");
  all = tq_query_cache_find_all (f->env.cache, NULL);
  g_assert_cmpuint (all->len, ==, 1);
  query = all->pdata[0];

  g_assert_cmpstr (tq_query_get_key_string (query, 0), ==, "group");
  g_assert_cmpstr (tq_query_get_key_string (query, 5), ==, "x");
  g_assert_null (tq_query_get_key_string (query, 1));
  g_assert_null (tq_query_get_key_string (query, 10));

  g_assert_true (tq_query_get_key_int (query, 1, &value));
  g_assert_cmpint (value, ==, 7);
  g_assert_true (tq_query_get_key_int (query, 2, &value));
  g_assert_cmpint (value, ==, G_GINT64_CONSTANT (-9000000000));
  g_assert_true (tq_query_get_key_int (query, 3, &value));
  g_assert_cmpint (value, ==, 2);
  g_assert_true (tq_query_get_key_int (query, 1, NULL));
  value = 42;
  g_assert_false (tq_query_get_key_int (query, 0, &value));
  g_assert_false (tq_query_get_key_int (query, 4, &value));
  g_assert_false (tq_query_get_key_int (query, 6, &value));
  g_assert_false (tq_query_get_key_int (query, 7, &value));
  g_assert_false (tq_query_get_key_int (query, 8, &value));
  g_assert_false (tq_query_get_key_int (query, 9, &value));
  g_assert_false (tq_query_get_key_int (query, 10, &value));
  g_assert_cmpint (value, ==, 42);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/Tq/QueryClient/rule2-key-filters", test_key_filters);
  ADD ("/Tq/QueryClient/key-index-against-scan", test_key_index_against_scan);
  ADD ("/Tq/QueryClient/invalidate-while-removing", test_invalidate_while_removing);
  ADD ("/Tq/QueryClient/rule4-7-other-filters", test_other_filters);
  ADD ("/Tq/QueryClient/b27-query-defaults", test_b27_query_defaults);
  ADD ("/Tq/QueryClient/b29-refetch-type", test_b29_refetch_type);
  ADD ("/Tq/QueryClient/b29-disabled", test_b29_disabled);
  ADD ("/Tq/QueryClient/rule10-reset-refetches-active", test_reset_refetches_active);
  ADD ("/Tq/QueryClient/query", test_query);
  ADD ("/Tq/QueryClient/ensure-query-data", test_ensure_query_data);
  ADD ("/Tq/QueryClient/queries-data", test_queries_data);
  ADD ("/Tq/QueryClient/rule40-cache-signal-order", test_cache_signal_order);
  ADD ("/Tq/QueryClient/is-fetching-property", test_is_fetching_property);
  ADD ("/Tq/QueryClient/is-fetching-read-ahead", test_is_fetching_read_ahead);
  ADD ("/Tq/QueryClient/misuse", test_misuse);
  ADD ("/Tq/QueryClient/key-elements", test_key_elements);
#undef ADD

  return g_test_run ();
}
