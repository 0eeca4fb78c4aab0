/* tq-mutation-options.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-enum-types.h"
#include "tq-key-private.h"
#include "tq-mutation-options-private.h"
#include "tq-query-filters-private.h"

/**
 * TqMutationOptions:
 *
 * The options of a mutation: TanStack's `MutationOptions` (section 1.6 of
 * `tanstack-query-core.md`), plus Tq's declarative optimistic updates.
 *
 * As with [class@Tq.QueryOptions], only the options that were given count:
 * [method@Tq.MutationOptions.is_set] tells which. The client merges, in
 * this order, its default mutation options, every mutation default whose
 * key is a prefix of the mutation's key, and the options passed in
 * (rule 48); an unset option takes TanStack's default: `retry` 0 (rule 23),
 * `retry-delay` `min (1000 × 2ⁿ, 30000)` ms, `network-mode`
 * %TQ_NETWORK_MODE_ONLINE, `gc-time` %TQ_DEFAULT_GC_TIME. Times are
 * milliseconds.
 *
 * The lifecycle callbacks (`on-mutate`, `on-success`, `on-error`,
 * `on-settled`) are functions that may fail through a `GError`, or, set
 * with [method@Tq.MutationOptions.set_on_mutate_async_func] and its
 * siblings, functions that complete later (TanStack's callbacks that
 * return a promise); either way the mutation awaits each one. They run in
 * TanStack's order (rules 49–50), after the mutation cache's hooks of the
 * same name. [class@Tq.MutationObserver] offers them as signals too.
 *
 * ## Optimistic updates as layers
 *
 * Instead of TanStack's snapshot-and-restore recipe (which still works, see
 * the "Optimistic updates" guide), a mutation can declare what it does to
 * the cached data (see the [Optimistic updates](optimistic-updates.html)
 * guide):
 *
 * - [method@Tq.MutationOptions.add_optimistic_update]: a transformation of
 *   the data of the matching queries, given the variables, shown while the
 *   mutation is pending;
 * - [method@Tq.MutationOptions.add_update_from_result]: how the result
 *   becomes confirmed data when it succeeds;
 * - [method@Tq.MutationOptions.add_invalidates]: which queries to
 *   invalidate when it succeeds.
 *
 * The cache keeps each query's last confirmed data as a base and shows the
 * base with every pending transformation applied in submission order, so
 * that one mutation failing never undoes another's change, and a refetch
 * landing meanwhile never makes the change flicker.
 *
 * Options are copied when they are handed to an observer, a client or a
 * mutation. Invalid values are refused with a critical and leave the option
 * as it was.
 */

enum {
  PROP_0,
  PROP_MUTATION_KEY,
  PROP_MUTATION_HASH,
  PROP_RETRY,
  PROP_RETRY_DELAY,
  PROP_NETWORK_MODE,
  PROP_GC_TIME,
  PROP_META,
  PROP_SCOPE_ID,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqMutationOptions, tq_mutation_options, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static const char * const option_names[TQ_N_MOPTS] = {
  [TQ_MOPT_MUTATION_KEY] = "mutation-key",
  [TQ_MOPT_MUTATION_FN] = "mutation-fn",
  [TQ_MOPT_ON_MUTATE] = "on-mutate",
  [TQ_MOPT_ON_SUCCESS] = "on-success",
  [TQ_MOPT_ON_ERROR] = "on-error",
  [TQ_MOPT_ON_SETTLED] = "on-settled",
  [TQ_MOPT_RETRY] = "retry",
  [TQ_MOPT_RETRY_DELAY] = "retry-delay",
  [TQ_MOPT_NETWORK_MODE] = "network-mode",
  [TQ_MOPT_GC_TIME] = "gc-time",
  [TQ_MOPT_META] = "meta",
  [TQ_MOPT_SCOPE_ID] = "scope-id",
  [TQ_MOPT_OPTIMISTIC_UPDATES] = "optimistic-updates",
  [TQ_MOPT_UPDATES_FROM_RESULT] = "updates-from-result",
  [TQ_MOPT_INVALIDATES] = "invalidates",
};

/* {{{ Query hooks */

static TqMutationQueryHook *
query_hook_new (TqQueryFilters *filters,
                TqCallback     *func,
                gboolean        with_key)
{
  TqMutationQueryHook *hook = g_new0 (TqMutationQueryHook, 1);

  g_atomic_ref_count_init (&hook->ref_count);
  hook->filters = _tq_query_filters_copy (filters);
  hook->func = func;
  hook->with_key = !!with_key;

  return hook;
}

static TqMutationQueryHook *
query_hook_ref (TqMutationQueryHook *hook)
{
  g_atomic_ref_count_inc (&hook->ref_count);
  return hook;
}

static void
query_hook_unref (gpointer data)
{
  TqMutationQueryHook *hook = data;

  if (!g_atomic_ref_count_dec (&hook->ref_count))
    return;

  g_object_unref (hook->filters);
  _tq_callback_unref (hook->func);
  g_free (hook);
}

static GPtrArray *
copy_hooks (GPtrArray *hooks)
{
  GPtrArray *copy;

  if (hooks == NULL)
    return NULL;

  copy = g_ptr_array_new_full (hooks->len, query_hook_unref);
  for (guint i = 0; i < hooks->len; i++)
    g_ptr_array_add (copy, query_hook_ref (hooks->pdata[i]));

  return copy;
}

static GPtrArray *
copy_filters (GPtrArray *filters)
{
  GPtrArray *copy;

  if (filters == NULL)
    return NULL;

  copy = g_ptr_array_new_full (filters->len, g_object_unref);
  for (guint i = 0; i < filters->len; i++)
    g_ptr_array_add (copy, g_object_ref (filters->pdata[i]));

  return copy;
}

/* }}} */

static int
option_from_name (const char *name)
{
  for (guint i = 0; i < TQ_N_MOPTS; i++)
    if (g_strcmp0 (option_names[i], name) == 0)
      return i;

  return -1;
}

static inline void
mark (TqMutationOptions *self,
      TqMutationOpt      opt)
{
  self->set |= 1u << opt;
}

static inline void
set_callback (TqCallback **field,
              TqCallback  *value)
{
  TqCallback *old = *field;

  *field = value;
  _tq_callback_unref (old);
}

static void
clear_option (TqMutationOptions *self,
              TqMutationOpt      opt)
{
  switch (opt)
    {
    case TQ_MOPT_MUTATION_KEY:
      g_clear_pointer (&self->mutation_key, g_variant_unref);
      g_clear_pointer (&self->mutation_hash, g_free);
      break;
    case TQ_MOPT_MUTATION_FN:
      set_callback (&self->mutation_fn, NULL);
      break;
    case TQ_MOPT_ON_MUTATE:
      set_callback (&self->on_mutate, NULL);
      self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_MUTATE);
      break;
    case TQ_MOPT_ON_SUCCESS:
      set_callback (&self->on_success, NULL);
      self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_SUCCESS);
      break;
    case TQ_MOPT_ON_ERROR:
      set_callback (&self->on_error, NULL);
      self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_ERROR);
      break;
    case TQ_MOPT_ON_SETTLED:
      set_callback (&self->on_settled, NULL);
      self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_SETTLED);
      break;
    case TQ_MOPT_RETRY:
      set_callback (&self->retry_fn, NULL);
      self->retry = 0;
      break;
    case TQ_MOPT_RETRY_DELAY:
      set_callback (&self->retry_delay_fn, NULL);
      self->retry_delay = 0;
      break;
    case TQ_MOPT_NETWORK_MODE:
      self->network_mode = TQ_NETWORK_MODE_ONLINE;
      break;
    case TQ_MOPT_GC_TIME:
      self->gc_time = TQ_DEFAULT_GC_TIME;
      break;
    case TQ_MOPT_META:
      g_clear_pointer (&self->meta, g_variant_unref);
      break;
    case TQ_MOPT_SCOPE_ID:
      g_clear_pointer (&self->scope_id, g_free);
      break;
    case TQ_MOPT_OPTIMISTIC_UPDATES:
      g_clear_pointer (&self->optimistic_updates, g_ptr_array_unref);
      break;
    case TQ_MOPT_UPDATES_FROM_RESULT:
      g_clear_pointer (&self->updates_from_result, g_ptr_array_unref);
      break;
    case TQ_MOPT_INVALIDATES:
      g_clear_pointer (&self->invalidates, g_ptr_array_unref);
      break;
    case TQ_N_MOPTS:
    default:
      g_assert_not_reached ();
    }

  self->set &= ~(1u << opt);
}

