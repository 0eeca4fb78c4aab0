/* tq-http-mutation.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-http-client-private.h"
#include "tq-http-error.h"
#include "tq-http-mutation.h"
#include "tq-mutation-function-context.h"

/* What one HTTP mutation function sends: the method and the path template,
 * on a client, and how. */
typedef struct
{
  TqHttpClient        *client;
  char                *method;
  char                *path_template;
  TqHttpMutationFlags  flags;
} HttpMutation;

static void
http_mutation_free (gpointer data)
{
  HttpMutation *mutation = data;

  g_clear_object (&mutation->client);
  g_free (mutation->method);
  g_free (mutation->path_template);
  g_free (mutation);
}

/* The variables as JSON: JSON as it is, a GVariant or a GObject turned
 * into JSON, nothing for none. */
static gboolean
variables_to_json (const GValue  *variables,
                   JsonNode     **json,
                   GError       **error)
{
  *json = NULL;

  if (variables == NULL || !G_IS_VALUE (variables))
    return TRUE;

  if (G_VALUE_HOLDS (variables, JSON_TYPE_NODE))
    {
      JsonNode *node = g_value_get_boxed (variables);

      *json = node != NULL ? json_node_ref (node) : NULL;
      return TRUE;
    }

  if (G_VALUE_HOLDS (variables, G_TYPE_VARIANT) && g_value_get_variant (variables) != NULL)
    {
      *json = json_gvariant_serialize (g_value_get_variant (variables));
      return TRUE;
    }

  if (G_VALUE_HOLDS (variables, G_TYPE_OBJECT) && g_value_get_object (variables) != NULL)
    {
      *json = json_gobject_serialize (g_value_get_object (variables));
      return TRUE;
    }

  g_set_error (error, TQ_HTTP_ERROR, TQ_HTTP_ERROR_INVALID_REQUEST,
               "The variables of an HTTP mutation must be JSON, a GVariant or a GObject, not %s",
               G_VALUE_TYPE_NAME (variables));
  return FALSE;
}

static void
on_mutated (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(TqMutationFunctionContext) context = user_data;
  g_autoptr(JsonNode) node = NULL;
  GError *error = NULL;

  node = tq_http_client_mutate_finish (TQ_HTTP_CLIENT (source), result, NULL, &error);
  if (node == NULL)
    tq_mutation_function_context_return_error (context, error);
  else
    tq_mutation_function_context_return_json (context, node);
}

static void
http_mutation_func (TqMutationFunctionContext *context,
                    gpointer                   user_data)
{
  HttpMutation *mutation = user_data;
  g_autoptr(JsonNode) variables = NULL;
  GError *error = NULL;

  if (!variables_to_json (tq_mutation_function_context_get_variables (context), &variables, &error))
    {
      tq_mutation_function_context_return_error (context, error);
      return;
    }

  _tq_http_client_mutate_full_async (mutation->client, mutation->method, mutation->path_template, variables,
                                     mutation->flags, tq_mutation_function_context_get_cancellable (context),
                                     on_mutated, g_object_ref (context));
}

/**
 * tq_http_client_apply_mutation:
 * @self: a client
 * @options: mutation options
 * @method: the HTTP method: `POST`, `PUT`, `PATCH` or `DELETE`
 * @path_template: the path, with variables in braces, such as
 *   `/todos/{id}` (see [func@Tq.http_expand_path])
 *
 * Makes @options write over HTTP with this client: sets as their mutation
 * function one that sends @method to @path_template filled in from the
 * mutation's variables, with the variables as the JSON body (none for
 * `DELETE`), and completes with the response body as JSON (a JSON `null`
 * for a `204`); see [method@Tq.HttpClient.mutate_async].
 *
 * Variables may be JSON, a `GVariant` (serialized with
 * json_gvariant_serialize()) or a `GObject` (serialized with
 * json_gobject_serialize()); others fail with
 * %TQ_HTTP_ERROR_INVALID_REQUEST. Errors are those of
 * [method@Tq.HttpClient.mutate_finish].
 *
 * No retry policy is set: mutations are not retried by default (rule 23),
 * since a `POST` sent twice may create twice. An idempotent write (`PUT`,
 * `DELETE`) can take [func@Tq.http_retry_policy] and
 * [func@Tq.http_retry_delay] with
 * [method@Tq.MutationOptions.set_retry_func] and
 * [method@Tq.MutationOptions.set_retry_delay_func].
 *
 * ```c
 * g_autoptr(TqMutationOptions) add_todo = tq_mutation_options_new (NULL);
 *
 * tq_http_client_apply_mutation (http, add_todo, "POST", "/todos");
 * tq_mutation_options_add_invalidates (add_todo, filters_for_todos);
 * ```
 *
 * For writes that must not overwrite a change made elsewhere, see
 * [method@Tq.HttpClient.apply_mutation_full].
 */
void
tq_http_client_apply_mutation (TqHttpClient      *self,
                               TqMutationOptions *options,
                               const char        *method,
                               const char        *path_template)
{
  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (options));
  g_return_if_fail (method != NULL && *method != '\0');
  g_return_if_fail (path_template != NULL);

  tq_http_client_apply_mutation_full (self, options, method, path_template, TQ_HTTP_MUTATION_NONE);
}

/**
 * tq_http_client_apply_mutation_full:
 * @self: a client
 * @options: mutation options
 * @method: the HTTP method: `POST`, `PUT`, `PATCH` or `DELETE`
 * @path_template: the path, with variables in braces, such as
 *   `/users/{id}` (see [func@Tq.http_expand_path])
 * @flags: how to write
 *
 * Makes @options write over HTTP with this client, as
 * [method@Tq.HttpClient.apply_mutation] does, with @flags.
 *
 * With %TQ_HTTP_MUTATION_IF_MATCH the write is conditional, HTTP's
 * optimistic concurrency control: it carries `If-Match` with the entity tag
 * of the last response from its URL ([method@Tq.HttpClient.dup_entity_tag]),
 * typically that of the query that showed the item to the user. If the
 * item changed on the server since, the server refuses the write with
 * `412 Precondition Failed` and changes nothing: the mutation fails with
 * %TQ_HTTP_ERROR_PRECONDITION_FAILED, its optimistic updates are rolled
 * back, and the application should refetch the item and tell the user. A
 * URL the client has no entity tag for is written without a condition.
 *
 * ```c
 * // The query ('users', 7) fetched GET /users/7, answered with ETag "57":
 * // this mutation sends PATCH /users/7 with If-Match: "57"
 * tq_http_client_apply_mutation_full (http, edit_user, "PATCH", "/users/{id}",
 *                                     TQ_HTTP_MUTATION_IF_MATCH);
 * ```
 */
void
tq_http_client_apply_mutation_full (TqHttpClient        *self,
                                    TqMutationOptions   *options,
                                    const char          *method,
                                    const char          *path_template,
                                    TqHttpMutationFlags  flags)
{
  HttpMutation *mutation;

  g_return_if_fail (TQ_IS_HTTP_CLIENT (self));
  g_return_if_fail (TQ_IS_MUTATION_OPTIONS (options));
  g_return_if_fail (method != NULL && *method != '\0');
  g_return_if_fail (path_template != NULL);

  mutation = g_new0 (HttpMutation, 1);
  mutation->client = g_object_ref (self);
  mutation->method = g_ascii_strup (method, -1);
  mutation->path_template = g_strdup (path_template);
  mutation->flags = flags;

  tq_mutation_options_set_mutation_func (options, http_mutation_func, mutation, http_mutation_free);
}
