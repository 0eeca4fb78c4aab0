/* tq-demo-faults.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <gio/gio.h>
#include <math.h>
#include <string.h>

#include "tq-demo-faults.h"

/**
 * TqDemoFaults:
 *
 * The demo server's fault injector: latency with jitter, failures and
 * dropped connections, drawn from a seeded random sequence so that a run
 * can be repeated.
 *
 * For every request the server asks [method@TqDemoFaults.next], which
 * always draws four numbers from the sequence, whatever the settings: the
 * latency (uniform between [property@TqDemoFaults:latency-min] and
 * [property@TqDemoFaults:latency-max], in milliseconds), whether to drop the
 * connection (with probability [property@TqDemoFaults:drop-rate]), whether
 * to fail (with probability [property@TqDemoFaults:failure-rate]) and which
 * status to fail with (500 or 503, evenly). So with the same seed, the same
 * sequence of requests meets the same faults, even when the rates change
 * along the way.
 *
 * Setting [property@TqDemoFaults:seed] restarts the sequence. A new
 * injector has no faults and a random seed, which it reports, so that a
 * run that showed something interesting can be replayed.
 */

struct _TqDemoFaults
{
  GObject  parent_instance;

  guint    latency_min;
  guint    latency_max;
  double   failure_rate;
  double   drop_rate;
  guint32  seed;
  GRand   *rand;
};

enum {
  PROP_0,
  PROP_LATENCY_MIN,
  PROP_LATENCY_MAX,
  PROP_FAILURE_RATE,
  PROP_DROP_RATE,
  PROP_SEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TqDemoFaults, tq_demo_faults, G_TYPE_OBJECT)

static void
tq_demo_faults_finalize (GObject *object)
{
  TqDemoFaults *self = (TqDemoFaults *) object;

  g_clear_pointer (&self->rand, g_rand_free);

  G_OBJECT_CLASS (tq_demo_faults_parent_class)->finalize (object);
}

