/* tq-http-error.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib.h>
#include <json-glib/json-glib.h>

#include "tq-version-macros.h"

G_BEGIN_DECLS

/**
 * TQ_HTTP_ERROR:
 *
 * The error domain of [class@Tq.HttpClient]'s errors: responses whose status
 * is not a success, and responses or requests that are not usable. Errors in
 * this domain come from [enum@Tq.HttpError]; they carry the status, the
 * reason phrase, the parsed JSON error body and the server's `Retry-After`,
 * which [func@Tq.http_error_get_status] and its siblings read.
 *
 * Network failures are not in this domain: they are `G_IO_ERROR`s
 * (`G_IO_ERROR_TIMED_OUT` for a request that ran out of time,
 * `G_IO_ERROR_CANCELLED` for a cancelled one).
 */
#define TQ_HTTP_ERROR (tq_http_error_quark ())

/**
 * TqHttpError:
 * @TQ_HTTP_ERROR_INVALID_REQUEST: the request could not be made: a key that
 *   does not map to a URL, a path that is not a valid URI reference, a
 *   missing base URI, a path template whose variable is missing
 * @TQ_HTTP_ERROR_INVALID_RESPONSE: the response is not usable: its body is
 *   not valid JSON (malformed or cut short), or the server broke the HTTP
 *   protocol (an unparsable response, a redirect loop)
 * @TQ_HTTP_ERROR_RESPONSE_TOO_LARGE: the response body is larger than
 *   [property@Tq.HttpClient:max-response-size]; it was not read further
 * @TQ_HTTP_ERROR_BAD_REQUEST: status 400
 * @TQ_HTTP_ERROR_UNAUTHORIZED: status 401
 * @TQ_HTTP_ERROR_FORBIDDEN: status 403
 * @TQ_HTTP_ERROR_NOT_FOUND: status 404
 * @TQ_HTTP_ERROR_METHOD_NOT_ALLOWED: status 405
 * @TQ_HTTP_ERROR_REQUEST_TIMEOUT: status 408 (the server gave up waiting for
 *   the request; retried by [func@Tq.http_retry_policy])
 * @TQ_HTTP_ERROR_CONFLICT: status 409
 * @TQ_HTTP_ERROR_GONE: status 410
 * @TQ_HTTP_ERROR_PRECONDITION_FAILED: status 412 (an `If-Match` that failed)
 * @TQ_HTTP_ERROR_CONTENT_TOO_LARGE: status 413
 * @TQ_HTTP_ERROR_UNPROCESSABLE_CONTENT: status 422
 * @TQ_HTTP_ERROR_TOO_MANY_REQUESTS: status 429 (retried after `Retry-After`)
 * @TQ_HTTP_ERROR_INTERNAL_SERVER_ERROR: status 500
 * @TQ_HTTP_ERROR_NOT_IMPLEMENTED: status 501
 * @TQ_HTTP_ERROR_BAD_GATEWAY: status 502
 * @TQ_HTTP_ERROR_SERVICE_UNAVAILABLE: status 503
 * @TQ_HTTP_ERROR_GATEWAY_TIMEOUT: status 504
 *
 * Error codes of the `TQ_HTTP_ERROR` domain.
 *
 * A response whose final status is not 2xx is an error whose code **is the
 * status**: `g_error_matches (error, TQ_HTTP_ERROR, 404)` works for every
 * status, named here or not (a `300 Multiple Choices`, a `418`, a `599`
 * alike). The codes below 100 are the errors that have no status.
 * [func@Tq.http_error_get_status] tells the two apart.
 */
typedef enum
{
  TQ_HTTP_ERROR_INVALID_REQUEST = 1,
  TQ_HTTP_ERROR_INVALID_RESPONSE = 2,
  TQ_HTTP_ERROR_RESPONSE_TOO_LARGE = 3,

  TQ_HTTP_ERROR_BAD_REQUEST = 400,
  TQ_HTTP_ERROR_UNAUTHORIZED = 401,
  TQ_HTTP_ERROR_FORBIDDEN = 403,
  TQ_HTTP_ERROR_NOT_FOUND = 404,
  TQ_HTTP_ERROR_METHOD_NOT_ALLOWED = 405,
  TQ_HTTP_ERROR_REQUEST_TIMEOUT = 408,
  TQ_HTTP_ERROR_CONFLICT = 409,
  TQ_HTTP_ERROR_GONE = 410,
  TQ_HTTP_ERROR_PRECONDITION_FAILED = 412,
  TQ_HTTP_ERROR_CONTENT_TOO_LARGE = 413,
  TQ_HTTP_ERROR_UNPROCESSABLE_CONTENT = 422,
  TQ_HTTP_ERROR_TOO_MANY_REQUESTS = 429,
  TQ_HTTP_ERROR_INTERNAL_SERVER_ERROR = 500,
  TQ_HTTP_ERROR_NOT_IMPLEMENTED = 501,
  TQ_HTTP_ERROR_BAD_GATEWAY = 502,
  TQ_HTTP_ERROR_SERVICE_UNAVAILABLE = 503,
  TQ_HTTP_ERROR_GATEWAY_TIMEOUT = 504,
} TqHttpError;

/**
 * TQ_HTTP_DEFAULT_RETRY:
 *
 * How many times [func@Tq.http_retry_policy] retries a failed request: 3,
 * TanStack's default for queries (rule 23), so at most 4 attempts.
 */
#define TQ_HTTP_DEFAULT_RETRY 3

/**
 * TQ_HTTP_MAX_RETRY_AFTER:
 *
 * The longest `Retry-After` that [func@Tq.http_retry_policy] waits for, in
 * milliseconds: one minute. A server that asks for a longer pause gets it:
 * the error is reported instead of retried, and the query, invalidated by
 * the failure (rule 16), is fetched again on the next focus, reconnect or
 * invalidation.
 */
#define TQ_HTTP_MAX_RETRY_AFTER (60 * 1000)

TQ_AVAILABLE_IN_ALL
GQuark      tq_http_error_quark           (void);
TQ_AVAILABLE_IN_ALL
guint       tq_http_error_get_status      (const GError *error);
TQ_AVAILABLE_IN_ALL
const char *tq_http_error_get_reason      (const GError *error);
TQ_AVAILABLE_IN_ALL
const char *tq_http_error_get_uri         (const GError *error);
TQ_AVAILABLE_IN_ALL
JsonNode   *tq_http_error_get_body        (const GError *error);
TQ_AVAILABLE_IN_ALL
gint64      tq_http_error_get_retry_after (const GError *error);
TQ_AVAILABLE_IN_ALL
gboolean    tq_http_error_is_retryable    (const GError *error);
TQ_AVAILABLE_IN_ALL
gboolean    tq_http_retry_policy          (guint         failure_count,
                                           const GError *error,
                                           gpointer      user_data);
TQ_AVAILABLE_IN_ALL
gint64      tq_http_retry_delay           (guint         failure_count,
                                           const GError *error,
                                           gpointer      user_data);

G_END_DECLS
