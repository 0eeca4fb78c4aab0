/* tq-query.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-error.h"
#include "tq-infinite-query-behavior-private.h"
#include "tq-optimistic-private.h"
#include "tq-query-cache-private.h"
#include "tq-query-observer-private.h"
#include "tq-query-private.h"
#include "tq-value-private.h"

/**
 * TqQuery:
 *
 * One entry of a [class@Tq.QueryCache]: TanStack's `Query` (sections 1.1
 * and 1.3 of `tanstack-query-core.md`). It holds the key, the options, the
 * observers watching it, the fetch in progress and the state, which changes
 * only through a reducer over [enum@Tq.QueryAction]s; each action is
 * announced with [signal@Tq.Query::updated], inside a batch of the client's
 * [class@Tq.NotifyManager], after the observers have recomputed their
 * results (rule 40).
 *
 * Queries are made by the cache (never directly) and are normally used
 * through a [class@Tq.QueryObserver] or the [class@Tq.QueryClient]. A fetch
 * is shared by everyone who asks while it runs (deduplication, rule 21); its
 * retries, pauses and cancellation follow rules 21–35; a query nobody
 * observes is removed from the cache `gc-time` milliseconds after it became
 * unused, unless it is fetching (rules 36–37).
 */

/* What most cached queries never use (a fetch, optimistic layers, an
 * infinite query's behaviour, a removal that outlives the cache…), made on
 * first need: a query that only holds data costs a pointer for all of it.
 */
typedef struct
{
  TqQueryCache          *former_cache;     /* the one it was removed from, which
                                            * clears this when it goes */
  char                  *hash;             /* the JSON hash, written when asked for */
  TqQueryOptions        *default_options;  /* the per-key defaults at creation */
  TqQueryState          *initial_state;    /* NULL for the shared empty state */

  TqQueryFetch          *fetch;            /* the fetch in progress */
  GPtrArray             *late_retryers;    /* cancelled in a retry delay; NULL if none */

  const TqQueryBehavior *behavior;
  gpointer               behavior_data;

  /* Optimistic layers of mutations (tq-optimistic.c); NULL without any */
  TqOptimisticLayers    *layers;
  guint64                fetch_count;      /* fetches started so far */
  guint64                fetch_number;     /* the number of the latest one */

  guint                  abort_signal_consumed : 1;
} TqQueryExtra;

/* What self->extra points to until something is written to it: reads need
 * no check, and a write that missed own_extra() faults instead of
 * changing every query.
 */
static const TqQueryExtra no_extra;

struct _TqQuery
{
  GObject            parent_instance;

  TqQueryCache      *cache;            /* unowned; NULL once removed */
  TqEnv             *env;

  GVariant          *key;
  TqKeyCanon        *canon;            /* what the cache knows it by */
  TqQueryOptions    *options;
  TqQueryState      *state;

  TqQueryExtra      *extra;            /* never NULL; read-only &no_extra at first */
  GQueue             observers;        /* links inside the observers */

  TqRemovable        removable;
  TqQueryIndexEntry  index;
};

/* A cache holds many queries: GLib's slice allocator, which GObject uses,
 * packs 192-byte instances 23 bytes a query tighter than 208-byte ones. A
 * field that most queries do not need goes to TqQueryExtra.
 */
G_STATIC_ASSERT (sizeof (TqQuery) <= 24 * sizeof (gpointer));

