/* tq-demo-main.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "tq-demo-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(TqDemoApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  app = tq_demo_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
