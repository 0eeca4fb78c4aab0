/* test-list-model.c: TqJsonItem, TqQueryListModel, TqInfiniteListModel
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-test-util.h"

/* {{{ An application's item type */

#define TEST_TYPE_TODO (test_todo_get_type ())
G_DECLARE_FINAL_TYPE (TestTodo, test_todo, TEST, TODO, GObject)

struct _TestTodo
{
  GObject  parent_instance;
  gint64   id;
  char    *title;
};

enum { TODO_PROP_0, TODO_PROP_ID, TODO_PROP_TITLE, TODO_N_PROPS };

G_DEFINE_FINAL_TYPE (TestTodo, test_todo, G_TYPE_OBJECT)

static void
test_todo_finalize (GObject *object)
{
  g_free (TEST_TODO (object)->title);
  G_OBJECT_CLASS (test_todo_parent_class)->finalize (object);
}

static void
test_todo_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  TestTodo *self = TEST_TODO (object);

  if (prop_id == TODO_PROP_ID)
    g_value_set_int64 (value, self->id);
  else
    g_value_set_string (value, self->title);
}

static void
test_todo_set_property (GObject      *object,
                        guint         prop_id,
                        const GValue *value,
                        GParamSpec   *pspec)
{
  TestTodo *self = TEST_TODO (object);

  if (prop_id == TODO_PROP_ID)
    self->id = g_value_get_int64 (value);
  else
    {
      g_free (self->title);
      self->title = g_value_dup_string (value);
    }
}

static void
test_todo_class_init (TestTodoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = test_todo_finalize;
  object_class->get_property = test_todo_get_property;
  object_class->set_property = test_todo_set_property;

  g_object_class_install_property (object_class, TODO_PROP_ID,
    g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
  g_object_class_install_property (object_class, TODO_PROP_TITLE,
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));
}

static void
test_todo_init (TestTodo *self)
{
}

/* }}} */
/* {{{ Fixture */

typedef struct
{
  TqTestEnv  env;
  GString   *changes;   /* "position-removed+added " per items-changed */
  guint      n_items_notified;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  f->changes = g_string_new (NULL);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  g_string_free (f->changes, TRUE);
  tq_test_env_clear (&f->env);
}

/* Also checks that the model is consistent while it tells */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  guint n = g_list_model_get_n_items (model);

  g_assert_cmpuint (position + added, <=, n);
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert_nonnull (item);
    }
  g_assert_null (g_list_model_get_item (model, n));
  g_string_append_printf (f->changes, "%u-%u+%u ", position, removed, added);
}

static void
on_n_items (GObject    *object,
            GParamSpec *pspec,
            Fixture    *f)
{
  f->n_items_notified++;
}

static void
watch (Fixture    *f,
       GListModel *model)
{
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), f);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (on_n_items), f);
}

#define assert_changes(f, text) \
  G_STMT_START { \
    g_assert_cmpstr ((f)->changes->str, ==, text); \
    g_string_truncate ((f)->changes, 0); \
  } G_STMT_END

static void
set_json (Fixture    *f,
          const char *key,
          const char *text)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_autoptr(JsonNode) node = tq_test_json (text);

  tq_query_client_set_query_json (f->env.client, k, node);
}

static TqQueryObserver *
disabled_observer (Fixture    *f,
                   const char *key)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_autoptr(TqQueryOptions) options = tq_query_options_new (k);

  tq_query_options_set_enabled (options, FALSE);
  return tq_query_observer_new (f->env.client, options);
}

/* The titles of the items, "1:a 2:b" */
static char *
titles (GListModel *model)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TqJsonItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (s, "%s%s:%s", i ? " " : "", tq_json_item_get_key (item),
                              tq_json_item_get_string (item, "title"));
    }

  return g_string_free (g_steal_pointer (&s), FALSE);
}

#define assert_titles(model, text) \
  G_STMT_START { \
    g_autofree char *__t = titles (G_LIST_MODEL (model)); \
    g_assert_cmpstr (__t, ==, text); \
  } G_STMT_END

