/* test-demo-faults.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "demo-test-utils.h"
#include "tq-demo-seed.h"

/* The fault injector: its random sequence (reproducible from a seed,
 * independent of the settings), its settings from C and JSON, and what it
 * does to requests over HTTP. */

typedef ServerFixture Fixture;

typedef struct
{
  TqDemoFault fault;
  guint       latency;
  guint       status;
} Draw;

static GArray *
draw_many (TqDemoFaults *faults,
           guint         n)
{
  GArray *draws = g_array_new (FALSE, FALSE, sizeof (Draw));

  for (guint i = 0; i < n; i++)
    {
      Draw d;

      d.fault = tq_demo_faults_next (faults, &d.latency, &d.status);
      g_array_append_val (draws, d);
    }

  return draws;
}

static void
assert_draws_equal (GArray *a,
                    GArray *b,
                    guint   from)
{
  g_assert_cmpuint (a->len, ==, b->len);
  for (guint i = from; i < a->len; i++)
    {
      Draw *da = &g_array_index (a, Draw, i);
      Draw *db = &g_array_index (b, Draw, i);

      g_assert_cmpint (da->fault, ==, db->fault);
      g_assert_cmpuint (da->latency, ==, db->latency);
      g_assert_cmpuint (da->status, ==, db->status);
    }
}

static void
test_defaults (void)
{
  g_autoptr(TqDemoFaults) faults = tq_demo_faults_new ();
  g_autoptr(GArray) draws = draw_many (faults, 100);

  g_assert_cmpuint (tq_demo_faults_get_latency_min (faults), ==, 0);
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 0);
  g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.0);
  g_assert_cmpfloat (tq_demo_faults_get_drop_rate (faults), ==, 0.0);
  for (guint i = 0; i < draws->len; i++)
    {
      g_assert_cmpint (g_array_index (draws, Draw, i).fault, ==, TQ_DEMO_FAULT_NONE);
      g_assert_cmpuint (g_array_index (draws, Draw, i).latency, ==, 0);
      g_assert_cmpuint (g_array_index (draws, Draw, i).status, ==, 0);
    }
}

static TqDemoFaults *
faults_new (guint32 seed,
            guint   latency_min,
            guint   latency_max,
            double  failure_rate,
            double  drop_rate)
{
  TqDemoFaults *faults = tq_demo_faults_new ();

  tq_demo_faults_set_seed (faults, seed);
  tq_demo_faults_set_latency (faults, latency_min, latency_max);
  tq_demo_faults_set_failure_rate (faults, failure_rate);
  tq_demo_faults_set_drop_rate (faults, drop_rate);

  return faults;
}

static void
test_reproducible (void)
{
  g_autoptr(TqDemoFaults) a = faults_new (42, 10, 200, 0.3, 0.1);
  g_autoptr(TqDemoFaults) b = faults_new (42, 10, 200, 0.3, 0.1);
  g_autoptr(TqDemoFaults) c = faults_new (43, 10, 200, 0.3, 0.1);
  g_autoptr(GArray) da = draw_many (a, 500);
  g_autoptr(GArray) db = draw_many (b, 500);
  g_autoptr(GArray) dc = draw_many (c, 500);
  g_autoptr(GArray) again = NULL;
  guint differences = 0;

  assert_draws_equal (da, db, 0);

  for (guint i = 0; i < dc->len; i++)
    differences += g_array_index (da, Draw, i).latency != g_array_index (dc, Draw, i).latency;
  g_assert_cmpuint (differences, >, 400);

  /* Setting the seed again, even to the same value, restarts the sequence */
  tq_demo_faults_set_seed (a, 42);
  again = draw_many (a, 500);
  assert_draws_equal (da, again, 0);
}

static void
test_independent_of_settings (void)
{
  g_autoptr(TqDemoFaults) steady = faults_new (7, 0, 100, 0.5, 0.25);
  g_autoptr(TqDemoFaults) changing = faults_new (7, 0, 0, 0.0, 0.0);
  g_autoptr(GArray) first = draw_many (steady, 50);
  g_autoptr(GArray) quiet = draw_many (changing, 50);
  g_autoptr(GArray) a = NULL;
  g_autoptr(GArray) b = NULL;

  for (guint i = 0; i < quiet->len; i++)
    g_assert_cmpint (g_array_index (quiet, Draw, i).fault, ==, TQ_DEMO_FAULT_NONE);

  /* Turning faults on later gives the faults the steady injector meets at
   * the same point of the sequence */
  tq_demo_faults_set_latency (changing, 0, 100);
  tq_demo_faults_set_failure_rate (changing, 0.5);
  tq_demo_faults_set_drop_rate (changing, 0.25);
  a = draw_many (steady, 200);
  b = draw_many (changing, 200);
  assert_draws_equal (a, b, 0);
}

