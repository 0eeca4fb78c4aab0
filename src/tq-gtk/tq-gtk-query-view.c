/* tq-gtk-query-view.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tq-gtk.h"

/**
 * TqGtkQueryView:
 *
 * Shows the right thing for a query: a loading child while the first fetch
 * runs, an error child (the message and a Retry button) when it failed, an
 * empty child when there is no data or the data is an empty JSON array (for
 * a [class@Tq.InfiniteQueryObserver], when every page is an empty array),
 * and the content child otherwise.
 *
 * The content stays visible during background refetches, with a thin
 * progress bar along the top, and a refetch that fails shows its message and
 * a Retry button above the content instead of replacing it.
 *
 * The view subscribes its [property@TqGtk.QueryView:observer] while it is
 * mapped: an observer shown only on a hidden stack page stops its interval
 * refetches, and when the page is shown again it refetches once if its data
 * is stale (TanStack's refetch on mount). The browser only knows whether a
 * whole tab is visible; a desktop view knows about each widget.
 *
 * Each child can be replaced, in C or in a `.ui` file:
 *
 * ```xml
 * <object class="TqGtkQueryView" id="view">
 *   <property name="content-child">
 *     <object class="GtkScrolledWindow">
 *       <property name="child">
 *         <object class="GtkListView" id="list"/>
 *       </property>
 *     </object>
 *   </property>
 * </object>
 * ```
 *
 * The view's accessible busy state follows `is-fetching`; the Retry buttons
 * activate the `query-view.retry` action, which refetches.
 */

struct _TqGtkQueryView
{
  GtkWidget            parent_instance;

  TqQueryObserver     *observer;
  GSignalGroup        *observer_signals;
  TqGtkQueryViewState  state;
  gboolean             subscribed;
  guint                pulse_id;

  GtkWidget           *overlay;
  GtkWidget           *stack;
  GtkWidget           *progress;
  GtkWidget           *refetch_error_revealer;
  GtkWidget           *refetch_error_label;
  GtkWidget           *error_label;
  GtkWidget           *retry_button;
  GtkWidget           *default_loading;
  GtkWidget           *default_error;
  GtkWidget           *default_empty;

  GtkWidget           *children[4];   /* by state; NULL for content until set */
};

enum {
  PROP_0,
  PROP_OBSERVER,
  PROP_STATE,
  PROP_CONTENT_CHILD,
  PROP_LOADING_CHILD,
  PROP_ERROR_CHILD,
  PROP_EMPTY_CHILD,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqGtkQueryView, tq_gtk_query_view, GTK_TYPE_WIDGET)

G_DEFINE_ENUM_TYPE (TqGtkQueryViewState, tq_gtk_query_view_state,
                    G_DEFINE_ENUM_VALUE (TQ_GTK_QUERY_VIEW_STATE_LOADING, "loading"),
                    G_DEFINE_ENUM_VALUE (TQ_GTK_QUERY_VIEW_STATE_ERROR, "error"),
                    G_DEFINE_ENUM_VALUE (TQ_GTK_QUERY_VIEW_STATE_EMPTY, "empty"),
                    G_DEFINE_ENUM_VALUE (TQ_GTK_QUERY_VIEW_STATE_CONTENT, "content"))

static GParamSpec *properties [N_PROPS];

static const char * const page_names[] = { "loading", "error", "empty", "content" };

static gboolean
node_is_empty_array (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0;
}

/* An infinite query's data, {"pages": […], "pageParams": […]}, is empty
 * when every page is an empty array: a search that found nothing. */
static gboolean
pages_are_empty (JsonNode *node)
{
  JsonArray *pages;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node) ||
      !json_object_has_member (json_node_get_object (node), "pages"))
    return FALSE;

  node = json_object_get_member (json_node_get_object (node), "pages");
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return FALSE;

  pages = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (pages); i++)
    if (!node_is_empty_array (json_array_get_element (pages, i)))
      return FALSE;

  return TRUE;
}

static gboolean
data_is_empty (const GValue *data,
               gboolean      infinite)
{
  JsonNode *node;

  if (!G_IS_VALUE (data))
    return TRUE;

  if (!G_VALUE_HOLDS (data, JSON_TYPE_NODE))
    return FALSE;

  node = g_value_get_boxed (data);
  return node == NULL || node_is_empty_array (node) || (infinite && pages_are_empty (node));
}

