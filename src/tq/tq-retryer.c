/* tq-retryer.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <string.h>

#include "tq-query-options.h"
#include "tq-retryer-private.h"

typedef enum
{
  AFTER_PAUSE_RUN,    /* paused before the first attempt */
  AFTER_PAUSE_RETRY,  /* paused after a retry delay */
} AfterPause;

struct _TqRetryer
{
  gatomicrefcount     ref_count;

  TqRetryerCallbacks  callbacks;
  gpointer            user_data;

  TqRetryConfig       config;
  TqClock            *clock;
  TqFocusManager     *focus_manager;
  TqOnlineManager    *online_manager;

  TqPromise          *promise;
  TqRetryerStatus     status;
  guint               failure_count;
  guint               attempt;
  GError             *last_error;
  TqTimer             sleep;
  AfterPause          after_pause;

  guint               paused : 1;
  guint               resuming : 1;   /* continued, the next turns pending */
  guint               retry_cancelled : 1;
  guint               cancelled : 1;
  guint               cancel_revert : 1;
  guint               cancel_silent : 1;
};

static void run    (TqRetryer    *self);
static void reject (TqRetryer    *self,
                    const GError *error);

gboolean
_tq_can_fetch (TqNetworkMode    network_mode,
               TqOnlineManager *online_manager)
{
  return network_mode != TQ_NETWORK_MODE_ONLINE || tq_online_manager_is_online (online_manager);
}

static gboolean
can_run (TqRetryer *self)
{
  return self->callbacks.can_run == NULL || self->callbacks.can_run (self->user_data);
}

/* Retries wait for focus even in the `always` network mode (rule 26). */
static gboolean
can_continue (TqRetryer *self)
{
  return tq_focus_manager_is_focused (self->focus_manager) &&
         (self->config.network_mode == TQ_NETWORK_MODE_ALWAYS ||
          tq_online_manager_is_online (self->online_manager)) &&
         can_run (self);
}

static void
on_sleep_done (gpointer data)
{
  TqRetryer *self = data;

  _tq_retryer_ref (self);

  if (self->status == TQ_RETRYER_PENDING)
    {
      if (can_continue (self))
        {
          if (self->retry_cancelled)
            {
              g_autoptr(GError) error = g_steal_pointer (&self->last_error);

              reject (self, error);
            }
          else
            run (self);
        }
      else
        {
          self->paused = TRUE;
          self->after_pause = AFTER_PAUSE_RETRY;
          if (self->callbacks.on_pause != NULL)
            self->callbacks.on_pause (self->user_data);
        }
    }
  else
    {
      /* TanStack's retry delay outlives a cancel, and still pauses the
       * owner when it runs out where the retry could not go on.
       */
      if (!can_continue (self) && self->callbacks.on_pause != NULL)
        self->callbacks.on_pause (self->user_data);
      if (self->callbacks.on_late_sleep_done != NULL)
        self->callbacks.on_late_sleep_done (self, self->user_data);
    }

  _tq_retryer_unref (self);
}

