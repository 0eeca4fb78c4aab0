/* tq-enums.h
 *
 * Copyright 2026 The Tq authors
 *
 * SPDX-License-Identifier: LGPL-2.1-or-later
 */

#pragma once

#if !defined(TQ_INSIDE) && !defined(TQ_COMPILATION)
# error "Only <tq.h> can be included directly."
#endif

#include <glib.h>

G_BEGIN_DECLS

/**
 * TqQueryStatus:
 * @TQ_QUERY_STATUS_PENDING: no data yet (TanStack's `'pending'`)
 * @TQ_QUERY_STATUS_ERROR: the last fetch failed (`'error'`)
 * @TQ_QUERY_STATUS_SUCCESS: the query holds data (`'success'`)
 *
 * What a query holds: TanStack's `QueryStatus` (section 1.3 of
 * `tanstack-query-core.md`). Whether a fetch is running is the separate
 * [enum@Tq.FetchStatus].
 */
typedef enum
{
  TQ_QUERY_STATUS_PENDING,
  TQ_QUERY_STATUS_ERROR,
  TQ_QUERY_STATUS_SUCCESS,
} TqQueryStatus;

/**
 * TqFetchStatus:
 * @TQ_FETCH_STATUS_IDLE: no fetch is running (`'idle'`)
 * @TQ_FETCH_STATUS_FETCHING: the query function is running or a retry is
 *   waiting (`'fetching'`)
 * @TQ_FETCH_STATUS_PAUSED: a fetch waits for the network or for focus
 *   (`'paused'`, rules 26–29)
 *
 * Whether a query is fetching: TanStack's `FetchStatus`.
 */
typedef enum
{
  TQ_FETCH_STATUS_IDLE,
  TQ_FETCH_STATUS_FETCHING,
  TQ_FETCH_STATUS_PAUSED,
} TqFetchStatus;

/**
 * TqNetworkMode:
 * @TQ_NETWORK_MODE_ONLINE: fetch only while online; a fetch started offline
 *   pauses at once (`'online'`, rule 27)
 * @TQ_NETWORK_MODE_ALWAYS: fetch whatever the network says; reconnecting
 *   does not refetch by default (`'always'`, rule 28)
 * @TQ_NETWORK_MODE_OFFLINE_FIRST: the first attempt always runs, retries
 *   pause while offline (`'offlineFirst'`, rule 29)
 *
 * How queries and mutations depend on the network (TanStack's
 * `networkMode`).
 */
typedef enum
{
  TQ_NETWORK_MODE_ONLINE,
  TQ_NETWORK_MODE_ALWAYS,
  TQ_NETWORK_MODE_OFFLINE_FIRST,
} TqNetworkMode;

/**
 * TqRefetchMode:
 * @TQ_REFETCH_NEVER: never refetch on this event (TanStack's `false`)
 * @TQ_REFETCH_IF_STALE: refetch if the data is stale (`true`)
 * @TQ_REFETCH_ALWAYS: refetch even if the data is fresh (`'always'`), but
 *   never a query whose `stale-time` is %TQ_STALE_TIME_STATIC (rule 14)
 *
 * The values of `refetch-on-mount`, `refetch-on-window-focus` and
 * `refetch-on-reconnect` (rules 17 and 19).
 */
typedef enum
{
  TQ_REFETCH_NEVER,
  TQ_REFETCH_IF_STALE,
  TQ_REFETCH_ALWAYS,
} TqRefetchMode;

/**
 * TqRefetchFlags:
 * @TQ_REFETCH_FLAGS_NONE: join a fetch in progress; a failure shows in the
 *   result
 * @TQ_REFETCH_FLAGS_CANCEL_REFETCH: a fetch in progress of a query that has
 *   data is cancelled and replaced (TanStack's `cancelRefetch`, rule 21)
 * @TQ_REFETCH_FLAGS_THROW_ON_ERROR: a failed fetch fails the call with its
 *   error (TanStack's `throwOnError`)
 *
 * How [method@Tq.QueryObserver.refetch_with_flags_async] refetches
 * (TanStack's `RefetchOptions`).
 */
