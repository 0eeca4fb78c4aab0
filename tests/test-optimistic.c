/* test-optimistic.c: optimistic updates, TanStack's recipe and Tq's layers
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"
#include "tq-query-private.h"

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

/* {{{ A fake server */

/* The server's data is a JSON array; a fetch reads it when it starts and
 * answers @fetch_delay ms later; a write changes it when it completes.
 */
typedef struct
{
  TqTestEnv *env;
  JsonNode  *data;
  gint64     fetch_delay;
  guint      fetches;
  guint      cancelled_fetches;
  /* For the model of the interleaving test */
  guint64    epoch;
  JsonNode  *landed;
  guint64    landed_epoch;
} Server;

typedef struct
{
  Server                 *server;
  TqQueryFunctionContext *context;
  JsonNode               *snapshot;
  guint64                 epoch;
} Fetch;

static void
fetch_free (gpointer data)
{
  Fetch *fetch = data;

  g_object_unref (fetch->context);
  json_node_unref (fetch->snapshot);
  g_free (fetch);
}

static gboolean
fetch_answer (gpointer data)
{
  Fetch *fetch = data;
  Server *server = fetch->server;

  if (tq_query_function_context_is_cancelled (fetch->context))
    {
      server->cancelled_fetches++;
      tq_query_function_context_return_new_error (fetch->context, G_IO_ERROR, G_IO_ERROR_CANCELLED, "gone");
      return G_SOURCE_REMOVE;
    }

  g_clear_pointer (&server->landed, json_node_unref);
  server->landed = json_node_ref (fetch->snapshot);
  server->landed_epoch = fetch->epoch;
  tq_query_function_context_return_json (fetch->context, fetch->snapshot);

  return G_SOURCE_REMOVE;
}

static void
server_fetch (TqQueryFunctionContext *context,
              gpointer                user_data)
{
  Server *server = user_data;
  Fetch *fetch = g_new0 (Fetch, 1);

  server->fetches++;
  fetch->server = server;
  fetch->context = g_object_ref (context);
  fetch->snapshot = json_node_ref (server->data);
  fetch->epoch = ++server->epoch;
  tq_query_function_context_get_cancellable (context);

  tq_clock_add_timeout_full (TQ_CLOCK (server->env->clock), server->fetch_delay,
                             fetch_answer, fetch, fetch_free);
}

static void
server_init (Server     *server,
             Fixture    *f,
             const char *data)
{
  memset (server, 0, sizeof *server);
  server->env = &f->env;
  server->data = tq_test_json (data);
  json_node_seal (server->data);
}

static void
server_clear (Server *server)
{
  g_clear_pointer (&server->data, json_node_unref);
  g_clear_pointer (&server->landed, json_node_unref);
}

static void
server_set (Server     *server,
            JsonNode   *data)
{
  json_node_seal (data);
  json_node_unref (server->data);
  server->data = data;
}

static char *
server_string (Server *server)
{
  return json_to_string (server->data, FALSE);
}

/* }}} */
/* {{{ JSON helpers */

/* A copy of @array with @element at @index (appended if @index is the length). */
static JsonNode *
array_with (JsonNode *array,
            guint     index,
            JsonNode *element)
{
  JsonArray *from = json_node_get_array (array);
  g_autoptr(JsonArray) to = json_array_new ();
  guint n = json_array_get_length (from);

  for (guint i = 0; i < n; i++)
    json_array_add_element (to, json_node_ref (i == index ? element : json_array_get_element (from, i)));
  if (index >= n)
    json_array_add_element (to, json_node_ref (element));

  return json_node_init_array (json_node_alloc (), to);
}

static JsonNode *
variables_json (const GValue *variables)
{
  g_assert_true (G_VALUE_HOLDS (variables, JSON_TYPE_NODE));
  return g_value_get_boxed (variables);
}

static gint64
variable_int (const GValue *variables,
              const char   *member)
{
  return json_object_get_int_member_with_default (json_node_get_object (variables_json (variables)), member, 0);
}

static const char *
variable_string (const GValue *variables,
                 const char   *member)
{
  return json_object_get_string_member_with_default (json_node_get_object (variables_json (variables)),
                                                     member, NULL);
}

static void
set_json (GValue   *value,
          JsonNode *node)
{
  json_node_seal (node);
  g_value_init (value, JSON_TYPE_NODE);
  g_value_take_boxed (value, node);
}

/* }}} */
/* {{{ Renames of list items: variables {"index", "name", "delay", "fail"} */

static JsonNode *
renamed (JsonNode     *list,
         const GValue *variables)
{
  g_autoptr(JsonNode) name = json_node_init_string (json_node_alloc (), variable_string (variables, "name"));

  return array_with (list, variable_int (variables, "index"), name);
}

/* The optimistic transformation of a rename */
static void
rename_update (const GValue *data,
               const GValue *variables,
               GValue       *result,
               gpointer      user_data)
{
  set_json (result, renamed (g_value_get_boxed (data), variables));
}

typedef struct
{
  Server                    *server;
  TqMutationFunctionContext *context;
  gboolean                   fail;
} Write;

static void
write_free (gpointer data)
{
  Write *write = data;

  g_object_unref (write->context);
  g_free (write);
}

static gboolean
rename_answer (gpointer data)
{
  Write *write = data;
  const GValue *variables = tq_mutation_function_context_get_variables (write->context);

  if (write->fail)
    {
      tq_mutation_function_context_return_new_error (write->context, G_IO_ERROR, G_IO_ERROR_FAILED, "refused");
      return G_SOURCE_REMOVE;
    }

  server_set (write->server, renamed (write->server->data, variables));
  write->server->epoch++;
  tq_mutation_function_context_return_json (write->context, variables_json (variables));

  return G_SOURCE_REMOVE;
}

static void
server_rename (TqMutationFunctionContext *context,
               gpointer                   user_data)
{
  const GValue *variables = tq_mutation_function_context_get_variables (context);
  Write *write = g_new0 (Write, 1);

  write->server = user_data;
  write->context = g_object_ref (context);
  write->fail = json_object_get_boolean_member_with_default (json_node_get_object (variables_json (variables)),
                                                             "fail", FALSE);
  tq_clock_add_timeout_full (TQ_CLOCK (write->server->env->clock), variable_int (variables, "delay"),
                             rename_answer, write, write_free);
}

static void
mutate_json (TqMutationObserver *observer,
             const char         *variables)
{
  g_auto(GValue) value = G_VALUE_INIT;

  tq_test_value_json (&value, variables);
  tq_mutation_observer_mutate (observer, &value, NULL, NULL, NULL);
}

/* }}} */
/* {{{ Watching what a query observer shows */

typedef struct
{
  TqQueryObserver *observer;
  GPtrArray       *seen;   /* each data shown, as JSON text */
} Watch;

static void
on_result (TqQueryObserver *observer,
           TqQueryResult   *result,
           Watch           *watch)
{
  g_autofree char *s = tq_test_value_to_string (tq_query_result_get_data (result));

  /* What was shown, not its absence */
  if (!tq_query_result_has_data (result))
    return;

  if (watch->seen->len == 0 || !g_str_equal (g_ptr_array_index (watch->seen, watch->seen->len - 1), s))
    g_ptr_array_add (watch->seen, g_steal_pointer (&s));
}

