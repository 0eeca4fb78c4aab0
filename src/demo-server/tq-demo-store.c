/* tq-demo-store.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-demo-seed.h"
#include "tq-demo-store.h"

/**
 * TqDemoStore:
 *
 * The demo server's data: the `users` and `todos` collections, a version
 * for each item, and the JSON file they are kept in.
 *
 * Items are JSON objects in JSONPlaceholder's shapes, kept in the order of
 * their collection's array, as json-server 0.17 keeps them. New ids are the
 * largest id in the collection plus one, as json-server assigns them. Every
 * write is checked first (field types, and that a todo's `userId` names an
 * existing user), then applied, then written to the file, and only then
 * reported: if the file cannot be written the change is undone and the
 * error returned, so that what the store holds is always what the file
 * holds.
 *
 * The file is a json-server database (an object whose `users` and `todos`
 * members are arrays of objects) with one more member, `_meta`, holding the
 * store's revision. Other members are kept and written back unchanged. It is
 * replaced atomically on every write (a temporary file, flushed to disk,
 * then renamed over the old one), so that a crash at any moment leaves
 * either the old or the new file, both complete. A file that does not exist
 * yet is created with the demo's seed data (see [func@tq_demo_seed_new]).
 *
 * The revision counts writes over the life of the file; each item's version
 * is the revision of the write that last changed it, which makes versions
 * unique, so a version can be an HTTP entity tag. Items read from a file get
 * the file's revision as their version.
 *
 * Committed items are sealed JSON objects: they are never changed in place,
 * so a reference to one stays a consistent snapshot.
 */

#define JSON_MAX_SAFE_INTEGER G_GINT64_CONSTANT (9007199254740991)

typedef struct
{
  gint64      id;
  JsonObject *object;   /* sealed */
  guint64     version;
} Item;

typedef struct
{
  GPtrArray  *items;    /* Item*, in file order */
  GHashTable *by_id;    /* &Item.id → Item*, borrowed from items */
} Collection;

typedef struct
{
  TqDemoResource resource;
  guint          index;
  Item          *item;
} Removal;

struct _TqDemoStore
{
  GObject     parent_instance;

  GFile      *file;
  char       *path;
  Collection  collections[TQ_DEMO_N_RESOURCES];
  JsonObject *extra;    /* other members of the file, kept as they were */
  guint64     revision;
};

enum {
  PROP_0,
  PROP_FILE,
  N_PROPS
};

enum {
  ITEM_CHANGED,
  RESET,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void tq_demo_store_initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TqDemoStore, tq_demo_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE,
                                                      tq_demo_store_initable_iface_init))

G_DEFINE_QUARK (tq-demo-store-error-quark, tq_demo_store_error)

G_DEFINE_ENUM_TYPE (TqDemoResource, tq_demo_resource,
                    G_DEFINE_ENUM_VALUE (TQ_DEMO_RESOURCE_USERS, "users"),
                    G_DEFINE_ENUM_VALUE (TQ_DEMO_RESOURCE_TODOS, "todos"))

G_DEFINE_ENUM_TYPE (TqDemoChange, tq_demo_change,
                    G_DEFINE_ENUM_VALUE (TQ_DEMO_CHANGE_CREATED, "created"),
                    G_DEFINE_ENUM_VALUE (TQ_DEMO_CHANGE_UPDATED, "updated"),
                    G_DEFINE_ENUM_VALUE (TQ_DEMO_CHANGE_DELETED, "deleted"))

static const char * const resource_names[TQ_DEMO_N_RESOURCES] = { "users", "todos" };
static const char * const resource_singulars[TQ_DEMO_N_RESOURCES] = { "user", "todo" };

/**
 * tq_demo_resource_to_string:
 * @resource: a resource
 *
 * Returns: the collection's name in URLs and in the data file: `users` or
 *   `todos`
 */
const char *
tq_demo_resource_to_string (TqDemoResource resource)
{
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, NULL);

  return resource_names[resource];
}

/**
 * tq_demo_resource_from_string:
 * @name: a collection name, such as `todos`
 * @resource: (out) (optional): where to store the resource
 *
 * Returns: whether @name is the name of a collection
 */
