/* tq-query-client.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-error.h"
#include "tq-key-private.h"
#include "tq-mutation-cache-private.h"
#include "tq-mutation-filters-private.h"
#include "tq-mutation-options-private.h"
#include "tq-query-cache-private.h"
#include "tq-query-client-private.h"
#include "tq-query-filters-private.h"
#include "tq-query-observer.h"
#include "tq-value-private.h"

/**
 * TqQueryClient:
 *
 * The façade of Tq: TanStack's `QueryClient` (section 1.4 of
 * `tanstack-query-core.md`). It owns a [class@Tq.QueryCache] and a
 * [class@Tq.MutationCache], holds the default options and the per-key
 * defaults of queries and mutations, and, while mounted, resumes paused
 * mutations and then refetches on focus and on reconnect.
 *
 * A client belongs to the [struct@GLib.MainContext] that was thread-default
 * when it was made, like everything made from it. Its clock, notify manager,
 * focus manager and online manager are the process defaults unless given at
 * construction — a test gives it a [class@Tq.VirtualClock].
 *
 * Reading and writing the cache is synchronous
 * ([method@Tq.QueryClient.get_query_data],
 * [method@Tq.QueryClient.set_query_data]); operations that wait for fetches
 * follow GIO's `_async`/`_finish` pattern, and may be called without a
 * callback to fire and forget. Fetches start before the `_async` call
 * returns (rule 20).
 *
 * ```c
 * g_autoptr(TqQueryClient) client = tq_query_client_new ();
 * g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
 *
 * tq_query_client_mount (client);
 * // after a change on the server:
 * tq_query_client_invalidate_queries_async (client, todos, TRUE, NULL, NULL, NULL);
 * ```
 */

typedef struct
{
  GVariant       *key;
  char           *hash;
  TqQueryOptions *options;
} QueryDefaults;

typedef struct
{
  GVariant          *key;
  char              *hash;
  TqMutationOptions *options;
} MutationDefaults;

struct _TqQueryClient
{
  GObject          parent_instance;

  TqQueryCache    *query_cache;
  TqEnv           *env;
  TqClock         *clock;
  TqNotifyManager *notify_manager;
  TqFocusManager  *focus_manager;
  TqOnlineManager *online_manager;

  TqQueryOptions  *default_query_options;
  TqQueryOptions  *shared_query_options; /* made from them when first needed */
  guint32          shared_serial;        /* of the defaults it was made from */
  GPtrArray       *query_defaults;     /* QueryDefaults*, registration order */

  guint            mount_count;
  gulong           focus_handler;
  gulong           online_handler;

  guint            notified_fetching;
  guint            fetching_scheduled : 1;
  guint            fetching_read_ahead : 1;   /* a read saw a count not notified yet */
  guint            disposed : 1;

  /* Mutations */
  TqMutationCache   *mutation_cache;
  TqMutationOptions *default_mutation_options;
  GPtrArray         *mutation_defaults;  /* MutationDefaults*, registration order */
  guint              notified_mutating;
  guint              mutating_scheduled : 1;
  guint              mutating_read_ahead : 1;
};

enum {
  PROP_0,
  PROP_QUERY_CACHE,
  PROP_CLOCK,
  PROP_NOTIFY_MANAGER,
  PROP_FOCUS_MANAGER,
  PROP_ONLINE_MANAGER,
  PROP_DEFAULT_QUERY_OPTIONS,
  PROP_IS_FETCHING,
  PROP_MOUNTED,
  PROP_MUTATION_CACHE,
  PROP_DEFAULT_MUTATION_OPTIONS,
  PROP_IS_MUTATING,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqQueryClient, tq_query_client, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

#define CHECK_ALIVE(self, ...) \
  G_STMT_START { \
    if ((self)->disposed) \
      { \
        g_critical ("%s: the query client was disposed", G_STRFUNC); \
        return __VA_ARGS__; \
      } \
  } G_STMT_END

static void
value_free (gpointer data)
{
  GValue *value = data;

  _tq_value_reset (value);
  g_free (value);
}

/* Takes references on the items of a borrowed array, so that queries stay
 * alive while an operation goes through them.
 */
static GPtrArray *
with_refs_copy (GPtrArray *borrowed)
{
  g_ptr_array_set_free_func (borrowed, g_object_unref);
  for (guint i = 0; i < borrowed->len; i++)
    g_object_ref (borrowed->pdata[i]);

  return borrowed;
}

static void
query_defaults_free (gpointer data)
{
  QueryDefaults *defaults = data;

  g_variant_unref (defaults->key);
  g_free (defaults->hash);
  g_object_unref (defaults->options);
  g_free (defaults);
}

/* {{{ is-fetching */

static void
flush_fetching (gpointer data)
{
  TqQueryClient *self = data;
  guint now;

  self->fetching_scheduled = FALSE;
  if (self->disposed)
    return;

  /* Notified when the count differs from the last one notified, or from
   * one read since then: a reader that saw the count of a fetch that has
   * ended by now must hear that it changed back.
   */
  now = _tq_query_cache_get_n_fetching (self->query_cache);
  if (now != self->notified_fetching || self->fetching_read_ahead)
    {
      self->notified_fetching = now;
      self->fetching_read_ahead = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_FETCHING]);
    }
}

/* The count, as read by the application (the property, or the method
 * without filters)
 */
static guint
read_n_fetching (TqQueryClient *self)
{
  guint n = self->query_cache ? _tq_query_cache_get_n_fetching (self->query_cache) : 0;

  if (n != self->notified_fetching)
    self->fetching_read_ahead = TRUE;

  return n;
}

void
_tq_query_client_fetching_changed (TqQueryClient *self)
{
  if (self->fetching_scheduled || self->disposed)
    return;

  self->fetching_scheduled = TRUE;
  tq_notify_manager_schedule (self->notify_manager, flush_fetching,
                              g_object_ref (self), g_object_unref);
}

static void
on_fetching_changed (gpointer data)
{
  _tq_query_client_fetching_changed (data);
}

/* }}} */
/* {{{ is-mutating */

static void
mutation_defaults_free (gpointer data)
{
  MutationDefaults *defaults = data;

  g_variant_unref (defaults->key);
  g_free (defaults->hash);
  g_object_unref (defaults->options);
  g_free (defaults);
}

static void
flush_mutating (gpointer data)
{
  TqQueryClient *self = data;
  guint now;

  self->mutating_scheduled = FALSE;
  if (self->disposed)
    return;

  now = _tq_mutation_cache_get_n_pending (self->mutation_cache);
  if (now != self->notified_mutating || self->mutating_read_ahead)
    {
      self->notified_mutating = now;
      self->mutating_read_ahead = FALSE;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_IS_MUTATING]);
    }
}

static guint
read_n_mutating (TqQueryClient *self)
{
  guint n = self->mutation_cache ? _tq_mutation_cache_get_n_pending (self->mutation_cache) : 0;

  if (n != self->notified_mutating)
    self->mutating_read_ahead = TRUE;

  return n;
}

static void
on_mutating_changed (gpointer data)
{
  TqQueryClient *self = data;

  if (self->mutating_scheduled || self->disposed)
    return;

  self->mutating_scheduled = TRUE;
  tq_notify_manager_schedule (self->notify_manager, flush_mutating,
                              g_object_ref (self), g_object_unref);
}

/* }}} */
/* {{{ GObject */