static void
watch_init (Watch      *watch,
            Fixture    *f,
            Server     *server,
            const char *key)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (g_variant_new_parsed (key));

  tq_query_options_set_query_func (options, server_fetch, server, NULL);
  watch->seen = tq_test_log_new ();
  watch->observer = tq_query_observer_new (f->env.client, options);
  g_signal_connect (watch->observer, "result-changed", G_CALLBACK (on_result), watch);
  tq_query_observer_subscribe (watch->observer);
}

static void
watch_clear (Watch *watch)
{
  tq_query_observer_unsubscribe (watch->observer);
  g_clear_object (&watch->observer);
  g_clear_pointer (&watch->seen, g_ptr_array_unref);
}

static char *
shown (Watch *watch)
{
  TqQueryResult *result = tq_query_observer_get_current_result (watch->observer);

  return tq_test_value_to_string (tq_query_result_get_data (result));
}

#define assert_shown(watch, text) \
  G_STMT_START { \
    g_autofree char *__s = shown (watch); \
    g_assert_cmpstr (__s, ==, text); \
  } G_STMT_END

static TqQuery *
query_of (Fixture    *f,
          const char *key)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_autofree char *hash = tq_key_hash (k);

  return tq_query_cache_get (f->env.cache, hash);
}

/* }}} */

/* {{{ TanStack's recipe, in C */

typedef struct
{
  TqQueryClient *client;
} Recipe;

static void
rename_updater (const GValue *old_data,
                GValue       *new_data,
                gpointer      user_data)
{
  if (G_IS_VALUE (old_data))
    set_json (new_data, renamed (g_value_get_boxed (old_data), user_data));
}

/* onMutate: cancel refetches, snapshot, update optimistically; the
 * snapshot is the context
 */
static gboolean
recipe_on_mutate (TqMutation    *mutation,
                  const GValue  *variables,
                  GValue        *context,
                  gpointer       user_data,
                  GError       **error)
{
  TqQueryClient *client = tq_mutation_get_client (mutation);
  g_autoptr(GVariant) todos_key = g_variant_ref_sink (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (todos_key);

  tq_query_client_cancel_queries_async (client, todos, TRUE, FALSE, NULL, NULL, NULL);
  tq_query_client_get_query_data (client, todos_key, context);
  tq_query_client_set_query_data_func (client, todos_key, rename_updater, (gpointer) variables, 0);

  return TRUE;
}

/* onError: roll back to the snapshot */
static gboolean
recipe_on_error (TqMutation    *mutation,
                 const GError  *mutation_error,
                 const GValue  *variables,
                 const GValue  *context,
                 gpointer       user_data,
                 GError       **error)
{
  if (G_IS_VALUE (context))
    tq_query_client_set_query_data (tq_mutation_get_client (mutation),
                                    g_variant_new_parsed ("('todos',)"), context, 0);
  return TRUE;
}

/* onSettled: refetch, whatever happened */
static gboolean
recipe_on_settled (TqMutation    *mutation,
                   const GValue  *data,
                   const GError  *mutation_error,
                   const GValue  *variables,
                   const GValue  *context,
                   gpointer       user_data,
                   GError       **error)
{
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));

  tq_query_client_invalidate_queries_async (tq_mutation_get_client (mutation), todos, TRUE, NULL, NULL, NULL);
  return TRUE;
}

static TqMutationOptions *
recipe_options (Server *server)
{
  TqMutationOptions *options = tq_mutation_options_new (NULL);

  tq_mutation_options_set_mutation_func (options, server_rename, server, NULL);
  tq_mutation_options_set_on_mutate_func (options, recipe_on_mutate, NULL, NULL);
  tq_mutation_options_set_on_error_func (options, recipe_on_error, NULL, NULL);
  tq_mutation_options_set_on_settled_func (options, recipe_on_settled, NULL, NULL);
  return options;
}

/* The classic recipe: the change shows at once, then the server's data */
static void
test_recipe_success (Fixture       *f,
                     gconstpointer  data)
{
  Server server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autofree char *s = NULL;

  server_init (&server, f, "[\"a\",\"b\"]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_test_flush (&f->env);
  assert_shown (&watch, "[\"a\",\"b\"]");

  /* A refetch in flight is cancelled and would not overwrite the change */
  tq_query_observer_refetch (watch.observer);
  server.fetch_delay = 5;
  options = recipe_options (&server);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "{\"index\": 0, \"name\": \"A\", \"delay\": 10}");
  assert_shown (&watch, "[\"A\",\"b\"]");
  /* on-mutate is awaited: its context is stored on the next turn */
  tq_test_flush (&f->env);
  tq_assert_value_json (tq_mutation_state_get_context (tq_mutation_observer_get_state (observer)),
                        "[\"a\",\"b\"]");

  tq_test_advance (&f->env, 20);
  s = server_string (&server);
  g_assert_cmpstr (s, ==, "[\"A\",\"b\"]");
  assert_shown (&watch, "[\"A\",\"b\"]");
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (observer)));
  g_assert_cmpuint (server.fetches, ==, 3);

  watch_clear (&watch);
  server_clear (&server);
}

/* The recipe with the observer's signals: "mutate" returns the snapshot,
 * "error" rolls back, "settled" invalidates
 */
static GValue *
on_mutate_signal (TqMutationObserver *observer,
                  TqMutation         *mutation,
                  const GValue       *variables,
                  gpointer            user_data)
{
  GValue *snapshot = g_new0 (GValue, 1);
  g_autoptr(GError) error = NULL;

  recipe_on_mutate (mutation, variables, snapshot, NULL, &error);
  return snapshot;
}

static void
on_error_signal (TqMutationObserver *observer,
                 TqMutation         *mutation,
                 const GError       *error,
                 const GValue       *variables,
                 const GValue       *context,
                 gpointer            user_data)
{
  recipe_on_error (mutation, error, variables, context, NULL, NULL);
}

static void
on_settled_signal (TqMutationObserver *observer,
                   TqMutation         *mutation,
                   const GValue       *data,
                   const GError       *error,
                   const GValue       *variables,
                   const GValue       *context,
                   gpointer            user_data)
{
  recipe_on_settled (mutation, data, error, variables, context, NULL, NULL);
}