static void
test_rates (void)
{
  g_autoptr(TqDemoFaults) faults = faults_new (1, 10, 20, 0.3, 0.0);
  g_autoptr(GArray) draws = draw_many (faults, 2000);
  guint failed = 0, status_500 = 0, status_503 = 0;
  gboolean saw_min = FALSE, saw_max = FALSE;

  for (guint i = 0; i < draws->len; i++)
    {
      Draw *d = &g_array_index (draws, Draw, i);

      g_assert_cmpint (d->fault, !=, TQ_DEMO_FAULT_DROP);
      g_assert_cmpuint (d->latency, >=, 10);
      g_assert_cmpuint (d->latency, <=, 20);
      saw_min |= d->latency == 10;
      saw_max |= d->latency == 20;
      if (d->fault == TQ_DEMO_FAULT_FAIL)
        {
          failed++;
          status_500 += d->status == 500;
          status_503 += d->status == 503;
        }
      else
        {
          g_assert_cmpuint (d->status, ==, 0);
        }
    }

  /* A fixed seed: these figures are the same on every run */
  g_test_message ("2000 draws at rate 0.3: %u failures (%u of 500, %u of 503)", failed, status_500, status_503);
  g_assert_cmpuint (failed, >, 500);
  g_assert_cmpuint (failed, <, 700);
  g_assert_cmpuint (status_500 + status_503, ==, failed);
  g_assert_cmpuint (status_500, >, failed / 3);
  g_assert_cmpuint (status_503, >, failed / 3);
  g_assert_true (saw_min && saw_max);

  tq_demo_faults_set_failure_rate (faults, 1.0);
  g_clear_pointer (&draws, g_array_unref);
  draws = draw_many (faults, 100);
  for (guint i = 0; i < draws->len; i++)
    g_assert_cmpint (g_array_index (draws, Draw, i).fault, ==, TQ_DEMO_FAULT_FAIL);

  /* A drop wins over a failure */
  tq_demo_faults_set_drop_rate (faults, 1.0);
  g_clear_pointer (&draws, g_array_unref);
  draws = draw_many (faults, 100);
  for (guint i = 0; i < draws->len; i++)
    g_assert_cmpint (g_array_index (draws, Draw, i).fault, ==, TQ_DEMO_FAULT_DROP);
}

static int
g_strcmp0_indirect (const char **a,
                    const char **b)
{
  return g_strcmp0 (*a, *b);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              GString    *log)
{
  g_string_append_printf (log, "%s ", pspec->name);
}

/* The notified names in alphabetical order: GObject dispatches frozen
 * notifications in an order of its own */
static char *
sorted_log (GString *log)
{
  g_auto(GStrv) words = g_strsplit (g_strstrip (log->str), " ", -1);

  qsort (words, g_strv_length (words), sizeof (char *), (GCompareFunc) g_strcmp0_indirect);
  g_string_truncate (log, 0);

  return g_strjoinv (" ", words);
}

