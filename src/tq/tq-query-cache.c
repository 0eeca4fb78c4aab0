/* tq-query-cache.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-enum-types.h"
#include "tq-key.h"
#include "tq-query-cache-private.h"
#include "tq-query-client-private.h"
#include "tq-query-filters-private.h"
#include "tq-query-observer.h"

/**
 * TqQueryCache:
 *
 * The queries of a client: TanStack's `QueryCache` (section 1.5 of
 * `tanstack-query-core.md`). One query per key hash; signals for every
 * change, and the global success, error and settled hooks.
 *
 * Beyond TanStack, the cache keeps an index of its keys, element by element
 * (a trie over the canonical forms of the keys' top-level elements), so that
 * filtered operations cost in proportion to what they match: an exact key is
 * one hash lookup, and a key prefix walks only the part of the index under
 * it. Queries are still returned in the order they were added, as TanStack
 * returns them.
 */

typedef struct _IndexNode IndexNode;

struct _IndexNode
{
  IndexNode  *parent;
  char       *element;        /* canonical form, the key in parent->children */
  GVariant   *element_value;  /* kept for containers, which match partially */
  GHashTable *children;       /* element → IndexNode* */
  GPtrArray  *queries;        /* queries whose key ends here */
};

struct _TqQueryCache
{
  GObject     parent_instance;

  TqEnv      *env;
  GHashTable *queries;   /* hash → TqQuery* (one reference each) */
  GQueue      all;       /* insertion order, links inside the queries */
  guint64     next_seq;
  IndexNode   root;
  guint       n_fetching;
  GHashTable *orphans;   /* removed queries whose gc timer is armed → ref */
  void      (*fetching_hook) (gpointer);
  gpointer    fetching_hook_data;
};

enum {
  QUERY_ADDED,
  QUERY_REMOVED,
  QUERY_UPDATED,
  OBSERVER_ADDED,
  OBSERVER_REMOVED,
  OBSERVER_RESULTS_UPDATED,
  OBSERVER_OPTIONS_UPDATED,
  SUCCESS,
  ERROR,
  SETTLED,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqQueryCache, tq_query_cache, G_TYPE_OBJECT)

static guint signals [N_SIGNALS];

/* {{{ Key index */

static void
index_node_free (gpointer data)
{
  IndexNode *node = data;

  g_clear_pointer (&node->children, g_hash_table_unref);
  g_clear_pointer (&node->queries, g_ptr_array_unref);
  g_clear_pointer (&node->element_value, g_variant_unref);
  g_free (node->element);
  g_free (node);
}

/* Cuts a canonical hash `[e0,e1,…]` into its top-level elements. */
static guint
split_hash (const char *hash,
            guint      *starts,
            guint      *lengths,
            guint       max)
{
  guint n = 0;
  int depth = 0;
  gboolean in_string = FALSE;
  guint start = 1;
  gsize len = strlen (hash);

  if (len < 2 || hash[0] != '[')
    return 0;

  for (guint i = 1; i < len; i++)
    {
      char c = hash[i];

      if (in_string)
        {
          if (c == '\\')
            i++;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }

      if (c == '"')
        in_string = TRUE;
      else if (c == '[' || c == '{')
        depth++;
      else if ((c == ']' || c == '}') && depth > 0)
        depth--;
      else if ((c == ',' || c == ']') && depth == 0)
        {
          if (i > start)
            {
              if (n < max)
                {
                  starts[n] = start;
                  lengths[n] = i - start;
                }
              n++;
            }
          start = i + 1;
        }
    }

  return n;
}

static gboolean
is_container (const char *element)
{
  return element[0] == '[' || element[0] == '{';
}

static void
index_insert (TqQueryCache *self,
              TqQuery      *query)
{
  const char *hash = _tq_query_get_hash (query);
  GVariant *key = _tq_query_get_key (query);
  guint stack_starts[16], stack_lengths[16];
  guint *starts = stack_starts, *lengths = stack_lengths;
  guint n = split_hash (hash, starts, lengths, G_N_ELEMENTS (stack_starts));
  IndexNode *node = &self->root;

  if (n > G_N_ELEMENTS (stack_starts))
    {
      starts = g_new (guint, n);
      lengths = g_new (guint, n);
      split_hash (hash, starts, lengths, n);
    }

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *element = g_strndup (hash + starts[i], lengths[i]);
      IndexNode *child = NULL;

      if (node->children == NULL)
        node->children = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, index_node_free);
      else
        child = g_hash_table_lookup (node->children, element);

      if (child == NULL)
        {
          child = g_new0 (IndexNode, 1);
          child->parent = node;
          if (is_container (element))
            child->element_value = g_variant_get_child_value (key, i);
          child->element = g_steal_pointer (&element);
          g_hash_table_insert (node->children, child->element, child);
        }

      node = child;
    }

  if (node->queries == NULL)
    node->queries = g_ptr_array_new ();
  g_ptr_array_add (node->queries, query);
  _tq_query_get_index_entry (query)->node = node;

  if (starts != stack_starts)
    {
      g_free (starts);
      g_free (lengths);
    }
}

