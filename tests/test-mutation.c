/* test-mutation.c: mutations, the mutation cache and observer (TanStack's model)
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"
#include "tq-mutation-cache-private.h"

#include <string.h>

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

static TqMutationOptions *
options_for (const char       *key,
             TqTestMutationFn *fn)
{
  g_autoptr(GVariant) k = key ? tq_test_key (key) : NULL;
  TqMutationOptions *options = tq_mutation_options_new (k);

  if (fn != NULL)
    tq_test_mutation_fn_attach (fn, options);
  return options;
}

static TqMutationFilters *
mutation_filters (const char *key)
{
  g_autoptr(GVariant) k = key ? tq_test_key (key) : NULL;

  return tq_mutation_filters_new (k);
}

static TqMutationCache *
mutation_cache (Fixture *f)
{
  return tq_query_client_get_mutation_cache (f->env.client);
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
on_mutate_finish (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Outcome *o = user_data;

  o->done = TRUE;
  o->ok = tq_mutation_observer_mutate_finish (TQ_MUTATION_OBSERVER (source), result, &o->data, &o->error);
}

static void
on_execute_finish (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Outcome *o = user_data;

  o->done = TRUE;
  o->ok = tq_mutation_execute_finish (TQ_MUTATION (source), result, &o->data, &o->error);
}

static void
on_boolean_finish (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Outcome *o = user_data;

  o->done = TRUE;
  o->ok = g_task_propagate_boolean (G_TASK (result), &o->error);
}

static void
mutate_json (TqMutationObserver *observer,
             const char         *variables)
{
  g_auto(GValue) value = G_VALUE_INIT;

  if (variables != NULL)
    tq_test_value_json (&value, variables);
  tq_mutation_observer_mutate (observer, variables ? &value : NULL, NULL, NULL, NULL);
}

static void
execute_json (TqMutation *mutation,
              const char *variables,
              Outcome    *o)
{
  g_auto(GValue) value = G_VALUE_INIT;

  tq_test_value_json (&value, variables);
  tq_mutation_execute_async (mutation, &value, NULL, o ? on_execute_finish : NULL, o);
}

/* Collects every result an observer reports */
static void
collect_state (TqMutationObserver *observer,
               TqMutationState    *state,
               GPtrArray          *states)
{
  g_ptr_array_add (states, tq_mutation_state_ref (state));
}

static GPtrArray *
collect_states (TqMutationObserver *observer)
{
  GPtrArray *states = g_ptr_array_new_with_free_func ((GDestroyNotify) tq_mutation_state_unref);

  g_signal_connect (observer, "result-changed", G_CALLBACK (collect_state), states);
  return states;
}

#define assert_state_json(value, text) tq_assert_value_json (value, text)

static void
assert_no_value (const GValue *value)
{
  g_assert_false (G_IS_VALUE (value));
}

/* An on-mutate that returns its variables as the context */
static gboolean
context_is_variables (TqMutation    *mutation,
                      const GValue  *variables,
                      GValue        *context,
                      gpointer       user_data,
                      GError       **error)
{
  g_value_init (context, G_VALUE_TYPE (variables));
  g_value_copy (variables, context);
  return TRUE;
}

/* B32 (a): the states of a successful mutation, field by field */
static void
test_success_states (Fixture       *f,
                     gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "%v" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) states = NULL;
  TqMutationState *s;

  tq_mutation_options_set_on_mutate_func (options, context_is_variables, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);

  /* The idle result, exactly */
  s = tq_mutation_observer_get_state (observer);
  assert_no_value (tq_mutation_state_get_context (s));
  assert_no_value (tq_mutation_state_get_data (s));
  g_assert_null (tq_mutation_state_get_error (s));
  g_assert_cmpuint (tq_mutation_state_get_failure_count (s), ==, 0);
  g_assert_null (tq_mutation_state_get_failure_reason (s));
  g_assert_false (tq_mutation_state_is_error (s));
  g_assert_true (tq_mutation_state_is_idle (s));
  g_assert_false (tq_mutation_state_is_pending (s));
  g_assert_false (tq_mutation_state_get_is_paused (s));
  g_assert_false (tq_mutation_state_is_success (s));
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_IDLE);
  assert_no_value (tq_mutation_state_get_variables (s));
  g_assert_cmpint (tq_mutation_state_get_submitted_at (s), ==, 0);

  tq_mutation_observer_subscribe (observer);
  states = collect_states (observer);

  tq_test_advance (&f->env, 5);
  mutate_json (observer, "\"todo\"");
  tq_test_flush (&f->env);

  g_assert_cmpuint (states->len, ==, 2);
  s = states->pdata[0];
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_PENDING);
  g_assert_true (tq_mutation_state_is_pending (s));
  g_assert_false (tq_mutation_state_is_idle (s));
  assert_no_value (tq_mutation_state_get_context (s));
  assert_no_value (tq_mutation_state_get_data (s));
  assert_state_json (tq_mutation_state_get_variables (s), "\"todo\"");
  g_assert_false (tq_mutation_state_get_is_paused (s));
  g_assert_cmpint (tq_mutation_state_get_submitted_at (s), ==, 5);

  s = states->pdata[1];
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_PENDING);
  assert_state_json (tq_mutation_state_get_context (s), "\"todo\"");
  assert_no_value (tq_mutation_state_get_data (s));
  assert_state_json (tq_mutation_state_get_variables (s), "\"todo\"");

  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (states->len, ==, 3);
  s = states->pdata[2];
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_SUCCESS);
  g_assert_true (tq_mutation_state_is_success (s));
  assert_state_json (tq_mutation_state_get_context (s), "\"todo\"");
  assert_state_json (tq_mutation_state_get_data (s), "\"todo\"");
  assert_state_json (tq_mutation_state_get_variables (s), "\"todo\"");
  g_assert_null (tq_mutation_state_get_error (s));
  g_assert_cmpuint (tq_mutation_state_get_failure_count (s), ==, 0);
  g_assert_cmpint (tq_mutation_state_get_submitted_at (s), ==, 5);

  tq_mutation_observer_unsubscribe (observer);
}

/* B32 (b): retry 1 with a 10 ms delay, a function that fails after 20 ms */
static void
test_error_states (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 20, NULL, "err" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) states = NULL;
  TqMutationState *s;

  tq_mutation_options_set_on_mutate_func (options, context_is_variables, NULL, NULL);
  tq_mutation_options_set_retry (options, 1);
  tq_mutation_options_set_retry_delay (options, 10);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_subscribe (observer);
  states = collect_states (observer);

  mutate_json (observer, "\"todo\"");
  tq_test_flush (&f->env);
  g_assert_cmpuint (states->len, ==, 2);
  assert_no_value (tq_mutation_state_get_context (states->pdata[0]));
  assert_state_json (tq_mutation_state_get_context (states->pdata[1]), "\"todo\"");

  tq_test_advance (&f->env, 20);
  g_assert_cmpuint (states->len, ==, 3);
  s = states->pdata[2];
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_PENDING);
  g_assert_cmpuint (tq_mutation_state_get_failure_count (s), ==, 1);
  g_assert_error ((GError *) tq_mutation_state_get_failure_reason (s), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_null (tq_mutation_state_get_error (s));

  tq_test_advance (&f->env, 30);
  g_assert_cmpuint (states->len, ==, 4);
  s = states->pdata[3];
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_ERROR);
  g_assert_true (tq_mutation_state_is_error (s));
  g_assert_cmpuint (tq_mutation_state_get_failure_count (s), ==, 2);
  g_assert_error ((GError *) tq_mutation_state_get_error (s), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (tq_mutation_state_get_error (s)->message, ==, "err");
  g_assert_error ((GError *) tq_mutation_state_get_failure_reason (s), G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_false (tq_mutation_state_get_is_paused (s));
  assert_no_value (tq_mutation_state_get_data (s));
  assert_state_json (tq_mutation_state_get_context (s), "\"todo\"");
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 2);

  tq_mutation_observer_unsubscribe (observer);
}

/* B34: mutations of one scope run one at a time, in order */
static void
test_scope_serial (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script_a[] = { { 10, "\"a\"" } };
  TqTestOutcome script_b[] = { { 10, "\"b\"" } };
  g_autoptr(TqTestMutationFn) fn_a = tq_test_mutation_fn_new (&f->env, "A", script_a, 1);
  g_autoptr(TqTestMutationFn) fn_b = tq_test_mutation_fn_new (&f->env, "B", script_b, 1);
  g_autoptr(TqMutationOptions) options_a = options_for ("('a',)", fn_a);
  g_autoptr(TqMutationOptions) options_b = options_for ("('b',)", fn_b);
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  TqMutation *a, *b;
  Outcome oa = { 0 }, ob = { 0 };

  tq_test_mutation_fn_set_log (fn_a, log);
  tq_test_mutation_fn_set_log (fn_b, log);
  tq_mutation_options_set_scope_id (options_a, "scope");
  tq_mutation_options_set_scope_id (options_b, "scope");

  a = tq_mutation_cache_build (mutation_cache (f), f->env.client, options_a);
  execute_json (a, "\"vars1\"", &oa);
  g_assert_cmpint (tq_mutation_state_get_status (tq_mutation_get_state (a)), ==, TQ_MUTATION_STATUS_PENDING);
  g_assert_false (tq_mutation_state_get_is_paused (tq_mutation_get_state (a)));

  b = tq_mutation_cache_build (mutation_cache (f), f->env.client, options_b);
  execute_json (b, "\"vars2\"", &ob);
  g_assert_cmpint (tq_mutation_state_get_status (tq_mutation_get_state (b)), ==, TQ_MUTATION_STATUS_PENDING);
  g_assert_true (tq_mutation_state_get_is_paused (tq_mutation_get_state (b)));
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn_b), ==, 0);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 2);

  tq_test_advance (&f->env, 10);
  g_assert_false (tq_mutation_state_get_is_paused (tq_mutation_get_state (b)));
  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "A:start A:end B:start B:end");
  g_assert_true (oa.ok && ob.ok);
  tq_assert_value_json (&ob.data, "\"b\"");
  outcome_clear (&oa);
  outcome_clear (&ob);
}

