/* runner-values.c: templates, error texts, keys and updaters
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "runner.h"

void
template_env_clear (TemplateEnv *env)
{
  g_clear_pointer (&env->call, json_node_unref);
  g_clear_pointer (&env->page_param, json_node_unref);
  g_clear_pointer (&env->key, json_node_unref);
  g_clear_pointer (&env->meta, json_node_unref);
  g_clear_pointer (&env->variables, json_node_unref);
  g_clear_pointer (&env->data, json_node_unref);
  g_clear_pointer (&env->error, json_node_unref);
  g_clear_pointer (&env->context, json_node_unref);
}

/* {{{ Errors (README.md, "Error texts") */

char *
error_text (const GError *error)
{
  if (error == NULL)
    return NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_strdup ("$cancelled");
  if (error->domain == TQ_ERROR)
    {
      switch (error->code)
        {
        case TQ_ERROR_MISSING_QUERY_FN:
          return g_strdup ("$missingQueryFn");
        case TQ_ERROR_UNDEFINED_DATA:
          return g_strdup ("$undefinedData");
        case TQ_ERROR_MISSING_MUTATION_FN:
          return g_strdup ("$missingMutationFn");
        default:
          break;
        }
    }

  return g_strdup (error->message);
}

JsonNode *
error_node (const GError *error)
{
  g_autofree char *text = error_text (error);

  return text != NULL ? rj_string (text) : rj_null ();
}

GError *
scripted_error_new (const char *message)
{
  return g_error_new_literal (G_IO_ERROR, G_IO_ERROR_FAILED, message);
}

/* }}} */
/* {{{ Keys */

JsonNode *
key_to_json (GVariant *key)
{
  if (key == NULL)
    return NULL;

  return tq_key_to_json (key);
}

GVariant *
key_from_json (JsonNode *node)
{
  g_autoptr(GError) error = NULL;
  GVariant *key;

  if (node == NULL)
    return NULL;

  key = tq_key_from_json (node, &error);
  if (key == NULL)
    g_printerr ("tq-conformance-runner: bad key: %s\n", error->message);

  return key;
}

JsonNode *
query_data_json (Runner   *runner,
                 JsonNode *key_json)
{
  g_autoptr(GVariant) key = key_from_json (key_json);
  g_auto(GValue) data = G_VALUE_INIT;

  if (key == NULL || !tq_query_client_get_query_data (runner->client, key, &data))
    return NULL;

  return rj_from_value (&data);
}

/* }}} */
/* {{{ Templates */

static JsonNode *
env_lookup (const TemplateEnv *env,
            const char        *name)
{
  JsonNode *v = NULL;

  if (g_str_equal (name, "call"))
    v = env->call;
  else if (g_str_equal (name, "pageParam"))
    v = env->page_param;
  else if (g_str_equal (name, "key"))
    v = env->key;
  else if (g_str_equal (name, "meta"))
    v = env->meta;
  else if (g_str_equal (name, "variables"))
    v = env->variables;
  else if (g_str_equal (name, "data"))
    v = env->data;
  else if (g_str_equal (name, "error"))
    v = env->error;
  else if (g_str_equal (name, "context"))
    v = env->context;

  return v;
}

static const char * const interpolated[] = {
  "call", "pageParam", "key", "meta", "variables", "data", "error", "context", NULL
};

char *
interpolate (const char        *text,
             const TemplateEnv *env)
{
  GString *out = g_string_new (NULL);
  const char *p = text;

  while (*p != '\0')
    {
      gboolean replaced = FALSE;

      if (p[0] == '$' && p[1] == '{')
        {
          for (guint i = 0; interpolated[i] != NULL; i++)
            {
              gsize len = strlen (interpolated[i]);

              if (strncmp (p + 2, interpolated[i], len) == 0 && p[2 + len] == '}')
                {
                  JsonNode *v = env_lookup (env, interpolated[i]);

                  if (rj_is_string (v))
                    g_string_append (out, json_node_get_string (v));
                  else if (v != NULL)
                    rj_append_canonical (out, v);
                  p += 3 + len;
                  replaced = TRUE;
                  break;
                }
            }
        }

      if (!replaced)
        {
          g_string_append_c (out, *p);
          p++;
        }
    }

  return g_string_free (out, FALSE);
}

