/* tq-gtk-application.h
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

TQ_AVAILABLE_IN_ALL
void           tq_gtk_application_attach_client (GtkApplication *application,
                                                 TqQueryClient  *client);
TQ_AVAILABLE_IN_ALL
TqQueryClient *tq_gtk_application_get_client    (GtkApplication *application);

G_END_DECLS