/* B34: without a scope, mutations run in parallel */
static void
test_no_scope_parallel (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"x\"" } };
  g_autoptr(TqTestMutationFn) fn_a = tq_test_mutation_fn_new (&f->env, "A", script, 1);
  g_autoptr(TqTestMutationFn) fn_b = tq_test_mutation_fn_new (&f->env, "B", script, 1);
  g_autoptr(TqMutationOptions) options_a = options_for ("('a',)", fn_a);
  g_autoptr(TqMutationOptions) options_b = options_for ("('b',)", fn_b);
  g_autoptr(GPtrArray) log = tq_test_log_new ();

  tq_test_mutation_fn_set_log (fn_a, log);
  tq_test_mutation_fn_set_log (fn_b, log);
  execute_json (tq_mutation_cache_build (mutation_cache (f), f->env.client, options_a), "1", NULL);
  execute_json (tq_mutation_cache_build (mutation_cache (f), f->env.client, options_b), "2", NULL);
  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "A:start B:start A:end B:end");
}

/* Scopes run in parallel with each other, serially within */
static void
test_scopes_parallel_between (Fixture       *f,
                              gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"x\"" } };
  const char *names[] = { "A1", "B1", "A2", "B2" };
  const char *scopes[] = { "1", "1", "2", "2" };
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  TqTestMutationFn *fns[4];

  for (guint i = 0; i < 4; i++)
    {
      g_autoptr(TqMutationOptions) options = NULL;

      fns[i] = tq_test_mutation_fn_new (&f->env, names[i], script, 1);
      tq_test_mutation_fn_set_log (fns[i], log);
      options = options_for (NULL, fns[i]);
      tq_mutation_options_set_scope_id (options, scopes[i]);
      execute_json (tq_mutation_cache_build (mutation_cache (f), f->env.client, options), "0", NULL);
    }

  tq_test_advance (&f->env, 20);
  tq_assert_log (log, "A1:start A2:start A1:end B1:start A2:end B2:start B1:end B2:end");

  for (guint i = 0; i < 4; i++)
    tq_test_mutation_fn_free (fns[i]);
}

/* A removed mutation leaves its scope: the next one may run */
static void
test_scope_remove (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"x\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  TqMutation *one, *two;

  tq_mutation_options_set_scope_id (options, "scope1");
  one = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  two = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  g_assert_cmpuint (tq_mutation_cache_get_size (mutation_cache (f)), ==, 2);
  g_assert_cmpuint (tq_mutation_get_mutation_id (two), ==, tq_mutation_get_mutation_id (one) + 1);

  tq_mutation_cache_remove (mutation_cache (f), one);
  g_assert_cmpuint (tq_mutation_cache_get_size (mutation_cache (f)), ==, 1);
  {
    g_autoptr(GPtrArray) all = tq_mutation_cache_get_all (mutation_cache (f));

    g_assert_true (all->pdata[0] == two);
  }

  /* Alone in its scope now, it runs once on-mutate was awaited. */
  execute_json (two, "1", NULL);
  g_assert_false (tq_mutation_state_get_is_paused (tq_mutation_get_state (two)));
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 0);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  tq_test_advance (&f->env, 10);
}

/* {{{ Callback order (rules 49–50) */

typedef struct
{
  GPtrArray    *log;
  TqQueryClient *client;
  const char   *fail;      /* the callback that fails, or NULL */
  gboolean      fail_always;
  guint         settled_calls;
  guint         no_context;
} Order;

static const char *
status_letter (TqMutation *mutation)
{
  switch (tq_mutation_state_get_status (tq_mutation_get_state (mutation)))
    {
    case TQ_MUTATION_STATUS_IDLE: return "I";
    case TQ_MUTATION_STATUS_PENDING: return "P";
    case TQ_MUTATION_STATUS_SUCCESS: return "S";
    case TQ_MUTATION_STATUS_ERROR: return "E";
    default: return "?";
    }
}

static gboolean
order_step (Order      *order,
            TqMutation *mutation,
            const char *name,
            GError    **error)
{
  tq_test_log (order->log, "%s/%s", name, status_letter (mutation));

  if (order->fail != NULL && g_str_equal (order->fail, name))
    {
      if (!order->fail_always)
        order->fail = NULL;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_PERMISSION_DENIED, "%s failed", name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
cache_on_mutate (TqMutation *m, const GValue *v, GValue *c, gpointer d, GError **e)
{
  return order_step (d, m, "cache-mutate", e);
}

static gboolean
cache_on_success (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  return order_step (d, m, "cache-success", e);
}

static gboolean
cache_on_error (TqMutation *m, const GError *me, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  tq_test_log (((Order *) d)->log, "(%s)", me->message);
  return order_step (d, m, "cache-error", e);
}

static gboolean
cache_on_settled (TqMutation *m, const GValue *data, const GError *me, const GValue *v, const GValue *c,
                  gpointer d, GError **e)
{
  return order_step (d, m, "cache-settled", e);
}

static gboolean
opt_on_mutate (TqMutation *m, const GValue *v, GValue *c, gpointer d, GError **e)
{
  g_value_init (c, G_TYPE_STRING);
  g_value_set_string (c, "ctx");
  return order_step (d, m, "mutate", e);
}

static gboolean
opt_on_success (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  g_assert_cmpstr (g_value_get_string (c), ==, "ctx");
  return order_step (d, m, "success", e);
}

static gboolean
opt_on_error (TqMutation *m, const GError *me, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  if (G_IS_VALUE (c))
    g_assert_cmpstr (g_value_get_string (c), ==, "ctx");
  else
    ((Order *) d)->no_context++;
  return order_step (d, m, "error", e);
}

static gboolean
opt_on_settled (TqMutation *m, const GValue *data, const GError *me, const GValue *v, const GValue *c,
                gpointer d, GError **e)
{
  ((Order *) d)->settled_calls++;
  return order_step (d, m, "settled", e);
}

static void
sig_cache_mutate (TqMutationCache *cache, TqMutation *m, const GValue *v, Order *order)
{
  tq_test_log (order->log, "cache-mutate-signal");
}

static void
sig_cache_success (TqMutationCache *cache, TqMutation *m, const GValue *data, const GValue *v,
                   const GValue *c, Order *order)
{
  tq_test_log (order->log, "cache-success-signal");
}

static void
sig_cache_error (TqMutationCache *cache, TqMutation *m, const GError *error, const GValue *v,
                 const GValue *c, Order *order)
{
  tq_test_log (order->log, "cache-error-signal");
}

static void
sig_cache_settled (TqMutationCache *cache, TqMutation *m, const GValue *data, const GError *error,
                   const GValue *v, const GValue *c, Order *order)
{
  tq_test_log (order->log, "cache-settled-signal");
}

static GValue *
sig_mutate (TqMutationObserver *observer, TqMutation *m, const GValue *v, Order *order)
{
  tq_test_log (order->log, "mutate-signal/%s", status_letter (m));
  return NULL;
}

static void
sig_success (TqMutationObserver *observer, TqMutation *m, const GValue *data, const GValue *v,
             const GValue *c, Order *order)
{
  tq_test_log (order->log, "success-signal");
}

static void
sig_error (TqMutationObserver *observer, TqMutation *m, const GError *error, const GValue *v,
           const GValue *c, Order *order)
{
  if (G_IS_VALUE (c))
    g_assert_cmpstr (g_value_get_string (c), ==, "ctx");
  tq_test_log (order->log, "error-signal");
}

static void
sig_settled (TqMutationObserver *observer, TqMutation *m, const GValue *data, const GError *error,
             const GValue *v, const GValue *c, Order *order)
{
  tq_test_log (order->log, "settled-signal");
}

static void
per_call (TqMutationObserver *observer,
          TqMutation         *mutation,
          const GValue       *data,
          const GError       *error,
          gpointer            user_data)
{
  Order *order = user_data;

  tq_test_log (order->log, "per-call/%s/%s", status_letter (mutation), error ? "error" : "ok");
}

static void
on_order_mutate_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  Order *order = user_data;
  g_autoptr(GError) error = NULL;

  tq_mutation_observer_mutate_finish (TQ_MUTATION_OBSERVER (source), result, NULL, &error);
  tq_test_log (order->log, "done/%s", error ? error->message : "ok");
}

static void
run_order (Fixture    *f,
           const char *outcome,
           const char *fail,
           gboolean    fail_always,
           Order      *order)
{
  TqTestOutcome ok_script[] = { { 10, "\"data\"" } };
  TqTestOutcome error_script[] = { { 10, NULL, "boom" } };
  g_autoptr(TqTestMutationFn) fn = NULL;
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  TqMutationCache *cache = mutation_cache (f);
  gulong handlers[4];

  fn = tq_test_mutation_fn_new (&f->env, "fn", g_str_equal (outcome, "ok") ? ok_script : error_script, 1);
  order->log = tq_test_log_new ();
  order->fail = fail;
  order->fail_always = fail_always;
  tq_test_mutation_fn_set_log (fn, order->log);

  tq_mutation_cache_set_on_mutate_func (cache, cache_on_mutate, order, NULL);
  tq_mutation_cache_set_on_success_func (cache, cache_on_success, order, NULL);
  tq_mutation_cache_set_on_error_func (cache, cache_on_error, order, NULL);
  tq_mutation_cache_set_on_settled_func (cache, cache_on_settled, order, NULL);
  handlers[0] = g_signal_connect (cache, "mutate", G_CALLBACK (sig_cache_mutate), order);
  handlers[1] = g_signal_connect (cache, "success", G_CALLBACK (sig_cache_success), order);
  handlers[2] = g_signal_connect (cache, "error", G_CALLBACK (sig_cache_error), order);
  handlers[3] = g_signal_connect (cache, "settled", G_CALLBACK (sig_cache_settled), order);

  options = options_for (NULL, fn);
  tq_mutation_options_set_on_mutate_func (options, opt_on_mutate, order, NULL);
  tq_mutation_options_set_on_success_func (options, opt_on_success, order, NULL);
  tq_mutation_options_set_on_error_func (options, opt_on_error, order, NULL);
  tq_mutation_options_set_on_settled_func (options, opt_on_settled, order, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  g_signal_connect (observer, "mutate", G_CALLBACK (sig_mutate), order);
  g_signal_connect (observer, "success", G_CALLBACK (sig_success), order);
  g_signal_connect (observer, "error", G_CALLBACK (sig_error), order);
  g_signal_connect (observer, "settled", G_CALLBACK (sig_settled), order);
  tq_mutation_observer_subscribe (observer);

  /* The per-call callback, then the async form for the final outcome */
  tq_mutation_observer_mutate (observer, NULL, per_call, order, NULL);
  tq_test_advance (&f->env, 10);

  tq_mutation_observer_mutate_async (observer, NULL, NULL, on_order_mutate_done, order);
  tq_test_advance (&f->env, 10);

  tq_mutation_observer_unsubscribe (observer);
  for (guint i = 0; i < G_N_ELEMENTS (handlers); i++)
    g_signal_handler_disconnect (cache, handlers[i]);
  tq_mutation_cache_set_on_mutate_func (cache, NULL, NULL, NULL);
  tq_mutation_cache_set_on_success_func (cache, NULL, NULL, NULL);
  tq_mutation_cache_set_on_error_func (cache, NULL, NULL, NULL);
  tq_mutation_cache_set_on_settled_func (cache, NULL, NULL, NULL);
}

#define SUCCESS_HEAD \
  "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end " \
  "cache-success/P cache-success-signal success/P success-signal " \
  "cache-settled/P cache-settled-signal settled/P"
#define SUCCESS_RUN SUCCESS_HEAD " settled-signal"

/* Rule 49: the success path, the cache's callback before the mutation's,
 * pending until the end, then the per-call callback
 */
static void
test_order_success (Fixture       *f,
                    gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "ok", NULL, FALSE, &order);
  tq_assert_log (order.log,
                 SUCCESS_RUN " per-call/S/ok "
                 SUCCESS_RUN " done/ok");
  g_ptr_array_unref (order.log);
}

#define ERROR_RUN(cause) \
  "(" cause ") cache-error/P cache-error-signal error/P error-signal " \
  "cache-settled/P cache-settled-signal settled/P settled-signal"

/* Rule 50: the error path */
static void
test_order_error (Fixture       *f,
                  gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "error", NULL, FALSE, &order);
  tq_assert_log (order.log,
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 ERROR_RUN ("boom") " per-call/E/error "
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 ERROR_RUN ("boom") " done/boom");
  g_ptr_array_unref (order.log);
}

