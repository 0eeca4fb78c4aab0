/* tq-demo-server.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "tq-demo-events.h"
#include "tq-demo-query.h"
#include "tq-demo-server.h"

/**
 * TqDemoServer:
 *
 * The demo REST server: todos and users over HTTP, with json-server 0.17's
 * conventions and JSONPlaceholder's resource shapes, so that a client works
 * against either. It is what `tq-demo-server` runs, and what the demo app
 * and Tq's HTTP tests embed and start in-process.
 *
 * Routes (see `src/demo-server/README.md` for the details):
 *
 * - `GET`, `POST` `/todos` and `/users`; `GET`, `PUT`, `PATCH`, `DELETE`
 *   `/todos/:id` and `/users/:id`; `GET`, `POST` `/users/:id/todos`;
 *   lists take json-server's parameters (filters, `q`, `_sort`, `_order`,
 *   `_page`, `_limit`, `_start`, `_end`, `_embed`, `_expand`), see
 *   [func@tq_demo_query_run];
 * - every item has a version, sent as its `ETag`; `If-None-Match` gives
 *   304, `If-Match` on a write that does not match gives 412;
 * - `GET /events` is a WebSocket that broadcasts every write, see
 *   [class@TqDemoEvents];
 * - `/__admin/faults` (`GET`, `PUT`, `PATCH`, `DELETE`) shows and changes
 *   the fault injector ([class@TqDemoFaults]); `POST /__admin/reset` puts
 *   the seed data back. Admin requests and the WebSocket never meet faults.
 *
 * Errors are JSON objects: `{"status": 404, "error": "Not Found",
 * "message": "There is no todo with id 999"}`.
 *
 * A write is answered only once the data file has been written.
 *
 * Everything runs on the thread-default main context of the thread that
 * calls [method@TqDemoServer.listen]; the server uses no threads.
 */

struct _TqDemoServer
{
  GObject       parent_instance;

  TqDemoStore  *store;
  TqDemoFaults *faults;
  TqDemoEvents *events;
  SoupServer   *soup;
  char         *base_uri;
  guint         port;
  GHashTable   *delayed;   /* SoupServerMessage* → Delayed*, requests waiting out their latency */
};

typedef struct
{
  TqDemoServer      *self;
  SoupServerMessage *msg;
  TqDemoFault        fault;
  guint              status;
  GSource           *source;
  gulong             disconnected_id;
} Delayed;

enum {
  PROP_0,
  PROP_STORE,
  PROP_FAULTS,
  PROP_BASE_URI,
  PROP_PORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TqDemoServer, tq_demo_server, G_TYPE_OBJECT)

#define JSON_CONTENT_TYPE "application/json; charset=utf-8"
#define MAX_SAFE_ID G_GINT64_CONSTANT (9007199254740991)
#define LISTEN_BACKLOG 128

static GQuark too_large_quark;

/* Responses */

static void
respond_json (SoupServerMessage *msg,
              guint              status,
              JsonNode          *node)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *data;

  /* Pretty-printed with two spaces, as json-server answers */
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, node);
  data = json_generator_to_data (generator, &length);

  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, JSON_CONTENT_TYPE, SOUP_MEMORY_TAKE, data, length);
}

static void
respond_object (SoupServerMessage *msg,
                guint              status,
                JsonObject        *object)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), object);

  respond_json (msg, status, node);
}

static void
respond_error_literal (SoupServerMessage *msg,
                       guint              status,
                       const char        *message)
{
  g_autoptr(JsonObject) object = json_object_new ();

  json_object_set_int_member (object, "status", status);
  json_object_set_string_member (object, "error", soup_status_get_phrase (status));
  json_object_set_string_member (object, "message", message);
  respond_object (msg, status, object);
}

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *format,
               ...) G_GNUC_PRINTF (3, 4);

static void
respond_error (SoupServerMessage *msg,
               guint              status,
               const char        *format,
               ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  respond_error_literal (msg, status, message);
}

static void
respond_gerror (SoupServerMessage *msg,
                const GError      *error)
{
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (error->domain == TQ_DEMO_STORE_ERROR)
    {
      switch ((TqDemoStoreError) error->code)
        {
        case TQ_DEMO_STORE_ERROR_NOT_FOUND:
          status = SOUP_STATUS_NOT_FOUND;
          break;
        case TQ_DEMO_STORE_ERROR_INVALID:
          status = SOUP_STATUS_BAD_REQUEST;
          break;
        case TQ_DEMO_STORE_ERROR_CONFLICT:
          status = SOUP_STATUS_CONFLICT;
          break;
        case TQ_DEMO_STORE_ERROR_CORRUPT:
        default:
          break;
        }
    }
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT) ||
           error->domain == G_REGEX_ERROR)
    {
      status = SOUP_STATUS_BAD_REQUEST;
    }

  if (status == SOUP_STATUS_INTERNAL_SERVER_ERROR && error->domain != TQ_DEMO_STORE_ERROR)
    respond_error (msg, status, "The change could not be saved: %s", error->message);
  else
    respond_error_literal (msg, status, error->message);
}