static void
index_remove (TqQueryCache *self,
              TqQuery      *query)
{
  IndexNode *node = _tq_query_get_index_entry (query)->node;

  if (node == NULL)
    return;

  g_ptr_array_remove_fast (node->queries, query);
  _tq_query_get_index_entry (query)->node = NULL;

  /* Prune the branch that no longer leads to a query. */
  while (node != &self->root &&
         (node->queries == NULL || node->queries->len == 0) &&
         (node->children == NULL || g_hash_table_size (node->children) == 0))
    {
      IndexNode *parent = node->parent;

      g_hash_table_remove (parent->children, node->element);
      node = parent;
    }
}

static void
collect_subtree (IndexNode *node,
                 GPtrArray *out)
{
  if (node->queries != NULL)
    for (guint i = 0; i < node->queries->len; i++)
      g_ptr_array_add (out, node->queries->pdata[i]);

  if (node->children != NULL)
    {
      GHashTableIter iter;
      IndexNode *child;

      g_hash_table_iter_init (&iter, node->children);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &child))
        collect_subtree (child, out);
    }
}

typedef struct
{
  const char *hash;
  GVariant   *key;
  guint      *starts;
  guint      *lengths;
  guint       n;
} FilterKey;

static void
index_walk (IndexNode       *node,
            const FilterKey *filter,
            guint            depth,
            GPtrArray       *out)
{
  g_autofree char *element = NULL;

  if (depth == filter->n)
    {
      collect_subtree (node, out);
      return;
    }

  if (node->children == NULL)
    return;

  element = g_strndup (filter->hash + filter->starts[depth], filter->lengths[depth]);

  if (is_container (element))
    {
      /* A tuple, array or dictionary in the filter matches partially: try
       * it against each container at this level (rule 2).
       */
      g_autoptr(GVariant) wanted = g_variant_get_child_value (filter->key, depth);
      GHashTableIter iter;
      IndexNode *child;

      g_hash_table_iter_init (&iter, node->children);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &child))
        if (child->element_value != NULL &&
            tq_key_partial_match (child->element_value, wanted))
          index_walk (child, filter, depth + 1, out);
    }
  else
    {
      IndexNode *child = g_hash_table_lookup (node->children, element);

      if (child != NULL)
        index_walk (child, filter, depth + 1, out);
    }
}

static int
compare_seq (gconstpointer a,
             gconstpointer b)
{
  guint64 sa = _tq_query_get_index_entry (*(TqQuery **) a)->seq;
  guint64 sb = _tq_query_get_index_entry (*(TqQuery **) b)->seq;

  return sa < sb ? -1 : sa > sb;
}

static void
index_find (TqQueryCache *self,
            GVariant     *filter_key,
            const char   *filter_hash,
            GPtrArray    *out)
{
  guint stack_starts[16], stack_lengths[16];
  FilterKey filter = { filter_hash, filter_key, stack_starts, stack_lengths, 0 };
  guint first = out->len;

  filter.n = split_hash (filter_hash, filter.starts, filter.lengths, G_N_ELEMENTS (stack_starts));
  if (filter.n > G_N_ELEMENTS (stack_starts))
    {
      filter.starts = g_new (guint, filter.n);
      filter.lengths = g_new (guint, filter.n);
      split_hash (filter_hash, filter.starts, filter.lengths, filter.n);
    }

  index_walk (&self->root, &filter, 0, out);

  /* The walk visits branches in hash order; callers get insertion order. */
  if (out->len - first > 1)
    qsort (out->pdata + first, out->len - first, sizeof (gpointer), compare_seq);

  if (filter.starts != stack_starts)
    {
      g_free (filter.starts);
      g_free (filter.lengths);
    }
}

/* }}} */

