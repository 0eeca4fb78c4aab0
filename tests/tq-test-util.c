/* tq-test-util.c: helpers for Tq's own tests
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"

void
tq_test_env_init (TqTestEnv *env)
{
  env->clock = tq_virtual_clock_new (0);
  env->notify_manager = tq_notify_manager_new ();
  env->focus_manager = tq_focus_manager_new ();
  env->online_manager = tq_online_manager_new (NULL);
  env->client = g_object_new (TQ_TYPE_QUERY_CLIENT,
                              "clock", env->clock,
                              "notify-manager", env->notify_manager,
                              "focus-manager", env->focus_manager,
                              "online-manager", env->online_manager,
                              NULL);
  env->cache = tq_query_client_get_query_cache (env->client);
  tq_query_client_mount (env->client);
}

void
tq_test_env_clear (TqTestEnv *env)
{
  tq_query_client_unmount (env->client);
  tq_query_client_clear (env->client);
  tq_test_flush (env);
  g_assert_finalize_object (env->client);
  g_clear_object (&env->focus_manager);
  g_clear_object (&env->online_manager);
  g_clear_object (&env->notify_manager);
  /* Scripted query functions still sleeping finish into the void; after
   * that, nothing of Tq's may be left armed.
   */
  tq_virtual_clock_run_all (env->clock, 60 * 60 * 1000);
  g_assert_cmpuint (tq_clock_get_n_pending (TQ_CLOCK (env->clock)), ==, 0);
  g_assert_finalize_object (env->clock);
}

void
tq_test_advance (TqTestEnv *env,
                 gint64     ms)
{
  tq_virtual_clock_advance (env->clock, ms);
}

void
tq_test_flush (TqTestEnv *env)
{
  tq_virtual_clock_flush (env->clock);
}

struct _TqTestFn
{
  TqTestEnv     *env;
  TqTestOutcome *outcomes;
  guint          n_outcomes;
  guint          calls;
  gboolean       took_cancellable;
};

TqTestFn *
tq_test_fn_new (TqTestEnv           *env,
                const TqTestOutcome *outcomes,
                guint                n_outcomes)
{
  TqTestFn *fn = g_new0 (TqTestFn, 1);

  g_assert (n_outcomes > 0);
  fn->env = env;
  fn->outcomes = g_memdup2 (outcomes, sizeof (TqTestOutcome) * n_outcomes);
  fn->n_outcomes = n_outcomes;

  return fn;
}

void
tq_test_fn_free (TqTestFn *fn)
{
  g_free (fn->outcomes);
  g_free (fn);
}

guint
tq_test_fn_calls (TqTestFn *fn)
{
  return fn->calls;
}

gboolean
tq_test_fn_took_cancellable (TqTestFn *fn)
{
  return fn->took_cancellable;
}

typedef struct
{
  TqQueryFunctionContext *context;
  char                   *value;
  char                   *error;
} Pending;

static void
complete (TqQueryFunctionContext *context,
          const char             *value,
          const char             *error)
{
  if (error != NULL)
    tq_query_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", error);
  else if (value == NULL)
    tq_query_function_context_return_value (context, NULL);
  else
    {
      g_autoptr(JsonNode) node = tq_test_json (value);

      tq_query_function_context_return_json (context, node);
    }
}

static gboolean
complete_later (gpointer data)
{
  Pending *pending = data;

  complete (pending->context, pending->value, pending->error);
  return G_SOURCE_REMOVE;
}

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  g_object_unref (pending->context);
  g_free (pending->value);
  g_free (pending->error);
  g_free (pending);
}

static void
test_query_fn (TqQueryFunctionContext *context,
               gpointer                user_data)
{
  TqTestFn *fn = user_data;
  const TqTestOutcome *outcome;
  g_autofree char *value = NULL;

  fn->calls++;
  outcome = &fn->outcomes[MIN (fn->calls, fn->n_outcomes) - 1];

  if (outcome->take_cancellable)
    {
      tq_query_function_context_get_cancellable (context);
      fn->took_cancellable = TRUE;
    }

  if (outcome->value != NULL)
    {
      g_autoptr(GString) s = g_string_new (outcome->value);
      g_autofree char *number = g_strdup_printf ("%u", fn->calls);

      g_string_replace (s, "%u", number, 0);
      value = g_string_free (g_steal_pointer (&s), FALSE);
    }

  if (outcome->delay == 0)
    {
      complete (context, value, outcome->error);
    }
  else
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->context = g_object_ref (context);
      pending->value = g_steal_pointer (&value);
      pending->error = g_strdup (outcome->error);
      tq_clock_add_timeout_full (TQ_CLOCK (fn->env->clock), outcome->delay,
                                 complete_later, pending, pending_free);
    }
}

void
tq_test_fn_attach (TqTestFn       *fn,
                   TqQueryOptions *options)
{
  tq_query_options_set_query_func (options, test_query_fn, fn, NULL);
}

struct _TqTestMutationFn
{
  TqTestEnv     *env;
  char          *name;
  TqTestOutcome *outcomes;
  guint          n_outcomes;
  guint          calls;
  GPtrArray     *log;
};

TqTestMutationFn *
tq_test_mutation_fn_new (TqTestEnv           *env,
                         const char          *name,
                         const TqTestOutcome *outcomes,
                         guint                n_outcomes)
{
  TqTestMutationFn *fn = g_new0 (TqTestMutationFn, 1);

  g_assert (n_outcomes > 0);
  fn->env = env;
  fn->name = g_strdup (name);
  fn->outcomes = g_memdup2 (outcomes, sizeof (TqTestOutcome) * n_outcomes);
  fn->n_outcomes = n_outcomes;

  return fn;
}

