/* tq-demo-todos-page.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <tq.h>

#include "tq-demo-todos.h"

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_TODOS_PAGE (tq_demo_todos_page_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoTodosPage, tq_demo_todos_page, TQ_DEMO, TODOS_PAGE, GtkWidget)

GtkWidget        *tq_demo_todos_page_new          (TqQueryClient   *client,
                                                   TqHttpClient    *http_client);
TqQueryObserver  *tq_demo_todos_page_get_observer (TqDemoTodosPage *self);
TqDemoTodoFilter  tq_demo_todos_page_get_filter   (TqDemoTodosPage *self);
void              tq_demo_todos_page_set_filter   (TqDemoTodosPage *self,
                                                   TqDemoTodoFilter filter);
void              tq_demo_todos_page_focus_entry  (TqDemoTodosPage *self);
void              tq_demo_todos_page_focus_search (TqDemoTodosPage *self);

G_END_DECLS
