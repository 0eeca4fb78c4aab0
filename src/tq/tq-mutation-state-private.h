/* tq-mutation-state-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-mutation-state.h"

G_BEGIN_DECLS

/* Immutable once shared, as TqQueryState: the reducer makes a new state for
 * each action, so observers and callers can hold one as a snapshot.
 */
struct _TqMutationState
{
  gatomicrefcount   ref_count;
  GValue            context;
  GValue            data;
  GError           *error;
  guint             failure_count;
  GError           *failure_reason;
  GValue            variables;
  gint64            submitted_at;
  TqMutationStatus  status : 8;
  guint             is_paused : 1;
};

TqMutationState *_tq_mutation_state_copy (const TqMutationState *self);

/* Absent values reach callbacks, signals and getters as NULL, which
 * bindings turn into None/null; an unset GValue they cannot convert.
 */
static inline const GValue *
_tq_value_or_null (const GValue *value)
{
  return G_IS_VALUE (value) ? value : NULL;
}

void             _tq_mutation_state_set_value (GValue       *field,
                                               const GValue *value);

G_END_DECLS
