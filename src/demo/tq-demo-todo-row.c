/* tq-demo-todo-row.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tq-demo-todo-row.h"
#include "tq-demo-todos.h"

/**
 * TqDemoTodoRow:
 *
 * One to-do in the list: a check box, the title (edited in place: click it,
 * or press Enter or Space on it; Enter saves, Escape cancels), and a delete
 * button. It shows a to-do's data and
 * says what the user did with signals; the page turns them into mutations.
 * A to-do the server has not confirmed yet (a temporary one) shows a
 * "not saved yet" icon and cannot be changed until it is saved.
 */

struct _TqDemoTodoRow
{
  GtkWidget   parent_instance;

  TqJsonItem *item;
  gboolean    binding;

  GtkWidget  *check;
  GtkWidget  *title_stack;
  GtkWidget  *title_button;
  GtkWidget  *title_label;
  GtkWidget  *title_entry;
  GtkWidget  *pending_icon;
  GtkWidget  *delete_button;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

enum {
  TOGGLED,
  RENAMED,
  DELETE,
  N_SIGNALS
};

G_DEFINE_FINAL_TYPE (TqDemoTodoRow, tq_demo_todo_row, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const char *
item_title (TqDemoTodoRow *self)
{
  const char *title = self->item != NULL ? tq_json_item_get_string (self->item, "title") : NULL;

  return title != NULL ? title : "";
}

static void
on_check_toggled (TqDemoTodoRow *self)
{
  if (self->binding || self->item == NULL)
    return;

  g_signal_emit (self, signals [TOGGLED], 0, gtk_check_button_get_active (GTK_CHECK_BUTTON (self->check)));
}

/* In-place editing is a stack of the title (a flat button) and an entry:
 * GtkEditableLabel of GTK 4.8 stops editing from a timeout that outlives
 * the widget, and list rows come and go.
 */
static gboolean
is_editing (TqDemoTodoRow *self)
{
  return g_strcmp0 (gtk_stack_get_visible_child_name (GTK_STACK (self->title_stack)), "entry") == 0;
}

static void
start_editing (TqDemoTodoRow *self)
{
  if (self->item == NULL || is_editing (self))
    return;

  gtk_editable_set_text (GTK_EDITABLE (self->title_entry), item_title (self));
  gtk_stack_set_visible_child_name (GTK_STACK (self->title_stack), "entry");
  gtk_widget_grab_focus (self->title_entry);
  gtk_editable_select_region (GTK_EDITABLE (self->title_entry), 0, -1);
}

static void
stop_editing (TqDemoTodoRow *self,
              gboolean       commit)
{
  g_autofree char *title = NULL;
  gboolean had_focus;

  if (!is_editing (self))
    return;

  title = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_entry)));
  had_focus = gtk_widget_has_focus (self->title_entry) || gtk_widget_get_focus_child (self->title_entry) != NULL;
  gtk_stack_set_visible_child_name (GTK_STACK (self->title_stack), "label");
  if (had_focus)
    gtk_widget_grab_focus (self->title_button);

  /* The label shows the to-do's data: the new title comes back with the
   * to-do, at once, if the change is accepted.
   */
  if (commit && !self->binding && self->item != NULL && g_strcmp0 (title, item_title (self)) != 0)
    g_signal_emit (self, signals [RENAMED], 0, title);
}

static void
on_entry_activate (TqDemoTodoRow *self)
{
  stop_editing (self, TRUE);
}

static gboolean
on_entry_key_pressed (TqDemoTodoRow   *self,
                      guint            keyval,
                      guint            keycode,
                      GdkModifierType  state)
{
  if (keyval != GDK_KEY_Escape)
    return GDK_EVENT_PROPAGATE;

  stop_editing (self, FALSE);
  return GDK_EVENT_STOP;
}

static void
on_entry_focus_leave (TqDemoTodoRow *self)
{
  stop_editing (self, TRUE);
}

static void
on_delete_clicked (TqDemoTodoRow *self)
{
  if (self->item != NULL)
    g_signal_emit (self, signals [DELETE], 0);
}

