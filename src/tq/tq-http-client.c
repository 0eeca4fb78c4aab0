/* tq-http-client.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <math.h>

#include "tq-http-client-private.h"
#include "tq-http-error-private.h"
#include "tq-query-cache-private.h"
#include "tq-query-private.h"
#include "tq-query-function-context.h"

/**
 * TqHttpClient:
 *
 * Ready-made query functions over HTTP and JSON: the layer that lets an
 * application fetch a REST API without writing HTTP code.
 *
 * A client holds what every request to one API shares: a base URI, a
 * [class@Soup.Session], default headers, an authorization hook, a request
 * timeout and a limit on the size of responses. Its query function,
 * [func@Tq.HttpClient.query_func], turns a query key into a URL (see
 * [func@Tq.http_key_to_path]), sends a `GET` with the query's cancellable
 * and completes with the body parsed as a `JsonNode`:
 *
 * ```c
 * g_autoptr(TqHttpClient) http = tq_http_client_new ("https://api.example.com");
 * g_autoptr(TqQueryOptions) options = tq_query_options_new (g_variant_new_parsed ("('todos', {'userId': <1>})"));
 *
 * tq_http_client_apply (http, options);   // GET https://api.example.com/todos?userId=1
 * ```
 *
 * Applied to the client's default options
 * ([method@Tq.QueryClient.set_default_query_options]), it serves every
 * query whose key is its URL.
 *
 * Writes go through [method@Tq.HttpClient.mutate_async]: `POST`, `PUT`,
 * `PATCH` or `DELETE` with a JSON body, to a path built from a template and
 * the mutation's variables.
 *
 * ## Responses and errors
 *
 * A 2xx response completes with its body parsed as JSON; a 204, or any
 * empty body, with a JSON `null`. Any other final status is an error in the
 * `TQ_HTTP_ERROR` domain whose code is the status, carrying the reason,
 * the parsed JSON error body and `Retry-After` (see [error@Tq.HttpError]).
 * A body that is not JSON is %TQ_HTTP_ERROR_INVALID_RESPONSE; a body larger
 * than [property@Tq.HttpClient:max-response-size] is
 * %TQ_HTTP_ERROR_RESPONSE_TOO_LARGE, found out as soon as the
 * `Content-Length` or the bytes read so far exceed it, so a huge or
 * endless body is never held in memory. Network failures are `G_IO_ERROR`s;
 * a request that takes longer than [property@Tq.HttpClient:timeout] fails
 * with %G_IO_ERROR_TIMED_OUT.
 *
 * [method@Tq.HttpClient.apply] also sets the default retry policy,
 * [func@Tq.http_retry_policy] with [func@Tq.http_retry_delay]: network
 * failures, 5xx, 408 and 429 are retried (after the server's `Retry-After`
 * when it gives one), other 4xx never.
 *
 * ## Conditional requests
 *
 * The client keeps the `ETag` and `Last-Modified` of each query's last
 * response (for the last 1024 queries it fetched) and sends them back as
 * `If-None-Match` and `If-Modified-Since`. A `304 Not Modified` completes
 * the query function with the very `JsonNode` of that earlier response: by
 * structural sharing the query keeps the data it holds, with its identity,
 * and only its `data-updated-at` moves. The client forgets a query's
 * validators when its cache removes the query.
 *
 * ## Conditional writes
 *
 * The client keeps the entity tag of each URL's last response (see
 * [method@Tq.HttpClient.dup_entity_tag]), and a write made with
 * %TQ_HTTP_MUTATION_IF_MATCH ([method@Tq.HttpClient.apply_mutation_full])
 * carries it as `If-Match`, so that it never overwrites a change it has not
 * seen: the server answers `412 Precondition Failed`
 * (%TQ_HTTP_ERROR_PRECONDITION_FAILED) instead, and the application
 * refetches and tells the user.
 *
 * ## The main loop
 *
 * Requests run on the thread-default main context of the call that starts
 * them; the timeout is measured in real time, since the network's time is
 * real even when the query client runs on a [class@Tq.VirtualClock].
 */

#define MAX_VALIDATORS 1024
#define MAX_ENTITY_TAGS 1024
#define READ_CHUNK     (64 * 1024)

struct _TqHttpClient
{
  GObject              parent_instance;

  char                *base_uri;
  SoupSession         *session;
  guint                timeout;
  guint64              max_response_size;
  SoupMessageHeaders  *default_headers;

  TqHttpAuthorizeFunc  authorize_func;
  gpointer             authorize_data;
  GDestroyNotify       authorize_destroy;

  TqHttpPathFunc       path_func;
  gpointer             path_data;
  GDestroyNotify       path_destroy;

  /* query hash → Validators, most recently used first in the queue */
  GHashTable          *validators;
  GQueue               validator_lru;
  GPtrArray           *caches;

  /* URL → EntityTag, most recently used first in the queue */
  GHashTable          *entity_tags;
  GQueue               entity_tag_lru;
  guint64              n_sent;

  guint                n_requests;
};

typedef struct
{
  GList     link;
  char     *hash;
  char     *uri;
  char     *etag;
  char     *last_modified;
  JsonNode *data;
} Validators;

/* The current entity tag of a URL, for If-Match; @sent orders the requests
 * that taught it, so that a late answer to an earlier request cannot bring
 * back an older tag. */
typedef struct
{
  GList    link;
  char    *uri;
  char    *etag;
  guint64  sent;
} EntityTag;

typedef struct
{
  TqQueryCache *cache;
  gulong        handler;
} WatchedCache;

enum {
  PROP_0,
  PROP_BASE_URI,
  PROP_SESSION,
  PROP_TIMEOUT,
  PROP_MAX_RESPONSE_SIZE,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqHttpClient, tq_http_client, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];

static void unwatch_cache (TqHttpClient *self,
                           WatchedCache *watched);

/* Validators {{{ */

static void
validators_free (Validators *v)
{
  g_free (v->hash);
  g_free (v->uri);
  g_free (v->etag);
  g_free (v->last_modified);
  g_clear_pointer (&v->data, json_node_unref);
  g_free (v);
}

static void
forget (TqHttpClient *self,
        const char   *hash)
{
  Validators *v = g_hash_table_lookup (self->validators, hash);

  if (v == NULL)
    return;

  g_queue_unlink (&self->validator_lru, &v->link);
  g_hash_table_remove (self->validators, hash);
}

static Validators *
lookup_validators (TqHttpClient *self,
                   const char   *hash,
                   const char   *uri)
{
  Validators *v = g_hash_table_lookup (self->validators, hash);

  /* Validators belong to a URL: a changed base URI or path function
   * makes them meaningless. */
  if (v == NULL || g_strcmp0 (v->uri, uri) != 0)
    return NULL;

  g_queue_unlink (&self->validator_lru, &v->link);
  g_queue_push_head_link (&self->validator_lru, &v->link);

  return v;
}

static void
remember (TqHttpClient *self,
          const char   *hash,
          const char   *uri,
          const char   *etag,
          const char   *last_modified,
          JsonNode     *data)
{
  Validators *v;

  forget (self, hash);

  if (etag == NULL && last_modified == NULL)
    return;

  v = g_new0 (Validators, 1);
  v->link.data = v;
  v->hash = g_strdup (hash);
  v->uri = g_strdup (uri);
  v->etag = g_strdup (etag);
  v->last_modified = g_strdup (last_modified);
  v->data = json_node_ref (data);

  g_hash_table_insert (self->validators, v->hash, v);
  g_queue_push_head_link (&self->validator_lru, &v->link);

  while (self->validator_lru.length > MAX_VALIDATORS)
    {
      Validators *oldest = g_queue_peek_tail (&self->validator_lru);

      forget (self, oldest->hash);
    }
}

static void
on_query_removed (TqQueryCache *cache,
                  TqQuery      *query,
                  TqHttpClient *self)
{
  forget (self, tq_query_get_hash (query));
}

static void
on_cache_finalized (gpointer  data,
                    GObject  *where_the_object_was)
{
  TqHttpClient *self = data;

  for (guint i = 0; i < self->caches->len; i++)
    {
      WatchedCache *watched = g_ptr_array_index (self->caches, i);

      if ((GObject *) watched->cache == where_the_object_was)
        {
          g_ptr_array_remove_index_fast (self->caches, i);
          g_free (watched);
          return;
        }
    }
}

static void
watch_cache (TqHttpClient *self,
             TqQueryCache *cache)
{
  WatchedCache *watched;

  for (guint i = 0; i < self->caches->len; i++)
    if (((WatchedCache *) g_ptr_array_index (self->caches, i))->cache == cache)
      return;

  watched = g_new0 (WatchedCache, 1);
  watched->cache = cache;
  watched->handler = g_signal_connect (cache, "query-removed", G_CALLBACK (on_query_removed), self);
  g_object_weak_ref (G_OBJECT (cache), on_cache_finalized, self);
  g_ptr_array_add (self->caches, watched);
}

