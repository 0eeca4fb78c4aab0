/* tq-gtk-main.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "tq-gtk.h"

static gboolean initialized;

/**
 * tq_gtk_init:
 *
 * Initializes the Tq widget library: sets up its translations and registers
 * its types, so that `.ui` files can name them. Call it after gtk_init();
 * calling it again does nothing.
 */
void
tq_gtk_init (void)
{
  if (initialized)
    return;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  /* So that .ui files can name the types. */
  g_type_ensure (TQ_TYPE_QUERY_OBSERVER);
  g_type_ensure (TQ_TYPE_QUERY_OPTIONS);
  g_type_ensure (TQ_TYPE_QUERY_CLIENT);
  g_type_ensure (TQ_GTK_TYPE_QUERY_VIEW);
  g_type_ensure (TQ_GTK_TYPE_INFINITE_SCROLL);
  g_type_ensure (TQ_TYPE_INFINITE_QUERY_OBSERVER);
  g_type_ensure (TQ_TYPE_INFINITE_LIST_MODEL);
  g_type_ensure (TQ_TYPE_QUERY_LIST_MODEL);
  g_type_ensure (TQ_TYPE_JSON_ITEM);

  initialized = TRUE;
}