static TqGtkQueryViewState
compute_state (TqQueryObserver *observer,
               TqQueryResult   *result)
{
  const GValue *data;

  if (result == NULL)
    return TQ_GTK_QUERY_VIEW_STATE_EMPTY;

  data = tq_query_result_get_data (result);

  if (tq_query_result_is_loading_error (result))
    return TQ_GTK_QUERY_VIEW_STATE_ERROR;

  if (tq_query_result_has_data (result))
    return data_is_empty (data, TQ_IS_INFINITE_QUERY_OBSERVER (observer))
             ? TQ_GTK_QUERY_VIEW_STATE_EMPTY : TQ_GTK_QUERY_VIEW_STATE_CONTENT;

  if (tq_query_result_is_fetching (result) || tq_query_result_is_paused (result))
    return TQ_GTK_QUERY_VIEW_STATE_LOADING;

  return TQ_GTK_QUERY_VIEW_STATE_EMPTY;
}

static gboolean
pulse (GtkWidget     *widget,
       GdkFrameClock *frame_clock,
       gpointer       user_data)
{
  TqGtkQueryView *self = TQ_GTK_QUERY_VIEW (user_data);

  gtk_progress_bar_pulse (GTK_PROGRESS_BAR (self->progress));
  return G_SOURCE_CONTINUE;
}

static void
set_refetching (TqGtkQueryView *self,
                gboolean        refetching)
{
  gtk_widget_set_visible (self->progress, refetching);

  if (refetching && self->pulse_id == 0)
    self->pulse_id = gtk_widget_add_tick_callback (self->progress, pulse, self, NULL);
  else if (!refetching && self->pulse_id != 0)
    {
      gtk_widget_remove_tick_callback (self->progress, self->pulse_id);
      self->pulse_id = 0;
    }
}

static void
update (TqGtkQueryView *self)
{
  TqQueryResult *result = self->observer ? tq_query_observer_get_current_result (self->observer) : NULL;
  TqGtkQueryViewState state = compute_state (self->observer, result);
  const GError *error = result ? tq_query_result_get_error (result) : NULL;
  gboolean fetching = result != NULL && tq_query_result_is_fetching (result);
  gboolean refetch_error = result != NULL && tq_query_result_is_refetch_error (result);
  GtkWidget *child;

  gtk_label_set_label (GTK_LABEL (self->error_label), error ? error->message : "");
  gtk_label_set_label (GTK_LABEL (self->refetch_error_label), refetch_error && error ? error->message : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->refetch_error_revealer),
                                 refetch_error && state == TQ_GTK_QUERY_VIEW_STATE_CONTENT);
  set_refetching (self, fetching && state == TQ_GTK_QUERY_VIEW_STATE_CONTENT);

  gtk_accessible_update_state (GTK_ACCESSIBLE (self),
                               GTK_ACCESSIBLE_STATE_BUSY, fetching,
                               -1);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "query-view.retry", self->observer != NULL);

  /* Without a content child the empty child stands in for it. */
  child = self->children[state];
  if (child == NULL)
    state = TQ_GTK_QUERY_VIEW_STATE_EMPTY;

  gtk_stack_set_visible_child_name (GTK_STACK (self->stack), page_names[state]);

  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
    }
}

static void
on_observer_notify (TqGtkQueryView *self)
{
  update (self);
}

static void
update_subscription (TqGtkQueryView *self)
{
  gboolean want = self->observer != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want == self->subscribed)
    return;

  self->subscribed = want;
  if (want)
    tq_query_observer_subscribe (self->observer);
  else
    tq_query_observer_unsubscribe (self->observer);

  update (self);
}

static void
retry_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  TqGtkQueryView *self = TQ_GTK_QUERY_VIEW (widget);

  if (self->observer != NULL)
    tq_query_observer_refetch (self->observer);
}

