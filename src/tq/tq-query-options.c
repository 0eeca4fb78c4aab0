/* tq-query-options.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-enum-types.h"
#include "tq-infinite-data-private.h"
#include "tq-key-private.h"
#include "tq-query-options-private.h"
#include "tq-value-private.h"

/**
 * TqQueryOptions:
 *
 * The options of a query and of the observers watching it: TanStack's
 * `QueryOptions` and `QueryObserverOptions` in one object (section 1.2 of
 * `tanstack-query-core.md`).
 *
 * Only the options that were given count: each option is either set or
 * unset, and [method@Tq.QueryOptions.is_set] tells which. The client merges,
 * in this order, its default options, every per-key default whose key is a
 * prefix of the query's key, and the options passed in (rule 48); an unset
 * option takes TanStack's default where it is used: `stale-time` 0, `gc-time`
 * %TQ_DEFAULT_GC_TIME, `retry` 3 (0 for the client's imperative fetches),
 * `retry-delay` `min (1000 × 2ⁿ, 30000)` ms, `network-mode`
 * %TQ_NETWORK_MODE_ONLINE, the refetch-on options %TQ_REFETCH_IF_STALE
 * (`refetch-on-reconnect` %TQ_REFETCH_NEVER in the `always` network mode),
 * `retry-on-mount`, `enabled` and `structural-sharing` %TRUE.
 *
 * Infinite queries ([class@Tq.InfiniteQueryObserver],
 * [method@Tq.QueryClient.infinite_query_async]) add the initial page
 * parameter, the next- and previous-page functions,
 * [property@Tq.QueryOptions:max-pages] and, for the client's imperative
 * fetches, [property@Tq.QueryOptions:pages] (section 1.7).
 *
 * Times are milliseconds. Options that TanStack lets be functions have a
 * second setter that takes one (`set_stale_time_func()` next to
 * `set_stale_time()`); setting either replaces the other.
 *
 * Options are copied when they are handed to an observer, a client or a
 * query, so changing an options object afterwards affects nothing until it
 * is given again, e.g. to [method@Tq.QueryObserver.set_options].
 *
 * Invalid values (a negative time, a key that is not a valid key) are
 * refused with a critical and leave the option as it was.
 */