TqRetryer *
_tq_retryer_new (const TqRetryerCallbacks *callbacks,
                 gpointer                  user_data,
                 const TqRetryConfig      *config,
                 TqClock                  *clock,
                 TqFocusManager           *focus_manager,
                 TqOnlineManager          *online_manager)
{
  TqRetryer *self = g_new0 (TqRetryer, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->callbacks = *callbacks;
  self->user_data = user_data;
  self->config = *config;
  self->config.retry_fn = _tq_callback_ref (config->retry_fn);
  self->config.retry_delay_fn = _tq_callback_ref (config->retry_delay_fn);
  self->clock = g_object_ref (clock);
  self->focus_manager = g_object_ref (focus_manager);
  self->online_manager = g_object_ref (online_manager);
  self->promise = _tq_promise_new ();
  self->status = TQ_RETRYER_PENDING;
  _tq_timer_init (&self->sleep, on_sleep_done, self);

  return self;
}

TqRetryer *
_tq_retryer_ref (TqRetryer *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_tq_retryer_unref (TqRetryer *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  _tq_clock_disarm (self->clock, &self->sleep);
  _tq_callback_unref (self->config.retry_fn);
  _tq_callback_unref (self->config.retry_delay_fn);
  g_clear_object (&self->clock);
  g_clear_object (&self->focus_manager);
  g_clear_object (&self->online_manager);
  g_clear_error (&self->last_error);
  _tq_promise_unref (self->promise);
  g_free (self);
}

/* The owner is going away: no more callbacks into it. The sleep timer holds
 * no reference, so it must not outlive the owner's reference either.
 */
void
_tq_retryer_detach (TqRetryer *self)
{
  memset (&self->callbacks, 0, sizeof self->callbacks);
  self->user_data = NULL;
}

/* A new owner for what a settled retryer still does: its retry delay, if
 * a cancel came during one.
 */
void
_tq_retryer_reattach (TqRetryer                *self,
                      const TqRetryerCallbacks *callbacks,
                      gpointer                  user_data)
{
  self->callbacks = *callbacks;
  self->user_data = user_data;
}

/* Whether a retry delay is still running, after the retryer settled too. */
gboolean
_tq_retryer_is_sleeping (TqRetryer *self)
{
  return _tq_timer_is_armed (&self->sleep);
}

TqPromise *
_tq_retryer_get_promise (TqRetryer *self)
{
  return self->promise;
}

TqRetryerStatus
_tq_retryer_get_status (TqRetryer *self)
{
  return self->status;
}

gboolean
_tq_retryer_can_start (TqRetryer *self)
{
  return _tq_can_fetch (self->config.network_mode, self->online_manager) && can_run (self);
}

static gboolean
settle_begin (TqRetryer *self)
{
  if (self->status != TQ_RETRYER_PENDING)
    return FALSE;

  /* A pending pause ends with the fetch, without a continue; a retry delay
   * goes on (see on_sleep_done()).
   */
  self->paused = FALSE;
  return TRUE;
}

static void
resolve (TqRetryer    *self,
         const GValue *value)
{
  if (!settle_begin (self))
    return;

  self->status = TQ_RETRYER_RESOLVED;
  _tq_promise_resolve (self->promise, value);
}

static void
reject (TqRetryer    *self,
        const GError *error)
{
  if (!settle_begin (self))
    return;

  self->status = TQ_RETRYER_REJECTED;
  _tq_promise_reject (self->promise, error);
}

static void
run (TqRetryer *self)
{
  if (self->status != TQ_RETRYER_PENDING)
    return;

  self->attempt++;
  if (self->callbacks.run != NULL)
    self->callbacks.run (self, self->attempt, self->user_data);
}

void
_tq_retryer_start (TqRetryer *self)
{
  _tq_retryer_ref (self);

  if (_tq_retryer_can_start (self))
    {
      run (self);
    }
  else
    {
      self->paused = TRUE;
      self->after_pause = AFTER_PAUSE_RUN;
      if (self->callbacks.on_pause != NULL)
        self->callbacks.on_pause (self->user_data);
    }

  _tq_retryer_unref (self);
}

static gint64
retry_delay (TqRetryer    *self,
             const GError *error)
{
  if (self->config.retry_delay_fn != NULL)
    return ((TqRetryDelayFunc) self->config.retry_delay_fn->func) (self->failure_count, error,
                                                                   self->config.retry_delay_fn->data);

  if (self->config.has_retry_delay)
    return self->config.retry_delay;

  /* min (1000 × 2ⁿ, 30000), rule 24 */
  return self->failure_count >= 5 ? 30000 : MIN ((gint64) 1000 << self->failure_count, 30000);
}

static gboolean
should_retry (TqRetryer    *self,
              const GError *error)
{
  if (self->config.retry_fn != NULL)
    return ((TqRetryFunc) self->config.retry_fn->func) (self->failure_count, error,
                                                        self->config.retry_fn->data);

  if (self->config.retry == TQ_RETRY_FOREVER)
    return TRUE;

  return self->failure_count < (guint) MAX (self->config.retry, 0);
}

void
_tq_retryer_attempt_done (TqRetryer    *self,
                          guint         attempt,
                          const GValue *value,
                          const GError *error)
{
  gint64 delay;

  if (attempt != self->attempt || self->status != TQ_RETRYER_PENDING)
    return;

  _tq_retryer_ref (self);

  if (error == NULL)
    {
      resolve (self, value);
      goto out;
    }

  /* As TanStack does: the delay is asked before whether to retry. */
  delay = retry_delay (self, error);

  if (self->retry_cancelled || !should_retry (self, error))
    {
      reject (self, error);
      goto out;
    }

  self->failure_count++;
  if (self->callbacks.on_fail != NULL)
    self->callbacks.on_fail (self->failure_count, error, self->user_data);

  if (self->status == TQ_RETRYER_PENDING)
    {
      g_clear_error (&self->last_error);
      self->last_error = g_error_copy (error);
      _tq_clock_arm (self->clock, &self->sleep, MAX (delay, 0));
    }

out:
  _tq_retryer_unref (self);
}

void
_tq_retryer_cancel (TqRetryer *self,
                    gboolean   revert,
                    gboolean   silent)
{
  g_autoptr(GError) error = NULL;

  if (self->status != TQ_RETRYER_PENDING)
    return;

  _tq_retryer_ref (self);

  self->cancelled = TRUE;
  self->cancel_revert = !!revert;
  self->cancel_silent = !!silent;
  error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "CancelledError");

  settle_begin (self);
  self->status = TQ_RETRYER_REJECTED;

  /* The owner reverts its state before anyone waiting hears of it, as the
   * promise reactions of TanStack run after onCancel.
   */
  if (self->callbacks.on_cancel != NULL)
    self->callbacks.on_cancel (error, revert, self->user_data);

  _tq_promise_reject (self->promise, error);

  _tq_retryer_unref (self);
}

gboolean
_tq_retryer_was_cancelled (TqRetryer *self,
                           gboolean  *revert,
                           gboolean  *silent)
{
  if (revert != NULL)
    *revert = self->cancel_revert;
  if (silent != NULL)
    *silent = self->cancel_silent;

  return self->cancelled;
}

typedef void (*RetryerStep) (TqRetryer *self);

typedef struct
{
  TqRetryer   *retryer;
  RetryerStep  step;
} Turn;

static void
turn_free (gpointer data)
{
  Turn *turn = data;

  _tq_retryer_unref (turn->retryer);
  g_free (turn);
}

static gboolean
turn_run (gpointer data)
{
  Turn *turn = data;

  turn->step (turn->retryer);

  return G_SOURCE_REMOVE;
}

/* One turn of the main loop later: a promise reaction of TanStack's
 * retryer.
 */
static void
next_turn (TqRetryer   *self,
           RetryerStep  step)
{
  Turn *turn = g_new0 (Turn, 1);
  GSource *source = g_idle_source_new ();

  turn->retryer = _tq_retryer_ref (self);
  turn->step = step;

  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, turn_run, turn, turn_free);
  g_source_set_static_name (source, "[tq] retryer");
  g_source_attach (source, tq_clock_get_context (self->clock));
  g_source_unref (source);
}