static void
copy_option (TqMutationOptions *self,
             TqMutationOptions *src,
             TqMutationOpt      opt)
{
  switch (opt)
    {
    case TQ_MOPT_MUTATION_KEY:
      g_clear_pointer (&self->mutation_key, g_variant_unref);
      g_clear_pointer (&self->mutation_hash, g_free);
      self->mutation_key = src->mutation_key ? g_variant_ref (src->mutation_key) : NULL;
      self->mutation_hash = g_strdup (src->mutation_hash);
      break;
    case TQ_MOPT_MUTATION_FN:
      set_callback (&self->mutation_fn, _tq_callback_ref (src->mutation_fn));
      break;
    case TQ_MOPT_ON_MUTATE:
      set_callback (&self->on_mutate, _tq_callback_ref (src->on_mutate));
      self->async_hooks = (self->async_hooks & ~(1u << TQ_MUTATION_HOOK_ON_MUTATE)) |
                          (src->async_hooks & (1u << TQ_MUTATION_HOOK_ON_MUTATE));
      break;
    case TQ_MOPT_ON_SUCCESS:
      set_callback (&self->on_success, _tq_callback_ref (src->on_success));
      self->async_hooks = (self->async_hooks & ~(1u << TQ_MUTATION_HOOK_ON_SUCCESS)) |
                          (src->async_hooks & (1u << TQ_MUTATION_HOOK_ON_SUCCESS));
      break;
    case TQ_MOPT_ON_ERROR:
      set_callback (&self->on_error, _tq_callback_ref (src->on_error));
      self->async_hooks = (self->async_hooks & ~(1u << TQ_MUTATION_HOOK_ON_ERROR)) |
                          (src->async_hooks & (1u << TQ_MUTATION_HOOK_ON_ERROR));
      break;
    case TQ_MOPT_ON_SETTLED:
      set_callback (&self->on_settled, _tq_callback_ref (src->on_settled));
      self->async_hooks = (self->async_hooks & ~(1u << TQ_MUTATION_HOOK_ON_SETTLED)) |
                          (src->async_hooks & (1u << TQ_MUTATION_HOOK_ON_SETTLED));
      break;
    case TQ_MOPT_RETRY:
      set_callback (&self->retry_fn, _tq_callback_ref (src->retry_fn));
      self->retry = src->retry;
      break;
    case TQ_MOPT_RETRY_DELAY:
      set_callback (&self->retry_delay_fn, _tq_callback_ref (src->retry_delay_fn));
      self->retry_delay = src->retry_delay;
      break;
    case TQ_MOPT_NETWORK_MODE:
      self->network_mode = src->network_mode;
      break;
    case TQ_MOPT_GC_TIME:
      self->gc_time = src->gc_time;
      break;
    case TQ_MOPT_META:
      g_clear_pointer (&self->meta, g_variant_unref);
      self->meta = src->meta ? g_variant_ref (src->meta) : NULL;
      break;
    case TQ_MOPT_SCOPE_ID:
      g_free (self->scope_id);
      self->scope_id = g_strdup (src->scope_id);
      break;
    case TQ_MOPT_OPTIMISTIC_UPDATES:
      g_clear_pointer (&self->optimistic_updates, g_ptr_array_unref);
      self->optimistic_updates = copy_hooks (src->optimistic_updates);
      break;
    case TQ_MOPT_UPDATES_FROM_RESULT:
      g_clear_pointer (&self->updates_from_result, g_ptr_array_unref);
      self->updates_from_result = copy_hooks (src->updates_from_result);
      break;
    case TQ_MOPT_INVALIDATES:
      g_clear_pointer (&self->invalidates, g_ptr_array_unref);
      self->invalidates = copy_filters (src->invalidates);
      break;
    case TQ_N_MOPTS:
    default:
      g_assert_not_reached ();
    }

  mark (self, opt);
}