/* The item objects, to compare identity */
static GPtrArray *
items_of (GListModel *model)
{
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    g_ptr_array_add (items, g_list_model_get_item (model, i));

  return items;
}

/* }}} */

/* TqJsonItem: key, fields, node */
static void
test_json_item (void)
{
  g_autoptr(JsonNode) node = tq_test_json ("{\"id\": 42, \"title\": \"Buy milk\", \"done\": true, \"score\": 1.5}");
  g_autoptr(JsonNode) string_key = tq_test_json ("{\"uuid\": \"a-b\"}");
  g_autoptr(JsonNode) scalar = tq_test_json ("7");
  g_autoptr(TqJsonItem) item = tq_json_item_new (node, "id");
  g_autoptr(TqJsonItem) item2 = tq_json_item_new (string_key, "uuid");
  g_autoptr(TqJsonItem) item3 = tq_json_item_new (scalar, "id");
  g_autofree char *key = NULL;
  g_autoptr(JsonNode) got = NULL;

  g_assert_cmpstr (tq_json_item_get_key (item), ==, "42");
  g_assert_cmpstr (tq_json_item_get_key (item2), ==, "a-b");
  g_assert_null (tq_json_item_get_key (item3));
  g_assert_true (tq_json_item_get_node (item) == node);
  g_assert_cmpstr (tq_json_item_get_string (item, "title"), ==, "Buy milk");
  g_assert_null (tq_json_item_get_string (item, "id"));
  g_assert_null (tq_json_item_get_string (item, "missing"));
  g_assert_cmpint (tq_json_item_get_int (item, "id"), ==, 42);
  g_assert_cmpint (tq_json_item_get_int (item, "title"), ==, 0);
  g_assert_cmpfloat (tq_json_item_get_double (item, "score"), ==, 1.5);
  g_assert_true (tq_json_item_get_boolean (item, "done"));
  g_assert_false (tq_json_item_get_boolean (item, "missing"));
  g_assert_true (tq_json_item_has_member (item, "done"));
  g_assert_false (tq_json_item_has_member (item3, "done"));

  /* Properties, for GtkExpression; the object is shared, not copied
   * (g_object_get() copies the boxed node itself)
   */
  g_object_get (item, "key", &key, "node", &got, NULL);
  g_assert_cmpstr (key, ==, "42");
  g_assert_true (json_node_get_object (got) == json_node_get_object (node));
}

/* A plain query whose data is an array: ranges of adds, removes and
 * in-place changes, and identity of unchanged items.
 */
