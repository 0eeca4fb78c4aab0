/* test-queries-observer.c: parallel queries (section 1.8, B40)
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
  GPtrArray *snapshots;   /* char *: one per results-changed, and the first */
  GString   *changes;     /* items-changed as "pos-removed+added " */
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->snapshots = g_ptr_array_new_with_free_func (g_free);
  f->changes = g_string_new (NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_ptr_array_unref (f->snapshots);
  g_string_free (f->changes, TRUE);
  tq_test_env_clear (&f->env);
}

static const char *
status_name (TqQueryStatus status)
{
  switch (status)
    {
    case TQ_QUERY_STATUS_PENDING:
      return "pending";
    case TQ_QUERY_STATUS_ERROR:
      return "error";
    case TQ_QUERY_STATUS_SUCCESS:
      return "success";
    default:
      return "?";
    }
}

static const char *
fetch_status_name (TqFetchStatus status)
{
  switch (status)
    {
    case TQ_FETCH_STATUS_IDLE:
      return "idle";
    case TQ_FETCH_STATUS_FETCHING:
      return "fetching";
    case TQ_FETCH_STATUS_PAUSED:
      return "paused";
    default:
      return "?";
    }
}

/* "status fetch-status data, …" */
static char *
describe (GPtrArray *results)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < results->len; i++)
    {
      TqQueryResult *r = results->pdata[i];
      g_autofree char *data = tq_test_value_to_string (tq_query_result_get_data (r));

      g_string_append_printf (s, "%s%s %s %s", i ? ", " : "",
                              status_name (tq_query_result_get_status (r)),
                              fetch_status_name (tq_query_result_get_fetch_status (r)),
                              data);
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
on_results_changed (TqQueriesObserver *observer,
                    GPtrArray         *results,
                    Fixture           *f)
{
  g_ptr_array_add (f->snapshots, describe (results));
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  g_autoptr(GPtrArray) results = tq_queries_observer_get_results (TQ_QUERIES_OBSERVER (model));

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, results->len);
  g_string_append_printf (f->changes, "%u-%u+%u ", position, removed, added);
}

static void
snapshot_now (Fixture           *f,
              TqQueriesObserver *observer)
{
  g_autoptr(GPtrArray) results = tq_queries_observer_get_results (observer);

  g_ptr_array_add (f->snapshots, describe (results));
}

#define assert_snapshot(f, i, text) \
  g_assert_cmpstr ((f)->snapshots->pdata[i], ==, text)

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

typedef struct
{
  TqTestFn       *fn1;
  TqTestFn       *fn2;
  TqQueryOptions *q1;
  TqQueryOptions *q2;
} TwoQueries;

static void
two_queries_init (Fixture    *f,
                  TwoQueries *t,
                  const char *key1,
                  const char *key2)
{
  TqTestOutcome one[] = { { 0, "1" } };
  TqTestOutcome two[] = { { 0, "2" } };

  t->fn1 = tq_test_fn_new (&f->env, one, 1);
  t->fn2 = tq_test_fn_new (&f->env, two, 1);
  t->q1 = options_for (key1, t->fn1);
  t->q2 = options_for (key2, t->fn2);
}

static void
two_queries_clear (TwoQueries *t)
{
  g_clear_object (&t->q1);
  g_clear_object (&t->q2);
  g_clear_pointer (&t->fn1, tq_test_fn_free);
  g_clear_pointer (&t->fn2, tq_test_fn_free);
}

static TqQueriesObserver *
observe (Fixture    *f,
         TwoQueries *t)
{
  TqQueryOptions *queries[] = { t->q1, t->q2 };
  TqQueriesObserver *observer = tq_queries_observer_new (f->env.client, queries, 2);

  g_signal_connect (observer, "results-changed", G_CALLBACK (on_results_changed), f);
  g_signal_connect (observer, "items-changed", G_CALLBACK (on_items_changed), f);
  return observer;
}

/* TanStack: all results, in order */
static void
test_all_results (Fixture       *f,
                  gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;

  two_queries_init (f, &t, "('all', 1)", "('all', 2)");
  observer = observe (f, &t);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (observer)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (observer)) == TQ_TYPE_QUERY_OBSERVER);

  tq_queries_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_queries_observer_unsubscribe (observer);

  assert_snapshot (f, f->snapshots->len - 1, "success idle 1, success idle 2");

  {
    g_autoptr(GPtrArray) queries = tq_queries_observer_get_queries (observer);

    g_assert_cmpuint (queries->len, ==, 2);
    g_assert_true (queries->pdata[0] == query_of (f, "('all', 1)"));
    g_assert_true (queries->pdata[1] == query_of (f, "('all', 2)"));
  }
  two_queries_clear (&t);
}

