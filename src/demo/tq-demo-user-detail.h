/* tq-demo-user-detail.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>
#include <tq.h>

G_BEGIN_DECLS

#define TQ_DEMO_TYPE_USER_DETAIL (tq_demo_user_detail_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoUserDetail, tq_demo_user_detail, TQ_DEMO, USER_DETAIL, GtkWidget)

GtkWidget     *tq_demo_user_detail_new             (void);
TqQueryClient *tq_demo_user_detail_get_client      (TqDemoUserDetail *self);
TqHttpClient  *tq_demo_user_detail_get_http_client (TqDemoUserDetail *self);
void           tq_demo_user_detail_set_clients     (TqDemoUserDetail *self,
                                                    TqQueryClient    *client,
                                                    TqHttpClient     *http_client);
gint64         tq_demo_user_detail_get_user_id     (TqDemoUserDetail *self);
void           tq_demo_user_detail_set_user_id     (TqDemoUserDetail *self,
                                                    gint64            user_id);
JsonNode      *tq_demo_user_detail_get_user        (TqDemoUserDetail *self);
void           tq_demo_user_detail_prefetch        (TqDemoUserDetail *self,
                                                    gint64            user_id);

G_END_DECLS
