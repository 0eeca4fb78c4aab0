/* tq-query-filters.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-key-private.h"
#include "tq-query-filters-private.h"
#include "tq-query-private.h"

/**
 * TqQueryFilters:
 *
 * Which queries a cache operation applies to: TanStack's `QueryFilters`
 * (rules 2–11 of `tanstack-query-core.md`). Every filter that is set must
 * match (rule 4); filters that are not set match everything, and %NULL
 * filters match every query.
 *
 * - [property@Tq.QueryFilters:query-key] with
 *   [property@Tq.QueryFilters:exact]: an exact key, or a key prefix in the
 *   sense of [func@Tq.key_partial_match];
 * - [property@Tq.QueryFilters:type]: active, inactive or all queries;
 * - [property@Tq.QueryFilters:stale]: stale or fresh queries, as
 *   [method@Tq.Query.is_stale] sees them;
 * - [property@Tq.QueryFilters:fetch-status]: queries fetching, paused or
 *   idle;
 * - a predicate, called last;
 * - [property@Tq.QueryFilters:refetch-type], read by
 *   [method@Tq.QueryClient.invalidate_queries_async] only.
 *
 * A key filter costs what it matches: an exact key is one hash lookup and a
 * prefix walks the part of the cache's key index under it. Only the other
 * filters, used alone, look at every query.
 *
 * ```c
 * g_autoptr(TqQueryFilters) filters = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
 *
 * tq_query_filters_set_query_type (filters, TQ_QUERY_TYPE_ACTIVE);
 * ```
 *
 * Unknown property names given to g_object_new() are reported with a
 * critical, as for any GObject.
 */

