/* tq-notify-manager.c
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#include "config.h"

#include "tq-notify-manager.h"

/**
 * TqNotifyManager:
 *
 * Batches notifications on the main loop: TanStack Query's `notifyManager`
 * (rule 39 of `tanstack-query-core.md`).
 *
 * Work done inside a batch ([method@Tq.NotifyManager.batch], or between
 * [method@Tq.NotifyManager.begin_batch] and
 * [method@Tq.NotifyManager.end_batch]) only counts the nesting depth;
 * callbacks handed to [method@Tq.NotifyManager.schedule] meanwhile are
 * queued, and when the outermost batch ends the whole queue goes to the
 * scheduler in **one** call, to run later inside one batch-notify call.
 * Outside a batch, each scheduled callback goes to the scheduler on its own.
 *
 * The default scheduler runs everything that is scheduled from one idle
 * source at %TQ_NOTIFY_PRIORITY on the manager's main context, before GTK's
 * next redraw. This is how a hundred cache updates in one main-loop
 * iteration reach each observer's property notifications once.
 *
 * The scheduler, the function that wraps each notification and the one that
 * wraps each batch can be replaced, as in TanStack, for example to run
 * notifications inside another toolkit's own batching.
 */

typedef struct
{
  TqNotifyCallback func;
  gpointer         data;
  GDestroyNotify   destroy;
} Callback;

/* A job is a run of callbacks in the pending array, up to @end: jobs and
 * their callbacks sit in two flat arrays, so that handing one to the
 * scheduler allocates nothing once the arrays have grown.
 */
typedef struct
{
  guint    end;
  gboolean batched;
} Job;

struct _TqNotifyManager
{
  GObject         parent_instance;

  GMainContext   *context;
  guint           transactions;
  GArray         *queue;       /* Callback, scheduled inside the current batch */
  GArray         *pending;     /* Callback, handed to the scheduler, not yet run */
  GArray         *jobs;        /* Job, over pending */
  GArray         *spare_callbacks;  /* emptied by the last dispatch, for reuse */
  GArray         *spare_jobs;
  GSource        *idle;

  TqScheduleFunc  scheduler;
  gpointer        scheduler_data;
  GDestroyNotify  scheduler_destroy;
  TqNotifyFunc    notify_func;
  gpointer        notify_data;
  GDestroyNotify  notify_destroy;
  TqNotifyFunc    batch_notify_func;
  gpointer        batch_notify_data;
  GDestroyNotify  batch_notify_destroy;
};

G_DEFINE_FINAL_TYPE (TqNotifyManager, tq_notify_manager, G_TYPE_OBJECT)

static TqNotifyManager *default_manager;

/* Destroys the data of callbacks @from to @to of @callbacks. The arrays
 * have no clear function: callbacks move between them without being
 * destroyed.
 */
static void
callbacks_destroy (GArray *callbacks,
                   guint   from,
                   guint   to)
{
  for (guint i = from; i < to; i++)
    {
      Callback *cb = &g_array_index (callbacks, Callback, i);

      if (cb->destroy != NULL)
        cb->destroy (cb->data);
    }
}

static void
take_spare (GArray **spare,
            GArray **array,
            guint    element_size)
{
  *array = *spare != NULL ? g_steal_pointer (spare) : g_array_new (FALSE, FALSE, element_size);
}

static void
give_spare (GArray **spare,
            GArray  *array)
{
  g_array_set_size (array, 0);
  if (*spare == NULL)
    *spare = array;
  else
    g_array_unref (array);
}

static gboolean
default_scheduler_idle (gpointer user_data)
{
  TqNotifyManager *self = user_data;

  g_clear_pointer (&self->idle, g_source_unref);
  tq_notify_manager_dispatch (self);

  return G_SOURCE_REMOVE;
}