static void
tq_query_client_constructed (GObject *object)
{
  TqQueryClient *self = (TqQueryClient *)object;

  G_OBJECT_CLASS (tq_query_client_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = g_object_ref (tq_clock_get_default ());
  if (self->notify_manager == NULL)
    self->notify_manager = g_object_ref (tq_notify_manager_get_default ());
  if (self->focus_manager == NULL)
    self->focus_manager = g_object_ref (tq_focus_manager_get_default ());
  if (self->online_manager == NULL)
    self->online_manager = g_object_ref (tq_online_manager_get_default ());
  if (self->query_cache == NULL)
    self->query_cache = tq_query_cache_new ();

  self->env = _tq_env_new (self->clock, self->notify_manager, self->focus_manager, self->online_manager);
  _tq_query_cache_set_env (self->query_cache, self->env);
  _tq_query_cache_set_fetching_hook (self->query_cache, on_fetching_changed, self);

  if (self->mutation_cache == NULL)
    self->mutation_cache = tq_mutation_cache_new ();
  _tq_mutation_cache_set_env (self->mutation_cache, self->env);
  _tq_mutation_cache_set_pending_hook (self->mutation_cache, on_mutating_changed, self);
}

static void
tq_query_client_dispose (GObject *object)
{
  TqQueryClient *self = (TqQueryClient *)object;

  if (!self->disposed)
    {
      self->disposed = TRUE;

      g_clear_signal_handler (&self->focus_handler, self->focus_manager);
      g_clear_signal_handler (&self->online_handler, self->online_manager);

      /* Running mutations are cancelled, without their callbacks. */
      if (self->mutation_cache != NULL)
        {
          _tq_mutation_cache_set_pending_hook (self->mutation_cache, NULL, NULL);
          _tq_mutation_cache_destroy (self->mutation_cache);
        }

      if (self->query_cache != NULL)
        {
          _tq_query_cache_set_fetching_hook (self->query_cache, NULL, NULL);
          tq_query_cache_clear (self->query_cache);
        }
    }

  G_OBJECT_CLASS (tq_query_client_parent_class)->dispose (object);
}

static void
tq_query_client_finalize (GObject *object)
{
  TqQueryClient *self = (TqQueryClient *)object;

  g_clear_object (&self->query_cache);
  g_clear_pointer (&self->env, _tq_env_unref);
  g_clear_object (&self->clock);
  g_clear_object (&self->notify_manager);
  g_clear_object (&self->focus_manager);
  g_clear_object (&self->online_manager);
  g_clear_object (&self->default_query_options);
  g_clear_object (&self->shared_query_options);
  g_clear_pointer (&self->query_defaults, g_ptr_array_unref);
  g_clear_object (&self->mutation_cache);
  g_clear_object (&self->default_mutation_options);
  g_clear_pointer (&self->mutation_defaults, g_ptr_array_unref);

  G_OBJECT_CLASS (tq_query_client_parent_class)->finalize (object);
}

static void
tq_query_client_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  TqQueryClient *self = TQ_QUERY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_QUERY_CACHE:
      g_value_set_object (value, self->query_cache);
      break;
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_NOTIFY_MANAGER:
      g_value_set_object (value, self->notify_manager);
      break;
    case PROP_FOCUS_MANAGER:
      g_value_set_object (value, self->focus_manager);
      break;
    case PROP_ONLINE_MANAGER:
      g_value_set_object (value, self->online_manager);
      break;
    case PROP_DEFAULT_QUERY_OPTIONS:
      g_value_set_object (value, self->default_query_options);
      break;
    case PROP_IS_FETCHING:
      g_value_set_uint (value, read_n_fetching (self));
      break;
    case PROP_MOUNTED:
      g_value_set_boolean (value, self->mount_count > 0);
      break;
    case PROP_MUTATION_CACHE:
      g_value_set_object (value, self->mutation_cache);
      break;
    case PROP_DEFAULT_MUTATION_OPTIONS:
      g_value_set_object (value, self->default_mutation_options);
      break;
    case PROP_IS_MUTATING:
      g_value_set_uint (value, read_n_mutating (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_client_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  TqQueryClient *self = TQ_QUERY_CLIENT (object);

  switch (prop_id)
    {
    case PROP_QUERY_CACHE:
      self->query_cache = g_value_dup_object (value);
      break;
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_NOTIFY_MANAGER:
      self->notify_manager = g_value_dup_object (value);
      break;
    case PROP_FOCUS_MANAGER:
      self->focus_manager = g_value_dup_object (value);
      break;
    case PROP_ONLINE_MANAGER:
      self->online_manager = g_value_dup_object (value);
      break;
    case PROP_DEFAULT_QUERY_OPTIONS:
      tq_query_client_set_default_query_options (self, g_value_get_object (value));
      break;
    case PROP_MUTATION_CACHE:
      self->mutation_cache = g_value_dup_object (value);
      break;
    case PROP_DEFAULT_MUTATION_OPTIONS:
      tq_query_client_set_default_mutation_options (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_client_class_init (TqQueryClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tq_query_client_constructed;
  object_class->dispose = tq_query_client_dispose;
  object_class->finalize = tq_query_client_finalize;
  object_class->get_property = tq_query_client_get_property;
  object_class->set_property = tq_query_client_set_property;

  /**
   * TqQueryClient:query-cache:
   *
   * The client's query cache; a new one if none is given.
   */
  properties [PROP_QUERY_CACHE] =
    g_param_spec_object ("query-cache", NULL, NULL, TQ_TYPE_QUERY_CACHE, construct);

  /**
   * TqQueryClient:clock:
   *
   * The clock of every timer and time stamp of the client; the default
   * clock if none is given.
   */
  properties [PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, TQ_TYPE_CLOCK, construct);

  /**
   * TqQueryClient:notify-manager:
   *
   * The notify manager that batches the client's notifications; the default
   * one if none is given.
   */
  properties [PROP_NOTIFY_MANAGER] =
    g_param_spec_object ("notify-manager", NULL, NULL, TQ_TYPE_NOTIFY_MANAGER, construct);

  /**
   * TqQueryClient:focus-manager:
   *
   * The focus manager the client follows while mounted; the default one if
   * none is given.
   */
  properties [PROP_FOCUS_MANAGER] =
    g_param_spec_object ("focus-manager", NULL, NULL, TQ_TYPE_FOCUS_MANAGER, construct);

  /**
   * TqQueryClient:online-manager:
   *
   * The online manager the client follows while mounted; the default one if
   * none is given.
   */
  properties [PROP_ONLINE_MANAGER] =
    g_param_spec_object ("online-manager", NULL, NULL, TQ_TYPE_ONLINE_MANAGER, construct);

  /**
   * TqQueryClient:default-query-options:
   *
   * Options every query starts from (TanStack's `defaultOptions.queries`).
   */
  properties [PROP_DEFAULT_QUERY_OPTIONS] =
    g_param_spec_object ("default-query-options", NULL, NULL, TQ_TYPE_QUERY_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryClient:is-fetching:
   *
   * How many queries are fetching (paused ones do not count): bind a global
   * activity indicator to it. Notified once per notification batch, when
   * the count differs from the one notified last or from one read since:
   * code that reads the count and then follows the notifications (a window
   * made while queries fetch) never keeps a count that is over.
   */
  properties [PROP_IS_FETCHING] =
    g_param_spec_uint ("is-fetching", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryClient:mounted:
   *
   * Whether the client is mounted, and so follows focus and the network.
   */
  properties [PROP_MOUNTED] =
    g_param_spec_boolean ("mounted", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryClient:mutation-cache:
   *
   * The client's mutation cache; a new one if none is given.
   */
  properties [PROP_MUTATION_CACHE] =
    g_param_spec_object ("mutation-cache", NULL, NULL, TQ_TYPE_MUTATION_CACHE, construct);

  /**
   * TqQueryClient:default-mutation-options:
   *
   * Options every mutation starts from (TanStack's
   * `defaultOptions.mutations`).
   */
  properties [PROP_DEFAULT_MUTATION_OPTIONS] =
    g_param_spec_object ("default-mutation-options", NULL, NULL, TQ_TYPE_MUTATION_OPTIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryClient:is-mutating:
   *
   * How many mutations of the mutation cache are pending (including those
   * paused): bind a "saving…" indicator to it. Notified once per
   * notification batch, as [property@Tq.QueryClient:is-fetching] is.
   */
  properties [PROP_IS_MUTATING] =
    g_param_spec_uint ("is-mutating", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_query_client_init (TqQueryClient *self)
{
  self->query_defaults = g_ptr_array_new_with_free_func (query_defaults_free);
  self->mutation_defaults = g_ptr_array_new_with_free_func (mutation_defaults_free);
}

/* }}} */
/* {{{ Basics */

/**
 * tq_query_client_new:
 *
 * Creates a client with a new cache and the process-wide clock and
 * managers. Use g_object_new() to give others.
 *
 * Returns: (transfer full): a new client
 */
TqQueryClient *
tq_query_client_new (void)
{
  return g_object_new (TQ_TYPE_QUERY_CLIENT, NULL);
}

TqEnv *
_tq_query_client_get_env (TqQueryClient *self)
{
  return self->env;
}

/**
 * tq_query_client_get_query_cache:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:query-cache].
 *
 * Returns: (transfer none): the cache
 */
TqQueryCache *
tq_query_client_get_query_cache (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->query_cache;
}

/**
 * tq_query_client_get_clock:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:clock].
 *
 * Returns: (transfer none): the clock
 */
TqClock *
tq_query_client_get_clock (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->clock;
}

/**
 * tq_query_client_get_notify_manager:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:notify-manager].
 *
 * Returns: (transfer none): the notify manager
 */
TqNotifyManager *
tq_query_client_get_notify_manager (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->notify_manager;
}

/**
 * tq_query_client_get_focus_manager:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:focus-manager].
 *
 * Returns: (transfer none): the focus manager
 */
TqFocusManager *
tq_query_client_get_focus_manager (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->focus_manager;
}

/**
 * tq_query_client_get_online_manager:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:online-manager].
 *
 * Returns: (transfer none): the online manager
 */
TqOnlineManager *
tq_query_client_get_online_manager (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->online_manager;
}

static TqPromise *resume_paused_mutations (TqQueryClient *self);

typedef struct
{
  GWeakRef client;
  gboolean focus;
} AfterResume;

static void
after_resume_free (gpointer data)
{
  AfterResume *after = data;

  g_weak_ref_clear (&after->client);
  g_free (after);
}

static void
after_resume (TqPromise *promise,
              gpointer   user_data)
{
  AfterResume *after = user_data;
  g_autoptr(TqQueryClient) self = g_weak_ref_get (&after->client);

  if (self == NULL || self->disposed)
    return;

  if (after->focus)
    tq_query_cache_on_focus (self->query_cache);
  else
    tq_query_cache_on_online (self->query_cache);
}

/* Paused mutations first, then queries, once those mutations settled
 * (TanStack's mount(): `await resumePausedMutations ()`, a turn later even
 * when nothing was paused), so that a refetch sees what they wrote.
 */
static void
resume_then_refetch (TqQueryClient *self,
                     gboolean       focus)
{
  g_autoptr(TqPromise) resumed = resume_paused_mutations (self);
  AfterResume *after = g_new0 (AfterResume, 1);

  g_weak_ref_init (&after->client, self);
  after->focus = focus;
  _tq_promise_then_later (resumed, self->env->main_context, after_resume, after, after_resume_free);
}

static void
on_focus_changed (TqQueryClient *self)
{
  if (tq_focus_manager_is_focused (self->focus_manager))
    resume_then_refetch (self, TRUE);
}

static void
on_online_changed (TqQueryClient *self)
{
  if (tq_online_manager_is_online (self->online_manager))
    resume_then_refetch (self, FALSE);
}

/**
 * tq_query_client_mount:
 * @self: a client
 *
 * Mounts the client (reference counted): from the first mount on, regaining
 * focus or the network resumes the paused mutations and, once they settled,
 * refetches what the query observers want (rule 19). The widget library
 * mounts the client while the application runs.
 */
void
tq_query_client_mount (TqQueryClient *self)
{
  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);

  if (++self->mount_count != 1)
    return;

  self->focus_handler = g_signal_connect_swapped (self->focus_manager, "notify::focused",
                                                  G_CALLBACK (on_focus_changed), self);
  self->online_handler = g_signal_connect_swapped (self->online_manager, "notify::online",
                                                   G_CALLBACK (on_online_changed), self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MOUNTED]);
}

/**
 * tq_query_client_unmount:
 * @self: a client
 *
 * Balances [method@Tq.QueryClient.mount]; the last unmount stops following
 * focus and the network.
 */
void
tq_query_client_unmount (TqQueryClient *self)
{
  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (self->mount_count > 0);

  if (--self->mount_count != 0)
    return;

  g_clear_signal_handler (&self->focus_handler, self->focus_manager);
  g_clear_signal_handler (&self->online_handler, self->online_manager);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MOUNTED]);
}

/**
 * tq_query_client_is_mounted:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:mounted].
 *
 * Returns: whether mounted
 */
gboolean
tq_query_client_is_mounted (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), FALSE);

  return self->mount_count > 0;
}

/* }}} */
/* {{{ Defaults */

/**
 * tq_query_client_get_default_query_options:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:default-query-options].
 *
 * Returns: (transfer none) (nullable): the default options
 */
TqQueryOptions *
tq_query_client_get_default_query_options (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->default_query_options;
}

/**
 * tq_query_client_set_default_query_options:
 * @self: a client
 * @options: (nullable): the options every query starts from; their key, if
 *   any, is ignored
 *
 * Replaces the default query options as a whole (TanStack's
 * `setDefaultOptions ({queries})`).
 */
void
tq_query_client_set_default_query_options (TqQueryClient  *self,
                                           TqQueryOptions *options)
{
  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (options == NULL || TQ_IS_QUERY_OPTIONS (options));

  g_clear_object (&self->default_query_options);
  g_clear_object (&self->shared_query_options);
  if (options != NULL)
    {
      self->default_query_options = tq_query_options_copy (options);
      tq_query_options_unset (self->default_query_options, "query-key");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEFAULT_QUERY_OPTIONS]);
}

/**
 * tq_query_client_set_query_defaults:
 * @self: a client
 * @query_key: a key prefix
 * @options: defaults for the queries whose key starts with @query_key
 *
 * Registers defaults for a key prefix (rule 48). Every registration whose
 * key is a prefix of a query's key applies, in registration order;
 * registering the same key again replaces its defaults in place. This never
 * starts a fetch.
 */
void
tq_query_client_set_query_defaults (TqQueryClient  *self,
                                    GVariant       *query_key,
                                    TqQueryOptions *options)
{
  g_autoptr(GVariant) key = NULL;
  g_autofree char *hash = NULL;
  QueryDefaults *defaults;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (query_key != NULL);
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));

  key = g_variant_ref_sink (query_key);
  hash = tq_key_hash (key);
  if (hash == NULL)
    return;

  defaults = g_new0 (QueryDefaults, 1);
  defaults->key = g_variant_get_normal_form (key);
  defaults->hash = g_steal_pointer (&hash);
  defaults->options = tq_query_options_copy (options);
  tq_query_options_unset (defaults->options, "query-key");

  for (guint i = 0; i < self->query_defaults->len; i++)
    {
      QueryDefaults *existing = self->query_defaults->pdata[i];

      if (g_str_equal (existing->hash, defaults->hash))
        {
          query_defaults_free (existing);
          self->query_defaults->pdata[i] = defaults;
          return;
        }
    }

  g_ptr_array_add (self->query_defaults, defaults);
}

TqQueryOptions *
_tq_query_client_get_query_defaults (TqQueryClient *self,
                                     GVariant      *query_key)
{
  TqQueryOptions *result = NULL;

  for (guint i = 0; i < self->query_defaults->len; i++)
    {
      QueryDefaults *defaults = self->query_defaults->pdata[i];

      if (!tq_key_partial_match (query_key, defaults->key))
        continue;

      if (result == NULL)
        result = tq_query_options_copy (defaults->options);
      else
        _tq_query_options_overlay (result, defaults->options);
    }

  return result;
}

/**
 * tq_query_client_get_query_defaults:
 * @self: a client
 * @query_key: a key
 *
 * Merges every registered default that applies to @query_key (rule 48).
 *
 * Returns: (transfer full): the merged defaults (empty if none applies)
 */
TqQueryOptions *
tq_query_client_get_query_defaults (TqQueryClient *self,
                                    GVariant      *query_key)
{
  g_autoptr(GVariant) key = NULL;
  TqQueryOptions *result;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (query_key != NULL, NULL);

  key = g_variant_ref_sink (query_key);
  result = _tq_query_client_get_query_defaults (self, key);

  return result != NULL ? result : _tq_query_options_new_empty ();
}

TqQueryOptions *
_tq_query_client_default_query_options (TqQueryClient  *self,
                                        TqQueryOptions *options)
{
  TqQueryOptions *defaulted;
  g_autoptr(TqQueryOptions) key_defaults = NULL;

  if (options->defaulted)
    return g_object_ref (options);

  defaulted = self->default_query_options != NULL
                ? tq_query_options_copy (self->default_query_options)
                : _tq_query_options_new_empty ();

  if (options->query_key != NULL)
    key_defaults = _tq_query_client_get_query_defaults (self, options->query_key);
  if (key_defaults != NULL)
    _tq_query_options_overlay (defaulted, key_defaults);

  _tq_query_options_overlay (defaulted, options);
  defaulted->defaulted = TRUE;

  /* skipToken disables (TanStack's defaultQueryOptions). */
  if (defaulted->skip_token)
    tq_query_options_set_enabled (defaulted, FALSE);

  return defaulted;
}

TqQueryOptions *
_tq_query_client_get_shared_query_options (TqQueryClient *self)
{
  /* The defaults may have been changed in place since. */
  if (self->shared_query_options != NULL && self->default_query_options != NULL &&
      self->shared_serial != self->default_query_options->serial)
    g_clear_object (&self->shared_query_options);

  if (self->shared_query_options == NULL)
    {
      g_autoptr(TqQueryOptions) none = _tq_query_options_new_empty ();

      self->shared_query_options = _tq_query_client_default_query_options (self, none);
      if (self->default_query_options != NULL)
        self->shared_serial = self->default_query_options->serial;
    }

  return self->shared_query_options;
}

/**
 * tq_query_client_default_query_options:
 * @self: a client
 * @options: options with a key
 *
 * Merges the client's defaults, the per-key defaults and @options, in that
 * order (TanStack's `defaultQueryOptions`, rule 48).
 *
 * Returns: (transfer full): the merged options
 */
TqQueryOptions *
tq_query_client_default_query_options (TqQueryClient  *self,
                                       TqQueryOptions *options)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (options), NULL);

  return _tq_query_client_default_query_options (self, options);
}