/* Rule 50: a failing global on-success sends the mutation down the error
 * path with its error; the mutation's on-success never runs
 */
static void
test_order_cache_success_fails (Fixture       *f,
                                gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "ok", "cache-success", TRUE, &order);
  tq_assert_log (order.log,
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 "cache-success/P " ERROR_RUN ("cache-success failed") " per-call/E/error "
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 "cache-success/P " ERROR_RUN ("cache-success failed") " done/cache-success failed");
  g_ptr_array_unref (order.log);
}

/* The mutation's on-success failing */
static void
test_order_success_fails (Fixture       *f,
                          gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "ok", "success", TRUE, &order);
  tq_assert_log (order.log,
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 "cache-success/P cache-success-signal success/P "
                 ERROR_RUN ("success failed") " per-call/E/error "
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 "cache-success/P cache-success-signal success/P "
                 ERROR_RUN ("success failed") " done/success failed");
  g_ptr_array_unref (order.log);
}

/* A failing global on-settled: the error path runs it a second time */
static void
test_order_cache_settled_fails (Fixture       *f,
                                gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "ok", "cache-settled", FALSE, &order);
  tq_assert_log (order.log,
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 "cache-success/P cache-success-signal success/P success-signal cache-settled/P "
                 ERROR_RUN ("cache-settled failed") " per-call/E/error "
                 SUCCESS_RUN " done/ok");
  g_ptr_array_unref (order.log);
}

/* A failing on-settled: both on-settled run twice; failures on the error
 * path are ignored
 */
static void
test_order_settled_fails (Fixture       *f,
                          gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "ok", "settled", TRUE, &order);
  tq_assert_log (order.log,
                 SUCCESS_HEAD " " ERROR_RUN ("settled failed") " per-call/E/error "
                 SUCCESS_HEAD " " ERROR_RUN ("settled failed") " done/settled failed");
  g_assert_cmpuint (order.settled_calls, ==, 4);
  g_ptr_array_unref (order.log);
}

/* Failures on the error path are reported, not acted on: the mutation's
 * error stays the function's
 */
static void
test_order_error_path_failures (Fixture       *f,
                                gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "error", "error", TRUE, &order);
  tq_assert_log (order.log,
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 ERROR_RUN ("boom") " per-call/E/error "
                 "cache-mutate/P cache-mutate-signal mutate/P mutate-signal/P fn:start fn:end "
                 ERROR_RUN ("boom") " done/boom");
  g_ptr_array_unref (order.log);
}

/* A failing on-mutate: the function never runs */
static void
test_order_mutate_fails (Fixture       *f,
                         gconstpointer  data)
{
  Order order = { 0 };

  run_order (f, "ok", "mutate", TRUE, &order);
  /* No context: the failing on-mutate set one, but it is not stored. */
  tq_assert_log (order.log,
                 "cache-mutate/P cache-mutate-signal mutate/P "
                 "(mutate failed) cache-error/P cache-error-signal error/P error-signal "
                 "cache-settled/P cache-settled-signal settled/P settled-signal per-call/E/error "
                 "cache-mutate/P cache-mutate-signal mutate/P "
                 "(mutate failed) cache-error/P cache-error-signal error/P error-signal "
                 "cache-settled/P cache-settled-signal settled/P settled-signal done/mutate failed");
  g_assert_cmpuint (order.no_context, ==, 2);
  g_ptr_array_unref (order.log);
}

static gboolean
log_failing_on_mutate (TqMutation *m, const GValue *v, GValue *c, gpointer d, GError **e)
{
  tq_test_log (d, "mutate/%d", g_value_get_int (v));
  g_set_error_literal (e, G_IO_ERROR, G_IO_ERROR_FAILED, "mutate failed");
  return FALSE;
}

static gboolean
log_cache_on_error (TqMutation *m, const GError *me, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  tq_test_log (d, "cache-error/%d", g_value_get_int (v));
  return TRUE;
}

/* Rule 50: a callback that fails at once is not awaited. Two mutations
 * started in one turn: the first one's error path begins before the
 * second one's on-mutate (corpus regressions/
 * r50-throwing-callback-is-not-awaited)
 */
static void
test_order_failing_callback_not_awaited (Fixture       *f,
                                         gconstpointer  data)
{
  g_autoptr(TqMutationOptions) options = options_for (NULL, NULL);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  TqMutationCache *cache = mutation_cache (f);
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) two = G_VALUE_INIT;

  g_value_init (&one, G_TYPE_INT);
  g_value_set_int (&one, 1);
  g_value_init (&two, G_TYPE_INT);
  g_value_set_int (&two, 2);
  tq_mutation_cache_set_on_error_func (cache, log_cache_on_error, log, NULL);
  tq_mutation_options_set_on_mutate_func (options, log_failing_on_mutate, log, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);

  tq_mutation_observer_mutate (observer, &one, NULL, NULL, NULL);
  tq_mutation_observer_mutate (observer, &two, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  tq_assert_log (log, "mutate/1 cache-error/1 mutate/2 cache-error/2");
  tq_mutation_cache_set_on_error_func (cache, NULL, NULL, NULL);
}

/* }}} */

/* {{{ Retries, the network and resuming */

/* B07 for mutations: one call by default; retry with a fixed delay */
static void
test_retry (Fixture       *f,
            gconstpointer  data)
{
  TqTestOutcome failing[] = { { 0, NULL, "no" } };
  TqTestOutcome flaky[] = { { 0, NULL, "no" }, { 0, NULL, "no" }, { 0, "\"yes\"" } };
  g_autoptr(TqTestMutationFn) once = tq_test_mutation_fn_new (&f->env, "once", failing, 1);
  g_autoptr(TqTestMutationFn) thrice = tq_test_mutation_fn_new (&f->env, "thrice", flaky, 3);
  g_autoptr(TqMutationOptions) default_options = options_for (NULL, once);
  g_autoptr(TqMutationOptions) retry_options = options_for (NULL, thrice);
  g_autoptr(TqMutationObserver) a = NULL;
  g_autoptr(TqMutationObserver) b = NULL;
  Outcome oa = { 0 }, ob = { 0 };

  a = tq_mutation_observer_new (f->env.client, default_options);
  tq_mutation_observer_mutate_async (a, NULL, NULL, on_mutate_finish, &oa);
  tq_test_advance (&f->env, 60000);
  g_assert_cmpuint (tq_test_mutation_fn_calls (once), ==, 1);
  g_assert_true (oa.done);
  g_assert_error (oa.error, G_IO_ERROR, G_IO_ERROR_FAILED);

  tq_mutation_options_set_retry (retry_options, 2);
  tq_mutation_options_set_retry_delay (retry_options, 100);
  b = tq_mutation_observer_new (f->env.client, retry_options);
  tq_mutation_observer_mutate_async (b, NULL, NULL, on_mutate_finish, &ob);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (thrice), ==, 1);
  tq_test_advance (&f->env, 99);
  g_assert_cmpuint (tq_test_mutation_fn_calls (thrice), ==, 1);
  g_assert_cmpuint (tq_mutation_state_get_failure_count (tq_mutation_observer_get_state (b)), ==, 1);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (tq_test_mutation_fn_calls (thrice), ==, 2);
  g_assert_cmpuint (tq_mutation_state_get_failure_count (tq_mutation_observer_get_state (b)), ==, 2);
  tq_test_advance (&f->env, 99);
  g_assert_cmpuint (tq_test_mutation_fn_calls (thrice), ==, 2);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (tq_test_mutation_fn_calls (thrice), ==, 3);
  g_assert_true (ob.ok);
  tq_assert_value_json (&ob.data, "\"yes\"");
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (b)));
  g_assert_cmpuint (tq_mutation_state_get_failure_count (tq_mutation_observer_get_state (b)), ==, 0);

  outcome_clear (&oa);
  outcome_clear (&ob);
}

static gboolean
retry_while_small (guint         failure_count,
                   const GError *error,
                   gpointer      user_data)
{
  return failure_count < 1;
}

