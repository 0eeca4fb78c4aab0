/* test-infinite-query.c: infinite queries (rules 52–57, B37, section 1.7)
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"

typedef struct
{
  TqTestEnv env;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  tq_test_env_clear (&f->env);
}

/* {{{ A scripted page function */

/* Completes each page after @delay ms with the page parameter itself, or
 * with `"<prefix><param>"` when @prefix is set; fails while the parameter
 * has failures left in @failures. Records every call as "param" or
 * "param<" for backward fetches.
 */
typedef struct
{
  TqTestEnv  *env;
  gint64      delay;
  const char *prefix;
  GHashTable *failures;   /* param text → failures left */
  GPtrArray  *calls;      /* char *: the parameters, in order */
  gboolean    take_cancellable;
  guint       n_cancelled_seen;
} PageFn;

static PageFn *
page_fn_new (TqTestEnv *env)
{
  PageFn *fn = g_rc_box_new0 (PageFn);

  fn->env = env;
  fn->failures = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  fn->calls = g_ptr_array_new_with_free_func (g_free);

  return fn;
}

static void
page_fn_clear (gpointer data)
{
  PageFn *fn = data;

  g_hash_table_unref (fn->failures);
  g_ptr_array_unref (fn->calls);
}

/* Pages still pending when a test ends complete later, into the void */
static void
page_fn_unref (PageFn *fn)
{
  g_rc_box_release_full (fn, page_fn_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PageFn, page_fn_unref)

static char *
page_fn_log (PageFn *fn)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < fn->calls->len; i++)
    g_string_append_printf (s, "%s%s", i ? " " : "", (char *) fn->calls->pdata[i]);

  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_calls(fn, text) \
  G_STMT_START { \
    g_autofree char *__log = page_fn_log (fn); \
    g_assert_cmpstr (__log, ==, text); \
  } G_STMT_END

typedef struct
{
  TqQueryFunctionContext *context;
  PageFn                 *fn;
  char                   *param;
} PendingPage;

static void
pending_page_free (gpointer data)
{
  PendingPage *p = data;

  g_object_unref (p->context);
  page_fn_unref (p->fn);
  g_free (p->param);
  g_free (p);
}

static void
complete_page (TqQueryFunctionContext *context,
               PageFn                 *fn,
               const char             *param)
{
  gpointer left;

  if (g_hash_table_lookup_extended (fn->failures, param, NULL, &left) && GPOINTER_TO_UINT (left) > 0)
    {
      g_hash_table_insert (fn->failures, g_strdup (param), GUINT_TO_POINTER (GPOINTER_TO_UINT (left) - 1));
      tq_query_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_FAILED, "page %s failed", param);
      return;
    }

  if (fn->prefix != NULL)
    {
      g_autofree char *text = g_strdup_printf ("\"%s%s\"", fn->prefix, param);
      g_autoptr(JsonNode) node = tq_test_json (text);

      tq_query_function_context_return_json (context, node);
    }
  else
    {
      g_autoptr(JsonNode) node = tq_test_json (param);

      tq_query_function_context_return_json (context, node);
    }
}

static gboolean
complete_page_later (gpointer data)
{
  PendingPage *p = data;

  complete_page (p->context, p->fn, p->param);
  return G_SOURCE_REMOVE;
}

static void
page_query_fn (TqQueryFunctionContext *context,
               gpointer                user_data)
{
  PageFn *fn = user_data;
  const GValue *param = tq_query_function_context_get_page_param (context);
  g_autofree char *text = tq_test_value_to_string (param);

  g_assert_true (G_VALUE_HOLDS (param, JSON_TYPE_NODE));
  g_assert_cmpint (tq_query_function_context_get_direction (context), !=, TQ_FETCH_DIRECTION_NONE);

  if (tq_query_function_context_get_direction (context) == TQ_FETCH_DIRECTION_BACKWARD)
    g_ptr_array_add (fn->calls, g_strconcat (text, "<", NULL));
  else
    g_ptr_array_add (fn->calls, g_strdup (text));

  if (fn->take_cancellable)
    tq_query_function_context_get_cancellable (context);

  if (fn->delay == 0)
    complete_page (context, fn, text);
  else
    {
      PendingPage *p = g_new0 (PendingPage, 1);

      p->context = g_object_ref (context);
      p->fn = g_rc_box_acquire (fn);
      p->param = g_steal_pointer (&text);
      tq_clock_add_timeout_full (TQ_CLOCK (fn->env->clock), fn->delay,
                                 complete_page_later, p, pending_page_free);
    }
}

/* }}} */
/* {{{ Page parameter functions */

/* A log of page-parameter function calls, as TanStack's test keeps */
typedef struct
{
  GString *single;
  GString *all;
  int      stop_after;   /* next: none once the last param reaches this; 0 never */
  gboolean null_not_unset;
  guint    calls;
} ParamLog;

static void
param_log_clear (ParamLog *log)
{
  if (log->single != NULL)
    g_string_free (log->single, TRUE);
  if (log->all != NULL)
    g_string_free (log->all, TRUE);
  log->single = NULL;
  log->all = NULL;
}

