/* runner-options.c: options, filters, scripted functions and hooks
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "runner.h"

/* {{{ Interned option values */

/* What a function-valued option points at. Options are stable per observer
 * (README.md section 6.1): the same JSON for the same option gives the same
 * Interned, so Tq sees the same callback and user data, as an application
 * that keeps its options in a constant passes the same function. All of
 * them live as long as the runner's scenario, since Tq may hold options
 * until the very end.
 */
typedef struct
{
  Runner   *runner;
  Observer *observer;
  JsonNode *spec;
  JsonNode *value;
  Hook      hook;
} Interned;

void
option_value_free (gpointer data)
{
  Interned *interned = data;

  g_clear_pointer (&interned->spec, json_node_unref);
  g_clear_pointer (&interned->value, json_node_unref);
  g_clear_pointer (&interned->hook.name, g_free);
  g_free (interned);
}

static Interned *
intern (Runner     *runner,
        Observer   *observer,
        const char *field,
        JsonNode   *spec)
{
  g_autofree char *text = NULL;
  g_autofree char *memo_key = NULL;
  Interned *interned;

  if (observer != NULL)
    {
      text = rj_canonical (spec);
      memo_key = g_strconcat (field, ":", text, NULL);
      interned = g_hash_table_lookup (observer->memo, memo_key);
      if (interned != NULL)
        return interned;
    }

  interned = g_new0 (Interned, 1);
  interned->runner = runner;
  interned->observer = observer;
  interned->spec = json_node_ref (spec);
  g_ptr_array_add (runner->keep, interned);

  if (observer != NULL)
    g_hash_table_insert (observer->memo, g_steal_pointer (&memo_key), interned);

  return interned;
}

void
script_free (gpointer data)
{
  Script *script = data;

  g_free (script->name);
  g_clear_pointer (&script->outcomes, json_node_unref);
  g_free (script);
}

void
observer_free (gpointer data)
{
  Observer *observer = data;

  g_free (observer->id);
  g_clear_object (&observer->obs);
  g_clear_pointer (&observer->memo, g_hash_table_unref);
  g_clear_pointer (&observer->pending, json_node_unref);
  g_free (observer->last_recorded);
  g_free (observer);
}

/* }}} */
/* {{{ Scripted functions (README.md section 5) */

typedef struct
{
  Runner                    *runner;
  TqQueryFunctionContext    *query_context;
  TqMutationFunctionContext *mutation_context;
  GCancellable              *cancellable;
  gulong                     cancel_handler;
  guint                      timer;
  guint                      abort_idle;
  JsonNode                  *value;
  char                      *message;
  gboolean                   done;
} PendingCall;

static JsonObject *
outcome_for (Script *script,
             guint   n)
{
  JsonArray *outcomes = json_node_get_array (script->outcomes);
  guint len = json_array_get_length (outcomes);
  guint index;

  if (n <= len)
    index = n - 1;
  else if (script->cycle)
    index = (n - 1) % len;
  else
    index = len - 1;

  return json_array_get_object_element (outcomes, index);
}

static void
pending_call_free (gpointer data)
{
  PendingCall *call = data;

  if (call->cancel_handler != 0)
    g_cancellable_disconnect (call->cancellable, call->cancel_handler);
  g_clear_object (&call->cancellable);
  g_clear_object (&call->query_context);
  g_clear_object (&call->mutation_context);
  g_clear_pointer (&call->value, json_node_unref);
  g_free (call->message);
  g_free (call);
}

static void
complete_call (PendingCall *call)
{
  if (call->done)
    return;
  call->done = TRUE;

  if (call->query_context != NULL)
    {
      if (call->message != NULL)
        tq_query_function_context_return_new_error (call->query_context, G_IO_ERROR, G_IO_ERROR_FAILED,
                                                    "%s", call->message);
      else if (call->value == NULL)
        tq_query_function_context_return_value (call->query_context, NULL);
      else
        tq_query_function_context_return_json (call->query_context, call->value);
    }
  else
    {
      if (call->message != NULL)
        tq_mutation_function_context_return_new_error (call->mutation_context, G_IO_ERROR, G_IO_ERROR_FAILED,
                                                       "%s", call->message);
      else if (call->value == NULL)
        tq_mutation_function_context_return_value (call->mutation_context, NULL);
      else
        tq_mutation_function_context_return_json (call->mutation_context, call->value);
    }
}

static gboolean
on_call_timer (gpointer data)
{
  PendingCall *call = data;

  call->timer = 0;
  complete_call (call);

  return G_SOURCE_REMOVE;
}

/* A function that took the signal stops when it is aborted: its timer is
 * cleared and it fails at once. From an idle, since this runs inside
 * g_cancellable_cancel().
 */
static gboolean
on_abort_idle (gpointer data)
{
  PendingCall *call = data;

  call->abort_idle = 0;
  if (call->done)
    return G_SOURCE_REMOVE;

  if (call->timer != 0)
    {
      guint timer = call->timer;

      call->timer = 0;
      /* Frees nothing: the timer's notify is only a reference. */
      tq_clock_remove (TQ_CLOCK (call->runner->clock), timer);
    }

  call->done = TRUE;
  tq_query_function_context_return_new_error (call->query_context, G_IO_ERROR, G_IO_ERROR_CANCELLED,
                                              "aborted");

  return G_SOURCE_REMOVE;
}

typedef struct
{
  PendingCall *call;
  int          refs;
} CallRef;

static void
call_unref (gpointer data)
{
  CallRef *ref = data;

  if (--ref->refs == 0)
    {
      pending_call_free (ref->call);
      g_free (ref);
    }
}

static gboolean
on_call_timer_ref (gpointer data)
{
  return on_call_timer (((CallRef *) data)->call);
}

static gboolean
on_abort_idle_ref (gpointer data)
{
  return on_abort_idle (((CallRef *) data)->call);
}

static void
on_cancelled (GCancellable *cancellable,
              gpointer      data)
{
  CallRef *ref = data;
  PendingCall *call = ref->call;

  if (call->done || call->abort_idle != 0)
    return;

  ref->refs++;
  call->abort_idle = g_idle_add_full (G_PRIORITY_DEFAULT, on_abort_idle_ref, ref, call_unref);
}

