/* tq-http-error.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "tq-http-error-private.h"

/* What an HTTP error carries beyond its code and message: GError cannot
 * hold structured data, so the domain is an extended one (GLib 2.68) and
 * this is its private part, copied and freed with the error.
 */
typedef struct
{
  guint     status;
  char     *reason;
  char     *uri;
  JsonNode *body;
  gint64    retry_after;
} TqHttpErrorPrivate;

static void
tq_http_error_private_init (TqHttpErrorPrivate *priv)
{
  priv->retry_after = -1;
}

static void
tq_http_error_private_copy (const TqHttpErrorPrivate *src,
                            TqHttpErrorPrivate       *dest)
{
  dest->status = src->status;
  dest->reason = g_strdup (src->reason);
  dest->uri = g_strdup (src->uri);
  dest->body = src->body != NULL ? json_node_ref (src->body) : NULL;
  dest->retry_after = src->retry_after;
}

static void
tq_http_error_private_clear (TqHttpErrorPrivate *priv)
{
  g_clear_pointer (&priv->reason, g_free);
  g_clear_pointer (&priv->uri, g_free);
  g_clear_pointer (&priv->body, json_node_unref);
}

/**
 * tq_http_error_quark:
 *
 * Gets the quark of the `TQ_HTTP_ERROR` domain.
 *
 * Returns: the error quark
 */
G_DEFINE_EXTENDED_ERROR (TqHttpError, tq_http_error)

static TqHttpErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != TQ_HTTP_ERROR)
    return NULL;

  return tq_http_error_get_private (error);
}

/* A short text from a JSON error body: json-server's and the demo
 * server's `message`, a problem document's `detail` (RFC 9457), or a bare
 * `error` string.
 */
