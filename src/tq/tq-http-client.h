/* tq-http-client.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "tq-query-options.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_HTTP_CLIENT (tq_http_client_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqHttpClient, tq_http_client, TQ, HTTP_CLIENT, GObject)

/**
 * TQ_HTTP_CLIENT_DEFAULT_TIMEOUT:
 *
 * The default [property@Tq.HttpClient:timeout]: 30 seconds, in
 * milliseconds.
 */
#define TQ_HTTP_CLIENT_DEFAULT_TIMEOUT (30 * 1000)

/**
 * TQ_HTTP_CLIENT_DEFAULT_MAX_RESPONSE_SIZE:
 *
 * The default [property@Tq.HttpClient:max-response-size]: 16 MiB, in
 * bytes.
 */
#define TQ_HTTP_CLIENT_DEFAULT_MAX_RESPONSE_SIZE (16 * 1024 * 1024)

/**
 * TqHttpAuthorizeFunc:
 * @client: the client
 * @message: the request about to be sent: its method and URI
 *   (soup_message_get_uri()) say where it goes
 * @user_data: the data given with the function
 *
 * Supplies the `Authorization` header of a request, such as
 * `Bearer <token>`. It is called for every request the client sends, just
 * before sending, so it can return a token that changed since the last
 * one. It must not block.
 *
 * Returns: (transfer full) (nullable): the header's value, or %NULL to
 *   send the request without one
 */
typedef char *(*TqHttpAuthorizeFunc) (TqHttpClient *client,
                                      SoupMessage  *message,
                                      gpointer      user_data);

/**
 * TqHttpPathFunc:
 * @client: the client
 * @query_key: the query's key
 * @page_param: (nullable): the page parameter of an infinite query's page
 *   fetch, %NULL otherwise
 * @user_data: the data given with the function
 * @error: return location for an error
 *
 * Maps a query key to the path (and query string) of the URL that fetches
 * it, relative to [property@Tq.HttpClient:base-uri]: a custom replacement
 * for the default mapping of [func@Tq.http_key_to_path].
 *
 * Returns: (transfer full) (nullable): the path, such as
 *   `/todos?userId=1`, already percent-encoded; or %NULL with @error set
 *   (use %TQ_HTTP_ERROR_INVALID_REQUEST)
 */
typedef char *(*TqHttpPathFunc) (TqHttpClient  *client,
                                 GVariant      *query_key,
                                 const GValue  *page_param,
                                 gpointer       user_data,
                                 GError       **error);

TQ_AVAILABLE_IN_ALL
TqHttpClient *tq_http_client_new                   (const char           *base_uri) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
const char   *tq_http_client_get_base_uri          (TqHttpClient         *self);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_set_base_uri          (TqHttpClient         *self,
                                                    const char           *base_uri);
TQ_AVAILABLE_IN_ALL
SoupSession  *tq_http_client_get_session           (TqHttpClient         *self);
TQ_AVAILABLE_IN_ALL
guint         tq_http_client_get_timeout           (TqHttpClient         *self);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_set_timeout           (TqHttpClient         *self,
                                                    guint                 timeout_ms);
TQ_AVAILABLE_IN_ALL
guint64       tq_http_client_get_max_response_size (TqHttpClient         *self);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_set_max_response_size (TqHttpClient         *self,
                                                    guint64               max_bytes);
TQ_AVAILABLE_IN_ALL
const char   *tq_http_client_get_default_header    (TqHttpClient         *self,
                                                    const char           *name);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_set_default_header    (TqHttpClient         *self,
                                                    const char           *name,
                                                    const char           *value);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_set_authorize_func    (TqHttpClient         *self,
                                                    TqHttpAuthorizeFunc   func,
                                                    gpointer              user_data,
                                                    GDestroyNotify        destroy);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_set_path_func         (TqHttpClient         *self,
                                                    TqHttpPathFunc        func,
                                                    gpointer              user_data,
                                                    GDestroyNotify        destroy);
TQ_AVAILABLE_IN_ALL
char         *tq_http_client_build_path            (TqHttpClient         *self,
                                                    GVariant             *query_key,
                                                    const GValue         *page_param,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
char         *tq_http_client_build_uri             (TqHttpClient         *self,
                                                    const char           *path,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
SoupMessage  *tq_http_client_new_message           (TqHttpClient         *self,
                                                    const char           *method,
                                                    const char           *path,
                                                    JsonNode             *body,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_send_message_async    (TqHttpClient         *self,
                                                    SoupMessage          *message,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TQ_AVAILABLE_IN_ALL
JsonNode     *tq_http_client_send_message_finish   (TqHttpClient         *self,
                                                    GAsyncResult         *result,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_send_async            (TqHttpClient         *self,
                                                    const char           *method,
                                                    const char           *path,
                                                    JsonNode             *body,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TQ_AVAILABLE_IN_ALL
JsonNode     *tq_http_client_send_finish           (TqHttpClient         *self,
                                                    GAsyncResult         *result,
                                                    SoupMessage         **message,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_mutate_async          (TqHttpClient         *self,
                                                    const char           *method,
                                                    const char           *path_template,
                                                    JsonNode             *variables,
                                                    GCancellable         *cancellable,
                                                    GAsyncReadyCallback   callback,
                                                    gpointer              user_data);
TQ_AVAILABLE_IN_ALL
JsonNode     *tq_http_client_mutate_finish         (TqHttpClient         *self,
                                                    GAsyncResult         *result,
                                                    SoupMessage         **message,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_query_func            (TqQueryFunctionContext *context,
                                                    gpointer              user_data);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_apply                 (TqHttpClient         *self,
                                                    TqQueryOptions       *options);
TQ_AVAILABLE_IN_ALL
void          tq_http_client_forget_validators     (TqHttpClient         *self,
                                                    const char           *query_hash);
TQ_AVAILABLE_IN_ALL
char         *tq_http_client_dup_entity_tag        (TqHttpClient         *self,
                                                    const char           *path);

TQ_AVAILABLE_IN_ALL
char         *tq_http_key_to_path                  (GVariant             *query_key,
                                                    const GValue         *page_param,
                                                    GError              **error);
TQ_AVAILABLE_IN_ALL
char         *tq_http_expand_path                  (const char           *path_template,
                                                    JsonNode             *variables,
                                                    GError              **error);

G_END_DECLS