static void
start_call (Script      *script,
            PendingCall *call,
            JsonObject  *outcome,
            TemplateEnv *env)
{
  Runner *runner = script->runner;
  gint64 after = json_object_has_member (outcome, "after") ? json_object_get_int_member (outcome, "after") : 0;
  CallRef *ref = g_new0 (CallRef, 1);

  if (json_object_has_member (outcome, "error"))
    call->message = interpolate (json_object_get_string_member (outcome, "error"), env);
  else if (!json_object_has_member (outcome, "resolveUndefined"))
    call->value = eval_template (runner, json_object_get_member (outcome, "value"), env);

  ref->call = call;
  ref->refs = 1;
  call->timer = tq_clock_add_timeout_full (TQ_CLOCK (runner->clock), after,
                                           on_call_timer_ref, ref, call_unref);

  if (call->cancellable != NULL)
    {
      ref->refs++;
      call->cancel_handler = g_cancellable_connect (call->cancellable, G_CALLBACK (on_cancelled),
                                                    ref, call_unref);
    }
}

static void
script_query_fn (TqQueryFunctionContext *context,
                 gpointer                user_data)
{
  Script *script = user_data;
  Runner *runner = script->runner;
  TemplateEnv env = { 0 };
  JsonObject *line;
  const GValue *page_param;
  GVariant *meta;
  PendingCall *call;

  if (runner->closing)
    {
      tq_query_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_CANCELLED, "closing");
      return;
    }

  script->calls++;
  env.call = rj_int (script->calls);
  env.key = key_to_json (tq_query_function_context_get_query_key (context));
  meta = tq_query_function_context_get_meta (context);
  env.meta = meta != NULL ? json_gvariant_serialize (meta) : NULL;

  line = json_object_new ();
  json_object_set_string_member (line, "ev", "call");
  json_object_set_string_member (line, "fn", script->name);
  json_object_set_int_member (line, "n", script->calls);
  json_object_set_member (line, "key", json_node_ref (env.key));

  page_param = tq_query_function_context_get_page_param (context);
  if (G_IS_VALUE (page_param))
    {
      env.page_param = rj_from_value (page_param);
      json_object_set_member (line, "pageParam", env.page_param ? rj_deep_copy (env.page_param) : rj_null ());
    }
  runner_add_activity (runner, line);

  call = g_new0 (PendingCall, 1);
  call->runner = runner;
  call->query_context = g_object_ref (context);
  if (script->signal)
    call->cancellable = g_object_ref (tq_query_function_context_get_cancellable (context));

  start_call (script, call, outcome_for (script, script->calls), &env);
  template_env_clear (&env);
}

static void
script_mutation_fn (TqMutationFunctionContext *context,
                    gpointer                   user_data)
{
  Script *script = user_data;
  Runner *runner = script->runner;
  TemplateEnv env = { 0 };
  JsonObject *line;
  GVariant *key, *meta;
  PendingCall *call;

  if (runner->closing)
    {
      tq_mutation_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_CANCELLED, "closing");
      return;
    }

  script->calls++;
  env.call = rj_int (script->calls);
  env.variables = rj_from_value (tq_mutation_function_context_get_variables (context));
  key = tq_mutation_function_context_get_mutation_key (context);
  env.key = key != NULL ? key_to_json (key) : NULL;
  meta = tq_mutation_function_context_get_meta (context);
  env.meta = meta != NULL ? json_gvariant_serialize (meta) : NULL;

  line = json_object_new ();
  json_object_set_string_member (line, "ev", "call");
  json_object_set_string_member (line, "fn", script->name);
  json_object_set_int_member (line, "n", script->calls);
  if (env.variables != NULL)
    json_object_set_member (line, "variables", rj_deep_copy (env.variables));
  runner_add_activity (runner, line);

  call = g_new0 (PendingCall, 1);
  call->runner = runner;
  call->mutation_context = g_object_ref (context);

  start_call (script, call, outcome_for (script, script->calls), &env);
  template_env_clear (&env);
}

static Script *
lookup_script (Runner     *runner,
               const char *name)
{
  Script *script = g_hash_table_lookup (runner->scripts, name);

  if (script == NULL)
    runner_fail (runner, "no function \"%s\"", name);

  return script;
}

/* }}} */
/* {{{ Function-valued options */

static gboolean
flag_enabled (TqQuery  *query,
              gpointer  user_data)
{
  Interned *interned = user_data;
  const char *flag = json_object_get_string_member (json_node_get_object (interned->spec), "flag");

  return GPOINTER_TO_INT (g_hash_table_lookup (interned->runner->flags, flag));
}

static gboolean
retry_object (guint         failure_count,
              const GError *error,
              gpointer      user_data)
{
  Interned *interned = user_data;
  JsonObject *spec = json_node_get_object (interned->spec);
  g_autofree char *text = error_text (error);

  if ((gint64) failure_count >= json_object_get_int_member (spec, "max"))
    return FALSE;

  if (json_object_has_member (spec, "unless"))
    {
      JsonArray *unless = json_object_get_array_member (spec, "unless");

      for (guint i = 0; i < json_array_get_length (unless); i++)
        if (g_strcmp0 (json_array_get_string_element (unless, i), text) == 0)
          return FALSE;
    }

  return TRUE;
}

static gint64
retry_delay_list (guint         failure_count,
                  const GError *error,
                  gpointer      user_data)
{
  Interned *interned = user_data;
  JsonArray *list = json_object_get_array_member (json_node_get_object (interned->spec), "byFailureCount");
  guint len = json_array_get_length (list);

  return json_array_get_int_element (list, MIN (failure_count, len - 1));
}

static void
page_param_rule (JsonNode  *page,
                 JsonArray *pages,
                 JsonNode  *page_param,
                 JsonArray *page_params,
                 GValue    *result,
                 gpointer   user_data)
{
  Interned *interned = user_data;
  JsonObject *rule = json_node_get_object (interned->spec);
  JsonNode *next = NULL;

  if (json_object_has_member (rule, "none"))
    next = rj_null ();
  else if (json_object_has_member (rule, "field"))
    {
      JsonNode *found = rj_get_path (page, json_object_get_array_member (rule, "field"));

      next = found != NULL ? rj_deep_copy (found) : rj_null ();
    }
  else if (!rj_is_int (page_param))
    next = rj_null ();
  else
    {
      gint64 n = json_node_get_int (page_param) + json_object_get_int_member (rule, "add");

      if ((json_object_has_member (rule, "min") && n < json_object_get_int_member (rule, "min")) ||
          (json_object_has_member (rule, "max") && n > json_object_get_int_member (rule, "max")))
        next = rj_null ();
      else
        next = rj_int (n);
    }

  g_value_init (result, JSON_TYPE_NODE);
  g_value_take_boxed (result, next);
}