enum {
  UPDATED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqQuery, tq_query, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

/* For writing to self->extra. */
static TqQueryExtra *
own_extra (TqQuery *self)
{
  if (G_UNLIKELY (self->extra == &no_extra))
    self->extra = g_new0 (TqQueryExtra, 1);

  return self->extra;
}

/* The last optimistic layer is gone: so is what held them. */
static void
drop_empty_layers (TqQuery *self)
{
  if (self->extra->layers != NULL && _tq_optimistic_layers_get_size (self->extra->layers) == 0)
    g_clear_pointer (&self->extra->layers, _tq_optimistic_layers_free);
}

/* {{{ Environment */

TqEnv *
_tq_env_new (TqClock         *clock,
             TqNotifyManager *notify_manager,
             TqFocusManager  *focus_manager,
             TqOnlineManager *online_manager)
{
  TqEnv *env = g_new0 (TqEnv, 1);

  g_atomic_ref_count_init (&env->ref_count);
  env->clock = g_object_ref (clock);
  env->main_context = g_main_context_ref (tq_clock_get_context (clock));
  env->notify_manager = g_object_ref (notify_manager);
  env->focus_manager = g_object_ref (focus_manager);
  env->online_manager = g_object_ref (online_manager);

  return env;
}

TqEnv *
_tq_env_ref (TqEnv *env)
{
  g_atomic_ref_count_inc (&env->ref_count);
  return env;
}

void
_tq_env_unref (TqEnv *env)
{
  if (!g_atomic_ref_count_dec (&env->ref_count))
    return;

  g_object_unref (env->clock);
  g_main_context_unref (env->main_context);
  g_object_unref (env->notify_manager);
  g_object_unref (env->focus_manager);
  g_object_unref (env->online_manager);
  g_free (env);
}

/* }}} */
/* {{{ Fetch records */

static void keep_late_retryer (TqQuery   *self,
                               TqRetryer *retryer);

static TqQueryFetch *
query_fetch_new (TqQuery *query)
{
  TqQueryFetch *fetch = g_new0 (TqQueryFetch, 1);

  g_atomic_ref_count_init (&fetch->ref_count);
  fetch->query = g_object_ref (query);
  fetch->cancellable = g_cancellable_new ();
  fetch->promise = _tq_promise_new ();

  return fetch;
}

static TqQueryFetch *
query_fetch_ref (TqQueryFetch *fetch)
{
  g_atomic_ref_count_inc (&fetch->ref_count);
  return fetch;
}

static void
query_fetch_unref (TqQueryFetch *fetch)
{
  if (!g_atomic_ref_count_dec (&fetch->ref_count))
    return;

  if (fetch->retryer != NULL)
    {
      if (_tq_retryer_is_sleeping (fetch->retryer))
        keep_late_retryer (fetch->query, fetch->retryer);
      else
        _tq_retryer_detach (fetch->retryer);
      _tq_retryer_unref (fetch->retryer);
    }
  if (fetch->behavior_data_destroy != NULL)
    fetch->behavior_data_destroy (fetch->behavior_data);
  g_clear_pointer (&fetch->revert_state, tq_query_state_unref);
  g_object_unref (fetch->cancellable);
  g_clear_object (&fetch->options);
  _tq_promise_unref (fetch->promise);
  g_object_unref (fetch->query);
  g_free (fetch);
}

TqQueryFetch *
_tq_query_fetch_ref (TqQueryFetch *fetch)
{
  return query_fetch_ref (fetch);
}

void
_tq_query_fetch_unref (TqQueryFetch *fetch)
{
  query_fetch_unref (fetch);
}

/* }}} */

static void recompose (TqQuery *self);

/* Where the query's events go: its cache, and once removed from it, still
 * the cache it was in, as TanStack's query keeps its cache. Observers
 * that still hold a removed query attach to it, and its fetches and gc
 * timer go on; the cache hears of them.
 */
static TqQueryCache *
events_cache (TqQuery *self)
{
  return self->cache != NULL ? self->cache : self->extra->former_cache;
}

TqQueryCache *
_tq_query_get_events_cache (TqQuery *self)
{
  return events_cache (self);
}

/* A removed query lives until its gc timer fired, or the retry delay of
 * a cancelled fetch ran out, as the timers' closures keep TanStack's
 * alive, so that its cache hears of it: the cache holds it meanwhile (and
 * lets it go when it goes itself).
 */
static void
update_orphan (TqQuery *self)
{
  if (self->cache != NULL || self->extra->former_cache == NULL)
    return;

  if (_tq_removable_is_scheduled (&self->removable) ||
      (self->extra->late_retryers != NULL && self->extra->late_retryers->len > 0))
    _tq_query_cache_keep_orphan (self->extra->former_cache, self);
  else
    _tq_query_cache_drop_orphan (self->extra->former_cache, self);
}

static void
optional_remove (gpointer data)
{
  TqQuery *self = data;

  g_object_ref (self);

  /* A removed query's cache destroys it and says so only if it holds
   * another query of the same key (TanStack's QueryCache.remove ()).
   */
  if (self->observers.length == 0 &&
      self->state->fetch_status == TQ_FETCH_STATUS_IDLE &&
      events_cache (self) != NULL)
    tq_query_cache_remove (events_cache (self), self);

  update_orphan (self);

  g_object_unref (self);
}

static void
schedule_gc (TqQuery *self)
{
  _tq_removable_schedule_gc (&self->removable, self->env->clock);
  update_orphan (self);
}

static void
clear_gc (TqQuery *self)
{
  _tq_removable_clear_gc (&self->removable, self->env->clock);
  update_orphan (self);
}

/* The cache this removed query belonged to is going away. */
void
_tq_query_forget_cache (TqQuery *self)
{
  _tq_removable_clear_gc (&self->removable, self->env->clock);
  if (self->extra->former_cache != NULL)
    self->extra->former_cache = NULL;
}

static void
tq_query_dispose (GObject *object)
{
  TqQuery *self = (TqQuery *)object;

  _tq_removable_clear_gc (&self->removable, self->env->clock);

  G_OBJECT_CLASS (tq_query_parent_class)->dispose (object);
}

static void
tq_query_finalize (GObject *object)
{
  TqQuery *self = (TqQuery *)object;
  TqQueryExtra *extra = self->extra;

  g_assert (extra->fetch == NULL);

  if (extra != &no_extra)
    {
      if (extra->late_retryers != NULL)
        {
          for (guint i = 0; i < extra->late_retryers->len; i++)
            _tq_retryer_detach (extra->late_retryers->pdata[i]);
          g_clear_pointer (&extra->late_retryers, g_ptr_array_unref);
        }

      if (extra->former_cache != NULL)
        _tq_query_cache_remove_detached (g_steal_pointer (&extra->former_cache), self);
      g_clear_pointer (&extra->initial_state, tq_query_state_unref);
      g_clear_pointer (&extra->layers, _tq_optimistic_layers_free);
      g_clear_object (&extra->default_options);
      g_clear_pointer (&extra->hash, g_free);
      g_free (extra);
      self->extra = (TqQueryExtra *) &no_extra;
    }

  _tq_removable_clear_gc (&self->removable, self->env->clock);
  g_clear_pointer (&self->state, tq_query_state_unref);
  g_clear_object (&self->options);
  g_clear_pointer (&self->key, g_variant_unref);
  g_clear_pointer (&self->canon, _tq_key_canon_unref);
  g_clear_pointer (&self->env, _tq_env_unref);

  G_OBJECT_CLASS (tq_query_parent_class)->finalize (object);
}

static void
tq_query_class_init (TqQueryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tq_query_dispose;
  object_class->finalize = tq_query_finalize;

  /**
   * TqQuery::updated:
   * @self: the query
   * @action: what changed the state
   *
   * Emitted after each action of the reducer, once the query's observers
   * have recomputed their results, and before the cache's
   * [signal@Tq.QueryCache::query-updated] (rule 40).
   */
  signals [UPDATED] =
    g_signal_new ("updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  g_cclosure_marshal_VOID__ENUM,
                  G_TYPE_NONE, 1, TQ_TYPE_QUERY_ACTION);
}

static void
tq_query_init (TqQuery *self)
{
  self->extra = (TqQueryExtra *) &no_extra;
  g_queue_init (&self->observers);
}

/* {{{ State and the reducer */

/* The state of a query with no data yet: the same for every query (states
 * do not change once shared), so that it costs nothing per query.
 */
static TqQueryState *
peek_empty_state (void)
{
  static gsize empty = 0;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, (gsize) _tq_query_state_new ());

  return (TqQueryState *) empty;
}

static TqQueryState *
empty_state (void)
{
  return tq_query_state_ref (peek_empty_state ());
}

static TqQueryState *
default_state (TqQuery        *self,
               TqQueryOptions *options)
{
  TqQueryState *state;
  g_auto(GValue) data = G_VALUE_INIT;

  if (!_tq_query_options_has (options, TQ_OPT_INITIAL_DATA))
    return empty_state ();

  _tq_query_options_get_initial_data (options, &data);
  if (!G_IS_VALUE (&data))
    return empty_state ();

  state = _tq_query_state_new ();
  {
    gint64 updated_at;

    if (!_tq_query_options_get_initial_data_updated_at (options, &updated_at))
      updated_at = tq_clock_get_now (self->env->clock);

    _tq_query_state_take_data (state, &data);
    state->data_updated_at = updated_at;
    state->status = TQ_QUERY_STATUS_SUCCESS;
  }

  return state;
}

typedef struct
{
  TqQueryAction     type;
  const GValue     *data;          /* SUCCESS */
  gboolean          has_updated_at;
  gint64            updated_at;
  gboolean          manual;
  const GError     *error;         /* ERROR, FAILED */
  guint             failure_count; /* FAILED */
  TqFetchDirection  meta;          /* FETCH */
  TqQueryState     *state;         /* SET_STATE */
} Action;

/* Makes @state show its base with the optimistic layers on top: the base
 * (@state's data if @data_is_base, else its base if it has one) goes to
 * state->base and the composition, structurally shared with what the query
 * showed so far, to state->data. Without layers the base is the data.
 * Succeeded layers that no fetch in flight can contradict are baked into
 * the base first; @landing says the fetch in flight is the one landing.
 */
static void
compose_layers (TqQuery      *self,
                TqQueryState *state,
                gboolean      data_is_base,
                gboolean      landing)
{
  g_auto(GValue) base = G_VALUE_INIT;
  g_auto(GValue) composed = G_VALUE_INIT;

  if (data_is_base || state->base == NULL)
    _tq_value_copy_shared (&state->data, &base);
  else
    _tq_value_copy_shared (state->base, &base);

  _tq_query_state_clear_base (state);
  _tq_value_reset (&state->data);

  if (self->extra->layers != NULL)
    _tq_optimistic_layers_bake (self->extra->layers, &base,
                                self->extra->fetch != NULL && !landing ? self->extra->fetch_number : 0);

  if (_tq_optimistic_layers_get_size (self->extra->layers) == 0 || !G_IS_VALUE (&base))
    {
      state->data = base;
      base = (GValue) G_VALUE_INIT;
      return;
    }

  _tq_optimistic_layers_compose (self->extra->layers, &base, &composed);
  _tq_query_options_replace_data (self->options, &self->state->data, &composed, &state->data);
  _tq_query_state_take_base (state, &base);
}

