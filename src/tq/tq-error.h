/* tq-error.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib.h>

#include "tq-version-macros.h"

G_BEGIN_DECLS

/**
 * TQ_ERROR:
 *
 * The error domain of Tq's own errors. Errors in this domain come from
 * [enum@Tq.Error]. HTTP errors use `TQ_HTTP_ERROR`; cancellation is always
 * `G_IO_ERROR_CANCELLED`.
 */
#define TQ_ERROR (tq_error_quark ())

/**
 * TqError:
 * @TQ_ERROR_INVALID_KEY: a `GVariant` that cannot be a query or mutation key
 *   (see [func@Tq.key_validate])
 * @TQ_ERROR_INVALID_OPTION: an option has a value of the wrong type or out of range
 * @TQ_ERROR_MISSING_QUERY_FN: a query was fetched without a query function
 *   (TanStack's `Missing queryFn: '<hash>'`, rule 47)
 * @TQ_ERROR_UNDEFINED_DATA: a query function completed without a value
 *   (TanStack's `<hash> data is undefined`, rule 47)
 * @TQ_ERROR_INVALID_DATA: data of a type the operation cannot handle
 * @TQ_ERROR_MISSING_MUTATION_FN: a mutation ran without a mutation function
 *   (TanStack's `No mutationFn found`)
 * @TQ_ERROR_CALLBACK_FAILED: a mutation callback failed without saying why
 *
 * Error codes of the `TQ_ERROR` domain.
 */
typedef enum
{
  TQ_ERROR_INVALID_KEY,
  TQ_ERROR_INVALID_OPTION,
  TQ_ERROR_MISSING_QUERY_FN,
  TQ_ERROR_UNDEFINED_DATA,
  TQ_ERROR_INVALID_DATA,
  TQ_ERROR_MISSING_MUTATION_FN,
  TQ_ERROR_CALLBACK_FAILED,
} TqError;

TQ_AVAILABLE_IN_ALL
GQuark tq_error_quark (void);

G_END_DECLS
