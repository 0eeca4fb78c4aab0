/* tq-conformance-runner.c: runs conformance scenarios on Tq
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * The Tq side of the differential conformance suite: it executes each
 * scenario (README.md here) on Tq with a TqVirtualClock and prints the same
 * trace lines as tanstack-runner.mjs does on TanStack Query. Usage:
 *
 *   tq-conformance-runner SCENARIO.json [MORE.json ...]
 *
 * Everything the runner reports comes from Tq's own objects and signals;
 * the private headers are used only to read what Tq has no getter for.
 */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "runner/runner.h"

#define MAX_DEADLINES_PER_ADVANCE 100000

typedef struct
{
  Runner   *runner;
  char     *label;
  guint     seq;
  Observer *observer;      /* refetch, fetchNextPage: the result is the value */
  gboolean  has_value;     /* whether a fulfilment is written with a value */
  OpDone    done;
  gpointer  done_data;
} Call;

typedef struct
{
  guint       seq;
  JsonObject *line;
} Settled;

enum {
  QC_ADDED = 1 << 0,
  QC_REMOVED = 1 << 1,
  QC_UPDATED = 1 << 2,
  QC_OBSERVER_ADDED = 1 << 3,
  QC_OBSERVER_REMOVED = 1 << 4,
  QC_OBSERVER_RESULTS_UPDATED = 1 << 5,
  QC_OBSERVER_OPTIONS_UPDATED = 1 << 6,
};

static gboolean run_step (Runner     *runner,
                          JsonObject *step,
                          guint       index,
                          int         sub);

/* {{{ Runner basics */

gint64
runner_now (Runner *runner)
{
  return tq_clock_get_now (TQ_CLOCK (runner->clock)) - RUNNER_EPOCH;
}

/* Times from Tq: 0 means never and stays 0. */
static gint64
trace_time (gint64 t)
{
  return t == 0 ? 0 : t - RUNNER_EPOCH;
}

void
runner_fail (Runner     *runner,
             const char *format,
             ...)
{
  va_list args;

  if (runner->error != NULL)
    return;

  va_start (args, format);
  runner->error = g_strdup_vprintf (format, args);
  va_end (args);
}

void
runner_unsupported (Runner     *runner,
                    const char *format,
                    ...)
{
  va_list args;
  g_autofree char *what = NULL;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_ptr_array_add (runner->unsupported, g_strconcat ("unsupported: ", what, NULL));
}

gboolean
runner_stopped (Runner *runner)
{
  return runner->error != NULL || runner->unsupported->len > 0;
}

void
runner_add_activity (Runner     *runner,
                     JsonObject *line)
{
  if (runner->closing)
    {
      json_object_unref (line);
      return;
    }

  g_ptr_array_add (runner->activity, line);
}

static void
emit (Runner     *runner,
      const char *ev,
      JsonObject *rest)
{
  rj_append_line (runner->out, ev, TRUE, runner_now (runner), rest);
}

/* Writes a buffered line: its "ev" member names it. */
static void
emit_buffered (Runner     *runner,
               JsonObject *line)
{
  g_autofree char *ev = g_strdup (json_object_get_string_member (line, "ev"));

  json_object_remove_member (line, "ev");
  emit (runner, ev, line);
}

/* }}} */
/* {{{ Shapes (README.md section 8.4) */

static const char *
query_status_name (TqQueryStatus status)
{
  static const char *names[] = { "pending", "error", "success" };

  return names[status];
}

static const char *
fetch_status_name (TqFetchStatus status)
{
  static const char *names[] = { "idle", "fetching", "paused" };

  return names[status];
}

static const char *
mutation_status_name (TqMutationStatus status)
{
  static const char *names[] = { "idle", "pending", "success", "error" };

  return names[status];
}

static void
set_value_member (JsonObject   *object,
                  const char   *name,
                  const GValue *value)
{
  JsonNode *node = rj_from_value (value);

  if (node != NULL)
    json_object_set_member (object, name, node);
}

static JsonNode *
query_result_json (TqQueryResult *r,
                   ObserverKind   kind)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  set_value_member (o, "data", tq_query_result_get_data (r));
  json_object_set_int_member (o, "dataUpdatedAt", trace_time (tq_query_result_get_data_updated_at (r)));
  json_object_set_member (o, "error", error_node (tq_query_result_get_error (r)));
  json_object_set_int_member (o, "errorUpdatedAt", trace_time (tq_query_result_get_error_updated_at (r)));
  json_object_set_int_member (o, "errorUpdateCount", tq_query_result_get_error_update_count (r));
  json_object_set_int_member (o, "failureCount", tq_query_result_get_failure_count (r));
  json_object_set_member (o, "failureReason", error_node (tq_query_result_get_failure_reason (r)));
  json_object_set_string_member (o, "fetchStatus", fetch_status_name (tq_query_result_get_fetch_status (r)));
  json_object_set_boolean_member (o, "isEnabled", tq_query_result_is_enabled (r));
  json_object_set_boolean_member (o, "isError", tq_query_result_is_error (r));
  json_object_set_boolean_member (o, "isFetched", tq_query_result_is_fetched (r));
  json_object_set_boolean_member (o, "isFetchedAfterMount", tq_query_result_is_fetched_after_mount (r));
  json_object_set_boolean_member (o, "isFetching", tq_query_result_is_fetching (r));
  json_object_set_boolean_member (o, "isLoading", tq_query_result_is_loading (r));
  json_object_set_boolean_member (o, "isLoadingError", tq_query_result_is_loading_error (r));
  json_object_set_boolean_member (o, "isPaused", tq_query_result_is_paused (r));
  json_object_set_boolean_member (o, "isPending", tq_query_result_is_pending (r));
  json_object_set_boolean_member (o, "isPlaceholderData", tq_query_result_is_placeholder_data (r));
  json_object_set_boolean_member (o, "isRefetchError", tq_query_result_is_refetch_error (r));
  json_object_set_boolean_member (o, "isRefetching", tq_query_result_is_refetching (r));
  json_object_set_boolean_member (o, "isStale", tq_query_result_is_stale (r));
  json_object_set_boolean_member (o, "isSuccess", tq_query_result_is_success (r));
  json_object_set_string_member (o, "status", query_status_name (tq_query_result_get_status (r)));

  if (kind == KIND_INFINITE)
    {
      json_object_set_boolean_member (o, "hasNextPage", tq_query_result_has_next_page (r));
      json_object_set_boolean_member (o, "hasPreviousPage", tq_query_result_has_previous_page (r));
      json_object_set_boolean_member (o, "isFetchNextPageError", tq_query_result_is_fetch_next_page_error (r));
      json_object_set_boolean_member (o, "isFetchPreviousPageError", tq_query_result_is_fetch_previous_page_error (r));
      json_object_set_boolean_member (o, "isFetchingNextPage", tq_query_result_is_fetching_next_page (r));
      json_object_set_boolean_member (o, "isFetchingPreviousPage", tq_query_result_is_fetching_previous_page (r));
    }

  json_node_take_object (node, o);
  return node;
}

static void
mutation_state_members (JsonObject      *o,
                        TqMutationState *s)
{
  set_value_member (o, "context", tq_mutation_state_get_context (s));
  set_value_member (o, "data", tq_mutation_state_get_data (s));
  json_object_set_member (o, "error", error_node (tq_mutation_state_get_error (s)));
  json_object_set_int_member (o, "failureCount", tq_mutation_state_get_failure_count (s));
  json_object_set_member (o, "failureReason", error_node (tq_mutation_state_get_failure_reason (s)));
  json_object_set_boolean_member (o, "isPaused", tq_mutation_state_get_is_paused (s));
  json_object_set_string_member (o, "status", mutation_status_name (tq_mutation_state_get_status (s)));
  json_object_set_int_member (o, "submittedAt", trace_time (tq_mutation_state_get_submitted_at (s)));
  set_value_member (o, "variables", tq_mutation_state_get_variables (s));
}

static JsonNode *
mutation_result_json (TqMutationState *s)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  mutation_state_members (o, s);
  json_object_set_boolean_member (o, "isError", tq_mutation_state_is_error (s));
  json_object_set_boolean_member (o, "isIdle", tq_mutation_state_is_idle (s));
  json_object_set_boolean_member (o, "isPending", tq_mutation_state_is_pending (s));
  json_object_set_boolean_member (o, "isSuccess", tq_mutation_state_is_success (s));

  json_node_take_object (node, o);
  return node;
}