static void
test_query_list (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(TqQueryObserver) observer = disabled_observer (f, "('todos',)");
  g_autoptr(TqQueryListModel) model = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  set_json (f, "('todos',)", "[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"b\"},{\"id\":3,\"title\":\"c\"}]");
  model = tq_query_list_model_new (observer);
  watch (f, G_LIST_MODEL (model));
  g_assert_true (tq_query_observer_is_subscribed (observer));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TQ_TYPE_JSON_ITEM);
  assert_titles (model, "1:a 2:b 3:c");
  before = items_of (G_LIST_MODEL (model));

  /* Changed in place */
  set_json (f, "('todos',)", "[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"B\"},{\"id\":3,\"title\":\"c\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "1-1+1 ");
  assert_titles (model, "1:a 2:B 3:c");
  after = items_of (G_LIST_MODEL (model));
  g_assert_true (after->pdata[0] == before->pdata[0]);
  g_assert_true (after->pdata[1] != before->pdata[1]);
  g_assert_true (after->pdata[2] == before->pdata[2]);
  g_assert_cmpuint (f->n_items_notified, ==, 0);

  /* Added at the end, at the start; removed in the middle */
  set_json (f, "('todos',)", "[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"B\"},{\"id\":3,\"title\":\"c\"},{\"id\":4,\"title\":\"d\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "3-0+1 ");
  set_json (f, "('todos',)", "[{\"id\":0,\"title\":\"z\"},{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"B\"},{\"id\":3,\"title\":\"c\"},{\"id\":4,\"title\":\"d\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "0-0+1 ");
  set_json (f, "('todos',)", "[{\"id\":0,\"title\":\"z\"},{\"id\":1,\"title\":\"a\"},{\"id\":3,\"title\":\"c\"},{\"id\":4,\"title\":\"d\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "2-1+0 ");
  assert_titles (model, "0:z 1:a 3:c 4:d");
  g_assert_cmpuint (f->n_items_notified, ==, 3);

  /* Unchanged items kept their objects all along */
  g_clear_pointer (&after, g_ptr_array_unref);
  after = items_of (G_LIST_MODEL (model));
  g_assert_true (after->pdata[1] == before->pdata[0]);
  g_assert_true (after->pdata[2] == before->pdata[2]);

  /* Inserted and changed at once, apart: two ranges */
  set_json (f, "('todos',)", "[{\"id\":0,\"title\":\"z\"},{\"id\":9,\"title\":\"new\"},{\"id\":1,\"title\":\"a\"},{\"id\":3,\"title\":\"c\"},{\"id\":4,\"title\":\"D\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "3-1+1 1-0+1 ");
  assert_titles (model, "0:z 9:new 1:a 3:c 4:D");

  /* A move: the last one first */
  set_json (f, "('todos',)", "[{\"id\":4,\"title\":\"D\"},{\"id\":0,\"title\":\"z\"},{\"id\":9,\"title\":\"new\"},{\"id\":1,\"title\":\"a\"},{\"id\":3,\"title\":\"c\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "4-1+0 0-0+1 ");
  assert_titles (model, "4:D 0:z 9:new 1:a 3:c");

  /* Not an array: empty */
  set_json (f, "('todos',)", "{\"error\":\"gone\"}");
  tq_test_flush (&f->env);
  assert_changes (f, "0-5+0 ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* Several updates in one main-loop iteration make one round of
 * items-changed, and equal data that is not identical changes nothing.
 */
static void
test_query_list_batched (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TqQueryObserver) observer = disabled_observer (f, "('batched',)");
  g_autoptr(TqQueryListModel) model = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  g_autoptr(TqQueryOptions) no_sharing = tq_query_options_new (NULL);
  g_autoptr(GVariant) key = tq_test_key ("('batched',)");

  /* Without structural sharing, equal data comes as new nodes */
  tq_query_options_set_structural_sharing (no_sharing, FALSE);
  tq_query_client_set_query_defaults (f->env.client, key, no_sharing);

  set_json (f, "('batched',)", "[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"b\"}]");
  model = tq_query_list_model_new (observer);
  watch (f, G_LIST_MODEL (model));
  before = items_of (G_LIST_MODEL (model));

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"b%u\"}]", i);

      set_json (f, "('batched',)", text);
    }
  tq_test_flush (&f->env);
  assert_changes (f, "1-1+1 ");
  assert_titles (model, "1:a 2:b99");

  set_json (f, "('batched',)", "[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"b99\"}]");
  tq_test_flush (&f->env);
  assert_changes (f, "");
  after = items_of (G_LIST_MODEL (model));
  g_assert_true (after->pdata[0] == before->pdata[0]);
}

/* The application's item type, an items member, identity keys */
static void
test_query_list_options (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(TqQueryObserver) observer = disabled_observer (f, "('page',)");
  g_autoptr(TqQueryListModel) model = NULL;
  g_autoptr(TestTodo) todo = NULL;

  set_json (f, "('page',)", "{\"next\":2,\"data\":[{\"id\":1,\"title\":\"a\"},{\"id\":2,\"title\":\"b\"},7]}");
  model = g_object_new (TQ_TYPE_QUERY_LIST_MODEL,
                        "observer", observer,
                        "item-type", TEST_TYPE_TODO,
                        "items-member", "data",
                        NULL);
  watch (f, G_LIST_MODEL (model));
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == TEST_TYPE_TODO);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);
  todo = g_list_model_get_item (G_LIST_MODEL (model), 1);
  g_assert_true (TEST_IS_TODO (todo));
  g_assert_cmpint (todo->id, ==, 2);
  g_assert_cmpstr (todo->title, ==, "b");
  /* An element that is not an object is still an item of the type */
  {
    g_autoptr(GObject) odd = g_list_model_get_item (G_LIST_MODEL (model), 2);
    g_autofree char *text = json_to_string (tq_query_list_model_get_node (model, 2), FALSE);

    g_assert_true (TEST_IS_TODO (odd));
    g_assert_cmpstr (text, ==, "7");
  }
  g_assert_null (tq_query_list_model_get_node (model, 3));
  g_assert_cmpstr (tq_query_list_model_get_items_member (model), ==, "data");
  g_assert_cmpstr (tq_query_list_model_get_item_key (model), ==, "id");
}

/* {{{ Infinite list models */

/* Pages of three items: page p holds ids 3p, 3p+1, 3p+2, titled "t<id>",
 * or "t<id>*" for ids listed in @changed.
 */
typedef struct
{
  guint       calls;
  GHashTable *changed;
  gboolean    fail;
  gboolean    envelope;
  guint       per_page;
} Pages;

static JsonNode *
make_page (Pages  *pages,
           gint64  p)
{
  g_autoptr(GString) s = g_string_new (pages->envelope ? "{\"data\":[" : "[");
  guint per_page = pages->per_page ? pages->per_page : 3;

  for (guint i = 0; i < per_page; i++)
    {
      gint64 id = p * per_page + i;

      g_string_append_printf (s, "%s{\"id\":%" G_GINT64_FORMAT ",\"title\":\"t%" G_GINT64_FORMAT "%s\"}",
                              i ? "," : "", id, id,
                              pages->changed && g_hash_table_contains (pages->changed, GINT_TO_POINTER ((int) id)) ? "*" : "");
    }
  g_string_append (s, pages->envelope ? "]}" : "]");

  return tq_test_json (s->str);
}

static void
pages_query_fn (TqQueryFunctionContext *context,
                gpointer                user_data)
{
  Pages *pages = user_data;
  JsonNode *param = g_value_get_boxed (tq_query_function_context_get_page_param (context));
  g_autoptr(JsonNode) page = NULL;

  pages->calls++;
  if (pages->fail)
    {
      tq_query_function_context_return_new_error (context, G_IO_ERROR, G_IO_ERROR_FAILED, "down");
      return;
    }

  page = make_page (pages, json_node_get_int (param));
  tq_query_function_context_return_json (context, page);
}

static void
next_page (JsonNode  *page,
           JsonArray *pages,
           JsonNode  *param,
           JsonArray *params,
           GValue    *result,
           gpointer   user_data)
{
  gint64 *last = user_data;
  gint64 next = json_node_get_int (param) + 1;

  if (last != NULL && next > *last)
    return;
  g_value_init (result, G_TYPE_INT64);
  g_value_set_int64 (result, next);
}

static void
previous_page (JsonNode  *page,
               JsonArray *pages,
               JsonNode  *param,
               JsonArray *params,
               GValue    *result,
               gpointer   user_data)
{
  gint64 previous = json_node_get_int (param) - 1;

  if (previous < 0)
    return;
  g_value_init (result, G_TYPE_INT64);
  g_value_set_int64 (result, previous);
}

static TqInfiniteQueryObserver *
pages_observer (Fixture    *f,
                const char *key,
                Pages      *pages,
                int         first,
                guint       max_pages)
{
  g_autoptr(GVariant) k = tq_test_key (key);
  g_autoptr(TqQueryOptions) options = tq_query_options_new (k);
  g_auto(GValue) initial = G_VALUE_INIT;

  g_value_init (&initial, G_TYPE_INT);
  g_value_set_int (&initial, first);
  tq_query_options_set_initial_page_param (options, &initial);
  tq_query_options_set_query_func (options, pages_query_fn, pages, NULL);
  tq_query_options_set_get_next_page_param_func (options, next_page, NULL, NULL);
  tq_query_options_set_get_previous_page_param_func (options, previous_page, NULL, NULL);
  tq_query_options_set_retry (options, 0);
  if (max_pages > 0)
    tq_query_options_set_max_pages (options, max_pages);

  return tq_infinite_query_observer_new (f->env.client, options);
}

static void
ids (GListModel *model,
     GString    *s)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TqJsonItem) item = g_list_model_get_item (model, i);

      g_string_append_printf (s, "%s%s", i ? " " : "", tq_json_item_get_key (item));
    }
}