static void
tq_query_cache_dispose (GObject *object)
{
  TqQueryCache *self = (TqQueryCache *)object;

  if (self->queries != NULL && g_hash_table_size (self->queries) > 0)
    tq_query_cache_clear (self);

  if (self->orphans != NULL)
    {
      g_autoptr(GHashTable) orphans = g_steal_pointer (&self->orphans);
      GHashTableIter iter;
      gpointer query;

      g_hash_table_iter_init (&iter, orphans);
      while (g_hash_table_iter_next (&iter, &query, NULL))
        _tq_query_forget_cache (query);
    }

  G_OBJECT_CLASS (tq_query_cache_parent_class)->dispose (object);
}

static void
tq_query_cache_finalize (GObject *object)
{
  TqQueryCache *self = (TqQueryCache *)object;

  g_clear_pointer (&self->queries, g_hash_table_unref);
  g_clear_pointer (&self->root.children, g_hash_table_unref);
  g_clear_pointer (&self->root.queries, g_ptr_array_unref);
  g_clear_pointer (&self->env, _tq_env_unref);

  G_OBJECT_CLASS (tq_query_cache_parent_class)->finalize (object);
}

static void
tq_query_cache_class_init (TqQueryCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tq_query_cache_dispose;
  object_class->finalize = tq_query_cache_finalize;

  /**
   * TqQueryCache::query-added:
   * @self: the cache
   * @query: the new query
   *
   * Emitted when a query is added (TanStack's `added` event).
   */
  signals [QUERY_ADDED] =
    g_signal_new ("query-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, TQ_TYPE_QUERY);

  /**
   * TqQueryCache::query-removed:
   * @self: the cache
   * @query: the removed query
   *
   * Emitted when a query is removed, by garbage collection or on request
   * (`removed`).
   */
  signals [QUERY_REMOVED] =
    g_signal_new ("query-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  g_cclosure_marshal_VOID__OBJECT,
                  G_TYPE_NONE, 1, TQ_TYPE_QUERY);

  /**
   * TqQueryCache::query-updated:
   * @self: the cache
   * @query: the query
   * @action: the action of its reducer
   *
   * Emitted after each change of a query's state (`updated`), after the
   * query's observers were updated (rule 40).
   */
  signals [QUERY_UPDATED] =
    g_signal_new ("query-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, TQ_TYPE_QUERY_ACTION);

  /**
   * TqQueryCache::observer-added:
   * @self: the cache
   * @query: the query
   * @observer: the observer that subscribed to it
   *
   * Emitted when a query gains an observer (`observerAdded`).
   */
  signals [OBSERVER_ADDED] =
    g_signal_new ("observer-added",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, TQ_TYPE_QUERY_OBSERVER);

  /**
   * TqQueryCache::observer-removed:
   * @self: the cache
   * @query: the query
   * @observer: the observer that left it
   *
   * Emitted when a query loses an observer (`observerRemoved`).
   */
  signals [OBSERVER_REMOVED] =
    g_signal_new ("observer-removed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, TQ_TYPE_QUERY_OBSERVER);

  /**
   * TqQueryCache::observer-results-updated:
   * @self: the cache
   * @query: the query
   * @observer: the observer whose result changed
   *
   * Emitted when an observer's result changed (`observerResultsUpdated`).
   */
  signals [OBSERVER_RESULTS_UPDATED] =
    g_signal_new ("observer-results-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, TQ_TYPE_QUERY_OBSERVER);

  /**
   * TqQueryCache::observer-options-updated:
   * @self: the cache
   * @query: the query
   * @observer: the observer whose options changed
   *
   * Emitted when an observer's options changed (`observerOptionsUpdated`).
   */
  signals [OBSERVER_OPTIONS_UPDATED] =
    g_signal_new ("observer-options-updated",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, TQ_TYPE_QUERY_OBSERVER);

  /**
   * TqQueryCache::success:
   * @self: the cache
   * @query: the query
   * @data: the data it fetched
   *
   * The global `onSuccess` hook: emitted after a fetch succeeded and the
   * state was updated.
   */
  signals [SUCCESS] =
    g_signal_new ("success",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqQueryCache::error:
   * @self: the cache
   * @query: the query
   * @error: why the fetch failed
   *
   * The global `onError` hook: emitted after a fetch failed for good. Not
   * emitted for cancellations that reverted or were silent.
   */
  signals [ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, TQ_TYPE_QUERY, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * TqQueryCache::settled:
   * @self: the cache
   * @query: the query
   * @data: the data (unset if none)
   * @error: (nullable): the error, if the fetch failed
   *
   * The global `onSettled` hook: emitted after
   * [signal@Tq.QueryCache::success] or [signal@Tq.QueryCache::error].
   */
  signals [SETTLED] =
    g_signal_new ("settled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, TQ_TYPE_QUERY,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
tq_query_cache_init (TqQueryCache *self)
{
  self->queries = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_object_unref);
}

/**
 * tq_query_cache_new:
 *
 * Creates an empty cache, to give to a [class@Tq.QueryClient] (clients make
 * their own if given none).
 *
 * Returns: (transfer full): a new cache
 */
TqQueryCache *
tq_query_cache_new (void)
{
  return g_object_new (TQ_TYPE_QUERY_CACHE, NULL);
}

void
_tq_query_cache_set_env (TqQueryCache *self,
                         TqEnv        *env)
{
  g_clear_pointer (&self->env, _tq_env_unref);
  self->env = _tq_env_ref (env);
}

TqEnv *
_tq_query_cache_get_env (TqQueryCache *self)
{
  return self->env;
}

static void
add (TqQueryCache *self,
     TqQuery      *query)
{
  TqQueryIndexEntry *entry = _tq_query_get_index_entry (query);

  g_hash_table_insert (self->queries, (gpointer) _tq_query_get_hash (query), g_object_ref (query));
  entry->seq = self->next_seq++;
  entry->link.data = query;
  g_queue_push_tail_link (&self->all, &entry->link);
  index_insert (self, query);
  if (_tq_query_get_state (query)->fetch_status == TQ_FETCH_STATUS_FETCHING)
    _tq_query_cache_fetching_delta (self, 1);

  g_signal_emit (self, signals [QUERY_ADDED], 0, query);
}

TqQuery *
_tq_query_cache_build (TqQueryCache   *self,
                       TqQueryClient  *client,
                       TqQueryOptions *options,
                       TqQueryState   *state)
{
  g_autoptr(TqQueryOptions) defaulted = NULL;
  g_autoptr(TqQueryOptions) key_defaults = NULL;
  TqQuery *query;

  query = g_hash_table_lookup (self->queries, options->query_hash);
  if (query != NULL)
    return query;

  defaulted = _tq_query_client_default_query_options (client, options);
  key_defaults = _tq_query_client_get_query_defaults (client, options->query_key);
  query = _tq_query_new (client, self, self->env, defaulted, key_defaults, state);
  add (self, query);
  g_object_unref (query);

  return query;
}

/**
 * tq_query_cache_build:
 * @self: a cache
 * @client: the client the cache belongs to
 * @options: options with a key
 *
 * Gets the query of @options' key, making it (with the client's defaults
 * merged into @options) if there is none.
 *
 * Returns: (transfer none): the query
 */
TqQuery *
tq_query_cache_build (TqQueryCache   *self,
                      TqQueryClient  *client,
                      TqQueryOptions *options)
{
  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (options), NULL);
  g_return_val_if_fail (options->query_key != NULL, NULL);

  return _tq_query_cache_build (self, client, options, NULL);
}

/**
 * tq_query_cache_get:
 * @self: a cache
 * @query_hash: the hash of a key (see [func@Tq.key_hash])
 *
 * Gets the query of a key hash.
 *
 * Returns: (transfer none) (nullable): the query, or %NULL
 */
TqQuery *
tq_query_cache_get (TqQueryCache *self,
                    const char   *query_hash)
{
  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (query_hash != NULL, NULL);

  return g_hash_table_lookup (self->queries, query_hash);
}

static GPtrArray *
all_borrowed (TqQueryCache *self)
{
  GPtrArray *all = g_ptr_array_sized_new (self->all.length);

  for (GList *l = self->all.head; l != NULL; l = l->next)
    g_ptr_array_add (all, l->data);

  return all;
}

static GPtrArray *
with_refs (GPtrArray *borrowed)
{
  g_ptr_array_set_free_func (borrowed, g_object_unref);
  for (guint i = 0; i < borrowed->len; i++)
    g_object_ref (borrowed->pdata[i]);

  return borrowed;
}

/**
 * tq_query_cache_get_all:
 * @self: a cache
 *
 * Gets every query, in the order they were added.
 *
 * Returns: (transfer full) (element-type TqQuery): the queries
 */
GPtrArray *
tq_query_cache_get_all (TqQueryCache *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), NULL);

  return with_refs (all_borrowed (self));
}

/**
 * tq_query_cache_get_size:
 * @self: a cache
 *
 * Counts the queries in the cache.
 *
 * Returns: the count
 */
guint
tq_query_cache_get_size (TqQueryCache *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), 0);

  return g_hash_table_size (self->queries);
}

static GPtrArray *
find_all (TqQueryCache   *self,
          TqQueryFilters *filters,
          gboolean        exact)
{
  GPtrArray *candidates;
  guint kept = 0;

  if (filters == NULL)
    return all_borrowed (self);

  if (filters->query_key != NULL && exact)
    {
      TqQuery *query = g_hash_table_lookup (self->queries, filters->query_hash);

      candidates = g_ptr_array_new ();
      if (query != NULL)
        g_ptr_array_add (candidates, query);
    }
  else if (filters->query_key != NULL)
    {
      candidates = g_ptr_array_new ();
      index_find (self, filters->query_key, filters->query_hash, candidates);
    }
  else
    candidates = all_borrowed (self);

  for (guint i = 0; i < candidates->len; i++)
    if (_tq_query_filters_match_rest (filters, candidates->pdata[i]))
      candidates->pdata[kept++] = candidates->pdata[i];
  g_ptr_array_set_size (candidates, kept);

  return candidates;
}

GPtrArray *
_tq_query_cache_find_all_borrowed (TqQueryCache   *self,
                                   TqQueryFilters *filters)
{
  return find_all (self, filters, filters != NULL && filters->exact);
}

/**
 * tq_query_cache_find:
 * @self: a cache
 * @filters: filters with a key; [property@Tq.QueryFilters:exact] is %TRUE
 *   unless set otherwise (rule 3)
 *
 * Finds the first query that matches.
 *
 * Returns: (transfer none) (nullable): the query, or %NULL
 */
TqQuery *
tq_query_cache_find (TqQueryCache   *self,
                     TqQueryFilters *filters)
{
  g_autoptr(GPtrArray) found = NULL;

  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (filters), NULL);
  g_return_val_if_fail (filters->query_key != NULL, NULL);

  found = find_all (self, filters, filters->has_exact ? filters->exact : TRUE);

  return found->len > 0 ? found->pdata[0] : NULL;
}

/**
 * tq_query_cache_find_all:
 * @self: a cache
 * @filters: (nullable): filters, or %NULL for every query
 *
 * Finds the queries that match, in the order they were added (rule 4).
 *
 * Returns: (transfer full) (element-type TqQuery): the queries
 */
GPtrArray *
tq_query_cache_find_all (TqQueryCache   *self,
                         TqQueryFilters *filters)
{
  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (filters == NULL || TQ_IS_QUERY_FILTERS (filters), NULL);

  return with_refs (_tq_query_cache_find_all_borrowed (self, filters));
}

/**
 * tq_query_cache_remove:
 * @self: a cache
 * @query: a query of the cache
 *
 * Removes a query: it is destroyed (its fetch cancelled silently) and
 * [signal@Tq.QueryCache::query-removed] is emitted. Observers still holding
 * it make a new query the next time they fetch (rule 11).
 */
void
tq_query_cache_remove (TqQueryCache *self,
                       TqQuery      *query)
{
  TqQuery *in_map;

  g_return_if_fail (TQ_IS_QUERY_CACHE (self));
  g_return_if_fail (TQ_IS_QUERY (query));

  in_map = g_hash_table_lookup (self->queries, _tq_query_get_hash (query));
  if (in_map == NULL)
    return;

  g_object_ref (query);
  g_object_ref (self);

  _tq_query_destroy (query);

  if (in_map == query)
    {
      TqQueryIndexEntry *entry = _tq_query_get_index_entry (query);

      index_remove (self, query);
      g_queue_unlink (&self->all, &entry->link);
      if (_tq_query_get_state (query)->fetch_status == TQ_FETCH_STATUS_FETCHING)
        _tq_query_cache_fetching_delta (self, -1);
      g_hash_table_remove (self->queries, _tq_query_get_hash (query));
    }

  g_signal_emit (self, signals [QUERY_REMOVED], 0, query);

  if (in_map == query)
    _tq_query_detach_cache (query);

  g_object_unref (self);
  g_object_unref (query);
}

/* A removed query keeps notifying this cache until its gc timer fired
 * (see tq-query.c): the cache keeps it alive meanwhile.
 */
void
_tq_query_cache_keep_orphan (TqQueryCache *self,
                             TqQuery      *query)
{
  if (self->orphans == NULL)
    self->orphans = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);

  if (!g_hash_table_contains (self->orphans, query))
    g_hash_table_add (self->orphans, g_object_ref (query));
}