static gboolean
select_fn (const GValue  *data,
           GValue        *result,
           gpointer       user_data,
           GError       **error)
{
  Interned *interned = user_data;
  JsonObject *spec = json_node_get_object (interned->spec);
  g_autoptr(JsonNode) json = rj_from_value (data);
  JsonNode *found;

  if (interned->observer != NULL)
    interned->observer->select_runs++;

  if (json_object_has_member (spec, "throw"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, json_object_get_string_member (spec, "throw"));
      return FALSE;
    }

  found = rj_get_path (json, json_object_get_array_member (spec, "path"));
  if (found == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "$selectPath");
      return FALSE;
    }

  rj_to_value (rj_deep_copy (found), result);
  json_node_unref (g_value_get_boxed (result));
  return TRUE;
}

static gint64
ms_value (JsonNode *node)
{
  if (rj_is_string (node))
    {
      const char *text = json_node_get_string (node);

      if (g_str_equal (text, "Infinity"))
        return TQ_TIME_INFINITE;
      if (g_str_equal (text, "static"))
        return TQ_STALE_TIME_STATIC;
    }

  return json_node_get_int (node);
}

static TqRefetchMode
refetch_mode (JsonNode *node)
{
  if (rj_is_string (node))
    return TQ_REFETCH_ALWAYS;

  return json_node_get_boolean (node) ? TQ_REFETCH_IF_STALE : TQ_REFETCH_NEVER;
}

static TqNetworkMode
network_mode (const char *text)
{
  if (g_str_equal (text, "always"))
    return TQ_NETWORK_MODE_ALWAYS;
  if (g_str_equal (text, "offlineFirst"))
    return TQ_NETWORK_MODE_OFFLINE_FIRST;
  return TQ_NETWORK_MODE_ONLINE;
}

static GVariant *
meta_variant (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  GVariant *meta = json_gvariant_deserialize (node, "a{sv}", &error);

  if (meta != NULL)
    g_variant_ref_sink (meta);
  else
    g_printerr ("tq-conformance-runner: bad meta: %s\n", error->message);

  return meta;
}

static void
set_retry (Runner            *runner,
           Observer          *observer,
           JsonNode          *v,
           TqQueryOptions    *query_options,
           TqMutationOptions *mutation_options)
{
  if (JSON_NODE_HOLDS_OBJECT (v))
    {
      Interned *interned = intern (runner, observer, "retry", v);

      if (query_options != NULL)
        tq_query_options_set_retry_func (query_options, retry_object, interned, NULL);
      else
        tq_mutation_options_set_retry_func (mutation_options, retry_object, interned, NULL);
      return;
    }

  {
    int retry = rj_is_bool (v) ? (json_node_get_boolean (v) ? TQ_RETRY_FOREVER : 0)
                               : (int) json_node_get_int (v);

    if (query_options != NULL)
      tq_query_options_set_retry (query_options, retry);
    else
      tq_mutation_options_set_retry (mutation_options, retry);
  }
}

static void
set_retry_delay (Runner            *runner,
                 Observer          *observer,
                 JsonNode          *v,
                 TqQueryOptions    *query_options,
                 TqMutationOptions *mutation_options)
{
  if (JSON_NODE_HOLDS_OBJECT (v))
    {
      Interned *interned = intern (runner, observer, "retryDelay", v);

      if (query_options != NULL)
        tq_query_options_set_retry_delay_func (query_options, retry_delay_list, interned, NULL);
      else
        tq_mutation_options_set_retry_delay_func (mutation_options, retry_delay_list, interned, NULL);
      return;
    }

  if (query_options != NULL)
    tq_query_options_set_retry_delay (query_options, json_node_get_int (v));
  else
    tq_mutation_options_set_retry_delay (mutation_options, json_node_get_int (v));
}

/* }}} */
/* {{{ Query options (README.md section 6.1) */