#define assert_ids(model, text) \
  G_STMT_START { \
    g_autoptr(GString) __s = g_string_new (NULL); \
    ids (G_LIST_MODEL (model), __s); \
    g_assert_cmpstr (__s->str, ==, text); \
  } G_STMT_END

/* Pages added at either end, dropped by max-pages at the other, refetched
 * with some items changed: the smallest ranges, and unchanged items keep
 * their objects.
 */
static void
test_infinite_list (Fixture       *f,
                    gconstpointer  data)
{
  Pages pages = { 0 };
  g_autoptr(TqInfiniteQueryObserver) observer = pages_observer (f, "('feed',)", &pages, 5, 3);
  g_autoptr(TqInfiniteListModel) model = tq_infinite_list_model_new (observer);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;

  watch (f, G_LIST_MODEL (model));
  g_assert_true (tq_query_observer_is_subscribed (TQ_QUERY_OBSERVER (observer)));
  tq_test_flush (&f->env);
  assert_changes (f, "0-0+3 ");
  assert_ids (model, "15 16 17");

  /* Next page: added at the end */
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_flush (&f->env);
  assert_changes (f, "3-0+3 ");
  /* Previous page: added at the start */
  tq_infinite_query_observer_fetch_previous_page (observer);
  tq_test_flush (&f->env);
  assert_changes (f, "0-0+3 ");
  assert_ids (model, "12 13 14 15 16 17 18 19 20");
  before = items_of (G_LIST_MODEL (model));

  /* Next page beyond max-pages: added at the end, the first page dropped */
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_flush (&f->env);
  assert_changes (f, "9-0+3 0-3+0 ");
  assert_ids (model, "15 16 17 18 19 20 21 22 23");
  after = items_of (G_LIST_MODEL (model));
  for (guint i = 0; i < 6; i++)
    g_assert_true (after->pdata[i] == before->pdata[i + 3]);

  /* Previous page: added at the start, the last page dropped */
  tq_infinite_query_observer_fetch_previous_page (observer);
  tq_test_flush (&f->env);
  assert_changes (f, "6-3+0 0-0+3 ");
  assert_ids (model, "12 13 14 15 16 17 18 19 20");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = items_of (G_LIST_MODEL (model));
  for (guint i = 3; i < 9; i++)
    g_assert_true (after->pdata[i] == before->pdata[i]);

  /* A refetch with nothing changed: no items-changed at all */
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  for (guint i = 0; i < 5; i++)
    tq_test_flush (&f->env);
  g_assert_false (tq_query_result_is_fetching (tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer))));
  assert_changes (f, "");

  /* A refetch with two items changed in different pages: two ranges */
  pages.changed = g_hash_table_new (NULL, NULL);
  g_hash_table_add (pages.changed, GINT_TO_POINTER (13));
  g_hash_table_add (pages.changed, GINT_TO_POINTER (19));
  g_clear_pointer (&before, g_ptr_array_unref);
  before = items_of (G_LIST_MODEL (model));
  tq_query_observer_refetch (TQ_QUERY_OBSERVER (observer));
  for (guint i = 0; i < 5; i++)
    tq_test_flush (&f->env);
  assert_changes (f, "7-1+1 1-1+1 ");
  g_clear_pointer (&after, g_ptr_array_unref);
  after = items_of (G_LIST_MODEL (model));
  for (guint i = 0; i < 9; i++)
    {
      if (i == 1 || i == 7)
        g_assert_true (after->pdata[i] != before->pdata[i]);
      else
        g_assert_true (after->pdata[i] == before->pdata[i]);
    }
  {
    g_autoptr(TqJsonItem) changed = g_list_model_get_item (G_LIST_MODEL (model), 1);

    g_assert_cmpstr (tq_json_item_get_string (changed, "title"), ==, "t13*");
  }

  g_hash_table_unref (pages.changed);
}

