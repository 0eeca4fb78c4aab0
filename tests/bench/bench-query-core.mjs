// SPDX-License-Identifier: LGPL-2.1-or-later
//
// @tanstack/query-core's side of the benchmarks (docs/benchmarks.md): the
// same workloads as bench-core.c, with the same sizes, checks and output
// (one JSON line of figures). Run with `node --expose-gc`, so that memory
// is measured after a full collection.
//
//   node --expose-gc bench-query-core.mjs WORKLOAD [--n=N] [--groups=G]
//        [--observers=M] [--updates=U] [--rapid=R] [--dedup=K]
//        [--fetches=F] [--mutations=X]
//
// A failed self-check prints why on stderr and exits with status 1.

import {
  MutationObserver,
  QueryClient,
  QueryObserver,
  environmentManager,
} from '@tanstack/query-core'

// As an application runs it: production mode, and client mode (not
// server), so that gc timers are armed and retries are on.
process.env.NODE_ENV = 'production'
environmentManager.setIsServer(() => false)

const sizes = {
  n: 100000,
  groups: 100,
  observers: 10000,
  updates: 10,
  rapid: 100,
  dedup: 1000,
  fetches: 10000,
  mutations: 10000,
}

const metrics = {}
const metric = (name, value) => { metrics[name] = Number(value.toPrecision(6)) }

class CheckError extends Error {}
const check = (cond, message) => { if (!cond) throw new CheckError(message) }

const nowNs = () => process.hrtime.bigint()
const ms = (ns) => Number(ns) / 1e6
const us = (ns) => Number(ns) / 1e3

const heapBytes = () => {
  globalThis.gc()
  globalThis.gc()
  return process.memoryUsage().heapUsed
}

const newClient = () => {
  const client = new QueryClient()
  client.mount()
  return client
}

// The same permutation of 0…n-1 as the C side.
const shuffled = (i, n) => Number((BigInt(i) * 1000003n) % BigInt(n))

const todoKey = (i) => ['todos', { id: i, page: i % 100 }]
const numberedTodo = (i) => ({ id: i, title: `Todo ${i}`, done: i % 2 === 0 })
const todo = (id, title, done, rev) => (rev === undefined ? { id, title, done } : { id, title, done, rev })
const revOf = (data) => (data && typeof data.rev === 'number' ? data.rev : -1)

// Resolves when `done()` says so, checked after each callback that may
// change it (the callbacks call `poke`).
const waiter = () => {
  let resolve
  const promise = new Promise((r) => { resolve = r })
  return { promise, resolve }
}

const sleep = (delay) => new Promise((r) => setTimeout(r, delay))

// {{{ cache_fill and get_hit

async function cacheFill (withGet) {
  const n = sizes.n
  const client = newClient()

  const h0 = heapBytes()
  const keys = new Array(n)
  const values = new Array(n)
  for (let i = 0; i < n; i++) {
    keys[i] = todoKey(i)
    values[i] = numberedTodo(i)
  }
  const h1 = heapBytes()

  const t0 = nowNs()
  for (let i = 0; i < n; i++) client.setQueryData(keys[i], values[i])
  const t1 = nowNs()
  const h2 = heapBytes()

  check(client.getQueryCache().getAll().length === n, `cache_fill: ${client.getQueryCache().getAll().length} queries in the cache, not ${n}`)
  for (let i = 0; i < n; i += Math.max(Math.floor(n / 1000), 1)) {
    check(client.getQueryData(keys[i]) === values[i], `cache_fill: query ${i} does not hold its data`)
  }

  metric('insert_us', us(t1 - t0) / n)
  metric('bookkeeping_bytes', (h2 - h1) / n)
  metric('key_and_data_bytes', (h1 - h0) / n)
  metric('total_bytes', (h2 - h0) / n)

  if (withGet) {
    const lookup = new Array(n)
    for (let i = 0; i < n; i++) lookup[i] = todoKey(shuffled(i, n))

    let hits = 0
    const t2 = nowNs()
    for (let i = 0; i < n; i++) {
      if (client.getQueryData(lookup[i]) === values[shuffled(i, n)]) hits++
    }
    const t3 = nowNs()

    check(hits === n, `get_hit: ${hits} of ${n} lookups found their data`)
    metric('lookup_us', us(t3 - t2) / n)
  }

  client.clear()
  client.unmount()
}