enum {
  PROP_0,
  PROP_QUERY_KEY,
  PROP_QUERY_HASH,
  PROP_ENABLED,
  PROP_STALE_TIME,
  PROP_GC_TIME,
  PROP_RETRY,
  PROP_RETRY_DELAY,
  PROP_NETWORK_MODE,
  PROP_REFETCH_INTERVAL,
  PROP_REFETCH_INTERVAL_IN_BACKGROUND,
  PROP_REFETCH_ON_MOUNT,
  PROP_REFETCH_ON_WINDOW_FOCUS,
  PROP_REFETCH_ON_RECONNECT,
  PROP_RETRY_ON_MOUNT,
  PROP_INITIAL_DATA_UPDATED_AT,
  PROP_STRUCTURAL_SHARING,
  PROP_META,
  PROP_MAX_PAGES,
  PROP_PAGES,
  PROP_NOTIFY_ON_CHANGE_PROPS,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqQueryOptions, tq_query_options, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

/* Names for is_set()/unset(): the property names, and the names of the
 * options that have no property because they hold functions or values.
 */
static const char * const option_names[TQ_N_OPTS] = {
  [TQ_OPT_QUERY_KEY] = "query-key",
  [TQ_OPT_QUERY_FN] = "query-fn",
  [TQ_OPT_ENABLED] = "enabled",
  [TQ_OPT_STALE_TIME] = "stale-time",
  [TQ_OPT_GC_TIME] = "gc-time",
  [TQ_OPT_RETRY] = "retry",
  [TQ_OPT_RETRY_DELAY] = "retry-delay",
  [TQ_OPT_NETWORK_MODE] = "network-mode",
  [TQ_OPT_REFETCH_INTERVAL] = "refetch-interval",
  [TQ_OPT_REFETCH_INTERVAL_IN_BACKGROUND] = "refetch-interval-in-background",
  [TQ_OPT_REFETCH_ON_MOUNT] = "refetch-on-mount",
  [TQ_OPT_REFETCH_ON_WINDOW_FOCUS] = "refetch-on-window-focus",
  [TQ_OPT_REFETCH_ON_RECONNECT] = "refetch-on-reconnect",
  [TQ_OPT_RETRY_ON_MOUNT] = "retry-on-mount",
  [TQ_OPT_SELECT] = "select",
  [TQ_OPT_PLACEHOLDER_DATA] = "placeholder-data",
  [TQ_OPT_INITIAL_DATA] = "initial-data",
  [TQ_OPT_INITIAL_DATA_UPDATED_AT] = "initial-data-updated-at",
  [TQ_OPT_STRUCTURAL_SHARING] = "structural-sharing",
  [TQ_OPT_META] = "meta",
  [TQ_OPT_INITIAL_PAGE_PARAM] = "initial-page-param",
  [TQ_OPT_GET_NEXT_PAGE_PARAM] = "get-next-page-param",
  [TQ_OPT_GET_PREVIOUS_PAGE_PARAM] = "get-previous-page-param",
  [TQ_OPT_MAX_PAGES] = "max-pages",
  [TQ_OPT_PAGES] = "pages",
  [TQ_OPT_NOTIFY_ON_CHANGE_PROPS] = "notify-on-change-props",
};

static int
option_from_name (const char *name)
{
  for (guint i = 0; i < TQ_N_OPTS; i++)
    if (g_strcmp0 (option_names[i], name) == 0)
      return i;

  return -1;
}

static inline void
mark (TqQueryOptions *self,
      TqOpt           opt)
{
  self->set |= 1u << opt;
  self->serial++;
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
set_value (GValue       *field,
           const GValue *value)
{
  _tq_value_reset (field);
  _tq_value_copy_shared (value, field);
}

static void
clear_option (TqQueryOptions *self,
              TqOpt           opt)
{
  switch (opt)
    {
    case TQ_OPT_QUERY_KEY:
      g_clear_pointer (&self->query_key, g_variant_unref);
      g_clear_pointer (&self->query_canon, _tq_key_canon_unref);
      g_clear_pointer (&self->query_hash, g_free);
      break;
    case TQ_OPT_QUERY_FN:
      set_callback (&self->query_fn, NULL);
      self->skip_token = FALSE;
      break;
    case TQ_OPT_ENABLED:
      set_callback (&self->enabled_fn, NULL);
      self->enabled = TRUE;
      break;
    case TQ_OPT_STALE_TIME:
      set_callback (&self->stale_time_fn, NULL);
      self->stale_time = 0;
      break;
    case TQ_OPT_GC_TIME:
      self->gc_time = TQ_DEFAULT_GC_TIME;
      break;
    case TQ_OPT_RETRY:
      set_callback (&self->retry_fn, NULL);
      self->retry = 3;
      break;
    case TQ_OPT_RETRY_DELAY:
      set_callback (&self->retry_delay_fn, NULL);
      self->retry_delay = 0;
      break;
    case TQ_OPT_NETWORK_MODE:
      self->network_mode = TQ_NETWORK_MODE_ONLINE;
      break;
    case TQ_OPT_REFETCH_INTERVAL:
      set_callback (&self->refetch_interval_fn, NULL);
      self->refetch_interval = 0;
      break;
    case TQ_OPT_REFETCH_INTERVAL_IN_BACKGROUND:
      self->refetch_interval_in_background = FALSE;
      break;
    case TQ_OPT_REFETCH_ON_MOUNT:
    case TQ_OPT_REFETCH_ON_WINDOW_FOCUS:
    case TQ_OPT_REFETCH_ON_RECONNECT:
      {
        guint i = opt - TQ_OPT_REFETCH_ON_MOUNT;

        set_callback (&self->refetch_on_fn[i], NULL);
        self->refetch_on[i] = TQ_REFETCH_IF_STALE;
      }
      break;
    case TQ_OPT_RETRY_ON_MOUNT:
      set_callback (&self->retry_on_mount_fn, NULL);
      self->retry_on_mount = TRUE;
      break;
    case TQ_OPT_SELECT:
      set_callback (&self->select, NULL);
      break;
    case TQ_OPT_PLACEHOLDER_DATA:
      set_callback (&self->placeholder_data_fn, NULL);
      set_value (&self->placeholder_data, NULL);
      break;
    case TQ_OPT_INITIAL_DATA:
      set_callback (&self->initial_data_fn, NULL);
      set_value (&self->initial_data, NULL);
      break;
    case TQ_OPT_INITIAL_DATA_UPDATED_AT:
      set_callback (&self->initial_data_updated_at_fn, NULL);
      self->initial_data_updated_at = 0;
      break;
    case TQ_OPT_STRUCTURAL_SHARING:
      set_callback (&self->structural_sharing_fn, NULL);
      self->structural_sharing = TRUE;
      break;
    case TQ_OPT_META:
      g_clear_pointer (&self->meta, g_variant_unref);
      break;
    case TQ_OPT_INITIAL_PAGE_PARAM:
      set_value (&self->initial_page_param, NULL);
      break;
    case TQ_OPT_GET_NEXT_PAGE_PARAM:
      set_callback (&self->get_next_page_param, NULL);
      break;
    case TQ_OPT_GET_PREVIOUS_PAGE_PARAM:
      set_callback (&self->get_previous_page_param, NULL);
      break;
    case TQ_OPT_MAX_PAGES:
      self->max_pages = 0;
      break;
    case TQ_OPT_PAGES:
      self->pages = 0;
      break;
    case TQ_OPT_NOTIFY_ON_CHANGE_PROPS:
      g_clear_pointer (&self->notify_on_change_props, g_strfreev);
      break;
    case TQ_N_OPTS:
    default:
      g_assert_not_reached ();
    }

  self->set &= ~(1u << opt);
  self->serial++;
}

static void
copy_option (TqQueryOptions *self,
             TqQueryOptions *src,
             TqOpt           opt)
{
  switch (opt)
    {
    case TQ_OPT_QUERY_KEY:
      g_clear_pointer (&self->query_key, g_variant_unref);
      g_clear_pointer (&self->query_canon, _tq_key_canon_unref);
      g_clear_pointer (&self->query_hash, g_free);
      self->query_key = src->query_key ? g_variant_ref (src->query_key) : NULL;
      self->query_canon = src->query_canon ? _tq_key_canon_ref (src->query_canon) : NULL;
      self->query_hash = g_strdup (src->query_hash);
      break;
    case TQ_OPT_QUERY_FN:
      set_callback (&self->query_fn, _tq_callback_ref (src->query_fn));
      self->skip_token = src->skip_token;
      break;
    case TQ_OPT_ENABLED:
      set_callback (&self->enabled_fn, _tq_callback_ref (src->enabled_fn));
      self->enabled = src->enabled;
      break;
    case TQ_OPT_STALE_TIME:
      set_callback (&self->stale_time_fn, _tq_callback_ref (src->stale_time_fn));
      self->stale_time = src->stale_time;
      break;
    case TQ_OPT_GC_TIME:
      self->gc_time = src->gc_time;
      break;
    case TQ_OPT_RETRY:
      set_callback (&self->retry_fn, _tq_callback_ref (src->retry_fn));
      self->retry = src->retry;
      break;
    case TQ_OPT_RETRY_DELAY:
      set_callback (&self->retry_delay_fn, _tq_callback_ref (src->retry_delay_fn));
      self->retry_delay = src->retry_delay;
      break;
    case TQ_OPT_NETWORK_MODE:
      self->network_mode = src->network_mode;
      break;
    case TQ_OPT_REFETCH_INTERVAL:
      set_callback (&self->refetch_interval_fn, _tq_callback_ref (src->refetch_interval_fn));
      self->refetch_interval = src->refetch_interval;
      break;
    case TQ_OPT_REFETCH_INTERVAL_IN_BACKGROUND:
      self->refetch_interval_in_background = src->refetch_interval_in_background;
      break;
    case TQ_OPT_REFETCH_ON_MOUNT:
    case TQ_OPT_REFETCH_ON_WINDOW_FOCUS:
    case TQ_OPT_REFETCH_ON_RECONNECT:
      {
        guint i = opt - TQ_OPT_REFETCH_ON_MOUNT;

        set_callback (&self->refetch_on_fn[i], _tq_callback_ref (src->refetch_on_fn[i]));
        self->refetch_on[i] = src->refetch_on[i];
      }
      break;
    case TQ_OPT_RETRY_ON_MOUNT:
      set_callback (&self->retry_on_mount_fn, _tq_callback_ref (src->retry_on_mount_fn));
      self->retry_on_mount = src->retry_on_mount;
      break;
    case TQ_OPT_SELECT:
      set_callback (&self->select, _tq_callback_ref (src->select));
      break;
    case TQ_OPT_PLACEHOLDER_DATA:
      set_callback (&self->placeholder_data_fn, _tq_callback_ref (src->placeholder_data_fn));
      set_value (&self->placeholder_data, &src->placeholder_data);
      break;
    case TQ_OPT_INITIAL_DATA:
      set_callback (&self->initial_data_fn, _tq_callback_ref (src->initial_data_fn));
      set_value (&self->initial_data, &src->initial_data);
      break;
    case TQ_OPT_INITIAL_DATA_UPDATED_AT:
      set_callback (&self->initial_data_updated_at_fn, _tq_callback_ref (src->initial_data_updated_at_fn));
      self->initial_data_updated_at = src->initial_data_updated_at;
      break;
    case TQ_OPT_STRUCTURAL_SHARING:
      set_callback (&self->structural_sharing_fn, _tq_callback_ref (src->structural_sharing_fn));
      self->structural_sharing = src->structural_sharing;
      break;
    case TQ_OPT_META:
      g_clear_pointer (&self->meta, g_variant_unref);
      self->meta = src->meta ? g_variant_ref (src->meta) : NULL;
      break;
    case TQ_OPT_INITIAL_PAGE_PARAM:
      set_value (&self->initial_page_param, &src->initial_page_param);
      break;
    case TQ_OPT_GET_NEXT_PAGE_PARAM:
      set_callback (&self->get_next_page_param, _tq_callback_ref (src->get_next_page_param));
      break;
    case TQ_OPT_GET_PREVIOUS_PAGE_PARAM:
      set_callback (&self->get_previous_page_param, _tq_callback_ref (src->get_previous_page_param));
      break;
    case TQ_OPT_MAX_PAGES:
      self->max_pages = src->max_pages;
      break;
    case TQ_OPT_PAGES:
      self->pages = src->pages;
      break;
    case TQ_OPT_NOTIFY_ON_CHANGE_PROPS:
      g_clear_pointer (&self->notify_on_change_props, g_strfreev);
      self->notify_on_change_props = g_strdupv (src->notify_on_change_props);
      break;
    case TQ_N_OPTS:
    default:
      g_assert_not_reached ();
    }

  mark (self, opt);
}

static void
notify_option (TqQueryOptions *self,
               TqOpt           opt)
{
  GParamSpec *pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (self), option_names[opt]);

  if (pspec != NULL)
    g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

static void
tq_query_options_finalize (GObject *object)
{
  TqQueryOptions *self = (TqQueryOptions *)object;

  for (guint i = 0; i < TQ_N_OPTS; i++)
    clear_option (self, i);

  G_OBJECT_CLASS (tq_query_options_parent_class)->finalize (object);
}

static void
tq_query_options_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TqQueryOptions *self = TQ_QUERY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      g_value_set_variant (value, self->query_key);
      break;
    case PROP_QUERY_HASH:
      g_value_set_string (value, tq_query_options_get_query_hash (self));
      break;
    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;
    case PROP_STALE_TIME:
      g_value_set_int64 (value, self->stale_time);
      break;
    case PROP_GC_TIME:
      g_value_set_int64 (value, self->gc_time);
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
    case PROP_REFETCH_INTERVAL:
      g_value_set_int64 (value, self->refetch_interval);
      break;
    case PROP_REFETCH_INTERVAL_IN_BACKGROUND:
      g_value_set_boolean (value, self->refetch_interval_in_background);
      break;
    case PROP_REFETCH_ON_MOUNT:
      g_value_set_enum (value, self->refetch_on[TQ_REFETCH_ON_MOUNT]);
      break;
    case PROP_REFETCH_ON_WINDOW_FOCUS:
      g_value_set_enum (value, self->refetch_on[TQ_REFETCH_ON_WINDOW_FOCUS]);
      break;
    case PROP_REFETCH_ON_RECONNECT:
      g_value_set_enum (value, self->refetch_on[TQ_REFETCH_ON_RECONNECT]);
      break;
    case PROP_RETRY_ON_MOUNT:
      g_value_set_boolean (value, self->retry_on_mount);
      break;
    case PROP_INITIAL_DATA_UPDATED_AT:
      g_value_set_int64 (value, self->initial_data_updated_at);
      break;
    case PROP_STRUCTURAL_SHARING:
      g_value_set_boolean (value, self->structural_sharing);
      break;
    case PROP_META:
      g_value_set_variant (value, self->meta);
      break;
    case PROP_MAX_PAGES:
      g_value_set_uint (value, self->max_pages);
      break;
    case PROP_PAGES:
      g_value_set_uint (value, self->pages);
      break;
    case PROP_NOTIFY_ON_CHANGE_PROPS:
      g_value_set_boxed (value, self->notify_on_change_props);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_options_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TqQueryOptions *self = TQ_QUERY_OPTIONS (object);

  switch (prop_id)
    {
    case PROP_QUERY_KEY:
      tq_query_options_set_query_key (self, g_value_get_variant (value));
      break;
    case PROP_ENABLED:
      tq_query_options_set_enabled (self, g_value_get_boolean (value));
      break;
    case PROP_STALE_TIME:
      tq_query_options_set_stale_time (self, g_value_get_int64 (value));
      break;
    case PROP_GC_TIME:
      tq_query_options_set_gc_time (self, g_value_get_int64 (value));
      break;
    case PROP_RETRY:
      tq_query_options_set_retry (self, g_value_get_int (value));
      break;
    case PROP_RETRY_DELAY:
      tq_query_options_set_retry_delay (self, g_value_get_int64 (value));
      break;
    case PROP_NETWORK_MODE:
      tq_query_options_set_network_mode (self, g_value_get_enum (value));
      break;
    case PROP_REFETCH_INTERVAL:
      tq_query_options_set_refetch_interval (self, g_value_get_int64 (value));
      break;
    case PROP_REFETCH_INTERVAL_IN_BACKGROUND:
      tq_query_options_set_refetch_interval_in_background (self, g_value_get_boolean (value));
      break;
    case PROP_REFETCH_ON_MOUNT:
      tq_query_options_set_refetch_on_mount (self, g_value_get_enum (value));
      break;
    case PROP_REFETCH_ON_WINDOW_FOCUS:
      tq_query_options_set_refetch_on_window_focus (self, g_value_get_enum (value));
      break;
    case PROP_REFETCH_ON_RECONNECT:
      tq_query_options_set_refetch_on_reconnect (self, g_value_get_enum (value));
      break;
    case PROP_RETRY_ON_MOUNT:
      tq_query_options_set_retry_on_mount (self, g_value_get_boolean (value));
      break;
    case PROP_INITIAL_DATA_UPDATED_AT:
      tq_query_options_set_initial_data_updated_at (self, g_value_get_int64 (value));
      break;
    case PROP_STRUCTURAL_SHARING:
      tq_query_options_set_structural_sharing (self, g_value_get_boolean (value));
      break;
    case PROP_META:
      tq_query_options_set_meta (self, g_value_get_variant (value));
      break;
    case PROP_MAX_PAGES:
      tq_query_options_set_max_pages (self, g_value_get_uint (value));
      break;
    case PROP_PAGES:
      tq_query_options_set_pages (self, g_value_get_uint (value));
      break;
    case PROP_NOTIFY_ON_CHANGE_PROPS:
      tq_query_options_set_notify_on_change_props (self, g_value_get_boxed (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_query_options_class_init (TqQueryOptionsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tq_query_options_finalize;
  object_class->get_property = tq_query_options_get_property;
  object_class->set_property = tq_query_options_set_property;

  /**
   * TqQueryOptions:query-key:
   *
   * The query's key (TanStack's `queryKey`): a tuple or array such as
   * `('todos', {'page': <2>})`; see [func@Tq.key_validate].
   */
  properties [PROP_QUERY_KEY] =
    g_param_spec_variant ("query-key", NULL, NULL,
                          G_VARIANT_TYPE_ANY, NULL, rw);

  /**
   * TqQueryOptions:query-hash:
   *
   * The canonical hash of the key (see [func@Tq.key_hash]).
   */
  properties [PROP_QUERY_HASH] =
    g_param_spec_string ("query-hash", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqQueryOptions:enabled:
   *
   * Whether observers fetch automatically (TanStack's `enabled`). A
   * disabled observer never fetches on its own and is never stale (rule 13);
   * [method@Tq.QueryObserver.refetch] still fetches.
   */
  properties [PROP_ENABLED] =
    g_param_spec_boolean ("enabled", NULL, NULL, TRUE, rw);

  /**
   * TqQueryOptions:stale-time:
   *
   * How long data stays fresh, in milliseconds (TanStack's `staleTime`,
   * rules 12–15): 0 is stale at once, %TQ_TIME_INFINITE never by time,
   * %TQ_STALE_TIME_STATIC never at all.
   */
  properties [PROP_STALE_TIME] =
    g_param_spec_int64 ("stale-time", NULL, NULL,
                        TQ_STALE_TIME_STATIC, G_MAXINT64, 0, rw);

  /**
   * TqQueryOptions:gc-time:
   *
   * How long an unused query stays in the cache, in milliseconds
   * (TanStack's `gcTime`, rules 36–38); %TQ_TIME_INFINITE keeps it for ever.
   */
  properties [PROP_GC_TIME] =
    g_param_spec_int64 ("gc-time", NULL, NULL,
                        0, G_MAXINT64, TQ_DEFAULT_GC_TIME, rw);

  /**
   * TqQueryOptions:retry:
   *
   * How many times a failed fetch is retried (TanStack's `retry`, rules
   * 23–25): 0 never, %TQ_RETRY_FOREVER without end.
   */
  properties [PROP_RETRY] =
    g_param_spec_int ("retry", NULL, NULL,
                      TQ_RETRY_FOREVER, G_MAXINT, 3, rw);

  /**
   * TqQueryOptions:retry-delay:
   *
   * The delay before each retry, in milliseconds (TanStack's `retryDelay`).
   * Unset, it is `min (1000 × 2ⁿ, 30000)` for the n-th failure (rule 24).
   */
  properties [PROP_RETRY_DELAY] =
    g_param_spec_int64 ("retry-delay", NULL, NULL,
                        0, G_MAXINT64, 0, rw);

  /**
   * TqQueryOptions:network-mode:
   *
   * How fetching depends on the network (rules 27–29).
   */
  properties [PROP_NETWORK_MODE] =
    g_param_spec_enum ("network-mode", NULL, NULL,
                       TQ_TYPE_NETWORK_MODE, TQ_NETWORK_MODE_ONLINE, rw);

  /**
   * TqQueryOptions:refetch-interval:
   *
   * Refetch every so many milliseconds while an observer is subscribed
   * (TanStack's `refetchInterval`, rule 41); 0 for never.
   */
  properties [PROP_REFETCH_INTERVAL] =
    g_param_spec_int64 ("refetch-interval", NULL, NULL,
                        0, G_MAXINT64, 0, rw);

  /**
   * TqQueryOptions:refetch-interval-in-background:
   *
   * Whether the refetch interval also runs while the application is not
   * focused.
   */
  properties [PROP_REFETCH_INTERVAL_IN_BACKGROUND] =
    g_param_spec_boolean ("refetch-interval-in-background", NULL, NULL, FALSE, rw);

  /**
   * TqQueryOptions:refetch-on-mount:
   *
   * Whether the first subscriber refetches data it finds (rule 17).
   */
  properties [PROP_REFETCH_ON_MOUNT] =
    g_param_spec_enum ("refetch-on-mount", NULL, NULL,
                       TQ_TYPE_REFETCH_MODE, TQ_REFETCH_IF_STALE, rw);

  /**
   * TqQueryOptions:refetch-on-window-focus:
   *
   * Whether to refetch when the application regains focus (rule 19).
   */
  properties [PROP_REFETCH_ON_WINDOW_FOCUS] =
    g_param_spec_enum ("refetch-on-window-focus", NULL, NULL,
                       TQ_TYPE_REFETCH_MODE, TQ_REFETCH_IF_STALE, rw);

  /**
   * TqQueryOptions:refetch-on-reconnect:
   *
   * Whether to refetch when the network comes back (rule 19). Unset, it is
   * %TQ_REFETCH_IF_STALE, or %TQ_REFETCH_NEVER in the `always` network mode.
   */
  properties [PROP_REFETCH_ON_RECONNECT] =
    g_param_spec_enum ("refetch-on-reconnect", NULL, NULL,
                       TQ_TYPE_REFETCH_MODE, TQ_REFETCH_IF_STALE, rw);

  /**
   * TqQueryOptions:retry-on-mount:
   *
   * Whether a new subscriber fetches a query that is in error (rule 17).
   */
  properties [PROP_RETRY_ON_MOUNT] =
    g_param_spec_boolean ("retry-on-mount", NULL, NULL, TRUE, rw);

  /**
   * TqQueryOptions:initial-data-updated-at:
   *
   * When the initial data was current, in milliseconds since the epoch (on
   * the client's clock); unset, the time the query was made (rule 42).
   */
  properties [PROP_INITIAL_DATA_UPDATED_AT] =
    g_param_spec_int64 ("initial-data-updated-at", NULL, NULL,
                        G_MININT64, G_MAXINT64, 0, rw);

  /**
   * TqQueryOptions:structural-sharing:
   *
   * Whether new data shares what did not change with the old (rule 45, see
   * [func@Tq.json_replace_equal_deep]).
   */
  properties [PROP_STRUCTURAL_SHARING] =
    g_param_spec_boolean ("structural-sharing", NULL, NULL, TRUE, rw);

  /**
   * TqQueryOptions:meta:
   *
   * Anything the application wants to pass to query functions and cache
   * callbacks, typically an `a{sv}` dictionary (TanStack's `meta`).
   */
  properties [PROP_META] =
    g_param_spec_variant ("meta", NULL, NULL,
                          G_VARIANT_TYPE_ANY, NULL, rw);

  /**
   * TqQueryOptions:max-pages:
   *
   * How many pages an infinite query keeps, 0 for no limit (TanStack's
   * `maxPages`, rule 55): fetching a page at one end drops the page at the
   * other end once there are this many, and a refetch fetches only the
   * pages that were kept.
   */
  properties [PROP_MAX_PAGES] =
    g_param_spec_uint ("max-pages", NULL, NULL,
                       0, G_MAXUINT, 0, rw);

  /**
   * TqQueryOptions:pages:
   *
   * How many pages the client's imperative infinite fetches
   * ([method@Tq.QueryClient.infinite_query_async] and the others) fetch,
   * one after another from the first (TanStack's `pages`); unset, a
   * fetch refetches the pages the query holds. It needs
   * [method@Tq.QueryOptions.set_get_next_page_param_func]. At least one
   * page is always fetched.
   */
  properties [PROP_PAGES] =
    g_param_spec_uint ("pages", NULL, NULL,
                       0, G_MAXUINT, 0, rw);

  /**
   * TqQueryOptions:notify-on-change-props:
   *
   * The result properties, by name (`data`, `status`, `is-stale`…, and
   * for infinite observers `has-next-page` and the others), whose change
   * makes an observer emit [signal@Tq.QueryObserver::result-changed]
   * (TanStack's `notifyOnChangeProps`); %NULL, the default, for any
   * change, and an empty list for none. A new result that differs only in
   * other properties still becomes the current result, and property
   * notifications are not affected: `notify` is per property already.
   */
  properties [PROP_NOTIFY_ON_CHANGE_PROPS] =
    g_param_spec_boxed ("notify-on-change-props", NULL, NULL,
                        G_TYPE_STRV, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_query_options_init (TqQueryOptions *self)
{
  self->enabled = TRUE;
  self->gc_time = TQ_DEFAULT_GC_TIME;
  self->retry = 3;
  self->network_mode = TQ_NETWORK_MODE_ONLINE;
  self->refetch_on[0] = self->refetch_on[1] = self->refetch_on[2] = TQ_REFETCH_IF_STALE;
  self->retry_on_mount = TRUE;
  self->structural_sharing = TRUE;
}

TqQueryOptions *
_tq_query_options_new_empty (void)
{
  return g_object_new (TQ_TYPE_QUERY_OPTIONS, NULL);
}

/**
 * tq_query_options_new:
 * @query_key: (nullable): the query's key, or %NULL to set it later (a
 *   floating reference is sunk)
 *
 * Creates options for the query of @query_key, with nothing else set.
 *
 * Returns: (transfer full): new options
 */
TqQueryOptions *
tq_query_options_new (GVariant *query_key)
{
  TqQueryOptions *self = _tq_query_options_new_empty ();

  if (query_key != NULL)
    tq_query_options_set_query_key (self, query_key);

  return self;
}

/* Copies every option set in @overlay over @self. */
void
_tq_query_options_overlay (TqQueryOptions *self,
                           TqQueryOptions *overlay)
{
  guint32 set = overlay->set;

  for (guint i = 0; set != 0; i++, set >>= 1)
    if (set & 1)
      copy_option (self, overlay, i);

  /* Once infinite, always: as TanStack's query type. */
  self->infinite |= overlay->infinite;
}

/**
 * tq_query_options_copy:
 * @self: options
 *
 * Copies options: which are set and their values.
 *
 * Returns: (transfer full): a copy
 */
TqQueryOptions *
tq_query_options_copy (TqQueryOptions *self)
{
  TqQueryOptions *copy;

  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);

  copy = _tq_query_options_new_empty ();
  _tq_query_options_overlay (copy, self);
  copy->defaulted = self->defaulted;

  return copy;
}

/**
 * tq_query_options_merge:
 * @self: base options
 * @overlay: (nullable): options that take precedence
 *
 * Merges two sets of options the way TanStack spreads objects: the result
 * has every option set in either, with @overlay's value where both set it.
 *
 * Returns: (transfer full): the merged options
 */
TqQueryOptions *
tq_query_options_merge (TqQueryOptions *self,
                        TqQueryOptions *overlay)
{
  TqQueryOptions *merged;

  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);
  g_return_val_if_fail (overlay == NULL || TQ_IS_QUERY_OPTIONS (overlay), NULL);

  merged = tq_query_options_copy (self);
  if (overlay != NULL)
    _tq_query_options_overlay (merged, overlay);

  return merged;
}

/**
 * tq_query_options_is_set:
 * @self: options
 * @name: an option's name: a property name such as `"stale-time"`, or
 *   `"query-fn"`, `"select"`, `"placeholder-data"`, `"initial-data"`,
 *   `"initial-page-param"`, `"get-next-page-param"`,
 *   `"get-previous-page-param"`
 *
 * Tells whether an option was given, as a value or as a function.
 *
 * Returns: %TRUE if the option is set; %FALSE if not, or (with a critical)
 *   if there is no such option
 */
gboolean
tq_query_options_is_set (TqQueryOptions *self,
                         const char     *name)
{
  int opt;

  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  opt = option_from_name (name);
  if (opt < 0)
    {
      g_critical ("%s: TqQueryOptions has no option “%s”", G_STRFUNC, name);
      return FALSE;
    }

  return _tq_query_options_has (self, opt);
}

/**
 * tq_query_options_unset:
 * @self: options
 * @name: an option's name (see [method@Tq.QueryOptions.is_set])
 *
 * Unsets an option, so that defaults apply to it again.
 */
void
tq_query_options_unset (TqQueryOptions *self,
                        const char     *name)
{
  int opt;

  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (name != NULL);

  opt = option_from_name (name);
  if (opt < 0)
    {
      g_critical ("%s: TqQueryOptions has no option “%s”", G_STRFUNC, name);
      return;
    }

  clear_option (self, opt);
  notify_option (self, opt);
}

/**
 * tq_query_options_get_query_key:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:query-key].
 *
 * Returns: (transfer none) (nullable): the key
 */
GVariant *
tq_query_options_get_query_key (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);

  return self->query_key;
}

/**
 * tq_query_options_set_query_key:
 * @self: options
 * @query_key: a valid key (a floating reference is sunk)
 *
 * Sets [property@Tq.QueryOptions:query-key]. An invalid key is refused with
 * a critical naming the problem.
 */
void
tq_query_options_set_query_key (TqQueryOptions *self,
                                GVariant       *query_key)
{
  g_autoptr(GVariant) key = NULL;
  g_autoptr(GError) error = NULL;
  TqKeyBuf canon;

  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (query_key != NULL);

  key = g_variant_ref_sink (query_key);
  _tq_key_buf_init (&canon);
  if (!_tq_key_canonicalize (&canon, key, &error))
    {
      _tq_key_buf_clear (&canon);
      g_critical ("%s: %s", G_STRFUNC, error->message);
      return;
    }

  /* The key itself is kept (values are immutable); its JSON hash is only
   * written when someone asks for it.
   */
  g_clear_pointer (&self->query_key, g_variant_unref);
  g_clear_pointer (&self->query_canon, _tq_key_canon_unref);
  g_clear_pointer (&self->query_hash, g_free);
  self->query_key = g_steal_pointer (&key);
  self->query_canon = _tq_key_canon_dup (&canon);
  _tq_key_buf_clear (&canon);
  mark (self, TQ_OPT_QUERY_KEY);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUERY_KEY]);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_QUERY_HASH]);
}

/**
 * tq_query_options_get_query_hash:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:query-hash].
 *
 * Returns: (nullable): the hash of the key, or %NULL if no key is set
 */
const char *
tq_query_options_get_query_hash (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);

  if (self->query_hash == NULL && self->query_key != NULL)
    self->query_hash = tq_key_hash (self->query_key);

  return self->query_hash;
}

/**
 * tq_query_options_set_query_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): the query
 *   function
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the query function (TanStack's `queryFn`).
 */
void
tq_query_options_set_query_func (TqQueryOptions *self,
                                 TqQueryFunc     func,
                                 gpointer        user_data,
                                 GDestroyNotify  destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->query_fn, _tq_callback_new (func, user_data, destroy));
  self->skip_token = FALSE;
  mark (self, TQ_OPT_QUERY_FN);
}