TqQueryOptions *
build_query_options (Runner     *runner,
                     JsonObject *spec,
                     Observer   *observer)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (NULL);
  g_autoptr(GList) members = json_object_get_members (spec);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *k = l->data;
      JsonNode *v = json_object_get_member (spec, k);

      if (g_str_equal (k, "queryKey"))
        {
          g_autoptr(GVariant) key = key_from_json (v);

          if (key != NULL)
            tq_query_options_set_query_key (options, key);
        }
      else if (g_str_equal (k, "queryFn"))
        {
          const char *name = json_node_get_string (v);

          if (g_str_equal (name, "$skipToken"))
            tq_query_options_set_skip_token (options);
          else
            {
              Script *script = lookup_script (runner, name);

              if (script != NULL)
                tq_query_options_set_query_func (options, script_query_fn, script, NULL);
            }
        }
      else if (g_str_equal (k, "enabled"))
        {
          if (rj_is_bool (v))
            tq_query_options_set_enabled (options, json_node_get_boolean (v));
          else
            tq_query_options_set_enabled_func (options, flag_enabled, intern (runner, observer, k, v), NULL);
        }
      else if (g_str_equal (k, "staleTime"))
        tq_query_options_set_stale_time (options, ms_value (v));
      else if (g_str_equal (k, "gcTime"))
        tq_query_options_set_gc_time (options, ms_value (v));
      else if (g_str_equal (k, "retry"))
        set_retry (runner, observer, v, options, NULL);
      else if (g_str_equal (k, "retryDelay"))
        set_retry_delay (runner, observer, v, options, NULL);
      else if (g_str_equal (k, "networkMode"))
        tq_query_options_set_network_mode (options, network_mode (json_node_get_string (v)));
      else if (g_str_equal (k, "select"))
        {
          if (observer != NULL)
            observer->has_select = TRUE;
          tq_query_options_set_select_func (options, select_fn, intern (runner, observer, k, v), NULL);
        }
      else if (g_str_equal (k, "placeholderData"))
        {
          if (rj_is_string (v))
            tq_query_options_set_keep_previous_data (options);
          else
            {
              Interned *interned = intern (runner, observer, k, v);
              g_auto(GValue) value = G_VALUE_INIT;

              if (interned->value == NULL)
                interned->value = rj_deep_copy (json_object_get_member (json_node_get_object (v), "value"));
              rj_to_value (interned->value, &value);
              tq_query_options_set_placeholder_data (options, &value);
            }
        }
      else if (g_str_equal (k, "initialData"))
        {
          Interned *interned = intern (runner, observer, k, v);
          g_auto(GValue) value = G_VALUE_INIT;

          if (interned->value == NULL)
            {
              TemplateEnv env = { 0 };

              interned->value = eval_template (runner, v, &env);
            }
          if (interned->value != NULL)
            {
              rj_to_value (interned->value, &value);
              tq_query_options_set_initial_data (options, &value);
            }
        }
      else if (g_str_equal (k, "initialDataUpdatedAt"))
        tq_query_options_set_initial_data_updated_at (options, RUNNER_EPOCH + json_node_get_int (v));
      else if (g_str_equal (k, "refetchInterval"))
        tq_query_options_set_refetch_interval (options, rj_is_bool (v) ? 0 : json_node_get_int (v));
      else if (g_str_equal (k, "refetchIntervalInBackground"))
        tq_query_options_set_refetch_interval_in_background (options, json_node_get_boolean (v));
      else if (g_str_equal (k, "refetchOnMount"))
        tq_query_options_set_refetch_on_mount (options, refetch_mode (v));
      else if (g_str_equal (k, "refetchOnWindowFocus"))
        tq_query_options_set_refetch_on_window_focus (options, refetch_mode (v));
      else if (g_str_equal (k, "refetchOnReconnect"))
        tq_query_options_set_refetch_on_reconnect (options, refetch_mode (v));
      else if (g_str_equal (k, "retryOnMount"))
        tq_query_options_set_retry_on_mount (options, json_node_get_boolean (v));
      else if (g_str_equal (k, "notifyOnChangeProps"))
        {
          if (rj_is_string (v))
            tq_query_options_set_notify_on_change_props (options, NULL);
          else
            {
              JsonArray *props = json_node_get_array (v);
              g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
              g_auto(GStrv) names = NULL;

              /* TanStack's field names are the properties' in camel case. */
              for (guint i = 0; i < json_array_get_length (props); i++)
                {
                  const char *name = json_array_get_string_element (props, i);
                  g_autoptr(GString) kebab = g_string_new (NULL);

                  for (const char *p = name; *p != '\0'; p++)
                    {
                      if (g_ascii_isupper (*p))
                        g_string_append_c (kebab, '-');
                      g_string_append_c (kebab, g_ascii_tolower (*p));
                    }
                  g_strv_builder_add (builder, kebab->str);
                }
              names = g_strv_builder_end (builder);
              tq_query_options_set_notify_on_change_props (options, (const char * const *) names);
            }
        }
      else if (g_str_equal (k, "structuralSharing"))
        tq_query_options_set_structural_sharing (options, json_node_get_boolean (v));
      else if (g_str_equal (k, "meta"))
        {
          g_autoptr(GVariant) meta = meta_variant (v);

          if (meta != NULL)
            tq_query_options_set_meta (options, meta);
        }
      else if (g_str_equal (k, "initialPageParam"))
        {
          Interned *interned = intern (runner, observer, k, v);
          g_auto(GValue) value = G_VALUE_INIT;

          if (interned->value == NULL)
            interned->value = rj_deep_copy (v);
          rj_to_value (interned->value, &value);
          tq_query_options_set_initial_page_param (options, &value);
        }
      else if (g_str_equal (k, "getNextPageParam"))
        tq_query_options_set_get_next_page_param_func (options, page_param_rule,
                                                       intern (runner, observer, k, v), NULL);
      else if (g_str_equal (k, "getPreviousPageParam"))
        tq_query_options_set_get_previous_page_param_func (options, page_param_rule,
                                                           intern (runner, observer, k, v), NULL);
      else if (g_str_equal (k, "maxPages"))
        tq_query_options_set_max_pages (options, json_node_get_int (v));
      else if (g_str_equal (k, "pages"))
        tq_query_options_set_pages (options, json_node_get_int (v));
      else if (g_str_equal (k, "revalidateIfStale"))
        ; /* a parameter of ensure_query_data_async(), not an option */
      else
        runner_unsupported (runner, "query option %s", k);
    }

  return g_steal_pointer (&options);
}

/* }}} */
/* {{{ Hooks (README.md section 6.4) */

static Interned *
intern_hook (Runner     *runner,
             Observer   *observer,
             const char *field,
             const char *name,
             JsonNode   *spec)
{
  Interned *interned = intern (runner, observer, field, spec);

  if (interned->hook.name == NULL)
    {
      interned->hook.runner = runner;
      interned->hook.name = g_strdup (name);
      interned->hook.spec = interned->spec;
    }

  return interned;
}

/* A hook returns a promise (TanStack awaits mutation hooks) when it waits
 * for something: `after`, or an awaited step.
 */
gboolean
hook_is_async (Hook *hook)
{
  JsonObject *spec = json_node_get_object (hook->spec);

  if (json_object_has_member (spec, "after"))
    return TRUE;

  if (json_object_has_member (spec, "do"))
    {
      JsonArray *steps = json_object_get_array_member (spec, "do");

      for (guint i = 0; i < json_array_get_length (steps); i++)
        {
          JsonObject *step = json_array_get_object_element (steps, i);

          if (json_object_has_member (step, "await") && json_object_get_boolean_member (step, "await"))
            return TRUE;
        }
    }

  return FALSE;
}

void
hook_args_clear (HookArgs *args)
{
  g_clear_pointer (&args->query_key, json_node_unref);
  g_clear_pointer (&args->ctx_key, json_node_unref);
  g_clear_pointer (&args->ctx_meta, json_node_unref);
  g_clear_pointer (&args->variables, json_node_unref);
  g_clear_pointer (&args->data, json_node_unref);
  g_clear_pointer (&args->context, json_node_unref);
}

static void
hook_record (Hook        *hook,
             HookArgs    *args,
             TemplateEnv *env)
{
  JsonObject *line = json_object_new ();

  json_object_set_string_member (line, "ev", "hook");
  json_object_set_string_member (line, "hook", hook->name);
  if (args->mutation_id != 0)
    json_object_set_int_member (line, "mutation", args->mutation_id);
  if (args->query_key != NULL)
    json_object_set_member (line, "key", rj_deep_copy (args->query_key));
  if (args->has_variables && args->variables != NULL)
    json_object_set_member (line, "variables", rj_deep_copy (args->variables));
  if (args->has_data && args->data != NULL)
    json_object_set_member (line, "data", rj_deep_copy (args->data));
  if (args->has_error)
    json_object_set_member (line, "error", error_node (args->error));
  if (args->has_context && args->context != NULL)
    json_object_set_member (line, "context", rj_deep_copy (args->context));
  runner_add_activity (hook->runner, line);

  if (args->has_variables && args->variables != NULL)
    env->variables = json_node_ref (args->variables);
  if (args->has_data && args->data != NULL)
    env->data = json_node_ref (args->data);
  if (args->has_error && args->error != NULL)
    env->error = error_node (args->error);
  if (args->has_context && args->context != NULL)
    env->context = json_node_ref (args->context);
  if (args->query_key != NULL)
    env->key = json_node_ref (args->query_key);
  else if (args->ctx_key != NULL)
    env->key = json_node_ref (args->ctx_key);
  if (args->ctx_meta != NULL)
    env->meta = json_node_ref (args->ctx_meta);
}

