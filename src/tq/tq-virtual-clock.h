/* tq-virtual-clock.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include "tq-clock.h"

G_BEGIN_DECLS

#define TQ_TYPE_VIRTUAL_CLOCK (tq_virtual_clock_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqVirtualClock, tq_virtual_clock, TQ, VIRTUAL_CLOCK, TqClock)

TQ_AVAILABLE_IN_ALL
TqVirtualClock *tq_virtual_clock_new     (gint64          start_ms) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
void            tq_virtual_clock_advance (TqVirtualClock *self,
                                          gint64          ms);
TQ_AVAILABLE_IN_ALL
void            tq_virtual_clock_flush   (TqVirtualClock *self);
TQ_AVAILABLE_IN_ALL
gint64          tq_virtual_clock_run_all (TqVirtualClock *self,
                                          gint64          limit_ms);

G_END_DECLS
