/* tq-focus-manager.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-focus-manager.h"

/**
 * TqFocusManager:
 *
 * Whether the application has the user's attention: TanStack's
 * `focusManager` (section 1.9 of `tanstack-query-core.md`).
 *
 * Query clients refetch stale queries when focus comes back (rule 19), and
 * retries pause while the application is unfocused (rule 26). The value
 * comes from the environment, which the widget library feeds from the
 * application's windows (`GtkWindow:is-active`) through
 * [method@Tq.FocusManager.set_automatic_focused]; it starts focused. An
 * application or a test can override it with
 * [method@Tq.FocusManager.set_focused] and go back to the automatic value
 * with [method@Tq.FocusManager.unset_focused].
 *
 * [property@Tq.FocusManager:focused] notifies only when the value really
 * changes.
 */

struct _TqFocusManager
{
  GObject  parent_instance;

  gboolean automatic;
  gboolean manual;
  gboolean has_manual;
  gboolean focused;
};

enum {
  PROP_0,
  PROP_FOCUSED,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqFocusManager, tq_focus_manager, G_TYPE_OBJECT)

static GParamSpec *properties [N_PROPS];
static TqFocusManager *default_manager;

static void
update (TqFocusManager *self)
{
  gboolean focused = self->has_manual ? self->manual : self->automatic;

  if (focused == self->focused)
    return;

  self->focused = focused;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FOCUSED]);
}

static void
tq_focus_manager_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  TqFocusManager *self = TQ_FOCUS_MANAGER (object);

  switch (prop_id)
    {
    case PROP_FOCUSED:
      g_value_set_boolean (value, self->focused);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_focus_manager_class_init (TqFocusManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = tq_focus_manager_get_property;

  /**
   * TqFocusManager:focused:
   *
   * Whether the application is focused: the manual value if one is set,
   * otherwise the automatic one. Notifies only on a real change.
   */
  properties [PROP_FOCUSED] =
    g_param_spec_boolean ("focused", NULL, NULL,
                          TRUE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_focus_manager_init (TqFocusManager *self)
{
  self->automatic = TRUE;
  self->focused = TRUE;
}

/**
 * tq_focus_manager_new:
 *
 * Creates a focus manager that starts focused.
 *
 * Returns: (transfer full): a new focus manager
 */
TqFocusManager *
tq_focus_manager_new (void)
{
  return g_object_new (TQ_TYPE_FOCUS_MANAGER, NULL);
}

/**
 * tq_focus_manager_get_default:
 *
 * Gets the process-wide focus manager that query clients use unless given
 * another.
 *
 * Returns: (transfer none): the default focus manager
 */
TqFocusManager *
tq_focus_manager_get_default (void)
{
  if (default_manager == NULL)
    default_manager = tq_focus_manager_new ();

  return default_manager;
}

/**
 * tq_focus_manager_set_default:
 * @manager: (nullable): a focus manager, or %NULL to make a new one on next
 *   use
 *
 * Replaces the process-wide focus manager. Clients keep the manager they
 * were made with.
 */
void
tq_focus_manager_set_default (TqFocusManager *manager)
{
  g_return_if_fail (manager == NULL || TQ_IS_FOCUS_MANAGER (manager));

  g_set_object (&default_manager, manager);
}

/**
 * tq_focus_manager_is_focused:
 * @self: a focus manager
 *
 * Gets [property@Tq.FocusManager:focused].
 *
 * Returns: whether the application is focused
 */
gboolean
tq_focus_manager_is_focused (TqFocusManager *self)
{
  g_return_val_if_fail (TQ_IS_FOCUS_MANAGER (self), TRUE);

  return self->focused;
}

/**
 * tq_focus_manager_set_focused:
 * @self: a focus manager
 * @focused: whether the application is focused
 *
 * Overrides the automatic value, until
 * [method@Tq.FocusManager.unset_focused] (TanStack's `setFocused (bool)`).
 */
void
tq_focus_manager_set_focused (TqFocusManager *self,
                              gboolean        focused)
{
  g_return_if_fail (TQ_IS_FOCUS_MANAGER (self));

  self->has_manual = TRUE;
  self->manual = !!focused;
  update (self);
}

/**
 * tq_focus_manager_unset_focused:
 * @self: a focus manager
 *
 * Drops the manual value, going back to the automatic one (TanStack's
 * `setFocused (undefined)`).
 */
void
tq_focus_manager_unset_focused (TqFocusManager *self)
{
  g_return_if_fail (TQ_IS_FOCUS_MANAGER (self));

  self->has_manual = FALSE;
  update (self);
}

/**
 * tq_focus_manager_set_automatic_focused:
 * @self: a focus manager
 * @focused: whether the environment says the application is focused
 *
 * Feeds the value detected from the environment. The widget library calls
 * this when the application's windows become active or inactive; it counts
 * unless a manual value is set.
 */
void
tq_focus_manager_set_automatic_focused (TqFocusManager *self,
                                        gboolean        focused)
{
  g_return_if_fail (TQ_IS_FOCUS_MANAGER (self));

  self->automatic = !!focused;
  update (self);
}