gboolean
tq_demo_resource_from_string (const char     *name,
                              TqDemoResource *resource)
{
  g_return_val_if_fail (name != NULL, FALSE);

  for (guint i = 0; i < TQ_DEMO_N_RESOURCES; i++)
    {
      if (strcmp (name, resource_names[i]) == 0)
        {
          if (resource != NULL)
            *resource = i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * tq_demo_change_to_string:
 * @change: a change
 *
 * Returns: the change's name in event messages: `created`, `updated` or
 *   `deleted`
 */
const char *
tq_demo_change_to_string (TqDemoChange change)
{
  switch (change)
    {
    case TQ_DEMO_CHANGE_CREATED:
      return "created";
    case TQ_DEMO_CHANGE_UPDATED:
      return "updated";
    case TQ_DEMO_CHANGE_DELETED:
      return "deleted";
    default:
      g_return_val_if_reached (NULL);
    }
}

/* Items and collections */

static Item *
item_new (gint64      id,
          JsonObject *object,
          guint64     version)
{
  Item *item = g_new0 (Item, 1);

  item->id = id;
  item->object = json_object_ref (object);
  item->version = version;
  json_object_seal (item->object);

  return item;
}

static void
item_free (gpointer data)
{
  Item *item = data;

  json_object_unref (item->object);
  g_free (item);
}

static void
collection_init (Collection *c)
{
  c->items = g_ptr_array_new_with_free_func (item_free);
  c->by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
}

static void
collection_clear (Collection *c)
{
  g_clear_pointer (&c->by_id, g_hash_table_unref);
  g_clear_pointer (&c->items, g_ptr_array_unref);
}

static Item *
collection_get (Collection *c,
                gint64      id)
{
  return g_hash_table_lookup (c->by_id, &id);
}

static void
collection_insert (Collection *c,
                   guint       index,
                   Item       *item)
{
  g_ptr_array_insert (c->items, index, item);
  g_hash_table_insert (c->by_id, &item->id, item);
}

static Item *
collection_steal (Collection *c,
                  guint       index)
{
  Item *item = g_ptr_array_steal_index (c->items, index);

  g_hash_table_remove (c->by_id, &item->id);

  return item;
}

static guint
collection_index_of (Collection *c,
                     Item       *item)
{
  guint index = 0;

  if (!g_ptr_array_find (c->items, item, &index))
    g_assert_not_reached ();

  return index;
}

static gint64
collection_next_id (Collection *c)
{
  gint64 max = 0;

  for (guint i = 0; i < c->items->len; i++)
    max = MAX (max, ((Item *) g_ptr_array_index (c->items, i))->id);

  return max + 1;
}

/* JSON helpers */

/* An integer, also when written as an integral number such as 3.0 (which
 * JavaScript cannot tell from 3). */
static gboolean
node_get_integer (JsonNode *node,
                  gint64   *value)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (d >= -(double) JSON_MAX_SAFE_INTEGER && d <= (double) JSON_MAX_SAFE_INTEGER && d == (gint64) d)
        {
          *value = (gint64) d;
          return TRUE;
        }
    }

  return FALSE;
}

static gboolean
node_is_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
node_is_boolean (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN;
}

static gboolean
node_is_nonblank_string (JsonNode *node)
{
  const char *s;

  if (!node_is_string (node))
    return FALSE;

  for (s = json_node_get_string (node); *s != '\0'; s = g_utf8_next_char (s))
    {
      if (!g_unichar_isspace (g_utf8_get_char (s)))
        return TRUE;
    }

  return FALSE;
}

static gboolean
invalid (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_INVALID, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
check_optional_strings (JsonObject         *object,
                        const char         *prefix,
                        const char * const *names,
                        GError            **error)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (object, names[i]);

      if (node != NULL && !node_is_string (node))
        return invalid (error, "“%s%s” must be a string", prefix, names[i]);
    }

  return TRUE;
}

static gboolean
check_optional_object (JsonObject         *object,
                       const char         *name,
                       const char * const *string_members,
                       JsonObject        **member,
                       GError            **error)
{
  JsonNode *node = json_object_get_member (object, name);
  g_autofree char *prefix = NULL;

  *member = NULL;
  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, "“%s” must be an object", name);

  *member = json_node_get_object (node);
  prefix = g_strconcat (name, ".", NULL);

  return check_optional_strings (*member, prefix, string_members, error);
}

