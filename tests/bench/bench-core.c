/* bench-core.c: Tq's side of the benchmarks (docs/benchmarks.md)
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 *
 * Runs one workload of /work/shared/BENCHMARKS.md on the real clock and the
 * real main loop, checks its results, and prints one JSON line of figures.
 * bench-query-core.mjs is the same program for @tanstack/query-core;
 * build-aux/bench.sh runs both and compares them. Keys and data values are
 * built before the timed sections, as they are on the JavaScript side:
 * building a GVariant is the application's cost, not the cache's.
 *
 *   tq-bench WORKLOAD [--n=N] [--groups=G] [--observers=M] [--updates=U]
 *            [--rapid=R] [--dedup=K] [--fetches=F] [--mutations=X]
 *
 * A failed self-check prints why on stderr and exits with status 1.
 */

#include "config.h"

#include <malloc.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <tq.h>

#include "bench-util.h"

typedef struct
{
  guint n;          /* cache size for cache_fill, get_hit, invalidate_prefix */
  guint groups;     /* prefixes in invalidate_prefix */
  guint observers;  /* observer_fanout */
  guint updates;    /* single updates timed in observer_fanout */
  guint rapid;      /* rapid updates in one main-loop iteration */
  guint dedup;      /* observers in dedup_fetch */
  guint fetches;    /* fetch_many */
  guint mutations;  /* mutation_optimistic */
} Sizes;

static Sizes sizes = { 100000, 100, 10000, 10, 100, 1000, 10000, 10000 };

/* {{{ Helpers */

static gint64
now_ns (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return (gint64) ts.tv_sec * G_GINT64_CONSTANT (1000000000) + ts.tv_nsec;
}

/* Bytes in use on the heap: small blocks and mmapped ones. */
static gint64
heap_bytes (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return (gint64) info.uordblks + (gint64) info.hblkhd;
}

static void
run_until (gboolean *done)
{
  while (!*done)
    g_main_context_iteration (NULL, TRUE);
}

static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GVariant *
todo_key (guint i)
{
  GVariantBuilder dict;

  g_variant_builder_init (&dict, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&dict, "{sv}", "id", g_variant_new_int32 (i));
  g_variant_builder_add (&dict, "{sv}", "page", g_variant_new_int32 (i % 100));

  return g_variant_ref_sink (g_variant_new ("(sa{sv})", "todos", &dict));
}

static GVariant *
group_key (guint g)
{
  return g_variant_ref_sink (g_variant_new ("(si)", "group", g));
}

static GVariant *
item_key (guint g,
          guint i)
{
  return g_variant_ref_sink (g_variant_new ("(sisi)", "group", g, "item", i));
}

static JsonNode *
todo_value (guint       id,
            const char *title,
            gboolean    done,
            gint64      rev)
{
  JsonObject *object = json_object_new ();
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  json_object_set_int_member (object, "id", id);
  json_object_set_string_member (object, "title", title);
  json_object_set_boolean_member (object, "done", done);
  if (rev >= 0)
    json_object_set_int_member (object, "rev", rev);
  json_node_take_object (node, object);
  json_node_seal (node);

  return node;
}

static JsonNode *
numbered_todo (guint i)
{
  g_autofree char *title = g_strdup_printf ("Todo %u", i);

  return todo_value (i, title, i % 2 == 0, -1);
}

static JsonNode *
value_node (const GValue *value)
{
  return G_VALUE_HOLDS (value, JSON_TYPE_NODE) ? g_value_get_boxed (value) : NULL;
}

/* The revision a todo carries, -1 for none. Structural sharing gives a
 * cache a copy of a changed value, so results are compared by content.
 */
static gint64
value_rev (const GValue *value)
{
  JsonNode *node = value_node (value);

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return -1;

  return json_object_get_int_member_with_default (json_node_get_object (node), "rev", -1);
}

/* The same permutation of 0…n-1 as the JavaScript side. */
static guint
shuffled (guint i,
          guint n)
{
  return (guint) (((guint64) i * 1000003u) % n);
}

static TqQueryClient *
new_client (void)
{
  TqQueryClient *client = tq_query_client_new ();

  tq_query_client_mount (client);
  return client;
}

static void
free_keys (GVariant **keys,
           guint      n)
{
  for (guint i = 0; i < n; i++)
    g_variant_unref (keys[i]);
  g_free (keys);
}

static void
free_nodes (JsonNode **nodes,
            guint      n)
{
  for (guint i = 0; i < n; i++)
    json_node_unref (nodes[i]);
  g_free (nodes);
}