static void
default_scheduler (TqNotifyManager *self,
                   gpointer         user_data)
{
  /* Everything scheduled before the idle runs shares it. */
  if (self->idle != NULL)
    return;

  self->idle = g_idle_source_new ();
  g_source_set_priority (self->idle, TQ_NOTIFY_PRIORITY);
  g_source_set_callback (self->idle, default_scheduler_idle, self, NULL);
  g_source_set_static_name (self->idle, "[tq] notify manager");
  g_source_attach (self->idle, self->context);
}

/* Makes a job of the callbacks appended to pending since the last one. */
static void
enqueue_job (TqNotifyManager *self,
             gboolean         batched)
{
  Job job;

  job.end = self->pending->len;
  job.batched = batched;
  g_array_append_val (self->jobs, job);

  self->scheduler (self, self->scheduler_data);
}

static void
tq_notify_manager_dispose (GObject *object)
{
  TqNotifyManager *self = (TqNotifyManager *)object;

  if (self->idle != NULL)
    {
      g_source_destroy (self->idle);
      g_clear_pointer (&self->idle, g_source_unref);
    }

  if (self->pending != NULL)
    {
      callbacks_destroy (self->pending, 0, self->pending->len);
      g_array_set_size (self->pending, 0);
      g_array_set_size (self->jobs, 0);
    }
  if (self->queue != NULL)
    {
      callbacks_destroy (self->queue, 0, self->queue->len);
      g_array_set_size (self->queue, 0);
    }

  G_OBJECT_CLASS (tq_notify_manager_parent_class)->dispose (object);
}

static void
tq_notify_manager_finalize (GObject *object)
{
  TqNotifyManager *self = (TqNotifyManager *)object;

  if (self->scheduler_destroy != NULL)
    self->scheduler_destroy (self->scheduler_data);
  if (self->notify_destroy != NULL)
    self->notify_destroy (self->notify_data);
  if (self->batch_notify_destroy != NULL)
    self->batch_notify_destroy (self->batch_notify_data);

  g_clear_pointer (&self->queue, g_array_unref);
  g_clear_pointer (&self->pending, g_array_unref);
  g_clear_pointer (&self->jobs, g_array_unref);
  g_clear_pointer (&self->spare_callbacks, g_array_unref);
  g_clear_pointer (&self->spare_jobs, g_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (tq_notify_manager_parent_class)->finalize (object);
}

static void
tq_notify_manager_class_init (TqNotifyManagerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tq_notify_manager_dispose;
  object_class->finalize = tq_notify_manager_finalize;
}

static void
tq_notify_manager_init (TqNotifyManager *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->queue = g_array_new (FALSE, FALSE, sizeof (Callback));
  self->pending = g_array_new (FALSE, FALSE, sizeof (Callback));
  self->jobs = g_array_new (FALSE, FALSE, sizeof (Job));
  self->scheduler = default_scheduler;
}

/**
 * tq_notify_manager_new:
 *
 * Creates a notify manager whose default scheduler runs on the
 * thread-default main context.
 *
 * Returns: (transfer full): a new notify manager
 */
TqNotifyManager *
tq_notify_manager_new (void)
{
  return g_object_new (TQ_TYPE_NOTIFY_MANAGER, NULL);
}

/**
 * tq_notify_manager_get_default:
 *
 * Gets the process-wide notify manager that query clients use unless they
 * are given another. It is made on first use, on the thread-default main
 * context of that moment.
 *
 * Returns: (transfer none): the default notify manager
 */
TqNotifyManager *
tq_notify_manager_get_default (void)
{
  if (default_manager == NULL)
    default_manager = tq_notify_manager_new ();

  return default_manager;
}

/**
 * tq_notify_manager_set_default:
 * @manager: (nullable): a notify manager, or %NULL to make a new one on
 *   next use
 *
 * Replaces the process-wide notify manager. Objects keep the manager they
 * were made with.
 */
void
tq_notify_manager_set_default (TqNotifyManager *manager)
{
  g_return_if_fail (manager == NULL || TQ_IS_NOTIFY_MANAGER (manager));

  g_set_object (&default_manager, manager);
}

/**
 * tq_notify_manager_get_context:
 * @self: a notify manager
 *
 * Gets the main context on which the default scheduler runs.
 *
 * Returns: (transfer none): the main context
 */
GMainContext *
tq_notify_manager_get_context (TqNotifyManager *self)
{
  g_return_val_if_fail (TQ_IS_NOTIFY_MANAGER (self), NULL);

  return self->context;
}

/**
 * tq_notify_manager_begin_batch:
 * @self: a notify manager
 *
 * Opens a batch: until the matching [method@Tq.NotifyManager.end_batch],
 * scheduled callbacks are queued instead of going to the scheduler.
 * Batches nest.
 */
void
tq_notify_manager_begin_batch (TqNotifyManager *self)
{
  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));

  self->transactions++;
}

