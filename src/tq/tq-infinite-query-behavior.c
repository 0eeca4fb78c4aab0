/* tq-infinite-query-behavior.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-error.h"
#include "tq-infinite-data-private.h"
#include "tq-infinite-query-behavior-private.h"

/* One fetch of an infinite query. It lives as long as the fetch, so that
 * a retry in the middle of a refetch resumes at the page that failed and
 * keeps the pages already refetched (rule 56, TanStack issue #8046).
 */
typedef struct
{
  JsonArray        *old_pages;     /* the data when the fetch started */
  JsonArray        *old_params;
  JsonArray        *pages;         /* refetched so far */
  JsonArray        *params;
  guint             current_page;
  guint             remaining;
  TqFetchDirection  direction;
  gboolean          signal_taken;  /* a page's function took the cancellable */
} InfiniteFetch;

static void
infinite_fetch_free (gpointer data)
{
  InfiniteFetch *f = data;

  g_clear_pointer (&f->old_pages, json_array_unref);
  g_clear_pointer (&f->old_params, json_array_unref);
  g_clear_pointer (&f->pages, json_array_unref);
  g_clear_pointer (&f->params, json_array_unref);
  g_free (f);
}

static JsonNode *
element_or_null (JsonArray *array,
                 guint      index)
{
  if (array == NULL || index >= json_array_get_length (array))
    return NULL;

  return json_array_get_element (array, index);
}

/* {{{ Page parameters */

/* Calls getNextPageParam or getPreviousPageParam; NULL means none
 * (TanStack's `== null`), and so does a value that cannot be JSON, which
 * is then reported in @error.
 */
static JsonNode *
call_page_param_func (TqCallback  *func,
                      JsonArray   *pages,
                      JsonArray   *params,
                      gboolean     previous,
                      GError     **error)
{
  g_auto(GValue) result = G_VALUE_INIT;
  guint n = pages != NULL ? json_array_get_length (pages) : 0;
  guint index;
  JsonNode *param;

  if (func == NULL || n == 0)
    return NULL;

  index = previous ? 0 : n - 1;
  ((TqPageParamFunc) func->func) (json_array_get_element (pages, index), pages,
                                  element_or_null (params, index), params,
                                  &result, func->data);

  param = _tq_json_from_value (&result, error);
  if (_tq_json_is_nullish (param))
    g_clear_pointer (&param, json_node_unref);

  return param;
}

static gboolean
has_page (TqQueryOptions *options,
          const GValue   *data,
          gboolean        previous)
{
  TqCallback *func = previous ? options->get_previous_page_param : options->get_next_page_param;
  g_autoptr(JsonNode) param = NULL;
  JsonNode *node = _tq_infinite_data_from_value (data);
  JsonArray *pages, *params;

  if (func == NULL || node == NULL || !_tq_infinite_data_unpack (node, &pages, &params))
    return FALSE;

  param = call_page_param_func (func, pages, params, previous, NULL);

  return param != NULL;
}

gboolean
_tq_infinite_query_has_next_page (TqQueryOptions *options,
                                  const GValue   *data)
{
  return has_page (options, data, FALSE);
}

gboolean
_tq_infinite_query_has_previous_page (TqQueryOptions *options,
                                      const GValue   *data)
{
  return has_page (options, data, TRUE);
}

/* }}} */
/* {{{ Pages */

static JsonArray *
copy_array (JsonArray *array)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  JsonArray *copy = json_array_sized_new (n + 1);

  for (guint i = 0; i < n; i++)
    json_array_add_element (copy, json_node_ref (json_array_get_element (array, i)));

  return copy;
}

/* TanStack's addToEnd() on an array of our own */
static void
add_to_end (JsonArray *array,
            JsonNode  *node,
            guint      max_pages)
{
  json_array_add_element (array, json_node_ref (node));
  if (max_pages > 0 && json_array_get_length (array) > max_pages)
    json_array_remove_element (array, 0);
}

/* TanStack's addToStart(), into a new array */
static JsonArray *
add_to_start (JsonArray *array,
              JsonNode  *node,
              guint      max_pages)
{
  guint n = array != NULL ? json_array_get_length (array) : 0;
  JsonArray *result = json_array_sized_new (n + 1);

  json_array_add_element (result, json_node_ref (node));
  for (guint i = 0; i < n; i++)
    json_array_add_element (result, json_node_ref (json_array_get_element (array, i)));
  if (max_pages > 0 && json_array_get_length (result) > max_pages)
    json_array_remove_element (result, json_array_get_length (result) - 1);

  return result;
}

static void
complete (TqQueryFetch *fetch,
          guint         attempt,
          JsonArray    *pages,
          JsonArray    *params)
{
  g_auto(GValue) value = G_VALUE_INIT;

  g_value_init (&value, JSON_TYPE_NODE);
  g_value_take_boxed (&value, _tq_infinite_data_take (pages, params));
  _tq_query_fetch_attempt_done (fetch, attempt, &value, NULL);
}