static void
respond_method_not_allowed (SoupServerMessage *msg,
                            const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  respond_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, "%s is not allowed here (allowed: %s)",
                 soup_server_message_get_method (msg), allow);
}

static void
respond_options (SoupServerMessage *msg,
                 const char        *allow)
{
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Allow", allow);
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* Request helpers */

static gboolean
method_is (SoupServerMessage *msg,
           const char        *method)
{
  return strcmp (soup_server_message_get_method (msg), method) == 0;
}

static gboolean
method_is_read (SoupServerMessage *msg)
{
  return method_is (msg, SOUP_METHOD_GET) || method_is (msg, SOUP_METHOD_HEAD);
}

/* Only the canonical decimal form names an item, as json-server compares
 * the id's text: /todos/01 is not /todos/1. */
static gboolean
parse_id (const char *text,
          gint64     *id)
{
  guint64 value;

  if (text[0] == '0' || !g_ascii_string_to_unsigned (text, 10, 1, MAX_SAFE_ID, &value, NULL))
    return FALSE;

  *id = (gint64) value;

  return TRUE;
}

static char *
request_origin (SoupServerMessage *msg)
{
  const char *host = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "Host");
  GUri *uri = soup_server_message_get_uri (msg);

  if (host != NULL && host[0] != '\0')
    return g_strconcat ("http://", host, NULL);

  return g_uri_join (G_URI_FLAGS_NONE, "http", NULL, g_uri_get_host (uri), g_uri_get_port (uri), "", NULL, NULL);
}

/* The URL as the client asked for it, as json-server builds its links */
static char *
request_url (SoupServerMessage *msg)
{
  GUri *uri = soup_server_message_get_uri (msg);
  g_autofree char *origin = request_origin (msg);
  const char *query = g_uri_get_query (uri);

  return g_strconcat (origin, g_uri_get_path (uri), query != NULL ? "?" : "", query != NULL ? query : "", NULL);
}

static JsonObject *
parse_body_object (SoupServerMessage  *msg,
                   GError            **error)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (size == 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The request body must be a JSON object, and it is empty");
      return NULL;
    }

  if (!json_parser_load_from_data (parser, data, size, &local_error))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "The request body is not valid JSON: %s", local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           "The request body must be a JSON object");
      return NULL;
    }

  return json_object_ref (json_node_get_object (root));
}

/* Entity tags */

static char *
etag_for_version (guint64 version)
{
  return g_strdup_printf ("\"%" G_GUINT64_FORMAT "\"", version);
}

static void
set_etag (SoupServerMessage *msg,
          guint64            version)
{
  g_autofree char *etag = etag_for_version (version);

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "ETag", etag);
}

/* Whether the list of entity tags in @header (If-Match, If-None-Match)
 * names @version. With @weak, W/"5" matches "5" (If-None-Match); without,
 * only "5" does (If-Match). */