static void
tq_demo_faults_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  TqDemoFaults *self = TQ_DEMO_FAULTS (object);

  switch (prop_id)
    {
    case PROP_LATENCY_MIN:
      g_value_set_uint (value, self->latency_min);
      break;

    case PROP_LATENCY_MAX:
      g_value_set_uint (value, self->latency_max);
      break;

    case PROP_FAILURE_RATE:
      g_value_set_double (value, self->failure_rate);
      break;

    case PROP_DROP_RATE:
      g_value_set_double (value, self->drop_rate);
      break;

    case PROP_SEED:
      g_value_set_uint (value, self->seed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_faults_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  TqDemoFaults *self = TQ_DEMO_FAULTS (object);

  switch (prop_id)
    {
    case PROP_LATENCY_MIN:
      tq_demo_faults_set_latency (self, g_value_get_uint (value), MAX (g_value_get_uint (value), self->latency_max));
      break;

    case PROP_LATENCY_MAX:
      tq_demo_faults_set_latency (self, MIN (self->latency_min, g_value_get_uint (value)), g_value_get_uint (value));
      break;

    case PROP_FAILURE_RATE:
      tq_demo_faults_set_failure_rate (self, g_value_get_double (value));
      break;

    case PROP_DROP_RATE:
      tq_demo_faults_set_drop_rate (self, g_value_get_double (value));
      break;

    case PROP_SEED:
      tq_demo_faults_set_seed (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tq_demo_faults_class_init (TqDemoFaultsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tq_demo_faults_finalize;
  object_class->get_property = tq_demo_faults_get_property;
  object_class->set_property = tq_demo_faults_set_property;

  /**
   * TqDemoFaults:latency-min:
   *
   * The shortest delay before a response, in milliseconds. Setting it above
   * [property@TqDemoFaults:latency-max] raises that too.
   */
  properties[PROP_LATENCY_MIN] =
    g_param_spec_uint ("latency-min", NULL, NULL,
                       0, TQ_DEMO_FAULTS_MAX_LATENCY, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoFaults:latency-max:
   *
   * The longest delay before a response, in milliseconds. Setting it below
   * [property@TqDemoFaults:latency-min] lowers that too.
   */
  properties[PROP_LATENCY_MAX] =
    g_param_spec_uint ("latency-max", NULL, NULL,
                       0, TQ_DEMO_FAULTS_MAX_LATENCY, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoFaults:failure-rate:
   *
   * The probability, from 0 to 1, that a request fails with 500 or 503.
   */
  properties[PROP_FAILURE_RATE] =
    g_param_spec_double ("failure-rate", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoFaults:drop-rate:
   *
   * The probability, from 0 to 1, that the connection of a request is
   * closed without a response.
   */
  properties[PROP_DROP_RATE] =
    g_param_spec_double ("drop-rate", NULL, NULL,
                         0.0, 1.0, 0.0,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  /**
   * TqDemoFaults:seed:
   *
   * The seed of the random sequence. Setting it, even to the same value,
   * restarts the sequence.
   */
  properties[PROP_SEED] =
    g_param_spec_uint ("seed", NULL, NULL,
                       0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tq_demo_faults_init (TqDemoFaults *self)
{
  self->seed = g_random_int ();
  self->rand = g_rand_new_with_seed (self->seed);
}

/**
 * tq_demo_faults_new:
 *
 * Creates a fault injector with no faults and a random seed.
 *
 * Returns: (transfer full): a new fault injector
 */
TqDemoFaults *
tq_demo_faults_new (void)
{
  return g_object_new (TQ_DEMO_TYPE_FAULTS, NULL);
}

/**
 * tq_demo_faults_set_latency:
 * @self: a fault injector
 * @min_ms: the shortest delay, in milliseconds
 * @max_ms: the longest delay, in milliseconds, at least @min_ms and at most
 *   %TQ_DEMO_FAULTS_MAX_LATENCY
 *
 * Delays every response by a time drawn evenly between @min_ms and @max_ms
 * (both included). `0, 0` turns latency off.
 */
void
tq_demo_faults_set_latency (TqDemoFaults *self,
                            guint         min_ms,
                            guint         max_ms)
{
  g_return_if_fail (TQ_DEMO_IS_FAULTS (self));
  g_return_if_fail (min_ms <= max_ms);
  g_return_if_fail (max_ms <= TQ_DEMO_FAULTS_MAX_LATENCY);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->latency_min != min_ms)
    {
      self->latency_min = min_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MIN]);
    }
  if (self->latency_max != max_ms)
    {
      self->latency_max = max_ms;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LATENCY_MAX]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tq_demo_faults_get_latency_min:
 * @self: a fault injector
 *
 * Returns: the shortest delay, in milliseconds
 */
guint
tq_demo_faults_get_latency_min (TqDemoFaults *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), 0);

  return self->latency_min;
}

/**
 * tq_demo_faults_get_latency_max:
 * @self: a fault injector
 *
 * Returns: the longest delay, in milliseconds
 */
guint
tq_demo_faults_get_latency_max (TqDemoFaults *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), 0);

  return self->latency_max;
}

/**
 * tq_demo_faults_set_failure_rate:
 * @self: a fault injector
 * @rate: a probability, from 0 to 1
 *
 * Sets the probability that a request fails with 500 or 503.
 */
void
tq_demo_faults_set_failure_rate (TqDemoFaults *self,
                                 double        rate)
{
  g_return_if_fail (TQ_DEMO_IS_FAULTS (self));
  g_return_if_fail (rate >= 0.0 && rate <= 1.0);

  if (self->failure_rate == rate)
    return;

  self->failure_rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FAILURE_RATE]);
}

/**
 * tq_demo_faults_get_failure_rate:
 * @self: a fault injector
 *
 * Returns: the probability that a request fails
 */
double
tq_demo_faults_get_failure_rate (TqDemoFaults *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), 0.0);

  return self->failure_rate;
}

/**
 * tq_demo_faults_set_drop_rate:
 * @self: a fault injector
 * @rate: a probability, from 0 to 1
 *
 * Sets the probability that a request's connection is closed without a
 * response.
 */
void
tq_demo_faults_set_drop_rate (TqDemoFaults *self,
                              double        rate)
{
  g_return_if_fail (TQ_DEMO_IS_FAULTS (self));
  g_return_if_fail (rate >= 0.0 && rate <= 1.0);

  if (self->drop_rate == rate)
    return;

  self->drop_rate = rate;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DROP_RATE]);
}

/**
 * tq_demo_faults_get_drop_rate:
 * @self: a fault injector
 *
 * Returns: the probability that a connection is dropped
 */
double
tq_demo_faults_get_drop_rate (TqDemoFaults *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), 0.0);

  return self->drop_rate;
}

/**
 * tq_demo_faults_set_seed:
 * @self: a fault injector
 * @seed: a seed
 *
 * Restarts the random sequence from @seed.
 */
void
tq_demo_faults_set_seed (TqDemoFaults *self,
                         guint32       seed)
{
  g_return_if_fail (TQ_DEMO_IS_FAULTS (self));

  g_rand_set_seed (self->rand, seed);
  if (self->seed == seed)
    return;

  self->seed = seed;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEED]);
}

/**
 * tq_demo_faults_get_seed:
 * @self: a fault injector
 *
 * Returns: the seed the sequence last started from
 */
