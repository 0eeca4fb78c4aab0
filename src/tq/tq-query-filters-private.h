/* tq-query-filters-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-callback-private.h"
#include "tq-key-private.h"
#include "tq-query-filters.h"

G_BEGIN_DECLS

struct _TqQueryFilters
{
  GObject            parent_instance;

  GVariant          *query_key;
  TqKeyCanon        *query_canon;  /* set with the key */
  TqCallback        *predicate;
  TqQueryTypeFilter  type;
  TqFetchStatus      fetch_status;
  TqRefetchType      refetch_type;
  guint              exact : 1;
  guint              stale : 1;
  guint              has_exact : 1;
  guint              has_type : 1;
  guint              has_stale : 1;
  guint              has_fetch_status : 1;
  guint              has_refetch_type : 1;
};

TqQueryFilters *_tq_query_filters_copy    (TqQueryFilters *self);
/* Everything but the key: type, stale, fetch status, predicate (rule 4). */
gboolean        _tq_query_filters_match_rest (TqQueryFilters *self,
                                              TqQuery        *query);

G_END_DECLS