/* One run of a hook: its `do` steps in order (waiting for the awaited
 * ones), then `after`, then it returns or throws.
 */
typedef struct
{
  Runner      *runner;
  Hook         hook;     /* a copy: the run may outlive the caller's */
  TemplateEnv  env;
  JsonNode    *returned;
  guint        next_step;
  HookDone     done;
  gpointer     done_data;
} HookRun;

static void hook_run_continue (HookRun *run);

static void
hook_run_finish (HookRun      *run,
                 const GError *error)
{
  JsonObject *spec = json_node_get_object (run->hook.spec);
  g_autoptr(GError) thrown = NULL;

  if (error == NULL && json_object_has_member (spec, "throw"))
    {
      g_autofree char *message = interpolate (json_object_get_string_member (spec, "throw"), &run->env);

      thrown = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);
      error = thrown;
    }

  run->done (run->done_data, error ? NULL : run->returned, error);

  template_env_clear (&run->env);
  g_clear_pointer (&run->returned, json_node_unref);
  g_free (run->hook.name);
  json_node_unref (run->hook.spec);
  g_free (run);
}

typedef struct
{
  HookRun *run;
  GError  *error;
} HookResume;

static gboolean
hook_resume (gpointer data)
{
  HookResume *resume = data;

  /* An awaited rejection makes the hook throw it. */
  if (resume->error != NULL)
    hook_run_finish (resume->run, resume->error);
  else
    hook_run_continue (resume->run);

  g_clear_error (&resume->error);
  g_free (resume);
  return G_SOURCE_REMOVE;
}

/* `await` goes on a reaction after the promise settled: a turn later. */
static void
on_hook_step_settled (gpointer      data,
                      JsonNode     *value,
                      const GError *error)
{
  HookResume *resume = g_new0 (HookResume, 1);

  resume->run = data;
  resume->error = error ? g_error_copy (error) : NULL;
  g_idle_add_full (G_PRIORITY_DEFAULT, hook_resume, resume, NULL);
}

static gboolean
on_hook_after (gpointer data)
{
  hook_run_finish (data, NULL);
  return G_SOURCE_REMOVE;
}

static void
hook_run_continue (HookRun *run)
{
  JsonObject *spec = json_node_get_object (run->hook.spec);
  JsonArray *steps = json_object_has_member (spec, "do") ? json_object_get_array_member (spec, "do") : NULL;

  while (steps != NULL && run->next_step < json_array_get_length (steps) && !run->runner->closing)
    {
      JsonObject *step = json_array_get_object_element (steps, run->next_step++);
      gboolean await = json_object_has_member (step, "await") && json_object_get_boolean_member (step, "await");
      g_autoptr(JsonNode) result = NULL;
      OpKind kind;

      kind = run_client_op (run->runner, step, NULL, &run->env,
                            await ? on_hook_step_settled : NULL, await ? run : NULL, &result);

      if (kind == OP_THREW)
        {
          g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED,
                                                         json_node_get_string (result));

          hook_run_finish (run, error);
          return;
        }
      if (await && kind == OP_PROMISE)
        return;
    }

  if (json_object_has_member (spec, "after") && !run->runner->closing)
    tq_clock_add_timeout (TQ_CLOCK (run->runner->clock), json_object_get_int_member (spec, "after"),
                          on_hook_after, run);
  else
    hook_run_finish (run, NULL);
}

void
hook_run (Hook     *hook,
          HookArgs *args,
          HookDone  done,
          gpointer  done_data)
{
  JsonObject *spec = json_node_get_object (hook->spec);
  HookRun *run = g_new0 (HookRun, 1);

  run->runner = hook->runner;
  run->hook.runner = hook->runner;
  run->hook.name = g_strdup (hook->name);
  run->hook.spec = json_node_ref (hook->spec);
  run->done = done;
  run->done_data = done_data;

  if (hook->runner->closing)
    {
      hook_run_finish (run, NULL);
      return;
    }

  hook_record (hook, args, &run->env);

  /* Evaluated when the hook starts: a snapshot (README.md section 6.4) */
  if (json_object_has_member (spec, "returns"))
    run->returned = eval_template (hook->runner, json_object_get_member (spec, "returns"), &run->env);

  hook_run_continue (run);
}

typedef struct
{
  gboolean  done;
  JsonNode *returned;
  GError   *error;
} SyncOutcome;

static void
sync_outcome_done (gpointer      data,
                   JsonNode     *returned,
                   const GError *error)
{
  SyncOutcome *outcome = data;

  outcome->done = TRUE;
  outcome->returned = returned ? json_node_ref (returned) : NULL;
  outcome->error = error ? g_error_copy (error) : NULL;
}

/* A hook that does not wait completes during the call. */
static JsonNode *
hook_run_sync (Hook      *hook,
               HookArgs  *args,
               GError   **error)
{
  SyncOutcome outcome = { 0 };

  hook_run (hook, args, sync_outcome_done, &outcome);
  g_assert (outcome.done);

  if (outcome.error != NULL)
    g_propagate_error (error, outcome.error);

  return outcome.returned;
}

static void
ignore_hook_outcome (gpointer      data,
                     JsonNode     *returned,
                     const GError *error)
{
}

/* A hook whose promise nobody awaits (the query cache's, mutate()'s) */
void
hook_run_unawaited (Hook     *hook,
                    HookArgs *args)
{
  hook_run (hook, args, ignore_hook_outcome, NULL);
}

/* {{{ Mutation hooks: TanStack's argument lists (README.md section 8.2) */

static void
mutation_args (HookArgs     *args,
               Hook         *hook,
               TqMutation   *mutation,
               const GValue *variables,
               const GValue *data,
               const GError *error,
               const GValue *context)
{
  TqMutationOptions *options = tq_mutation_get_options (mutation);
  GVariant *key = tq_mutation_options_get_mutation_key (options);
  GVariant *meta = tq_mutation_options_get_meta (options);
  const char *name = strchr (hook->name, '.') + 1;

  if (g_str_has_prefix (hook->name, "mutationCache."))
    args->mutation_id = tq_mutation_get_mutation_id (mutation);
  args->ctx_key = key != NULL ? key_to_json (key) : NULL;
  args->ctx_meta = meta != NULL ? json_gvariant_serialize (meta) : NULL;
  args->has_variables = TRUE;
  args->variables = rj_from_value (variables);

  if (g_str_equal (name, "onMutate"))
    return;

  args->has_context = TRUE;
  args->context = rj_from_value (context);
  if (g_str_equal (name, "onSuccess") || g_str_equal (name, "onSettled"))
    {
      args->has_data = TRUE;
      args->data = rj_from_value (data);
    }
  if (g_str_equal (name, "onError") || g_str_equal (name, "onSettled"))
    {
      args->has_error = TRUE;
      args->error = error;
    }
}