static gboolean
validate_user (JsonObject  *user,
               GError     **error)
{
  static const char * const optional[] = { "phone", "website", NULL };
  static const char * const address_members[] = { "street", "suite", "city", "zipcode", NULL };
  static const char * const geo_members[] = { "lat", "lng", NULL };
  static const char * const company_members[] = { "name", "catchPhrase", "bs", NULL };
  JsonObject *address, *company, *geo;
  JsonNode *email;
  const char *at;

  if (!node_is_nonblank_string (json_object_get_member (user, "name")))
    return invalid (error, "“name” must be a non-empty string");
  if (!node_is_nonblank_string (json_object_get_member (user, "username")))
    return invalid (error, "“username” must be a non-empty string");

  email = json_object_get_member (user, "email");
  if (!node_is_string (email) ||
      (at = strchr (json_node_get_string (email), '@')) == NULL ||
      at == json_node_get_string (email) || at[1] == '\0')
    return invalid (error, "“email” must be an e-mail address");

  if (!check_optional_strings (user, "", optional, error) ||
      !check_optional_object (user, "address", address_members, &address, error) ||
      !check_optional_object (user, "company", company_members, &company, error))
    return FALSE;

  if (address != NULL && !check_optional_object (address, "geo", geo_members, &geo, error))
    {
      g_prefix_error (error, "address: ");
      return FALSE;
    }

  return TRUE;
}

static gboolean
validate_todo (TqDemoStore  *self,
               JsonObject   *todo,
               GError      **error)
{
  gint64 user_id;

  if (!node_get_integer (json_object_get_member (todo, "userId"), &user_id) ||
      collection_get (&self->collections[TQ_DEMO_RESOURCE_USERS], user_id) == NULL)
    return invalid (error, "“userId” must be the id of an existing user");
  if (!node_is_nonblank_string (json_object_get_member (todo, "title")))
    return invalid (error, "“title” must be a non-empty string");
  if (!node_is_boolean (json_object_get_member (todo, "completed")))
    return invalid (error, "“completed” must be true or false");

  return TRUE;
}

/* Builds the object a write stores: @base's members (for PATCH), then
 * @fields', the id, then the defaults; known members in JSONPlaceholder's
 * order, the others after them in the order given. */
static JsonObject *
build_item (TqDemoStore     *self,
            TqDemoResource   resource,
            gint64           id,
            JsonObject      *base,
            JsonObject      *fields,
            GError         **error)
{
  static const char * const user_order[] = { "id", "name", "username", "email", "address", "phone", "website", "company", NULL };
  static const char * const todo_order[] = { "userId", "id", "title", "completed", NULL };
  const char * const *order = resource == TQ_DEMO_RESOURCE_USERS ? user_order : todo_order;
  g_autoptr(JsonObject) merged = json_object_new ();
  g_autoptr(JsonObject) result = json_object_new ();
  g_autoptr(GList) members = NULL;
  gint64 user_id;

  if (base != NULL)
    {
      members = json_object_get_members (base);
      for (GList *l = members; l != NULL; l = l->next)
        json_object_set_member (merged, l->data, json_node_copy (json_object_get_member (base, l->data)));
      g_clear_pointer (&members, g_list_free);
    }

  members = json_object_get_members (fields);
  for (GList *l = members; l != NULL; l = l->next)
    json_object_set_member (merged, l->data, json_node_copy (json_object_get_member (fields, l->data)));

  json_object_set_int_member (merged, "id", id);
  if (resource == TQ_DEMO_RESOURCE_TODOS)
    {
      if (!json_object_has_member (merged, "completed"))
        json_object_set_boolean_member (merged, "completed", FALSE);
      /* 3.0 is 3 to a JavaScript client: store it as the integer */
      if (node_get_integer (json_object_get_member (merged, "userId"), &user_id))
        json_object_set_int_member (merged, "userId", user_id);
      if (!validate_todo (self, merged, error))
        return NULL;
    }
  else if (!validate_user (merged, error))
    {
      return NULL;
    }

  for (guint i = 0; order[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (merged, order[i]);

      if (node != NULL)
        json_object_set_member (result, order[i], json_node_copy (node));
    }

  g_clear_pointer (&members, g_list_free);
  members = json_object_get_members (merged);
  for (GList *l = members; l != NULL; l = l->next)
    {
      if (!g_strv_contains (order, l->data))
        json_object_set_member (result, l->data, json_node_copy (json_object_get_member (merged, l->data)));
    }

  return g_steal_pointer (&result);
}

static gboolean
check_id_field (JsonObject  *fields,
                gint64       expected,
                gint64      *id,
                GError     **error)
{
  JsonNode *node = json_object_get_member (fields, "id");

  if (node == NULL)
    return TRUE;

  if (!node_get_integer (node, id) || *id < 1 || *id > JSON_MAX_SAFE_INTEGER)
    return invalid (error, "“id” must be a positive integer");

  if (expected != 0 && *id != expected)
    return invalid (error, "“id” cannot be changed (the item’s id is %" G_GINT64_FORMAT ")", expected);

  return TRUE;
}

/* Persistence */

static char *
tq_demo_store_serialize (TqDemoStore *self,
                         gsize       *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(GList) extra = json_object_get_members (self->extra);
  JsonObject *meta = json_object_new ();

  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    {
      Collection *c = &self->collections[r];
      JsonArray *array = json_array_sized_new (c->items->len);

      for (guint i = 0; i < c->items->len; i++)
        json_array_add_object_element (array, json_object_ref (((Item *) g_ptr_array_index (c->items, i))->object));
      json_object_set_array_member (object, resource_names[r], array);
    }

  for (GList *l = extra; l != NULL; l = l->next)
    json_object_set_member (object, l->data, json_node_copy (json_object_get_member (self->extra, l->data)));

  json_object_set_int_member (meta, "revision", self->revision);
  json_object_set_object_member (object, "_meta", meta);

  json_node_set_object (root, object);
  /* Pretty-printed with two spaces, as json-server writes its db.json */
  json_generator_set_pretty (generator, TRUE);
  json_generator_set_indent (generator, 2);
  json_generator_set_root (generator, root);

  return json_generator_to_data (generator, length);
}

static gboolean
tq_demo_store_save (TqDemoStore  *self,
                    GError      **error)
{
  g_autofree char *data = NULL;
  gsize length;

  if (self->path == NULL)
    return TRUE;

  data = tq_demo_store_serialize (self, &length);

  return g_file_set_contents_full (self->path, data, length,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                   0666, error);
}

static gboolean
corrupt (GError    **error,
         const char *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
corrupt (GError    **error,
         const char *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CORRUPT, format, args));
  va_end (args);

  return FALSE;
}