static void
test_properties (void)
{
  g_autoptr(TqDemoFaults) faults = tq_demo_faults_new ();
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *sorted = NULL;
  guint latency_max;

  g_signal_connect (faults, "notify", G_CALLBACK (count_notify), log);

  tq_demo_faults_set_latency (faults, 10, 30);
  tq_demo_faults_set_latency (faults, 10, 30);
  tq_demo_faults_set_failure_rate (faults, 0.5);
  tq_demo_faults_set_failure_rate (faults, 0.5);
  tq_demo_faults_set_drop_rate (faults, 0.25);
  tq_demo_faults_set_seed (faults, 99);
  tq_demo_faults_set_seed (faults, 99);
  sorted = sorted_log (log);
  g_assert_cmpstr (sorted, ==, "drop-rate failure-rate latency-max latency-min seed");
  g_clear_pointer (&sorted, g_free);

  /* The properties keep min ≤ max */
  g_object_set (faults, "latency-min", 50, NULL);
  g_object_get (faults, "latency-max", &latency_max, NULL);
  g_assert_cmpuint (latency_max, ==, 50);
  g_object_set (faults, "latency-max", 5, NULL);
  g_assert_cmpuint (tq_demo_faults_get_latency_min (faults), ==, 5);
  sorted = sorted_log (log);
  g_assert_cmpstr (sorted, ==, "latency-max latency-max latency-min latency-min");
  g_clear_pointer (&sorted, g_free);

  tq_demo_faults_clear (faults);
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 0);
  g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.0);
  g_assert_cmpfloat (tq_demo_faults_get_drop_rate (faults), ==, 0.0);
  g_assert_cmpuint (tq_demo_faults_get_seed (faults), ==, 99);
  sorted = sorted_log (log);
  g_assert_cmpstr (sorted, ==, "drop-rate failure-rate latency-max latency-min");
  g_clear_pointer (&sorted, g_free);

  /* Bad values are programming errors */
  g_test_expect_message ("TqDemoServer", G_LOG_LEVEL_CRITICAL, "*rate >= 0.0*");
  tq_demo_faults_set_failure_rate (faults, 1.5);
  g_test_assert_expected_messages ();
  g_test_expect_message ("TqDemoServer", G_LOG_LEVEL_CRITICAL, "*min_ms <= max_ms*");
  tq_demo_faults_set_latency (faults, 20, 10);
  g_test_assert_expected_messages ();
  g_test_expect_message ("TqDemoServer", G_LOG_LEVEL_CRITICAL, "*max_ms <= TQ_DEMO_FAULTS_MAX_LATENCY*");
  tq_demo_faults_set_latency (faults, 0, TQ_DEMO_FAULTS_MAX_LATENCY + 1);
  g_test_assert_expected_messages ();
  g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.0);
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 0);
}

static JsonNode *
parse (const char *text)
{
  JsonNode *node = json_from_string (text, NULL);

  g_assert_nonnull (node);

  return node;
}

static void
test_json (void)
{
  g_autoptr(TqDemoFaults) faults = tq_demo_faults_new ();
  g_autoptr(JsonNode) settings = parse ("{\"latencyMs\": [100, 300], \"failureRate\": 0.1, \"dropRate\": 0.05, \"seed\": 42}");
  g_autoptr(JsonNode) out = NULL;
  g_autoptr(JsonNode) patch = parse ("{\"latencyMs\": 7}");
  g_autoptr(JsonNode) put = parse ("{\"dropRate\": 1}");
  g_autoptr(GError) error = NULL;
  guint min, max;

  g_assert_true (tq_demo_faults_apply_json (faults, settings, TRUE, &error));
  g_assert_no_error (error);
  out = tq_demo_faults_to_json (faults);
  g_assert_true (json_node_equal (out, settings));

  g_assert_true (tq_demo_faults_apply_json (faults, patch, FALSE, &error));
  g_assert_cmpuint (tq_demo_faults_get_latency_min (faults), ==, 7);
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 7);
  g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.1);

  g_assert_true (tq_demo_faults_apply_json (faults, put, TRUE, &error));
  g_assert_cmpuint (tq_demo_faults_get_latency_max (faults), ==, 0);
  g_assert_cmpfloat (tq_demo_faults_get_failure_rate (faults), ==, 0.0);
  g_assert_cmpfloat (tq_demo_faults_get_drop_rate (faults), ==, 1.0);
  g_assert_cmpuint (tq_demo_faults_get_seed (faults), ==, 42);

  {
    static const char * const bad[] = {
      "[]", "{\"failureRate\": 1.01}", "{\"dropRate\": null}", "{\"latencyMs\": [3]}", "{\"latencyMs\": \"10\"}",
      "{\"seed\": 1.5}", "{\"drop\": 0.5}", NULL
    };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_autoptr(JsonNode) node = parse (bad[i]);

        g_assert_false (tq_demo_faults_apply_json (faults, node, FALSE, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
    g_assert_cmpfloat (tq_demo_faults_get_drop_rate (faults), ==, 1.0);
  }

  g_assert_true (tq_demo_faults_parse_latency ("100", &min, &max, &error));
  g_assert_cmpuint (min, ==, 100);
  g_assert_cmpuint (max, ==, 100);
  g_assert_true (tq_demo_faults_parse_latency ("100-300", &min, &max, &error));
  g_assert_cmpuint (min, ==, 100);
  g_assert_cmpuint (max, ==, 300);
  {
    static const char * const bad[] = { "", "abc", "300-100", "-5", "5-", "1-2-3", "70000", "1.5", NULL };

    for (guint i = 0; bad[i] != NULL; i++)
      {
        g_assert_false (tq_demo_faults_parse_latency (bad[i], &min, &max, &error));
        g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
        g_clear_error (&error);
      }
  }
}

/* Over HTTP */

static char *
outcome (TestResponse *r)
{
  if (r->error != NULL)
    return g_strdup ("dropped");

  return g_strdup_printf ("%u", r->status);
}

/* One request per connection (Connection: close), so that libsoup never
 * replays a GET whose reused connection was dropped (which would be a
 * second draw); the admin requests before them close theirs too. */
static GPtrArray *
run_requests (Fixture *f,
              guint    n)
{
  GPtrArray *outcomes = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/todos/1", NULL, "Connection", "close", NULL);

      if (r->error == NULL && r->status != 200)
        test_assert_error_body (r, r->status, "Fault injected");
      g_ptr_array_add (outcomes, outcome (r));
    }

  return outcomes;
}