static void
test_recipe_failure_signals (Fixture       *f,
                             gconstpointer  data)
{
  Server server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqMutationObserver) observer = NULL;

  server_init (&server, f, "[\"a\",\"b\"]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_test_flush (&f->env);

  tq_mutation_options_set_mutation_func (options, server_rename, &server, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  g_signal_connect (observer, "mutate", G_CALLBACK (on_mutate_signal), NULL);
  g_signal_connect (observer, "error", G_CALLBACK (on_error_signal), NULL);
  g_signal_connect (observer, "settled", G_CALLBACK (on_settled_signal), NULL);

  /* The signal follows the awaited on-mutate, on the next turn */
  mutate_json (observer, "{\"index\": 1, \"name\": \"B\", \"delay\": 10, \"fail\": true}");
  tq_test_flush (&f->env);
  assert_shown (&watch, "[\"a\",\"B\"]");
  tq_assert_value_json (tq_mutation_state_get_context (tq_mutation_observer_get_state (observer)),
                        "[\"a\",\"b\"]");

  tq_test_advance (&f->env, 10);
  assert_shown (&watch, "[\"a\",\"b\"]");
  g_assert_true (tq_mutation_state_is_error (tq_mutation_observer_get_state (observer)));
  g_assert_cmpuint (server.fetches, ==, 2);
  tq_test_flush (&f->env);
  assert_shown (&watch, "[\"a\",\"b\"]");

  watch_clear (&watch);
  server_clear (&server);
}

/* Why layers: with the recipe, two edits in flight where the first fails
 * lose the second's change until the refetch, because the first restores
 * its snapshot; the UI shows the second edit appear, vanish, and come back
 */
static void
test_recipe_loses_concurrent_edit (Fixture       *f,
                                   gconstpointer  data)
{
  Server server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) first = NULL;
  g_autoptr(TqMutationObserver) second = NULL;

  server_init (&server, f, "[\"a\",\"b\"]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_test_flush (&f->env);

  options = recipe_options (&server);
  first = tq_mutation_observer_new (f->env.client, options);
  second = tq_mutation_observer_new (f->env.client, options);
  mutate_json (first, "{\"index\": 0, \"name\": \"A\", \"delay\": 20, \"fail\": true}");
  mutate_json (second, "{\"index\": 1, \"name\": \"B\", \"delay\": 30}");
  assert_shown (&watch, "[\"A\",\"B\"]");

  tq_test_advance (&f->env, 20);
  /* The second edit is still pending, yet gone from the screen */
  g_assert_true (tq_mutation_state_is_pending (tq_mutation_observer_get_state (second)));
  assert_shown (&watch, "[\"a\",\"b\"]");

  tq_test_advance (&f->env, 10);
  assert_shown (&watch, "[\"a\",\"B\"]");
  tq_assert_log (watch.seen, "[\"a\",\"b\"] [\"A\",\"b\"] [\"A\",\"B\"] [\"a\",\"b\"] [\"a\",\"B\"]");

  watch_clear (&watch);
  server_clear (&server);
}

/* }}} */
/* {{{ Layers */

static TqMutationOptions *
layered_rename_options (Server     *server,
                        const char *key,
                        gboolean    invalidate)
{
  TqMutationOptions *options = tq_mutation_options_new (NULL);
  g_autoptr(TqQueryFilters) filters = tq_query_filters_new (g_variant_new_parsed (key));

  tq_query_filters_set_exact (filters, TRUE);
  tq_mutation_options_set_mutation_func (options, server_rename, server, NULL);
  tq_mutation_options_add_optimistic_update (options, filters, rename_update, NULL, NULL);
  if (invalidate)
    tq_mutation_options_add_invalidates (options, filters);

  return options;
}

/* Two edits in flight, the first fails, the second succeeds: the second's
 * change never leaves the screen, the first's goes, and the cache ends
 * equal to the server with no layer left
 */
static void
test_layers_first_fails (Fixture       *f,
                         gconstpointer  data)
{
  Server server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) first = NULL;
  g_autoptr(TqMutationObserver) second = NULL;
  g_autofree char *final = NULL;

  server_init (&server, f, "[\"a\",\"b\"]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_test_flush (&f->env);

  server.fetch_delay = 5;
  options = layered_rename_options (&server, "('todos',)", TRUE);
  first = tq_mutation_observer_new (f->env.client, options);
  second = tq_mutation_observer_new (f->env.client, options);
  mutate_json (first, "{\"index\": 0, \"name\": \"A\", \"delay\": 20, \"fail\": true}");
  mutate_json (second, "{\"index\": 1, \"name\": \"B\", \"delay\": 30}");
  assert_shown (&watch, "[\"A\",\"B\"]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 2);
  g_assert_cmpuint (tq_query_state_get_data_update_count (tq_query_get_state (query_of (f, "('todos',)"))), ==, 1);

  tq_test_advance (&f->env, 20);
  g_assert_true (tq_mutation_state_is_error (tq_mutation_observer_get_state (first)));
  assert_shown (&watch, "[\"a\",\"B\"]");

  tq_test_advance (&f->env, 10);
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (second)));
  /* Succeeded with no fetch in flight to contradict it: the change goes
   * into the base at once, and the refetch it asked for confirms it
   */
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 0);
  tq_assert_value_json (_tq_query_get_base_data (query_of (f, "('todos',)")), "[\"a\",\"B\"]");
  g_assert_cmpuint (server.fetches, ==, 2);
  tq_test_advance (&f->env, 5);

  final = server_string (&server);
  g_assert_cmpstr (final, ==, "[\"a\",\"B\"]");
  assert_shown (&watch, "[\"a\",\"B\"]");
  tq_assert_log (watch.seen, "[\"a\",\"b\"] [\"A\",\"b\"] [\"A\",\"B\"] [\"a\",\"B\"]");

  watch_clear (&watch);
  server_clear (&server);
}

/* A refetch that lands while a layer is pending replaces the base; the
 * layer goes on top again, with no flicker
 */
static void
test_layers_refetch_between (Fixture       *f,
                             gconstpointer  data)
{
  Server server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationOptions) quiet = NULL;
  g_autoptr(TqMutationObserver) first = NULL;
  g_autoptr(TqMutationObserver) second = NULL;
  g_autoptr(JsonNode) x = json_node_init_string (json_node_alloc (), "x");

  server_init (&server, f, "[\"a\",\"b\"]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_test_flush (&f->env);

  options = layered_rename_options (&server, "('todos',)", TRUE);
  first = tq_mutation_observer_new (f->env.client, options);
  mutate_json (first, "{\"index\": 0, \"name\": \"A\", \"delay\": 50}");
  assert_shown (&watch, "[\"A\",\"b\"]");

  /* Someone else adds an item; a background refetch lands at 15 */
  tq_test_advance (&f->env, 10);
  server_set (&server, array_with (server.data, 2, x));
  server.fetch_delay = 5;
  tq_query_observer_refetch (watch.observer);
  tq_test_advance (&f->env, 5);
  assert_shown (&watch, "[\"A\",\"b\",\"x\"]");

  /* The mutation succeeds; its invalidation refetch confirms it */
  tq_test_advance (&f->env, 35);
  tq_test_advance (&f->env, 5);
  assert_shown (&watch, "[\"A\",\"b\",\"x\"]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 0);
  tq_assert_log (watch.seen, "[\"a\",\"b\"] [\"A\",\"b\"] [\"A\",\"b\",\"x\"]");

  /* A fetch that started before a mutation succeeded does not confirm it:
   * its data predates the change, which stays on top while it is in flight
   * and goes into the base when it lands
   */
  quiet = layered_rename_options (&server, "('todos',)", FALSE);
  second = tq_mutation_observer_new (f->env.client, quiet);
  mutate_json (second, "{\"index\": 1, \"name\": \"B\", \"delay\": 10}");
  tq_test_advance (&f->env, 8);
  tq_query_observer_refetch (watch.observer);       /* reads the server at 8 */
  tq_test_advance (&f->env, 2);                     /* the mutation succeeds at 10 */
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (second)));
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 1);
  tq_assert_value_json (_tq_query_get_base_data (query_of (f, "('todos',)")), "[\"A\",\"b\",\"x\"]");
  tq_test_advance (&f->env, 3);                     /* the old fetch lands at 13 */
  assert_shown (&watch, "[\"A\",\"B\",\"x\"]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 0);
  tq_assert_value_json (_tq_query_get_base_data (query_of (f, "('todos',)")), "[\"A\",\"B\",\"x\"]");

  tq_query_observer_refetch (watch.observer);       /* the server agrees */
  tq_test_advance (&f->env, 5);
  assert_shown (&watch, "[\"A\",\"B\",\"x\"]");
  tq_assert_log (watch.seen, "[\"a\",\"b\"] [\"A\",\"b\"] [\"A\",\"b\",\"x\"] [\"A\",\"B\",\"x\"]");

  watch_clear (&watch);
  server_clear (&server);
}