enum {
  PROP_0,
  PROP_QUERY_KEY,
  PROP_EXACT,
  PROP_TYPE,
  PROP_STALE,
  PROP_FETCH_STATUS,
  PROP_REFETCH_TYPE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqQueryFilters, tq_query_filters, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void
tq_query_filters_finalize (GObject *object)
{
  TqQueryFilters *self = (TqQueryFilters *)object;

  g_clear_pointer (&self->query_key, g_variant_unref);
  g_clear_pointer (&self->query_canon, _tq_key_canon_unref);
  g_clear_pointer (&self->predicate, _tq_callback_unref);

  G_OBJECT_CLASS (tq_query_filters_parent_class)->finalize (object);
}

static void
tq_query_filters_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TqQueryFilters *self = TQ_QUERY_FILTERS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      g_value_set_variant (value, self->query_key);
      break;
    case PROP_EXACT:
      g_value_set_boolean (value, self->exact);
      break;
    case PROP_TYPE:
      g_value_set_enum (value, self->type);
      break;
    case PROP_STALE:
      g_value_set_boolean (value, self->stale);
      break;
    case PROP_FETCH_STATUS:
      g_value_set_enum (value, self->fetch_status);
      break;
    case PROP_REFETCH_TYPE:
      g_value_set_enum (value, self->refetch_type);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_filters_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TqQueryFilters *self = TQ_QUERY_FILTERS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      if (g_value_get_variant (value) != NULL)
        tq_query_filters_set_query_key (self, g_value_get_variant (value));
      break;
    case PROP_EXACT:
      tq_query_filters_set_exact (self, g_value_get_boolean (value));
      break;
    case PROP_TYPE:
      tq_query_filters_set_query_type (self, g_value_get_enum (value));
      break;
    case PROP_STALE:
      tq_query_filters_set_stale (self, g_value_get_boolean (value));
      break;
    case PROP_FETCH_STATUS:
      tq_query_filters_set_fetch_status (self, g_value_get_enum (value));
      break;
    case PROP_REFETCH_TYPE:
      tq_query_filters_set_refetch_type (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_filters_class_init (TqQueryFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tq_query_filters_finalize;
  object_class->get_property = tq_query_filters_get_property;
  object_class->set_property = tq_query_filters_set_property;

  /**
   * TqQueryFilters:query-key:
   *
   * Matches queries whose key has this one as a prefix (rule 2), or, with
   * [property@Tq.QueryFilters:exact], this key only.
   */
  properties [PROP_QUERY_KEY] =
    g_param_spec_variant ("query-key", NULL, NULL, G_VARIANT_TYPE_ANY, NULL, rw);

  /**
   * TqQueryFilters:exact:
   *
   * Whether the key must match exactly (rule 3). Unset, it is %FALSE,
   * except for [method@Tq.QueryCache.find], where it is %TRUE.
   */
  properties [PROP_EXACT] =
    g_param_spec_boolean ("exact", NULL, NULL, FALSE, rw);

  /**
   * TqQueryFilters:type:
   *
   * Active, inactive or all queries (rule 5).
   */
  properties [PROP_TYPE] =
    g_param_spec_enum ("type", NULL, NULL,
                       TQ_TYPE_QUERY_TYPE_FILTER, TQ_QUERY_TYPE_ALL, rw);

  /**
   * TqQueryFilters:stale:
   *
   * Stale (%TRUE) or fresh (%FALSE) queries only, once set (rule 6).
   */
  properties [PROP_STALE] =
    g_param_spec_boolean ("stale", NULL, NULL, FALSE, rw);

  /**
   * TqQueryFilters:fetch-status:
   *
   * Queries with this fetch status only, once set (rule 7).
   */
  properties [PROP_FETCH_STATUS] =
    g_param_spec_enum ("fetch-status", NULL, NULL,
                       TQ_TYPE_FETCH_STATUS, TQ_FETCH_STATUS_IDLE, rw);

  /**
   * TqQueryFilters:refetch-type:
   *
   * What [method@Tq.QueryClient.invalidate_queries_async] refetches
   * (rule 8). Unset, it is the filters' type if set, else active.
   */
  properties [PROP_REFETCH_TYPE] =
    g_param_spec_enum ("refetch-type", NULL, NULL,
                       TQ_TYPE_REFETCH_TYPE, TQ_REFETCH_TYPE_ACTIVE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_query_filters_init (TqQueryFilters *self)
{
  self->type = TQ_QUERY_TYPE_ALL;
}

/**
 * tq_query_filters_new:
 * @query_key: (nullable): a key to match as a prefix, or %NULL (a floating
 *   reference is sunk)
 *
 * Creates filters, with only the key filter set.
 *
 * Returns: (transfer full): new filters
 */
TqQueryFilters *
tq_query_filters_new (GVariant *query_key)
{
  TqQueryFilters *self = g_object_new (TQ_TYPE_QUERY_FILTERS, NULL);

  if (query_key != NULL)
    tq_query_filters_set_query_key (self, query_key);

  return self;
}

TqQueryFilters *
_tq_query_filters_copy (TqQueryFilters *self)
{
  TqQueryFilters *copy = g_object_new (TQ_TYPE_QUERY_FILTERS, NULL);

  copy->query_key = self->query_key ? g_variant_ref (self->query_key) : NULL;
  copy->query_canon = self->query_canon ? _tq_key_canon_ref (self->query_canon) : NULL;
  copy->predicate = _tq_callback_ref (self->predicate);
  copy->type = self->type;
  copy->fetch_status = self->fetch_status;
  copy->refetch_type = self->refetch_type;
  copy->exact = self->exact;
  copy->stale = self->stale;
  copy->has_exact = self->has_exact;
  copy->has_type = self->has_type;
  copy->has_stale = self->has_stale;
  copy->has_fetch_status = self->has_fetch_status;
  copy->has_refetch_type = self->has_refetch_type;

  return copy;
}

/**
 * tq_query_filters_get_query_key:
 * @self: filters
 *
 * Gets [property@Tq.QueryFilters:query-key].
 *
 * Returns: (transfer none) (nullable): the key
 */
GVariant *
tq_query_filters_get_query_key (TqQueryFilters *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), NULL);

  return self->query_key;
}

/**
 * tq_query_filters_set_query_key:
 * @self: filters
 * @query_key: a valid key (a floating reference is sunk)
 *
 * Sets [property@Tq.QueryFilters:query-key]. An invalid key is refused with
 * a critical.
 */
void
tq_query_filters_set_query_key (TqQueryFilters *self,
                                GVariant       *query_key)
{
  g_autoptr(GVariant) key = NULL;
  g_autoptr(GError) error = NULL;
  TqKeyBuf canon;

  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (query_key != NULL);

  key = g_variant_ref_sink (query_key);
  _tq_key_buf_init (&canon);
  if (!_tq_key_canonicalize (&canon, key, &error))
    {
      _tq_key_buf_clear (&canon);
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return;
    }

  g_clear_pointer (&self->query_key, g_variant_unref);
  g_clear_pointer (&self->query_canon, _tq_key_canon_unref);
  self->query_key = g_steal_pointer (&key);
  self->query_canon = _tq_key_canon_dup (&canon);
  _tq_key_buf_clear (&canon);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUERY_KEY]);
}

