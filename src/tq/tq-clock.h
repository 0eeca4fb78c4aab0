/* tq-clock.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <gio/gio.h>

#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_CLOCK (tq_clock_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_DERIVABLE_TYPE (TqClock, tq_clock, TQ, CLOCK, GObject)

struct _TqClockClass
{
  GObjectClass parent_class;

  /*< private >*/
  gint64 (*get_now)       (TqClock *self);
  gint64 (*get_monotonic) (TqClock *self);
  void   (*timers_changed) (TqClock *self);
  gint64 (*get_monotonic_ceil) (TqClock *self);

  gpointer _reserved[7];
};

TQ_AVAILABLE_IN_ALL
TqClock      *tq_clock_new                (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqClock      *tq_clock_get_default        (void);
TQ_AVAILABLE_IN_ALL
void          tq_clock_set_default        (TqClock        *clock);
TQ_AVAILABLE_IN_ALL
GMainContext *tq_clock_get_context        (TqClock        *self);
TQ_AVAILABLE_IN_ALL
gint64        tq_clock_get_now            (TqClock        *self);
TQ_AVAILABLE_IN_ALL
guint         tq_clock_add_timeout        (TqClock        *self,
                                           gint64          delay_ms,
                                           GSourceFunc     function,
                                           gpointer        user_data);
TQ_AVAILABLE_IN_ALL
guint         tq_clock_add_timeout_full   (TqClock        *self,
                                           gint64          delay_ms,
                                           GSourceFunc     function,
                                           gpointer        user_data,
                                           GDestroyNotify  notify);
TQ_AVAILABLE_IN_ALL
gboolean      tq_clock_remove             (TqClock        *self,
                                           guint           timeout_id);
TQ_AVAILABLE_IN_ALL
guint         tq_clock_get_n_pending      (TqClock        *self);
TQ_AVAILABLE_IN_ALL
gint64        tq_clock_get_next_deadline  (TqClock        *self);

G_END_DECLS