/**
 * tq_query_options_set_skip_token:
 * @self: options
 *
 * Sets the query function to TanStack's `skipToken`: the query is disabled
 * and never fetches, which types a dependent query whose input is missing.
 */
void
tq_query_options_set_skip_token (TqQueryOptions *self)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  set_callback (&self->query_fn, NULL);
  self->skip_token = TRUE;
  mark (self, TQ_OPT_QUERY_FN);
}

/**
 * tq_query_options_get_enabled:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:enabled] as a value (%TRUE when it is a
 * function).
 *
 * Returns: whether enabled
 */
gboolean
tq_query_options_get_enabled (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TRUE);

  return self->enabled;
}

/**
 * tq_query_options_set_enabled:
 * @self: options
 * @enabled: whether observers fetch automatically
 *
 * Sets [property@Tq.QueryOptions:enabled].
 */
void
tq_query_options_set_enabled (TqQueryOptions *self,
                              gboolean        enabled)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  set_callback (&self->enabled_fn, NULL);
  self->enabled = !!enabled;
  mark (self, TQ_OPT_ENABLED);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ENABLED]);
}

/**
 * tq_query_options_set_enabled_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   from the query
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:enabled] to a function of the query.
 */
void
tq_query_options_set_enabled_func (TqQueryOptions   *self,
                                   TqQueryPredicate  func,
                                   gpointer          user_data,
                                   GDestroyNotify    destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->enabled_fn, _tq_callback_new (func, user_data, destroy));
  self->enabled = TRUE;
  mark (self, TQ_OPT_ENABLED);
}

