/* tq-mutation-observer.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-mutation-cache-private.h"
#include "tq-mutation-observer-private.h"
#include "tq-mutation-private.h"
#include "tq-query-client-private.h"
#include "tq-value-private.h"

/**
 * TqMutationObserver:
 *
 * Runs mutations and shows the latest one: TanStack's `MutationObserver`,
 * the engine of `useMutation` (section 1.6 of `tanstack-query-core.md`).
 *
 * Each [method@Tq.MutationObserver.mutate] makes a new [class@Tq.Mutation]
 * with the observer's options and follows it; the observer's result is its
 * set of read-only properties — [property@Tq.MutationObserver:status],
 * [property@Tq.MutationObserver:is-pending],
 * [property@Tq.MutationObserver:data],
 * [property@Tq.MutationObserver:error] and the rest, the fields of
 * [struct@Tq.MutationState] — notified once per notification flush, for
 * the properties whose value changed. A "Save" button binds its
 * `sensitive` property to `is-pending` (inverted), and a GAction that
 * calls [method@Tq.MutationObserver.mutate] from its `activate` handler
 * exposes the mutation to menus and shortcuts.
 *
 * The lifecycle callbacks are options
 * ([method@Tq.MutationOptions.set_on_mutate_func] and the others) and, for
 * the mutations this observer starts, signals:
 * [signal@Tq.MutationObserver::mutate] (which may return the context),
 * [signal@Tq.MutationObserver::success],
 * [signal@Tq.MutationObserver::error] and
 * [signal@Tq.MutationObserver::settled], emitted as soon as the option of
 * the same name completed (on the main-loop iteration after it ran, since
 * the mutation awaits it). With them TanStack's optimistic-update recipe reads in C
 * as it does in JavaScript (see the "Optimistic updates" guide):
 *
 * ```c
 * static GValue *
 * on_mutate (TqMutationObserver *observer,
 *            TqMutation         *mutation,
 *            const GValue       *variables,
 *            gpointer            user_data)
 * {
 *   GValue *snapshot = g_new0 (GValue, 1);
 *
 *   tq_query_client_cancel_queries_async (client, todos_filters, TRUE, FALSE, NULL, NULL, NULL);
 *   tq_query_client_get_query_data (client, todos_key, snapshot);
 *   tq_query_client_set_query_data_func (client, todos_key, add_todo, (gpointer) variables, 0);
 *   return snapshot;   // the context, for "error" to roll back to
 * }
 * ```
 *
 * The per-call callback of [method@Tq.MutationObserver.mutate] runs only
 * for the latest call, and only while the observer is subscribed (rule
 * 51): subscribe while the view that shows the result is alive.
 * [method@Tq.MutationObserver.mutate_async] always completes.
 */

struct _TqMutationObserver
{
  GObject            parent_instance;

  TqQueryClient     *client;
  TqEnv             *env;
  TqMutationOptions *options;
  TqMutation        *current_mutation;
  TqMutationState   *current_result;
  TqMutationState   *notified_result;   /* what the properties last said */
  TqCallback        *mutate_callback;   /* TqMutateCallback of the latest call */

  guint              n_subscribers;
  guint              notify_scheduled : 1;
  guint              disposed : 1;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_OPTIONS,
  PROP_MUTATION,
  PROP_SUBSCRIBED,
  /* The result */
  PROP_STATUS,
  PROP_DATA,
  PROP_ERROR,
  PROP_FAILURE_COUNT,
  PROP_FAILURE_REASON,
  PROP_IS_PAUSED,
  PROP_VARIABLES,
  PROP_CONTEXT,
  PROP_SUBMITTED_AT,
  PROP_IS_IDLE,
  PROP_IS_PENDING,
  PROP_IS_SUCCESS,
  PROP_IS_ERROR,
  N_PROPS
};