/* A retry function sees the failures so far (rule 24) */
static void
test_retry_func (Fixture       *f,
                 gconstpointer  data)
{
  TqTestOutcome failing[] = { { 0, NULL, "no" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", failing, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;

  tq_mutation_options_set_retry_func (options, retry_while_small, NULL, NULL);
  tq_mutation_options_set_retry_delay (options, 5);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "1");
  tq_test_advance (&f->env, 100);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 2);
  g_assert_cmpuint (tq_mutation_state_get_failure_count (tq_mutation_observer_get_state (observer)), ==, 2);
  g_assert_true (tq_mutation_state_is_error (tq_mutation_observer_get_state (observer)));
}

/* Network mode online: a mutation started offline is pending and paused,
 * its function not called; the client resumes it on reconnect
 */
static void
test_offline_paused (Fixture       *f,
                     gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"saved\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  Outcome o = { 0 }, resumed = { 0 };
  TqMutationState *s;

  tq_online_manager_set_online (f->env.online_manager, FALSE);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_mutate_async (observer, NULL, NULL, on_mutate_finish, &o);

  s = tq_mutation_observer_get_state (observer);
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_PENDING);
  g_assert_true (tq_mutation_state_get_is_paused (s));
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 0);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 1);

  /* Rule 30: resuming while offline does nothing, and does not wait */
  tq_query_client_resume_paused_mutations_async (f->env.client, NULL, on_boolean_finish, &resumed);
  tq_test_advance (&f->env, 100);
  g_assert_true (resumed.ok);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 0);
  g_assert_true (tq_mutation_state_get_is_paused (tq_mutation_observer_get_state (observer)));

  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  g_assert_false (tq_mutation_state_get_is_paused (tq_mutation_observer_get_state (observer)));
  tq_test_advance (&f->env, 10);
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "\"saved\"");

  outcome_clear (&o);
  outcome_clear (&resumed);
}

/* The always network mode runs offline */
static void
test_offline_always (Fixture       *f,
                     gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "1" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;

  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_mutation_options_set_network_mode (options, TQ_NETWORK_MODE_ALWAYS);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "1");
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (observer)));
  tq_online_manager_set_online (f->env.online_manager, TRUE);
}

/* On reconnect, paused mutations resume in the order they were made, and
 * queries refetch only once they settled
 */
static void
test_resume_order (Fixture       *f,
                   gconstpointer  data)
{
  TqTestOutcome mscript[] = { { 10, "\"ok\"" } };
  TqTestOutcome qscript[] = { { 0, "\"data %u\"" } };
  g_autoptr(TqTestMutationFn) first = tq_test_mutation_fn_new (&f->env, "first", mscript, 1);
  g_autoptr(TqTestMutationFn) second = tq_test_mutation_fn_new (&f->env, "second", mscript, 1);
  g_autoptr(TqTestFn) qfn = tq_test_fn_new (&f->env, qscript, 1);
  g_autoptr(TqMutationOptions) first_options = options_for (NULL, first);
  g_autoptr(TqMutationOptions) second_options = options_for (NULL, second);
  g_autoptr(TqMutationObserver) a = NULL;
  g_autoptr(TqMutationObserver) b = NULL;
  g_autoptr(TqQueryOptions) qoptions = tq_query_options_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqQueryObserver) query_observer = NULL;
  g_autoptr(GPtrArray) log = tq_test_log_new ();

  tq_test_fn_attach (qfn, qoptions);
  query_observer = tq_query_observer_new (f->env.client, qoptions);
  tq_query_observer_subscribe (query_observer);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_fn_calls (qfn), ==, 1);

  tq_test_mutation_fn_set_log (first, log);
  tq_test_mutation_fn_set_log (second, log);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  a = tq_mutation_observer_new (f->env.client, first_options);
  b = tq_mutation_observer_new (f->env.client, second_options);
  mutate_json (a, "1");
  mutate_json (b, "2");
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 2);
  g_assert_true (tq_mutation_state_get_is_paused (tq_mutation_observer_get_state (a)));
  tq_assert_log (log, "");

  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_flush (&f->env);
  tq_assert_log (log, "first:start second:start");
  /* The stale query waits for the mutations */
  g_assert_cmpuint (tq_test_fn_calls (qfn), ==, 1);

  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "first:start second:start first:end second:end");
  g_assert_cmpuint (tq_test_fn_calls (qfn), ==, 2);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 0);

  tq_query_observer_unsubscribe (query_observer);
}

/* Focus resumes paused mutations too, before queries refetch */
static void
test_resume_on_focus (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL, "no" }, { 0, "\"ok\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 2);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;

  /* A retry after a failure pauses while unfocused (rule 26) */
  tq_mutation_options_set_retry (options, 1);
  tq_mutation_options_set_retry_delay (options, 10);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_focus_manager_set_focused (f->env.focus_manager, FALSE);
  mutate_json (observer, "1");
  tq_test_advance (&f->env, 50);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  g_assert_true (tq_mutation_state_get_is_paused (tq_mutation_observer_get_state (observer)));

  tq_focus_manager_set_focused (f->env.focus_manager, TRUE);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 2);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (observer)));
}

/* Restoring a mutation (as from storage): pending and paused; resuming
 * runs it from the start without on-mutate, keeping its context
 */
static guint restore_calls[3];

static gboolean
restore_on_mutate (TqMutation *m, const GValue *v, GValue *c, gpointer d, GError **e)
{
  restore_calls[0]++;
  return TRUE;
}

static gboolean
restore_on_success (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  restore_calls[1]++;
  tq_assert_value_json (c, "\"todo\"");
  return TRUE;
}

static gboolean
restore_on_settled (TqMutation *m, const GValue *data, const GError *me, const GValue *v, const GValue *c,
                    gpointer d, GError **e)
{
  restore_calls[2]++;
  return TRUE;
}

static void
test_restore (Fixture       *f,
              gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "%v" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) defaults = options_for (NULL, fn);
  g_autoptr(TqMutationOptions) options = options_for ("('restore',)", NULL);
  g_autoptr(TqMutationState) state = tq_mutation_state_new ();
  g_autoptr(GError) err = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, "err");
  TqMutation *mutation;
  TqMutationState *s;

  memset (restore_calls, 0, sizeof restore_calls);
  tq_mutation_options_set_on_mutate_func (defaults, restore_on_mutate, NULL, NULL);
  tq_mutation_options_set_on_success_func (defaults, restore_on_success, NULL, NULL);
  tq_mutation_options_set_on_settled_func (defaults, restore_on_settled, NULL, NULL);
  tq_query_client_set_mutation_defaults (f->env.client, g_variant_new_parsed ("('restore',)"), defaults);

  tq_test_value_json (&state->context, "\"todo\"");
  tq_test_value_json (&state->variables, "\"todo\"");
  state->failure_count = 1;
  state->failure_reason = g_error_copy (err);
  state->is_paused = TRUE;
  state->status = TQ_MUTATION_STATUS_PENDING;
  state->submitted_at = 1;

  mutation = _tq_mutation_cache_build (mutation_cache (f), f->env.client, options, state);
  g_assert_true (tq_mutation_get_state (mutation) == state);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 1);

  tq_query_client_resume_paused_mutations_async (f->env.client, NULL, NULL, NULL);
  s = tq_mutation_get_state (mutation);
  g_assert_false (tq_mutation_state_get_is_paused (s));
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_PENDING);
  g_assert_cmpuint (tq_mutation_state_get_failure_count (s), ==, 1);
  g_assert_cmpint (tq_mutation_state_get_submitted_at (s), ==, 1);
  tq_assert_value_json (tq_mutation_state_get_context (s), "\"todo\"");

  tq_test_advance (&f->env, 10);
  s = tq_mutation_get_state (mutation);
  g_assert_cmpint (tq_mutation_state_get_status (s), ==, TQ_MUTATION_STATUS_SUCCESS);
  tq_assert_value_json (tq_mutation_state_get_data (s), "\"todo\"");
  g_assert_cmpuint (tq_mutation_state_get_failure_count (s), ==, 0);
  g_assert_null (tq_mutation_state_get_failure_reason (s));
  g_assert_cmpint (tq_mutation_state_get_submitted_at (s), ==, 1);
  g_assert_cmpuint (restore_calls[0], ==, 0);
  g_assert_cmpuint (restore_calls[1], ==, 1);
  g_assert_cmpuint (restore_calls[2], ==, 1);

  /* A settled mutation is not run again */
  tq_mutation_continue (mutation);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
}

/* }}} */
/* {{{ The observer */

static void
count_per_call (TqMutationObserver *observer,
                TqMutation         *mutation,
                const GValue       *data,
                const GError       *error,
                gpointer            user_data)
{
  g_autofree char *s = tq_test_value_to_string (data);

  tq_test_log (user_data, "cb:%s", error ? error->message : s);
}

/* Rule 51: per-call callbacks run for the latest call only, and only while
 * subscribed; the state updates regardless
 */
static void
test_per_call_latest (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "%v" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = tq_mutation_observer_new (f->env.client, options);
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  g_auto(GValue) one = G_VALUE_INIT;
  g_auto(GValue) two = G_VALUE_INIT;

  tq_test_value_json (&one, "1");
  tq_test_value_json (&two, "2");

  /* Not subscribed: no callback, but the state follows */
  tq_mutation_observer_mutate (observer, &one, count_per_call, log, NULL);
  tq_test_advance (&f->env, 10);
  tq_assert_value_json (tq_mutation_state_get_data (tq_mutation_observer_get_state (observer)), "1");
  g_assert_cmpuint (log->len, ==, 0);

  tq_mutation_observer_subscribe (observer);
  tq_mutation_observer_mutate (observer, &one, count_per_call, log, NULL);
  tq_test_advance (&f->env, 5);
  tq_mutation_observer_mutate (observer, &two, count_per_call, log, NULL);
  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "cb:2");
  tq_assert_value_json (tq_mutation_state_get_data (tq_mutation_observer_get_state (observer)), "2");
  tq_mutation_observer_unsubscribe (observer);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GPtrArray  *log)
{
  tq_test_log (log, "%s", pspec->name);
}

/* reset () goes back to idle: the mutation runs on, its own callbacks run,
 * the per-call one does not; properties say idle again
 */