static TqQueryState *
reduce (TqQuery      *self,
        const Action *action)
{
  TqQueryState *state;

  if (action->type == TQ_QUERY_ACTION_SET_STATE)
    {
      if (self->extra->layers == NULL && action->state->base == NULL)
        return tq_query_state_ref (action->state);

      /* A reset or a revert keeps the layers of pending mutations. */
      state = _tq_query_state_copy (action->state);
      compose_layers (self, state, FALSE, FALSE);
      return state;
    }

  /* A state nobody else holds changes in place: no one can see the old
   * one. Compositions with optimistic layers read the old data, so they
   * work on a copy.
   */
  if (g_atomic_ref_count_compare (&self->state->ref_count, 1) &&
      action->type != TQ_QUERY_ACTION_OPTIMISTIC &&
      (action->type != TQ_QUERY_ACTION_SUCCESS || (self->extra->layers == NULL && self->state->base == NULL)))
    state = tq_query_state_ref (self->state);
  else
    state = _tq_query_state_copy (self->state);

  switch (action->type)
    {
    case TQ_QUERY_ACTION_FAILED:
      state->fetch_failure_count = action->failure_count;
      _tq_query_state_set_error (&state->fetch_failure_reason, action->error);
      break;

    case TQ_QUERY_ACTION_PAUSE:
      state->fetch_status = TQ_FETCH_STATUS_PAUSED;
      break;

    case TQ_QUERY_ACTION_CONTINUE:
      state->fetch_status = TQ_FETCH_STATUS_FETCHING;
      break;

    case TQ_QUERY_ACTION_FETCH:
      state->fetch_failure_count = 0;
      g_clear_error (&state->fetch_failure_reason);
      state->fetch_status = _tq_can_fetch (self->options->network_mode, self->env->online_manager)
                              ? TQ_FETCH_STATUS_FETCHING : TQ_FETCH_STATUS_PAUSED;
      if (!_tq_query_state_has_data (state))
        {
          g_clear_error (&state->error);
          state->status = TQ_QUERY_STATUS_PENDING;
        }
      state->fetch_meta = action->meta;
      break;

    case TQ_QUERY_ACTION_SUCCESS:
      _tq_query_state_set_data (state, action->data);
      if (self->extra->layers != NULL || state->base != NULL)
        {
          /* New confirmed data: a fetch confirms the layers of mutations
           * that succeeded before it started; the rest go on top again.
           */
          if (!action->manual && self->extra->layers != NULL)
            _tq_optimistic_layers_confirm (self->extra->layers, self->extra->fetch_number);
          compose_layers (self, state, TRUE, !action->manual);
          drop_empty_layers (self);
        }
      state->data_updated_at = action->has_updated_at ? action->updated_at
                                                      : tq_clock_get_now (self->env->clock);
      g_clear_error (&state->error);
      state->is_invalidated = FALSE;
      state->status = TQ_QUERY_STATUS_SUCCESS;
      state->data_update_count++;
      if (!action->manual)
        {
          state->fetch_status = TQ_FETCH_STATUS_IDLE;
          state->fetch_failure_count = 0;
          g_clear_error (&state->fetch_failure_reason);
        }
      /* A manual update is the point a later cancel reverts to (rule 34);
       * that only matters while a fetch runs.
       */
      if (self->extra->fetch != NULL)
        {
          g_clear_pointer (&self->extra->fetch->revert_state, tq_query_state_unref);
          if (action->manual)
            self->extra->fetch->revert_state = tq_query_state_ref (state);
        }
      break;

    case TQ_QUERY_ACTION_ERROR:
      _tq_query_state_set_error (&state->error, action->error);
      state->error_update_count++;
      state->error_updated_at = tq_clock_get_now (self->env->clock);
      state->fetch_failure_count++;
      _tq_query_state_set_error (&state->fetch_failure_reason, action->error);
      state->fetch_status = TQ_FETCH_STATUS_IDLE;
      state->status = TQ_QUERY_STATUS_ERROR;
      /* A background error makes the data stale (rule 16). */
      state->is_invalidated = TRUE;
      break;

    case TQ_QUERY_ACTION_INVALIDATE:
      state->is_invalidated = TRUE;
      break;

    case TQ_QUERY_ACTION_OPTIMISTIC:
      compose_layers (self, state, FALSE, FALSE);
      break;

    case TQ_QUERY_ACTION_SET_STATE:
    default:
      g_assert_not_reached ();
    }

  return state;
}

static void
dispatch (TqQuery      *self,
          const Action *action)
{
  gboolean was_fetching = self->state->fetch_status == TQ_FETCH_STATUS_FETCHING;
  TqQueryState *state = reduce (self, action);
  TqNotifyManager *notify_manager = self->env->notify_manager;
  gboolean is_fetching = state->fetch_status == TQ_FETCH_STATUS_FETCHING;

  g_object_ref (self);

  g_clear_pointer (&self->state, tq_query_state_unref);
  self->state = state;

  if (was_fetching != is_fetching && self->cache != NULL)
    _tq_query_cache_fetching_delta (self->cache, is_fetching ? 1 : -1);

  tq_notify_manager_begin_batch (notify_manager);

  /* On a copy, so that an observer can leave while it is told (rule 40). */
  if (self->observers.length > 0)
    {
      g_autoptr(GPtrArray) observers = g_ptr_array_new_full (self->observers.length, g_object_unref);

      for (GList *l = self->observers.head; l != NULL; l = l->next)
        g_ptr_array_add (observers, g_object_ref (l->data));
      for (guint i = 0; i < observers->len; i++)
        _tq_query_observer_on_query_update (observers->pdata[i]);
    }

  g_signal_emit (self, signals [UPDATED], 0, action->type);
  if (events_cache (self) != NULL)
    _tq_query_cache_notify_updated (events_cache (self), self, action->type);

  tq_notify_manager_end_batch (notify_manager);

  g_object_unref (self);
}

void
_tq_query_set_state (TqQuery      *self,
                     TqQueryState *state)
{
  Action action = { .type = TQ_QUERY_ACTION_SET_STATE, .state = state };

  dispatch (self, &action);
}

void
_tq_query_set_data (TqQuery      *self,
                    const GValue *data,
                    gboolean      has_updated_at,
                    gint64        updated_at,
                    gboolean      manual)
{
  g_auto(GValue) replaced = G_VALUE_INIT;
  Action action = {
    .type = TQ_QUERY_ACTION_SUCCESS,
    .has_updated_at = has_updated_at,
    .updated_at = updated_at,
    .manual = manual,
  };

  /* With optimistic layers, data written is the base under them. */
  _tq_query_options_replace_data (self->options, _tq_query_get_base_data (self), data, &replaced);
  action.data = &replaced;
  dispatch (self, &action);
}

static void
success_state (TqQuery      *self,
               TqQueryState *from,
               TqQueryState *into)
{
  /* TanStack's successState(): data and its time, status success. */
  _tq_query_state_set_data (into, &from->data);
  into->data_updated_at = from->data_updated_at;
  g_clear_error (&into->error);
  into->is_invalidated = FALSE;
  into->status = TQ_QUERY_STATUS_SUCCESS;
}

/* }}} */
/* {{{ Options */