static void
set_child (TqGtkQueryView      *self,
           TqGtkQueryViewState  state,
           GtkWidget           *child,
           GtkWidget           *fallback,
           guint                prop)
{
  GtkWidget *old = self->children[state];

  if (child == NULL)
    child = fallback;

  if (old == child)
    return;

  if (old != NULL)
    gtk_stack_remove (GTK_STACK (self->stack), old);

  self->children[state] = child;
  if (child != NULL)
    gtk_stack_add_named (GTK_STACK (self->stack), child, page_names[state]);

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop]);
}

static void
tq_gtk_query_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tq_gtk_query_view_parent_class)->map (widget);
  update_subscription (TQ_GTK_QUERY_VIEW (widget));
}

static void
tq_gtk_query_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tq_gtk_query_view_parent_class)->unmap (widget);
  update_subscription (TQ_GTK_QUERY_VIEW (widget));
}

static void
tq_gtk_query_view_dispose (GObject *object)
{
  TqGtkQueryView *self = (TqGtkQueryView *)object;

  tq_gtk_query_view_set_observer (self, NULL);
  g_clear_object (&self->observer_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_GTK_TYPE_QUERY_VIEW);

  G_OBJECT_CLASS (tq_gtk_query_view_parent_class)->dispose (object);
}

static void
tq_gtk_query_view_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  TqGtkQueryView *self = TQ_GTK_QUERY_VIEW (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CONTENT_CHILD:
      g_value_set_object (value, self->children[TQ_GTK_QUERY_VIEW_STATE_CONTENT]);
      break;
    case PROP_LOADING_CHILD:
      g_value_set_object (value, self->children[TQ_GTK_QUERY_VIEW_STATE_LOADING]);
      break;
    case PROP_ERROR_CHILD:
      g_value_set_object (value, self->children[TQ_GTK_QUERY_VIEW_STATE_ERROR]);
      break;
    case PROP_EMPTY_CHILD:
      g_value_set_object (value, self->children[TQ_GTK_QUERY_VIEW_STATE_EMPTY]);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_gtk_query_view_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  TqGtkQueryView *self = TQ_GTK_QUERY_VIEW (object);

  switch (prop_id)
    {
    case PROP_OBSERVER:
      tq_gtk_query_view_set_observer (self, g_value_get_object (value));
      break;
    case PROP_CONTENT_CHILD:
      tq_gtk_query_view_set_content_child (self, g_value_get_object (value));
      break;
    case PROP_LOADING_CHILD:
      tq_gtk_query_view_set_loading_child (self, g_value_get_object (value));
      break;
    case PROP_ERROR_CHILD:
      tq_gtk_query_view_set_error_child (self, g_value_get_object (value));
      break;
    case PROP_EMPTY_CHILD:
      tq_gtk_query_view_set_empty_child (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_gtk_query_view_class_init (TqGtkQueryViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tq_gtk_query_view_dispose;
  object_class->get_property = tq_gtk_query_view_get_property;
  object_class->set_property = tq_gtk_query_view_set_property;

  widget_class->map = tq_gtk_query_view_map;
  widget_class->unmap = tq_gtk_query_view_unmap;

  /**
   * TqGtkQueryView:observer:
   *
   * The observer whose result the view shows. The view subscribes it while
   * the view is mapped.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL, TQ_TYPE_QUERY_OBSERVER, rw);

  /**
   * TqGtkQueryView:state:
   *
   * Which child is shown.
   */
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, TQ_GTK_TYPE_QUERY_VIEW_STATE,
                       TQ_GTK_QUERY_VIEW_STATE_EMPTY,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqGtkQueryView:content-child:
   *
   * What shows the data.
   */
  properties [PROP_CONTENT_CHILD] =
    g_param_spec_object ("content-child", NULL, NULL, GTK_TYPE_WIDGET, rw);

  /**
   * TqGtkQueryView:loading-child:
   *
   * What shows while the first fetch runs; %NULL restores the default, a
   * spinner labelled "Loading" for assistive technologies.
   */
  properties [PROP_LOADING_CHILD] =
    g_param_spec_object ("loading-child", NULL, NULL, GTK_TYPE_WIDGET, rw);

  /**
   * TqGtkQueryView:error-child:
   *
   * What shows when the fetch failed and there is no data; %NULL restores
   * the default: the error message and a Retry button.
   */
  properties [PROP_ERROR_CHILD] =
    g_param_spec_object ("error-child", NULL, NULL, GTK_TYPE_WIDGET, rw);

  /**
   * TqGtkQueryView:empty-child:
   *
   * What shows when there is no data, or the data is an empty JSON array
   * (for an infinite query, when every page is an empty array); %NULL
   * restores the default label.
   */
  properties [PROP_EMPTY_CHILD] =
    g_param_spec_object ("empty-child", NULL, NULL, GTK_TYPE_WIDGET, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Gtk/ui/tq-gtk-query-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, overlay);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, stack);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, progress);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, refetch_error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, refetch_error_label);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, error_label);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, retry_button);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, default_loading);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, default_error);
  gtk_widget_class_bind_template_child (widget_class, TqGtkQueryView, default_empty);

  /**
   * TqGtkQueryView|query-view.retry:
   *
   * Refetches the observer's query.
   */
  gtk_widget_class_install_action (widget_class, "query-view.retry", NULL, retry_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "queryview");
}

