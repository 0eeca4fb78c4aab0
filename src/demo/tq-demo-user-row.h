/* tq-demo-user-row.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <tq.h>

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_USER_ROW (tq_demo_user_row_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoUserRow, tq_demo_user_row, TQ_DEMO, USER_ROW, GtkWidget)

GtkWidget  *tq_demo_user_row_new      (void);
TqJsonItem *tq_demo_user_row_get_item (TqDemoUserRow *self);
void        tq_demo_user_row_set_item (TqDemoUserRow *self,
                                       TqJsonItem    *item);
gint64      tq_demo_user_row_get_id   (TqDemoUserRow *self);

G_END_DECLS