void
_tq_query_set_options (TqQuery        *self,
                       TqQueryOptions *options)
{
  TqQueryOptions *merged;

  if (self->extra->default_options != NULL)
    {
      merged = tq_query_options_copy (self->extra->default_options);
      if (options != NULL)
        _tq_query_options_overlay (merged, options);
    }
  else if (options != NULL)
    merged = g_object_ref (options);
  else
    merged = _tq_query_options_new_empty ();

  g_clear_object (&self->options);
  self->options = merged;

  /* Options of an infinite observer or fetch make the query infinite for
   * good, as TanStack's query type.
   */
  if (merged->infinite && self->extra->behavior == NULL)
    _tq_query_set_behavior (self, &_tq_infinite_query_behavior, NULL);

  _tq_removable_update_gc_time (&self->removable, _tq_query_options_get_gc_time_or_unset (merged));

  /* Initial data of options that arrive later applies to a query that has
   * no data yet, even one that is fetching (rule 42).
   */
  if (self->state != NULL && !_tq_query_state_has_data (self->state) &&
      _tq_query_options_has (merged, TQ_OPT_INITIAL_DATA))
    {
      g_autoptr(TqQueryState) defaults = default_state (self, merged);

      if (_tq_query_state_has_data (defaults))
        {
          g_autoptr(TqQueryState) next = _tq_query_state_copy (self->state);

          success_state (self, defaults, next);
          _tq_query_set_state (self, next);
          if (self->extra->initial_state != NULL)
            tq_query_state_unref (self->extra->initial_state);
          own_extra (self)->initial_state = g_steal_pointer (&defaults);
        }
    }
}

TqQuery *
_tq_query_new (TqQueryCache   *cache,
               TqEnv          *env,
               GVariant       *key,
               TqKeyCanon     *canon,
               TqQueryOptions *options,
               TqQueryOptions *default_options,
               TqQueryState   *state)
{
  TqQuery *self = g_object_new (TQ_TYPE_QUERY, NULL);
  TqQueryState *initial;

  self->cache = cache;
  self->env = _tq_env_ref (env);
  self->key = g_variant_ref (key);
  self->canon = _tq_key_canon_ref (canon);
  if (default_options != NULL)
    own_extra (self)->default_options = g_object_ref (default_options);
  _tq_removable_init (&self->removable, optional_remove, self);

  _tq_query_set_options (self, options);

  initial = default_state (self, self->options);
  self->state = tq_query_state_ref (state != NULL ? state : initial);
  if (initial == peek_empty_state ())
    tq_query_state_unref (initial);
  else
    own_extra (self)->initial_state = initial;

  schedule_gc (self);

  return self;
}

/* }}} */
/* {{{ Fetching */

void
_tq_query_set_abort_signal_consumed (TqQuery *self)
{
  own_extra (self)->abort_signal_consumed = TRUE;
}

void
_tq_query_fetch_attempt_done (TqQueryFetch *fetch,
                              guint         attempt,
                              const GValue *value,
                              const GError *error)
{
  if (fetch->retryer != NULL)
    _tq_retryer_attempt_done (fetch->retryer, attempt, value, error);
}

typedef struct
{
  TqQueryFetch *fetch;
  guint         attempt;
} AttemptData;

static void
attempt_data_free (gpointer data)
{
  AttemptData *attempt = data;

  query_fetch_unref (attempt->fetch);
  g_free (attempt);
}

static void
on_attempt_done (TqQueryFunctionContext *context,
                 const GValue           *value,
                 const GError           *error,
                 gpointer                user_data)
{
  AttemptData *attempt = user_data;

  _tq_query_fetch_attempt_done (attempt->fetch, attempt->attempt, value, error);
}

static void
fail_missing_query_fn (TqQueryFunctionContext *context,
                       gpointer                user_data)
{
  tq_query_function_context_return_new_error (context, TQ_ERROR, TQ_ERROR_MISSING_QUERY_FN,
                                              "Missing queryFn: '%s'",
                                              tq_query_function_context_get_query_hash (context));
}

static TqCallback missing_query_fn = { .func = fail_missing_query_fn };

void
_tq_query_fetch_call_query_fn (TqQueryFetch        *fetch,
                               const GValue        *page_param,
                               TqFetchDirection     direction,
                               TqQueryFunctionDone  done,
                               gpointer             user_data,
                               GDestroyNotify       destroy)
{
  TqQuery *self = fetch->query;
  g_autoptr(TqQueryFunctionContext) context = NULL;
  TqCallback *query_fn;

  context = _tq_query_function_context_new (self, self->env->main_context, fetch->cancellable,
                                            done, user_data, destroy);
  if (page_param != NULL || direction != TQ_FETCH_DIRECTION_NONE)
    _tq_query_function_context_set_page (context, page_param, direction);

  /* Whether the function takes the cancellable is asked anew each call. */
  own_extra (self)->abort_signal_consumed = FALSE;

  /* An infinite fetch keeps the function it started with (TanStack's
   * context.options); a plain one takes the query's current one.
   */
  query_fn = (self->extra->behavior != NULL ? fetch->options : self->options)->query_fn;

  /* A missing function fails like one that returns a rejected promise:
   * on the next iteration, not during the call (TanStack's ensureQueryFn).
   */
  _tq_query_function_context_invoke (context, query_fn ? query_fn : &missing_query_fn);
}

static void
retryer_run (TqRetryer *retryer,
             guint      attempt,
             gpointer   user_data)
{
  TqQueryFetch *fetch = user_data;
  TqQuery *self = fetch->query;
  AttemptData *data;

  if (self->extra->behavior != NULL)
    {
      self->extra->behavior->run_attempt (self, fetch, attempt, self->extra->behavior_data);
      return;
    }

  data = g_new0 (AttemptData, 1);
  data->fetch = query_fetch_ref (fetch);
  data->attempt = attempt;
  _tq_query_fetch_call_query_fn (fetch, NULL, TQ_FETCH_DIRECTION_NONE,
                                 on_attempt_done, data, attempt_data_free);
}

static void
retryer_on_fail (guint         failure_count,
                 const GError *error,
                 gpointer      user_data)
{
  TqQueryFetch *fetch = user_data;
  Action action = {
    .type = TQ_QUERY_ACTION_FAILED,
    .failure_count = failure_count,
    .error = error,
  };

  dispatch (fetch->query, &action);
}

static void
retryer_on_pause (gpointer user_data)
{
  TqQueryFetch *fetch = user_data;
  Action action = { .type = TQ_QUERY_ACTION_PAUSE };

  dispatch (fetch->query, &action);
}

static void
retryer_on_continue (gpointer user_data)
{
  TqQueryFetch *fetch = user_data;
  Action action = { .type = TQ_QUERY_ACTION_CONTINUE };

  dispatch (fetch->query, &action);
}

static void
retryer_on_cancel (const GError *error,
                   gboolean      revert,
                   gpointer      user_data)
{
  TqQueryFetch *fetch = user_data;
  TqQuery *self = fetch->query;

  if (revert && fetch->revert_state != NULL)
    {
      g_autoptr(TqQueryState) reverted = _tq_query_state_copy (fetch->revert_state);

      reverted->fetch_status = TQ_FETCH_STATUS_IDLE;
      _tq_query_set_state (self, reverted);
    }

  g_cancellable_cancel (fetch->cancellable);
}

static const TqRetryerCallbacks retryer_callbacks = {
  .run = retryer_run,
  .on_fail = retryer_on_fail,
  .on_pause = retryer_on_pause,
  .on_continue = retryer_on_continue,
  .on_cancel = retryer_on_cancel,
};