static void
unwatch_cache (TqHttpClient *self,
               WatchedCache *watched)
{
  g_signal_handler_disconnect (watched->cache, watched->handler);
  g_object_weak_unref (G_OBJECT (watched->cache), on_cache_finalized, self);
}

/* }}} */
/* Entity tags {{{ */

static void
entity_tag_free (EntityTag *tag)
{
  g_free (tag->uri);
  g_free (tag->etag);
  g_free (tag);
}

static void
forget_entity_tag (TqHttpClient *self,
                   const char   *uri)
{
  EntityTag *tag = g_hash_table_lookup (self->entity_tags, uri);

  if (tag == NULL)
    return;

  g_queue_unlink (&self->entity_tag_lru, &tag->link);
  g_hash_table_remove (self->entity_tags, uri);
}

static void
remember_entity_tag (TqHttpClient *self,
                     const char   *uri,
                     const char   *etag,
                     guint64       sent)
{
  EntityTag *tag = g_hash_table_lookup (self->entity_tags, uri);

  if (tag != NULL)
    {
      if (tag->sent > sent)
        return;

      g_queue_unlink (&self->entity_tag_lru, &tag->link);
      g_hash_table_steal (self->entity_tags, uri);
    }
  else
    {
      tag = g_new0 (EntityTag, 1);
      tag->link.data = tag;
      tag->uri = g_strdup (uri);
    }

  g_free (tag->etag);
  tag->etag = g_strdup (etag);
  tag->sent = sent;
  g_hash_table_insert (self->entity_tags, tag->uri, tag);
  g_queue_push_head_link (&self->entity_tag_lru, &tag->link);

  while (self->entity_tag_lru.length > MAX_ENTITY_TAGS)
    {
      EntityTag *oldest = g_queue_peek_tail (&self->entity_tag_lru);

      forget_entity_tag (self, oldest->uri);
    }
}

static const char *
lookup_entity_tag (TqHttpClient *self,
                   const char   *uri)
{
  EntityTag *tag = g_hash_table_lookup (self->entity_tags, uri);

  return tag != NULL ? tag->etag : NULL;
}

/* What a response says about its URL's current version: a 2xx or 304 with
 * a strong ETag gives it (a POST's belongs to the Location it created), a
 * successful DELETE, a 404 or a 410 ends it. Weak tags never match If-Match,
 * which compares strongly, so they are not kept. */
static void
learn_entity_tag (TqHttpClient *self,
                  SoupMessage  *message,
                  const char   *uri,
                  guint64       sent)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *method = soup_message_get_method (message);
  const char *etag = soup_message_headers_get_one (headers, "ETag");
  guint status = soup_message_get_status (message);
  g_autofree char *location = NULL;

  if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE ||
      (SOUP_STATUS_IS_SUCCESSFUL (status) && g_ascii_strcasecmp (method, "DELETE") == 0))
    {
      forget_entity_tag (self, uri);
      return;
    }

  if (!(SOUP_STATUS_IS_SUCCESSFUL (status) || status == SOUP_STATUS_NOT_MODIFIED) ||
      etag == NULL || g_str_has_prefix (etag, "W/"))
    return;

  if (g_ascii_strcasecmp (method, "POST") == 0)
    {
      const char *location_header = soup_message_headers_get_one (headers, "Location");
      g_autoptr(GUri) resolved = NULL;

      if (location_header == NULL)
        return;

      resolved = g_uri_parse_relative (soup_message_get_uri (message), location_header,
                                       SOUP_HTTP_URI_FLAGS, NULL);
      if (resolved == NULL)
        return;

      location = g_uri_to_string_partial (resolved, G_URI_HIDE_PASSWORD);
      uri = location;
    }

  remember_entity_tag (self, uri, etag, sent);
}

/* Makes a write conditional on the version of its URL seen last. */
static void
add_if_match (TqHttpClient *self,
              SoupMessage  *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);
  g_autofree char *uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
  const char *etag = lookup_entity_tag (self, uri);

  if (etag != NULL && soup_message_headers_get_one (headers, "If-Match") == NULL)
    soup_message_headers_replace (headers, "If-Match", etag);
}

/* }}} */
/* GObject {{{ */

static void
tq_http_client_dispose (GObject *object)
{
  TqHttpClient *self = (TqHttpClient *)object;

  while (self->caches->len > 0)
    {
      WatchedCache *watched = g_ptr_array_steal_index_fast (self->caches, self->caches->len - 1);

      unwatch_cache (self, watched);
      g_free (watched);
    }

  g_hash_table_remove_all (self->validators);
  g_queue_init (&self->validator_lru);
  g_hash_table_remove_all (self->entity_tags);
  g_queue_init (&self->entity_tag_lru);

  tq_http_client_set_authorize_func (self, NULL, NULL, NULL);
  tq_http_client_set_path_func (self, NULL, NULL, NULL);
  g_clear_object (&self->session);

  G_OBJECT_CLASS (tq_http_client_parent_class)->dispose (object);
}

static void
tq_http_client_finalize (GObject *object)
{
  TqHttpClient *self = (TqHttpClient *)object;

  g_clear_pointer (&self->base_uri, g_free);
  g_clear_pointer (&self->default_headers, soup_message_headers_unref);
  g_clear_pointer (&self->validators, g_hash_table_unref);
  g_clear_pointer (&self->entity_tags, g_hash_table_unref);
  g_clear_pointer (&self->caches, g_ptr_array_unref);

  G_OBJECT_CLASS (tq_http_client_parent_class)->finalize (object);
}

static void
tq_http_client_constructed (GObject *object)
{
  TqHttpClient *self = (TqHttpClient *)object;

  G_OBJECT_CLASS (tq_http_client_parent_class)->constructed (object);

  if (self->session == NULL)
    self->session = soup_session_new ();
}

static void
tq_http_client_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TqHttpClient *self = TQ_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;

    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_RESPONSE_SIZE:
      g_value_set_uint64 (value, self->max_response_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_http_client_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TqHttpClient *self = TQ_HTTP_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URI:
      tq_http_client_set_base_uri (self, g_value_get_string (value));
      break;

    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;

    case PROP_TIMEOUT:
      tq_http_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RESPONSE_SIZE:
      tq_http_client_set_max_response_size (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_http_client_class_init (TqHttpClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tq_http_client_constructed;
  object_class->dispose = tq_http_client_dispose;
  object_class->finalize = tq_http_client_finalize;
  object_class->get_property = tq_http_client_get_property;
  object_class->set_property = tq_http_client_set_property;

  /**
   * TqHttpClient:base-uri:
   *
   * The URI that paths are relative to, such as `https://api.example.com`
   * or `https://example.com/api/v1`: a path is appended to its path, so
   * `/todos` becomes `https://example.com/api/v1/todos`. Only `http` and
   * `https` URIs work.
   */
  properties [PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqHttpClient:session:
   *
   * The session that sends the requests, and keeps their connections
   * alive between them. By default a new one; give your application's own
   * to share its connections, proxy settings and cookies.
   */
  properties [PROP_SESSION] =
    g_param_spec_object ("session", NULL, NULL, SOUP_TYPE_SESSION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqHttpClient:timeout:
   *
   * How long a request may take, from sending it to the end of the
   * response body, in milliseconds of real time; 0 for no limit. A request
   * that takes longer fails with %G_IO_ERROR_TIMED_OUT. The default is
   * %TQ_HTTP_CLIENT_DEFAULT_TIMEOUT.
   */
  properties [PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       0, G_MAXUINT, TQ_HTTP_CLIENT_DEFAULT_TIMEOUT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqHttpClient:max-response-size:
   *
   * The largest response body the client reads, in bytes; 0 for no limit.
   * A larger one fails with %TQ_HTTP_ERROR_RESPONSE_TOO_LARGE as soon as
   * its `Content-Length` or the bytes received say so. The default is
   * %TQ_HTTP_CLIENT_DEFAULT_MAX_RESPONSE_SIZE.
   */
  properties [PROP_MAX_RESPONSE_SIZE] =
    g_param_spec_uint64 ("max-response-size", NULL, NULL,
                         0, G_MAXUINT64, TQ_HTTP_CLIENT_DEFAULT_MAX_RESPONSE_SIZE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_http_client_init (TqHttpClient *self)
{
  self->default_headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_replace (self->default_headers, "Accept", "application/json");
  self->validators = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) validators_free);
  self->entity_tags = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) entity_tag_free);
  self->caches = g_ptr_array_new ();
}

/* }}} */
/* Properties and settings {{{ */

/**
 * tq_http_client_new:
 * @base_uri: (nullable): the URI that paths are relative to
 *
 * Creates a client for the API at @base_uri, with a new
 * [class@Soup.Session]. Use g_object_new() to give it a session of your
 * own.
 *
 * Returns: (transfer full): a new client
 */
TqHttpClient *
tq_http_client_new (const char *base_uri)
{
  return g_object_new (TQ_TYPE_HTTP_CLIENT, "base-uri", base_uri, NULL);
}

/**
 * tq_http_client_get_base_uri:
 * @self: a client
 *
 * Gets the URI that paths are relative to.
 *
 * Returns: (nullable): the base URI
 */
const char *
tq_http_client_get_base_uri (TqHttpClient *self)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);

  return self->base_uri;
}

/**
 * tq_http_client_set_base_uri:
 * @self: a client
 * @base_uri: (nullable): the URI that paths are relative to
 *
 * Sets the URI that paths are relative to (see
 * [property@Tq.HttpClient:base-uri]). A URI that is not a valid `http` or
 * `https` URI is kept, and makes each request fail with
 * %TQ_HTTP_ERROR_INVALID_REQUEST.
 */
void
tq_http_client_set_base_uri (TqHttpClient *self,
                             const char   *base_uri)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));

  if (g_strcmp0 (self->base_uri, base_uri) == 0)
    return;

  g_free (self->base_uri);
  self->base_uri = g_strdup (base_uri);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URI]);
}

