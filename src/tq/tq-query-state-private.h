/* tq-query-state-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-query-state.h"

G_BEGIN_DECLS

/* Immutable once shared: the reducer makes a new state for each action, as
 * TanStack's does, so that a revert point or an initial state is just a
 * reference.
 */
/* Ordered so that no field needs padding: one state is kept per query. */
struct _TqQueryState
{
  gatomicrefcount  ref_count;
  guint            data_update_count;
  GValue           data;
  gint64           data_updated_at;
  GError          *error;
  gint64           error_updated_at;
  guint            error_update_count;
  guint            fetch_failure_count;
  GError          *fetch_failure_reason;
  TqFetchDirection fetch_meta;
  TqQueryStatus    status : 8;
  TqFetchStatus    fetch_status : 8;
  guint            is_invalidated : 1;
  /* With optimistic layers: the confirmed data under them (data is then
   * the base with the layers applied), a set value. NULL otherwise, as for
   * nearly every state: a pointer costs 16 bytes less than a GValue.
   */
  GValue          *base;
};

TqQueryState *_tq_query_state_new  (void);
TqQueryState *_tq_query_state_copy (const TqQueryState *self);

static inline gboolean
_tq_query_state_has_data (const TqQueryState *self)
{
  return G_VALUE_TYPE (&self->data) != G_TYPE_INVALID;
}

void _tq_query_state_set_data  (TqQueryState *self,
                                const GValue *data);
void _tq_query_state_take_data (TqQueryState *self,
                                GValue       *data);
void _tq_query_state_set_error (GError      **field,
                                const GError *error);
/* Takes @base's content (a set value), leaving @base unset. */
void _tq_query_state_take_base (TqQueryState *self,
                                GValue       *base);
void _tq_query_state_clear_base (TqQueryState *self);

G_END_DECLS
