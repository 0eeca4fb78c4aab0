/* tq-query-result-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-query-result.h"

G_BEGIN_DECLS

struct _TqQueryResult
{
  gatomicrefcount ref_count;
  TqQueryStatus   status;
  TqFetchStatus   fetch_status;
  GValue          data;
  gint64          data_updated_at;
  GError         *error;
  guint           error_serial;   /* a select error's run: TanStack's error identity */
  gint64          error_updated_at;
  guint           error_update_count;
  guint           failure_count;
  GError         *failure_reason;
  guint           is_placeholder_data : 1;
  guint           is_fetched : 1;
  guint           is_fetched_after_mount : 1;
  guint           is_stale : 1;
  guint           is_enabled : 1;
  /* Infinite queries */
  guint           has_next_page : 1;
  guint           has_previous_page : 1;
  TqFetchDirection fetch_direction;
  /* Unique per result, never 0: identifies it without a reference. */
  guint64         serial;
  /* What changed since the result of serial @diff_base, as the observer
   * that compared them first found it: observers sharing both results
   * compare them once.
   */
  guint64         diff_base;
  guint32         diff_mask;
};

TqQueryResult *_tq_query_result_new   (void);
/* TanStack's shallowEqualObjects on two results. */
gboolean       _tq_query_result_equal (TqQueryResult *a,
                                       TqQueryResult *b);
/* Whether the result property @name (`data`, `is-stale`…) differs, as
 * TanStack's notifyOnChangeProps compares fields; FALSE for unknown names.
 */
gboolean       _tq_query_result_property_changed (TqQueryResult *a,
                                                  TqQueryResult *b,
                                                  const char    *name);

G_END_DECLS