static gboolean
etag_list_matches (const char *header,
                   guint64     version,
                   gboolean    weak)
{
  g_autofree char *etag = etag_for_version (version);
  g_auto(GStrv) tags = g_strsplit (header, ",", -1);

  for (guint i = 0; tags[i] != NULL; i++)
    {
      const char *tag = g_strstrip (tags[i]);
      gboolean is_weak = g_str_has_prefix (tag, "W/");

      if (strcmp (tag, "*") == 0)
        return TRUE;
      if (is_weak && !weak)
        continue;
      if (strcmp (is_weak ? tag + 2 : tag, etag) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
not_modified (SoupServerMessage *msg,
              guint64            version)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-None-Match");

  if (header == NULL || !etag_list_matches (header, version, TRUE))
    return FALSE;

  set_etag (msg, version);
  soup_server_message_set_status (msg, SOUP_STATUS_NOT_MODIFIED, NULL);

  return TRUE;
}

static gboolean
precondition_failed (SoupServerMessage *msg,
                     TqDemoResource     resource,
                     gint64             id,
                     guint64            version)
{
  const char *header = soup_message_headers_get_one (soup_server_message_get_request_headers (msg), "If-Match");

  if (header == NULL || etag_list_matches (header, version, FALSE))
    return FALSE;

  set_etag (msg, version);
  respond_error (msg, SOUP_STATUS_PRECONDITION_FAILED,
                 "The %s with id %" G_GINT64_FORMAT " has changed: its version is \"%" G_GUINT64_FORMAT "\", not %s",
                 resource == TQ_DEMO_RESOURCE_USERS ? "user" : "todo", id, version, header);

  return TRUE;
}

/* Lists and items */

static GPtrArray *
query_get_all (GPtrArray  *params,
               const char *key)
{
  GPtrArray *values = g_ptr_array_new ();

  for (guint i = 0; i < params->len; i++)
    {
      TqDemoQueryParam *param = g_ptr_array_index (params, i);

      if (strcmp (param->key, key) == 0)
        g_ptr_array_add (values, param->value);
    }

  return values;
}

/* json-server's _embed (children whose "<singular>Id" is the item's id,
 * an empty array for an unknown collection) and _expand (the parent named
 * by "<name>Id"). */
static JsonNode *
decorate_item (TqDemoServer   *self,
               TqDemoResource  resource,
               JsonObject     *object,
               GPtrArray      *embeds,
               GPtrArray      *expands)
{
  g_autoptr(JsonObject) copy = NULL;
  g_autoptr(GList) members = NULL;
  gint64 id = json_object_get_int_member (object, "id");

  if (embeds->len == 0 && expands->len == 0)
    return json_node_init_object (json_node_alloc (), object);

  copy = json_object_new ();
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (object, l->data)));

  for (guint i = 0; i < embeds->len; i++)
    {
      const char *name = g_ptr_array_index (embeds, i);
      g_autofree char *foreign_key = g_strconcat (resource == TQ_DEMO_RESOURCE_USERS ? "user" : "todo", "Id", NULL);
      JsonArray *children = json_array_new ();
      TqDemoResource child_resource;

      if (tq_demo_resource_from_string (name, &child_resource))
        {
          g_autoptr(GPtrArray) items = tq_demo_store_list (self->store, child_resource);

          for (guint j = 0; j < items->len; j++)
            {
              JsonObject *child = g_ptr_array_index (items, j);
              JsonNode *key = json_object_get_member (child, foreign_key);

              if (key != NULL && JSON_NODE_HOLDS_VALUE (key) &&
                  json_node_get_value_type (key) == G_TYPE_INT64 && json_node_get_int (key) == id)
                json_array_add_object_element (children, json_object_ref (child));
            }
        }
      json_object_set_array_member (copy, name, children);
    }

  for (guint i = 0; i < expands->len; i++)
    {
      const char *name = g_ptr_array_index (expands, i);
      g_autofree char *plural = g_str_has_suffix (name, "s") ? g_strdup (name) : g_strconcat (name, "s", NULL);
      g_autofree char *foreign_key = g_strconcat (name, "Id", NULL);
      JsonNode *key = json_object_get_member (object, foreign_key);
      TqDemoResource parent_resource;
      JsonObject *parent;

      if (!tq_demo_resource_from_string (plural, &parent_resource) ||
          key == NULL || !JSON_NODE_HOLDS_VALUE (key) || json_node_get_value_type (key) != G_TYPE_INT64)
        continue;

      parent = tq_demo_store_lookup (self->store, parent_resource, json_node_get_int (key), NULL);
      if (parent != NULL)
        json_object_set_object_member (copy, name, json_object_ref (parent));
    }

  return json_node_init_object (json_node_alloc (), copy);
}

static void
handle_list (TqDemoServer      *self,
             SoupServerMessage *msg,
             TqDemoResource     resource,
             gint64             user_id)
{
  g_autoptr(GPtrArray) params = tq_demo_query_parse (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GPtrArray) embeds = NULL;
  g_autoptr(GPtrArray) expands = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *url = request_url (msg);
  g_auto(TqDemoListPage) page = { 0 };
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  JsonArray *array;

  if (user_id != 0)
    {
      TqDemoQueryParam *param = g_new0 (TqDemoQueryParam, 1);

      /* /users/1/todos is /todos?userId=1, whatever else the query says */
      for (guint i = params->len; i > 0; i--)
        {
          if (strcmp (((TqDemoQueryParam *) g_ptr_array_index (params, i - 1))->key, "userId") == 0)
            g_ptr_array_remove_index (params, i - 1);
        }
      param->key = g_strdup ("userId");
      param->value = g_strdup_printf ("%" G_GINT64_FORMAT, user_id);
      g_ptr_array_add (params, param);
    }

  /* Any write changes the revision, so it identifies every list */
  if (not_modified (msg, tq_demo_store_get_revision (self->store)))
    return;

  items = tq_demo_store_list (self->store, resource);
  if (!tq_demo_query_run (items, params, url, &page, &error))
    {
      respond_gerror (msg, error);
      return;
    }

  embeds = query_get_all (params, "_embed");
  expands = query_get_all (params, "_expand");
  array = json_array_sized_new (page.items->len);
  for (guint i = 0; i < page.items->len; i++)
    json_array_add_element (array, decorate_item (self, resource, g_ptr_array_index (page.items, i), embeds, expands));
  root = json_node_init_array (json_node_alloc (), array);
  json_array_unref (array);

  if (page.total >= 0)
    {
      g_autofree char *total = g_strdup_printf ("%" G_GINT64_FORMAT, page.total);

      soup_message_headers_replace (headers, "X-Total-Count", total);
      soup_message_headers_replace (headers, "Access-Control-Expose-Headers",
                                    page.paged ? "X-Total-Count, Link" : "X-Total-Count");
    }
  if (page.link != NULL)
    soup_message_headers_replace (headers, "Link", page.link);

  set_etag (msg, tq_demo_store_get_revision (self->store));
  respond_json (msg, SOUP_STATUS_OK, root);
}