static void
notify_option (TqMutationOptions *self,
               TqMutationOpt      opt)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), option_names[opt]);

  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
tq_mutation_options_finalize (GObject *object)
{
  TqMutationOptions *self = (TqMutationOptions *)object;

  for (guint i = 0; i < TQ_N_MOPTS; i++)
    clear_option (self, i);

  G_OBJECT_CLASS (tq_mutation_options_parent_class)->finalize (object);
}

static void
tq_mutation_options_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  TqMutationOptions *self = TQ_MUTATION_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      g_value_set_variant (value, self->mutation_key);
      break;
    case PROP_MUTATION_HASH:
      g_value_set_string (value, self->mutation_hash);
      break;
    case PROP_RETRY:
      g_value_set_int (value, self->retry);
      break;
    case PROP_RETRY_DELAY:
      g_value_set_int64 (value, self->retry_delay);
      break;
    case PROP_NETWORK_MODE:
      g_value_set_enum (value, self->network_mode);
      break;
    case PROP_GC_TIME:
      g_value_set_int64 (value, self->gc_time);
      break;
    case PROP_META:
      g_value_set_variant (value, self->meta);
      break;
    case PROP_SCOPE_ID:
      g_value_set_string (value, self->scope_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_mutation_options_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  TqMutationOptions *self = TQ_MUTATION_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_MUTATION_KEY:
      if (g_value_get_variant (value) != NULL)
        tq_mutation_options_set_mutation_key (self, g_value_get_variant (value));
      break;
    case PROP_RETRY:
      tq_mutation_options_set_retry (self, g_value_get_int (value));
      break;
    case PROP_RETRY_DELAY:
      tq_mutation_options_set_retry_delay (self, g_value_get_int64 (value));
      break;
    case PROP_NETWORK_MODE:
      tq_mutation_options_set_network_mode (self, g_value_get_enum (value));
      break;
    case PROP_GC_TIME:
      tq_mutation_options_set_gc_time (self, g_value_get_int64 (value));
      break;
    case PROP_META:
      tq_mutation_options_set_meta (self, g_value_get_variant (value));
      break;
    case PROP_SCOPE_ID:
      tq_mutation_options_set_scope_id (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_mutation_options_class_init (TqMutationOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tq_mutation_options_finalize;
  object_class->get_property = tq_mutation_options_get_property;
  object_class->set_property = tq_mutation_options_set_property;

  /**
   * TqMutationOptions:mutation-key:
   *
   * The mutation's key (TanStack's `mutationKey`): optional, it selects
   * mutation defaults ([method@Tq.QueryClient.set_mutation_defaults]) and
   * lets [class@Tq.MutationFilters] find the mutation.
   */
  properties [PROP_MUTATION_KEY] =
    g_param_spec_variant ("mutation-key", NULL, NULL, G_VARIANT_TYPE_ANY, NULL, rw);

  /**
   * TqMutationOptions:mutation-hash:
   *
   * The canonical hash of the key (see [func@Tq.key_hash]).
   */
  properties [PROP_MUTATION_HASH] =
    g_param_spec_string ("mutation-hash", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqMutationOptions:retry:
   *
   * How many times a failed mutation function is retried: 0 (the default
   * for mutations, rule 23) never, %TQ_RETRY_FOREVER without end.
   */
  properties [PROP_RETRY] =
    g_param_spec_int ("retry", NULL, NULL, TQ_RETRY_FOREVER, G_MAXINT, 0, rw);

  /**
   * TqMutationOptions:retry-delay:
   *
   * The delay before each retry, in milliseconds. Unset, it is
   * `min (1000 × 2ⁿ, 30000)` for the n-th failure (rule 24).
   */
  properties [PROP_RETRY_DELAY] =
    g_param_spec_int64 ("retry-delay", NULL, NULL, 0, G_MAXINT64, 0, rw);

  /**
   * TqMutationOptions:network-mode:
   *
   * How the mutation depends on the network (rules 27–29): in the default
   * `online` mode a mutation started offline is paused until the network
   * comes back.
   */
  properties [PROP_NETWORK_MODE] =
    g_param_spec_enum ("network-mode", NULL, NULL,
                       TQ_TYPE_NETWORK_MODE, TQ_NETWORK_MODE_ONLINE, rw);

  /**
   * TqMutationOptions:gc-time:
   *
   * How long a settled mutation nobody observes stays in the mutation
   * cache, in milliseconds (rule 37); %TQ_TIME_INFINITE keeps it.
   */
  properties [PROP_GC_TIME] =
    g_param_spec_int64 ("gc-time", NULL, NULL, 0, G_MAXINT64, TQ_DEFAULT_GC_TIME, rw);

  /**
   * TqMutationOptions:meta:
   *
   * Anything the application wants to pass to the mutation function and
   * the cache's hooks, typically an `a{sv}` dictionary (TanStack's `meta`).
   */
  properties [PROP_META] =
    g_param_spec_variant ("meta", NULL, NULL, G_VARIANT_TYPE_ANY, NULL, rw);

  /**
   * TqMutationOptions:scope-id:
   *
   * The mutation's scope (TanStack's `scope.id`): mutations of the same
   * scope run one at a time, in the order they were started; the ones
   * waiting are pending and paused. %NULL for none: mutations without a
   * scope run in parallel.
   */
  properties [PROP_SCOPE_ID] =
    g_param_spec_string ("scope-id", NULL, NULL, NULL, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_mutation_options_init (TqMutationOptions *self)
{
  self->retry = 0;
  self->network_mode = TQ_NETWORK_MODE_ONLINE;
  self->gc_time = TQ_DEFAULT_GC_TIME;
}

TqMutationOptions *
_tq_mutation_options_new_empty (void)
{
  return g_object_new (TQ_TYPE_MUTATION_OPTIONS, NULL);
}

/**
 * tq_mutation_options_new:
 * @mutation_key: (nullable): the mutation's key, or %NULL for none (a
 *   floating reference is sunk)
 *
 * Creates mutation options with nothing else set.
 *
 * Returns: (transfer full): new options
 */
TqMutationOptions *
tq_mutation_options_new (GVariant *mutation_key)
{
  TqMutationOptions *self = _tq_mutation_options_new_empty ();

  if (mutation_key != NULL)
    tq_mutation_options_set_mutation_key (self, mutation_key);

  return self;
}

void
_tq_mutation_options_overlay (TqMutationOptions *self,
                              TqMutationOptions *overlay)
{
  guint32 set = overlay->set;

  for (guint i = 0; set != 0; i++, set >>= 1)
    if (set & 1)
      copy_option (self, overlay, i);
}

/**
 * tq_mutation_options_copy:
 * @self: options
 *
 * Copies options: which are set and their values.
 *
 * Returns: (transfer full): a copy
 */
TqMutationOptions *
tq_mutation_options_copy (TqMutationOptions *self)
{
  TqMutationOptions *copy;

  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), NULL);

  copy = _tq_mutation_options_new_empty ();
  _tq_mutation_options_overlay (copy, self);
  copy->defaulted = self->defaulted;

  return copy;
}

/**
 * tq_mutation_options_merge:
 * @self: base options
 * @overlay: (nullable): options that take precedence
 *
 * Merges two sets of options the way TanStack spreads objects: the result
 * has every option set in either, with @overlay's value where both set it.
 * A list option (`optimistic-updates`, `updates-from-result`,
 * `invalidates`) set in @overlay replaces @self's list as a whole.
 *
 * Returns: (transfer full): the merged options
 */
TqMutationOptions *
tq_mutation_options_merge (TqMutationOptions *self,
                           TqMutationOptions *overlay)
{
  TqMutationOptions *merged;

  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), NULL);
  g_return_val_if_fail (overlay == NULL || TQ_IS_MUTATION_OPTIONS (overlay), NULL);

  merged = tq_mutation_options_copy (self);
  if (overlay != NULL)
    _tq_mutation_options_overlay (merged, overlay);

  return merged;
}

/**
 * tq_mutation_options_is_set:
 * @self: options
 * @name: an option's name: a property name such as `"retry"`, or
 *   `"mutation-fn"`, `"on-mutate"`, `"on-success"`, `"on-error"`,
 *   `"on-settled"`, `"optimistic-updates"`, `"updates-from-result"`,
 *   `"invalidates"`
 *
 * Tells whether an option was given.
 *
 * Returns: %TRUE if the option is set; %FALSE if not, or (with a critical)
 *   if there is no such option
 */
gboolean
tq_mutation_options_is_set (TqMutationOptions *self,
                            const char        *name)
{
  int opt;

  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  opt = option_from_name (name);
  if (opt < 0)
    {
      g_critical ("%s: TqMutationOptions has no option “%s”", G_STRFUNC, name);
      return FALSE;
    }

  return _tq_mutation_options_has (self, opt);
}

/**
 * tq_mutation_options_unset:
 * @self: options
 * @name: an option's name (see [method@Tq.MutationOptions.is_set])
 *
 * Unsets an option, so that defaults apply to it again.
 */
void
tq_mutation_options_unset (TqMutationOptions *self,
                           const char        *name)
{
  int opt;

  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (name != NULL);

  opt = option_from_name (name);
  if (opt < 0)
    {
      g_critical ("%s: TqMutationOptions has no option “%s”", G_STRFUNC, name);
      return;
    }

  clear_option (self, opt);
  notify_option (self, opt);
}

/**
 * tq_mutation_options_get_mutation_key:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:mutation-key].
 *
 * Returns: (transfer none) (nullable): the key
 */
GVariant *
tq_mutation_options_get_mutation_key (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->mutation_key;
}

/**
 * tq_mutation_options_set_mutation_key:
 * @self: options
 * @mutation_key: a valid key (a floating reference is sunk)
 *
 * Sets [property@Tq.MutationOptions:mutation-key]. An invalid key is
 * refused with a critical naming the problem.
 */
void
tq_mutation_options_set_mutation_key (TqMutationOptions *self,
                                      GVariant          *mutation_key)
{
  g_autoptr(GVariant) key = NULL;
  g_autoptr(GString) hash = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (mutation_key != NULL);

  key = g_variant_ref_sink (mutation_key);
  hash = g_string_sized_new (64);
  if (!_tq_key_append_hash (hash, key, NULL, &error))
    {
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return;
    }

  g_clear_pointer (&self->mutation_key, g_variant_unref);
  g_free (self->mutation_hash);
  self->mutation_key = g_variant_get_normal_form (key);
  self->mutation_hash = g_string_free (g_steal_pointer (&hash), FALSE);
  mark (self, TQ_MOPT_MUTATION_KEY);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION_KEY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MUTATION_HASH]);
}

