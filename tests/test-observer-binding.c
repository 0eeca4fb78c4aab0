/* test-observer-binding.c: widgets bound to an observer in .ui XML alone
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include <stdio.h>

#include <gtk/gtk.h>

#include "tq-test-util.h"

/* The application's model of a user, as json_gobject_deserialize() fills
 * it: this is data, not binding code.
 */
#define TEST_TYPE_USER (test_user_get_type ())
G_DECLARE_FINAL_TYPE (TestUser, test_user, TEST, USER, GObject)

struct _TestUser
{
  GObject  parent_instance;
  char    *name;
  char    *email;
};

enum { USER_PROP_0, USER_PROP_NAME, USER_PROP_EMAIL, USER_N_PROPS };

G_DEFINE_FINAL_TYPE (TestUser, test_user, G_TYPE_OBJECT)

static void
test_user_finalize (GObject *object)
{
  TestUser *self = TEST_USER (object);

  g_free (self->name);
  g_free (self->email);
  G_OBJECT_CLASS (test_user_parent_class)->finalize (object);
}

static void
test_user_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TestUser *self = TEST_USER (object);

  if (prop_id == USER_PROP_NAME)
    g_value_set_string (value, self->name);
  else
    g_value_set_string (value, self->email);
}

static void
test_user_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TestUser *self = TEST_USER (object);

  if (prop_id == USER_PROP_NAME)
    {
      g_free (self->name);
      self->name = g_value_dup_string (value);
    }
  else
    {
      g_free (self->email);
      self->email = g_value_dup_string (value);
    }
}

static void
test_user_class_init (TestUserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = test_user_finalize;
  object_class->get_property = test_user_get_property;
  object_class->set_property = test_user_set_property;
  g_object_class_install_property (object_class, USER_PROP_NAME,
                                   g_param_spec_string ("name", NULL, NULL, NULL, G_PARAM_READWRITE));
  g_object_class_install_property (object_class, USER_PROP_EMAIL,
                                   g_param_spec_string ("email", NULL, NULL, NULL, G_PARAM_READWRITE));
}

static void
test_user_init (TestUser *self)
{
}

/* A widget whose template binds to an observer it is given: the template
 * holds every binding, the class only declares the property.
 */
#define TEST_TYPE_USER_CARD (test_user_card_get_type ())
G_DECLARE_FINAL_TYPE (TestUserCard, test_user_card, TEST, USER_CARD, GtkWidget)

struct _TestUserCard
{
  GtkWidget        parent_instance;
  TqQueryObserver *observer;
  GtkWidget       *box;
  GtkWidget       *spinner;
  GtkWidget       *name_label;
  GtkWidget       *state_label;
};

enum { CARD_PROP_0, CARD_PROP_OBSERVER, CARD_N_PROPS };
static GParamSpec *card_props[CARD_N_PROPS];

G_DEFINE_FINAL_TYPE (TestUserCard, test_user_card, GTK_TYPE_WIDGET)

static const char card_template[] =
  "<interface>"
  "  <template class='TestUserCard' parent='GtkWidget'>"
  "    <child>"
  "      <object class='GtkBox' id='box'>"
  "        <child>"
  "          <object class='GtkSpinner' id='spinner'>"
  "            <binding name='spinning'>"
  "              <lookup name='is-fetching' type='TqQueryObserver'>"
  "                <lookup name='observer'>TestUserCard</lookup>"
  "              </lookup>"
  "            </binding>"
  "          </object>"
  "        </child>"
  "        <child>"
  "          <object class='GtkLabel' id='name_label'>"
  "            <binding name='label'>"
  "              <lookup name='name' type='TestUser'>"
  "                <lookup name='data-object' type='TqQueryObserver'>"
  "                  <lookup name='observer'>TestUserCard</lookup>"
  "                </lookup>"
  "              </lookup>"
  "            </binding>"
  "          </object>"
  "        </child>"
  "        <child>"
  "          <object class='GtkLabel' id='state_label'>"
  "            <binding name='visible'>"
  "              <lookup name='is-error' type='TqQueryObserver'>"
  "                <lookup name='observer'>TestUserCard</lookup>"
  "              </lookup>"
  "            </binding>"
  "            <property name='label'>Could not load the user</property>"
  "          </object>"
  "        </child>"
  "      </object>"
  "    </child>"
  "  </template>"
  "</interface>";

static void
test_user_card_dispose (GObject *object)
{
  TestUserCard *self = TEST_USER_CARD (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TEST_TYPE_USER_CARD);
  g_clear_object (&self->observer);
  G_OBJECT_CLASS (test_user_card_parent_class)->dispose (object);
}

static void
test_user_card_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  g_value_set_object (value, TEST_USER_CARD (object)->observer);
}

static void
test_user_card_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TestUserCard *self = TEST_USER_CARD (object);

  if (g_set_object (&self->observer, g_value_get_object (value)))
    g_object_notify_by_pspec (object, card_props[CARD_PROP_OBSERVER]);
}