// }}}
// {{{ invalidate_prefix

function countInvalidated (client) {
  let count = 0
  for (const query of client.getQueryCache().getAll()) if (query.state.isInvalidated) count++
  return count
}

async function invalidatePrefix () {
  const groups = sizes.groups
  const perGroup = Math.max(Math.floor(sizes.n / groups), 1)
  const n = groups * perGroup
  // Calls per kind of filter, capped as on the C side (bench-core.c).
  const third = Math.min(Math.max(Math.floor(groups / 3), 1), 33)
  const client = newClient()
  const value = todo(1, 'Item', false)
  const keys = new Array(n)
  const prefixes = new Array(groups)
  const exact = new Array(groups)

  for (let g = 0; g < groups; g++) {
    prefixes[g] = ['group', g]
    exact[g] = ['group', g, 'item', Math.floor(perGroup / 2)]
    for (let i = 0; i < perGroup; i++) keys[g * perGroup + i] = ['group', g, 'item', i]
  }

  const h0 = heapBytes()
  for (let i = 0; i < n; i++) client.setQueryData(keys[i], value)
  const h1 = heapBytes()
  metric('bookkeeping_bytes', (h1 - h0) / n)

  let expected = 0
  let filters = []
  for (let g = 0; g < third; g++) filters.push({ queryKey: prefixes[g] })
  let t0 = nowNs()
  for (let g = 0; g < third; g++) await client.invalidateQueries(filters[g])
  let t1 = nowNs()
  expected += third * perGroup
  check(countInvalidated(client) === expected, `invalidate_prefix: ${countInvalidated(client)} invalidated after the prefix calls, not ${expected}`)
  metric('prefix_ms', ms(t1 - t0) / third)

  filters = []
  for (let g = third; g < 2 * third; g++) filters.push({ queryKey: exact[g], exact: true })
  t0 = nowNs()
  for (let g = 0; g < third; g++) await client.invalidateQueries(filters[g])
  t1 = nowNs()
  expected += third
  check(countInvalidated(client) === expected, `invalidate_prefix: ${countInvalidated(client)} invalidated after the exact calls, not ${expected}`)
  metric('exact_ms', ms(t1 - t0) / third)

  filters = []
  for (let g = 2 * third; g < 3 * third; g++) {
    const group = g
    filters.push({ predicate: (query) => query.queryKey[1] === group })
  }
  t0 = nowNs()
  for (let g = 0; g < third; g++) await client.invalidateQueries(filters[g])
  t1 = nowNs()
  expected += third * perGroup
  check(countInvalidated(client) === expected, `invalidate_prefix: ${countInvalidated(client)} invalidated after the predicate calls, not ${expected}`)
  metric('predicate_ms', ms(t1 - t0) / third)

  client.clear()
  client.unmount()
}

// }}}
// {{{ observer_fanout

