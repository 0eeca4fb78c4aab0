/* tq-retryer-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-clock-private.h"
#include "tq-enums.h"
#include "tq-focus-manager.h"
#include "tq-online-manager.h"
#include "tq-promise-private.h"

G_BEGIN_DECLS

/* TanStack's retryer (section 1.1, rules 23–29): runs attempts of an
 * asynchronous function, retries failures with delays on the clock, pauses
 * while offline or unfocused, and can be cancelled. Shared by queries and
 * mutations.
 */
typedef struct _TqRetryer TqRetryer;

typedef enum
{
  TQ_RETRYER_PENDING,
  TQ_RETRYER_RESOLVED,
  TQ_RETRYER_REJECTED,
} TqRetryerStatus;

typedef struct
{
  /* Starts attempt @attempt; it ends with _tq_retryer_attempt_done(). */
  void     (*run)         (TqRetryer    *retryer,
                           guint         attempt,
                           gpointer      user_data);
  void     (*on_fail)     (guint         failure_count,
                           const GError *error,
                           gpointer      user_data);
  void     (*on_pause)    (gpointer      user_data);
  void     (*on_continue) (gpointer      user_data);
  void     (*on_cancel)   (const GError *error,
                           gboolean      revert,
                           gpointer      user_data);
  /* Mutations in a scope wait for their turn; NULL means always. */
  gboolean (*can_run)     (gpointer      user_data);
  /* The retry delay of a retryer cancelled during it ran out. */
  void     (*on_late_sleep_done) (TqRetryer *retryer,
                                  gpointer   user_data);
} TqRetryerCallbacks;

typedef struct
{
  int            retry;          /* count, or TQ_RETRY_FOREVER */
  TqCallback    *retry_fn;       /* TqRetryFunc, wins over retry */
  gboolean       has_retry_delay;
  gint64         retry_delay;
  TqCallback    *retry_delay_fn; /* TqRetryDelayFunc, wins over retry_delay */
  TqNetworkMode  network_mode;
} TqRetryConfig;

TqRetryer       *_tq_retryer_new            (const TqRetryerCallbacks *callbacks,
                                             gpointer                  user_data,
                                             const TqRetryConfig      *config,
                                             TqClock                  *clock,
                                             TqFocusManager           *focus_manager,
                                             TqOnlineManager          *online_manager);
TqRetryer       *_tq_retryer_ref            (TqRetryer    *self);
void             _tq_retryer_unref          (TqRetryer    *self);
void             _tq_retryer_detach         (TqRetryer    *self);
void             _tq_retryer_reattach       (TqRetryer                *self,
                                             const TqRetryerCallbacks *callbacks,
                                             gpointer                  user_data);
gboolean         _tq_retryer_is_sleeping    (TqRetryer    *self);
TqPromise       *_tq_retryer_get_promise    (TqRetryer    *self);
TqRetryerStatus  _tq_retryer_get_status     (TqRetryer    *self);
gboolean         _tq_retryer_can_start      (TqRetryer    *self);
void             _tq_retryer_start          (TqRetryer    *self);
void             _tq_retryer_cancel         (TqRetryer    *self,
                                             gboolean      revert,
                                             gboolean      silent);
gboolean         _tq_retryer_was_cancelled  (TqRetryer    *self,
                                             gboolean     *revert,
                                             gboolean     *silent);
void             _tq_retryer_continue       (TqRetryer    *self);
void             _tq_retryer_cancel_retry   (TqRetryer    *self);
void             _tq_retryer_continue_retry (TqRetryer    *self);
void             _tq_retryer_attempt_done   (TqRetryer    *self,
                                             guint         attempt,
                                             const GValue *value,
                                             const GError *error);

gboolean         _tq_can_fetch              (TqNetworkMode    network_mode,
                                             TqOnlineManager *online_manager);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqRetryer, _tq_retryer_unref)

G_END_DECLS