/**
 * tq_query_options_get_stale_time:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:stale-time] as a value.
 *
 * Returns: milliseconds, %TQ_TIME_INFINITE or %TQ_STALE_TIME_STATIC
 */
gint64
tq_query_options_get_stale_time (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 0);

  return self->stale_time;
}

/**
 * tq_query_options_set_stale_time:
 * @self: options
 * @stale_time_ms: milliseconds (not negative), %TQ_TIME_INFINITE or
 *   %TQ_STALE_TIME_STATIC
 *
 * Sets [property@Tq.QueryOptions:stale-time].
 */
void
tq_query_options_set_stale_time (TqQueryOptions *self,
                                 gint64          stale_time_ms)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (stale_time_ms >= 0 || stale_time_ms == TQ_STALE_TIME_STATIC);

  set_callback (&self->stale_time_fn, NULL);
  self->stale_time = stale_time_ms;
  mark (self, TQ_OPT_STALE_TIME);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STALE_TIME]);
}

/**
 * tq_query_options_set_stale_time_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the stale time from the query
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:stale-time] to a function of the query.
 */
void
tq_query_options_set_stale_time_func (TqQueryOptions  *self,
                                      TqQueryTimeFunc  func,
                                      gpointer         user_data,
                                      GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->stale_time_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_STALE_TIME);
}

