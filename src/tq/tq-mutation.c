/* tq-mutation.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-error.h"
#include "tq-mutation-cache-private.h"
#include "tq-mutation-callback-context-private.h"
#include "tq-mutation-function-context-private.h"
#include "tq-mutation-observer-private.h"
#include "tq-mutation-private.h"
#include "tq-query-cache-private.h"
#include "tq-query-client-private.h"
#include "tq-value-private.h"

/**
 * TqMutation:
 *
 * One execution of a write: TanStack's `Mutation` (sections 1.1 and 1.6 of
 * `tanstack-query-core.md`). It holds the options, the state, which
 * changes only through a reducer over [enum@Tq.MutationAction]s announced
 * with [signal@Tq.Mutation::updated], and the retryer of the mutation
 * function.
 *
 * Mutations are made by a [class@Tq.MutationCache], normally through
 * [method@Tq.MutationObserver.mutate], which makes a new one for each call.
 * Running one follows TanStack's order exactly (rules 49–50), awaiting
 * each callback as TanStack does: what follows a callback runs on a later
 * main-loop iteration, once the callback completed (at once, or later for
 * the asynchronous ones of [class@Tq.MutationCallbackContext]); after a
 * synchronous callback that fails, the error path goes on at once, as
 * after a JavaScript callback that throws:
 *
 * 1. the state turns pending, with the variables; the declared optimistic
 *    updates are applied (see [method@Tq.MutationOptions.add_optimistic_update]);
 * 2. the cache's `on-mutate` hook, then the mutation's (whose context is
 *    stored in the state);
 * 3. the mutation function, with retries (none by default, rule 23), paused
 *    while offline in the `online` network mode or while an earlier
 *    mutation of the same scope runs;
 * 4. on success: the declared results and invalidations, then the cache's
 *    `on-success`, the mutation's, the cache's `on-settled`, the mutation's;
 *    the status stays pending until all of them ran, and a failure of any
 *    of them sends the mutation down the error path;
 * 5. on error: the optimistic layers are dropped, then the cache's
 *    `on-error`, the mutation's, the cache's `on-settled`, the mutation's;
 *    failures of these are logged at debug level and ignored;
 * 6. the state turns success or error, and the observer's per-call callback
 *    runs (rule 51).
 *
 * A settled mutation nobody observes is removed from its cache `gc-time`
 * milliseconds later; a pending one is never removed (rule 37).
 */

typedef struct
{
  gatomicrefcount  ref_count;
  TqMutation      *mutation;
  TqRetryer       *retryer;
  GCancellable    *cancellable;
  TqPromise       *promise;
  GValue           variables;
  GValue           data;       /* what the mutation function returned */
  GError          *error;      /* why it failed, on the error path */
  guint            settled : 1;
  guint            is_paused : 1;
} Execution;

struct _TqMutation
{
  GObject               parent_instance;

  GWeakRef              client;
  TqMutationCache      *cache;
  TqEnv                *env;
  guint                 mutation_id;
  TqMutationOptions    *options;
  TqMutationState      *state;
  GPtrArray            *observers;  /* TqMutationObserver*, unowned */
  GWeakRef              owner;      /* the observer that started it */
  Execution            *execution;  /* the run in progress */
  GPtrArray            *layered;    /* TqQuery* that hold our layers */

  TqRemovable           removable;
  TqMutationCacheEntry  cache_entry;

  guint                 gc_deferred : 1;
  guint                 destroyed : 1;
};

