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

/* A key prefix in the index: a hash table key that points at bytes. */
typedef struct
{
  guint32       hash;
  guint32       len;
  const guint8 *bytes;
} KeyView;

/* One key prefix (e0, …, ed-1) that some query's key starts with. The
 * queries whose key has d + 1 elements hang from it (the prefix of length
 * 0, the root, also holds the empty key), so that a key whose last element
 * is unique costs no node of its own.
 */
struct _IndexNode
{
  KeyView     view;           /* first: the node is its own table key */
  IndexNode  *parent;
  IndexNode  *first_child;
  IndexNode  *next_sibling;
  IndexNode  *prev_sibling;
  GVariant   *element_value;  /* the last element, if a container (partial matches) */
  TqQuery    *first_query;    /* in insertion order */
  TqQuery    *last_query;
  guint       depth;
  guint8      prefix[];
};

struct _TqQueryCache
{
  GObject     parent_instance;

  TqEnv      *env;
  GHashTable *queries;   /* a set of TqQuery*, by key (one reference each); see lookup() */
  TqQuery    *first;     /* insertion order, linked through the queries */
  TqQuery    *last;
  guint       n_all;
  guint64     next_seq;
  GHashTable *nodes;     /* KeyView* → the IndexNode it starts */
  IndexNode  *root;
  GList      *deep;      /* TqQuery* with more than TQ_KEY_MAX_ELEMENTS elements */
  GHashTable *observed;  /* TqQuery* that have observers (a set) */
  guint       holds;     /* see _tq_query_cache_hold() */
  GPtrArray  *graveyard; /* queries removed while held, with the cache's reference */
  guint       n_fetching;
  GHashTable *orphans;   /* removed queries whose gc timer is armed → ref */
  GHashTable *detached;  /* removed queries still alive that name this cache
                          * as their former one: a set, no reference */
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

/* {{{ Table of queries */

/* The queries are a set of themselves, which costs half the memory of a
 * map from their keys to them; lookups pass a probe holding the key. A
 * probe's first word is NULL where a query's is its class.
 */
typedef struct
{
  gpointer          null_class;
  const TqKeyCanon *canon;
} QueryProbe;

static inline const TqKeyCanon *
entry_canon (gconstpointer entry)
{
  const QueryProbe *probe = entry;

  return probe->null_class == NULL ? probe->canon : _tq_query_get_canon ((TqQuery *) entry);
}

static guint
entry_hash (gconstpointer entry)
{
  return entry_canon (entry)->hash;
}

static gboolean
entry_equal (gconstpointer a,
             gconstpointer b)
{
  return _tq_key_canon_equal (entry_canon (a), entry_canon (b));
}

static inline TqQuery *
lookup (TqQueryCache     *self,
        const TqKeyCanon *canon)
{
  QueryProbe probe = { NULL, canon };

  return g_hash_table_lookup (self->queries, &probe);
}

/* }}} */
/* {{{ Key index */

static guint
key_view_hash (gconstpointer data)
{
  return ((const KeyView *) data)->hash;
}

static gboolean
key_view_equal (gconstpointer a,
                gconstpointer b)
{
  const KeyView *va = a;
  const KeyView *vb = b;

  return va->hash == vb->hash && va->len == vb->len && memcmp (va->bytes, vb->bytes, va->len) == 0;
}

static IndexNode *
index_node_new (IndexNode    *parent,
                const guint8 *prefix,
                guint32       len,
                guint32       hash)
{
  IndexNode *node = g_malloc0 (sizeof (IndexNode) + len);

  memcpy (node->prefix, prefix, len);
  node->view.hash = hash;
  node->view.len = len;
  node->view.bytes = node->prefix;
  node->parent = parent;

  if (parent != NULL)
    {
      node->depth = parent->depth + 1;
      node->next_sibling = parent->first_child;
      if (parent->first_child != NULL)
        parent->first_child->prev_sibling = node;
      parent->first_child = node;
    }

  return node;
}

static void
index_node_free (IndexNode *node)
{
  g_clear_pointer (&node->element_value, g_variant_unref);
  g_free (node);
}

static IndexNode *
index_lookup (TqQueryCache *self,
              const guint8 *bytes,
              guint32       len,
              guint32       hash)
{
  KeyView probe = { hash, len, bytes };

  return g_hash_table_lookup (self->nodes, &probe);
}

static void
index_init (TqQueryCache *self)
{
  static const guint8 array_tag = TQ_CANON_ARRAY;

  self->nodes = g_hash_table_new (key_view_hash, key_view_equal);
  self->root = index_node_new (NULL, &array_tag, 1, _tq_key_canon_hash_bytes (&array_tag, 1));
  g_hash_table_add (self->nodes, self->root);
}

static void
index_free (TqQueryCache *self)
{
  GHashTableIter iter;
  IndexNode *node;

  if (self->nodes == NULL)
    return;

  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &node, NULL))
    index_node_free (node);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  self->root = NULL;
}

