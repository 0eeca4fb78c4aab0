/* tq-gtk-mutation-action.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_GTK_INSIDE) && !defined(TQ_GTK_COMPILATION)
# error "Only <tq-gtk.h> can be included directly."
#endif

#include <gio/gio.h>
#include <tq.h>

G_BEGIN_DECLS

#define TQ_GTK_TYPE_MUTATION_ACTION (tq_gtk_mutation_action_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqGtkMutationAction, tq_gtk_mutation_action, TQ_GTK, MUTATION_ACTION, GObject)

TQ_AVAILABLE_IN_ALL
TqGtkMutationAction *tq_gtk_mutation_action_new            (const char          *name,
                                                            const GVariantType  *parameter_type,
                                                            TqMutationObserver  *observer) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqMutationObserver  *tq_gtk_mutation_action_get_observer   (TqGtkMutationAction *self);
TQ_AVAILABLE_IN_ALL
gboolean             tq_gtk_mutation_action_get_concurrent (TqGtkMutationAction *self);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_mutation_action_set_concurrent (TqGtkMutationAction *self,
                                                            gboolean             concurrent);
TQ_AVAILABLE_IN_ALL
void                 tq_gtk_mutation_action_set_enabled    (TqGtkMutationAction *self,
                                                            gboolean             enabled);
TQ_AVAILABLE_IN_ALL
guint                tq_gtk_mutation_action_get_n_pending  (TqGtkMutationAction *self);

G_END_DECLS