enum {
  UPDATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqMutation, tq_mutation, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

/* {{{ Executions */

static Execution *
execution_new (TqMutation   *mutation,
               const GValue *variables)
{
  Execution *exec = g_new0 (Execution, 1);

  g_atomic_ref_count_init (&exec->ref_count);
  exec->mutation = g_object_ref (mutation);
  exec->cancellable = g_cancellable_new ();
  exec->promise = _tq_promise_new ();
  _tq_value_copy_shared (variables, &exec->variables);

  return exec;
}

static Execution *
execution_ref (Execution *exec)
{
  g_atomic_ref_count_inc (&exec->ref_count);
  return exec;
}

static void
execution_unref (gpointer data)
{
  Execution *exec = data;

  if (!g_atomic_ref_count_dec (&exec->ref_count))
    return;

  if (exec->retryer != NULL)
    {
      _tq_retryer_detach (exec->retryer);
      _tq_retryer_unref (exec->retryer);
    }
  g_object_unref (exec->cancellable);
  _tq_promise_unref (exec->promise);
  _tq_value_reset (&exec->variables);
  _tq_value_reset (&exec->data);
  g_clear_error (&exec->error);
  g_object_unref (exec->mutation);
  g_free (exec);
}

/* }}} */
/* {{{ Callback helpers */

gboolean
_tq_mutation_check_hook (const char  *what,
                         gboolean     ok,
                         GError     **error)
{
  if (ok && *error != NULL)
    {
      g_critical ("The %s callback succeeded but set an error (“%s”); the error is ignored",
                  what, (*error)->message);
      g_clear_error (error);
      return TRUE;
    }

  if (!ok && *error == NULL)
    {
      g_critical ("The %s callback failed without setting an error", what);
      g_set_error (error, TQ_ERROR, TQ_ERROR_CALLBACK_FAILED,
                   "The %s callback failed without saying why", what);
    }

  return ok;
}

void
_tq_mutation_report_hook_error (TqMutation   *self,
                                const char   *what,
                                const GError *error)
{
  g_debug ("Mutation %u: the %s callback failed on the error path (ignored): %s",
           self->mutation_id, what, error->message);
}

/* }}} */
/* {{{ GObject */

/* Keeps a removed mutation alive while its gc timer is armed. */
static void
update_orphan (TqMutation *self)
{
  if (self->cache != NULL)
    _tq_mutation_cache_update_orphan (self->cache, self);
}

static void
optional_remove (gpointer data)
{
  TqMutation *self = data;

  if (self->observers->len > 0)
    {
      update_orphan (self);
      return;
    }

  /* A pending mutation stays and its timer is armed again (rule 37), so
   * that it goes at the first gc-time boundary after it settled. With a
   * gc-time of 0 that timer would spin while it runs: it is collected as
   * it settles instead, which is the same millisecond.
   */
  if (self->state->status == TQ_MUTATION_STATUS_PENDING)
    {
      if (_tq_removable_get_gc_time (&self->removable) == 0)
        self->gc_deferred = TRUE;
      else
        _tq_removable_schedule_gc (&self->removable, self->env->clock);
    }
  else if (self->cache != NULL)
    {
      /* Its cache hears of it, even once removed (TanStack's
       * optionalRemove() calls remove() again).
       */
      g_object_ref (self);
      tq_mutation_cache_remove (self->cache, self);
      update_orphan (self);
      g_object_unref (self);
    }
}

static void
tq_mutation_dispose (GObject *object)
{
  TqMutation *self = (TqMutation *)object;

  _tq_removable_clear_gc (&self->removable, self->env->clock);

  G_OBJECT_CLASS (tq_mutation_parent_class)->dispose (object);
}

static void
tq_mutation_finalize (GObject *object)
{
  TqMutation *self = (TqMutation *)object;

  g_assert (self->execution == NULL);

  _tq_removable_clear_gc (&self->removable, self->env->clock);
  g_weak_ref_clear (&self->client);
  g_weak_ref_clear (&self->owner);
  g_clear_pointer (&self->layered, g_ptr_array_unref);
  g_clear_pointer (&self->observers, g_ptr_array_unref);
  g_clear_pointer (&self->state, tq_mutation_state_unref);
  g_clear_object (&self->options);
  g_clear_object (&self->cache);
  g_clear_pointer (&self->env, _tq_env_unref);

  G_OBJECT_CLASS (tq_mutation_parent_class)->finalize (object);
}

static void
tq_mutation_class_init (TqMutationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tq_mutation_dispose;
  object_class->finalize = tq_mutation_finalize;

  /**
   * TqMutation::updated:
   * @self: the mutation
   * @action: what changed the state
   *
   * Emitted after each action of the reducer, once the mutation's observers
   * have updated, and before the cache's
   * [signal@Tq.MutationCache::mutation-updated].
   */
  signals [UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__ENUM,
                  G_TYPE_NONE, 1, TQ_TYPE_MUTATION_ACTION);
}

static void
tq_mutation_init (TqMutation *self)
{
  self->observers = g_ptr_array_new ();
  g_weak_ref_init (&self->client, NULL);
  g_weak_ref_init (&self->owner, NULL);
  self->cache_entry.link.data = self;
}

/* }}} */
/* {{{ State and the reducer */

typedef struct
{
  TqMutationAction  type;
  const GValue     *variables;     /* PENDING */
  const GValue     *context;       /* PENDING */
  gboolean          is_paused;     /* PENDING */
  const GValue     *data;          /* SUCCESS */
  const GError     *error;         /* ERROR, FAILED */
  guint             failure_count; /* FAILED */
} Action;

static TqMutationState *
reduce (TqMutation   *self,
        const Action *action)
{
  TqMutationState *state = _tq_mutation_state_copy (self->state);

  switch (action->type)
    {
    case TQ_MUTATION_ACTION_FAILED:
      state->failure_count = action->failure_count;
      g_clear_error (&state->failure_reason);
      state->failure_reason = action->error ? g_error_copy (action->error) : NULL;
      break;

    case TQ_MUTATION_ACTION_PAUSE:
      state->is_paused = TRUE;
      break;

    case TQ_MUTATION_ACTION_CONTINUE:
      state->is_paused = FALSE;
      break;

    case TQ_MUTATION_ACTION_PENDING:
      _tq_mutation_state_set_value (&state->context, action->context);
      _tq_mutation_state_set_value (&state->data, NULL);
      state->failure_count = 0;
      g_clear_error (&state->failure_reason);
      g_clear_error (&state->error);
      state->is_paused = !!action->is_paused;
      state->status = TQ_MUTATION_STATUS_PENDING;
      _tq_mutation_state_set_value (&state->variables, action->variables);
      state->submitted_at = tq_clock_get_now (self->env->clock);
      break;

    case TQ_MUTATION_ACTION_SUCCESS:
      _tq_mutation_state_set_value (&state->data, action->data);
      state->failure_count = 0;
      g_clear_error (&state->failure_reason);
      g_clear_error (&state->error);
      state->status = TQ_MUTATION_STATUS_SUCCESS;
      state->is_paused = FALSE;
      break;

    case TQ_MUTATION_ACTION_ERROR:
      _tq_mutation_state_set_value (&state->data, NULL);
      g_clear_error (&state->error);
      state->error = g_error_copy (action->error);
      state->failure_count++;
      g_clear_error (&state->failure_reason);
      state->failure_reason = g_error_copy (action->error);
      state->is_paused = FALSE;
      state->status = TQ_MUTATION_STATUS_ERROR;
      break;

    default:
      g_assert_not_reached ();
    }

  return state;
}

static void
dispatch (TqMutation   *self,
          const Action *action)
{
  TqMutationState *state = reduce (self, action);
  TqMutationStatus old_status = self->state->status;
  TqNotifyManager *notify_manager = self->env->notify_manager;

  g_object_ref (self);

  g_clear_pointer (&self->state, tq_mutation_state_unref);
  self->state = state;

  if (old_status != state->status && self->cache != NULL)
    _tq_mutation_cache_status_changed (self->cache, self, old_status, state->status);

  tq_notify_manager_begin_batch (notify_manager);

  /* On a copy, so that an observer can leave while it is told. */
  if (self->observers->len > 0)
    {
      g_autoptr(GPtrArray) observers = g_ptr_array_copy (self->observers, (GCopyFunc) g_object_ref, NULL);

      g_ptr_array_set_free_func (observers, g_object_unref);
      for (guint i = 0; i < observers->len; i++)
        _tq_mutation_observer_on_mutation_update (observers->pdata[i], self, action->type);
    }

  g_signal_emit (self, signals [UPDATED], 0, action->type);
  if (self->cache != NULL)
    _tq_mutation_cache_notify_updated (self->cache, self, action->type);

  tq_notify_manager_end_batch (notify_manager);

  /* Collection that waited for the mutation to settle */
  if (self->gc_deferred && state->status != TQ_MUTATION_STATUS_PENDING)
    {
      self->gc_deferred = FALSE;
      _tq_removable_schedule_gc (&self->removable, self->env->clock);
      update_orphan (self);
    }

  g_object_unref (self);
}

/* }}} */
/* {{{ Construction and options */

void
_tq_mutation_set_options (TqMutation        *self,
                          TqMutationOptions *options)
{
  g_set_object (&self->options, options);
  _tq_removable_update_gc_time (&self->removable, _tq_mutation_options_get_gc_time_or_unset (options));
}

TqMutation *
_tq_mutation_new (TqQueryClient     *client,
                  TqMutationCache   *cache,
                  TqEnv             *env,
                  guint              mutation_id,
                  TqMutationOptions *options,
                  TqMutationState   *state)
{
  TqMutation *self = g_object_new (TQ_TYPE_MUTATION, NULL);

  g_weak_ref_set (&self->client, client);
  self->cache = g_object_ref (cache);
  self->env = _tq_env_ref (env);
  self->mutation_id = mutation_id;
  self->state = state != NULL ? tq_mutation_state_ref (state) : tq_mutation_state_new ();
  _tq_removable_init (&self->removable, optional_remove, self);

  _tq_mutation_set_options (self, options);
  _tq_removable_schedule_gc (&self->removable, self->env->clock);

  return self;
}

void
_tq_mutation_set_owner (TqMutation         *self,
                        TqMutationObserver *owner)
{
  g_weak_ref_set (&self->owner, owner);
}

/* }}} */
/* {{{ Optimistic layers and declared effects */

static TqQueryClient *
dup_client (TqMutation *self)
{
  return self->destroyed ? NULL : g_weak_ref_get (&self->client);
}

/* The queries that match @filters, with references. */
static GPtrArray *
find_queries (TqQueryClient  *client,
              TqQueryFilters *filters)
{
  GPtrArray *found = _tq_query_cache_find_all_borrowed (tq_query_client_get_query_cache (client), filters);

  g_ptr_array_set_free_func (found, g_object_unref);
  for (guint i = 0; i < found->len; i++)
    g_object_ref (found->pdata[i]);

  return found;
}

/* A layer of a query update function: the function, bound to the key of
 * the query the layer is on (a key, not the query, which owns its layers).
 */
typedef struct
{
  TqCallback *func;   /* TqOptimisticQueryUpdateFunc */
  GVariant   *query_key;
} KeyedUpdate;

static void
keyed_update_free (gpointer data)
{
  KeyedUpdate *keyed = data;

  _tq_callback_unref (keyed->func);
  g_variant_unref (keyed->query_key);
  g_free (keyed);
}

static void
keyed_update (const GValue *data,
              const GValue *variables,
              GValue       *result,
              gpointer      user_data)
{
  KeyedUpdate *keyed = user_data;

  ((TqOptimisticQueryUpdateFunc) keyed->func->func) (keyed->query_key, data, variables, result,
                                                     keyed->func->data);
}

/* The layer function of @hook on @query, with a reference. */
static TqCallback *
layer_func_for (TqMutationQueryHook *hook,
                TqQuery             *query)
{
  KeyedUpdate *keyed;

  if (!hook->with_key)
    return _tq_callback_ref (hook->func);

  keyed = g_new0 (KeyedUpdate, 1);
  keyed->func = _tq_callback_ref (hook->func);
  keyed->query_key = g_variant_ref (tq_query_get_key (query));

  return _tq_callback_new (keyed_update, keyed, keyed_update_free);
}

static void
apply_optimistic_updates (TqMutation   *self,
                          const GValue *variables)
{
  g_autoptr(TqQueryClient) client = NULL;
  g_autoptr(GPtrArray) hooks = NULL;

  /* Held: a callback may change the options while it runs. */
  if (self->options->optimistic_updates != NULL)
    hooks = g_ptr_array_ref (self->options->optimistic_updates);

  if (hooks == NULL || hooks->len == 0 || (client = dup_client (self)) == NULL)
    return;

  if (self->layered == NULL)
    self->layered = g_ptr_array_new_with_free_func (g_object_unref);

  tq_notify_manager_begin_batch (self->env->notify_manager);

  for (guint i = 0; i < hooks->len; i++)
    {
      TqMutationQueryHook *hook = hooks->pdata[i];
      g_autoptr(GPtrArray) queries = find_queries (client, hook->filters);

      for (guint j = 0; j < queries->len; j++)
        {
          TqQuery *query = queries->pdata[j];
          g_autoptr(TqCallback) func = layer_func_for (hook, query);

          _tq_query_add_optimistic_layer (query, self->mutation_id, func, variables);
          if (!g_ptr_array_find (self->layered, query, NULL))
            g_ptr_array_add (self->layered, g_object_ref (query));
        }
    }

  tq_notify_manager_end_batch (self->env->notify_manager);
}

/* The rollback: every layer of this mutation goes, the others stay. */
static void
drop_optimistic_layers (TqMutation *self)
{
  g_autoptr(GPtrArray) layered = g_steal_pointer (&self->layered);

  if (layered == NULL || layered->len == 0)
    return;

  tq_notify_manager_begin_batch (self->env->notify_manager);
  for (guint i = 0; i < layered->len; i++)
    _tq_query_remove_optimistic_layer (layered->pdata[i], self->mutation_id);
  tq_notify_manager_end_batch (self->env->notify_manager);
}

static void
apply_success_effects (TqMutation   *self,
                       const GValue *data,
                       const GValue *variables)
{
  g_autoptr(TqQueryClient) client = dup_client (self);
  g_autoptr(GPtrArray) results = NULL;
  g_autoptr(GPtrArray) invalidates = NULL;

  if (self->options->updates_from_result != NULL)
    results = g_ptr_array_ref (self->options->updates_from_result);
  if (self->options->invalidates != NULL)
    invalidates = g_ptr_array_ref (self->options->invalidates);

  tq_notify_manager_begin_batch (self->env->notify_manager);

  if (client != NULL && results != NULL)
    for (guint i = 0; i < results->len; i++)
      {
        TqMutationQueryHook *hook = results->pdata[i];
        g_autoptr(GPtrArray) queries = find_queries (client, hook->filters);

        for (guint j = 0; j < queries->len; j++)
          {
            TqQuery *query = queries->pdata[j];
            const GValue *base = _tq_query_get_base_data (query);
            g_auto(GValue) next = G_VALUE_INIT;

            if (hook->with_key)
              ((TqQueryUpdateFromResultFunc) hook->func->func) (tq_query_get_key (query),
                                                                _tq_value_or_null (base), _tq_value_or_null (data),
                                                                _tq_value_or_null (variables), &next, hook->func->data);
            else
              ((TqUpdateFromResultFunc) hook->func->func) (_tq_value_or_null (base), _tq_value_or_null (data),
                                                           _tq_value_or_null (variables), &next, hook->func->data);

            if (G_IS_VALUE (&next) && G_IS_VALUE (base) && G_VALUE_TYPE (&next) != G_VALUE_TYPE (base))
              {
                g_critical ("The update from the result of mutation %u returned a %s for %s data; ignored",
                            self->mutation_id, G_VALUE_TYPE_NAME (&next), G_VALUE_TYPE_NAME (base));
                continue;
              }

            _tq_query_commit_optimistic_layer (query, self->mutation_id, &next);
          }
      }

  /* The other layers wait for data fetched after this point. */
  if (self->layered != NULL)
    for (guint i = 0; i < self->layered->len; i++)
      _tq_query_succeed_optimistic_layer (self->layered->pdata[i], self->mutation_id);

  if (client != NULL && invalidates != NULL)
    for (guint i = 0; i < invalidates->len; i++)
      {
        g_autoptr(TqPromise) ignored = _tq_query_client_invalidate_queries (client, invalidates->pdata[i], TRUE);
      }

  tq_notify_manager_end_batch (self->env->notify_manager);
}

/* }}} */
/* {{{ Running */

typedef struct
{
  Execution *exec;
  guint      attempt;
} AttemptData;

static void
attempt_data_free (gpointer data)
{
  AttemptData *attempt = data;

  execution_unref (attempt->exec);
  g_free (attempt);
}

static void
on_attempt_done (TqMutationFunctionContext *context,
                 const GValue              *value,
                 const GError              *error,
                 gpointer                   user_data)
{
  AttemptData *attempt = user_data;

  if (attempt->exec->retryer != NULL)
    _tq_retryer_attempt_done (attempt->exec->retryer, attempt->attempt, value, error);
}

static void
fail_missing_mutation_fn (TqMutationFunctionContext *context,
                          gpointer                   user_data)
{
  tq_mutation_function_context_return_new_error (context, TQ_ERROR, TQ_ERROR_MISSING_MUTATION_FN,
                                                 "No mutationFn found");
}

static TqCallback missing_mutation_fn = { .func = fail_missing_mutation_fn };

static void
retryer_run (TqRetryer *retryer,
             guint      attempt,
             gpointer   user_data)
{
  Execution *exec = user_data;
  TqMutation *self = exec->mutation;
  g_autoptr(TqMutationFunctionContext) context = NULL;
  g_autoptr(TqCallback) mutation_fn = _tq_callback_ref (self->options->mutation_fn);
  AttemptData *data = g_new0 (AttemptData, 1);

  data->exec = execution_ref (exec);
  data->attempt = attempt;
  context = _tq_mutation_function_context_new (self, self->env->main_context, exec->cancellable,
                                               &exec->variables, on_attempt_done, data,
                                               attempt_data_free);

  /* A missing function fails like a rejected promise: on the next
   * iteration, not during the call.
   */
  _tq_mutation_function_context_invoke (context, mutation_fn ? mutation_fn : &missing_mutation_fn);
}

static void
retryer_on_fail (guint         failure_count,
                 const GError *error,
                 gpointer      user_data)
{
  Execution *exec = user_data;
  Action action = {
    .type = TQ_MUTATION_ACTION_FAILED,
    .failure_count = failure_count,
    .error = error,
  };

  dispatch (exec->mutation, &action);
}

static void
retryer_on_pause (gpointer user_data)
{
  Execution *exec = user_data;
  Action action = { .type = TQ_MUTATION_ACTION_PAUSE };

  dispatch (exec->mutation, &action);
}

static void
retryer_on_continue (gpointer user_data)
{
  Execution *exec = user_data;
  Action action = { .type = TQ_MUTATION_ACTION_CONTINUE };

  dispatch (exec->mutation, &action);
}

static void
retryer_on_cancel (const GError *error,
                   gboolean      revert,
                   gpointer      user_data)
{
  Execution *exec = user_data;

  g_cancellable_cancel (exec->cancellable);
}

static gboolean
retryer_can_run (gpointer user_data)
{
  Execution *exec = user_data;
  TqMutation *self = exec->mutation;

  return self->cache == NULL || _tq_mutation_cache_can_run (self->cache, self);
}

static const TqRetryerCallbacks retryer_callbacks = {
  .run = retryer_run,
  .on_fail = retryer_on_fail,
  .on_pause = retryer_on_pause,
  .on_continue = retryer_on_continue,
  .on_cancel = retryer_on_cancel,
  .can_run = retryer_can_run,
};

/* After success or error: release the run, let the next mutation of the
 * scope go, then tell the callers (TanStack's `finally`).
 */
static void
finish (Execution    *exec,
        const GValue *data,
        const GError *error)
{
  TqMutation *self = exec->mutation;

  exec->settled = TRUE;
  g_clear_pointer (&self->layered, g_ptr_array_unref);

  if (self->execution == exec)
    {
      self->execution = NULL;
      execution_unref (exec);
    }

  if (self->cache != NULL)
    _tq_mutation_cache_run_next (self->cache, self);

  if (error != NULL)
    _tq_promise_reject (exec->promise, error);
  else
    _tq_promise_resolve (exec->promise, data);
}

/* {{{ The lifecycle callbacks */

/* What runs next in a mutation's run, with what the step before it gave. */
typedef void (*ExecStep) (Execution    *exec,
                          const GValue *value,
                          const GError *error);

typedef struct
{
  Execution *exec;
  ExecStep   step;
  GValue     value;
  GError    *error;
} Continuation;

static void
continuation_free (gpointer data)
{
  Continuation *c = data;

  execution_unref (c->exec);
  _tq_value_reset (&c->value);
  g_clear_error (&c->error);
  g_free (c);
}

static gboolean
continuation_run (gpointer data)
{
  Continuation *c = data;

  c->step (c->exec, &c->value, c->error);

  return G_SOURCE_REMOVE;
}

/* TanStack awaits each callback of a mutation (and the mutation function),
 * even one that returned at once: what follows runs on a later turn of
 * the main loop, never inside the call.
 */
static void
continue_later (Execution    *exec,
                ExecStep      step,
                const GValue *value,
                const GError *error)
{
  Continuation *c = g_new0 (Continuation, 1);
  GSource *source = g_idle_source_new ();

  c->exec = execution_ref (exec);
  c->step = step;
  _tq_value_copy_shared (value, &c->value);
  c->error = error ? g_error_copy (error) : NULL;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, continuation_run, c, continuation_free);
  g_source_set_static_name (source, "[tq] mutation step");
  g_source_attach (source, exec->mutation->env->main_context);
  g_source_unref (source);
}

