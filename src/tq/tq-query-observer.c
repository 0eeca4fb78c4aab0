/* tq-query-observer.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <json-glib/json-glib.h>

#include "tq-enum-types.h"
#include "tq-error.h"
#include "tq-query-cache-private.h"
#include "tq-query-client-private.h"
#include "tq-query-observer-private.h"
#include "tq-query-private.h"
#include "tq-query-result-private.h"
#include "tq-value-private.h"

/**
 * TqQueryObserver:
 *
 * Watches one query and computes what to show of it: TanStack's
 * `QueryObserver` (sections 1.2–1.3, rules 12–24 and 41–45 of
 * `tanstack-query-core.md`).
 *
 * The result is the observer's set of read-only properties —
 * [property@Tq.QueryObserver:status], [property@Tq.QueryObserver:data],
 * [property@Tq.QueryObserver:is-fetching],
 * [property@Tq.QueryObserver:is-stale] and the rest — so widgets bind to
 * them directly, in C with g_object_bind_property() or in a `.ui` file with
 * `<binding>`:
 *
 * ```xml
 * <object class="GtkSpinner">
 *   <binding name="spinning">
 *     <lookup name="is-fetching">observer</lookup>
 *   </binding>
 * </object>
 * ```
 *
 * Property notifications are GObject's form of TanStack's tracked
 * properties: `notify` fires only for properties whose value changed, and
 * at most once per flush of the client's [class@Tq.NotifyManager], however
 * many times the query changed in between — a hundred cache updates in one
 * main-loop iteration cost each bound widget one notification per changed
 * property. [signal@Tq.QueryObserver::result-changed] is the unbatched
 * form: it carries each new [struct@Tq.QueryResult] as it is computed, like
 * TanStack's listeners.
 *
 * An observer does its work while it is subscribed
 * ([method@Tq.QueryObserver.subscribe]): the first subscription attaches it
 * to the query and fetches if the data is missing or stale (rule 17); while
 * subscribed it refetches on window focus, on reconnect and every
 * `refetch-interval`, and marks the result stale when `stale-time` passes
 * (rule 15). The last unsubscription detaches it (rule 33).
 *
 * JSON data can be presented as an object for `<lookup>` bindings of its
 * fields: set [property@Tq.QueryObserver:object-type] to a GObject type whose
 * properties are named after the fields, and read
 * [property@Tq.QueryObserver:data-object] (built with
 * json_gobject_deserialize(), once per new data).
 */

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_OPTIONS,
  PROP_QUERY,
  PROP_SUBSCRIBED,
  PROP_OBJECT_TYPE,
  PROP_DATA_OBJECT,
  /* The result */
  PROP_STATUS,
  PROP_FETCH_STATUS,
  PROP_DATA,
  PROP_DATA_UPDATED_AT,
  PROP_ERROR,
  PROP_ERROR_UPDATED_AT,
  PROP_ERROR_UPDATE_COUNT,
  PROP_FAILURE_COUNT,
  PROP_FAILURE_REASON,
  PROP_IS_PENDING,
  PROP_IS_SUCCESS,
  PROP_IS_ERROR,
  PROP_IS_LOADING,
  PROP_IS_FETCHING,
  PROP_IS_PAUSED,
  PROP_IS_REFETCHING,
  PROP_IS_LOADING_ERROR,
  PROP_IS_REFETCH_ERROR,
  PROP_IS_PLACEHOLDER_DATA,
  PROP_IS_FETCHED,
  PROP_IS_FETCHED_AFTER_MOUNT,
  PROP_IS_STALE,
  PROP_IS_ENABLED,
  N_PROPS
};

enum {
  RESULT_CHANGED,
  N_SIGNALS
};

