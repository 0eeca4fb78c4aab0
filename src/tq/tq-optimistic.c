/* tq-optimistic.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-mutation-options.h"
#include "tq-optimistic-private.h"
#include "tq-value-private.h"

typedef struct
{
  guint       mutation_id;
  TqCallback *func;           /* TqOptimisticUpdateFunc */
  GValue      variables;
  guint64     confirm_after;  /* fetches started when the mutation succeeded */
  guint       succeeded : 1;
} Layer;

struct _TqOptimisticLayers
{
  GPtrArray *layers;  /* Layer*, by mutation id, then in the order added */
};

static void
layer_free (gpointer data)
{
  Layer *layer = data;

  _tq_callback_unref (layer->func);
  _tq_value_reset (&layer->variables);
  g_free (layer);
}

TqOptimisticLayers *
_tq_optimistic_layers_new (void)
{
  TqOptimisticLayers *self = g_new0 (TqOptimisticLayers, 1);

  self->layers = g_ptr_array_new_with_free_func (layer_free);
  return self;
}

void
_tq_optimistic_layers_free (TqOptimisticLayers *self)
{
  if (self == NULL)
    return;

  g_ptr_array_unref (self->layers);
  g_free (self);
}

guint
_tq_optimistic_layers_get_size (TqOptimisticLayers *self)
{
  return self != NULL ? self->layers->len : 0;
}

void
_tq_optimistic_layers_add (TqOptimisticLayers *self,
                           guint               mutation_id,
                           TqCallback         *func,
                           const GValue       *variables)
{
  Layer *layer = g_new0 (Layer, 1);
  guint index = self->layers->len;

  layer->mutation_id = mutation_id;
  layer->func = _tq_callback_ref (func);
  _tq_value_copy_shared (variables, &layer->variables);

  /* Mutations start in id order, so this is nearly always an append; a
   * mutation continued from storage may come later than younger ones.
   */
  while (index > 0 && ((Layer *) self->layers->pdata[index - 1])->mutation_id > mutation_id)
    index--;

  g_ptr_array_insert (self->layers, index, layer);
}

gboolean
_tq_optimistic_layers_remove (TqOptimisticLayers *self,
                              guint               mutation_id)
{
  gboolean removed = FALSE;

  for (guint i = 0; i < self->layers->len;)
    {
      Layer *layer = self->layers->pdata[i];

      if (layer->mutation_id == mutation_id)
        {
          g_ptr_array_remove_index (self->layers, i);
          removed = TRUE;
        }
      else
        i++;
    }

  return removed;
}

gboolean
_tq_optimistic_layers_succeed (TqOptimisticLayers *self,
                               guint               mutation_id,
                               guint64             fetch_count)
{
  gboolean found = FALSE;

  for (guint i = 0; i < self->layers->len; i++)
    {
      Layer *layer = self->layers->pdata[i];

      if (layer->mutation_id == mutation_id && !layer->succeeded)
        {
          layer->succeeded = TRUE;
          layer->confirm_after = fetch_count;
          found = TRUE;
        }
    }

  return found;
}

gboolean
_tq_optimistic_layers_confirm (TqOptimisticLayers *self,
                               guint64             fetch_number)
{
  gboolean removed = FALSE;

  for (guint i = 0; i < self->layers->len;)
    {
      Layer *layer = self->layers->pdata[i];

      /* Only a fetch that started after the success sees the change. */
      if (layer->succeeded && fetch_number > layer->confirm_after)
        {
          g_ptr_array_remove_index (self->layers, i);
          removed = TRUE;
        }
      else
        i++;
    }

  return removed;
}

void
_tq_optimistic_layers_compose (TqOptimisticLayers *self,
                               const GValue       *base,
                               GValue             *result)
{
  g_auto(GValue) acc = G_VALUE_INIT;

  _tq_value_copy_shared (base, &acc);

  for (guint i = 0; i < self->layers->len && G_IS_VALUE (&acc); i++)
    {
      Layer *layer = self->layers->pdata[i];
      g_auto(GValue) next = G_VALUE_INIT;

      ((TqOptimisticUpdateFunc) layer->func->func) (&acc,
                                                    G_IS_VALUE (&layer->variables) ? &layer->variables : NULL,
                                                    &next, layer->func->data);

      if (!G_IS_VALUE (&next))
        continue;

      /* A layer that changes the data's type would corrupt what every
       * observer of the query reads: refuse it, keep the data as it was.
       */
      if (G_VALUE_TYPE (&next) != G_VALUE_TYPE (&acc))
        {
          g_critical ("The optimistic update of mutation %u returned a %s for %s data; ignored",
                      layer->mutation_id, G_VALUE_TYPE_NAME (&next), G_VALUE_TYPE_NAME (&acc));
          continue;
        }

      _tq_value_reset (&acc);
      acc = next;
      next = (GValue) G_VALUE_INIT;
    }

  *result = acc;
  acc = (GValue) G_VALUE_INIT;
}