static const char * const hook_names[] = {
  [TQ_MUTATION_HOOK_ON_MUTATE] = "on-mutate",
  [TQ_MUTATION_HOOK_ON_SUCCESS] = "on-success",
  [TQ_MUTATION_HOOK_ON_ERROR] = "on-error",
  [TQ_MUTATION_HOOK_ON_SETTLED] = "on-settled",
};

typedef struct
{
  Execution *exec;
  ExecStep   then;
} HookWait;

static void
hook_wait_free (gpointer data)
{
  HookWait *wait = data;

  execution_unref (wait->exec);
  g_free (wait);
}

static void
on_async_hook_done (TqMutationCallbackContext *context,
                    const GValue              *value,
                    const GError              *error,
                    gpointer                   user_data)
{
  HookWait *wait = user_data;

  continue_later (wait->exec, wait->then, value, error);
}

/* Calls one lifecycle callback (@cache_hook: the cache's) and goes on
 * with @then on a later turn, with what it returned or how it failed.
 * Without a callback, @then still waits for that turn (TanStack's
 * `await undefined`).
 */
static void
call_hook (Execution      *exec,
           TqMutationHook  hook,
           gboolean        cache_hook,
           const GValue   *data,
           const GError   *mutation_error,
           ExecStep        then)
{
  TqMutation *self = exec->mutation;
  const GValue *variables = _tq_value_or_null (&exec->variables);
  g_auto(GValue) context = G_VALUE_INIT;
  g_auto(GValue) returned = G_VALUE_INIT;
  g_autoptr(TqCallback) cb = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *what = NULL;
  const GValue *ctx;
  gboolean is_async = FALSE;
  gboolean ok = TRUE;

  if (cache_hook)
    cb = self->cache != NULL ? _tq_mutation_cache_dup_hook (self->cache, hook, &is_async) : NULL;
  else
    cb = _tq_mutation_options_dup_hook (self->options, hook, &is_async);

  if (cb == NULL)
    {
      continue_later (exec, then, NULL, NULL);
      return;
    }

  what = g_strconcat (cache_hook ? "mutation cache's " : "", hook_names[hook], NULL);
  _tq_value_copy_shared (&self->state->context, &context);
  ctx = _tq_value_or_null (&context);
  data = _tq_value_or_null (data);

  if (is_async)
    {
      g_autoptr(TqMutationCallbackContext) callback_context = NULL;
      HookWait *wait = g_new0 (HookWait, 1);

      wait->exec = execution_ref (exec);
      wait->then = then;
      callback_context = _tq_mutation_callback_context_new (self, what, variables, data, mutation_error,
                                                            hook == TQ_MUTATION_HOOK_ON_MUTATE ? NULL : ctx,
                                                            on_async_hook_done, wait, hook_wait_free);
      _tq_mutation_callback_context_invoke (callback_context, cb);
      return;
    }

  switch (hook)
    {
    case TQ_MUTATION_HOOK_ON_MUTATE:
      ok = ((TqOnMutateFunc) cb->func) (self, variables, &returned, cb->data, &error);
      break;
    case TQ_MUTATION_HOOK_ON_SUCCESS:
      ok = ((TqOnSuccessFunc) cb->func) (self, data, variables, ctx, cb->data, &error);
      break;
    case TQ_MUTATION_HOOK_ON_ERROR:
      ok = ((TqOnErrorFunc) cb->func) (self, mutation_error, variables, ctx, cb->data, &error);
      break;
    case TQ_MUTATION_HOOK_ON_SETTLED:
    default:
      ok = ((TqOnSettledFunc) cb->func) (self, data, mutation_error, variables, ctx, cb->data, &error);
      break;
    }

  /* A callback that fails at once is not awaited: TanStack's `await f ()`
   * goes on to its catch in the same turn when f throws.
   */
  if (!_tq_mutation_check_hook (what, ok, &error))
    {
      then (exec, NULL, error);
      return;
    }

  continue_later (exec, then, &returned, NULL);
}

