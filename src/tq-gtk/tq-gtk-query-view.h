/* tq-gtk-query-view.h
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

#define TQ_GTK_TYPE_QUERY_VIEW (tq_gtk_query_view_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqGtkQueryView, tq_gtk_query_view, TQ_GTK, QUERY_VIEW, GtkWidget)

/**
 * TqGtkQueryViewState:
 * @TQ_GTK_QUERY_VIEW_STATE_LOADING: the first fetch runs (or waits)
 * @TQ_GTK_QUERY_VIEW_STATE_ERROR: the fetch failed and there is no data
 * @TQ_GTK_QUERY_VIEW_STATE_EMPTY: no data, an empty JSON array, or an infinite
 *   query whose pages are all empty arrays
 * @TQ_GTK_QUERY_VIEW_STATE_CONTENT: data to show
 *
 * Which child a [class@TqGtk.QueryView] shows.
 */
typedef enum
{
  TQ_GTK_QUERY_VIEW_STATE_LOADING,
  TQ_GTK_QUERY_VIEW_STATE_ERROR,
  TQ_GTK_QUERY_VIEW_STATE_EMPTY,
  TQ_GTK_QUERY_VIEW_STATE_CONTENT,
} TqGtkQueryViewState;

TQ_AVAILABLE_IN_ALL
GType                tq_gtk_query_view_state_get_type    (void) G_GNUC_CONST;
#define TQ_GTK_TYPE_QUERY_VIEW_STATE (tq_gtk_query_view_state_get_type ())

TQ_AVAILABLE_IN_ALL
GtkWidget           *tq_gtk_query_view_new               (void);
TQ_AVAILABLE_IN_ALL
TqQueryObserver     *tq_gtk_query_view_get_observer      (TqGtkQueryView  *self);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_query_view_set_observer      (TqGtkQueryView  *self,
                                                          TqQueryObserver *observer);
TQ_AVAILABLE_IN_ALL
TqGtkQueryViewState  tq_gtk_query_view_get_state         (TqGtkQueryView  *self);
TQ_AVAILABLE_IN_ALL
GtkWidget           *tq_gtk_query_view_get_content_child (TqGtkQueryView  *self);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_query_view_set_content_child (TqGtkQueryView  *self,
                                                          GtkWidget       *child);
TQ_AVAILABLE_IN_ALL
GtkWidget           *tq_gtk_query_view_get_loading_child (TqGtkQueryView  *self);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_query_view_set_loading_child (TqGtkQueryView  *self,
                                                          GtkWidget       *child);
TQ_AVAILABLE_IN_ALL
GtkWidget           *tq_gtk_query_view_get_error_child   (TqGtkQueryView  *self);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_query_view_set_error_child   (TqGtkQueryView  *self,
                                                          GtkWidget       *child);
TQ_AVAILABLE_IN_ALL
GtkWidget           *tq_gtk_query_view_get_empty_child   (TqGtkQueryView  *self);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_query_view_set_empty_child   (TqGtkQueryView  *self,
                                                          GtkWidget       *child);

G_END_DECLS
