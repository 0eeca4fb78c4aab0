/* tq-queries-observer.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-queries-observer.h"
#include "tq-query-client-private.h"
#include "tq-query-observer-private.h"
#include "tq-query-result-private.h"
#include "tq-value-private.h"

/**
 * TqQueriesObserver:
 *
 * Watches a list of queries that may change: TanStack's
 * `QueriesObserver` (section 1.8 of `tanstack-query-core.md`), the engine
 * of parallel queries.
 *
 * It holds one [class@Tq.QueryObserver] per query and is a
 * [iface@Gio.ListModel] of them, so a `GtkListView` can show a row per
 * query, each row binding to its observer's properties.
 * [method@Tq.QueriesObserver.set_queries] changes the list: observers are
 * kept for the queries whose key hash they already watch (duplicates are
 * paired in order), so their state and subscriptions carry over, and
 * `items-changed` covers only what moved.
 *
 * [signal@Tq.QueriesObserver::results-changed] carries the array of
 * results each time one of them changes, as TanStack calls its listeners;
 * setting the same queries again reports nothing. With a combine function
 * ([method@Tq.QueriesObserver.set_combine_func]) the results are folded
 * into [property@Tq.QueriesObserver:combined], recomputed only when a
 * result or the list changed, shared structurally with the previous value,
 * and reported only when it changed.
 *
 * Summary properties answer the usual questions about the whole set —
 * [property@Tq.QueriesObserver:is-fetching] for a spinner,
 * [property@Tq.QueriesObserver:is-pending] until every query has data —
 * with batched notifications, as an observer's properties have.
 *
 * Like an observer, it works while it is subscribed: the first
 * [method@Tq.QueriesObserver.subscribe] subscribes every member (each
 * fetches as rule 17 says), and the last unsubscription releases them.
 */

struct _TqQueriesObserver
{
  GObject          parent_instance;

  TqQueryClient   *client;
  TqEnv           *env;

  GPtrArray       *observers;       /* TqQueryObserver* */
  GPtrArray       *results;         /* TqQueryResult*, replaced on change */
  guint            results_serial;

  TqCallback      *combine;
  TqCallback      *combined_with;   /* the function of @combined */
  guint            combined_serial;
  GPtrArray       *combined_hashes; /* the hashes of @combined's queries */
  GValue           combined;

  guint            n_subscribers;

  /* What the properties last said */
  guint            notify_scheduled : 1;
  guint            disposed : 1;
  guint            notified_flags;
  GValue           notified_combined;
};

enum {
  FLAG_PENDING  = 1 << 0,
  FLAG_LOADING  = 1 << 1,
  FLAG_FETCHING = 1 << 2,
  FLAG_ERROR    = 1 << 3,
  FLAG_SUCCESS  = 1 << 4,
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_ITEM_TYPE,
  PROP_N_ITEMS,
  PROP_SUBSCRIBED,
  PROP_COMBINED,
  PROP_IS_PENDING,
  PROP_IS_LOADING,
  PROP_IS_FETCHING,
  PROP_IS_ERROR,
  PROP_IS_SUCCESS,
  N_PROPS
};