/**
 * tq_query_options_get_gc_time:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:gc-time].
 *
 * Returns: milliseconds, or %TQ_TIME_INFINITE
 */
gint64
tq_query_options_get_gc_time (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TQ_DEFAULT_GC_TIME);

  return self->gc_time;
}

/**
 * tq_query_options_set_gc_time:
 * @self: options
 * @gc_time_ms: milliseconds (not negative), or %TQ_TIME_INFINITE
 *
 * Sets [property@Tq.QueryOptions:gc-time].
 */
void
tq_query_options_set_gc_time (TqQueryOptions *self,
                              gint64          gc_time_ms)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (gc_time_ms >= 0);

  self->gc_time = gc_time_ms;
  mark (self, TQ_OPT_GC_TIME);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_GC_TIME]);
}

gint64
_tq_query_options_get_gc_time_or_unset (TqQueryOptions *self)
{
  return _tq_query_options_has (self, TQ_OPT_GC_TIME) ? self->gc_time : G_MININT64;
}

/**
 * tq_query_options_get_retry:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:retry] as a count.
 *
 * Returns: the count, or %TQ_RETRY_FOREVER
 */
int
tq_query_options_get_retry (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 3);

  return self->retry;
}

/**
 * tq_query_options_set_retry:
 * @self: options
 * @retry: how many retries, 0 for none, %TQ_RETRY_FOREVER for no limit
 *
 * Sets [property@Tq.QueryOptions:retry].
 */
void
tq_query_options_set_retry (TqQueryOptions *self,
                            int             retry)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (retry >= TQ_RETRY_FOREVER);

  set_callback (&self->retry_fn, NULL);
  self->retry = retry;
  mark (self, TQ_OPT_RETRY);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY]);
}

/**
 * tq_query_options_set_retry_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   whether to retry
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:retry] to a function of the failure count
 * and error (rule 24).
 */
void
tq_query_options_set_retry_func (TqQueryOptions *self,
                                 TqRetryFunc     func,
                                 gpointer        user_data,
                                 GDestroyNotify  destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->retry_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_RETRY);
}

/**
 * tq_query_options_get_retry_delay:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:retry-delay] as a value.
 *
 * Returns: milliseconds
 */
gint64
tq_query_options_get_retry_delay (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 0);

  return self->retry_delay;
}

/**
 * tq_query_options_set_retry_delay:
 * @self: options
 * @retry_delay_ms: milliseconds, not negative
 *
 * Sets [property@Tq.QueryOptions:retry-delay] to a fixed delay.
 */
void
tq_query_options_set_retry_delay (TqQueryOptions *self,
                                  gint64          retry_delay_ms)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (retry_delay_ms >= 0);

  set_callback (&self->retry_delay_fn, NULL);
  self->retry_delay = retry_delay_ms;
  mark (self, TQ_OPT_RETRY_DELAY);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY_DELAY]);
}

/**
 * tq_query_options_set_retry_delay_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the delay
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:retry-delay] to a function of the failure
 * count and error.
 */
void
tq_query_options_set_retry_delay_func (TqQueryOptions   *self,
                                       TqRetryDelayFunc  func,
                                       gpointer          user_data,
                                       GDestroyNotify    destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->retry_delay_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_RETRY_DELAY);
}

/**
 * tq_query_options_get_network_mode:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:network-mode].
 *
 * Returns: the network mode
 */
TqNetworkMode
tq_query_options_get_network_mode (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TQ_NETWORK_MODE_ONLINE);

  return self->network_mode;
}

/**
 * tq_query_options_set_network_mode:
 * @self: options
 * @network_mode: the network mode
 *
 * Sets [property@Tq.QueryOptions:network-mode].
 */
void
tq_query_options_set_network_mode (TqQueryOptions *self,
                                   TqNetworkMode   network_mode)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (network_mode <= TQ_NETWORK_MODE_OFFLINE_FIRST);

  self->network_mode = network_mode;
  mark (self, TQ_OPT_NETWORK_MODE);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NETWORK_MODE]);
}

/**
 * tq_query_options_get_refetch_interval:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:refetch-interval] as a value.
 *
 * Returns: milliseconds, 0 for none
 */
gint64
tq_query_options_get_refetch_interval (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 0);

  return self->refetch_interval;
}

/**
 * tq_query_options_set_refetch_interval:
 * @self: options
 * @interval_ms: milliseconds, 0 for none
 *
 * Sets [property@Tq.QueryOptions:refetch-interval].
 */
void
tq_query_options_set_refetch_interval (TqQueryOptions *self,
                                       gint64          interval_ms)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (interval_ms >= 0);

  set_callback (&self->refetch_interval_fn, NULL);
  self->refetch_interval = interval_ms;
  mark (self, TQ_OPT_REFETCH_INTERVAL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REFETCH_INTERVAL]);
}

/**
 * tq_query_options_set_refetch_interval_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the interval from the query after each of its updates (0 for none)
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:refetch-interval] to a function of the
 * query (rule 41).
 */
void
tq_query_options_set_refetch_interval_func (TqQueryOptions  *self,
                                            TqQueryTimeFunc  func,
                                            gpointer         user_data,
                                            GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->refetch_interval_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_REFETCH_INTERVAL);
}