async function observerFanout () {
  const m = sizes.observers
  const client = newClient()
  const key = ['fanout']
  const options = {
    queryKey: key,
    queryFn: () => { throw new CheckError('observer_fanout: the query function ran') },
    staleTime: Infinity,
  }
  const updates = []
  for (let u = 0; u < sizes.updates + sizes.rapid; u++) updates.push(todo(0, 'Fanout', u % 2 === 0, u + 1))
  client.setQueryData(key, todo(0, 'Fanout', false, 0))

  const perObserver = new Uint32Array(m)
  const state = { notified: 0, reached: 0, final: -1, wait: null }
  const observers = new Array(m)
  const unsubscribes = new Array(m)

  const h0 = heapBytes()
  const t0 = nowNs()
  for (let i = 0; i < m; i++) {
    const index = i
    observers[i] = new QueryObserver(client, options)
    unsubscribes[i] = observers[i].subscribe((result) => {
      state.notified++
      perObserver[index]++
      if (revOf(result.data) === state.final && ++state.reached === m) state.wait.resolve()
    })
  }
  const t1 = nowNs()
  const h1 = heapBytes()
  metric('subscribe_ms', ms(t1 - t0))
  metric('bytes_per_observer', (h1 - h0) / m)
  await sleep(5)
  check(state.notified === 0, `observer_fanout: ${state.notified} notifications before any update`)
  check(client.getQueryCache().find({ queryKey: key }).getObserversCount() === m, 'observer_fanout: not every observer is subscribed')

  let total = 0n
  for (let u = 0; u < sizes.updates; u++) {
    state.final = u + 1
    state.reached = 0
    state.wait = waiter()
    const t2 = nowNs()
    client.setQueryData(key, updates[u])
    await state.wait.promise
    total += nowNs() - t2
  }
  metric('update_ms', ms(total) / sizes.updates)
  await sleep(5)
  check(state.notified === m * sizes.updates, `observer_fanout: ${state.notified} notifications for ${sizes.updates} updates of ${m} observers`)

  perObserver.fill(0)
  state.notified = 0
  state.reached = 0
  state.final = sizes.updates + sizes.rapid
  state.wait = waiter()
  const t3 = nowNs()
  for (let u = sizes.updates; u < sizes.updates + sizes.rapid; u++) client.setQueryData(key, updates[u])
  await state.wait.promise
  const t4 = nowNs()
  await sleep(20)
  let max = 0
  for (let i = 0; i < m; i++) max = Math.max(max, perObserver[i])
  metric('rapid_total_ms', ms(t4 - t3))
  metric('rapid_notifications_per_observer', state.notified / m)
  metric('rapid_max_notifications', max)

  for (let i = 0; i < m; i++) {
    check(revOf(observers[i].getCurrentResult().data) === state.final, `observer_fanout: observer ${i} does not show the last data`)
    unsubscribes[i]()
  }
  client.clear()
  client.unmount()
}

// }}}
// {{{ dedup_fetch

async function dedupFetch () {
  const k = sizes.dedup
  const client = newClient()
  const value = todo(1, 'Dedup', false)
  const state = { calls: 0, started: 0n, done: 0n, successes: 0 }
  const wait = waiter()
  const options = {
    queryKey: ['dedup'],
    queryFn: () => {
      state.calls++
      state.started = nowNs()
      return new Promise((resolve) => setTimeout(() => { state.done = nowNs(); resolve(value) }, 10))
    },
  }
  const observers = new Array(k)
  const unsubscribes = new Array(k)

  const t0 = nowNs()
  for (let i = 0; i < k; i++) {
    let succeeded = false
    observers[i] = new QueryObserver(client, options)
    unsubscribes[i] = observers[i].subscribe((result) => {
      if (!succeeded && result.status === 'success') {
        succeeded = true
        if (++state.successes === k) wait.resolve()
      }
    })
  }
  await wait.promise
  const t1 = nowNs()

  check(state.calls === 1, `dedup_fetch: the query function ran ${state.calls} times`)
  for (let i = 0; i < k; i++) {
    const result = observers[i].getCurrentResult()
    check(result.status === 'success' && result.data === value, `dedup_fetch: observer ${i} does not show the data`)
  }
  metric('total_ms', ms(t1 - t0))
  metric('query_fn_ms', ms(state.done - state.started))
  metric('overhead_ms', ms(t1 - t0) - 10)
  metric('calls', state.calls)

  for (const unsubscribe of unsubscribes) unsubscribe()
  client.clear()
  client.unmount()
}

// }}}
// {{{ fetch_many

async function fetchMany () {
  const n = sizes.fetches
  const client = newClient()
  const value = todo(1, 'Fetched', true)
  const queryFn = () => Promise.resolve(value)
  const seqKeys = new Array(n)
  const concKeys = new Array(n)
  for (let i = 0; i < n; i++) {
    seqKeys[i] = ['sequential', i]
    concKeys[i] = ['concurrent', i]
  }

  let ok = 0
  const h0 = heapBytes()
  let t0 = nowNs()
  for (let i = 0; i < n; i++) {
    if (await client.fetchQuery({ queryKey: seqKeys[i], queryFn }) === value) ok++
  }
  let t1 = nowNs()
  const h1 = heapBytes()
  check(ok === n, `fetch_many: ${ok} of ${n} sequential fetches returned their data`)
  metric('sequential_us', us(t1 - t0) / n)
  metric('bytes_per_query', (h1 - h0) / n)

  t0 = nowNs()
  const results = await Promise.all(concKeys.map((queryKey) => client.fetchQuery({ queryKey, queryFn })))
  t1 = nowNs()
  ok = results.filter((data) => data === value).length
  check(ok === n, `fetch_many: ${ok} of ${n} concurrent fetches returned their data`)
  check(client.getQueryCache().getAll().length === 2 * n, `fetch_many: ${client.getQueryCache().getAll().length} queries in the cache, not ${2 * n}`)
  metric('concurrent_us', us(t1 - t0) / n)

  client.clear()
  client.unmount()
}

