/* tq-mutation-filters.h
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

#include "tq-enums.h"
#include "tq-types.h"

G_BEGIN_DECLS

#define TQ_TYPE_MUTATION_FILTERS (tq_mutation_filters_get_type ())

TQ_AVAILABLE_IN_ALL
G_DECLARE_FINAL_TYPE (TqMutationFilters, tq_mutation_filters, TQ, MUTATION_FILTERS, GObject)

/**
 * TqMutationPredicate:
 * @mutation: a mutation
 * @user_data: the data given with the function
 *
 * A test of a mutation: the `predicate` of [class@Tq.MutationFilters].
 *
 * Returns: whether @mutation passes
 */
typedef gboolean (*TqMutationPredicate) (TqMutation *mutation,
                                         gpointer    user_data);

TQ_AVAILABLE_IN_ALL
TqMutationFilters *tq_mutation_filters_new              (GVariant            *mutation_key) G_GNUC_WARN_UNUSED_RESULT;
TQ_AVAILABLE_IN_ALL
GVariant          *tq_mutation_filters_get_mutation_key (TqMutationFilters   *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_filters_set_mutation_key (TqMutationFilters   *self,
                                                         GVariant            *mutation_key);
TQ_AVAILABLE_IN_ALL
gboolean           tq_mutation_filters_get_exact        (TqMutationFilters   *self);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_filters_set_exact        (TqMutationFilters   *self,
                                                         gboolean             exact);
TQ_AVAILABLE_IN_ALL
gboolean           tq_mutation_filters_get_status       (TqMutationFilters   *self,
                                                         TqMutationStatus    *status);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_filters_set_status       (TqMutationFilters   *self,
                                                         TqMutationStatus     status);
TQ_AVAILABLE_IN_ALL
void               tq_mutation_filters_set_predicate    (TqMutationFilters   *self,
                                                         TqMutationPredicate  predicate,
                                                         gpointer             user_data,
                                                         GDestroyNotify       destroy);
TQ_AVAILABLE_IN_ALL
gboolean           tq_mutation_filters_matches          (TqMutationFilters   *self,
                                                         TqMutation          *mutation);

G_END_DECLS
