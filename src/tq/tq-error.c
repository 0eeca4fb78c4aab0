/* tq-error.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-error.h"

/**
 * tq_error_quark:
 *
 * Gets the quark of the `TQ_ERROR` domain.
 *
 * Returns: the error quark
 */
G_DEFINE_QUARK (tq-error-quark, tq_error)
