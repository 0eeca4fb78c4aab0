/* tq-gtk-infinite-scroll.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tq-gtk.h"

/**
 * TqGtkInfiniteScroll:
 *
 * Loads an infinite query's pages as the user scrolls: TanStack's
 * `fetchNextPage` and `fetchPreviousPage`, called for you.
 *
 * Put a [class@Gtk.ScrolledWindow] (usually with a [class@Gtk.ListView] over
 * a [class@Tq.InfiniteListModel]) in the scroll, and give it the model's
 * [class@Tq.InfiniteQueryObserver]. When the visible part comes within
 * [property@TqGtk.InfiniteScroll:threshold] pixels of the end, the next page
 * is fetched; of the start, the previous page (if the query has a
 * `get-previous-page-param` function). A content shorter than the view loads
 * until it fills it.
 *
 * There are never two requests for the same end: nothing is asked while a
 * page is being fetched, and after a failure nothing is asked until the
 * user presses Retry. While a page loads, a row at that end says so; when it
 * fails, the row shows the error and a Retry button.
 *
 * The scroll subscribes its observer while it is mapped, as
 * [class@TqGtk.QueryView] does.
 */

struct _TqGtkInfiniteScroll
{
  GtkWidget                parent_instance;

  GtkWidget               *child;
  TqInfiniteQueryObserver *observer;
  GSignalGroup            *observer_signals;
  GSignalGroup            *adjustment_signals;
  double                   threshold;
  gboolean                 subscribed;
  guint                    check_idle;
  GdkFrameClock           *frame_clock;
  gulong                   after_paint_handler;
  gboolean                 disposed;

  GtkWidget               *overlay;
  GtkWidget               *top_revealer;
  GtkWidget               *top_stack;
  GtkWidget               *top_error_label;
  GtkWidget               *bottom_revealer;
  GtkWidget               *bottom_stack;
  GtkWidget               *bottom_error_label;
};

enum {
  PROP_0,
  PROP_CHILD,
  PROP_OBSERVER,
  PROP_THRESHOLD,
  N_PROPS
};

G_DEFINE_FINAL_TYPE (TqGtkInfiniteScroll, tq_gtk_infinite_scroll, GTK_TYPE_WIDGET)

static GParamSpec *properties [N_PROPS];

static GtkAdjustment *
get_vadjustment (TqGtkInfiniteScroll *self)
{
  if (GTK_IS_SCROLLED_WINDOW (self->child))
    return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->child));

  return NULL;
}

static TqQueryResult *
current_result (TqGtkInfiniteScroll *self)
{
  if (self->observer == NULL)
    return NULL;

  return tq_query_observer_get_current_result (TQ_QUERY_OBSERVER (self->observer));
}

static void
update_rows (TqGtkInfiniteScroll *self)
{
  TqQueryResult *result = current_result (self);
  const GError *error = result ? tq_query_result_get_error (result) : NULL;
  gboolean next_loading = result && tq_query_result_is_fetching_next_page (result);
  gboolean next_error = result && tq_query_result_is_fetch_next_page_error (result);
  gboolean previous_loading = result && tq_query_result_is_fetching_previous_page (result);
  gboolean previous_error = result && tq_query_result_is_fetch_previous_page_error (result);

  gtk_stack_set_visible_child_name (GTK_STACK (self->bottom_stack), next_error ? "error" : "loading");
  gtk_label_set_label (GTK_LABEL (self->bottom_error_label), next_error && error ? error->message : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->bottom_revealer), next_loading || next_error);

  gtk_stack_set_visible_child_name (GTK_STACK (self->top_stack), previous_error ? "error" : "loading");
  gtk_label_set_label (GTK_LABEL (self->top_error_label), previous_error && error ? error->message : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->top_revealer), previous_loading || previous_error);

  gtk_accessible_update_state (GTK_ACCESSIBLE (self),
                               GTK_ACCESSIBLE_STATE_BUSY, next_loading || previous_loading,
                               -1);
}

/**
 * tq_gtk_infinite_scroll_check:
 * @self: an infinite scroll
 *
 * Looks at the scroll position now and fetches a page if an end is near.
 * The scroll does this by itself when the position, the content or the
 * query changes; call it after changing the content in other ways.
 *
 * Returns: %TRUE if a page fetch was started
 */
