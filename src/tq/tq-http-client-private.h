/* tq-http-client-private.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include "tq-http-client.h"
#include "tq-http-error.h"

G_BEGIN_DECLS

guint _tq_http_client_get_n_validators (TqHttpClient *self);
guint _tq_http_client_get_n_requests   (TqHttpClient *self);
void  _tq_http_client_prepare_message  (TqHttpClient *self,
                                       SoupMessage  *message);
void  _tq_http_client_mutate_full_async (TqHttpClient        *self,
                                         const char          *method,
                                         const char          *path_template,
                                         JsonNode            *variables,
                                         TqHttpMutationFlags  flags,
                                         GCancellable        *cancellable,
                                         GAsyncReadyCallback  callback,
                                         gpointer             user_data);

G_END_DECLS