/* }}} */
/* {{{ cache_fill and get_hit */

/* The timed sections are functions of their own, never inlined nor merged
 * with one another, so that a profile can be limited to them:
 * valgrind --tool=callgrind --toggle-collect='timed_*' tq-bench WORKLOAD
 */
#if defined(__GNUC__) && !defined(__clang__)
# define TIMED __attribute__ ((noipa))
#else
# define TIMED G_GNUC_NO_INLINE
#endif

TIMED static void
timed_fill (TqQueryClient  *client,
            GVariant      **keys,
            JsonNode      **values,
            guint           n)
{
  for (guint i = 0; i < n; i++)
    tq_query_client_set_query_json (client, keys[i], values[i]);
}

TIMED static guint
timed_lookup (TqQueryClient  *client,
              GVariant      **lookup,
              JsonNode      **values,
              guint           n)
{
  guint hits = 0;

  for (guint i = 0; i < n; i++)
    {
      GValue data = G_VALUE_INIT;

      if (tq_query_client_get_query_data (client, lookup[i], &data) &&
          g_value_get_boxed (&data) == values[shuffled (i, n)])
        hits++;
      g_value_unset (&data);
    }

  return hits;
}

static void
bench_cache_fill (gboolean with_get)
{
  guint n = sizes.n;
  g_autoptr(TqQueryClient) client = NULL;
  GVariant **keys, **lookup = NULL;
  JsonNode **values;
  gint64 h0, h1, h2, t0, t1;

  client = new_client ();

  h0 = heap_bytes ();
  keys = g_new (GVariant *, n);
  values = g_new (JsonNode *, n);
  for (guint i = 0; i < n; i++)
    {
      keys[i] = todo_key (i);
      values[i] = numbered_todo (i);
    }
  h1 = heap_bytes ();

  t0 = now_ns ();
  timed_fill (client, keys, values, n);
  t1 = now_ns ();
  h2 = heap_bytes ();

  CHECK (tq_query_cache_get_size (tq_query_client_get_query_cache (client)) == n,
         "cache_fill: %u queries in the cache, not %u",
         tq_query_cache_get_size (tq_query_client_get_query_cache (client)), n);
  for (guint i = 0; i < n; i += MAX (n / 1000, 1))
    {
      g_auto(GValue) data = G_VALUE_INIT;

      CHECK (tq_query_client_get_query_data (client, keys[i], &data) && value_node (&data) == values[i],
             "cache_fill: query %u does not hold its data", i);
    }

  bench_metric ("insert_us", (t1 - t0) / 1000.0 / n);
  bench_metric ("bookkeeping_bytes", (double) (h2 - h1) / n);
  bench_metric ("key_and_data_bytes", (double) (h1 - h0) / n);
  bench_metric ("total_bytes", (double) (h2 - h0) / n);

  if (with_get)
    {
      guint hits;

      lookup = g_new (GVariant *, n);
      for (guint i = 0; i < n; i++)
        lookup[i] = todo_key (shuffled (i, n));

      t0 = now_ns ();
      hits = timed_lookup (client, lookup, values, n);
      t1 = now_ns ();

      CHECK (hits == n, "get_hit: %u of %u lookups found their data", hits, n);
      bench_metric ("lookup_us", (t1 - t0) / 1000.0 / n);
      free_keys (lookup, n);
    }

  g_clear_object (&client);
  drain ();
  free_keys (keys, n);
  free_nodes (values, n);
}

/* }}} */
/* {{{ invalidate_prefix */

/* queryKey[1] === g, as on the JavaScript side */
static gboolean
in_group (TqQuery  *query,
          gpointer  user_data)
{
  gint64 group;

  return tq_query_get_key_int (query, 1, &group) && group == GPOINTER_TO_INT (user_data);
}

static guint
count_invalidated (TqQueryClient *client)
{
  g_autoptr(GPtrArray) all = tq_query_cache_get_all (tq_query_client_get_query_cache (client));
  guint count = 0;

  for (guint i = 0; i < all->len; i++)
    if (tq_query_state_get_is_invalidated (tq_query_get_state (all->pdata[i])))
      count++;

  return count;
}

static inline void
invalidate_each (TqQueryClient *client,
                 GPtrArray     *filters)
{
  for (guint i = 0; i < filters->len; i++)
    tq_query_client_invalidate_queries_async (client, filters->pdata[i], TRUE, NULL, NULL, NULL);
}