enum {
  RESULT_CHANGED,
  MUTATE,
  SUCCESS,
  ERROR,
  SETTLED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqMutationObserver, tq_mutation_observer, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

#define CHECK_ALIVE(self, ...) \
  G_STMT_START { \
    if ((self)->disposed || (self)->client == NULL) \
      { \
        g_critical ("%s: the mutation observer was disposed", G_STRFUNC); \
        return __VA_ARGS__; \
      } \
  } G_STMT_END

/* {{{ The result */

static gboolean
result_prop_changed (TqMutationState *a,
                     TqMutationState *b,
                     guint            prop)
{
  switch (prop)
    {
    case PROP_STATUS:
    case PROP_IS_IDLE:
    case PROP_IS_PENDING:
    case PROP_IS_SUCCESS:
    case PROP_IS_ERROR:
      {
        gboolean changed = a->status != b->status;

        if (prop == PROP_IS_IDLE)
          changed = (a->status == TQ_MUTATION_STATUS_IDLE) != (b->status == TQ_MUTATION_STATUS_IDLE);
        else if (prop == PROP_IS_PENDING)
          changed = (a->status == TQ_MUTATION_STATUS_PENDING) != (b->status == TQ_MUTATION_STATUS_PENDING);
        else if (prop == PROP_IS_SUCCESS)
          changed = (a->status == TQ_MUTATION_STATUS_SUCCESS) != (b->status == TQ_MUTATION_STATUS_SUCCESS);
        else if (prop == PROP_IS_ERROR)
          changed = (a->status == TQ_MUTATION_STATUS_ERROR) != (b->status == TQ_MUTATION_STATUS_ERROR);

        return changed;
      }
    case PROP_DATA:
      return !_tq_value_identical (&a->data, &b->data);
    case PROP_ERROR:
      return !_tq_error_equal (a->error, b->error);
    case PROP_FAILURE_COUNT:
      return a->failure_count != b->failure_count;
    case PROP_FAILURE_REASON:
      return !_tq_error_equal (a->failure_reason, b->failure_reason);
    case PROP_IS_PAUSED:
      return a->is_paused != b->is_paused;
    case PROP_VARIABLES:
      return !_tq_value_identical (&a->variables, &b->variables);
    case PROP_CONTEXT:
      return !_tq_value_identical (&a->context, &b->context);
    case PROP_SUBMITTED_AT:
      return a->submitted_at != b->submitted_at;
    default:
      return FALSE;
    }
}

static void
flush_notify (gpointer data)
{
  TqMutationObserver *self = data;
  TqMutationState *now = self->current_result;
  TqMutationState *before = self->notified_result;

  self->notify_scheduled = FALSE;

  if (self->disposed || now == before || now == NULL)
    return;

  self->notified_result = tq_mutation_state_ref (now);

  if (before != NULL)
    {
      g_object_freeze_notify (G_OBJECT (self));
      for (guint prop = PROP_STATUS; prop < N_PROPS; prop++)
        if (result_prop_changed (before, now, prop))
          g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
      g_object_thaw_notify (G_OBJECT (self));
      tq_mutation_state_unref (before);
    }
}

/* Property notifications are batched: one flush per notify-manager batch,
 * comparing with what the properties said last time.
 */
static void
schedule_notify (TqMutationObserver *self)
{
  if (self->notify_scheduled || self->env == NULL)
    return;

  self->notify_scheduled = TRUE;
  tq_notify_manager_schedule (self->env->notify_manager, flush_notify,
                              g_object_ref (self), g_object_unref);
}

static void
update_result (TqMutationObserver *self)
{
  TqMutationState *state;

  if (self->current_mutation != NULL)
    state = tq_mutation_state_ref (_tq_mutation_get_state (self->current_mutation));
  else
    state = tq_mutation_state_new ();

  g_clear_pointer (&self->current_result, tq_mutation_state_unref);
  self->current_result = state;
}

static void
notify_result (TqMutationObserver *self,
               gboolean            settled)
{
  TqNotifyManager *notify_manager = self->env->notify_manager;

  g_object_ref (self);
  tq_notify_manager_begin_batch (notify_manager);

  /* First the per-call callback of the latest mutate(), then the
   * listeners (rule 51).
   */
  if (settled && self->mutate_callback != NULL && self->n_subscribers > 0)
    {
      TqCallback *cb = _tq_callback_ref (self->mutate_callback);
      TqMutationState *state = self->current_result;

      ((TqMutateCallback) cb->func) (self, self->current_mutation, _tq_value_or_null (&state->data),
                                     state->error, cb->data);
      _tq_callback_unref (cb);
    }

  g_signal_emit (self, signals [RESULT_CHANGED], 0, self->current_result);
  schedule_notify (self);

  tq_notify_manager_end_batch (notify_manager);
  g_object_unref (self);
}

void
_tq_mutation_observer_on_mutation_update (TqMutationObserver *self,
                                          TqMutation         *mutation,
                                          TqMutationAction    action)
{
  if (mutation != self->current_mutation || self->disposed)
    return;

  update_result (self);
  notify_result (self, action == TQ_MUTATION_ACTION_SUCCESS || action == TQ_MUTATION_ACTION_ERROR);
}

/* }}} */
/* {{{ Lifecycle signals */

void
_tq_mutation_observer_emit_mutate (TqMutationObserver *self,
                                   TqMutation         *mutation,
                                   const GValue       *variables,
                                   GValue             *context)
{
  GValue *returned = NULL;

  g_signal_emit (self, signals [MUTATE], 0, mutation, variables, &returned);

  if (returned != NULL)
    {
      /* The on-mutate option's context, if any, comes first. */
      if (!G_IS_VALUE (context) && G_IS_VALUE (returned))
        _tq_value_copy_shared (returned, context);
      g_boxed_free (G_TYPE_VALUE, returned);
    }
}

void
_tq_mutation_observer_emit_success (TqMutationObserver *self,
                                    TqMutation         *mutation,
                                    const GValue       *data,
                                    const GValue       *variables,
                                    const GValue       *context)
{
  g_signal_emit (self, signals [SUCCESS], 0, mutation, data, variables, context);
}

void
_tq_mutation_observer_emit_error (TqMutationObserver *self,
                                  TqMutation         *mutation,
                                  const GError       *error,
                                  const GValue       *variables,
                                  const GValue       *context)
{
  g_signal_emit (self, signals [ERROR], 0, mutation, error, variables, context);
}

void
_tq_mutation_observer_emit_settled (TqMutationObserver *self,
                                    TqMutation         *mutation,
                                    const GValue       *data,
                                    const GError       *error,
                                    const GValue       *variables,
                                    const GValue       *context)
{
  g_signal_emit (self, signals [SETTLED], 0, mutation, data, error, variables, context);
}

static gboolean
first_context_wins (GSignalInvocationHint *ihint,
                    GValue                *return_accu,
                    const GValue          *handler_return,
                    gpointer               data)
{
  const GValue *context = g_value_get_boxed (handler_return);

  if (context != NULL && G_IS_VALUE (context))
    {
      g_value_copy (handler_return, return_accu);
      return FALSE;
    }

  return TRUE;
}

/* }}} */
/* {{{ GObject */

static void
detach (TqMutationObserver *self)
{
  g_autoptr(TqMutation) mutation = g_steal_pointer (&self->current_mutation);

  /* Going away is no TanStack event: only undo what is attached. */
  if (mutation != NULL)
    _tq_mutation_remove_observer (mutation, self, self->disposed);
}

static void
tq_mutation_observer_dispose (GObject *object)
{
  TqMutationObserver *self = (TqMutationObserver *)object;

  self->disposed = TRUE;
  detach (self);
  g_clear_pointer (&self->mutate_callback, _tq_callback_unref);
  self->n_subscribers = 0;

  G_OBJECT_CLASS (tq_mutation_observer_parent_class)->dispose (object);
}

static void
tq_mutation_observer_finalize (GObject *object)
{
  TqMutationObserver *self = (TqMutationObserver *)object;

  g_clear_pointer (&self->current_result, tq_mutation_state_unref);
  g_clear_pointer (&self->notified_result, tq_mutation_state_unref);
  g_clear_object (&self->options);
  g_clear_pointer (&self->env, _tq_env_unref);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tq_mutation_observer_parent_class)->finalize (object);
}