static JsonObject *
query_state_object (TqQueryState *s)
{
  JsonObject *o = json_object_new ();

  set_value_member (o, "data", tq_query_state_get_data (s));
  json_object_set_int_member (o, "dataUpdateCount", tq_query_state_get_data_update_count (s));
  json_object_set_int_member (o, "dataUpdatedAt", trace_time (tq_query_state_get_data_updated_at (s)));
  json_object_set_member (o, "error", error_node (tq_query_state_get_error (s)));
  json_object_set_int_member (o, "errorUpdateCount", tq_query_state_get_error_update_count (s));
  json_object_set_int_member (o, "errorUpdatedAt", trace_time (tq_query_state_get_error_updated_at (s)));
  json_object_set_int_member (o, "fetchFailureCount", tq_query_state_get_fetch_failure_count (s));
  json_object_set_member (o, "fetchFailureReason", error_node (tq_query_state_get_fetch_failure_reason (s)));
  json_object_set_string_member (o, "fetchStatus", fetch_status_name (tq_query_state_get_fetch_status (s)));
  json_object_set_boolean_member (o, "isInvalidated", tq_query_state_get_is_invalidated (s));
  json_object_set_string_member (o, "status", query_status_name (tq_query_state_get_status (s)));

  switch (tq_query_state_get_fetch_meta (s))
    {
    case TQ_FETCH_DIRECTION_FORWARD:
      json_object_set_string_member (o, "fetchDirection", "forward");
      break;
    case TQ_FETCH_DIRECTION_BACKWARD:
      json_object_set_string_member (o, "fetchDirection", "backward");
      break;
    case TQ_FETCH_DIRECTION_NONE:
    default:
      break;
    }

  return o;
}

static JsonNode *
query_info (TqQuery *query)
{
  JsonObject *o = query_state_object (tq_query_get_state (query));
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  gint64 gc_time = tq_query_get_gc_time (query);

  if (gc_time == TQ_TIME_INFINITE)
    json_object_set_string_member (o, "gcTime", "Infinity");
  else
    json_object_set_int_member (o, "gcTime", gc_time);
  json_object_set_boolean_member (o, "isActive", tq_query_is_active (query));
  json_object_set_boolean_member (o, "isDisabled", tq_query_is_disabled (query));
  json_object_set_boolean_member (o, "isStale", tq_query_is_stale (query));
  json_object_set_boolean_member (o, "isStatic", tq_query_is_static (query));
  json_object_set_int_member (o, "observers", tq_query_get_observers_count (query));

  json_node_take_object (node, o);
  return node;
}

static JsonNode *
mutation_summary (TqMutation *mutation)
{
  JsonObject *o = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  TqMutationOptions *options = tq_mutation_get_options (mutation);

  json_object_set_int_member (o, "id", tq_mutation_get_mutation_id (mutation));
  mutation_state_members (o, tq_mutation_get_state (mutation));
  if (tq_mutation_get_mutation_key (mutation) != NULL)
    json_object_set_member (o, "key", key_to_json (tq_mutation_get_mutation_key (mutation)));
  if (tq_mutation_options_get_scope_id (options) != NULL)
    json_object_set_string_member (o, "scope", tq_mutation_options_get_scope_id (options));

  json_node_take_object (node, o);
  return node;
}

/* }}} */
/* {{{ Record points (README.md section 3) */

static int
compare_settled (gconstpointer a,
                 gconstpointer b)
{
  const Settled *x = *(const Settled * const *) a;
  const Settled *y = *(const Settled * const *) b;

  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

static void
settled_free (gpointer data)
{
  Settled *settled = data;

  if (settled->line != NULL)
    json_object_unref (settled->line);
  g_free (settled);
}

static void
record_point (Runner *runner)
{
  g_autoptr(GPtrArray) activity = g_steal_pointer (&runner->activity);
  g_autoptr(GPtrArray) cache_events = g_steal_pointer (&runner->cache_events);
  g_autoptr(GPtrArray) mutation_events = g_steal_pointer (&runner->mutation_events);
  g_autoptr(GPtrArray) settled = g_steal_pointer (&runner->settled);

  runner->activity = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  runner->cache_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  runner->mutation_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  runner->settled = g_ptr_array_new_with_free_func (settled_free);

  for (guint i = 0; i < activity->len; i++)
    emit_buffered (runner, activity->pdata[i]);
  for (guint i = 0; i < cache_events->len; i++)
    emit_buffered (runner, cache_events->pdata[i]);
  for (guint i = 0; i < mutation_events->len; i++)
    emit_buffered (runner, mutation_events->pdata[i]);

  g_ptr_array_sort (settled, compare_settled);
  for (guint i = 0; i < settled->len; i++)
    emit (runner, "settled", ((Settled *) settled->pdata[i])->line);

  for (guint i = 0; i < runner->observers->len; i++)
    {
      Observer *observer = runner->observers->pdata[i];
      g_autoptr(JsonNode) result = g_steal_pointer (&observer->pending);
      g_autofree char *text = NULL;
      JsonObject *line;

      /* Nobody listens any more: nothing was shown to anyone. */
      if (result == NULL || observer->subscriptions == 0)
        continue;

      text = rj_canonical (result);
      if (g_strcmp0 (text, observer->last_recorded) == 0)
        continue;
      g_free (observer->last_recorded);
      observer->last_recorded = g_steal_pointer (&text);

      line = json_object_new ();
      json_object_set_string_member (line, "observer", observer->id);
      json_object_set_member (line, "result", g_steal_pointer (&result));
      emit (runner, "notify", line);
      json_object_unref (line);
    }
}

static void
settle (Runner *runner)
{
  tq_virtual_clock_flush (runner->clock);
}

static void
advance (Runner *runner,
         gint64  ms)
{
  TqClock *clock = TQ_CLOCK (runner->clock);
  gint64 target = tq_clock_get_now (clock) + ms;

  settle (runner);
  record_point (runner);

  for (guint n = 0; ; n++)
    {
      gint64 next = tq_clock_get_next_deadline (clock);

      if (n > MAX_DEADLINES_PER_ADVANCE)
        {
          runner_fail (runner, "more than %d timer deadlines in one advance", MAX_DEADLINES_PER_ADVANCE);
          return;
        }
      if (next < 0 || tq_clock_get_now (clock) + next > target)
        break;

      /* Fires every timer due at that deadline, then settles. */
      tq_virtual_clock_advance (runner->clock, next);
      record_point (runner);
    }

  tq_virtual_clock_advance (runner->clock, target - tq_clock_get_now (clock));
  record_point (runner);
}

/* }}} */
/* {{{ Listeners and cache events */

static void
on_query_result_changed (TqQueryObserver *obs,
                         TqQueryResult   *result,
                         Observer        *observer)
{
  if (observer->subscriptions == 0 || observer->runner->closing)
    return;

  g_clear_pointer (&observer->pending, json_node_unref);
  observer->pending = query_result_json (result, observer->kind);
}

static void
on_mutation_result_changed (TqMutationObserver *obs,
                            TqMutationState    *state,
                            Observer           *observer)
{
  if (observer->subscriptions == 0 || observer->runner->closing)
    return;

  g_clear_pointer (&observer->pending, json_node_unref);
  observer->pending = mutation_result_json (state);
}

static const char *
observer_id (Runner  *runner,
             GObject *obs)
{
  for (guint i = 0; i < runner->observers->len; i++)
    {
      Observer *observer = runner->observers->pdata[i];

      if (observer->obs == obs)
        return observer->id;
    }

  return runner->constructing;
}

static const char *
query_action_name (TqQueryAction action)
{
  switch (action)
    {
    case TQ_QUERY_ACTION_FETCH: return "fetch";
    case TQ_QUERY_ACTION_SUCCESS: return "success";
    case TQ_QUERY_ACTION_ERROR: return "error";
    case TQ_QUERY_ACTION_FAILED: return "failed";
    case TQ_QUERY_ACTION_PAUSE: return "pause";
    case TQ_QUERY_ACTION_CONTINUE: return "continue";
    case TQ_QUERY_ACTION_INVALIDATE: return "invalidate";
    case TQ_QUERY_ACTION_SET_STATE: return "setState";
    case TQ_QUERY_ACTION_OPTIMISTIC:
    default:
      return "optimistic";
    }
}

static const char *
mutation_action_name (TqMutationAction action)
{
  switch (action)
    {
    case TQ_MUTATION_ACTION_PENDING: return "pending";
    case TQ_MUTATION_ACTION_FAILED: return "failed";
    case TQ_MUTATION_ACTION_SUCCESS: return "success";
    case TQ_MUTATION_ACTION_ERROR: return "error";
    case TQ_MUTATION_ACTION_PAUSE: return "pause";
    case TQ_MUTATION_ACTION_CONTINUE:
    default:
      return "continue";
    }
}

static void
query_cache_event (Runner     *runner,
                   guint       type,
                   const char *name,
                   TqQuery    *query,
                   const char *action,
                   GObject    *obs)
{
  JsonObject *line;

  if ((runner->record_query_cache & type) == 0 || runner->closing)
    return;

  line = json_object_new ();
  json_object_set_string_member (line, "ev", "queryCache");
  json_object_set_string_member (line, "type", name);
  json_object_set_member (line, "key", key_to_json (tq_query_get_key (query)));
  if (action != NULL)
    json_object_set_string_member (line, "action", action);
  if (obs != NULL && observer_id (runner, obs) != NULL)
    json_object_set_string_member (line, "observer", observer_id (runner, obs));
  g_ptr_array_add (runner->cache_events, line);
}

static void
on_query_added (TqQueryCache *cache, TqQuery *query, Runner *runner)
{
  query_cache_event (runner, QC_ADDED, "added", query, NULL, NULL);
}

static void
on_query_removed (TqQueryCache *cache, TqQuery *query, Runner *runner)
{
  query_cache_event (runner, QC_REMOVED, "removed", query, NULL, NULL);
}

static void
on_query_updated (TqQueryCache *cache, TqQuery *query, TqQueryAction action, Runner *runner)
{
  query_cache_event (runner, QC_UPDATED, "updated", query, query_action_name (action), NULL);
}

static void
on_query_observer_added (TqQueryCache *cache, TqQuery *query, TqQueryObserver *obs, Runner *runner)
{
  query_cache_event (runner, QC_OBSERVER_ADDED, "observerAdded", query, NULL, G_OBJECT (obs));
}

static void
on_query_observer_removed (TqQueryCache *cache, TqQuery *query, TqQueryObserver *obs, Runner *runner)
{
  query_cache_event (runner, QC_OBSERVER_REMOVED, "observerRemoved", query, NULL, G_OBJECT (obs));
}

/* TanStack's observerResultsUpdated event does not name its observer. */
static void
on_query_observer_results_updated (TqQueryCache *cache, TqQuery *query, TqQueryObserver *obs, Runner *runner)
{
  query_cache_event (runner, QC_OBSERVER_RESULTS_UPDATED, "observerResultsUpdated", query, NULL, NULL);
}

static void
on_query_observer_options_updated (TqQueryCache *cache, TqQuery *query, TqQueryObserver *obs, Runner *runner)
{
  query_cache_event (runner, QC_OBSERVER_OPTIONS_UPDATED, "observerOptionsUpdated", query, NULL, G_OBJECT (obs));
}

static void
mutation_cache_event (Runner     *runner,
                      guint       type,
                      const char *name,
                      TqMutation *mutation,
                      const char *action,
                      GObject    *obs)
{
  JsonObject *line;

  if ((runner->record_mutation_cache & type) == 0 || runner->closing)
    return;

  line = json_object_new ();
  json_object_set_string_member (line, "ev", "mutationCache");
  json_object_set_string_member (line, "type", name);
  if (mutation != NULL)
    json_object_set_int_member (line, "mutation", tq_mutation_get_mutation_id (mutation));
  if (action != NULL)
    json_object_set_string_member (line, "action", action);
  if (obs != NULL && observer_id (runner, obs) != NULL)
    json_object_set_string_member (line, "observer", observer_id (runner, obs));
  g_ptr_array_add (runner->mutation_events, line);
}

static void
on_mutation_added (TqMutationCache *cache, TqMutation *mutation, Runner *runner)
{
  mutation_cache_event (runner, QC_ADDED, "added", mutation, NULL, NULL);
}

static void
on_mutation_removed (TqMutationCache *cache, TqMutation *mutation, Runner *runner)
{
  mutation_cache_event (runner, QC_REMOVED, "removed", mutation, NULL, NULL);
}

static void
on_mutation_updated (TqMutationCache *cache, TqMutation *mutation, TqMutationAction action, Runner *runner)
{
  mutation_cache_event (runner, QC_UPDATED, "updated", mutation, mutation_action_name (action), NULL);
}

static void
on_mutation_observer_added (TqMutationCache *cache, TqMutation *mutation, TqMutationObserver *obs, Runner *runner)
{
  mutation_cache_event (runner, QC_OBSERVER_ADDED, "observerAdded", mutation, NULL, G_OBJECT (obs));
}

static void
on_mutation_observer_removed (TqMutationCache *cache, TqMutation *mutation, TqMutationObserver *obs, Runner *runner)
{
  mutation_cache_event (runner, QC_OBSERVER_REMOVED, "observerRemoved", mutation, NULL, G_OBJECT (obs));
}

static void
on_mutation_observer_options_updated (TqMutationCache *cache, TqMutation *mutation, TqMutationObserver *obs, Runner *runner)
{
  mutation_cache_event (runner, QC_OBSERVER_OPTIONS_UPDATED, "observerOptionsUpdated", mutation, NULL, G_OBJECT (obs));
}

static guint
event_mask (JsonArray *types)
{
  static const char *names[] = {
    "added", "removed", "updated", "observerAdded", "observerRemoved",
    "observerResultsUpdated", "observerOptionsUpdated",
  };
  guint mask = 0;

  for (guint i = 0; types != NULL && i < json_array_get_length (types); i++)
    for (guint j = 0; j < G_N_ELEMENTS (names); j++)
      if (g_str_equal (json_array_get_string_element (types, i), names[j]))
        mask |= 1u << j;

  return mask;
}

/* }}} */
/* {{{ Promise-returning operations */

static Call *
call_new (Runner     *runner,
          const char *label,
          gboolean    has_value,
          OpDone      done,
          gpointer    done_data)
{
  Call *call = g_new0 (Call, 1);

  call->runner = runner;
  call->label = g_strdup (label);
  call->seq = runner->call_seq++;
  call->has_value = has_value;
  call->done = done;
  call->done_data = done_data;

  return call;
}

static void
call_free (Call *call)
{
  g_free (call->label);
  g_free (call);
}

/* Ends a call: tells its waiter, or writes its `settled` line. */
static void
call_settle (Call         *call,
             JsonNode     *value,
             const GError *error)
{
  Runner *runner = call->runner;

  if (!runner->closing)
    {
      if (call->done != NULL)
        call->done (call->done_data, value, error);
      else if (call->label != NULL)
        {
          Settled *settled = g_new0 (Settled, 1);

          settled->seq = call->seq;
          settled->line = json_object_new ();
          json_object_set_string_member (settled->line, "call", call->label);
          json_object_set_string_member (settled->line, "status", error ? "rejected" : "fulfilled");
          if (error != NULL)
            json_object_set_member (settled->line, "error", error_node (error));
          else if (call->has_value && value != NULL)
            json_object_set_member (settled->line, "value", json_node_ref (value));
          g_ptr_array_add (runner->settled, settled);
        }
    }

  call_free (call);
}

static void
on_value_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data,
               gboolean    (*finish) (GObject *, GAsyncResult *, GValue *, GError **))
{
  Call *call = user_data;
  g_auto(GValue) data = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  if (finish (source, result, &data, &error))
    {
      g_autoptr(JsonNode) value = rj_from_value (&data);

      call_settle (call, value, NULL);
    }
  else
    call_settle (call, NULL, error);
}

