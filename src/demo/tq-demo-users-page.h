/* tq-demo-users-page.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <tq.h>

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_USERS_PAGE (tq_demo_users_page_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoUsersPage, tq_demo_users_page, TQ_DEMO, USERS_PAGE, GtkWidget)

GtkWidget     *tq_demo_users_page_new             (TqQueryClient   *client,
                                                   TqHttpClient    *http_client);
TqQueryClient *tq_demo_users_page_get_client      (TqDemoUsersPage *self);
TqHttpClient  *tq_demo_users_page_get_http_client (TqDemoUsersPage *self);
void           tq_demo_users_page_focus_search    (TqDemoUsersPage *self);

G_END_DECLS
