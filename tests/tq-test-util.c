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