/**
 * tq_http_client_get_session:
 * @self: a client
 *
 * Gets the session that sends the client's requests.
 *
 * Returns: (transfer none): the session
 */
SoupSession *
tq_http_client_get_session (TqHttpClient *self)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);

  return self->session;
}

/**
 * tq_http_client_get_timeout:
 * @self: a client
 *
 * Gets how long a request may take.
 *
 * Returns: the timeout in milliseconds, 0 for none
 */
guint
tq_http_client_get_timeout (TqHttpClient *self)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), 0);

  return self->timeout;
}

/**
 * tq_http_client_set_timeout:
 * @self: a client
 * @timeout_ms: the timeout in milliseconds, 0 for none
 *
 * Sets how long a request may take (see [property@Tq.HttpClient:timeout]).
 * It applies to the requests started afterwards.
 */
void
tq_http_client_set_timeout (TqHttpClient *self,
                            guint         timeout_ms)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));

  if (self->timeout == timeout_ms)
    return;

  self->timeout = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

/**
 * tq_http_client_dup_entity_tag:
 * @self: a client
 * @path: a path relative to the base URI, or an absolute URI (see
 *   [method@Tq.HttpClient.build_uri])
 *
 * Gets the entity tag of the version of a URL that the client saw last: the
 * strong `ETag` of the last response from it, for a conditional write
 * (`If-Match`) of one's own. [method@Tq.HttpClient.apply_mutation_full]
 * with %TQ_HTTP_MUTATION_IF_MATCH sends it for you.
 *
 * The client learns it from every response with a strong `ETag`: a
 * query's `200` or `304`, the answer to a `PUT` or `PATCH` (so that a
 * second edit needs no fetch before it), and the answer to a `POST`, whose
 * tag is that of the item it created, at its `Location`. A successful
 * `DELETE`, a `404` and a `410` forget it; the answer to a request sent
 * before the one that gave the current tag never brings back an older
 * one. Weak tags (`W/"…"`) are not kept, since `If-Match` compares
 * strongly. Tags are kept for the 1024 URLs used last.
 *
 * Returns: (transfer full) (nullable): the entity tag, quotes included
 *   (`"57"`), or %NULL if the client has none for @path or @path makes no
 *   valid URI
 */
char *
tq_http_client_dup_entity_tag (TqHttpClient *self,
                               const char   *path)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  uri = tq_http_client_build_uri (self, path, NULL);
  if (uri == NULL)
    return NULL;

  return g_strdup (lookup_entity_tag (self, uri));
}

/**
 * tq_http_client_get_max_response_size:
 * @self: a client
 *
 * Gets the largest response body the client reads.
 *
 * Returns: the limit in bytes, 0 for none
 */
guint64
tq_http_client_get_max_response_size (TqHttpClient *self)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), 0);

  return self->max_response_size;
}

/**
 * tq_http_client_set_max_response_size:
 * @self: a client
 * @max_bytes: the limit in bytes, 0 for none
 *
 * Sets the largest response body the client reads (see
 * [property@Tq.HttpClient:max-response-size]). It applies to the requests
 * started afterwards.
 */
void
tq_http_client_set_max_response_size (TqHttpClient *self,
                                      guint64       max_bytes)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));

  if (self->max_response_size == max_bytes)
    return;

  self->max_response_size = max_bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RESPONSE_SIZE]);
}

/**
 * tq_http_client_get_default_header:
 * @self: a client
 * @name: a header name, such as `Accept`
 *
 * Gets a header that the client adds to every request.
 *
 * Returns: (nullable): the header's value, or %NULL if the client adds no
 *   such header
 */
const char *
tq_http_client_get_default_header (TqHttpClient *self,
                                   const char   *name)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_one (self->default_headers, name);
}

/**
 * tq_http_client_set_default_header:
 * @self: a client
 * @name: a header name, such as `Accept-Language`
 * @value: (nullable): its value, or %NULL to stop adding the header
 *
 * Sets a header that the client adds to every request that does not set
 * it itself. The client starts with `Accept: application/json`. For
 * `Authorization`, prefer [method@Tq.HttpClient.set_authorize_func], which
 * is asked at every request.
 */
void
tq_http_client_set_default_header (TqHttpClient *self,
                                   const char   *name,
                                   const char   *value)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (name != NULL && *name != '\0');

  if (value != NULL)
    soup_message_headers_replace (self->default_headers, name, value);
  else
    soup_message_headers_remove (self->default_headers, name);
}

/**
 * tq_http_client_set_authorize_func:
 * @self: a client
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the function that supplies `Authorization`, or %NULL for none
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the authorization hook: @func is asked for the `Authorization`
 * header of every request just before it is sent, so a bearer token that
 * was refreshed in the meantime is used at once. A request that already
 * has an `Authorization` header keeps it.
 */
void
tq_http_client_set_authorize_func (TqHttpClient        *self,
                                   TqHttpAuthorizeFunc  func,
                                   gpointer             user_data,
                                   GDestroyNotify       destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));

  old_destroy = self->authorize_destroy;
  old_data = self->authorize_data;

  self->authorize_func = func;
  self->authorize_data = user_data;
  self->authorize_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * tq_http_client_set_path_func:
 * @self: a client
 * @func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the function that maps keys to paths, or %NULL for the default
 *   mapping
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data
 *
 * Replaces the default mapping of query keys to URLs
 * ([func@Tq.http_key_to_path]) by @func. A function can fall back on the
 * default by calling [func@Tq.http_key_to_path] itself.
 */
void
tq_http_client_set_path_func (TqHttpClient   *self,
                              TqHttpPathFunc  func,
                              gpointer        user_data,
                              GDestroyNotify  destroy)
{
  GDestroyNotify old_destroy;
  gpointer old_data;

  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));

  old_destroy = self->path_destroy;
  old_data = self->path_data;

  self->path_func = func;
  self->path_data = user_data;
  self->path_destroy = destroy;

  if (old_destroy != NULL)
    old_destroy (old_data);
}

/**
 * tq_http_client_forget_validators:
 * @self: a client
 * @query_hash: (nullable): the hash of a query, or %NULL for every query
 *
 * Forgets the `ETag` and `Last-Modified` of a query's last response (or of
 * every query), so that its next fetch is unconditional. The client does
 * this itself when a cache it fetched for removes the query; an
 * application may want it when the user signs out, say.
 */
void
tq_http_client_forget_validators (TqHttpClient *self,
                                  const char   *query_hash)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));

  if (query_hash != NULL)
    {
      forget (self, query_hash);
      return;
    }

  g_hash_table_remove_all (self->validators);
  g_queue_init (&self->validator_lru);
}

guint
_tq_http_client_get_n_validators (TqHttpClient *self)
{
  return g_hash_table_size (self->validators);
}

guint
_tq_http_client_get_n_requests (TqHttpClient *self)
{
  return self->n_requests;
}

/* }}} */
/* Keys to paths {{{ */

static GVariant *
unwrap (GVariant *value)
{
  g_autoptr(GVariant) current = g_variant_ref (value);

  for (;;)
    {
      if (g_variant_is_of_type (current, G_VARIANT_TYPE_VARIANT))
        {
          GVariant *inner = g_variant_get_variant (current);

          g_variant_unref (current);
          current = inner;
        }
      else if (g_variant_is_of_type (current, G_VARIANT_TYPE_MAYBE))
        {
          GVariant *inner = g_variant_get_maybe (current);

          if (inner == NULL)
            return g_steal_pointer (&current);   /* nothing: null */
          g_variant_unref (current);
          current = inner;
        }
      else
        return g_steal_pointer (&current);
    }
}