TIMED static void
timed_invalidate_prefix (TqQueryClient *client,
                         GPtrArray     *filters)
{
  invalidate_each (client, filters);
}

TIMED static void
timed_invalidate_exact (TqQueryClient *client,
                        GPtrArray     *filters)
{
  invalidate_each (client, filters);
}

TIMED static void
timed_invalidate_predicate (TqQueryClient *client,
                            GPtrArray     *filters)
{
  invalidate_each (client, filters);
}

static void
bench_invalidate_prefix (void)
{
  guint groups = sizes.groups;
  guint per_group = MAX (sizes.n / groups, 1);
  guint n = groups * per_group;
  /* Calls per kind of filter: each on groups of its own, a third of them
   * at most, and no more than at the default sizes, so that large caches
   * cost what one call costs (a query-core call on a million queries
   * takes seconds) and not a third of their groups' worth of calls.
   */
  guint third = MIN (MAX (groups / 3, 1), 33);
  g_autoptr(TqQueryClient) client = new_client ();
  g_autoptr(JsonNode) value = todo_value (1, "Item", FALSE, -1);
  GVariant **keys = g_new (GVariant *, n);
  GVariant **prefixes = g_new (GVariant *, groups);
  GVariant **exact = g_new (GVariant *, groups);
  g_autoptr(GPtrArray) filters = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 h0, h1, t0, t1;
  guint expected = 0;

  for (guint g = 0; g < groups; g++)
    {
      prefixes[g] = group_key (g);
      exact[g] = item_key (g, per_group / 2);
      for (guint i = 0; i < per_group; i++)
        keys[g * per_group + i] = item_key (g, i);
    }

  h0 = heap_bytes ();
  for (guint i = 0; i < n; i++)
    tq_query_client_set_query_json (client, keys[i], value);
  h1 = heap_bytes ();
  bench_metric ("bookkeeping_bytes", (double) (h1 - h0) / n);

  /* Each call works on groups no other call touched, so that each
   * invalidates what it matches (an invalidated query is left alone).
   */
  for (guint g = 0; g < third; g++)
    g_ptr_array_add (filters, tq_query_filters_new (prefixes[g]));
  t0 = now_ns ();
  timed_invalidate_prefix (client, filters);
  t1 = now_ns ();
  expected += third * per_group;
  CHECK (count_invalidated (client) == expected, "invalidate_prefix: %u invalidated after the prefix calls, not %u",
         count_invalidated (client), expected);
  bench_metric ("prefix_ms", (t1 - t0) / 1e6 / third);
  g_ptr_array_set_size (filters, 0);

  for (guint g = third; g < 2 * third; g++)
    {
      TqQueryFilters *f = tq_query_filters_new (exact[g]);

      tq_query_filters_set_exact (f, TRUE);
      g_ptr_array_add (filters, f);
    }
  t0 = now_ns ();
  timed_invalidate_exact (client, filters);
  t1 = now_ns ();
  expected += third;
  CHECK (count_invalidated (client) == expected, "invalidate_prefix: %u invalidated after the exact calls, not %u",
         count_invalidated (client), expected);
  bench_metric ("exact_ms", (t1 - t0) / 1e6 / third);
  g_ptr_array_set_size (filters, 0);

  for (guint g = 2 * third; g < 3 * third; g++)
    {
      TqQueryFilters *f = tq_query_filters_new (NULL);

      tq_query_filters_set_predicate (f, in_group, GUINT_TO_POINTER (g), NULL);
      g_ptr_array_add (filters, f);
    }
  t0 = now_ns ();
  timed_invalidate_predicate (client, filters);
  t1 = now_ns ();
  expected += third * per_group;
  CHECK (count_invalidated (client) == expected, "invalidate_prefix: %u invalidated after the predicate calls, not %u",
         count_invalidated (client), expected);
  bench_metric ("predicate_ms", (t1 - t0) / 1e6 / third);

  drain ();
  g_clear_pointer (&filters, g_ptr_array_unref);
  g_clear_object (&client);
  drain ();
  free_keys (keys, n);
  free_keys (prefixes, groups);
  free_keys (exact, groups);
}

/* }}} */
/* {{{ observer_fanout */

typedef struct
{
  guint     notified;      /* notify::data emissions, all observers */
  guint     reached;       /* observers that have seen @final */
  guint     target;
  gint64    final;         /* the revision of the last update */
  guint    *per_observer;  /* notify::data per observer */
  gboolean  done;
} Fanout;

typedef struct
{
  Fanout *fanout;
  guint   index;
} FanoutSlot;