/* }}} */
/* {{{ Reading and writing the cache */

static TqQuery *
lookup_key (TqQueryClient *self,
            GVariant      *query_key)
{
  g_autoptr(GError) error = NULL;
  TqKeyBuf canon;
  TqQuery *query = NULL;

  _tq_key_buf_init (&canon);
  if (_tq_key_canonicalize (&canon, query_key, &error))
    query = _tq_query_cache_lookup (self->query_cache, canon.canon);
  else
    g_critical ("%s", error->message);
  _tq_key_buf_clear (&canon);

  return query;
}

/**
 * tq_query_client_is_fetching:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 *
 * Counts the matching queries that are fetching (paused ones are not
 * counted). Without filters this is [property@Tq.QueryClient:is-fetching].
 *
 * Returns: the count
 */
guint
tq_query_client_is_fetching (TqQueryClient  *self,
                             TqQueryFilters *filters)
{
  g_autoptr(TqQueryFilters) fetching = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), 0);
  g_return_val_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters), 0);
  CHECK_ALIVE (self, 0);

  if (filters == NULL)
    return read_n_fetching (self);

  fetching = _tq_query_filters_copy (filters);
  tq_query_filters_set_fetch_status (fetching, TQ_FETCH_STATUS_FETCHING);
  found = _tq_query_cache_find_all_borrowed (self->query_cache, fetching);

  return found->len;
}

