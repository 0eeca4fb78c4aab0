/* demo-test-utils.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>
#include <json-glib/json-glib.h>

#include "tq-demo-server.h"

G_BEGIN_DECLS

/* A loopback server on port 0 and a client session, set up and torn down
 * around each test case, like libsoup's own tests do. */
typedef struct
{
  TqDemoServer *server;
  TqDemoStore  *store;   /* borrowed from server */
  SoupSession  *session;
  char         *base;
  char         *tmpdir;  /* only for file-backed fixtures */
} ServerFixture;

void server_fixture_setup_memory (ServerFixture *f,
                                  gconstpointer  data);
void server_fixture_setup_file   (ServerFixture *f,
                                  gconstpointer  data);
void server_fixture_teardown     (ServerFixture *f,
                                  gconstpointer  data);

typedef struct
{
  guint               status;
  SoupMessageHeaders *headers;
  GBytes             *body;
  JsonNode           *json;    /* NULL if the body is empty or not JSON */
  GError             *error;   /* transport error, status is then 0 */
} TestResponse;

void          test_response_free     (TestResponse *response);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TestResponse, test_response_free)

SoupSession  *test_session_new       (void);
SoupMessage  *test_message_new       (const char   *method,
                                      const char   *uri,
                                      const char   *body);
TestResponse *test_send              (SoupSession  *session,
                                      SoupMessage  *msg);
TestResponse *test_request           (SoupSession  *session,
                                      const char   *method,
                                      const char   *uri,
                                      const char   *body,
                                      ...) G_GNUC_NULL_TERMINATED;
TestResponse *test_fixture_request   (ServerFixture *f,
                                      const char    *method,
                                      const char    *path,
                                      const char    *body,
                                      ...) G_GNUC_NULL_TERMINATED;
const char   *test_response_header   (TestResponse *response,
                                      const char   *name);
JsonObject   *test_response_object   (TestResponse *response);
JsonArray    *test_response_array    (TestResponse *response);
void          test_assert_error_body (TestResponse *response,
                                      guint         status,
                                      const char   *message_part);

void          test_spin_until        (gboolean     *done,
                                      guint         timeout_ms);
void          test_drain_main_context (void);

GSubprocess  *test_spawn_server      (const char * const *args,
                                      char              **base);
int           test_wait_exit         (GSubprocess  *process);
void          test_signal_and_expect_clean_exit (GSubprocess *process,
                                                 int          signum);

char         *test_make_tmpdir       (void);
void          test_remove_tree       (const char   *path);

G_END_DECLS