static void
node_append_query (IndexNode *node,
                   TqQuery   *query)
{
  TqQueryIndexEntry *entry = _tq_query_get_index_entry (query);

  entry->node_next = NULL;
  entry->node_prev = node->last_query;
  if (node->last_query != NULL)
    _tq_query_get_index_entry (node->last_query)->node_next = query;
  else
    node->first_query = query;
  node->last_query = query;
}

/* @buf: (nullable): where the query's canonical key was built, whose
 * element ends and prefix hashes spare splitting it again
 */
static void
index_insert (TqQueryCache   *self,
              TqQuery        *query,
              const TqKeyBuf *buf)
{
  TqKeyCanon *canon = _tq_query_get_canon (query);
  guint32 split_ends[TQ_KEY_MAX_ELEMENTS], split_hashes[TQ_KEY_MAX_ELEMENTS];
  const guint32 *ends = split_ends, *hashes = split_hashes;
  gboolean too_long;
  IndexNode *node = NULL;
  guint n, depth, found;

  if (buf != NULL)
    {
      n = buf->n_elements;
      too_long = buf->too_long;
      ends = buf->element_ends;
      hashes = buf->prefix_hashes;
    }
  else
    n = _tq_key_canon_split (canon, split_ends, split_hashes, TQ_KEY_MAX_ELEMENTS, &too_long);

  if (too_long)
    {
      /* Rare: such keys are matched one by one. */
      self->deep = g_list_prepend (self->deep, query);
      return;
    }

  /* The node of the key without its last element: usually there already,
   * otherwise made below the deepest prefix that is.
   */
  depth = n > 0 ? n - 1 : 0;
  for (found = depth; found > 0; found--)
    {
      node = index_lookup (self, canon->bytes, ends[found - 1], hashes[found - 1]);
      if (node != NULL)
        break;
    }
  if (found == 0)
    node = self->root;

  for (guint d = found + 1; d <= depth; d++)
    {
      IndexNode *child = index_node_new (node, canon->bytes, ends[d - 1], hashes[d - 1]);

      if (_tq_key_canon_is_container (canon->bytes[d == 1 ? 1 : ends[d - 2]]))
        child->element_value = g_variant_get_child_value (_tq_query_get_key (query), d - 1);
      g_hash_table_add (self->nodes, child);
      node = child;
    }

  node_append_query (node, query);
}

/* The node a query hangs from is found again from its key rather than
 * kept in every query: removals pay a split of the key, every cached query
 * a pointer less.
 */
static void
index_remove (TqQueryCache *self,
              TqQuery      *query)
{
  TqQueryIndexEntry *entry = _tq_query_get_index_entry (query);
  TqKeyCanon *canon = _tq_query_get_canon (query);
  guint32 ends[TQ_KEY_MAX_ELEMENTS], hashes[TQ_KEY_MAX_ELEMENTS];
  gboolean too_long;
  IndexNode *node;
  guint n;

  n = _tq_key_canon_split (canon, ends, hashes, TQ_KEY_MAX_ELEMENTS, &too_long);
  if (too_long)
    {
      self->deep = g_list_remove (self->deep, query);
      return;
    }

  node = n > 1 ? index_lookup (self, canon->bytes, ends[n - 2], hashes[n - 2]) : self->root;
  g_assert (node != NULL);

  if (entry->node_prev != NULL)
    _tq_query_get_index_entry (entry->node_prev)->node_next = entry->node_next;
  else
    node->first_query = entry->node_next;
  if (entry->node_next != NULL)
    _tq_query_get_index_entry (entry->node_next)->node_prev = entry->node_prev;
  else
    node->last_query = entry->node_prev;
  entry->node_prev = entry->node_next = NULL;

  /* Prune the branch that no longer leads to a query. */
  while (node != self->root && node->first_query == NULL && node->first_child == NULL)
    {
      IndexNode *parent = node->parent;

      if (node->prev_sibling != NULL)
        node->prev_sibling->next_sibling = node->next_sibling;
      else
        parent->first_child = node->next_sibling;
      if (node->next_sibling != NULL)
        node->next_sibling->prev_sibling = node->prev_sibling;

      g_hash_table_remove (self->nodes, node);
      index_node_free (node);
      node = parent;
    }
}