static gboolean
is_null (GVariant *value)
{
  return g_variant_is_of_type (value, G_VARIANT_TYPE_MAYBE);
}

static gboolean
is_dictionary (GVariant *value)
{
  return g_variant_is_of_type (value, G_VARIANT_TYPE ("a{s*}"));
}

static char *
format_double (double d)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (d == floor (d) && fabs (d) < 9007199254740992.0)
    return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) d);

  /* The shortest text that reads back the same, as JavaScript prints. */
  g_ascii_formatd (buffer, sizeof buffer, "%.15g", d);
  if (g_ascii_strtod (buffer, NULL) != d)
    g_ascii_formatd (buffer, sizeof buffer, "%.17g", d);

  return g_strdup (buffer);
}

/* A scalar as URL text (not yet escaped), or NULL if @value is not one. */
static char *
variant_scalar_to_string (GVariant *value)
{
  switch (g_variant_classify (value))
    {
    case G_VARIANT_CLASS_BOOLEAN:
      return g_strdup (g_variant_get_boolean (value) ? "true" : "false");
    case G_VARIANT_CLASS_BYTE:
      return g_strdup_printf ("%u", (guint) g_variant_get_byte (value));
    case G_VARIANT_CLASS_INT16:
      return g_strdup_printf ("%d", (int) g_variant_get_int16 (value));
    case G_VARIANT_CLASS_UINT16:
      return g_strdup_printf ("%u", (guint) g_variant_get_uint16 (value));
    case G_VARIANT_CLASS_INT32:
      return g_strdup_printf ("%d", g_variant_get_int32 (value));
    case G_VARIANT_CLASS_UINT32:
      return g_strdup_printf ("%u", g_variant_get_uint32 (value));
    case G_VARIANT_CLASS_INT64:
      return g_strdup_printf ("%" G_GINT64_FORMAT, g_variant_get_int64 (value));
    case G_VARIANT_CLASS_UINT64:
      return g_strdup_printf ("%" G_GUINT64_FORMAT, g_variant_get_uint64 (value));
    case G_VARIANT_CLASS_DOUBLE:
      if (!isfinite (g_variant_get_double (value)))
        return NULL;
      return format_double (g_variant_get_double (value));
    case G_VARIANT_CLASS_STRING:
    case G_VARIANT_CLASS_OBJECT_PATH:
    case G_VARIANT_CLASS_SIGNATURE:
      return g_variant_dup_string (value, NULL);
    case G_VARIANT_CLASS_HANDLE:
    case G_VARIANT_CLASS_VARIANT:
    case G_VARIANT_CLASS_MAYBE:
    case G_VARIANT_CLASS_ARRAY:
    case G_VARIANT_CLASS_TUPLE:
    case G_VARIANT_CLASS_DICT_ENTRY:
    default:
      return NULL;
    }
}

static char *
json_scalar_to_string (JsonNode *node)
{
  GType type;

  if (!JSON_NODE_HOLDS_VALUE (node))
    return NULL;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE && isfinite (json_node_get_double (node)))
    return format_double (json_node_get_double (node));

  return NULL;
}

typedef struct
{
  char *name;
  char *value;
  guint source;   /* 0: the key, 1: the page parameter */
  guint order;
} Param;

static void
param_free (gpointer data)
{
  Param *param = data;

  g_free (param->name);
  g_free (param->value);
  g_free (param);
}

static void
add_param (GPtrArray  *params,
           const char *name,
           char       *value,
           guint       source)
{
  Param *param = g_new0 (Param, 1);

  param->name = g_strdup (name);
  param->value = value;
  param->source = source;
  param->order = params->len;
  g_ptr_array_add (params, param);
}

static int
compare_params (gconstpointer a,
                gconstpointer b)
{
  const Param *pa = *(const Param **) a;
  const Param *pb = *(const Param **) b;
  int cmp = strcmp (pa->name, pb->name);

  if (cmp != 0)
    return cmp;

  return pa->order < pb->order ? -1 : pa->order > pb->order;
}

static gboolean
add_variant_params (GPtrArray  *params,
                    GVariant   *dictionary,
                    guint       source,
                    GError    **error)
{
  GVariantIter iter;
  const char *name;
  GVariant *raw;

  g_variant_iter_init (&iter, dictionary);
  while (g_variant_iter_next (&iter, "{&s@*}", &name, &raw))
    {
      g_autoptr(GVariant) owned = raw;
      g_autoptr(GVariant) value = unwrap (raw);

      if (is_null (value))
        continue;

      if (g_variant_is_of_type (value, G_VARIANT_TYPE_ARRAY) && !is_dictionary (value))
        {
          gsize n = g_variant_n_children (value);

          for (gsize i = 0; i < n; i++)
            {
              g_autoptr(GVariant) child = g_variant_get_child_value (value, i);
              g_autoptr(GVariant) element = unwrap (child);
              char *text;

              if (is_null (element))
                continue;
              text = variant_scalar_to_string (element);
              if (text == NULL)
                goto nested;
              add_param (params, name, text, source);
            }
        }
      else
        {
          char *text = variant_scalar_to_string (value);

          if (text == NULL)
            goto nested;
          add_param (params, name, text, source);
        }
      continue;

    nested:
      g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                   "The query parameter “%s” has a value that is neither a string, a number, "
                   "a boolean nor a list of them", name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_json_params (GPtrArray   *params,
                 JsonObject  *object,
                 guint        source,
                 GError     **error)
{
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  json_object_iter_init (&iter, object);
  while (json_object_iter_next (&iter, &name, &value))
    {
      if (JSON_NODE_HOLDS_NULL (value))
        continue;

      if (JSON_NODE_HOLDS_ARRAY (value))
        {
          JsonArray *array = json_node_get_array (value);

          for (guint i = 0; i < json_array_get_length (array); i++)
            {
              JsonNode *element = json_array_get_element (array, i);
              char *text;

              if (JSON_NODE_HOLDS_NULL (element))
                continue;
              text = json_scalar_to_string (element);
              if (text == NULL)
                goto nested;
              add_param (params, name, text, source);
            }
        }
      else
        {
          char *text = json_scalar_to_string (value);

          if (text == NULL)
            goto nested;
          add_param (params, name, text, source);
        }
      continue;

    nested:
      g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                   "The page parameter “%s” has a value that is neither a string, a number, "
                   "a boolean nor a list of them", name);
      return FALSE;
    }

  return TRUE;
}

static gboolean
add_page_params (GPtrArray     *params,
                 const GValue  *page_param,
                 GError       **error)
{
  if (page_param == NULL || !G_IS_VALUE (page_param))
    return TRUE;

  if (G_VALUE_HOLDS (page_param, JSON_TYPE_NODE))
    {
      JsonNode *node = g_value_get_boxed (page_param);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return TRUE;
      if (JSON_NODE_HOLDS_OBJECT (node))
        return add_json_params (params, json_node_get_object (node), 1, error);
    }
  else if (G_VALUE_HOLDS (page_param, G_TYPE_VARIANT))
    {
      GVariant *variant = g_value_get_variant (page_param);
      g_autoptr(GVariant) value = variant != NULL ? unwrap (variant) : NULL;

      if (value == NULL || is_null (value))
        return TRUE;
      if (is_dictionary (value))
        return add_variant_params (params, value, 1, error);
    }

  g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
               "The default key mapping takes page parameters that are JSON objects or "
               "GVariant dictionaries, not %s; set a path function for others",
               G_VALUE_TYPE_NAME (page_param));
  return FALSE;
}

static void
append_escaped (GString    *out,
                const char *text)
{
  g_string_append_uri_escaped (out, text, NULL, FALSE);
}

/**
 * tq_http_key_to_path:
 * @query_key: a query key: a tuple or an array
 * @page_param: (nullable): the page parameter of an infinite query's page
 *   fetch, or %NULL
 * @error: return location for an error
 *
 * Maps a query key to a URL path and query string by Tq's default rule:
 *
 * - each string element of the key is a path segment, and so is each
 *   number (integers as such, other numbers as JavaScript prints them)
 *   and boolean (`true`, `false`);
 * - a dictionary as the **last** element gives the query string: its
 *   entries sorted by name, each value a string, number or boolean, or an
 *   array of them for a parameter that repeats; `nothing` (a null maybe)
 *   leaves the parameter out;
 * - an infinite query's page parameter, if it is a JSON object or a
 *   `a{sv}` dictionary, adds its members to the query string, replacing
 *   those of the key with the same name (so `{'_page': <2>}` as page
 *   parameter fetches page 2); a null page parameter adds nothing;
 * - segments and parameters are percent-encoded; variants and `just`
 *   maybes stand for their content.
 *
 * | key | path |
 * |---|---|
 * | `('todos',)` | `/todos` |
 * | `('users', 3, 'todos')` | `/users/3/todos` |
 * | `('todos', {'userId': <1>, '_page': <2>})` | `/todos?_page=2&userId=1` |
 * | `('todos', {'userId': <[1, 2]>})` | `/todos?userId=1&userId=2` |
 * | `('search', 'a b/c')` | `/search/a%20b%2Fc` |
 *
 * Anything else — an empty string, a nested tuple, a dictionary that is
 * not last, a value that is not a scalar in the query string, another kind
 * of page parameter — is %TQ_HTTP_ERROR_INVALID_REQUEST: give the client a
 * [callback@Tq.HttpPathFunc] for such keys.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 */