/* load_near() asks for the next page near the end and the previous page
 * near the start, not while fetching nor after a failure in that way.
 */
static void
test_infinite_load_near (Fixture       *f,
                         gconstpointer  data)
{
  Pages pages = { .envelope = TRUE, .per_page = 10 };
  g_autoptr(TqInfiniteQueryObserver) observer = pages_observer (f, "('near',)", &pages, 3, 0);
  g_autoptr(TqInfiniteListModel) model = g_object_new (TQ_TYPE_INFINITE_LIST_MODEL,
                                                       "observer", observer,
                                                       "items-member", "data",
                                                       "load-distance", 2,
                                                       NULL);

  watch (f, G_LIST_MODEL (model));
  /* Nothing yet: nothing to be near */
  g_assert_false (tq_infinite_list_model_load_near (model, 0));
  tq_test_flush (&f->env);
  assert_changes (f, "0-0+10 ");
  g_assert_cmpuint (pages.calls, ==, 1);

  /* The middle: nothing */
  g_assert_false (tq_infinite_list_model_load_near (model, 5));
  /* Near the end: the next page */
  g_assert_true (tq_infinite_list_model_load_near (model, 7));
  /* Fetching: nothing more */
  g_assert_false (tq_infinite_list_model_load_near (model, 9));
  tq_test_flush (&f->env);
  assert_changes (f, "10-0+10 ");
  g_assert_cmpuint (pages.calls, ==, 2);

  /* Near the start: the previous page */
  g_assert_false (tq_infinite_list_model_load_near (model, 3));
  g_assert_true (tq_infinite_list_model_load_near (model, 2));
  tq_test_flush (&f->env);
  assert_changes (f, "0-0+10 ");
  g_assert_cmpuint (pages.calls, ==, 3);
  assert_ids (model, "20 21 22 23 24 25 26 27 28 29 30 31 32 33 34 35 36 37 38 39 40 41 42 43 44 45 46 47 48 49");

  /* A failed next page: no more automatic tries that way */
  pages.fail = TRUE;
  g_assert_true (tq_infinite_list_model_load_near (model, 29));
  tq_test_flush (&f->env);
  g_assert_true (tq_query_result_is_fetch_next_page_error (tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (observer))));
  g_assert_false (tq_infinite_list_model_load_near (model, 29));
  g_assert_cmpuint (pages.calls, ==, 4);
  assert_changes (f, "");
  /* The start still loads */
  pages.fail = FALSE;
  g_assert_true (tq_infinite_list_model_load_near (model, 0));
  tq_test_flush (&f->env);
  assert_changes (f, "0-0+10 ");
  g_assert_cmpuint (tq_infinite_list_model_get_load_distance (model), ==, 2);
}

