/* tq-callback-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A function-valued option: the function, its data and the data's destroy
 * notify, shared by reference between the option sets that merging makes.
 * Two callbacks are "the same function" (TanStack compares function
 * references, e.g. to memoize select) when function and data are equal.
 */
typedef struct
{
  gpointer       func;
  gpointer       data;
  GDestroyNotify destroy;
  gatomicrefcount ref_count;
} TqCallback;

static inline TqCallback *
_tq_callback_new (gpointer       func,
                  gpointer       data,
                  GDestroyNotify destroy)
{
  TqCallback *cb = g_new (TqCallback, 1);

  cb->func = func;
  cb->data = data;
  cb->destroy = destroy;
  g_atomic_ref_count_init (&cb->ref_count);

  return cb;
}

static inline TqCallback *
_tq_callback_ref (TqCallback *cb)
{
  if (cb != NULL)
    g_atomic_ref_count_inc (&cb->ref_count);
  return cb;
}

static inline void
_tq_callback_unref (TqCallback *cb)
{
  if (cb != NULL && g_atomic_ref_count_dec (&cb->ref_count))
    {
      if (cb->destroy != NULL)
        cb->destroy (cb->data);
      g_free (cb);
    }
}

static inline gboolean
_tq_callback_equal (const TqCallback *a,
                    const TqCallback *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  return a->func == b->func && a->data == b->data;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TqCallback, _tq_callback_unref)

G_END_DECLS