static void
resume_run (TqRetryer *self)
{
  if (self->status != TQ_RETRYER_PENDING)
    return;

  if (self->after_pause == AFTER_PAUSE_RETRY && self->retry_cancelled)
    {
      g_autoptr(GError) error = g_steal_pointer (&self->last_error);

      reject (self, error);
    }
  else
    run (self);
}

/* A retry's pause is adopted by the promise chain of its delay: one more
 * turn than a first attempt's.
 */
static void
resume_adopted (TqRetryer *self)
{
  next_turn (self, resume_run);
}

static void
resume_continued (TqRetryer *self)
{
  self->paused = FALSE;
  self->resuming = FALSE;

  if (self->status != TQ_RETRYER_PENDING)
    return;

  if (self->callbacks.on_continue != NULL)
    self->callbacks.on_continue (self->user_data);

  next_turn (self, self->after_pause == AFTER_PAUSE_RETRY ? resume_adopted : resume_run);
}

/* TanStack's continueFn resolves the pause's promise: the continue action
 * follows one turn later, the attempt one turn after that (two after a
 * retry delay), so that everything a focus or reconnect starts at once
 * (refetches of other queries) comes first, in TanStack's order.
 */
void
_tq_retryer_continue (TqRetryer *self)
{
  if (!self->paused || self->resuming || !can_continue (self))
    return;

  self->resuming = TRUE;
  next_turn (self, resume_continued);
}

void
_tq_retryer_cancel_retry (TqRetryer *self)
{
  self->retry_cancelled = TRUE;
}

void
_tq_retryer_continue_retry (TqRetryer *self)
{
  self->retry_cancelled = FALSE;
}