static void
handle_get_item (TqDemoServer      *self,
                 SoupServerMessage *msg,
                 TqDemoResource     resource,
                 gint64             id)
{
  g_autoptr(GPtrArray) params = tq_demo_query_parse (g_uri_get_query (soup_server_message_get_uri (msg)));
  g_autoptr(GPtrArray) embeds = query_get_all (params, "_embed");
  g_autoptr(GPtrArray) expands = query_get_all (params, "_expand");
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;
  guint64 version;

  object = tq_demo_store_lookup (self->store, resource, id, &version);
  if (object == NULL)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is no %s with id %" G_GINT64_FORMAT,
                     resource == TQ_DEMO_RESOURCE_USERS ? "user" : "todo", id);
      return;
    }

  if (not_modified (msg, version))
    return;

  node = decorate_item (self, resource, object, embeds, expands);
  set_etag (msg, version);
  respond_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_create (TqDemoServer      *self,
               SoupServerMessage *msg,
               TqDemoResource     resource,
               gint64             user_id)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *origin = NULL;
  g_autofree char *location = NULL;
  guint64 version;

  fields = parse_body_object (msg, &error);
  if (fields == NULL)
    {
      respond_gerror (msg, error);
      return;
    }

  if (user_id != 0)
    {
      /* POST /users/1/todos creates a todo of user 1 */
      JsonObject *copy = json_object_new ();
      g_autoptr(GList) members = json_object_get_members (fields);

      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (copy, l->data, json_node_copy (json_object_get_member (fields, l->data)));
      json_object_set_int_member (copy, "userId", user_id);
      json_object_unref (fields);
      fields = copy;
    }

  object = tq_demo_store_create (self->store, resource, fields, &version, &error);
  if (object == NULL)
    {
      respond_gerror (msg, error);
      return;
    }

  origin = request_origin (msg);
  location = g_strdup_printf ("%s/%s/%" G_GINT64_FORMAT, origin, tq_demo_resource_to_string (resource),
                              json_object_get_int_member (object, "id"));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Location", location);
  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Access-Control-Expose-Headers", "Location");
  set_etag (msg, version);
  respond_object (msg, SOUP_STATUS_CREATED, object);
}

static void
handle_write_item (TqDemoServer      *self,
                   SoupServerMessage *msg,
                   TqDemoResource     resource,
                   gint64             id)
{
  g_autoptr(JsonObject) fields = NULL;
  g_autoptr(JsonObject) object = NULL;
  g_autoptr(GError) error = NULL;
  guint64 version;

  if (tq_demo_store_lookup (self->store, resource, id, &version) == NULL)
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is no %s with id %" G_GINT64_FORMAT,
                     resource == TQ_DEMO_RESOURCE_USERS ? "user" : "todo", id);
      return;
    }

  if (precondition_failed (msg, resource, id, version))
    return;

  if (method_is (msg, SOUP_METHOD_DELETE))
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      if (!tq_demo_store_delete (self->store, resource, id, &error))
        {
          respond_gerror (msg, error);
          return;
        }
      /* json-server answers a deletion with an empty object */
      respond_object (msg, SOUP_STATUS_OK, empty);
      return;
    }

  fields = parse_body_object (msg, &error);
  if (fields == NULL)
    {
      respond_gerror (msg, error);
      return;
    }

  if (method_is (msg, SOUP_METHOD_PUT))
    object = tq_demo_store_replace (self->store, resource, id, fields, &version, &error);
  else
    object = tq_demo_store_update (self->store, resource, id, fields, &version, &error);

  if (object == NULL)
    {
      respond_gerror (msg, error);
      return;
    }

  set_etag (msg, version);
  respond_object (msg, SOUP_STATUS_OK, object);
}