static void
on_fanout_data (TqQueryObserver *observer,
                GParamSpec      *pspec,
                FanoutSlot      *slot)
{
  Fanout *f = slot->fanout;
  const GValue *data = tq_query_result_get_data (tq_query_observer_get_current_result (observer));

  f->notified++;
  f->per_observer[slot->index]++;

  if (value_rev (data) == f->final && ++f->reached == f->target)
    f->done = TRUE;
}

static void
fanout_query_fn (TqQueryFunctionContext *context,
                 gpointer                user_data)
{
  bench_check_failed ("observer_fanout: the query function ran");
}

TIMED static void
timed_subscribe (TqQueryClient    *client,
                 TqQueryOptions   *options,
                 TqQueryObserver **observers,
                 FanoutSlot       *slots,
                 guint             m)
{
  for (guint i = 0; i < m; i++)
    {
      observers[i] = tq_query_observer_new (client, options);
      g_signal_connect (observers[i], "notify::data", G_CALLBACK (on_fanout_data), &slots[i]);
      tq_query_observer_subscribe (observers[i]);
    }
}

TIMED static void
timed_update (TqQueryClient *client,
              GVariant      *key,
              JsonNode      *update,
              gboolean      *done)
{
  tq_query_client_set_query_json (client, key, update);
  run_until (done);
}

TIMED static void
timed_rapid (TqQueryClient  *client,
             GVariant       *key,
             JsonNode      **updates,
             guint           n,
             gboolean       *done)
{
  for (guint u = 0; u < n; u++)
    tq_query_client_set_query_json (client, key, updates[u]);
  run_until (done);
}

static void
bench_observer_fanout (void)
{
  guint m = sizes.observers;
  g_autoptr(TqQueryClient) client = new_client ();
  g_autoptr(GVariant) key = g_variant_ref_sink (g_variant_new_parsed ("('fanout',)"));
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(JsonNode) initial = todo_value (0, "Fanout", FALSE, 0);
  TqQueryObserver **observers = g_new (TqQueryObserver *, m);
  FanoutSlot *slots = g_new (FanoutSlot, m);
  JsonNode **updates = g_new (JsonNode *, sizes.updates + sizes.rapid);
  Fanout f = { 0 };
  gint64 h0, h1, t0, t1, total;

  f.per_observer = g_new0 (guint, m);
  for (guint u = 0; u < sizes.updates + sizes.rapid; u++)
    updates[u] = todo_value (0, "Fanout", u % 2 == 0, u + 1);

  tq_query_options_set_query_func (options, fanout_query_fn, NULL, NULL);
  tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
  tq_query_client_set_query_json (client, key, initial);

  for (guint i = 0; i < m; i++)
    {
      slots[i].fanout = &f;
      slots[i].index = i;
    }

  h0 = heap_bytes ();
  t0 = now_ns ();
  timed_subscribe (client, options, observers, slots, m);
  t1 = now_ns ();
  h1 = heap_bytes ();
  bench_metric ("subscribe_ms", (t1 - t0) / 1e6);
  bench_metric ("bytes_per_observer", (double) (h1 - h0) / m);
  drain ();
  CHECK (f.notified == 0, "observer_fanout: %u notifications before any update", f.notified);
  CHECK (tq_query_get_observers_count (tq_query_observer_get_query (observers[0])) == m,
         "observer_fanout: the query has %u observers, not %u",
         tq_query_get_observers_count (tq_query_observer_get_query (observers[0])), m);

  total = 0;
  for (guint u = 0; u < sizes.updates; u++)
    {
      f.final = u + 1;
      f.reached = 0;
      f.target = m;
      f.done = FALSE;

      t0 = now_ns ();
      timed_update (client, key, updates[u], &f.done);
      t1 = now_ns ();
      total += t1 - t0;
    }
  bench_metric ("update_ms", total / 1e6 / sizes.updates);
  drain ();
  CHECK (f.notified == m * sizes.updates, "observer_fanout: %u notifications for %u updates of %u observers",
         f.notified, sizes.updates, m);

  memset (f.per_observer, 0, m * sizeof (guint));
  f.notified = 0;
  f.final = sizes.updates + sizes.rapid;
  f.reached = 0;
  f.done = FALSE;
  t0 = now_ns ();
  timed_rapid (client, key, updates + sizes.updates, sizes.rapid, &f.done);
  t1 = now_ns ();
  drain ();
  {
    guint max = 0;

    for (guint i = 0; i < m; i++)
      max = MAX (max, f.per_observer[i]);
    bench_metric ("rapid_total_ms", (t1 - t0) / 1e6);
    bench_metric ("rapid_notifications_per_observer", (double) f.notified / m);
    bench_metric ("rapid_max_notifications", max);
    CHECK (max == 1, "observer_fanout: an observer was notified of its data %u times for %u updates in one iteration",
           max, sizes.rapid);
  }

  for (guint i = 0; i < m; i++)
    {
      TqQueryResult *result = tq_query_observer_get_current_result (observers[i]);

      CHECK (value_rev (tq_query_result_get_data (result)) == f.final,
             "observer_fanout: observer %u does not show the last data", i);
      g_signal_handlers_disconnect_by_data (observers[i], &slots[i]);
      g_object_unref (observers[i]);
    }

  drain ();
  g_clear_object (&client);
  drain ();
  g_free (observers);
  g_free (slots);
  g_free (f.per_observer);
  free_nodes (updates, sizes.updates + sizes.rapid);
}