/**
 * tq_mutation_options_get_mutation_hash:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:mutation-hash].
 *
 * Returns: (nullable): the hash of the key, or %NULL if no key is set
 */
const char *
tq_mutation_options_get_mutation_hash (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->mutation_hash;
}

/**
 * tq_mutation_options_set_mutation_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   mutation function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the mutation function (TanStack's `mutationFn`). A mutation that
 * runs without one fails with %TQ_ERROR_MISSING_MUTATION_FN.
 */
void
tq_mutation_options_set_mutation_func (TqMutationOptions *self,
                                       TqMutationFunc     func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->mutation_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_MOPT_MUTATION_FN);
}

/**
 * tq_mutation_options_set_on_mutate_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the hook
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-mutate` callback (TanStack's `onMutate`, see
 * [callback@Tq.OnMutateFunc]).
 */
void
tq_mutation_options_set_on_mutate_func (TqMutationOptions *self,
                                        TqOnMutateFunc     func,
                                        gpointer           user_data,
                                        GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_mutate, _tq_callback_new (func, user_data, destroy));
  self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_MUTATE);
  mark (self, TQ_MOPT_ON_MUTATE);
}

/**
 * tq_mutation_options_set_on_success_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the hook
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-success` callback (TanStack's `onSuccess`, see
 * [callback@Tq.OnSuccessFunc]).
 */