static void
handle_api (TqDemoServer      *self,
            SoupServerMessage *msg)
{
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *trimmed = NULL;
  g_auto(GStrv) parts = NULL;
  TqDemoResource resource;
  guint n_parts;
  gint64 id = 0;

  /* "/todos/" is "/todos", as in Express */
  trimmed = g_strdup (path[0] == '/' ? path + 1 : path);
  if (g_str_has_suffix (trimmed, "/"))
    trimmed[strlen (trimmed) - 1] = '\0';
  parts = g_strsplit (trimmed, "/", -1);
  n_parts = g_strv_length (parts);

  if (n_parts == 0 || n_parts > 3 || !tq_demo_resource_from_string (parts[0], &resource))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is nothing at %s", path);
      return;
    }

  if (n_parts >= 2 && !parse_id (parts[1], &id))
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is no %s with id “%s”",
                     resource == TQ_DEMO_RESOURCE_USERS ? "user" : "todo", parts[1]);
      return;
    }

  if (n_parts == 1)
    {
      if (method_is_read (msg))
        handle_list (self, msg, resource, 0);
      else if (method_is (msg, SOUP_METHOD_POST))
        handle_create (self, msg, resource, 0);
      else if (method_is (msg, SOUP_METHOD_OPTIONS))
        respond_options (msg, "GET, HEAD, POST, OPTIONS");
      else
        respond_method_not_allowed (msg, "GET, HEAD, POST, OPTIONS");
    }
  else if (n_parts == 2)
    {
      if (method_is_read (msg))
        handle_get_item (self, msg, resource, id);
      else if (method_is (msg, SOUP_METHOD_PUT) || method_is (msg, "PATCH") ||
               method_is (msg, SOUP_METHOD_DELETE))
        handle_write_item (self, msg, resource, id);
      else if (method_is (msg, SOUP_METHOD_OPTIONS))
        respond_options (msg, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
      else
        respond_method_not_allowed (msg, "GET, HEAD, PUT, PATCH, DELETE, OPTIONS");
    }
  else if (resource == TQ_DEMO_RESOURCE_USERS && strcmp (parts[2], "todos") == 0)
    {
      if (tq_demo_store_lookup (self->store, TQ_DEMO_RESOURCE_USERS, id, NULL) == NULL)
        respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is no user with id %" G_GINT64_FORMAT, id);
      else if (method_is_read (msg))
        handle_list (self, msg, TQ_DEMO_RESOURCE_TODOS, id);
      else if (method_is (msg, SOUP_METHOD_POST))
        handle_create (self, msg, TQ_DEMO_RESOURCE_TODOS, id);
      else if (method_is (msg, SOUP_METHOD_OPTIONS))
        respond_options (msg, "GET, HEAD, POST, OPTIONS");
      else
        respond_method_not_allowed (msg, "GET, HEAD, POST, OPTIONS");
    }
  else
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is nothing at %s", path);
    }
}

/* Admin endpoint */

static void
respond_faults (TqDemoServer      *self,
                SoupServerMessage *msg)
{
  g_autoptr(JsonNode) node = tq_demo_faults_to_json (self->faults);

  respond_json (msg, SOUP_STATUS_OK, node);
}

static void
handle_admin (TqDemoServer      *self,
              SoupServerMessage *msg,
              const char        *path)
{
  g_autoptr(GError) error = NULL;

  if (strcmp (path, "/__admin/faults") == 0)
    {
      if (method_is_read (msg))
        {
          respond_faults (self, msg);
        }
      else if (method_is (msg, SOUP_METHOD_PUT) || method_is (msg, "PATCH"))
        {
          g_autoptr(JsonObject) fields = parse_body_object (msg, &error);
          g_autoptr(JsonNode) node = NULL;

          if (fields == NULL)
            {
              respond_gerror (msg, error);
              return;
            }

          node = json_node_init_object (json_node_alloc (), fields);
          if (!tq_demo_faults_apply_json (self->faults, node, method_is (msg, SOUP_METHOD_PUT), &error))
            {
              respond_gerror (msg, error);
              return;
            }
          respond_faults (self, msg);
        }
      else if (method_is (msg, SOUP_METHOD_DELETE))
        {
          tq_demo_faults_clear (self->faults);
          respond_faults (self, msg);
        }
      else
        {
          respond_method_not_allowed (msg, "GET, HEAD, PUT, PATCH, DELETE");
        }
    }
  else if (strcmp (path, "/__admin/reset") == 0)
    {
      if (method_is (msg, SOUP_METHOD_POST))
        {
          g_autoptr(JsonObject) counts = json_object_new ();

          if (!tq_demo_store_reset (self->store, &error))
            {
              respond_gerror (msg, error);
              return;
            }
          json_object_set_int_member (counts, "users", tq_demo_store_get_n_items (self->store, TQ_DEMO_RESOURCE_USERS));
          json_object_set_int_member (counts, "todos", tq_demo_store_get_n_items (self->store, TQ_DEMO_RESOURCE_TODOS));
          respond_object (msg, SOUP_STATUS_OK, counts);
        }
      else
        {
          respond_method_not_allowed (msg, "POST");
        }
    }
  else
    {
      respond_error (msg, SOUP_STATUS_NOT_FOUND, "There is nothing at %s (try /__admin/faults or /__admin/reset)", path);
    }
}

/* Faults */

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_source_destroy (delayed->source);
  g_source_unref (delayed->source);
  g_signal_handler_disconnect (delayed->msg, delayed->disconnected_id);
  g_object_unref (delayed->msg);
  g_free (delayed);
}

