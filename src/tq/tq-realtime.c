/* tq-realtime.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "tq-enum-types.h"
#include "tq-http-client-private.h"
#include "tq-key.h"
#include "tq-query.h"
#include "tq-query-cache.h"
#include "tq-query-filters.h"
#include "tq-query-state.h"
#include "tq-realtime.h"

/**
 * TqRealtime:
 *
 * Keeps a query client in step with a server that pushes change events over
 * a WebSocket.
 *
 * Each text message is a JSON event, handed to
 * [signal@Tq.Realtime::event]; the default handler maps the demo server's
 * (and many APIs') shape,
 * `{"type": "created" | "updated" | "deleted" | "reset", "resource": "todos", "id": 7}`,
 * to **invalidations**: every query under the key `('todos',)` — the list,
 * the item `('todos', 7)`, filtered lists such as
 * `('todos', {'userId': <1>})` — is invalidated, and the active ones are
 * refetched. A refetch cancels a fetch that was running (its response may
 * predate the change), so whatever the order in which events and responses
 * arrive, the data ends up as the server's. A `reset` invalidates every
 * query.
 *
 * When an event carries the whole item in a `data` member
 * (`{"type": "updated", "resource": "todos", "id": 7, "data": {…}}`), the
 * item's query `('todos', 7)`, if the cache holds it, gets the item with
 * [method@Tq.QueryClient.set_query_json] instead of a refetch; the other
 * queries of the resource are still invalidated.
 *
 * Invalidations are gathered over a burst of events (everything that
 * arrives before the main loop goes idle), so deleting a user with twenty
 * todos refetches each affected query once, not twenty-one times.
 *
 * For another event shape, connect to [signal@Tq.Realtime::event], call
 * [method@Tq.Realtime.invalidate] (or `set_query_data`) and return %TRUE:
 *
 * ```c
 * static gboolean
 * on_event (TqRealtime *realtime,
 *           JsonNode   *event,
 *           gpointer    user_data)
 * {
 *   JsonObject *object = json_node_get_object (event);
 *   const char *table = json_object_get_string_member_with_default (object, "table", NULL);
 *
 *   if (table == NULL)
 *     return FALSE;   // not ours: let the default rule have it
 *
 *   tq_realtime_invalidate (realtime, g_variant_new_parsed ("(%s,)", table));
 *   return TRUE;
 * }
 * ```
 *
 * ## Connection
 *
 * The WebSocket is opened at [property@Tq.Realtime:path], relative to the
 * base URI of the [class@Tq.HttpClient], with its session, default headers
 * and authorization. When the connection fails or closes, it is opened
 * again after [property@Tq.Realtime:reconnect-delay], doubling at each
 * failure up to [property@Tq.Realtime:max-reconnect-delay]. Events sent
 * while it was down are lost, so after reconnecting
 * [signal@Tq.Realtime::resync] is emitted, whose default handler
 * invalidates every query. The backoff runs on the query client's
 * [class@Tq.Clock], so tests move it with a [class@Tq.VirtualClock].
 */

/* Keeps a quiet connection open through proxies that drop idle ones. */
#define KEEPALIVE_INTERVAL_S 30

struct _TqRealtime
{
  GObject                  parent_instance;

  TqQueryClient           *client;
  TqHttpClient            *http;
  char                    *path;
  TqClock                 *clock;

  TqRealtimeState          state;
  guint                    reconnect_delay;
  guint                    max_reconnect_delay;
  guint                    failures;
  gboolean                 was_connected;

  GCancellable            *connect_cancellable;
  SoupWebsocketConnection *connection;
  guint                    reconnect_timer;

  /* The invalidations of the current burst of events */
  GPtrArray               *pending_keys;
  gboolean                 pending_all;
  GHashTable              *fresh;
  GSource                 *flush_source;
};