JsonNode *
eval_template (Runner            *runner,
               JsonNode          *template,
               const TemplateEnv *env)
{
  if (template == NULL)
    return NULL;

  switch (json_node_get_node_type (template))
    {
    case JSON_NODE_VALUE:
      if (rj_is_string (template))
        {
          g_autofree char *text = interpolate (json_node_get_string (template), env);

          return rj_string (text);
        }
      return rj_deep_copy (template);

    case JSON_NODE_NULL:
      return rj_null ();

    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (template);
        JsonArray *copy = json_array_new ();
        JsonNode *result = json_node_new (JSON_NODE_ARRAY);

        for (guint i = 0; i < json_array_get_length (array); i++)
          {
            JsonNode *v = eval_template (runner, json_array_get_element (array, i), env);

            json_array_add_element (copy, v != NULL ? v : rj_null ());
          }
        json_node_take_array (result, copy);
        return result;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *object = json_node_get_object (template);

        if (json_object_has_member (object, "$"))
          {
            const char *name = json_object_get_string_member (object, "$");
            g_autoptr(JsonNode) v = NULL;
            JsonNode *picked;

            if (g_str_equal (name, "queryData"))
              v = query_data_json (runner, json_object_get_member (object, "key"));
            else
              {
                JsonNode *found = env_lookup (env, name);

                v = found != NULL ? json_node_ref (found) : NULL;
              }

            picked = v;
            if (json_object_has_member (object, "path"))
              picked = rj_get_path (v, json_object_get_array_member (object, "path"));

            if (rj_is_int (picked) &&
                (json_object_has_member (object, "times") || json_object_has_member (object, "plus")))
              {
                gint64 n = json_node_get_int (picked);
                gint64 times = json_object_has_member (object, "times")
                                 ? json_object_get_int_member (object, "times") : 1;
                gint64 plus = json_object_has_member (object, "plus")
                                ? json_object_get_int_member (object, "plus") : 0;

                return rj_int (n * times + plus);
              }

            return rj_deep_copy (picked);
          }
        else
          {
            JsonObject *copy = json_object_new ();
            JsonNode *result = json_node_new (JSON_NODE_OBJECT);
            g_autoptr(GList) members = json_object_get_members (object);

            for (GList *l = members; l != NULL; l = l->next)
              {
                JsonNode *v = eval_template (runner, json_object_get_member (object, l->data), env);

                if (v != NULL)
                  json_object_set_member (copy, l->data, v);
              }
            json_node_take_object (result, copy);
            return result;
          }
      }

    default:
      return NULL;
    }
}

/* }}} */
/* {{{ Updaters (README.md section 6.6) */

static JsonNode *
change (Runner            *runner,
        JsonObject        *u,
        const char        *fn,
        JsonNode          *target,
        const TemplateEnv *env,
        const char       **error_code)
{
  if (g_str_equal (fn, "merge"))
    {
      g_autoptr(JsonNode) add = NULL;
      JsonNode *result;

      if (target == NULL || !JSON_NODE_HOLDS_OBJECT (target))
        {
          *error_code = "$updaterType";
          return NULL;
        }

      result = rj_deep_copy (target);
      add = eval_template (runner, json_object_get_member (u, "value"), env);
      if (add != NULL && JSON_NODE_HOLDS_OBJECT (add))
        {
          JsonObject *from = json_node_get_object (add);
          g_autoptr(GList) members = json_object_get_members (from);

          for (GList *l = members; l != NULL; l = l->next)
            json_object_set_member (json_node_get_object (result), l->data,
                                    rj_deep_copy (json_object_get_member (from, l->data)));
        }
      return result;
    }

  if (g_str_equal (fn, "append") || g_str_equal (fn, "prepend"))
    {
      JsonNode *item;
      JsonArray *array;
      JsonNode *result;

      if (target == NULL || !JSON_NODE_HOLDS_ARRAY (target))
        {
          *error_code = "$updaterType";
          return NULL;
        }

      item = eval_template (runner, json_object_get_member (u, "value"), env);
      if (item == NULL)
        item = rj_null ();

      array = json_array_new ();
      if (g_str_equal (fn, "prepend"))
        json_array_add_element (array, item);
      for (guint i = 0; i < json_array_get_length (json_node_get_array (target)); i++)
        json_array_add_element (array, rj_deep_copy (json_array_get_element (json_node_get_array (target), i)));
      if (g_str_equal (fn, "append"))
        json_array_add_element (array, item);

      result = json_node_new (JSON_NODE_ARRAY);
      json_node_take_array (result, array);
      return result;
    }

  if (g_str_equal (fn, "increment"))
    {
      gint64 by = json_object_has_member (u, "by") ? json_object_get_int_member (u, "by") : 1;

      if (!rj_is_int (target))
        {
          *error_code = "$updaterType";
          return NULL;
        }
      return rj_int (json_node_get_int (target) + by);
    }

  if (g_str_equal (fn, "concat"))
    {
      g_autofree char *suffix = NULL;
      g_autofree char *text = NULL;

      if (!rj_is_string (target))
        {
          *error_code = "$updaterType";
          return NULL;
        }
      suffix = interpolate (json_object_get_string_member (u, "value"), env);
      text = g_strconcat (json_node_get_string (target), suffix, NULL);
      return rj_string (text);
    }

  runner_fail (runner, "unknown updater %s", fn);
  *error_code = "$updaterType";
  return NULL;
}