static void
drop_connection (SoupServerMessage *msg)
{
  g_autoptr(GIOStream) stream = soup_server_message_steal_connection (msg);

  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
respond_fault (TqDemoServer      *self,
               SoupServerMessage *msg,
               guint              status)
{
  respond_error (msg, status, "Fault injected by the demo server (failure rate %g)",
                 tq_demo_faults_get_failure_rate (self->faults));
}

static gboolean
delayed_done (gpointer data)
{
  Delayed *delayed = data;
  TqDemoServer *self = delayed->self;
  g_autoptr(SoupServerMessage) msg = g_object_ref (delayed->msg);
  TqDemoFault fault = delayed->fault;
  guint status = delayed->status;

  g_hash_table_remove (self->delayed, msg);

  switch (fault)
    {
    case TQ_DEMO_FAULT_DROP:
      drop_connection (msg);
      return G_SOURCE_REMOVE;

    case TQ_DEMO_FAULT_FAIL:
      respond_fault (self, msg, status);
      break;

    case TQ_DEMO_FAULT_NONE:
    default:
      handle_api (self, msg);
      break;
    }

  soup_server_message_unpause (msg);

  return G_SOURCE_REMOVE;
}

static void
on_delayed_disconnected (Delayed *delayed)
{
  /* The client went away while the request waited: forget it */
  g_hash_table_remove (delayed->self->delayed, delayed->msg);
}

static void
delay_request (TqDemoServer      *self,
               SoupServerMessage *msg,
               guint              latency,
               TqDemoFault        fault,
               guint              status)
{
  Delayed *delayed = g_new0 (Delayed, 1);

  soup_server_message_pause (msg);

  delayed->self = self;
  delayed->msg = g_object_ref (msg);
  delayed->fault = fault;
  delayed->status = status;
  delayed->source = g_timeout_source_new (latency);
  g_source_set_name (delayed->source, "[tq-demo-server] injected latency");
  g_source_set_callback (delayed->source, delayed_done, delayed, NULL);
  g_source_attach (delayed->source, g_main_context_get_thread_default ());
  delayed->disconnected_id = g_signal_connect_swapped (msg, "disconnected", G_CALLBACK (on_delayed_disconnected), delayed);

  g_hash_table_insert (self->delayed, msg, delayed);
}

/* Request entry points */

static void
handle_request (SoupServer        *soup,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  TqDemoServer *self = user_data;
  TqDemoFault fault;
  guint latency, status;

  soup_message_headers_replace (soup_server_message_get_response_headers (msg), "Cache-Control", "no-cache");

  if (g_object_get_qdata (G_OBJECT (msg), too_large_quark) != NULL)
    {
      respond_error (msg, SOUP_STATUS_BAD_REQUEST, "The request body is larger than %u bytes (1 MiB)",
                     TQ_DEMO_SERVER_MAX_BODY);
      return;
    }

  if (strcmp (path, "/__admin") == 0 || g_str_has_prefix (path, "/__admin/"))
    {
      handle_admin (self, msg, path);
      return;
    }

  fault = tq_demo_faults_next (self->faults, &latency, &status);
  if (latency > 0 || fault == TQ_DEMO_FAULT_DROP)
    delay_request (self, msg, latency, fault, status);
  else if (fault == TQ_DEMO_FAULT_FAIL)
    respond_fault (self, msg, status);
  else
    handle_api (self, msg);
}

/* Runs before libsoup checks the WebSocket handshake: a request that is
 * not one gets a JSON error like every other route */
static void
handle_events_http (SoupServer        *soup,
                    SoupServerMessage *msg,
                    const char        *path,
                    GHashTable        *query,
                    gpointer           user_data)
{
  g_autoptr(GError) error = NULL;

  if (!soup_websocket_server_check_handshake (msg, NULL, NULL, NULL, &error))
    respond_error (msg, SOUP_STATUS_BAD_REQUEST, "%s is a WebSocket; this request is not a WebSocket handshake (%s)",
                   path, error->message);
}

static void
handle_events (SoupServer              *soup,
               SoupServerMessage       *msg,
               const char              *path,
               SoupWebsocketConnection *connection,
               gpointer                 user_data)
{
  TqDemoServer *self = user_data;

  tq_demo_events_add_connection (self->events, connection);
}

static void
mark_too_large (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);

  /* Stop keeping the body; what is left of it is read and thrown away */
  soup_message_body_set_accumulate (body, FALSE);
  soup_message_body_truncate (body);
  g_object_set_qdata (G_OBJECT (msg), too_large_quark, GINT_TO_POINTER (TRUE));
}

static void
on_got_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > TQ_DEMO_SERVER_MAX_BODY)
    mark_too_large (msg);
}

static void
on_got_chunk (SoupServerMessage *msg,
              GBytes            *chunk)
{
  /* A chunked body that grows too large */
  if (soup_server_message_get_request_body (msg)->length > TQ_DEMO_SERVER_MAX_BODY)
    mark_too_large (msg);
}

static void
on_request_started (SoupServer        *soup,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  g_signal_connect (msg, "got-headers", G_CALLBACK (on_got_headers), NULL);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk), NULL);
}

/* GObject */

static void
tq_demo_server_constructed (GObject *object)
{
  TqDemoServer *self = (TqDemoServer *) object;

  G_OBJECT_CLASS (tq_demo_server_parent_class)->constructed (object);

  if (self->store == NULL)
    self->store = tq_demo_store_new ();
  self->events = tq_demo_events_new (self->store);

  self->soup = soup_server_new ("server-header", "tq-demo-server/" PACKAGE_VERSION " ", NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (on_request_started), self);
  soup_server_add_handler (self->soup, NULL, handle_request, self, NULL);
  soup_server_add_handler (self->soup, "/events", handle_events_http, self, NULL);
  soup_server_add_websocket_handler (self->soup, "/events", NULL, NULL, handle_events, self, NULL);
}