/* }}} */
/* {{{ dedup_fetch */

typedef struct
{
  guint     calls;
  gint64    fn_started;
  gint64    fn_done;
  JsonNode *value;
  guint     successes;
  guint     target;
  gboolean  done;
} Dedup;

typedef struct
{
  TqQueryFunctionContext *context;
  Dedup                  *dedup;
} DedupCall;

static gboolean
dedup_complete (gpointer user_data)
{
  DedupCall *call = user_data;

  call->dedup->fn_done = now_ns ();
  tq_query_function_context_return_json (call->context, call->dedup->value);
  g_object_unref (call->context);
  g_free (call);

  return G_SOURCE_REMOVE;
}

static void
dedup_query_fn (TqQueryFunctionContext *context,
                gpointer                user_data)
{
  Dedup *d = user_data;
  DedupCall *call = g_new (DedupCall, 1);

  d->calls++;
  d->fn_started = now_ns ();
  call->context = g_object_ref (context);
  call->dedup = d;
  g_timeout_add (10, dedup_complete, call);
}

static void
on_dedup_status (TqQueryObserver *observer,
                 GParamSpec      *pspec,
                 Dedup           *d)
{
  if (tq_query_result_get_status (tq_query_observer_get_current_result (observer)) == TQ_QUERY_STATUS_SUCCESS &&
      ++d->successes == d->target)
    d->done = TRUE;
}

static void
bench_dedup_fetch (void)
{
  guint k = sizes.dedup;
  g_autoptr(TqQueryClient) client = new_client ();
  g_autoptr(GVariant) key = g_variant_ref_sink (g_variant_new_parsed ("('dedup',)"));
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  TqQueryObserver **observers = g_new (TqQueryObserver *, k);
  Dedup d = { 0 };
  gint64 t0, t1;

  d.value = todo_value (1, "Dedup", FALSE, -1);
  d.target = k;
  tq_query_options_set_query_func (options, dedup_query_fn, &d, NULL);

  t0 = now_ns ();
  for (guint i = 0; i < k; i++)
    {
      observers[i] = tq_query_observer_new (client, options);
      g_signal_connect (observers[i], "notify::status", G_CALLBACK (on_dedup_status), &d);
      tq_query_observer_subscribe (observers[i]);
    }
  run_until (&d.done);
  t1 = now_ns ();

  CHECK (d.calls == 1, "dedup_fetch: the query function ran %u times", d.calls);
  for (guint i = 0; i < k; i++)
    {
      TqQueryResult *result = tq_query_observer_get_current_result (observers[i]);

      CHECK (tq_query_result_get_status (result) == TQ_QUERY_STATUS_SUCCESS &&
             value_node (tq_query_result_get_data (result)) == d.value,
             "dedup_fetch: observer %u does not show the data", i);
    }

  bench_metric ("total_ms", (t1 - t0) / 1e6);
  bench_metric ("query_fn_ms", (d.fn_done - d.fn_started) / 1e6);
  bench_metric ("overhead_ms", (t1 - t0) / 1e6 - 10.0);
  bench_metric ("calls", d.calls);

  for (guint i = 0; i < k; i++)
    {
      g_signal_handlers_disconnect_by_data (observers[i], &d);
      g_object_unref (observers[i]);
    }
  g_free (observers);
  drain ();
  g_clear_object (&client);
  drain ();
  json_node_unref (d.value);
}

/* }}} */
/* {{{ fetch_many */

