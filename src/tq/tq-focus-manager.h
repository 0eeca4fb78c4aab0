/* tq-focus-manager.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib-object.h>

#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_FOCUS_MANAGER (tq_focus_manager_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqFocusManager, tq_focus_manager, TQ, FOCUS_MANAGER, GObject)

TQ_AVAILABLE_IN_ALL
TqFocusManager *tq_focus_manager_new                   (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqFocusManager *tq_focus_manager_get_default           (void);
TQ_AVAILABLE_IN_ALL
void            tq_focus_manager_set_default           (TqFocusManager *manager);
TQ_AVAILABLE_IN_ALL
gboolean        tq_focus_manager_is_focused            (TqFocusManager *self);
TQ_AVAILABLE_IN_ALL
void            tq_focus_manager_set_focused           (TqFocusManager *self,
                                                        gboolean        focused);
TQ_AVAILABLE_IN_ALL
void            tq_focus_manager_unset_focused         (TqFocusManager *self);
TQ_AVAILABLE_IN_ALL
void            tq_focus_manager_set_automatic_focused (TqFocusManager *self,
                                                        gboolean        focused);

G_END_DECLS