static gboolean
collection_load (Collection     *c,
                 TqDemoResource  resource,
                 JsonNode       *node,
                 guint64         version,
                 GError        **error)
{
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return corrupt (error, "“%s” is not an array", resource_names[resource]);

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;
      gint64 id;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return corrupt (error, "%s[%u] is not an object", resource_names[resource], i);

      object = json_node_get_object (element);
      if (!node_get_integer (json_object_get_member (object, "id"), &id))
        return corrupt (error, "%s[%u] has no integer “id”", resource_names[resource], i);
      if (collection_get (c, id) != NULL)
        return corrupt (error, "%s[%u] repeats the id %" G_GINT64_FORMAT, resource_names[resource], i, id);

      collection_insert (c, c->items->len, item_new (id, object, version));
    }

  return TRUE;
}

static gboolean
tq_demo_store_load_root (TqDemoStore  *self,
                         JsonObject   *root,
                         GError      **error)
{
  g_autoptr(GList) members = json_object_get_members (root);
  JsonNode *meta = json_object_get_member (root, "_meta");
  gint64 revision = 0;

  if (meta != NULL)
    {
      if (!JSON_NODE_HOLDS_OBJECT (meta) ||
          !node_get_integer (json_object_get_member (json_node_get_object (meta), "revision"), &revision) ||
          revision < 0)
        return corrupt (error, "“_meta” has no valid “revision”");
    }
  self->revision = revision;

  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    {
      if (!collection_load (&self->collections[r], r, json_object_get_member (root, resource_names[r]),
                            self->revision, error))
        return FALSE;
    }

  for (GList *l = members; l != NULL; l = l->next)
    {
      if (strcmp (l->data, "_meta") != 0 && !tq_demo_resource_from_string (l->data, NULL))
        json_object_set_member (self->extra, l->data, json_node_copy (json_object_get_member (root, l->data)));
    }

  return TRUE;
}

static void
tq_demo_store_load_seed (TqDemoStore *self)
{
  g_autoptr(JsonObject) seed = tq_demo_seed_new ();
  G_GNUC_UNUSED gboolean loaded;

  self->revision++;
  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    {
      loaded = collection_load (&self->collections[r], r, json_object_get_member (seed, resource_names[r]),
                                self->revision, NULL);
      g_assert (loaded);
    }
}