static gboolean
run_mutation_hook (Hook     *hook,
                   HookArgs *args,
                   GValue   *returned_value,
                   GError  **error)
{
  g_autoptr(JsonNode) returned = hook_run_sync (hook, args, error);

  hook_args_clear (args);

  if (error != NULL && *error != NULL)
    return FALSE;

  if (returned_value != NULL)
    rj_to_value (returned, returned_value);

  return TRUE;
}

static gboolean
on_mutate_hook (TqMutation    *mutation,
                const GValue  *variables,
                GValue        *context,
                gpointer       user_data,
                GError       **error)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  mutation_args (&args, &interned->hook, mutation, variables, NULL, NULL, NULL);

  return run_mutation_hook (&interned->hook, &args, context, error);
}

static gboolean
on_success_hook (TqMutation    *mutation,
                 const GValue  *data,
                 const GValue  *variables,
                 const GValue  *context,
                 gpointer       user_data,
                 GError       **error)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  mutation_args (&args, &interned->hook, mutation, variables, data, NULL, context);

  return run_mutation_hook (&interned->hook, &args, NULL, error);
}

static gboolean
on_error_hook (TqMutation    *mutation,
               const GError  *mutation_error,
               const GValue  *variables,
               const GValue  *context,
               gpointer       user_data,
               GError       **error)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  mutation_args (&args, &interned->hook, mutation, variables, NULL, mutation_error, context);

  return run_mutation_hook (&interned->hook, &args, NULL, error);
}

static gboolean
on_settled_hook (TqMutation    *mutation,
                 const GValue  *data,
                 const GError  *mutation_error,
                 const GValue  *variables,
                 const GValue  *context,
                 gpointer       user_data,
                 GError       **error)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  mutation_args (&args, &interned->hook, mutation, variables, data, mutation_error, context);

  return run_mutation_hook (&interned->hook, &args, NULL, error);
}

/* Hooks that wait: Tq's asynchronous callbacks, awaited as TanStack awaits
 * the promise such a hook returns.
 */
static void
complete_callback (gpointer      data,
                   JsonNode     *returned,
                   const GError *error)
{
  g_autoptr(TqMutationCallbackContext) context = data;
  g_auto(GValue) value = G_VALUE_INIT;

  if (error != NULL)
    {
      tq_mutation_callback_context_return_error (context, g_error_copy (error));
      return;
    }

  rj_to_value (returned, &value);
  tq_mutation_callback_context_return_value (context, G_IS_VALUE (&value) ? &value : NULL);
}

static void
async_hook (TqMutationCallbackContext *context,
            gpointer                   user_data)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  mutation_args (&args, &interned->hook,
                 tq_mutation_callback_context_get_mutation (context),
                 tq_mutation_callback_context_get_variables (context),
                 tq_mutation_callback_context_get_data (context),
                 tq_mutation_callback_context_get_error (context),
                 tq_mutation_callback_context_get_on_mutate_result (context));
  hook_run (&interned->hook, &args, complete_callback, g_object_ref (context));
  hook_args_clear (&args);
}

typedef void (*SetHookFunc)  (gpointer, gpointer, gpointer, GDestroyNotify);

/* Sets a mutation hook on options or on the cache, as a function or, if
 * it waits, as an asynchronous function.
 */
static void
set_mutation_hook (gpointer    target,
                   Interned   *interned,
                   const char *which,
                   gboolean    cache)
{
  gboolean wait = hook_is_async (&interned->hook);

  if (g_str_equal (which, "onMutate"))
    {
      if (cache && wait)
        tq_mutation_cache_set_on_mutate_async_func (target, async_hook, interned, NULL);
      else if (cache)
        tq_mutation_cache_set_on_mutate_func (target, on_mutate_hook, interned, NULL);
      else if (wait)
        tq_mutation_options_set_on_mutate_async_func (target, async_hook, interned, NULL);
      else
        tq_mutation_options_set_on_mutate_func (target, on_mutate_hook, interned, NULL);
    }
  else if (g_str_equal (which, "onSuccess"))
    {
      if (cache && wait)
        tq_mutation_cache_set_on_success_async_func (target, async_hook, interned, NULL);
      else if (cache)
        tq_mutation_cache_set_on_success_func (target, on_success_hook, interned, NULL);
      else if (wait)
        tq_mutation_options_set_on_success_async_func (target, async_hook, interned, NULL);
      else
        tq_mutation_options_set_on_success_func (target, on_success_hook, interned, NULL);
    }
  else if (g_str_equal (which, "onError"))
    {
      if (cache && wait)
        tq_mutation_cache_set_on_error_async_func (target, async_hook, interned, NULL);
      else if (cache)
        tq_mutation_cache_set_on_error_func (target, on_error_hook, interned, NULL);
      else if (wait)
        tq_mutation_options_set_on_error_async_func (target, async_hook, interned, NULL);
      else
        tq_mutation_options_set_on_error_func (target, on_error_hook, interned, NULL);
    }
  else
    {
      if (cache && wait)
        tq_mutation_cache_set_on_settled_async_func (target, async_hook, interned, NULL);
      else if (cache)
        tq_mutation_cache_set_on_settled_func (target, on_settled_hook, interned, NULL);
      else if (wait)
        tq_mutation_options_set_on_settled_async_func (target, async_hook, interned, NULL);
      else
        tq_mutation_options_set_on_settled_func (target, on_settled_hook, interned, NULL);
    }
}

/* }}} */

/* The query cache's hooks: signals of TqQueryCache, not awaited. */

static void
query_args (HookArgs *args,
            TqQuery  *query)
{
  GVariant *meta = tq_query_options_get_meta (tq_query_get_options (query));

  args->query_key = key_to_json (tq_query_get_key (query));
  args->ctx_meta = meta != NULL ? json_gvariant_serialize (meta) : NULL;
}

static void
on_query_success (TqQueryCache *cache,
                  TqQuery      *query,
                  const GValue *data,
                  gpointer      user_data)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  query_args (&args, query);
  args.has_data = TRUE;
  args.data = rj_from_value (data);
  hook_run_unawaited (&interned->hook, &args);
  hook_args_clear (&args);
}

static void
on_query_error (TqQueryCache *cache,
                TqQuery      *query,
                const GError *query_error,
                gpointer      user_data)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  query_args (&args, query);
  args.has_error = TRUE;
  args.error = query_error;
  hook_run_unawaited (&interned->hook, &args);
  hook_args_clear (&args);
}