/* A cancelled fetch's retry delay goes on after the fetch is gone, as
 * TanStack's sleep does, and may still pause the query when it runs out.
 * The query keeps the retryer for that long; it holds no reference back.
 */
static void
late_retryer_on_pause (gpointer user_data)
{
  Action action = { .type = TQ_QUERY_ACTION_PAUSE };

  dispatch (user_data, &action);
}

static void
late_retryer_on_sleep_done (TqRetryer *retryer,
                            gpointer   user_data)
{
  TqQuery *self = g_object_ref (user_data);

  _tq_retryer_detach (retryer);
  g_ptr_array_remove_fast (self->extra->late_retryers, retryer);
  update_orphan (self);
  g_object_unref (self);
}

static const TqRetryerCallbacks late_retryer_callbacks = {
  .on_pause = late_retryer_on_pause,
  .on_late_sleep_done = late_retryer_on_sleep_done,
};

static void
keep_late_retryer (TqQuery   *self,
                   TqRetryer *retryer)
{
  if (self->extra->late_retryers == NULL)
    own_extra (self)->late_retryers = g_ptr_array_new_with_free_func ((GDestroyNotify) _tq_retryer_unref);

  _tq_retryer_reattach (retryer, &late_retryer_callbacks, self);
  g_ptr_array_add (self->extra->late_retryers, _tq_retryer_ref (retryer));
  update_orphan (self);
}

static void
run_cache_hooks (TqQuery      *self,
                 const GValue *data,
                 const GError *error)
{
  g_autoptr(TqQueryCache) cache = events_cache (self) ? g_object_ref (events_cache (self)) : NULL;

  if (cache == NULL)
    return;

  if (error == NULL)
    _tq_query_cache_emit_success (cache, self, data);
  else
    _tq_query_cache_emit_error (cache, self, error);

  _tq_query_cache_emit_settled (cache, self, data, error);
}

static void
fetch_failed (TqQueryFetch *fetch,
              const GError *error)
{
  TqQuery *self = fetch->query;
  Action action = { .type = TQ_QUERY_ACTION_ERROR, .error = error };

  dispatch (self, &action);
  run_cache_hooks (self, &self->state->data, error);
  _tq_promise_reject (fetch->promise, error);
}

static void
on_retryer_settled (TqPromise *promise,
                    gpointer   user_data)
{
  TqQueryFetch *fetch = user_data;
  TqQuery *self = fetch->query;
  const GError *error = _tq_promise_get_error (promise);

  g_object_ref (self);

  if (error == NULL)
    {
      const GValue *value = _tq_promise_get_value (promise);

      if (!G_IS_VALUE (value))
        {
          g_autoptr(GError) undefined = g_error_new (TQ_ERROR, TQ_ERROR_UNDEFINED_DATA,
                                                     "%s data is undefined", _tq_query_get_hash (self));

          fetch_failed (fetch, undefined);
        }
      else
        {
          _tq_query_set_data (self, value, FALSE, 0, FALSE);
          run_cache_hooks (self, &self->state->data, NULL);
          _tq_promise_resolve (fetch->promise, &self->state->data);
        }
    }
  else
    {
      gboolean revert, silent;

      if (_tq_retryer_was_cancelled (fetch->retryer, &revert, &silent) && (silent || revert))
        {
          if (silent)
            {
              /* The fetch that took over (rule 22), if one did by now:
               * its callers' promise is ours too (TanStack's
               * `return this.#retryer.promise`).
               */
              if (self->extra->fetch != NULL && self->extra->fetch != fetch)
                _tq_promise_follow (fetch->promise, _tq_retryer_get_promise (self->extra->fetch->retryer));
              else
                _tq_promise_reject (fetch->promise, error);
            }
          else if (!_tq_query_state_has_data (self->state))
            _tq_promise_reject (fetch->promise, error);
          else
            _tq_promise_resolve (fetch->promise, &self->state->data);
        }
      else
        fetch_failed (fetch, error);
    }

  if (self->extra->fetch == fetch)
    {
      self->extra->fetch = NULL;
      query_fetch_unref (fetch);

      /* Succeeded layers that waited for this fetch may go into the base. */
      if (self->extra->layers != NULL)
        recompose (self);
    }
  schedule_gc (self);

  g_object_unref (self);
}

TqPromise *
_tq_query_cancel (TqQuery  *self,
                  gboolean  revert,
                  gboolean  silent)
{
  TqPromise *settled;

  /* Callers wait for the fetch to settle, never for its value: two
   * reactions later, as TanStack's `promise.then (noop).catch (noop)`.
   */
  if (self->extra->fetch != NULL)
    {
      TqQueryFetch *fetch = query_fetch_ref (self->extra->fetch);
      g_autoptr(TqPromise) then = _tq_promise_new_later (_tq_retryer_get_promise (fetch->retryer),
                                                         self->env->main_context);
      g_autoptr(TqPromise) caught = _tq_promise_new_later (then, self->env->main_context);

      settled = _tq_promise_new_settled (caught);
      _tq_retryer_cancel (fetch->retryer, revert, silent);
      query_fetch_unref (fetch);
    }
  else
    settled = _tq_promise_new_resolved (NULL);

  return settled;
}

static TqQueryObserver *
first_observer_with_query_fn (TqQuery *self)
{
  for (GList *l = self->observers.head; l != NULL; l = l->next)
    {
      TqQueryObserver *observer = l->data;
      TqQueryOptions *options = _tq_query_observer_get_options (observer);

      if (options != NULL && (options->query_fn != NULL || options->skip_token))
        return observer;
    }

  return NULL;
}

TqPromise *
_tq_query_fetch (TqQuery          *self,
                 TqQueryOptions   *options,
                 gboolean          cancel_refetch,
                 TqFetchDirection  direction)
{
  TqQueryFetch *fetch;
  TqQueryExtra *extra;
  TqRetryConfig config = { 0 };
  TqPromise *result;
  Action action = { .type = TQ_QUERY_ACTION_FETCH, .meta = direction };

  /* Deduplication (rules 21–22) */
  if (self->state->fetch_status != TQ_FETCH_STATUS_IDLE &&
      (self->extra->fetch == NULL || _tq_retryer_get_status (self->extra->fetch->retryer) != TQ_RETRYER_REJECTED))
    {
      if (_tq_query_state_has_data (self->state) && cancel_refetch)
        {
          g_autoptr(TqPromise) ignored = _tq_query_cancel (self, FALSE, TRUE);
        }
      else if (self->extra->fetch != NULL)
        {
          /* The running fetch's promise, through the async fetch() that
           * returns it: a reaction later, as a new fetch's would be.
           */
          _tq_retryer_continue_retry (self->extra->fetch->retryer);
          return _tq_promise_new_later (_tq_retryer_get_promise (self->extra->fetch->retryer),
                                        self->env->main_context);
        }
    }

  g_object_ref (self);

  if (options != NULL)
    _tq_query_set_options (self, options);

  /* A query made by set_query_data() borrows an observer's function. */
  if (self->options->query_fn == NULL && !self->options->skip_token)
    {
      TqQueryObserver *observer = first_observer_with_query_fn (self);

      if (observer != NULL)
        _tq_query_set_options (self, _tq_query_observer_get_options (observer));
    }

  fetch = query_fetch_new (self);
  fetch->options = g_object_ref (self->options);
  fetch->direction = direction;
  extra = own_extra (self);
  extra->fetch_number = ++extra->fetch_count;

  /* The point a cancel with revert goes back to */
  fetch->revert_state = tq_query_state_ref (self->state);

  dispatch (self, &action);

  config.retry = self->options->retry;
  config.retry_fn = self->options->retry_fn;
  config.has_retry_delay = _tq_query_options_has (self->options, TQ_OPT_RETRY_DELAY);
  config.retry_delay = self->options->retry_delay;
  config.retry_delay_fn = self->options->retry_delay_fn;
  config.network_mode = self->options->network_mode;

  fetch->retryer = _tq_retryer_new (&retryer_callbacks, fetch, &config,
                                    self->env->clock, self->env->focus_manager,
                                    self->env->online_manager);

  if (extra->fetch != NULL)
    query_fetch_unref (extra->fetch);
  extra->fetch = query_fetch_ref (fetch);

  /* TanStack's `await retryer.start ()`: the outcome of the fetch acts on
   * a later turn than the code that settled it, so that a cancel followed
   * by a reset or a new fetch in the same turn sees TanStack's order.
   */
  _tq_promise_then_later (_tq_retryer_get_promise (fetch->retryer), self->env->main_context,
                          on_retryer_settled, query_fetch_ref (fetch), (GDestroyNotify) query_fetch_unref);

  result = _tq_promise_ref (fetch->promise);
  _tq_retryer_start (fetch->retryer);

  query_fetch_unref (fetch);
  g_object_unref (self);

  return result;
}