#define VALUE_CALLBACK(name, finish_func, type) \
  static gboolean \
  name##_finish (GObject *source, GAsyncResult *result, GValue *data, GError **error) \
  { \
    return finish_func ((type *) source, result, data, error); \
  } \
  static void \
  name##_done (GObject *source, GAsyncResult *result, gpointer user_data) \
  { \
    on_value_done (source, result, user_data, name##_finish); \
  }

VALUE_CALLBACK (query, tq_query_client_query_finish, TqQueryClient)
VALUE_CALLBACK (fetch_query, tq_query_client_fetch_query_finish, TqQueryClient)
VALUE_CALLBACK (ensure_query_data, tq_query_client_ensure_query_data_finish, TqQueryClient)
VALUE_CALLBACK (infinite_query, tq_query_client_infinite_query_finish, TqQueryClient)
VALUE_CALLBACK (fetch_infinite_query, tq_query_client_fetch_infinite_query_finish, TqQueryClient)
VALUE_CALLBACK (ensure_infinite_query_data, tq_query_client_ensure_infinite_query_data_finish, TqQueryClient)
VALUE_CALLBACK (query_fetch, tq_query_fetch_finish, TqQuery)
VALUE_CALLBACK (execute, tq_mutation_execute_finish, TqMutation)

static void
on_boolean_done (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data,
                 gboolean    (*finish) (GObject *, GAsyncResult *, GError **))
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;

  if (finish (source, result, &error))
    call_settle (call, NULL, NULL);
  else
    call_settle (call, NULL, error);
}

#define BOOLEAN_CALLBACK(name, finish_func, type) \
  static gboolean \
  name##_finish (GObject *source, GAsyncResult *result, GError **error) \
  { \
    return finish_func ((type *) source, result, error); \
  } \
  static void \
  name##_done (GObject *source, GAsyncResult *result, gpointer user_data) \
  { \
    on_boolean_done (source, result, user_data, name##_finish); \
  }

BOOLEAN_CALLBACK (prefetch_query, tq_query_client_prefetch_query_finish, TqQueryClient)
BOOLEAN_CALLBACK (prefetch_infinite_query, tq_query_client_prefetch_infinite_query_finish, TqQueryClient)
BOOLEAN_CALLBACK (invalidate_queries, tq_query_client_invalidate_queries_finish, TqQueryClient)
BOOLEAN_CALLBACK (refetch_queries, tq_query_client_refetch_queries_finish, TqQueryClient)
BOOLEAN_CALLBACK (cancel_queries, tq_query_client_cancel_queries_finish, TqQueryClient)
BOOLEAN_CALLBACK (reset_queries, tq_query_client_reset_queries_finish, TqQueryClient)
BOOLEAN_CALLBACK (resume_paused_mutations, tq_query_client_resume_paused_mutations_finish, TqQueryClient)

typedef TqQueryResult *(*ResultFinish) (GObject *, GAsyncResult *, GError **);

static void
on_result_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data,
                ResultFinish  finish)
{
  Call *call = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TqQueryResult) r = finish (source, result, &error);

  if (r != NULL)
    {
      g_autoptr(JsonNode) value = query_result_json (r, call->observer->kind);

      call_settle (call, value, NULL);
    }
  else
    call_settle (call, NULL, error);
}

