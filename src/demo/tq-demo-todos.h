/* tq-demo-todos.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <tq.h>

G_BEGIN_DECLS

/**
 * TqDemoTodoFilter:
 * @TQ_DEMO_TODO_FILTER_ALL: every to-do
 * @TQ_DEMO_TODO_FILTER_ACTIVE: the to-dos still to do
 * @TQ_DEMO_TODO_FILTER_COMPLETED: the completed ones
 *
 * Which to-dos a list shows; the values of the `todo-filter` setting.
 */
typedef enum
{
  TQ_DEMO_TODO_FILTER_ALL,
  TQ_DEMO_TODO_FILTER_ACTIVE,
  TQ_DEMO_TODO_FILTER_COMPLETED,
} TqDemoTodoFilter;

/* The scope of every to-do mutation: offline changes replay in order. */
#define TQ_DEMO_TODOS_SCOPE "todos"

GVariant          *tq_demo_todos_list_key          (TqDemoTodoFilter  filter,
                                                    gint64            user_id,
                                                    const char       *search);
GVariant          *tq_demo_todos_prefix_key        (void);
gboolean           tq_demo_todos_is_list_key       (GVariant         *query_key);
gboolean           tq_demo_todos_key_accepts       (GVariant         *query_key,
                                                    JsonObject       *todo,
                                                    gboolean         *certain);
gboolean           tq_demo_json_ids_equal          (JsonNode         *a,
                                                    JsonNode         *b);
gboolean           tq_demo_todo_is_temporary       (JsonObject       *todo);

TqMutationOptions *tq_demo_todos_create_options    (TqHttpClient     *http_client);
TqMutationOptions *tq_demo_todos_update_options    (TqHttpClient     *http_client);
TqMutationOptions *tq_demo_todos_delete_options    (TqHttpClient     *http_client);

/* The declared effects of the mutations above, for the unit tests. */
void               tq_demo_todos_create_update     (GVariant         *query_key,
                                                    const GValue     *data,
                                                    const GValue     *variables,
                                                    GValue           *result,
                                                    gpointer          user_data);
void               tq_demo_todos_create_from_result (GVariant        *query_key,
                                                     const GValue    *data,
                                                     const GValue    *result,
                                                     const GValue    *variables,
                                                     GValue          *new_data,
                                                     gpointer         user_data);
void               tq_demo_todos_patch_update      (GVariant         *query_key,
                                                    const GValue     *data,
                                                    const GValue     *variables,
                                                    GValue           *result,
                                                    gpointer          user_data);
void               tq_demo_todos_delete_update     (GVariant         *query_key,
                                                    const GValue     *data,
                                                    const GValue     *variables,
                                                    GValue           *result,
                                                    gpointer          user_data);

G_END_DECLS