void
_tq_query_set_behavior (TqQuery               *self,
                        const TqQueryBehavior *behavior,
                        gpointer               behavior_data)
{
  own_extra (self)->behavior = behavior;
  self->extra->behavior_data = behavior_data;
}

gboolean
_tq_query_is_infinite (TqQuery *self)
{
  return self->extra->behavior != NULL;
}

/* }}} */
/* {{{ Lifecycle */

void
_tq_query_destroy (TqQuery *self)
{
  g_autoptr(TqPromise) settled = NULL;

  g_object_ref (self);
  clear_gc (self);
  /* Without a fetch there is nothing to cancel nor to wait for. */
  if (self->extra->fetch != NULL)
    settled = _tq_query_cancel (self, FALSE, TRUE);
  g_object_unref (self);
}

/* Disarms the gc timer, for a cache about to remove its queries. */
void
_tq_query_clear_gc (TqQuery *self)
{
  clear_gc (self);
}

void
_tq_query_detach_cache (TqQuery  *self,
                        gboolean  last_ref)
{
  gboolean late = self->extra->late_retryers != NULL && self->extra->late_retryers->len > 0;

  if (self->extra->former_cache != NULL && self->extra->former_cache != self->cache)
    _tq_query_cache_remove_detached (g_steal_pointer (&self->extra->former_cache), self);
  /* A query about to be finalized sends no more events: it need not be
   * known to its cache as a detached one, unless a late retry delay is
   * about to make the cache keep it.
   */
  if (self->cache != NULL && self->extra->former_cache == NULL && (!last_ref || late))
    {
      own_extra (self)->former_cache = self->cache;
      _tq_query_cache_add_detached (self->cache, self);
    }
  self->cache = NULL;

  if (late)
    update_orphan (self);
}

void
_tq_query_on_focus (TqQuery *self)
{
  g_object_ref (self);

  for (GList *l = self->observers.head; l != NULL; l = l->next)
    {
      TqQueryObserver *observer = l->data;

      if (_tq_query_observer_should_fetch_on (observer, TQ_REFETCH_ON_WINDOW_FOCUS))
        {
          _tq_query_observer_refetch_in_background (observer);
          break;
        }
    }

  if (self->extra->fetch != NULL)
    _tq_retryer_continue (self->extra->fetch->retryer);

  g_object_unref (self);
}

void
_tq_query_on_online (TqQuery *self)
{
  g_object_ref (self);

  for (GList *l = self->observers.head; l != NULL; l = l->next)
    {
      TqQueryObserver *observer = l->data;

      if (_tq_query_observer_should_fetch_on (observer, TQ_REFETCH_ON_RECONNECT))
        {
          _tq_query_observer_refetch_in_background (observer);
          break;
        }
    }

  if (self->extra->fetch != NULL)
    _tq_retryer_continue (self->extra->fetch->retryer);

  g_object_unref (self);
}

void
_tq_query_add_observer (TqQuery         *self,
                        TqQueryObserver *observer)
{
  GList *link = _tq_query_observer_get_query_link (observer);

  /* The link lives in the observer: attaching and detaching are O(1). */
  if (link->data != NULL)
    return;

  link->data = observer;
  g_queue_push_tail_link (&self->observers, link);
  clear_gc (self);
  if (self->observers.length == 1 && self->cache != NULL)
    _tq_query_cache_set_observed (self->cache, self, TRUE);

  if (events_cache (self) != NULL)
    _tq_query_cache_notify_observer (events_cache (self), self, observer, TRUE);
}

TqQueryObserver *
_tq_query_get_last_observer (TqQuery *self)
{
  return self->observers.tail != NULL ? self->observers.tail->data : NULL;
}

void
_tq_query_remove_observer (TqQuery         *self,
                           TqQueryObserver *observer)
{
  GList *link = _tq_query_observer_get_query_link (observer);

  if (link->data == NULL)
    return;

  g_queue_unlink (&self->observers, link);
  link->data = NULL;

  g_object_ref (self);

  if (self->observers.length == 0 && self->cache != NULL)
    _tq_query_cache_set_observed (self->cache, self, FALSE);

  if (self->observers.length == 0)
    {
      /* Rule 33: a function that took the cancellable (or an initial fetch
       * that never started) is cancelled; otherwise only retries stop and
       * the attempt in progress is cached.
       */
      if (self->extra->fetch != NULL)
        {
          if (self->extra->abort_signal_consumed ||
              (self->state->fetch_status == TQ_FETCH_STATUS_PAUSED &&
               self->state->status == TQ_QUERY_STATUS_PENDING))
            {
              g_autoptr(TqPromise) settled = _tq_query_cancel (self, TRUE, FALSE);
            }
          else
            _tq_retryer_cancel_retry (self->extra->fetch->retryer);
        }

      schedule_gc (self);
    }

  if (events_cache (self) != NULL)
    _tq_query_cache_notify_observer (events_cache (self), self, observer, FALSE);

  g_object_unref (self);
}

/* }}} */
/* {{{ Optimistic layers */

/* The confirmed data: what fetches and set_query_data() wrote, without the
 * optimistic layers of pending mutations.
 */
const GValue *
_tq_query_get_base_data (TqQuery *self)
{
  return self->state->base != NULL ? self->state->base : &self->state->data;
}

guint
_tq_query_get_optimistic_layer_count (TqQuery *self)
{
  return _tq_optimistic_layers_get_size (self->extra->layers);
}

static void
recompose (TqQuery *self)
{
  Action action = { .type = TQ_QUERY_ACTION_OPTIMISTIC };

  dispatch (self, &action);

  drop_empty_layers (self);
}

void
_tq_query_add_optimistic_layer (TqQuery      *self,
                                guint         mutation_id,
                                TqCallback   *func,
                                const GValue *variables)
{
  if (self->extra->layers == NULL)
    own_extra (self)->layers = _tq_optimistic_layers_new ();

  _tq_optimistic_layers_add (self->extra->layers, mutation_id, func, variables);
  recompose (self);
}