static void
collect_queries (IndexNode *node,
                 GPtrArray *out)
{
  for (TqQuery *q = node->first_query; q != NULL; q = _tq_query_get_index_entry (q)->node_next)
    g_ptr_array_add (out, q);
}

static void
collect_subtree (IndexNode *node,
                 GPtrArray *out)
{
  collect_queries (node, out);
  for (IndexNode *child = node->first_child; child != NULL; child = child->next_sibling)
    collect_subtree (child, out);
}

typedef struct
{
  TqQueryCache *cache;
  GVariant     *key;       /* the filter's key */
  TqKeyCanon   *canon;     /* its canonical form */
  guint32      *ends;      /* where its elements end in canon->bytes */
  guint         n;
  GByteArray   *scratch;
} FilterKey;

static const guint8 *
filter_element (const FilterKey *filter,
                guint            i,
                guint32         *len)
{
  guint32 start = i == 0 ? 1 : filter->ends[i - 1];

  *len = filter->ends[i] - start;
  return filter->canon->bytes + start;
}

/* The node, or the query (@as_key), for @node's prefix followed by the
 * filter's scalar element @i.
 */
static gpointer
lookup_extended (const FilterKey *filter,
                 IndexNode       *node,
                 guint            i,
                 gboolean         as_key)
{
  guint32 len;
  const guint8 *element = filter_element (filter, i, &len);
  GByteArray *scratch = filter->scratch;
  guint32 hash;

  g_byte_array_set_size (scratch, 0);
  g_byte_array_append (scratch, node->prefix, node->view.len);
  g_byte_array_append (scratch, element, len);

  if (!as_key)
    return index_lookup (filter->cache, scratch->data, scratch->len,
                         _tq_key_canon_hash_bytes (scratch->data, scratch->len));

  {
    static const guint8 end = TQ_CANON_END;
    TqKeyCanon *probe;

    g_byte_array_append (scratch, &end, 1);
    hash = _tq_key_canon_hash_bytes (scratch->data, scratch->len);
    g_byte_array_prepend (scratch, (const guint8 *) &(TqKeyCanon) { .hash = hash, .len = scratch->len },
                          sizeof (TqKeyCanon));
    probe = (TqKeyCanon *) scratch->data;
    return lookup (filter->cache, probe);
  }
}

