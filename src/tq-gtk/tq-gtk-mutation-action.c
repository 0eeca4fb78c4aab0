/* tq-gtk-mutation-action.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-gtk-mutation-action.h"

/**
 * TqGtkMutationAction:
 *
 * A mutation observer as a [iface@Gio.Action], so that buttons and menu
 * items run mutations from `.ui` files with `action-name`.
 *
 * Activating the action runs [method@Tq.MutationObserver.mutate] with the
 * activation's parameter as the variables: a [struct@GLib.Variant] in a
 * [struct@GObject.Value] (HTTP mutation functions turn it into JSON, see
 * [method@Tq.HttpClient.apply_mutation]).
 *
 * The action is enabled when the application allows it
 * ([method@TqGtk.MutationAction.set_enabled], %TRUE at first) and, unless it
 * is [property@TqGtk.MutationAction:concurrent], while no mutation it
 * started is pending, so a "Save" button cannot send the same change twice.
 * A mutation that is paused (offline, or waiting for its scope) is pending.
 *
 * Every mutation the action starts ends in one of
 * [signal@TqGtk.MutationAction::success] or
 * [signal@TqGtk.MutationAction::error], with the parameter it was
 * activated with, also when several run at once (the observer's per-call
 * callback reaches only the latest call, rule 51 of
 * `tanstack-query-core.md`). An application turns the error into a toast:
 *
 * ```c
 * static void
 * on_add_todo_error (TqGtkMutationAction *action,
 *                    const GError        *error,
 *                    GVariant            *parameter,
 *                    AdwToastOverlay     *overlay)
 * {
 *   adw_toast_overlay_add_toast (overlay, adw_toast_new (error->message));
 * }
 *
 * action = tq_gtk_mutation_action_new ("add-todo", G_VARIANT_TYPE_VARDICT, observer);
 * g_signal_connect (action, "error", G_CALLBACK (on_add_todo_error), overlay);
 * g_action_map_add_action (G_ACTION_MAP (window), G_ACTION (action));
 * ```
 *
 * ```xml
 * <object class="GtkButton">
 *   <property name="label">Add</property>
 *   <property name="action-name">win.add-todo</property>
 *   <property name="action-target">{'title': &lt;'Buy milk'&gt;}</property>
 * </object>
 * ```
 *
 * The action keeps its observer subscribed while it exists.
 */

struct _TqGtkMutationAction
{
  GObject             parent_instance;

  char               *name;
  GVariantType       *parameter_type;
  TqMutationObserver *observer;

  /* TqMutation → the GVariant parameter it was started with (or NULL),
   * for the mutations still pending */
  GHashTable         *pending;

  guint               allowed : 1;
  guint               concurrent : 1;
  guint               enabled : 1;
  guint               subscribed : 1;
};

static void action_iface_init (GActionInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TqGtkMutationAction, tq_gtk_mutation_action, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_ACTION, action_iface_init))

enum {
  PROP_0,
  PROP_OBSERVER,
  PROP_CONCURRENT,
  PROP_N_PENDING,
  N_PROPS,

  /* GAction's */
  PROP_NAME = N_PROPS,
  PROP_PARAMETER_TYPE,
  PROP_ENABLED,
  PROP_STATE_TYPE,
  PROP_STATE,
};

enum {
  SUCCESS,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static gboolean
compute_enabled (TqGtkMutationAction *self)
{
  if (!self->allowed)
    return FALSE;

  if (self->concurrent)
    return TRUE;

  return g_hash_table_size (self->pending) == 0;
}

static void
update_enabled (TqGtkMutationAction *self)
{
  gboolean enabled = compute_enabled (self);

  if (enabled == self->enabled)
    return;

  self->enabled = enabled;
  g_object_notify (G_OBJECT (self), "enabled");
}

/* Emits the end of a mutation that was pending and forgets it. */
static void
finish (TqGtkMutationAction *self,
        TqMutation          *mutation,
        TqMutationState     *state)
{
  g_autoptr(GVariant) parameter = NULL;
  g_autoptr(TqMutation) ref = g_object_ref (mutation);
  gpointer stolen = NULL;

  if (!g_hash_table_steal_extended (self->pending, mutation, NULL, &stolen))
    return;

  parameter = stolen;
  g_signal_handlers_disconnect_by_data (mutation, self);
  /* the table held the last reference of the key */
  g_object_unref (mutation);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PENDING]);
  update_enabled (self);

  if (tq_mutation_state_is_error (state))
    g_signal_emit (self, signals [ERROR], 0, tq_mutation_state_get_error (state), parameter);
  else
    g_signal_emit (self, signals [SUCCESS], 0, tq_mutation_state_get_data (state), parameter);
}