#define RESULT_CALLBACK(name, finish_func, type) \
  static TqQueryResult * \
  name##_finish (GObject *source, GAsyncResult *result, GError **error) \
  { \
    return finish_func ((type *) source, result, error); \
  } \
  static void \
  name##_done (GObject *source, GAsyncResult *result, gpointer user_data) \
  { \
    on_result_done (source, result, user_data, name##_finish); \
  }

RESULT_CALLBACK (refetch, tq_query_observer_refetch_with_flags_finish, TqQueryObserver)
RESULT_CALLBACK (fetch_next_page, tq_infinite_query_observer_fetch_next_page_finish, TqInfiniteQueryObserver)
RESULT_CALLBACK (fetch_previous_page, tq_infinite_query_observer_fetch_previous_page_finish, TqInfiniteQueryObserver)

/* }}} */
/* {{{ Client operations (README.md section 7) */

static JsonObject *
member_object (JsonObject *object,
               const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
option_bool (JsonObject *options,
             const char *name,
             gboolean    fallback)
{
  if (options == NULL || !json_object_has_member (options, name))
    return fallback;

  return json_object_get_boolean_member (options, name);
}

static gint64
updated_at (JsonObject *step)
{
  if (!json_object_has_member (step, "updatedAt"))
    return 0;

  return RUNNER_EPOCH + json_object_get_int_member (step, "updatedAt");
}

typedef struct
{
  Runner            *runner;
  JsonObject        *updater;
  const TemplateEnv *env;
  const char        *error_code;
  GPtrArray         *produced;    /* one per call: whether it gave a value */
} Updating;

static void
updater_func (const GValue *old_data,
              GValue       *new_data,
              gpointer      user_data)
{
  Updating *updating = user_data;
  g_autoptr(JsonNode) old = rj_from_value (old_data);
  g_autoptr(JsonNode) result = NULL;
  const char *code = NULL;

  /* After a throw, TanStack stops: the rest change nothing. */
  if (updating->error_code != NULL)
    {
      g_ptr_array_add (updating->produced, GINT_TO_POINTER (FALSE));
      return;
    }

  if (!apply_updater (updating->runner, updating->updater, old, updating->env, &result, &code))
    {
      updating->error_code = code;
      g_ptr_array_add (updating->produced, GINT_TO_POINTER (FALSE));
      return;
    }

  g_ptr_array_add (updating->produced, GINT_TO_POINTER (result != NULL));
  if (result != NULL)
    {
      json_node_seal (result);
      rj_to_value (result, new_data);
    }
}

static void
value_updater_func (const GValue *old_data,
                    GValue       *new_data,
                    gpointer      user_data)
{
  Updating *updating = user_data;
  g_autoptr(JsonNode) value = eval_template (updating->runner,
                                             json_object_get_member (updating->updater, "value"),
                                             updating->env);

  g_ptr_array_add (updating->produced, GINT_TO_POINTER (value != NULL));
  if (value != NULL)
    {
      json_node_seal (value);
      rj_to_value (value, new_data);
    }
}

static void
no_value_updater_func (const GValue *old_data,
                       GValue       *new_data,
                       gpointer      user_data)
{
  Updating *updating = user_data;

  g_ptr_array_add (updating->produced, GINT_TO_POINTER (FALSE));
}

static TqUpdaterFunc
updater_for (JsonObject *updater)
{
  if (json_object_has_member (updater, "undefined"))
    return no_value_updater_func;
  if (!json_object_has_member (updater, "fn"))
    return value_updater_func;
  return updater_func;
}

static JsonNode *
json_array_node (JsonArray *array)
{
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  json_node_take_array (node, array);
  return node;
}

static JsonNode *
key_data_pair (TqQueryClient *client,
               GVariant      *key,
               gboolean       produced)
{
  JsonArray *pair = json_array_new ();
  g_auto(GValue) data = G_VALUE_INIT;
  JsonNode *json = NULL;

  json_array_add_element (pair, key_to_json (key));
  if (produced && tq_query_client_get_query_data (client, key, &data))
    json = rj_from_value (&data);
  json_array_add_element (pair, json != NULL ? json : rj_null ());

  return json_array_node (pair);
}

static TqQuery *
find_exact (Runner   *runner,
            JsonNode *key_json)
{
  g_autoptr(GVariant) key = key_from_json (key_json);
  g_autofree char *hash = NULL;

  if (key == NULL)
    return NULL;

  hash = tq_key_hash (key);
  return tq_query_cache_get (tq_query_client_get_query_cache (runner->client), hash);
}

static void
query_cancel_settled (Call *call)
{
  call_settle (call, NULL, NULL);
}

OpKind
run_client_op (Runner            *runner,
               JsonObject        *s,
               const char        *label,
               const TemplateEnv *env,
               OpDone             done,
               gpointer           done_data,
               JsonNode         **result)
{
  const char *op = json_object_get_string_member (s, "op");
  TqQueryClient *client = runner->client;
  JsonObject *options_spec = member_object (s, "options");
  JsonObject *filters_spec = member_object (s, "filters");

  *result = NULL;

  if (g_str_equal (op, "query") || g_str_equal (op, "fetchQuery") || g_str_equal (op, "ensureQueryData") ||
      g_str_equal (op, "prefetchQuery") || g_str_equal (op, "infiniteQuery") ||
      g_str_equal (op, "fetchInfiniteQuery") || g_str_equal (op, "ensureInfiniteQueryData") ||
      g_str_equal (op, "prefetchInfiniteQuery"))
    {
      g_autoptr(TqQueryOptions) options = build_query_options (runner, options_spec, NULL);
      gboolean prefetch = g_str_has_prefix (op, "prefetch");
      Call *call = call_new (runner, label, !prefetch, done, done_data);
      gboolean revalidate = option_bool (options_spec, "revalidateIfStale", FALSE);

      if (g_str_equal (op, "query"))
        tq_query_client_query_async (client, options, NULL, query_done, call);
      else if (g_str_equal (op, "fetchQuery"))
        tq_query_client_fetch_query_async (client, options, NULL, fetch_query_done, call);
      else if (g_str_equal (op, "ensureQueryData"))
        tq_query_client_ensure_query_data_async (client, options, revalidate, NULL, ensure_query_data_done, call);
      else if (g_str_equal (op, "prefetchQuery"))
        tq_query_client_prefetch_query_async (client, options, NULL, prefetch_query_done, call);
      else if (g_str_equal (op, "infiniteQuery"))
        tq_query_client_infinite_query_async (client, options, NULL, infinite_query_done, call);
      else if (g_str_equal (op, "fetchInfiniteQuery"))
        tq_query_client_fetch_infinite_query_async (client, options, NULL, fetch_infinite_query_done, call);
      else if (g_str_equal (op, "ensureInfiniteQueryData"))
        tq_query_client_ensure_infinite_query_data_async (client, options, revalidate, NULL,
                                                          ensure_infinite_query_data_done, call);
      else
        tq_query_client_prefetch_infinite_query_async (client, options, NULL, prefetch_infinite_query_done, call);
      return OP_PROMISE;
    }

  if (g_str_equal (op, "getQueryData"))
    {
      *result = query_data_json (runner, json_object_get_member (s, "queryKey"));
      return OP_RETURN;
    }

  if (g_str_equal (op, "getQueryState"))
    {
      g_autoptr(GVariant) key = key_from_json (json_object_get_member (s, "queryKey"));
      g_autoptr(TqQueryState) state = key ? tq_query_client_get_query_state (client, key) : NULL;

      if (state != NULL)
        {
          *result = json_node_new (JSON_NODE_OBJECT);
          json_node_take_object (*result, query_state_object (state));
        }
      else
        *result = rj_null ();
      return OP_RETURN;
    }

  if (g_str_equal (op, "setQueryData") || g_str_equal (op, "setQueriesData"))
    {
      JsonObject *updater = json_object_get_object_member (s, "updater");
      g_autoptr(GPtrArray) produced = g_ptr_array_new ();
      Updating updating = { runner, updater, env, NULL, produced };

      if (g_str_equal (op, "setQueryData"))
        {
          g_autoptr(GVariant) key = key_from_json (json_object_get_member (s, "queryKey"));

          if (key == NULL)
            return OP_NOTHING;
          tq_query_client_set_query_data_func (client, key, updater_for (updater), &updating, updated_at (s));

          if (updating.error_code != NULL)
            {
              *result = rj_string (updating.error_code);
              return OP_THREW;
            }
          if (produced->len > 0 && GPOINTER_TO_INT (produced->pdata[0]))
            *result = query_data_json (runner, json_object_get_member (s, "queryKey"));
          return OP_RETURN;
        }
      else
        {
          g_autoptr(TqQueryFilters) filters = build_query_filters (runner, filters_spec);
          g_autoptr(GPtrArray) matched = tq_query_cache_find_all (tq_query_client_get_query_cache (client), filters);
          JsonArray *pairs = json_array_new ();

          tq_query_client_set_queries_data (client, filters, updater_for (updater), &updating, updated_at (s));

          if (updating.error_code != NULL)
            {
              json_array_unref (pairs);
              *result = rj_string (updating.error_code);
              return OP_THREW;
            }

          for (guint i = 0; i < matched->len; i++)
            json_array_add_element (pairs, key_data_pair (client, tq_query_get_key (matched->pdata[i]),
                                                          i < produced->len && GPOINTER_TO_INT (produced->pdata[i])));
          *result = json_array_node (pairs);
          return OP_RETURN;
        }
    }

  if (g_str_equal (op, "getQueriesData"))
    {
      g_autoptr(TqQueryFilters) filters = build_query_filters (runner, filters_spec);
      g_autoptr(GPtrArray) keys = NULL;
      g_autoptr(GPtrArray) data = NULL;
      JsonArray *pairs = json_array_new ();

      tq_query_client_get_queries_data (client, filters, &keys, &data);
      for (guint i = 0; i < keys->len; i++)
        {
          JsonArray *pair = json_array_new ();
          JsonNode *json = rj_from_value (data->pdata[i]);

          json_array_add_element (pair, key_to_json (keys->pdata[i]));
          json_array_add_element (pair, json != NULL ? json : rj_null ());
          json_array_add_element (pairs, json_array_node (pair));
        }
      *result = json_array_node (pairs);
      return OP_RETURN;
    }

  if (g_str_equal (op, "invalidateQueries") || g_str_equal (op, "refetchQueries") ||
      g_str_equal (op, "cancelQueries") || g_str_equal (op, "resetQueries"))
    {
      g_autoptr(TqQueryFilters) filters = build_query_filters (runner, filters_spec);
      Call *call;

      if (option_bool (options_spec, "throwOnError", FALSE))
        runner_unsupported (runner, "%s with throwOnError", op);
      if (g_str_equal (op, "resetQueries") && !option_bool (options_spec, "cancelRefetch", TRUE))
        runner_unsupported (runner, "resetQueries with cancelRefetch false");

      call = call_new (runner, label, FALSE, done, done_data);
      if (g_str_equal (op, "invalidateQueries"))
        tq_query_client_invalidate_queries_async (client, filters, option_bool (options_spec, "cancelRefetch", TRUE),
                                                  NULL, invalidate_queries_done, call);
      else if (g_str_equal (op, "refetchQueries"))
        tq_query_client_refetch_queries_async (client, filters, option_bool (options_spec, "cancelRefetch", TRUE),
                                               NULL, refetch_queries_done, call);
      else if (g_str_equal (op, "cancelQueries"))
        tq_query_client_cancel_queries_async (client, filters,
                                              option_bool (options_spec, "revert", TRUE),
                                              option_bool (options_spec, "silent", FALSE),
                                              NULL, cancel_queries_done, call);
      else
        tq_query_client_reset_queries_async (client, filters, NULL, reset_queries_done, call);
      return OP_PROMISE;
    }

  if (g_str_equal (op, "removeQueries"))
    {
      g_autoptr(TqQueryFilters) filters = build_query_filters (runner, filters_spec);

      tq_query_client_remove_queries (client, filters);
      return OP_NOTHING;
    }

  if (g_str_equal (op, "setQueryDefaults"))
    {
      g_autoptr(GVariant) key = key_from_json (json_object_get_member (s, "queryKey"));
      g_autoptr(TqQueryOptions) options = build_query_options (runner, options_spec, NULL);

      if (key != NULL)
        tq_query_client_set_query_defaults (client, key, options);
      return OP_NOTHING;
    }

  if (g_str_has_prefix (op, "query."))
    {
      TqQuery *query = find_exact (runner, json_object_get_member (s, "queryKey"));

      if (query == NULL)
        {
          *result = rj_string ("$noQuery");
          return OP_THREW;
        }

      if (g_str_equal (op, "query.fetch"))
        {
          Call *call = call_new (runner, label, TRUE, done, done_data);

          tq_query_fetch_async (query, NULL, FALSE, NULL, query_fetch_done, call);
          return OP_PROMISE;
        }
      if (g_str_equal (op, "query.cancel"))
        {
          Call *call = call_new (runner, label, FALSE, done, done_data);

          /* Synchronous in Tq; TanStack's promise only waits for the
           * cancelled fetch to settle, which cancelling does at once.
           */
          tq_query_cancel (query, option_bool (options_spec, "revert", FALSE),
                           option_bool (options_spec, "silent", FALSE));
          query_cancel_settled (call);
          return OP_PROMISE;
        }
      if (g_str_equal (op, "query.reset"))
        tq_query_reset (query);
      else
        tq_query_invalidate (query);
      return OP_NOTHING;
    }

  runner_fail (runner, "\"%s\" is not a client operation", op);
  return OP_NOTHING;
}

/* }}} */
/* {{{ Steps */

static Observer *
need_observer (Runner     *runner,
               JsonObject *step)
{
  const char *id = json_object_get_string_member (step, "observer");
  Observer *observer = g_hash_table_lookup (runner->observers_by_id, id);

  if (observer == NULL)
    runner_fail (runner, "no observer \"%s\"", id);

  return observer;
}

static void
subscribe (Observer *observer)
{
  /* The listener is there before the first subscription fetches. */
  observer->subscriptions++;

  if (observer->kind == KIND_MUTATION)
    tq_mutation_observer_subscribe (TQ_MUTATION_OBSERVER (observer->obs));
  else
    tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer->obs));
}

