/* tq-demo-preferences-window.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "tq-demo-application.h"

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_PREFERENCES_WINDOW (tq_demo_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoPreferencesWindow, tq_demo_preferences_window, TQ_DEMO, PREFERENCES_WINDOW, AdwPreferencesWindow)

GtkWidget *tq_demo_preferences_window_new (TqDemoApplication *application);

G_END_DECLS