void
_tq_query_remove_optimistic_layer (TqQuery *self,
                                   guint    mutation_id)
{
  if (self->extra->layers != NULL && _tq_optimistic_layers_remove (self->extra->layers, mutation_id))
    recompose (self);
}

void
_tq_query_succeed_optimistic_layer (TqQuery *self,
                                    guint    mutation_id)
{
  if (self->extra->layers != NULL &&
      _tq_optimistic_layers_succeed (self->extra->layers, mutation_id, self->extra->fetch_count))
    recompose (self);
}

/* Writes confirmed data and drops @mutation_id's layer in one step, so that
 * the change never disappears in between.
 */
void
_tq_query_commit_optimistic_layer (TqQuery      *self,
                                   guint         mutation_id,
                                   const GValue *data)
{
  gboolean removed = self->extra->layers != NULL && _tq_optimistic_layers_remove (self->extra->layers, mutation_id);

  g_object_ref (self);

  if (G_IS_VALUE (data))
    _tq_query_set_data (self, data, FALSE, 0, TRUE);
  else if (removed)
    recompose (self);

  drop_empty_layers (self);

  g_object_unref (self);
}

/* }}} */
/* {{{ Private accessors */

GVariant *
_tq_query_get_key (TqQuery *self)
{
  return self->key;
}

const char *
_tq_query_get_hash (TqQuery *self)
{
  if (self->extra->hash == NULL)
    own_extra (self)->hash = tq_key_hash (self->key);

  return self->extra->hash;
}

TqKeyCanon *
_tq_query_get_canon (TqQuery *self)
{
  return self->canon;
}

TqQueryOptions *
_tq_query_get_options (TqQuery *self)
{
  return self->options;
}

TqQueryState *
_tq_query_get_state (TqQuery *self)
{
  return self->state;
}

TqEnv *
_tq_query_get_env (TqQuery *self)
{
  return self->env;
}

TqQueryIndexEntry *
_tq_query_get_index_entry (TqQuery *self)
{
  return &self->index;
}

/* }}} */
/* {{{ Public API */

/**
 * tq_query_get_key:
 * @self: a query
 *
 * Gets the query's key.
 *
 * Returns: (transfer none): the key
 */
GVariant *
tq_query_get_key (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), NULL);

  return self->key;
}

/**
 * tq_query_get_hash:
 * @self: a query
 *
 * Gets the canonical hash of the query's key (see [func@Tq.key_hash]),
 * which identifies it in its cache.
 *
 * Returns: the hash
 */
const char *
tq_query_get_hash (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), NULL);

  return _tq_query_get_hash (self);
}

/**
 * tq_query_get_key_int:
 * @self: a query
 * @index: which element of the key, from 0
 * @value: (out) (optional): return location for the number
 *
 * Reads element @index of the query's key, `queryKey[index]` in TanStack,
 * if it is a whole number (of any GVariant integer type, or a double with
 * no fractional part: keys compare numbers by value, see
 * [func@Tq.key_hash]).
 *
 * It reads the form the cache already holds, with no GVariant calls, so a
 * predicate (see [method@Tq.QueryFilters.set_predicate]), which looks at
 * every query in the cache, stays cheap. Looking through variants, as the
 * key's hash does, `<5>` reads as 5.
 *
 * Returns: %TRUE if the key has such an element and it is a whole number
 *   in the range of #gint64
 */
gboolean
tq_query_get_key_int (TqQuery *self,
                      guint    index,
                      gint64  *value)
{
  const guint8 *element;
  gint64 number;

  g_return_val_if_fail (TQ_IS_QUERY (self), FALSE);

  element = _tq_key_canon_element (self->canon, index);
  if (element == NULL || !_tq_key_canon_read_int (element, &number))
    return FALSE;

  if (value != NULL)
    *value = number;
  return TRUE;
}

/**
 * tq_query_get_key_string:
 * @self: a query
 * @index: which element of the key, from 0
 *
 * Reads element @index of the query's key, `queryKey[index]` in TanStack,
 * if it is a string (of type `s`, `o` or `g`, looking through variants),
 * as cheaply as [method@Tq.Query.get_key_int].
 *
 * Returns: (nullable): the string, owned by @self and valid as long as it
 *   lives, or %NULL if the key has no such element or it is not a string
 */
const char *
tq_query_get_key_string (TqQuery *self,
                         guint    index)
{
  const guint8 *element;

  g_return_val_if_fail (TQ_IS_QUERY (self), NULL);

  element = _tq_key_canon_element (self->canon, index);
  if (element == NULL || *element != TQ_CANON_STRING)
    return NULL;

  return (const char *) element + 1;
}

/**
 * tq_query_get_state:
 * @self: a query
 *
 * Gets the query's current state. The state does not change; a new one
 * replaces it on each action.
 *
 * Returns: (transfer none): the state
 */
TqQueryState *
tq_query_get_state (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), NULL);

  return self->state;
}

/**
 * tq_query_get_options:
 * @self: a query
 *
 * Gets the options the query fetches with: the per-key defaults merged with
 * the options of its last fetch.
 *
 * Returns: (transfer none): the options
 */
TqQueryOptions *
tq_query_get_options (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), NULL);

  /* Queries made by set_query_data() share the client's defaults, which
   * have no key; the options shown carry it, as TanStack's do.
   */
  if (self->options->query_key == NULL)
    {
      TqQueryOptions *with_key = tq_query_options_copy (self->options);

      tq_query_options_set_query_key (with_key, self->key);
      g_clear_object (&self->options);
      self->options = with_key;
    }

  return self->options;
}

/**
 * tq_query_get_cache:
 * @self: a query
 *
 * Gets the cache that holds the query. A query removed from its cache
 * still announces its events there (an observer that still holds it
 * attaches to it, its fetch settles, its gc timer fires), as TanStack's
 * does.
 *
 * Returns: (transfer none) (nullable): the cache, or %NULL once the query
 *   was removed
 */
TqQueryCache *
tq_query_get_cache (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), NULL);

  return self->cache;
}

/**
 * tq_query_get_gc_time:
 * @self: a query
 *
 * Gets the query's gc time: the largest it has been given (rule 36).
 *
 * Returns: milliseconds, or %TQ_TIME_INFINITE
 */
gint64
tq_query_get_gc_time (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), 0);

  return _tq_removable_get_gc_time (&self->removable);
}

/**
 * tq_query_get_observers_count:
 * @self: a query
 *
 * Counts the observers subscribed to the query.
 *
 * Returns: the count
 */
guint
tq_query_get_observers_count (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), 0);

  return self->observers.length;
}

/**
 * tq_query_is_active:
 * @self: a query
 *
 * Tells whether at least one of the query's observers is enabled (rule 5).
 *
 * Returns: whether active
 */
gboolean
tq_query_is_active (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), FALSE);

  for (GList *l = self->observers.head; l != NULL; l = l->next)
    if (_tq_query_observer_is_enabled_for (l->data, self))
      return TRUE;

  return FALSE;
}

/**
 * tq_query_is_fetched:
 * @self: a query
 *
 * Tells whether data or an error was ever stored (set by hand counts).
 *
 * Returns: whether fetched
 */
gboolean
tq_query_is_fetched (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), FALSE);

  return self->state->data_update_count + self->state->error_update_count > 0;
}