/* B40 (b): six snapshots */
static void
test_update_when_query_updates (Fixture       *f,
                                gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  g_autoptr(GVariant) key2 = tq_test_key ("('b40', 2)");
  g_auto(GValue) three = G_VALUE_INIT;

  two_queries_init (f, &t, "('b40', 1)", "('b40', 2)");
  observer = observe (f, &t);
  snapshot_now (f, observer);
  tq_queries_observer_subscribe (observer);
  /* Both query functions ran synchronously */
  g_assert_cmpuint (tq_test_fn_calls (t.fn1), ==, 1);
  g_assert_cmpuint (tq_test_fn_calls (t.fn2), ==, 1);
  tq_test_flush (&f->env);
  tq_test_value_json (&three, "3");
  tq_query_client_set_query_data (f->env.client, key2, &three, 0);
  tq_queries_observer_unsubscribe (observer);

  g_assert_cmpuint (f->snapshots->len, ==, 6);
  assert_snapshot (f, 0, "pending idle <none>, pending idle <none>");
  assert_snapshot (f, 1, "pending fetching <none>, pending idle <none>");
  assert_snapshot (f, 2, "pending fetching <none>, pending fetching <none>");
  assert_snapshot (f, 3, "success idle 1, pending fetching <none>");
  assert_snapshot (f, 4, "success idle 1, success idle 2");
  assert_snapshot (f, 5, "success idle 1, success idle 3");
  two_queries_clear (&t);
}

/* B40 (b): setting the same queries again reports nothing */
static void
test_no_update_when_unchanged (Fixture       *f,
                               gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  TqQueryObserver *first, *second;

  two_queries_init (f, &t, "('same', 1)", "('same', 2)");
  observer = observe (f, &t);
  snapshot_now (f, observer);
  tq_queries_observer_subscribe (observer);
  tq_test_flush (&f->env);
  first = tq_queries_observer_get_observer (observer, 0);
  second = tq_queries_observer_get_observer (observer, 1);

  {
    g_autoptr(TqQueryOptions) q1 = options_for ("('same', 1)", t.fn1);
    g_autoptr(TqQueryOptions) q2 = options_for ("('same', 2)", t.fn2);
    TqQueryOptions *queries[] = { q1, q2 };

    tq_queries_observer_set_queries (observer, queries, 2);
  }
  tq_queries_observer_unsubscribe (observer);

  g_assert_cmpuint (f->snapshots->len, ==, 5);
  assert_snapshot (f, 4, "success idle 1, success idle 2");
  /* The observers were kept */
  g_assert_true (tq_queries_observer_get_observer (observer, 0) == first);
  g_assert_true (tq_queries_observer_get_observer (observer, 1) == second);
  g_assert_cmpstr (f->changes->str, ==, "");
  two_queries_clear (&t);
}

static gboolean
is_active (Fixture    *f,
           const char *key)
{
  TqQuery *query = query_of (f, key);

  return query != NULL && tq_query_is_active (query);
}

/* TanStack: a query removed from the list is released */
static void
test_query_removed (Fixture       *f,
                    gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  TqQueryOptions *queries[1];

  two_queries_init (f, &t, "('removed', 1)", "('removed', 2)");
  observer = observe (f, &t);
  snapshot_now (f, observer);
  tq_queries_observer_subscribe (observer);
  tq_test_flush (&f->env);

  queries[0] = t.q2;
  tq_queries_observer_set_queries (observer, queries, 1);
  g_assert_false (is_active (f, "('removed', 1)"));
  g_assert_true (is_active (f, "('removed', 2)"));
  tq_queries_observer_unsubscribe (observer);
  g_assert_false (is_active (f, "('removed', 1)"));
  g_assert_false (is_active (f, "('removed', 2)"));

  g_assert_cmpuint (f->snapshots->len, ==, 6);
  assert_snapshot (f, 5, "success idle 2");
  g_assert_cmpstr (f->changes->str, ==, "0-1+0 ");
  two_queries_clear (&t);
}

/* TanStack: a query that changed position keeps its observer */
static void
test_query_moved (Fixture       *f,
                  gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  TqQueryOptions *queries[2];
  TqQueryObserver *first;

  two_queries_init (f, &t, "('moved', 1)", "('moved', 2)");
  observer = observe (f, &t);
  snapshot_now (f, observer);
  tq_queries_observer_subscribe (observer);
  tq_test_flush (&f->env);
  first = tq_queries_observer_get_observer (observer, 0);

  queries[0] = t.q2;
  queries[1] = t.q1;
  tq_queries_observer_set_queries (observer, queries, 2);
  tq_queries_observer_unsubscribe (observer);

  g_assert_cmpuint (f->snapshots->len, ==, 6);
  assert_snapshot (f, 5, "success idle 2, success idle 1");
  g_assert_true (tq_queries_observer_get_observer (observer, 1) == first);
  g_assert_cmpstr (f->changes->str, ==, "0-2+2 ");
  /* No refetch: the observers carried their subscriptions over */
  g_assert_cmpuint (tq_test_fn_calls (t.fn1), ==, 1);
  g_assert_cmpuint (tq_test_fn_calls (t.fn2), ==, 1);
  two_queries_clear (&t);
}