void
tq_mutation_options_set_on_success_func (TqMutationOptions *self,
                                         TqOnSuccessFunc    func,
                                         gpointer           user_data,
                                         GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_success, _tq_callback_new (func, user_data, destroy));
  self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_SUCCESS);
  mark (self, TQ_MOPT_ON_SUCCESS);
}

/**
 * tq_mutation_options_set_on_error_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the hook
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-error` callback (TanStack's `onError`, see
 * [callback@Tq.OnErrorFunc]).
 */
void
tq_mutation_options_set_on_error_func (TqMutationOptions *self,
                                       TqOnErrorFunc      func,
                                       gpointer           user_data,
                                       GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_error, _tq_callback_new (func, user_data, destroy));
  self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_ERROR);
  mark (self, TQ_MOPT_ON_ERROR);
}

/**
 * tq_mutation_options_set_on_settled_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the hook
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-settled` callback (TanStack's `onSettled`, see
 * [callback@Tq.OnSettledFunc]).
 */
void
tq_mutation_options_set_on_settled_func (TqMutationOptions *self,
                                         TqOnSettledFunc    func,
                                         gpointer           user_data,
                                         GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_settled, _tq_callback_new (func, user_data, destroy));
  self->async_hooks &= ~(1u << TQ_MUTATION_HOOK_ON_SETTLED);
  mark (self, TQ_MOPT_ON_SETTLED);
}

/**
 * tq_mutation_options_set_on_mutate_async_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   callback
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-mutate` callback to one that completes later (TanStack's
 * `onMutate` returning a promise): the mutation waits for it, still pending
 * (rule 49); the context the later callbacks receive, given to [method@Tq.MutationCallbackContext.return_value]; a failure sends the mutation down the error path before its function runs (see [class@Tq.MutationCallbackContext]). It replaces
 * a function set with [method@Tq.MutationOptions.set_on_mutate_func].
 */
void
tq_mutation_options_set_on_mutate_async_func (TqMutationOptions      *self,
                                              TqMutationCallbackFunc  func,
                                              gpointer                user_data,
                                              GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_mutate, _tq_callback_new (func, user_data, destroy));
  self->async_hooks |= 1u << TQ_MUTATION_HOOK_ON_MUTATE;
  mark (self, TQ_MOPT_ON_MUTATE);
}

/**
 * tq_mutation_options_set_on_success_async_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   callback
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-success` callback to one that completes later (TanStack's
 * `onSuccess` returning a promise): the mutation waits for it, still pending
 * (rule 49); a failure sends the mutation down the error path (see [class@Tq.MutationCallbackContext]). It replaces
 * a function set with [method@Tq.MutationOptions.set_on_success_func].
 */
void
tq_mutation_options_set_on_success_async_func (TqMutationOptions      *self,
                                               TqMutationCallbackFunc  func,
                                               gpointer                user_data,
                                               GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_success, _tq_callback_new (func, user_data, destroy));
  self->async_hooks |= 1u << TQ_MUTATION_HOOK_ON_SUCCESS;
  mark (self, TQ_MOPT_ON_SUCCESS);
}

/**
 * tq_mutation_options_set_on_error_async_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   callback
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-error` callback to one that completes later (TanStack's
 * `onError` returning a promise): the mutation waits for it, still pending
 * (rule 49); a failure is logged at debug level and ignored (see [class@Tq.MutationCallbackContext]). It replaces
 * a function set with [method@Tq.MutationOptions.set_on_error_func].
 */
void
tq_mutation_options_set_on_error_async_func (TqMutationOptions      *self,
                                             TqMutationCallbackFunc  func,
                                             gpointer                user_data,
                                             GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_error, _tq_callback_new (func, user_data, destroy));
  self->async_hooks |= 1u << TQ_MUTATION_HOOK_ON_ERROR;
  mark (self, TQ_MOPT_ON_ERROR);
}

/**
 * tq_mutation_options_set_on_settled_async_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the
 *   callback
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the `on-settled` callback to one that completes later (TanStack's
 * `onSettled` returning a promise): the mutation waits for it, still pending
 * (rule 49); on the success path a failure sends the mutation down the error path (see [class@Tq.MutationCallbackContext]). It replaces
 * a function set with [method@Tq.MutationOptions.set_on_settled_func].
 */
