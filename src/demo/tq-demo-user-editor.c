/* tq-demo-user-editor.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-demo-user-editor.h"

/* The dialog that edits a user's name and e-mail address. It only collects
 * them: its "save" response is the caller's to act on. Save is enabled
 * while the name is not blank and the address looks like one (the server
 * checks the same, and would refuse the rest with 400).
 */

struct _TqDemoUserEditor
{
  AdwMessageDialog  parent_instance;

  gint64            user_id;

  AdwEntryRow      *name_row;
  AdwEntryRow      *email_row;
};

G_DEFINE_FINAL_TYPE (TqDemoUserEditor, tq_demo_user_editor, ADW_TYPE_MESSAGE_DIALOG)

static gboolean
name_is_valid (const char *name)
{
  g_autofree char *stripped = g_strstrip (g_strdup (name));

  return *stripped != '\0';
}

/* Something before and after an @, as the server asks. */
static gboolean
email_is_valid (const char *email)
{
  const char *at = strchr (email, '@');

  return at != NULL && at != email && at[1] != '\0' && strchr (email, ' ') == NULL;
}

static void
mark (AdwEntryRow *row,
      gboolean     valid)
{
  if (valid)
    gtk_widget_remove_css_class (GTK_WIDGET (row), "error");
  else
    gtk_widget_add_css_class (GTK_WIDGET (row), "error");

  gtk_accessible_update_state (GTK_ACCESSIBLE (row),
                               GTK_ACCESSIBLE_STATE_INVALID,
                               valid ? GTK_ACCESSIBLE_INVALID_FALSE : GTK_ACCESSIBLE_INVALID_TRUE,
                               -1);
}

static void
on_changed (TqDemoUserEditor *self)
{
  gboolean name_ok = name_is_valid (tq_demo_user_editor_get_name (self));
  gboolean email_ok = email_is_valid (tq_demo_user_editor_get_email (self));

  mark (self->name_row, name_ok);
  mark (self->email_row, email_ok);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "save", name_ok && email_ok);
}

static void
on_activated (TqDemoUserEditor *self)
{
  if (tq_demo_user_editor_is_valid (self))
    {
      adw_message_dialog_response (ADW_MESSAGE_DIALOG (self), "save");
      gtk_window_close (GTK_WINDOW (self));
    }
}

static void
tq_demo_user_editor_class_init (TqDemoUserEditorClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-user-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserEditor, name_row);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserEditor, email_row);
  gtk_widget_class_bind_template_callback (widget_class, on_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_activated);
}

static void
tq_demo_user_editor_init (TqDemoUserEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/* A new editor for the user @user_id, filled in with @name and @email. */
GtkWidget *
tq_demo_user_editor_new (GtkWindow  *parent,
                         gint64      user_id,
                         const char *name,
                         const char *email)
{
  TqDemoUserEditor *self;

  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);

  self = g_object_new (TQ_DEMO_TYPE_USER_EDITOR,
                       "transient-for", parent,
                       NULL);
  self->user_id = user_id;
  tq_demo_user_editor_set_name (self, name);
  tq_demo_user_editor_set_email (self, email);

  return GTK_WIDGET (self);
}

gint64
tq_demo_user_editor_get_user_id (TqDemoUserEditor *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_EDITOR (self), 0);

  return self->user_id;
}

const char *
tq_demo_user_editor_get_name (TqDemoUserEditor *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_EDITOR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_row));
}

void
tq_demo_user_editor_set_name (TqDemoUserEditor *self,
                              const char       *name)
{
  g_return_if_fail (TQ_DEMO_IS_USER_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->name_row), name != NULL ? name : "");
  on_changed (self);
}

const char *
tq_demo_user_editor_get_email (TqDemoUserEditor *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_EDITOR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->email_row));
}

void
tq_demo_user_editor_set_email (TqDemoUserEditor *self,
                               const char       *email)
{
  g_return_if_fail (TQ_DEMO_IS_USER_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->email_row), email != NULL ? email : "");
  on_changed (self);
}

gboolean
tq_demo_user_editor_is_valid (TqDemoUserEditor *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_EDITOR (self), FALSE);

  return name_is_valid (tq_demo_user_editor_get_name (self)) &&
         email_is_valid (tq_demo_user_editor_get_email (self));
}