static void
log_call (ParamLog   *log,
          const char *which,
          JsonNode   *param,
          JsonArray  *params)
{
  g_autofree char *p = json_to_string (param, FALSE);

  if (log->single == NULL)
    {
      log->single = g_string_new (NULL);
      log->all = g_string_new (NULL);
    }

  g_string_append_printf (log->single, "%s%s%s", log->single->len ? " " : "", which, p);
  g_string_append_printf (log->all, "%s%s", log->all->len ? " " : "", which);
  for (guint i = 0; i < json_array_get_length (params); i++)
    {
      g_autofree char *e = json_to_string (json_array_get_element (params, i), FALSE);

      g_string_append_printf (log->all, "%s%s", i ? "," : "", e);
    }
}

static void
next_param_plus_one (JsonNode  *page,
                     JsonArray *pages,
                     JsonNode  *param,
                     JsonArray *params,
                     GValue    *result,
                     gpointer   user_data)
{
  ParamLog *log = user_data;
  gint64 last = json_node_get_int (param);

  if (log != NULL)
    {
      log->calls++;
      log_call (log, "next", param, params);
      if (log->stop_after > 0 && last >= log->stop_after)
        {
          if (log->null_not_unset)
            tq_test_value_json (result, "null");
          return;
        }
    }

  g_value_init (result, G_TYPE_INT64);
  g_value_set_int64 (result, last + 1);
}

static void
previous_param_minus_one (JsonNode  *page,
                          JsonArray *pages,
                          JsonNode  *param,
                          JsonArray *params,
                          GValue    *result,
                          gpointer   user_data)
{
  ParamLog *log = user_data;

  if (log != NULL)
    {
      log->calls++;
      log_call (log, "prev", param, params);
    }

  g_value_init (result, G_TYPE_INT);
  g_value_set_int (result, (int) json_node_get_int (param) - 1);
}

/* Pages are the parameters: lastPage + 1 (TanStack's maxPages test) */
static void
next_from_page (JsonNode  *page,
                JsonArray *pages,
                JsonNode  *param,
                JsonArray *params,
                GValue    *result,
                gpointer   user_data)
{
  g_value_init (result, G_TYPE_INT64);
  g_value_set_int64 (result, json_node_get_int (page) + 1);
}

static void
previous_from_page (JsonNode  *page,
                    JsonArray *pages,
                    JsonNode  *param,
                    JsonArray *params,
                    GValue    *result,
                    gpointer   user_data)
{
  g_value_init (result, G_TYPE_INT64);
  g_value_set_int64 (result, json_node_get_int (page) - 1);
}

/* }}} */
/* {{{ Helpers */

static TqQueryOptions *
infinite_options (const char *key,
                  PageFn     *fn,
                  int         initial)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  TqQueryOptions *options = tq_query_options_new (k);
  g_auto(GValue) param = G_VALUE_INIT;

  if (fn != NULL)
    tq_query_options_set_query_func (options, page_query_fn, fn, NULL);
  g_value_init (&param, G_TYPE_INT);
  g_value_set_int (&param, initial);
  tq_query_options_set_initial_page_param (options, &param);

  return options;
}

static JsonNode *
observer_data (TqQueryObserver *observer)
{
  const GValue *data = tq_query_result_get_data (tq_query_observer_get_current_result (observer));

  if (!G_VALUE_HOLDS (data, JSON_TYPE_NODE))
    return NULL;

  return g_value_get_boxed (data);
}

#define assert_data(observer, text) \
  tq_assert_value_json (tq_query_result_get_data (tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer))), text)

static TqQueryResult *
result_of (gpointer observer)
{
  return tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer));
}

typedef struct
{
  gboolean       done;
  TqQueryResult *result;
  GError        *error;
  GValue         data;
} Outcome;

static void
outcome_clear (Outcome *o)
{
  g_clear_pointer (&o->result, tq_query_result_unref);
  g_clear_error (&o->error);
  if (G_IS_VALUE (&o->data))
    g_value_unset (&o->data);
  o->done = FALSE;
}

static void
on_next_page (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Outcome *o = user_data;

  o->done = TRUE;
  if (g_task_get_source_tag (G_TASK (result)) == tq_infinite_query_observer_fetch_next_page_async)
    o->result = tq_infinite_query_observer_fetch_next_page_finish (TQ_INFINITE_QUERY_OBSERVER (source),
                                                                   result, &o->error);
  else
    o->result = tq_infinite_query_observer_fetch_previous_page_finish (TQ_INFINITE_QUERY_OBSERVER (source),
                                                                       result, &o->error);
}

/* }}} */