static void
fail (TqQueryFetch *fetch,
      guint         attempt,
      const GError *error)
{
  _tq_query_fetch_attempt_done (fetch, attempt, NULL, error);
}

static void
fail_cancelled (TqQueryFetch *fetch,
                guint         attempt)
{
  g_autoptr(GError) error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "CancelledError");

  fail (fetch, attempt, error);
}

/* A fetch that needs no page still settles on a later iteration, as
 * TanStack's does: its fetchPage() returns a resolved promise from an
 * async function (two reactions), fetchFn awaits it (a third) and the
 * retryer's `.then (resolve)` is the fourth.
 */
#define UNCHANGED_TURNS 4

typedef struct
{
  TqQueryFetch *fetch;
  guint         attempt;
  guint         turns;
  JsonArray    *pages;
  JsonArray    *params;
} Unchanged;

static void
unchanged_free (gpointer data)
{
  Unchanged *u = data;

  g_clear_pointer (&u->fetch, _tq_query_fetch_unref);
  g_clear_pointer (&u->pages, json_array_unref);
  g_clear_pointer (&u->params, json_array_unref);
  g_free (u);
}

static void unchanged_next_turn (Unchanged *u);

static gboolean
unchanged_done (gpointer data)
{
  Unchanged *u = data;

  /* Each reaction is queued after those already waiting: a new source. */
  if (++u->turns < UNCHANGED_TURNS)
    {
      unchanged_next_turn (g_memdup2 (u, sizeof *u));
      memset (u, 0, sizeof *u);
      return G_SOURCE_REMOVE;
    }

  complete (u->fetch, u->attempt, json_array_ref (u->pages), json_array_ref (u->params));

  return G_SOURCE_REMOVE;
}

static void
unchanged_next_turn (Unchanged *u)
{
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, unchanged_done, u, unchanged_free);
  g_source_set_static_name (source, "[tq] infinite query unchanged");
  g_source_attach (source, _tq_query_get_env (u->fetch->query)->main_context);
  g_source_unref (source);
}

static void
complete_later (TqQueryFetch *fetch,
                guint         attempt,
                JsonArray    *pages,
                JsonArray    *params)
{
  Unchanged *u = g_new0 (Unchanged, 1);

  u->fetch = _tq_query_fetch_ref (fetch);
  u->attempt = attempt;
  u->pages = json_array_ref (pages);
  u->params = json_array_ref (params);
  unchanged_next_turn (u);
}

typedef struct
{
  TqQueryFetch *fetch;
  guint         attempt;
  JsonNode     *param;
  gboolean      previous;
  gboolean      refetch;
} PageCall;

static void
page_call_free (gpointer data)
{
  PageCall *call = data;

  _tq_query_fetch_unref (call->fetch);
  json_node_unref (call->param);
  g_free (call);
}

static void refetch_next_page (TqQueryFetch *fetch,
                               guint         attempt);

static void
on_page_done (TqQueryFunctionContext *context,
              const GValue           *value,
              const GError           *error,
              gpointer                user_data)
{
  PageCall *call = user_data;
  TqQueryFetch *fetch = call->fetch;
  InfiniteFetch *f = fetch->behavior_data;
  g_autoptr(JsonNode) page = NULL;
  g_autoptr(GError) local_error = NULL;
  guint max_pages;

  if (_tq_query_function_context_took_cancellable (context))
    f->signal_taken = TRUE;

  if (error != NULL)
    {
      fail (fetch, call->attempt, error);
      return;
    }

  if (f->signal_taken && g_cancellable_is_cancelled (fetch->cancellable))
    {
      fail_cancelled (fetch, call->attempt);
      return;
    }

  page = _tq_json_from_value (value, &local_error);
  if (page == NULL)
    {
      if (local_error == NULL)
        local_error = g_error_new (TQ_ERROR, TQ_ERROR_UNDEFINED_DATA, "%s data is undefined",
                                   _tq_query_get_hash (fetch->query));
      fail (fetch, call->attempt, local_error);
      return;
    }

  max_pages = fetch->options->max_pages;

  if (call->refetch)
    {
      add_to_end (f->pages, page, max_pages);
      add_to_end (f->params, call->param, max_pages);
      f->current_page++;

      if (f->current_page < f->remaining)
        refetch_next_page (fetch, call->attempt);
      else
        complete (fetch, call->attempt, json_array_ref (f->pages), json_array_ref (f->params));
    }
  else if (call->previous)
    {
      complete (fetch, call->attempt,
                add_to_start (f->old_pages, page, max_pages),
                add_to_start (f->old_params, call->param, max_pages));
    }
  else
    {
      JsonArray *pages = copy_array (f->old_pages);
      JsonArray *params = copy_array (f->old_params);

      add_to_end (pages, page, max_pages);
      add_to_end (params, call->param, max_pages);
      complete (fetch, call->attempt, pages, params);
    }
}