typedef enum
{
  TQ_REFETCH_FLAGS_NONE = 0,
  TQ_REFETCH_FLAGS_CANCEL_REFETCH = 1 << 0,
  TQ_REFETCH_FLAGS_THROW_ON_ERROR = 1 << 1,
} TqRefetchFlags;

/**
 * TqQueryTypeFilter:
 * @TQ_QUERY_TYPE_ALL: every query (`'all'`)
 * @TQ_QUERY_TYPE_ACTIVE: queries with at least one enabled observer
 *   (`'active'`, rule 5)
 * @TQ_QUERY_TYPE_INACTIVE: the other queries (`'inactive'`)
 *
 * The `type` of a [class@Tq.QueryFilters].
 */
typedef enum
{
  TQ_QUERY_TYPE_ALL,
  TQ_QUERY_TYPE_ACTIVE,
  TQ_QUERY_TYPE_INACTIVE,
} TqQueryTypeFilter;

/**
 * TqRefetchType:
 * @TQ_REFETCH_TYPE_ACTIVE: refetch the matched queries that are active
 * @TQ_REFETCH_TYPE_INACTIVE: refetch the matched queries that are inactive
 * @TQ_REFETCH_TYPE_ALL: refetch every matched query
 * @TQ_REFETCH_TYPE_NONE: refetch nothing, only invalidate
 *
 * What [method@Tq.QueryClient.invalidate_queries_async] refetches after it
 * invalidated the matched queries (TanStack's `refetchType`, rule 8).
 */
typedef enum
{
  TQ_REFETCH_TYPE_ACTIVE,
  TQ_REFETCH_TYPE_INACTIVE,
  TQ_REFETCH_TYPE_ALL,
  TQ_REFETCH_TYPE_NONE,
} TqRefetchType;

/**
 * TqQueryAction:
 * @TQ_QUERY_ACTION_FETCH: a fetch started
 * @TQ_QUERY_ACTION_SUCCESS: data arrived, from a fetch or set by hand
 * @TQ_QUERY_ACTION_ERROR: a fetch failed for good
 * @TQ_QUERY_ACTION_FAILED: an attempt failed and a retry will follow
 * @TQ_QUERY_ACTION_PAUSE: the fetch paused (offline or unfocused)
 * @TQ_QUERY_ACTION_CONTINUE: a paused fetch continued
 * @TQ_QUERY_ACTION_INVALIDATE: the query was invalidated
 * @TQ_QUERY_ACTION_SET_STATE: the state was replaced (reset, revert)
 * @TQ_QUERY_ACTION_OPTIMISTIC: the optimistic layers of pending mutations
 *   over the data changed (not a TanStack action; see
 *   [method@Tq.MutationOptions.add_optimistic_update])
 *
 * The actions of a query's reducer: every state change is one of them, and
 * [signal@Tq.Query::updated] and [signal@Tq.QueryCache::query-updated] carry
 * it (section 1.5).
 */
typedef enum
{
  TQ_QUERY_ACTION_FETCH,
  TQ_QUERY_ACTION_SUCCESS,
  TQ_QUERY_ACTION_ERROR,
  TQ_QUERY_ACTION_FAILED,
  TQ_QUERY_ACTION_PAUSE,
  TQ_QUERY_ACTION_CONTINUE,
  TQ_QUERY_ACTION_INVALIDATE,
  TQ_QUERY_ACTION_SET_STATE,
  TQ_QUERY_ACTION_OPTIMISTIC,
} TqQueryAction;

/**
 * TqFetchDirection:
 * @TQ_FETCH_DIRECTION_NONE: a fetch of the whole query
 * @TQ_FETCH_DIRECTION_FORWARD: an infinite query fetches its next page
 * @TQ_FETCH_DIRECTION_BACKWARD: an infinite query fetches its previous page
 *
 * The `fetch-meta` of a query's state: which way an infinite query is
 * fetching (TanStack's `fetchMeta.fetchMore.direction`).
 */