static void
tq_mutation_observer_constructed (GObject *object)
{
  TqMutationObserver *self = (TqMutationObserver *)object;

  G_OBJECT_CLASS (tq_mutation_observer_parent_class)->constructed (object);

  if (self->client == NULL)
    {
      g_critical ("TqMutationObserver needs a client");
      return;
    }

  /* Options given to g_object_new() are set after this. */
  if (self->options == NULL)
    {
      g_autoptr(TqMutationOptions) empty = _tq_mutation_options_new_empty ();

      self->options = _tq_query_client_default_mutation_options (self->client, empty);
    }

  update_result (self);
  self->notified_result = tq_mutation_state_ref (self->current_result);
}

static void
tq_mutation_observer_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  TqMutationObserver *self = TQ_MUTATION_OBSERVER (object);
  TqMutationState *r = self->current_result;

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
    case PROP_MUTATION:
      g_value_set_object (value, self->current_mutation);
      break;
    case PROP_SUBSCRIBED:
      g_value_set_boolean (value, self->n_subscribers > 0);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, r->status);
      break;
    case PROP_DATA:
      g_value_set_boxed (value, G_IS_VALUE (&r->data) ? &r->data : NULL);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, r->error);
      break;
    case PROP_FAILURE_COUNT:
      g_value_set_uint (value, r->failure_count);
      break;
    case PROP_FAILURE_REASON:
      g_value_set_boxed (value, r->failure_reason);
      break;
    case PROP_IS_PAUSED:
      g_value_set_boolean (value, r->is_paused);
      break;
    case PROP_VARIABLES:
      g_value_set_boxed (value, G_IS_VALUE (&r->variables) ? &r->variables : NULL);
      break;
    case PROP_CONTEXT:
      g_value_set_boxed (value, G_IS_VALUE (&r->context) ? &r->context : NULL);
      break;
    case PROP_SUBMITTED_AT:
      g_value_set_int64 (value, r->submitted_at);
      break;
    case PROP_IS_IDLE:
      g_value_set_boolean (value, r->status == TQ_MUTATION_STATUS_IDLE);
      break;
    case PROP_IS_PENDING:
      g_value_set_boolean (value, r->status == TQ_MUTATION_STATUS_PENDING);
      break;
    case PROP_IS_SUCCESS:
      g_value_set_boolean (value, r->status == TQ_MUTATION_STATUS_SUCCESS);
      break;
    case PROP_IS_ERROR:
      g_value_set_boolean (value, r->status == TQ_MUTATION_STATUS_ERROR);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_mutation_observer_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  TqMutationObserver *self = TQ_MUTATION_OBSERVER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      if (self->client != NULL)
        self->env = _tq_env_ref (_tq_query_client_get_env (self->client));
      break;
    case PROP_OPTIONS:
      if (g_value_get_object (value) != NULL)
        tq_mutation_observer_set_options (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_mutation_observer_class_init (TqMutationObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tq_mutation_observer_constructed;
  object_class->dispose = tq_mutation_observer_dispose;
  object_class->finalize = tq_mutation_observer_finalize;
  object_class->get_property = tq_mutation_observer_get_property;
  object_class->set_property = tq_mutation_observer_set_property;

  /**
   * TqMutationObserver:client:
   *
   * The client whose mutation cache holds the mutations.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqMutationObserver:options:
   *
   * The options of the mutations the observer makes, merged with the
   * client's defaults. Setting them is
   * [method@Tq.MutationObserver.set_options].
   */
  properties [PROP_OPTIONS] =
    g_param_spec_object ("options", NULL, NULL, TQ_TYPE_MUTATION_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqMutationObserver:mutation:
   *
   * The mutation shown: the one of the latest call, until a reset.
   */
  properties [PROP_MUTATION] =
    g_param_spec_object ("mutation", NULL, NULL, TQ_TYPE_MUTATION, ro);

  /**
   * TqMutationObserver:subscribed:
   *
   * Whether the observer has subscribers.
   */
  properties [PROP_SUBSCRIBED] =
    g_param_spec_boolean ("subscribed", NULL, NULL, FALSE, ro);

  /**
   * TqMutationObserver:status:
   *
   * The status of the latest mutation, %TQ_MUTATION_STATUS_IDLE before any
   * or after a reset.
   */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL, TQ_TYPE_MUTATION_STATUS, TQ_MUTATION_STATUS_IDLE, ro);

  /**
   * TqMutationObserver:data:
   *
   * What the latest mutation function returned, once it succeeded; %NULL
   * otherwise.
   */
  properties [PROP_DATA] =
    g_param_spec_boxed ("data", NULL, NULL, G_TYPE_VALUE, ro);

  /**
   * TqMutationObserver:error:
   *
   * Why the latest mutation failed.
   */
  properties [PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);

  /**
   * TqMutationObserver:failure-count:
   *
   * How many attempts of the latest mutation failed.
   */
  properties [PROP_FAILURE_COUNT] =
    g_param_spec_uint ("failure-count", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * TqMutationObserver:failure-reason:
   *
   * The error of the last failed attempt.
   */
  properties [PROP_FAILURE_REASON] =
    g_param_spec_boxed ("failure-reason", NULL, NULL, G_TYPE_ERROR, ro);

  /**
   * TqMutationObserver:is-paused:
   *
   * Whether the latest mutation waits for the network, for focus or for
   * its scope.
   */
  properties [PROP_IS_PAUSED] =
    g_param_spec_boolean ("is-paused", NULL, NULL, FALSE, ro);

  /**
   * TqMutationObserver:variables:
   *
   * The variables of the latest mutation; %NULL before any.
   */
  properties [PROP_VARIABLES] =
    g_param_spec_boxed ("variables", NULL, NULL, G_TYPE_VALUE, ro);

  /**
   * TqMutationObserver:context:
   *
   * The context `on-mutate` returned for the latest mutation; %NULL if
   * none.
   */
  properties [PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL, G_TYPE_VALUE, ro);

  /**
   * TqMutationObserver:submitted-at:
   *
   * When the latest mutation started, in milliseconds since the epoch; 0
   * before any.
   */
  properties [PROP_SUBMITTED_AT] =
    g_param_spec_int64 ("submitted-at", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);

  /**
   * TqMutationObserver:is-idle:
   *
   * Whether no mutation was made yet, or the observer was reset.
   */
  properties [PROP_IS_IDLE] =
    g_param_spec_boolean ("is-idle", NULL, NULL, TRUE, ro);

  /**
   * TqMutationObserver:is-pending:
   *
   * Whether the latest mutation runs (including its callbacks): bind a
   * spinner, or a button's sensitivity, to it.
   */
  properties [PROP_IS_PENDING] =
    g_param_spec_boolean ("is-pending", NULL, NULL, FALSE, ro);

  /**
   * TqMutationObserver:is-success:
   *
   * Whether the latest mutation succeeded.
   */
  properties [PROP_IS_SUCCESS] =
    g_param_spec_boolean ("is-success", NULL, NULL, FALSE, ro);

  /**
   * TqMutationObserver:is-error:
   *
   * Whether the latest mutation failed.
   */
  properties [PROP_IS_ERROR] =
    g_param_spec_boolean ("is-error", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqMutationObserver::result-changed:
   * @self: the observer
   * @result: the new result: the latest mutation's state
   *
   * Emitted synchronously each time the latest mutation's state changes or
   * the observer is reset, as TanStack calls its listeners; the property
   * notifications that follow are batched.
   */
  signals [RESULT_CHANGED] =
    g_signal_new ("result-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, TQ_TYPE_MUTATION_STATE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqMutationObserver::mutate:
   * @self: the observer
   * @mutation: a mutation this observer started
   * @variables: (nullable): its variables
   *
   * The `on-mutate` callback as a signal, emitted once the option's
   * function completed, before the mutation function starts (rule 49).
   * A handler may return the context for
   * [signal@Tq.MutationObserver::error] and
   * [signal@Tq.MutationObserver::settled], typically a snapshot to roll
   * back to; the first handler that returns a set value wins, and the
   * option's own context comes before any.
   *
   * Returns: (transfer full) (nullable): the context, or %NULL
   */
  signals [MUTATE] =
    g_signal_new ("mutate",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0,
                  first_context_wins, NULL, NULL,
                  G_TYPE_VALUE, 2, TQ_TYPE_MUTATION,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqMutationObserver::success:
   * @self: the observer
   * @mutation: a mutation this observer started
   * @data: (nullable): what its mutation function returned
   * @variables: (nullable): its variables
   * @context: (nullable): its context
   *
   * The `on-success` callback as a signal, emitted right after the
   * option's function, while the mutation is still pending (rule 49).
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
   * TqMutationObserver::error:
   * @self: the observer
   * @mutation: a mutation this observer started
   * @error: why it failed
   * @variables: (nullable): its variables
   * @context: (nullable): its context: where to roll back to
   *
   * The `on-error` callback as a signal, emitted right after the option's
   * function (rule 50).
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
   * TqMutationObserver::settled:
   * @self: the observer
   * @mutation: a mutation this observer started
   * @data: (nullable): what its mutation function returned
   * @error: (nullable): why it failed, %NULL on success
   * @variables: (nullable): its variables
   * @context: (nullable): its context
   *
   * The `on-settled` callback as a signal, emitted right after the
   * option's function: the place to invalidate what the mutation changed.
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
tq_mutation_observer_init (TqMutationObserver *self)
{
}

/* }}} */
/* {{{ Public API */

/**
 * tq_mutation_observer_new:
 * @client: a client
 * @options: (nullable): the options of the mutations to make, or %NULL for
 *   none (the client's defaults apply)
 *
 * Creates a mutation observer. Its result is idle until the first
 * [method@Tq.MutationObserver.mutate].
 *
 * Returns: (transfer full): a new observer
 */
TqMutationObserver *
tq_mutation_observer_new (TqQueryClient     *client,
                          TqMutationOptions *options)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (options == NULL || TQ_IS_MUTATION_OPTIONS (options), NULL);

  return g_object_new (TQ_TYPE_MUTATION_OBSERVER,
                       "client", client,
                       "options", options,
                       NULL);
}

/**
 * tq_mutation_observer_get_client:
 * @self: an observer
 *
 * Gets [property@Tq.MutationObserver:client].
 *
 * Returns: (transfer none): the client
 */
TqQueryClient *
tq_mutation_observer_get_client (TqMutationObserver *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->client;
}

/**
 * tq_mutation_observer_get_options:
 * @self: an observer
 *
 * Gets [property@Tq.MutationObserver:options].
 *
 * Returns: (transfer none): the options
 */
TqMutationOptions *
tq_mutation_observer_get_options (TqMutationObserver *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->options;
}

/**
 * tq_mutation_observer_set_options:
 * @self: an observer
 * @options: the new options
 *
 * Changes the options of a live observer: a pending mutation takes them
 * too, so its callbacks that have not run yet are the new ones; a new
 * mutation key resets the observer (rule 51).
 */
void
tq_mutation_observer_set_options (TqMutationObserver *self,
                                  TqMutationOptions  *options)
{
  g_autoptr(TqMutationOptions) prev = NULL;

  g_return_if_fail (TQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (options));
  CHECK_ALIVE (self);

  g_object_ref (self);

  prev = g_steal_pointer (&self->options);
  self->options = _tq_query_client_default_mutation_options (self->client, options);

  if (!_tq_mutation_options_equal (self->options, prev))
    _tq_mutation_cache_notify_observer_options (tq_query_client_get_mutation_cache (self->client),
                                                self->current_mutation, self);

  if (prev != NULL && prev->mutation_hash != NULL && self->options->mutation_hash != NULL &&
      !g_str_equal (prev->mutation_hash, self->options->mutation_hash))
    tq_mutation_observer_reset (self);
  else if (self->current_mutation != NULL &&
           _tq_mutation_get_state (self->current_mutation)->status == TQ_MUTATION_STATUS_PENDING)
    _tq_mutation_set_options (self->current_mutation, self->options);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OPTIONS]);

  g_object_unref (self);
}

/**
 * tq_mutation_observer_get_mutation:
 * @self: an observer
 *
 * Gets [property@Tq.MutationObserver:mutation].
 *
 * Returns: (transfer none) (nullable): the mutation
 */
TqMutation *
tq_mutation_observer_get_mutation (TqMutationObserver *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->current_mutation;
}

/**
 * tq_mutation_observer_get_state:
 * @self: an observer
 *
 * Gets the current result (TanStack's `getCurrentResult`): the latest
 * mutation's state, or an idle state; what the properties will say after
 * the next notification flush.
 *
 * Returns: (transfer none): the result
 */
TqMutationState *
tq_mutation_observer_get_state (TqMutationObserver *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (self), NULL);

  return self->current_result;
}

/**
 * tq_mutation_observer_subscribe:
 * @self: an observer
 *
 * Adds a subscriber: while it has any, the per-call callbacks of
 * [method@Tq.MutationObserver.mutate] run, and its mutation is never
 * collected. Balance each call with
 * [method@Tq.MutationObserver.unsubscribe].
 */
void
tq_mutation_observer_subscribe (TqMutationObserver *self)
{
  g_return_if_fail (TQ_IS_MUTATION_OBSERVER (self));
  CHECK_ALIVE (self);

  if (++self->n_subscribers != 1)
    return;

  if (self->current_mutation != NULL)
    {
      _tq_mutation_add_observer (self->current_mutation, self);
      update_result (self);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBSCRIBED]);
}

/**
 * tq_mutation_observer_unsubscribe:
 * @self: an observer
 *
 * Removes a subscriber. With the last one the observer leaves its
 * mutation, which is collected `gc-time` after it settles.
 */
void
tq_mutation_observer_unsubscribe (TqMutationObserver *self)
{
  g_return_if_fail (TQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (self->n_subscribers > 0);

  if (--self->n_subscribers != 0)
    return;

  if (self->current_mutation != NULL)
    _tq_mutation_remove_observer (self->current_mutation, self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBSCRIBED]);
}

/**
 * tq_mutation_observer_is_subscribed:
 * @self: an observer
 *
 * Gets [property@Tq.MutationObserver:subscribed].
 *
 * Returns: whether subscribed
 */
gboolean
tq_mutation_observer_is_subscribed (TqMutationObserver *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (self), FALSE);

  return self->n_subscribers > 0;
}

