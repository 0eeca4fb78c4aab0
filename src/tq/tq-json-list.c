/* tq-json-list.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-infinite-data.h"
#include "tq-json-item.h"
#include "tq-json-list-private.h"
#include "tq-value.h"

/* Past this many separate changes in one update, one items-changed covers
 * them all; GTK's list views keep the rows of the items that stay within
 * one items-changed, so little is lost.
 */
#define MAX_RUNS 16

typedef struct
{
  guint old_start;
  guint removed;
  guint new_start;
  guint added;
} Run;

typedef struct
{
  JsonNode *key;
  JsonNode *node;
  guint     index;
} KeyRef;

/* Keys are looked up when a diff needs them, not for every element added */
static char key_unknown;
#define KEY_UNKNOWN ((JsonNode *) (gpointer) &key_unknown)

static void
entry_clear (gpointer data)
{
  TqJsonListEntry *e = data;

  g_clear_pointer (&e->node, json_node_unref);
  g_clear_object (&e->item);
  e->key = NULL;
}

void
_tq_json_list_init (TqJsonList *self,
                    GListModel *model,
                    GType       item_type,
                    const char *item_key)
{
  self->model = model;
  self->entries = g_array_new (FALSE, TRUE, sizeof (TqJsonListEntry));
  g_array_set_clear_func (self->entries, entry_clear);
  self->item_type = item_type;
  self->item_key = g_strdup (item_key);
}

void
_tq_json_list_clear (TqJsonList *self)
{
  g_clear_pointer (&self->entries, g_array_unref);
  g_clear_pointer (&self->item_key, g_free);
}

guint
_tq_json_list_get_n_items (TqJsonList *self)
{
  return self->entries->len;
}

static GObject *
make_item (TqJsonList *self,
           JsonNode   *node)
{
  GObject *item = NULL;

  if (self->item_type == TQ_TYPE_JSON_ITEM)
    return G_OBJECT (tq_json_item_new (node, self->item_key));

  if (JSON_NODE_HOLDS_OBJECT (node))
    item = json_gobject_deserialize (self->item_type, node);

  /* The model promises items of its type at every position */
  if (item == NULL)
    item = g_object_new (self->item_type, NULL);

  return item;
}

gpointer
_tq_json_list_get_item (TqJsonList *self,
                        guint       position)
{
  TqJsonListEntry *e;

  if (position >= self->entries->len)
    return NULL;

  e = &g_array_index (self->entries, TqJsonListEntry, position);
  if (e->item == NULL)
    e->item = make_item (self, e->node);

  return g_object_ref (e->item);
}

JsonNode *
_tq_json_list_get_node (TqJsonList *self,
                        guint       position)
{
  if (position >= self->entries->len)
    return NULL;

  return g_array_index (self->entries, TqJsonListEntry, position).node;
}

/* {{{ Diffing */

/* Keys are scalar members; elements without one are known by identity,
 * which structural sharing preserves for unchanged elements.
 */
