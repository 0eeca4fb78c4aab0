/* gallery-todo.c: a todo as list models build it from JSON
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "gallery-todo.h"

/* The list models make one with json_gobject_deserialize(): the JSON
 * members "id", "title" and "completed" fill the properties of the same
 * names, which a .ui file can then <lookup>. */
struct _GalleryTodo
{
  GObject  parent_instance;

  gint64   id;
  char    *title;
  gboolean completed;
};

G_DEFINE_FINAL_TYPE (GalleryTodo, gallery_todo, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_COMPLETED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
gallery_todo_finalize (GObject *object)
{
  GalleryTodo *self = GALLERY_TODO (object);

  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (gallery_todo_parent_class)->finalize (object);
}

static void
gallery_todo_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  GalleryTodo *self = GALLERY_TODO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_COMPLETED:
      g_value_set_boolean (value, self->completed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gallery_todo_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  GalleryTodo *self = GALLERY_TODO (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_int64 (value);
      break;

    case PROP_TITLE:
      g_free (self->title);
      self->title = g_value_dup_string (value);
      break;

    case PROP_COMPLETED:
      self->completed = g_value_get_boolean (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gallery_todo_class_init (GalleryTodoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = gallery_todo_finalize;
  object_class->get_property = gallery_todo_get_property;
  object_class->set_property = gallery_todo_set_property;

  properties [PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  properties [PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties [PROP_COMPLETED] = g_param_spec_boolean ("completed", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
gallery_todo_init (GalleryTodo *self)
{
}

gint64
gallery_todo_get_id (GalleryTodo *self)
{
  g_return_val_if_fail (GALLERY_IS_TODO (self), 0);

  return self->id;
}

const char *
gallery_todo_get_title (GalleryTodo *self)
{
  g_return_val_if_fail (GALLERY_IS_TODO (self), NULL);

  return self->title;
}

gboolean
gallery_todo_get_completed (GalleryTodo *self)
{
  g_return_val_if_fail (GALLERY_IS_TODO (self), FALSE);

  return self->completed;
}
