/* tq-demo-user-editor.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_USER_EDITOR (tq_demo_user_editor_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoUserEditor, tq_demo_user_editor, TQ_DEMO, USER_EDITOR, AdwMessageDialog)

GtkWidget  *tq_demo_user_editor_new         (GtkWindow        *parent,
                                             gint64            user_id,
                                             const char       *name,
                                             const char       *email);
gint64      tq_demo_user_editor_get_user_id (TqDemoUserEditor *self);
const char *tq_demo_user_editor_get_name    (TqDemoUserEditor *self);
void        tq_demo_user_editor_set_name    (TqDemoUserEditor *self,
                                             const char       *name);
const char *tq_demo_user_editor_get_email   (TqDemoUserEditor *self);
void        tq_demo_user_editor_set_email   (TqDemoUserEditor *self,
                                             const char       *email);
gboolean    tq_demo_user_editor_is_valid    (TqDemoUserEditor *self);

G_END_DECLS