typedef enum
{
  TQ_FETCH_DIRECTION_NONE,
  TQ_FETCH_DIRECTION_FORWARD,
  TQ_FETCH_DIRECTION_BACKWARD,
} TqFetchDirection;

/**
 * TqRealtimeState:
 * @TQ_REALTIME_STATE_STOPPED: not started, or stopped
 * @TQ_REALTIME_STATE_CONNECTING: opening the WebSocket
 * @TQ_REALTIME_STATE_CONNECTED: receiving events
 * @TQ_REALTIME_STATE_WAITING: the connection failed or closed; waiting out
 *   the backoff before connecting again
 *
 * The connection state of a [class@Tq.Realtime].
 */
typedef enum
{
  TQ_REALTIME_STATE_STOPPED,
  TQ_REALTIME_STATE_CONNECTING,
  TQ_REALTIME_STATE_CONNECTED,
  TQ_REALTIME_STATE_WAITING,
} TqRealtimeState;

/* Mutations */

/**
 * TqMutationStatus:
 * @TQ_MUTATION_STATUS_IDLE: not run yet, or reset (`'idle'`)
 * @TQ_MUTATION_STATUS_PENDING: running, waiting for its turn or for the
 *   network, or running its callbacks (`'pending'`)
 * @TQ_MUTATION_STATUS_SUCCESS: the mutation function and every callback
 *   succeeded (`'success'`)
 * @TQ_MUTATION_STATUS_ERROR: the mutation function or a callback of the
 *   success path failed (`'error'`)
 *
 * Where a mutation is: TanStack's `MutationStatus` (section 1.6 of
 * `tanstack-query-core.md`).
 */
typedef enum
{
  TQ_MUTATION_STATUS_IDLE,
  TQ_MUTATION_STATUS_PENDING,
  TQ_MUTATION_STATUS_SUCCESS,
  TQ_MUTATION_STATUS_ERROR,
} TqMutationStatus;

/**
 * TqMutationAction:
 * @TQ_MUTATION_ACTION_PENDING: the mutation started, or its `on-mutate`
 *   context arrived (`'pending'`)
 * @TQ_MUTATION_ACTION_FAILED: an attempt failed and a retry will follow
 *   (`'failed'`)
 * @TQ_MUTATION_ACTION_SUCCESS: it succeeded (`'success'`)
 * @TQ_MUTATION_ACTION_ERROR: it failed for good (`'error'`)
 * @TQ_MUTATION_ACTION_PAUSE: it paused: offline, unfocused, or waiting for
 *   its scope (`'pause'`)
 * @TQ_MUTATION_ACTION_CONTINUE: it continued (`'continue'`)
 *
 * The actions of a mutation's reducer, carried by
 * [signal@Tq.Mutation::updated] and
 * [signal@Tq.MutationCache::mutation-updated].
 */
typedef enum
{
  TQ_MUTATION_ACTION_PENDING,
  TQ_MUTATION_ACTION_FAILED,
  TQ_MUTATION_ACTION_SUCCESS,
  TQ_MUTATION_ACTION_ERROR,
  TQ_MUTATION_ACTION_PAUSE,
  TQ_MUTATION_ACTION_CONTINUE,
} TqMutationAction;

/**
 * TqHttpMutationFlags:
 * @TQ_HTTP_MUTATION_NONE: an unconditional write
 * @TQ_HTTP_MUTATION_IF_MATCH: the write carries `If-Match` with the entity
 *   tag of the last response from its URL, so that the server refuses it
 *   with `412 Precondition Failed` if the item changed since (see
 *   [method@Tq.HttpClient.dup_entity_tag])
 *
 * How [method@Tq.HttpClient.apply_mutation_full] writes.
 */
typedef enum /*< flags >*/
{
  TQ_HTTP_MUTATION_NONE = 0,
  TQ_HTTP_MUTATION_IF_MATCH = 1 << 0,
} TqHttpMutationFlags;

G_END_DECLS