static void
replace_at (JsonNode   *parent,
            JsonNode   *step,
            JsonNode   *value)
{
  if (JSON_NODE_HOLDS_ARRAY (parent))
    {
      JsonArray *array = json_node_get_array (parent);
      guint index = json_node_get_int (step);
      g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
      guint n = json_array_get_length (array);

      /* json-glib has no way to replace an element in place. */
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (items, json_node_ref (json_array_get_element (array, i)));
      for (guint i = n; i > 0; i--)
        json_array_remove_element (array, i - 1);
      for (guint i = 0; i < n; i++)
        json_array_add_element (array, i == index ? (value ? value : rj_null ())
                                                  : json_node_ref (items->pdata[i]));
      if (index >= n && value != NULL)
        json_node_unref (value);
    }
  else
    {
      g_autofree char *name = rj_is_string (step) ? g_strdup (json_node_get_string (step))
                                                  : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (step));

      json_object_set_member (json_node_get_object (parent), name, value ? value : rj_null ());
    }
}

gboolean
apply_updater (Runner            *runner,
               JsonObject        *u,
               JsonNode          *old,
               const TemplateEnv *env,
               JsonNode         **result,
               const char       **error_code)
{
  const char *fn = json_object_get_string_member (u, "fn");
  JsonArray *path = json_object_has_member (u, "path") ? json_object_get_array_member (u, "path") : NULL;
  guint len = path != NULL ? json_array_get_length (path) : 0;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(JsonArray) parent_path = NULL;
  JsonNode *parent;
  JsonNode *last;

  *result = NULL;
  *error_code = NULL;

  if (g_str_equal (fn, "set"))
    {
      *result = eval_template (runner, json_object_get_member (u, "value"), env);
      return TRUE;
    }
  if (g_str_equal (fn, "keep"))
    {
      *result = old != NULL ? json_node_ref (old) : NULL;
      return TRUE;
    }
  if (g_str_equal (fn, "undefined") || old == NULL)
    return TRUE;

  root = rj_deep_copy (old);

  parent_path = json_array_new ();
  for (guint i = 0; i + 1 < len; i++)
    json_array_add_element (parent_path, rj_deep_copy (json_array_get_element (path, i)));

  if (g_str_equal (fn, "remove"))
    {
      if (len == 0)
        {
          *error_code = "$updaterPath";
          return FALSE;
        }
      parent = rj_get_path (root, parent_path);
      last = json_array_get_element (path, len - 1);
      if (parent == NULL || rj_get_path (root, path) == NULL)
        {
          *error_code = "$updaterPath";
          return FALSE;
        }
      if (JSON_NODE_HOLDS_ARRAY (parent))
        json_array_remove_element (json_node_get_array (parent), json_node_get_int (last));
      else
        {
          g_autofree char *name = rj_is_string (last) ? g_strdup (json_node_get_string (last))
                                                      : g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (last));

          json_object_remove_member (json_node_get_object (parent), name);
        }
      *result = g_steal_pointer (&root);
      return TRUE;
    }

  if (len == 0)
    {
      *result = change (runner, u, fn, root, env, error_code);
      return *error_code == NULL;
    }

  parent = rj_get_path (root, parent_path);
  if (parent == NULL || rj_get_path (root, path) == NULL)
    {
      *error_code = "$updaterPath";
      return FALSE;
    }

  {
    JsonNode *changed = change (runner, u, fn, rj_get_path (root, path), env, error_code);

    if (*error_code != NULL)
      return FALSE;
    replace_at (parent, json_array_get_element (path, len - 1), changed);
  }

  *result = g_steal_pointer (&root);
  return TRUE;
}

/* }}} */