/* A failure after the query was removed: nothing to roll back, nothing
 * made again
 */
static void
test_layers_query_removed (Fixture       *f,
                           gconstpointer  data)
{
  Server server;
  g_autoptr(TqQueryOptions) query_options = tq_query_options_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(TqQuery) removed = NULL;

  server_init (&server, f, "[\"a\",\"b\"]");
  tq_query_options_set_query_func (query_options, server_fetch, &server, NULL);
  tq_query_client_prefetch_query_async (f->env.client, query_options, NULL, NULL, NULL);
  tq_test_flush (&f->env);

  options = layered_rename_options (&server, "('todos',)", TRUE);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "{\"index\": 0, \"name\": \"A\", \"delay\": 10, \"fail\": true}");
  removed = g_object_ref (query_of (f, "('todos',)"));
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (removed), ==, 1);

  tq_query_client_remove_queries (f->env.client, NULL);
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);

  tq_test_advance (&f->env, 10);
  g_assert_true (tq_mutation_state_is_error (tq_mutation_observer_get_state (observer)));
  g_assert_cmpuint (tq_query_cache_get_size (f->env.cache), ==, 0);
  g_assert_false (tq_query_client_get_query_data (f->env.client, g_variant_new_parsed ("('todos',)"), NULL));
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (removed), ==, 0);
  tq_assert_value_json (tq_query_state_get_data (tq_query_get_state (removed)), "[\"a\",\"b\"]");

  /* And a query made again after the mutation started has no layer */
  mutate_json (observer, "{\"index\": 0, \"name\": \"A\", \"delay\": 10, \"fail\": true}");
  tq_query_client_prefetch_query_async (f->env.client, query_options, NULL, NULL, NULL);
  tq_test_flush (&f->env);
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 0);
  tq_test_advance (&f->env, 10);
  g_assert_true (tq_query_client_get_query_data (f->env.client, g_variant_new_parsed ("('todos',)"), NULL));

  server_clear (&server);
}

/* update-from-result: the result becomes confirmed data in the same step
 * that drops the layer, so the change never flickers and needs no refetch
 */
static void
add_temp_update (const GValue *data,
                 const GValue *variables,
                 GValue       *result,
                 gpointer      user_data)
{
  JsonNode *list = g_value_get_boxed (data);
  g_autoptr(JsonNode) item = tq_test_json ("{\"id\": -1}");

  json_object_set_string_member (json_node_get_object (item), "title", variable_string (variables, "title"));
  set_json (result, array_with (list, json_array_get_length (json_node_get_array (list)), item));
}

static void
add_from_result (const GValue *data,
                 const GValue *result,
                 const GValue *variables,
                 GValue       *new_data,
                 gpointer      user_data)
{
  JsonNode *list = g_value_get_boxed (data);

  set_json (new_data, array_with (list, json_array_get_length (json_node_get_array (list)),
                                  g_value_get_boxed (result)));
}

static gboolean
create_answer (gpointer data)
{
  Write *write = data;
  const GValue *variables = tq_mutation_function_context_get_variables (write->context);
  g_autoptr(JsonNode) item = tq_test_json ("{\"id\": 7}");

  json_object_set_string_member (json_node_get_object (item), "title", variable_string (variables, "title"));
  json_node_seal (item);
  server_set (write->server, array_with (write->server->data,
                                         json_array_get_length (json_node_get_array (write->server->data)),
                                         item));
  tq_mutation_function_context_return_json (write->context, item);

  return G_SOURCE_REMOVE;
}

static void
server_create (TqMutationFunctionContext *context,
               gpointer                   user_data)
{
  Write *write = g_new0 (Write, 1);

  write->server = user_data;
  write->context = g_object_ref (context);
  tq_clock_add_timeout_full (TQ_CLOCK (write->server->env->clock), 10, create_answer, write, write_free);
}

static void
test_update_from_result (Fixture       *f,
                         gconstpointer  data)
{
  Server server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autofree char *final = NULL;

  server_init (&server, f, "[{\"id\":1,\"title\":\"a\"}]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_test_flush (&f->env);

  tq_mutation_options_set_mutation_func (options, server_create, &server, NULL);
  tq_mutation_options_add_optimistic_update (options, todos, add_temp_update, NULL, NULL);
  tq_mutation_options_add_update_from_result (options, todos, add_from_result, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);
  mutate_json (observer, "{\"title\": \"c\"}");
  assert_shown (&watch, "[{\"id\":1,\"title\":\"a\"},{\"id\":-1,\"title\":\"c\"}]");

  tq_test_advance (&f->env, 10);
  assert_shown (&watch, "[{\"id\":1,\"title\":\"a\"},{\"id\":7,\"title\":\"c\"}]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos',)")), ==, 0);
  g_assert_cmpuint (server.fetches, ==, 1);
  final = server_string (&server);
  g_assert_cmpstr (final, ==, "[{\"id\":1,\"title\":\"a\"},{\"id\":7,\"title\":\"c\"}]");
  tq_assert_log (watch.seen,
                 "[{\"id\":1,\"title\":\"a\"}] "
                 "[{\"id\":1,\"title\":\"a\"},{\"id\":-1,\"title\":\"c\"}] "
                 "[{\"id\":1,\"title\":\"a\"},{\"id\":7,\"title\":\"c\"}]");

  watch_clear (&watch);
  server_clear (&server);
}

/* {{{ Updates that depend on the query's key */

/* Whether a new item with "done" @done passes the filter of a list key
 * ('todos', {'done': <b>}); a key without the filter takes everything.
 */
static gboolean
passes_filter (GVariant *query_key,
               gboolean  done)
{
  g_autoptr(GVariant) filters = NULL;
  gboolean wanted;

  if (g_variant_n_children (query_key) < 2)
    return TRUE;

  filters = g_variant_get_child_value (query_key, 1);
  if (!g_variant_lookup (filters, "done", "b", &wanted))
    return TRUE;

  return wanted == done;
}

static gboolean
variable_done (const GValue *variables)
{
  return json_object_get_boolean_member_with_default (json_node_get_object (variables_json (variables)),
                                                      "done", FALSE);
}