static JsonNode *
normalize_result (Observer *observer)
{
  if (observer->kind == KIND_MUTATION)
    return mutation_result_json (tq_mutation_observer_get_state (TQ_MUTATION_OBSERVER (observer->obs)));

  return query_result_json (tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer->obs)),
                            observer->kind);
}

static void
create_observer (Runner     *runner,
                 JsonObject *step)
{
  Observer *observer = g_new0 (Observer, 1);
  const char *kind = json_object_get_string_member (step, "kind");
  JsonObject *spec = json_object_get_object_member (step, "options");

  observer->runner = runner;
  observer->id = g_strdup (json_object_get_string_member (step, "id"));
  observer->kind = g_str_equal (kind, "mutation") ? KIND_MUTATION :
                   g_str_equal (kind, "infinite") ? KIND_INFINITE : KIND_QUERY;
  observer->memo = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_ptr_array_add (runner->observers, observer);
  g_hash_table_insert (runner->observers_by_id, observer->id, observer);

  runner->constructing = observer->id;

  if (observer->kind == KIND_MUTATION)
    {
      g_autoptr(TqMutationOptions) options = build_mutation_options (runner, spec, observer);

      observer->obs = G_OBJECT (tq_mutation_observer_new (runner->client, options));
      observer->handler = g_signal_connect (observer->obs, "result-changed",
                                            G_CALLBACK (on_mutation_result_changed), observer);
    }
  else
    {
      g_autoptr(TqQueryOptions) options = build_query_options (runner, spec, observer);

      if (tq_query_options_get_query_key (options) == NULL)
        {
          runner->constructing = NULL;
          runner_fail (runner, "observer \"%s\" has no query key", observer->id);
          return;
        }

      if (observer->kind == KIND_INFINITE)
        observer->obs = G_OBJECT (tq_infinite_query_observer_new (runner->client, options));
      else
        observer->obs = G_OBJECT (tq_query_observer_new (runner->client, options));
      observer->handler = g_signal_connect (observer->obs, "result-changed",
                                            G_CALLBACK (on_query_result_changed), observer);
    }

  runner->constructing = NULL;

  if (json_object_has_member (step, "subscribe") && json_object_get_boolean_member (step, "subscribe"))
    subscribe (observer);
}

static void
on_mutate_callback (TqMutationObserver *obs,
                    TqMutation         *mutation,
                    const GValue       *data,
                    const GError       *error,
                    gpointer            user_data)
{
  JsonNode *callbacks = user_data;
  Observer *observer = g_object_get_data (G_OBJECT (obs), "tq-conformance-observer");
  Runner *runner = observer->runner;
  TqMutationState *state = tq_mutation_observer_get_state (obs);
  JsonObject *specs = json_node_get_object (callbacks);
  TqMutationOptions *options = tq_mutation_observer_get_options (obs);
  GVariant *key = tq_mutation_options_get_mutation_key (options);
  GVariant *meta = tq_mutation_options_get_meta (options);
  const char *names[2] = { error == NULL ? "onSuccess" : "onError", "onSettled" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *name = g_strconcat ("mutate.", names[i], NULL);
      Hook hook = { runner, name, json_object_get_member (specs, names[i]) };
      HookArgs args = { 0 };

      if (hook.spec == NULL)
        continue;

      args.ctx_key = key != NULL ? key_to_json (key) : NULL;
      args.ctx_meta = meta != NULL ? json_gvariant_serialize (meta) : NULL;
      args.has_variables = TRUE;
      args.variables = rj_from_value (tq_mutation_state_get_variables (state));
      args.has_context = TRUE;
      args.context = rj_from_value (tq_mutation_state_get_context (state));
      if (i == 1 || error == NULL)
        {
          args.has_data = TRUE;
          args.data = rj_from_value (data);
        }
      if (i == 1 || error != NULL)
        {
          args.has_error = TRUE;
          args.error = error;
        }

      hook_run_unawaited (&hook, &args);
      hook_args_clear (&args);
    }
}

/* The promise of a mutate() step: the mutation's own outcome. */
typedef struct
{
  Call    *call;
  gulong   handler;
  GObject *mutation;
} MutateWait;