char *
tq_http_key_to_path (GVariant      *query_key,
                     const GValue  *page_param,
                     GError       **error)
{
  g_autoptr(GString) path = NULL;
  g_autoptr(GPtrArray) params = NULL;
  g_autoptr(GVariant) key = NULL;
  gsize n;

  g_return_val_if_fail (query_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  key = unwrap (query_key);
  if (!g_variant_is_container (key) || is_null (key) || is_dictionary (key))
    {
      g_autofree char *text = g_variant_print (query_key, FALSE);

      g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                   "The key %s is not a tuple or an array", text);
      return NULL;
    }

  path = g_string_new (NULL);
  params = g_ptr_array_new_with_free_func (param_free);
  n = g_variant_n_children (key);

  for (gsize i = 0; i < n; i++)
    {
      g_autoptr(GVariant) child = g_variant_get_child_value (key, i);
      g_autoptr(GVariant) element = unwrap (child);
      g_autofree char *text = NULL;

      if (is_dictionary (element) && i == n - 1)
        {
          if (!add_variant_params (params, element, 0, error))
            return NULL;
          continue;
        }

      text = is_null (element) ? NULL : variant_scalar_to_string (element);
      if (text == NULL || *text == '\0')
        {
          g_autofree char *key_text = g_variant_print (query_key, FALSE);

          g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                       "Element %" G_GSIZE_FORMAT " of the key %s cannot be a path segment: "
                       "the default mapping takes non-empty strings, numbers and booleans, "
                       "and a dictionary at the end",
                       i, key_text);
          return NULL;
        }

      g_string_append_c (path, '/');
      append_escaped (path, text);
    }

  if (!add_page_params (params, page_param, error))
    return NULL;

  if (path->len == 0)
    g_string_append_c (path, '/');

  /* Page parameters replace the key's parameters of the same name. */
  for (guint i = 0; i < params->len; )
    {
      Param *param = g_ptr_array_index (params, i);
      gboolean replaced = FALSE;

      for (guint j = 0; param->source == 0 && j < params->len && !replaced; j++)
        {
          Param *other = g_ptr_array_index (params, j);

          replaced = other->source == 1 && strcmp (other->name, param->name) == 0;
        }

      if (replaced)
        g_ptr_array_remove_index (params, i);
      else
        i++;
    }

  g_ptr_array_sort (params, compare_params);

  for (guint i = 0; i < params->len; i++)
    {
      Param *param = g_ptr_array_index (params, i);

      g_string_append_c (path, i == 0 ? '?' : '&');
      append_escaped (path, param->name);
      g_string_append_c (path, '=');
      append_escaped (path, param->value);
    }

  return g_string_free (g_steal_pointer (&path), FALSE);
}

/**
 * tq_http_client_build_path:
 * @self: a client
 * @query_key: a query key
 * @page_param: (nullable): the page parameter of an infinite query's page
 *   fetch, or %NULL
 * @error: return location for an error
 *
 * Maps a query key to the path that fetches it, with the client's
 * [callback@Tq.HttpPathFunc] if it has one, by the default rule of
 * [func@Tq.http_key_to_path] otherwise.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 *   (%TQ_HTTP_ERROR_INVALID_REQUEST for a key that does not map)
 */
char *
tq_http_client_build_path (TqHttpClient  *self,
                           GVariant      *query_key,
                           const GValue  *page_param,
                           GError       **error)
{
  char *path;

  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (query_key != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (page_param != NULL && !G_IS_VALUE (page_param))
    page_param = NULL;

  if (self->path_func == NULL)
    return tq_http_key_to_path (query_key, page_param, error);

  path = self->path_func (self, query_key, page_param, self->path_data, error);
  if (path == NULL && error != NULL && *error == NULL)
    {
      g_autofree char *text = g_variant_print (query_key, FALSE);

      g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                   "The path function maps no path for the key %s", text);
    }

  return path;
}

static gboolean
is_template_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.';
}

/**
 * tq_http_expand_path:
 * @path_template: a path with variables in braces, such as `/todos/{id}`
 * @variables: (nullable): the values: a JSON object whose members name the
 *   variables, or a single string or number that every variable stands for
 * @error: return location for an error
 *
 * Builds the path of a write from a template and a mutation's variables:
 * each `{name}` is replaced by the member `name` of @variables, a string,
 * number or boolean, percent-encoded as a path segment. So
 * `/users/{userId}/todos` with `{"userId": 3, "title": "Call Ada"}` is
 * `/users/3/todos`, and `/todos/{id}` with the bare number `7` is
 * `/todos/7`.
 *
 * A variable that @variables lacks, or whose value is not a scalar, and a
 * brace that is not closed, are %TQ_HTTP_ERROR_INVALID_REQUEST.
 *
 * Returns: (transfer full) (nullable): the path, or %NULL with @error set
 */
char *
tq_http_expand_path (const char  *path_template,
                     JsonNode    *variables,
                     GError     **error)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (path_template != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  out = g_string_new (NULL);

  for (p = path_template; *p != '\0'; p++)
    {
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;
      JsonNode *value = NULL;
      const char *end;

      if (*p != '{')
        {
          g_string_append_c (out, *p);
          continue;
        }

      for (end = p + 1; is_template_name_char (*end); end++)
        ;
      if (*end != '}' || end == p + 1)
        {
          g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                       "The path template “%s” has a brace that does not enclose a variable name",
                       path_template);
          return NULL;
        }

      name = g_strndup (p + 1, end - p - 1);

      if (variables != NULL && JSON_NODE_HOLDS_OBJECT (variables))
        value = json_object_get_member (json_node_get_object (variables), name);
      else if (variables != NULL && JSON_NODE_HOLDS_VALUE (variables))
        value = variables;

      if (value != NULL)
        text = json_scalar_to_string (value);

      if (text == NULL || *text == '\0')
        {
          g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                       "The path template “%s” needs “%s”, which the variables do not give "
                       "as a string, a number or a boolean",
                       path_template, name);
          return NULL;
        }

      append_escaped (out, text);
      p = end;
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* }}} */
/* Messages {{{ */

/**
 * tq_http_client_build_uri:
 * @self: a client
 * @path: a path with an optional query string, such as `/todos?userId=1`,
 *   or an absolute `http` or `https` URI
 * @error: return location for an error
 *
 * Resolves a path against [property@Tq.HttpClient:base-uri]: the path is
 * appended to the base URI's path. An absolute URI is used as it is.
 *
 * Returns: (transfer full) (nullable): the URI, or %NULL with @error set to
 *   %TQ_HTTP_ERROR_INVALID_REQUEST (no base URI, or a result that is not a
 *   valid `http` or `https` URI)
 */
char *
tq_http_client_build_uri (TqHttpClient  *self,
                          const char    *path,
                          GError       **error)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *joined = NULL;
  const char *scheme;

  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (g_uri_peek_scheme (path) != NULL)
    {
      joined = g_strdup (path);
    }
  else
    {
      gsize base_len;

      if (self->base_uri == NULL || *self->base_uri == '\0')
        {
          g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                       "The HTTP client has no base URI for the path “%s”", path);
          return NULL;
        }

      base_len = strlen (self->base_uri);
      while (base_len > 0 && self->base_uri[base_len - 1] == '/')
        base_len--;

      joined = g_strdup_printf ("%.*s%s%s", (int) base_len, self->base_uri,
                                (path[0] == '/' || path[0] == '?') ? "" : "/", path);
    }

  uri = g_uri_parse (joined, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                   "“%s” is not a valid URI: %s", joined, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if ((g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0) ||
      g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    {
      g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                   "“%s” is not an http or https URI with a host", joined);
      return NULL;
    }

  return g_uri_to_string (uri);
}

/**
 * tq_http_client_new_message:
 * @self: a client
 * @method: the HTTP method, such as `GET` or `PATCH`
 * @path: a path relative to the base URI, or an absolute URI (see
 *   [method@Tq.HttpClient.build_uri])
 * @body: (nullable): the request body, sent as `application/json`
 * @error: return location for an error
 *
 * Makes a request to send with [method@Tq.HttpClient.send_message_async],
 * for callers that need headers of their own (an `If-Match`, say). The
 * default headers and `Authorization` are added when it is sent.
 *
 * Returns: (transfer full) (nullable): the message, or %NULL with @error
 *   set to %TQ_HTTP_ERROR_INVALID_REQUEST
 */