/**
 * tq_query_client_get_query_data:
 * @self: a client
 * @query_key: a key
 * @data: (out caller-allocates) (optional): an unset value for the data
 *
 * Reads the data of the query of @query_key. Never makes a query.
 *
 * Returns: %TRUE if the query exists and has data
 */
gboolean
tq_query_client_get_query_data (TqQueryClient *self,
                                GVariant      *query_key,
                                GValue        *data)
{
  g_autoptr(GVariant) key = NULL;
  TqQuery *query;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (query_key != NULL, FALSE);
  CHECK_ALIVE (self, FALSE);

  key = g_variant_ref_sink (query_key);
  query = lookup_key (self, key);
  if (query == NULL || !_tq_query_state_has_data (_tq_query_get_state (query)))
    return FALSE;

  if (data != NULL)
    _tq_value_copy_shared (&_tq_query_get_state (query)->data, data);

  return TRUE;
}

/**
 * tq_query_client_get_query_json:
 * @self: a client
 * @query_key: a key
 *
 * Reads JSON data, as [method@Tq.QueryClient.get_query_data] does.
 *
 * Returns: (transfer full) (nullable): the data, or %NULL if there is none
 *   or it is not JSON
 */
JsonNode *
tq_query_client_get_query_json (TqQueryClient *self,
                                GVariant      *query_key)
{
  g_auto(GValue) data = G_VALUE_INIT;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  if (!tq_query_client_get_query_data (self, query_key, &data) ||
      !G_VALUE_HOLDS (&data, JSON_TYPE_NODE) || g_value_get_boxed (&data) == NULL)
    return NULL;

  return json_node_ref (g_value_get_boxed (&data));
}

/**
 * tq_query_client_get_queries_data:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 * @keys: (out) (transfer full) (element-type GVariant): the keys of the
 *   matching queries
 * @data: (out) (transfer full) (element-type GValue): their data, at the
 *   same index (unset values for none)
 *
 * Reads the data of every matching query (TanStack's `getQueriesData`).
 */
void
tq_query_client_get_queries_data (TqQueryClient   *self,
                                  TqQueryFilters  *filters,
                                  GPtrArray      **keys,
                                  GPtrArray      **data)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  g_return_if_fail (keys != NULL && data != NULL);
  CHECK_ALIVE (self);

  found = _tq_query_cache_find_all_borrowed (self->query_cache, filters);
  *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  *data = g_ptr_array_new_with_free_func (value_free);

  for (guint i = 0; i < found->len; i++)
    {
      GValue *value = g_new0 (GValue, 1);

      g_ptr_array_add (*keys, g_variant_ref (_tq_query_get_key (found->pdata[i])));
      _tq_value_copy_shared (&_tq_query_get_state (found->pdata[i])->data, value);
      g_ptr_array_add (*data, value);
    }
}

static void
set_query_data (TqQueryClient *self,
                GVariant      *key,
                TqUpdaterFunc  updater,
                gpointer       user_data,
                const GValue  *value,
                gint64         updated_at)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) data = G_VALUE_INIT;
  TqKeyBuf canon;
  TqQuery *query;

  _tq_key_buf_init (&canon);
  if (!_tq_key_canonicalize (&canon, key, &error))
    {
      g_critical ("%s", error->message);
      goto out;
    }

  query = _tq_query_cache_lookup (self->query_cache, canon.canon);

  if (updater != NULL)
    updater (query ? _tq_query_get_base_data (query) : &(GValue) G_VALUE_INIT, &data, user_data);
  else
    _tq_value_copy_shared (value, &data);

  /* No data, no query (rule 46). */
  if (!G_IS_VALUE (&data))
    goto out;

  if (query == NULL)
    query = _tq_query_cache_build_for_key (self->query_cache, self, key, &canon);

  _tq_query_set_data (query, &data, updated_at != 0, updated_at, TRUE);

out:
  _tq_key_buf_clear (&canon);
}

/**
 * tq_query_client_set_query_data:
 * @self: a client
 * @query_key: a key
 * @data: the data; an unset value changes nothing
 * @updated_at_ms: when the data was current, in milliseconds since the
 *   epoch, or 0 for now
 *
 * Stores data by hand (rule 46): the query is made if needed (with the
 * defaults of its key), and the data is stored with structural sharing,
 * status success. A fetch in progress is not touched: it keeps running and
 * will overwrite the data.
 */
void
tq_query_client_set_query_data (TqQueryClient *self,
                                GVariant      *query_key,
                                const GValue  *data,
                                gint64         updated_at_ms)
{
  g_autoptr(GVariant) key = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (query_key != NULL);
  g_return_if_fail (data != NULL);
  CHECK_ALIVE (self);

  key = g_variant_ref_sink (query_key);
  set_query_data (self, key, NULL, NULL, data, updated_at_ms);
}

/**
 * tq_query_client_set_query_json:
 * @self: a client
 * @query_key: a key
 * @data: (nullable): the data (sealed, since the cache shares it); %NULL
 *   changes nothing
 *
 * Stores JSON data by hand, as [method@Tq.QueryClient.set_query_data] does.
 */