gboolean
tq_gtk_infinite_scroll_check (TqGtkInfiniteScroll *self)
{
  TqQueryResult *result;
  GtkAdjustment *adjustment;
  double value, page, upper, lower, threshold;

  g_return_val_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self), FALSE);

  result = current_result (self);
  adjustment = get_vadjustment (self);

  if (result == NULL || adjustment == NULL || !self->subscribed ||
      !tq_query_result_has_data (result) ||
      tq_query_result_is_fetching (result))
    return FALSE;

  value = gtk_adjustment_get_value (adjustment);
  page = gtk_adjustment_get_page_size (adjustment);
  upper = gtk_adjustment_get_upper (adjustment);
  lower = gtk_adjustment_get_lower (adjustment);
  threshold = self->threshold > 0 ? self->threshold : page;

  /* A failed page waits for Retry: no request on every scroll tick. */
  if (tq_query_result_has_next_page (result) &&
      !tq_query_result_is_fetch_next_page_error (result) &&
      value + page >= upper - threshold)
    {
      tq_infinite_query_observer_fetch_next_page (self->observer);
      return TRUE;
    }

  if (tq_query_result_has_previous_page (result) &&
      !tq_query_result_is_fetch_previous_page_error (result) &&
      value <= lower + threshold)
    {
      tq_infinite_query_observer_fetch_previous_page (self->observer);
      return TRUE;
    }

  return FALSE;
}

static void
cancel_check (TqGtkInfiniteScroll *self)
{
  g_clear_handle_id (&self->check_idle, g_source_remove);
  if (self->frame_clock != NULL)
    g_clear_signal_handler (&self->after_paint_handler, self->frame_clock);
  g_clear_object (&self->frame_clock);
}

static void
run_check (TqGtkInfiniteScroll *self)
{
  cancel_check (self);
  tq_gtk_infinite_scroll_check (self);
}

static gboolean
check_idle_cb (gpointer user_data)
{
  TqGtkInfiniteScroll *self = user_data;

  self->check_idle = 0;
  run_check (self);

  return G_SOURCE_REMOVE;
}

/* Checks after the next frame is laid out: the list view allocates its rows,
 * and so sets the adjustment's upper bound, only then. Checking earlier would
 * see the old content and ask for a page too many.
 */
static void
queue_check (TqGtkInfiniteScroll *self)
{
  GdkFrameClock *frame_clock;

  if (self->disposed || self->check_idle != 0 || self->after_paint_handler != 0)
    return;

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));
  if (frame_clock == NULL)
    {
      self->check_idle = g_idle_add_full (G_PRIORITY_LOW, check_idle_cb, self, NULL);
      return;
    }

  self->frame_clock = g_object_ref (frame_clock);
  self->after_paint_handler = g_signal_connect_swapped (frame_clock, "after-paint",
                                                        G_CALLBACK (run_check), self);
  gdk_frame_clock_request_phase (frame_clock, GDK_FRAME_CLOCK_PHASE_AFTER_PAINT);
}

static void
on_observer_changed (TqGtkInfiniteScroll *self)
{
  update_rows (self);
  queue_check (self);
}

static void
on_adjustment_changed (TqGtkInfiniteScroll *self)
{
  queue_check (self);
}

static void
update_subscription (TqGtkInfiniteScroll *self)
{
  gboolean want = self->observer != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (want == self->subscribed)
    return;

  self->subscribed = want;
  if (want)
    {
      tq_query_observer_subscribe (TQ_QUERY_OBSERVER (self->observer));
      queue_check (self);
    }
  else
    tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (self->observer));
}

static void
retry_next (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  TqGtkInfiniteScroll *self = TQ_GTK_INFINITE_SCROLL (widget);

  if (self->observer != NULL)
    tq_infinite_query_observer_fetch_next_page (self->observer);
}

static void
retry_previous (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  TqGtkInfiniteScroll *self = TQ_GTK_INFINITE_SCROLL (widget);

  if (self->observer != NULL)
    tq_infinite_query_observer_fetch_previous_page (self->observer);
}

static void
tq_gtk_infinite_scroll_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (tq_gtk_infinite_scroll_parent_class)->map (widget);
  update_subscription (TQ_GTK_INFINITE_SCROLL (widget));
}

static void
tq_gtk_infinite_scroll_unmap (GtkWidget *widget)
{
  cancel_check (TQ_GTK_INFINITE_SCROLL (widget));
  GTK_WIDGET_CLASS (tq_gtk_infinite_scroll_parent_class)->unmap (widget);
  update_subscription (TQ_GTK_INFINITE_SCROLL (widget));
}