void
_tq_query_cache_drop_orphan (TqQueryCache *self,
                             TqQuery      *query)
{
  if (self->orphans != NULL)
    g_hash_table_remove (self->orphans, query);
}

/**
 * tq_query_cache_clear:
 * @self: a cache
 *
 * Removes every query, in one notification batch.
 */
void
tq_query_cache_clear (TqQueryCache *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (TQ_IS_QUERY_CACHE (self));

  all = tq_query_cache_get_all (self);

  if (self->env != NULL)
    tq_notify_manager_begin_batch (self->env->notify_manager);
  for (guint i = 0; i < all->len; i++)
    tq_query_cache_remove (self, all->pdata[i]);
  if (self->env != NULL)
    tq_notify_manager_end_batch (self->env->notify_manager);
}

/**
 * tq_query_cache_on_focus:
 * @self: a cache
 *
 * Tells every query that the application regained focus: each refetches
 * through its first observer that wants to, and paused fetches continue
 * (rule 19). Clients call this for their focus manager.
 */
void
tq_query_cache_on_focus (TqQueryCache *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (TQ_IS_QUERY_CACHE (self));

  all = tq_query_cache_get_all (self);

  if (self->env != NULL)
    tq_notify_manager_begin_batch (self->env->notify_manager);
  for (guint i = 0; i < all->len; i++)
    _tq_query_on_focus (all->pdata[i]);
  if (self->env != NULL)
    tq_notify_manager_end_batch (self->env->notify_manager);
}