void
tq_mutation_options_set_on_settled_async_func (TqMutationOptions      *self,
                                               TqMutationCallbackFunc  func,
                                               gpointer                user_data,
                                               GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->on_settled, _tq_callback_new (func, user_data, destroy));
  self->async_hooks |= 1u << TQ_MUTATION_HOOK_ON_SETTLED;
  mark (self, TQ_MOPT_ON_SETTLED);
}

/**
 * tq_mutation_options_get_retry:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:retry] as a count.
 *
 * Returns: the count, or %TQ_RETRY_FOREVER
 */
int
tq_mutation_options_get_retry (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), 0);

  return self->retry;
}

/**
 * tq_mutation_options_set_retry:
 * @self: options
 * @retry: how many retries, 0 for none, %TQ_RETRY_FOREVER for no limit
 *
 * Sets [property@Tq.MutationOptions:retry].
 */
void
tq_mutation_options_set_retry (TqMutationOptions *self,
                               int                retry)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (retry >= TQ_RETRY_FOREVER);

  set_callback (&self->retry_fn, NULL);
  self->retry = retry;
  mark (self, TQ_MOPT_RETRY);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY]);
}

/**
 * tq_mutation_options_set_retry_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   whether to retry
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.MutationOptions:retry] to a function of the failure
 * count and error (rule 24).
 */
void
tq_mutation_options_set_retry_func (TqMutationOptions *self,
                                    TqRetryFunc        func,
                                    gpointer           user_data,
                                    GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->retry_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_MOPT_RETRY);
}

/**
 * tq_mutation_options_get_retry_delay:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:retry-delay] as a value.
 *
 * Returns: milliseconds
 */
gint64
tq_mutation_options_get_retry_delay (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), 0);

  return self->retry_delay;
}

/**
 * tq_mutation_options_set_retry_delay:
 * @self: options
 * @retry_delay_ms: milliseconds, not negative
 *
 * Sets [property@Tq.MutationOptions:retry-delay] to a fixed delay.
 */
void
tq_mutation_options_set_retry_delay (TqMutationOptions *self,
                                     gint64             retry_delay_ms)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (retry_delay_ms >= 0);

  set_callback (&self->retry_delay_fn, NULL);
  self->retry_delay = retry_delay_ms;
  mark (self, TQ_MOPT_RETRY_DELAY);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY_DELAY]);
}

/**
 * tq_mutation_options_set_retry_delay_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the delay
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.MutationOptions:retry-delay] to a function of the
 * failure count and error.
 */
void
tq_mutation_options_set_retry_delay_func (TqMutationOptions *self,
                                          TqRetryDelayFunc   func,
                                          gpointer           user_data,
                                          GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->retry_delay_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_MOPT_RETRY_DELAY);
}

/**
 * tq_mutation_options_get_network_mode:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:network-mode].
 *
 * Returns: the network mode
 */
TqNetworkMode
tq_mutation_options_get_network_mode (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), TQ_NETWORK_MODE_ONLINE);

  return self->network_mode;
}

/**
 * tq_mutation_options_set_network_mode:
 * @self: options
 * @network_mode: the network mode
 *
 * Sets [property@Tq.MutationOptions:network-mode].
 */
void
tq_mutation_options_set_network_mode (TqMutationOptions *self,
                                      TqNetworkMode      network_mode)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (network_mode <= TQ_NETWORK_MODE_OFFLINE_FIRST);

  self->network_mode = network_mode;
  mark (self, TQ_MOPT_NETWORK_MODE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NETWORK_MODE]);
}

/**
 * tq_mutation_options_get_gc_time:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:gc-time].
 *
 * Returns: milliseconds, or %TQ_TIME_INFINITE
 */
gint64
tq_mutation_options_get_gc_time (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), TQ_DEFAULT_GC_TIME);

  return self->gc_time;
}

/**
 * tq_mutation_options_set_gc_time:
 * @self: options
 * @gc_time_ms: milliseconds (not negative), or %TQ_TIME_INFINITE
 *
 * Sets [property@Tq.MutationOptions:gc-time].
 */
void
tq_mutation_options_set_gc_time (TqMutationOptions *self,
                                 gint64             gc_time_ms)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (gc_time_ms >= 0);

  self->gc_time = gc_time_ms;
  mark (self, TQ_MOPT_GC_TIME);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GC_TIME]);
}

gint64
_tq_mutation_options_get_gc_time_or_unset (TqMutationOptions *self)
{
  return _tq_mutation_options_has (self, TQ_MOPT_GC_TIME) ? self->gc_time : G_MININT64;
}

/**
 * tq_mutation_options_get_meta:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:meta].
 *
 * Returns: (transfer none) (nullable): the meta
 */
GVariant *
tq_mutation_options_get_meta (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->meta;
}

/**
 * tq_mutation_options_set_meta:
 * @self: options
 * @meta: (nullable): the meta (a floating reference is sunk)
 *
 * Sets [property@Tq.MutationOptions:meta].
 */
void
tq_mutation_options_set_meta (TqMutationOptions *self,
                              GVariant          *meta)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));

  g_clear_pointer (&self->meta, g_variant_unref);
  if (meta != NULL)
    self->meta = g_variant_ref_sink (meta);
  mark (self, TQ_MOPT_META);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_META]);
}

/**
 * tq_mutation_options_get_scope_id:
 * @self: options
 *
 * Gets [property@Tq.MutationOptions:scope-id].
 *
 * Returns: (nullable): the scope, or %NULL for none
 */
const char *
tq_mutation_options_get_scope_id (TqMutationOptions *self)
{
  g_return_val_if_fail (TQ_IS_MUTATION_OPTIONS (self), NULL);

  return self->scope_id;
}

/**
 * tq_mutation_options_set_scope_id:
 * @self: options
 * @scope_id: (nullable): the scope, or %NULL for none
 *
 * Sets [property@Tq.MutationOptions:scope-id].
 */