static void
index_walk (const FilterKey *filter,
            IndexNode       *node,
            GPtrArray       *out)
{
  guint d = node->depth;
  guint32 len;
  const guint8 *element;

  if (d == filter->n)
    {
      collect_subtree (node, out);
      return;
    }

  element = filter_element (filter, d, &len);

  if (!_tq_key_canon_is_container (element[0]))
    {
      IndexNode *child;

      /* Queries whose key is the filter's prefix plus this element */
      if (d + 1 == filter->n)
        {
          TqQuery *query = lookup_extended (filter, node, d, TRUE);

          if (query != NULL)
            g_ptr_array_add (out, query);
        }

      child = lookup_extended (filter, node, d, FALSE);
      if (child != NULL)
        index_walk (filter, child, out);
    }
  else
    {
      /* A tuple, array or dictionary in the filter matches partially: try
       * it against each container at this level (rule 2).
       */
      g_autoptr(GVariant) wanted = g_variant_get_child_value (filter->key, d);

      if (d + 1 == filter->n)
        for (TqQuery *q = node->first_query; q != NULL; q = _tq_query_get_index_entry (q)->node_next)
          {
            GVariant *key = _tq_query_get_key (q);
            g_autoptr(GVariant) last = NULL;

            if (g_variant_n_children (key) != d + 1)
              continue;
            last = g_variant_get_child_value (key, d);
            if (tq_key_partial_match (last, wanted))
              g_ptr_array_add (out, q);
          }

      for (IndexNode *child = node->first_child; child != NULL; child = child->next_sibling)
        if (child->element_value != NULL &&
            tq_key_partial_match (child->element_value, wanted))
          index_walk (filter, child, out);
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
sort_by_seq (GPtrArray *out,
             guint      first)
{
  gboolean sorted = TRUE;

  for (guint i = first + 1; i < out->len && sorted; i++)
    sorted = compare_seq (&out->pdata[i - 1], &out->pdata[i]) < 0;

  if (!sorted)
    qsort (out->pdata + first, out->len - first, sizeof (gpointer), compare_seq);
}

static void
index_find (TqQueryCache   *self,
            TqQueryFilters *filters,
            GPtrArray      *out)
{
  guint32 ends[TQ_KEY_MAX_ELEMENTS], hashes[TQ_KEY_MAX_ELEMENTS];
  gboolean too_long;
  FilterKey filter = { self, filters->query_key, filters->query_canon, ends, 0, NULL };
  guint first = out->len;

  filter.n = _tq_key_canon_split (filters->query_canon, ends, hashes, TQ_KEY_MAX_ELEMENTS, &too_long);

  if (too_long)
    {
      /* Beyond the index: look at every query. */
      for (TqQuery *q = self->first; q != NULL; q = _tq_query_get_index_entry (q)->all_next)
        if (tq_key_partial_match (_tq_query_get_key (q), filters->query_key))
          g_ptr_array_add (out, q);
      return;
    }

  if (filter.n == 0)
    {
      /* The empty prefix matches every key. */
      collect_subtree (self->root, out);
      goto deep;
    }

  {
    gboolean plain = TRUE;

    for (guint i = 0; i < filter.n && plain; i++)
      plain = !_tq_key_canon_is_container (filters->query_canon->bytes[i == 0 ? 1 : ends[i - 1]]);

    if (plain)
      {
        /* The common case, a prefix of plain values: one lookup for the
         * key itself, one for the keys that go on after it.
         */
        IndexNode *node = index_lookup (self, filters->query_canon->bytes, ends[filter.n - 1], hashes[filter.n - 1]);
        TqQuery *query = lookup (self, filters->query_canon);

        if (query != NULL)
          g_ptr_array_add (out, query);
        if (node != NULL)
          collect_subtree (node, out);
        goto deep;
      }
  }

  filter.scratch = g_byte_array_new ();
  index_walk (&filter, self->root, out);
  g_byte_array_unref (filter.scratch);

deep:
  for (GList *l = self->deep; l != NULL; l = l->next)
    if (tq_key_partial_match (_tq_query_get_key (l->data), filters->query_key))
      g_ptr_array_add (out, l->data);

  /* The index is not in insertion order; callers get insertion order. */
  sort_by_seq (out, first);
}

/* }}} */

/* The removed queries that still name this cache forget it. A set rather
 * than a GObject weak pointer in each: GObject finds a weak reference by
 * walking all of them, which made removing many queries quadratic.
 */
static void
forget_detached (TqQueryCache *self)
{
  g_autoptr(GHashTable) detached = g_steal_pointer (&self->detached);
  g_autoptr(GPtrArray) queries = NULL;
  GHashTableIter iter;
  gpointer query;

  if (detached == NULL)
    return;

  /* Held while they forget: forgetting may drop what keeps one alive. */
  queries = g_ptr_array_new_full (g_hash_table_size (detached), g_object_unref);
  g_hash_table_iter_init (&iter, detached);
  while (g_hash_table_iter_next (&iter, &query, NULL))
    g_ptr_array_add (queries, g_object_ref (query));

  for (guint i = 0; i < queries->len; i++)
    _tq_query_forget_cache (queries->pdata[i]);
}

static void
tq_query_cache_dispose (GObject *object)
{
  TqQueryCache *self = (TqQueryCache *)object;

  if (self->queries != NULL && g_hash_table_size (self->queries) > 0)
    tq_query_cache_clear (self);

  forget_detached (self);

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

  forget_detached (self);
  g_clear_pointer (&self->queries, g_hash_table_unref);
  index_free (self);
  g_clear_pointer (&self->deep, g_list_free);
  g_clear_pointer (&self->observed, g_hash_table_unref);
  g_clear_pointer (&self->graveyard, g_ptr_array_unref);
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
  self->queries = g_hash_table_new_full (entry_hash, entry_equal, g_object_unref, NULL);
  self->observed = g_hash_table_new (NULL, NULL);
  index_init (self);
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
add (TqQueryCache   *self,
     TqQuery        *query,
     const TqKeyBuf *buf)
{
  TqQueryIndexEntry *entry = _tq_query_get_index_entry (query);

  g_hash_table_add (self->queries, g_object_ref (query));
  entry->seq = self->next_seq++;
  entry->all_prev = self->last;
  entry->all_next = NULL;
  if (self->last != NULL)
    _tq_query_get_index_entry (self->last)->all_next = query;
  else
    self->first = query;
  self->last = query;
  self->n_all++;
  index_insert (self, query, buf);
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

  query = lookup (self, options->query_canon);
  if (query != NULL)
    return query;

  defaulted = _tq_query_client_default_query_options (client, options);
  key_defaults = _tq_query_client_get_query_defaults (client, options->query_key);
  query = _tq_query_new (self, self->env, options->query_key, options->query_canon,
                         defaulted, key_defaults, state);
  add (self, query, NULL);
  g_object_unref (query);

  return query;
}

TqQuery *
_tq_query_cache_build_for_key (TqQueryCache   *self,
                               TqQueryClient  *client,
                               GVariant       *key,
                               const TqKeyBuf *canon)
{
  g_autoptr(TqQueryOptions) key_defaults = NULL;
  g_autoptr(TqKeyCanon) owned = NULL;
  TqQuery *query;

  query = lookup (self, canon->canon);
  if (query != NULL)
    return query;

  /* With per-key defaults the options are the query's own; without, every
   * such query shares the client's defaults, with nothing copied.
   */
  key_defaults = _tq_query_client_get_query_defaults (client, key);
  if (key_defaults != NULL)
    {
      g_autoptr(TqQueryOptions) options = tq_query_options_new (key);

      return _tq_query_cache_build (self, client, options, NULL);
    }

  owned = _tq_key_canon_dup (canon);
  query = _tq_query_new (self, self->env, key, owned,
                         _tq_query_client_get_shared_query_options (client), NULL, NULL);
  add (self, query, canon);
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
  TqKeyBuf canon;
  TqQuery *query = NULL;

  g_return_val_if_fail (TQ_IS_QUERY_CACHE (self), NULL);
  g_return_val_if_fail (query_hash != NULL, NULL);

  _tq_key_buf_init (&canon);
  if (_tq_key_canonicalize_hash (&canon, query_hash))
    query = lookup (self, canon.canon);
  _tq_key_buf_clear (&canon);

  return query;
}

void
_tq_query_cache_hold (TqQueryCache *self)
{
  if (self->holds++ == 0)
    g_object_ref (self);
}

void
_tq_query_cache_release (TqQueryCache *self)
{
  g_return_if_fail (self->holds > 0);

  if (--self->holds > 0)
    return;

  g_clear_pointer (&self->graveyard, g_ptr_array_unref);
  g_object_unref (self);
}

TqQuery *
_tq_query_cache_lookup (TqQueryCache *self,
                        TqKeyCanon   *canon)
{
  return lookup (self, canon);
}

static GPtrArray *
all_borrowed (TqQueryCache *self)
{
  GPtrArray *all = g_ptr_array_sized_new (self->n_all);

  for (TqQuery *q = self->first; q != NULL; q = _tq_query_get_index_entry (q)->all_next)
    g_ptr_array_add (all, q);

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

/* Whether @query's key matches the key of @filters (rules 2–3). */
static gboolean
key_matches (TqQueryFilters *filters,
             TqQuery        *query,
             gboolean        exact)
{
  TqKeyCanon *canon = _tq_query_get_canon (query);
  TqKeyCanon *wanted = filters->query_canon;
  gboolean plain = TRUE;

  if (exact)
    return _tq_key_canon_equal (canon, wanted);

  /* A prefix of plain values matches the keys whose form starts with its
   * own (without its end); containers match partially.
   */
  for (const guint8 *p = wanted->bytes + 1; p < wanted->bytes + wanted->len - 1 && plain; )
    {
      plain = !_tq_key_canon_is_container (*p);
      p = _tq_key_canon_skip (p);
    }

  if (plain)
    return canon->len >= wanted->len - 1 && memcmp (canon->bytes, wanted->bytes, wanted->len - 1) == 0;

  return tq_key_partial_match (_tq_query_get_key (query), filters->query_key);
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

  /* Active queries have observers; when few queries do, starting from them
   * beats walking what the key selects (invalidation refetches this way).
   */
  if (filters->type == TQ_QUERY_TYPE_ACTIVE &&
      (filters->query_key == NULL || g_hash_table_size (self->observed) < 64))
    {
      GHashTableIter iter;
      TqQuery *query;

      candidates = g_ptr_array_sized_new (g_hash_table_size (self->observed));
      g_hash_table_iter_init (&iter, self->observed);
      while (g_hash_table_iter_next (&iter, (gpointer *) &query, NULL))
        if (filters->query_key == NULL || key_matches (filters, query, exact))
          g_ptr_array_add (candidates, query);
      sort_by_seq (candidates, 0);
    }
  else if (filters->query_key != NULL && exact)
    {
      TqQuery *query = lookup (self, filters->query_canon);

      candidates = g_ptr_array_new ();
      if (query != NULL)
        g_ptr_array_add (candidates, query);
    }
  else if (filters->query_key != NULL)
    {
      candidates = g_ptr_array_new ();
      index_find (self, filters, candidates);
    }
  else
    {
      /* Every query: filtered on the way, with no list of them all. */
      candidates = g_ptr_array_new ();
      for (TqQuery *q = self->first; q != NULL; q = _tq_query_get_index_entry (q)->all_next)
        if (_tq_query_filters_match_rest (filters, q))
          g_ptr_array_add (candidates, q);
      return candidates;
    }

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
static void remove_query (TqQueryCache *self,
                          TqQuery      *query,
                          guint         caller_refs);

void
tq_query_cache_remove (TqQueryCache *self,
                       TqQuery      *query)
{
  g_return_if_fail (TQ_IS_QUERY_CACHE (self));
  g_return_if_fail (TQ_IS_QUERY (query));

  remove_query (self, query, 0);
}

/* @caller_refs: the references to @query that the caller drops right after */
static void
remove_query (TqQueryCache *self,
              TqQuery      *query,
              guint         caller_refs)
{
  TqQuery *in_map;

  in_map = lookup (self, _tq_query_get_canon (query));
  if (in_map == NULL)
    return;

  g_object_ref (query);
  g_object_ref (self);

  _tq_query_destroy (query);

  if (in_map == query)
    {
      TqQueryIndexEntry *entry = _tq_query_get_index_entry (query);

      index_remove (self, query);
      g_hash_table_remove (self->observed, query);
      if (entry->all_prev != NULL)
        _tq_query_get_index_entry (entry->all_prev)->all_next = entry->all_next;
      else
        self->first = entry->all_next;
      if (entry->all_next != NULL)
        _tq_query_get_index_entry (entry->all_next)->all_prev = entry->all_prev;
      else
        self->last = entry->all_prev;
      entry->all_prev = entry->all_next = NULL;
      self->n_all--;
      if (_tq_query_get_state (query)->fetch_status == TQ_FETCH_STATUS_FETCHING)
        _tq_query_cache_fetching_delta (self, -1);
      if (self->holds > 0)
        {
          /* Someone walks a list of borrowed queries: the last reference
           * goes when they are done.
           */
          g_hash_table_steal (self->queries, query);
          if (self->graveyard == NULL)
            self->graveyard = g_ptr_array_new_with_free_func (g_object_unref);
          g_ptr_array_add (self->graveyard, query);
        }
      else
        g_hash_table_remove (self->queries, query);
    }

  g_signal_emit (self, signals [QUERY_REMOVED], 0, query);

  if (in_map == query)
    _tq_query_detach_cache (query, g_atomic_int_get (&G_OBJECT (query)->ref_count) == 1 + caller_refs);

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

/* @query was removed from this cache and goes on naming it (rule 11) until
 * it is finalized or the cache goes.
 */
void
_tq_query_cache_add_detached (TqQueryCache *self,
                              TqQuery      *query)
{
  if (self->detached == NULL)
    self->detached = g_hash_table_new (NULL, NULL);

  g_hash_table_add (self->detached, query);
}

void
_tq_query_cache_remove_detached (TqQueryCache *self,
                                 TqQuery      *query)
{
  if (self->detached != NULL)
    g_hash_table_remove (self->detached, query);
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

  /* Removing a query disarms its gc timer. Done first, newest first: the
   * timers of queries made one after the other were armed in that order,
   * so each is then the last in the clock's heap, and leaves it at no
   * cost, instead of being sifted through a heap of them all.
   */
  for (guint i = all->len; i > 0; i--)
    _tq_query_clear_gc (all->pdata[i - 1]);

  if (self->env != NULL)
    tq_notify_manager_begin_batch (self->env->notify_manager);
  /* Each query's reference from @all goes as soon as it is removed. */
  g_ptr_array_set_free_func (all, NULL);
  for (guint i = 0; i < all->len; i++)
    {
      remove_query (self, all->pdata[i], 1);
      g_clear_object (&all->pdata[i]);
    }
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
_tq_query_cache_set_observed (TqQueryCache *self,
                              TqQuery      *query,
                              gboolean      observed)
{
  if (observed)
    g_hash_table_add (self->observed, query);
  else
    g_hash_table_remove (self->observed, query);
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
