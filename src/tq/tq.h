/* tq.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#define TQ_INSIDE
# include "tq-version.h"
# include "tq-version-macros.h"
# include "tq-types.h"
# include "tq-error.h"
# include "tq-key.h"
# include "tq-value.h"
# include "tq-clock.h"
# include "tq-virtual-clock.h"
# include "tq-notify-manager.h"
#undef TQ_INSIDE
