/* tq-demo-events.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "tq-demo-events.h"

/**
 * TqDemoEvents:
 *
 * Broadcasts the writes of a [class@TqDemoStore] to WebSocket clients.
 *
 * After every write has reached the data file, each open connection gets
 * one text message per changed item:
 * `{"type": "created", "resource": "todos", "id": 201}`, with `type` one of
 * `created`, `updated` and `deleted` (deleting a user sends one message for
 * the user, then one for each of the user's todos). After a reset of the
 * data it gets `{"type": "reset", "resource": null, "id": null}`.
 * Messages from clients are ignored.
 */

struct _TqDemoEvents
{
  GObject      parent_instance;

  TqDemoStore *store;
  GPtrArray   *connections;   /* SoupWebsocketConnection* */
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TqDemoEvents, tq_demo_events, G_TYPE_OBJECT)

static void
tq_demo_events_broadcast (TqDemoEvents *self,
                          const char   *type,
                          const char   *resource,
                          gint64        id)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  if (self->connections->len == 0)
    return;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, type);
  json_builder_set_member_name (builder, "resource");
  if (resource != NULL)
    json_builder_add_string_value (builder, resource);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "id");
  if (resource != NULL)
    json_builder_add_int_value (builder, id);
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);

  for (guint i = 0; i < self->connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (self->connections, i);

      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_send_text (connection, text);
    }
}

static void
on_item_changed (TqDemoEvents   *self,
                 TqDemoChange    change,
                 TqDemoResource  resource,
                 gint64          id,
                 TqDemoStore    *store)
{
  tq_demo_events_broadcast (self, tq_demo_change_to_string (change), tq_demo_resource_to_string (resource), id);
}

static void
on_reset (TqDemoEvents *self,
          TqDemoStore  *store)
{
  tq_demo_events_broadcast (self, "reset", NULL, 0);
}

static void
on_connection_closed (TqDemoEvents            *self,
                      SoupWebsocketConnection *connection)
{
  g_signal_handlers_disconnect_by_data (connection, self);
  g_ptr_array_remove (self->connections, connection);
}

static void
tq_demo_events_constructed (GObject *object)
{
  TqDemoEvents *self = (TqDemoEvents *) object;

  G_OBJECT_CLASS (tq_demo_events_parent_class)->constructed (object);

  g_signal_connect_object (self->store, "item-changed", G_CALLBACK (on_item_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->store, "reset", G_CALLBACK (on_reset), self, G_CONNECT_SWAPPED);
}

static void
tq_demo_events_dispose (GObject *object)
{
  TqDemoEvents *self = (TqDemoEvents *) object;

  while (self->connections->len > 0)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (self->connections, self->connections->len - 1);

      g_signal_handlers_disconnect_by_data (connection, self);
      g_ptr_array_remove_index (self->connections, self->connections->len - 1);
    }

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tq_demo_events_parent_class)->dispose (object);
}

static void
tq_demo_events_finalize (GObject *object)
{
  TqDemoEvents *self = (TqDemoEvents *) object;

  g_clear_pointer (&self->connections, g_ptr_array_unref);

  G_OBJECT_CLASS (tq_demo_events_parent_class)->finalize (object);
}

static void
tq_demo_events_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TqDemoEvents *self = TQ_DEMO_EVENTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_events_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TqDemoEvents *self = TQ_DEMO_EVENTS (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_events_class_init (TqDemoEventsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tq_demo_events_constructed;
  object_class->dispose = tq_demo_events_dispose;
  object_class->finalize = tq_demo_events_finalize;
  object_class->get_property = tq_demo_events_get_property;
  object_class->set_property = tq_demo_events_set_property;

  /**
   * TqDemoEvents:store:
   *
   * The store whose writes are broadcast.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TQ_DEMO_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_demo_events_init (TqDemoEvents *self)
{
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * tq_demo_events_new:
 * @store: the store to watch
 *
 * Returns: (transfer full): a new broadcaster of @store's writes
 */
TqDemoEvents *
tq_demo_events_new (TqDemoStore *store)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (store), NULL);

  return g_object_new (TQ_DEMO_TYPE_EVENTS, "store", store, NULL);
}

/**
 * tq_demo_events_add_connection:
 * @self: a broadcaster
 * @connection: an open server-side WebSocket connection
 *
 * Sends the following events to @connection, until it closes.
 */
void
tq_demo_events_add_connection (TqDemoEvents            *self,
                               SoupWebsocketConnection *connection)
{
  g_return_if_fail (TQ_DEMO_IS_EVENTS (self));
  g_return_if_fail (SOUP_IS_WEBSOCKET_CONNECTION (connection));

  g_ptr_array_add (self->connections, g_object_ref (connection));
  g_signal_connect_object (connection, "closed", G_CALLBACK (on_connection_closed), self, G_CONNECT_SWAPPED);
}

/**
 * tq_demo_events_get_n_connections:
 * @self: a broadcaster
 *
 * Returns: how many clients are connected
 */
guint
tq_demo_events_get_n_connections (TqDemoEvents *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_EVENTS (self), 0);

  return self->connections->len;
}

/**
 * tq_demo_events_close_all:
 * @self: a broadcaster
 *
 * Closes every connection with the status "going away" (1001), as a server
 * that shuts down does, and forgets them.
 */
void
tq_demo_events_close_all (TqDemoEvents *self)
{
  g_autoptr(GPtrArray) connections = NULL;

  g_return_if_fail (TQ_DEMO_IS_EVENTS (self));

  connections = g_steal_pointer (&self->connections);
  self->connections = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < connections->len; i++)
    {
      SoupWebsocketConnection *connection = g_ptr_array_index (connections, i);

      g_signal_handlers_disconnect_by_data (connection, self);
      if (soup_websocket_connection_get_state (connection) == SOUP_WEBSOCKET_STATE_OPEN)
        soup_websocket_connection_close (connection, SOUP_WEBSOCKET_CLOSE_GOING_AWAY, "The server is stopping");
    }
}