static void
on_mutate_mutation_updated (TqMutation       *mutation,
                            TqMutationAction  action,
                            MutateWait       *wait)
{
  TqMutationState *state = tq_mutation_get_state (mutation);

  if (action == TQ_MUTATION_ACTION_SUCCESS)
    {
      g_autoptr(JsonNode) value = rj_from_value (tq_mutation_state_get_data (state));

      call_settle (g_steal_pointer (&wait->call), value, NULL);
    }
  else if (action == TQ_MUTATION_ACTION_ERROR)
    call_settle (g_steal_pointer (&wait->call), NULL, tq_mutation_state_get_error (state));
  else
    return;

  g_signal_handler_disconnect (mutation, wait->handler);
}

static void
mutate_wait_free (gpointer data,
                  GClosure *closure)
{
  MutateWait *wait = data;

  /* A mutation that never settled (the client went away) */
  if (wait->call != NULL)
    call_free (wait->call);
  g_free (wait);
}

static void
run_mutate (Runner     *runner,
            JsonObject *step,
            Observer   *observer,
            const char *label)
{
  TqMutationObserver *obs = TQ_MUTATION_OBSERVER (observer->obs);
  g_autoptr(JsonNode) variables = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  JsonNode *callbacks = json_object_get_member (step, "callbacks");
  MutateWait *wait = g_new0 (MutateWait, 1);

  if (json_object_has_member (step, "variables"))
    {
      TemplateEnv env = { 0 };

      variables = eval_template (runner, json_object_get_member (step, "variables"), &env);
    }
  rj_to_value (variables, &value);

  wait->call = call_new (runner, label, TRUE, NULL, NULL);
  g_object_set_data (G_OBJECT (obs), "tq-conformance-observer", observer);

  /* The mutation is made and started inside mutate(); the wait is
   * connected from its "mutation-added" signal so that no update is missed.
   */
  runner->pending_mutate = wait;
  if (callbacks != NULL)
    tq_mutation_observer_mutate (obs, &value, on_mutate_callback, json_node_ref (callbacks),
                                 (GDestroyNotify) json_node_unref);
  else
    tq_mutation_observer_mutate (obs, &value, NULL, NULL, NULL);

  /* Still ours: no mutation was made */
  if (runner->pending_mutate == wait)
    {
      runner->pending_mutate = NULL;
      runner_fail (runner, "mutate() made no mutation");
      call_free (wait->call);
      g_free (wait);
    }
}

static void
on_mutation_added_for_wait (TqMutationCache *cache,
                            TqMutation      *mutation,
                            Runner          *runner)
{
  MutateWait *wait = runner->pending_mutate;

  if (wait == NULL || wait->handler != 0)
    return;

  wait->handler = g_signal_connect_data (mutation, "updated", G_CALLBACK (on_mutate_mutation_updated),
                                         wait, mutate_wait_free, 0);
  runner->pending_mutate = NULL;
}