static void
add_temp_where_it_belongs (GVariant     *query_key,
                           const GValue *data,
                           const GValue *variables,
                           GValue       *result,
                           gpointer      user_data)
{
  GPtrArray *keys_seen = user_data;
  JsonNode *list = g_value_get_boxed (data);
  g_autoptr(JsonNode) item = tq_test_json ("{\"id\": -1}");

  g_ptr_array_add (keys_seen, tq_key_to_string (query_key));

  if (!passes_filter (query_key, variable_done (variables)))
    return;

  json_object_set_string_member (json_node_get_object (item), "title", variable_string (variables, "title"));
  set_json (result, array_with (list, json_array_get_length (json_node_get_array (list)), item));
}

static void
add_result_where_it_belongs (GVariant     *query_key,
                             const GValue *data,
                             const GValue *result,
                             const GValue *variables,
                             GValue       *new_data,
                             gpointer      user_data)
{
  JsonNode *list;

  if (data == NULL || !passes_filter (query_key, variable_done (variables)))
    return;

  list = g_value_get_boxed (data);
  set_json (new_data, array_with (list, json_array_get_length (json_node_get_array (list)),
                                  g_value_get_boxed (result)));
}

/* A mark that an unkeyed update declared after the keyed one runs after it */
static void
mark_last (const GValue *data,
           const GValue *variables,
           GValue       *result,
           gpointer      user_data)
{
  JsonNode *list = g_value_get_boxed (data);
  g_autoptr(JsonNode) mark = json_node_init_string (json_node_alloc (), "last");

  set_json (result, array_with (list, json_array_get_length (json_node_get_array (list)), mark));
}

/* A new item shows in the filtered lists it passes and in no other, while
 * pending and once the server's item replaces it; a failure takes it away
 * from those lists only; each function sees the key of its query
 */
static void
test_query_updates (Fixture       *f,
                    gconstpointer  data)
{
  Server open_server, done_server;
  Watch open_watch, done_watch;
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqMutationOptions) marked = NULL;
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(TqMutationObserver) marked_observer = NULL;
  g_autoptr(GPtrArray) keys_seen = g_ptr_array_new_with_free_func (g_free);
  gboolean open_seen = FALSE, done_seen = FALSE;

  server_init (&open_server, f, "[{\"id\":1,\"title\":\"a\"}]");
  server_init (&done_server, f, "[{\"id\":2,\"title\":\"b\"}]");
  watch_init (&open_watch, f, &open_server, "('todos', {'done': <false>})");
  watch_init (&done_watch, f, &done_server, "('todos', {'done': <true>})");
  tq_test_flush (&f->env);

  tq_mutation_options_set_mutation_func (options, server_create, &open_server, NULL);
  tq_mutation_options_add_optimistic_query_update (options, todos, add_temp_where_it_belongs,
                                                   g_ptr_array_ref (keys_seen),
                                                   (GDestroyNotify) g_ptr_array_unref);
  tq_mutation_options_add_query_update_from_result (options, todos, add_result_where_it_belongs, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);

  /* Pending: only the list of open items shows the new one */
  mutate_json (observer, "{\"title\": \"c\", \"done\": false}");
  assert_shown (&open_watch, "[{\"id\":1,\"title\":\"a\"},{\"id\":-1,\"title\":\"c\"}]");
  assert_shown (&done_watch, "[{\"id\":2,\"title\":\"b\"}]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos', {'done': <false>})")), ==, 1);

  /* The function saw each list's own key */
  for (guint i = 0; i < keys_seen->len; i++)
    {
      const char *key = keys_seen->pdata[i];

      if (g_str_equal (key, "('todos', {'done': <false>})"))
        open_seen = TRUE;
      else if (g_str_equal (key, "('todos', {'done': <true>})"))
        done_seen = TRUE;
      else
        g_error ("unexpected key %s", key);
    }
  g_assert_true (open_seen && done_seen);

  /* Success: the server's item takes the temporary one's place, in the
   * same list only, with no refetch
   */
  tq_test_advance (&f->env, 10);
  assert_shown (&open_watch, "[{\"id\":1,\"title\":\"a\"},{\"id\":7,\"title\":\"c\"}]");
  assert_shown (&done_watch, "[{\"id\":2,\"title\":\"b\"}]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos', {'done': <false>})")), ==, 0);
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('todos', {'done': <true>})")), ==, 0);
  g_assert_cmpuint (open_server.fetches, ==, 1);
  g_assert_cmpuint (done_server.fetches, ==, 1);
  tq_assert_log (done_watch.seen, "[{\"id\":2,\"title\":\"b\"}]");

  /* A done item goes into the other list; a keyed and an unkeyed update
   * apply in the order declared; failure drops both, there only
   */
  marked = tq_mutation_options_copy (options);
  tq_mutation_options_set_mutation_func (marked, server_rename, &done_server, NULL);
  tq_mutation_options_add_optimistic_update (marked, todos, mark_last, NULL, NULL);
  marked_observer = tq_mutation_observer_new (f->env.client, marked);
  mutate_json (marked_observer, "{\"title\": \"d\", \"done\": true, \"delay\": 10, \"fail\": true}");
  assert_shown (&done_watch, "[{\"id\":2,\"title\":\"b\"},{\"id\":-1,\"title\":\"d\"},\"last\"]");
  assert_shown (&open_watch, "[{\"id\":1,\"title\":\"a\"},{\"id\":7,\"title\":\"c\"},\"last\"]");
  tq_test_advance (&f->env, 10);
  g_assert_true (tq_mutation_state_is_error (tq_mutation_observer_get_state (marked_observer)));
  assert_shown (&done_watch, "[{\"id\":2,\"title\":\"b\"}]");
  assert_shown (&open_watch, "[{\"id\":1,\"title\":\"a\"},{\"id\":7,\"title\":\"c\"}]");

  watch_clear (&open_watch);
  watch_clear (&done_watch);
  server_clear (&open_server);
  server_clear (&done_server);
}

/* }}} */

/* Declared invalidation, no callbacks: success refetches the active
 * queries and marks the inactive ones invalidated; failure does nothing
 */
static void
test_invalidates (Fixture       *f,
                  gconstpointer  data)
{
  Server server, done_server;
  Watch watch;
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
  g_autoptr(TqQueryOptions) done_options = tq_query_options_new (g_variant_new_parsed ("('todos', 'done')"));
  g_autoptr(TqMutationObserver) observer = NULL;

  server_init (&server, f, "[\"a\",\"b\"]");
  server_init (&done_server, f, "[]");
  watch_init (&watch, f, &server, "('todos',)");
  tq_query_options_set_query_func (done_options, server_fetch, &done_server, NULL);
  tq_query_client_prefetch_query_async (f->env.client, done_options, NULL, NULL, NULL);
  tq_test_flush (&f->env);

  tq_mutation_options_set_mutation_func (options, server_rename, &server, NULL);
  tq_mutation_options_add_invalidates (options, todos);
  observer = tq_mutation_observer_new (f->env.client, options);

  mutate_json (observer, "{\"index\": 0, \"name\": \"A\", \"delay\": 10, \"fail\": true}");
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (server.fetches, ==, 1);
  g_assert_false (tq_query_state_get_is_invalidated (tq_query_get_state (query_of (f, "('todos', 'done')"))));

  mutate_json (observer, "{\"index\": 0, \"name\": \"A\", \"delay\": 10}");
  tq_test_advance (&f->env, 10);
  g_assert_cmpuint (server.fetches, ==, 2);
  g_assert_cmpuint (done_server.fetches, ==, 1);
  g_assert_true (tq_query_state_get_is_invalidated (tq_query_get_state (query_of (f, "('todos', 'done')"))));
  assert_shown (&watch, "[\"A\",\"b\"]");

  watch_clear (&watch);
  server_clear (&server);
  server_clear (&done_server);
}