static JsonNode *
key_of (TqJsonList *self,
        JsonNode   *node)
{
  JsonNode *member;

  if (self->item_key == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  member = json_object_get_member (json_node_get_object (node), self->item_key);
  if (member == NULL || !JSON_NODE_HOLDS_VALUE (member))
    return NULL;

  return member;
}

static JsonNode *
entry_key (TqJsonList      *self,
           TqJsonListEntry *e)
{
  if (e->key == KEY_UNKNOWN)
    e->key = key_of (self, e->node);

  return e->key;
}

static gboolean
same_key (JsonNode *key_a,
          JsonNode *node_a,
          JsonNode *key_b,
          JsonNode *node_b)
{
  if (key_a != NULL && key_b != NULL)
    return json_node_equal (key_a, key_b);

  return key_a == NULL && key_b == NULL && node_a == node_b;
}

static guint
key_ref_hash (gconstpointer data)
{
  const KeyRef *k = data;

  return k->key != NULL ? json_node_hash (k->key) : g_direct_hash (k->node);
}

static gboolean
key_ref_equal (gconstpointer a,
               gconstpointer b)
{
  const KeyRef *ka = a, *kb = b;

  return same_key (ka->key, ka->node, kb->key, kb->node);
}

/* Whether @node is the entry's element, unchanged. An equal element that
 * is another node takes the entry's place, so that identity holds next
 * time; the entry keeps its item.
 */
static gboolean
entry_unchanged (TqJsonList      *self,
                 TqJsonListEntry *e,
                 JsonNode        *node,
                 JsonNode        *key)
{
  if (e->node == node)
    return TRUE;

  if (!same_key (entry_key (self, e), e->node, key, node) || !tq_json_equal (e->node, node))
    return FALSE;

  json_node_unref (e->node);
  e->node = json_node_ref (node);
  e->key = key;

  return TRUE;
}

static gboolean
entry_matches (TqJsonList      *self,
               TqJsonListEntry *e,
               JsonNode        *node)
{
  return e->node == node || entry_unchanged (self, e, node, key_of (self, node));
}

static void
add_new_entry (GArray   *entries,
               JsonNode *node,
               JsonNode *key)
{
  TqJsonListEntry e = { json_node_ref (node), key, NULL };

  g_array_append_val (entries, e);
}

static void
add_kept_entry (GArray          *entries,
                TqJsonListEntry *old)
{
  TqJsonListEntry e = {
    json_node_ref (old->node),
    old->key,
    old->item != NULL ? g_object_ref (old->item) : NULL
  };

  g_array_append_val (entries, e);
}

/* A greedy diff of the middle, by key: where keys differ, an element that
 * the other side no longer has is inserted or removed; when both sides
 * have each other's element further on, the nearer move wins.
 */
static void
diff_middle (TqJsonList *self,
             JsonNode  **nodes,
             guint       old_lo,
             guint       old_hi,
             guint       new_lo,
             guint       new_hi,
             GArray     *new_entries,
             GArray     *runs)
{
  TqJsonListEntry *old = (TqJsonListEntry *) (gpointer) self->entries->data;
  g_autofree KeyRef *old_refs = g_new (KeyRef, old_hi - old_lo);
  g_autofree KeyRef *new_refs = g_new (KeyRef, new_hi - new_lo);
  g_autoptr(GHashTable) old_map = g_hash_table_new (key_ref_hash, key_ref_equal);
  g_autoptr(GHashTable) new_map = g_hash_table_new (key_ref_hash, key_ref_equal);
  gboolean in_run = FALSE;
  Run run = { 0 };
  guint i = old_lo, j = new_lo;

  for (guint k = old_lo; k < old_hi; k++)
    {
      KeyRef *ref = &old_refs[k - old_lo];

      *ref = (KeyRef) { entry_key (self, &old[k]), old[k].node, k };
      if (!g_hash_table_contains (old_map, ref))
        g_hash_table_add (old_map, ref);
    }

  for (guint k = new_lo; k < new_hi; k++)
    {
      KeyRef *ref = &new_refs[k - new_lo];

      *ref = (KeyRef) { key_of (self, nodes[k]), nodes[k], k };
      if (!g_hash_table_contains (new_map, ref))
        g_hash_table_add (new_map, ref);
    }

#define BEGIN_RUN() \
  G_STMT_START { \
    if (!in_run) \
      { \
        run = (Run) { i, 0, j, 0 }; \
        in_run = TRUE; \
      } \
  } G_STMT_END
#define END_RUN() \
  G_STMT_START { \
    if (in_run) \
      { \
        g_array_append_val (runs, run); \
        in_run = FALSE; \
      } \
  } G_STMT_END

  while (i < old_hi && j < new_hi)
    {
      KeyRef *o = &old_refs[i - old_lo];
      KeyRef *n = &new_refs[j - new_lo];
      KeyRef *in_old, *in_new;

      if (same_key (o->key, o->node, n->key, n->node))
        {
          if (entry_unchanged (self, &old[i], n->node, n->key))
            {
              END_RUN ();
              add_kept_entry (new_entries, &old[i]);
            }
          else
            {
              /* Changed in place: a new item */
              BEGIN_RUN ();
              run.removed++;
              run.added++;
              add_new_entry (new_entries, n->node, n->key);
            }
          i++;
          j++;
          continue;
        }

      in_old = g_hash_table_lookup (old_map, n);
      in_new = g_hash_table_lookup (new_map, o);
      if (in_old != NULL && in_old->index < i)
        in_old = NULL;
      if (in_new != NULL && in_new->index < j)
        in_new = NULL;

      BEGIN_RUN ();
      if (in_old == NULL || (in_new != NULL && in_old->index - i > in_new->index - j))
        {
          run.added++;
          add_new_entry (new_entries, n->node, n->key);
          j++;
        }
      else
        {
          run.removed++;
          i++;
        }
    }

  if (i < old_hi || j < new_hi)
    {
      BEGIN_RUN ();
      run.removed += old_hi - i;
      for (; j < new_hi; j++)
        {
          add_new_entry (new_entries, nodes[j], new_refs[j - new_lo].key);
          run.added++;
        }
    }
  END_RUN ();

#undef BEGIN_RUN
#undef END_RUN
}

static void
apply_run (TqJsonList *self,
           const Run  *run,
           GArray     *new_entries,
           guint       new_lo)
{
  if (run->removed > 0)
    g_array_remove_range (self->entries, run->old_start, run->removed);

  if (run->added > 0)
    {
      g_autofree TqJsonListEntry *added = g_new (TqJsonListEntry, run->added);

      for (guint k = 0; k < run->added; k++)
        {
          TqJsonListEntry *src = &g_array_index (new_entries, TqJsonListEntry, run->new_start - new_lo + k);

          added[k] = (TqJsonListEntry) {
            json_node_ref (src->node),
            src->key,
            src->item != NULL ? g_object_ref (src->item) : NULL
          };
        }
      g_array_insert_vals (self->entries, run->old_start, added, run->added);
    }

  g_list_model_items_changed (self->model, run->old_start, run->removed, run->added);
}

gboolean
_tq_json_list_update (TqJsonList  *self,
                      JsonNode   **nodes,
                      guint        m)
{
  TqJsonListEntry *old = (TqJsonListEntry *) (gpointer) self->entries->data;
  guint n = self->entries->len;
  g_autoptr(GArray) new_entries = NULL;
  g_autoptr(GArray) runs = NULL;
  guint prefix = 0, suffix = 0;
  guint old_hi, new_hi;

  while (prefix < n && prefix < m && entry_matches (self, &old[prefix], nodes[prefix]))
    prefix++;
  while (suffix < n - prefix && suffix < m - prefix &&
         entry_matches (self, &old[n - 1 - suffix], nodes[m - 1 - suffix]))
    suffix++;

  if (prefix == n && prefix == m)
    return FALSE;

  old_hi = n - suffix;
  new_hi = m - suffix;
  new_entries = g_array_sized_new (FALSE, TRUE, sizeof (TqJsonListEntry), new_hi - prefix);
  g_array_set_clear_func (new_entries, entry_clear);
  runs = g_array_new (FALSE, FALSE, sizeof (Run));

  if (prefix == old_hi || prefix == new_hi)
    {
      /* Only added (pages fetched at one end) or only removed */
      Run run = { prefix, old_hi - prefix, prefix, new_hi - prefix };

      for (guint j = prefix; j < new_hi; j++)
        add_new_entry (new_entries, nodes[j], KEY_UNKNOWN);
      g_array_append_val (runs, run);
    }
  else
    diff_middle (self, nodes, prefix, old_hi, prefix, new_hi, new_entries, runs);

  if (runs->len > MAX_RUNS)
    {
      Run first = g_array_index (runs, Run, 0);
      Run last = g_array_index (runs, Run, runs->len - 1);
      Run all = {
        first.old_start, last.old_start + last.removed - first.old_start,
        first.new_start, last.new_start + last.added - first.new_start
      };

      g_array_set_size (runs, 0);
      g_array_append_val (runs, all);
    }

  /* From the end, so that the positions of the others stay right */
  for (guint r = runs->len; r > 0; r--)
    apply_run (self, &g_array_index (runs, Run, r - 1), new_entries, prefix);

  return n != m;
}

/* }}} */

static void
add_elements (JsonNode   *node,
              const char *items_member,
              gboolean    whole_if_none,
              GPtrArray  *elements)
{
  JsonArray *array = NULL;
  guint len;

  if (JSON_NODE_HOLDS_ARRAY (node))
    array = json_node_get_array (node);
  else if (items_member != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonNode *member = json_object_get_member (json_node_get_object (node), items_member);

      if (member != NULL && JSON_NODE_HOLDS_ARRAY (member))
        array = json_node_get_array (member);
    }

  if (array == NULL)
    {
      if (whole_if_none)
        g_ptr_array_add (elements, node);
      return;
    }

  len = json_array_get_length (array);
  for (guint i = 0; i < len; i++)
    g_ptr_array_add (elements, json_array_get_element (array, i));
}

void
_tq_json_list_collect (JsonNode   *data,
                       const char *items_member,
                       gboolean    pages,
                       GPtrArray  *elements)
{
  JsonArray *page_array;
  guint n_pages;

  if (data == NULL)
    return;

  if (!pages)
    {
      add_elements (data, items_member, FALSE, elements);
      return;
    }

  page_array = tq_infinite_data_get_pages (data);
  if (page_array == NULL)
    return;

  n_pages = json_array_get_length (page_array);
  for (guint i = 0; i < n_pages; i++)
    add_elements (json_array_get_element (page_array, i), items_member, TRUE, elements);
}