static const char *
body_message (JsonNode *body)
{
  static const char * const members[] = { "message", "detail", "error", "title" };
  JsonObject *object;

  if (body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return NULL;

  object = json_node_get_object (body);
  for (guint i = 0; i < G_N_ELEMENTS (members); i++)
    {
      JsonNode *member = json_object_get_member (object, members[i]);

      if (member != NULL && JSON_NODE_HOLDS_VALUE (member) &&
          json_node_get_value_type (member) == G_TYPE_STRING &&
          *json_node_get_string (member) != '\0')
        return json_node_get_string (member);
    }

  return NULL;
}

GError *
_tq_http_error_new_for_status (guint       status,
                               const char *reason,
                               const char *uri,
                               JsonNode   *body,
                               gint64      retry_after_ms)
{
  TqHttpErrorPrivate *priv;
  const char *detail = body_message (body);
  GError *error;

  if (reason == NULL || *reason == '\0')
    reason = soup_status_get_phrase (status);
  if (reason == NULL || *reason == '\0')
    reason = "Unknown status";

  if (detail != NULL)
    error = g_error_new (TQ_HTTP_ERROR, (int) status, "%s (HTTP %u): %s", reason, status, detail);
  else
    error = g_error_new (TQ_HTTP_ERROR, (int) status, "%s (HTTP %u)", reason, status);

  priv = tq_http_error_get_private (error);
  priv->status = status;
  priv->reason = g_strdup (reason);
  priv->uri = g_strdup (uri);
  priv->body = body != NULL ? json_node_ref (body) : NULL;
  priv->retry_after = retry_after_ms;

  return error;
}

void
_tq_http_error_set_uri (GError     *error,
                        const char *uri)
{
  TqHttpErrorPrivate *priv = get_private (error);

  if (priv != NULL && priv->uri == NULL)
    priv->uri = g_strdup (uri);
}

gint64
_tq_http_parse_retry_after (const char *value,
                            GDateTime  *now)
{
  g_autoptr(GDateTime) date = NULL;
  const char *p;
  guint64 seconds;

  if (value == NULL)
    return -1;

  while (g_ascii_isspace (*value))
    value++;

  /* delay-seconds: 1*DIGIT */
  for (p = value; g_ascii_isdigit (*p); p++)
    ;
  if (p != value)
    {
      g_autofree char *digits = g_strndup (value, p - value);

      while (g_ascii_isspace (*p))
        p++;
      if (*p != '\0')
        return -1;
      if (!g_ascii_string_to_unsigned (digits, 10, 0, G_MAXINT64 / 1000, &seconds, NULL))
        seconds = G_MAXINT64 / 1000;   /* absurdly long: the longest we can say */
      return (gint64) seconds * 1000;
    }

  /* HTTP-date */
  date = soup_date_time_new_from_http_string (value);
  if (date == NULL || now == NULL)
    return -1;

  return MAX (g_date_time_difference (date, now) / 1000, 0);
}

/**
 * tq_http_error_get_status:
 * @error: an error
 *
 * Gets the HTTP status of the response an error stands for.
 *
 * Returns: the status (300 to 599, or another non-2xx final status), or 0
 *   if @error is not an error response: another `TQ_HTTP_ERROR` such as
 *   %TQ_HTTP_ERROR_INVALID_RESPONSE, or an error of another domain
 */
guint
tq_http_error_get_status (const GError *error)
{
  TqHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->status : 0;
}

/**
 * tq_http_error_get_reason:
 * @error: an error
 *
 * Gets the reason phrase of the response an error stands for, as the
 * server sent it (`Not Found`), or the standard one if the server sent
 * none.
 *
 * Returns: (nullable): the reason phrase, or %NULL if @error is not an
 *   error response
 */
const char *
tq_http_error_get_reason (const GError *error)
{
  TqHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->reason : NULL;
}

/**
 * tq_http_error_get_uri:
 * @error: an error
 *
 * Gets the URI of the request that failed.
 *
 * Returns: (nullable): the URI, or %NULL if @error is not a
 *   `TQ_HTTP_ERROR` or no request was made
 */
const char *
tq_http_error_get_uri (const GError *error)
{
  TqHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->uri : NULL;
}

/**
 * tq_http_error_get_body:
 * @error: an error
 *
 * Gets the body of an error response, parsed as JSON: the demo server's
 * `{"status": 404, "error": "Not Found", "message": "…"}`, say. The error's
 * message already quotes its `message`, `detail` or `error` member.
 *
 * Returns: (transfer none) (nullable): the body, or %NULL if the response
 *   had no body, a body that is not JSON, or @error is not an error
 *   response
 */
JsonNode *
tq_http_error_get_body (const GError *error)
{
  TqHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->body : NULL;
}

/**
 * tq_http_error_get_retry_after:
 * @error: an error
 *
 * Gets how long the server asked the client to wait before trying again,
 * from the response's `Retry-After` header (in seconds or as an HTTP date,
 * counted from the response's `Date`).
 *
 * Returns: the delay in milliseconds, or -1 if the response had no valid
 *   `Retry-After` (or @error is not an error response)
 */
gint64
tq_http_error_get_retry_after (const GError *error)
{
  TqHttpErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->retry_after : -1;
}

/**
 * tq_http_error_is_retryable:
 * @error: (nullable): an error
 *
 * Tells whether the failure an error stands for is worth trying again:
 *
 * - network failures, `G_IO_ERROR`s such as %G_IO_ERROR_TIMED_OUT,
 *   %G_IO_ERROR_CONNECTION_REFUSED, %G_IO_ERROR_CONNECTION_CLOSED (and
 *   its alias %G_IO_ERROR_BROKEN_PIPE), %G_IO_ERROR_PARTIAL_INPUT (a body
 *   cut short),
 *   %G_IO_ERROR_HOST_NOT_FOUND, %G_IO_ERROR_HOST_UNREACHABLE,
 *   %G_IO_ERROR_NETWORK_UNREACHABLE, %G_IO_ERROR_NOT_CONNECTED and
 *   %G_IO_ERROR_PROXY_FAILED;
 * - responses with a 5xx status, 408 (Request Timeout) or 429 (Too Many
 *   Requests).
 *
 * Never cancellation, other 4xx statuses, malformed or oversized
 * responses, invalid requests, TLS errors or errors of other domains.
 *
 * Returns: %TRUE if a retry may succeed
 */
gboolean
tq_http_error_is_retryable (const GError *error)
{
  if (error == NULL)
    return FALSE;

  if (error->domain == G_IO_ERROR)
    {
      switch (error->code)
        {
        case G_IO_ERROR_TIMED_OUT:
        case G_IO_ERROR_CONNECTION_REFUSED:
        case G_IO_ERROR_CONNECTION_CLOSED:
        case G_IO_ERROR_PARTIAL_INPUT:
        case G_IO_ERROR_HOST_NOT_FOUND:
        case G_IO_ERROR_HOST_UNREACHABLE:
        case G_IO_ERROR_NETWORK_UNREACHABLE:
        case G_IO_ERROR_NOT_CONNECTED:
        case G_IO_ERROR_PROXY_FAILED:
          return TRUE;
        default:
          return FALSE;
        }
    }

  if (error->domain == TQ_HTTP_ERROR)
    {
      guint status = tq_http_error_get_status (error);

      return (status >= 500 && status <= 599) ||
             status == TQ_HTTP_ERROR_REQUEST_TIMEOUT ||
             status == TQ_HTTP_ERROR_TOO_MANY_REQUESTS;
    }

  return FALSE;
}

/**
 * tq_http_retry_policy:
 * @failure_count: failures before this one (0 on the first failure)
 * @error: the error of the failed attempt
 * @user_data: unused
 *
 * The default retry policy of HTTP query and mutation functions, a
 * [callback@Tq.RetryFunc]: retries up to %TQ_HTTP_DEFAULT_RETRY times
 * (TanStack's default, rule 23) the failures that
 * [func@Tq.http_error_is_retryable] accepts, unless the server asked, with
 * `Retry-After`, for a pause longer than %TQ_HTTP_MAX_RETRY_AFTER.
 *
 * [method@Tq.HttpClient.apply] sets it on query options with
 * [func@Tq.http_retry_delay]. A policy with another count is a two-line
 * function around [func@Tq.http_error_is_retryable].
 *
 * Returns: %TRUE to retry
 */
gboolean
tq_http_retry_policy (guint         failure_count,
                      const GError *error,
                      gpointer      user_data)
{
  if (failure_count >= TQ_HTTP_DEFAULT_RETRY || !tq_http_error_is_retryable (error))
    return FALSE;

  return tq_http_error_get_retry_after (error) <= TQ_HTTP_MAX_RETRY_AFTER;
}

/**
 * tq_http_retry_delay:
 * @failure_count: failures before this one (0 on the first failure)
 * @error: the error of the failed attempt
 * @user_data: unused
 *
 * The default retry delay of HTTP query and mutation functions, a
 * [callback@Tq.RetryDelayFunc]: the server's `Retry-After` when the
 * response had one (see [func@Tq.http_error_get_retry_after]), otherwise
 * TanStack's exponential backoff, `min (1000 × 2ⁿ, 30000)` milliseconds
 * for the n-th failure (rule 24).
 *
 * Returns: the delay in milliseconds
 */
gint64
tq_http_retry_delay (guint         failure_count,
                     const GError *error,
                     gpointer      user_data)
{
  gint64 retry_after = tq_http_error_get_retry_after (error);

  if (retry_after >= 0)
    return retry_after;

  return failure_count >= 5 ? 30000 : MIN ((gint64) 1000 << failure_count, 30000);
}