SoupMessage *
tq_http_client_new_message (TqHttpClient  *self,
                            const char    *method,
                            const char    *path,
                            JsonNode      *body,
                            GError       **error)
{
  g_autofree char *uri_text = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessage *message;

  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && *method != '\0', NULL);
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  uri_text = tq_http_client_build_uri (self, path, error);
  if (uri_text == NULL)
    return NULL;

  uri = g_uri_parse (uri_text, SOUP_HTTP_URI_FLAGS, NULL);
  message = soup_message_new_from_uri (method, uri);

  if (body != NULL)
    {
      g_autofree char *text = json_to_string (body, FALSE);
      gsize len = strlen (text);
      g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&text), len);

      soup_message_set_request_body_from_bytes (message, "application/json", bytes);
    }

  return message;
}

static void
add_default_header (const char *name,
                    const char *value,
                    gpointer    user_data)
{
  SoupMessageHeaders *headers = user_data;

  if (soup_message_headers_get_one (headers, name) == NULL)
    soup_message_headers_append (headers, name, value);
}

/* Adds the default headers and the authorization; the WebSocket of
 * TqRealtime goes through here too. */
void
_tq_http_client_prepare_message (TqHttpClient *self,
                                 SoupMessage  *message)
{
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  soup_message_headers_foreach (self->default_headers, add_default_header, headers);

  if (self->authorize_func != NULL &&
      soup_message_headers_get_one (headers, "Authorization") == NULL)
    {
      g_autofree char *authorization = self->authorize_func (self, message, self->authorize_data);

      if (authorization != NULL)
        soup_message_headers_replace (headers, "Authorization", authorization);
    }
}

static char *
message_uri (SoupMessage *message)
{
  return g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_PASSWORD);
}

/* }}} */
/* Requests: send, read the body within the limits {{{ */

typedef struct
{
  TqHttpClient *client;
  SoupMessage  *message;
  GCancellable *cancellable;       /* ours: the caller's, the timeout */
  GCancellable *caller_cancellable;
  gulong        cancelled_handler;
  GMainContext *context;
  GSource      *timeout_source;
  GInputStream *stream;
  GByteArray   *buffer;
  guint64       limit;
  guint         timeout;
  gboolean      timed_out;
  guint64       sent;
  char         *uri;
} Request;

static void
request_free (Request *request)
{
  if (request->cancelled_handler != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->cancelled_handler);
  if (request->timeout_source != NULL)
    {
      g_source_destroy (request->timeout_source);
      g_source_unref (request->timeout_source);
    }
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  g_clear_pointer (&request->context, g_main_context_unref);
  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_pointer (&request->buffer, g_byte_array_unref);
  g_free (request->uri);
  request->client->n_requests--;
  g_object_unref (request->client);
  g_free (request);
}

static gboolean
cancel_idle (gpointer user_data)
{
  g_cancellable_cancel (G_CANCELLABLE (user_data));
  return G_SOURCE_REMOVE;
}

/* Passed on from an idle of the request's own context: aborting the
 * message can complete the request, whose end disconnects this handler,
 * which must not happen from inside the handler. */
static void
on_caller_cancelled (GCancellable *cancellable,
                     gpointer      user_data)
{
  Request *request = user_data;
  GSource *source = g_idle_source_new ();

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, cancel_idle, g_object_ref (request->cancellable), g_object_unref);
  g_source_set_static_name (source, "[tq] HTTP request cancelled");
  g_source_attach (source, request->context);
  g_source_unref (source);
}

static gboolean
on_timeout (gpointer user_data)
{
  Request *request = user_data;

  request->timed_out = TRUE;
  g_clear_pointer (&request->timeout_source, g_source_unref);
  g_cancellable_cancel (request->cancellable);

  return G_SOURCE_REMOVE;
}

/* Puts the errors of the layers below into the documented domains. */
static GError *
map_error (Request *request,
           GError  *error)
{
  GError *mapped;

  if (request->timed_out)
    {
      mapped = g_error_new (G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                            "No complete response from %s within %u ms",
                            request->uri, request->timeout);
    }
  else if (g_cancellable_is_cancelled (request->caller_cancellable))
    {
      mapped = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "The request was cancelled");
    }
  else if (error->domain == SOUP_SESSION_ERROR)
    {
      mapped = g_error_new (TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_RESPONSE,
                            "The response from %s is not valid HTTP: %s", request->uri, error->message);
      _tq_http_error_set_uri (mapped, request->uri);
    }
  else if (error->domain == G_RESOLVER_ERROR)
    {
      mapped = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_HOST_NOT_FOUND, error->message);
    }
  else
    {
      return error;
    }

  g_error_free (error);
  return mapped;
}

static void
request_fail (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);

  /* Cancelling aborts the message's I/O: the connection is closed rather
   * than drained, whatever is left of the body. */
  g_cancellable_cancel (request->cancellable);
  g_task_return_error (task, map_error (request, error));
}

static void
read_next (GTask *task);

static void
on_read (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) chunk = NULL;
  GError *error = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (source), result, &error);
  if (chunk == NULL)
    {
      request_fail (task, error);
      return;
    }

  if (g_bytes_get_size (chunk) == 0)
    {
      learn_entity_tag (request->client, request->message, request->uri, request->sent);
      g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->buffer)),
                             (GDestroyNotify) g_bytes_unref);
      return;
    }

  g_byte_array_append (request->buffer, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));

  if (request->limit > 0 && request->buffer->len > request->limit)
    {
      request_fail (task, g_error_new (TQ_HTTP_ERROR, TQ_HTTP_ERROR_RESPONSE_TOO_LARGE,
                                       "The response from %s is larger than %" G_GUINT64_FORMAT " bytes",
                                       request->uri, request->limit));
      return;
    }

  read_next (g_steal_pointer (&task));
}

static void
read_next (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  gsize count = READ_CHUNK;

  /* Never more than one byte past the limit. */
  if (request->limit > 0)
    count = MIN (count, request->limit - request->buffer->len + 1);

  g_input_stream_read_bytes_async (request->stream, count, G_PRIORITY_DEFAULT,
                                   request->cancellable, on_read, task);
}

static void
on_sent (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers;
  GError *error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (source), result, &error);
  if (request->stream == NULL)
    {
      request_fail (task, error);
      return;
    }

  headers = soup_message_get_response_headers (request->message);
  if (request->limit > 0 &&
      soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > request->limit)
    {
      request_fail (task, g_error_new (TQ_HTTP_ERROR, TQ_HTTP_ERROR_RESPONSE_TOO_LARGE,
                                       "The response from %s is %" G_GUINT64_FORMAT " bytes long, "
                                       "more than the limit of %" G_GUINT64_FORMAT,
                                       request->uri,
                                       (guint64) soup_message_headers_get_content_length (headers),
                                       request->limit));
      return;
    }

  read_next (g_steal_pointer (&task));
}

/* Sends @message and reads its whole body, within the client's limits.
 * Completes with the body (GBytes) or a transport error; the status is the
 * caller's to interpret.
 */
static void
request_async (TqHttpClient        *self,
               SoupMessage         *message,
               GCancellable        *cancellable,
               gpointer             source_tag,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *request;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, source_tag);
  g_task_set_check_cancellable (task, FALSE);

  request = g_new0 (Request, 1);
  request->client = g_object_ref (self);
  self->n_requests++;
  request->message = g_object_ref (message);
  request->cancellable = g_cancellable_new ();
  request->caller_cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  request->buffer = g_byte_array_new ();
  request->limit = self->max_response_size;
  request->timeout = self->timeout;
  request->uri = message_uri (message);
  request->context = g_main_context_ref (g_task_get_context (task));
  g_task_set_task_data (task, request, (GDestroyNotify) request_free);

  if (g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "The request was cancelled");
      return;
    }

  _tq_http_client_prepare_message (self, message);
  request->sent = ++self->n_sent;

  if (cancellable != NULL)
    request->cancelled_handler = g_cancellable_connect (cancellable, G_CALLBACK (on_caller_cancelled),
                                                        request, NULL);

  if (request->timeout > 0)
    {
      request->timeout_source = g_timeout_source_new (request->timeout);
      g_source_set_callback (request->timeout_source, on_timeout, request, NULL);
      g_source_set_static_name (request->timeout_source, "[tq] HTTP request timeout");
      g_source_attach (request->timeout_source, request->context);
    }

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, request->cancellable,
                           on_sent, g_steal_pointer (&task));
}

static GBytes *
request_finish (GAsyncResult  *result,
                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gboolean
is_blank (GBytes *bytes)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  for (gsize i = 0; i < size; i++)
    if (!g_ascii_isspace (data[i]))
      return FALSE;

  return TRUE;
}