static void
test_reset (Fixture       *f,
            gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"done\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  g_autoptr(GPtrArray) notes = tq_test_log_new ();
  g_autoptr(TqMutation) mutation = NULL;
  Order order = { .log = log };
  gboolean pending;

  tq_mutation_options_set_on_success_func (options, opt_on_success, &order, NULL);
  tq_mutation_options_set_on_mutate_func (options, opt_on_mutate, &order, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_subscribe (observer);
  tq_test_advance (&f->env, 1);
  {
    g_auto(GValue) one = G_VALUE_INIT;

    tq_test_value_json (&one, "1");
    tq_mutation_observer_mutate (observer, &one, count_per_call, log, NULL);
  }
  tq_test_flush (&f->env);
  g_object_get (observer, "is-pending", &pending, NULL);
  g_assert_true (pending);
  mutation = g_object_ref (tq_mutation_observer_get_mutation (observer));

  g_signal_connect (observer, "notify", G_CALLBACK (count_notify), notes);
  tq_mutation_observer_reset (observer);
  g_assert_null (tq_mutation_observer_get_mutation (observer));
  g_assert_true (tq_mutation_state_is_idle (tq_mutation_observer_get_state (observer)));
  tq_test_flush (&f->env);
  g_object_get (observer, "is-pending", &pending, NULL);
  g_assert_false (pending);
  tq_assert_log_sorted (notes, "context is-idle is-pending mutation status submitted-at variables");

  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "mutate/P success/P");
  g_assert_true (tq_mutation_state_is_success (tq_mutation_get_state (mutation)));
  g_assert_true (tq_mutation_state_is_idle (tq_mutation_observer_get_state (observer)));
  g_assert_cmpuint (tq_mutation_get_observers_count (mutation), ==, 0);
  tq_mutation_observer_unsubscribe (observer);
}

/* The client's is-mutating, read while a mutation runs that ends before
 * the next notification: the reader hears that it is over
 */
static void
test_is_mutating_read_ahead (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"done\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = tq_mutation_observer_new (f->env.client, options);
  guint notifies = 0, mutating = 0;

  g_signal_connect_swapped (f->env.client, "notify::is-mutating", G_CALLBACK (g_atomic_int_inc), &notifies);

  tq_notify_manager_begin_batch (f->env.notify_manager);
  mutate_json (observer, "\"v\"");
  g_object_get (f->env.client, "is-mutating", &mutating, NULL);
  g_assert_cmpuint (mutating, ==, 1);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 0);
  g_assert_cmpuint (notifies, ==, 0);
  tq_notify_manager_end_batch (f->env.notify_manager);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 1);

  /* Reads of the count notified last change nothing */
  g_object_get (f->env.client, "is-mutating", &mutating, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (notifies, ==, 1);

  g_signal_handlers_disconnect_by_data (f->env.client, &notifies);
}

/* Properties notify once per flush, only those that changed */
static void
test_property_notifications (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"done\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) notes = tq_test_log_new ();
  GValue *value = NULL;
  guint mutating = 0;

  tq_mutation_options_set_on_mutate_func (options, context_is_variables, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  g_signal_connect (observer, "notify", G_CALLBACK (count_notify), notes);
  g_signal_connect (f->env.client, "notify::is-mutating", G_CALLBACK (count_notify), notes);

  /* Two pending actions (start, context) make one batch of notifications */
  tq_test_advance (&f->env, 1);
  mutate_json (observer, "\"v\"");
  g_assert_cmpuint (notes->len, ==, 1);  /* "mutation", at once */
  tq_test_flush (&f->env);
  tq_assert_log_sorted (notes, "context is-idle is-mutating is-pending mutation status submitted-at variables");
  g_object_get (f->env.client, "is-mutating", &mutating, NULL);
  g_assert_cmpuint (mutating, ==, 1);

  g_ptr_array_set_size (notes, 0);
  tq_test_advance (&f->env, 10);
  tq_assert_log_sorted (notes, "data is-mutating is-pending is-success status");
  g_object_get (observer, "data", &value, NULL);
  tq_assert_value_json (value, "\"done\"");
  g_boxed_free (G_TYPE_VALUE, value);
  g_object_get (f->env.client, "is-mutating", &mutating, NULL);
  g_assert_cmpuint (mutating, ==, 0);
}

/* Options change on a live observer: a pending mutation's callbacks that
 * have not run are the new ones; a new key resets
 */
static gboolean
success_one (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  tq_test_log (d, "one");
  return TRUE;
}

static gboolean
success_two (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  tq_test_log (d, "two");
  return TRUE;
}

static void
count_options_updated (TqMutationCache    *cache,
                       TqMutation         *mutation,
                       TqMutationObserver *observer,
                       guint              *count)
{
  (*count)++;
}

static void
test_set_options (Fixture       *f,
                  gconstpointer  data)
{
  TqTestOutcome script[] = { { 100, "\"update\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for ("('k',)", fn);
  g_autoptr(TqMutationOptions) updated = NULL;
  g_autoptr(TqMutationOptions) other_key = options_for ("('other',)", fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  guint options_updated = 0;

  tq_mutation_options_set_on_success_func (options, success_one, log, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  g_signal_connect (mutation_cache (f), "observer-options-updated", G_CALLBACK (count_options_updated),
                    &options_updated);
  mutate_json (observer, "1");

  updated = tq_mutation_options_copy (options);
  tq_mutation_options_set_on_success_func (updated, success_two, log, NULL);
  tq_mutation_observer_set_options (observer, updated);
  g_assert_cmpuint (options_updated, ==, 1);
  /* The same options again: no event */
  tq_mutation_observer_set_options (observer, updated);
  g_assert_cmpuint (options_updated, ==, 1);

  tq_test_advance (&f->env, 100);
  tq_assert_log (log, "two");

  /* A new key resets the observer */
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (observer)));
  tq_mutation_observer_set_options (observer, other_key);
  g_assert_true (tq_mutation_state_is_idle (tq_mutation_observer_get_state (observer)));
  g_assert_null (tq_mutation_observer_get_mutation (observer));
  g_signal_handlers_disconnect_by_func (mutation_cache (f), count_options_updated, &options_updated);
}

/* null variables are values; no variables are none */
static void
test_variables (Fixture       *f,
                gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "[\"%v\"]" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = tq_mutation_observer_new (f->env.client, options);

  mutate_json (observer, "null");
  tq_test_flush (&f->env);
  tq_assert_value_json (tq_mutation_state_get_variables (tq_mutation_observer_get_state (observer)), "null");
  tq_assert_value_json (tq_mutation_state_get_data (tq_mutation_observer_get_state (observer)), "[\"null\"]");

  mutate_json (observer, NULL);
  tq_test_flush (&f->env);
  assert_no_value (tq_mutation_state_get_variables (tq_mutation_observer_get_state (observer)));
  tq_assert_value_json (tq_mutation_state_get_data (tq_mutation_observer_get_state (observer)), "[\"<none>\"]");
}

/* A mutation without a function fails with TQ_ERROR_MISSING_MUTATION_FN;
 * one returning nothing succeeds with no data
 */
static void
test_missing_fn (Fixture       *f,
                 gconstpointer  data)
{
  TqTestOutcome nothing[] = { { 0, NULL } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", nothing, 1);
  g_autoptr(TqMutationOptions) none = options_for (NULL, NULL);
  g_autoptr(TqMutationOptions) empty = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) a = tq_mutation_observer_new (f->env.client, none);
  g_autoptr(TqMutationObserver) b = tq_mutation_observer_new (f->env.client, empty);
  Outcome oa = { 0 }, ob = { 0 };

  tq_mutation_observer_mutate_async (a, NULL, NULL, on_mutate_finish, &oa);
  tq_mutation_observer_mutate_async (b, NULL, NULL, on_mutate_finish, &ob);
  /* It fails as a rejected promise would: not during the call */
  g_assert_cmpuint (tq_mutation_state_get_failure_count (tq_mutation_observer_get_state (a)), ==, 0);
  g_assert_true (tq_mutation_state_is_pending (tq_mutation_observer_get_state (a)));
  tq_test_flush (&f->env);
  g_assert_error (oa.error, TQ_ERROR, TQ_ERROR_MISSING_MUTATION_FN);
  g_assert_cmpstr (oa.error->message, ==, "No mutationFn found");
  g_assert_true (ob.ok);
  assert_no_value (&ob.data);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (b)));
  outcome_clear (&oa);
  outcome_clear (&ob);
}

/* {{{ Asynchronous callbacks (TqMutationCallbackContext) */

typedef struct
{
  TqTestEnv   *env;
  GPtrArray   *log;
  gint64       delay;       /* how long each callback takes */
  const char  *fail;        /* the callback that fails, or NULL */
  TqMutation  *mutation;
} Waiting;

typedef struct
{
  TqMutationCallbackContext *context;
  Waiting                   *waiting;
  char                      *name;
} Pending;

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->context);
  g_free (pending->name);
  g_free (pending);
}

static gboolean
complete_pending (gpointer data)
{
  Pending *pending = data;
  Waiting *waiting = pending->waiting;

  tq_test_log (waiting->log, "%s:done", pending->name);

  if (waiting->fail != NULL && g_str_equal (waiting->fail, pending->name))
    tq_mutation_callback_context_return_new_error (pending->context, G_IO_ERROR, G_IO_ERROR_FAILED,
                                                   "%s failed", pending->name);
  else if (g_str_has_suffix (pending->name, "mutate"))
    {
      g_auto(GValue) context = G_VALUE_INIT;

      g_value_init (&context, G_TYPE_STRING);
      g_value_set_string (&context, pending->name);
      tq_mutation_callback_context_return_value (pending->context, &context);
    }
  else
    tq_mutation_callback_context_return_value (pending->context, NULL);

  return G_SOURCE_REMOVE;
}