/**
 * tq_query_options_get_refetch_interval_in_background:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:refetch-interval-in-background].
 *
 * Returns: whether intervals run in the background
 */
gboolean
tq_query_options_get_refetch_interval_in_background (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), FALSE);

  return self->refetch_interval_in_background;
}

/**
 * tq_query_options_set_refetch_interval_in_background:
 * @self: options
 * @in_background: whether intervals run while unfocused
 *
 * Sets [property@Tq.QueryOptions:refetch-interval-in-background].
 */
void
tq_query_options_set_refetch_interval_in_background (TqQueryOptions *self,
                                                     gboolean        in_background)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  self->refetch_interval_in_background = !!in_background;
  mark (self, TQ_OPT_REFETCH_INTERVAL_IN_BACKGROUND);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REFETCH_INTERVAL_IN_BACKGROUND]);
}

static void
set_refetch_on (TqQueryOptions *self,
                TqRefetchEvent  event,
                TqRefetchMode   mode,
                TqCallback     *func)
{
  set_callback (&self->refetch_on_fn[event], func);
  self->refetch_on[event] = mode;
  mark (self, TQ_OPT_REFETCH_ON_MOUNT + event);
  if (func == NULL)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REFETCH_ON_MOUNT + event]);
}

/**
 * tq_query_options_get_refetch_on_mount:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:refetch-on-mount] as a value.
 *
 * Returns: the mode
 */
TqRefetchMode
tq_query_options_get_refetch_on_mount (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TQ_REFETCH_IF_STALE);

  return self->refetch_on[TQ_REFETCH_ON_MOUNT];
}

/**
 * tq_query_options_set_refetch_on_mount:
 * @self: options
 * @mode: the mode
 *
 * Sets [property@Tq.QueryOptions:refetch-on-mount].
 */
void
tq_query_options_set_refetch_on_mount (TqQueryOptions *self,
                                       TqRefetchMode   mode)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= TQ_REFETCH_ALWAYS);

  set_refetch_on (self, TQ_REFETCH_ON_MOUNT, mode, NULL);
}

/**
 * tq_query_options_set_refetch_on_mount_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   from the query
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:refetch-on-mount] to a function.
 */
void
tq_query_options_set_refetch_on_mount_func (TqQueryOptions    *self,
                                            TqRefetchModeFunc  func,
                                            gpointer           user_data,
                                            GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_refetch_on (self, TQ_REFETCH_ON_MOUNT, TQ_REFETCH_IF_STALE,
                  _tq_callback_new (func, user_data, destroy));
}

/**
 * tq_query_options_get_refetch_on_window_focus:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:refetch-on-window-focus] as a value.
 *
 * Returns: the mode
 */
TqRefetchMode
tq_query_options_get_refetch_on_window_focus (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TQ_REFETCH_IF_STALE);

  return self->refetch_on[TQ_REFETCH_ON_WINDOW_FOCUS];
}

/**
 * tq_query_options_set_refetch_on_window_focus:
 * @self: options
 * @mode: the mode
 *
 * Sets [property@Tq.QueryOptions:refetch-on-window-focus].
 */
void
tq_query_options_set_refetch_on_window_focus (TqQueryOptions *self,
                                              TqRefetchMode   mode)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= TQ_REFETCH_ALWAYS);

  set_refetch_on (self, TQ_REFETCH_ON_WINDOW_FOCUS, mode, NULL);
}

/**
 * tq_query_options_set_refetch_on_window_focus_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   from the query
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:refetch-on-window-focus] to a function.
 */
void
tq_query_options_set_refetch_on_window_focus_func (TqQueryOptions    *self,
                                                   TqRefetchModeFunc  func,
                                                   gpointer           user_data,
                                                   GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_refetch_on (self, TQ_REFETCH_ON_WINDOW_FOCUS, TQ_REFETCH_IF_STALE,
                  _tq_callback_new (func, user_data, destroy));
}

/**
 * tq_query_options_get_refetch_on_reconnect:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:refetch-on-reconnect] as a value.
 *
 * Returns: the mode
 */
TqRefetchMode
tq_query_options_get_refetch_on_reconnect (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TQ_REFETCH_IF_STALE);

  return self->refetch_on[TQ_REFETCH_ON_RECONNECT];
}

/**
 * tq_query_options_set_refetch_on_reconnect:
 * @self: options
 * @mode: the mode
 *
 * Sets [property@Tq.QueryOptions:refetch-on-reconnect].
 */
void
tq_query_options_set_refetch_on_reconnect (TqQueryOptions *self,
                                           TqRefetchMode   mode)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (mode <= TQ_REFETCH_ALWAYS);

  set_refetch_on (self, TQ_REFETCH_ON_RECONNECT, mode, NULL);
}

/**
 * tq_query_options_set_refetch_on_reconnect_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   from the query
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:refetch-on-reconnect] to a function.
 */
void
tq_query_options_set_refetch_on_reconnect_func (TqQueryOptions    *self,
                                                TqRefetchModeFunc  func,
                                                gpointer           user_data,
                                                GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_refetch_on (self, TQ_REFETCH_ON_RECONNECT, TQ_REFETCH_IF_STALE,
                  _tq_callback_new (func, user_data, destroy));
}

/**
 * tq_query_options_get_retry_on_mount:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:retry-on-mount] as a value.
 *
 * Returns: whether to retry on mount
 */
gboolean
tq_query_options_get_retry_on_mount (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TRUE);

  return self->retry_on_mount;
}

/**
 * tq_query_options_set_retry_on_mount:
 * @self: options
 * @retry_on_mount: whether a new subscriber fetches a query in error
 *
 * Sets [property@Tq.QueryOptions:retry-on-mount].
 */
void
tq_query_options_set_retry_on_mount (TqQueryOptions *self,
                                     gboolean        retry_on_mount)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  set_callback (&self->retry_on_mount_fn, NULL);
  self->retry_on_mount = !!retry_on_mount;
  mark (self, TQ_OPT_RETRY_ON_MOUNT);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY_ON_MOUNT]);
}

/**
 * tq_query_options_set_retry_on_mount_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): decides
 *   from the query
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:retry-on-mount] to a function.
 */
void
tq_query_options_set_retry_on_mount_func (TqQueryOptions   *self,
                                          TqQueryPredicate  func,
                                          gpointer          user_data,
                                          GDestroyNotify    destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->retry_on_mount_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_RETRY_ON_MOUNT);
}

/**
 * tq_query_options_set_select_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): derives
 *   the observer's data
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the select function (TanStack's `select`, rule 44). It runs again
 * only when the query's data or the function (with its data) changes.
 */
void
tq_query_options_set_select_func (TqQueryOptions *self,
                                  TqSelectFunc    func,
                                  gpointer        user_data,
                                  GDestroyNotify  destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->select, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_SELECT);
}

/**
 * tq_query_options_set_placeholder_data:
 * @self: options
 * @data: the placeholder
 *
 * Sets placeholder data (TanStack's `placeholderData`, rule 43): what an
 * observer shows, never cached, while the query has no data.
 */
void
tq_query_options_set_placeholder_data (TqQueryOptions *self,
                                       const GValue   *data)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (data != NULL && G_IS_VALUE (data));

  set_callback (&self->placeholder_data_fn, NULL);
  set_value (&self->placeholder_data, data);
  mark (self, TQ_OPT_PLACEHOLDER_DATA);
}

/**
 * tq_query_options_set_placeholder_data_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the placeholder
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets placeholder data to a function of the previous data and query.
 */
void
tq_query_options_set_placeholder_data_func (TqQueryOptions        *self,
                                            TqPlaceholderDataFunc  func,
                                            gpointer               user_data,
                                            GDestroyNotify         destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_value (&self->placeholder_data, NULL);
  set_callback (&self->placeholder_data_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_PLACEHOLDER_DATA);
}

static void
keep_previous_data (const GValue *previous_data,
                    TqQuery      *previous_query,
                    GValue       *result,
                    gpointer      user_data)
{
  _tq_value_copy_shared (previous_data, result);
}

/**
 * tq_query_options_set_keep_previous_data:
 * @self: options
 *
 * Sets placeholder data to the previous data: while a new key loads, the
 * observer keeps showing what it showed (TanStack's `keepPreviousData`).
 */
void
tq_query_options_set_keep_previous_data (TqQueryOptions *self)
{
  static TqCallback *keep_previous;

  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  /* One callback for all, so that the option compares equal across calls. */
  if (keep_previous == NULL)
    keep_previous = _tq_callback_new (keep_previous_data, NULL, NULL);

  set_value (&self->placeholder_data, NULL);
  set_callback (&self->placeholder_data_fn, _tq_callback_ref (keep_previous));
  mark (self, TQ_OPT_PLACEHOLDER_DATA);
}