/* TanStack: duplicate keys get observers of their own, paired in order */
static void
test_duplicate_keys (Fixture       *f,
                     gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  TqQueryOptions *queries[3];

  two_queries_init (f, &t, "('dup', 1)", "('dup', 2)");
  queries[0] = t.q1;
  queries[1] = t.q2;
  queries[2] = t.q1;
  observer = tq_queries_observer_new (f->env.client, queries, 3);
  g_signal_connect (observer, "results-changed", G_CALLBACK (on_results_changed), f);
  snapshot_now (f, observer);
  tq_queries_observer_subscribe (observer);
  tq_test_flush (&f->env);
  tq_queries_observer_unsubscribe (observer);

  g_assert_cmpuint (f->snapshots->len, ==, 6);
  assert_snapshot (f, 0, "pending idle <none>, pending idle <none>, pending idle <none>");
  assert_snapshot (f, 1, "pending fetching <none>, pending idle <none>, pending idle <none>");
  assert_snapshot (f, 2, "pending fetching <none>, pending fetching <none>, pending idle <none>");
  assert_snapshot (f, 3, "success idle 1, pending fetching <none>, pending idle <none>");
  assert_snapshot (f, 4, "success idle 1, pending fetching <none>, success idle 1");
  assert_snapshot (f, 5, "success idle 1, success idle 2, success idle 1");
  g_assert_true (tq_queries_observer_get_observer (observer, 0) != tq_queries_observer_get_observer (observer, 2));
  g_assert_cmpuint (tq_test_fn_calls (t.fn1), ==, 1);
  g_assert_cmpuint (tq_test_fn_calls (t.fn2), ==, 1);

  /* Set again: each duplicate keeps its own observer, in order */
  {
    TqQueryObserver *a = tq_queries_observer_get_observer (observer, 0);
    TqQueryObserver *b = tq_queries_observer_get_observer (observer, 2);

    tq_queries_observer_set_queries (observer, queries, 3);
    g_assert_true (tq_queries_observer_get_observer (observer, 0) == a);
    g_assert_true (tq_queries_observer_get_observer (observer, 2) == b);
  }
  two_queries_clear (&t);
}