enum {
  RESULTS_CHANGED,
  N_SIGNALS
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TqQueriesObserver, tq_queries_observer, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

/* {{{ GListModel */

static GType
tq_queries_observer_get_item_type (GListModel *model)
{
  return TQ_TYPE_QUERY_OBSERVER;
}

static guint
tq_queries_observer_get_n_items (GListModel *model)
{
  return TQ_QUERIES_OBSERVER (model)->observers->len;
}

static gpointer
tq_queries_observer_get_item (GListModel *model,
                              guint       position)
{
  TqQueriesObserver *self = TQ_QUERIES_OBSERVER (model);

  if (position >= self->observers->len)
    return NULL;

  return g_object_ref (self->observers->pdata[position]);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tq_queries_observer_get_item_type;
  iface->get_n_items = tq_queries_observer_get_n_items;
  iface->get_item = tq_queries_observer_get_item;
}

/* }}} */
/* {{{ Results and notification */

static guint
result_flags (GPtrArray *results)
{
  guint flags = results->len > 0 ? FLAG_SUCCESS : 0;

  for (guint i = 0; i < results->len; i++)
    {
      TqQueryResult *r = results->pdata[i];

      if (tq_query_result_is_pending (r))
        flags |= FLAG_PENDING;
      if (tq_query_result_is_loading (r))
        flags |= FLAG_LOADING;
      if (tq_query_result_is_fetching (r))
        flags |= FLAG_FETCHING;
      if (tq_query_result_is_error (r))
        flags |= FLAG_ERROR;
      if (!tq_query_result_is_success (r))
        flags &= ~FLAG_SUCCESS;
    }

  return flags;
}

static void
flush_notify (gpointer data)
{
  TqQueriesObserver *self = data;
  static const struct { guint flag; guint prop; } map[] = {
    { FLAG_PENDING, PROP_IS_PENDING },
    { FLAG_LOADING, PROP_IS_LOADING },
    { FLAG_FETCHING, PROP_IS_FETCHING },
    { FLAG_ERROR, PROP_IS_ERROR },
    { FLAG_SUCCESS, PROP_IS_SUCCESS },
  };
  guint flags;

  self->notify_scheduled = FALSE;
  if (self->disposed)
    return;

  flags = result_flags (self->results);

  g_object_freeze_notify (G_OBJECT (self));
  for (guint i = 0; i < G_N_ELEMENTS (map); i++)
    if ((flags & map[i].flag) != (self->notified_flags & map[i].flag))
      g_object_notify_by_pspec (G_OBJECT (self), properties [map[i].prop]);
  self->notified_flags = flags;

  if (!_tq_value_identical (&self->combined, &self->notified_combined))
    {
      _tq_value_reset (&self->notified_combined);
      _tq_value_copy_shared (&self->combined, &self->notified_combined);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_COMBINED]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

static void
schedule_notify (TqQueriesObserver *self)
{
  if (self->notify_scheduled)
    return;

  self->notify_scheduled = TRUE;
  tq_notify_manager_schedule (self->env->notify_manager, flush_notify,
                              g_object_ref (self), g_object_unref);
}

static GPtrArray *
current_hashes (TqQueriesObserver *self)
{
  GPtrArray *hashes = g_ptr_array_new_full (self->observers->len, g_free);

  for (guint i = 0; i < self->observers->len; i++)
    {
      TqQueryOptions *options = tq_query_observer_get_options (self->observers->pdata[i]);

      g_ptr_array_add (hashes, g_strdup (tq_query_options_get_query_hash (options)));
    }

  return hashes;
}

static gboolean
hashes_equal (GPtrArray *a,
              GPtrArray *b)
{
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (g_strcmp0 (a->pdata[i], b->pdata[i]) != 0)
      return FALSE;

  return TRUE;
}

/* TanStack's #combineResult(): recomputed only when the results, the
 * queries or the function changed; structurally shared. Returns whether
 * the combined value changed.
 */
static gboolean
update_combined (TqQueriesObserver *self)
{
  g_autoptr(GPtrArray) hashes = NULL;
  g_auto(GValue) next = G_VALUE_INIT;
  g_auto(GValue) shared = G_VALUE_INIT;
  gboolean changed;

  if (self->combine == NULL)
    {
      changed = G_IS_VALUE (&self->combined);
      _tq_value_reset (&self->combined);
      g_clear_pointer (&self->combined_with, _tq_callback_unref);
      return changed;
    }

  hashes = current_hashes (self);

  if (self->combined_with != NULL &&
      _tq_callback_equal (self->combine, self->combined_with) &&
      self->combined_serial == self->results_serial &&
      hashes_equal (hashes, self->combined_hashes))
    return FALSE;

  ((TqCombineFunc) self->combine->func) (self->results, &next, self->combine->data);
  tq_value_replace_equal_deep (&self->combined, &next, &shared);

  g_clear_pointer (&self->combined_with, _tq_callback_unref);
  self->combined_with = _tq_callback_ref (self->combine);
  self->combined_serial = self->results_serial;
  g_clear_pointer (&self->combined_hashes, g_ptr_array_unref);
  self->combined_hashes = g_steal_pointer (&hashes);

  changed = !_tq_value_identical (&self->combined, &shared);
  _tq_value_reset (&self->combined);
  _tq_value_copy_shared (&shared, &self->combined);

  return changed;
}

/* TanStack's #notify() */
static void
notify_results (TqQueriesObserver *self)
{
  gboolean combined_changed = update_combined (self);

  schedule_notify (self);

  if (self->n_subscribers == 0)
    return;

  if (self->combine == NULL || combined_changed)
    {
      g_autoptr(GPtrArray) results = g_ptr_array_ref (self->results);

      tq_notify_manager_begin_batch (self->env->notify_manager);
      g_signal_emit (self, signals [RESULTS_CHANGED], 0, results);
      tq_notify_manager_end_batch (self->env->notify_manager);
    }
}

static void
set_results (TqQueriesObserver *self,
             GPtrArray         *results)
{
  g_clear_pointer (&self->results, g_ptr_array_unref);
  self->results = results;
  self->results_serial++;
}

static GPtrArray *
results_new (guint n)
{
  return g_ptr_array_new_full (n, (GDestroyNotify) tq_query_result_unref);
}

/* TanStack's #onUpdate(): a new array with one result replaced */
static void
on_member_result_changed (TqQueryObserver   *observer,
                          TqQueryResult     *result,
                          TqQueriesObserver *self)
{
  guint index;
  GPtrArray *results;

  if (!g_ptr_array_find (self->observers, observer, &index))
    return;

  results = results_new (self->results->len);
  for (guint i = 0; i < self->results->len; i++)
    g_ptr_array_add (results, tq_query_result_ref (i == index ? result : self->results->pdata[i]));
  set_results (self, results);

  notify_results (self);
}

static void
member_subscribe (TqQueriesObserver *self,
                  TqQueryObserver   *observer)
{
  g_signal_connect_object (observer, "result-changed",
                           G_CALLBACK (on_member_result_changed), self, G_CONNECT_DEFAULT);
  tq_query_observer_subscribe (observer);
}

static void
member_unsubscribe (TqQueriesObserver *self,
                    TqQueryObserver   *observer)
{
  g_signal_handlers_disconnect_by_func (observer, on_member_result_changed, self);
  tq_query_observer_unsubscribe (observer);
}

/* }}} */
/* {{{ GObject */

static void
tq_queries_observer_dispose (GObject *object)
{
  TqQueriesObserver *self = (TqQueriesObserver *)object;

  self->disposed = TRUE;

  if (self->n_subscribers > 0)
    {
      for (guint i = 0; i < self->observers->len; i++)
        member_unsubscribe (self, self->observers->pdata[i]);
      self->n_subscribers = 0;
    }

  if (self->observers != NULL)
    g_ptr_array_set_size (self->observers, 0);

  G_OBJECT_CLASS (tq_queries_observer_parent_class)->dispose (object);
}

static void
tq_queries_observer_finalize (GObject *object)
{
  TqQueriesObserver *self = (TqQueriesObserver *)object;

  g_clear_pointer (&self->observers, g_ptr_array_unref);
  g_clear_pointer (&self->results, g_ptr_array_unref);
  g_clear_pointer (&self->combine, _tq_callback_unref);
  g_clear_pointer (&self->combined_with, _tq_callback_unref);
  g_clear_pointer (&self->combined_hashes, g_ptr_array_unref);
  _tq_value_reset (&self->combined);
  _tq_value_reset (&self->notified_combined);
  g_clear_pointer (&self->env, _tq_env_unref);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (tq_queries_observer_parent_class)->finalize (object);
}

static void
tq_queries_observer_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqQueriesObserver *self = TQ_QUERIES_OBSERVER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    case PROP_ITEM_TYPE:
      g_value_set_gtype (value, TQ_TYPE_QUERY_OBSERVER);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->observers->len);
      break;
    case PROP_SUBSCRIBED:
      g_value_set_boolean (value, self->n_subscribers > 0);
      break;
    case PROP_COMBINED:
      g_value_set_boxed (value, G_IS_VALUE (&self->combined) ? &self->combined : NULL);
      break;
    case PROP_IS_PENDING:
      g_value_set_boolean (value, (result_flags (self->results) & FLAG_PENDING) != 0);
      break;
    case PROP_IS_LOADING:
      g_value_set_boolean (value, (result_flags (self->results) & FLAG_LOADING) != 0);
      break;
    case PROP_IS_FETCHING:
      g_value_set_boolean (value, (result_flags (self->results) & FLAG_FETCHING) != 0);
      break;
    case PROP_IS_ERROR:
      g_value_set_boolean (value, (result_flags (self->results) & FLAG_ERROR) != 0);
      break;
    case PROP_IS_SUCCESS:
      g_value_set_boolean (value, (result_flags (self->results) & FLAG_SUCCESS) != 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_queries_observer_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TqQueriesObserver *self = TQ_QUERIES_OBSERVER (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      self->client = g_value_dup_object (value);
      if (self->client != NULL)
        self->env = _tq_env_ref (_tq_query_client_get_env (self->client));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_queries_observer_constructed (GObject *object)
{
  TqQueriesObserver *self = (TqQueriesObserver *)object;

  G_OBJECT_CLASS (tq_queries_observer_parent_class)->constructed (object);

  if (self->client == NULL)
    g_critical ("TqQueriesObserver needs a client");
}

static void
tq_queries_observer_class_init (TqQueriesObserverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->constructed = tq_queries_observer_constructed;
  object_class->dispose = tq_queries_observer_dispose;
  object_class->finalize = tq_queries_observer_finalize;
  object_class->get_property = tq_queries_observer_get_property;
  object_class->set_property = tq_queries_observer_set_property;

  /**
   * TqQueriesObserver:client:
   *
   * The client whose queries are watched.
   */
  properties [PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueriesObserver:item-type:
   *
   * The type of the items: [class@Tq.QueryObserver].
   */
  properties [PROP_ITEM_TYPE] =
    g_param_spec_gtype ("item-type", NULL, NULL, G_TYPE_OBJECT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueriesObserver:n-items:
   *
   * The number of queries watched.
   */
  properties [PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0, ro);

  /**
   * TqQueriesObserver:subscribed:
   *
   * Whether it has subscribers, and so watches its queries.
   */
  properties [PROP_SUBSCRIBED] =
    g_param_spec_boolean ("subscribed", NULL, NULL, FALSE, ro);

  /**
   * TqQueriesObserver:combined:
   *
   * What the combine function made of the results; %NULL without one.
   */
  properties [PROP_COMBINED] =
    g_param_spec_boxed ("combined", NULL, NULL, G_TYPE_VALUE, ro);

  /**
   * TqQueriesObserver:is-pending:
   *
   * Whether some query has no data yet.
   */
  properties [PROP_IS_PENDING] =
    g_param_spec_boolean ("is-pending", NULL, NULL, FALSE, ro);

  /**
   * TqQueriesObserver:is-loading:
   *
   * Whether some query is fetching its first data.
   */
  properties [PROP_IS_LOADING] =
    g_param_spec_boolean ("is-loading", NULL, NULL, FALSE, ro);

  /**
   * TqQueriesObserver:is-fetching:
   *
   * Whether some query is fetching.
   */
  properties [PROP_IS_FETCHING] =
    g_param_spec_boolean ("is-fetching", NULL, NULL, FALSE, ro);

  /**
   * TqQueriesObserver:is-error:
   *
   * Whether some query is in error.
   */
  properties [PROP_IS_ERROR] =
    g_param_spec_boolean ("is-error", NULL, NULL, FALSE, ro);

  /**
   * TqQueriesObserver:is-success:
   *
   * Whether there are queries and every one of them has data.
   */
  properties [PROP_IS_SUCCESS] =
    g_param_spec_boolean ("is-success", NULL, NULL, FALSE, ro);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqQueriesObserver::results-changed:
   * @self: the observer
   * @results: (element-type TqQueryResult): the results, in the order of
   *   the queries
   *
   * Emitted synchronously each time a result changes or the list of
   * queries does, as TanStack calls its listeners. With a combine function,
   * it is emitted only when the combined value changed. The array is not
   * changed afterwards: a new one replaces it.
   */
  signals [RESULTS_CHANGED] =
    g_signal_new ("results-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__BOXED,
                  G_TYPE_NONE, 1, G_TYPE_PTR_ARRAY | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tq_queries_observer_init (TqQueriesObserver *self)
{
  self->observers = g_ptr_array_new_with_free_func (g_object_unref);
  self->results = results_new (0);
}

/* }}} */
/* {{{ Public API */

/**
 * tq_queries_observer_new:
 * @client: a client
 * @queries: (array length=n_queries) (nullable): the options of each query,
 *   with keys
 * @n_queries: the number of queries
 *
 * Creates an observer of parallel queries. Like a query observer, it
 * fetches nothing until it is subscribed.
 *
 * Returns: (transfer full): a new observer
 */
TqQueriesObserver *
tq_queries_observer_new (TqQueryClient   *client,
                         TqQueryOptions **queries,
                         guint            n_queries)
{
  TqQueriesObserver *self;

  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (queries != NULL || n_queries == 0, NULL);

  self = g_object_new (TQ_TYPE_QUERIES_OBSERVER, "client", client, NULL);
  tq_queries_observer_set_queries (self, queries, n_queries);

  return self;
}

/**
 * tq_queries_observer_get_client:
 * @self: an observer
 *
 * Gets [property@Tq.QueriesObserver:client].
 *
 * Returns: (transfer none): the client
 */
TqQueryClient *
tq_queries_observer_get_client (TqQueriesObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), NULL);

  return self->client;
}

/**
 * tq_queries_observer_set_queries:
 * @self: an observer
 * @queries: (array length=n_queries) (nullable): the options of each query,
 *   with keys
 * @n_queries: the number of queries
 *
 * Changes the queries watched (TanStack's `setQueries`). An observer
 * already watching a query of the same key hash is kept, with the new
 * options; others are made, and those left over are released. While
 * subscribed, new observers are subscribed (and fetch as rule 17 says).
 * `items-changed` and [signal@Tq.QueriesObserver::results-changed] follow
 * only if the list or a result changed.
 */
void
tq_queries_observer_set_queries (TqQueriesObserver  *self,
                                 TqQueryOptions    **queries,
                                 guint               n_queries)
{
  g_autoptr(GHashTable) previous = NULL;
  g_autoptr(GPtrArray) observers = NULL;
  g_autoptr(GPtrArray) old_observers = NULL;
  GPtrArray *results;
  gboolean structural, result_changed = FALSE;
  guint prefix = 0, suffix = 0;
  guint old_len;

  g_return_if_fail (TQ_IS_QUERIES_OBSERVER (self));
  g_return_if_fail (queries != NULL || n_queries == 0);
  g_return_if_fail (self->client != NULL);

  for (guint i = 0; i < n_queries; i++)
    {
      g_return_if_fail (TQ_IS_QUERY_OPTIONS (queries[i]));
      if (tq_query_options_get_query_key (queries[i]) == NULL)
        {
          g_critical ("%s: the options of query %u have no query key", G_STRFUNC, i);
          return;
        }
    }

  g_object_ref (self);
  tq_notify_manager_begin_batch (self->env->notify_manager);

  /* Observers by the hash they watch, duplicates in order */
  /* Own copies: set_options() below frees the options the hashes live in */
  previous = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_queue_free);
  for (guint i = 0; i < self->observers->len; i++)
    {
      TqQueryObserver *observer = self->observers->pdata[i];
      const char *hash = tq_query_options_get_query_hash (tq_query_observer_get_options (observer));
      GQueue *queue = g_hash_table_lookup (previous, hash);

      if (queue == NULL)
        {
          queue = g_queue_new ();
          g_hash_table_insert (previous, g_strdup (hash), queue);
        }
      g_queue_push_tail (queue, observer);
    }

  observers = g_ptr_array_new_full (n_queries, g_object_unref);
  for (guint i = 0; i < n_queries; i++)
    {
      g_autoptr(TqQueryOptions) defaulted = _tq_query_client_default_query_options (self->client, queries[i]);
      GQueue *queue = g_hash_table_lookup (previous, tq_query_options_get_query_hash (defaulted));
      TqQueryObserver *observer = queue != NULL ? g_queue_pop_head (queue) : NULL;

      if (observer != NULL)
        {
          tq_query_observer_set_options (observer, defaulted);
          g_ptr_array_add (observers, g_object_ref (observer));
        }
      else
        g_ptr_array_add (observers, tq_query_observer_new (self->client, defaulted));
    }

  results = results_new (n_queries);
  for (guint i = 0; i < n_queries; i++)
    g_ptr_array_add (results, tq_query_result_ref (tq_query_observer_get_current_result (observers->pdata[i])));

  structural = observers->len != self->observers->len;
  for (guint i = 0; !structural && i < observers->len; i++)
    structural = observers->pdata[i] != self->observers->pdata[i];
  for (guint i = 0; !structural && !result_changed && i < results->len; i++)
    result_changed = !_tq_query_result_equal (results->pdata[i], self->results->pdata[i]);

  if (!structural && !result_changed)
    {
      g_ptr_array_unref (results);
      goto out;
    }

  old_len = self->observers->len;
  if (structural)
    {
      old_observers = g_steal_pointer (&self->observers);
      self->observers = g_ptr_array_ref (observers);
    }
  set_results (self, results);

  if (structural)
    {
      guint common = MIN (old_len, observers->len);

      while (prefix < common && old_observers->pdata[prefix] == observers->pdata[prefix])
        prefix++;
      while (suffix < common - prefix &&
             old_observers->pdata[old_len - 1 - suffix] == observers->pdata[observers->len - 1 - suffix])
        suffix++;

      g_list_model_items_changed (G_LIST_MODEL (self), prefix,
                                  old_len - prefix - suffix,
                                  observers->len - prefix - suffix);
      if (old_len != observers->len)
        g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_ITEMS]);
    }

  if (self->n_subscribers == 0)
    {
      update_combined (self);
      schedule_notify (self);
      goto out;
    }

  if (structural)
    {
      for (guint i = 0; i < old_observers->len; i++)
        if (!g_ptr_array_find (observers, old_observers->pdata[i], NULL))
          member_unsubscribe (self, old_observers->pdata[i]);

      for (guint i = 0; i < observers->len; i++)
        if (!g_ptr_array_find (old_observers, observers->pdata[i], NULL))
          member_subscribe (self, observers->pdata[i]);
    }

  notify_results (self);

out:
  tq_notify_manager_end_batch (self->env->notify_manager);
  g_object_unref (self);
}

/**
 * tq_queries_observer_get_observer:
 * @self: an observer
 * @position: the position of a query
 *
 * Gets the observer of the query at @position (TanStack's
 * `getObservers()[position]`).
 *
 * Returns: (transfer none) (nullable): the observer, or %NULL past the end
 */
TqQueryObserver *
tq_queries_observer_get_observer (TqQueriesObserver *self,
                                  guint              position)
{
  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), NULL);