static void
test_http_reproducible (Fixture       *f,
                        gconstpointer  data)
{
  const char *settings = "{\"failureRate\": 0.3, \"dropRate\": 0.2, \"seed\": 42}";
  g_autoptr(TestResponse) put = test_fixture_request (f, "PUT", "/__admin/faults", settings, "Connection", "close", NULL);
  g_autoptr(GPtrArray) first = run_requests (f, 40);
  g_autoptr(GPtrArray) second = NULL;
  g_autoptr(GPtrArray) third = NULL;
  g_autoptr(TqDemoFaults) model = faults_new (42, 0, 0, 0.3, 0.2);
  g_autoptr(GString) summary = g_string_new (NULL);
  guint ok = 0, failed = 0, dropped = 0;

  g_assert_cmpuint (put->status, ==, 200);

  /* Again from the same seed, over HTTP */
  g_clear_pointer (&put, test_response_free);
  put = test_fixture_request (f, "PUT", "/__admin/faults", settings, "Connection", "close", NULL);
  second = run_requests (f, 40);

  /* And from C */
  tq_demo_faults_set_seed (tq_demo_server_get_faults (f->server), 42);
  third = run_requests (f, 40);

  for (guint i = 0; i < first->len; i++)
    {
      const char *o = g_ptr_array_index (first, i);
      guint status;
      TqDemoFault fault = tq_demo_faults_next (model, NULL, &status);
      g_autofree char *predicted = fault == TQ_DEMO_FAULT_DROP ? g_strdup ("dropped")
                                   : g_strdup_printf ("%u", fault == TQ_DEMO_FAULT_FAIL ? status : 200);

      g_string_append_printf (summary, "%s ", o);
      g_assert_cmpstr (o, ==, g_ptr_array_index (second, i));
      g_assert_cmpstr (o, ==, g_ptr_array_index (third, i));
      /* Each request met the next draw of the sequence */
      g_assert_cmpstr (o, ==, predicted);
      ok += strcmp (o, "200") == 0;
      failed += strcmp (o, "500") == 0 || strcmp (o, "503") == 0;
      dropped += strcmp (o, "dropped") == 0;
    }

  g_test_message ("outcomes with seed 42: %s", summary->str);
  g_assert_cmpuint (ok, >, 0);
  g_assert_cmpuint (failed, >, 0);
  g_assert_cmpuint (dropped, >, 0);
  g_assert_cmpuint (ok + failed + dropped, ==, 40);
}

static void
test_http_latency (Fixture       *f,
                   gconstpointer  data)
{
  TqDemoFaults *faults = tq_demo_server_get_faults (f->server);
  gint64 start;

  /* A lower bound only: the delay is never shorter than asked */
  tq_demo_faults_set_latency (faults, 40, 60);
  start = g_get_monotonic_time ();
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "POST", "/todos", "{\"userId\": 1, \"title\": \"Slow\"}", NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 40 * 1000);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_TODOS), ==, TQ_DEMO_SEED_N_TODOS + 1);

  /* The admin endpoint is never delayed; a drop waits out the latency */
  tq_demo_faults_set_drop_rate (faults, 1.0);
  start = g_get_monotonic_time ();
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "GET", "/todos/1", NULL, "Connection", "close", NULL);

    g_assert_nonnull (r->error);
  }
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 40 * 1000);
}

