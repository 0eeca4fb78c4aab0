/* tq-mutation-filters.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-key-private.h"
#include "tq-mutation-filters-private.h"
#include "tq-mutation-private.h"

/**
 * TqMutationFilters:
 *
 * Which mutations an operation applies to: TanStack's `MutationFilters`
 * (section 1.5 of `tanstack-query-core.md`). Every filter that is set must
 * match; %NULL filters match every mutation.
 *
 * - [property@Tq.MutationFilters:mutation-key] with
 *   [property@Tq.MutationFilters:exact]: an exact key, or a key prefix in
 *   the sense of [func@Tq.key_partial_match]; a mutation without a key never
 *   matches a key filter;
 * - [property@Tq.MutationFilters:status]: mutations with that status only,
 *   once set;
 * - a predicate, called last.
 *
 * ```c
 * g_autoptr(TqMutationFilters) filters = tq_mutation_filters_new (g_variant_new_parsed ("('todos',)"));
 *
 * // how many mutations of todos are running
 * guint n = tq_query_client_is_mutating (client, filters);
 * ```
 */

enum {
  PROP_0,
  PROP_MUTATION_KEY,
  PROP_EXACT,
  PROP_STATUS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqMutationFilters, tq_mutation_filters, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void
tq_mutation_filters_finalize (GObject *object)
{
  TqMutationFilters *self = (TqMutationFilters *)object;

  g_clear_pointer (&self->mutation_key, g_variant_unref);
  g_clear_pointer (&self->mutation_hash, g_free);
  g_clear_pointer (&self->predicate, _tq_callback_unref);

  G_OBJECT_CLASS (tq_mutation_filters_parent_class)->finalize (object);
}

static void
tq_mutation_filters_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqMutationFilters *self = TQ_MUTATION_FILTERS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      g_value_set_variant (value, self->mutation_key);
      break;
    case PROP_EXACT:
      g_value_set_boolean (value, self->exact);
      break;
    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_mutation_filters_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TqMutationFilters *self = TQ_MUTATION_FILTERS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      if (g_value_get_variant (value) != NULL)
        tq_mutation_filters_set_mutation_key (self, g_value_get_variant (value));
      break;
    case PROP_EXACT:
      tq_mutation_filters_set_exact (self, g_value_get_boolean (value));
      break;
    case PROP_STATUS:
      tq_mutation_filters_set_status (self, g_value_get_enum (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_mutation_filters_class_init (TqMutationFiltersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tq_mutation_filters_finalize;
  object_class->get_property = tq_mutation_filters_get_property;
  object_class->set_property = tq_mutation_filters_set_property;

  /**
   * TqMutationFilters:mutation-key:
   *
   * Matches mutations whose key has this one as a prefix (rule 2), or, with
   * [property@Tq.MutationFilters:exact], this key only.
   */
  properties [PROP_MUTATION_KEY] =
    g_param_spec_variant ("mutation-key", NULL, NULL, G_VARIANT_TYPE_ANY, NULL, rw);

  /**
   * TqMutationFilters:exact:
   *
   * Whether the key must match exactly. Unset, it is %FALSE, except for
   * [method@Tq.MutationCache.find], where it is %TRUE.
   */
  properties [PROP_EXACT] =
    g_param_spec_boolean ("exact", NULL, NULL, FALSE, rw);

  /**
   * TqMutationFilters:status:
   *
   * Mutations with this status only, once set.
   */
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       TQ_TYPE_MUTATION_STATUS, TQ_MUTATION_STATUS_IDLE, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_mutation_filters_init (TqMutationFilters *self)
{
}

/**
 * tq_mutation_filters_new:
 * @mutation_key: (nullable): a key to match as a prefix, or %NULL (a
 *   floating reference is sunk)
 *
 * Creates filters, with only the key filter set.
 *
 * Returns: (transfer full): new filters
 */
TqMutationFilters *
tq_mutation_filters_new (GVariant *mutation_key)
{
  TqMutationFilters *self = g_object_new (TQ_TYPE_MUTATION_FILTERS, NULL);

  if (mutation_key != NULL)
    tq_mutation_filters_set_mutation_key (self, mutation_key);

  return self;
}

TqMutationFilters *
_tq_mutation_filters_copy (TqMutationFilters *self)
{
  TqMutationFilters *copy = g_object_new (TQ_TYPE_MUTATION_FILTERS, NULL);

  copy->mutation_key = self->mutation_key ? g_variant_ref (self->mutation_key) : NULL;
  copy->mutation_hash = g_strdup (self->mutation_hash);
  copy->predicate = _tq_callback_ref (self->predicate);
  copy->status = self->status;
  copy->exact = self->exact;
  copy->has_exact = self->has_exact;
  copy->has_status = self->has_status;

  return copy;
}

/**
 * tq_mutation_filters_get_mutation_key:
 * @self: filters
 *
 * Gets [property@Tq.MutationFilters:mutation-key].
 *
 * Returns: (transfer none) (nullable): the key
 */
GVariant *
tq_mutation_filters_get_mutation_key (TqMutationFilters *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FILTERS (self), NULL);

  return self->mutation_key;
}

/**
 * tq_mutation_filters_set_mutation_key:
 * @self: filters
 * @mutation_key: a valid key (a floating reference is sunk)
 *
 * Sets [property@Tq.MutationFilters:mutation-key]. An invalid key is
 * refused with a critical.
 */
void
tq_mutation_filters_set_mutation_key (TqMutationFilters *self,
                                      GVariant          *mutation_key)
{
  g_autoptr(GVariant) key = NULL;
  g_autoptr(GString) hash = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TQ_IS_MUTATION_FILTERS (self));
  g_return_if_fail (mutation_key != NULL);

  key = g_variant_ref_sink (mutation_key);
  hash = g_string_new (NULL);
  if (!_tq_key_append_hash (hash, key, NULL, &error))
    {
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return;
    }

  g_clear_pointer (&self->mutation_key, g_variant_unref);
  g_free (self->mutation_hash);
  self->mutation_key = g_variant_get_normal_form (key);
  self->mutation_hash = g_string_free (g_steal_pointer (&hash), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION_KEY]);
}

/**
 * tq_mutation_filters_get_exact:
 * @self: filters
 *
 * Gets [property@Tq.MutationFilters:exact].
 *
 * Returns: whether the key must match exactly
 */
gboolean
tq_mutation_filters_get_exact (TqMutationFilters *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FILTERS (self), FALSE);

