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
# include "tq-enums.h"
# include "tq-enum-types.h"
# include "tq-error.h"
# include "tq-key.h"
# include "tq-value.h"
# include "tq-infinite-data.h"
# include "tq-clock.h"
# include "tq-virtual-clock.h"
# include "tq-notify-manager.h"
# include "tq-focus-manager.h"
# include "tq-online-manager.h"
# include "tq-query-options.h"
# include "tq-query-state.h"
# include "tq-query-function-context.h"
# include "tq-query.h"
# include "tq-query-filters.h"
# include "tq-query-cache.h"
# include "tq-query-result.h"
# include "tq-query-observer.h"
# include "tq-infinite-query-observer.h"
# include "tq-queries-observer.h"
# include "tq-json-item.h"
# include "tq-query-list-model.h"
# include "tq-infinite-list-model.h"
# include "tq-mutation-state.h"
# include "tq-mutation-options.h"
# include "tq-mutation-function-context.h"
# include "tq-mutation-callback-context.h"
# include "tq-mutation.h"
# include "tq-mutation-filters.h"
# include "tq-mutation-cache.h"
# include "tq-mutation-observer.h"
# include "tq-query-client.h"
# include "tq-http-error.h"
# include "tq-http-client.h"
# include "tq-realtime.h"
# include "tq-http-mutation.h"
#undef TQ_INSIDE