static void
count_combine (GPtrArray *results,
               GValue    *combined,
               gpointer   user_data)
{
  guint *calls = user_data;
  g_autoptr(GString) s = g_string_new ("{\"ready\":[");

  (*calls)++;
  for (guint i = 0; i < results->len; i++)
    g_string_append_printf (s, "%s%s", i ? "," : "",
                            tq_query_result_is_success (results->pdata[i]) ? "true" : "false");
  g_string_append_printf (s, "],\"count\":%u}", results->len);
  tq_test_value_json (combined, s->str);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* Section 1.8: combine is memoized, structurally shared, and reported only
 * when it changed.
 */
static void
test_combine (Fixture       *f,
              gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  guint calls = 0, notified = 0;
  const GValue *combined;
  JsonNode *before;

  two_queries_init (f, &t, "('combine', 1)", "('combine', 2)");
  observer = observe (f, &t);
  tq_queries_observer_set_combine_func (observer, count_combine, &calls, NULL);
  g_assert_cmpuint (calls, ==, 1);
  combined = tq_queries_observer_get_combined (observer);
  tq_assert_value_json (combined, "{\"ready\":[false,false],\"count\":2}");
  g_assert_cmpuint (calls, ==, 1);
  before = g_value_get_boxed (combined);
  g_signal_connect (observer, "notify::combined", G_CALLBACK (count_notify), &notified);

  tq_queries_observer_subscribe (observer);
  /* Both started fetching: the results changed twice, the combination not */
  g_assert_cmpuint (calls, ==, 2 + 1);
  g_assert_cmpuint (f->snapshots->len, ==, 0);
  g_assert_true (g_value_get_boxed (tq_queries_observer_get_combined (observer)) == before);

  tq_test_flush (&f->env);
  tq_assert_value_json (tq_queries_observer_get_combined (observer), "{\"ready\":[true,true],\"count\":2}");
  /* Reported when it changed: after the first and after the second */
  g_assert_cmpuint (f->snapshots->len, ==, 2);
  assert_snapshot (f, 0, "success idle 1, pending fetching <none>");
  assert_snapshot (f, 1, "success idle 1, success idle 2");
  /* One batched notification per flush */
  g_assert_cmpuint (notified, ==, 1);

  /* A refetch with the same data changes results, not the combination */
  before = g_value_get_boxed (tq_queries_observer_get_combined (observer));
  tq_query_observer_refetch (tq_queries_observer_get_observer (observer, 0));
  tq_test_flush (&f->env);
  g_assert_cmpuint (f->snapshots->len, ==, 2);
  g_assert_true (g_value_get_boxed (tq_queries_observer_get_combined (observer)) == before);
  g_assert_cmpuint (notified, ==, 1);

  /* Nothing changed: no recomputation */
  calls = 0;
  tq_queries_observer_get_combined (observer);
  g_assert_cmpuint (calls, ==, 0);

  /* Another function: recomputed */
  tq_queries_observer_set_combine_func (observer, count_combine, &notified, NULL);
  g_assert_cmpuint (notified, ==, 1 + 1);

  tq_queries_observer_unsubscribe (observer);
  two_queries_clear (&t);
}

/* Observers are reused by key hash; a query added while subscribed is
 * subscribed and fetched; items-changed covers what changed.
 */
static void
test_reuse_and_add (Fixture       *f,
                    gconstpointer  data)
{
  TwoQueries t = { 0 };
  g_autoptr(TqQueriesObserver) observer = NULL;
  TqTestOutcome three_script[] = { { 10, "3" } };
  g_autoptr(TqTestFn) fn3 = tq_test_fn_new (&f->env, three_script, 1);
  g_autoptr(TqQueryOptions) q3 = options_for ("('add', 3)", fn3);
  TqQueryOptions *queries[3];
  TqQueryObserver *first, *second;
  guint n_items_notified = 0;
  gboolean flag;

  two_queries_init (f, &t, "('add', 1)", "('add', 2)");
  observer = observe (f, &t);
  g_signal_connect (observer, "notify::n-items", G_CALLBACK (count_notify), &n_items_notified);
  tq_queries_observer_subscribe (observer);
  tq_test_flush (&f->env);
  first = tq_queries_observer_get_observer (observer, 0);
  second = tq_queries_observer_get_observer (observer, 1);
  g_object_get (observer, "is-success", &flag, NULL);
  g_assert_true (flag);

  queries[0] = t.q1;
  queries[1] = t.q2;
  queries[2] = q3;
  tq_queries_observer_set_queries (observer, queries, 3);
  g_assert_cmpstr (f->changes->str, ==, "2-0+1 ");
  g_assert_cmpuint (n_items_notified, ==, 1);
  g_assert_true (tq_queries_observer_get_observer (observer, 0) == first);
  g_assert_true (tq_queries_observer_get_observer (observer, 1) == second);
  g_assert_cmpuint (tq_test_fn_calls (fn3), ==, 1);
  tq_test_flush (&f->env);
  g_object_get (observer, "is-fetching", &flag, NULL);
  g_assert_true (flag);
  g_object_get (observer, "is-success", &flag, NULL);
  g_assert_false (flag);
  g_object_get (observer, "is-pending", &flag, NULL);
  g_assert_true (flag);

  tq_test_advance (&f->env, 10);
  assert_snapshot (f, f->snapshots->len - 1, "success idle 1, success idle 2, success idle 3");
  g_object_get (observer, "is-fetching", &flag, NULL);
  g_assert_false (flag);
  g_object_get (observer, "is-success", &flag, NULL);
  g_assert_true (flag);

  /* A query in the middle replaced */
  {
    TqTestOutcome four_script[] = { { 0, "4" } };
    g_autoptr(TqTestFn) fn4 = tq_test_fn_new (&f->env, four_script, 1);
    g_autoptr(TqQueryOptions) q4 = options_for ("('add', 4)", fn4);

    g_string_truncate (f->changes, 0);
    queries[1] = q4;
    tq_queries_observer_set_queries (observer, queries, 3);
    g_assert_cmpstr (f->changes->str, ==, "1-1+1 ");
    g_assert_false (is_active (f, "('add', 2)"));
    g_assert_true (is_active (f, "('add', 4)"));
    tq_queries_observer_unsubscribe (observer);
    tq_test_flush (&f->env);
  }
  two_queries_clear (&t);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Tq/QueriesObserver/" path, Fixture, NULL, setup, func, teardown)

  ADD ("all-results", test_all_results);
  ADD ("update-when-query-updates", test_update_when_query_updates);
  ADD ("no-update-when-unchanged", test_no_update_when_unchanged);
  ADD ("query-removed", test_query_removed);
  ADD ("query-moved", test_query_moved);
  ADD ("duplicate-keys", test_duplicate_keys);
  ADD ("combine", test_combine);
  ADD ("reuse-and-add", test_reuse_and_add);

#undef ADD

  return g_test_run ();
}