static void
tq_demo_server_dispose (GObject *object)
{
  TqDemoServer *self = (TqDemoServer *) object;

  if (self->soup != NULL)
    {
      tq_demo_server_stop (self);
      g_signal_handlers_disconnect_by_data (self->soup, self);
      soup_server_remove_handler (self->soup, "/events");
      soup_server_remove_handler (self->soup, "/");
    }
  g_clear_object (&self->soup);
  g_clear_object (&self->events);
  g_clear_object (&self->faults);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tq_demo_server_parent_class)->dispose (object);
}

static void
tq_demo_server_finalize (GObject *object)
{
  TqDemoServer *self = (TqDemoServer *) object;

  g_clear_pointer (&self->delayed, g_hash_table_unref);
  g_clear_pointer (&self->base_uri, g_free);

  G_OBJECT_CLASS (tq_demo_server_parent_class)->finalize (object);
}

static void
tq_demo_server_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TqDemoServer *self = TQ_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    case PROP_FAULTS:
      g_value_set_object (value, self->faults);
      break;

    case PROP_BASE_URI:
      g_value_set_string (value, self->base_uri);
      break;

    case PROP_PORT:
      g_value_set_uint (value, self->port);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_server_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TqDemoServer *self = TQ_DEMO_SERVER (object);

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
tq_demo_server_class_init (TqDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tq_demo_server_constructed;
  object_class->dispose = tq_demo_server_dispose;
  object_class->finalize = tq_demo_server_finalize;
  object_class->get_property = tq_demo_server_get_property;
  object_class->set_property = tq_demo_server_set_property;

  /**
   * TqDemoServer:store:
   *
   * The data the server serves. A server made without one serves a new
   * store in memory.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL,
                         TQ_DEMO_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoServer:faults:
   *
   * The fault injector applied to every request but the admin endpoint's
   * and the WebSocket's; change its settings at any time.
   */
  properties[PROP_FAULTS] =
    g_param_spec_object ("faults", NULL, NULL,
                         TQ_DEMO_TYPE_FAULTS,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoServer:base-uri:
   *
   * The server's address while it listens, without a trailing slash, such
   * as `http://127.0.0.1:41234`; %NULL otherwise.
   */
  properties[PROP_BASE_URI] =
    g_param_spec_string ("base-uri", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoServer:port:
   *
   * The TCP port the server listens on, or 0 when it does not listen.
   */
  properties[PROP_PORT] =
    g_param_spec_uint ("port", NULL, NULL,
                       0, G_MAXUINT16, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  too_large_quark = g_quark_from_static_string ("tq-demo-server-body-too-large");
}

static void
tq_demo_server_init (TqDemoServer *self)
{
  self->faults = tq_demo_faults_new ();
  self->delayed = g_hash_table_new_full (NULL, NULL, NULL, delayed_free);
}

/**
 * tq_demo_server_new:
 * @store: the data to serve
 *
 * Creates a server for @store. It does not listen until
 * [method@TqDemoServer.listen] is called.
 *
 * Returns: (transfer full): a new server
 */
TqDemoServer *
tq_demo_server_new (TqDemoStore *store)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (store), NULL);

  return g_object_new (TQ_DEMO_TYPE_SERVER, "store", store, NULL);
}

/**
 * tq_demo_server_new_in_memory:
 *
 * Creates a server over a new store that lives in memory only, filled with
 * the seed data (60 users, 600 todos): for tests and for a demo that
 * starts afresh each time.
 *
 * Returns: (transfer full): a new server
 */
TqDemoServer *
tq_demo_server_new_in_memory (void)
{
  return g_object_new (TQ_DEMO_TYPE_SERVER, NULL);
}

/**
 * tq_demo_server_new_for_file:
 * @file: a local JSON file
 * @error: return location for an error
 *
 * Creates a server over the data in @file, which is read if it exists and
 * created with the seed data if it does not (see
 * [ctor@TqDemoStore.new_for_file]).
 *
 * Errors: as for [ctor@TqDemoStore.new_for_file].
 *
 * Returns: (transfer full) (nullable): a new server, or %NULL with @error set
 */
TqDemoServer *
tq_demo_server_new_for_file (GFile   *file,
                             GError **error)
{
  g_autoptr(TqDemoStore) store = NULL;

  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  store = tq_demo_store_new_for_file (file, error);
  if (store == NULL)
    return NULL;

  return tq_demo_server_new (store);
}

/**
 * tq_demo_server_new_for_directory:
 * @directory: a local folder, which need not exist yet
 * @error: return location for an error
 *
 * Creates a server over the file %TQ_DEMO_SERVER_DATA_FILE_NAME (`db.json`)
 * in @directory: a fresh one with the seed data on the first run (the
 * folder is created if needed), the same one, with every change made since,
 * on the next runs.
 *
 * Errors: as for [ctor@TqDemoStore.new_for_file].
 *
 * Returns: (transfer full) (nullable): a new server, or %NULL with @error set
 */
TqDemoServer *
tq_demo_server_new_for_directory (GFile   *directory,
                                  GError **error)
{
  g_autoptr(GFile) file = NULL;

  g_return_val_if_fail (G_IS_FILE (directory), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  file = g_file_get_child (directory, TQ_DEMO_SERVER_DATA_FILE_NAME);

  return tq_demo_server_new_for_file (file, error);
}

/**
 * tq_demo_server_listen:
 * @self: a server
 * @address: (nullable): the IP address to bind, such as `127.0.0.1` or
 *   `::1`; %NULL for `127.0.0.1`
 * @port: the TCP port, or 0 for any free one
 * @error: return location for an error
 *
 * Starts answering requests on @address and @port, from the thread-default
 * main context. Read the address back with
 * [method@TqDemoServer.get_base_uri]. A server listens on one address at a
 * time; after [method@TqDemoServer.stop] it can listen again.
 *
 * Errors: %G_IO_ERROR_INVALID_ARGUMENT in `G_IO_ERROR` if @address is not an
 * IP address; the socket's `G_IO_ERROR` (such as
 * %G_IO_ERROR_ADDRESS_IN_USE) if it cannot listen.
 *
 * Returns: whether the server listens
 */
gboolean
tq_demo_server_listen (TqDemoServer  *self,
                       const char    *address,
                       guint          port,
                       GError       **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(GSocketAddress) socket_address = NULL;
  g_autoptr(GSocket) socket = NULL;
  GSList *uris;
  GUri *uri;

  g_return_val_if_fail (TQ_DEMO_IS_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (self->base_uri == NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (address == NULL)
    address = "127.0.0.1";

  inet_address = g_inet_address_new_from_string (address);
  if (inet_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "“%s” is not an IP address", address);
      return FALSE;
    }

  /* Our own socket rather than soup_server_listen()'s, for a longer queue
   * of pending connections than GSocket's default of 10: a burst of new
   * connections would otherwise wait for TCP's retransmissions. */
  socket_address = g_inet_socket_address_new (inet_address, port);
  socket = g_socket_new (g_socket_address_get_family (socket_address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_DEFAULT, error);
  if (socket == NULL)
    return FALSE;
  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);
  if (!g_socket_bind (socket, socket_address, TRUE, error) ||
      !g_socket_listen (socket, error) ||
      !soup_server_listen_socket (self->soup, socket, 0, error))
    return FALSE;

  uris = soup_server_get_uris (self->soup);
  g_assert (uris != NULL);
  uri = uris->data;
  self->port = g_uri_get_port (uri);
  self->base_uri = g_uri_join (G_URI_FLAGS_NONE, "http", NULL, address, self->port, "", NULL, NULL);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URI]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);

  return TRUE;
}

/**
 * tq_demo_server_get_base_uri:
 * @self: a server
 *
 * Returns: (nullable): the address the server listens on, without a
 *   trailing slash (`http://127.0.0.1:41234`, to which `/todos` is
 *   appended), or %NULL if it does not listen
 */
const char *
tq_demo_server_get_base_uri (TqDemoServer *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_SERVER (self), NULL);

  return self->base_uri;
}

