/* tq-demo-seed.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TQ_DEMO_SEED_N_USERS:
 *
 * How many users [func@tq_demo_seed_new] makes: 60, enough for a list
 * that loads as it scrolls.
 */
#define TQ_DEMO_SEED_N_USERS 60

/**
 * TQ_DEMO_SEED_N_TODOS:
 *
 * How many todos [func@tq_demo_seed_new] makes: 600, 10 per user.
 */
#define TQ_DEMO_SEED_N_TODOS 600

JsonObject *tq_demo_seed_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