/**
 * tq_query_cache_on_online:
 * @self: a cache
 *
 * Tells every query that the network is back (rule 19), as
 * [method@Tq.QueryCache.on_focus] does for focus.
 */
void
tq_query_cache_on_online (TqQueryCache *self)
{
  g_autoptr(GPtrArray) all = NULL;

  g_return_if_fail (TQ_IS_QUERY_CACHE (self));

  all = tq_query_cache_get_all (self);

  if (self->env != NULL)
    tq_notify_manager_begin_batch (self->env->notify_manager);
  for (guint i = 0; i < all->len; i++)
    _tq_query_on_online (all->pdata[i]);
  if (self->env != NULL)
    tq_notify_manager_end_batch (self->env->notify_manager);
}

void
_tq_query_cache_notify_updated (TqQueryCache  *self,
                                TqQuery       *query,
                                TqQueryAction  action)
{
  g_signal_emit (self, signals [QUERY_UPDATED], 0, query, action);
}

void
_tq_query_cache_notify_observer (TqQueryCache    *self,
                                 TqQuery         *query,
                                 TqQueryObserver *observer,
                                 gboolean         added)
{
  g_signal_emit (self, signals [added ? OBSERVER_ADDED : OBSERVER_REMOVED], 0, query, observer);
}

void
_tq_query_cache_notify_observer_results (TqQueryCache    *self,
                                         TqQuery         *query,
                                         TqQueryObserver *observer)
{
  g_signal_emit (self, signals [OBSERVER_RESULTS_UPDATED], 0, query, observer);
}