/* }}} */
/* {{{ The error path (rule 50) */

static void
error_path_done (Execution    *exec,
                 const GValue *value,
                 const GError *hook_error)
{
  TqMutation *self = exec->mutation;
  g_autoptr(TqMutationObserver) owner = NULL;
  g_autoptr(GError) error = g_error_copy (exec->error);
  Action action = { .type = TQ_MUTATION_ACTION_ERROR, .error = error };

  if (hook_error != NULL)
    _tq_mutation_report_hook_error (self, "on-settled", hook_error);

  g_object_ref (self);

  if (!self->destroyed && (owner = g_weak_ref_get (&self->owner)) != NULL)
    _tq_mutation_observer_emit_settled (owner, self, NULL, error, _tq_value_or_null (&exec->variables),
                                        _tq_value_or_null (&self->state->context));

  dispatch (self, &action);
  finish (exec, NULL, error);

  g_object_unref (self);
}

static void
error_path_on_settled (Execution    *exec,
                       const GValue *value,
                       const GError *hook_error)
{
  TqMutation *self = exec->mutation;

  if (hook_error != NULL)
    _tq_mutation_report_hook_error (self, "mutation cache's on-settled", hook_error);

  if (self->destroyed)
    {
      error_path_done (exec, NULL, NULL);
      return;
    }

  if (self->cache != NULL)
    _tq_mutation_cache_emit_hook (self->cache, TQ_MUTATION_HOOK_ON_SETTLED, self, NULL, exec->error,
                                  _tq_value_or_null (&exec->variables),
                                  _tq_value_or_null (&self->state->context));

  call_hook (exec, TQ_MUTATION_HOOK_ON_SETTLED, FALSE, NULL, exec->error, error_path_done);
}