G_DEFINE_TYPE (TqQueryObserver, tq_query_observer, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void update_result        (TqQueryObserver *self);
static void update_timers        (TqQueryObserver *self);
static void clear_timers         (TqQueryObserver *self);

/* {{{ Rules of fetching */

static gboolean
enabled_for (TqQueryOptions *options,
             TqQuery        *query)
{
  return _tq_query_options_resolve_enabled (options, query);
}

static gboolean
is_stale (TqQuery        *query,
          TqQueryOptions *options)
{
  return enabled_for (options, query) &&
         tq_query_is_stale_by_time (query, _tq_query_options_resolve_stale_time (options, query));
}

static gboolean
should_fetch_on (TqQuery        *query,
                 TqQueryOptions *options,
                 TqRefetchEvent  event)
{
  TqRefetchMode mode;

  if (!enabled_for (options, query) ||
      _tq_query_options_resolve_stale_time (options, query) == TQ_STALE_TIME_STATIC)
    return FALSE;

  mode = _tq_query_options_resolve_refetch_on (options, event, query);

  return mode == TQ_REFETCH_ALWAYS || (mode != TQ_REFETCH_NEVER && is_stale (query, options));
}

/* Rule 17 */
static gboolean
should_load_on_mount (TqQuery        *query,
                      TqQueryOptions *options)
{
  TqQueryState *state = _tq_query_get_state (query);

  return enabled_for (options, query) &&
         !_tq_query_state_has_data (state) &&
         !(state->status == TQ_QUERY_STATUS_ERROR &&
           !_tq_query_options_resolve_retry_on_mount (options, query));
}

static gboolean
should_fetch_on_mount (TqQuery        *query,
                       TqQueryOptions *options)
{
  return should_load_on_mount (query, options) ||
         (_tq_query_state_has_data (_tq_query_get_state (query)) &&
          should_fetch_on (query, options, TQ_REFETCH_ON_MOUNT));
}

/* Rule 18 */
static gboolean
should_fetch_optionally (TqQuery        *query,
                         TqQuery        *prev_query,
                         TqQueryOptions *options,
                         TqQueryOptions *prev_options)
{
  return (query != prev_query ||
          prev_options == NULL ||
          !enabled_for (prev_options, query)) &&
         is_stale (query, options);
}

/* The client's defaults under @options; an infinite observer's options
 * are infinite.
 */
static TqQueryOptions *
default_options (TqQueryObserver *self,
                 TqQueryOptions  *options)
{
  g_autoptr(TqQueryOptions) defaulted = _tq_query_client_default_query_options (self->client, options);

  if (TQ_QUERY_OBSERVER_GET_CLASS (self)->infinite)
    return _tq_query_options_dup_infinite (defaulted);

  return g_steal_pointer (&defaulted);
}

/* }}} */
/* {{{ Results */

static gboolean
placeholder_option_same (TqQueryOptions *a,
                         TqQueryOptions *b)
{
  if (a == NULL || b == NULL)
    return a == b;

  return _tq_callback_equal (a->placeholder_data_fn, b->placeholder_data_fn) &&
         _tq_value_identical (&a->placeholder_data, &b->placeholder_data);
}

/* is-stale and is-enabled, computed once: they may call option functions */
typedef struct
{
  gboolean known;
  gboolean stale;
  gboolean enabled;
} ResultFlags;

static TqQueryResult *
create_result (TqQueryObserver   *self,
               TqQuery           *query,
               TqQueryOptions    *options,
               gboolean           optimistic,
               const ResultFlags *flags)
{
  TqQueryResult *prev_result = self->current_result;
  TqQueryState *state = _tq_query_get_state (query);
  TqQueryState *query_initial_state = query != self->current_query ? state : self->current_query_initial_state;
  TqQueryResult *result = _tq_query_result_new ();
  TqFetchStatus fetch_status = state->fetch_status;
  TqQueryStatus status = state->status;
  g_auto(GValue) data = G_VALUE_INIT;
  gboolean skip_select = FALSE;
  gboolean is_placeholder = FALSE;
  const GError *error = state->error;
  guint error_serial = 0;
  gint64 error_updated_at = state->error_updated_at;
  guint data_update_count = state->data_update_count;
  guint error_update_count = state->error_update_count;

  /* What a fetch about to start would show (getOptimisticResult) */
  if (optimistic)
    {
      gboolean mounted = self->n_subscribers > 0;
      gboolean fetch_on_mount = !mounted && should_fetch_on_mount (query, options);
      gboolean fetch_optionally = mounted && should_fetch_optionally (query, self->current_query,
                                                                      options, self->options);

      if (fetch_on_mount || fetch_optionally)
        {
          fetch_status = _tq_can_fetch (_tq_query_get_options (query)->network_mode,
                                        self->env->online_manager)
                           ? TQ_FETCH_STATUS_FETCHING : TQ_FETCH_STATUS_PAUSED;
          if (!_tq_query_state_has_data (state))
            {
              error = NULL;
              status = TQ_QUERY_STATUS_PENDING;
            }
        }
    }

  _tq_value_copy_shared (&state->data, &data);

  /* Placeholder data (rule 43) */
  if (_tq_query_options_has (options, TQ_OPT_PLACEHOLDER_DATA) &&
      !G_IS_VALUE (&data) &&
      status == TQ_QUERY_STATUS_PENDING)
    {
      g_auto(GValue) placeholder = G_VALUE_INIT;

      if (prev_result != NULL && prev_result->is_placeholder_data &&
          placeholder_option_same (options, self->current_result_options))
        {
          _tq_value_copy_shared (&prev_result->data, &placeholder);
          /* Already selected */
          skip_select = TRUE;
        }
      else if (options->placeholder_data_fn != NULL)
        {
          TqQuery *last = self->last_query_with_data;

          ((TqPlaceholderDataFunc) options->placeholder_data_fn->func) (
              last ? &_tq_query_get_state (last)->data : &(GValue) G_VALUE_INIT,
              last,
              &placeholder,
              options->placeholder_data_fn->data);
        }
      else
        _tq_value_copy_shared (&options->placeholder_data, &placeholder);

      if (G_IS_VALUE (&placeholder))
        {
          status = TQ_QUERY_STATUS_SUCCESS;
          _tq_query_options_replace_data (options,
                                          prev_result ? &prev_result->data : &(GValue) G_VALUE_INIT,
                                          &placeholder, &data);
          is_placeholder = TRUE;
        }
    }

  /* select, memoized on data identity and function (rule 44) */
  if (options->select != NULL && G_IS_VALUE (&data) && !skip_select)
    {
      if (prev_result != NULL && self->current_result_state != NULL &&
          _tq_value_identical (&data, &self->current_result_state->data) &&
          _tq_callback_equal (options->select, self->select_fn))
        {
          _tq_value_reset (&data);
          _tq_value_copy_shared (&self->select_result, &data);
        }
      else
        {
          g_auto(GValue) selected = G_VALUE_INIT;
          g_autoptr(GError) select_error = NULL;

          g_clear_pointer (&self->select_fn, _tq_callback_unref);
          self->select_fn = _tq_callback_ref (options->select);

          if (((TqSelectFunc) options->select->func) (&data, &selected, options->select->data, &select_error))
            {
              _tq_value_reset (&data);
              _tq_query_options_replace_data (options,
                                              prev_result ? &prev_result->data : &(GValue) G_VALUE_INIT,
                                              &selected, &data);
              _tq_value_reset (&self->select_result);
              _tq_value_copy_shared (&data, &self->select_result);
              g_clear_error (&self->select_error);
            }
          else
            {
              if (select_error == NULL)
                select_error = g_error_new_literal (TQ_ERROR, TQ_ERROR_INVALID_DATA,
                                                    "The select function failed without saying why");
              g_clear_error (&self->select_error);
              self->select_error = g_steal_pointer (&select_error);
              /* Each failed run is a new error, as a new exception is in
               * TanStack: the result changes even if the message does not.
               */
              self->select_error_serial++;
            }
        }
    }
  else if (!G_IS_VALUE (&data))
    {
      /* A select error belongs to data that is gone now */
      g_clear_error (&self->select_error);
    }

  if (self->select_error != NULL)
    {
      error = self->select_error;
      error_serial = self->select_error_serial;
      _tq_value_reset (&data);
      _tq_value_copy_shared (&self->select_result, &data);
      error_updated_at = tq_clock_get_now (self->env->clock);
      status = TQ_QUERY_STATUS_ERROR;
      is_placeholder = FALSE;
    }

  result->status = status;
  result->fetch_status = fetch_status;
  result->data = data;
  data = (GValue) G_VALUE_INIT;
  result->data_updated_at = state->data_updated_at;
  result->error = error ? g_error_copy (error) : NULL;
  result->error_serial = error_serial;
  result->error_updated_at = error_updated_at;
  result->error_update_count = error_update_count;
  result->failure_count = state->fetch_failure_count;
  result->failure_reason = state->fetch_failure_reason ? g_error_copy (state->fetch_failure_reason) : NULL;
  result->is_placeholder_data = is_placeholder;
  result->is_fetched = tq_query_is_fetched (query);
  result->is_fetched_after_mount = data_update_count > query_initial_state->data_update_count ||
                                   error_update_count > query_initial_state->error_update_count;
  if (flags != NULL && flags->known)
    {
      result->is_stale = flags->stale;
      result->is_enabled = flags->enabled;
    }
  else
    {
      result->is_stale = is_stale (query, options);
      result->is_enabled = enabled_for (options, query);
    }

  if (TQ_QUERY_OBSERVER_GET_CLASS (self)->fill_result != NULL)
    TQ_QUERY_OBSERVER_GET_CLASS (self)->fill_result (self, query, options, result);

  return result;
}

/* Whether @a holds the very value @b does (what _tq_value_copy_shared()
 * gives), not only an identical one: a shared result must show the state's
 * own data.
 */
static inline gboolean
same_value (const GValue *a,
            const GValue *b)
{
  return G_VALUE_TYPE (a) == G_VALUE_TYPE (b) &&
         a->data[0].v_uint64 == b->data[0].v_uint64 &&
         a->data[1].v_uint64 == b->data[1].v_uint64;
}

/* The result of another observer of @query if it is exactly the one
 * create_result() would make now for @self: a query seen by many observers
 * with plain options then costs one result per state, not one per
 * observer. Only results that are a function of the query's state and of
 * the three per-observer flags qualify (no select, no placeholder, no
 * subclass fields), and the flags are computed here as create_result()
 * does, calling the same option functions.
 */
static TqQueryResult *
share_result (TqQueryObserver *self,
              TqQuery         *query,
              TqQueryOptions  *options,
              ResultFlags     *flags)
{
  TqQueryState *state = _tq_query_get_state (query);
  TqQueryState *initial;
  TqQueryObserver *other;
  TqQueryResult *r;
  gboolean stale;
  gboolean enabled;
  gboolean fetched_after_mount;

  if (TQ_QUERY_OBSERVER_GET_CLASS (self)->fill_result != NULL ||
      options->select != NULL ||
      self->select_error != NULL ||
      (_tq_query_options_has (options, TQ_OPT_PLACEHOLDER_DATA) &&
       !_tq_query_state_has_data (state) &&
       state->status == TQ_QUERY_STATUS_PENDING))
    return NULL;

  /* Observers recompute in the order of the query's list: the one before
   * is the likeliest to be up to date.
   */
  if (self->query_link.data != NULL)
    other = self->query_link.prev != NULL ? self->query_link.prev->data : NULL;
  else
    other = _tq_query_get_last_observer (query);

  if (other == NULL || other == self || other->current_query != query ||
      (r = other->current_result) == NULL ||
      !same_value (&r->data, &state->data))
    return NULL;

  /* In create_result()'s order, which uses them if this fails */
  stale = is_stale (query, options);
  enabled = enabled_for (options, query);
  flags->known = TRUE;
  flags->stale = stale;
  flags->enabled = enabled;
  initial = query != self->current_query ? state : self->current_query_initial_state;
  fetched_after_mount = state->data_update_count > initial->data_update_count ||
                        state->error_update_count > initial->error_update_count;

  if (r->status != state->status ||
      r->fetch_status != state->fetch_status ||
      r->data_updated_at != state->data_updated_at ||
      r->error_serial != 0 ||
      !_tq_error_equal (r->error, state->error) ||
      r->error_updated_at != state->error_updated_at ||
      r->error_update_count != state->error_update_count ||
      r->failure_count != state->fetch_failure_count ||
      !_tq_error_equal (r->failure_reason, state->fetch_failure_reason) ||
      r->is_placeholder_data ||
      r->is_fetched != (state->data_update_count + state->error_update_count > 0) ||
      r->is_fetched_after_mount != fetched_after_mount ||
      r->is_stale != stale ||
      r->is_enabled != enabled ||
      r->has_next_page ||
      r->has_previous_page ||
      r->fetch_direction != TQ_FETCH_DIRECTION_NONE)
    return NULL;

  return tq_query_result_ref (r);
}

/* Result properties as bits, from data-object to is-enabled */
#define PROP_BIT(prop) (1u << ((prop) - PROP_DATA_OBJECT))
G_STATIC_ASSERT (N_PROPS - PROP_DATA_OBJECT <= 32);

/* The result properties whose values differ between @a and @b, as
 * PROP_BIT()s; data-object goes with data.
 */
static guint32
result_changes (TqQueryResult *a,
                TqQueryResult *b)
{
  guint32 changes = 0;

#define CHANGED_IF(cond, prop) if (cond) changes |= PROP_BIT (prop)
#define CHANGED_FLAG(getter, prop) CHANGED_IF (getter (a) != getter (b), prop)
  CHANGED_IF (a->status != b->status, PROP_STATUS);
  CHANGED_IF (a->fetch_status != b->fetch_status, PROP_FETCH_STATUS);
  if (!_tq_value_identical (&a->data, &b->data))
    changes |= PROP_BIT (PROP_DATA) | PROP_BIT (PROP_DATA_OBJECT);
  CHANGED_IF (a->data_updated_at != b->data_updated_at, PROP_DATA_UPDATED_AT);
  CHANGED_IF (!_tq_error_equal (a->error, b->error), PROP_ERROR);
  CHANGED_IF (a->error_updated_at != b->error_updated_at, PROP_ERROR_UPDATED_AT);
  CHANGED_IF (a->error_update_count != b->error_update_count, PROP_ERROR_UPDATE_COUNT);
  CHANGED_IF (a->failure_count != b->failure_count, PROP_FAILURE_COUNT);
  CHANGED_IF (!_tq_error_equal (a->failure_reason, b->failure_reason), PROP_FAILURE_REASON);
  CHANGED_FLAG (tq_query_result_is_pending, PROP_IS_PENDING);
  CHANGED_FLAG (tq_query_result_is_success, PROP_IS_SUCCESS);
  CHANGED_FLAG (tq_query_result_is_error, PROP_IS_ERROR);
  CHANGED_FLAG (tq_query_result_is_loading, PROP_IS_LOADING);
  CHANGED_FLAG (tq_query_result_is_fetching, PROP_IS_FETCHING);
  CHANGED_FLAG (tq_query_result_is_paused, PROP_IS_PAUSED);
  CHANGED_FLAG (tq_query_result_is_refetching, PROP_IS_REFETCHING);
  CHANGED_FLAG (tq_query_result_is_loading_error, PROP_IS_LOADING_ERROR);
  CHANGED_FLAG (tq_query_result_is_refetch_error, PROP_IS_REFETCH_ERROR);
  CHANGED_IF (a->is_placeholder_data != b->is_placeholder_data, PROP_IS_PLACEHOLDER_DATA);
  CHANGED_IF (a->is_fetched != b->is_fetched, PROP_IS_FETCHED);
  CHANGED_IF (a->is_fetched_after_mount != b->is_fetched_after_mount, PROP_IS_FETCHED_AFTER_MOUNT);
  CHANGED_IF (a->is_stale != b->is_stale, PROP_IS_STALE);
  CHANGED_IF (a->is_enabled != b->is_enabled, PROP_IS_ENABLED);
#undef CHANGED_FLAG
#undef CHANGED_IF

  return changes;
}

/* result_changes(), remembered in @now: observers that share their
 * results compare them once.
 */
static guint32
result_changes_since (TqQueryResult *before,
                      TqQueryResult *now)
{
  if (now->diff_base != before->serial)
    {
      now->diff_mask = result_changes (before, now);
      now->diff_base = before->serial;
    }

  return now->diff_mask;
}

/* G_VALUE_HOLDS_OBJECT(), without a type check for JSON or no data */
static inline gboolean
holds_object (const GValue *value)
{
  GType type = G_VALUE_TYPE (value);

  return type != G_TYPE_INVALID && type != JSON_TYPE_NODE && G_VALUE_HOLDS_OBJECT (value);
}

static guint notify_signal_id;

/* Whether every notification is heard: a handler of `notify` without a
 * detail, or a class that overrides notify. GLib 2.74 emits `notify` even
 * when nobody listens, at a cost that dominates the flush of an update
 * seen by many observers with few bindings each, so notifications go out
 * only to properties with a handler. Handlers can come and go at any
 * time, so this is asked at each flush. (`notify` has no emission hooks.)
 */
static inline gboolean
all_heard (TqQueryObserver *self)
{
  return G_OBJECT_GET_CLASS (self)->notify != NULL ||
         g_signal_has_handler_pending (self, notify_signal_id, 0, FALSE);
}

/* Whether a `notify::` handler of @pspec's own is connected, unblocked */
static inline gboolean
heard_by_name (TqQueryObserver *self,
               GParamSpec      *pspec)
{
  return g_signal_handler_find (self, G_SIGNAL_MATCH_ID | G_SIGNAL_MATCH_DETAIL | G_SIGNAL_MATCH_UNBLOCKED,
                                notify_signal_id, g_param_spec_get_name_quark (pspec),
                                NULL, NULL, NULL) != 0;
}

/* For subscribed: a notify that nobody hears still costs a signal
 * emission once any notify handler is connected, as with the many bound
 * observers of one query.
 */
static void
notify_if_heard (TqQueryObserver *self,
                 guint            prop)
{
  if (all_heard (self) || heard_by_name (self, properties [prop]))
    g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

/* An observer given its options after construction: until its first
 * result, its result properties said their defaults.
 */
static void
notify_changed_from_defaults (TqQueryObserver *self)
{
  gboolean all = all_heard (self);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint prop = PROP_DATA_OBJECT; prop < N_PROPS; prop++)
    {
      g_auto(GValue) value = G_VALUE_INIT;

      if (!all && !heard_by_name (self, properties [prop]))
        continue;

      g_value_init (&value, properties [prop]->value_type);
      g_object_get_property (G_OBJECT (self), properties [prop]->name, &value);
      if (!g_param_value_defaults (properties [prop], &value))
        g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
flush_notify (gpointer data)
{
  TqQueryObserver *self = data;
  TqQueryResult *now = self->current_result;
  TqQueryResult *before = self->notified_result;

  self->notify_scheduled = FALSE;

  if (self->disposed || now == before || now == NULL)
    return;

  self->notified_result = tq_query_result_ref (now);

  if (before != NULL)
    {
      TqQueryObserverClass *klass = TQ_QUERY_OBSERVER_GET_CLASS (self);
      guint32 changes = result_changes_since (before, now);
      GParamSpec *heard[N_PROPS];
      guint n = 0;
      gboolean batch;

      /* data-object stays NULL for data that is not an object when no
       * object type is set: no need to ask whether anyone hears it.
       */
      if (self->object_type == G_TYPE_NONE &&
          !holds_object (&before->data) && !holds_object (&now->data))
        changes &= ~PROP_BIT (PROP_DATA_OBJECT);

      if (changes != 0)
        {
          gboolean all = all_heard (self);

          for (guint prop = PROP_DATA_OBJECT; prop < N_PROPS; prop++)
            if ((changes & PROP_BIT (prop)) != 0 &&
                (all || heard_by_name (self, properties [prop])))
              heard[n++] = properties [prop];
        }

      /* One notification needs no freezing; several go out together. */
      batch = n > 1 || klass->notify_result != NULL;
      if (batch)
        g_object_freeze_notify (G_OBJECT (self));
      for (guint i = 0; i < n; i++)
        g_object_notify_by_pspec (G_OBJECT (self), heard[i]);
      if (klass->notify_result != NULL)
        klass->notify_result (self, before, now);
      if (batch)
        g_object_thaw_notify (G_OBJECT (self));
      tq_query_result_unref (before);
    }
  else if (self->notify_from_defaults)
    notify_changed_from_defaults (self);

  self->notify_from_defaults = FALSE;
}

/* The batched property notifications: one flush per notify-manager batch,
 * comparing with what the properties said last time.
 */
static void
schedule_notify (TqQueryObserver *self)
{
  if (self->notify_scheduled)
    return;

  self->notify_scheduled = TRUE;
  tq_notify_manager_schedule (self->env->notify_manager, flush_notify,
                              g_object_ref (self), g_object_unref);
}

static void
set_current_result (TqQueryObserver *self,
                    TqQueryResult   *result)
{
  /* The first result is what the properties said until the first flush,
   * so that a change before that flush is notified too.
   */
  if (self->notified_result == NULL && self->current_result != NULL)
    self->notified_result = tq_query_result_ref (self->current_result);

  g_clear_pointer (&self->current_result, tq_query_result_unref);
  self->current_result = result;
}

/* TanStack's shouldNotifyListeners: notify-on-change-props names the
 * properties whose change the listeners hear about.
 */
static gboolean
should_notify_listeners (TqQueryObserver *self,
                         TqQueryResult   *prev,
                         TqQueryResult   *next)
{
  GStrv props = self->options->notify_on_change_props;

  if (prev == NULL || props == NULL)
    return TRUE;

  for (guint i = 0; props[i] != NULL; i++)
    if (_tq_query_result_property_changed (prev, next, props[i]))
      return TRUE;

  return FALSE;
}

static void
update_result (TqQueryObserver *self)
{
  g_autoptr(TqQueryResult) prev = NULL;
  ResultFlags flags = { FALSE, };
  TqQueryResult *next;

  if (self->current_query == NULL)
    return;

  next = share_result (self, self->current_query, self->options, &flags);
  if (next == NULL)
    next = create_result (self, self->current_query, self->options, FALSE, &flags);

  g_clear_pointer (&self->current_result_state, tq_query_state_unref);
  self->current_result_state = tq_query_state_ref (_tq_query_get_state (self->current_query));
  g_set_object (&self->current_result_options, self->options);

  if (_tq_query_state_has_data (self->current_result_state))
    g_set_object (&self->last_query_with_data, self->current_query);

  if (_tq_query_result_equal (next, self->current_result))
    {
      tq_query_result_unref (next);
      return;
    }

  prev = self->current_result ? tq_query_result_ref (self->current_result) : NULL;
  set_current_result (self, next);

  tq_notify_manager_begin_batch (self->env->notify_manager);
  if (should_notify_listeners (self, prev, next))
    g_signal_emit (self, signals [RESULT_CHANGED], 0, next);
  {
    TqQueryCache *cache = _tq_query_get_events_cache (self->current_query);

    if (cache != NULL)
      _tq_query_cache_notify_observer_results (cache, self->current_query, self);
  }
  /* The first result needs no flush when the observer is being built: its
   * properties said nothing before it, and set_current_result() makes it
   * the base of the next one. Options given later replace the defaults
   * the properties said until then.
   */
  if (prev != NULL)
    schedule_notify (self);
  else if (self->constructed)
    {
      self->notify_from_defaults = TRUE;
      schedule_notify (self);
    }
  tq_notify_manager_end_batch (self->env->notify_manager);
}

/* }}} */
/* {{{ Timers */

static void
on_stale_timeout (gpointer data)
{
  TqQueryObserver *self = data;

  if (self->current_result != NULL && !self->current_result->is_stale)
    update_result (self);
}

static void
update_stale_timeout (TqQueryObserver *self)
{
  gint64 stale_time;
  gint64 until_stale;

  _tq_clock_disarm (self->env->clock, &self->stale_timer);

  if (self->current_query == NULL || self->current_result == NULL)
    return;

  /* Without a stale time TanStack arms no timer (its staleTime is
   * undefined, not 0): the result only turns stale when recomputed.
   */
  if (!_tq_query_options_has (self->options, TQ_OPT_STALE_TIME))
    return;

  stale_time = _tq_query_options_resolve_stale_time (self->options, self->current_query);

  if (self->current_result->is_stale || stale_time < 0 || stale_time >= TQ_TIMEOUT_MAX_MS)
    return;

  until_stale = MAX (self->current_result->data_updated_at + stale_time - tq_clock_get_now (self->env->clock), 0);

  /* The +1 ms of rule 15: a timer may fire a little early. */
  _tq_clock_arm (self->env->clock, &self->stale_timer, until_stale + 1);
}

static gint64
compute_refetch_interval (TqQueryObserver *self)
{
  if (self->current_query == NULL)
    return 0;

  return _tq_query_options_resolve_refetch_interval (self->options, self->current_query);
}

static void execute_fetch (TqQueryObserver *self,
                           gboolean         cancel_refetch,
                           TqPromiseFunc    then,
                           gpointer         then_data,
                           GDestroyNotify   then_destroy);
static void execute_fetch_full (TqQueryObserver  *self,
                                gboolean          cancel_refetch,
                                TqFetchDirection  direction,
                                TqPromiseFunc     then,
                                gpointer          then_data,
                                GDestroyNotify    then_destroy);

static void
on_interval (gpointer data)
{
  TqQueryObserver *self = data;

  g_object_ref (self);

  /* The interval keeps running; a tick while unfocused is skipped (rule 41). */
  _tq_clock_arm (self->env->clock, &self->interval_timer, self->current_refetch_interval);

  if (self->options->refetch_interval_in_background ||
      tq_focus_manager_is_focused (self->env->focus_manager))
    execute_fetch (self, FALSE, NULL, NULL, NULL);

  g_object_unref (self);
}

static void
update_refetch_interval (TqQueryObserver *self,
                         gint64           next_interval)
{
  _tq_clock_disarm (self->env->clock, &self->interval_timer);

  self->current_refetch_interval = next_interval;

  if (self->current_query == NULL ||
      !enabled_for (self->options, self->current_query) ||
      next_interval <= 0 || next_interval >= TQ_TIMEOUT_MAX_MS)
    return;

  _tq_clock_arm (self->env->clock, &self->interval_timer, next_interval);
}

static void
update_timers (TqQueryObserver *self)
{
  update_stale_timeout (self);
  update_refetch_interval (self, compute_refetch_interval (self));
}

static void
clear_timers (TqQueryObserver *self)
{
  if (self->env == NULL)
    return;

  _tq_clock_disarm (self->env->clock, &self->stale_timer);
  _tq_clock_disarm (self->env->clock, &self->interval_timer);
}

/* }}} */
/* {{{ Query and fetching */

static void
update_query (TqQueryObserver *self)
{
  TqQuery *query;
  TqQuery *prev_query;

  query = _tq_query_cache_build (tq_query_client_get_query_cache (self->client),
                                 self->client, self->options, NULL);

  if (query == self->current_query)
    return;

  prev_query = self->current_query;
  self->current_query = g_object_ref (query);
  g_clear_pointer (&self->current_query_initial_state, tq_query_state_unref);
  self->current_query_initial_state = tq_query_state_ref (_tq_query_get_state (query));

  if (self->n_subscribers > 0)
    {
      if (prev_query != NULL)
        _tq_query_remove_observer (prev_query, self);
      _tq_query_add_observer (query, self);
    }

  g_clear_object (&prev_query);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUERY]);
}

static void
execute_fetch_full (TqQueryObserver  *self,
                    gboolean          cancel_refetch,
                    TqFetchDirection  direction,
                    TqPromiseFunc     then,
                    gpointer          then_data,
                    GDestroyNotify    then_destroy)
{
  g_autoptr(TqPromise) promise = NULL;

  /* The query may have been removed meanwhile (rule 11). */
  update_query (self);

  /* What waits for the fetch runs after it, on a later iteration, as
   * TanStack's `.then (() => this.updateResult ())`: a reset or a new
   * fetch that settled it (rule 22) is already in the state then.
   */
  promise = _tq_query_fetch (self->current_query, self->options, cancel_refetch, direction);
  if (then != NULL)
    {
      /* Two reactions: `.catch (noop)`, then `.then (…)` */
      g_autoptr(TqPromise) caught = _tq_promise_new_later (promise, self->env->main_context);

      _tq_promise_then_later (caught, self->env->main_context, then, then_data, then_destroy);
    }
}

static void
execute_fetch (TqQueryObserver *self,
               gboolean         cancel_refetch,
               TqPromiseFunc    then,
               gpointer         then_data,
               GDestroyNotify   then_destroy)
{
  execute_fetch_full (self, cancel_refetch, TQ_FETCH_DIRECTION_NONE, then, then_data, then_destroy);
}

static void
after_refetch (TqPromise *promise,
               gpointer   user_data)
{
  update_result (user_data);
}

/* }}} */
/* {{{ GObject */

static void
tq_query_observer_dispose (GObject *object)
{
  TqQueryObserver *self = (TqQueryObserver *)object;

  self->disposed = TRUE;
  clear_timers (self);

  if (self->n_subscribers > 0 && self->current_query != NULL)
    _tq_query_remove_observer (self->current_query, self);
  self->n_subscribers = 0;

  g_clear_object (&self->current_query);
  g_clear_object (&self->last_query_with_data);
  g_clear_object (&self->data_object);

  G_OBJECT_CLASS (tq_query_observer_parent_class)->dispose (object);
}

static void
tq_query_observer_finalize (GObject *object)
{
  TqQueryObserver *self = (TqQueryObserver *)object;

  g_clear_pointer (&self->current_query_initial_state, tq_query_state_unref);
  g_clear_pointer (&self->current_result, tq_query_result_unref);
  g_clear_pointer (&self->notified_result, tq_query_result_unref);
  g_clear_pointer (&self->current_result_state, tq_query_state_unref);
  g_clear_object (&self->current_result_options);
  g_clear_object (&self->options);
  g_clear_error (&self->select_error);
  g_clear_pointer (&self->select_fn, _tq_callback_unref);
  _tq_value_reset (&self->select_result);
  _tq_value_reset (&self->data_object_source);
  g_clear_pointer (&self->env, _tq_env_unref);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tq_query_observer_parent_class)->finalize (object);
}