/**
 * tq_query_is_disabled:
 * @self: a query
 *
 * Tells whether the query is disabled (rule 9): with observers, when none
 * is enabled; without, when its function is the skip token or it was never
 * fetched. Refetching by filter leaves disabled queries out.
 *
 * Returns: whether disabled
 */
gboolean
tq_query_is_disabled (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), FALSE);

  if (self->observers.length > 0)
    return !tq_query_is_active (self);

  return self->options->skip_token || !tq_query_is_fetched (self);
}

/**
 * tq_query_is_static:
 * @self: a query
 *
 * Tells whether an observer of the query has the stale time
 * %TQ_STALE_TIME_STATIC (rule 14).
 *
 * Returns: whether static
 */
gboolean
tq_query_is_static (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), FALSE);

  for (GList *l = self->observers.head; l != NULL; l = l->next)
    if (_tq_query_observer_resolve_stale_time (l->data, self) == TQ_STALE_TIME_STATIC)
      return TRUE;

  return FALSE;
}

/**
 * tq_query_is_stale:
 * @self: a query
 *
 * Tells whether the query is stale as filters see it (rule 6): with
 * observers, when any observer's result is stale; without, only when it has
 * no data or is invalidated — time is not checked for inactive queries.
 *
 * Returns: whether stale
 */
gboolean
tq_query_is_stale (TqQuery *self)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), TRUE);

  if (self->observers.length > 0)
    {
      for (GList *l = self->observers.head; l != NULL; l = l->next)
        if (_tq_query_observer_result_is_stale (l->data))
          return TRUE;
      return FALSE;
    }

  return !_tq_query_state_has_data (self->state) || self->state->is_invalidated;
}

/**
 * tq_query_is_stale_by_time:
 * @self: a query
 * @stale_time_ms: a stale time: milliseconds, %TQ_TIME_INFINITE or
 *   %TQ_STALE_TIME_STATIC
 *
 * Tells whether the data is stale for @stale_time_ms (rule 12): no data is
 * stale; static is never stale; invalidated data is stale; otherwise data
 * is stale once @stale_time_ms milliseconds have passed since it was stored.
 *
 * Returns: whether stale
 */
gboolean
tq_query_is_stale_by_time (TqQuery *self,
                           gint64   stale_time_ms)
{
  g_return_val_if_fail (TQ_IS_QUERY (self), TRUE);

  if (!_tq_query_state_has_data (self->state))
    return TRUE;
  if (stale_time_ms == TQ_STALE_TIME_STATIC)
    return FALSE;
  if (self->state->is_invalidated)
    return TRUE;
  if (stale_time_ms >= TQ_TIMEOUT_MAX_MS)
    return FALSE;

  return tq_clock_get_now (self->env->clock) >= self->state->data_updated_at + MAX (stale_time_ms, 0);
}

/**
 * tq_query_invalidate:
 * @self: a query
 *
 * Marks the query invalidated, so that it is stale whatever its stale time
 * (except %TQ_STALE_TIME_STATIC). It does not refetch; see
 * [method@Tq.QueryClient.invalidate_queries_async] for that.
 */
void
tq_query_invalidate (TqQuery *self)
{
  Action action = { .type = TQ_QUERY_ACTION_INVALIDATE };

  g_return_if_fail (TQ_IS_QUERY (self));

  if (!self->state->is_invalidated)
    dispatch (self, &action);
}

/**
 * tq_query_reset:
 * @self: a query
 *
 * Cancels any fetch silently and puts the query back in its initial state:
 * its initial data if it has any, otherwise pending with no data (B16).
 */
void
tq_query_reset (TqQuery *self)
{
  g_autoptr(TqQueryState) initial = NULL;

  g_return_if_fail (TQ_IS_QUERY (self));

  initial = tq_query_state_ref (self->extra->initial_state != NULL ? self->extra->initial_state
                                                                   : peek_empty_state ());
  _tq_query_destroy (self);
  _tq_query_set_state (self, initial);
}

/**
 * tq_query_cancel:
 * @self: a query
 * @revert: whether to go back to the state from before the fetch
 * @silent: whether to leave the state alone (used when a new fetch takes
 *   over)
 *
 * Cancels the fetch in progress, if any (rules 31–32): its cancellable is
 * cancelled, and unless @revert or @silent the query ends in the error state
 * with a `G_IO_ERROR_CANCELLED` error.
 */
void
tq_query_cancel (TqQuery  *self,
                 gboolean  revert,
                 gboolean  silent)
{
  g_autoptr(TqPromise) settled = NULL;

  g_return_if_fail (TQ_IS_QUERY (self));

  settled = _tq_query_cancel (self, revert, silent);
}

/**
 * tq_query_set_data:
 * @self: a query
 * @data: the data (an unset value does nothing)
 * @updated_at_ms: when the data was current, in milliseconds since the
 *   epoch, or 0 for now
 *
 * Stores data by hand, with structural sharing (rule 46). A fetch in
 * progress keeps running and will overwrite it. Most code uses
 * [method@Tq.QueryClient.set_query_data] instead.
 */
void
tq_query_set_data (TqQuery      *self,
                   const GValue *data,
                   gint64        updated_at_ms)
{
  g_return_if_fail (TQ_IS_QUERY (self));
  g_return_if_fail (data != NULL);

  if (!G_IS_VALUE (data))
    return;

  _tq_query_set_data (self, data, updated_at_ms != 0, updated_at_ms, TRUE);
}

static void
value_free (gpointer data)
{
  GValue *value = data;

  if (G_IS_VALUE (value))
    g_value_unset (value);
  g_free (value);
}

static void
fetch_task_done (TqPromise *promise,
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
 * tq_query_fetch_async:
 * @self: a query
 * @options: (nullable): options to fetch with, or %NULL for the query's own
 * @cancel_refetch: whether a running fetch of a query that has data is
 *   cancelled and replaced rather than shared (rule 21)
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async): called when the fetch settles
 * @user_data: data for @callback
 *
 * Fetches the query, or joins the fetch in progress (rules 20–22): the query
 * function is called before this returns.
 */
void
tq_query_fetch_async (TqQuery             *self,
                      TqQueryOptions      *options,
                      gboolean             cancel_refetch,
                      GCancellable        *cancellable,
                      GAsyncReadyCallback  callback,
                      gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY (self));
  g_return_if_fail (options == NULL || TQ_IS_QUERY_OPTIONS (options));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tq_query_fetch_async);
  g_task_set_check_cancellable (task, TRUE);

  promise = _tq_query_fetch (self, options, cancel_refetch, TQ_FETCH_DIRECTION_NONE);
  _tq_promise_then (promise, fetch_task_done, task, g_object_unref);
}

/**
 * tq_query_fetch_finish:
 * @self: a query
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.Query.fetch_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set: the query
 *   function's error, %TQ_ERROR_UNDEFINED_DATA, %TQ_ERROR_MISSING_QUERY_FN,
 *   or `G_IO_ERROR_CANCELLED` if the fetch was cancelled
 */
gboolean
tq_query_fetch_finish (TqQuery       *self,
                       GAsyncResult  *result,
                       GValue        *data,
                       GError       **error)
{
  GValue *value;

  g_return_val_if_fail (TQ_IS_QUERY (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;

  if (data != NULL)
    _tq_value_copy_shared (value, data);
  value_free (value);

  return TRUE;
}

/* }}} */
