/* tq-promise-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The engine's promise: a value or an error that arrives later, with
 * callbacks that run synchronously when it settles (or at once if it has).
 * Public API turns these into GTasks; inside, they carry fetch results
 * between queries, retryers and callers without a main-loop turn per step.
 */
typedef struct _TqPromise TqPromise;

typedef void (*TqPromiseFunc) (TqPromise *promise,
                               gpointer   user_data);

TqPromise    *_tq_promise_new         (void);
TqPromise    *_tq_promise_new_resolved (const GValue *value);
TqPromise    *_tq_promise_new_rejected (const GError *error);
TqPromise    *_tq_promise_ref         (TqPromise     *self);
void          _tq_promise_unref       (TqPromise     *self);
gboolean      _tq_promise_is_pending  (TqPromise     *self);
gboolean      _tq_promise_is_rejected (TqPromise     *self);
const GValue *_tq_promise_get_value   (TqPromise     *self);
const GError *_tq_promise_get_error   (TqPromise     *self);
void          _tq_promise_resolve     (TqPromise     *self,
                                       const GValue  *value);
void          _tq_promise_reject      (TqPromise     *self,
                                       const GError  *error);
void          _tq_promise_then        (TqPromise     *self,
                                       TqPromiseFunc  func,
                                       gpointer       user_data,
                                       GDestroyNotify destroy);
void          _tq_promise_follow      (TqPromise     *self,
                                       TqPromise     *source);
/* Like _tq_promise_then(), but @func runs on a later iteration of @context
 * once @self settled, as a JavaScript `.then` reaction does: never inside
 * the code that settles the promise.
 */
void          _tq_promise_then_later  (TqPromise     *self,
                                       GMainContext  *context,
                                       TqPromiseFunc  func,
                                       gpointer       user_data,
                                       GDestroyNotify destroy);
/* A promise that resolves, with nothing, once @source settles either way. */
TqPromise    *_tq_promise_new_settled (TqPromise     *source);
/* A promise that settles as @source does, on a later iteration of @context:
 * a reaction further down a chain of TanStack's promises.
 */
TqPromise    *_tq_promise_new_later   (TqPromise     *source,
                                       GMainContext  *context);

/* Settles @self once all of @promises have settled (resolved with nothing),
 * or, if @reject_on_error, rejects it with the first error.
 */
TqPromise    *_tq_promise_all         (GPtrArray     *promises,
                                       gboolean       reject_on_error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqPromise, _tq_promise_unref)

G_END_DECLS