/* {{{ Counters: variables {"op", "i", "m", "d", "delay", "fail"}
 *
 * A change sets counter i to (i × m + d) mod P: with multipliers, changes do
 * not commute, so the order in which layers apply shows.
 */

#define P 1000003

static gint64
affine (gint64 x,
        gint64 m,
        gint64 d)
{
  return (((x * (m ? m : 1) + d) % P) + P) % P;
}

static JsonNode *
counters_added (JsonNode *counters,
                gint64    i,
                gint64    m,
                gint64    d)
{
  g_autoptr(JsonNode) value = NULL;

  value = json_node_init_int (json_node_alloc (),
                              affine (json_array_get_int_element (json_node_get_array (counters), i), m, d));
  return array_with (counters, i, value);
}

static void
add_update (const GValue *data,
            const GValue *variables,
            GValue       *result,
            gpointer      user_data)
{
  set_json (result, counters_added (g_value_get_boxed (data), variable_int (variables, "i"),
                                    variable_int (variables, "m"), variable_int (variables, "d")));
}

typedef enum
{
  OP_PENDING,
  OP_SUCCEEDED,
  OP_FAILED,
} OpStatus;

typedef struct
{
  gint64   i;
  gint64   d;
  OpStatus status;
  guint64  success_epoch;
  gint64   m;
} Op;

typedef struct
{
  Server *server;
  GArray *ops;   /* Op */
  guint   checks;
} Model;

typedef struct
{
  Model                     *model;
  TqMutationFunctionContext *context;
} AddWrite;

static void
add_write_free (gpointer data)
{
  AddWrite *write = data;

  g_object_unref (write->context);
  g_free (write);
}

static gboolean
add_answer (gpointer data)
{
  AddWrite *write = data;
  const GValue *variables = tq_mutation_function_context_get_variables (write->context);
  Op *op = &g_array_index (write->model->ops, Op, variable_int (variables, "op"));
  Server *server = write->model->server;

  if (json_object_get_boolean_member_with_default (json_node_get_object (variables_json (variables)),
                                                   "fail", FALSE))
    {
      op->status = OP_FAILED;
      tq_mutation_function_context_return_new_error (write->context, G_IO_ERROR, G_IO_ERROR_FAILED, "refused");
      return G_SOURCE_REMOVE;
    }

  server_set (server, counters_added (server->data, op->i, op->m, op->d));
  op->status = OP_SUCCEEDED;
  op->success_epoch = ++server->epoch;
  tq_mutation_function_context_return_json (write->context, variables_json (variables));

  return G_SOURCE_REMOVE;
}

static void
server_add (TqMutationFunctionContext *context,
            gpointer                   user_data)
{
  AddWrite *write = g_new0 (AddWrite, 1);

  write->model = user_data;
  write->context = g_object_ref (context);
  tq_clock_add_timeout_full (TQ_CLOCK (write->model->server->env->clock),
                             variable_int (tq_mutation_function_context_get_variables (context), "delay"),
                             add_answer, write, add_write_free);
}

/* What the layers promise, computed from the outside: the data the last
 * landed fetch read, with every pending change and every change that
 * succeeded after that fetch started (its data cannot show it yet) applied
 * in the order the mutations were started.
 */
static void
check_model (TqQueryObserver *observer,
             TqQueryResult   *result,
             Model           *model)
{
  Server *server = model->server;
  const GValue *data = tq_query_result_get_data (result);
  JsonArray *landed;
  JsonArray *shown_counters;

  if (server->landed == NULL)
    return;

  landed = json_node_get_array (server->landed);
  shown_counters = json_node_get_array (g_value_get_boxed (data));

  for (guint c = 0; c < json_array_get_length (landed); c++)
    {
      gint64 expected = json_array_get_int_element (landed, c);

      for (guint k = 0; k < model->ops->len; k++)
        {
          Op *op = &g_array_index (model->ops, Op, k);

          if (op->i != c)
            continue;
          if (op->status == OP_PENDING ||
              (op->status == OP_SUCCEEDED && op->success_epoch > server->landed_epoch))
            expected = affine (expected, op->m, op->d);
        }

      if (json_array_get_int_element (shown_counters, c) != expected)
        {
          g_autofree char *s = json_to_string (g_value_get_boxed (data), FALSE);

          g_autofree char *l = json_to_string (server->landed, FALSE);

          for (guint k = 0; k < model->ops->len; k++)
            {
              Op *op = &g_array_index (model->ops, Op, k);

              g_printerr ("op %u: i=%" G_GINT64_FORMAT " m=%" G_GINT64_FORMAT " d=%" G_GINT64_FORMAT
                          " status=%d success_epoch=%" G_GUINT64_FORMAT "\n",
                          k, op->i, op->m, op->d, op->status, op->success_epoch);
            }
          g_error ("counter %u shows %" G_GINT64_FORMAT ", expected %" G_GINT64_FORMAT
                   " (data %s, landed %s at epoch %" G_GUINT64_FORMAT ", server epoch %" G_GUINT64_FORMAT ")",
                   c, json_array_get_int_element (shown_counters, c), expected, s, l,
                   server->landed_epoch, server->epoch);
        }
    }

  model->checks++;
}

/* Hundreds of interleaved mutations (some failing) and refetches: at every
 * step the screen shows exactly what the layers promise, and at the end
 * the cache equals the server, with no layer left
 */