static void
on_mutation_updated (TqMutation          *mutation,
                     TqMutationAction     action,
                     TqGtkMutationAction *self)
{
  if (action == TQ_MUTATION_ACTION_SUCCESS || action == TQ_MUTATION_ACTION_ERROR)
    finish (self, mutation, tq_mutation_get_state (mutation));
}

static void
activate (TqGtkMutationAction *self,
          GVariant            *parameter)
{
  g_auto(GValue) variables = G_VALUE_INIT;
  TqMutation *before = tq_mutation_observer_get_mutation (self->observer);
  TqMutation *mutation;
  TqMutationState *state;

  if (parameter != NULL)
    {
      g_value_init (&variables, G_TYPE_VARIANT);
      g_value_set_variant (&variables, parameter);
    }

  tq_mutation_observer_mutate (self->observer, parameter != NULL ? &variables : NULL,
                               NULL, NULL, NULL);

  /* nothing new when the observer refused (it was disposed) */
  mutation = tq_mutation_observer_get_mutation (self->observer);
  if (mutation == NULL || mutation == before)
    return;

  g_hash_table_insert (self->pending, g_object_ref (mutation),
                       parameter != NULL ? g_variant_ref (parameter) : NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_PENDING]);
  update_enabled (self);

  /* A mutation function that completes at once may have settled already. */
  state = tq_mutation_get_state (mutation);
  if (tq_mutation_state_is_success (state) || tq_mutation_state_is_error (state))
    finish (self, mutation, state);
  else
    g_signal_connect_object (mutation, "updated", G_CALLBACK (on_mutation_updated), self, 0);
}

/* {{{ GAction */

static const char *
tq_gtk_mutation_action_get_name (GAction *action)
{
  return TQ_GTK_MUTATION_ACTION (action)->name;
}

static const GVariantType *
tq_gtk_mutation_action_get_parameter_type (GAction *action)
{
  return TQ_GTK_MUTATION_ACTION (action)->parameter_type;
}

static const GVariantType *
tq_gtk_mutation_action_get_state_type (GAction *action)
{
  return NULL;
}

static GVariant *
tq_gtk_mutation_action_get_state_hint (GAction *action)
{
  return NULL;
}

static gboolean
tq_gtk_mutation_action_get_enabled (GAction *action)
{
  return TQ_GTK_MUTATION_ACTION (action)->enabled;
}

static GVariant *
tq_gtk_mutation_action_get_state (GAction *action)
{
  return NULL;
}

static void
tq_gtk_mutation_action_change_state (GAction  *action,
                                     GVariant *value)
{
  g_critical ("%s: a mutation action has no state", G_STRFUNC);
}

static void
tq_gtk_mutation_action_activate (GAction  *action,
                                 GVariant *parameter)
{
  TqGtkMutationAction *self = TQ_GTK_MUTATION_ACTION (action);
  g_autoptr(GVariant) sunk = NULL;

  g_return_if_fail (self->parameter_type == NULL ?
                      parameter == NULL :
                      (parameter != NULL &&
                       g_variant_is_of_type (parameter, self->parameter_type)));

  if (parameter != NULL)
    sunk = g_variant_ref_sink (parameter);

  if (!self->enabled)
    return;

  activate (self, parameter);
}

static void
action_iface_init (GActionInterface *iface)
{
  iface->get_name = tq_gtk_mutation_action_get_name;
  iface->get_parameter_type = tq_gtk_mutation_action_get_parameter_type;
  iface->get_state_type = tq_gtk_mutation_action_get_state_type;
  iface->get_state_hint = tq_gtk_mutation_action_get_state_hint;
  iface->get_enabled = tq_gtk_mutation_action_get_enabled;
  iface->get_state = tq_gtk_mutation_action_get_state;
  iface->change_state = tq_gtk_mutation_action_change_state;
  iface->activate = tq_gtk_mutation_action_activate;
}

/* }}} */
/* {{{ GObject */

static void
tq_gtk_mutation_action_constructed (GObject *object)
{
  TqGtkMutationAction *self = TQ_GTK_MUTATION_ACTION (object);

  G_OBJECT_CLASS (tq_gtk_mutation_action_parent_class)->constructed (object);

  if (self->observer == NULL)
    {
      g_critical ("A TqGtkMutationAction needs an observer");
      self->allowed = FALSE;
      self->enabled = FALSE;
      return;
    }

  tq_mutation_observer_subscribe (self->observer);
  self->subscribed = TRUE;
}