static gboolean
tq_demo_store_initable_init (GInitable     *initable,
                             GCancellable  *cancellable,
                             GError       **error)
{
  TqDemoStore *self = TQ_DEMO_STORE (initable);
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GFile) parent = NULL;
  g_autofree char *contents = NULL;
  gsize length;
  JsonNode *root;

  if (self->file == NULL)
    {
      tq_demo_store_load_seed (self);
      return TRUE;
    }

  self->path = g_file_get_path (self->file);
  if (self->path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (self->file);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   "The data file must be a local file, not %s", uri);
      return FALSE;
    }

  if (!g_file_get_contents (self->path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      /* First run: seed the data and create the file, and its folder */
      parent = g_file_get_parent (self->file);
      g_clear_error (&local_error);
      if (parent != NULL &&
          !g_file_make_directory_with_parents (parent, cancellable, &local_error) &&
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_EXISTS))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }

      tq_demo_store_load_seed (self);
      return tq_demo_store_save (self, error);
    }

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, contents, length, &local_error))
    {
      g_set_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CORRUPT,
                   "%s is not valid JSON: %s", self->path, local_error->message);
      return FALSE;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CORRUPT,
                   "%s is not a JSON object", self->path);
      return FALSE;
    }

  if (!tq_demo_store_load_root (self, json_node_get_object (root), error))
    {
      g_prefix_error (error, "%s: ", self->path);
      return FALSE;
    }

  return TRUE;
}

static void
tq_demo_store_initable_iface_init (GInitableIface *iface)
{
  iface->init = tq_demo_store_initable_init;
}

/* GObject */

static void
tq_demo_store_finalize (GObject *object)
{
  TqDemoStore *self = (TqDemoStore *) object;

  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    collection_clear (&self->collections[r]);
  g_clear_pointer (&self->extra, json_object_unref);
  g_clear_object (&self->file);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (tq_demo_store_parent_class)->finalize (object);
}

static void
tq_demo_store_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  TqDemoStore *self = TQ_DEMO_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_store_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  TqDemoStore *self = TQ_DEMO_STORE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_store_class_init (TqDemoStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tq_demo_store_finalize;
  object_class->get_property = tq_demo_store_get_property;
  object_class->set_property = tq_demo_store_set_property;

  /**
   * TqDemoStore:file:
   *
   * The JSON file the data is kept in, or %NULL for a store that lives in
   * memory only.
   */
  properties[PROP_FILE] =
    g_param_spec_object ("file", NULL, NULL,
                         G_TYPE_FILE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqDemoStore::item-changed:
   * @self: the store
   * @change: what happened to the item
   * @resource: the item's collection
   * @id: the item's id
   *
   * Emitted after a write has changed an item and has been written to the
   * data file. Deleting a user emits it for the user first, then for each
   * of the user's todos, which are deleted with it.
   */
  signals[ITEM_CHANGED] =
    g_signal_new ("item-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, TQ_DEMO_TYPE_CHANGE, TQ_DEMO_TYPE_RESOURCE, G_TYPE_INT64);

  /**
   * TqDemoStore::reset:
   * @self: the store
   *
   * Emitted after [method@TqDemoStore.reset] has put the seed data back and
   * written it to the data file.
   */
  signals[RESET] =
    g_signal_new ("reset",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
tq_demo_store_init (TqDemoStore *self)
{
  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    collection_init (&self->collections[r]);
  self->extra = json_object_new ();
}

/**
 * tq_demo_store_new:
 *
 * Creates a store that lives in memory only, filled with the seed data
 * (60 users, 600 todos).
 *
 * Returns: (transfer full): a new store
 */
TqDemoStore *
tq_demo_store_new (void)
{
  return g_initable_new (TQ_DEMO_TYPE_STORE, NULL, NULL, NULL);
}

/**
 * tq_demo_store_new_for_file:
 * @file: a local JSON file
 * @error: return location for an error
 *
 * Creates a store kept in @file. If @file exists it is read; if it does not,
 * it is created (with its parent folders) and filled with the seed data.
 *
 * Errors: %TQ_DEMO_STORE_ERROR_CORRUPT in %TQ_DEMO_STORE_ERROR if @file is
 * not a database the store can read (it is not changed), `G_FILE_ERROR` or
 * `G_IO_ERROR` if it cannot be read or created, %G_IO_ERROR_NOT_SUPPORTED if
 * it is not a local file.
 *
 * Returns: (transfer full) (nullable): a new store, or %NULL with @error set
 */
TqDemoStore *
tq_demo_store_new_for_file (GFile   *file,
                            GError **error)
{
  g_return_val_if_fail (G_IS_FILE (file), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return g_initable_new (TQ_DEMO_TYPE_STORE, NULL, error, "file", file, NULL);
}

/**
 * tq_demo_store_get_file:
 * @self: a store
 *
 * Returns: (transfer none) (nullable): the data file, or %NULL for a store
 *   in memory
 */
GFile *
tq_demo_store_get_file (TqDemoStore *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), NULL);

  return self->file;
}

/**
 * tq_demo_store_get_revision:
 * @self: a store
 *
 * The revision grows by one with every write (a write that deletes a user
 * and the user's todos counts once) and with every reset; it is kept in
 * the data file.
 *
 * Returns: the current revision
 */
guint64
tq_demo_store_get_revision (TqDemoStore *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), 0);

  return self->revision;
}

/**
 * tq_demo_store_get_n_items:
 * @self: a store
 * @resource: a collection
 *
 * Returns: how many items @resource holds
 */
guint
tq_demo_store_get_n_items (TqDemoStore    *self,
                           TqDemoResource  resource)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), 0);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, 0);

  return self->collections[resource].items->len;
}