static void
on_query_settled (TqQueryCache *cache,
                  TqQuery      *query,
                  const GValue *data,
                  const GError *query_error,
                  gpointer      user_data)
{
  Interned *interned = user_data;
  HookArgs args = { 0 };

  query_args (&args, query);
  args.has_data = TRUE;
  args.data = rj_from_value (data);
  args.has_error = TRUE;
  args.error = query_error;
  hook_run_unawaited (&interned->hook, &args);
  hook_args_clear (&args);
}

void
setup_cache_hooks (Runner *runner)
{
  JsonObject *client = json_object_has_member (runner->scenario, "client")
                         ? json_object_get_object_member (runner->scenario, "client") : NULL;
  JsonObject *qc, *mc;
  TqQueryCache *query_cache = tq_query_client_get_query_cache (runner->client);
  TqMutationCache *mutation_cache = tq_query_client_get_mutation_cache (runner->client);

  if (client == NULL)
    return;

  qc = json_object_has_member (client, "queryCache") ? json_object_get_object_member (client, "queryCache") : NULL;
  mc = json_object_has_member (client, "mutationCache") ? json_object_get_object_member (client, "mutationCache") : NULL;

  if (qc != NULL)
    {
      static const struct { const char *name; const char *signal; GCallback callback; } hooks[] = {
        { "onSuccess", "success", G_CALLBACK (on_query_success) },
        { "onError", "error", G_CALLBACK (on_query_error) },
        { "onSettled", "settled", G_CALLBACK (on_query_settled) },
      };

      for (guint i = 0; i < G_N_ELEMENTS (hooks); i++)
        if (json_object_has_member (qc, hooks[i].name))
          {
            g_autofree char *name = g_strconcat ("queryCache.", hooks[i].name, NULL);
            Interned *interned = intern_hook (runner, NULL, hooks[i].name, name,
                                              json_object_get_member (qc, hooks[i].name));

            g_signal_connect (query_cache, hooks[i].signal, hooks[i].callback, interned);
          }
    }

  if (mc != NULL)
    {
      static const char * const names[] = { "onMutate", "onSuccess", "onError", "onSettled" };

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        if (json_object_has_member (mc, names[i]))
          {
            g_autofree char *name = g_strconcat ("mutationCache.", names[i], NULL);

            set_mutation_hook (mutation_cache,
                               intern_hook (runner, NULL, names[i], name, json_object_get_member (mc, names[i])),
                               names[i], TRUE);
          }
    }
}

/* }}} */
/* {{{ Mutation options (README.md section 6.3) */

TqMutationOptions *
build_mutation_options (Runner     *runner,
                        JsonObject *spec,
                        Observer   *observer)
{
  g_autoptr(TqMutationOptions) options = tq_mutation_options_new (NULL);
  g_autoptr(GList) members = json_object_get_members (spec);

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *k = l->data;
      JsonNode *v = json_object_get_member (spec, k);

      if (g_str_equal (k, "mutationKey"))
        {
          g_autoptr(GVariant) key = key_from_json (v);

          if (key != NULL)
            tq_mutation_options_set_mutation_key (options, key);
        }
      else if (g_str_equal (k, "mutationFn"))
        {
          Script *script = lookup_script (runner, json_node_get_string (v));

          if (script != NULL)
            tq_mutation_options_set_mutation_func (options, script_mutation_fn, script, NULL);
        }
      else if (g_str_equal (k, "retry"))
        set_retry (runner, observer, v, NULL, options);
      else if (g_str_equal (k, "retryDelay"))
        set_retry_delay (runner, observer, v, NULL, options);
      else if (g_str_equal (k, "networkMode"))
        tq_mutation_options_set_network_mode (options, network_mode (json_node_get_string (v)));
      else if (g_str_equal (k, "gcTime"))
        tq_mutation_options_set_gc_time (options, ms_value (v));
      else if (g_str_equal (k, "scope"))
        tq_mutation_options_set_scope_id (options, json_object_get_string_member (json_node_get_object (v), "id"));
      else if (g_str_equal (k, "meta"))
        {
          g_autoptr(GVariant) meta = meta_variant (v);

          if (meta != NULL)
            tq_mutation_options_set_meta (options, meta);
        }
      else if (g_str_equal (k, "onMutate") || g_str_equal (k, "onSuccess") ||
               g_str_equal (k, "onError") || g_str_equal (k, "onSettled"))
        {
          g_autofree char *name = g_strconcat ("mutation.", k, NULL);

          set_mutation_hook (options, intern_hook (runner, observer, k, name, v), k, FALSE);
        }
      else
        runner_unsupported (runner, "mutation option %s", k);
    }

  return g_steal_pointer (&options);
}

/* }}} */
/* {{{ Filters and predicates (README.md section 6.5) */

static gboolean
query_predicate (JsonObject *p,
                 TqQuery    *query)
{
  TqQueryState *state = tq_query_get_state (query);

  if (json_object_has_member (p, "status"))
    {
      static const char *names[] = { "pending", "error", "success" };

      if (!g_str_equal (names[tq_query_state_get_status (state)], json_object_get_string_member (p, "status")))
        return FALSE;
    }
  if (json_object_has_member (p, "fetchStatus"))
    {
      static const char *names[] = { "idle", "fetching", "paused" };

      if (!g_str_equal (names[tq_query_state_get_fetch_status (state)], json_object_get_string_member (p, "fetchStatus")))
        return FALSE;
    }
  if (json_object_has_member (p, "isInvalidated") &&
      tq_query_state_get_is_invalidated (state) != json_object_get_boolean_member (p, "isInvalidated"))
    return FALSE;
  if (json_object_has_member (p, "hasData") &&
      tq_query_state_has_data (state) != json_object_get_boolean_member (p, "hasData"))
    return FALSE;
  if (json_object_has_member (p, "isActive") &&
      tq_query_is_active (query) != json_object_get_boolean_member (p, "isActive"))
    return FALSE;
  if (json_object_has_member (p, "observerCount") &&
      (gint64) tq_query_get_observers_count (query) != json_object_get_int_member (p, "observerCount"))
    return FALSE;
  if (json_object_has_member (p, "keyPrefix"))
    {
      g_autoptr(GVariant) prefix = key_from_json (json_object_get_member (p, "keyPrefix"));

      if (prefix == NULL || !tq_key_partial_match (tq_query_get_key (query), prefix))
        return FALSE;
    }
  if (json_object_has_member (p, "keyLength") &&
      (gint64) g_variant_n_children (tq_query_get_key (query)) != json_object_get_int_member (p, "keyLength"))
    return FALSE;
  if (json_object_has_member (p, "dataEquals"))
    {
      g_autoptr(JsonNode) data = rj_from_value (tq_query_state_get_data (state));

      if (!rj_equal (data, json_object_get_member (p, "dataEquals")))
        return FALSE;
    }
  if (json_object_has_member (p, "not") &&
      query_predicate (json_object_get_object_member (p, "not"), query))
    return FALSE;
  if (json_object_has_member (p, "anyOf"))
    {
      JsonArray *any = json_object_get_array_member (p, "anyOf");
      gboolean one = FALSE;

      for (guint i = 0; i < json_array_get_length (any) && !one; i++)
        one = query_predicate (json_array_get_object_element (any, i), query);
      if (!one)
        return FALSE;
    }

  return TRUE;
}

