/* tq-notify-manager.h
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

#define TQ_TYPE_NOTIFY_MANAGER (tq_notify_manager_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqNotifyManager, tq_notify_manager, TQ, NOTIFY_MANAGER, GObject)

/**
 * TqNotifyCallback:
 * @user_data: the data given with the callback
 *
 * A notification, or a batch of work, run by a [class@Tq.NotifyManager].
 */
typedef void (*TqNotifyCallback) (gpointer user_data);

/**
 * TqScheduleFunc:
 * @manager: the notify manager
 * @user_data: the data given to [method@Tq.NotifyManager.set_scheduler]
 *
 * A scheduler: it arranges for [method@Tq.NotifyManager.dispatch] to be
 * called on @manager soon, from the main loop, never from within this call
 * (TanStack's `setScheduler`).
 */
typedef void (*TqScheduleFunc) (TqNotifyManager *manager,
                                gpointer         user_data);

/**
 * TqNotifyFunc:
 * @callback: (scope call) (closure callback_data): the notification to run
 * @callback_data: its data
 * @user_data: the data given to [method@Tq.NotifyManager.set_notify_function]
 *
 * Wraps each scheduled notification: it must call @callback with
 * @callback_data (TanStack's `setNotifyFunction`).
 */
typedef void (*TqNotifyFunc) (TqNotifyCallback callback,
                              gpointer         callback_data,
                              gpointer         user_data);

TQ_AVAILABLE_IN_ALL
TqNotifyManager *tq_notify_manager_new                       (void) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
TqNotifyManager *tq_notify_manager_get_default               (void);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_set_default               (TqNotifyManager  *manager);
TQ_AVAILABLE_IN_ALL
GMainContext    *tq_notify_manager_get_context               (TqNotifyManager  *self);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_batch                     (TqNotifyManager  *self,
                                                              TqNotifyCallback  callback,
                                                              gpointer          user_data);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_begin_batch               (TqNotifyManager  *self);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_end_batch                 (TqNotifyManager  *self);
TQ_AVAILABLE_IN_ALL
gboolean         tq_notify_manager_is_batching               (TqNotifyManager  *self);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_schedule                  (TqNotifyManager  *self,
                                                              TqNotifyCallback  callback,
                                                              gpointer          user_data,
                                                              GDestroyNotify    destroy);
TQ_AVAILABLE_IN_ALL
GClosure        *tq_notify_manager_batch_calls               (TqNotifyManager  *self,
                                                              GClosure         *closure);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_dispatch                  (TqNotifyManager  *self);
TQ_AVAILABLE_IN_ALL
gboolean         tq_notify_manager_has_pending               (TqNotifyManager  *self);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_set_scheduler             (TqNotifyManager  *self,
                                                              TqScheduleFunc    scheduler,
                                                              gpointer          user_data,
                                                              GDestroyNotify    destroy);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_set_notify_function       (TqNotifyManager  *self,
                                                              TqNotifyFunc      notify_func,
                                                              gpointer          user_data,
                                                              GDestroyNotify    destroy);
TQ_AVAILABLE_IN_ALL
void             tq_notify_manager_set_batch_notify_function (TqNotifyManager  *self,
                                                              TqNotifyFunc      batch_notify_func,
                                                              gpointer          user_data,
                                                              GDestroyNotify    destroy);

/**
 * TQ_NOTIFY_PRIORITY:
 *
 * The priority of the idle source from which the default scheduler flushes
 * notifications: %G_PRIORITY_HIGH_IDLE, so that a batch of changes reaches
 * widgets before GTK lays out and draws the next frame
 * (`GDK_PRIORITY_REDRAW` is %G_PRIORITY_HIGH_IDLE + 20).
 */
#define TQ_NOTIFY_PRIORITY G_PRIORITY_HIGH_IDLE

G_END_DECLS