// }}}
// {{{ mutation_optimistic

async function mutationOptimistic () {
  const n = sizes.mutations
  const client = newClient()
  const key = ['todo', 1]
  const server = new Array(n + 1)
  const optimistic = new Array(n + 1)
  for (let i = 0; i <= n; i++) {
    server[i] = todo(1, 'Toggle me', i % 2 === 1, i)
    optimistic[i] = todo(1, 'Toggle me', i % 2 === 1)
  }
  const state = { serverRev: 0, queryCalls: 0, succeeded: 0, dataChanges: 0 }

  const observer = new QueryObserver(client, {
    queryKey: key,
    queryFn: () => { state.queryCalls++; return Promise.resolve(server[state.serverRev]) },
  })
  let lastData
  const first = waiter()
  const unsubscribe = observer.subscribe((result) => {
    if (result.data !== lastData) { lastData = result.data; state.dataChanges++ }
    if (result.status === 'success') first.resolve()
  })
  await first.promise
  state.dataChanges = 0

  const mutations = new MutationObserver(client, {
    mutationKey: ['toggle-todo'],
    mutationFn: (rev) => { state.serverRev = rev; return Promise.resolve(server[rev]) },
    onMutate: async (rev) => {
      await client.cancelQueries({ queryKey: key })
      const previous = client.getQueryData(key)
      client.setQueryData(key, optimistic[rev])
      return { previous }
    },
    onError: (error, rev, context) => { client.setQueryData(key, context.previous) },
    onSettled: () => client.invalidateQueries({ queryKey: key }),
  })

  const t0 = nowNs()
  for (let i = 1; i <= n; i++) {
    await mutations.mutate(i)
    state.succeeded++
  }
  const t1 = nowNs()
  await sleep(5)

  check(state.succeeded === n, `mutation_optimistic: ${state.succeeded} of ${n} mutations succeeded`)
  check(state.queryCalls === n + 1, `mutation_optimistic: the query function ran ${state.queryCalls} times for ${n} mutations`)
  check(revOf(observer.getCurrentResult().data) === n, 'mutation_optimistic: the observer does not show the server\'s last data')
  check(state.dataChanges >= 1, 'mutation_optimistic: the observer never saw the data change')

  metric('mutation_us', us(t1 - t0) / n)
  metric('observer_data_notifications', state.dataChanges)

  unsubscribe()
  client.clear()
  client.unmount()
}

// }}}

const workloads = {
  cache_fill: () => cacheFill(false),
  get_hit: () => cacheFill(true),
  invalidate_prefix: invalidatePrefix,
  observer_fanout: observerFanout,
  dedup_fetch: dedupFetch,
  fetch_many: fetchMany,
  mutation_optimistic: mutationOptimistic,
}

const positional = []
for (const arg of process.argv.slice(2)) {
  const match = /^--([a-z]+)=(\d+)$/.exec(arg)
  if (match && match[1] in sizes && Number(match[2]) > 0) sizes[match[1]] = Number(match[2])
  else if (arg.startsWith('--')) {
    console.error(`bench-query-core: bad argument ${arg}`)
    process.exit(2)
  } else positional.push(arg)
}

if (positional.length !== 1 || !(positional[0] in workloads)) {
  console.error(`usage: node --expose-gc bench-query-core.mjs ${Object.keys(workloads).join('|')} [--n=N] [--groups=G] [--observers=M] [--updates=U] [--rapid=R] [--dedup=K] [--fetches=F] [--mutations=X]`)
  process.exit(2)
}
if (typeof globalThis.gc !== 'function') {
  console.error('bench-query-core: run node with --expose-gc')
  process.exit(2)
}

const workload = positional[0]
try {
  await workloads[workload]()
} catch (error) {
  console.error(error instanceof CheckError ? `bench-query-core: self-check failed: ${error.message}` : error)
  process.exit(1)
}
console.log(JSON.stringify({ engine: 'query-core', workload, metrics }))
// Armed gc timers would keep Node alive for five minutes.
process.exit(0)
