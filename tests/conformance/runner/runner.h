/* runner.h: the Tq side of the differential conformance suite
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#include <tq.h>

#include "runner-json.h"

G_BEGIN_DECLS

/* The virtual clock starts at a realistic wall-clock time rather than at 0,
 * because Tq's API reads an `updated_at_ms` of 0 as "now" (a desktop clock
 * is never at the epoch). TanStack's runner starts its fake clock at the
 * same time (`EPOCH` in lib/tanstack.mjs). Every time in the trace is printed
 * relative to it, and every time in a scenario is read relative to it, so
 * both read as milliseconds since the scenario started, as README.md
 * section 3 says; 0 (never) stays 0.
 */
#define RUNNER_EPOCH G_GINT64_CONSTANT (1000000000000)

typedef struct _Runner   Runner;
typedef struct _Observer Observer;

typedef enum
{
  KIND_QUERY,
  KIND_INFINITE,
  KIND_MUTATION,
} ObserverKind;

/* A scripted function (README.md section 5). */
typedef struct
{
  Runner    *runner;
  char      *name;
  JsonNode  *outcomes;      /* array */
  gboolean   cycle;
  gboolean   signal;
  guint      calls;
} Script;

struct _Observer
{
  Runner       *runner;
  char         *id;
  ObserverKind  kind;
  GObject      *obs;
  GHashTable   *memo;        /* "field:canonical JSON" → Interned* */
  guint         subscriptions;
  JsonNode     *pending;     /* last result given since the last record point */
  char         *last_recorded;
  guint         select_runs;
  gboolean      has_select;
  gulong        handler;
};

/* The values a template may refer to (README.md section 4); NULL members
 * have no value there.
 */
typedef struct
{
  JsonNode *call;
  JsonNode *page_param;
  JsonNode *key;
  JsonNode *meta;
  JsonNode *variables;
  JsonNode *data;
  JsonNode *error;
  JsonNode *context;
} TemplateEnv;

void      template_env_clear (TemplateEnv *env);

struct _Runner
{
  const char      *file;
  JsonObject      *scenario;
  GString         *out;

  TqVirtualClock  *clock;
  TqNotifyManager *notify_manager;
  TqFocusManager  *focus_manager;
  TqOnlineManager *online_manager;
  TqQueryClient   *client;

  GHashTable      *scripts;          /* name → Script* */
  GPtrArray       *observers;        /* Observer*, in creation order */
  GHashTable      *observers_by_id;  /* id → Observer* (borrowed) */
  GHashTable      *flags;            /* name → GINT_TO_POINTER (bool) */
  GPtrArray       *mutation_hooks;   /* Interned specs of cache hooks */

  /* Buffers of the current record point */
  GPtrArray       *activity;         /* JsonObject* */
  GPtrArray       *cache_events;
  GPtrArray       *mutation_events;
  GPtrArray       *settled;          /* Settled* */
  guint            call_seq;

  guint            record_query_cache;     /* 1 << event type */
  guint            record_mutation_cache;
  const char      *constructing;     /* id of the observer being made */

  /* Set when the scenario cannot go on; reported instead of its trace. */
  char            *error;
  GPtrArray       *unsupported;
  gboolean         closing;

  GPtrArray       *handlers;         /* Handler*, disconnected at the end */
  gpointer         pending_mutate;   /* the mutate() step being run */
  GPtrArray       *keep;             /* objects kept alive to the end */
};

/* Time as the trace shows it */
gint64    runner_now           (Runner      *runner);

void      runner_fail          (Runner      *runner,
                                const char  *format,
                                ...) G_GNUC_PRINTF (2, 3);
void      runner_unsupported   (Runner      *runner,
                                const char  *format,
                                ...) G_GNUC_PRINTF (2, 3);
gboolean  runner_stopped       (Runner      *runner);

void      runner_add_activity  (Runner      *runner,
                                JsonObject  *line);

/* Values and templates (runner-values.c) */
JsonNode *eval_template        (Runner            *runner,
                                JsonNode          *template,
                                const TemplateEnv *env);
char     *interpolate          (const char        *text,
                                const TemplateEnv *env);
char     *error_text           (const GError      *error);
JsonNode *error_node           (const GError      *error);
GError   *scripted_error_new   (const char        *message);
JsonNode *key_to_json          (GVariant          *key);
GVariant *key_from_json        (JsonNode          *node);
JsonNode *query_data_json      (Runner            *runner,
                                JsonNode          *key);

/* Updaters: returns FALSE with @error_code set ($updaterPath…) when the
 * updater throws; @result NULL for no value.
 */
gboolean  apply_updater        (Runner            *runner,
                                JsonObject        *updater,
                                JsonNode          *old,
                                const TemplateEnv *env,
                                JsonNode         **result,
                                const char       **error_code);

/* Options, filters, functions and hooks (runner-options.c) */
TqQueryOptions    *build_query_options    (Runner     *runner,
                                           JsonObject *spec,
                                           Observer   *observer);
TqMutationOptions *build_mutation_options (Runner     *runner,
                                           JsonObject *spec,
                                           Observer   *observer);
TqQueryFilters    *build_query_filters    (Runner     *runner,
                                           JsonObject *spec);
TqMutationFilters *build_mutation_filters (Runner     *runner,
                                           JsonObject *spec);
void               setup_cache_hooks      (Runner     *runner);
void               script_free            (gpointer    data);
void               option_value_free      (gpointer    data);
void               observer_free          (gpointer    data);

/* A hook the engine calls, from the scenario's `client` or options */
typedef struct
{
  Runner   *runner;
  char     *name;
  JsonNode *spec;
} Hook;

typedef struct
{
  guint      mutation_id;  /* 0: none */
  JsonNode  *query_key;    /* query cache hooks */
  JsonNode  *ctx_key;      /* for {"$": "key"} */
  JsonNode  *ctx_meta;
  gboolean   has_variables;
  JsonNode  *variables;
  gboolean   has_data;
  JsonNode  *data;
  gboolean   has_error;
  const GError *error;
  gboolean   has_context;
  JsonNode  *context;
} HookArgs;

/* How a run of a hook ended: its `returns` value (or NULL), or the error
 * it threw.
 */
typedef void (*HookDone) (gpointer      data,
                          JsonNode     *returned,
                          const GError *error);

/* Runs a hook: records it, runs its `do` steps (waiting for the awaited
 * ones), waits `after`, then returns or throws through @done, during the
 * call if it waits for nothing.
 */
void      hook_run              (Hook          *hook,
                                 HookArgs      *args,
                                 HookDone       done,
                                 gpointer       done_data);
void      hook_run_unawaited    (Hook          *hook,
                                 HookArgs      *args);
void      hook_args_clear       (HookArgs      *args);
gboolean  hook_is_async         (Hook          *hook);

/* Client operations that steps and hooks share (tq-conformance-runner.c).
 * @done, if given, is called when a promise-returning operation settles:
 * with @value (or NULL) when @error is NULL.
 */
typedef void (*OpDone) (gpointer      data,
                        JsonNode     *value,
                        const GError *error);

typedef enum
{
  OP_NOTHING,
  OP_RETURN,
  OP_THREW,
  OP_PROMISE,
} OpKind;

OpKind    run_client_op         (Runner            *runner,
                                 JsonObject        *step,
                                 const char        *label,
                                 const TemplateEnv *env,
                                 OpDone             done,
                                 gpointer           done_data,
                                 JsonNode         **result);

G_END_DECLS