static TqPromise *
mutate (TqMutationObserver *self,
        const GValue       *variables,
        TqCallback         *callback)
{
  TqMutationCache *cache = tq_query_client_get_mutation_cache (self->client);
  TqMutation *mutation;
  TqPromise *promise;

  g_object_ref (self);

  g_clear_pointer (&self->mutate_callback, _tq_callback_unref);
  self->mutate_callback = callback;

  detach (self);

  mutation = _tq_mutation_cache_build (cache, self->client, self->options, NULL);
  self->current_mutation = g_object_ref (mutation);
  _tq_mutation_set_owner (mutation, self);
  _tq_mutation_add_observer (mutation, self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION]);

  promise = _tq_mutation_execute (mutation, variables);

  g_object_unref (self);

  return promise;
}

/**
 * tq_mutation_observer_mutate:
 * @self: an observer
 * @variables: (nullable): the variables; %NULL or an unset value for none
 *   (a JSON `null` node is a value)
 * @callback: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   called when this mutation settles, if it is still the latest and the
 *   observer is subscribed (rule 51)
 * @user_data: data for @callback
 * @destroy: (nullable): frees @user_data
 *
 * Makes a new mutation with the observer's options and runs it
 * (TanStack's `mutate`): the observer leaves the mutation it showed and
 * follows the new one. The mutation turns pending and its first `on-mutate`
 * callback starts before this returns; as TanStack awaits the callbacks,
 * the mutation function starts on a later main-loop iteration (rule 49).
 *
 * Calling this on an observer that was disposed is a programming error,
 * reported with a critical.
 */