void
tq_query_client_set_query_json (TqQueryClient *self,
                                GVariant      *query_key,
                                JsonNode      *data)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));

  if (data == NULL)
    {
      g_autoptr(GVariant) key = g_variant_ref_sink (query_key);
      return;
    }

  json_node_seal (data);
  g_value_init (&value, JSON_TYPE_NODE);
  g_value_take_boxed (&value, json_node_ref (data));
  tq_query_client_set_query_data (self, query_key, &value, 0);
}

/**
 * tq_query_client_set_query_data_func:
 * @self: a client
 * @query_key: a key
 * @updater: (scope call) (closure user_data): computes the new data from the
 *   old
 * @user_data: data for @updater
 * @updated_at_ms: when the data was current, or 0 for now
 *
 * Stores data computed from the current data (the updater form of
 * TanStack's `setQueryData`). If @updater leaves the new data unset, nothing
 * happens and no query is made.
 */
void
tq_query_client_set_query_data_func (TqQueryClient *self,
                                     GVariant      *query_key,
                                     TqUpdaterFunc  updater,
                                     gpointer       user_data,
                                     gint64         updated_at_ms)
{
  g_autoptr(GVariant) key = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (query_key != NULL);
  g_return_if_fail (updater != NULL);
  CHECK_ALIVE (self);

  key = g_variant_ref_sink (query_key);
  set_query_data (self, key, updater, user_data, NULL, updated_at_ms);
}

/**
 * tq_query_client_set_queries_data:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 * @updater: (scope call) (closure user_data): computes each query's new data
 * @user_data: data for @updater
 * @updated_at_ms: when the data was current, or 0 for now
 *
 * Applies [method@Tq.QueryClient.set_query_data_func] to every matching
 * query, in one notification batch.
 */
void
tq_query_client_set_queries_data (TqQueryClient  *self,
                                  TqQueryFilters *filters,
                                  TqUpdaterFunc   updater,
                                  gpointer        user_data,
                                  gint64          updated_at_ms)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  g_return_if_fail (updater != NULL);
  CHECK_ALIVE (self);

  found = with_refs_copy (_tq_query_cache_find_all_borrowed (self->query_cache, filters));

  tq_notify_manager_begin_batch (self->notify_manager);
  for (guint i = 0; i < found->len; i++)
    set_query_data (self, _tq_query_get_key (found->pdata[i]), updater, user_data, NULL, updated_at_ms);
  tq_notify_manager_end_batch (self->notify_manager);
}

/**
 * tq_query_client_get_query_state:
 * @self: a client
 * @query_key: a key
 *
 * Gets the state of the query of @query_key.
 *
 * Returns: (transfer full) (nullable): the state, or %NULL if there is no
 *   such query
 */
TqQueryState *
tq_query_client_get_query_state (TqQueryClient *self,
                                 GVariant      *query_key)
{
  g_autoptr(GVariant) key = NULL;
  TqQuery *query;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (query_key != NULL, NULL);
  CHECK_ALIVE (self, NULL);

  key = g_variant_ref_sink (query_key);
  query = lookup_key (self, key);

  return query != NULL ? tq_query_state_ref (_tq_query_get_state (query)) : NULL;
}

/**
 * tq_query_client_remove_queries:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 *
 * Removes the matching queries from the cache (rule 11).
 */
void
tq_query_client_remove_queries (TqQueryClient  *self,
                                TqQueryFilters *filters)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  CHECK_ALIVE (self);

  found = with_refs_copy (_tq_query_cache_find_all_borrowed (self->query_cache, filters));

  tq_notify_manager_begin_batch (self->notify_manager);
  for (guint i = 0; i < found->len; i++)
    tq_query_cache_remove (self->query_cache, found->pdata[i]);
  tq_notify_manager_end_batch (self->notify_manager);
}

/**
 * tq_query_client_clear:
 * @self: a client
 *
 * Empties both caches. Mutations that run keep running.
 */
void
tq_query_client_clear (TqQueryClient *self)
{
  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);

  tq_query_cache_clear (self->query_cache);
  tq_mutation_cache_clear (self->mutation_cache);
}

/* }}} */
/* {{{ Operations that wait for fetches */

static TqPromise *
refetch_list (TqQueryClient *self,
              GPtrArray     *queries,
              gboolean       cancel_refetch)
{
  g_autoptr(GPtrArray) promises = g_ptr_array_new_with_free_func ((GDestroyNotify) _tq_promise_unref);

  tq_notify_manager_begin_batch (self->notify_manager);

  for (guint i = 0; i < queries->len; i++)
    {
      TqQuery *query = queries->pdata[i];
      g_autoptr(TqPromise) fetch = NULL;

      /* Disabled and static queries are left out (rules 9 and 14). */
      if (tq_query_is_disabled (query) || tq_query_is_static (query))
        continue;

      fetch = _tq_query_fetch (query, NULL, cancel_refetch, TQ_FETCH_DIRECTION_NONE);

      /* A paused fetch does not hold the caller up (rule 9). */
      if (_tq_query_get_state (query)->fetch_status == TQ_FETCH_STATUS_PAUSED)
        g_ptr_array_add (promises, _tq_promise_new_resolved (NULL));
      else
        g_ptr_array_add (promises, _tq_promise_new_settled (fetch));
    }

  tq_notify_manager_end_batch (self->notify_manager);

  return _tq_promise_all (promises, FALSE);
}

TqPromise *
_tq_query_client_refetch_queries (TqQueryClient  *self,
                                  TqQueryFilters *filters,
                                  gboolean        cancel_refetch)
{
  g_autoptr(GPtrArray) found = NULL;
  TqQueryCache *cache = self->query_cache;
  TqPromise *promise;

  found = _tq_query_cache_find_all_borrowed (cache, filters);
  _tq_query_cache_hold (cache);
  promise = refetch_list (self, found, cancel_refetch);
  _tq_query_cache_release (cache);

  return promise;
}

TqPromise *
_tq_query_client_invalidate_queries (TqQueryClient  *self,
                                     TqQueryFilters *filters,
                                     gboolean        cancel_refetch)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(TqQueryFilters) refetch = NULL;
  TqRefetchType refetch_type = TQ_REFETCH_TYPE_ACTIVE;
  TqQueryCache *cache = self->query_cache;
  TqPromise *promise;

  found = _tq_query_cache_find_all_borrowed (cache, filters);
  _tq_query_cache_hold (cache);

  tq_notify_manager_begin_batch (self->notify_manager);

  /* Every match is invalidated, whatever its type (rule 8). */
  for (guint i = 0; i < found->len; i++)
    tq_query_invalidate (found->pdata[i]);

  if (filters != NULL && filters->has_refetch_type)
    refetch_type = filters->refetch_type;
  else if (filters != NULL && filters->has_type)
    refetch_type = (TqRefetchType) (filters->type == TQ_QUERY_TYPE_ALL ? TQ_REFETCH_TYPE_ALL :
                                    filters->type == TQ_QUERY_TYPE_INACTIVE ? TQ_REFETCH_TYPE_INACTIVE :
                                    TQ_REFETCH_TYPE_ACTIVE);

  if (refetch_type == TQ_REFETCH_TYPE_NONE)
    promise = _tq_promise_new_resolved (NULL);
  else
    {
      refetch = filters != NULL ? _tq_query_filters_copy (filters) : tq_query_filters_new (NULL);
      tq_query_filters_set_query_type (refetch,
                                       refetch_type == TQ_REFETCH_TYPE_ALL ? TQ_QUERY_TYPE_ALL :
                                       refetch_type == TQ_REFETCH_TYPE_INACTIVE ? TQ_QUERY_TYPE_INACTIVE :
                                       TQ_QUERY_TYPE_ACTIVE);
      promise = _tq_query_client_refetch_queries (self, refetch, cancel_refetch);
    }

  tq_notify_manager_end_batch (self->notify_manager);
  _tq_query_cache_release (cache);

  return promise;
}