static void
error_path_cache_on_settled (Execution    *exec,
                             const GValue *value,
                             const GError *hook_error)
{
  TqMutation *self = exec->mutation;
  g_autoptr(TqMutationObserver) owner = NULL;

  if (hook_error != NULL)
    _tq_mutation_report_hook_error (self, "on-error", hook_error);

  if (self->destroyed)
    {
      error_path_done (exec, NULL, NULL);
      return;
    }

  if ((owner = g_weak_ref_get (&self->owner)) != NULL)
    _tq_mutation_observer_emit_error (owner, self, exec->error, _tq_value_or_null (&exec->variables),
                                      _tq_value_or_null (&self->state->context));

  call_hook (exec, TQ_MUTATION_HOOK_ON_SETTLED, TRUE, NULL, exec->error, error_path_on_settled);
}

static void
error_path_on_error (Execution    *exec,
                     const GValue *value,
                     const GError *hook_error)
{
  TqMutation *self = exec->mutation;

  if (hook_error != NULL)
    _tq_mutation_report_hook_error (self, "mutation cache's on-error", hook_error);

  if (self->destroyed)
    {
      error_path_done (exec, NULL, NULL);
      return;
    }

  if (self->cache != NULL)
    _tq_mutation_cache_emit_hook (self->cache, TQ_MUTATION_HOOK_ON_ERROR, self, NULL, exec->error,
                                  _tq_value_or_null (&exec->variables),
                                  _tq_value_or_null (&self->state->context));

  call_hook (exec, TQ_MUTATION_HOOK_ON_ERROR, FALSE, NULL, exec->error, error_path_cache_on_settled);
}