static void
tq_gtk_query_view_init (TqGtkQueryView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->children[TQ_GTK_QUERY_VIEW_STATE_LOADING] = self->default_loading;
  self->children[TQ_GTK_QUERY_VIEW_STATE_ERROR] = self->default_error;
  self->children[TQ_GTK_QUERY_VIEW_STATE_EMPTY] = self->default_empty;
  self->state = TQ_GTK_QUERY_VIEW_STATE_EMPTY;

  self->observer_signals = g_signal_group_new (TQ_TYPE_QUERY_OBSERVER);
  g_signal_group_connect_swapped (self->observer_signals, "notify::status",
                                  G_CALLBACK (on_observer_notify), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::fetch-status",
                                  G_CALLBACK (on_observer_notify), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::data",
                                  G_CALLBACK (on_observer_notify), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::error",
                                  G_CALLBACK (on_observer_notify), self);

  update (self);
}

/**
 * tq_gtk_query_view_new:
 *
 * Creates a query view with its default loading, error and empty children.
 *
 * Returns: (transfer floating): a new query view
 */
GtkWidget *
tq_gtk_query_view_new (void)
{
  return g_object_new (TQ_GTK_TYPE_QUERY_VIEW, NULL);
}

/**
 * tq_gtk_query_view_get_observer:
 * @self: a query view
 *
 * Gets [property@TqGtk.QueryView:observer].
 *
 * Returns: (transfer none) (nullable): the observer
 */
TqQueryObserver *
tq_gtk_query_view_get_observer (TqGtkQueryView *self)
{
  g_return_val_if_fail (TQ_GTK_IS_QUERY_VIEW (self), NULL);

  return self->observer;
}

/**
 * tq_gtk_query_view_set_observer:
 * @self: a query view
 * @observer: (nullable): the observer to show
 *
 * Sets [property@TqGtk.QueryView:observer].
 */
void
tq_gtk_query_view_set_observer (TqGtkQueryView  *self,
                                TqQueryObserver *observer)
{
  g_return_if_fail (TQ_GTK_IS_QUERY_VIEW (self));
  g_return_if_fail (observer == NULL || TQ_IS_QUERY_OBSERVER (observer));

  if (self->observer == observer)
    return;

  if (self->subscribed)
    {
      tq_query_observer_unsubscribe (self->observer);
      self->subscribed = FALSE;
    }

  g_set_object (&self->observer, observer);
  g_signal_group_set_target (self->observer_signals, observer);

  update_subscription (self);
  update (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBSERVER]);
}

/**
 * tq_gtk_query_view_get_state:
 * @self: a query view
 *
 * Gets [property@TqGtk.QueryView:state].
 *
 * Returns: which child is shown
 */
TqGtkQueryViewState
tq_gtk_query_view_get_state (TqGtkQueryView *self)
{
  g_return_val_if_fail (TQ_GTK_IS_QUERY_VIEW (self), TQ_GTK_QUERY_VIEW_STATE_EMPTY);

  return self->state;
}

/**
 * tq_gtk_query_view_get_content_child:
 * @self: a query view
 *
 * Gets [property@TqGtk.QueryView:content-child].
 *
 * Returns: (transfer none) (nullable): the child
 */