/* }}} */
/* {{{ A hundred thousand items */

static JsonNode *
big_data (guint        n_pages,
          guint        per_page,
          const char  *changed_title,
          guint        changed_id)
{
  g_autoptr(JsonArray) pages = json_array_sized_new (n_pages);
  g_autoptr(JsonArray) params = json_array_sized_new (n_pages);

  for (guint p = 0; p < n_pages; p++)
    {
      JsonArray *page = json_array_sized_new (per_page);

      for (guint i = 0; i < per_page; i++)
        {
          JsonObject *item = json_object_new ();
          guint id = p * per_page + i;
          g_autofree char *title = g_strdup_printf ("Item %u", id);

          json_object_set_int_member (item, "id", id);
          json_object_set_string_member (item, "title", id == changed_id && changed_title ? changed_title : title);
          json_object_set_boolean_member (item, "completed", id % 3 == 0);
          json_array_add_object_element (page, item);
        }
      json_array_add_array_element (pages, page);
      json_array_add_int_element (params, p);
    }

  return tq_infinite_data_new (pages, params);
}

static double
ms_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

/* The 100,000-item model: correctness of the ranges and identities at that
 * size; the times are printed, not checked.
 */
static void
test_infinite_list_100k (Fixture       *f,
                         gconstpointer  data)
{
  const guint n_pages = 1000, per_page = 100, n = n_pages * per_page;
  Pages pages = { .per_page = per_page };
  g_autoptr(TqInfiniteQueryObserver) observer = NULL;
  g_autoptr(TqInfiniteListModel) model = NULL;
  g_autoptr(GVariant) key = tq_test_key ("('big',)");
  g_autoptr(JsonNode) all = big_data (n_pages, per_page, NULL, 0);
  g_autoptr(JsonNode) changed = NULL;
  g_autoptr(GPtrArray) visible = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start;
  double t_build, t_append, t_items;
  double t_change_share, t_change, t_same_share, t_same, t_prepend_share, t_prepend;

  /* The cache holds 1000 pages of 100; the observer finds them fresh */
  tq_query_client_set_query_json (f->env.client, key, all);
  {
    g_autoptr(GVariant) k = tq_test_key ("('big',)");
    g_autoptr(TqQueryOptions) options = tq_query_options_new (k);
    g_auto(GValue) initial = G_VALUE_INIT;

    g_value_init (&initial, G_TYPE_INT);
    g_value_set_int (&initial, 0);
    tq_query_options_set_initial_page_param (options, &initial);
    tq_query_options_set_query_func (options, pages_query_fn, &pages, NULL);
    tq_query_options_set_get_next_page_param_func (options, next_page, NULL, NULL);
    tq_query_options_set_stale_time (options, TQ_TIME_INFINITE);
    observer = tq_infinite_query_observer_new (f->env.client, options);
  }

  start = g_get_monotonic_time ();
  model = tq_infinite_list_model_new (observer);
  t_build = ms_since (start);
  watch (f, G_LIST_MODEL (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (pages.calls, ==, 0);

  /* What a list view shows: 50 rows somewhere in the middle */
  start = g_get_monotonic_time ();
  for (guint i = 50000; i < 50050; i++)
    g_ptr_array_add (visible, g_list_model_get_item (G_LIST_MODEL (model), i));
  t_items = ms_since (start);

  /* The next page, fetched */
  start = g_get_monotonic_time ();
  tq_infinite_query_observer_fetch_next_page (observer);
  tq_test_flush (&f->env);
  t_append = ms_since (start);
  assert_changes (f, "100000-0+100 ");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n + per_page);

  /* One title changed somewhere, written with set_query_json: structural
   * sharing keeps every other item, and one item is replaced.
   */
  {
    g_autoptr(JsonNode) current = tq_query_client_get_query_json (f->env.client, key);
    JsonArray *current_pages = tq_infinite_data_get_pages (current);
    g_autoptr(JsonArray) new_pages = json_array_new ();
    g_autoptr(JsonArray) new_params = json_array_new ();
    JsonNode *page_of_change;

    changed = big_data (n_pages, per_page, "Changed", 50010);
    for (guint p = 0; p < n_pages; p++)
      json_array_add_element (new_pages, json_node_copy (json_array_get_element (tq_infinite_data_get_pages (changed), p)));
    json_array_add_element (new_pages, json_node_ref (json_array_get_element (current_pages, n_pages)));
    for (guint p = 0; p <= n_pages; p++)
      json_array_add_int_element (new_params, p);
    g_clear_pointer (&changed, json_node_unref);
    changed = tq_infinite_data_new (new_pages, new_params);
    page_of_change = json_array_get_element (tq_infinite_data_get_pages (changed), 500);
    g_assert_nonnull (page_of_change);

    start = g_get_monotonic_time ();
    tq_query_client_set_query_json (f->env.client, key, changed);
    t_change_share = ms_since (start);
    start = g_get_monotonic_time ();
    tq_test_flush (&f->env);
    t_change = ms_since (start);
  }
  assert_changes (f, "50010-1+1 ");
  for (guint i = 0; i < visible->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), 50000 + i);

      if (i == 10)
        {
          g_assert_true (item != visible->pdata[i]);
          g_assert_cmpstr (tq_json_item_get_string (TQ_JSON_ITEM (item), "title"), ==, "Changed");
        }
      else
        g_assert_true (item == visible->pdata[i]);
    }

  /* The same data again, as new nodes: nothing changes */
  {
    g_autofree char *text = json_to_string (changed, FALSE);
    g_autoptr(JsonNode) again = tq_test_json (text);

    start = g_get_monotonic_time ();
    tq_query_client_set_query_json (f->env.client, key, again);
    t_same_share = ms_since (start);
    start = g_get_monotonic_time ();
    tq_test_flush (&f->env);
    t_same = ms_since (start);
    assert_changes (f, "");
  }

  /* A page before all the others */
  {
    g_autoptr(JsonNode) current = tq_query_client_get_query_json (f->env.client, key);
    g_autoptr(JsonArray) new_pages = json_array_new ();
    g_autoptr(JsonArray) new_params = json_array_new ();
    g_autoptr(JsonNode) extra = NULL;

    pages.per_page = per_page;
    extra = make_page (&pages, 5000);
    json_array_add_element (new_pages, g_steal_pointer (&extra));
    json_array_add_int_element (new_params, -1);
    for (guint p = 0; p <= n_pages; p++)
      {
        json_array_add_element (new_pages, json_node_ref (json_array_get_element (tq_infinite_data_get_pages (current), p)));
        json_array_add_int_element (new_params, p);
      }
    g_clear_pointer (&changed, json_node_unref);
    changed = tq_infinite_data_new (new_pages, new_params);
    start = g_get_monotonic_time ();
    tq_query_client_set_query_json (f->env.client, key, changed);
    t_prepend_share = ms_since (start);
    start = g_get_monotonic_time ();
    tq_test_flush (&f->env);
    t_prepend = ms_since (start);
    assert_changes (f, "0-0+100 ");
  }

  /* The model's own work is the flush; set_query_json() is the cache's
   * structural sharing of the new 100,000-item tree against the old one.
   */
  g_test_message ("100,000 items (1000 pages of 100): model made in %.1f ms; 50 items made in %.3f ms; "
                  "next page fetched and shown in %.1f ms",
                  t_build, t_items, t_append);
  g_test_message ("one item changed: sharing %.1f ms, model %.1f ms; equal data as new nodes: "
                  "sharing %.1f ms, model %.1f ms; page before the first: sharing %.1f ms, model %.1f ms",
                  t_change_share, t_change, t_same_share, t_same, t_prepend_share, t_prepend);
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/Tq/ListModel/" path, Fixture, NULL, setup, func, teardown)

  g_test_add_func ("/Tq/JsonItem/basics", test_json_item);
  ADD ("query-list", test_query_list);
  ADD ("query-list-batched", test_query_list_batched);
  ADD ("query-list-options", test_query_list_options);
  ADD ("infinite-list", test_infinite_list);
  ADD ("infinite-load-near", test_infinite_load_near);
  ADD ("infinite-list-100k", test_infinite_list_100k);

#undef ADD

  return g_test_run ();
}