static void
tq_gtk_infinite_scroll_dispose (GObject *object)
{
  TqGtkInfiniteScroll *self = (TqGtkInfiniteScroll *)object;

  self->disposed = TRUE;
  cancel_check (self);
  tq_gtk_infinite_scroll_set_observer (self, NULL);
  tq_gtk_infinite_scroll_set_child (self, NULL);
  g_clear_object (&self->observer_signals);
  g_clear_object (&self->adjustment_signals);

  gtk_widget_dispose_template (GTK_WIDGET (self), TQ_GTK_TYPE_INFINITE_SCROLL);

  G_OBJECT_CLASS (tq_gtk_infinite_scroll_parent_class)->dispose (object);
}

static void
tq_gtk_infinite_scroll_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  TqGtkInfiniteScroll *self = TQ_GTK_INFINITE_SCROLL (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      g_value_set_object (value, self->child);
      break;
    case PROP_OBSERVER:
      g_value_set_object (value, self->observer);
      break;
    case PROP_THRESHOLD:
      g_value_set_double (value, self->threshold);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_gtk_infinite_scroll_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  TqGtkInfiniteScroll *self = TQ_GTK_INFINITE_SCROLL (object);

  switch (prop_id)
    {
    case PROP_CHILD:
      tq_gtk_infinite_scroll_set_child (self, g_value_get_object (value));
      break;
    case PROP_OBSERVER:
      tq_gtk_infinite_scroll_set_observer (self, g_value_get_object (value));
      break;
    case PROP_THRESHOLD:
      tq_gtk_infinite_scroll_set_threshold (self, g_value_get_double (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_gtk_infinite_scroll_class_init (TqGtkInfiniteScrollClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tq_gtk_infinite_scroll_dispose;
  object_class->get_property = tq_gtk_infinite_scroll_get_property;
  object_class->set_property = tq_gtk_infinite_scroll_set_property;

  widget_class->map = tq_gtk_infinite_scroll_map;
  widget_class->unmap = tq_gtk_infinite_scroll_unmap;

  /**
   * TqGtkInfiniteScroll:child:
   *
   * The scrolled window whose position is watched.
   */
  properties [PROP_CHILD] =
    g_param_spec_object ("child", NULL, NULL, GTK_TYPE_WIDGET, rw);

  /**
   * TqGtkInfiniteScroll:observer:
   *
   * The infinite query observer whose pages are loaded.
   */
  properties [PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL, TQ_TYPE_INFINITE_QUERY_OBSERVER, rw);

  /**
   * TqGtkInfiniteScroll:threshold:
   *
   * How near an end, in pixels, a page is fetched; 0 for the height of the
   * view (one screenful ahead).
   */
  properties [PROP_THRESHOLD] =
    g_param_spec_double ("threshold", NULL, NULL, 0, G_MAXDOUBLE, 0, rw);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/tq/Gtk/ui/tq-gtk-infinite-scroll.ui");
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, overlay);
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, top_revealer);
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, top_stack);
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, top_error_label);
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, bottom_revealer);
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, bottom_stack);
  gtk_widget_class_bind_template_child (widget_class, TqGtkInfiniteScroll, bottom_error_label);

  /**
   * TqGtkInfiniteScroll|infinite-scroll.retry-next:
   *
   * Fetches the next page again after a failure.
   */
  gtk_widget_class_install_action (widget_class, "infinite-scroll.retry-next", NULL, retry_next);

  /**
   * TqGtkInfiniteScroll|infinite-scroll.retry-previous:
   *
   * Fetches the previous page again after a failure.
   */
  gtk_widget_class_install_action (widget_class, "infinite-scroll.retry-previous", NULL, retry_previous);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "infinitescroll");
}

static void
tq_gtk_infinite_scroll_init (TqGtkInfiniteScroll *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->observer_signals = g_signal_group_new (TQ_TYPE_INFINITE_QUERY_OBSERVER);
  g_signal_group_connect_swapped (self->observer_signals, "notify::data",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::fetch-status",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::error",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::has-next-page",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::is-fetching-next-page",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::is-fetching-previous-page",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::is-fetch-next-page-error",
                                  G_CALLBACK (on_observer_changed), self);
  g_signal_group_connect_swapped (self->observer_signals, "notify::is-fetch-previous-page-error",
                                  G_CALLBACK (on_observer_changed), self);

  self->adjustment_signals = g_signal_group_new (GTK_TYPE_ADJUSTMENT);
  g_signal_group_connect_swapped (self->adjustment_signals, "value-changed",
                                  G_CALLBACK (on_adjustment_changed), self);
  g_signal_group_connect_swapped (self->adjustment_signals, "changed",
                                  G_CALLBACK (on_adjustment_changed), self);

  update_rows (self);
}