static void
wait_then_complete (TqMutationCallbackContext *context,
                    Waiting                   *waiting,
                    const char                *name)
{
  Pending *pending = g_new0 (Pending, 1);
  const GValue *result = tq_mutation_callback_context_get_on_mutate_result (context);

  tq_test_log (waiting->log, "%s:%s%s%s", name,
               tq_mutation_state_is_pending (tq_mutation_get_state (tq_mutation_callback_context_get_mutation (context)))
                 ? "P" : "-",
               result ? "/" : "", result ? g_value_get_string (result) : "");
  pending->context = g_object_ref (context);
  pending->waiting = waiting;
  pending->name = g_strdup (name);
  tq_clock_add_timeout_full (TQ_CLOCK (waiting->env->clock), waiting->delay, complete_pending, pending, pending_free);
}

static void
async_cache_mutate (TqMutationCallbackContext *c, gpointer d)
{
  wait_then_complete (c, d, "cache-mutate");
}

static void
async_mutate (TqMutationCallbackContext *c, gpointer d)
{
  wait_then_complete (c, d, "mutate");
}

static void
async_success (TqMutationCallbackContext *c, gpointer d)
{
  g_assert_nonnull (tq_mutation_callback_context_get_data (c));
  g_assert_null (tq_mutation_callback_context_get_error (c));
  wait_then_complete (c, d, "success");
}

static void
async_error (TqMutationCallbackContext *c, gpointer d)
{
  g_assert_nonnull (tq_mutation_callback_context_get_error (c));
  wait_then_complete (c, d, "error");
}

static void
async_settled (TqMutationCallbackContext *c, gpointer d)
{
  wait_then_complete (c, d, "settled");
}

/* Rule 49 with callbacks that take time (corpus r49-cache-on-mutate-is-
 * awaited-first, r49-status-pending-until-callbacks-settle): each one is
 * awaited, the function starts after on-mutate, the context comes from
 * it, and the mutation stays pending until on-settled completed
 */
static void
test_async_callbacks (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"saved\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  Waiting waiting = { &f->env, log, 5, NULL, NULL };
  TqMutation *mutation;
  Outcome o = { 0 };

  tq_test_mutation_fn_set_log (fn, log);
  tq_mutation_cache_set_on_mutate_async_func (mutation_cache (f), async_cache_mutate, &waiting, NULL);
  tq_mutation_options_set_on_mutate_async_func (options, async_mutate, &waiting, NULL);
  tq_mutation_options_set_on_success_async_func (options, async_success, &waiting, NULL);
  tq_mutation_options_set_on_settled_async_func (options, async_settled, &waiting, NULL);
  g_assert_true (tq_mutation_options_is_set (options, "on-mutate"));

  mutation = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  execute_json (mutation, "1", &o);
  /* The cache's starts at once, the mutation's waits for it */
  tq_assert_log (log, "cache-mutate:P");
  tq_test_advance (&f->env, 5);
  tq_assert_log (log, "cache-mutate:P cache-mutate:done mutate:P");
  g_assert_false (G_IS_VALUE (tq_mutation_state_get_context (tq_mutation_get_state (mutation))));
  tq_test_advance (&f->env, 5);
  tq_assert_log (log, "cache-mutate:P cache-mutate:done mutate:P mutate:done fn:start");
  g_assert_cmpstr (g_value_get_string (tq_mutation_state_get_context (tq_mutation_get_state (mutation))),
                   ==, "mutate");

  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "cache-mutate:P cache-mutate:done mutate:P mutate:done fn:start fn:end "
                      "success:P/mutate");
  tq_test_advance (&f->env, 5);
  g_assert_true (tq_mutation_state_is_pending (tq_mutation_get_state (mutation)));
  g_assert_false (o.done);
  tq_test_advance (&f->env, 5);
  tq_assert_log (log, "cache-mutate:P cache-mutate:done mutate:P mutate:done fn:start fn:end "
                      "success:P/mutate success:done settled:P/mutate settled:done");
  g_assert_true (tq_mutation_state_is_success (tq_mutation_get_state (mutation)));
  g_assert_true (o.ok);
  tq_assert_value_json (&o.data, "\"saved\"");
  outcome_clear (&o);

  tq_mutation_cache_set_on_mutate_async_func (mutation_cache (f), NULL, NULL, NULL);
}

/* Rule 50: an asynchronous on-success that fails sends the mutation down
 * the error path; a failure there is ignored
 */
static void
test_async_callback_fails (Fixture       *f,
                           gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"saved\"" } };
  TqTestOutcome failing_script[] = { { 0, NULL, "no" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqTestMutationFn) failing = tq_test_mutation_fn_new (&f->env, "failing", failing_script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  Waiting waiting = { &f->env, log, 1, "success", NULL };
  TqMutation *mutation;
  Outcome o = { 0 };

  tq_mutation_options_set_on_success_async_func (options, async_success, &waiting, NULL);
  tq_mutation_options_set_on_error_async_func (options, async_error, &waiting, NULL);
  tq_mutation_options_set_on_settled_async_func (options, async_settled, &waiting, NULL);

  mutation = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  execute_json (mutation, "1", &o);
  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "success:P success:done error:P error:done settled:P settled:done");
  g_assert_true (tq_mutation_state_is_error (tq_mutation_get_state (mutation)));
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (o.error->message, ==, "success failed");
  outcome_clear (&o);

  /* On the error path a failure is ignored: the mutation's error stays */
  g_ptr_array_set_size (log, 0);
  waiting.fail = "error";
  tq_test_mutation_fn_attach (failing, options);
  mutation = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  execute_json (mutation, "2", &o);
  tq_test_advance (&f->env, 10);
  tq_assert_log (log, "error:P error:done settled:P settled:done");
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_assert_cmpstr (o.error->message, ==, "no");
  outcome_clear (&o);
}

static void
callback_completes_twice (TqMutationCallbackContext *context,
                          gpointer                   user_data)
{
  tq_mutation_callback_context_return_value (context, NULL);
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*completed twice*");
  tq_mutation_callback_context_return_value (context, NULL);
  g_test_assert_expected_messages ();
}

/* The mutation function starts on the next turn, even after a callback
 * that completed at once: TanStack awaits it
 */
static void
test_async_callback_at_once (Fixture       *f,
                             gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "\"saved\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  TqMutation *mutation;

  tq_mutation_options_set_on_mutate_async_func (options, callback_completes_twice, NULL, NULL);
  mutation = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  execute_json (mutation, "1", NULL);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 0);
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_get_state (mutation)));
}

/* }}} */

/* On reconnect, queries refetch once the paused mutations' functions are
 * done, without waiting for their callbacks (TanStack's resumePausedMutations
 * waits for retryer.continue ()) (corpus regressions/r30-reconnect-refetch-
 * waits-for-mutation-functions-only)
 */
static void
test_resume_waits_for_functions (Fixture       *f,
                                 gconstpointer  data)
{
  TqTestOutcome mscript[] = { { 10, "\"ok\"" } };
  TqTestOutcome qscript[] = { { 0, "\"data %u\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", mscript, 1);
  g_autoptr(TqTestFn) qfn = tq_test_fn_new (&f->env, qscript, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqQueryOptions) qoptions = tq_query_options_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqQueryObserver) query_observer = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(GPtrArray) log = tq_test_log_new ();
  Waiting waiting = { &f->env, log, 20, NULL, NULL };

  tq_test_fn_attach (qfn, qoptions);
  query_observer = tq_query_observer_new (f->env.client, qoptions);
  tq_query_observer_subscribe (query_observer);
  tq_test_flush (&f->env);

  tq_online_manager_set_online (f->env.online_manager, FALSE);
  tq_mutation_options_set_on_success_async_func (options, async_success, &waiting, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "1");
  tq_test_flush (&f->env);
  g_assert_true (tq_mutation_state_get_is_paused (tq_mutation_observer_get_state (observer)));

  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_advance (&f->env, 10);
  /* The function is done, on-success still runs: the query refetched */
  g_assert_true (tq_mutation_state_is_pending (tq_mutation_observer_get_state (observer)));
  g_assert_cmpuint (tq_test_fn_calls (qfn), ==, 2);
  tq_test_advance (&f->env, 20);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (observer)));
  tq_query_observer_unsubscribe (query_observer);
}

/* Any GError ends in the error state */
static void
fail_with_domain (TqMutationFunctionContext *context,
                  gpointer                   user_data)
{
  tq_mutation_function_context_return_new_error (context, GPOINTER_TO_UINT (user_data), 42, "odd error");
}

static void
test_any_error (Fixture       *f,
                gconstpointer  data)
{
  GQuark domains[] = { G_IO_ERROR, G_KEY_FILE_ERROR, g_quark_from_static_string ("app-error") };

  for (guint i = 0; i < G_N_ELEMENTS (domains); i++)
    {
      g_autoptr(TqMutationOptions) options = options_for (NULL, NULL);
      g_autoptr(TqMutationObserver) observer = NULL;
      const GError *error;

      tq_mutation_options_set_mutation_func (options, fail_with_domain, GUINT_TO_POINTER (domains[i]), NULL);
      observer = tq_mutation_observer_new (f->env.client, options);
      mutate_json (observer, "1");
      tq_test_flush (&f->env);
      error = tq_mutation_state_get_error (tq_mutation_observer_get_state (observer));
      g_assert_error ((GError *) error, domains[i], 42);
    }
}

/* }}} */

/* {{{ Defaults, filters, gc */

/* Rule 48 for mutations: defaults by key prefix, in registration order;
 * re-registering replaces; the client's defaults come first
 */