guint32
tq_demo_faults_get_seed (TqDemoFaults *self)
{
  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), 0);

  return self->seed;
}

/**
 * tq_demo_faults_clear:
 * @self: a fault injector
 *
 * Turns every fault off (no latency, no failures, no drops). The seed and
 * the position in the sequence are kept.
 */
void
tq_demo_faults_clear (TqDemoFaults *self)
{
  g_return_if_fail (TQ_DEMO_IS_FAULTS (self));

  g_object_freeze_notify (G_OBJECT (self));
  tq_demo_faults_set_latency (self, 0, 0);
  tq_demo_faults_set_failure_rate (self, 0.0);
  tq_demo_faults_set_drop_rate (self, 0.0);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * tq_demo_faults_next:
 * @self: a fault injector
 * @latency_ms: (out) (optional): where to store how long to wait before
 *   answering, in milliseconds
 * @status: (out) (optional): where to store the HTTP status to fail with,
 *   for %TQ_DEMO_FAULT_FAIL (0 otherwise)
 *
 * Draws the fate of the next request. A dropped request is dropped after
 * the latency, as a failing one fails after it.
 *
 * Returns: what to do with the request
 */
TqDemoFault
tq_demo_faults_next (TqDemoFaults *self,
                     guint        *latency_ms,
                     guint        *status)
{
  double latency_draw, drop_draw, failure_draw, status_draw;
  guint latency;
  TqDemoFault fault = TQ_DEMO_FAULT_NONE;

  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), TQ_DEMO_FAULT_NONE);

  /* Always four draws, so the sequence does not depend on the settings */
  latency_draw = g_rand_double (self->rand);
  drop_draw = g_rand_double (self->rand);
  failure_draw = g_rand_double (self->rand);
  status_draw = g_rand_double (self->rand);

  latency = self->latency_min + (guint) floor (latency_draw * (self->latency_max - self->latency_min + 1));
  latency = MIN (latency, self->latency_max);

  if (drop_draw < self->drop_rate)
    fault = TQ_DEMO_FAULT_DROP;
  else if (failure_draw < self->failure_rate)
    fault = TQ_DEMO_FAULT_FAIL;

  if (latency_ms != NULL)
    *latency_ms = latency;
  if (status != NULL)
    *status = fault == TQ_DEMO_FAULT_FAIL ? (status_draw < 0.5 ? 500 : 503) : 0;

  return fault;
}

/**
 * tq_demo_faults_to_json:
 * @self: a fault injector
 *
 * Describes the settings as the admin endpoint shows them:
 * `{"latencyMs": [min, max], "failureRate": 0.1, "dropRate": 0.05,
 * "seed": 42}`.
 *
 * Returns: (transfer full): a JSON object
 */
JsonNode *
tq_demo_faults_to_json (TqDemoFaults *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "latencyMs");
  json_builder_begin_array (builder);
  json_builder_add_int_value (builder, self->latency_min);
  json_builder_add_int_value (builder, self->latency_max);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "failureRate");
  json_builder_add_double_value (builder, self->failure_rate);
  json_builder_set_member_name (builder, "dropRate");
  json_builder_add_double_value (builder, self->drop_rate);
  json_builder_set_member_name (builder, "seed");
  json_builder_add_int_value (builder, self->seed);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
bad_setting (GError    **error,
             const char *message)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, message);

  return FALSE;
}

static gboolean
node_get_number (JsonNode *node,
                 double   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_INT64:
      *value = json_node_get_int (node);
      return TRUE;
    case G_TYPE_DOUBLE:
      *value = json_node_get_double (node);
      return TRUE;
    default:
      return FALSE;
    }
}

static gboolean
node_get_latency (JsonNode *node,
                  guint    *value)
{
  double d;

  if (!node_get_number (node, &d) || d != floor (d) || d < 0 || d > TQ_DEMO_FAULTS_MAX_LATENCY)
    return FALSE;

  *value = (guint) d;

  return TRUE;
}

/**
 * tq_demo_faults_apply_json:
 * @self: a fault injector
 * @node: a JSON object of settings, as [method@TqDemoFaults.to_json] makes
 * @replace: whether settings missing from @node go back to "no fault"
 *   (HTTP `PUT`) or stay as they are (`PATCH`)
 * @error: return location for an error
 *
 * Changes the settings from JSON. `latencyMs` is `[min, max]` or a single
 * number, in milliseconds (at most %TQ_DEMO_FAULTS_MAX_LATENCY);
 * `failureRate` and `dropRate` are probabilities from 0 to 1; `seed`, an
 * integer from 0 to 2³²−1, restarts the random sequence (without it the
 * sequence goes on). Either all settings change or, on error, none.
 *
 * Errors: %G_IO_ERROR_INVALID_ARGUMENT in `G_IO_ERROR` for a member that is
 * unknown, of the wrong type or out of range.
 *
 * Returns: whether the settings were changed
 */
