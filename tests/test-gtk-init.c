/* test-gtk-init.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>

#include <tq-gtk.h>

/* The widget library initializes once and works with the core's clock on
 * GTK's own main context.
 */
static void
test_init (void)
{
  g_autoptr(TqVirtualClock) clock = NULL;
  GtkWidget *window;

  tq_gtk_init ();
  tq_gtk_init ();

  clock = tq_virtual_clock_new (0);
  g_assert_true (tq_clock_get_context (TQ_CLOCK (clock)) == g_main_context_default ());

  window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (window));
  tq_virtual_clock_advance (clock, 100);
  g_assert_true (gtk_widget_get_visible (window));
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  gtk_disable_setlocale ();
  if (!gtk_init_check ())
    {
      printf ("1..0 # SKIP no display\n");
      return 0;
    }

  g_test_add_func ("/TqGtk/init", test_init);

  return g_test_run ();
}
