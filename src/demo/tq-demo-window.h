/* tq-demo-window.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tq-demo-application.h"

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_WINDOW (tq_demo_window_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoWindow, tq_demo_window, TQ_DEMO, WINDOW, AdwApplicationWindow)

TqDemoWindow *tq_demo_window_new              (TqDemoApplication *application);
const char   *tq_demo_window_get_visible_page (TqDemoWindow      *self);
void          tq_demo_window_set_visible_page (TqDemoWindow      *self,
                                               const char        *name);
void          tq_demo_window_add_toast        (TqDemoWindow      *self,
                                               AdwToast          *toast);

G_END_DECLS