typedef struct
{
  TqQueryClient  *client;
  GVariant      **keys;
  JsonNode       *value;
  guint           n;
  guint           next;
  guint           settled;
  guint           ok;
  gboolean        done;
} Fetches;

static void
now_query_fn (TqQueryFunctionContext *context,
              gpointer                user_data)
{
  tq_query_function_context_return_json (context, user_data);
}

static void fetch_next (Fetches *f);

static void
on_fetched (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetches *f = user_data;
  g_auto(GValue) data = G_VALUE_INIT;
  g_autoptr(GError) error = NULL;

  if (tq_query_client_fetch_query_finish (TQ_QUERY_CLIENT (source), result, &data, &error) &&
      value_node (&data) == f->value)
    f->ok++;
  else if (error != NULL)
    g_printerr ("tq-bench: fetch failed: %s\n", error->message);

  if (++f->settled == f->n)
    f->done = TRUE;
  else if (f->next < f->n)
    fetch_next (f);
}

static void
fetch_start (Fetches *f,
             guint    i)
{
  g_autoptr(TqQueryOptions) options = tq_query_options_new (f->keys[i]);

  tq_query_options_set_query_func (options, now_query_fn, f->value, NULL);
  tq_query_client_fetch_query_async (f->client, options, NULL, on_fetched, f);
}

static void
fetch_next (Fetches *f)
{
  fetch_start (f, f->next++);
}

static void
bench_fetch_many (void)
{
  guint n = sizes.fetches;
  g_autoptr(TqQueryClient) client = new_client ();
  g_autoptr(JsonNode) value = todo_value (1, "Fetched", TRUE, -1);
  GVariant **seq_keys = g_new (GVariant *, n);
  GVariant **conc_keys = g_new (GVariant *, n);
  Fetches f = { 0 };
  gint64 h0, h1, t0, t1;

  for (guint i = 0; i < n; i++)
    {
      seq_keys[i] = g_variant_ref_sink (g_variant_new ("(si)", "sequential", i));
      conc_keys[i] = g_variant_ref_sink (g_variant_new ("(si)", "concurrent", i));
    }

  f.client = client;
  f.value = value;
  f.n = n;

  /* Sequential: each fetch starts when the one before settled. */
  f.keys = seq_keys;
  h0 = heap_bytes ();
  t0 = now_ns ();
  fetch_next (&f);
  run_until (&f.done);
  t1 = now_ns ();
  h1 = heap_bytes ();
  CHECK (f.ok == n, "fetch_many: %u of %u sequential fetches returned their data", f.ok, n);
  bench_metric ("sequential_us", (t1 - t0) / 1000.0 / n);
  bench_metric ("bytes_per_query", (double) (h1 - h0) / n);

  /* Concurrent: all started at once. */
  f.keys = conc_keys;
  f.next = n;
  f.settled = f.ok = 0;
  f.done = FALSE;
  t0 = now_ns ();
  for (guint i = 0; i < n; i++)
    fetch_start (&f, i);
  run_until (&f.done);
  t1 = now_ns ();
  CHECK (f.ok == n, "fetch_many: %u of %u concurrent fetches returned their data", f.ok, n);
  CHECK (tq_query_cache_get_size (tq_query_client_get_query_cache (client)) == 2 * n,
         "fetch_many: %u queries in the cache, not %u",
         tq_query_cache_get_size (tq_query_client_get_query_cache (client)), 2 * n);
  bench_metric ("concurrent_us", (t1 - t0) / 1000.0 / n);

  drain ();
  g_clear_object (&client);
  drain ();
  free_keys (seq_keys, n);
  free_keys (conc_keys, n);
}

/* }}} */
/* {{{ mutation_optimistic */

typedef struct
{
  TqQueryClient      *client;
  TqMutationObserver *mutations;
  TqQueryFilters     *todo;
  GVariant           *key;
  JsonNode          **server;      /* server[i]: the server's data after i mutations */
  JsonNode          **optimistic;  /* what mutation i shows until it settles */
  guint               n;
  guint               started;
  guint               server_rev;
  guint               query_calls;
  guint               succeeded;
  guint               invalidated;
  guint               observer_data_changes;
  gboolean            mutation_settled;
  gboolean            invalidation_settled;
  gboolean            done;
} Mutations;

static void
todo_query_fn (TqQueryFunctionContext *context,
               gpointer                user_data)
{
  Mutations *m = user_data;

  m->query_calls++;
  tq_query_function_context_return_json (context, m->server[m->server_rev]);
}