  return self->exact;
}

/**
 * tq_mutation_filters_set_exact:
 * @self: filters
 * @exact: whether the key must match exactly
 *
 * Sets [property@Tq.MutationFilters:exact].
 */
void
tq_mutation_filters_set_exact (TqMutationFilters *self,
                               gboolean           exact)
{
  g_return_if_fail (TQ_IS_MUTATION_FILTERS (self));

  self->exact = !!exact;
  self->has_exact = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EXACT]);
}

/**
 * tq_mutation_filters_get_status:
 * @self: filters
 * @status: (out) (optional): the status filter's value
 *
 * Gets [property@Tq.MutationFilters:status] and whether it is set.
 *
 * Returns: whether the status filter is set
 */
gboolean
tq_mutation_filters_get_status (TqMutationFilters *self,
                                TqMutationStatus  *status)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FILTERS (self), FALSE);

  if (status != NULL)
    *status = self->status;
  return self->has_status;
}

/**
 * tq_mutation_filters_set_status:
 * @self: filters
 * @status: the status mutations must have
 *
 * Sets [property@Tq.MutationFilters:status].
 */
void
tq_mutation_filters_set_status (TqMutationFilters *self,
                                TqMutationStatus   status)
{
  g_return_if_fail (TQ_IS_MUTATION_FILTERS (self));
  g_return_if_fail (status <= TQ_MUTATION_STATUS_ERROR);

  self->status = status;
  self->has_status = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

/**
 * tq_mutation_filters_set_predicate:
 * @self: filters
 * @predicate: (scope notified) (closure user_data) (destroy destroy): a
 *   test run on each mutation the other filters let through
 * @user_data: data for @predicate
 * @destroy: (nullable): frees @user_data
 *
 * Sets a predicate, called last.
 */
void
tq_mutation_filters_set_predicate (TqMutationFilters   *self,
                                   TqMutationPredicate  predicate,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_FILTERS (self));
  g_return_if_fail (predicate != NULL);

  g_clear_pointer (&self->predicate, _tq_callback_unref);
  self->predicate = _tq_callback_new (predicate, user_data, destroy);
}

gboolean
_tq_mutation_filters_match (TqMutationFilters *self,
                            TqMutation        *mutation,
                            gboolean           exact)
{
  if (self->mutation_key != NULL)
    {
      const char *hash = _tq_mutation_get_hash (mutation);

      if (hash == NULL)
        return FALSE;

      if (exact)
        {
          if (g_strcmp0 (self->mutation_hash, hash) != 0)
            return FALSE;
        }
      else if (!tq_key_partial_match (_tq_mutation_get_key (mutation), self->mutation_key))
        return FALSE;
    }

  if (self->has_status && _tq_mutation_get_state (mutation)->status != self->status)
    return FALSE;

  if (self->predicate != NULL &&
      !((TqMutationPredicate) self->predicate->func) (mutation, self->predicate->data))
    return FALSE;

  return TRUE;
}

/**
 * tq_mutation_filters_matches:
 * @self: filters
 * @mutation: a mutation
 *
 * Tells whether @mutation passes every filter that is set (TanStack's
 * `matchMutation`).
 *
 * Returns: whether @mutation matches
 */
gboolean
tq_mutation_filters_matches (TqMutationFilters *self,
                             TqMutation        *mutation)
{
  g_return_val_if_fail (TQ_IS_MUTATION_FILTERS (self), FALSE);
  g_return_val_if_fail (TQ_IS_MUTATION (mutation), FALSE);

  return _tq_mutation_filters_match (self, mutation, self->exact);
}
