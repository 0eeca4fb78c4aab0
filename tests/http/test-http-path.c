/* test-http-path.c: keys to URLs, path templates, base URIs, errors
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "http-test-util.h"
#include "tq-http-error-private.h"

static char *
path_of (const char   *key_text,
         const GValue *page_param,
         GError      **error)
{
  g_autoptr(GVariant) key = tq_test_key (key_text);

  return tq_http_key_to_path (key, page_param, error);
}

static void
assert_path (const char *key_text,
             const char *expected)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_of (key_text, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
}

static void
assert_no_path (const char *key_text)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = path_of (key_text, NULL, &error);

  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (path);
  g_test_message ("%s: %s", key_text, error->message);
}

static void
test_default_mapping (void)
{
  assert_path ("('todos',)", "/todos");
  assert_path ("('todos', 'list')", "/todos/list");
  assert_path ("('users', 3, 'todos')", "/users/3/todos");
  assert_path ("('users', int64 3, 'todos')", "/users/3/todos");
  assert_path ("('users', uint16 3)", "/users/3");
  assert_path ("('users', byte 0x07)", "/users/7");
  assert_path ("('prices', 2.0)", "/prices/2");
  assert_path ("('prices', 0.1)", "/prices/0.1");
  assert_path ("('flags', true)", "/flags/true");
  assert_path ("['todos', 'list']", "/todos/list");
  assert_path ("('todos', <5>)", "/todos/5");
  assert_path ("('todos', just 5)", "/todos/5");
  /* The brief's example: the trailing dictionary is the query string,
   * sorted by name */
  assert_path ("('todos', {'userId': <1>, '_page': <2>})", "/todos?_page=2&userId=1");
  assert_path ("('todos', {'userId': <[1, 2]>})", "/todos?userId=1&userId=2");
  assert_path ("('todos', {'userId': <@mi nothing>, 'q': <'milk'>})", "/todos?q=milk");
  assert_path ("('todos', {'completed': <false>})", "/todos?completed=false");
  assert_path ("('todos', {'q': <'a&b=c d/é'>})", "/todos?q=a%26b%3Dc%20d%2F%C3%A9");
  assert_path ("('search', 'a b/c')", "/search/a%20b%2Fc");
  assert_path ("({'q': <'x'>},)", "/?q=x");
  assert_path ("('todos', @a{sv} {})", "/todos");
}

static void
test_default_mapping_errors (void)
{
  assert_no_path ("('todos', '')");
  assert_no_path ("('todos', ('nested', 1))");
  assert_no_path ("('todos', {'userId': <1>}, 'more')");
  assert_no_path ("('todos', {'filter': <{'a': <1>}>})");
  assert_no_path ("('todos', {'pair': <(1, 2)>})");
  assert_no_path ("('todos', @mi nothing)");
  assert_no_path ("('todos', [1, 2])");
}

static void
test_page_params (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GValue) json_page = G_VALUE_INIT;
  g_auto(GValue) variant_page = G_VALUE_INIT;
  g_auto(GValue) null_page = G_VALUE_INIT;
  g_auto(GValue) int_page = G_VALUE_INIT;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;

  /* A JSON object page parameter (what infinite queries carry) replaces
   * the key's parameters of the same name. */
  tq_test_value_json (&json_page, "{\"_page\": 3, \"_limit\": 10}");
  a = path_of ("('todos', {'_page': <1>, 'userId': <2>})", &json_page, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "/todos?_limit=10&_page=3&userId=2");

  g_value_init (&variant_page, G_TYPE_VARIANT);
  g_value_set_variant (&variant_page, g_variant_new_parsed ("{'cursor': <'abc'>}"));
  b = path_of ("('todos',)", &variant_page, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "/todos?cursor=abc");

  /* The first page of a query whose initial page parameter is null */
  tq_test_value_json (&null_page, "null");
  c = path_of ("('todos',)", &null_page, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c, ==, "/todos");

  /* A bare number cannot be guessed into a URL: a clear error, not the
   * same page again and again. */
  tq_test_value_json (&int_page, "2");
  d = path_of ("('todos',)", &int_page, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (d);
}

static char *
custom_path (TqHttpClient  *client,
             GVariant      *query_key,
             const GValue  *page_param,
             gpointer       user_data,
             GError       **error)
{
  guint *calls = user_data;
  const char *first;

  (*calls)++;
  g_variant_get_child (query_key, 0, "&s", &first);
  if (g_str_equal (first, "me"))
    return g_strdup ("/users/1");
  if (g_str_equal (first, "nothing"))
    return NULL;   /* no error set: the client says so itself */
  return tq_http_key_to_path (query_key, page_param, error);
}