/**
 * tq_notify_manager_end_batch:
 * @self: a notify manager
 *
 * Closes a batch opened by [method@Tq.NotifyManager.begin_batch]. When the
 * outermost batch closes, everything it queued goes to the scheduler in one
 * call.
 */
void
tq_notify_manager_end_batch (TqNotifyManager *self)
{
  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));
  g_return_if_fail (self->transactions > 0);

  if (--self->transactions > 0 || self->queue->len == 0)
    return;

  /* Emptied first: the scheduler may begin a batch of its own. */
  g_array_append_vals (self->pending, self->queue->data, self->queue->len);
  g_array_set_size (self->queue, 0);
  enqueue_job (self, TRUE);
}

/**
 * tq_notify_manager_is_batching:
 * @self: a notify manager
 *
 * Tells whether a batch is open, so that scheduled notifications are queued.
 *
 * Returns: whether a batch is open
 */
gboolean
tq_notify_manager_is_batching (TqNotifyManager *self)
{
  g_return_val_if_fail (TQ_IS_NOTIFY_MANAGER (self), FALSE);

  return self->transactions > 0;
}

/**
 * tq_notify_manager_batch:
 * @self: a notify manager
 * @callback: (scope call) (closure user_data): the work to run
 * @user_data: data for @callback
 *
 * Runs @callback at once, inside a batch: TanStack's `notifyManager.batch`.
 */
void
tq_notify_manager_batch (TqNotifyManager  *self,
                         TqNotifyCallback  callback,
                         gpointer          user_data)
{
  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));
  g_return_if_fail (callback != NULL);

  tq_notify_manager_begin_batch (self);
  callback (user_data);
  tq_notify_manager_end_batch (self);
}

/**
 * tq_notify_manager_schedule:
 * @self: a notify manager
 * @callback: (scope notified) (closure user_data) (destroy destroy): the
 *   notification
 * @user_data: data for @callback
 * @destroy: (nullable): frees @user_data once @callback has run
 *
 * Schedules a notification: queued if a batch is open, otherwise handed to
 * the scheduler at once. It never runs within this call.
 */
void
tq_notify_manager_schedule (TqNotifyManager  *self,
                            TqNotifyCallback  callback,
                            gpointer          user_data,
                            GDestroyNotify    destroy)
{
  Callback cb = { callback, user_data, destroy };

  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));
  g_return_if_fail (callback != NULL);

  if (self->transactions > 0)
    {
      g_array_append_val (self->queue, cb);
    }
  else
    {
      g_array_append_val (self->pending, cb);
      enqueue_job (self, FALSE);
    }
}

static void
run_callback (TqNotifyManager *self,
              Callback        *cb)
{
  if (self->notify_func != NULL)
    self->notify_func (cb->func, cb->data, self->notify_data);
  else
    cb->func (cb->data);
}

typedef struct
{
  TqNotifyManager *self;
  GArray          *callbacks;
  guint            start;
  guint            end;
} RunJob;

static void
run_job_callbacks (gpointer data)
{
  RunJob *run = data;

  for (guint i = run->start; i < run->end; i++)
    run_callback (run->self, &g_array_index (run->callbacks, Callback, i));
}