static void
tq_gtk_mutation_action_dispose (GObject *object)
{
  TqGtkMutationAction *self = TQ_GTK_MUTATION_ACTION (object);
  GHashTableIter iter;
  gpointer mutation;

  g_hash_table_iter_init (&iter, self->pending);
  while (g_hash_table_iter_next (&iter, &mutation, NULL))
    g_signal_handlers_disconnect_by_data (mutation, self);
  g_hash_table_remove_all (self->pending);

  if (self->subscribed)
    {
      self->subscribed = FALSE;
      tq_mutation_observer_unsubscribe (self->observer);
    }
  g_clear_object (&self->observer);

  G_OBJECT_CLASS (tq_gtk_mutation_action_parent_class)->dispose (object);
}

static void
tq_gtk_mutation_action_finalize (GObject *object)
{
  TqGtkMutationAction *self = TQ_GTK_MUTATION_ACTION (object);

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->parameter_type, g_variant_type_free);
  g_clear_pointer (&self->pending, g_hash_table_unref);

  G_OBJECT_CLASS (tq_gtk_mutation_action_parent_class)->finalize (object);
}

static void
tq_gtk_mutation_action_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TqGtkMutationAction *self = TQ_GTK_MUTATION_ACTION (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;

    case PROP_CONCURRENT:
      g_value_set_boolean (value, self->concurrent);
      break;

    case PROP_N_PENDING:
      g_value_set_uint (value, g_hash_table_size (self->pending));
      break;

    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case PROP_PARAMETER_TYPE:
      g_value_set_boxed (value, self->parameter_type);
      break;

    case PROP_ENABLED:
      g_value_set_boolean (value, self->enabled);
      break;

    case PROP_STATE_TYPE:
      g_value_set_boxed (value, NULL);
      break;

    case PROP_STATE:
      g_value_set_variant (value, NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_gtk_mutation_action_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TqGtkMutationAction *self = TQ_GTK_MUTATION_ACTION (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      self->observer = g_value_dup_object (value);
      break;

    case PROP_CONCURRENT:
      tq_gtk_mutation_action_set_concurrent (self, g_value_get_boolean (value));
      break;

    case PROP_NAME:
      self->name = g_value_dup_string (value);
      break;

    case PROP_PARAMETER_TYPE:
      self->parameter_type = g_value_dup_boxed (value);
      break;

    case PROP_ENABLED:
      tq_gtk_mutation_action_set_enabled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_gtk_mutation_action_class_init (TqGtkMutationActionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = tq_gtk_mutation_action_constructed;
  object_class->dispose = tq_gtk_mutation_action_dispose;
  object_class->finalize = tq_gtk_mutation_action_finalize;
  object_class->get_property = tq_gtk_mutation_action_get_property;
  object_class->set_property = tq_gtk_mutation_action_set_property;

  /**
   * TqGtkMutationAction:observer:
   *
   * The mutation observer the action runs. The action keeps it subscribed.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL,
                         TQ_TYPE_MUTATION_OBSERVER,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * TqGtkMutationAction:concurrent:
   *
   * Whether the action stays enabled while mutations it started are
   * pending, for actions such as toggling one item of a list, where each
   * activation is a different change. %FALSE by default.
   */
  properties [PROP_CONCURRENT] =
    g_param_spec_boolean ("concurrent", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * TqGtkMutationAction:n-pending:
   *
   * How many of the mutations the action started are pending.
   */
  properties [PROP_N_PENDING] =
    g_param_spec_uint ("n-pending", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE |
                        G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * TqGtkMutationAction:name:
   *
   * The action's name.
   */
  g_object_class_install_property (object_class, PROP_NAME,
    g_param_spec_string ("name", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE |
                          G_PARAM_CONSTRUCT_ONLY |
                          G_PARAM_STATIC_STRINGS)));

  /**
   * TqGtkMutationAction:parameter-type:
   *
   * The type of the activation parameter, which becomes the variables;
   * %NULL for none.
   */
  g_object_class_install_property (object_class, PROP_PARAMETER_TYPE,
    g_param_spec_boxed ("parameter-type", NULL, NULL,
                        G_TYPE_VARIANT_TYPE,
                        (G_PARAM_READWRITE |
                         G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_STATIC_STRINGS)));

  /**
   * TqGtkMutationAction:enabled:
   *
   * Whether the action can be activated: the application allows it and,
   * unless the action is concurrent, no mutation it started is pending.
   * Setting it sets whether the application allows it, as
   * [method@TqGtk.MutationAction.set_enabled] does.
   */
  g_object_class_install_property (object_class, PROP_ENABLED,
    g_param_spec_boolean ("enabled", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE |
                           G_PARAM_STATIC_STRINGS)));

  g_object_class_override_property (object_class, PROP_STATE_TYPE, "state-type");
  g_object_class_override_property (object_class, PROP_STATE, "state");

  /**
   * TqGtkMutationAction::success:
   * @self: the action
   * @data: (nullable): what the mutation returned
   * @parameter: (nullable): the parameter the action was activated with
   *
   * Emitted when a mutation the action started succeeded.
   */
  signals [SUCCESS] =
    g_signal_new ("success",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_VALUE | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VARIANT);

  /**
   * TqGtkMutationAction::error:
   * @self: the action
   * @error: why the mutation failed (after its retries, and after its
   *   optimistic changes were rolled back)
   * @parameter: (nullable): the parameter the action was activated with
   *
   * Emitted when a mutation the action started failed: the place to show
   * a toast.
   */
  signals [ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2,
                  G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE,
                  G_TYPE_VARIANT);
}

static void
variant_unref0 (gpointer data)
{
  if (data != NULL)
    g_variant_unref (data);
}

static void
tq_gtk_mutation_action_init (TqGtkMutationAction *self)
{
  self->pending = g_hash_table_new_full (NULL, NULL, g_object_unref, variant_unref0);
  self->allowed = TRUE;
  self->enabled = TRUE;
}

/* }}} */

/**
 * tq_gtk_mutation_action_new:
 * @name: the action's name, as [func@Gio.Action.name_is_valid] accepts
 * @parameter_type: (nullable): the type of the parameter, which becomes the
 *   mutation's variables; %NULL for an action without one
 * @observer: the mutation observer to run
 *
 * Makes an action that runs @observer's mutation when activated.
 *
 * Returns: (transfer full): a new action
 */
TqGtkMutationAction *
tq_gtk_mutation_action_new (const char         *name,
                            const GVariantType *parameter_type,
                            TqMutationObserver *observer)
{
  g_return_val_if_fail (name != NULL && g_action_name_is_valid (name), NULL);
  g_return_val_if_fail (TQ_IS_MUTATION_OBSERVER (observer), NULL);

  return g_object_new (TQ_GTK_TYPE_MUTATION_ACTION,
                       "name", name,
                       "parameter-type", parameter_type,
                       "observer", observer,
                       NULL);
}

/**
 * tq_gtk_mutation_action_get_observer:
 * @self: an action
 *
 * Gets [property@TqGtk.MutationAction:observer].
 *
 * Returns: (transfer none): the observer
 */
TqMutationObserver *
tq_gtk_mutation_action_get_observer (TqGtkMutationAction *self)
{
  g_return_val_if_fail (TQ_GTK_IS_MUTATION_ACTION (self), NULL);

  return self->observer;
}

/**
 * tq_gtk_mutation_action_get_concurrent:
 * @self: an action
 *
 * Gets [property@TqGtk.MutationAction:concurrent].
 *
 * Returns: whether the action stays enabled while its mutations run
 */
gboolean
tq_gtk_mutation_action_get_concurrent (TqGtkMutationAction *self)
{
  g_return_val_if_fail (TQ_GTK_IS_MUTATION_ACTION (self), FALSE);

  return self->concurrent;
}

/**
 * tq_gtk_mutation_action_set_concurrent:
 * @self: an action
 * @concurrent: whether the action stays enabled while its mutations run
 *
 * Sets [property@TqGtk.MutationAction:concurrent].
 */
void
tq_gtk_mutation_action_set_concurrent (TqGtkMutationAction *self,
                                       gboolean             concurrent)
{
  g_return_if_fail (TQ_GTK_IS_MUTATION_ACTION (self));

  concurrent = !!concurrent;
  if (self->concurrent == concurrent)
    return;

  self->concurrent = concurrent;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONCURRENT]);
  update_enabled (self);
}

/**
 * tq_gtk_mutation_action_set_enabled:
 * @self: an action
 * @enabled: whether the application allows the action, for example
 *   whether a form is complete
 *
 * Sets whether the application allows the action. It is enabled when
 * this is %TRUE and, unless it is concurrent, no mutation it started is
 * pending.
 */
void
tq_gtk_mutation_action_set_enabled (TqGtkMutationAction *self,
                                    gboolean             enabled)
{
  g_return_if_fail (TQ_GTK_IS_MUTATION_ACTION (self));

  self->allowed = !!enabled;
  update_enabled (self);
}

/**
 * tq_gtk_mutation_action_get_n_pending:
 * @self: an action
 *
 * Gets [property@TqGtk.MutationAction:n-pending].
 *
 * Returns: how many mutations the action started are pending
 */
guint
tq_gtk_mutation_action_get_n_pending (TqGtkMutationAction *self)
{
  g_return_val_if_fail (TQ_GTK_IS_MUTATION_ACTION (self), 0);

  return g_hash_table_size (self->pending);
}