static void
test_layers_interleaved (Fixture       *f,
                         gconstpointer  data)
{
  Server server;
  Model model = { &server, g_array_new (FALSE, TRUE, sizeof (Op)), 0 };
  g_autoptr(TqQueryOptions) query_options = tq_query_options_new (g_variant_new_parsed ("('counters',)"));
  g_autoptr(TqQueryObserver) query_observer = NULL;
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqMutationOptions) quiet_options = NULL;
  g_autoptr(TqQueryFilters) counters = tq_query_filters_new (g_variant_new_parsed ("('counters',)"));
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(TqMutationObserver) quiet = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (20260822);
  guint n_mutations = 0, n_failed = 0, n_refetches = 0;
  g_autofree char *expected = NULL;
  g_autofree char *final = NULL;

  server_init (&server, f, "[0,0,0,0,0]");
  tq_query_options_set_query_func (query_options, server_fetch, &server, NULL);
  query_observer = tq_query_observer_new (f->env.client, query_options);
  g_signal_connect (query_observer, "result-changed", G_CALLBACK (check_model), &model);
  tq_query_observer_subscribe (query_observer);
  tq_test_flush (&f->env);

  tq_query_filters_set_exact (counters, TRUE);
  tq_mutation_options_set_mutation_func (options, server_add, &model, NULL);
  tq_mutation_options_add_optimistic_update (options, counters, add_update, NULL, NULL);
  /* Half invalidate (which cancels the fetch in flight), half do not (so
   * fetches that started before they succeeded land after)
   */
  quiet_options = tq_mutation_options_copy (options);
  tq_mutation_options_add_invalidates (options, counters);
  observer = tq_mutation_observer_new (f->env.client, options);
  quiet = tq_mutation_observer_new (f->env.client, quiet_options);

  for (guint step = 0; step < 600; step++)
    {
      double r = g_rand_double (rand);

      if (r < 0.55)
        {
          Op op = { 0 };
          g_autofree char *variables = NULL;
          gboolean fail = g_rand_int_range (rand, 0, 5) == 0;

          op.i = g_rand_int_range (rand, 0, 5);
          op.d = g_rand_int_range (rand, 1, 10) * (g_rand_boolean (rand) ? 1 : -1);
          op.m = g_rand_int_range (rand, 1, 4);
          op.status = OP_PENDING;
          g_array_append_val (model.ops, op);
          variables = g_strdup_printf ("{\"op\": %u, \"i\": %" G_GINT64_FORMAT ", \"m\": %" G_GINT64_FORMAT
                                       ", \"d\": %" G_GINT64_FORMAT ", \"delay\": %d, \"fail\": %s}",
                                       model.ops->len - 1, op.i, op.m, op.d, g_rand_int_range (rand, 1, 40),
                                       fail ? "true" : "false");
          mutate_json (g_rand_boolean (rand) ? observer : quiet, variables);
          n_mutations++;
          n_failed += fail;
        }
      else if (r < 0.7)
        {
          server.fetch_delay = g_rand_int_range (rand, 1, 15);
          tq_query_observer_refetch (query_observer);
          n_refetches++;
        }
      else
        server.fetch_delay = g_rand_int_range (rand, 1, 15);

      tq_test_advance (&f->env, g_rand_int_range (rand, 0, 8));
    }

  tq_test_advance (&f->env, 1000);
  tq_query_observer_refetch (query_observer);
  tq_test_advance (&f->env, 100);

  g_test_message ("%u mutations (%u failing), %u refetches, %u fetches, %u cancelled, %u checks",
                  n_mutations, n_failed, n_refetches, server.fetches, server.cancelled_fetches, model.checks);
  g_assert_cmpuint (n_mutations, >, 300);
  g_assert_cmpuint (model.checks, >, 300);
  g_assert_cmpuint (tq_query_client_is_mutating (f->env.client, NULL), ==, 0);
  for (guint k = 0; k < model.ops->len; k++)
    g_assert_cmpint (g_array_index (model.ops, Op, k).status, !=, OP_PENDING);
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('counters',)")), ==, 0);

  expected = server_string (&server);
  final = tq_test_data_string (&f->env, "('counters',)");
  g_assert_cmpstr (final, ==, expected);

  tq_query_observer_unsubscribe (query_observer);
  g_array_unref (model.ops);
  server_clear (&server);
}

/* }}} */

/* Writing a layered query writes its base: the layers stay on top, and an
 * updater sees the base
 */
static void
base_updater (const GValue *old_data,
              GValue       *new_data,
              gpointer      user_data)
{
  tq_assert_value_json (old_data, "[10,0]");
  set_json (new_data, tq_test_json ("[20,0]"));
}

static TqMutationOptions *
add_options (Model      *model,
             const char *key)
{
  TqMutationOptions *options = tq_mutation_options_new (NULL);
  g_autoptr(TqQueryFilters) filters = tq_query_filters_new (g_variant_new_parsed (key));

  tq_mutation_options_set_mutation_func (options, server_add, model, NULL);
  tq_mutation_options_add_optimistic_update (options, filters, add_update, NULL, NULL);
  return options;
}

static void
start_add (TqMutationObserver *observer,
           Model              *model,
           gint64              i,
           gint64              d,
           int                 delay,
           gboolean            fail)
{
  Op op = { i, d, OP_PENDING, 0, 1 };
  g_autofree char *variables = NULL;

  g_array_append_val (model->ops, op);
  variables = g_strdup_printf ("{\"op\": %u, \"i\": %" G_GINT64_FORMAT ", \"d\": %" G_GINT64_FORMAT
                               ", \"delay\": %d, \"fail\": %s}",
                               model->ops->len - 1, i, d, delay, fail ? "true" : "false");
  mutate_json (observer, variables);
}

static void
test_layers_set_query_data (Fixture       *f,
                            gconstpointer  data)
{
  Server server;
  Watch watch;
  Model model = { &server, g_array_new (FALSE, TRUE, sizeof (Op)), 0 };
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *read = NULL;

  server_init (&server, f, "[0,0]");
  watch_init (&watch, f, &server, "('counters',)");
  tq_test_flush (&f->env);

  options = add_options (&model, "('counters',)");
  observer = tq_mutation_observer_new (f->env.client, options);
  start_add (observer, &model, 0, 1, 100, TRUE);
  assert_shown (&watch, "[1,0]");

  tq_test_value_json (&value, "[10,0]");
  tq_query_client_set_query_data (f->env.client, g_variant_new_parsed ("('counters',)"), &value, 0);
  assert_shown (&watch, "[11,0]");
  read = tq_test_data_string (&f->env, "('counters',)");
  g_assert_cmpstr (read, ==, "[11,0]");

  tq_query_client_set_query_data_func (f->env.client, g_variant_new_parsed ("('counters',)"),
                                       base_updater, NULL, 0);
  assert_shown (&watch, "[21,0]");

  tq_test_advance (&f->env, 100);
  assert_shown (&watch, "[20,0]");

  watch_clear (&watch);
  g_array_unref (model.ops);
  server_clear (&server);
}

/* A transformation that returns data of another type is a critical; the
 * data stays as it was
 */
static void
wrong_type_update (const GValue *data,
                   const GValue *variables,
                   GValue       *result,
                   gpointer      user_data)
{
  g_value_init (result, G_TYPE_STRING);
  g_value_set_string (result, "not JSON");
}

static void
test_layers_wrong_type (Fixture       *f,
                        gconstpointer  data)
{
  Server server;
  Watch watch;
  Model model = { &server, g_array_new (FALSE, TRUE, sizeof (Op)), 0 };
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(TqQueryFilters) counters = tq_query_filters_new (g_variant_new_parsed ("('counters',)"));
  g_autoptr(TqMutationObserver) observer = NULL;

  server_init (&server, f, "[0,0]");
  watch_init (&watch, f, &server, "('counters',)");
  tq_test_flush (&f->env);

  tq_mutation_options_set_mutation_func (options, server_add, &model, NULL);
  tq_mutation_options_add_optimistic_update (options, counters, wrong_type_update, NULL, NULL);
  observer = tq_mutation_observer_new (f->env.client, options);

  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*returned a gchararray for JsonNode data*");
  start_add (observer, &model, 0, 1, 10, FALSE);
  g_test_assert_expected_messages ();
  assert_shown (&watch, "[0,0]");

  /* The same base again costs nothing: the composition is kept */
  tq_query_observer_refetch (watch.observer);
  tq_test_flush (&f->env);
  assert_shown (&watch, "[0,0]");

  /* It is asked again when the base changes; still refused */
  server_set (&server, tq_test_json ("[5,0]"));
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*returned a gchararray for JsonNode data*");
  tq_query_observer_refetch (watch.observer);
  tq_test_flush (&f->env);
  g_test_assert_expected_messages ();
  assert_shown (&watch, "[5,0]");

  /* Baking it into the base on success is refused too */
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*returned a gchararray for JsonNode data*");
  tq_test_advance (&f->env, 10);
  g_test_assert_expected_messages ();
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (observer)));
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('counters',)")), ==, 0);
  assert_shown (&watch, "[5,0]");
  tq_query_observer_refetch (watch.observer);
  tq_test_flush (&f->env);
  assert_shown (&watch, "[6,0]");

  watch_clear (&watch);
  g_array_unref (model.ops);
  server_clear (&server);
}

