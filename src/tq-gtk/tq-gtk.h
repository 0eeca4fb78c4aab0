/* tq-gtk.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <tq.h>

#define TQ_GTK_INSIDE
# include "tq-gtk-application.h"
# include "tq-gtk-infinite-scroll.h"
# include "tq-gtk-main.h"
# include "tq-gtk-mutation-action.h"
# include "tq-gtk-query-view.h"
#undef TQ_GTK_INSIDE