static void
test_defaults (Fixture       *f,
               gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "[\"from defaults\", %v]" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) todo_defaults = options_for (NULL, fn);
  g_autoptr(TqMutationOptions) add_defaults = options_for (NULL, NULL);
  g_autoptr(TqMutationOptions) replaced = options_for (NULL, NULL);
  g_autoptr(TqMutationOptions) global = options_for (NULL, NULL);
  g_autoptr(TqMutationOptions) merged = NULL;
  g_autoptr(TqMutationOptions) options = options_for ("('todos', 'add')", NULL);
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(TqMutationOptions) defaulted = NULL;

  tq_mutation_options_set_retry (global, 5);
  tq_mutation_options_set_gc_time (global, 1000);
  tq_query_client_set_default_mutation_options (f->env.client, global);
  tq_query_client_set_mutation_defaults (f->env.client, g_variant_new_parsed ("('todos',)"), todo_defaults);
  tq_mutation_options_set_retry (add_defaults, 1);
  tq_query_client_set_mutation_defaults (f->env.client, g_variant_new_parsed ("('todos', 'add')"), add_defaults);

  merged = tq_query_client_get_mutation_defaults (f->env.client, g_variant_new_parsed ("('todos', 'add', 3)"));
  g_assert_true (tq_mutation_options_is_set (merged, "mutation-fn"));
  g_assert_cmpint (tq_mutation_options_get_retry (merged), ==, 1);
  g_clear_object (&merged);

  /* Defaults of ('todos', 'add') do not apply to ('todos',) */
  merged = tq_query_client_get_mutation_defaults (f->env.client, g_variant_new_parsed ("('todos',)"));
  g_assert_false (tq_mutation_options_is_set (merged, "retry"));
  g_clear_object (&merged);

  /* Registering a key again replaces its entry */
  tq_mutation_options_set_retry (replaced, 2);
  tq_query_client_set_mutation_defaults (f->env.client, g_variant_new_parsed ("('todos', 'add')"), replaced);
  merged = tq_query_client_get_mutation_defaults (f->env.client, g_variant_new_parsed ("('todos', 'add')"));
  g_assert_cmpint (tq_mutation_options_get_retry (merged), ==, 2);

  defaulted = tq_query_client_default_mutation_options (f->env.client, options);
  g_assert_cmpint (tq_mutation_options_get_retry (defaulted), ==, 2);
  g_assert_cmpint (tq_mutation_options_get_gc_time (defaulted), ==, 1000);
  g_assert_true (tq_mutation_options_is_set (defaulted, "mutation-fn"));

  /* The function comes from the defaults */
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "\"vars\"");
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  tq_assert_value_json (tq_mutation_state_get_data (tq_mutation_observer_get_state (observer)),
                        "[\"from defaults\",\"vars\"]");
  g_assert_cmpint (tq_mutation_get_gc_time (tq_mutation_observer_get_mutation (observer)), ==, 1000);

  tq_query_client_set_default_mutation_options (f->env.client, NULL);
}

static gboolean
second_element_is_two (TqMutation *mutation,
                       gpointer    user_data)
{
  GVariant *key = tq_mutation_get_mutation_key (mutation);
  g_autoptr(GVariant) second = NULL;

  if (key == NULL || g_variant_n_children (key) < 2)
    return FALSE;
  second = g_variant_get_child_value (key, 1);
  return g_variant_is_of_type (second, G_VARIANT_TYPE_INT32) && g_variant_get_int32 (second) == 2;
}

/* find and find_all with mutation filters */
static void
test_find (Fixture       *f,
           gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, NULL } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) a1 = options_for ("('a', 1)", fn);
  g_autoptr(TqMutationOptions) a2 = options_for ("('a', 2)", fn);
  g_autoptr(TqMutationOptions) b = options_for ("('b',)", fn);
  g_autoptr(TqMutationOptions) keyless = options_for (NULL, fn);
  g_autoptr(TqMutationFilters) filters = NULL;
  g_autoptr(GPtrArray) found = NULL;
  TqMutationCache *cache = mutation_cache (f);
  TqMutation *m1, *m2;

  m1 = tq_mutation_cache_build (cache, f->env.client, a1);
  execute_json (m1, "1", NULL);
  m2 = tq_mutation_cache_build (cache, f->env.client, a2);
  execute_json (m2, "2", NULL);
  execute_json (tq_mutation_cache_build (cache, f->env.client, b), "3", NULL);
  tq_mutation_cache_build (cache, f->env.client, keyless);

  /* find is exact by default */
  filters = mutation_filters ("('a', 1)");
  g_assert_true (tq_mutation_cache_find (cache, filters) == m1);
  g_clear_object (&filters);
  filters = mutation_filters ("('a',)");
  g_assert_null (tq_mutation_cache_find (cache, filters));
  tq_mutation_filters_set_exact (filters, FALSE);
  g_assert_true (tq_mutation_cache_find (cache, filters) == m1);
  g_clear_object (&filters);

  /* find_all matches prefixes; a keyless mutation never matches a key */
  filters = mutation_filters ("('a',)");
  found = tq_mutation_cache_find_all (cache, filters);
  g_assert_cmpuint (found->len, ==, 2);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_object (&filters);

  filters = mutation_filters (NULL);
  tq_mutation_filters_set_predicate (filters, second_element_is_two, NULL, NULL);
  found = tq_mutation_cache_find_all (cache, filters);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_true (found->pdata[0] == m2);
  g_assert_true (tq_mutation_filters_matches (filters, m2));
  g_assert_false (tq_mutation_filters_matches (filters, m1));
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_object (&filters);

  filters = mutation_filters ("('unknown',)");
  found = tq_mutation_cache_find_all (cache, filters);
  g_assert_cmpuint (found->len, ==, 0);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_object (&filters);

  /* Status */
  filters = mutation_filters (NULL);
  tq_mutation_filters_set_status (filters, TQ_MUTATION_STATUS_IDLE);
  found = tq_mutation_cache_find_all (cache, filters);
  g_assert_cmpuint (found->len, ==, 1);
  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_object (&filters);

  found = tq_mutation_cache_find_all (cache, NULL);
  g_assert_cmpuint (found->len, ==, 4);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* is_mutating counts the pending matches */
  filters = mutation_filters ("('a',)");
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, filters), ==, 2);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 3);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, filters), ==, 0);
}

static void
count_removed (TqMutationCache *cache,
               TqMutation      *mutation,
               guint           *removed)
{
  (*removed)++;
}

/* Rule 37: a settled mutation nobody observes goes gc-time later; a
 * pending one stays; an observer keeps it
 */
static void
test_gc (Fixture       *f,
         gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, NULL } };
  TqTestOutcome slow_script[] = { { 15, NULL } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqTestMutationFn) slow = NULL;
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationOptions) slow_options = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  TqMutationCache *cache = mutation_cache (f);
  guint removed = 0;

  g_signal_connect (cache, "mutation-removed", G_CALLBACK (count_removed), &removed);
  tq_mutation_options_set_gc_time (options, 10);

  /* Built and run without an observer */
  execute_json (tq_mutation_cache_build (cache, f->env.client, options), "1", NULL);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 0);
  g_assert_cmpuint (removed, ==, 1);

  /* An observer keeps it */
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_subscribe (observer);
  mutate_json (observer, "1");
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 30);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_mutation_observer_unsubscribe (observer);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 0);

  /* Pending when its time comes: it stays, and its timer is armed again;
   * it goes at the first gc-time boundary after it settled
   */
  g_clear_object (&observer);
  slow = tq_test_mutation_fn_new (&f->env, "slow", slow_script, 1);
  slow_options = options_for (NULL, slow);
  tq_mutation_options_set_gc_time (slow_options, 10);
  observer = tq_mutation_observer_new (f->env.client, slow_options);
  tq_mutation_observer_subscribe (observer);
  mutate_json (observer, "2");
  tq_mutation_observer_unsubscribe (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 5);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_get_state (tq_mutation_observer_get_mutation (observer))));
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 4);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 0);

  g_signal_handlers_disconnect_by_func (cache, count_removed, &removed);
}

/* Rule 37, as TanStack times it (corpus r37-settled-mutation-collected-after-
 * gc-time): gc-time 50 and a function of 180 ms; the timer comes back every
 * 50 ms while the mutation is pending, and the one at 200 removes it
 */
static void
test_gc_pending_rearms (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 180, "\"done\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "slow", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  TqMutationCache *cache = mutation_cache (f);
  guint removed = 0;

  g_signal_connect (cache, "mutation-removed", G_CALLBACK (count_removed), &removed);
  tq_mutation_options_set_gc_time (options, 50);
  execute_json (tq_mutation_cache_build (cache, f->env.client, options), "1", NULL);

  tq_test_advance (&f->env, 180);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 19);
  g_assert_cmpuint (removed, ==, 0);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 0);

  g_signal_handlers_disconnect_by_func (cache, count_removed, &removed);
}

static guint gc_zero_success;

static gboolean
gc_zero_on_success (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  gc_zero_success++;
  return TRUE;
}

/* Rule 37, as TanStack's removeObserver(): mutating again on an observer
 * that no longer listens re-arms the previous mutation's gc timer, and a
 * mutation its cache already removed is removed (and reported) again when
 * that timer fires (corpus regressions/r37-mutating-again-rearms-the-previous-gc)
 */
static void
test_gc_rearmed_by_next_mutate (Fixture       *f,
                                gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, NULL } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;
  TqMutationCache *cache = mutation_cache (f);
  guint removed = 0;

  g_signal_connect (cache, "mutation-removed", G_CALLBACK (count_removed), &removed);
  tq_mutation_options_set_gc_time (options, 10);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_subscribe (observer);
  mutate_json (observer, "1");
  tq_test_flush (&f->env);
  tq_mutation_observer_unsubscribe (observer);
  tq_test_advance (&f->env, 15);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 0);

  mutate_json (observer, "2");
  tq_test_flush (&f->env);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);
  tq_test_advance (&f->env, 9);
  g_assert_cmpuint (removed, ==, 1);
  tq_test_advance (&f->env, 1);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_cmpuint (tq_mutation_cache_get_size (cache), ==, 1);

  g_signal_handlers_disconnect_by_func (cache, count_removed, &removed);
}

/* gc-time 0 while pending: its callbacks still run, then it goes */
static void
test_gc_zero_pending (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"data\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = NULL;

  gc_zero_success = 0;
  tq_mutation_options_set_gc_time (options, 0);
  tq_mutation_options_set_on_success_func (options, gc_zero_on_success, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  tq_mutation_observer_subscribe (observer);
  mutate_json (observer, "1");
  tq_mutation_observer_unsubscribe (observer);
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_mutation_cache_get_size (mutation_cache (f)), ==, 0);
  g_assert_cmpuint (gc_zero_success, ==, 1);
}

/* }}} */
/* {{{ Misuse and bad input */

/* Mutating with a disposed observer is a critical, and nothing runs */
static void
test_disposed_observer (Fixture       *f,
                        gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "1" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) observer = tq_mutation_observer_new (f->env.client, options);

  g_object_run_dispose (G_OBJECT (observer));

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*disposed*");
  mutate_json (observer, "1");
  g_test_assert_expected_messages ();
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*disposed*");
  tq_mutation_observer_reset (observer);
  g_test_assert_expected_messages ();

  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 0);
  g_assert_cmpuint (tq_mutation_cache_get_size (mutation_cache (f)), ==, 0);
}