  if (position >= self->observers->len)
    return NULL;

  return self->observers->pdata[position];
}

/**
 * tq_queries_observer_get_result:
 * @self: an observer
 * @position: the position of a query
 *
 * Gets the current result of the query at @position.
 *
 * Returns: (transfer none) (nullable): the result, or %NULL past the end
 */
TqQueryResult *
tq_queries_observer_get_result (TqQueriesObserver *self,
                                guint              position)
{
  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), NULL);

  if (position >= self->results->len)
    return NULL;

  return self->results->pdata[position];
}

/**
 * tq_queries_observer_get_results:
 * @self: an observer
 *
 * Gets the current results (TanStack's `getCurrentResult`). The array is
 * never changed: a new one replaces it when a result changes.
 *
 * Returns: (transfer container) (element-type TqQueryResult): the results,
 *   in the order of the queries
 */
GPtrArray *
tq_queries_observer_get_results (TqQueriesObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), NULL);

  return g_ptr_array_ref (self->results);
}

/**
 * tq_queries_observer_get_queries:
 * @self: an observer
 *
 * Gets the queries watched (TanStack's `getQueries`).
 *
 * Returns: (transfer container) (element-type TqQuery): the queries, in
 *   order
 */
GPtrArray *
tq_queries_observer_get_queries (TqQueriesObserver *self)
{
  GPtrArray *queries;

  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), NULL);

  queries = g_ptr_array_new_full (self->observers->len, g_object_unref);
  for (guint i = 0; i < self->observers->len; i++)
    g_ptr_array_add (queries, g_object_ref (tq_query_observer_get_query (self->observers->pdata[i])));

  return queries;
}