static void
update (TqDemoTodoRow *self)
{
  JsonNode *node = self->item != NULL ? tq_json_item_get_node (self->item) : NULL;
  gboolean temporary = node != NULL && JSON_NODE_HOLDS_OBJECT (node) &&
                       tq_demo_todo_is_temporary (json_node_get_object (node));
  gboolean completed = self->item != NULL && tq_json_item_get_boolean (self->item, "completed");
  const char *title = item_title (self);
  g_autofree char *delete_label = NULL;
  g_autofree char *rename_label = NULL;

  self->binding = TRUE;

  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->check), completed);
  stop_editing (self, FALSE);
  gtk_label_set_label (GTK_LABEL (self->title_label), title);

  gtk_widget_set_sensitive (self->check, !temporary);
  gtk_widget_set_sensitive (self->title_stack, !temporary);
  gtk_widget_set_sensitive (self->delete_button, !temporary);
  gtk_widget_set_visible (self->pending_icon, temporary);

  if (completed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "completed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "completed");

  /* Translators: the accessible name of a to-do's delete button; %s is its title */
  delete_label = g_strdup_printf (_("Delete “%s”"), title);
  /* Translators: the accessible name of a to-do's title, which renames it when activated; %s is the title */
  rename_label = g_strdup_printf (_("Rename “%s”"), title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->check),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, rename_label,
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->title_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->delete_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, delete_label,
                                  -1);

  self->binding = FALSE;
}

static void
tq_demo_todo_row_dispose (GObject *object)
{
  TqDemoTodoRow *self = (TqDemoTodoRow *)object;
  GtkWidget *child;

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_TODO_ROW);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tq_demo_todo_row_parent_class)->dispose (object);
}

static void
tq_demo_todo_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TqDemoTodoRow *self = TQ_DEMO_TODO_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      g_value_set_object (value, self->item);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_todo_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TqDemoTodoRow *self = TQ_DEMO_TODO_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      tq_demo_todo_row_set_item (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_todo_row_class_init (TqDemoTodoRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tq_demo_todo_row_dispose;
  object_class->get_property = tq_demo_todo_row_get_property;
  object_class->set_property = tq_demo_todo_row_set_property;

  /**
   * TqDemoTodoRow:item:
   *
   * The to-do shown.
   */
  properties [PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, TQ_TYPE_JSON_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqDemoTodoRow::toggled:
   * @self: the row
   * @completed: the new state
   *
   * The user checked or unchecked the to-do.
   */
  signals [TOGGLED] =
    g_signal_new ("toggled",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BOOLEAN);

  /**
   * TqDemoTodoRow::renamed:
   * @self: the row
   * @title: the new title, as typed
   *
   * The user changed the title.
   */
  signals [RENAMED] =
    g_signal_new ("renamed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  /**
   * TqDemoTodoRow::delete:
   * @self: the row
   *
   * The user asked to delete the to-do.
   */
  signals [DELETE] =
    g_signal_new ("delete",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-todo-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, check);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, title_stack);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, title_button);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, title_entry);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, pending_icon);
  gtk_widget_class_bind_template_child (widget_class, TqDemoTodoRow, delete_button);
  gtk_widget_class_bind_template_callback (widget_class, on_check_toggled);
  gtk_widget_class_bind_template_callback (widget_class, start_editing);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_key_pressed);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_focus_leave);
  gtk_widget_class_bind_template_callback (widget_class, on_delete_clicked);
}

static void
tq_demo_todo_row_init (TqDemoTodoRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tq_demo_todo_row_new (void)
{
  return g_object_new (TQ_DEMO_TYPE_TODO_ROW, NULL);
}

/**
 * tq_demo_todo_row_get_item:
 *
 * Returns: (transfer none) (nullable): the to-do shown
 */
TqJsonItem *
tq_demo_todo_row_get_item (TqDemoTodoRow *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_TODO_ROW (self), NULL);

  return self->item;
}

void
tq_demo_todo_row_set_item (TqDemoTodoRow *self,
                           TqJsonItem    *item)
{
  g_return_if_fail (TQ_DEMO_IS_TODO_ROW (self));
  g_return_if_fail (item == NULL || TQ_IS_JSON_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ITEM]);
}
