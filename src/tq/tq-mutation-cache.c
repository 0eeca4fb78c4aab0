/* tq-mutation-cache.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-mutation-cache-private.h"
#include "tq-mutation-filters-private.h"
#include "tq-mutation-observer.h"
#include "tq-query-client-private.h"
#include "tq-value-private.h"

/**
 * TqMutationCache:
 *
 * The mutations of a client: TanStack's `MutationCache` (section 1.5 of
 * `tanstack-query-core.md`). Each mutation made gets the next id; signals
 * announce every change; and the cache holds the global lifecycle hooks.
 *
 * The global hooks run before the per-mutation callbacks of the same name
 * (rule 49): `on-mutate`, `on-success`, `on-error` and `on-settled`, each
 * both as a function ([method@Tq.MutationCache.set_on_success_func] and
 * the others, which may fail: a failure on the success path sends the
 * mutation down the error path) and as a signal
 * ([signal@Tq.MutationCache::success] and the others), emitted right after
 * the function. A common use is to react to every mutation in one place,
 * for example to show an error toast, or to invalidate what a mutation's
 * `meta` names.
 *
 * **Scopes.** Mutations with the same [property@Tq.MutationOptions:scope-id]
 * run one at a time, in the order they were made: the ones waiting are
 * pending and paused, and the next one continues when the one before it
 * settles. Mutations without a scope run in parallel.
 *
 * **Paused mutations** (offline in the `online` network mode, unfocused
 * before a retry, or waiting for their scope) continue with
 * [method@Tq.MutationCache.resume_paused_mutations_async], which the client
 * calls on reconnect and on focus, before queries refetch.
 */

struct _TqMutationCache
{
  GObject     parent_instance;

  TqEnv      *env;
  GQueue      all;          /* TqMutation*, one reference each, in order */
  GHashTable *scopes;       /* scope id → GPtrArray of TqMutation* (unowned) */
  GHashTable *orphans;      /* removed, pending or gc armed: TqMutation* → ref */
  guint       next_id;
  guint       n_pending;

  TqCallback *on_mutate;
  TqCallback *on_success;
  TqCallback *on_error;
  TqCallback *on_settled;
  guint       async_hooks;  /* 1 << TqMutationHook: a TqMutationCallbackFunc */

  void      (*pending_hook) (gpointer);
  gpointer    pending_hook_data;
};