/**
 * tq_notify_manager_dispatch:
 * @self: a notify manager
 *
 * Runs every notification handed to the scheduler so far, each flushed batch
 * inside one call of the batch-notify function. Custom schedulers call this;
 * the default one does so from its idle source. Notifications scheduled
 * while this runs wait for the next dispatch.
 */
void
tq_notify_manager_dispatch (TqNotifyManager *self)
{
  GArray *callbacks;
  GArray *jobs;
  guint start = 0;

  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));

  if (self->jobs->len == 0)
    return;

  /* What is scheduled meanwhile goes to fresh arrays, for the next dispatch */
  callbacks = g_steal_pointer (&self->pending);
  jobs = g_steal_pointer (&self->jobs);
  take_spare (&self->spare_callbacks, &self->pending, sizeof (Callback));
  take_spare (&self->spare_jobs, &self->jobs, sizeof (Job));

  g_object_ref (self);

  for (guint j = 0; j < jobs->len; j++)
    {
      Job *job = &g_array_index (jobs, Job, j);
      RunJob run = { self, callbacks, start, job->end };

      if (job->batched && self->batch_notify_func != NULL)
        self->batch_notify_func (run_job_callbacks, &run, self->batch_notify_data);
      else
        run_job_callbacks (&run);

      callbacks_destroy (callbacks, start, job->end);
      start = job->end;
    }

  give_spare (&self->spare_callbacks, callbacks);
  give_spare (&self->spare_jobs, jobs);

  g_object_unref (self);
}

/**
 * tq_notify_manager_has_pending:
 * @self: a notify manager
 *
 * Tells whether notifications are waiting: tests use it to check that a
 * flush has run everything.
 *
 * Returns: whether notifications wait to be dispatched (queued in an open
 *   batch, or handed to the scheduler)
 */
gboolean
tq_notify_manager_has_pending (TqNotifyManager *self)
{
  g_return_val_if_fail (TQ_IS_NOTIFY_MANAGER (self), FALSE);

  return self->queue->len > 0 || self->jobs->len > 0;
}

/**
 * tq_notify_manager_set_scheduler:
 * @self: a notify manager
 * @scheduler: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the new scheduler, or %NULL for the default idle scheduler
 * @user_data: data for @scheduler
 * @destroy: (nullable): frees @user_data
 *
 * Replaces the scheduler (TanStack's `setScheduler`). It is called once for
 * every flushed batch and every notification scheduled outside a batch, and
 * must arrange a later call to [method@Tq.NotifyManager.dispatch].
 */
void
tq_notify_manager_set_scheduler (TqNotifyManager *self,
                                 TqScheduleFunc   scheduler,
                                 gpointer         user_data,
                                 GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));

  if (self->scheduler_destroy != NULL)
    self->scheduler_destroy (self->scheduler_data);

  self->scheduler = scheduler != NULL ? scheduler : default_scheduler;
  self->scheduler_data = scheduler != NULL ? user_data : NULL;
  self->scheduler_destroy = scheduler != NULL ? destroy : NULL;
}

/**
 * tq_notify_manager_set_notify_function:
 * @self: a notify manager
 * @notify_func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the wrapper, or %NULL to call notifications directly
 * @user_data: data for @notify_func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the function that runs each notification (TanStack's
 * `setNotifyFunction`).
 */
void
tq_notify_manager_set_notify_function (TqNotifyManager *self,
                                       TqNotifyFunc     notify_func,
                                       gpointer         user_data,
                                       GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));

  if (self->notify_destroy != NULL)
    self->notify_destroy (self->notify_data);

  self->notify_func = notify_func;
  self->notify_data = user_data;
  self->notify_destroy = destroy;
}