/* TanStack's fetchPage(): takes @param */
static void
fetch_page (TqQueryFetch *fetch,
            guint         attempt,
            JsonNode     *param,
            gboolean      previous,
            gboolean      refetch,
            JsonArray    *pages,
            JsonArray    *params)
{
  InfiniteFetch *f = fetch->behavior_data;
  g_auto(GValue) param_value = G_VALUE_INIT;
  PageCall *call;

  /* Cancelled between pages: no further page (rule 57), if a page's
   * function took the cancellable. One that did not cannot know, and the
   * pages keep coming (into the void), as in TanStack.
   */
  if (f->signal_taken && g_cancellable_is_cancelled (fetch->cancellable))
    {
      g_clear_pointer (&param, json_node_unref);
      fail_cancelled (fetch, attempt);
      return;
    }

  /* No page to fetch: the data stays as it is (rule 53). */
  if (_tq_json_is_nullish (param) && json_array_get_length (pages) > 0)
    {
      g_clear_pointer (&param, json_node_unref);
      complete_later (fetch, attempt, pages, params);
      return;
    }

  if (param == NULL)
    param = json_node_new (JSON_NODE_NULL);

  call = g_new0 (PageCall, 1);
  call->fetch = _tq_query_fetch_ref (fetch);
  call->attempt = attempt;
  call->param = param;
  call->previous = previous;
  call->refetch = refetch;

  /* g_value_set_boxed() would copy the node */
  g_value_init (&param_value, JSON_TYPE_NODE);
  g_value_take_boxed (&param_value, json_node_ref (param));

  _tq_query_fetch_call_query_fn (fetch, &param_value,
                                 previous ? TQ_FETCH_DIRECTION_BACKWARD : TQ_FETCH_DIRECTION_FORWARD,
                                 on_page_done, call, page_call_free);
}

/* The next page of a refetch of all pages (rule 54): the first from the
 * stored first parameter, each later one from getNextPageParam on the
 * pages refetched so far, stopping early when there is none.
 */
static void
refetch_next_page (TqQueryFetch *fetch,
                   guint         attempt)
{
  InfiniteFetch *f = fetch->behavior_data;
  TqQueryOptions *options = fetch->options;
  g_autoptr(GError) error = NULL;
  JsonNode *param;

  if (f->current_page == 0)
    {
      JsonNode *first = element_or_null (f->old_params, 0);

      /* TanStack's `oldPageParams[0] ?? initialPageParam` (rule 52) */
      if (first != NULL && !JSON_NODE_HOLDS_NULL (first))
        param = json_node_ref (first);
      else
        param = _tq_json_from_value (&options->initial_page_param, &error);
    }
  else
    {
      param = call_page_param_func (options->get_next_page_param, f->pages, f->params, FALSE, &error);
      if (param == NULL && error == NULL)
        {
          complete (fetch, attempt, json_array_ref (f->pages), json_array_ref (f->params));
          return;
        }
    }

  if (error != NULL)
    {
      fail (fetch, attempt, error);
      return;
    }

  fetch_page (fetch, attempt, param, FALSE, TRUE, f->pages, f->params);
}

static void
run_attempt (TqQuery      *query,
             TqQueryFetch *fetch,
             guint         attempt,
             gpointer      behavior_data)
{
  InfiniteFetch *f = fetch->behavior_data;
  /* The options the fetch started with, as TanStack's context.options:
   * options set while it runs (or waits, paused) are for the next one.
   */
  TqQueryOptions *options = fetch->options;

  if (f == NULL)
    {
      JsonNode *data = _tq_infinite_data_from_value (&_tq_query_get_state (query)->data);
      JsonArray *pages = NULL, *params = NULL;

      f = g_new0 (InfiniteFetch, 1);
      if (data != NULL)
        _tq_infinite_data_unpack (data, &pages, &params);
      f->old_pages = pages != NULL ? json_array_ref (pages) : json_array_new ();
      f->old_params = params != NULL ? json_array_ref (params) : json_array_new ();
      f->pages = json_array_new ();
      f->params = json_array_new ();
      f->direction = fetch->direction;
      f->remaining = _tq_query_options_has (options, TQ_OPT_PAGES)
                       ? options->pages : json_array_get_length (f->old_pages);

      fetch->behavior_data = f;
      fetch->behavior_data_destroy = infinite_fetch_free;
    }

  if (f->direction != TQ_FETCH_DIRECTION_NONE && json_array_get_length (f->old_pages) > 0)
    {
      gboolean previous = f->direction == TQ_FETCH_DIRECTION_BACKWARD;
      TqCallback *func = previous ? options->get_previous_page_param : options->get_next_page_param;
      g_autoptr(GError) error = NULL;
      JsonNode *param;

      param = call_page_param_func (func, f->old_pages, f->old_params, previous, &error);
      if (error != NULL)
        {
          fail (fetch, attempt, error);
          return;
        }

      fetch_page (fetch, attempt, param, previous, FALSE, f->old_pages, f->old_params);
    }
  else
    {
      /* A retry resumes where the failed attempt stopped (rule 56). */
      refetch_next_page (fetch, attempt);
    }
}

const TqQueryBehavior _tq_infinite_query_behavior = {
  .run_attempt = run_attempt,
};

/* }}} */
