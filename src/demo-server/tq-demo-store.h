/* tq-demo-store.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/**
 * TQ_DEMO_STORE_ERROR:
 *
 * The error domain of [class@TqDemoStore]: codes from [enum@TqDemoStoreError].
 * Failures to write the data file keep their own domain (`G_FILE_ERROR`).
 */
#define TQ_DEMO_STORE_ERROR (tq_demo_store_error_quark ())

/**
 * TqDemoStoreError:
 * @TQ_DEMO_STORE_ERROR_NOT_FOUND: no item has the id (HTTP 404)
 * @TQ_DEMO_STORE_ERROR_INVALID: a field is missing, of the wrong type or
 *   out of range (HTTP 400); the message names the field
 * @TQ_DEMO_STORE_ERROR_CONFLICT: an item with the id already exists (HTTP 409)
 * @TQ_DEMO_STORE_ERROR_CORRUPT: the data file is not a database the store
 *   can read (not JSON, or collections that are not arrays of objects with
 *   distinct integer ids); the file is left as it is
 *
 * Error codes of %TQ_DEMO_STORE_ERROR.
 */
typedef enum
{
  TQ_DEMO_STORE_ERROR_NOT_FOUND,
  TQ_DEMO_STORE_ERROR_INVALID,
  TQ_DEMO_STORE_ERROR_CONFLICT,
  TQ_DEMO_STORE_ERROR_CORRUPT,
} TqDemoStoreError;

/**
 * TqDemoResource:
 * @TQ_DEMO_RESOURCE_USERS: the `users` collection
 * @TQ_DEMO_RESOURCE_TODOS: the `todos` collection; each todo's `userId`
 *   names an existing user
 *
 * The collections of a [class@TqDemoStore].
 */
typedef enum
{
  TQ_DEMO_RESOURCE_USERS,
  TQ_DEMO_RESOURCE_TODOS,
} TqDemoResource;

/**
 * TQ_DEMO_N_RESOURCES:
 *
 * How many values [enum@TqDemoResource] has.
 */
#define TQ_DEMO_N_RESOURCES 2

/**
 * TqDemoChange:
 * @TQ_DEMO_CHANGE_CREATED: an item was created
 * @TQ_DEMO_CHANGE_UPDATED: an item was replaced (`PUT`) or updated (`PATCH`)
 * @TQ_DEMO_CHANGE_DELETED: an item was deleted, on its own or with its user
 *
 * What a write did to one item; see [signal@TqDemoStore::item-changed].
 */
typedef enum
{
  TQ_DEMO_CHANGE_CREATED,
  TQ_DEMO_CHANGE_UPDATED,
  TQ_DEMO_CHANGE_DELETED,
} TqDemoChange;

#define TQ_DEMO_TYPE_RESOURCE (tq_demo_resource_get_type ())
#define TQ_DEMO_TYPE_CHANGE (tq_demo_change_get_type ())
#define TQ_DEMO_TYPE_STORE (tq_demo_store_get_type ())

G_DECLARE_FINAL_TYPE (TqDemoStore, tq_demo_store, TQ_DEMO, STORE, GObject)

GQuark       tq_demo_store_error_quark  (void);
GType        tq_demo_resource_get_type  (void) G_GNUC_CONST;
GType        tq_demo_change_get_type    (void) G_GNUC_CONST;

const char  *tq_demo_resource_to_string   (TqDemoResource   resource);
gboolean     tq_demo_resource_from_string (const char      *name,
                                           TqDemoResource  *resource);
const char  *tq_demo_change_to_string     (TqDemoChange     change);

TqDemoStore *tq_demo_store_new          (void) G_GNUC_WARN_UNUSED_RESULT;
TqDemoStore *tq_demo_store_new_for_file (GFile           *file,
                                         GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GFile       *tq_demo_store_get_file     (TqDemoStore     *self);
guint64      tq_demo_store_get_revision (TqDemoStore     *self);
guint        tq_demo_store_get_n_items  (TqDemoStore     *self,
                                         TqDemoResource   resource);
GPtrArray   *tq_demo_store_list         (TqDemoStore     *self,
                                         TqDemoResource   resource);
JsonObject  *tq_demo_store_lookup       (TqDemoStore     *self,
                                         TqDemoResource   resource,
                                         gint64           id,
                                         guint64         *version);
JsonObject  *tq_demo_store_create       (TqDemoStore     *self,
                                         TqDemoResource   resource,
                                         JsonObject      *fields,
                                         guint64         *version,
                                         GError         **error);
JsonObject  *tq_demo_store_replace      (TqDemoStore     *self,
                                         TqDemoResource   resource,
                                         gint64           id,
                                         JsonObject      *fields,
                                         guint64         *version,
                                         GError         **error);
JsonObject  *tq_demo_store_update       (TqDemoStore     *self,
                                         TqDemoResource   resource,
                                         gint64           id,
                                         JsonObject      *fields,
                                         guint64         *version,
                                         GError         **error);
gboolean     tq_demo_store_delete       (TqDemoStore     *self,
                                         TqDemoResource   resource,
                                         gint64           id,
                                         GError         **error);
gboolean     tq_demo_store_reset        (TqDemoStore     *self,
                                         GError         **error);

G_END_DECLS