static gboolean
query_predicate_cb (TqQuery  *query,
                    gpointer  user_data)
{
  return query_predicate (json_node_get_object (user_data), query);
}

TqQueryFilters *
build_query_filters (Runner     *runner,
                     JsonObject *spec)
{
  g_autoptr(TqQueryFilters) filters = tq_query_filters_new (NULL);
  g_autoptr(GList) members = NULL;

  if (spec == NULL)
    return g_steal_pointer (&filters);

  members = json_object_get_members (spec);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *k = l->data;
      JsonNode *v = json_object_get_member (spec, k);

      if (g_str_equal (k, "queryKey"))
        {
          g_autoptr(GVariant) key = key_from_json (v);

          if (key != NULL)
            tq_query_filters_set_query_key (filters, key);
        }
      else if (g_str_equal (k, "exact"))
        tq_query_filters_set_exact (filters, json_node_get_boolean (v));
      else if (g_str_equal (k, "type"))
        {
          const char *type = json_node_get_string (v);

          tq_query_filters_set_query_type (filters,
                                           g_str_equal (type, "active") ? TQ_QUERY_TYPE_ACTIVE :
                                           g_str_equal (type, "inactive") ? TQ_QUERY_TYPE_INACTIVE :
                                           TQ_QUERY_TYPE_ALL);
        }
      else if (g_str_equal (k, "stale"))
        tq_query_filters_set_stale (filters, json_node_get_boolean (v));
      else if (g_str_equal (k, "fetchStatus"))
        {
          const char *status = json_node_get_string (v);

          tq_query_filters_set_fetch_status (filters,
                                             g_str_equal (status, "fetching") ? TQ_FETCH_STATUS_FETCHING :
                                             g_str_equal (status, "paused") ? TQ_FETCH_STATUS_PAUSED :
                                             TQ_FETCH_STATUS_IDLE);
        }
      else if (g_str_equal (k, "refetchType"))
        {
          const char *type = json_node_get_string (v);

          tq_query_filters_set_refetch_type (filters,
                                             g_str_equal (type, "inactive") ? TQ_REFETCH_TYPE_INACTIVE :
                                             g_str_equal (type, "all") ? TQ_REFETCH_TYPE_ALL :
                                             g_str_equal (type, "none") ? TQ_REFETCH_TYPE_NONE :
                                             TQ_REFETCH_TYPE_ACTIVE);
        }
      else if (g_str_equal (k, "predicate"))
        tq_query_filters_set_predicate (filters, query_predicate_cb, json_node_ref (v),
                                        (GDestroyNotify) json_node_unref);
      else
        runner_unsupported (runner, "query filter %s", k);
    }

  return g_steal_pointer (&filters);
}

static const char *
mutation_status_name (TqMutationStatus status)
{
  static const char *names[] = { "idle", "pending", "success", "error" };

  return names[status];
}

static gboolean
mutation_predicate (JsonObject *p,
                    TqMutation *mutation)
{
  TqMutationState *state = tq_mutation_get_state (mutation);

  if (json_object_has_member (p, "status") &&
      !g_str_equal (mutation_status_name (tq_mutation_state_get_status (state)),
                    json_object_get_string_member (p, "status")))
    return FALSE;
  if (json_object_has_member (p, "isPaused") &&
      tq_mutation_state_get_is_paused (state) != json_object_get_boolean_member (p, "isPaused"))
    return FALSE;
  if (json_object_has_member (p, "variablesEquals"))
    {
      g_autoptr(JsonNode) variables = rj_from_value (tq_mutation_state_get_variables (state));

      if (!rj_equal (variables, json_object_get_member (p, "variablesEquals")))
        return FALSE;
    }
  if (json_object_has_member (p, "not") &&
      mutation_predicate (json_object_get_object_member (p, "not"), mutation))
    return FALSE;
  if (json_object_has_member (p, "anyOf"))
    {
      JsonArray *any = json_object_get_array_member (p, "anyOf");
      gboolean one = FALSE;

      for (guint i = 0; i < json_array_get_length (any) && !one; i++)
        one = mutation_predicate (json_array_get_object_element (any, i), mutation);
      if (!one)
        return FALSE;
    }

  return TRUE;
}

static gboolean
mutation_predicate_cb (TqMutation *mutation,
                       gpointer    user_data)
{
  return mutation_predicate (json_node_get_object (user_data), mutation);
}

TqMutationFilters *
build_mutation_filters (Runner     *runner,
                        JsonObject *spec)
{
  g_autoptr(TqMutationFilters) filters = tq_mutation_filters_new (NULL);
  g_autoptr(GList) members = NULL;

  if (spec == NULL)
    return g_steal_pointer (&filters);

  members = json_object_get_members (spec);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *k = l->data;
      JsonNode *v = json_object_get_member (spec, k);

      if (g_str_equal (k, "mutationKey"))
        {
          g_autoptr(GVariant) key = key_from_json (v);

          if (key != NULL)
            tq_mutation_filters_set_mutation_key (filters, key);
        }
      else if (g_str_equal (k, "exact"))
        tq_mutation_filters_set_exact (filters, json_node_get_boolean (v));
      else if (g_str_equal (k, "status"))
        {
          const char *status = json_node_get_string (v);
          TqMutationStatus s = TQ_MUTATION_STATUS_IDLE;

          for (TqMutationStatus i = TQ_MUTATION_STATUS_IDLE; i <= TQ_MUTATION_STATUS_ERROR; i++)
            if (g_str_equal (mutation_status_name (i), status))
              s = i;
          tq_mutation_filters_set_status (filters, s);
        }
      else if (g_str_equal (k, "predicate"))
        tq_mutation_filters_set_predicate (filters, mutation_predicate_cb, json_node_ref (v),
                                           (GDestroyNotify) json_node_unref);
      else
        runner_unsupported (runner, "mutation filter %s", k);
    }

  return g_steal_pointer (&filters);
}

/* }}} */