/* B37: a null next parameter fetches nothing and leaves the data */
static void
test_no_next_page (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  ParamLog log = { .stop_after = 1, .null_not_unset = TRUE };
  g_autoptr(TqQueryOptions) options = infinite_options ("('b37a',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  JsonNode *before;

  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, &log, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");
  g_assert_false (tq_query_result_has_next_page (result_of (observer)));
  before = observer_data (TQ_QUERY_OBSERVER (observer));

  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_flush (&f->env);
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");
  assert_calls (fn, "1");
  /* Unchanged data keeps its identity */
  g_assert_true (observer_data (TQ_QUERY_OBSERVER (observer)) == before);
  g_assert_false (tq_query_result_is_fetching (result_of (observer)));

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
  param_log_clear (&log);
}

static void
return_data (TqQueryFunctionContext *context,
             gpointer                user_data)
{
  g_autoptr(JsonNode) node = tq_test_json ("\"data\"");

  tq_query_function_context_return_json (context, node);
}

static void
next_null (JsonNode  *page,
           JsonArray *pages,
           JsonNode  *param,
           JsonArray *params,
           GValue    *result,
           gpointer   user_data)
{
  tq_test_value_json (result, "null");
}

/* B37: a null initial page parameter still fetches (rule 52) */
static void
test_null_initial_page_param (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GVariant) key = tq_test_key ("('b37b',)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_auto(GValue) null_param = G_VALUE_INIT;

  tq_test_value_json (&null_param, "null");
  tq_query_options_set_initial_page_param (options, &null_param);
  tq_query_options_set_query_func (options, return_data, NULL, NULL);
  tq_query_options_set_get_next_page_param_func (options, next_null, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  assert_data (observer, "{\"pages\":[\"data\"],\"pageParams\":[null]}");
  g_assert_false (tq_query_result_is_fetching (result_of (observer)));
  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* B37 and rule 54: a refetch stops when the next parameter is gone, so the
 * page count shrinks (unset and JSON null both count as none).
 */
static void
test_refetch_stops_without_next (Fixture       *f,
                                 gconstpointer  data)
{
  for (guint variant = 0; variant < 2; variant++)
    {
      g_autoptr(PageFn) fn = page_fn_new (&f->env);
      ParamLog log = { .stop_after = 0, .null_not_unset = variant == 1 };
      g_autofree char *key = g_strdup_printf ("('b37c', %u)", variant);
      g_autoptr(TqQueryOptions) options = infinite_options (key, fn, 1);
      g_autoptr(TqInfiniteQueryObserver) observer = NULL;

      fn->delay = 10;
      fn->prefix = "";
      tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, &log, NULL);
      observer = tq_infinite_query_observer_new (f->env.client, options);

      /* Not subscribed: fetch_next_page with no data fetches the first page */
      tq_infinite_query_observer_fetch_next_page (observer);
      tq_test_advance (&f->env, 10);
      tq_infinite_query_observer_fetch_next_page (observer);
      tq_test_advance (&f->env, 10);
      assert_data (observer, "{\"pages\":[\"1\",\"2\"],\"pageParams\":[1,2]}");
      g_assert_cmpuint (fn->calls->len, ==, 2);
      g_assert_true (tq_query_result_has_next_page (result_of (observer)));

      log.stop_after = 1;
      tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
      tq_test_advance (&f->env, 10);
      assert_data (observer, "{\"pages\":[\"1\"],\"pageParams\":[1]}");
      g_assert_cmpuint (fn->calls->len, ==, 3);
      g_assert_false (tq_query_result_has_next_page (result_of (observer)));
      param_log_clear (&log);
    }
}

/* B37: infinite data with no pages calls no page-parameter function */
static void
test_empty_pages_call_nothing (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  ParamLog next_log = { .stop_after = -1 }, prev_log = { 0 };
  g_autoptr(TqQueryOptions) options = infinite_options ("('b37d',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GVariant) key = tq_test_key ("('b37d',)");
  g_autoptr(JsonNode) empty = tq_infinite_data_new (NULL, NULL);

  fn->delay = 10;
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, &next_log, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_param_minus_one, &prev_log, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  next_log.calls = prev_log.calls = 0;

  tq_query_client_set_query_json (f->env.client, key, empty);
  tq_test_flush (&f->env);
  g_assert_cmpuint (next_log.calls, ==, 0);
  g_assert_cmpuint (prev_log.calls, ==, 0);
  assert_data (observer, "{\"pages\":[],\"pageParams\":[]}");
  g_assert_false (tq_query_result_has_next_page (result_of (observer)));
  g_assert_false (tq_query_result_has_previous_page (result_of (observer)));

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
  param_log_clear (&next_log);
  param_log_clear (&prev_log);
}

/* TanStack: getNextPageParam and getPreviousPageParam receive the current
 * page parameters, and a refetch starts from the stored first one.
 */
static void
test_page_params_given (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  ParamLog log = { .stop_after = -1 };
  g_autoptr(TqQueryOptions) options = infinite_options ("('params',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;

  fn->delay = 10;
  fn->prefix = "";
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, &log, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_param_minus_one, &log, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_test_advance (&f->env, 10);

  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  tq_infinite_query_observer_fetch_previous_page (observer);
  tq_test_advance (&f->env, 10);

  g_assert_cmpstr (log.single->str, ==, "next1 prev1 prev1 next1 prev0");
  g_assert_cmpstr (log.all->str, ==, "next1 prev1 prev1 next0,1 prev0,1");
  assert_calls (fn, "1 0<");
  param_log_clear (&log);

  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 20);
  g_assert_cmpstr (log.single->str, ==, "next0 next1 prev0");
  g_assert_cmpstr (log.all->str, ==, "next0 next0,1 prev0,1");
  assert_calls (fn, "1 0< 0 1");
  assert_data (observer, "{\"pages\":[\"0\",\"1\"],\"pageParams\":[0,1]}");
  param_log_clear (&log);
}

static void
wait_next (Fixture                 *f,
           TqInfiniteQueryObserver *observer,
           gboolean                 previous)
{
  Outcome o = { 0 };

  if (previous)
    tq_infinite_query_observer_fetch_previous_page_async (observer, TRUE, NULL, on_next_page, &o);
  else
    tq_infinite_query_observer_fetch_next_page_async (observer, TRUE, NULL, on_next_page, &o);
  while (!o.done)
    tq_test_flush (&f->env);
  g_assert_no_error (o.error);
  outcome_clear (&o);
}

/* TanStack's maxPages test (rule 55): a window of two pages slides both
 * ways, and a refetch fetches only the pages kept.
 */
static void
test_max_pages (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('max-pages',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;

  tq_query_options_set_get_next_page_param_func (options, next_from_page, NULL, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_from_page, NULL, NULL);
  tq_query_options_set_max_pages (options, 2);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");
  assert_calls (fn, "1");

  wait_next (f, observer, FALSE);
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");
  wait_next (f, observer, TRUE);
  assert_data (observer, "{\"pages\":[0,1],\"pageParams\":[0,1]}");
  wait_next (f, observer, TRUE);
  assert_data (observer, "{\"pages\":[-1,0],\"pageParams\":[-1,0]}");
  wait_next (f, observer, FALSE);
  assert_data (observer, "{\"pages\":[0,1],\"pageParams\":[0,1]}");
  assert_calls (fn, "1 2 0< -1< 1");

  g_ptr_array_set_size (fn->calls, 0);
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  tq_test_flush (&f->env);
  assert_calls (fn, "0 1");
  assert_data (observer, "{\"pages\":[0,1],\"pageParams\":[0,1]}");

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* Rule 54: a refetch fetches as many pages as there are, one after another,
 * from the stored first parameter (not the initial one).
 */
static void
test_refetch_all_pages (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('refetch-all',)", fn, 5);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  TqQueryResult *result;

  fn->delay = 10;
  fn->prefix = "p";
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_param_minus_one, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 10);
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  tq_infinite_query_observer_fetch_previous_page (observer);
  tq_test_advance (&f->env, 10);
  assert_data (observer, "{\"pages\":[\"p4\",\"p5\",\"p6\"],\"pageParams\":[4,5,6]}");
  assert_calls (fn, "5 6 4<");

  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  result = result_of (observer);
  g_assert_true (tq_query_result_is_refetching (result));
  g_assert_false (tq_query_result_is_fetching_next_page (result));
  /* One page at a time */
  assert_calls (fn, "5 6 4< 4");
  tq_test_advance (&f->env, 10);
  assert_calls (fn, "5 6 4< 4 5");
  tq_test_advance (&f->env, 10);
  assert_calls (fn, "5 6 4< 4 5 6");
  /* The data changes once, at the end */
  assert_data (observer, "{\"pages\":[\"p4\",\"p5\",\"p6\"],\"pageParams\":[4,5,6]}");
  g_assert_true (tq_query_result_is_fetching (result_of (observer)));
  tq_test_advance (&f->env, 10);
  g_assert_false (tq_query_result_is_fetching (result_of (observer)));
  assert_calls (fn, "5 6 4< 4 5 6");

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* Rule 56: a retry in the middle of a refetch resumes at the page that
 * failed, keeping the pages already refetched.
 */
static void
test_retry_resumes (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('retry-resume',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  TqQueryResult *result;

  fn->delay = 10;
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  tq_query_options_set_retry (options, 2);
  tq_query_options_set_retry_delay (options, 100);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 10);
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  assert_data (observer, "{\"pages\":[1,2,3],\"pageParams\":[1,2,3]}");

  /* Page 2 fails twice during the refetch */
  g_hash_table_insert (fn->failures, g_strdup ("2"), GUINT_TO_POINTER (2));
  g_ptr_array_set_size (fn->calls, 0);
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 20);
  assert_calls (fn, "1 2");
  result = result_of (observer);
  g_assert_cmpuint (tq_query_result_get_failure_count (result), ==, 1);
  g_assert_true (tq_query_result_is_fetching (result));
  tq_test_advance (&f->env, 100);
  assert_calls (fn, "1 2 2");
  tq_test_advance (&f->env, 110);
  assert_calls (fn, "1 2 2 2");
  g_assert_cmpuint (tq_query_result_get_failure_count (result_of (observer)), ==, 2);
  tq_test_advance (&f->env, 10);
  assert_calls (fn, "1 2 2 2 3");
  tq_test_advance (&f->env, 10);
  /* Page 1 was fetched once, page 2 three times, page 3 once */
  assert_calls (fn, "1 2 2 2 3");
  result = result_of (observer);
  g_assert_cmpint (tq_query_result_get_status (result), ==, TQ_QUERY_STATUS_SUCCESS);
  g_assert_false (tq_query_result_is_fetching (result));
  g_assert_cmpuint (tq_query_result_get_failure_count (result), ==, 0);
  assert_data (observer, "{\"pages\":[1,2,3],\"pageParams\":[1,2,3]}");

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* TanStack #8046: errors while retry is on do not loop back to page 1 */
static void
test_retry_no_loop_8046 (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  ParamLog log = { .stop_after = 3 };
  g_autoptr(TqQueryOptions) options = infinite_options ("('8046',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;

  fn->delay = 10;
  g_hash_table_insert (fn->failures, g_strdup ("2"), GUINT_TO_POINTER (3));
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, &log, NULL);
  tq_query_options_set_retry (options, 5);
  tq_query_options_set_retry_delay (options, 10);
  tq_query_options_set_stale_time (options, 0);
  observer = tq_infinite_query_observer_new (f->env.client, options);

  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 70);
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  assert_data (observer, "{\"pages\":[1,2,3],\"pageParams\":[1,2,3]}");
  g_hash_table_insert (fn->failures, g_strdup ("2"), GUINT_TO_POINTER (3));
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  assert_data (observer, "{\"pages\":[1,2,3],\"pageParams\":[1,2,3]}");
  assert_calls (fn, "1 2 2 2 2 3");
  param_log_clear (&log);
}

/* Rule 57: cancelled between pages, no further page is fetched */
static void
test_cancel_between_pages (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('cancel',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  TqQueryResult *result;

  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  wait_next (f, observer, FALSE);
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");

  /* The refetch's first page takes 10 ms and the function takes the
   * cancellable; the query is cancelled while it runs.
   */
  fn->delay = 10;
  fn->take_cancellable = TRUE;
  g_ptr_array_set_size (fn->calls, 0);
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  g_assert_true (tq_query_result_is_fetching (result_of (observer)));
  g_assert_false (tq_query_result_is_error (result_of (observer)));
  tq_query_cancel (tq_query_observer_get_query (TQ_QUERY_OBSERVER (observer)), FALSE, FALSE);
  tq_test_advance (&f->env, 50);

  result = result_of (observer);
  g_assert_false (tq_query_result_is_fetching (result));
  g_assert_true (tq_query_result_is_error (result));
  g_assert_error (tq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");
  /* The page in flight finished into the void; page 2 was never asked for */
  assert_calls (fn, "1");

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* Rule 57 the other way (corpus r57-without-the-signal-pages-keep-coming):
 * a function that never took the cancellable cannot be stopped, so the
 * pages after the one in flight are still asked for, and dropped
 */
static void
test_cancel_between_pages_without_signal (Fixture       *f,
                                          gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('cancel-no-signal',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  TqQueryResult *result;

  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  wait_next (f, observer, FALSE);
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");

  fn->delay = 10;
  g_ptr_array_set_size (fn->calls, 0);
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_query_cancel (tq_query_observer_get_query (TQ_QUERY_OBSERVER (observer)), FALSE, FALSE);
  tq_test_advance (&f->env, 50);

  result = result_of (observer);
  g_assert_false (tq_query_result_is_fetching (result));
  g_assert_error (tq_query_result_get_error (result), G_IO_ERROR, G_IO_ERROR_CANCELLED);
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");
  assert_calls (fn, "1 2");

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* An infinite fetch keeps the options it started with (TanStack's
 * context.options): one paused offline calls its own function when it
 * goes on, not one set meanwhile (corpus regressions/r52-infinite-fetch-
 * keeps-its-options)
 */
static void
test_fetch_keeps_its_options (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(PageFn) first = page_fn_new (&f->env);
  g_autoptr(PageFn) second = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('keeps',)", first, 1);
  g_autoptr(TqQueryOptions) changed = infinite_options ("('keeps',)", second, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;

  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  tq_query_options_set_get_next_page_param_func (changed, next_param_plus_one, NULL, NULL);
  tq_online_manager_set_online (f->env.online_manager, FALSE);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  g_assert_true (tq_query_result_is_paused (result_of (observer)));

  tq_query_observer_set_options (TQ_QUERY_OBSERVER (observer), changed);
  tq_online_manager_set_online (f->env.online_manager, TRUE);
  tq_test_flush (&f->env);

  assert_calls (first, "1");
  assert_calls (second, "");
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");
  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* TanStack: an infinite query without a query function fails */
static void
test_missing_query_fn (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(TqQueryOptions) options = infinite_options ("('no-fn',)", NULL, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  TqQueryResult *result;

  tq_query_options_set_retry (options, 0);
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  result = result_of (observer);
  g_assert_true (tq_query_result_is_error (result));
  g_assert_error (tq_query_result_get_error (result), TQ_ERROR, TQ_ERROR_MISSING_QUERY_FN);
  g_assert_cmpstr (tq_query_result_get_error (result)->message, ==, "Missing queryFn: '[\"no-fn\"]'");
  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GString    *log)
{
  g_string_append_printf (log, "%s ", pspec->name);
}

/* Section 1.3: the infinite flags, and is-refetching and is-refetch-error
 * leaving out page fetches; their notifications.
 */
static void
test_page_flags (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('flags',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GString) notified = g_string_new (NULL);
  TqQueryResult *result;
  gboolean flag;

  fn->delay = 10;
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_param_minus_one, NULL, NULL);
  tq_query_options_set_retry (options, 0);
  observer = tq_infinite_query_observer_new (f->env.client, options);

  /* Before any data (TanStack's getOptimisticResult test) */
  result = result_of (observer);
  g_assert_false (tq_query_result_has_next_page (result));
  g_assert_false (tq_query_result_has_previous_page (result));
  g_assert_false (tq_query_result_is_fetching_next_page (result));
  g_assert_false (tq_query_result_is_refetching (result));

  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 10);
  g_object_get (observer, "has-next-page", &flag, NULL);
  g_assert_true (flag);
  g_object_get (observer, "has-previous-page", &flag, NULL);
  g_assert_true (flag);

  g_signal_connect (observer, "notify", G_CALLBACK (count_notify), notified);
  tq_infinite_query_observer_fetch_next_page (observer);
  result = result_of (observer);
  g_assert_true (tq_query_result_is_fetching_next_page (result));
  g_assert_false (tq_query_result_is_fetching_previous_page (result));
  g_assert_false (tq_query_result_is_refetching (result));
  g_assert_true (tq_query_result_is_fetching (result));
  tq_test_flush (&f->env);
  g_assert_nonnull (strstr (notified->str, "is-fetching-next-page"));
  g_assert_null (strstr (notified->str, "is-refetching"));
  g_object_get (observer, "is-fetching-next-page", &flag, NULL);
  g_assert_true (flag);
  tq_test_advance (&f->env, 10);
  g_object_get (observer, "is-fetching-next-page", &flag, NULL);
  g_assert_false (flag);

  tq_infinite_query_observer_fetch_previous_page (observer);
  result = result_of (observer);
  g_assert_true (tq_query_result_is_fetching_previous_page (result));
  g_assert_false (tq_query_result_is_refetching (result));
  tq_test_advance (&f->env, 10);
  assert_data (observer, "{\"pages\":[0,1,2],\"pageParams\":[0,1,2]}");

  /* A failed next page */
  g_hash_table_insert (fn->failures, g_strdup ("3"), GUINT_TO_POINTER (1));
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_advance (&f->env, 10);
  result = result_of (observer);
  g_assert_true (tq_query_result_is_error (result));
  g_assert_true (tq_query_result_is_fetch_next_page_error (result));
  g_assert_false (tq_query_result_is_fetch_previous_page_error (result));
  g_assert_false (tq_query_result_is_refetch_error (result));
  g_object_get (observer, "is-fetch-next-page-error", &flag, NULL);
  g_assert_true (flag);
  assert_data (observer, "{\"pages\":[0,1,2],\"pageParams\":[0,1,2]}");

  /* A failed refetch is a refetch error */
  g_hash_table_insert (fn->failures, g_strdup ("0"), GUINT_TO_POINTER (1));
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  g_assert_true (tq_query_result_is_refetching (result_of (observer)));
  tq_test_advance (&f->env, 10);
  result = result_of (observer);
  g_assert_true (tq_query_result_is_refetch_error (result));
  g_assert_false (tq_query_result_is_fetch_next_page_error (result));

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* Rule 21: fetch_next_page cancels a refetch in progress unless told not
 * to, in which case it joins it.
 */
static void
test_next_page_cancel_refetch (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('cancel-refetch',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  Outcome o = { 0 };

  fn->delay = 10;
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_advance (&f->env, 10);

  /* Joined: no new call, the refetch's result */
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_infinite_query_observer_fetch_next_page_async (observer, FALSE, NULL, on_next_page, &o);
  tq_test_advance (&f->env, 10);
  g_assert_true (o.done);
  assert_calls (fn, "1 1");
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");
  outcome_clear (&o);

  /* Cancelled: the refetch gives way to the next page */
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  tq_infinite_query_observer_fetch_next_page_async (observer, TRUE, NULL, on_next_page, &o);
  tq_test_advance (&f->env, 10);
  g_assert_true (o.done);
  assert_calls (fn, "1 1 1 2");
  assert_data (observer, "{\"pages\":[1,2],\"pageParams\":[1,2]}");
  g_assert_false (tq_query_result_is_error (o.result));
  outcome_clear (&o);

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

static JsonArray *
json_array_of (JsonNode *data,
               const char *member)
{
  return json_object_get_array_member (json_node_get_object (data), member);
}

/* Pages keep their identity when pages are added at either end or dropped
 * by max-pages, and across a refetch that returns the same content.
 */
static void
test_page_identity (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('identity',)", fn, 10);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_autoptr(JsonNode) before = NULL;
  JsonArray *old_pages, *new_pages;
  JsonNode *after;

  /* Pages are objects, so that identity means something */
  fn->prefix = "page ";
  tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_param_minus_one, NULL, NULL);
  tq_query_options_set_max_pages (options, 3);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  wait_next (f, observer, FALSE);
  wait_next (f, observer, FALSE);
  before = json_node_ref (observer_data (TQ_QUERY_OBSERVER (observer)));
  tq_assert_value_json (tq_query_result_get_data (result_of (observer)),
                        "{\"pages\":[\"page 10\",\"page 11\",\"page 12\"],\"pageParams\":[10,11,12]}");

  /* Previous page: 9 comes in, 12 drops out; 10 and 11 are the same nodes */
  wait_next (f, observer, TRUE);
  after = observer_data (TQ_QUERY_OBSERVER (observer));
  old_pages = json_array_of (before, "pages");
  new_pages = json_array_of (after, "pages");
  g_assert_cmpuint (json_array_get_length (new_pages), ==, 3);
  g_assert_true (json_array_get_element (new_pages, 1) == json_array_get_element (old_pages, 0));
  g_assert_true (json_array_get_element (new_pages, 2) == json_array_get_element (old_pages, 1));

  /* A refetch returning the same pages keeps the data itself */
  g_clear_pointer (&before, json_node_unref);
  before = json_node_ref (after);
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  for (guint i = 0; i < 4; i++)
    tq_test_flush (&f->env);
  g_assert_false (tq_query_result_is_fetching (result_of (observer)));
  g_assert_true (observer_data (TQ_QUERY_OBSERVER (observer)) == before);

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

static void
next_param_object (JsonNode  *page,
                   JsonArray *pages,
                   JsonNode  *param,
                   JsonArray *params,
                   GValue    *result,
                   gpointer   user_data)
{
  g_value_init (result, G_TYPE_OBJECT);
  g_value_set_object (result, user_data);
}

/* A page parameter that cannot be JSON fails the fetch with a clear error */
static void
test_invalid_page_param (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  g_autoptr(TqQueryOptions) options = infinite_options ("('invalid-param',)", fn, 1);
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_autoptr(GObject) object = g_object_new (G_TYPE_OBJECT, NULL);
  TqQueryResult *result;

  tq_query_options_set_get_next_page_param_func (options, next_param_object, object, NULL);
  tq_query_options_set_retry (options, 0);
  observer = tq_infinite_query_observer_new (f->env.client, options);
  tq_query_observer_subscribe (TQ_QUERY_OBSERVER (observer));
  tq_test_flush (&f->env);
  /* Not a parameter: no next page */
  g_assert_false (tq_query_result_has_next_page (result_of (observer)));

  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_flush (&f->env);
  result = result_of (observer);
  g_assert_true (tq_query_result_is_fetch_next_page_error (result));
  g_assert_error (tq_query_result_get_error (result), TQ_ERROR, TQ_ERROR_INVALID_DATA);
  assert_data (observer, "{\"pages\":[1],\"pageParams\":[1]}");

  tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (observer));
}

/* {{{ The client's imperative variants */

static void
on_value (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Outcome *o = user_data;
  gboolean ok;

  o->done = TRUE;
  if (g_task_get_source_tag (G_TASK (result)) == tq_query_client_infinite_query_async)
    ok = tq_query_client_infinite_query_finish (TQ_QUERY_CLIENT (source), result, &o->data, &o->error);
  else if (g_task_get_source_tag (G_TASK (result)) == tq_query_client_fetch_infinite_query_async)
    ok = tq_query_client_fetch_infinite_query_finish (TQ_QUERY_CLIENT (source), result, &o->data, &o->error);
  else if (g_task_get_source_tag (G_TASK (result)) == tq_query_client_ensure_infinite_query_data_async)
    ok = tq_query_client_ensure_infinite_query_data_finish (TQ_QUERY_CLIENT (source), result, &o->data, &o->error);
  else
    ok = tq_query_client_prefetch_infinite_query_finish (TQ_QUERY_CLIENT (source), result, &o->error);
  g_assert_true (ok == (o->error == NULL));
}

static void
run_outcome (Fixture *f,
             Outcome *o)
{
  for (guint i = 0; i < 100 && !o->done; i++)
    tq_test_advance (&f->env, 10);
  g_assert_true (o->done);
}

static gboolean
select_pages_times_two (const GValue  *data,
                        GValue        *result,
                        gpointer       user_data,
                        GError       **error)
{
  JsonArray *pages = tq_infinite_data_get_pages (g_value_get_boxed (data));
  g_autoptr(GString) s = g_string_new ("[");

  for (guint i = 0; i < json_array_get_length (pages); i++)
    g_string_append_printf (s, "%s%" G_GINT64_FORMAT, i ? "," : "",
                            json_array_get_int_element (pages, i) * 2);
  g_string_append_c (s, ']');
  tq_test_value_json (result, s->str);

  return TRUE;
}

/* TanStack's infiniteQuery() tests */
static void
test_client_infinite_query (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(PageFn) fn = page_fn_new (&f->env);
  Outcome o = { 0 };

  /* Data, and the same in the cache */
  {
    g_autoptr(TqQueryOptions) options = infinite_options ("('iq', 1)", fn, 10);
    g_autofree char *cached = NULL;

    tq_query_client_infinite_query_async (f->env.client, options, NULL, on_value, &o);
    run_outcome (f, &o);
    g_assert_no_error (o.error);
    tq_assert_value_json (&o.data, "{\"pages\":[10],\"pageParams\":[10]}");
    cached = tq_test_data_string (&f->env, "('iq', 1)");
    g_assert_cmpstr (cached, ==, "{\"pages\":[10],\"pageParams\":[10]}");
    outcome_clear (&o);
  }

  /* select applies; enabled is ignored */
  {
    g_autoptr(TqQueryOptions) options = infinite_options ("('iq', 2)", fn, 10);

    tq_query_options_set_enabled (options, FALSE);
    tq_query_options_set_select_func (options, select_pages_times_two, NULL, NULL);
    tq_query_client_infinite_query_async (f->env.client, options, NULL, on_value, &o);
    run_outcome (f, &o);
    tq_assert_value_json (&o.data, "[20]");
    outcome_clear (&o);
  }

  /* pages: 3 fetches three pages, one after another */
  {
    g_autoptr(TqQueryOptions) options = infinite_options ("('iq', 3)", fn, 1);

    g_ptr_array_set_size (fn->calls, 0);
    fn->delay = 10;
    tq_query_options_set_get_next_page_param_func (options, next_param_plus_one, NULL, NULL);
    tq_query_options_set_pages (options, 3);
    tq_query_client_fetch_infinite_query_async (f->env.client, options, NULL, on_value, &o);
    tq_test_advance (&f->env, 10);
    assert_calls (fn, "1 2");
    run_outcome (f, &o);
    tq_assert_value_json (&o.data, "{\"pages\":[1,2,3],\"pageParams\":[1,2,3]}");
    assert_calls (fn, "1 2 3");
    outcome_clear (&o);
    fn->delay = 0;
  }

  /* ensure: cached data of any age, not fetched */
  {
    g_autoptr(TqQueryOptions) options = infinite_options ("('iq', 4)", fn, 1);
    g_autoptr(GVariant) key = tq_test_key ("('iq', 4)");
    g_autoptr(JsonNode) cached = tq_test_json ("{\"pages\":[\"bar\"],\"pageParams\":[0]}");
    g_autoptr(TqQueryFilters) filters = tq_test_filters ("('iq', 4)");

    tq_query_client_set_query_json (f->env.client, key, cached);
    g_ptr_array_set_size (fn->calls, 0);
    tq_query_client_ensure_infinite_query_data_async (f->env.client, options, FALSE, NULL, on_value, &o);
    run_outcome (f, &o);
    tq_assert_value_json (&o.data, "{\"pages\":[\"bar\"],\"pageParams\":[0]}");
    g_assert_cmpuint (fn->calls->len, ==, 0);
    outcome_clear (&o);

    /* A fetch of cached data refetches from its stored first parameter */
    tq_query_client_infinite_query_async (f->env.client, options, NULL, on_value, &o);
    run_outcome (f, &o);
    tq_assert_value_json (&o.data, "{\"pages\":[0],\"pageParams\":[0]}");
    assert_calls (fn, "0");
    outcome_clear (&o);

    /* The query stays infinite: an invalidation refetches its pages */
    tq_query_filters_set_refetch_type (filters, TQ_REFETCH_TYPE_ALL);
    fn->prefix = "again ";
    tq_query_client_invalidate_queries_async (f->env.client, filters, TRUE, NULL, NULL, NULL);
    assert_calls (fn, "0 0");
    tq_test_flush (&f->env);
    {
      g_autofree char *now = tq_test_data_string (&f->env, "('iq', 4)");
      g_assert_cmpstr (now, ==, "{\"pages\":[\"again 0\"],\"pageParams\":[0]}");
    }
    fn->prefix = NULL;
  }

  /* prefetch swallows errors */
  {
    g_autoptr(TqQueryOptions) options = infinite_options ("('iq', 5)", fn, 7);

    g_hash_table_insert (fn->failures, g_strdup ("7"), GUINT_TO_POINTER (1));
    tq_query_client_prefetch_infinite_query_async (f->env.client, options, NULL, on_value, &o);
    run_outcome (f, &o);
    g_assert_no_error (o.error);
    outcome_clear (&o);
    tq_query_client_prefetch_infinite_query_async (f->env.client, options, NULL, on_value, &o);
    run_outcome (f, &o);
    outcome_clear (&o);
    {
      g_autofree char *cached = tq_test_data_string (&f->env, "('iq', 5)");
      g_assert_cmpstr (cached, ==, "{\"pages\":[7],\"pageParams\":[7]}");
    }
  }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Tq/InfiniteQuery/" path, Fixture, NULL, setup, func, teardown)

  ADD ("no-next-page", test_no_next_page);
  ADD ("null-initial-page-param", test_null_initial_page_param);
  ADD ("refetch-stops-without-next", test_refetch_stops_without_next);
  ADD ("empty-pages-call-nothing", test_empty_pages_call_nothing);
  ADD ("page-params-given", test_page_params_given);
  ADD ("max-pages", test_max_pages);
  ADD ("refetch-all-pages", test_refetch_all_pages);
  ADD ("retry-resumes", test_retry_resumes);
  ADD ("retry-no-loop-8046", test_retry_no_loop_8046);
  ADD ("cancel-between-pages", test_cancel_between_pages);
  ADD ("cancel-between-pages-without-signal", test_cancel_between_pages_without_signal);
  ADD ("fetch-keeps-its-options", test_fetch_keeps_its_options);
  ADD ("missing-query-fn", test_missing_query_fn);
  ADD ("page-flags", test_page_flags);
  ADD ("next-page-cancel-refetch", test_next_page_cancel_refetch);
  ADD ("page-identity", test_page_identity);
  ADD ("invalid-page-param", test_invalid_page_param);
  ADD ("client-infinite-query", test_client_infinite_query);

#undef ADD

  return g_test_run ();
}