void
tq_test_mutation_fn_free (TqTestMutationFn *fn)
{
  g_free (fn->name);
  g_free (fn->outcomes);
  g_free (fn);
}

guint
tq_test_mutation_fn_calls (TqTestMutationFn *fn)
{
  return fn->calls;
}

void
tq_test_mutation_fn_set_log (TqTestMutationFn *fn,
                             GPtrArray        *log)
{
  fn->log = log;
}

typedef struct
{
  TqMutationFunctionContext *context;
  char                      *value;
  char                      *error;
  char                      *name;
  GPtrArray                 *log;
} MutationPending;

static void
mutation_complete (TqMutationFunctionContext *context,
                   const char                *value,
                   const char                *error)
{
  if (error != NULL)
    tq_mutation_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", error);
  else if (value == NULL)
    tq_mutation_function_context_return_value (context, NULL);
  else
    {
      g_autoptr(JsonNode) node = tq_test_json (value);

      tq_mutation_function_context_return_json (context, node);
    }
}

static gboolean
mutation_complete_later (gpointer data)
{
  MutationPending *pending = data;

  if (pending->log != NULL)
    tq_test_log (pending->log, "%s:end", pending->name);
  mutation_complete (pending->context, pending->value, pending->error);
  return G_SOURCE_REMOVE;
}

static void
mutation_pending_free (gpointer data)
{
  MutationPending *pending = data;

  g_object_unref (pending->context);
  g_free (pending->value);
  g_free (pending->error);
  g_free (pending->name);
  g_free (pending);
}

static void
test_mutation_fn (TqMutationFunctionContext *context,
                  gpointer                   user_data)
{
  TqTestMutationFn *fn = user_data;
  const TqTestOutcome *outcome;
  g_autofree char *value = NULL;

  fn->calls++;
  outcome = &fn->outcomes[MIN (fn->calls, fn->n_outcomes) - 1];

  if (fn->log != NULL)
    tq_test_log (fn->log, "%s:start", fn->name);

  if (outcome->value != NULL)
    {
      g_autoptr(GString) s = g_string_new (outcome->value);
      g_autofree char *number = g_strdup_printf ("%u", fn->calls);
      g_autofree char *variables = tq_test_value_to_string (tq_mutation_function_context_get_variables (context));

      g_string_replace (s, "%u", number, 0);
      g_string_replace (s, "%v", variables, 0);
      value = g_string_free (g_steal_pointer (&s), FALSE);
    }

  if (outcome->delay == 0)
    {
      if (fn->log != NULL)
        tq_test_log (fn->log, "%s:end", fn->name);
      mutation_complete (context, value, outcome->error);
    }
  else
    {
      MutationPending *pending = g_new0 (MutationPending, 1);

      pending->context = g_object_ref (context);
      pending->value = g_steal_pointer (&value);
      pending->error = g_strdup (outcome->error);
      pending->name = g_strdup (fn->name);
      pending->log = fn->log;
      tq_clock_add_timeout_full (TQ_CLOCK (fn->env->clock), outcome->delay,
                                 mutation_complete_later, pending, mutation_pending_free);
    }
}

void
tq_test_mutation_fn_attach (TqTestMutationFn  *fn,
                            TqMutationOptions *options)
{
  tq_mutation_options_set_mutation_func (options, test_mutation_fn, fn, NULL);
}

GPtrArray *
tq_test_log_new (void)
{
  return g_ptr_array_new_with_free_func (g_free);
}

void
tq_test_log (GPtrArray  *log,
             const char *format,
             ...)
{
  va_list args;

  va_start (args, format);
  g_ptr_array_add (log, g_strdup_vprintf (format, args));
  va_end (args);
}

int
tq_test_compare_strings (const char **a,
                         const char **b)
{
  return g_strcmp0 (*a, *b);
}

char *
tq_test_log_join (GPtrArray *log)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) strv = NULL;

  for (guint i = 0; i < log->len; i++)
    g_strv_builder_add (builder, log->pdata[i]);
  strv = g_strv_builder_end (builder);

  return g_strjoinv (" ", strv);
}

GVariant *
tq_test_key (const char *text)
{
  g_autoptr(GError) error = NULL;
  GVariant *key = tq_key_parse (text, &error);

  g_assert_no_error (error);
  return key;
}

TqQueryFilters *
tq_test_filters (const char *key_text)
{
  g_autoptr(GVariant) key = key_text ? tq_test_key (key_text) : NULL;

  return tq_query_filters_new (key);
}

JsonNode *
tq_test_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  return node;
}

void
tq_test_value_json (GValue     *value,
                    const char *text)
{
  g_value_init (value, JSON_TYPE_NODE);
  g_value_take_boxed (value, tq_test_json (text));
}

char *
tq_test_value_to_string (const GValue *value)
{
  if (value == NULL || !G_IS_VALUE (value))
    return g_strdup ("<none>");

  if (G_VALUE_HOLDS (value, JSON_TYPE_NODE))
    {
      JsonNode *node = g_value_get_boxed (value);

      return node != NULL ? json_to_string (node, FALSE) : g_strdup ("<null-node>");
    }

  return g_strdup_value_contents (value);
}

char *
tq_test_data_string (TqTestEnv  *env,
                     const char *key)
{
  g_auto(GValue) value = G_VALUE_INIT;
  g_autoptr(GVariant) k = tq_test_key (key);

  tq_query_client_get_query_data (env->client, k, &value);
  return tq_test_value_to_string (&value);
}