/* The callbacks in order, each awaited, their failures ignored; then the
 * state turns error and the callers are told.
 */
static void
error_path (Execution    *exec,
            const GError *error)
{
  TqMutation *self = exec->mutation;

  g_clear_error (&exec->error);
  exec->error = g_error_copy (error);

  drop_optimistic_layers (self);

  if (self->destroyed)
    {
      error_path_done (exec, NULL, NULL);
      return;
    }

  call_hook (exec, TQ_MUTATION_HOOK_ON_ERROR, TRUE, NULL, exec->error, error_path_on_error);
}

static void
error_path_step (Execution    *exec,
                 const GValue *value,
                 const GError *error)
{
  error_path (exec, error);
}

/* }}} */
/* {{{ The success path (rule 49) */

static void
success_path_done (Execution    *exec,
                   const GValue *value,
                   const GError *hook_error)
{
  TqMutation *self = exec->mutation;
  g_autoptr(TqMutationObserver) owner = NULL;
  Action action = { .type = TQ_MUTATION_ACTION_SUCCESS, .data = &exec->data };

  if (hook_error != NULL)
    {
      /* Rule 50: a failing success callback sends it down the error path. */
      error_path (exec, hook_error);
      return;
    }

  g_object_ref (self);

  if (!self->destroyed && (owner = g_weak_ref_get (&self->owner)) != NULL)
    _tq_mutation_observer_emit_settled (owner, self, _tq_value_or_null (&exec->data), NULL,
                                        _tq_value_or_null (&exec->variables),
                                        _tq_value_or_null (&self->state->context));

  dispatch (self, &action);
  finish (exec, &exec->data, NULL);

  g_object_unref (self);
}

static void
success_path_on_settled (Execution    *exec,
                         const GValue *value,
                         const GError *hook_error)
{
  TqMutation *self = exec->mutation;

  if (hook_error != NULL)
    {
      error_path (exec, hook_error);
      return;
    }

  if (self->destroyed)
    {
      success_path_done (exec, NULL, NULL);
      return;
    }

  if (self->cache != NULL)
    _tq_mutation_cache_emit_hook (self->cache, TQ_MUTATION_HOOK_ON_SETTLED, self, _tq_value_or_null (&exec->data),
                                  NULL, _tq_value_or_null (&exec->variables),
                                  _tq_value_or_null (&self->state->context));

  call_hook (exec, TQ_MUTATION_HOOK_ON_SETTLED, FALSE, &exec->data, NULL, success_path_done);
}

static void
success_path_cache_on_settled (Execution    *exec,
                               const GValue *value,
                               const GError *hook_error)
{
  TqMutation *self = exec->mutation;
  g_autoptr(TqMutationObserver) owner = NULL;

  if (hook_error != NULL)
    {
      error_path (exec, hook_error);
      return;
    }

  if (self->destroyed)
    {
      success_path_done (exec, NULL, NULL);
      return;
    }

  if ((owner = g_weak_ref_get (&self->owner)) != NULL)
    _tq_mutation_observer_emit_success (owner, self, _tq_value_or_null (&exec->data),
                                        _tq_value_or_null (&exec->variables),
                                        _tq_value_or_null (&self->state->context));

  call_hook (exec, TQ_MUTATION_HOOK_ON_SETTLED, TRUE, &exec->data, NULL, success_path_on_settled);
}

static void
success_path_on_success (Execution    *exec,
                         const GValue *value,
                         const GError *hook_error)
{
  TqMutation *self = exec->mutation;

  if (hook_error != NULL)
    {
      error_path (exec, hook_error);
      return;
    }

  if (self->destroyed)
    {
      success_path_done (exec, NULL, NULL);
      return;
    }

  if (self->cache != NULL)
    _tq_mutation_cache_emit_hook (self->cache, TQ_MUTATION_HOOK_ON_SUCCESS, self, _tq_value_or_null (&exec->data),
                                  NULL, _tq_value_or_null (&exec->variables),
                                  _tq_value_or_null (&self->state->context));

  call_hook (exec, TQ_MUTATION_HOOK_ON_SUCCESS, FALSE, &exec->data, NULL, success_path_cache_on_settled);
}

/* The declared effects, then the callbacks in order, each awaited; the
 * mutation stays pending until they all ran.
 */
static void
success_path (Execution    *exec,
              const GValue *data,
              const GError *unused)
{
  TqMutation *self = exec->mutation;

  _tq_value_reset (&exec->data);
  _tq_value_copy_shared (data, &exec->data);

  if (self->destroyed)
    {
      success_path_done (exec, NULL, NULL);
      return;
    }

  apply_success_effects (self, &exec->data, &exec->variables);
  call_hook (exec, TQ_MUTATION_HOOK_ON_SUCCESS, TRUE, &exec->data, NULL, success_path_on_success);
}

/* TanStack's `await retryer.start ()`: one more turn before the callbacks. */
static void
on_retryer_settled (TqPromise *promise,
                    gpointer   user_data)
{
  Execution *exec = user_data;

  if (exec->settled)
    return;

  if (_tq_promise_is_rejected (promise))
    continue_later (exec, error_path_step, NULL, _tq_promise_get_error (promise));
  else
    continue_later (exec, success_path, _tq_promise_get_value (promise), NULL);
}

/* }}} */
/* {{{ Starting */

static void
start_retryer (Execution *exec)
{
  if (exec->settled)
    return;

  _tq_promise_then (_tq_retryer_get_promise (exec->retryer), on_retryer_settled,
                    execution_ref (exec), execution_unref);
  _tq_retryer_start (exec->retryer);
}