TqPromise *
_tq_query_client_cancel_queries (TqQueryClient  *self,
                                 TqQueryFilters *filters,
                                 gboolean        revert,
                                 gboolean        silent)
{
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) promises = g_ptr_array_new_with_free_func ((GDestroyNotify) _tq_promise_unref);
  g_autoptr(TqPromise) all = NULL;
  g_autoptr(TqPromise) then = NULL;

  found = with_refs_copy (_tq_query_cache_find_all_borrowed (self->query_cache, filters));

  tq_notify_manager_begin_batch (self->notify_manager);
  for (guint i = 0; i < found->len; i++)
    g_ptr_array_add (promises, _tq_query_cancel (found->pdata[i], revert, silent));
  tq_notify_manager_end_batch (self->notify_manager);

  /* `Promise.all (…).then (noop).catch (noop)`: two reactions after the
   * fetches' own, so the callers go on after what waited on them.
   */
  all = _tq_promise_all (promises, FALSE);
  then = _tq_promise_new_later (all, self->env->main_context);
  return _tq_promise_new_later (then, self->env->main_context);
}

static TqPromise *
reset_queries (TqQueryClient  *self,
               TqQueryFilters *filters)
{
  g_autoptr(GPtrArray) matched = NULL;
  g_autoptr(GPtrArray) active = g_ptr_array_new ();
  TqPromise *promise;

  /* Matches are collected before any reset (rule 10). */
  matched = with_refs_copy (_tq_query_cache_find_all_borrowed (self->query_cache, filters));

  tq_notify_manager_begin_batch (self->notify_manager);

  for (guint i = 0; i < matched->len; i++)
    tq_query_reset (matched->pdata[i]);

  for (guint i = 0; i < matched->len; i++)
    if (tq_query_is_active (matched->pdata[i]))
      g_ptr_array_add (active, matched->pdata[i]);

  promise = refetch_list (self, active, TRUE);

  tq_notify_manager_end_batch (self->notify_manager);

  return promise;
}

/* GTasks over promises */

typedef enum
{
  RETURN_BOOLEAN,
  RETURN_VALUE,
} ReturnKind;

typedef struct
{
  GTask      *task;
  ReturnKind  kind;
} TaskBridge;

static void
task_bridge_done (TqPromise *promise,
                  gpointer   user_data)
{
  TaskBridge *bridge = user_data;

  if (_tq_promise_is_rejected (promise))
    g_task_return_error (bridge->task, g_error_copy (_tq_promise_get_error (promise)));
  else if (bridge->kind == RETURN_BOOLEAN)
    g_task_return_boolean (bridge->task, TRUE);
  else
    {
      GValue *value = g_new0 (GValue, 1);

      _tq_value_copy_shared (_tq_promise_get_value (promise), value);
      g_task_return_pointer (bridge->task, value, value_free);
    }
}

static void
task_bridge_free (gpointer data)
{
  TaskBridge *bridge = data;

  g_object_unref (bridge->task);
  g_free (bridge);
}

static void
return_promise (TqQueryClient       *self,
                TqPromise           *promise,
                ReturnKind           kind,
                gpointer             source_tag,
                GCancellable        *cancellable,
                GAsyncReadyCallback  callback,
                gpointer             user_data)
{
  TaskBridge *bridge = g_new0 (TaskBridge, 1);

  bridge->task = g_task_new (self, cancellable, callback, user_data);
  bridge->kind = kind;
  g_task_set_source_tag (bridge->task, source_tag);
  g_task_set_check_cancellable (bridge->task, TRUE);

  _tq_promise_then (promise, task_bridge_done, bridge, task_bridge_free);
}

static gboolean
finish_boolean (TqQueryClient  *self,
                GAsyncResult   *result,
                gpointer        source_tag,
                GError        **error)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
finish_value (TqQueryClient  *self,
              GAsyncResult   *result,
              gpointer        source_tag,
              GValue         *data,
              GError        **error)
{
  GValue *value;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == source_tag, FALSE);

  value = g_task_propagate_pointer (G_TASK (result), error);
  if (value == NULL)
    return FALSE;

  if (data != NULL)
    _tq_value_copy_shared (value, data);
  value_free (value);

  return TRUE;
}

/**
 * tq_query_client_refetch_queries_async:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 * @cancel_refetch: whether fetches in progress of queries with data are
 *   replaced (rule 21; TanStack's default is %TRUE)
 * @cancellable: (nullable): cancels the wait, not the fetches
 * @callback: (scope async) (nullable): called once every fetch settled
 * @user_data: data for @callback
 *
 * Refetches the matching queries, except those that are disabled or static
 * (rule 9). Failed fetches are not errors here.
 */