void
tq_mutation_options_set_scope_id (TqMutationOptions *self,
                                  const char        *scope_id)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));

  g_free (self->scope_id);
  self->scope_id = g_strdup (scope_id);
  mark (self, TQ_MOPT_SCOPE_ID);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SCOPE_ID]);
}

static void
add_hook (TqMutationOptions *self,
          TqMutationOpt      opt,
          GPtrArray        **list,
          TqQueryFilters    *filters,
          TqCallback        *func,
          gboolean           with_key)
{
  GPtrArray *hooks = g_ptr_array_new_with_free_func (query_hook_unref);

  /* Copy on write: the list may be shared with copies of these options. */
  if (*list != NULL)
    for (guint i = 0; i < (*list)->len; i++)
      g_ptr_array_add (hooks, query_hook_ref ((*list)->pdata[i]));
  g_ptr_array_add (hooks, query_hook_new (filters, func, with_key));

  g_clear_pointer (list, g_ptr_array_unref);
  *list = hooks;
  mark (self, opt);
}

/**
 * tq_mutation_options_add_optimistic_update:
 * @self: options
 * @filters: the queries the mutation changes: an exact key with
 *   [property@Tq.QueryFilters:exact], or a key prefix and any other filter
 * @func: (scope notified) (closure user_data) (destroy destroy): the change,
 *   as a pure function of the data and the variables
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Declares an optimistic update: while the mutation is pending, every query
 * that matches @filters when it starts shows its data transformed by @func.
 *
 * The transformation is a layer over the query's confirmed data (its base,
 * the last data fetched or set): the data shown is the base with every
 * pending layer applied in the order the mutations were started. A refetch
 * that lands replaces the base and the layers are applied again on top.
 * When the mutation fails its layer is dropped, leaving the others. When it
 * succeeds, its result can replace the layer at once
 * ([method@Tq.MutationOptions.add_update_from_result]); otherwise the
 * change goes into the base — it is the best guess of the server's data
 * now — as soon as no fetch that started before the success is in flight,
 * since such a fetch brings data from before the change and must not wipe
 * it out. A fetch that started after the success confirms it (for example
 * one that [method@Tq.MutationOptions.add_invalidates] causes).
 *
 * A query that has no data yet gets the layer but shows it only once its
 * data arrives; queries made after the mutation started get no layer; a
 * query removed meanwhile takes the layer with it. Reading the data (observers,
 * [method@Tq.QueryClient.get_query_data]) gives the layered data; writing
 * it ([method@Tq.QueryClient.set_query_data]) writes the base.
 *
 * This option is a list: each call adds to it.
 */
void
tq_mutation_options_add_optimistic_update (TqMutationOptions      *self,
                                           TqQueryFilters         *filters,
                                           TqOptimisticUpdateFunc  func,
                                           gpointer                user_data,
                                           GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (TQ_IS_QUERY_FILTERS (filters));
  g_return_if_fail (func != NULL);

  add_hook (self, TQ_MOPT_OPTIMISTIC_UPDATES, &self->optimistic_updates, filters,
            _tq_callback_new (func, user_data, destroy), FALSE);
}

/**
 * tq_mutation_options_add_update_from_result:
 * @self: options
 * @filters: the queries to update
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the new confirmed data from the old and the mutation's result
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Declares how the mutation's result updates the matching queries when it
 * succeeds: @func's data becomes their confirmed data (as with
 * [method@Tq.QueryClient.set_query_data]), and in the same step the
 * mutation's optimistic layer on them is dropped, so the change never
 * flickers. @func receives %NULL data for a query that has none; leaving
 * its result unset changes nothing.
 *
 * This option is a list: each call adds to it.
 */
void
tq_mutation_options_add_update_from_result (TqMutationOptions      *self,
                                            TqQueryFilters         *filters,
                                            TqUpdateFromResultFunc  func,
                                            gpointer                user_data,
                                            GDestroyNotify          destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (TQ_IS_QUERY_FILTERS (filters));
  g_return_if_fail (func != NULL);

  add_hook (self, TQ_MOPT_UPDATES_FROM_RESULT, &self->updates_from_result, filters,
            _tq_callback_new (func, user_data, destroy), FALSE);
}

/**
 * tq_mutation_options_add_optimistic_query_update:
 * @self: options
 * @filters: the queries the mutation changes: typically a key prefix such
 *   as `('todos',)`, matching every list of to-dos whatever its filters
 * @func: (scope notified) (closure user_data) (destroy destroy): the change,
 *   as a pure function of the query's key, its data and the variables
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Declares an optimistic update whose change depends on the query: @func
 * receives the key of each query it changes. Everything else is as with
 * [method@Tq.MutationOptions.add_optimistic_update], layers included.
 *
 * This is what an added item needs when an application caches several
 * filtered lists of the same resource: the item belongs in the lists whose
 * filter it passes, and in no other, and only the key says what a list's
 * filter is:
 *
 * ```c
 * static void
 * add_todo_update (GVariant     *query_key,    // ('todos', {'completed': <false>})
 *                  const GValue *data,
 *                  const GValue *variables,
 *                  GValue       *result,
 *                  gpointer      user_data)
 * {
 *   if (!my_todo_passes_filter (query_key, variables))
 *     return;   // unset: this list does not change
 *
 *   g_value_init (result, JSON_TYPE_NODE);
 *   g_value_take_boxed (result, my_todos_with_appended (g_value_get_boxed (data), variables));
 * }
 *
 * g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
 *
 * tq_mutation_options_add_optimistic_query_update (options, todos, add_todo_update, NULL, NULL);
 * ```
 *
 * TanStack's recipe reaches the same result by reading every list with
 * `getQueriesData` and writing each with `setQueryData`.
 *
 * This option is the list of optimistic updates: each call adds to it, in
 * order with the calls of [method@Tq.MutationOptions.add_optimistic_update].
 */