/**
 * tq_query_options_set_initial_data:
 * @self: options
 * @data: the initial data
 *
 * Sets initial data (TanStack's `initialData`, rule 42): written into the
 * cache as success data when the query is made, and restored by a reset.
 */
void
tq_query_options_set_initial_data (TqQueryOptions *self,
                                   const GValue   *data)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (data != NULL && G_IS_VALUE (data));

  set_callback (&self->initial_data_fn, NULL);
  set_value (&self->initial_data, data);
  mark (self, TQ_OPT_INITIAL_DATA);
}

/**
 * tq_query_options_set_initial_data_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the initial data
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets initial data to a function, called when the query is made.
 */
void
tq_query_options_set_initial_data_func (TqQueryOptions    *self,
                                        TqInitialDataFunc  func,
                                        gpointer           user_data,
                                        GDestroyNotify     destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_value (&self->initial_data, NULL);
  set_callback (&self->initial_data_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_INITIAL_DATA);
}

/**
 * tq_query_options_get_initial_data_updated_at:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:initial-data-updated-at] as a value.
 *
 * Returns: milliseconds since the epoch
 */
gint64
tq_query_options_get_initial_data_updated_at (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 0);

  return self->initial_data_updated_at;
}

/**
 * tq_query_options_set_initial_data_updated_at:
 * @self: options
 * @updated_at_ms: when the initial data was current, in milliseconds since
 *   the epoch
 *
 * Sets [property@Tq.QueryOptions:initial-data-updated-at].
 */
void
tq_query_options_set_initial_data_updated_at (TqQueryOptions *self,
                                              gint64          updated_at_ms)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  set_callback (&self->initial_data_updated_at_fn, NULL);
  self->initial_data_updated_at = updated_at_ms;
  mark (self, TQ_OPT_INITIAL_DATA_UPDATED_AT);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_INITIAL_DATA_UPDATED_AT]);
}

/**
 * tq_query_options_set_initial_data_updated_at_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the time
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:initial-data-updated-at] to a function.
 */
void
tq_query_options_set_initial_data_updated_at_func (TqQueryOptions  *self,
                                                   TqTimestampFunc  func,
                                                   gpointer         user_data,
                                                   GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->initial_data_updated_at_fn, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_INITIAL_DATA_UPDATED_AT);
}

/**
 * tq_query_options_get_structural_sharing:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:structural-sharing] as a value.
 *
 * Returns: whether structural sharing is on
 */
gboolean
tq_query_options_get_structural_sharing (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), TRUE);

  return self->structural_sharing;
}

/**
 * tq_query_options_set_structural_sharing:
 * @self: options
 * @structural_sharing: whether new data shares unchanged parts with the old
 *
 * Sets [property@Tq.QueryOptions:structural-sharing].
 */
void
tq_query_options_set_structural_sharing (TqQueryOptions *self,
                                         gboolean        structural_sharing)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  set_callback (&self->structural_sharing_fn, NULL);
  self->structural_sharing = !!structural_sharing;
  mark (self, TQ_OPT_STRUCTURAL_SHARING);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STRUCTURAL_SHARING]);
}

/**
 * tq_query_options_set_structural_sharing_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): replaces
 *   the sharing algorithm
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets [property@Tq.QueryOptions:structural-sharing] to a function.
 */
void
tq_query_options_set_structural_sharing_func (TqQueryOptions          *self,
                                              TqStructuralSharingFunc  func,
                                              gpointer                 user_data,
                                              GDestroyNotify           destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->structural_sharing_fn, _tq_callback_new (func, user_data, destroy));
  self->structural_sharing = TRUE;
  mark (self, TQ_OPT_STRUCTURAL_SHARING);
}

/**
 * tq_query_options_get_meta:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:meta].
 *
 * Returns: (transfer none) (nullable): the meta
 */
GVariant *
tq_query_options_get_meta (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);

  return self->meta;
}

/**
 * tq_query_options_set_meta:
 * @self: options
 * @meta: (nullable): the meta (a floating reference is sunk)
 *
 * Sets [property@Tq.QueryOptions:meta].
 */
void
tq_query_options_set_meta (TqQueryOptions *self,
                           GVariant       *meta)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  g_clear_pointer (&self->meta, g_variant_unref);
  if (meta != NULL)
    self->meta = g_variant_ref_sink (meta);
  mark (self, TQ_OPT_META);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_META]);
}

/**
 * tq_query_options_set_initial_page_param:
 * @self: options
 * @param: the page parameter of the first page: a `JsonNode`, a
 *   `GVariant`, a string, a number or a boolean
 *
 * Sets the page parameter an infinite query fetches its first page with
 * (TanStack's `initialPageParam`, rule 52). It is used for the first fetch
 * and for any fetch while the query has no pages, even when it is JSON
 * `null`; unset, the first page is fetched with `null`.
 *
 * Page parameters are stored as JSON in the query's data (see
 * [func@Tq.infinite_data_new]); @param is converted when it is used.
 */
void
tq_query_options_set_initial_page_param (TqQueryOptions *self,
                                         const GValue   *param)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (param != NULL && G_IS_VALUE (param));

  set_value (&self->initial_page_param, param);
  mark (self, TQ_OPT_INITIAL_PAGE_PARAM);
}

/**
 * tq_query_options_get_initial_page_param:
 * @self: options
 *
 * Gets the value set with
 * [method@Tq.QueryOptions.set_initial_page_param].
 *
 * Returns: (transfer none): the parameter, or an unset value
 */
const GValue *
tq_query_options_get_initial_page_param (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);

  return &self->initial_page_param;
}

/**
 * tq_query_options_set_get_next_page_param_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the parameter of the page after the last one
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets how an infinite query finds its next page (TanStack's
 * `getNextPageParam`, rules 53–54). It is called with the last page, and
 * also while refetching, to find each page after the first; leaving the
 * result unset (or JSON `null`) means there is no next page. It is never
 * called while the query has no pages.
 */
void
tq_query_options_set_get_next_page_param_func (TqQueryOptions  *self,
                                               TqPageParamFunc  func,
                                               gpointer         user_data,
                                               GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->get_next_page_param, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_GET_NEXT_PAGE_PARAM);
}

/**
 * tq_query_options_set_get_previous_page_param_func:
 * @self: options
 * @func: (scope notified) (closure user_data) (destroy destroy): computes
 *   the parameter of the page before the first one
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets how an infinite query finds the page before its first (TanStack's
 * `getPreviousPageParam`). It is called with the first page; leaving the
 * result unset (or JSON `null`) means there is no previous page. Without
 * it, an infinite query has no previous page.
 */
void
tq_query_options_set_get_previous_page_param_func (TqQueryOptions  *self,
                                                   TqPageParamFunc  func,
                                                   gpointer         user_data,
                                                   GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));
  g_return_if_fail (func != NULL);

  set_callback (&self->get_previous_page_param, _tq_callback_new (func, user_data, destroy));
  mark (self, TQ_OPT_GET_PREVIOUS_PAGE_PARAM);
}

/**
 * tq_query_options_get_max_pages:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:max-pages].
 *
 * Returns: the largest number of pages kept, 0 for no limit
 */
guint
tq_query_options_get_max_pages (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 0);

  return self->max_pages;
}

/**
 * tq_query_options_set_max_pages:
 * @self: options
 * @max_pages: the largest number of pages kept, 0 for no limit
 *
 * Sets [property@Tq.QueryOptions:max-pages].
 */
void
tq_query_options_set_max_pages (TqQueryOptions *self,
                                guint           max_pages)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  self->max_pages = max_pages;
  mark (self, TQ_OPT_MAX_PAGES);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_PAGES]);
}

/**
 * tq_query_options_get_pages:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:pages].
 *
 * Returns: how many pages imperative infinite fetches fetch
 */
guint
tq_query_options_get_pages (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), 0);

  return self->pages;
}

/**
 * tq_query_options_set_pages:
 * @self: options
 * @pages: how many pages to fetch
 *
 * Sets [property@Tq.QueryOptions:pages].
 */
void
tq_query_options_set_pages (TqQueryOptions *self,
                            guint           pages)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  self->pages = pages;
  mark (self, TQ_OPT_PAGES);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_PAGES]);
}

TqQueryOptions *
_tq_query_options_dup_infinite (TqQueryOptions *self)
{
  TqQueryOptions *copy;

  if (self->infinite)
    return g_object_ref (self);

  copy = tq_query_options_copy (self);
  copy->infinite = TRUE;

  return copy;
}