static void
after_on_mutate (Execution    *exec,
                 const GValue *returned,
                 const GError *error)
{
  TqMutation *self = exec->mutation;
  g_autoptr(TqMutationObserver) owner = NULL;
  g_auto(GValue) context = G_VALUE_INIT;

  if (error != NULL)
    {
      error_path (exec, error);
      return;
    }

  if (self->destroyed)
    {
      start_retryer (exec);
      return;
    }

  _tq_value_copy_shared (returned, &context);

  owner = g_weak_ref_get (&self->owner);
  if (owner != NULL)
    _tq_mutation_observer_emit_mutate (owner, self, _tq_value_or_null (&exec->variables), &context);

  if (!_tq_value_identical (&context, &self->state->context))
    {
      Action action = {
        .type = TQ_MUTATION_ACTION_PENDING,
        .variables = &exec->variables,
        .context = &context,
        .is_paused = exec->is_paused,
      };

      dispatch (self, &action);
    }

  start_retryer (exec);
}

static void
after_cache_on_mutate (Execution    *exec,
                       const GValue *returned,
                       const GError *error)
{
  TqMutation *self = exec->mutation;

  if (error != NULL)
    {
      error_path (exec, error);
      return;
    }

  if (self->destroyed)
    {
      start_retryer (exec);
      return;
    }

  if (self->cache != NULL)
    _tq_mutation_cache_emit_hook (self->cache, TQ_MUTATION_HOOK_ON_MUTATE, self, NULL, NULL,
                                  _tq_value_or_null (&exec->variables), NULL);

  call_hook (exec, TQ_MUTATION_HOOK_ON_MUTATE, FALSE, NULL, NULL, after_on_mutate);
}

/* }}} */

TqPromise *
_tq_mutation_execute (TqMutation   *self,
                      const GValue *variables)
{
  TqRetryConfig config = { 0 };
  Execution *exec;
  TqPromise *result;
  gboolean restored, is_paused;

  g_object_ref (self);

  /* Running a mutation twice at once would interleave two runs in one
   * state: callers join the run in progress instead.
   */
  if (self->execution != NULL && !self->execution->settled)
    {
      g_critical ("%s: mutation %u is already running", G_STRFUNC, self->mutation_id);
      g_object_unref (self);
      return _tq_promise_ref (self->execution->promise);
    }

  exec = execution_new (self, variables);
  result = _tq_promise_ref (exec->promise);

  if (self->destroyed)
    {
      g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "CancelledError");

      exec->settled = TRUE;
      _tq_promise_reject (exec->promise, error);
      execution_unref (exec);
      g_object_unref (self);
      return result;
    }

  g_clear_pointer (&self->execution, execution_unref);
  self->execution = exec;

  config.retry = _tq_mutation_options_has (self->options, TQ_MOPT_RETRY) ? self->options->retry : 0;
  config.retry_fn = self->options->retry_fn;
  config.has_retry_delay = _tq_mutation_options_has (self->options, TQ_MOPT_RETRY_DELAY);
  config.retry_delay = self->options->retry_delay;
  config.retry_delay_fn = self->options->retry_delay_fn;
  config.network_mode = self->options->network_mode;

  exec->retryer = _tq_retryer_new (&retryer_callbacks, exec, &config,
                                   self->env->clock, self->env->focus_manager,
                                   self->env->online_manager);

  restored = self->state->status == TQ_MUTATION_STATUS_PENDING;
  is_paused = !_tq_retryer_can_start (exec->retryer);

  execution_ref (exec);

  if (restored)
    {
      Action action = { .type = TQ_MUTATION_ACTION_CONTINUE };

      dispatch (self, &action);
      start_retryer (exec);
    }
  else
    {
      Action action = {
        .type = TQ_MUTATION_ACTION_PENDING,
        .variables = &exec->variables,
        .is_paused = is_paused,
      };

      exec->is_paused = is_paused;

      dispatch (self, &action);
      apply_optimistic_updates (self, &exec->variables);

      /* The cache's on-mutate runs now; TanStack awaits it only if it
       * exists, and the mutation's own (even if it has none) always.
       */
      if (self->cache != NULL && _tq_mutation_cache_has_hook (self->cache, TQ_MUTATION_HOOK_ON_MUTATE))
        call_hook (exec, TQ_MUTATION_HOOK_ON_MUTATE, TRUE, NULL, NULL, after_cache_on_mutate);
      else
        after_cache_on_mutate (exec, NULL, NULL);
    }

  execution_unref (exec);
  g_object_unref (self);

  return result;
}

TqPromise *
_tq_mutation_continue (TqMutation *self)
{
  /* A run in progress: what waits for it waits for the mutation function
   * only, not for the callbacks after it (TanStack's retryer.continue ()
   * returns the retryer's promise), so a reconnect refetches queries as
   * soon as the paused writes are done.
   */
  if (self->execution != NULL && !self->execution->settled)
    {
      _tq_retryer_continue (self->execution->retryer);
      return _tq_promise_ref (_tq_retryer_get_promise (self->execution->retryer));
    }

  /* A pending mutation without a run was restored: run it from the start,
   * without on-mutate and keeping its context. A settled one stays so.
   */
  if (self->state->status == TQ_MUTATION_STATUS_PENDING)
    return _tq_mutation_execute (self, &self->state->variables);

  return _tq_promise_new_resolved (NULL);
}

void
_tq_mutation_destroy (TqMutation *self)
{
  g_object_ref (self);

  self->destroyed = TRUE;
  _tq_removable_clear_gc (&self->removable, self->env->clock);
  if (self->execution != NULL && self->execution->retryer != NULL)
    {
      _tq_retryer_cancel (self->execution->retryer, FALSE, TRUE);
      /* Its retry delay runs on after a cancel: not into a mutation whose
       * client is gone.
       */
      _tq_retryer_detach (self->execution->retryer);
    }

  g_object_unref (self);
}

/* }}} */
/* {{{ Observers */

void
_tq_mutation_add_observer (TqMutation         *self,
                           TqMutationObserver *observer)
{
  if (g_ptr_array_find (self->observers, observer, NULL))
    return;

  g_ptr_array_add (self->observers, observer);
  _tq_removable_clear_gc (&self->removable, self->env->clock);
  self->gc_deferred = FALSE;

  if (self->cache != NULL)
    _tq_mutation_cache_notify_observer (self->cache, self, observer, TRUE);
}

/* As TanStack's removeObserver(), the gc timer is re-armed and the cache
 * told even when @observer was not attached (an unsubscribed observer that
 * mutates again, rule 37), unless @only_attached says otherwise.
 */
void
_tq_mutation_remove_observer (TqMutation         *self,
                              TqMutationObserver *observer,
                              gboolean            only_attached)
{
  if (!g_ptr_array_remove (self->observers, observer) && only_attached)
    return;

  g_object_ref (self);

  if (!self->destroyed)
    {
      _tq_removable_schedule_gc (&self->removable, self->env->clock);
      update_orphan (self);
    }

  if (self->cache != NULL)
    _tq_mutation_cache_notify_observer (self->cache, self, observer, FALSE);

  g_object_unref (self);
}

