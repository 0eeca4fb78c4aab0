/* tq-version-macros.h
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

#include "tq-version.h"

#ifndef _TQ_EXTERN
# define _TQ_EXTERN extern
#endif

#define TQ_VERSION_0_1 (G_ENCODE_VERSION (0, 1))

#if (TQ_MINOR_VERSION == 99)
# define TQ_VERSION_CUR_STABLE (G_ENCODE_VERSION (TQ_MAJOR_VERSION + 1, 0))
#elif (TQ_MINOR_VERSION % 2)
# define TQ_VERSION_CUR_STABLE (G_ENCODE_VERSION (TQ_MAJOR_VERSION, TQ_MINOR_VERSION + 1))
#else
# define TQ_VERSION_CUR_STABLE (G_ENCODE_VERSION (TQ_MAJOR_VERSION, TQ_MINOR_VERSION))
#endif

#ifndef TQ_VERSION_MIN_REQUIRED
# define TQ_VERSION_MIN_REQUIRED (TQ_VERSION_CUR_STABLE)
#endif

#ifndef TQ_VERSION_MAX_ALLOWED
# define TQ_VERSION_MAX_ALLOWED (TQ_VERSION_CUR_STABLE)
#endif

#define TQ_AVAILABLE_IN_ALL _TQ_EXTERN

#ifdef TQ_DISABLE_DEPRECATION_WARNINGS
# define TQ_DEPRECATED _TQ_EXTERN
# define TQ_DEPRECATED_FOR(f) _TQ_EXTERN
# define TQ_UNAVAILABLE(maj,min) _TQ_EXTERN
#else
# define TQ_DEPRECATED G_DEPRECATED _TQ_EXTERN
# define TQ_DEPRECATED_FOR(f) G_DEPRECATED_FOR(f) _TQ_EXTERN
# define TQ_UNAVAILABLE(maj,min) G_UNAVAILABLE(maj,min) _TQ_EXTERN
#endif

#if TQ_VERSION_MIN_REQUIRED >= TQ_VERSION_0_1
# define TQ_DEPRECATED_IN_0_1 TQ_DEPRECATED
# define TQ_DEPRECATED_IN_0_1_FOR(f) TQ_DEPRECATED_FOR(f)
#else
# define TQ_DEPRECATED_IN_0_1 _TQ_EXTERN
# define TQ_DEPRECATED_IN_0_1_FOR(f) _TQ_EXTERN
#endif

#if TQ_VERSION_MAX_ALLOWED < TQ_VERSION_0_1
# define TQ_AVAILABLE_IN_0_1 TQ_UNAVAILABLE(0, 1)
#else
# define TQ_AVAILABLE_IN_0_1 _TQ_EXTERN
#endif