gboolean
tq_demo_faults_apply_json (TqDemoFaults  *self,
                           JsonNode      *node,
                           gboolean       replace,
                           GError       **error)
{
  guint latency_min = replace ? 0 : self->latency_min;
  guint latency_max = replace ? 0 : self->latency_max;
  double failure_rate = replace ? 0.0 : self->failure_rate;
  double drop_rate = replace ? 0.0 : self->drop_rate;
  gboolean has_seed = FALSE;
  guint32 seed = 0;
  JsonObjectIter iter;
  const char *name;
  JsonNode *member;

  g_return_val_if_fail (TQ_DEMO_IS_FAULTS (self), FALSE);
  g_return_val_if_fail (node != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return bad_setting (error, "The fault settings must be a JSON object");

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &member))
    {
      double d;

      if (strcmp (name, "latencyMs") == 0)
        {
          if (JSON_NODE_HOLDS_ARRAY (member) && json_array_get_length (json_node_get_array (member)) == 2)
            {
              JsonArray *array = json_node_get_array (member);

              if (!node_get_latency (json_array_get_element (array, 0), &latency_min) ||
                  !node_get_latency (json_array_get_element (array, 1), &latency_max) ||
                  latency_min > latency_max)
                return bad_setting (error, "“latencyMs” must be [min, max] with 0 ≤ min ≤ max ≤ 60000");
            }
          else if (node_get_latency (member, &latency_min))
            {
              latency_max = latency_min;
            }
          else
            {
              return bad_setting (error, "“latencyMs” must be [min, max] with 0 ≤ min ≤ max ≤ 60000");
            }
        }
      else if (strcmp (name, "failureRate") == 0)
        {
          if (!node_get_number (member, &d) || !(d >= 0.0 && d <= 1.0))
            return bad_setting (error, "“failureRate” must be a number from 0 to 1");
          failure_rate = d;
        }
      else if (strcmp (name, "dropRate") == 0)
        {
          if (!node_get_number (member, &d) || !(d >= 0.0 && d <= 1.0))
            return bad_setting (error, "“dropRate” must be a number from 0 to 1");
          drop_rate = d;
        }
      else if (strcmp (name, "seed") == 0)
        {
          if (!node_get_number (member, &d) || d != floor (d) || d < 0 || d > G_MAXUINT32)
            return bad_setting (error, "“seed” must be an integer from 0 to 4294967295");
          seed = (guint32) d;
          has_seed = TRUE;
        }
      else
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       "Unknown fault setting “%s” (known: latencyMs, failureRate, dropRate, seed)", name);
          return FALSE;
        }
    }

  g_object_freeze_notify (G_OBJECT (self));
  tq_demo_faults_set_latency (self, latency_min, latency_max);
  tq_demo_faults_set_failure_rate (self, failure_rate);
  tq_demo_faults_set_drop_rate (self, drop_rate);
  if (has_seed)
    tq_demo_faults_set_seed (self, seed);
  g_object_thaw_notify (G_OBJECT (self));

  return TRUE;
}

/**
 * tq_demo_faults_parse_latency:
 * @text: a latency as given on the command line: `MIN` or `MIN-MAX`, in
 *   milliseconds
 * @min_ms: (out): where to store the shortest delay
 * @max_ms: (out): where to store the longest delay
 * @error: return location for an error
 *
 * Errors: %G_IO_ERROR_INVALID_ARGUMENT in `G_IO_ERROR` if @text is not a
 * latency, or out of range.
 *
 * Returns: whether @text was a latency
 */
gboolean
tq_demo_faults_parse_latency (const char  *text,
                              guint       *min_ms,
                              guint       *max_ms,
                              GError     **error)
{
  g_auto(GStrv) parts = NULL;
  guint64 min, max;

  g_return_val_if_fail (text != NULL, FALSE);

  parts = g_strsplit (text, "-", 2);
  if (parts[0] == NULL ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, TQ_DEMO_FAULTS_MAX_LATENCY, &min, NULL) ||
      !g_ascii_string_to_unsigned (parts[1] != NULL ? parts[1] : parts[0], 10, 0, TQ_DEMO_FAULTS_MAX_LATENCY, &max, NULL) ||
      min > max)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not a latency: use MIN or MIN-MAX, in milliseconds, from 0 to %u",
                   text, TQ_DEMO_FAULTS_MAX_LATENCY);
      return FALSE;
    }

  *min_ms = min;
  *max_ms = max;

  return TRUE;
}