/**
 * tq_queries_observer_set_combine_func:
 * @self: an observer
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   combines the results, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the combine function (TanStack's `combine`). It runs when a result
 * or the list of queries changed, or when it is replaced, and its value
 * becomes [property@Tq.QueriesObserver:combined] if it differs from the
 * last one (with structural sharing).
 */
void
tq_queries_observer_set_combine_func (TqQueriesObserver *self,
                                      TqCombineFunc      func,
                                      gpointer           user_data,
                                      GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_QUERIES_OBSERVER (self));

  g_clear_pointer (&self->combine, _tq_callback_unref);
  if (func != NULL)
    self->combine = _tq_callback_new (func, user_data, destroy);

  if (update_combined (self))
    schedule_notify (self);
}

/**
 * tq_queries_observer_get_combined:
 * @self: an observer
 *
 * Gets [property@Tq.QueriesObserver:combined].
 *
 * Returns: (transfer none): the combined value, or an unset value without
 *   a combine function
 */
const GValue *
tq_queries_observer_get_combined (TqQueriesObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), NULL);

  update_combined (self);

  return &self->combined;
}

/**
 * tq_queries_observer_subscribe:
 * @self: an observer
 *
 * Adds a subscriber. The first one subscribes every member observer, each
 * of which fetches if it should (the query functions run before this
 * returns). Balance each call with
 * [method@Tq.QueriesObserver.unsubscribe].
 */