/* A cancel that reverts, and a reset, keep the layers of pending mutations */
static void
test_layers_cancel_and_reset (Fixture       *f,
                              gconstpointer  data)
{
  Server server;
  Watch watch;
  Model model = { &server, g_array_new (FALSE, TRUE, sizeof (Op)), 0 };
  g_autoptr(TqMutationOptions) options = NULL;
  g_autoptr(TqMutationObserver) observer = NULL;
  g_autoptr(TqQueryFilters) counters = tq_query_filters_new (g_variant_new_parsed ("('counters',)"));

  server_init (&server, f, "[0,0]");
  watch_init (&watch, f, &server, "('counters',)");
  tq_test_flush (&f->env);

  server.fetch_delay = 50;
  tq_query_observer_refetch (watch.observer);
  options = add_options (&model, "('counters',)");
  observer = tq_mutation_observer_new (f->env.client, options);
  start_add (observer, &model, 1, 5, 100, FALSE);
  assert_shown (&watch, "[0,5]");

  tq_query_client_cancel_queries_async (f->env.client, counters, TRUE, FALSE, NULL, NULL, NULL);
  assert_shown (&watch, "[0,5]");
  g_assert_cmpint (tq_query_state_get_fetch_status (tq_query_get_state (query_of (f, "('counters',)"))),
                   ==, TQ_FETCH_STATUS_IDLE);

  tq_query_reset (query_of (f, "('counters',)"));
  assert_shown (&watch, "<none>");
  server.fetch_delay = 0;
  tq_query_observer_refetch (watch.observer);
  tq_test_flush (&f->env);
  assert_shown (&watch, "[0,5]");

  tq_test_advance (&f->env, 100);
  tq_query_observer_refetch (watch.observer);
  tq_test_flush (&f->env);
  assert_shown (&watch, "[0,5]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('counters',)")), ==, 0);

  watch_clear (&watch);
  g_array_unref (model.ops);
  server_clear (&server);
}

/* Bad input: a mutation function failing with any GError rolls its layer
 * back; an update from the result of the wrong type is a critical and
 * leaves the confirmed data alone
 */
static void
fail_oddly (TqMutationFunctionContext *context,
            gpointer                   user_data)
{
  tq_mutation_function_context_return_new_error (context, g_quark_from_static_string ("odd-domain"), 99,
                                                 "no such thing");
}

static void
result_wrong_type (const GValue *data,
                   const GValue *result,
                   const GValue *variables,
                   GValue       *new_data,
                   gpointer      user_data)
{
  g_value_init (new_data, G_TYPE_INT);
  g_value_set_int (new_data, 42);
}

static void
test_layers_bad_input (Fixture       *f,
                       gconstpointer  data)
{
  Server server;
  Watch watch;
  Model model = { &server, g_array_new (FALSE, TRUE, sizeof (Op)), 0 };
  g_autoptr(TqMutationOptions) failing = NULL;
  g_autoptr(TqMutationOptions) wrong = NULL;
  g_autoptr(TqMutationObserver) a = NULL;
  g_autoptr(TqMutationObserver) b = NULL;
  g_autoptr(TqQueryFilters) counters = tq_query_filters_new (g_variant_new_parsed ("('counters',)"));

  server_init (&server, f, "[0,0]");
  watch_init (&watch, f, &server, "('counters',)");
  tq_test_flush (&f->env);

  failing = add_options (&model, "('counters',)");
  tq_mutation_options_set_mutation_func (failing, fail_oddly, NULL, NULL);
  a = tq_mutation_observer_new (f->env.client, failing);
  start_add (a, &model, 0, 3, 0, FALSE);
  assert_shown (&watch, "[3,0]");
  tq_test_flush (&f->env);
  g_assert_error ((GError *) tq_mutation_state_get_error (tq_mutation_observer_get_state (a)),
                  g_quark_from_static_string ("odd-domain"), 99);
  assert_shown (&watch, "[0,0]");

  wrong = add_options (&model, "('counters',)");
  tq_mutation_options_add_update_from_result (wrong, counters, result_wrong_type, NULL, NULL);
  b = tq_mutation_observer_new (f->env.client, wrong);
  start_add (b, &model, 1, 2, 5, FALSE);
  assert_shown (&watch, "[0,2]");
  g_test_expect_message ("Tq", G_LOG_LEVEL_CRITICAL, "*update from the result*returned a gint for JsonNode data*");
  tq_test_advance (&f->env, 5);
  g_test_assert_expected_messages ();
  g_assert_true (tq_mutation_state_is_success (tq_mutation_observer_get_state (b)));
  /* The refused result changed nothing: the succeeded change goes into the
   * base as without a result, and the server agrees
   */
  assert_shown (&watch, "[0,2]");
  g_assert_cmpuint (_tq_query_get_optimistic_layer_count (query_of (f, "('counters',)")), ==, 0);
  tq_query_observer_refetch (watch.observer);
  tq_test_flush (&f->env);
  assert_shown (&watch, "[0,2]");

  watch_clear (&watch);
  g_array_unref (model.ops);
  server_clear (&server);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, setup, func, teardown)
  ADD ("/Tq/Optimistic/recipe-success", test_recipe_success);
  ADD ("/Tq/Optimistic/recipe-failure-signals", test_recipe_failure_signals);
  ADD ("/Tq/Optimistic/recipe-loses-concurrent-edit", test_recipe_loses_concurrent_edit);
  ADD ("/Tq/Optimistic/layers-first-fails-second-succeeds", test_layers_first_fails);
  ADD ("/Tq/Optimistic/layers-refetch-between", test_layers_refetch_between);
  ADD ("/Tq/Optimistic/layers-query-removed", test_layers_query_removed);
  ADD ("/Tq/Optimistic/update-from-result", test_update_from_result);
  ADD ("/Tq/Optimistic/query-updates", test_query_updates);
  ADD ("/Tq/Optimistic/invalidates", test_invalidates);
  ADD ("/Tq/Optimistic/layers-interleaved", test_layers_interleaved);
  ADD ("/Tq/Optimistic/layers-set-query-data", test_layers_set_query_data);
  ADD ("/Tq/Optimistic/layers-wrong-type", test_layers_wrong_type);
  ADD ("/Tq/Optimistic/layers-cancel-and-reset", test_layers_cancel_and_reset);
  ADD ("/Tq/Optimistic/layers-bad-input", test_layers_bad_input);
#undef ADD

  return g_test_run ();
}