static JsonNode *
parse_json (GBytes  *bytes,
            GError **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (!json_parser_load_from_data (parser, data, size, error))
    return NULL;

  return json_node_ref (json_parser_get_root (parser));
}

static gint64
response_retry_after (SoupMessage *message)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *value = soup_message_headers_get_one (headers, "Retry-After");
  const char *date_text = soup_message_headers_get_one (headers, "Date");
  g_autoptr(GDateTime) date = NULL;

  if (value == NULL)
    return -1;

  /* An HTTP date counts from the server's clock, not ours. */
  if (date_text != NULL)
    date = soup_date_time_new_from_http_string (date_text);
  if (date == NULL)
    date = g_date_time_new_now_utc ();

  return _tq_http_parse_retry_after (value, date);
}

/* Turns a response into JSON data or a TQ_HTTP_ERROR. */
static JsonNode *
interpret_response (SoupMessage  *message,
                    GBytes       *body,
                    GError      **error)
{
  g_autofree char *uri = message_uri (message);
  guint status = soup_message_get_status (message);
  g_autoptr(GError) parse_error = NULL;
  JsonNode *node = NULL;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      if (is_blank (body))
        return json_node_init_null (json_node_alloc ());

      node = parse_json (body, &parse_error);
      if (node == NULL)
        {
          g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_RESPONSE,
                       "The response from %s is not valid JSON: %s", uri, parse_error->message);
          _tq_http_error_set_uri (*error, uri);
        }

      return node;
    }

  /* An error response: its JSON body, if it has one, goes with the error. */
  if (!is_blank (body))
    node = parse_json (body, NULL);

  g_propagate_error (error, _tq_http_error_new_for_status (status, soup_message_get_reason_phrase (message),
                                                          uri, node, response_retry_after (message)));
  g_clear_pointer (&node, json_node_unref);

  return NULL;
}

/* }}} */
/* Sending {{{ */

static void
on_message_sent (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  SoupMessage *message = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  GError *error = NULL;
  JsonNode *node;

  body = request_finish (result, &error);
  if (body == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  node = interpret_response (message, body, &error);
  if (node == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, node, (GDestroyNotify) json_node_unref);
}

static void
send_message (TqHttpClient        *self,
              SoupMessage         *message,
              GCancellable        *cancellable,
              gpointer             source_tag,
              GAsyncReadyCallback  callback,
              gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);

  request_async (self, message, cancellable, source_tag, on_message_sent, task);
}

/**
 * tq_http_client_send_message_async:
 * @self: a client
 * @message: a request, from [method@Tq.HttpClient.new_message] or elsewhere
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called when the response has been read
 * @user_data: data for @callback
 *
 * Sends a request with the client's default headers and authorization, and
 * reads its response within the client's timeout and size limit. The
 * message's response headers can be read once it completes.
 */
void
tq_http_client_send_message_async (TqHttpClient        *self,
                                   SoupMessage         *message,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  send_message (self, message, cancellable, tq_http_client_send_message_async, callback, user_data);
}

/**
 * tq_http_client_send_message_finish:
 * @self: a client
 * @result: the result
 * @error: return location for an error
 *
 * Gets the outcome of [method@Tq.HttpClient.send_message_async]: the
 * response body parsed as JSON (a JSON `null` for a 204 or an empty body).
 *
 * Errors: a `TQ_HTTP_ERROR` whose code is the status for a status that is
 * not 2xx; %TQ_HTTP_ERROR_INVALID_RESPONSE for a body that is not JSON;
 * %TQ_HTTP_ERROR_RESPONSE_TOO_LARGE; %G_IO_ERROR_TIMED_OUT,
 * %G_IO_ERROR_CANCELLED and the other `G_IO_ERROR`s of the network.
 *
 * Returns: (transfer full) (nullable): the body, sealed; or %NULL with
 *   @error set
 */