enum {
  PROP_0,
  PROP_QUERY_CLIENT,
  PROP_HTTP_CLIENT,
  PROP_PATH,
  PROP_STATE,
  PROP_RECONNECT_DELAY,
  PROP_MAX_RECONNECT_DELAY,
  N_PROPS
};

enum {
  EVENT,
  RESYNC,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqRealtime, tq_realtime, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void connect_now (TqRealtime *self);

static void
set_state (TqRealtime      *self,
           TqRealtimeState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Invalidation {{{ */

static gboolean
not_fresh (TqQuery  *query,
           gpointer  user_data)
{
  GHashTable *fresh = user_data;

  return !g_hash_table_contains (fresh, tq_query_get_hash (query));
}

static void
invalidate_with (TqRealtime *self,
                 GVariant   *key,
                 GHashTable *fresh)
{
  g_autoptr(TqQueryFilters) filters = tq_query_filters_new (key);

  if (g_hash_table_size (fresh) > 0)
    tq_query_filters_set_predicate (filters, not_fresh, g_hash_table_ref (fresh),
                                    (GDestroyNotify) g_hash_table_unref);

  tq_query_client_invalidate_queries_async (self->client, filters, TRUE, NULL, NULL, NULL);
}

static void
flush (TqRealtime *self)
{
  g_autoptr(GPtrArray) keys = g_steal_pointer (&self->pending_keys);
  g_autoptr(GHashTable) fresh = g_steal_pointer (&self->fresh);
  gboolean all = self->pending_all;

  self->pending_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->fresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->pending_all = FALSE;

  if (all)
    {
      invalidate_with (self, NULL, fresh);
      return;
    }

  /* A key under another pending one is covered by it: invalidating both
   * would refetch its queries twice. */
  for (guint i = 0; i < keys->len; i++)
    {
      GVariant *key = g_ptr_array_index (keys, i);
      gboolean covered = FALSE;

      for (guint j = 0; j < keys->len && !covered; j++)
        covered = j != i && tq_key_partial_match (key, g_ptr_array_index (keys, j)) &&
                  (!tq_key_partial_match (g_ptr_array_index (keys, j), key) || j < i);

      if (!covered)
        invalidate_with (self, key, fresh);
    }
}

static gboolean
flush_idle (gpointer user_data)
{
  TqRealtime *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_flush (TqRealtime *self)
{
  if (self->flush_source != NULL)
    return;

  /* Just below the default priority: the rest of a burst that is already
   * on the socket is read first. Not an idle priority: while GTK redraws
   * continuously (an animation whose frames take longer than the frame
   * interval), idle sources would never run and the events would never
   * reach the queries. */
  self->flush_source = g_idle_source_new ();
  g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT + 10);
  g_source_set_callback (self->flush_source, flush_idle, self, NULL);
  g_source_set_static_name (self->flush_source, "[tq] realtime invalidations");
  g_source_attach (self->flush_source, tq_clock_get_context (self->clock));
}

/**
 * tq_realtime_invalidate:
 * @self: a realtime helper
 * @query_key: (nullable): a key to match as a prefix, or %NULL for every
 *   query (a floating reference is sunk)
 *
 * Invalidates the queries under @query_key, and refetches the active ones,
 * once the current burst of events has been read: several calls for the
 * same or overlapping keys in one burst refetch each query once. This is
 * what the default event rule does, for handlers of
 * [signal@Tq.Realtime::event] to use too.
 */
void
tq_realtime_invalidate (TqRealtime *self,
                        GVariant   *query_key)
{
  g_autoptr(GVariant) key = NULL;
  g_autofree char *hash = NULL;

  g_return_if_fail (TQ_IS_REALTIME (self));

  if (query_key == NULL)
    {
      self->pending_all = TRUE;
      schedule_flush (self);
      return;
    }

  key = g_variant_ref_sink (query_key);
  hash = tq_key_hash (key);
  for (guint i = 0; i < self->pending_keys->len; i++)
    {
      g_autofree char *other = tq_key_hash (g_ptr_array_index (self->pending_keys, i));

      if (g_strcmp0 (hash, other) == 0)
        return;
    }

  g_ptr_array_add (self->pending_keys, g_steal_pointer (&key));
  schedule_flush (self);
}

/* }}} */
/* Events {{{ */

static const char *
string_member (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static GVariant *
item_key (const char *resource,
          JsonNode   *id)
{
  if (id == NULL || !JSON_NODE_HOLDS_VALUE (id))
    return NULL;

  if (json_node_get_value_type (id) == G_TYPE_INT64)
    return g_variant_ref_sink (g_variant_new ("(sx)", resource, json_node_get_int (id)));
  if (json_node_get_value_type (id) == G_TYPE_STRING)
    return g_variant_ref_sink (g_variant_new ("(ss)", resource, json_node_get_string (id)));

  return NULL;
}

/**
 * tq_realtime_apply_event:
 * @self: a realtime helper
 * @event: an event
 *
 * Applies the default rule to an event (see [class@Tq.Realtime]): for
 * `{"type": "created" | "updated" | "deleted", "resource": R, "id": I}`,
 * invalidates the queries under `(R,)`; with a `data` object, first sets it
 * as the data of `(R, I)` if the cache holds that query (cancelling a
 * fetch of it that may be older), and leaves that query out of the
 * invalidation. `{"type": "reset"}` invalidates every query.
 *
 * The default handler of [signal@Tq.Realtime::event] calls it; a handler of
 * its own can call it for the events it does not rewrite.
 *
 * Returns: %TRUE if @event had the expected shape, %FALSE if it was
 *   ignored
 */
gboolean
tq_realtime_apply_event (TqRealtime *self,
                         JsonNode   *event)
{
  g_autoptr(GVariant) key = NULL;
  JsonObject *object;
  const char *type;
  const char *resource;
  JsonNode *item;

  g_return_val_if_fail (TQ_IS_REALTIME (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (event))
    return FALSE;

  object = json_node_get_object (event);
  type = string_member (object, "type");
  if (type == NULL)
    return FALSE;

  if (g_str_equal (type, "reset"))
    {
      tq_realtime_invalidate (self, NULL);
      return TRUE;
    }

  if (!g_str_equal (type, "created") && !g_str_equal (type, "updated") && !g_str_equal (type, "deleted"))
    return FALSE;

  resource = string_member (object, "resource");
  if (resource == NULL || *resource == '\0')
    return FALSE;

  key = item_key (resource, json_object_get_member (object, "id"));
  item = json_object_get_member (object, "data");

  if (key != NULL)
    {
      g_autofree char *hash = tq_key_hash (key);
      TqQuery *query = tq_query_cache_get (tq_query_client_get_query_cache (self->client), hash);

      if (query != NULL && item != NULL && JSON_NODE_HOLDS_OBJECT (item) && !g_str_equal (type, "deleted"))
        {
          /* A fetch that started before the change would overwrite the
           * pushed item with what it read. */
          if (tq_query_state_get_fetch_status (tq_query_get_state (query)) != TQ_FETCH_STATUS_IDLE)
            tq_query_cancel (query, TRUE, TRUE);
          tq_query_client_set_query_json (self->client, key, item);
          g_hash_table_add (self->fresh, g_steal_pointer (&hash));
        }
      else
        {
          g_hash_table_remove (self->fresh, hash);
        }
    }

  tq_realtime_invalidate (self, g_variant_new ("(s)", resource));

  return TRUE;
}

static gboolean
tq_realtime_real_event (TqRealtime *self,
                        JsonNode   *event)
{
  if (!tq_realtime_apply_event (self, event))
    g_debug ("Realtime event ignored: it is not of the expected shape");

  return TRUE;
}

static gboolean
tq_realtime_real_resync (TqRealtime *self)
{
  tq_realtime_invalidate (self, NULL);
  return TRUE;
}

static void
on_message (SoupWebsocketConnection *connection,
            int                      type,
            GBytes                  *message,
            TqRealtime              *self)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) error = NULL;
  gboolean handled = FALSE;
  const char *data;
  gsize size;

  if (type != SOUP_WEBSOCKET_DATA_TEXT)
    return;

  data = g_bytes_get_data (message, &size);
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, size, &error))
    {
      g_debug ("Realtime event ignored: %s", error->message);
      return;
    }

  g_signal_emit (self, signals[EVENT], 0, json_parser_get_root (parser), &handled);
}

/* }}} */
/* Connection {{{ */

static void
drop_connection (TqRealtime *self)
{
  if (self->connection == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->connection, self);
  if (soup_websocket_connection_get_state (self->connection) == SOUP_WEBSOCKET_STATE_OPEN)
    soup_websocket_connection_close (self->connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
  g_clear_object (&self->connection);
}

static gboolean
on_reconnect_timer (gpointer user_data)
{
  TqRealtime *self = user_data;

  self->reconnect_timer = 0;
  connect_now (self);

  return G_SOURCE_REMOVE;
}

static void
schedule_reconnect (TqRealtime *self)
{
  guint64 delay = self->reconnect_delay;

  for (guint i = 0; i < self->failures && delay < self->max_reconnect_delay; i++)
    delay *= 2;
  delay = MIN (delay, self->max_reconnect_delay);
  self->failures++;

  set_state (self, TQ_REALTIME_STATE_WAITING);
  self->reconnect_timer = tq_clock_add_timeout (self->clock, delay, on_reconnect_timer, self);
}

static void
on_closed (SoupWebsocketConnection *connection,
           TqRealtime              *self)
{
  g_debug ("Realtime connection closed (code %u)", soup_websocket_connection_get_close_code (connection));

  drop_connection (self);
  schedule_reconnect (self);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(TqRealtime) self = user_data;
  g_autoptr(SoupWebsocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  gboolean handled = FALSE;

  connection = soup_session_websocket_connect_finish (SOUP_SESSION (source), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (self->state != TQ_REALTIME_STATE_CONNECTING)
    {
      /* Stopped while the handshake finished. */
      if (connection != NULL)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_NORMAL, NULL);
      return;
    }

  g_clear_object (&self->connect_cancellable);

  if (connection == NULL)
    {
      g_debug ("Realtime connection failed: %s", error->message);
      schedule_reconnect (self);
      return;
    }

  self->connection = g_steal_pointer (&connection);
  soup_websocket_connection_set_keepalive_interval (self->connection, KEEPALIVE_INTERVAL_S);
  g_signal_connect (self->connection, "message", G_CALLBACK (on_message), self);
  g_signal_connect (self->connection, "closed", G_CALLBACK (on_closed), self);

  self->failures = 0;
  set_state (self, TQ_REALTIME_STATE_CONNECTED);

  if (self->was_connected)
    g_signal_emit (self, signals[RESYNC], 0, &handled);
  self->was_connected = TRUE;
}

static void
connect_now (TqRealtime *self)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  message = tq_http_client_new_message (self->http, SOUP_METHOD_GET, self->path, NULL, &error);
  if (message == NULL)
    {
      g_debug ("Realtime connection failed: %s", error->message);
      schedule_reconnect (self);
      return;
    }

  _tq_http_client_prepare_message (self->http, message);

  set_state (self, TQ_REALTIME_STATE_CONNECTING);
  self->connect_cancellable = g_cancellable_new ();
  soup_session_websocket_connect_async (tq_http_client_get_session (self->http), message,
                                        NULL, NULL, G_PRIORITY_DEFAULT,
                                        self->connect_cancellable, on_connected, g_object_ref (self));
}

/**
 * tq_realtime_start:
 * @self: a realtime helper
 *
 * Opens the WebSocket, and keeps it open until [method@Tq.Realtime.stop].
 * Start it before the first fetches: events that happen before the first
 * connection are not made up for (only those missed between a connection
 * and the next are, by [signal@Tq.Realtime::resync]).
 */
void
tq_realtime_start (TqRealtime *self)
{
  g_return_if_fail (TQ_IS_REALTIME (self));

  if (self->state != TQ_REALTIME_STATE_STOPPED)
    return;

  self->failures = 0;
  self->was_connected = FALSE;
  connect_now (self);
}

/**
 * tq_realtime_stop:
 * @self: a realtime helper
 *
 * Closes the WebSocket (or stops connecting) and stops reconnecting.
 * Invalidations already gathered from events still run.
 */
void
tq_realtime_stop (TqRealtime *self)
{
  g_return_if_fail (TQ_IS_REALTIME (self));

  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }

  if (self->reconnect_timer != 0)
    {
      tq_clock_remove (self->clock, self->reconnect_timer);
      self->reconnect_timer = 0;
    }

  drop_connection (self);
  set_state (self, TQ_REALTIME_STATE_STOPPED);
}

/* }}} */
/* GObject {{{ */

static void
tq_realtime_dispose (GObject *object)
{
  TqRealtime *self = (TqRealtime *)object;

  if (self->clock != NULL)
    tq_realtime_stop (self);

  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  g_clear_object (&self->client);
  g_clear_object (&self->http);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (tq_realtime_parent_class)->dispose (object);
}

static void
tq_realtime_finalize (GObject *object)
{
  TqRealtime *self = (TqRealtime *)object;

  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->pending_keys, g_ptr_array_unref);
  g_clear_pointer (&self->fresh, g_hash_table_unref);

  G_OBJECT_CLASS (tq_realtime_parent_class)->finalize (object);
}

static void
tq_realtime_constructed (GObject *object)
{
  TqRealtime *self = (TqRealtime *)object;

  G_OBJECT_CLASS (tq_realtime_parent_class)->constructed (object);

  if (self->client == NULL)
    {
      g_critical ("A TqRealtime needs a query client");
      self->client = tq_query_client_new ();
    }
  if (self->http == NULL)
    {
      g_critical ("A TqRealtime needs an HTTP client");
      self->http = tq_http_client_new (NULL);
    }

  self->clock = g_object_ref (tq_query_client_get_clock (self->client));
}

static void
tq_realtime_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  TqRealtime *self = TQ_REALTIME (object);

  switch (prop_id)
    {
    case PROP_QUERY_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_HTTP_CLIENT:
      g_value_set_object (value, self->http);
      break;

    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_RECONNECT_DELAY:
      g_value_set_uint (value, self->reconnect_delay);
      break;

    case PROP_MAX_RECONNECT_DELAY:
      g_value_set_uint (value, self->max_reconnect_delay);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_realtime_set_property (GObject      *object,
                          guint         prop_id,
                          const GValue *value,
                          GParamSpec   *pspec)
{
  TqRealtime *self = TQ_REALTIME (object);

  switch (prop_id)
    {
    case PROP_QUERY_CLIENT:
      self->client = g_value_dup_object (value);
      break;

    case PROP_HTTP_CLIENT:
      self->http = g_value_dup_object (value);
      break;

    case PROP_PATH:
      self->path = g_value_dup_string (value);
      if (self->path == NULL)
        self->path = g_strdup ("/events");
      break;

    case PROP_RECONNECT_DELAY:
      tq_realtime_set_reconnect_delay (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RECONNECT_DELAY:
      tq_realtime_set_max_reconnect_delay (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_realtime_class_init (TqRealtimeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tq_realtime_constructed;
  object_class->dispose = tq_realtime_dispose;
  object_class->finalize = tq_realtime_finalize;
  object_class->get_property = tq_realtime_get_property;
  object_class->set_property = tq_realtime_set_property;

  /**
   * TqRealtime:query-client:
   *
   * The query client whose queries the events invalidate.
   */
  properties [PROP_QUERY_CLIENT] =
    g_param_spec_object ("query-client", NULL, NULL, TQ_TYPE_QUERY_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqRealtime:http-client:
   *
   * The HTTP client whose session, base URI, default headers and
   * authorization open the WebSocket.
   */
  properties [PROP_HTTP_CLIENT] =
    g_param_spec_object ("http-client", NULL, NULL, TQ_TYPE_HTTP_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqRealtime:path:
   *
   * Where the WebSocket is, relative to the HTTP client's base URI (or an
   * absolute `http`/`https` URI): `/events` by default.
   */
  properties [PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, "/events",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqRealtime:state:
   *
   * Whether the helper is connected, connecting, waiting to reconnect or
   * stopped.
   */
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TQ_TYPE_REALTIME_STATE, TQ_REALTIME_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqRealtime:reconnect-delay:
   *
   * How long to wait before the first attempt to reconnect, in
   * milliseconds on the query client's clock; each failed attempt doubles
   * it, up to [property@Tq.Realtime:max-reconnect-delay].
   */
  properties [PROP_RECONNECT_DELAY] =
    g_param_spec_uint ("reconnect-delay", NULL, NULL,
                       0, G_MAXUINT, TQ_REALTIME_DEFAULT_RECONNECT_DELAY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqRealtime:max-reconnect-delay:
   *
   * The longest wait between attempts to reconnect, in milliseconds.
   */
  properties [PROP_MAX_RECONNECT_DELAY] =
    g_param_spec_uint ("max-reconnect-delay", NULL, NULL,
                       0, G_MAXUINT, TQ_REALTIME_DEFAULT_MAX_RECONNECT_DELAY,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqRealtime::event:
   * @self: the realtime helper
   * @event: the event, parsed from a text message (messages that are not
   *   JSON are dropped)
   *
   * Emitted for each event the server sends. The default handler applies
   * the default rule ([method@Tq.Realtime.apply_event]); a handler that
   * maps the event itself returns %TRUE to stop it.
   *
   * Returns: %TRUE if the event was handled
   */
  signals [EVENT] =
    g_signal_new_class_handler ("event",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (tq_realtime_real_event),
                                g_signal_accumulator_true_handled, NULL,
                                NULL,
                                G_TYPE_BOOLEAN, 1, JSON_TYPE_NODE);

  /**
   * TqRealtime::resync:
   * @self: the realtime helper
   *
   * Emitted when the WebSocket is open again after it was lost: events may
   * have been missed. The default handler invalidates every query (and
   * refetches the active ones); a handler that knows better does its own
   * invalidations and returns %TRUE.
   *
   * Returns: %TRUE if the resync was handled
   */
  signals [RESYNC] =
    g_signal_new_class_handler ("resync",
                                G_TYPE_FROM_CLASS (klass),
                                G_SIGNAL_RUN_LAST,
                                G_CALLBACK (tq_realtime_real_resync),
                                g_signal_accumulator_true_handled, NULL,
                                NULL,
                                G_TYPE_BOOLEAN, 0);
}

static void
tq_realtime_init (TqRealtime *self)
{
  self->path = NULL;
  self->pending_keys = g_ptr_array_new_with_free_func ((GDestroyNotify) g_variant_unref);
  self->fresh = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

/* }}} */
/* Public API {{{ */

/**
 * tq_realtime_new:
 * @client: the query client whose queries events invalidate
 * @http_client: the HTTP client that opens the WebSocket
 * @path: (nullable): where the WebSocket is, relative to the HTTP client's
 *   base URI; %NULL for `/events`
 *
 * Creates a realtime helper. It does nothing until
 * [method@Tq.Realtime.start].
 *
 * Returns: (transfer full): a new realtime helper
 */
TqRealtime *
tq_realtime_new (TqQueryClient *client,
                 TqHttpClient  *http_client,
                 const char    *path)
{
  g_return_val_if_fail (TQ_IS_QUERY_CLIENT (client), NULL);
  g_return_val_if_fail (TQ_IS_HTTP_CLIENT (http_client), NULL);

  return g_object_new (TQ_TYPE_REALTIME,
                       "query-client", client,
                       "http-client", http_client,
                       "path", path,
                       NULL);
}

/**
 * tq_realtime_get_query_client:
 * @self: a realtime helper
 *
 * Gets the query client whose queries the events invalidate.
 *
 * Returns: (transfer none): the query client
 */
TqQueryClient *
tq_realtime_get_query_client (TqRealtime *self)
{
  g_return_val_if_fail (TQ_IS_REALTIME (self), NULL);

  return self->client;
}

/**
 * tq_realtime_get_http_client:
 * @self: a realtime helper
 *
 * Gets the HTTP client that opens the WebSocket.
 *
 * Returns: (transfer none): the HTTP client
 */
TqHttpClient *
tq_realtime_get_http_client (TqRealtime *self)
{
  g_return_val_if_fail (TQ_IS_REALTIME (self), NULL);

  return self->http;
}

/**
 * tq_realtime_get_path:
 * @self: a realtime helper
 *
 * Gets where the WebSocket is (see [property@Tq.Realtime:path]).
 *
 * Returns: where the WebSocket is
 */
const char *
tq_realtime_get_path (TqRealtime *self)
{
  g_return_val_if_fail (TQ_IS_REALTIME (self), NULL);

  return self->path;
}

/**
 * tq_realtime_get_state:
 * @self: a realtime helper
 *
 * Gets whether the helper is connected, connecting, waiting to reconnect
 * or stopped.
 *
 * Returns: the connection state
 */
TqRealtimeState
tq_realtime_get_state (TqRealtime *self)
{
  g_return_val_if_fail (TQ_IS_REALTIME (self), TQ_REALTIME_STATE_STOPPED);

  return self->state;
}

/**
 * tq_realtime_get_reconnect_delay:
 * @self: a realtime helper
 *
 * Gets [property@Tq.Realtime:reconnect-delay].
 *
 * Returns: the first delay before reconnecting, in milliseconds
 */
guint
tq_realtime_get_reconnect_delay (TqRealtime *self)
{
  g_return_val_if_fail (TQ_IS_REALTIME (self), 0);

  return self->reconnect_delay;
}

/**
 * tq_realtime_set_reconnect_delay:
 * @self: a realtime helper
 * @delay_ms: the first delay before reconnecting, in milliseconds
 *
 * Sets [property@Tq.Realtime:reconnect-delay], for the next reconnection.
 */
void
tq_realtime_set_reconnect_delay (TqRealtime *self,
                                 guint       delay_ms)
{
  g_return_if_fail (TQ_IS_REALTIME (self));

  if (self->reconnect_delay == delay_ms)
    return;

  self->reconnect_delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RECONNECT_DELAY]);
}

/**
 * tq_realtime_get_max_reconnect_delay:
 * @self: a realtime helper
 *
 * Gets [property@Tq.Realtime:max-reconnect-delay].
 *
 * Returns: the longest delay before reconnecting, in milliseconds
 */
guint
tq_realtime_get_max_reconnect_delay (TqRealtime *self)
{
  g_return_val_if_fail (TQ_IS_REALTIME (self), 0);

  return self->max_reconnect_delay;
}

/**
 * tq_realtime_set_max_reconnect_delay:
 * @self: a realtime helper
 * @delay_ms: the longest delay before reconnecting, in milliseconds
 *
 * Sets [property@Tq.Realtime:max-reconnect-delay], for the next
 * reconnection.
 */
void
tq_realtime_set_max_reconnect_delay (TqRealtime *self,
                                     guint       delay_ms)
{
  g_return_if_fail (TQ_IS_REALTIME (self));

  if (self->max_reconnect_delay == delay_ms)
    return;

  self->max_reconnect_delay = delay_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_RECONNECT_DELAY]);
}

/* }}} */