GtkWidget *
tq_gtk_query_view_get_content_child (TqGtkQueryView *self)
{
  g_return_val_if_fail (TQ_GTK_IS_QUERY_VIEW (self), NULL);

  return self->children[TQ_GTK_QUERY_VIEW_STATE_CONTENT];
}

/**
 * tq_gtk_query_view_set_content_child:
 * @self: a query view
 * @child: (nullable): the widget that shows the data
 *
 * Sets [property@TqGtk.QueryView:content-child].
 */
void
tq_gtk_query_view_set_content_child (TqGtkQueryView *self,
                                     GtkWidget      *child)
{
  g_return_if_fail (TQ_GTK_IS_QUERY_VIEW (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  set_child (self, TQ_GTK_QUERY_VIEW_STATE_CONTENT, child, NULL, PROP_CONTENT_CHILD);
}

/**
 * tq_gtk_query_view_get_loading_child:
 * @self: a query view
 *
 * Gets [property@TqGtk.QueryView:loading-child].
 *
 * Returns: (transfer none): the child
 */
GtkWidget *
tq_gtk_query_view_get_loading_child (TqGtkQueryView *self)
{
  g_return_val_if_fail (TQ_GTK_IS_QUERY_VIEW (self), NULL);

  return self->children[TQ_GTK_QUERY_VIEW_STATE_LOADING];
}

/**
 * tq_gtk_query_view_set_loading_child:
 * @self: a query view
 * @child: (nullable): the widget to show while loading, or %NULL for the
 *   default
 *
 * Sets [property@TqGtk.QueryView:loading-child].
 */
void
tq_gtk_query_view_set_loading_child (TqGtkQueryView *self,
                                     GtkWidget      *child)
{
  g_return_if_fail (TQ_GTK_IS_QUERY_VIEW (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  set_child (self, TQ_GTK_QUERY_VIEW_STATE_LOADING, child, self->default_loading, PROP_LOADING_CHILD);
}

/**
 * tq_gtk_query_view_get_error_child:
 * @self: a query view
 *
 * Gets [property@TqGtk.QueryView:error-child].
 *
 * Returns: (transfer none): the child
 */
GtkWidget *
tq_gtk_query_view_get_error_child (TqGtkQueryView *self)
{
  g_return_val_if_fail (TQ_GTK_IS_QUERY_VIEW (self), NULL);

  return self->children[TQ_GTK_QUERY_VIEW_STATE_ERROR];
}

/**
 * tq_gtk_query_view_set_error_child:
 * @self: a query view
 * @child: (nullable): the widget to show on error, or %NULL for the default
 *
 * Sets [property@TqGtk.QueryView:error-child].
 */
void
tq_gtk_query_view_set_error_child (TqGtkQueryView *self,
                                   GtkWidget      *child)
{
  g_return_if_fail (TQ_GTK_IS_QUERY_VIEW (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  set_child (self, TQ_GTK_QUERY_VIEW_STATE_ERROR, child, self->default_error, PROP_ERROR_CHILD);
}

/**
 * tq_gtk_query_view_get_empty_child:
 * @self: a query view
 *
 * Gets [property@TqGtk.QueryView:empty-child].
 *
 * Returns: (transfer none): the child
 */
GtkWidget *
tq_gtk_query_view_get_empty_child (TqGtkQueryView *self)
{
  g_return_val_if_fail (TQ_GTK_IS_QUERY_VIEW (self), NULL);

  return self->children[TQ_GTK_QUERY_VIEW_STATE_EMPTY];
}

/**
 * tq_gtk_query_view_set_empty_child:
 * @self: a query view
 * @child: (nullable): the widget to show when there is nothing, or %NULL for
 *   the default
 *
 * Sets [property@TqGtk.QueryView:empty-child].
 */
void
tq_gtk_query_view_set_empty_child (TqGtkQueryView *self,
                                   GtkWidget      *child)
{
  g_return_if_fail (TQ_GTK_IS_QUERY_VIEW (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  set_child (self, TQ_GTK_QUERY_VIEW_STATE_EMPTY, child, self->default_empty, PROP_EMPTY_CHILD);
}