static void
todo_mutation_fn (TqMutationFunctionContext *context,
                  gpointer                   user_data)
{
  Mutations *m = user_data;
  const GValue *variables = tq_mutation_function_context_get_variables (context);

  m->server_rev = g_value_get_uint (variables);
  tq_mutation_function_context_return_json (context, m->server[m->server_rev]);
}

static gboolean
todo_on_mutate (TqMutation    *mutation,
                const GValue  *variables,
                GValue        *context,
                gpointer       user_data,
                GError       **error)
{
  Mutations *m = user_data;

  /* TanStack's recipe: cancel, snapshot, write the optimistic data. */
  tq_query_client_cancel_queries_async (m->client, m->todo, TRUE, FALSE, NULL, NULL, NULL);
  tq_query_client_get_query_data (m->client, m->key, context);
  tq_query_client_set_query_json (m->client, m->key, m->optimistic[g_value_get_uint (variables)]);

  return TRUE;
}

static gboolean
todo_on_error (TqMutation    *mutation,
               const GError  *mutation_error,
               const GValue  *variables,
               const GValue  *context,
               gpointer       user_data,
               GError       **error)
{
  Mutations *m = user_data;

  if (context != NULL && G_IS_VALUE (context))
    tq_query_client_set_query_data (m->client, m->key, context, 0);

  return TRUE;
}

static void mutate_next (Mutations *m);

static void
maybe_next (Mutations *m)
{
  if (!m->mutation_settled || !m->invalidation_settled)
    return;

  if (m->started == m->n)
    m->done = TRUE;
  else
    mutate_next (m);
}

static void
on_invalidated (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  Mutations *m = user_data;

  if (tq_query_client_invalidate_queries_finish (TQ_QUERY_CLIENT (source), result, NULL))
    m->invalidated++;
  m->invalidation_settled = TRUE;
  maybe_next (m);
}

static gboolean
todo_on_settled (TqMutation    *mutation,
                 const GValue  *data,
                 const GError  *mutation_error,
                 const GValue  *variables,
                 const GValue  *context,
                 gpointer       user_data,
                 GError       **error)
{
  Mutations *m = user_data;

  tq_query_client_invalidate_queries_async (m->client, m->todo, TRUE, NULL, on_invalidated, m);

  return TRUE;
}

static void
on_mutated (TqMutationObserver *observer,
            TqMutation         *mutation,
            const GValue       *data,
            const GError       *error,
            gpointer            user_data)
{
  Mutations *m = user_data;

  if (error == NULL)
    m->succeeded++;
  m->mutation_settled = TRUE;
  maybe_next (m);
}

static void
mutate_next (Mutations *m)
{
  g_auto(GValue) variables = G_VALUE_INIT;

  m->mutation_settled = m->invalidation_settled = FALSE;
  g_value_init (&variables, G_TYPE_UINT);
  g_value_set_uint (&variables, ++m->started);
  tq_mutation_observer_mutate (m->mutations, &variables, on_mutated, m, NULL);
}

static void
on_todo_data (TqQueryObserver *observer,
              GParamSpec      *pspec,
              Mutations       *m)
{
  m->observer_data_changes++;
}