static void
tq_query_observer_constructed (GObject *object)
{
  TqQueryObserver *self = (TqQueryObserver *)object;

  G_OBJECT_CLASS (tq_query_observer_parent_class)->constructed (object);

  if (self->client == NULL)
    g_critical ("TqQueryObserver needs a client");

  self->constructed = TRUE;
}

static void
tq_query_observer_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TqQueryObserver *self = TQ_QUERY_OBSERVER (object);
  TqQueryResult *r = self->current_result;

  if (prop_id >= PROP_STATUS && r == NULL)
    {
      g_param_value_set_default (pspec, value);
      return;
    }

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_OPTIONS:
      g_value_set_object (value, self->options);
      break;
    case PROP_QUERY:
      g_value_set_object (value, self->current_query);
      break;
    case PROP_SUBSCRIBED:
      g_value_set_boolean (value, self->n_subscribers > 0);
      break;
    case PROP_OBJECT_TYPE:
      g_value_set_gtype (value, self->object_type);
      break;
    case PROP_DATA_OBJECT:
      g_value_set_object (value, tq_query_observer_get_data_object (self));
      break;
    case PROP_STATUS:
      g_value_set_enum (value, r->status);
      break;
    case PROP_FETCH_STATUS:
      g_value_set_enum (value, r->fetch_status);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, G_IS_VALUE (&r->data) ? &r->data : NULL);
      break;
    case PROP_DATA_UPDATED_AT:
      g_value_set_int64 (value, r->data_updated_at);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, r->error);
      break;
    case PROP_ERROR_UPDATED_AT:
      g_value_set_int64 (value, r->error_updated_at);
      break;
    case PROP_ERROR_UPDATE_COUNT:
      g_value_set_uint (value, r->error_update_count);
      break;
    case PROP_FAILURE_COUNT:
      g_value_set_uint (value, r->failure_count);
      break;
    case PROP_FAILURE_REASON:
      g_value_set_boxed (value, r->failure_reason);
      break;
    case PROP_IS_PENDING:
      g_value_set_boolean (value, tq_query_result_is_pending (r));
      break;
    case PROP_IS_SUCCESS:
      g_value_set_boolean (value, tq_query_result_is_success (r));
      break;
    case PROP_IS_ERROR:
      g_value_set_boolean (value, tq_query_result_is_error (r));
      break;
    case PROP_IS_LOADING:
      g_value_set_boolean (value, tq_query_result_is_loading (r));
      break;
    case PROP_IS_FETCHING:
      g_value_set_boolean (value, tq_query_result_is_fetching (r));
      break;
    case PROP_IS_PAUSED:
      g_value_set_boolean (value, tq_query_result_is_paused (r));
      break;
    case PROP_IS_REFETCHING:
      g_value_set_boolean (value, tq_query_result_is_refetching (r));
      break;
    case PROP_IS_LOADING_ERROR:
      g_value_set_boolean (value, tq_query_result_is_loading_error (r));
      break;
    case PROP_IS_REFETCH_ERROR:
      g_value_set_boolean (value, tq_query_result_is_refetch_error (r));
      break;
    case PROP_IS_PLACEHOLDER_DATA:
      g_value_set_boolean (value, r->is_placeholder_data);
      break;
    case PROP_IS_FETCHED:
      g_value_set_boolean (value, r->is_fetched);
      break;
    case PROP_IS_FETCHED_AFTER_MOUNT:
      g_value_set_boolean (value, r->is_fetched_after_mount);
      break;
    case PROP_IS_STALE:
      g_value_set_boolean (value, r->is_stale);
      break;
    case PROP_IS_ENABLED:
      g_value_set_boolean (value, r->is_enabled);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_observer_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TqQueryObserver *self = TQ_QUERY_OBSERVER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      if (self->client != NULL)
        self->env = _tq_env_ref (_tq_query_client_get_env (self->client));
      break;
    case PROP_OPTIONS:
      if (g_value_get_object (value) != NULL)
        tq_query_observer_set_options (self, g_value_get_object (value));
      break;
    case PROP_OBJECT_TYPE:
      tq_query_observer_set_object_type (self, g_value_get_gtype (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_observer_class_init (TqQueryObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  notify_signal_id = g_signal_lookup ("notify", G_TYPE_OBJECT);

  object_class->constructed = tq_query_observer_constructed;
  object_class->dispose = tq_query_observer_dispose;
  object_class->finalize = tq_query_observer_finalize;
  object_class->get_property = tq_query_observer_get_property;
  object_class->set_property = tq_query_observer_set_property;

  /**
   * TqQueryObserver:client:
   *
   * The client whose cache holds the query.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryObserver:options:
   *
   * The observer's options, merged with the client's defaults. Setting them
   * is [method@Tq.QueryObserver.set_options].
   */
  properties [PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL, TQ_TYPE_QUERY_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryObserver:query:
   *
   * The query watched, the one of the options' key.
   */
  properties [PROP_QUERY] =
    g_param_spec_object ("query", NULL, NULL, TQ_TYPE_QUERY, ro);

  /**
   * TqQueryObserver:subscribed:
   *
   * Whether the observer has subscribers, and so watches its query.
   */
  properties [PROP_SUBSCRIBED] =
    g_param_spec_boolean ("subscribed", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:object-type:
   *
   * A GObject type to present JSON object data as, in
   * [property@Tq.QueryObserver:data-object]; %G_TYPE_NONE for none.
   */
  properties [PROP_OBJECT_TYPE] =
    g_param_spec_gtype ("object-type", NULL, NULL, G_TYPE_NONE,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryObserver:data-object:
   *
   * The data as an object: the data itself if it is a GObject, or JSON
   * object data deserialized into [property@Tq.QueryObserver:object-type];
   * %NULL otherwise. Bind fields of the data to widgets through it.
   */
  properties [PROP_DATA_OBJECT] =
    g_param_spec_object ("data-object", NULL, NULL, G_TYPE_OBJECT, ro);

  /**
   * TqQueryObserver:status:
   *
   * The result's status.
   */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TQ_TYPE_QUERY_STATUS, TQ_QUERY_STATUS_PENDING, ro);

  /**
   * TqQueryObserver:fetch-status:
   *
   * The query's fetch status.
   */
  properties [PROP_FETCH_STATUS] =
    g_param_spec_enum ("fetch-status", NULL, NULL, TQ_TYPE_FETCH_STATUS, TQ_FETCH_STATUS_IDLE, ro);

  /**
   * TqQueryObserver:data:
   *
   * The data shown: the query's (after select) or placeholder data; %NULL
   * when there is none. A `JsonNode` for JSON queries.
   */
  properties [PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, G_TYPE_VALUE, ro);

  /**
   * TqQueryObserver:data-updated-at:
   *
   * When the data was stored, in milliseconds since the epoch; 0 if never.
   */
  properties [PROP_DATA_UPDATED_AT] =
    g_param_spec_int64 ("data-updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);

  /**
   * TqQueryObserver:error:
   *
   * The error, if the status is error.
   */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);

  /**
   * TqQueryObserver:error-updated-at:
   *
   * When the error happened, in milliseconds since the epoch; 0 if never.
   */
  properties [PROP_ERROR_UPDATED_AT] =
    g_param_spec_int64 ("error-updated-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);

  /**
   * TqQueryObserver:error-update-count:
   *
   * How many fetches of the query failed.
   */
  properties [PROP_ERROR_UPDATE_COUNT] =
    g_param_spec_uint ("error-update-count", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * TqQueryObserver:failure-count:
   *
   * How many attempts of the current or last fetch failed.
   */
  properties [PROP_FAILURE_COUNT] =
    g_param_spec_uint ("failure-count", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * TqQueryObserver:failure-reason:
   *
   * The error of the last failed attempt.
   */
  properties [PROP_FAILURE_REASON] =
    g_param_spec_boxed ("failure-reason", NULL, NULL, G_TYPE_ERROR, ro);

  /**
   * TqQueryObserver:is-pending:
   *
   * Whether there is no data yet.
   */
  properties [PROP_IS_PENDING] =
    g_param_spec_boolean ("is-pending", NULL, NULL, TRUE, ro);

  /**
   * TqQueryObserver:is-success:
   *
   * Whether the status is success.
   */
  properties [PROP_IS_SUCCESS] =
    g_param_spec_boolean ("is-success", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-error:
   *
   * Whether the status is error.
   */
  properties [PROP_IS_ERROR] =
    g_param_spec_boolean ("is-error", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-loading:
   *
   * Whether the first fetch runs (pending and fetching).
   */
  properties [PROP_IS_LOADING] =
    g_param_spec_boolean ("is-loading", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-fetching:
   *
   * Whether a fetch runs: bind a spinner to it.
   */
  properties [PROP_IS_FETCHING] =
    g_param_spec_boolean ("is-fetching", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-paused:
   *
   * Whether a fetch waits for the network or for focus.
   */
  properties [PROP_IS_PAUSED] =
    g_param_spec_boolean ("is-paused", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-refetching:
   *
   * Whether a fetch runs while there is data (a background refresh).
   */
  properties [PROP_IS_REFETCHING] =
    g_param_spec_boolean ("is-refetching", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-loading-error:
   *
   * Whether the status is error with no data.
   */
  properties [PROP_IS_LOADING_ERROR] =
    g_param_spec_boolean ("is-loading-error", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-refetch-error:
   *
   * Whether the status is error while older data is still shown.
   */
  properties [PROP_IS_REFETCH_ERROR] =
    g_param_spec_boolean ("is-refetch-error", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-placeholder-data:
   *
   * Whether the data shown is placeholder data.
   */
  properties [PROP_IS_PLACEHOLDER_DATA] =
    g_param_spec_boolean ("is-placeholder-data", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-fetched:
   *
   * Whether the query ever stored data or an error.
   */
  properties [PROP_IS_FETCHED] =
    g_param_spec_boolean ("is-fetched", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-fetched-after-mount:
   *
   * Whether the query stored data or an error since this observer started
   * watching it.
   */
  properties [PROP_IS_FETCHED_AFTER_MOUNT] =
    g_param_spec_boolean ("is-fetched-after-mount", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-stale:
   *
   * Whether the data is stale for this observer (rule 13); notified when
   * `stale-time` passes.
   */
  properties [PROP_IS_STALE] =
    g_param_spec_boolean ("is-stale", NULL, NULL, FALSE, ro);

  /**
   * TqQueryObserver:is-enabled:
   *
   * Whether the observer is enabled.
   */
  properties [PROP_IS_ENABLED] =
    g_param_spec_boolean ("is-enabled", NULL, NULL, TRUE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqQueryObserver::result-changed:
   * @self: the observer
   * @result: the new result
   *
   * Emitted synchronously each time the result changes, as TanStack calls
   * its listeners; the property notifications that follow are batched.
   * With [property@Tq.QueryOptions:notify-on-change-props] set, only a
   * change of one of the properties it names emits it.
   */
  signals [RESULT_CHANGED] =
    g_signal_new ("result-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, TQ_TYPE_QUERY_RESULT | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tq_query_observer_init (TqQueryObserver *self)
{
  self->object_type = G_TYPE_NONE;
  _tq_timer_init (&self->stale_timer, on_stale_timeout, self);
  _tq_timer_init (&self->interval_timer, on_interval, self);
}

/* }}} */
/* {{{ Public API */

/**
 * tq_query_observer_new:
 * @client: a client
 * @options: the options, with a key
 *
 * Creates an observer of the query of @options' key. It computes its
 * result at once, but fetches nothing until it is subscribed.
 *
 * Returns: (transfer full): a new observer
 */
TqQueryObserver *
tq_query_observer_new (TqQueryClient  *client,
                       TqQueryOptions *options)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (options), NULL);

  return _tq_query_observer_new (TQ_TYPE_QUERY_OBSERVER, client, options);
}

/* Sets the options by a call rather than as a property: GObject's
 * property path (collecting, queueing the notification) costs more than
 * the rest of making an observer.
 */
gpointer
_tq_query_observer_new (GType           type,
                        TqQueryClient  *client,
                        TqQueryOptions *options)
{
  TqQueryObserver *self = g_object_new (type, "client", client, NULL);

  /* Still part of making it: nobody has read its properties yet */
  self->constructed = FALSE;
  tq_query_observer_set_options (self, options);
  self->constructed = TRUE;

  return self;
}

/**
 * tq_query_observer_get_client:
 * @self: an observer
 *
 * Gets [property@Tq.QueryObserver:client].
 *
 * Returns: (transfer none): the client
 */
TqQueryClient *
tq_query_observer_get_client (TqQueryObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);

  return self->client;
}

/**
 * tq_query_observer_get_options:
 * @self: an observer
 *
 * Gets the observer's options, merged with the client's defaults.
 *
 * Returns: (transfer none) (nullable): the options
 */
TqQueryOptions *
tq_query_observer_get_options (TqQueryObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);

  return self->options;
}

TqQueryOptions *
_tq_query_observer_get_options (TqQueryObserver *self)
{
  return self->options;
}

/**
 * tq_query_observer_set_options:
 * @self: an observer
 * @options: the new options, with a key
 *
 * Changes the options of a live observer (rule 18): a new key moves it to
 * another query, and a subscribed observer fetches if the query changed or
 * it was disabled before, and the data is stale. Its stale and interval
 * timers follow the new options.
 *
 * An observer built without options (g_object_new() with only a client, as
 * language bindings do) reports the properties' defaults until it is given
 * options; the first options then notify, at the next flush, each result
 * property whose value is no longer its default.
 */
void
tq_query_observer_set_options (TqQueryObserver *self,
                               TqQueryOptions  *options)
{
  g_autoptr(TqQueryOptions) prev_options = NULL;
  g_autoptr(TqQuery) prev_query = NULL;
  gboolean mounted;
  gint64 next_interval;

  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));
  g_return_if_fail (self->client != NULL);

  if (tq_query_options_get_query_key (options) == NULL)
    {
      g_critical ("%s: the options have no query key", G_STRFUNC);
      return;
    }

  g_object_ref (self);

  prev_options = g_steal_pointer (&self->options);
  prev_query = self->current_query ? g_object_ref (self->current_query) : NULL;

  self->options = default_options (self, options);

  update_query (self);
  _tq_query_set_options (self->current_query, self->options);

  if (prev_options != NULL && prev_options->defaulted &&
      !_tq_query_options_equal (self->options, prev_options))
    {
      TqQueryCache *cache = _tq_query_get_events_cache (self->current_query);

      if (cache != NULL)
        _tq_query_cache_notify_observer_options (cache, self->current_query, self);
    }

  mounted = self->n_subscribers > 0;

  if (mounted && should_fetch_optionally (self->current_query, prev_query, self->options, prev_options))
    execute_fetch (self, FALSE, NULL, NULL, NULL);

  update_result (self);

  if (mounted &&
      (self->current_query != prev_query || prev_options == NULL ||
       enabled_for (self->options, self->current_query) != enabled_for (prev_options, self->current_query) ||
       _tq_query_options_resolve_stale_time (self->options, self->current_query) !=
         _tq_query_options_resolve_stale_time (prev_options, self->current_query)))
    update_stale_timeout (self);

  next_interval = compute_refetch_interval (self);

  if (mounted &&
      (self->current_query != prev_query || prev_options == NULL ||
       enabled_for (self->options, self->current_query) != enabled_for (prev_options, self->current_query) ||
       next_interval != self->current_refetch_interval))
    update_refetch_interval (self, next_interval);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIONS]);

  g_object_unref (self);
}

/**
 * tq_query_observer_get_query:
 * @self: an observer
 *
 * Gets [property@Tq.QueryObserver:query].
 *
 * Returns: (transfer none) (nullable): the query
 */
TqQuery *
tq_query_observer_get_query (TqQueryObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);

  return self->current_query;
}

/**
 * tq_query_observer_subscribe:
 * @self: an observer
 *
 * Adds a subscriber. The first one attaches the observer to its query and
 * fetches if the query is enabled and has no data or stale data (rule 17;
 * the query function runs before this returns, rule 20), then arms the
 * stale and interval timers. Balance each call with
 * [method@Tq.QueryObserver.unsubscribe].
 */
void
tq_query_observer_subscribe (TqQueryObserver *self)
{
  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (self->current_query != NULL);

  if (++self->n_subscribers != 1)
    return;

  g_object_ref (self);

  _tq_query_add_observer (self->current_query, self);

  if (should_fetch_on_mount (self->current_query, self->options))
    execute_fetch (self, FALSE, NULL, NULL, NULL);
  else
    update_result (self);

  update_timers (self);

  notify_if_heard (self, PROP_SUBSCRIBED);

  g_object_unref (self);
}

/**
 * tq_query_observer_unsubscribe:
 * @self: an observer
 *
 * Removes a subscriber. The last one detaches the observer from its query
 * and stops its timers; if the query loses its last observer while it
 * fetches, rule 33 applies.
 */
void
tq_query_observer_unsubscribe (TqQueryObserver *self)
{
  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (self->n_subscribers > 0);

  if (--self->n_subscribers != 0)
    return;

  g_object_ref (self);

  clear_timers (self);
  if (self->current_query != NULL)
    _tq_query_remove_observer (self->current_query, self);

  notify_if_heard (self, PROP_SUBSCRIBED);

  g_object_unref (self);
}

/**
 * tq_query_observer_is_subscribed:
 * @self: an observer
 *
 * Gets [property@Tq.QueryObserver:subscribed].
 *
 * Returns: whether subscribed
 */
gboolean
tq_query_observer_is_subscribed (TqQueryObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), FALSE);

  return self->n_subscribers > 0;
}

/**
 * tq_query_observer_get_current_result:
 * @self: an observer
 *
 * Gets the current result (TanStack's `getCurrentResult`): what the
 * properties will say after the next notification flush.
 *
 * Returns: (transfer none) (nullable): the result
 */
TqQueryResult *
tq_query_observer_get_current_result (TqQueryObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);

  return self->current_result;
}

/**
 * tq_query_observer_get_optimistic_result:
 * @self: an observer
 * @options: options the observer would have
 *
 * Computes the result the observer would show with @options, counting a
 * fetch that subscribing (or the option change) would start, without
 * subscribing (TanStack's `getOptimisticResult`). It becomes the current
 * result if it differs.
 *
 * Returns: (transfer full): the result
 */
TqQueryResult *
tq_query_observer_get_optimistic_result (TqQueryObserver *self,
                                         TqQueryOptions  *options)
{
  g_autoptr(TqQueryOptions) defaulted = NULL;
  TqQuery *query;
  TqQueryResult *result;

  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (options), NULL);
  g_return_val_if_fail (tq_query_options_get_query_key (options) != NULL, NULL);

  defaulted = default_options (self, options);
  query = _tq_query_cache_build (tq_query_client_get_query_cache (self->client),
                                 self->client, defaulted, NULL);
  result = create_result (self, query, defaulted, TRUE, NULL);

  if (!_tq_query_result_equal (self->current_result, result))
    {
      set_current_result (self, tq_query_result_ref (result));
      g_set_object (&self->current_result_options, self->options);
      g_clear_pointer (&self->current_result_state, tq_query_state_unref);
      if (self->current_query != NULL)
        self->current_result_state = tq_query_state_ref (_tq_query_get_state (self->current_query));
      schedule_notify (self);
    }

  return result;
}

/**
 * tq_query_observer_refetch:
 * @self: an observer
 *
 * Refetches the query now, cancelling a fetch in progress if there is data
 * (`cancel-refetch`, rule 21), whether or not the observer is enabled.
 */
void
tq_query_observer_refetch (TqQueryObserver *self)
{
  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (self->current_query != NULL);

  execute_fetch (self, TRUE, after_refetch, g_object_ref (self), g_object_unref);
}

void
_tq_query_observer_refetch_in_background (TqQueryObserver *self)
{
  execute_fetch (self, FALSE, after_refetch, g_object_ref (self), g_object_unref);
}

static void
refetch_task_done (TqPromise *promise,
                   gpointer   user_data)
{
  GTask *task = user_data;
  TqQueryObserver *self = g_task_get_source_object (task);
  TqRefetchFlags flags = GPOINTER_TO_UINT (g_task_get_task_data (task));

  /* Without catching, TanStack's `.then (updateResult)` never runs. */
  if ((flags & TQ_REFETCH_FLAGS_THROW_ON_ERROR) && _tq_promise_is_rejected (promise))
    {
      g_task_return_error (task, g_error_copy (_tq_promise_get_error (promise)));
      return;
    }

  update_result (self);
  g_task_return_pointer (task, tq_query_result_ref (self->current_result),
                         (GDestroyNotify) tq_query_result_unref);
}

/**
 * tq_query_observer_refetch_async:
 * @self: an observer
 * @cancel_refetch: whether a fetch in progress of a query with data is
 *   replaced (rule 21)
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async): called once the fetch settled
 * @user_data: data for @callback
 *
 * Refetches the query and reports the result once the fetch settled.
 */
void
tq_query_observer_refetch_async (TqQueryObserver     *self,
                                 gboolean             cancel_refetch,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (self->current_query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tq_query_observer_refetch_async);
  g_task_set_check_cancellable (task, TRUE);

  execute_fetch (self, cancel_refetch, refetch_task_done, task, g_object_unref);
}

/**
 * tq_query_observer_refetch_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryObserver.refetch_async]. A failed fetch is not
 * an error here: it shows in the result.
 *
 * Returns: (transfer full): the observer's result after the fetch, or %NULL
 *   with @error set to `G_IO_ERROR_CANCELLED` if @cancellable was cancelled
 */
TqQueryResult *
tq_query_observer_refetch_finish (TqQueryObserver  *self,
                                  GAsyncResult     *result,
                                  GError          **error)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tq_query_observer_refetch_with_flags_async:
 * @self: an observer
 * @flags: how to refetch
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async): called once the fetch settled
 * @user_data: data for @callback
 *
 * Refetches the query as [method@Tq.QueryObserver.refetch_async] does,
 * with TanStack's `RefetchOptions` as @flags: with
 * %TQ_REFETCH_FLAGS_THROW_ON_ERROR a failed fetch fails the call.
 */
void
tq_query_observer_refetch_with_flags_async (TqQueryObserver     *self,
                                            TqRefetchFlags       flags,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (self->current_query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tq_query_observer_refetch_with_flags_async);
  g_task_set_check_cancellable (task, TRUE);
  g_task_set_task_data (task, GUINT_TO_POINTER (flags), NULL);

  execute_fetch (self, (flags & TQ_REFETCH_FLAGS_CANCEL_REFETCH) != 0,
                 refetch_task_done, task, g_object_unref);
}

/**
 * tq_query_observer_refetch_with_flags_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryObserver.refetch_with_flags_async].
 *
 * Returns: (transfer full): the observer's result after the fetch, or
 *   %NULL with @error set: the fetch's error (the query function's,
 *   `G_IO_ERROR_CANCELLED` for a cancelled fetch…) with
 *   %TQ_REFETCH_FLAGS_THROW_ON_ERROR, or `G_IO_ERROR_CANCELLED` if
 *   @cancellable was cancelled
 */
TqQueryResult *
tq_query_observer_refetch_with_flags_finish (TqQueryObserver  *self,
                                             GAsyncResult     *result,
                                             GError          **error)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tq_query_observer_get_object_type:
 * @self: an observer
 *
 * Gets [property@Tq.QueryObserver:object-type].
 *
 * Returns: the type, or %G_TYPE_NONE
 */
GType
tq_query_observer_get_object_type (TqQueryObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), G_TYPE_NONE);

  return self->object_type;
}

/**
 * tq_query_observer_set_object_type:
 * @self: an observer
 * @object_type: a GObject type, or %G_TYPE_NONE
 *
 * Sets [property@Tq.QueryObserver:object-type].
 */
void
tq_query_observer_set_object_type (TqQueryObserver *self,
                                   GType            object_type)
{
  g_return_if_fail (TQ_IS_QUERY_OBSERVER (self));
  g_return_if_fail (object_type == G_TYPE_NONE || g_type_is_a (object_type, G_TYPE_OBJECT));

  if (self->object_type == object_type)
    return;

  self->object_type = object_type;
  _tq_value_reset (&self->data_object_source);
  g_clear_object (&self->data_object);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBJECT_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DATA_OBJECT]);
}

/**
 * tq_query_observer_get_data_object:
 * @self: an observer
 *
 * Gets [property@Tq.QueryObserver:data-object]. It is made once for each
 * new data; JSON that does not fit the type gives %NULL.
 *
 * Returns: (transfer none) (nullable): the data as an object
 */
GObject *
tq_query_observer_get_data_object (TqQueryObserver *self)
{
  const GValue *data;

  g_return_val_if_fail (TQ_IS_QUERY_OBSERVER (self), NULL);

  if (self->current_result == NULL)
    return NULL;

  data = &self->current_result->data;

  if (G_VALUE_HOLDS_OBJECT (data))
    return g_value_get_object (data);

  if (!G_VALUE_HOLDS (data, JSON_TYPE_NODE) || self->object_type == G_TYPE_NONE)
    return NULL;

  if (!_tq_value_identical (&self->data_object_source, data))
    {
      JsonNode *node = g_value_get_boxed (data);

      _tq_value_reset (&self->data_object_source);
      _tq_value_copy_shared (data, &self->data_object_source);
      g_clear_object (&self->data_object);

      if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
        self->data_object = json_gobject_deserialize (self->object_type, node);
    }

  return self->data_object;
}

/* }}} */
/* {{{ Private API for queries */

void
_tq_query_observer_fetch (TqQueryObserver  *self,
                          gboolean          cancel_refetch,
                          TqFetchDirection  direction,
                          TqPromiseFunc     then,
                          gpointer          then_data,
                          GDestroyNotify    then_destroy)
{
  execute_fetch_full (self, cancel_refetch, direction, then, then_data, then_destroy);
}

void
_tq_query_observer_update_result (TqQueryObserver *self)
{
  update_result (self);
}

void
_tq_query_observer_on_query_update (TqQueryObserver *self)
{
  update_result (self);

  if (self->n_subscribers > 0)
    update_timers (self);
}

gboolean
_tq_query_observer_is_enabled_for (TqQueryObserver *self,
                                   TqQuery         *query)
{
  return self->options != NULL && enabled_for (self->options, query);
}

gint64
_tq_query_observer_resolve_stale_time (TqQueryObserver *self,
                                       TqQuery         *query)
{
  return _tq_query_options_resolve_stale_time (self->options, query);
}

gboolean
_tq_query_observer_result_is_stale (TqQueryObserver *self)
{
  return self->current_result != NULL && self->current_result->is_stale;
}

GList *
_tq_query_observer_get_query_link (TqQueryObserver *self)
{
  return &self->query_link;
}

gboolean
_tq_query_observer_should_fetch_on (TqQueryObserver *self,
                                    TqRefetchEvent   event)
{
  return should_fetch_on (self->current_query, self->options, event);
}

/* }}} */