/**
 * tq_query_filters_get_exact:
 * @self: filters
 *
 * Gets [property@Tq.QueryFilters:exact].
 *
 * Returns: whether the key must match exactly
 */
gboolean
tq_query_filters_get_exact (TqQueryFilters *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), FALSE);

  return self->exact;
}

/**
 * tq_query_filters_set_exact:
 * @self: filters
 * @exact: whether the key must match exactly
 *
 * Sets [property@Tq.QueryFilters:exact].
 */
void
tq_query_filters_set_exact (TqQueryFilters *self,
                            gboolean        exact)
{
  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));

  self->exact = !!exact;
  self->has_exact = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EXACT]);
}

/**
 * tq_query_filters_get_query_type:
 * @self: filters
 *
 * Gets [property@Tq.QueryFilters:type].
 *
 * Returns: the type
 */
TqQueryTypeFilter
tq_query_filters_get_query_type (TqQueryFilters *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), TQ_QUERY_TYPE_ALL);

  return self->type;
}

/**
 * tq_query_filters_set_query_type:
 * @self: filters
 * @type: the type
 *
 * Sets [property@Tq.QueryFilters:type].
 */
void
tq_query_filters_set_query_type (TqQueryFilters    *self,
                                 TqQueryTypeFilter  type)
{
  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (type <= TQ_QUERY_TYPE_INACTIVE);

  self->type = type;
  self->has_type = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TYPE]);
}

/**
 * tq_query_filters_get_stale:
 * @self: filters
 * @stale: (out) (optional): the stale filter's value
 *
 * Gets [property@Tq.QueryFilters:stale] and whether it is set.
 *
 * Returns: whether the stale filter is set
 */
gboolean
tq_query_filters_get_stale (TqQueryFilters *self,
                            gboolean       *stale)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), FALSE);

  if (stale != NULL)
    *stale = self->stale;
  return self->has_stale;
}

/**
 * tq_query_filters_set_stale:
 * @self: filters
 * @stale: %TRUE for stale queries only, %FALSE for fresh ones only
 *
 * Sets [property@Tq.QueryFilters:stale].
 */
void
tq_query_filters_set_stale (TqQueryFilters *self,
                            gboolean        stale)
{
  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));

  self->stale = !!stale;
  self->has_stale = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STALE]);
}

/**
 * tq_query_filters_get_fetch_status:
 * @self: filters
 * @fetch_status: (out) (optional): the fetch status filter's value
 *
 * Gets [property@Tq.QueryFilters:fetch-status] and whether it is set.
 *
 * Returns: whether the fetch status filter is set
 */
gboolean
tq_query_filters_get_fetch_status (TqQueryFilters *self,
                                   TqFetchStatus  *fetch_status)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), FALSE);

  if (fetch_status != NULL)
    *fetch_status = self->fetch_status;
  return self->has_fetch_status;
}

/**
 * tq_query_filters_set_fetch_status:
 * @self: filters
 * @fetch_status: the fetch status queries must have
 *
 * Sets [property@Tq.QueryFilters:fetch-status].
 */