static gboolean
fails_silently (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  return FALSE;
}

static gboolean
succeeds_with_error (TqMutation *m, const GValue *data, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  g_set_error_literal (e, G_IO_ERROR, G_IO_ERROR_FAILED, "confused");
  return TRUE;
}

/* A callback that fails without an error, or succeeds with one, is a
 * critical; the first counts as a failure, the second as a success
 */
static void
test_callback_misuse (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 0, "1" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) silent = options_for (NULL, fn);
  g_autoptr(TqMutationOptions) confused = options_for (NULL, fn);
  g_autoptr(TqMutationObserver) a = NULL;
  g_autoptr(TqMutationObserver) b = NULL;

  tq_mutation_options_set_on_success_func (silent, fails_silently, NULL, NULL);
  tq_mutation_options_set_on_success_func (confused, succeeds_with_error, NULL, NULL);
  a = tq_mutation_observer_new (f->env.client, silent);
  b = tq_mutation_observer_new (f->env.client, confused);

  mutate_json (a, "1");
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*failed without setting an error*");
  tq_test_flush (&f->env);
  g_test_assert_expected_messages ();
  g_assert_error ((GError *) tq_mutation_state_get_error (tq_mutation_observer_get_state (a)),
                  TQ_ERROR, TQ_ERROR_CALLBACK_FAILED);

  mutate_json (b, "1");
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*succeeded but set an error*");
  tq_test_flush (&f->env);
  g_test_assert_expected_messages ();
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (b)));
}

/* Completing a mutation function twice is a critical; the first result
 * stands
 */
static void
complete_twice (TqMutationFunctionContext *context,
                gpointer                   user_data)
{
  g_autoptr(JsonNode) node = tq_test_json ("1");

  tq_mutation_function_context_return_json (context, node);
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*completed twice*");
  tq_mutation_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_FAILED, "late");
  g_test_assert_expected_messages ();
}

static void
test_complete_twice (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(TqMutationOptions) options = options_for (NULL, NULL);
  g_autoptr(TqMutationObserver) observer = NULL;

  tq_mutation_options_set_mutation_func (options, complete_twice, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "1");
  tq_test_flush (&f->env);
  tq_assert_value_json (tq_mutation_state_get_data (tq_mutation_observer_get_state (observer)), "1");
}

/* Running a mutation that runs is a critical; the caller joins the run */
static void
test_execute_twice (Fixture       *f,
                    gconstpointer  data)
{
  TqTestOutcome script[] = { { 10, "\"once\"" } };
  g_autoptr(TqTestMutationFn) fn = tq_test_mutation_fn_new (&f->env, "fn", script, 1);
  g_autoptr(TqMutationOptions) options = options_for (NULL, fn);
  TqMutation *mutation = tq_mutation_cache_build (mutation_cache (f), f->env.client, options);
  Outcome first = { 0 }, second = { 0 };

  execute_json (mutation, "1", &first);
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*already running*");
  execute_json (mutation, "2", &second);
  g_test_assert_expected_messages ();
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (tq_test_mutation_fn_calls (fn), ==, 1);
  g_assert_true (first.ok && second.ok);
  tq_assert_value_json (&second.data, "\"once\"");
  outcome_clear (&first);
  outcome_clear (&second);
}

/* A function that takes the cancellable and waits for ever */
static void
on_cancelled (GCancellable *cancellable,
              gpointer      user_data)
{
  TqMutationFunctionContext *context = user_data;

  tq_mutation_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_CANCELLED, "stopped");
}

static void
wait_for_ever (TqMutationFunctionContext *context,
               gpointer                   user_data)
{
  TqMutationFunctionContext **waiting = user_data;
  GCancellable *cancellable = tq_mutation_function_context_get_cancellable (context);

  /* The test holds the context: the cancellable must not, or they would
   * hold each other.
   */
  *waiting = g_object_ref (context);
  g_cancellable_connect (cancellable, G_CALLBACK (on_cancelled), context, NULL);
  g_assert_nonnull (tq_mutation_function_context_get_client (context));
}

static guint dispose_callbacks;

static gboolean
count_error_callback (TqMutation *m, const GError *me, const GValue *v, const GValue *c, gpointer d, GError **e)
{
  dispose_callbacks++;
  return TRUE;
}

/* A client that goes away cancels its running mutations, without their
 * callbacks; waiting callers hear G_IO_ERROR_CANCELLED
 */
static void
test_client_dispose (Fixture       *f,
                     gconstpointer  data)
{
  TqQueryClient *client = g_object_new (TQ_TYPE_QUERY_CLIENT,
                                        "clock", f->env.clock,
                                        "notify-manager", f->env.notify_manager,
                                        "focus-manager", f->env.focus_manager,
                                        "online-manager", f->env.online_manager,
                                        NULL);
  g_autoptr(TqMutationOptions) options = options_for (NULL, NULL);
  TqMutationObserver *observer;
  g_autoptr(TqMutation) mutation = NULL;
  g_autoptr(TqMutationFunctionContext) waiting = NULL;
  Outcome o = { 0 };

  dispose_callbacks = 0;
  tq_mutation_options_set_mutation_func (options, wait_for_ever, &waiting, NULL);
  tq_mutation_options_set_on_error_func (options, count_error_callback, NULL, NULL);
  observer = tq_mutation_observer_new (client, options);
  tq_mutation_observer_mutate_async (observer, NULL, NULL, on_mutate_finish, &o);
  mutation = g_object_ref (tq_mutation_observer_get_mutation (observer));
  g_object_unref (observer);
  tq_test_flush (&f->env);
  g_assert_false (o.done);

  g_object_run_dispose (G_OBJECT (client));
  tq_test_flush (&f->env);
  g_assert_true (o.done);
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_cancellable_is_cancelled (tq_mutation_function_context_get_cancellable (waiting)));
  g_assert_cmpuint (dispose_callbacks, ==, 0);
  g_assert_true (tq_mutation_state_is_error (tq_mutation_get_state (mutation)));
  g_assert_finalize_object (client);
  g_assert_null (tq_mutation_get_client (mutation));
  outcome_clear (&o);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/Tq/Mutation/b32a-success-states", test_success_states);
  ADD ("/Tq/Mutation/b32b-error-states", test_error_states);
  ADD ("/Tq/Mutation/b34-scope-serial", test_scope_serial);
  ADD ("/Tq/Mutation/b34-no-scope-parallel", test_no_scope_parallel);
  ADD ("/Tq/Mutation/scopes-parallel-between", test_scopes_parallel_between);
  ADD ("/Tq/Mutation/scope-remove", test_scope_remove);
  ADD ("/Tq/Mutation/rule49-order-success", test_order_success);
  ADD ("/Tq/Mutation/rule50-order-error", test_order_error);
  ADD ("/Tq/Mutation/rule50-cache-on-success-fails", test_order_cache_success_fails);
  ADD ("/Tq/Mutation/rule50-on-success-fails", test_order_success_fails);
  ADD ("/Tq/Mutation/rule50-cache-on-settled-fails", test_order_cache_settled_fails);
  ADD ("/Tq/Mutation/rule50-on-settled-fails", test_order_settled_fails);
  ADD ("/Tq/Mutation/rule50-error-path-failures-ignored", test_order_error_path_failures);
  ADD ("/Tq/Mutation/rule50-on-mutate-fails", test_order_mutate_fails);
  ADD ("/Tq/Mutation/rule50-failing-callback-not-awaited", test_order_failing_callback_not_awaited);
  ADD ("/Tq/Mutation/b07-retry", test_retry);
  ADD ("/Tq/Mutation/rule24-retry-func", test_retry_func);
  ADD ("/Tq/Mutation/rule27-offline-paused", test_offline_paused);
  ADD ("/Tq/Mutation/rule28-offline-always", test_offline_always);
  ADD ("/Tq/Mutation/resume-before-refetch", test_resume_order);
  ADD ("/Tq/Mutation/rule26-resume-on-focus", test_resume_on_focus);
  ADD ("/Tq/Mutation/restore", test_restore);
  ADD ("/Tq/Mutation/rule51-per-call-latest", test_per_call_latest);
  ADD ("/Tq/Mutation/reset", test_reset);
  ADD ("/Tq/Mutation/property-notifications", test_property_notifications);
  ADD ("/Tq/Mutation/is-mutating-read-ahead", test_is_mutating_read_ahead);
  ADD ("/Tq/Mutation/set-options", test_set_options);
  ADD ("/Tq/Mutation/variables", test_variables);
  ADD ("/Tq/Mutation/missing-fn", test_missing_fn);
  ADD ("/Tq/Mutation/rule49-async-callbacks", test_async_callbacks);
  ADD ("/Tq/Mutation/rule50-async-callback-fails", test_async_callback_fails);
  ADD ("/Tq/Mutation/rule49-async-callback-at-once", test_async_callback_at_once);
  ADD ("/Tq/Mutation/resume-waits-for-functions", test_resume_waits_for_functions);
  ADD ("/Tq/Mutation/any-error", test_any_error);
  ADD ("/Tq/Mutation/rule48-defaults", test_defaults);
  ADD ("/Tq/Mutation/find", test_find);
  ADD ("/Tq/Mutation/rule37-gc", test_gc);
  ADD ("/Tq/Mutation/rule37-gc-rearmed-by-next-mutate", test_gc_rearmed_by_next_mutate);
  ADD ("/Tq/Mutation/rule37-gc-zero-pending", test_gc_zero_pending);
  ADD ("/Tq/Mutation/rule37-gc-pending-rearms", test_gc_pending_rearms);
  ADD ("/Tq/Mutation/misuse-disposed-observer", test_disposed_observer);
  ADD ("/Tq/Mutation/misuse-callback-result", test_callback_misuse);
  ADD ("/Tq/Mutation/misuse-complete-twice", test_complete_twice);
  ADD ("/Tq/Mutation/misuse-execute-twice", test_execute_twice);
  ADD ("/Tq/Mutation/client-dispose-cancels", test_client_dispose);
#undef ADD

  return g_test_run ();
}