/**
 * tq_demo_server_get_port:
 * @self: a server
 *
 * Returns: the TCP port the server listens on, or 0
 */
guint
tq_demo_server_get_port (TqDemoServer *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_SERVER (self), 0);

  return self->port;
}

/**
 * tq_demo_server_get_store:
 * @self: a server
 *
 * Returns: (transfer none): the data the server serves
 */
TqDemoStore *
tq_demo_server_get_store (TqDemoServer *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_SERVER (self), NULL);

  return self->store;
}

/**
 * tq_demo_server_get_faults:
 * @self: a server
 *
 * The fault injector, whose settings can be changed at any time, from C as
 * through `/__admin/faults`.
 *
 * Returns: (transfer none): the fault injector
 */
TqDemoFaults *
tq_demo_server_get_faults (TqDemoServer *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_SERVER (self), NULL);

  return self->faults;
}

/**
 * tq_demo_server_get_n_event_clients:
 * @self: a server
 *
 * Returns: how many clients `/events` has
 */
guint
tq_demo_server_get_n_event_clients (TqDemoServer *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_SERVER (self), 0);

  return tq_demo_events_get_n_connections (self->events);
}

/**
 * tq_demo_server_stop:
 * @self: a server
 *
 * Stops listening and closes every connection: requests still waiting out
 * an injected latency are dropped, WebSocket clients get a "going away"
 * close. Writes are never interrupted: each is answered only after it has
 * been saved, within one main-loop dispatch. Stopping a server that does
 * not listen does nothing.
 */
void
tq_demo_server_stop (TqDemoServer *self)
{
  g_return_if_fail (TQ_DEMO_IS_SERVER (self));

  g_hash_table_remove_all (self->delayed);
  tq_demo_events_close_all (self->events);
  soup_server_disconnect (self->soup);

  if (self->base_uri == NULL)
    return;

  g_clear_pointer (&self->base_uri, g_free);
  self->port = 0;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URI]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PORT]);
}
