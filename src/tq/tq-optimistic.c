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

  /* The last composition: cached_base with the first cached_count layers
   * applied is cached. A new mutation's layer goes on top of it, and baking
   * leading layers into the base leaves it as it is, so the common changes
   * cost one transformation, not one per layer.
   */
  GValue     cached_base;
  GValue     cached;
  guint      cached_count;
  guint      cache_valid : 1;
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

static void
invalidate_cache (TqOptimisticLayers *self)
{
  self->cache_valid = FALSE;
  self->cached_count = 0;
  _tq_value_reset (&self->cached_base);
  _tq_value_reset (&self->cached);
}

/* A change of the layers from @index on invalidates a composition that
 * went past it.
 */
static void
invalidate_from (TqOptimisticLayers *self,
                 guint               index)
{
  if (self->cache_valid && index < self->cached_count)
    invalidate_cache (self);
}

void
_tq_optimistic_layers_free (TqOptimisticLayers *self)
{
  if (self == NULL)
    return;

  invalidate_cache (self);
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

  invalidate_from (self, index);
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
          invalidate_from (self, i);
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
          invalidate_from (self, i);
          g_ptr_array_remove_index (self->layers, i);
          removed = TRUE;
        }
      else
        i++;
    }

  return removed;
}

/* Applies @layer to the set @acc, in place. */
static void
apply_layer (Layer  *layer,
             GValue *acc)
{
  g_auto(GValue) next = G_VALUE_INIT;

  ((TqOptimisticUpdateFunc) layer->func->func) (acc,
                                                G_IS_VALUE (&layer->variables) ? &layer->variables : NULL,
                                                &next, layer->func->data);

  if (!G_IS_VALUE (&next))
    return;

  /* A layer that changes the data's type would corrupt what every observer
   * of the query reads: refuse it, keep the data as it was.
   */
  if (G_VALUE_TYPE (&next) != G_VALUE_TYPE (acc))
    {
      g_critical ("The optimistic update of mutation %u returned a %s for %s data; ignored",
                  layer->mutation_id, G_VALUE_TYPE_NAME (&next), G_VALUE_TYPE_NAME (acc));
      return;
    }

  _tq_value_reset (acc);
  *acc = next;
  next = (GValue) G_VALUE_INIT;
}

gboolean
_tq_optimistic_layers_bake (TqOptimisticLayers *self,
                            GValue             *base,
                            guint64             in_flight)
{
  gboolean cached = self->cache_valid && _tq_value_identical (base, &self->cached_base);
  guint baked = 0;

  while (self->layers->len > 0)
    {
      Layer *layer = self->layers->pdata[0];

      if (!layer->succeeded || (in_flight != 0 && in_flight <= layer->confirm_after))
        break;

      /* Without data there is nothing to bake into: later data comes from
       * fetches that started after the success, and shows the change.
       */
      if (G_IS_VALUE (base))
        apply_layer (layer, base);
      g_ptr_array_remove_index (self->layers, 0);
      baked++;
    }

  if (baked == 0)
    return FALSE;

  /* The composition over the new base is still the one cached. */
  if (cached && baked <= self->cached_count)
    {
      _tq_value_reset (&self->cached_base);
      _tq_value_copy_shared (base, &self->cached_base);
      self->cached_count -= baked;
    }
  else
    invalidate_cache (self);

  return TRUE;
}

void
_tq_optimistic_layers_compose (TqOptimisticLayers *self,
                               const GValue       *base,
                               GValue             *result)
{
  g_auto(GValue) acc = G_VALUE_INIT;
  guint first = 0;

  if (self->cache_valid && self->cached_count <= self->layers->len &&
      _tq_value_identical (base, &self->cached_base))
    {
      _tq_value_copy_shared (&self->cached, &acc);
      first = self->cached_count;
    }
  else
    _tq_value_copy_shared (base, &acc);

  for (guint i = first; i < self->layers->len && G_IS_VALUE (&acc); i++)
    apply_layer (self->layers->pdata[i], &acc);

  invalidate_cache (self);
  _tq_value_copy_shared (base, &self->cached_base);
  _tq_value_copy_shared (&acc, &self->cached);
  self->cached_count = self->layers->len;
  self->cache_valid = TRUE;

  *result = acc;
  acc = (GValue) G_VALUE_INIT;
}