void
_tq_query_cache_notify_observer_options (TqQueryCache    *self,
                                         TqQuery         *query,
                                         TqQueryObserver *observer)
{
  g_signal_emit (self, signals [OBSERVER_OPTIONS_UPDATED], 0, query, observer);
}

void
_tq_query_cache_emit_success (TqQueryCache *self,
                              TqQuery      *query,
                              const GValue *data)
{
  g_signal_emit (self, signals [SUCCESS], 0, query, data);
}

void
_tq_query_cache_emit_error (TqQueryCache *self,
                            TqQuery      *query,
                            const GError *error)
{
  g_signal_emit (self, signals [ERROR], 0, query, error);
}

void
_tq_query_cache_emit_settled (TqQueryCache *self,
                              TqQuery      *query,
                              const GValue *data,
                              const GError *error)
{
  g_signal_emit (self, signals [SETTLED], 0, query, data, error);
}

guint
_tq_query_cache_get_n_fetching (TqQueryCache *self)
{
  return self->n_fetching;
}

void
_tq_query_cache_fetching_delta (TqQueryCache *self,
                                int           delta)
{
  self->n_fetching += delta;
  if (self->fetching_hook != NULL)
    self->fetching_hook (self->fetching_hook_data);
}

void
_tq_query_cache_set_fetching_hook (TqQueryCache  *self,
                                   void         (*hook) (gpointer),
                                   gpointer       data)
{
  self->fetching_hook = hook;
  self->fetching_hook_data = data;
}