/* Resolution of options that may be functions, with TanStack's defaults */

gboolean
_tq_query_options_resolve_enabled (TqQueryOptions *self,
                                   TqQuery        *query)
{
  if (self->enabled_fn != NULL)
    return ((TqQueryPredicate) self->enabled_fn->func) (query, self->enabled_fn->data);

  return self->enabled;
}

gint64
_tq_query_options_resolve_stale_time (TqQueryOptions *self,
                                      TqQuery        *query)
{
  if (self->stale_time_fn != NULL)
    return ((TqQueryTimeFunc) self->stale_time_fn->func) (query, self->stale_time_fn->data);

  return self->stale_time;
}

gint64
_tq_query_options_resolve_refetch_interval (TqQueryOptions *self,
                                            TqQuery        *query)
{
  if (self->refetch_interval_fn != NULL)
    return ((TqQueryTimeFunc) self->refetch_interval_fn->func) (query, self->refetch_interval_fn->data);

  return self->refetch_interval;
}

TqRefetchMode
_tq_query_options_resolve_refetch_on (TqQueryOptions *self,
                                      TqRefetchEvent  event,
                                      TqQuery        *query)
{
  TqCallback *fn = self->refetch_on_fn[event];

  if (fn != NULL)
    return ((TqRefetchModeFunc) fn->func) (query, fn->data);

  /* The dependent default of defaultQueryOptions() */
  if (event == TQ_REFETCH_ON_RECONNECT &&
      !_tq_query_options_has (self, TQ_OPT_REFETCH_ON_RECONNECT) &&
      self->network_mode == TQ_NETWORK_MODE_ALWAYS)
    return TQ_REFETCH_NEVER;

  return self->refetch_on[event];
}

gboolean
_tq_query_options_resolve_retry_on_mount (TqQueryOptions *self,
                                          TqQuery        *query)
{
  if (self->retry_on_mount_fn != NULL)
    return ((TqQueryPredicate) self->retry_on_mount_fn->func) (query, self->retry_on_mount_fn->data);

  return self->retry_on_mount;
}

void
_tq_query_options_get_initial_data (TqQueryOptions *self,
                                    GValue         *data)
{
  if (self->initial_data_fn != NULL)
    ((TqInitialDataFunc) self->initial_data_fn->func) (data, self->initial_data_fn->data);
  else
    _tq_value_copy_shared (&self->initial_data, data);
}

gboolean
_tq_query_options_get_initial_data_updated_at (TqQueryOptions *self,
                                               gint64         *updated_at)
{
  if (!_tq_query_options_has (self, TQ_OPT_INITIAL_DATA_UPDATED_AT))
    return FALSE;

  if (self->initial_data_updated_at_fn != NULL)
    *updated_at = ((TqTimestampFunc) self->initial_data_updated_at_fn->func) (self->initial_data_updated_at_fn->data);
  else
    *updated_at = self->initial_data_updated_at;

  return TRUE;
}

/* TanStack's replaceData(): structural sharing as the options say. */
void
_tq_query_options_replace_data (TqQueryOptions *self,
                                const GValue   *prev,
                                const GValue   *next,
                                GValue         *result)
{
  if (self->structural_sharing_fn != NULL)
    {
      ((TqStructuralSharingFunc) self->structural_sharing_fn->func) (prev, next, result,
                                                                     self->structural_sharing_fn->data);
      return;
    }

  if (self->structural_sharing)
    {
      /* Pages keep their identity when they move (see tq-infinite-data.c). */
      if (self->infinite)
        _tq_infinite_data_replace_equal_deep (prev, next, result);
      else
        tq_value_replace_equal_deep (prev, next, result);
      return;
    }

  _tq_value_copy_shared (next, result);
}

/* Shallow equality of two option sets (TanStack's shallowEqualObjects on
 * options): the same options set, with identical values and functions.
 */
gboolean
_tq_query_options_equal (TqQueryOptions *a,
                         TqQueryOptions *b)
{
  if (a == b)
    return TRUE;

  if (a->set != b->set ||
      a->skip_token != b->skip_token ||
      a->enabled != b->enabled ||
      a->refetch_interval_in_background != b->refetch_interval_in_background ||
      a->retry_on_mount != b->retry_on_mount ||
      a->structural_sharing != b->structural_sharing ||
      a->infinite != b->infinite ||
      a->max_pages != b->max_pages ||
      a->pages != b->pages ||
      (a->query_canon == NULL) != (b->query_canon == NULL) ||
      (a->query_canon != NULL && !_tq_key_canon_equal (a->query_canon, b->query_canon)) ||
      a->stale_time != b->stale_time ||
      a->gc_time != b->gc_time ||
      a->retry != b->retry ||
      a->retry_delay != b->retry_delay ||
      a->network_mode != b->network_mode ||
      a->refetch_interval != b->refetch_interval ||
      a->initial_data_updated_at != b->initial_data_updated_at ||
      memcmp (a->refetch_on, b->refetch_on, sizeof a->refetch_on) != 0)
    return FALSE;

  if (!_tq_callback_equal (a->query_fn, b->query_fn) ||
      !_tq_callback_equal (a->enabled_fn, b->enabled_fn) ||
      !_tq_callback_equal (a->stale_time_fn, b->stale_time_fn) ||
      !_tq_callback_equal (a->retry_fn, b->retry_fn) ||
      !_tq_callback_equal (a->retry_delay_fn, b->retry_delay_fn) ||
      !_tq_callback_equal (a->refetch_interval_fn, b->refetch_interval_fn) ||
      !_tq_callback_equal (a->retry_on_mount_fn, b->retry_on_mount_fn) ||
      !_tq_callback_equal (a->select, b->select) ||
      !_tq_callback_equal (a->placeholder_data_fn, b->placeholder_data_fn) ||
      !_tq_callback_equal (a->initial_data_fn, b->initial_data_fn) ||
      !_tq_callback_equal (a->initial_data_updated_at_fn, b->initial_data_updated_at_fn) ||
      !_tq_callback_equal (a->structural_sharing_fn, b->structural_sharing_fn) ||
      !_tq_callback_equal (a->get_next_page_param, b->get_next_page_param) ||
      !_tq_callback_equal (a->get_previous_page_param, b->get_previous_page_param))
    return FALSE;

  for (guint i = 0; i < 3; i++)
    if (!_tq_callback_equal (a->refetch_on_fn[i], b->refetch_on_fn[i]))
      return FALSE;

  if (!_tq_value_identical (&a->placeholder_data, &b->placeholder_data) ||
      !_tq_value_identical (&a->initial_data, &b->initial_data) ||
      !_tq_value_identical (&a->initial_page_param, &b->initial_page_param))
    return FALSE;

  if ((a->meta == NULL) != (b->meta == NULL) ||
      (a->meta != NULL && !g_variant_equal (a->meta, b->meta)))
    return FALSE;

  if ((a->notify_on_change_props == NULL) != (b->notify_on_change_props == NULL) ||
      (a->notify_on_change_props != NULL &&
       !g_strv_equal ((const char * const *) a->notify_on_change_props,
                      (const char * const *) b->notify_on_change_props)))
    return FALSE;

  return TRUE;
}

/**
 * tq_query_options_get_notify_on_change_props:
 * @self: options
 *
 * Gets [property@Tq.QueryOptions:notify-on-change-props].
 *
 * Returns: (transfer none) (nullable) (array zero-terminated=1): the
 *   property names, or %NULL for any change
 */
const char * const *
tq_query_options_get_notify_on_change_props (TqQueryOptions *self)
{
  g_return_val_if_fail (TQ_IS_QUERY_OPTIONS (self), NULL);

  return (const char * const *) self->notify_on_change_props;
}

/**
 * tq_query_options_set_notify_on_change_props:
 * @self: options
 * @props: (nullable) (array zero-terminated=1): names of result
 *   properties, such as `data` and `is-stale`; %NULL for any change
 *
 * Sets [property@Tq.QueryOptions:notify-on-change-props]: only a change
 * of one of @props emits [signal@Tq.QueryObserver::result-changed].
 */
void
tq_query_options_set_notify_on_change_props (TqQueryOptions     *self,
                                             const char * const *props)
{
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (self));

  g_clear_pointer (&self->notify_on_change_props, g_strfreev);
  self->notify_on_change_props = g_strdupv ((char **) props);
  mark (self, TQ_OPT_NOTIFY_ON_CHANGE_PROPS);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_NOTIFY_ON_CHANGE_PROPS]);
}
