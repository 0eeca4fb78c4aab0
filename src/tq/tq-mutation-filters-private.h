/* tq-mutation-filters-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-mutation-filters.h"

G_BEGIN_DECLS

struct _TqMutationFilters
{
  GObject           parent_instance;

  GVariant         *mutation_key;
  char             *mutation_hash;
  TqCallback       *predicate;
  TqMutationStatus  status;
  guint             exact : 1;
  guint             has_exact : 1;
  guint             has_status : 1;
};

TqMutationFilters *_tq_mutation_filters_copy  (TqMutationFilters *self);
/* TanStack's matchMutation() with @exact in place of the filters' own. */
gboolean           _tq_mutation_filters_match (TqMutationFilters *self,
                                               TqMutation        *mutation,
                                               gboolean           exact);

G_END_DECLS