void
tq_mutation_observer_mutate (TqMutationObserver *self,
                             const GValue       *variables,
                             TqMutateCallback    callback,
                             gpointer            user_data,
                             GDestroyNotify      destroy)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (variables == NULL || G_IS_VALUE (variables) || G_VALUE_TYPE (variables) == G_TYPE_INVALID);

  if (self->disposed || self->client == NULL)
    {
      g_critical ("%s: the mutation observer was disposed", G_STRFUNC);
      if (destroy != NULL)
        destroy (user_data);
      return;
    }

  promise = mutate (self, variables, callback ? _tq_callback_new (callback, user_data, destroy) : NULL);
}

static void
value_free (gpointer data)
{
  GValue *value = data;

  _tq_value_reset (value);
  g_free (value);
}

static void
mutate_task_done (TqPromise *promise,
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
 * tq_mutation_observer_mutate_async:
 * @self: an observer
 * @variables: (nullable): the variables; %NULL or an unset value for none
 * @cancellable: (nullable): cancels the wait, not the mutation
 * @callback: (scope async) (nullable): called when the mutation settled
 * @user_data: data for @callback
 *
 * Makes and runs a new mutation as [method@Tq.MutationObserver.mutate]
 * does, and completes when it settles, whatever happens to the observer
 * (TanStack's `mutateAsync`). It drops the per-call callback of an earlier
 * call.
 */
void
tq_mutation_observer_mutate_async (TqMutationObserver  *self,
                                   const GValue        *variables,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;
  GTask *task;

  g_return_if_fail (TQ_IS_MUTATION_OBSERVER (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));
  CHECK_ALIVE (self);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tq_mutation_observer_mutate_async);
  g_task_set_check_cancellable (task, TRUE);

  promise = mutate (self, variables, NULL);
  _tq_promise_then (promise, mutate_task_done, task, g_object_unref);
}

/**
 * tq_mutation_observer_mutate_finish:
 * @self: an observer
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for what the
 *   mutation function returned (left unset if it returned nothing)
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.MutationObserver.mutate_async].
 *
 * Returns: %TRUE on success, or %FALSE with @error set: the mutation
 *   function's error or a callback's, %TQ_ERROR_MISSING_MUTATION_FN, or
 *   `G_IO_ERROR_CANCELLED` if the client went away or the wait was
 *   cancelled
 */
gboolean
tq_mutation_observer_mutate_finish (TqMutationObserver  *self,
                                    GAsyncResult        *result,
                                    GValue              *data,
                                    GError             **error)
{
  GValue *value;

  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (self), FALSE);
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
 * tq_mutation_observer_reset:
 * @self: an observer
 *
 * Leaves the latest mutation and goes back to idle (TanStack's `reset`).
 * The mutation keeps running, its callbacks run, but the observer no
 * longer shows it and its per-call callback is not called.
 */
void
tq_mutation_observer_reset (TqMutationObserver *self)
{
  g_return_if_fail (TQ_IS_MUTATION_OBSERVER (self));
  CHECK_ALIVE (self);

  g_object_ref (self);

  if (self->current_mutation != NULL)
    {
      detach (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION]);
    }

  update_result (self);
  notify_result (self, FALSE);

  g_object_unref (self);
}

/* }}} */