void
tq_queries_observer_subscribe (TqQueriesObserver *self)
{
  g_return_if_fail (TQ_IS_QUERIES_OBSERVER (self));

  if (++self->n_subscribers != 1)
    return;

  g_object_ref (self);

  for (guint i = 0; i < self->observers->len; i++)
    member_subscribe (self, self->observers->pdata[i]);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBSCRIBED]);

  g_object_unref (self);
}

/**
 * tq_queries_observer_unsubscribe:
 * @self: an observer
 *
 * Removes a subscriber. The last one unsubscribes every member observer;
 * they are kept, and subscribed again by the next subscriber.
 */
void
tq_queries_observer_unsubscribe (TqQueriesObserver *self)
{
  g_return_if_fail (TQ_IS_QUERIES_OBSERVER (self));
  g_return_if_fail (self->n_subscribers > 0);

  if (--self->n_subscribers != 0)
    return;

  g_object_ref (self);

  for (guint i = 0; i < self->observers->len; i++)
    member_unsubscribe (self, self->observers->pdata[i]);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SUBSCRIBED]);

  g_object_unref (self);
}

/**
 * tq_queries_observer_is_subscribed:
 * @self: an observer
 *
 * Gets [property@Tq.QueriesObserver:subscribed].
 *
 * Returns: whether subscribed
 */
gboolean
tq_queries_observer_is_subscribed (TqQueriesObserver *self)
{
  g_return_val_if_fail (TQ_IS_QUERIES_OBSERVER (self), FALSE);

  return self->n_subscribers > 0;
}

/* }}} */