/**
 * tq_notify_manager_set_batch_notify_function:
 * @self: a notify manager
 * @batch_notify_func: (nullable) (scope notified) (closure user_data) (destroy destroy):
 *   the wrapper, or %NULL to run batches directly
 * @user_data: data for @batch_notify_func
 * @destroy: (nullable): frees @user_data
 *
 * Sets the function that runs each flushed batch of notifications
 * (TanStack's `setBatchNotifyFunction`).
 */
void
tq_notify_manager_set_batch_notify_function (TqNotifyManager *self,
                                             TqNotifyFunc     batch_notify_func,
                                             gpointer         user_data,
                                             GDestroyNotify   destroy)
{
  g_return_if_fail (TQ_IS_NOTIFY_MANAGER (self));

  if (self->batch_notify_destroy != NULL)
    self->batch_notify_destroy (self->batch_notify_data);

  self->batch_notify_func = batch_notify_func;
  self->batch_notify_data = user_data;
  self->batch_notify_destroy = destroy;
}

typedef struct
{
  GClosure         closure;
  TqNotifyManager *manager;
  GClosure        *target;
} BatchCallsClosure;

typedef struct
{
  GClosure *target;
  guint     n_values;
  GValue   *values;
} DeferredCall;

static void
deferred_call_free (gpointer data)
{
  DeferredCall *call = data;

  for (guint i = 0; i < call->n_values; i++)
    g_value_unset (&call->values[i]);
  g_free (call->values);
  g_closure_unref (call->target);
  g_free (call);
}

static void
deferred_call_run (gpointer data)
{
  DeferredCall *call = data;

  g_closure_invoke (call->target, NULL, call->n_values, call->values, NULL);
}

static void
batch_calls_marshal (GClosure     *closure,
                     GValue       *return_value,
                     guint         n_param_values,
                     const GValue *param_values,
                     gpointer      invocation_hint,
                     gpointer      marshal_data)
{
  BatchCallsClosure *self = (BatchCallsClosure *) closure;
  DeferredCall *call = g_new0 (DeferredCall, 1);

  call->target = g_closure_ref (self->target);
  call->n_values = n_param_values;
  call->values = g_new0 (GValue, n_param_values);
  for (guint i = 0; i < n_param_values; i++)
    {
      g_value_init (&call->values[i], G_VALUE_TYPE (&param_values[i]));
      g_value_copy (&param_values[i], &call->values[i]);
    }

  tq_notify_manager_schedule (self->manager, deferred_call_run, call, deferred_call_free);
}

static void
batch_calls_finalize (gpointer  data,
                      GClosure *closure)
{
  BatchCallsClosure *self = (BatchCallsClosure *) closure;

  g_clear_pointer (&self->target, g_closure_unref);
  g_clear_object (&self->manager);
}

/**
 * tq_notify_manager_batch_calls:
 * @self: a notify manager
 * @closure: the closure to defer
 *
 * Wraps @closure so that calling the wrapper schedules a call of @closure
 * with the same arguments (copied) through the manager, instead of calling
 * it at once: TanStack's `batchCalls`. Connect the wrapper to a signal to
 * receive that signal's emissions batched. The wrapper returns nothing.
 *
 * Like g_cclosure_new(), this returns a floating reference, which
 * g_signal_connect_closure() sinks.
 *
 * Returns: (transfer none): the wrapping closure, floating
 */
GClosure *
tq_notify_manager_batch_calls (TqNotifyManager *self,
                               GClosure        *closure)
{
  BatchCallsClosure *wrapper;

  g_return_val_if_fail (TQ_IS_NOTIFY_MANAGER (self), NULL);
  g_return_val_if_fail (closure != NULL, NULL);

  wrapper = (BatchCallsClosure *) g_closure_new_simple (sizeof (BatchCallsClosure), NULL);
  wrapper->manager = g_object_ref (self);
  wrapper->target = g_closure_ref (closure);
  g_closure_sink (closure);
  g_closure_set_marshal (&wrapper->closure, batch_calls_marshal);
  g_closure_add_finalize_notifier (&wrapper->closure, NULL, batch_calls_finalize);

  return &wrapper->closure;
}