static void
test_user_card_class_init (TestUserCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  g_autoptr(GBytes) template = g_bytes_new_static (card_template, sizeof card_template - 1);

  object_class->dispose = test_user_card_dispose;
  object_class->get_property = test_user_card_get_property;
  object_class->set_property = test_user_card_set_property;
  card_props[CARD_PROP_OBSERVER] =
    g_param_spec_object ("observer", NULL, NULL, TQ_TYPE_QUERY_OBSERVER,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, CARD_N_PROPS, card_props);

  gtk_widget_class_set_template (widget_class, template);
  gtk_widget_class_bind_template_child (widget_class, TestUserCard, box);
  gtk_widget_class_bind_template_child (widget_class, TestUserCard, spinner);
  gtk_widget_class_bind_template_child (widget_class, TestUserCard, name_label);
  gtk_widget_class_bind_template_child (widget_class, TestUserCard, state_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
test_user_card_init (TestUserCard *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

typedef struct
{
  TqTestEnv env;
} Fixture;

static void
setup (Fixture       *f,
       gconstpointer  data)
{
  tq_test_env_init (&f->env);
  g_type_ensure (TQ_TYPE_QUERY_OBSERVER);
  g_type_ensure (TEST_TYPE_USER);
}

static void
teardown (Fixture       *f,
          gconstpointer  data)
{
  tq_test_env_clear (&f->env);
}

/* The template's widgets follow the query: loading, content, refetching,
 * error — through the notify manager's flushes, with no binding code.
 */
static void
test_template_binding (Fixture       *f,
                       gconstpointer  data)
{
  TqTestOutcome script[] = {
    { 10, "{\"name\": \"Ada Lovelace\", \"email\": \"ada@example.com\"}" },
    { 10, "{\"name\": \"Ada King\", \"email\": \"ada@example.com\"}" },
    { 10, NULL, "server said no" },
  };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 3);
  g_autoptr(GVariant) key = tq_test_key ("('user', 1)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(TqQueryObserver) observer = NULL;
  GtkWidget *window;
  TestUserCard *card;

  tq_test_fn_attach (fn, options);
  tq_query_options_set_retry (options, 0);
  observer = tq_query_observer_new (f->env.client, options);
  tq_query_observer_set_object_type (observer, TEST_TYPE_USER);

  card = g_object_new (TEST_TYPE_USER_CARD, "observer", observer, NULL);
  window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (card));
  gtk_window_present (GTK_WINDOW (window));

  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (card->spinner)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (card->name_label)), ==, "");
  g_assert_false (gtk_widget_get_visible (card->state_label));

  tq_test_advance (&f->env, 10);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (card->spinner)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (card->name_label)), ==, "Ada Lovelace");

  /* A background refetch: the content stays while the spinner spins */
  tq_query_observer_refetch (observer);
  tq_test_flush (&f->env);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (card->spinner)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (card->name_label)), ==, "Ada Lovelace");
  tq_test_advance (&f->env, 10);
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (card->name_label)), ==, "Ada King");

  /* An error shows, and the last data stays */
  tq_query_observer_refetch (observer);
  tq_test_advance (&f->env, 10);
  g_assert_true (gtk_widget_get_visible (card->state_label));
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (card->spinner)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (card->name_label)), ==, "Ada King");

  tq_query_observer_unsubscribe (observer);
  gtk_window_destroy (GTK_WINDOW (window));
}

static const char builder_ui[] =
  "<interface>"
  "  <object class='GtkSpinner' id='spinner'>"
  "    <binding name='spinning'>"
  "      <lookup name='is-fetching'>observer</lookup>"
  "    </binding>"
  "  </object>"
  "  <object class='GtkLabel' id='email'>"
  "    <binding name='label'>"
  "      <lookup name='email' type='TestUser'>"
  "        <lookup name='data-object'>observer</lookup>"
  "      </lookup>"
  "    </binding>"
  "  </object>"
  "</interface>";

/* The same with GtkBuilder and an exposed observer */
static void
test_builder_binding (Fixture       *f,
                      gconstpointer  data)
{
  TqTestOutcome script[] = { { 5, "{\"name\": \"Grace\", \"email\": \"grace@example.com\"}" } };
  g_autoptr(TqTestFn) fn = tq_test_fn_new (&f->env, script, 1);
  g_autoptr(GVariant) key = tq_test_key ("('user', 2)");
  g_autoptr(TqQueryOptions) options = tq_query_options_new (key);
  g_autoptr(TqQueryObserver) observer = NULL;
  g_autoptr(GtkBuilder) builder = gtk_builder_new ();
  g_autoptr(GError) error = NULL;
  GtkWidget *spinner, *label;

  tq_test_fn_attach (fn, options);
  observer = tq_query_observer_new (f->env.client, options);
  tq_query_observer_set_object_type (observer, TEST_TYPE_USER);
  gtk_builder_expose_object (builder, "observer", G_OBJECT (observer));
  gtk_builder_add_from_string (builder, builder_ui, -1, &error);
  g_assert_no_error (error);
  spinner = GTK_WIDGET (gtk_builder_get_object (builder, "spinner"));
  label = GTK_WIDGET (gtk_builder_get_object (builder, "email"));
  g_object_ref_sink (spinner);
  g_object_ref_sink (label);

  tq_query_observer_subscribe (observer);
  tq_test_flush (&f->env);
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  tq_test_advance (&f->env, 5);
  g_assert_false (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpstr (gtk_label_get_label (GTK_LABEL (label)), ==, "grace@example.com");

  tq_query_observer_unsubscribe (observer);
  g_clear_object (&builder);
  g_object_unref (spinner);
  g_object_unref (label);
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

  g_test_add ("/TqGtk/ObserverBinding/template", Fixture, NULL, setup, test_template_binding, teardown);
  g_test_add ("/TqGtk/ObserverBinding/builder", Fixture, NULL, setup, test_builder_binding, teardown);

  return g_test_run ();
}
