/* tq-gtk-infinite-scroll.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_GTK_INSIDE) && !defined(TQ_GTK_COMPILATION)
# error "Only <tq-gtk.h> can be included directly."
#endif

#include <gtk/gtk.h>
#include <tq.h>

G_BEGIN_DECLS

#define TQ_GTK_TYPE_INFINITE_SCROLL (tq_gtk_infinite_scroll_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqGtkInfiniteScroll, tq_gtk_infinite_scroll, TQ_GTK, INFINITE_SCROLL, GtkWidget)

TQ_AVAILABLE_IN_ALL
GtkWidget               *tq_gtk_infinite_scroll_new           (void);
TQ_AVAILABLE_IN_ALL
GtkWidget               *tq_gtk_infinite_scroll_get_child     (TqGtkInfiniteScroll     *self);
TQ_AVAILABLE_IN_ALL
void                     tq_gtk_infinite_scroll_set_child     (TqGtkInfiniteScroll     *self,
                                                               GtkWidget               *child);
TQ_AVAILABLE_IN_ALL
TqInfiniteQueryObserver *tq_gtk_infinite_scroll_get_observer  (TqGtkInfiniteScroll     *self);
TQ_AVAILABLE_IN_ALL
void                     tq_gtk_infinite_scroll_set_observer  (TqGtkInfiniteScroll     *self,
                                                               TqInfiniteQueryObserver *observer);
TQ_AVAILABLE_IN_ALL
double                   tq_gtk_infinite_scroll_get_threshold (TqGtkInfiniteScroll     *self);
TQ_AVAILABLE_IN_ALL
void                     tq_gtk_infinite_scroll_set_threshold (TqGtkInfiniteScroll     *self,
                                                               double                   threshold);
TQ_AVAILABLE_IN_ALL
gboolean                 tq_gtk_infinite_scroll_check         (TqGtkInfiniteScroll     *self);

G_END_DECLS