static gboolean
run_step (Runner     *runner,
          JsonObject *s,
          guint       index,
          int         sub)
{
  const char *op = json_object_get_string_member (s, "op");
  g_autofree char *default_label = sub < 0 ? g_strdup_printf ("s%u", index)
                                           : g_strdup_printf ("s%u.%d", index, sub);
  const char *label = json_object_has_member (s, "as") ? json_object_get_string_member (s, "as") : default_label;
  JsonObject *step_line = json_object_new ();
  JsonObject *out = NULL;
  const char *out_ev = NULL;
  gint64 t = runner_now (runner);

  json_object_set_int_member (step_line, "i", index);
  json_object_set_string_member (step_line, "op", op);
  if (sub >= 0)
    json_object_set_int_member (step_line, "sub", sub);
  emit (runner, "step", step_line);
  json_object_unref (step_line);

  if (g_str_equal (op, "advance"))
    {
      advance (runner, json_object_get_int_member (s, "ms"));
      return TRUE;
    }
  else if (g_str_equal (op, "flush"))
    ;
  else if (g_str_equal (op, "setFocused"))
    tq_focus_manager_set_focused (runner->focus_manager, json_object_get_boolean_member (s, "value"));
  else if (g_str_equal (op, "setOnline"))
    tq_online_manager_set_online (runner->online_manager, json_object_get_boolean_member (s, "value"));
  else if (g_str_equal (op, "setFlag"))
    g_hash_table_insert (runner->flags, g_strdup (json_object_get_string_member (s, "flag")),
                         GINT_TO_POINTER (json_object_get_boolean_member (s, "value")));
  else if (g_str_equal (op, "sync"))
    {
      JsonArray *steps = json_object_get_array_member (s, "steps");

      for (guint j = 0; j < json_array_get_length (steps) && !runner_stopped (runner); j++)
        run_step (runner, json_array_get_object_element (steps, j), index, j);
    }
  else if (g_str_equal (op, "createObserver"))
    create_observer (runner, s);
  else if (g_str_equal (op, "subscribe"))
    {
      Observer *observer = need_observer (runner, s);

      if (observer != NULL)
        subscribe (observer);
    }
  else if (g_str_equal (op, "unsubscribe"))
    {
      Observer *observer = need_observer (runner, s);

      if (observer == NULL)
        ;
      else if (observer->subscriptions == 0)
        {
          out = json_object_new ();
          out_ev = "threw";
          json_object_set_string_member (out, "error", "$notSubscribed");
        }
      else
        {
          observer->subscriptions--;
          if (observer->kind == KIND_MUTATION)
            tq_mutation_observer_unsubscribe (TQ_MUTATION_OBSERVER (observer->obs));
          else
            tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer->obs));
        }
    }
  else if (g_str_equal (op, "setOptions"))
    {
      Observer *observer = need_observer (runner, s);
      JsonObject *spec = json_object_get_object_member (s, "options");

      if (observer == NULL)
        ;
      else if (observer->kind == KIND_MUTATION)
        {
          g_autoptr(TqMutationOptions) options = build_mutation_options (runner, spec, observer);

          tq_mutation_observer_set_options (TQ_MUTATION_OBSERVER (observer->obs), options);
        }
      else
        {
          g_autoptr(TqQueryOptions) options = build_query_options (runner, spec, observer);

          tq_query_observer_set_options (TQ_QUERY_OBSERVER (observer->obs), options);
        }
    }
  else if (g_str_equal (op, "refetch") || g_str_equal (op, "fetchNextPage") ||
           g_str_equal (op, "fetchPreviousPage"))
    {
      Observer *observer = need_observer (runner, s);
      JsonObject *options = member_object (s, "options");
      gboolean cancel_refetch = option_bool (options, "cancelRefetch", TRUE);

      if (observer != NULL)
        {
          Call *call = call_new (runner, label, TRUE, NULL, NULL);

          call->observer = observer;

          if (g_str_equal (op, "refetch"))
            {
              TqRefetchFlags flags = TQ_REFETCH_FLAGS_NONE;

              if (cancel_refetch)
                flags |= TQ_REFETCH_FLAGS_CANCEL_REFETCH;
              if (option_bool (options, "throwOnError", FALSE))
                flags |= TQ_REFETCH_FLAGS_THROW_ON_ERROR;
              tq_query_observer_refetch_with_flags_async (TQ_QUERY_OBSERVER (observer->obs), flags, NULL,
                                                          refetch_done, call);
            }
          else if (observer->kind != KIND_INFINITE)
            {
              call_free (call);
              runner_fail (runner, "%s on a query observer", op);
            }
          else if (g_str_equal (op, "fetchNextPage"))
            tq_infinite_query_observer_fetch_next_page_async ((TqInfiniteQueryObserver *) observer->obs,
                                                              cancel_refetch, NULL, fetch_next_page_done, call);
          else
            tq_infinite_query_observer_fetch_previous_page_async ((TqInfiniteQueryObserver *) observer->obs,
                                                                  cancel_refetch, NULL, fetch_previous_page_done,
                                                                  call);
        }
    }
  else if (g_str_equal (op, "getCurrentResult"))
    {
      Observer *observer = need_observer (runner, s);

      if (observer != NULL)
        {
          out = json_object_new ();
          out_ev = "result";
          json_object_set_string_member (out, "observer", observer->id);
          json_object_set_member (out, "result", normalize_result (observer));
        }
    }
  else if (g_str_equal (op, "mutate"))
    {
      Observer *observer = need_observer (runner, s);

      if (observer != NULL)
        run_mutate (runner, s, observer, label);
    }
  else if (g_str_equal (op, "reset"))
    {
      Observer *observer = need_observer (runner, s);

      if (observer != NULL)
        tq_mutation_observer_reset (TQ_MUTATION_OBSERVER (observer->obs));
    }
  else if (g_str_equal (op, "executeMutation"))
    {
      g_autoptr(TqMutationOptions) options = build_mutation_options (runner, json_object_get_object_member (s, "options"), NULL);
      g_autoptr(JsonNode) variables = NULL;
      g_auto(GValue) value = G_VALUE_INIT;
      TqMutation *mutation;
      Call *call;

      if (json_object_has_member (s, "variables"))
        {
          TemplateEnv env = { 0 };

          variables = eval_template (runner, json_object_get_member (s, "variables"), &env);
        }
      rj_to_value (variables, &value);

      mutation = tq_mutation_cache_build (tq_query_client_get_mutation_cache (runner->client),
                                          runner->client, options);
      call = call_new (runner, label, TRUE, NULL, NULL);
      tq_mutation_execute_async (mutation, G_IS_VALUE (&value) ? &value : NULL, NULL, execute_done, call);
    }
  else if (g_str_equal (op, "resumePausedMutations"))
    {
      Call *call = call_new (runner, label, FALSE, NULL, NULL);

      tq_query_client_resume_paused_mutations_async (runner->client, NULL, resume_paused_mutations_done, call);
    }
  else if (g_str_equal (op, "isFetching"))
    {
      g_autoptr(TqQueryFilters) filters = build_query_filters (runner, member_object (s, "filters"));

      out = json_object_new ();
      out_ev = "return";
      json_object_set_int_member (out, "value", tq_query_client_is_fetching (runner->client, filters));
    }
  else if (g_str_equal (op, "isMutating"))
    {
      g_autoptr(TqMutationFilters) filters = build_mutation_filters (runner, member_object (s, "filters"));

      out = json_object_new ();
      out_ev = "return";
      json_object_set_int_member (out, "value", tq_query_client_is_mutating (runner->client, filters));
    }
  else if (g_str_equal (op, "find"))
    {
      g_autoptr(TqQueryFilters) filters = build_query_filters (runner, member_object (s, "filters"));
      TqQuery *query = tq_query_cache_find (tq_query_client_get_query_cache (runner->client), filters);

      out = json_object_new ();
      out_ev = "return";
      json_object_set_member (out, "value", query ? key_to_json (tq_query_get_key (query)) : rj_null ());
    }
  else if (g_str_equal (op, "findAll"))
    {
      g_autoptr(TqQueryFilters) filters = build_query_filters (runner, member_object (s, "filters"));
      g_autoptr(GPtrArray) found = tq_query_cache_find_all (tq_query_client_get_query_cache (runner->client), filters);
      JsonArray *keys = json_array_new ();

      for (guint i = 0; i < found->len; i++)
        json_array_add_element (keys, key_to_json (tq_query_get_key (found->pdata[i])));
      out = json_object_new ();
      out_ev = "return";
      json_object_set_member (out, "value", json_array_node (keys));
    }
  else if (g_str_equal (op, "clear"))
    tq_query_client_clear (runner->client);
  else if (g_str_equal (op, "setMutationDefaults"))
    {
      g_autoptr(GVariant) key = key_from_json (json_object_get_member (s, "mutationKey"));
      g_autoptr(TqMutationOptions) options = build_mutation_options (runner, json_object_get_object_member (s, "options"), NULL);

      if (key != NULL)
        tq_query_client_set_mutation_defaults (runner->client, key, options);
    }
  else if (g_str_equal (op, "setDefaultOptions"))
    {
      JsonObject *spec = json_object_get_object_member (s, "options");
      g_autoptr(TqQueryOptions) queries = NULL;
      g_autoptr(TqMutationOptions) mutations = NULL;

      if (json_object_has_member (spec, "queries"))
        queries = build_query_options (runner, json_object_get_object_member (spec, "queries"), NULL);
      if (json_object_has_member (spec, "mutations"))
        mutations = build_mutation_options (runner, json_object_get_object_member (spec, "mutations"), NULL);
      tq_query_client_set_default_query_options (runner->client, queries);
      tq_query_client_set_default_mutation_options (runner->client, mutations);
    }
  else if (g_str_equal (op, "observeQuery"))
    {
      TqQuery *query = find_exact (runner, json_object_get_member (s, "queryKey"));

      out = json_object_new ();
      out_ev = "query";
      json_object_set_member (out, "key", rj_deep_copy (json_object_get_member (s, "queryKey")));
      json_object_set_member (out, "query", query ? query_info (query) : rj_null ());
    }
  else if (g_str_equal (op, "observeCache"))
    {
      g_autoptr(GPtrArray) all = tq_query_cache_get_all (tq_query_client_get_query_cache (runner->client));
      JsonArray *keys = json_array_new ();

      for (guint i = 0; i < all->len; i++)
        json_array_add_element (keys, key_to_json (tq_query_get_key (all->pdata[i])));
      out = json_object_new ();
      out_ev = "cache";
      json_object_set_member (out, "queries", json_array_node (keys));
    }
  else if (g_str_equal (op, "observeCalls"))
    {
      JsonObject *counts = json_object_new ();
      JsonObject *selects = json_object_new ();
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, runner->scripts);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        json_object_set_int_member (counts, ((Script *) value)->name, ((Script *) value)->calls);
      for (guint i = 0; i < runner->observers->len; i++)
        {
          Observer *observer = runner->observers->pdata[i];

          if (observer->has_select)
            json_object_set_int_member (selects, observer->id, observer->select_runs);
        }
      out = json_object_new ();
      out_ev = "calls";
      json_object_set_object_member (out, "counts", counts);
      json_object_set_object_member (out, "selects", selects);
    }
  else if (g_str_equal (op, "observeMutations"))
    {
      g_autoptr(GPtrArray) all = tq_mutation_cache_get_all (tq_query_client_get_mutation_cache (runner->client));
      JsonArray *list = json_array_new ();

      for (guint i = 0; i < all->len; i++)
        json_array_add_element (list, mutation_summary (all->pdata[i]));
      out = json_object_new ();
      out_ev = "mutations";
      json_object_set_member (out, "mutations", json_array_node (list));
    }
  else
    {
      TemplateEnv env = { 0 };
      JsonNode *result = NULL;
      OpKind kind;

      kind = run_client_op (runner, s, label, &env, NULL, NULL, &result);

      if (kind == OP_RETURN)
        {
          out = json_object_new ();
          out_ev = "return";
          if (result != NULL)
            json_object_set_member (out, "value", g_steal_pointer (&result));
        }
      else if (kind == OP_THREW)
        {
          out = json_object_new ();
          out_ev = "threw";
          json_object_set_member (out, "error", g_steal_pointer (&result));
        }
      g_clear_pointer (&result, json_node_unref);
    }

  if (out != NULL)
    {
      rj_append_line (runner->out, out_ev, TRUE, t, out);
      json_object_unref (out);
    }

  if (sub < 0 && !runner_stopped (runner))
    {
      settle (runner);
      record_point (runner);
    }

  return TRUE;
}

/* }}} */
/* {{{ Scenarios */

typedef struct
{
  gpointer instance;
  gulong   id;
} Handler;

static void
handler_free (gpointer data)
{
  Handler *handler = data;

  g_signal_handler_disconnect (handler->instance, handler->id);
  g_free (handler);
}

static void
connect (Runner     *runner,
         gpointer    instance,
         const char *signal,
         GCallback   callback)
{
  Handler *handler = g_new0 (Handler, 1);

  handler->instance = instance;
  handler->id = g_signal_connect (instance, signal, callback, runner);
  g_ptr_array_add (runner->handlers, handler);
}

static Runner *
runner_new (const char *file,
            JsonObject *scenario)
{
  Runner *runner = g_new0 (Runner, 1);

  runner->file = file;
  runner->scenario = json_object_ref (scenario);
  runner->out = g_string_new (NULL);
  runner->scripts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, script_free);
  runner->observers = g_ptr_array_new_with_free_func (observer_free);
  runner->observers_by_id = g_hash_table_new (g_str_hash, g_str_equal);
  runner->flags = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  runner->activity = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  runner->cache_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  runner->mutation_events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  runner->settled = g_ptr_array_new_with_free_func (settled_free);
  runner->unsupported = g_ptr_array_new_with_free_func (g_free);
  runner->handlers = g_ptr_array_new_with_free_func (handler_free);
  runner->keep = g_ptr_array_new_with_free_func (option_value_free);

  return runner;
}

/* The world of a scenario (README.md section 2): virtual time, a mounted
 * client in client mode with its own notify manager, focused and online.
 */