/* }}} */
/* {{{ Private accessors */

TqMutationCacheEntry *
_tq_mutation_get_cache_entry (TqMutation *self)
{
  return &self->cache_entry;
}

const char *
_tq_mutation_get_hash (TqMutation *self)
{
  return self->options->mutation_hash;
}

gboolean
_tq_mutation_is_gc_scheduled (TqMutation *self)
{
  return _tq_removable_is_scheduled (&self->removable);
}

GVariant *
_tq_mutation_get_key (TqMutation *self)
{
  return self->options->mutation_key;
}

TqMutationState *
_tq_mutation_get_state (TqMutation *self)
{
  return self->state;
}

const char *
_tq_mutation_get_scope_id (TqMutation *self)
{
  return self->options->scope_id;
}

/* }}} */
/* {{{ Public API */

/**
 * tq_mutation_get_mutation_id:
 * @self: a mutation
 *
 * Gets the mutation's id: its number in its cache, which grows with each
 * mutation made, so it is also the order of submission.
 *
 * Returns: the id
 */
guint
tq_mutation_get_mutation_id (TqMutation *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION (self), 0);

  return self->mutation_id;
}

/**
 * tq_mutation_get_mutation_key:
 * @self: a mutation
 *
 * Gets the mutation's key.
 *
 * Returns: (transfer none) (nullable): the key, or %NULL if it has none
 */
GVariant *
tq_mutation_get_mutation_key (TqMutation *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION (self), NULL);

  return self->options->mutation_key;
}

/**
 * tq_mutation_get_options:
 * @self: a mutation
 *
 * Gets the options the mutation runs with: the client's defaults merged
 * with those it was made with.
 *
 * Returns: (transfer none): the options
 */
TqMutationOptions *
tq_mutation_get_options (TqMutation *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION (self), NULL);

  return self->options;
}

/**
 * tq_mutation_get_state:
 * @self: a mutation
 *
 * Gets the mutation's current state. The state does not change; a new one
 * replaces it on each action.
 *
 * Returns: (transfer none): the state
 */
TqMutationState *
tq_mutation_get_state (TqMutation *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION (self), NULL);

  return self->state;
}

/**
 * tq_mutation_get_client:
 * @self: a mutation
 *
 * Gets the client the mutation runs for.
 *
 * Returns: (transfer none) (nullable): the client, or %NULL once it is gone
 */
TqQueryClient *
tq_mutation_get_client (TqMutation *self)
{
  TqQueryClient *client;

  g_return_val_if_fail (TQ_IS_MUTATION (self), NULL);

  /* The client owns the mutation's cache, so it outlives this call. */
  client = g_weak_ref_get (&self->client);
  if (client != NULL)
    g_object_unref (client);

  return client;
}

/**
 * tq_mutation_get_gc_time:
 * @self: a mutation
 *
 * Gets the mutation's gc time: the largest it has been given.
 *
 * Returns: milliseconds, or %TQ_TIME_INFINITE
 */
gint64
tq_mutation_get_gc_time (TqMutation *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION (self), 0);

  return _tq_removable_get_gc_time (&self->removable);
}

/**
 * tq_mutation_get_observers_count:
 * @self: a mutation
 *
 * Counts the observers attached to the mutation.
 *
 * Returns: the count
 */
guint
tq_mutation_get_observers_count (TqMutation *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION (self), 0);

  return self->observers->len;
}

static void
value_free (gpointer data)
{
  GValue *value = data;

  _tq_value_reset (value);
  g_free (value);
}

static void
execute_task_done (TqPromise *promise,
                   gpointer   user_data)
{
  GTask *task = user_data;

  if (_tq_promise_is_rejected (promise))
    g_task_return_error (task, g_error_copy (_tq_promise_get_error (promise)));
  else
    {
      GValue *value = g_new0 (GValue, 1);

      _tq_value_copy_shared (_tq_promise_get_value (promise), value);
      g_task_return_pointer (task, value, value_free);
    }
}

/**
 * tq_mutation_execute_async:
 * @self: a mutation
 * @variables: (nullable): the variables; %NULL or an unset value for none
 * @cancellable: (nullable): cancels the wait, not the mutation
 * @callback: (scope async) (nullable): called when the mutation settled
 * @user_data: data for @callback
 *
 * Runs the mutation (TanStack's `execute`): it turns pending and its first
 * `on-mutate` callback starts before this returns; the mutation function
 * starts once the `on-mutate` callbacks were awaited, on a later main-loop
 * iteration. Most code uses [method@Tq.MutationObserver.mutate] instead,
 * which makes a mutation and runs it.
 */
void
tq_mutation_execute_async (TqMutation          *self,
                           const GValue        *variables,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_MUTATION (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tq_mutation_execute_async);
  g_task_set_check_cancellable (task, TRUE);

  promise = _tq_mutation_execute (self, variables);
  _tq_promise_then (promise, execute_task_done, task, g_object_unref);
}

/**
 * tq_mutation_execute_finish:
 * @self: a mutation
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for what the
 *   mutation function returned (left unset if it returned nothing)
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.Mutation.execute_async].
 *
 * Returns: %TRUE on success, or %FALSE with @error set: the mutation
 *   function's error, a callback's, %TQ_ERROR_MISSING_MUTATION_FN, or
 *   `G_IO_ERROR_CANCELLED` if the client went away or the wait was
 *   cancelled
 */
gboolean
tq_mutation_execute_finish (TqMutation    *self,
                            GAsyncResult  *result,
                            GValue        *data,
                            GError       **error)
{
  GValue *value;

  g_return_val_if_fail (TQ_IS_MUTATION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;

  if (data != NULL)
    _tq_value_copy_shared (value, data);
  value_free (value);

  return TRUE;
}

/**
 * tq_mutation_continue:
 * @self: a mutation
 *
 * Continues a paused mutation (TanStack's `continue`): one waiting for the
 * network, for focus or for its scope resumes if it now can; a pending
 * mutation that has no run (restored from storage) runs from the start,
 * without `on-mutate`. A settled mutation is left alone.
 * [method@Tq.QueryClient.resume_paused_mutations_async] does this for every
 * paused mutation.
 */
void
tq_mutation_continue (TqMutation *self)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_MUTATION (self));

  promise = _tq_mutation_continue (self);
}

/* }}} */