void
tq_mutation_options_add_optimistic_query_update (TqMutationOptions           *self,
                                                 TqQueryFilters              *filters,
                                                 TqOptimisticQueryUpdateFunc  func,
                                                 gpointer                     user_data,
                                                 GDestroyNotify               destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (TQ_IS_QUERY_FILTERS (filters));
  g_return_if_fail (func != NULL);

  add_hook (self, TQ_MOPT_OPTIMISTIC_UPDATES, &self->optimistic_updates, filters,
            _tq_callback_new (func, user_data, destroy), TRUE);
}

/**
 * tq_mutation_options_add_query_update_from_result:
 * @self: options
 * @filters: the queries to update
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the new confirmed data from the query's key, its old data and the
 *   mutation's result
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Declares how the mutation's result updates the matching queries when it
 * succeeds, as [method@Tq.MutationOptions.add_update_from_result] does, with
 * a function that also receives each query's key: the item the server
 * created goes into the filtered lists whose filter it passes, in the same
 * step that drops the mutation's optimistic layer (see
 * [method@Tq.MutationOptions.add_optimistic_query_update]).
 *
 * This option is the list of updates from the result: each call adds to
 * it, in order with the calls of
 * [method@Tq.MutationOptions.add_update_from_result].
 */
void
tq_mutation_options_add_query_update_from_result (TqMutationOptions           *self,
                                                  TqQueryFilters              *filters,
                                                  TqQueryUpdateFromResultFunc  func,
                                                  gpointer                     user_data,
                                                  GDestroyNotify               destroy)
{
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (TQ_IS_QUERY_FILTERS (filters));
  g_return_if_fail (func != NULL);

  add_hook (self, TQ_MOPT_UPDATES_FROM_RESULT, &self->updates_from_result, filters,
            _tq_callback_new (func, user_data, destroy), TRUE);
}

/**
 * tq_mutation_options_add_invalidates:
 * @self: options
 * @filters: queries to invalidate; their
 *   [property@Tq.QueryFilters:refetch-type] applies
 *
 * Declares queries to invalidate when the mutation succeeds, as
 * [method@Tq.QueryClient.invalidate_queries_async] would: RTK Query's
 * `invalidatesTags`, in TanStack's vocabulary. Common mutations need no
 * callback at all:
 *
 * ```c
 * g_autoptr(TqQueryFilters) todos = tq_query_filters_new (g_variant_new_parsed ("('todos',)"));
 *
 * tq_mutation_options_add_invalidates (options, todos);
 * ```
 *
 * The invalidation runs when the mutation function succeeded, before the
 * `on-success` callbacks, after the results were written. This option is a
 * list: each call adds to it.
 */
void
tq_mutation_options_add_invalidates (TqMutationOptions *self,
                                     TqQueryFilters    *filters)
{
  GPtrArray *list;

  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (self));
  g_return_if_fail (TQ_IS_QUERY_FILTERS (filters));

  list = g_ptr_array_new_with_free_func (g_object_unref);
  if (self->invalidates != NULL)
    for (guint i = 0; i < self->invalidates->len; i++)
      g_ptr_array_add (list, g_object_ref (self->invalidates->pdata[i]));
  g_ptr_array_add (list, _tq_query_filters_copy (filters));

  g_clear_pointer (&self->invalidates, g_ptr_array_unref);
  self->invalidates = list;
  mark (self, TQ_MOPT_INVALIDATES);
}

static gboolean
ptr_arrays_equal (GPtrArray *a,
                  GPtrArray *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL || a->len != b->len)
    return FALSE;

  for (guint i = 0; i < a->len; i++)
    if (a->pdata[i] != b->pdata[i])
      return FALSE;

  return TRUE;
}

/* TanStack's shallowEqualObjects on mutation options. */
gboolean
_tq_mutation_options_equal (TqMutationOptions *a,
                            TqMutationOptions *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  if (a->set != b->set ||
      a->async_hooks != b->async_hooks ||
      g_strcmp0 (a->mutation_hash, b->mutation_hash) != 0 ||
      a->retry != b->retry ||
      a->retry_delay != b->retry_delay ||
      a->network_mode != b->network_mode ||
      a->gc_time != b->gc_time ||
      g_strcmp0 (a->scope_id, b->scope_id) != 0)
    return FALSE;

  if (!_tq_callback_equal (a->mutation_fn, b->mutation_fn) ||
      !_tq_callback_equal (a->on_mutate, b->on_mutate) ||
      !_tq_callback_equal (a->on_success, b->on_success) ||
      !_tq_callback_equal (a->on_error, b->on_error) ||
      !_tq_callback_equal (a->on_settled, b->on_settled) ||
      !_tq_callback_equal (a->retry_fn, b->retry_fn) ||
      !_tq_callback_equal (a->retry_delay_fn, b->retry_delay_fn))
    return FALSE;

  if (!ptr_arrays_equal (a->optimistic_updates, b->optimistic_updates) ||
      !ptr_arrays_equal (a->updates_from_result, b->updates_from_result) ||
      !ptr_arrays_equal (a->invalidates, b->invalidates))
    return FALSE;

  if ((a->meta == NULL) != (b->meta == NULL) ||
      (a->meta != NULL && !g_variant_equal (a->meta, b->meta)))
    return FALSE;

  return TRUE;
}

TqCallback *
_tq_mutation_options_dup_hook (TqMutationOptions *self,
                               TqMutationHook     hook,
                               gboolean          *is_async)
{
  TqCallback *callbacks[] = { self->on_mutate, self->on_success, self->on_error, self->on_settled };

  *is_async = (self->async_hooks & (1u << hook)) != 0;

  return _tq_callback_ref (callbacks[hook]);
}