JsonNode *
tq_http_client_send_message_finish (TqHttpClient  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tq_http_client_send_async:
 * @self: a client
 * @method: the HTTP method, such as `GET` or `POST`
 * @path: a path relative to the base URI, or an absolute URI
 * @body: (nullable): the request body, sent as `application/json`
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called when the response has been read
 * @user_data: data for @callback
 *
 * Sends a request and parses its response as JSON: the core of the HTTP
 * query and mutation functions, for code of its own. See
 * [method@Tq.HttpClient.send_message_async].
 */
void
tq_http_client_send_async (TqHttpClient        *self,
                           const char          *method,
                           const char          *path,
                           JsonNode            *body,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(SoupMessage) message = NULL;
  GError *error = NULL;

  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (method != NULL && *method != '\0');
  g_return_if_fail (path != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  message = tq_http_client_new_message (self, method, path, body, &error);
  if (message == NULL)
    {
      g_task_report_error (self, callback, user_data, tq_http_client_send_async, error);
      return;
    }

  send_message (self, message, cancellable, tq_http_client_send_async, callback, user_data);
}

static JsonNode *
send_finish (TqHttpClient  *self,
             GAsyncResult  *result,
             SoupMessage  **message,
             GError       **error)
{
  if (message != NULL)
    {
      SoupMessage *sent = g_task_get_task_data (G_TASK (result));

      *message = sent != NULL ? g_object_ref (sent) : NULL;
    }

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * tq_http_client_send_finish:
 * @self: a client
 * @result: the result
 * @message: (out) (optional) (nullable) (transfer full): the request and
 *   its response, to read headers such as `Location` or `X-Total-Count`;
 *   %NULL if the request could not be made
 * @error: return location for an error
 *
 * Gets the outcome of [method@Tq.HttpClient.send_async], with the errors
 * of [method@Tq.HttpClient.send_message_finish] and
 * %TQ_HTTP_ERROR_INVALID_REQUEST for a path that makes no valid URI.
 *
 * Returns: (transfer full) (nullable): the response body as JSON, sealed;
 *   or %NULL with @error set
 */
JsonNode *
tq_http_client_send_finish (TqHttpClient  *self,
                            GAsyncResult  *result,
                            SoupMessage  **message,
                            GError       **error)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return send_finish (self, result, message, error);
}

/**
 * tq_http_client_mutate_async:
 * @self: a client
 * @method: `POST`, `PUT`, `PATCH` or `DELETE` (or another method)
 * @path_template: the path, with variables in braces, such as
 *   `/todos/{id}` (see [func@Tq.http_expand_path])
 * @variables: (nullable): the mutation's variables
 * @cancellable: (nullable): a cancellable
 * @callback: (scope async): called when the response has been read
 * @user_data: data for @callback
 *
 * Sends a write: the request of an HTTP mutation function. The path is
 * @path_template filled in from @variables; the body is @variables as
 * JSON, except for `DELETE` (and `GET` or `HEAD`), which send none, and
 * for %NULL variables. So `PATCH /todos/{id}` with
 * `{"id": 1, "completed": true}` sends that object to `/todos/1`.
 *
 * The response is read as by [method@Tq.HttpClient.send_async]: a `201`
 * with the created item completes with the item, a `204` with a JSON
 * `null`.
 */
void
tq_http_client_mutate_async (TqHttpClient        *self,
                             const char          *method,
                             const char          *path_template,
                             JsonNode            *variables,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (method != NULL && *method != '\0');
  g_return_if_fail (path_template != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  _tq_http_client_mutate_full_async (self, method, path_template, variables, TQ_HTTP_MUTATION_NONE,
                                     cancellable, callback, user_data);
}

/* mutate_async() with flags: the request of the HTTP mutation functions. */
void
_tq_http_client_mutate_full_async (TqHttpClient        *self,
                                   const char          *method,
                                   const char          *path_template,
                                   JsonNode            *variables,
                                   TqHttpMutationFlags  flags,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *path = NULL;
  GError *error = NULL;
  gboolean has_body;

  has_body = variables != NULL &&
             g_ascii_strcasecmp (method, "DELETE") != 0 &&
             g_ascii_strcasecmp (method, "GET") != 0 &&
             g_ascii_strcasecmp (method, "HEAD") != 0;

  path = tq_http_expand_path (path_template, variables, &error);
  if (path != NULL)
    message = tq_http_client_new_message (self, method, path, has_body ? variables : NULL, &error);

  if (message == NULL)
    {
      g_task_report_error (self, callback, user_data, tq_http_client_mutate_async, error);
      return;
    }

  if (flags & TQ_HTTP_MUTATION_IF_MATCH)
    add_if_match (self, message);

  send_message (self, message, cancellable, tq_http_client_mutate_async, callback, user_data);
}

/**
 * tq_http_client_mutate_finish:
 * @self: a client
 * @result: the result
 * @message: (out) (optional) (nullable) (transfer full): the request and
 *   its response; %NULL if the request could not be made
 * @error: return location for an error
 *
 * Gets the outcome of [method@Tq.HttpClient.mutate_async], with the
 * errors of [method@Tq.HttpClient.send_finish]: a `409` or `412` is a
 * `TQ_HTTP_ERROR` with that code and the server's JSON error body.
 *
 * Returns: (transfer full) (nullable): the response body as JSON, sealed;
 *   or %NULL with @error set
 */
JsonNode *
tq_http_client_mutate_finish (TqHttpClient  *self,
                              GAsyncResult  *result,
                              SoupMessage  **message,
                              GError       **error)
{
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return send_finish (self, result, message, error);
}

/* }}} */
/* The query function {{{ */

typedef struct
{
  TqHttpClient           *client;
  TqQueryFunctionContext *context;
  TqQuery                *query;
  SoupMessage            *message;
  char                   *uri;
  JsonNode               *validated;   /* the data the validators stand for */
  gboolean                whole_query;
} QueryCall;

static void
query_call_free (QueryCall *call)
{
  g_clear_object (&call->client);
  g_clear_object (&call->context);
  g_clear_object (&call->query);
  g_clear_object (&call->message);
  g_clear_pointer (&call->validated, json_node_unref);
  g_free (call->uri);
  g_free (call);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (QueryCall, query_call_free)

static gboolean
query_is_cached (TqQuery *query)
{
  TqQueryCache *cache = tq_query_get_cache (query);

  return cache != NULL && _tq_query_cache_lookup (cache, _tq_query_get_canon (query)) == query;
}

static void
on_query_response (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(QueryCall) call = user_data;
  TqHttpClient *self = call->client;
  const char *hash = tq_query_get_hash (call->query);
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeaders *headers;
  GError *error = NULL;
  JsonNode *node;
  guint status;

  body = request_finish (result, &error);
  if (body == NULL)
    {
      tq_query_function_context_return_error (call->context, error);
      return;
    }

  status = soup_message_get_status (call->message);
  headers = soup_message_get_response_headers (call->message);

  if (status == SOUP_STATUS_NOT_MODIFIED && call->validated != NULL)
    {
      /* The data we hold is still the server's: complete with the very
       * same node, so the query keeps it, identity and all. */
      const char *etag = soup_message_headers_get_one (headers, "ETag");
      const char *last_modified = soup_message_headers_get_one (headers, "Last-Modified");
      Validators *v = lookup_validators (self, hash, call->uri);

      if (v != NULL && v->data == call->validated)
        {
          if (etag != NULL)
            {
              g_free (v->etag);
              v->etag = g_strdup (etag);
            }
          if (last_modified != NULL)
            {
              g_free (v->last_modified);
              v->last_modified = g_strdup (last_modified);
            }
        }

      tq_query_function_context_return_json (call->context, call->validated);
      return;
    }

  node = interpret_response (call->message, body, &error);
  if (node == NULL)
    {
      if (status == SOUP_STATUS_NOT_FOUND || status == SOUP_STATUS_GONE)
        forget (self, hash);
      tq_query_function_context_return_error (call->context, error);
      return;
    }

  if (call->whole_query && status == SOUP_STATUS_OK && query_is_cached (call->query))
    remember (self, hash, call->uri,
              soup_message_headers_get_one (headers, "ETag"),
              soup_message_headers_get_one (headers, "Last-Modified"),
              node);

  tq_query_function_context_return_json (call->context, node);
  json_node_unref (node);
}

/* Picks the validators to send, if the client has some for this URL. */
static void
add_validators (TqHttpClient *self,
                QueryCall    *call)
{
  TqQueryState *state = tq_query_get_state (call->query);
  SoupMessageHeaders *headers = soup_message_get_request_headers (call->message);
  Validators *v = lookup_validators (self, tq_query_get_hash (call->query), call->uri);
  const GValue *data;

  if (v == NULL)
    return;

  /* Hold on to the cache's own node when it is equal to ours (after
   * structural sharing kept the older one), so that only one copy of the
   * data stays alive. */
  data = tq_query_state_get_data (state);
  if (G_VALUE_HOLDS (data, JSON_TYPE_NODE) && g_value_get_boxed (data) != NULL &&
      g_value_get_boxed (data) != v->data && json_node_equal (g_value_get_boxed (data), v->data))
    {
      json_node_unref (v->data);
      v->data = json_node_ref (g_value_get_boxed (data));
    }

  if (v->etag != NULL)
    soup_message_headers_replace (headers, "If-None-Match", v->etag);
  if (v->last_modified != NULL)
    soup_message_headers_replace (headers, "If-Modified-Since", v->last_modified);

  call->validated = json_node_ref (v->data);
}

/**
 * tq_http_client_query_func:
 * @context: the fetch's context
 * @user_data: (type TqHttpClient): the client
 *
 * The HTTP query function, a [callback@Tq.QueryFunc] whose data is a
 * [class@Tq.HttpClient]: it maps the query's key to a URL with
 * [method@Tq.HttpClient.build_path], sends a `GET` with the query's
 * cancellable (taking it, so that a fetch nobody waits for any more is
 * aborted, rule 33) and completes with the response body as a `JsonNode`,
 * or with the error of [method@Tq.HttpClient.send_message_finish].
 *
 * Fetches of a whole query (not a page of an infinite query) are
 * conditional when the client has validators from the last response: a
 * `304` completes with that response's data, unchanged.
 *
 * Set it with [method@Tq.HttpClient.apply], which also sets the HTTP retry
 * policy, or directly:
 *
 * ```c
 * tq_query_options_set_query_func (options, tq_http_client_query_func,
 *                                  g_object_ref (http), g_object_unref);
 * ```
 */
void
tq_http_client_query_func (TqQueryFunctionContext *context,
                           gpointer                user_data)
{
  TqHttpClient *self = user_data;
  g_autoptr(QueryCall) call = NULL;
  g_autofree char *path = NULL;
  const GValue *page_param;
  SoupMessage *message;
  TqQuery *query;
  GError *error = NULL;

  g_return_if_fail (TQ_IS_QUERY_FUNCTION_CONTEXT (context));

  if (!TQ_IS_HTTP_CLIENT (self))
    {
      g_critical ("%s: the query function's data is not a TqHttpClient", G_STRFUNC);
      tq_query_function_context_return_new_error (context, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
                                                  "The HTTP query function was given no HTTP client");
      return;
    }

  query = tq_query_function_context_get_query (context);
  page_param = tq_query_function_context_get_page_param (context);
  if (!G_IS_VALUE (page_param))
    page_param = NULL;

  path = tq_http_client_build_path (self, tq_query_function_context_get_query_key (context), page_param, &error);
  if (path == NULL)
    {
      tq_query_function_context_return_error (context, error);
      return;
    }

  call = g_new0 (QueryCall, 1);
  call->client = g_object_ref (self);
  call->context = g_object_ref (context);
  call->query = g_object_ref (query);
  /* Pages of infinite queries: the cache holds all the pages, never the
   * one a validator would stand for. */
  call->whole_query = page_param == NULL &&
                      tq_query_function_context_get_direction (context) == TQ_FETCH_DIRECTION_NONE &&
                      !_tq_query_is_infinite (query);
  call->message = tq_http_client_new_message (self, "GET", path, NULL, &error);
  if (call->message == NULL)
    {
      tq_query_function_context_return_error (context, error);
      return;
    }
  call->uri = message_uri (call->message);

  if (tq_query_get_cache (query) != NULL)
    watch_cache (self, tq_query_get_cache (query));

  if (call->whole_query)
    add_validators (self, call);

  message = call->message;
  request_async (self, message, tq_query_function_context_get_cancellable (context),
                 tq_http_client_query_func, on_query_response, g_steal_pointer (&call));
}

/**
 * tq_http_client_apply:
 * @self: a client
 * @options: query options
 *
 * Makes @options fetch over HTTP with this client: sets
 * [func@Tq.HttpClient.query_func] as their query function (holding a
 * reference to the client), and, unless @options already set them, the
 * HTTP retry policy, [func@Tq.http_retry_policy] and
 * [func@Tq.http_retry_delay].
 *
 * Applied to the default options of a [class@Tq.QueryClient], it makes
 * every query an HTTP query whose URL is its key.
 */
void
tq_http_client_apply (TqHttpClient   *self,
                      TqQueryOptions *options)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (TQ_IS_QUERY_OPTIONS (options));

  tq_query_options_set_query_func (options, tq_http_client_query_func, g_object_ref (self), g_object_unref);

  if (!tq_query_options_is_set (options, "retry"))
    tq_query_options_set_retry_func (options, tq_http_retry_policy, NULL, NULL);
  if (!tq_query_options_is_set (options, "retry-delay"))
    tq_query_options_set_retry_delay_func (options, tq_http_retry_delay, NULL, NULL);
}

/* }}} */
