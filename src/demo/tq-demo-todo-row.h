/* tq-demo-todo-row.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <tq.h>

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_TODO_ROW (tq_demo_todo_row_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoTodoRow, tq_demo_todo_row, TQ_DEMO, TODO_ROW, GtkWidget)

GtkWidget  *tq_demo_todo_row_new      (void);
TqJsonItem *tq_demo_todo_row_get_item (TqDemoTodoRow *self);
void        tq_demo_todo_row_set_item (TqDemoTodoRow *self,
                                       TqJsonItem    *item);

G_END_DECLS
