/* gallery-window.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <tq-gtk.h>

#include "tq-demo-server.h"

G_BEGIN_DECLS

#define GALLERY_TYPE_WINDOW (gallery_window_get_type ())

G_DECLARE_FINAL_TYPE (GalleryWindow, gallery_window, GALLERY, WINDOW, GtkApplicationWindow)

GalleryWindow *gallery_window_new (GtkApplication *application,
                                   TqHttpClient   *http_client,
                                   TqDemoServer   *server);
const char    *gallery_window_self_test_step (GalleryWindow *self);

G_END_DECLS
