/* gallery-todo.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define GALLERY_TYPE_TODO (gallery_todo_get_type ())

G_DECLARE_FINAL_TYPE (GalleryTodo, gallery_todo, GALLERY, TODO, GObject)

gint64      gallery_todo_get_id        (GalleryTodo *self);
const char *gallery_todo_get_title     (GalleryTodo *self);
gboolean    gallery_todo_get_completed (GalleryTodo *self);

G_END_DECLS