/**
 * tq_demo_store_list:
 * @self: a store
 * @resource: a collection
 *
 * Returns: (transfer full) (element-type JsonObject): the items of
 *   @resource, in the collection's order; they are sealed
 */
GPtrArray *
tq_demo_store_list (TqDemoStore    *self,
                    TqDemoResource  resource)
{
  Collection *c;
  GPtrArray *list;

  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), NULL);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, NULL);

  c = &self->collections[resource];
  list = g_ptr_array_new_full (c->items->len, (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < c->items->len; i++)
    g_ptr_array_add (list, json_object_ref (((Item *) g_ptr_array_index (c->items, i))->object));

  return list;
}

/**
 * tq_demo_store_lookup:
 * @self: a store
 * @resource: a collection
 * @id: an item id
 * @version: (out) (optional): where to store the item's version
 *
 * Returns: (transfer none) (nullable): the item, sealed, or %NULL if there
 *   is none with @id; it stays valid until the next write
 */
JsonObject *
tq_demo_store_lookup (TqDemoStore    *self,
                      TqDemoResource  resource,
                      gint64          id,
                      guint64        *version)
{
  Item *item;

  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), NULL);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, NULL);

  item = collection_get (&self->collections[resource], id);
  if (item == NULL)
    return NULL;

  if (version != NULL)
    *version = item->version;

  return item->object;
}

static gboolean
not_found (TqDemoResource   resource,
           gint64           id,
           GError         **error)
{
  g_set_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_NOT_FOUND,
               "There is no %s with id %" G_GINT64_FORMAT, resource_singulars[resource], id);

  return FALSE;
}

/**
 * tq_demo_store_create:
 * @self: a store
 * @resource: a collection
 * @fields: the new item's members; `id` is optional
 * @version: (out) (optional): where to store the new item's version
 * @error: return location for an error
 *
 * Adds an item at the end of @resource and writes the data file. Without an
 * `id`, the item gets the largest id in the collection plus one. A todo's
 * `completed` defaults to false.
 *
 * A todo needs `userId` (an existing user's id), `title` (a non-empty
 * string) and, if given, a boolean `completed`. A user needs `name` and
 * `username` (non-empty strings) and `email` (an address with an `@`);
 * `phone` and `website` must be strings, `address` and `company` objects
 * of strings (and `address.geo` an object of strings). Other members are
 * kept as they are.
 *
 * Errors: in %TQ_DEMO_STORE_ERROR, %TQ_DEMO_STORE_ERROR_INVALID for a bad
 * field, %TQ_DEMO_STORE_ERROR_CONFLICT if the `id` is taken (or, without an
 * `id`, if the largest id is already 2⁵³−1); `G_FILE_ERROR`
 * if the data file cannot be written (the store is then unchanged).
 *
 * Returns: (transfer full) (nullable): the stored item, sealed, or %NULL
 *   with @error set
 */
