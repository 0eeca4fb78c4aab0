/* tq-demo-user-row.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "tq-demo-user-row.h"

/* One user in the list: avatar, name and e-mail address. */

struct _TqDemoUserRow
{
  GtkWidget   parent_instance;

  TqJsonItem *item;

  AdwAvatar  *avatar;
  GtkLabel   *name_label;
  GtkLabel   *email_label;
};

enum {
  PROP_0,
  PROP_ITEM,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqDemoUserRow, tq_demo_user_row, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

static void
tq_demo_user_row_dispose (GObject *object)
{
  TqDemoUserRow *self = (TqDemoUserRow *)object;
  GtkWidget *child;

  g_clear_object (&self->item);
  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_DEMO_TYPE_USER_ROW);
  /* The box of labels is not a bound child */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (tq_demo_user_row_parent_class)->dispose (object);
}

static void
tq_demo_user_row_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TqDemoUserRow *self = TQ_DEMO_USER_ROW (object);

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
tq_demo_user_row_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  TqDemoUserRow *self = TQ_DEMO_USER_ROW (object);

  switch (prop_id)
    {
    case PROP_ITEM:
      tq_demo_user_row_set_item (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_user_row_class_init (TqDemoUserRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tq_demo_user_row_dispose;
  object_class->get_property = tq_demo_user_row_get_property;
  object_class->set_property = tq_demo_user_row_set_property;

  properties [PROP_ITEM] =
    g_param_spec_object ("item", NULL, NULL, TQ_TYPE_JSON_ITEM,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Demo/ui/tq-demo-user-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, TqDemoUserRow, email_label);
}

static void
tq_demo_user_row_init (TqDemoUserRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
tq_demo_user_row_new (void)
{
  return g_object_new (TQ_DEMO_TYPE_USER_ROW, NULL);
}

TqJsonItem *
tq_demo_user_row_get_item (TqDemoUserRow *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_ROW (self), NULL);

  return self->item;
}

/* The user's id, or 0 for no user (ids start at 1). */
gint64
tq_demo_user_row_get_id (TqDemoUserRow *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_USER_ROW (self), 0);

  if (self->item == NULL || !tq_json_item_has_member (self->item, "id"))
    return 0;

  return tq_json_item_get_int (self->item, "id");
}

void
tq_demo_user_row_set_item (TqDemoUserRow *self,
                           TqJsonItem    *item)
{
  const char *name = NULL;
  const char *email = NULL;

  g_return_if_fail (TQ_DEMO_IS_USER_ROW (self));
  g_return_if_fail (item == NULL || TQ_IS_JSON_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;

  if (item != NULL)
    {
      name = tq_json_item_get_string (item, "name");
      email = tq_json_item_get_string (item, "email");
    }

  adw_avatar_set_text (self->avatar, name);
  gtk_label_set_label (self->name_label, name != NULL ? name : "");
  gtk_label_set_label (self->email_label, email != NULL ? email : "");

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ITEM]);
}