static void
test_custom_mapping (void)
{
  g_autoptr(TqHttpClient) http = tq_http_client_new ("http://example.com");
  g_autoptr(GVariant) me = tq_test_key ("('me',)");
  g_autoptr(GVariant) todos = tq_test_key ("('todos', 4)");
  g_autoptr(GVariant) nothing = tq_test_key ("('nothing',)");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  guint calls = 0;

  a = tq_http_client_build_path (http, todos, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "/todos/4");

  tq_http_client_set_path_func (http, custom_path, &calls, NULL);
  b = tq_http_client_build_path (http, me, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "/users/1");
  c = tq_http_client_build_path (http, todos, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c, ==, "/todos/4");
  d = tq_http_client_build_path (http, nothing, NULL, &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (d);
  g_assert_cmpuint (calls, ==, 3);
}

static void
assert_template (const char *template,
                 const char *variables,
                 const char *expected)
{
  g_autoptr(JsonNode) vars = variables != NULL ? tq_test_json (variables) : NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = tq_http_expand_path (template, vars, &error);

  if (expected == NULL)
    {
      g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
      g_assert_null (path);
      return;
    }

  g_assert_no_error (error);
  g_assert_cmpstr (path, ==, expected);
}

static void
test_templates (void)
{
  assert_template ("/todos", NULL, "/todos");
  assert_template ("/todos/{id}", "{\"id\": 7, \"title\": \"x\"}", "/todos/7");
  assert_template ("/users/{userId}/todos", "{\"userId\": 3}", "/users/3/todos");
  assert_template ("/todos/{id}", "7", "/todos/7");
  assert_template ("/tags/{name}", "{\"name\": \"a/b c\"}", "/tags/a%2Fb%20c");
  assert_template ("/a/{x}/{y}", "{\"x\": true, \"y\": 1.5}", "/a/true/1.5");
  /* missing, non-scalar, empty, unclosed */
  assert_template ("/todos/{id}", "{\"title\": \"x\"}", NULL);
  assert_template ("/todos/{id}", "{\"id\": {\"a\": 1}}", NULL);
  assert_template ("/todos/{id}", "{\"id\": \"\"}", NULL);
  assert_template ("/todos/{id}", NULL, NULL);
  assert_template ("/todos/{id", "{\"id\": 1}", NULL);
  assert_template ("/todos/{}", "{\"id\": 1}", NULL);
}

static void
test_build_uri (void)
{
  g_autoptr(TqHttpClient) http = tq_http_client_new ("http://example.com/api/v1/");
  g_autoptr(TqHttpClient) none = tq_http_client_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  g_autofree char *e = NULL;
  g_autofree char *f = NULL;

  a = tq_http_client_build_uri (http, "/todos?userId=1", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (a, ==, "http://example.com/api/v1/todos?userId=1");
  b = tq_http_client_build_uri (http, "todos", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (b, ==, "http://example.com/api/v1/todos");
  c = tq_http_client_build_uri (http, "https://other.example.com/x", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (c, ==, "https://other.example.com/x");

  d = tq_http_client_build_uri (none, "/todos", &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (d);
  g_clear_error (&error);

  e = tq_http_client_build_uri (http, "ftp://example.com/x", &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (e);
  g_clear_error (&error);

  tq_http_client_set_base_uri (http, "not a uri");
  f = tq_http_client_build_uri (http, "/todos", &error);
  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST);
  g_assert_null (f);
}

static void
count_notify (guint *count)
{
  (*count)++;
}

static void
test_properties (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(TqHttpClient) http = g_object_new (TQ_TYPE_HTTP_CLIENT, "session", session, NULL);
  g_autoptr(TqHttpClient) plain = tq_http_client_new ("http://example.com");
  guint notified = 0;

  g_assert_true (tq_http_client_get_session (http) == session);
  g_assert_true (SOUP_IS_SESSION (tq_http_client_get_session (plain)));
  g_assert_true (tq_http_client_get_session (plain) != session);
  g_assert_cmpuint (tq_http_client_get_timeout (http), ==, TQ_HTTP_CLIENT_DEFAULT_TIMEOUT);
  g_assert_cmpuint (tq_http_client_get_max_response_size (http), ==, TQ_HTTP_CLIENT_DEFAULT_MAX_RESPONSE_SIZE);
  g_assert_cmpstr (tq_http_client_get_default_header (http, "Accept"), ==, "application/json");
  g_assert_null (tq_http_client_get_base_uri (http));

  g_signal_connect_swapped (http, "notify::timeout", G_CALLBACK (count_notify), &notified);
  tq_http_client_set_timeout (http, 500);
  tq_http_client_set_timeout (http, 500);
  g_assert_cmpuint (notified, ==, 1);
  g_assert_cmpuint (tq_http_client_get_timeout (http), ==, 500);

  tq_http_client_set_default_header (http, "Accept-Language", "fr");
  g_assert_cmpstr (tq_http_client_get_default_header (http, "accept-language"), ==, "fr");
  tq_http_client_set_default_header (http, "Accept-Language", NULL);
  g_assert_null (tq_http_client_get_default_header (http, "Accept-Language"));
}

/* Errors {{{ */

static void
test_error_data (void)
{
  g_autoptr(JsonNode) body = tq_test_json ("{\"status\": 404, \"error\": \"Not Found\", "
                                           "\"message\": \"There is no todo with id 999\"}");
  g_autoptr(GError) error = _tq_http_error_new_for_status (404, "Not Found", "http://h/todos/999", body, -1);
  g_autoptr(GError) copy = g_error_copy (error);
  g_autoptr(GError) plain = g_error_new_literal (TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_RESPONSE, "bad");
  g_autoptr(GError) io = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "slow");
  g_autoptr(GError) no_reason = _tq_http_error_new_for_status (418, NULL, NULL, NULL, 2000);

  g_assert_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_NOT_FOUND);
  g_assert_cmpstr (error->message, ==, "Not Found (HTTP 404): There is no todo with id 999");
  g_assert_cmpuint (tq_http_error_get_status (error), ==, 404);
  g_assert_cmpstr (tq_http_error_get_reason (error), ==, "Not Found");
  g_assert_cmpstr (tq_http_error_get_uri (error), ==, "http://h/todos/999");
  g_assert_true (tq_http_error_get_body (error) == body);
  g_assert_cmpint (tq_http_error_get_retry_after (error), ==, -1);

  /* The private data travels with copies, as the query state keeps them. */
  g_assert_cmpuint (tq_http_error_get_status (copy), ==, 404);
  g_assert_cmpstr (tq_http_error_get_reason (copy), ==, "Not Found");
  g_assert_true (tq_http_error_get_body (copy) == body);

  g_assert_cmpuint (tq_http_error_get_status (plain), ==, 0);
  g_assert_null (tq_http_error_get_reason (plain));
  g_assert_null (tq_http_error_get_body (plain));
  g_assert_cmpuint (tq_http_error_get_status (io), ==, 0);
  g_assert_null (tq_http_error_get_body (io));
  g_assert_null (tq_http_error_get_body (NULL));

  g_assert_error (no_reason, TQ_HTTP_ERROR, 418);
  g_assert_cmpstr (tq_http_error_get_reason (no_reason), !=, NULL);
  g_assert_cmpint (tq_http_error_get_retry_after (no_reason), ==, 2000);
}

static void
test_retry_after_parsing (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_utc (2026, 1, 2, 3, 4, 5);

  g_assert_cmpint (_tq_http_parse_retry_after ("3", now), ==, 3000);
  g_assert_cmpint (_tq_http_parse_retry_after (" 120 ", now), ==, 120000);
  g_assert_cmpint (_tq_http_parse_retry_after ("0", now), ==, 0);
  g_assert_cmpint (_tq_http_parse_retry_after ("Fri, 02 Jan 2026 03:04:15 GMT", now), ==, 10000);
  g_assert_cmpint (_tq_http_parse_retry_after ("Fri, 02 Jan 2026 03:00:00 GMT", now), ==, 0);
  g_assert_cmpint (_tq_http_parse_retry_after ("-3", now), ==, -1);
  g_assert_cmpint (_tq_http_parse_retry_after ("3 seconds", now), ==, -1);
  g_assert_cmpint (_tq_http_parse_retry_after ("soon", now), ==, -1);
  g_assert_cmpint (_tq_http_parse_retry_after (NULL, now), ==, -1);
  g_assert_cmpint (_tq_http_parse_retry_after ("99999999999999999999", now), >, 0);
}

static void
test_retry_policy (void)
{
  static const struct { GQuark (*domain) (void); int code; gboolean retry; } cases[] = {
    { g_io_error_quark, G_IO_ERROR_TIMED_OUT, TRUE },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_REFUSED, TRUE },
    { g_io_error_quark, G_IO_ERROR_CONNECTION_CLOSED, TRUE },
    { g_io_error_quark, G_IO_ERROR_PARTIAL_INPUT, TRUE },
    { g_io_error_quark, G_IO_ERROR_HOST_NOT_FOUND, TRUE },
    { g_io_error_quark, G_IO_ERROR_NETWORK_UNREACHABLE, TRUE },
    { g_io_error_quark, G_IO_ERROR_CANCELLED, FALSE },
    { g_io_error_quark, G_IO_ERROR_INVALID_ARGUMENT, FALSE },
    { tq_http_error_quark, TQ_HTTP_ERROR_INVALID_RESPONSE, FALSE },
    { tq_http_error_quark, TQ_HTTP_ERROR_RESPONSE_TOO_LARGE, FALSE },
    { tq_http_error_quark, TQ_HTTP_ERROR_INVALID_REQUEST, FALSE },
    { tq_error_quark, TQ_ERROR_UNDEFINED_DATA, FALSE },
  };
  static const struct { guint status; gboolean retry; } statuses[] = {
    { 300, FALSE }, { 304, FALSE }, { 400, FALSE }, { 401, FALSE }, { 403, FALSE }, { 404, FALSE },
    { 408, TRUE }, { 409, FALSE }, { 412, FALSE }, { 422, FALSE }, { 429, TRUE }, { 499, FALSE },
    { 500, TRUE }, { 502, TRUE }, { 503, TRUE }, { 504, TRUE }, { 599, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = g_error_new_literal (cases[i].domain (), cases[i].code, "x");

      g_assert_cmpint (tq_http_error_is_retryable (error), ==, cases[i].retry);
      g_assert_cmpint (tq_http_retry_policy (0, error, NULL), ==, cases[i].retry);
      g_assert_false (tq_http_retry_policy (TQ_HTTP_DEFAULT_RETRY, error, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(GError) error = _tq_http_error_new_for_status (statuses[i].status, NULL, NULL, NULL, -1);

      g_assert_cmpint (tq_http_error_is_retryable (error), ==, statuses[i].retry);
      g_assert_cmpint (tq_http_retry_policy (2, error, NULL), ==, statuses[i].retry);
      g_assert_false (tq_http_retry_policy (3, error, NULL));
    }

  g_assert_false (tq_http_error_is_retryable (NULL));

  /* Retry-After: honoured as the delay; beyond a minute, not retried */
  {
    g_autoptr(GError) soon = _tq_http_error_new_for_status (429, NULL, NULL, NULL, 5000);
    g_autoptr(GError) late = _tq_http_error_new_for_status (503, NULL, NULL, NULL, TQ_HTTP_MAX_RETRY_AFTER + 1);
    g_autoptr(GError) plain = _tq_http_error_new_for_status (503, NULL, NULL, NULL, -1);

    g_assert_true (tq_http_retry_policy (0, soon, NULL));
    g_assert_cmpint (tq_http_retry_delay (0, soon, NULL), ==, 5000);
    g_assert_cmpint (tq_http_retry_delay (4, soon, NULL), ==, 5000);
    g_assert_false (tq_http_retry_policy (0, late, NULL));
    g_assert_cmpint (tq_http_retry_delay (0, plain, NULL), ==, 1000);
    g_assert_cmpint (tq_http_retry_delay (1, plain, NULL), ==, 2000);
    g_assert_cmpint (tq_http_retry_delay (2, plain, NULL), ==, 4000);
    g_assert_cmpint (tq_http_retry_delay (5, plain, NULL), ==, 30000);
    g_assert_cmpint (tq_http_retry_delay (40, plain, NULL), ==, 30000);
  }
}

/* }}} */

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/http/path/default", test_default_mapping);
  g_test_add_func ("/http/path/default-errors", test_default_mapping_errors);
  g_test_add_func ("/http/path/page-params", test_page_params);
  g_test_add_func ("/http/path/custom", test_custom_mapping);
  g_test_add_func ("/http/path/templates", test_templates);
  g_test_add_func ("/http/path/build-uri", test_build_uri);
  g_test_add_func ("/http/client/properties", test_properties);
  g_test_add_func ("/http/error/data", test_error_data);
  g_test_add_func ("/http/error/retry-after", test_retry_after_parsing);
  g_test_add_func ("/http/error/retry-policy", test_retry_policy);

  return g_test_run ();
}