JsonObject *
tq_demo_store_create (TqDemoStore     *self,
                      TqDemoResource   resource,
                      JsonObject      *fields,
                      guint64         *version,
                      GError         **error)
{
  Collection *c;
  g_autoptr(JsonObject) object = NULL;
  gint64 id = 0;
  Item *item;

  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), NULL);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  c = &self->collections[resource];
  if (!check_id_field (fields, 0, &id, error))
    return NULL;
  if (id == 0)
    {
      id = collection_next_id (c);
      if (id > JSON_MAX_SAFE_INTEGER)
        {
          g_set_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CONFLICT,
                       "No %s id is left after the largest, %" G_GINT64_FORMAT, resource_singulars[resource], id - 1);
          return NULL;
        }
    }
  else if (collection_get (c, id) != NULL)
    {
      g_set_error (error, TQ_DEMO_STORE_ERROR, TQ_DEMO_STORE_ERROR_CONFLICT,
                   "A %s with id %" G_GINT64_FORMAT " already exists", resource_singulars[resource], id);
      return NULL;
    }

  object = build_item (self, resource, id, NULL, fields, error);
  if (object == NULL)
    return NULL;

  item = item_new (id, object, ++self->revision);
  collection_insert (c, c->items->len, item);

  if (!tq_demo_store_save (self, error))
    {
      item_free (collection_steal (c, c->items->len - 1));
      self->revision--;
      return NULL;
    }

  if (version != NULL)
    *version = item->version;

  g_signal_emit (self, signals[ITEM_CHANGED], 0, TQ_DEMO_CHANGE_CREATED, resource, id);

  return g_steal_pointer (&object);
}

static JsonObject *
tq_demo_store_write (TqDemoStore     *self,
                     TqDemoResource   resource,
                     gint64           id,
                     JsonObject      *fields,
                     gboolean         merge,
                     guint64         *version,
                     GError         **error)
{
  Collection *c = &self->collections[resource];
  g_autoptr(JsonObject) object = NULL;
  JsonObject *old_object;
  guint64 old_version;
  gint64 body_id;
  Item *item;

  item = collection_get (c, id);
  if (item == NULL)
    {
      not_found (resource, id, error);
      return NULL;
    }

  if (!check_id_field (fields, id, &body_id, error))
    return NULL;

  object = build_item (self, resource, id, merge ? item->object : NULL, fields, error);
  if (object == NULL)
    return NULL;

  old_object = item->object;
  old_version = item->version;
  item->object = json_object_ref (object);
  json_object_seal (item->object);
  item->version = ++self->revision;

  if (!tq_demo_store_save (self, error))
    {
      json_object_unref (item->object);
      item->object = old_object;
      item->version = old_version;
      self->revision--;
      return NULL;
    }

  json_object_unref (old_object);

  if (version != NULL)
    *version = item->version;

  g_signal_emit (self, signals[ITEM_CHANGED], 0, TQ_DEMO_CHANGE_UPDATED, resource, id);

  return g_steal_pointer (&object);
}

/**
 * tq_demo_store_replace:
 * @self: a store
 * @resource: a collection
 * @id: the item's id
 * @fields: the item's new members; an `id`, if given, must be @id
 * @version: (out) (optional): where to store the item's new version
 * @error: return location for an error
 *
 * Replaces an item with @fields (HTTP `PUT`), checked as in
 * [method@TqDemoStore.create], and writes the data file.
 *
 * Errors: in %TQ_DEMO_STORE_ERROR, %TQ_DEMO_STORE_ERROR_NOT_FOUND if there
 * is no such item, %TQ_DEMO_STORE_ERROR_INVALID for a bad field;
 * `G_FILE_ERROR` if the data file cannot be written (the store is then
 * unchanged).
 *
 * Returns: (transfer full) (nullable): the stored item, sealed, or %NULL
 *   with @error set
 */
JsonObject *
tq_demo_store_replace (TqDemoStore     *self,
                       TqDemoResource   resource,
                       gint64           id,
                       JsonObject      *fields,
                       guint64         *version,
                       GError         **error)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), NULL);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return tq_demo_store_write (self, resource, id, fields, FALSE, version, error);
}

/**
 * tq_demo_store_update:
 * @self: a store
 * @resource: a collection
 * @id: the item's id
 * @fields: the members to change; an `id`, if given, must be @id
 * @version: (out) (optional): where to store the item's new version
 * @error: return location for an error
 *
 * Changes some members of an item (HTTP `PATCH`: the top-level members of
 * @fields replace the item's, as json-server merges them), checks the
 * result as [method@TqDemoStore.create] does, and writes the data file.
 *
 * Errors: as for [method@TqDemoStore.replace].
 *
 * Returns: (transfer full) (nullable): the stored item, sealed, or %NULL
 *   with @error set
 */
