/* tq-promise.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-promise-private.h"
#include "tq-value-private.h"

typedef enum
{
  PROMISE_PENDING,
  PROMISE_RESOLVED,
  PROMISE_REJECTED,
} PromiseStatus;

typedef struct
{
  TqPromiseFunc  func;
  gpointer       data;
  GDestroyNotify destroy;
} Reaction;

struct _TqPromise
{
  gatomicrefcount ref_count;
  PromiseStatus   status;
  GValue          value;
  GError         *error;
  GArray         *reactions;  /* Reaction */
};

TqPromise *
_tq_promise_new (void)
{
  TqPromise *self = g_new0 (TqPromise, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->status = PROMISE_PENDING;

  return self;
}

TqPromise *
_tq_promise_new_resolved (const GValue *value)
{
  TqPromise *self = _tq_promise_new ();

  _tq_promise_resolve (self, value);
  return self;
}

TqPromise *
_tq_promise_new_rejected (const GError *error)
{
  TqPromise *self = _tq_promise_new ();

  _tq_promise_reject (self, error);
  return self;
}

TqPromise *
_tq_promise_ref (TqPromise *self)
{
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
_tq_promise_unref (TqPromise *self)
{
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->reactions != NULL)
    {
      for (guint i = 0; i < self->reactions->len; i++)
        {
          Reaction *r = &g_array_index (self->reactions, Reaction, i);

          if (r->destroy != NULL)
            r->destroy (r->data);
        }
      g_array_unref (self->reactions);
    }

  if (G_IS_VALUE (&self->value))
    g_value_unset (&self->value);
  g_clear_error (&self->error);
  g_free (self);
}

gboolean
_tq_promise_is_pending (TqPromise *self)
{
  return self->status == PROMISE_PENDING;
}

gboolean
_tq_promise_is_rejected (TqPromise *self)
{
  return self->status == PROMISE_REJECTED;
}

const GValue *
_tq_promise_get_value (TqPromise *self)
{
  return &self->value;
}

const GError *
_tq_promise_get_error (TqPromise *self)
{
  return self->error;
}

static void
run_reactions (TqPromise *self)
{
  GArray *reactions = g_steal_pointer (&self->reactions);

  if (reactions == NULL)
    return;

  _tq_promise_ref (self);

  for (guint i = 0; i < reactions->len; i++)
    {
      Reaction *r = &g_array_index (reactions, Reaction, i);

      r->func (self, r->data);
      if (r->destroy != NULL)
        r->destroy (r->data);
    }

  g_array_unref (reactions);
  _tq_promise_unref (self);
}

void
_tq_promise_resolve (TqPromise    *self,
                     const GValue *value)
{
  if (self->status != PROMISE_PENDING)
    return;

  self->status = PROMISE_RESOLVED;
  _tq_value_copy_shared (value, &self->value);

  run_reactions (self);
}

void
_tq_promise_reject (TqPromise    *self,
                    const GError *error)
{
  if (self->status != PROMISE_PENDING)
    return;

  g_assert (error != NULL);

  self->status = PROMISE_REJECTED;
  self->error = g_error_copy (error);

  run_reactions (self);
}

void
_tq_promise_then (TqPromise      *self,
                  TqPromiseFunc   func,
                  gpointer        user_data,
                  GDestroyNotify  destroy)
{
  Reaction r = { func, user_data, destroy };

  if (self->status != PROMISE_PENDING)
    {
      _tq_promise_ref (self);
      func (self, user_data);
      if (destroy != NULL)
        destroy (user_data);
      _tq_promise_unref (self);
      return;
    }

  if (self->reactions == NULL)
    self->reactions = g_array_new (FALSE, FALSE, sizeof (Reaction));
  g_array_append_val (self->reactions, r);
}

static void
follow_cb (TqPromise *source,
           gpointer   user_data)
{
  TqPromise *self = user_data;

  if (source->status == PROMISE_RESOLVED)
    _tq_promise_resolve (self, &source->value);
  else
    _tq_promise_reject (self, source->error);
}

void
_tq_promise_follow (TqPromise *self,
                    TqPromise *source)
{
  _tq_promise_then (source, follow_cb, _tq_promise_ref (self), (GDestroyNotify) _tq_promise_unref);
}

typedef struct
{
  TqPromise     *promise;
  GMainContext  *context;
  TqPromiseFunc  func;
  gpointer       data;
  GDestroyNotify destroy;
} Later;

static void
later_free (gpointer user_data)
{
  Later *later = user_data;

  if (later->destroy != NULL)
    later->destroy (later->data);
  g_clear_pointer (&later->promise, _tq_promise_unref);
  g_main_context_unref (later->context);
  g_free (later);
}

static gboolean
later_run (gpointer user_data)
{
  Later *later = user_data;

  later->func (later->promise, later->data);

  return G_SOURCE_REMOVE;
}

static void
later_settled (TqPromise *source,
               gpointer   user_data)
{
  Later *later = user_data;
  Later *copy = g_new0 (Later, 1);
  GSource *idle = g_idle_source_new ();

  /* The reaction's own data is freed after this returns: move it. */
  *copy = *later;
  copy->promise = _tq_promise_ref (source);
  copy->context = g_main_context_ref (later->context);
  later->destroy = NULL;

  g_source_set_priority (idle, G_PRIORITY_DEFAULT);
  g_source_set_callback (idle, later_run, copy, later_free);
  g_source_set_static_name (idle, "[tq] promise reaction");
  g_source_attach (idle, copy->context);
  g_source_unref (idle);
}

void
_tq_promise_then_later (TqPromise      *self,
                        GMainContext   *context,
                        TqPromiseFunc   func,
                        gpointer        user_data,
                        GDestroyNotify  destroy)
{
  Later *later = g_new0 (Later, 1);

  later->context = g_main_context_ref (context);
  later->func = func;
  later->data = user_data;
  later->destroy = destroy;

  _tq_promise_then (self, later_settled, later, later_free);
}

static void
settled_cb (TqPromise *source,
            gpointer   user_data)
{
  _tq_promise_resolve (user_data, NULL);
}

TqPromise *
_tq_promise_new_settled (TqPromise *source)
{
  TqPromise *self = _tq_promise_new ();

  _tq_promise_then (source, settled_cb, _tq_promise_ref (self), (GDestroyNotify) _tq_promise_unref);
  return self;
}

TqPromise *
_tq_promise_new_later (TqPromise    *source,
                       GMainContext *context)
{
  TqPromise *self = _tq_promise_new ();

  _tq_promise_then_later (source, context, follow_cb, _tq_promise_ref (self),
                          (GDestroyNotify) _tq_promise_unref);
  return self;
}

typedef struct
{
  TqPromise *all;
  guint      remaining;
  guint      refs;
  gboolean   reject_on_error;
} AllState;

static void
all_state_release (gpointer data)
{
  AllState *state = data;

  if (--state->refs > 0)
    return;

  _tq_promise_unref (state->all);
  g_free (state);
}

static void
all_cb (TqPromise *promise,
        gpointer   user_data)
{
  AllState *state = user_data;

  if (promise->status == PROMISE_REJECTED && state->reject_on_error)
    _tq_promise_reject (state->all, promise->error);

  if (--state->remaining == 0)
    _tq_promise_resolve (state->all, NULL);
}

TqPromise *
_tq_promise_all (GPtrArray *promises,
                 gboolean   reject_on_error)
{
  TqPromise *all = _tq_promise_new ();
  AllState *state;

  if (promises == NULL || promises->len == 0)
    {
      _tq_promise_resolve (all, NULL);
      return all;
    }

  state = g_new0 (AllState, 1);
  state->all = _tq_promise_ref (all);
  /* One more than the promises, so that @all stays pending until every
   * reaction is attached, and the state lives until this function is done.
   */
  state->remaining = promises->len + 1;
  state->refs = promises->len + 1;
  state->reject_on_error = reject_on_error;

  for (guint i = 0; i < promises->len; i++)
    _tq_promise_then (promises->pdata[i], all_cb, state, all_state_release);

  if (--state->remaining == 0)
    _tq_promise_resolve (all, NULL);
  all_state_release (state);

  return all;
}