void
tq_query_filters_set_fetch_status (TqQueryFilters *self,
                                   TqFetchStatus   fetch_status)
{
  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (fetch_status <= TQ_FETCH_STATUS_PAUSED);

  self->fetch_status = fetch_status;
  self->has_fetch_status = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FETCH_STATUS]);
}

/**
 * tq_query_filters_get_refetch_type:
 * @self: filters
 * @refetch_type: (out) (optional): the refetch type
 *
 * Gets [property@Tq.QueryFilters:refetch-type] and whether it is set.
 *
 * Returns: whether the refetch type is set
 */
gboolean
tq_query_filters_get_refetch_type (TqQueryFilters *self,
                                   TqRefetchType  *refetch_type)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), FALSE);

  if (refetch_type != NULL)
    *refetch_type = self->refetch_type;
  return self->has_refetch_type;
}

/**
 * tq_query_filters_set_refetch_type:
 * @self: filters
 * @refetch_type: what invalidation refetches
 *
 * Sets [property@Tq.QueryFilters:refetch-type].
 */
void
tq_query_filters_set_refetch_type (TqQueryFilters *self,
                                   TqRefetchType   refetch_type)
{
  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (refetch_type <= TQ_REFETCH_TYPE_NONE);

  self->refetch_type = refetch_type;
  self->has_refetch_type = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REFETCH_TYPE]);
}

/**
 * tq_query_filters_set_predicate:
 * @self: filters
 * @predicate: (scope notified) (closure user_data) (destroy destroy): a
 *   test run on each query the other filters let through
 * @user_data: data for @predicate
 * @destroy: (nullable): frees @user_data
 *
 * Sets a predicate (rule 7). Only filters with no key must call it on every
 * query of the cache.
 */
void
tq_query_filters_set_predicate (TqQueryFilters   *self,
                                TqQueryPredicate  predicate,
                                gpointer          user_data,
                                GDestroyNotify    destroy)
{
  g_return_if_fail (TQ_IS_QUERY_FILTERS (self));
  g_return_if_fail (predicate != NULL);

  g_clear_pointer (&self->predicate, _tq_callback_unref);
  self->predicate = _tq_callback_new (predicate, user_data, destroy);
}

gboolean
_tq_query_filters_match_rest (TqQueryFilters *self,
                              TqQuery        *query)
{
  if (self->type != TQ_QUERY_TYPE_ALL)
    {
      gboolean active = tq_query_is_active (query);

      if (self->type == TQ_QUERY_TYPE_ACTIVE && !active)
        return FALSE;
      if (self->type == TQ_QUERY_TYPE_INACTIVE && active)
        return FALSE;
    }

  if (self->has_stale && tq_query_is_stale (query) != self->stale)
    return FALSE;

  if (self->has_fetch_status && _tq_query_get_state (query)->fetch_status != self->fetch_status)
    return FALSE;

  if (self->predicate != NULL &&
      !((TqQueryPredicate) self->predicate->func) (query, self->predicate->data))
    return FALSE;

  return TRUE;
}

/**
 * tq_query_filters_matches:
 * @self: filters
 * @query: a query
 *
 * Tells whether @query passes every filter that is set (TanStack's
 * `matchQuery`).
 *
 * Returns: whether @query matches
 */
gboolean
tq_query_filters_matches (TqQueryFilters *self,
                          TqQuery        *query)
{
  g_return_val_if_fail (TQ_IS_QUERY_FILTERS (self), FALSE);
  g_return_val_if_fail (TQ_IS_QUERY (query), FALSE);

  if (self->query_key != NULL)
    {
      if (self->exact)
        {
          if (!_tq_key_canon_equal (self->query_canon, _tq_query_get_canon (query)))
            return FALSE;
        }
      else if (!tq_key_partial_match (_tq_query_get_key (query), self->query_key))
        return FALSE;
    }

  return _tq_query_filters_match_rest (self, query);
}