JsonObject *
tq_demo_store_update (TqDemoStore     *self,
                      TqDemoResource   resource,
                      gint64           id,
                      JsonObject      *fields,
                      guint64         *version,
                      GError         **error)
{
  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), NULL);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, NULL);
  g_return_val_if_fail (fields != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return tq_demo_store_write (self, resource, id, fields, TRUE, version, error);
}

/**
 * tq_demo_store_delete:
 * @self: a store
 * @resource: a collection
 * @id: the item's id
 * @error: return location for an error
 *
 * Deletes an item and writes the data file. Deleting a user also deletes
 * the user's todos, as json-server 0.17 deletes items whose foreign key
 * (`userId`) points at nothing.
 *
 * Errors: %TQ_DEMO_STORE_ERROR_NOT_FOUND in %TQ_DEMO_STORE_ERROR if there is
 * no such item; `G_FILE_ERROR` if the data file cannot be written (the store
 * is then unchanged).
 *
 * Returns: whether the item was deleted
 */
gboolean
tq_demo_store_delete (TqDemoStore     *self,
                      TqDemoResource   resource,
                      gint64           id,
                      GError         **error)
{
  g_autoptr(GArray) removals = NULL;
  Collection *c;
  Item *item;

  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), FALSE);
  g_return_val_if_fail (resource < TQ_DEMO_N_RESOURCES, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  c = &self->collections[resource];
  item = collection_get (c, id);
  if (item == NULL)
    return not_found (resource, id, error);

  removals = g_array_new (FALSE, FALSE, sizeof (Removal));
  g_array_append_val (removals, ((Removal) { resource, collection_index_of (c, item), item }));
  collection_steal (c, g_array_index (removals, Removal, 0).index);

  if (resource == TQ_DEMO_RESOURCE_USERS)
    {
      Collection *todos = &self->collections[TQ_DEMO_RESOURCE_TODOS];

      for (guint i = 0; i < todos->items->len; )
        {
          Item *todo = g_ptr_array_index (todos->items, i);
          gint64 user_id;

          if (node_get_integer (json_object_get_member (todo->object, "userId"), &user_id) && user_id == id)
            {
              g_array_append_val (removals, ((Removal) { TQ_DEMO_RESOURCE_TODOS, i, todo }));
              collection_steal (todos, i);
            }
          else
            {
              i++;
            }
        }
    }

  self->revision++;
  if (!tq_demo_store_save (self, error))
    {
      for (guint i = removals->len; i > 0; i--)
        {
          Removal *removal = &g_array_index (removals, Removal, i - 1);

          collection_insert (&self->collections[removal->resource], removal->index, removal->item);
        }
      self->revision--;
      return FALSE;
    }

  for (guint i = 0; i < removals->len; i++)
    {
      Removal *removal = &g_array_index (removals, Removal, i);
      gint64 removed_id = removal->item->id;

      item_free (removal->item);
      g_signal_emit (self, signals[ITEM_CHANGED], 0, TQ_DEMO_CHANGE_DELETED, removal->resource, removed_id);
    }

  return TRUE;
}

/**
 * tq_demo_store_reset:
 * @self: a store
 * @error: return location for an error
 *
 * Puts the seed data back (60 users, 600 todos), as on a first run, and
 * writes the data file. The revision keeps growing, so no version is used
 * twice. Other members of the data file are kept.
 *
 * Errors: `G_FILE_ERROR` if the data file cannot be written (the store is
 * then unchanged).
 *
 * Returns: whether the data was reset
 */
gboolean
tq_demo_store_reset (TqDemoStore  *self,
                     GError      **error)
{
  Collection old[TQ_DEMO_N_RESOURCES];

  g_return_val_if_fail (TQ_DEMO_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  memcpy (old, self->collections, sizeof old);
  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    collection_init (&self->collections[r]);
  tq_demo_store_load_seed (self);

  if (!tq_demo_store_save (self, error))
    {
      for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
        collection_clear (&self->collections[r]);
      memcpy (self->collections, old, sizeof old);
      self->revision--;
      return FALSE;
    }

  for (guint r = 0; r < TQ_DEMO_N_RESOURCES; r++)
    collection_clear (&old[r]);

  g_signal_emit (self, signals[RESET], 0);

  return TRUE;
}