static void
test_http_failure_writes_nothing (Fixture       *f,
                                  gconstpointer  data)
{
  static const char * const requests[][3] = {
    { "POST", "/todos", "{\"userId\": 1, \"title\": \"Never\"}" },
    { "PUT", "/todos/1", "{\"userId\": 1, \"title\": \"Never\"}" },
    { "PATCH", "/users/1", "{\"name\": \"Never\"}" },
    { "DELETE", "/users/1", NULL },
    { "GET", "/todos", NULL },
  };
  guint64 revision = tq_demo_store_get_revision (f->store);

  tq_demo_faults_set_failure_rate (tq_demo_server_get_faults (f->server), 1.0);
  for (guint i = 0; i < G_N_ELEMENTS (requests); i++)
    {
      g_autoptr(TestResponse) r = test_fixture_request (f, requests[i][0], requests[i][1], requests[i][2], NULL);

      g_assert_true (r->status == 500 || r->status == 503);
      test_assert_error_body (r, r->status, "Fault injected");
    }
  g_assert_cmpuint (tq_demo_store_get_revision (f->store), ==, revision);
  g_assert_cmpuint (tq_demo_store_get_n_items (f->store, TQ_DEMO_RESOURCE_USERS), ==, TQ_DEMO_SEED_N_USERS);
}

static void
test_http_drop_writes_nothing (Fixture       *f,
                               gconstpointer  data)
{
  guint64 revision = tq_demo_store_get_revision (f->store);

  tq_demo_faults_set_drop_rate (tq_demo_server_get_faults (f->server), 1.0);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(TestResponse) post = test_fixture_request (f, "POST", "/todos", "{\"userId\": 1, \"title\": \"Never\"}", NULL);
      g_autoptr(TestResponse) get = test_fixture_request (f, "GET", "/todos/2", NULL, NULL);

      g_assert_nonnull (post->error);
      g_assert_cmpuint (post->status, ==, 0);
      g_assert_nonnull (get->error);
      g_test_message ("dropped: %s", post->error->message);
    }
  g_assert_cmpuint (tq_demo_store_get_revision (f->store), ==, revision);

  tq_demo_faults_clear (tq_demo_server_get_faults (f->server));
  {
    g_autoptr(TestResponse) r = test_fixture_request (f, "POST", "/todos", "{\"userId\": 1, \"title\": \"Now\"}", NULL);

    g_assert_cmpuint (r->status, ==, 201);
  }
}

static void
on_wrote_body (SoupMessage *msg,
               gboolean    *wrote)
{
  *wrote = TRUE;
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  TestResponse *r = user_data;

  r->body = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &r->error);
}

static void
test_http_stop_while_delayed (Fixture       *f,
                              gconstpointer  data)
{
  g_autofree char *uri = g_strconcat (f->base, "/todos/1", NULL);
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", uri);
  g_autoptr(TestResponse) r = g_new0 (TestResponse, 1);
  gboolean wrote = FALSE;

  /* A minute of latency: the request waits in the server... */
  tq_demo_faults_set_latency (tq_demo_server_get_faults (f->server), TQ_DEMO_FAULTS_MAX_LATENCY, TQ_DEMO_FAULTS_MAX_LATENCY);
  g_signal_connect (msg, "wrote-body", G_CALLBACK (on_wrote_body), &wrote);
  soup_session_send_and_read_async (f->session, msg, G_PRIORITY_DEFAULT, NULL, on_sent, r);
  test_spin_until (&wrote, 10000);
  test_drain_main_context ();

  /* ...until the server stops, which drops it and keeps nothing alive (the
   * teardown checks that the server is finalized) */
  tq_demo_server_stop (f->server);
  while (r->body == NULL && r->error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (r->error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/demo-faults/defaults", test_defaults);
  g_test_add_func ("/demo-faults/reproducible", test_reproducible);
  g_test_add_func ("/demo-faults/independent-of-settings", test_independent_of_settings);
  g_test_add_func ("/demo-faults/rates", test_rates);
  g_test_add_func ("/demo-faults/properties", test_properties);
  g_test_add_func ("/demo-faults/json", test_json);
  g_test_add ("/demo-faults/http/reproducible", Fixture, NULL,
              server_fixture_setup_memory, test_http_reproducible, server_fixture_teardown);
  g_test_add ("/demo-faults/http/latency", Fixture, NULL,
              server_fixture_setup_memory, test_http_latency, server_fixture_teardown);
  g_test_add ("/demo-faults/http/failure-writes-nothing", Fixture, NULL,
              server_fixture_setup_memory, test_http_failure_writes_nothing, server_fixture_teardown);
  g_test_add ("/demo-faults/http/drop-writes-nothing", Fixture, NULL,
              server_fixture_setup_memory, test_http_drop_writes_nothing, server_fixture_teardown);
  g_test_add ("/demo-faults/http/stop-while-delayed", Fixture, NULL,
              server_fixture_setup_memory, test_http_stop_while_delayed, server_fixture_teardown);

  return g_test_run ();
}
