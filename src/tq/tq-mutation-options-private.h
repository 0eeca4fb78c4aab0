/* tq-mutation-options-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-mutation-options.h"

G_BEGIN_DECLS

typedef enum
{
  TQ_MOPT_MUTATION_KEY,
  TQ_MOPT_MUTATION_FN,
  TQ_MOPT_ON_MUTATE,
  TQ_MOPT_ON_SUCCESS,
  TQ_MOPT_ON_ERROR,
  TQ_MOPT_ON_SETTLED,
  TQ_MOPT_RETRY,
  TQ_MOPT_RETRY_DELAY,
  TQ_MOPT_NETWORK_MODE,
  TQ_MOPT_GC_TIME,
  TQ_MOPT_META,
  TQ_MOPT_SCOPE_ID,
  TQ_MOPT_OPTIMISTIC_UPDATES,
  TQ_MOPT_UPDATES_FROM_RESULT,
  TQ_MOPT_INVALIDATES,
  TQ_N_MOPTS
} TqMutationOpt;

/* The four lifecycle callbacks, in the order of their options */
typedef enum
{
  TQ_MUTATION_HOOK_ON_MUTATE,
  TQ_MUTATION_HOOK_ON_SUCCESS,
  TQ_MUTATION_HOOK_ON_ERROR,
  TQ_MUTATION_HOOK_ON_SETTLED,
} TqMutationHook;

/* One declaration of optimistic-updates or updates-from-result: which
 * queries, and the function. Immutable, shared between copies.
 */
typedef struct
{
  gatomicrefcount  ref_count;
  TqQueryFilters  *filters;
  TqCallback      *func;
  guint            with_key : 1;  /* func also takes the query's key first */
} TqMutationQueryHook;

struct _TqMutationOptions
{
  GObject        parent_instance;

  guint32        set;            /* 1 << TqMutationOpt per option given */
  guint          defaulted : 1;  /* merged with the client's defaults */
  guint          async_hooks;    /* 1 << TqMutationHook: that one is a TqMutationCallbackFunc */

  GVariant      *mutation_key;
  char          *mutation_hash;
  TqCallback    *mutation_fn;
  TqCallback    *on_mutate;
  TqCallback    *on_success;
  TqCallback    *on_error;
  TqCallback    *on_settled;
  int            retry;
  TqCallback    *retry_fn;
  gint64         retry_delay;
  TqCallback    *retry_delay_fn;
  TqNetworkMode  network_mode;
  gint64         gc_time;
  GVariant      *meta;
  char          *scope_id;
  GPtrArray     *optimistic_updates;   /* TqMutationQueryHook* */
  GPtrArray     *updates_from_result;  /* TqMutationQueryHook* */
  GPtrArray     *invalidates;          /* TqQueryFilters* */
};

static inline gboolean
_tq_mutation_options_has (const TqMutationOptions *self,
                          TqMutationOpt            opt)
{
  return (self->set & (1u << opt)) != 0;
}

TqMutationOptions *_tq_mutation_options_new_empty (void);
void               _tq_mutation_options_overlay   (TqMutationOptions *self,
                                                   TqMutationOptions *overlay);
gboolean           _tq_mutation_options_equal     (TqMutationOptions *a,
                                                   TqMutationOptions *b);
gint64             _tq_mutation_options_get_gc_time_or_unset (TqMutationOptions *self);
/* The callback of @hook, referenced, and whether it is asynchronous */
TqCallback        *_tq_mutation_options_dup_hook (TqMutationOptions *self,
                                                  TqMutationHook     hook,
                                                  gboolean          *is_async);

G_END_DECLS