enum {
  MUTATION_ADDED,
  MUTATION_REMOVED,
  MUTATION_UPDATED,
  OBSERVER_ADDED,
  OBSERVER_REMOVED,
  OBSERVER_OPTIONS_UPDATED,
  MUTATE,
  SUCCESS,
  ERROR,
  SETTLED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqMutationCache, tq_mutation_cache, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

static void
tq_mutation_cache_dispose (GObject *object)
{
  TqMutationCache *self = (TqMutationCache *)object;

  if (self->all.length > 0)
    tq_mutation_cache_clear (self);

  G_OBJECT_CLASS (tq_mutation_cache_parent_class)->dispose (object);
}

static void
tq_mutation_cache_finalize (GObject *object)
{
  TqMutationCache *self = (TqMutationCache *)object;

  g_clear_pointer (&self->scopes, g_hash_table_unref);
  g_clear_pointer (&self->orphans, g_hash_table_unref);
  g_clear_pointer (&self->on_mutate, _tq_callback_unref);
  g_clear_pointer (&self->on_success, _tq_callback_unref);
  g_clear_pointer (&self->on_error, _tq_callback_unref);
  g_clear_pointer (&self->on_settled, _tq_callback_unref);
  g_clear_pointer (&self->env, _tq_env_unref);

  G_OBJECT_CLASS (tq_mutation_cache_parent_class)->finalize (object);
}

static void
tq_mutation_cache_class_init (TqMutationCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tq_mutation_cache_dispose;
  object_class->finalize = tq_mutation_cache_finalize;

  /**
   * TqMutationCache::mutation-added:
   * @self: the cache
   * @mutation: the new mutation
   *
   * Emitted when a mutation is made (TanStack's `added` event).
   */
  signals [MUTATION_ADDED] =
    g_signal_new ("mutation-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, TQ_TYPE_MUTATION);

  /**
   * TqMutationCache::mutation-removed:
   * @self: the cache
   * @mutation: the removed mutation
   *
   * Emitted when a mutation is removed, by garbage collection or on
   * request (`removed`). A mutation removed while it runs keeps running.
   */
  signals [MUTATION_REMOVED] =
    g_signal_new ("mutation-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, TQ_TYPE_MUTATION);

  /**
   * TqMutationCache::mutation-updated:
   * @self: the cache
   * @mutation: the mutation
   * @action: the action of its reducer
   *
   * Emitted after each change of a mutation's state (`updated`).
   */
  signals [MUTATION_UPDATED] =
    g_signal_new ("mutation-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_MUTATION, TQ_TYPE_MUTATION_ACTION);

  /**
   * TqMutationCache::observer-added:
   * @self: the cache
   * @mutation: the mutation
   * @observer: the observer attached to it
   *
   * Emitted when a mutation gains an observer (`observerAdded`).
   */
  signals [OBSERVER_ADDED] =
    g_signal_new ("observer-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_MUTATION, TQ_TYPE_MUTATION_OBSERVER);

  /**
   * TqMutationCache::observer-removed:
   * @self: the cache
   * @mutation: the mutation
   * @observer: the observer that left it
   *
   * Emitted when a mutation loses an observer (`observerRemoved`).
   */
  signals [OBSERVER_REMOVED] =
    g_signal_new ("observer-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_MUTATION, TQ_TYPE_MUTATION_OBSERVER);

  /**
   * TqMutationCache::observer-options-updated:
   * @self: the cache
   * @mutation: (nullable): the observer's mutation, if it has one
   * @observer: the observer whose options changed
   *
   * Emitted when an observer's options changed (`observerOptionsUpdated`).
   */
  signals [OBSERVER_OPTIONS_UPDATED] =
    g_signal_new ("observer-options-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_MUTATION, TQ_TYPE_MUTATION_OBSERVER);

  /**
   * TqMutationCache::mutate:
   * @self: the cache
   * @mutation: the mutation that starts
   * @variables: (nullable): its variables
   *
   * The global `onMutate` hook as a signal: emitted when a mutation starts,
   * after [method@Tq.MutationCache.set_on_mutate_func]'s function and
   * before the mutation's own `on-mutate` (rule 49).
   */
  signals [MUTATE] =
    g_signal_new ("mutate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_MUTATION,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqMutationCache::success:
   * @self: the cache
   * @mutation: the mutation
   * @data: (nullable): what its mutation function returned
   * @variables: (nullable): its variables
   * @context: (nullable): its context from `on-mutate`
   *
   * The global `onSuccess` hook as a signal, emitted before the mutation's
   * own `on-success`, while it is still pending (rule 49).
   */
  signals [SUCCESS] =
    g_signal_new ("success",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, TQ_TYPE_MUTATION,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqMutationCache::error:
   * @self: the cache
   * @mutation: the mutation
   * @error: why it failed
   * @variables: (nullable): its variables
   * @context: (nullable): its context from `on-mutate`
   *
   * The global `onError` hook as a signal, emitted before the mutation's
   * own `on-error` (rule 50): a good place for an error notification
   * common to every mutation.
   */
  signals [ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 4, TQ_TYPE_MUTATION,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqMutationCache::settled:
   * @self: the cache
   * @mutation: the mutation
   * @data: (nullable): what its mutation function returned
   * @error: (nullable): why it failed, %NULL on success
   * @variables: (nullable): its variables
   * @context: (nullable): its context from `on-mutate`
   *
   * The global `onSettled` hook as a signal, emitted after the mutation's
   * own `on-success` or `on-error` and before its `on-settled`.
   */
  signals [SETTLED] =
    g_signal_new ("settled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 5, TQ_TYPE_MUTATION,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tq_mutation_cache_init (TqMutationCache *self)
{
  self->scopes = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_ptr_array_unref);
  self->orphans = g_hash_table_new_full (NULL, NULL, NULL, g_object_unref);
}

/**
 * tq_mutation_cache_new:
 *
 * Creates an empty mutation cache, to give to a [class@Tq.QueryClient]
 * (clients make their own if given none).
 *
 * Returns: (transfer full): a new cache
 */
TqMutationCache *
tq_mutation_cache_new (void)
{
  return g_object_new (TQ_TYPE_MUTATION_CACHE, NULL);
}

void
_tq_mutation_cache_set_env (TqMutationCache *self,
                            TqEnv           *env)
{
  g_clear_pointer (&self->env, _tq_env_unref);
  self->env = _tq_env_ref (env);
}

TqEnv *
_tq_mutation_cache_get_env (TqMutationCache *self)
{
  return self->env;
}

static void
pending_delta (TqMutationCache *self,
               int              delta)
{
  self->n_pending += delta;
  if (self->pending_hook != NULL)
    self->pending_hook (self->pending_hook_data);
}

static void
add (TqMutationCache *self,
     TqMutation      *mutation)
{
  TqMutationCacheEntry *entry = _tq_mutation_get_cache_entry (mutation);
  const char *scope = _tq_mutation_get_scope_id (mutation);

  g_object_ref (mutation);
  g_queue_push_tail_link (&self->all, &entry->link);
  entry->in_cache = TRUE;

  if (scope != NULL)
    {
      GPtrArray *scoped = g_hash_table_lookup (self->scopes, scope);

      if (scoped == NULL)
        {
          scoped = g_ptr_array_new ();
          g_hash_table_insert (self->scopes, g_strdup (scope), scoped);
        }
      g_ptr_array_add (scoped, mutation);
    }

  if (_tq_mutation_get_state (mutation)->status == TQ_MUTATION_STATUS_PENDING)
    pending_delta (self, 1);

  g_signal_emit (self, signals [MUTATION_ADDED], 0, mutation);
}

TqMutation *
_tq_mutation_cache_build (TqMutationCache   *self,
                          TqQueryClient     *client,
                          TqMutationOptions *options,
                          TqMutationState   *state)
{
  g_autoptr(TqMutationOptions) defaulted = NULL;
  TqMutation *mutation;

  g_return_val_if_fail (self->env != NULL, NULL);

  defaulted = _tq_query_client_default_mutation_options (client, options);
  mutation = _tq_mutation_new (client, self, self->env, ++self->next_id, defaulted, state);
  add (self, mutation);
  g_object_unref (mutation);

  return mutation;
}

/**
 * tq_mutation_cache_build:
 * @self: a cache
 * @client: the client the cache belongs to
 * @options: the mutation's options
 *
 * Makes a new mutation with @options merged with the client's defaults
 * (TanStack's `build`, which always makes a new one) and adds it to the
 * cache. Run it with [method@Tq.Mutation.execute_async].
 *
 * Returns: (transfer none): the mutation
 */
TqMutation *
tq_mutation_cache_build (TqMutationCache   *self,
                         TqQueryClient     *client,
                         TqMutationOptions *options)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CACHE (self), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (options), NULL);

  if (tq_query_client_get_mutation_cache (client) != self)
    {
      g_critical ("%s: the mutation cache is not the client's", G_STRFUNC);
      return NULL;
    }

  return _tq_mutation_cache_build (self, client, options, NULL);
}

/**
 * tq_mutation_cache_remove:
 * @self: a cache
 * @mutation: a mutation
 *
 * Removes a mutation and emits [signal@Tq.MutationCache::mutation-removed]
 * (even if it was removed already, as TanStack does). A mutation that runs
 * keeps running: its callbacks still run when it settles.
 */
void
tq_mutation_cache_remove (TqMutationCache *self,
                          TqMutation      *mutation)
{
  TqMutationCacheEntry *entry;

  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));
  g_return_if_fail (TQ_IS_MUTATION (mutation));

  entry = _tq_mutation_get_cache_entry (mutation);

  g_object_ref (mutation);
  g_object_ref (self);

  if (entry->in_cache)
    {
      const char *scope = _tq_mutation_get_scope_id (mutation);

      if (scope != NULL)
        {
          GPtrArray *scoped = g_hash_table_lookup (self->scopes, scope);

          if (scoped != NULL)
            {
              g_ptr_array_remove (scoped, mutation);
              if (scoped->len == 0)
                g_hash_table_remove (self->scopes, scope);
            }
        }

      entry->in_cache = FALSE;
      g_queue_unlink (&self->all, &entry->link);

      if (_tq_mutation_get_state (mutation)->status == TQ_MUTATION_STATUS_PENDING)
        pending_delta (self, -1);
      _tq_mutation_cache_update_orphan (self, mutation);

      g_object_unref (mutation);
    }

  g_signal_emit (self, signals [MUTATION_REMOVED], 0, mutation);

  g_object_unref (self);
  g_object_unref (mutation);
}

static GPtrArray *
get_all (TqMutationCache *self)
{
  GPtrArray *all = g_ptr_array_new_full (self->all.length, g_object_unref);

  for (GList *l = self->all.head; l != NULL; l = l->next)
    g_ptr_array_add (all, g_object_ref (l->data));

  return all;
}

/**
 * tq_mutation_cache_clear:
 * @self: a cache
 *
 * Removes every mutation, in one notification batch. Mutations that run
 * keep running.
 */
void
tq_mutation_cache_clear (TqMutationCache *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  all = get_all (self);

  if (self->env != NULL)
    tq_notify_manager_begin_batch (self->env->notify_manager);
  for (guint i = 0; i < all->len; i++)
    tq_mutation_cache_remove (self, all->pdata[i]);
  if (self->env != NULL)
    tq_notify_manager_end_batch (self->env->notify_manager);
}

void
_tq_mutation_cache_destroy (TqMutationCache *self)
{
  g_autoptr(GPtrArray) all = get_all (self);
  GHashTableIter iter;
  gpointer mutation;

  g_hash_table_iter_init (&iter, self->orphans);
  while (g_hash_table_iter_next (&iter, &mutation, NULL))
    g_ptr_array_add (all, g_object_ref (mutation));

  for (guint i = 0; i < all->len; i++)
    _tq_mutation_destroy (all->pdata[i]);

  tq_mutation_cache_clear (self);
  g_hash_table_remove_all (self->orphans);
}

/**
 * tq_mutation_cache_get_all:
 * @self: a cache
 *
 * Gets every mutation, in the order they were made.
 *
 * Returns: (transfer full) (element-type TqMutation): the mutations
 */
GPtrArray *
tq_mutation_cache_get_all (TqMutationCache *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CACHE (self), NULL);

  return get_all (self);
}

/**
 * tq_mutation_cache_get_size:
 * @self: a cache
 *
 * Counts the mutations in the cache.
 *
 * Returns: the count
 */
guint
tq_mutation_cache_get_size (TqMutationCache *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CACHE (self), 0);

  return self->all.length;
}

static GPtrArray *
find_all (TqMutationCache   *self,
          TqMutationFilters *filters,
          gboolean           exact,
          gboolean           first_only)
{
  GPtrArray *found = g_ptr_array_new_with_free_func (g_object_unref);

  for (GList *l = self->all.head; l != NULL; l = l->next)
    {
      TqMutation *mutation = l->data;

      if (filters == NULL || _tq_mutation_filters_match (filters, mutation, exact))
        {
          g_ptr_array_add (found, g_object_ref (mutation));
          if (first_only)
            break;
        }
    }

  return found;
}

/**
 * tq_mutation_cache_find:
 * @self: a cache
 * @filters: filters; [property@Tq.MutationFilters:exact] is %TRUE unless
 *   set otherwise
 *
 * Finds the first mutation that matches.
 *
 * Returns: (transfer none) (nullable): the mutation, or %NULL
 */
TqMutation *
tq_mutation_cache_find (TqMutationCache   *self,
                        TqMutationFilters *filters)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (TQ_IS_MUTATION_CACHE (self), NULL);
  g_return_val_if_fail (TQ_IS_MUTATION_FILTERS (filters), NULL);

  found = find_all (self, filters, filters->has_exact ? filters->exact : TRUE, TRUE);

  /* The cache holds a reference to what it returns. */
  return found->len > 0 ? found->pdata[0] : NULL;
}

/**
 * tq_mutation_cache_find_all:
 * @self: a cache
 * @filters: (nullable): filters, or %NULL for every mutation
 *
 * Finds the mutations that match, in the order they were made.
 *
 * Returns: (transfer full) (element-type TqMutation): the mutations
 */
GPtrArray *
tq_mutation_cache_find_all (TqMutationCache   *self,
                            TqMutationFilters *filters)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CACHE (self), NULL);
  g_return_val_if_fail (filters == NULL || TQ_IS_MUTATION_FILTERS (filters), NULL);

  return find_all (self, filters, filters != NULL && filters->exact, FALSE);
}

/* {{{ Scopes */

gboolean
_tq_mutation_cache_can_run (TqMutationCache *self,
                            TqMutation      *mutation)
{
  const char *scope = _tq_mutation_get_scope_id (mutation);
  GPtrArray *scoped;

  if (scope == NULL || !_tq_mutation_get_cache_entry (mutation)->in_cache)
    return TRUE;

  scoped = g_hash_table_lookup (self->scopes, scope);
  if (scoped == NULL)
    return TRUE;

  /* It may run if no mutation of the scope is pending (a start), or if it
   * is the first pending one (a continue).
   */
  for (guint i = 0; i < scoped->len; i++)
    {
      TqMutation *other = scoped->pdata[i];

      if (_tq_mutation_get_state (other)->status == TQ_MUTATION_STATUS_PENDING)
        return other == mutation;
    }

  return TRUE;
}

void
_tq_mutation_cache_run_next (TqMutationCache *self,
                             TqMutation      *mutation)
{
  const char *scope = _tq_mutation_get_scope_id (mutation);
  GPtrArray *scoped;

  if (scope == NULL || (scoped = g_hash_table_lookup (self->scopes, scope)) == NULL)
    return;

  for (guint i = 0; i < scoped->len; i++)
    {
      TqMutation *other = scoped->pdata[i];

      if (other != mutation && _tq_mutation_get_state (other)->is_paused)
        {
          g_autoptr(TqMutation) next = g_object_ref (other);
          g_autoptr(TqPromise) ignored = _tq_mutation_continue (next);

          return;
        }
    }
}

/* }}} */
/* {{{ Resuming */

static void
resume_done (TqPromise *promise,
             gpointer   user_data)
{
  g_task_return_boolean (user_data, TRUE);
}

static void
resolve_settled (TqPromise *source,
                 gpointer   user_data)
{
  _tq_promise_resolve (user_data, NULL);
}

/* Resolves, with nothing, on the turn after @source settled either way: each
 * of TanStack's `.catch (noop)` and Promise.all () takes a promise job, and
 * what awaits the resumption runs after them.
 */
static TqPromise *
settled_later (TqPromise    *source,
               GMainContext *context)
{
  TqPromise *self = _tq_promise_new ();

  _tq_promise_then_later (source, context, resolve_settled,
                          _tq_promise_ref (self), (GDestroyNotify) _tq_promise_unref);
  return self;
}

TqPromise *
_tq_mutation_cache_resume_paused_mutations (TqMutationCache *self)
{
  g_autoptr(GPtrArray) all = get_all (self);
  g_autoptr(GPtrArray) promises = g_ptr_array_new_with_free_func ((GDestroyNotify) _tq_promise_unref);
  g_autoptr(TqPromise) all_settled = NULL;

  if (self->env != NULL)
    tq_notify_manager_begin_batch (self->env->notify_manager);

  for (guint i = 0; i < all->len; i++)
    {
      TqMutation *mutation = all->pdata[i];

      if (_tq_mutation_get_state (mutation)->is_paused)
        {
          g_autoptr(TqPromise) promise = _tq_mutation_continue (mutation);

          /* Failures are the mutations' business (TanStack's `.catch(noop)`). */
          g_ptr_array_add (promises, settled_later (promise, self->env->main_context));
        }
    }

  if (self->env != NULL)
    tq_notify_manager_end_batch (self->env->notify_manager);

  all_settled = _tq_promise_all (promises, FALSE);
  if (promises->len == 0)
    return g_steal_pointer (&all_settled);

  return settled_later (all_settled, self->env->main_context);
}

/**
 * tq_mutation_cache_resume_paused_mutations_async:
 * @self: a cache
 * @cancellable: (nullable): cancels the wait, not the mutations
 * @callback: (scope async) (nullable): called once the resumed mutations
 *   settled
 * @user_data: data for @callback
 *
 * Continues every paused mutation, in the order they were made. Those that
 * still cannot run (offline, unfocused, or behind another of their scope)
 * stay paused. The wait lasts until the mutation functions of those running
 * completed (not their callbacks, as TanStack's). This does not check
 * the network first; [method@Tq.QueryClient.resume_paused_mutations_async]
 * does (rule 30).
 */
void
tq_mutation_cache_resume_paused_mutations_async (TqMutationCache     *self,
                                                 GCancellable        *cancellable,
                                                 GAsyncReadyCallback  callback,
                                                 gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tq_mutation_cache_resume_paused_mutations_async);
  g_task_set_check_cancellable (task, TRUE);

  promise = _tq_mutation_cache_resume_paused_mutations (self);
  _tq_promise_then (promise, resume_done, task, g_object_unref);
}

/**
 * tq_mutation_cache_resume_paused_mutations_finish:
 * @self: a cache
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.MutationCache.resume_paused_mutations_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_mutation_cache_resume_paused_mutations_finish (TqMutationCache  *self,
                                                  GAsyncResult     *result,
                                                  GError          **error)
{
  g_return_val_if_fail (TQ_IS_MUTATION_CACHE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* }}} */
/* {{{ Global hooks */

/* Replaces a global hook: @async says whether it completes later (through
 * a TqMutationCallbackContext) or returns at once.
 */
static void
set_hook (TqMutationCache *self,
          TqCallback     **slot,
          guint            hook,
          gboolean         async,
          gpointer         func,
          gpointer         user_data,
          GDestroyNotify   destroy)
{
  g_clear_pointer (slot, _tq_callback_unref);
  self->async_hooks &= ~(1u << hook);
  if (func == NULL)
    return;

  *slot = _tq_callback_new (func, user_data, destroy);
  if (async)
    self->async_hooks |= 1u << hook;
}

/**
 * tq_mutation_cache_set_on_mutate_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onMutate` hook, run when any mutation starts, before
 * its own `on-mutate` (rule 49). Its context is ignored; a failure sends
 * the mutation down the error path without running its function.
 */
void
tq_mutation_cache_set_on_mutate_func (TqMutationCache *self,
                                      TqOnMutateFunc   func,
                                      gpointer         user_data,
                                      GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_mutate, TQ_MUTATION_HOOK_ON_MUTATE, FALSE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_success_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onSuccess` hook, run before each mutation's own
 * `on-success`; a failure sends the mutation down the error path (rule 50).
 */
void
tq_mutation_cache_set_on_success_func (TqMutationCache *self,
                                       TqOnSuccessFunc  func,
                                       gpointer         user_data,
                                       GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_success, TQ_MUTATION_HOOK_ON_SUCCESS, FALSE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_error_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onError` hook, run before each mutation's own
 * `on-error`; its failures are logged at debug level and ignored.
 */
void
tq_mutation_cache_set_on_error_func (TqMutationCache *self,
                                     TqOnErrorFunc    func,
                                     gpointer         user_data,
                                     GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_error, TQ_MUTATION_HOOK_ON_ERROR, FALSE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_settled_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onSettled` hook, run after each mutation's own
 * `on-success` or `on-error` and before its `on-settled`. On the success
 * path a failure sends the mutation down the error path, where this hook
 * runs again.
 */
void
tq_mutation_cache_set_on_settled_func (TqMutationCache *self,
                                       TqOnSettledFunc  func,
                                       gpointer         user_data,
                                       GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_settled, TQ_MUTATION_HOOK_ON_SETTLED, FALSE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_mutate_async_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onMutate` hook to one that completes later (TanStack awaits
 * it, rule 49), run before each mutation's own `on-mutate`, which waits for
 * it. See [class@Tq.MutationCallbackContext]. It replaces a function set with [method@Tq.MutationCache.set_on_mutate_func].
 */
void
tq_mutation_cache_set_on_mutate_async_func (TqMutationCache        *self,
                                            TqMutationCallbackFunc  func,
                                            gpointer                user_data,
                                            GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_mutate, TQ_MUTATION_HOOK_ON_MUTATE, TRUE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_success_async_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onSuccess` hook to one that completes later (TanStack awaits
 * it, rule 49), run before each mutation's own `on-success`; a failure sends
 * the mutation down the error path (rule 50). See
 * [class@Tq.MutationCallbackContext]. It replaces a function set with [method@Tq.MutationCache.set_on_success_func].
 */
void
tq_mutation_cache_set_on_success_async_func (TqMutationCache        *self,
                                             TqMutationCallbackFunc  func,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_success, TQ_MUTATION_HOOK_ON_SUCCESS, TRUE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_error_async_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onError` hook to one that completes later (TanStack awaits
 * it, rule 49), run before each mutation's own `on-error`; its failures are
 * logged at debug level and ignored. See [class@Tq.MutationCallbackContext].
 * It replaces a function set with [method@Tq.MutationCache.set_on_error_func].
 */
void
tq_mutation_cache_set_on_error_async_func (TqMutationCache        *self,
                                           TqMutationCallbackFunc  func,
                                           gpointer                user_data,
                                           GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_error, TQ_MUTATION_HOOK_ON_ERROR, TRUE,
            func, user_data, destroy);
}

/**
 * tq_mutation_cache_set_on_settled_async_func:
 * @self: a cache
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the hook, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the global `onSettled` hook to one that completes later (TanStack awaits
 * it, rule 49), run after each mutation's own `on-success` or `on-error` and
 * before its `on-settled`. See [class@Tq.MutationCallbackContext]. It replaces a function set with [method@Tq.MutationCache.set_on_settled_func].
 */
void
tq_mutation_cache_set_on_settled_async_func (TqMutationCache        *self,
                                             TqMutationCallbackFunc  func,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_CACHE (self));

  set_hook (self, &self->on_settled, TQ_MUTATION_HOOK_ON_SETTLED, TRUE,
            func, user_data, destroy);
}

TqCallback *
_tq_mutation_cache_dup_hook (TqMutationCache *self,
                             TqMutationHook   hook,
                             gboolean        *is_async)
{
  TqCallback *callbacks[] = { self->on_mutate, self->on_success, self->on_error, self->on_settled };

  *is_async = (self->async_hooks & (1u << hook)) != 0;

  return _tq_callback_ref (callbacks[hook]);
}

gboolean
_tq_mutation_cache_has_hook (TqMutationCache *self,
                             TqMutationHook   hook)
{
  TqCallback *callbacks[] = { self->on_mutate, self->on_success, self->on_error, self->on_settled };

  return callbacks[hook] != NULL;
}

/* The global hooks as signals, each emitted right after its function. */
void
_tq_mutation_cache_emit_hook (TqMutationCache *self,
                              TqMutationHook   hook,
                              TqMutation      *mutation,
                              const GValue    *data,
                              const GError    *mutation_error,
                              const GValue    *variables,
                              const GValue    *context)
{
  switch (hook)
    {
    case TQ_MUTATION_HOOK_ON_MUTATE:
      g_signal_emit (self, signals [MUTATE], 0, mutation, variables);
      break;
    case TQ_MUTATION_HOOK_ON_SUCCESS:
      g_signal_emit (self, signals [SUCCESS], 0, mutation, data, variables, context);
      break;
    case TQ_MUTATION_HOOK_ON_ERROR:
      g_signal_emit (self, signals [ERROR], 0, mutation, mutation_error, variables, context);
      break;
    case TQ_MUTATION_HOOK_ON_SETTLED:
    default:
      g_signal_emit (self, signals [SETTLED], 0, mutation, data, mutation_error, variables, context);
      break;
    }
}

/* }}} */
/* {{{ Notifications */

void
_tq_mutation_cache_notify_updated (TqMutationCache  *self,
                                   TqMutation       *mutation,
                                   TqMutationAction  action)
{
  g_signal_emit (self, signals [MUTATION_UPDATED], 0, mutation, action);
}

void
_tq_mutation_cache_notify_observer (TqMutationCache    *self,
                                    TqMutation         *mutation,
                                    TqMutationObserver *observer,
                                    gboolean            added)
{
  g_signal_emit (self, signals [added ? OBSERVER_ADDED : OBSERVER_REMOVED], 0, mutation, observer);
}

void
_tq_mutation_cache_notify_observer_options (TqMutationCache    *self,
                                            TqMutation         *mutation,
                                            TqMutationObserver *observer)
{
  g_signal_emit (self, signals [OBSERVER_OPTIONS_UPDATED], 0, mutation, observer);
}

void
_tq_mutation_cache_status_changed (TqMutationCache  *self,
                                   TqMutation       *mutation,
                                   TqMutationStatus  old_status,
                                   TqMutationStatus  new_status)
{
  gboolean was_pending = old_status == TQ_MUTATION_STATUS_PENDING;
  gboolean is_pending = new_status == TQ_MUTATION_STATUS_PENDING;

  if (was_pending == is_pending)
    return;

  if (_tq_mutation_get_cache_entry (mutation)->in_cache)
    pending_delta (self, is_pending ? 1 : -1);
  else
    _tq_mutation_cache_update_orphan (self, mutation);
}

/* A removed mutation is kept while it runs, so that it can be cancelled
 * if the client goes away, and while its gc timer is armed, as the
 * timer's closure keeps TanStack's alive: the cache hears of it again
 * when the timer fires.
 */
void
_tq_mutation_cache_update_orphan (TqMutationCache *self,
                                  TqMutation      *mutation)
{
  if (_tq_mutation_get_cache_entry (mutation)->in_cache || self->orphans == NULL)
    return;

  if (_tq_mutation_get_state (mutation)->status == TQ_MUTATION_STATUS_PENDING ||
      _tq_mutation_is_gc_scheduled (mutation))
    {
      if (!g_hash_table_contains (self->orphans, mutation))
        g_hash_table_insert (self->orphans, mutation, g_object_ref (mutation));
    }
  else
    g_hash_table_remove (self->orphans, mutation);
}

guint
_tq_mutation_cache_get_n_pending (TqMutationCache *self)
{
  return self->n_pending;
}

void
_tq_mutation_cache_set_pending_hook (TqMutationCache  *self,
                                     void            (*hook) (gpointer),
                                     gpointer          data)
{
  self->pending_hook = hook;
  self->pending_hook_data = data;
}

/* }}} */