static void
runner_setup (Runner *runner)
{
  JsonObject *scenario = runner->scenario;
  JsonObject *client = member_object (scenario, "client");
  JsonObject *defaults = member_object (client, "defaultOptions");
  JsonObject *record = member_object (scenario, "record");
  JsonObject *functions = member_object (scenario, "functions");
  g_autoptr(TqQueryOptions) query_defaults = NULL;
  g_autoptr(TqMutationOptions) mutation_defaults = NULL;
  TqQueryCache *query_cache;
  TqMutationCache *mutation_cache;

  runner->clock = tq_virtual_clock_new (RUNNER_EPOCH);
  tq_clock_set_default (TQ_CLOCK (runner->clock));
  runner->notify_manager = tq_notify_manager_new ();
  runner->focus_manager = tq_focus_manager_new ();
  tq_focus_manager_set_focused (runner->focus_manager, TRUE);
  runner->online_manager = tq_online_manager_new (NULL);
  tq_online_manager_set_online (runner->online_manager, TRUE);

  if (functions != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (functions);

      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonObject *spec = json_object_get_object_member (functions, l->data);
          Script *script = g_new0 (Script, 1);

          script->runner = runner;
          script->name = g_strdup (l->data);
          if (json_object_has_member (spec, "outcomes"))
            script->outcomes = json_node_ref (json_object_get_member (spec, "outcomes"));
          else
            {
              JsonArray *one = json_array_new ();

              json_array_add_object_element (one, json_object_ref (spec));
              script->outcomes = json_array_node (one);
            }
          script->cycle = json_object_has_member (spec, "then") &&
                          g_str_equal (json_object_get_string_member (spec, "then"), "cycle");
          script->signal = option_bool (spec, "signal", FALSE);
          g_hash_table_insert (runner->scripts, script->name, script);
        }
    }

  runner->client = g_object_new (TQ_TYPE_QUERY_CLIENT,
                                 "clock", runner->clock,
                                 "notify-manager", runner->notify_manager,
                                 "focus-manager", runner->focus_manager,
                                 "online-manager", runner->online_manager,
                                 NULL);

  if (defaults != NULL && json_object_has_member (defaults, "queries"))
    {
      query_defaults = build_query_options (runner, json_object_get_object_member (defaults, "queries"), NULL);
      tq_query_client_set_default_query_options (runner->client, query_defaults);
    }
  if (defaults != NULL && json_object_has_member (defaults, "mutations"))
    {
      mutation_defaults = build_mutation_options (runner, json_object_get_object_member (defaults, "mutations"), NULL);
      tq_query_client_set_default_mutation_options (runner->client, mutation_defaults);
    }

  setup_cache_hooks (runner);
  tq_query_client_mount (runner->client);

  runner->record_query_cache = event_mask (record && json_object_has_member (record, "queryCache")
                                             ? json_object_get_array_member (record, "queryCache") : NULL);
  runner->record_mutation_cache = event_mask (record && json_object_has_member (record, "mutationCache")
                                                ? json_object_get_array_member (record, "mutationCache") : NULL);

  query_cache = tq_query_client_get_query_cache (runner->client);
  connect (runner, query_cache, "query-added", G_CALLBACK (on_query_added));
  connect (runner, query_cache, "query-removed", G_CALLBACK (on_query_removed));
  connect (runner, query_cache, "query-updated", G_CALLBACK (on_query_updated));
  connect (runner, query_cache, "observer-added", G_CALLBACK (on_query_observer_added));
  connect (runner, query_cache, "observer-removed", G_CALLBACK (on_query_observer_removed));
  connect (runner, query_cache, "observer-results-updated", G_CALLBACK (on_query_observer_results_updated));
  connect (runner, query_cache, "observer-options-updated", G_CALLBACK (on_query_observer_options_updated));

  mutation_cache = tq_query_client_get_mutation_cache (runner->client);
  connect (runner, mutation_cache, "mutation-added", G_CALLBACK (on_mutation_added_for_wait));
  connect (runner, mutation_cache, "mutation-added", G_CALLBACK (on_mutation_added));
  connect (runner, mutation_cache, "mutation-removed", G_CALLBACK (on_mutation_removed));
  connect (runner, mutation_cache, "mutation-updated", G_CALLBACK (on_mutation_updated));
  connect (runner, mutation_cache, "observer-added", G_CALLBACK (on_mutation_observer_added));
  connect (runner, mutation_cache, "observer-removed", G_CALLBACK (on_mutation_observer_removed));
  connect (runner, mutation_cache, "observer-options-updated", G_CALLBACK (on_mutation_observer_options_updated));
}

static void
runner_free (Runner *runner)
{
  runner->closing = TRUE;

  g_clear_pointer (&runner->handlers, g_ptr_array_unref);

  /* Observers first (their timers go with them), then the client; what
   * scripted functions still have running completes into the void.
   */
  if (runner->observers != NULL)
    for (guint i = 0; i < runner->observers->len; i++)
      {
        Observer *observer = runner->observers->pdata[i];

        if (observer->handler != 0)
          g_clear_signal_handler (&observer->handler, observer->obs);
        g_clear_object (&observer->obs);
      }

  if (runner->client != NULL)
    {
      tq_query_client_unmount (runner->client);
      tq_query_client_clear (runner->client);
      tq_virtual_clock_flush (runner->clock);
      g_clear_object (&runner->client);
    }

  if (runner->clock != NULL)
    {
      tq_virtual_clock_run_all (runner->clock, G_GINT64_CONSTANT (24) * 60 * 60 * 1000);
      if (tq_clock_get_n_pending (TQ_CLOCK (runner->clock)) != 0)
        g_printerr ("tq-conformance-runner: %s: %u timers left armed\n", runner->file,
                    tq_clock_get_n_pending (TQ_CLOCK (runner->clock)));
      tq_clock_set_default (NULL);
    }

  g_clear_object (&runner->focus_manager);
  g_clear_object (&runner->online_manager);
  g_clear_object (&runner->notify_manager);
  g_clear_object (&runner->clock);

  g_clear_pointer (&runner->observers, g_ptr_array_unref);
  g_clear_pointer (&runner->observers_by_id, g_hash_table_unref);
  g_clear_pointer (&runner->scripts, g_hash_table_unref);
  g_clear_pointer (&runner->flags, g_hash_table_unref);
  g_clear_pointer (&runner->activity, g_ptr_array_unref);
  g_clear_pointer (&runner->cache_events, g_ptr_array_unref);
  g_clear_pointer (&runner->mutation_events, g_ptr_array_unref);
  g_clear_pointer (&runner->settled, g_ptr_array_unref);
  g_clear_pointer (&runner->unsupported, g_ptr_array_unref);
  g_clear_pointer (&runner->keep, g_ptr_array_unref);
  g_clear_pointer (&runner->scenario, json_object_unref);
  g_free (runner->error);
  if (runner->out != NULL)
    g_string_free (runner->out, TRUE);
  g_free (runner);
}

static void
print_invalid (const char *file,
               GPtrArray  *problems)
{
  g_autoptr(GString) line = g_string_new (NULL);
  JsonObject *rest = json_object_new ();
  JsonArray *list = json_array_new ();

  for (guint i = 0; i < problems->len; i++)
    json_array_add_string_element (list, problems->pdata[i]);
  json_object_set_string_member (rest, "file", file);
  json_object_set_array_member (rest, "problems", list);
  rj_append_line (line, "invalid", FALSE, 0, rest);
  json_object_unref (rest);

  fputs (line->str, stdout);
  for (guint i = 0; i < problems->len; i++)
    g_printerr ("%s: %s\n", file, (const char *) problems->pdata[i]);
}

static void
print_error (const char *file,
             const char *message)
{
  g_autoptr(GString) line = g_string_new (NULL);
  JsonObject *rest = json_object_new ();

  json_object_set_string_member (rest, "file", file);
  json_object_set_string_member (rest, "message", message);
  rj_append_line (line, "error", FALSE, 0, rest);
  json_object_unref (rest);

  fputs (line->str, stdout);
  g_printerr ("%s: runner error: %s\n", file, message);
}

/* Returns 0, 1 (error) or 2 (invalid), as the exit status counts them. */
static int
run_scenario (const char *file,
              JsonNode   *root)
{
  Runner *runner;
  JsonObject *scenario;
  JsonArray *steps;
  int status = 0;

  if (!JSON_NODE_HOLDS_OBJECT (root) ||
      !json_object_has_member (json_node_get_object (root), "name") ||
      !json_object_has_member (json_node_get_object (root), "steps"))
    {
      g_autoptr(GPtrArray) problems = g_ptr_array_new ();

      g_ptr_array_add (problems, (gpointer) "not a scenario: an object with name and steps");
      print_invalid (file, problems);
      return 2;
    }

  scenario = json_node_get_object (root);
  steps = json_object_get_array_member (scenario, "steps");

  runner = runner_new (file, scenario);
  runner_setup (runner);

  {
    JsonObject *rest = json_object_new ();

    json_object_set_string_member (rest, "name", json_object_get_string_member (scenario, "name"));
    rj_append_line (runner->out, "scenario", FALSE, 0, rest);
    json_object_unref (rest);
  }

  settle (runner);
  for (guint i = 0; i < json_array_get_length (steps) && !runner_stopped (runner); i++)
    run_step (runner, json_array_get_object_element (steps, i), i, -1);

  if (runner->unsupported->len > 0)
    {
      print_invalid (file, runner->unsupported);
      status = 2;
    }
  else if (runner->error != NULL)
    {
      print_error (file, runner->error);
      status = 1;
    }
  else
    fputs (runner->out->str, stdout);

  runner_free (runner);

  return status;
}

int
main (int   argc,
      char *argv[])
{
  int status = 0;

  setlocale (LC_ALL, "C.UTF-8");

  if (argc < 2 || g_str_equal (argv[1], "--help"))
    {
      g_printerr ("usage: tq-conformance-runner SCENARIO.json [MORE.json ...]\n");
      return argc < 2 ? 2 : 0;
    }

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      int scenario_status;

      if (!json_parser_load_from_file (parser, argv[i], &error))
        {
          g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);

          g_ptr_array_add (problems, g_strdup_printf ("cannot read JSON: %s", error->message));
          print_invalid (argv[i], problems);
          status = MAX (status, 2);
          continue;
        }

      scenario_status = run_scenario (argv[i], json_parser_get_root (parser));
      status = MAX (status, scenario_status);
      fflush (stdout);
    }

  return status;
}

/* }}} */