/**
 * tq_gtk_infinite_scroll_new:
 *
 * Creates an infinite scroll.
 *
 * Returns: (transfer floating): a new infinite scroll
 */
GtkWidget *
tq_gtk_infinite_scroll_new (void)
{
  return g_object_new (TQ_GTK_TYPE_INFINITE_SCROLL, NULL);
}

/**
 * tq_gtk_infinite_scroll_get_child:
 * @self: an infinite scroll
 *
 * Gets [property@TqGtk.InfiniteScroll:child].
 *
 * Returns: (transfer none) (nullable): the child
 */
GtkWidget *
tq_gtk_infinite_scroll_get_child (TqGtkInfiniteScroll *self)
{
  g_return_val_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self), NULL);

  return self->child;
}

/**
 * tq_gtk_infinite_scroll_set_child:
 * @self: an infinite scroll
 * @child: (nullable): a scrolled window
 *
 * Sets [property@TqGtk.InfiniteScroll:child]. Another widget is accepted,
 * but nothing loads then, since only a scrolled window's position is known.
 */
void
tq_gtk_infinite_scroll_set_child (TqGtkInfiniteScroll *self,
                                  GtkWidget           *child)
{
  g_return_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self));
  g_return_if_fail (child == NULL || GTK_IS_WIDGET (child));

  if (self->child == child)
    return;

  self->child = child;
  gtk_overlay_set_child (GTK_OVERLAY (self->overlay), child);
  g_signal_group_set_target (self->adjustment_signals, get_vadjustment (self));
  queue_check (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CHILD]);
}

/**
 * tq_gtk_infinite_scroll_get_observer:
 * @self: an infinite scroll
 *
 * Gets [property@TqGtk.InfiniteScroll:observer].
 *
 * Returns: (transfer none) (nullable): the observer
 */
TqInfiniteQueryObserver *
tq_gtk_infinite_scroll_get_observer (TqGtkInfiniteScroll *self)
{
  g_return_val_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self), NULL);

  return self->observer;
}

/**
 * tq_gtk_infinite_scroll_set_observer:
 * @self: an infinite scroll
 * @observer: (nullable): the observer whose pages to load
 *
 * Sets [property@TqGtk.InfiniteScroll:observer].
 */
void
tq_gtk_infinite_scroll_set_observer (TqGtkInfiniteScroll     *self,
                                     TqInfiniteQueryObserver *observer)
{
  g_return_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self));
  g_return_if_fail (observer == NULL || TQ_IS_INFINITE_QUERY_OBSERVER (observer));

  if (self->observer == observer)
    return;

  if (self->subscribed)
    {
      tq_query_observer_unsubscribe (TQ_QUERY_OBSERVER (self->observer));
      self->subscribed = FALSE;
    }

  g_set_object (&self->observer, observer);
  g_signal_group_set_target (self->observer_signals, observer);
  update_subscription (self);
  update_rows (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_OBSERVER]);
}

/**
 * tq_gtk_infinite_scroll_get_threshold:
 * @self: an infinite scroll
 *
 * Gets [property@TqGtk.InfiniteScroll:threshold].
 *
 * Returns: the distance in pixels, or 0 for one view's height
 */
double
tq_gtk_infinite_scroll_get_threshold (TqGtkInfiniteScroll *self)
{
  g_return_val_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self), 0);

  return self->threshold;
}

/**
 * tq_gtk_infinite_scroll_set_threshold:
 * @self: an infinite scroll
 * @threshold: the distance in pixels, or 0 for one view's height
 *
 * Sets [property@TqGtk.InfiniteScroll:threshold].
 */
void
tq_gtk_infinite_scroll_set_threshold (TqGtkInfiniteScroll *self,
                                      double               threshold)
{
  g_return_if_fail (TQ_GTK_IS_INFINITE_SCROLL (self));
  g_return_if_fail (threshold >= 0);

  if (self->threshold == threshold)
    return;

  self->threshold = threshold;
  queue_check (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_THRESHOLD]);
}