void
tq_query_client_refetch_queries_async (TqQueryClient       *self,
                                       TqQueryFilters      *filters,
                                       gboolean             cancel_refetch,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  CHECK_ALIVE (self);

  promise = _tq_query_client_refetch_queries (self, filters, cancel_refetch);
  return_promise (self, promise, RETURN_BOOLEAN, tq_query_client_refetch_queries_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_refetch_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.refetch_queries_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_refetch_queries_finish (TqQueryClient  *self,
                                        GAsyncResult   *result,
                                        GError        **error)
{
  return finish_boolean (self, result, tq_query_client_refetch_queries_async, error);
}

/**
 * tq_query_client_invalidate_queries_async:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query; their
 *   [property@Tq.QueryFilters:refetch-type] says what to refetch
 * @cancel_refetch: whether fetches in progress of queries with data are
 *   replaced (TanStack's default is %TRUE)
 * @cancellable: (nullable): cancels the wait, not the fetches
 * @callback: (scope async) (nullable): called once the refetches settled
 * @user_data: data for @callback
 *
 * Marks every matching query invalidated, then refetches those of the
 * refetch type — by default the active ones (rule 8).
 */
void
tq_query_client_invalidate_queries_async (TqQueryClient       *self,
                                          TqQueryFilters      *filters,
                                          gboolean             cancel_refetch,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  CHECK_ALIVE (self);

  promise = _tq_query_client_invalidate_queries (self, filters, cancel_refetch);
  return_promise (self, promise, RETURN_BOOLEAN, tq_query_client_invalidate_queries_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_invalidate_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.invalidate_queries_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_invalidate_queries_finish (TqQueryClient  *self,
                                           GAsyncResult   *result,
                                           GError        **error)
{
  return finish_boolean (self, result, tq_query_client_invalidate_queries_async, error);
}

/**
 * tq_query_client_cancel_queries_async:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 * @revert: whether cancelled queries go back to their state from before the
 *   fetch (TanStack's default is %TRUE, rule 10)
 * @silent: whether the cancellation leaves the state alone
 * @cancellable: (nullable): cancels the wait
 * @callback: (scope async) (nullable): called once the fetches settled
 * @user_data: data for @callback
 *
 * Cancels the fetches of the matching queries. It never fails.
 */
void
tq_query_client_cancel_queries_async (TqQueryClient       *self,
                                      TqQueryFilters      *filters,
                                      gboolean             revert,
                                      gboolean             silent,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  CHECK_ALIVE (self);

  promise = _tq_query_client_cancel_queries (self, filters, revert, silent);
  return_promise (self, promise, RETURN_BOOLEAN, tq_query_client_cancel_queries_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_cancel_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.cancel_queries_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_cancel_queries_finish (TqQueryClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  return finish_boolean (self, result, tq_query_client_cancel_queries_async, error);
}

/**
 * tq_query_client_reset_queries_async:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every query
 * @cancellable: (nullable): cancels the wait
 * @callback: (scope async) (nullable): called once the refetches settled
 * @user_data: data for @callback
 *
 * Puts the matching queries back in their initial state, then refetches
 * those that are active (rule 10).
 */
void
tq_query_client_reset_queries_async (TqQueryClient       *self,
                                     TqQueryFilters      *filters,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters));
  CHECK_ALIVE (self);

  promise = reset_queries (self, filters);
  return_promise (self, promise, RETURN_BOOLEAN, tq_query_client_reset_queries_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_reset_queries_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.reset_queries_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_reset_queries_finish (TqQueryClient  *self,
                                      GAsyncResult   *result,
                                      GError        **error)
{
  return finish_boolean (self, result, tq_query_client_reset_queries_async, error);
}

/* The imperative fetches: query(), fetchQuery(), prefetchQuery(),
 * ensureQueryData().
 */

typedef struct
{
  TqPromise  *result;
  TqCallback *select;
} SelectStep;

static void
select_step_free (gpointer data)
{
  SelectStep *step = data;

  _tq_promise_unref (step->result);
  _tq_callback_unref (step->select);
  g_free (step);
}

static void
select_step_run (TqPromise *promise,
                 gpointer   user_data)
{
  SelectStep *step = user_data;
  g_auto(GValue) selected = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  if (_tq_promise_is_rejected (promise))
    {
      _tq_promise_reject (step->result, _tq_promise_get_error (promise));
      return;
    }

  if (((TqSelectFunc) step->select->func) (_tq_promise_get_value (promise), &selected,
                                           step->select->data, &error))
    _tq_promise_resolve (step->result, &selected);
  else
    {
      if (error == NULL)
        error = g_error_new_literal (TQ_ERROR, TQ_ERROR_INVALID_DATA,
                                     "The select function failed without saying why");
      _tq_promise_reject (step->result, error);
    }
}

static TqPromise *
fetch_query (TqQueryClient  *self,
             TqQueryOptions *options,
             gboolean        apply_select)
{
  g_autoptr(TqQueryOptions) defaulted = NULL;
  g_autoptr(TqPromise) data = NULL;
  TqQuery *query;

  defaulted = _tq_query_client_default_query_options (self, options);

  /* Imperative fetches do not retry unless told to (rule 23). */
  if (!_tq_query_options_has (defaulted, TQ_OPT_RETRY))
    {
      /* Defaulting made a new object, unless @options were defaulted
       * already: only those are the caller's.
       */
      if (defaulted == options)
        {
          g_object_unref (defaulted);
          defaulted = tq_query_options_copy (options);
        }
      tq_query_options_set_retry (defaulted, 0);
    }

  query = _tq_query_cache_build (self->query_cache, self, defaulted, NULL);

  if (tq_query_is_stale_by_time (query, _tq_query_options_resolve_stale_time (defaulted, query)))
    data = _tq_query_fetch (query, defaulted, FALSE, TQ_FETCH_DIRECTION_NONE);
  else
    data = _tq_promise_new_resolved (&_tq_query_get_state (query)->data);

  if (apply_select && defaulted->select != NULL)
    {
      SelectStep *step = g_new0 (SelectStep, 1);
      TqPromise *result = _tq_promise_new ();

      step->result = _tq_promise_ref (result);
      step->select = _tq_callback_ref (defaulted->select);
      _tq_promise_then (data, select_step_run, step, select_step_free);

      return result;
    }

  return g_steal_pointer (&data);
}

static gboolean
check_options (TqQueryOptions *options,
               const char     *func)
{
  if (!TQ_IS_QUERY_OPTIONS (options))
    {
      g_critical ("%s: expected TqQueryOptions", func);
      return FALSE;
    }

  if (tq_query_options_get_query_key (options) == NULL)
    {
      g_critical ("%s: the options have no query key", func);
      return FALSE;
    }

  return TRUE;
}

/**
 * tq_query_client_query_async:
 * @self: a client
 * @options: options with a key and, unless the data is cached, a query
 *   function
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called with the data
 * @user_data: data for @callback
 *
 * Gets a query's data: the cached data if it is fresh by the options'
 * `stale-time`, otherwise the result of a fetch; `select` is applied
 * (TanStack 5.102's `query()`). `enabled` is ignored, and retry is off
 * unless the options set it (rule 23).
 */
void
tq_query_client_query_async (TqQueryClient       *self,
                             TqQueryOptions      *options,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);
  if (!check_options (options, G_STRFUNC))
    return;

  promise = fetch_query (self, options, TRUE);
  return_promise (self, promise, RETURN_VALUE, tq_query_client_query_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.query_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set: the query
 *   function's or select function's error, %TQ_ERROR_MISSING_QUERY_FN,
 *   %TQ_ERROR_UNDEFINED_DATA, or `G_IO_ERROR_CANCELLED`
 */
gboolean
tq_query_client_query_finish (TqQueryClient  *self,
                              GAsyncResult   *result,
                              GValue         *data,
                              GError        **error)
{
  return finish_value (self, result, tq_query_client_query_async, data, error);
}

/**
 * tq_query_client_fetch_query_async:
 * @self: a client
 * @options: options with a key and a query function
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called with the data
 * @user_data: data for @callback
 *
 * [method@Tq.QueryClient.query_async] without `select` (TanStack's
 * `fetchQuery`, deprecated there in favour of `query()`).
 */
void
tq_query_client_fetch_query_async (TqQueryClient       *self,
                                   TqQueryOptions      *options,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);
  if (!check_options (options, G_STRFUNC))
    return;

  promise = fetch_query (self, options, FALSE);
  return_promise (self, promise, RETURN_VALUE, tq_query_client_fetch_query_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_fetch_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.fetch_query_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set
 */
gboolean
tq_query_client_fetch_query_finish (TqQueryClient  *self,
                                    GAsyncResult   *result,
                                    GValue         *data,
                                    GError        **error)
{
  return finish_value (self, result, tq_query_client_fetch_query_async, data, error);
}

/**
 * tq_query_client_prefetch_query_async:
 * @self: a client
 * @options: options with a key and a query function
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called once the fetch settled
 * @user_data: data for @callback
 *
 * Fetches into the cache unless the data is fresh, and swallows errors
 * (TanStack's `prefetchQuery`): use it to warm the cache before a view
 * needs the data.
 */
void
tq_query_client_prefetch_query_async (TqQueryClient       *self,
                                      TqQueryOptions      *options,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(TqPromise) fetch = NULL;
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);
  if (!check_options (options, G_STRFUNC))
    return;

  fetch = fetch_query (self, options, FALSE);
  promise = _tq_promise_new_settled (fetch);
  return_promise (self, promise, RETURN_BOOLEAN, tq_query_client_prefetch_query_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_prefetch_query_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.prefetch_query_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_prefetch_query_finish (TqQueryClient  *self,
                                       GAsyncResult   *result,
                                       GError        **error)
{
  return finish_boolean (self, result, tq_query_client_prefetch_query_async, error);
}

/**
 * tq_query_client_ensure_query_data_async:
 * @self: a client
 * @options: options with a key and a query function
 * @revalidate_if_stale: whether stale cached data is also refetched in the
 *   background
 * @cancellable: (nullable): cancels the wait, not the fetch
 * @callback: (scope async) (nullable): called with the data
 * @user_data: data for @callback
 *
 * Gets the cached data whatever its age, or fetches it if there is none
 * (TanStack's `ensureQueryData`).
 */
void
tq_query_client_ensure_query_data_async (TqQueryClient       *self,
                                         TqQueryOptions      *options,
                                         gboolean             revalidate_if_stale,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data)
{
  g_autoptr(TqQueryOptions) defaulted = NULL;
  g_autoptr(TqPromise) promise = NULL;
  TqQuery *query;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);
  if (!check_options (options, G_STRFUNC))
    return;

  defaulted = _tq_query_client_default_query_options (self, options);
  query = _tq_query_cache_build (self->query_cache, self, defaulted, NULL);

  if (!_tq_query_state_has_data (_tq_query_get_state (query)))
    promise = fetch_query (self, options, FALSE);
  else
    {
      if (revalidate_if_stale &&
          tq_query_is_stale_by_time (query, _tq_query_options_resolve_stale_time (defaulted, query)))
        tq_query_client_prefetch_query_async (self, defaulted, NULL, NULL, NULL);

      promise = _tq_promise_new_resolved (&_tq_query_get_state (query)->data);
    }

  return_promise (self, promise, RETURN_VALUE, tq_query_client_ensure_query_data_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_ensure_query_data_finish:
 * @self: a client
 * @result: the result given to the callback
 * @data: (out caller-allocates) (optional): an unset value for the data
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.ensure_query_data_async].
 *
 * Returns: %TRUE with @data set, or %FALSE with @error set
 */
gboolean
tq_query_client_ensure_query_data_finish (TqQueryClient  *self,
                                          GAsyncResult   *result,
                                          GValue         *data,
                                          GError        **error)
{
  return finish_value (self, result, tq_query_client_ensure_query_data_async, data, error);
}

/* }}} */
/* {{{ Mutations */

/**
 * tq_query_client_get_mutation_cache:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:mutation-cache].
 *
 * Returns: (transfer none): the mutation cache
 */
TqMutationCache *
tq_query_client_get_mutation_cache (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->mutation_cache;
}

/**
 * tq_query_client_is_mutating:
 * @self: a client
 * @filters: (nullable): filters, or %NULL for every mutation
 *
 * Counts the matching mutations that are pending (TanStack's
 * `isMutating`). Without filters this is
 * [property@Tq.QueryClient:is-mutating].
 *
 * Returns: the count
 */
guint
tq_query_client_is_mutating (TqQueryClient     *self,
                             TqMutationFilters *filters)
{
  g_autoptr(TqMutationFilters) pending = NULL;
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), 0);
  g_return_val_if_fail (filters == NULL || TQ_IS_MUTATION_FILTERS (filters), 0);
  CHECK_ALIVE (self, 0);

  if (filters == NULL)
    return read_n_mutating (self);

  pending = _tq_mutation_filters_copy (filters);
  tq_mutation_filters_set_status (pending, TQ_MUTATION_STATUS_PENDING);
  found = tq_mutation_cache_find_all (self->mutation_cache, pending);

  return found->len;
}

static TqPromise *
resume_paused_mutations (TqQueryClient *self)
{
  /* Offline, nothing could run: do not wait for the network (rule 30). */
  if (!tq_online_manager_is_online (self->online_manager))
    return _tq_promise_new_resolved (NULL);

  return _tq_mutation_cache_resume_paused_mutations (self->mutation_cache);
}

/**
 * tq_query_client_resume_paused_mutations_async:
 * @self: a client
 * @cancellable: (nullable): cancels the wait, not the mutations
 * @callback: (scope async) (nullable): called once the resumed mutations
 *   settled
 * @user_data: data for @callback
 *
 * Continues the paused mutations (TanStack's `resumePausedMutations`),
 * which a mounted client does by itself on reconnect and on focus. It does
 * nothing while offline, and then completes at once (rule 30).
 */
void
tq_query_client_resume_paused_mutations_async (TqQueryClient       *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(TqPromise) promise = NULL;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  CHECK_ALIVE (self);

  promise = resume_paused_mutations (self);
  return_promise (self, promise, RETURN_BOOLEAN, tq_query_client_resume_paused_mutations_async,
                  cancellable, callback, user_data);
}

/**
 * tq_query_client_resume_paused_mutations_finish:
 * @self: a client
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Finishes [method@Tq.QueryClient.resume_paused_mutations_async].
 *
 * Returns: %TRUE, or %FALSE with `G_IO_ERROR_CANCELLED` if the wait was
 *   cancelled
 */
gboolean
tq_query_client_resume_paused_mutations_finish (TqQueryClient  *self,
                                                GAsyncResult   *result,
                                                GError        **error)
{
  return finish_boolean (self, result, tq_query_client_resume_paused_mutations_async, error);
}

/**
 * tq_query_client_get_default_mutation_options:
 * @self: a client
 *
 * Gets [property@Tq.QueryClient:default-mutation-options].
 *
 * Returns: (transfer none) (nullable): the default options
 */
TqMutationOptions *
tq_query_client_get_default_mutation_options (TqQueryClient *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);

  return self->default_mutation_options;
}

/**
 * tq_query_client_set_default_mutation_options:
 * @self: a client
 * @options: (nullable): the options every mutation starts from; their key,
 *   if any, is ignored
 *
 * Replaces the default mutation options as a whole (TanStack's
 * `setDefaultOptions ({mutations})`).
 */
void
tq_query_client_set_default_mutation_options (TqQueryClient     *self,
                                              TqMutationOptions *options)
{
  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (options == NULL || TQ_IS_MUTATION_OPTIONS (options));

  g_clear_object (&self->default_mutation_options);
  if (options != NULL)
    {
      self->default_mutation_options = tq_mutation_options_copy (options);
      tq_mutation_options_unset (self->default_mutation_options, "mutation-key");
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_DEFAULT_MUTATION_OPTIONS]);
}

/**
 * tq_query_client_set_mutation_defaults:
 * @self: a client
 * @mutation_key: a key prefix
 * @options: defaults for the mutations whose key starts with @mutation_key
 *
 * Registers defaults for a mutation key prefix (rule 48): every
 * registration whose key is a prefix of a mutation's key applies, in
 * registration order; registering the same key again replaces its
 * defaults. This is how a mutation function is given to mutations that are
 * made elsewhere, for example resumed from storage.
 */
void
tq_query_client_set_mutation_defaults (TqQueryClient     *self,
                                       GVariant          *mutation_key,
                                       TqMutationOptions *options)
{
  g_autoptr(GVariant) key = NULL;
  g_autofree char *hash = NULL;
  MutationDefaults *defaults;

  g_return_if_fail (TQ_IS_QUERY_CLIENT (self));
  g_return_if_fail (mutation_key != NULL);
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (options));

  key = g_variant_ref_sink (mutation_key);
  hash = tq_key_hash (key);
  if (hash == NULL)
    return;

  defaults = g_new0 (MutationDefaults, 1);
  defaults->key = g_variant_get_normal_form (key);
  defaults->hash = g_steal_pointer (&hash);
  defaults->options = tq_mutation_options_copy (options);
  tq_mutation_options_unset (defaults->options, "mutation-key");

  for (guint i = 0; i < self->mutation_defaults->len; i++)
    {
      MutationDefaults *existing = self->mutation_defaults->pdata[i];

      if (g_str_equal (existing->hash, defaults->hash))
        {
          mutation_defaults_free (existing);
          self->mutation_defaults->pdata[i] = defaults;
          return;
        }
    }

  g_ptr_array_add (self->mutation_defaults, defaults);
}

TqMutationOptions *
_tq_query_client_get_mutation_defaults (TqQueryClient *self,
                                        GVariant      *mutation_key)
{
  TqMutationOptions *result = NULL;

  for (guint i = 0; i < self->mutation_defaults->len; i++)
    {
      MutationDefaults *defaults = self->mutation_defaults->pdata[i];

      if (!tq_key_partial_match (mutation_key, defaults->key))
        continue;

      if (result == NULL)
        result = tq_mutation_options_copy (defaults->options);
      else
        _tq_mutation_options_overlay (result, defaults->options);
    }

  return result;
}

/**
 * tq_query_client_get_mutation_defaults:
 * @self: a client
 * @mutation_key: a key
 *
 * Merges every registered mutation default that applies to @mutation_key
 * (rule 48).
 *
 * Returns: (transfer full): the merged defaults (empty if none applies)
 */
TqMutationOptions *
tq_query_client_get_mutation_defaults (TqQueryClient *self,
                                       GVariant      *mutation_key)
{
  g_autoptr(GVariant) key = NULL;
  TqMutationOptions *result;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (mutation_key != NULL, NULL);

  key = g_variant_ref_sink (mutation_key);
  result = _tq_query_client_get_mutation_defaults (self, key);

  return result != NULL ? result : _tq_mutation_options_new_empty ();
}

TqMutationOptions *
_tq_query_client_default_mutation_options (TqQueryClient     *self,
                                           TqMutationOptions *options)
{
  TqMutationOptions *defaulted;

  if (options->defaulted)
    return g_object_ref (options);

  defaulted = self->default_mutation_options != NULL
                ? tq_mutation_options_copy (self->default_mutation_options)
                : _tq_mutation_options_new_empty ();

  if (options->mutation_key != NULL)
    {
      g_autoptr(TqMutationOptions) key_defaults = _tq_query_client_get_mutation_defaults (self, options->mutation_key);

      if (key_defaults != NULL)
        _tq_mutation_options_overlay (defaulted, key_defaults);
    }

  _tq_mutation_options_overlay (defaulted, options);
  defaulted->defaulted = TRUE;

  return defaulted;
}

/**
 * tq_query_client_default_mutation_options:
 * @self: a client
 * @options: options
 *
 * Merges the client's default mutation options, the mutation defaults of
 * @options' key and @options, in that order (TanStack's
 * `defaultMutationOptions`, rule 48).
 *
 * Returns: (transfer full): the merged options
 */
TqMutationOptions *
tq_query_client_default_mutation_options (TqQueryClient     *self,
                                          TqMutationOptions *options)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (self), NULL);
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (options), NULL);

  return _tq_query_client_default_mutation_options (self, options);
}

/* }}} */