static void
bench_mutation_optimistic (void)
{
  guint n = sizes.mutations;
  g_autoptr(TqQueryClient) client = new_client ();
  g_autoptr(GVariant) key = g_variant_ref_sink (g_variant_new_parsed ("('todo', 1)"));
  g_autoptr(GVariant) mutation_key = g_variant_ref_sink (g_variant_new_parsed ("('toggle-todo',)"));
  g_autoptr(TqQueryOptions) query_options = tq_query_options_new (key);
  g_autoptr(TqMutationOptions) mutation_options = tq_mutation_options_new (mutation_key);
  g_autoptr(TqQueryObserver) observer = NULL;
  TqQueryResult *result;
  Mutations m = { 0 };
  gint64 t0, t1;

  m.client = client;
  m.key = key;
  m.n = n;
  m.todo = tq_query_filters_new (key);
  m.server = g_new (JsonNode *, n + 1);
  m.optimistic = g_new (JsonNode *, n + 1);
  for (guint i = 0; i <= n; i++)
    {
      m.server[i] = todo_value (1, "Toggle me", i % 2 == 1, i);
      m.optimistic[i] = todo_value (1, "Toggle me", i % 2 == 1, -1);
    }

  tq_query_options_set_query_func (query_options, todo_query_fn, &m, NULL);
  observer = tq_query_observer_new (client, query_options);
  g_signal_connect (observer, "notify::data", G_CALLBACK (on_todo_data), &m);
  tq_query_observer_subscribe (observer);
  while (tq_query_result_get_status (tq_query_observer_get_current_result (observer)) != TQ_QUERY_STATUS_SUCCESS)
    g_main_context_iteration (NULL, TRUE);
  drain ();

  tq_mutation_options_set_mutation_func (mutation_options, todo_mutation_fn, &m, NULL);
  tq_mutation_options_set_on_mutate_func (mutation_options, todo_on_mutate, &m, NULL);
  tq_mutation_options_set_on_error_func (mutation_options, todo_on_error, &m, NULL);
  tq_mutation_options_set_on_settled_func (mutation_options, todo_on_settled, &m, NULL);
  m.mutations = tq_mutation_observer_new (client, mutation_options);
  tq_mutation_observer_subscribe (m.mutations);

  t0 = now_ns ();
  mutate_next (&m);
  run_until (&m.done);
  t1 = now_ns ();
  drain ();

  result = tq_query_observer_get_current_result (observer);
  CHECK (m.succeeded == n, "mutation_optimistic: %u of %u mutations succeeded", m.succeeded, n);
  CHECK (m.invalidated == n, "mutation_optimistic: %u of %u invalidations settled", m.invalidated, n);
  CHECK (m.query_calls == n + 1, "mutation_optimistic: the query function ran %u times for %u mutations",
         m.query_calls, n);
  CHECK (value_rev (tq_query_result_get_data (result)) == n,
         "mutation_optimistic: the observer does not show the server's last data");
  CHECK (m.observer_data_changes >= 1, "mutation_optimistic: the observer never saw the data change");

  bench_metric ("mutation_us", (t1 - t0) / 1000.0 / n);
  bench_metric ("observer_data_notifications", m.observer_data_changes);

  tq_mutation_observer_unsubscribe (m.mutations);
  g_clear_object (&m.mutations);
  g_clear_object (&m.todo);
  g_clear_object (&observer);
  drain ();
  g_clear_object (&client);
  drain ();
  free_nodes (m.server, n + 1);
  free_nodes (m.optimistic, n + 1);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  const char *workload;
  int n_args = 0;

  g_set_prgname ("tq-bench");

  for (int i = 1; i < argc; i++)
    {
      static const struct { const char *name; guint *field; } options[] = {
        { "--n=", &sizes.n },
        { "--groups=", &sizes.groups },
        { "--observers=", &sizes.observers },
        { "--updates=", &sizes.updates },
        { "--rapid=", &sizes.rapid },
        { "--dedup=", &sizes.dedup },
        { "--fetches=", &sizes.fetches },
        { "--mutations=", &sizes.mutations },
      };
      gboolean matched = FALSE;

      for (guint j = 0; j < G_N_ELEMENTS (options); j++)
        if (g_str_has_prefix (argv[i], options[j].name))
          {
            guint64 value = g_ascii_strtoull (argv[i] + strlen (options[j].name), NULL, 10);

            if (value == 0 || value > G_MAXUINT32)
              {
                g_printerr ("tq-bench: bad size %s\n", argv[i]);
                return 2;
              }
            *options[j].field = (guint) value;
            matched = TRUE;
          }

      if (!matched)
        argv[++n_args] = argv[i];
    }

  if (n_args != 1)
    {
      g_printerr ("usage: tq-bench cache_fill|get_hit|invalidate_prefix|observer_fanout|"
                  "dedup_fetch|fetch_many|mutation_optimistic [--n=N] [--groups=G] "
                  "[--observers=M] [--updates=U] [--rapid=R] [--dedup=K] [--fetches=F] "
                  "[--mutations=X]\n");
      return 2;
    }
  workload = argv[1];

  if (g_str_equal (workload, "cache_fill"))
    bench_cache_fill (FALSE);
  else if (g_str_equal (workload, "get_hit"))
    bench_cache_fill (TRUE);
  else if (g_str_equal (workload, "invalidate_prefix"))
    bench_invalidate_prefix ();
  else if (g_str_equal (workload, "observer_fanout"))
    bench_observer_fanout ();
  else if (g_str_equal (workload, "dedup_fetch"))
    bench_dedup_fetch ();
  else if (g_str_equal (workload, "fetch_many"))
    bench_fetch_many ();
  else if (g_str_equal (workload, "mutation_optimistic"))
    bench_mutation_optimistic ();
  else
    {
      g_printerr ("tq-bench: unknown workload “%s”\n", workload);
      return 2;
    }

  bench_print_metrics (workload);

  return 0;
}
