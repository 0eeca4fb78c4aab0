/* tq-http-mutation.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include "tq-http-client.h"
#include "tq-mutation-options.h"

G_BEGIN_DECLS

TQ_AVAILABLE_IN_ALL
void tq_http_client_apply_mutation      (TqHttpClient        *self,
                                         TqMutationOptions   *options,
                                         const char          *method,
                                         const char          *path_template);
TQ_AVAILABLE_IN_ALL
void tq_http_client_apply_mutation_full (TqHttpClient        *self,
                                         TqMutationOptions   *options,
                                         const char          *method,
                                         const char          *path_template,
                                         TqHttpMutationFlags  flags);

G_END_DECLS
