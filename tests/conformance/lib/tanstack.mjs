// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Runs one scenario on @tanstack/query-core with fake timers and returns its
// trace as canonical JSON lines. The meaning of every step and of every
// trace line is in README.md; this file is one implementation of it, and the
// C runner is another.

import FakeTimers from '@sinonjs/fake-timers'
import {
  CancelledError,
  InfiniteQueryObserver,
  MutationCache,
  MutationObserver,
  QueryCache,
  QueryClient,
  QueryObserver,
  environmentManager,
  focusManager,
  keepPreviousData,
  onlineManager,
  partialMatchKey,
  skipToken,
  timeoutManager,
} from '@tanstack/query-core'

import { canonical, traceLine } from './canonical.mjs'
import { validateScenario } from './validate.mjs'

// TanStack reads NODE_ENV at call time: production mode leaves out the
// development warnings and checks, as an application would run it.
process.env.NODE_ENV = 'production'

// Client mode, not server: retries, gc, stale and interval timers all on.
environmentManager.setIsServer(() => false)

// TanStack reports exceptions thrown by mutation callbacks with
// `void Promise.reject(e)` ("reported asynchronously and otherwise ignored",
// rule 50). Node would stop on such a rejection; here it is ignored, as a
// browser would log it and go on.
process.on('unhandledRejection', () => {})

// setImmediate is never faked: the runner uses it to let every pending
// promise reaction run before it looks at the clock again.
const realSetImmediate = globalThis.setImmediate
const drainMicrotasks = () => new Promise((resolve) => realSetImmediate(resolve))

const MAX_DEADLINES_PER_ADVANCE = 100000

// The scenario world starts at this wall-clock time (ms since 1970), as on
// Tq's runner (RUNNER_EPOCH in runner/runner.h), not at 0: at 0 a query
// without data (dataUpdatedAt 0) would look updated at the scenario's start,
// which no real clock shows (README.md section 3). Times in the trace and
// times in scenarios are relative to it; 0 (never) stays 0.
export const EPOCH = 1_000_000_000_000

// Engine time to trace time.
const traceTime = (t) => (t === 0 ? 0 : t - EPOCH)
const TIME_FIELDS = new Set(['dataUpdatedAt', 'errorUpdatedAt', 'submittedAt'])

export const ENGINE = 'tanstack'

class RunnerError extends Error {}

const QUERY_RESULT_FIELDS = [
  'data',
  'dataUpdatedAt',
  'error',
  'errorUpdatedAt',
  'errorUpdateCount',
  'failureCount',
  'failureReason',
  'fetchStatus',
  'isEnabled',
  'isError',
  'isFetched',
  'isFetchedAfterMount',
  'isFetching',
  'isLoading',
  'isLoadingError',
  'isPaused',
  'isPending',
  'isPlaceholderData',
  'isRefetchError',
  'isRefetching',
  'isStale',
  'isSuccess',
  'status',
]
const INFINITE_RESULT_FIELDS = [
  ...QUERY_RESULT_FIELDS,
  'hasNextPage',
  'hasPreviousPage',
  'isFetchNextPageError',
  'isFetchPreviousPageError',
  'isFetchingNextPage',
  'isFetchingPreviousPage',
]
const MUTATION_RESULT_FIELDS = [
  'context',
  'data',
  'error',
  'failureCount',
  'failureReason',
  'isError',
  'isIdle',
  'isPaused',
  'isPending',
  'isSuccess',
  'status',
  'submittedAt',
  'variables',
]

// ---------------------------------------------------------------------------
// Normalisation: what reaches the trace is JSON only.

// Errors are written as their message. Errors the engine makes itself are
// written as a `$` code, because their wording (and the key text some of
// them embed) is the engine's own; scripted messages never start with `$`.
export function errorText(error) {
  if (error === null || error === undefined) return null
  if (error instanceof CancelledError) return '$cancelled'
  if (error && error.name === 'AbortError') return '$aborted'
  const message = error instanceof Error ? error.message : String(error)
  if (/^Missing queryFn: /.test(message)) return '$missingQueryFn'
  if (/ data is undefined$/.test(message)) return '$undefinedData'
  if (message === 'No mutationFn found') return '$missingMutationFn'
  return message
}

export function toJson(value) {
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined
  if (value === null) return null
  if (value instanceof Error) return errorText(value)
  if (typeof value === 'number') {
    if (value === Infinity) return 'Infinity'
    return Number.isFinite(value) ? value : undefined
  }
  if (Array.isArray(value)) return value.map((v) => toJson(v) ?? null)
  if (typeof value === 'object') {
    const out = {}
    for (const k of Object.keys(value)) {
      const v = toJson(value[k])
      if (v !== undefined) out[k] = v
    }
    return out
  }
  return value
}

function clone(value) {
  return toJson(value)
}

function pick(fields, source) {
  const out = {}
  for (const f of fields) {
    const v = source[f]
    if (f === 'error' || f === 'failureReason') out[f] = errorText(v)
    else if (TIME_FIELDS.has(f) && typeof v === 'number') out[f] = traceTime(v)
    else {
      const j = toJson(v)
      if (j !== undefined) out[f] = j
    }
  }
  return out
}

function normState(state) {
  const out = pick(
    [
      'data',
      'dataUpdateCount',
      'dataUpdatedAt',
      'errorUpdateCount',
      'errorUpdatedAt',
      'fetchFailureCount',
      'fetchStatus',
      'isInvalidated',
      'status',
    ],
    state,
  )
  out.error = errorText(state.error)
  out.fetchFailureReason = errorText(state.fetchFailureReason)
  const direction = state.fetchMeta?.fetchMore?.direction
  if (direction) out.fetchDirection = direction
  return out
}

function getPath(value, path) {
  let v = value
  for (const p of path) {
    if (v === null || typeof v !== 'object') return { found: false }
    if (Array.isArray(v) ? !(typeof p === 'number' && p < v.length) : !Object.prototype.hasOwnProperty.call(v, p))
      return { found: false }
    v = v[p]
  }
  return { found: true, value: v }
}

// ---------------------------------------------------------------------------

export async function runScenario(scenario) {
  validateScenario(scenario)

  const lines = []
  const emit = (obj) => lines.push(traceLine(obj))

  // Focused and online, both set explicitly (no listeners yet): setting
  // either to the value it has is then no change, as on Tq's managers.
  focusManager.setFocused(true)
  onlineManager.setOnline(true)

  const clock = FakeTimers.install({
    now: EPOCH,
    toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    loopLimit: 1000000,
  })

  // fake-timers gives a 0 ms timer armed while timers are firing a delay of
  // 1 ms (against endless loops). Tq's virtual clock, like a real main loop,
  // fires it at the same virtual millisecond; arm TanStack's timers (and the
  // scripted functions' ones) with that adjustment off so that "0 ms" means
  // "now" everywhere.
  const arm = (fn) => (callback, delay) => {
    const saved = clock.duringTick
    clock.duringTick = false
    try {
      return fn(callback, delay)
    } finally {
      clock.duringTick = saved
    }
  }
  const setTimer = arm((cb, delay) => clock.setTimeout(cb, delay))
  const clearTimer = (id) => clock.clearTimeout(id)
  timeoutManager.setTimeoutProvider({
    setTimeout: setTimer,
    clearTimeout: clearTimer,
    setInterval: arm((cb, delay) => clock.setInterval(cb, delay)),
    clearInterval: (id) => clock.clearInterval(id),
  })
  const sleep = (ms) => new Promise((resolve) => setTimer(resolve, ms))

  const nextDeadline = () => {
    let next
    for (const t of clock.timers?.values() ?? []) if (next === undefined || t.callAt < next) next = t.callAt
    return next
  }

  // Buffers of the current record point.
  let activity = []
  let cacheEvents = []
  let mutationEvents = []
  let settledCalls = []
  const observers = new Map()
  const observerIds = new Map()
  const functions = new Map()
  const flags = new Map()
  const recordQueryCache = new Set(scenario.record?.queryCache ?? [])
  const recordMutationCache = new Set(scenario.record?.mutationCache ?? [])
  let callSeq = 0
  // The observer being constructed: TanStack's constructors already emit
  // cache events for it, before `new` has returned it.
  let constructing = null

  // The current time as the trace prints it.
  const now = () => clock.now - EPOCH

  const recordPoint = () => {
    const t = now()
    for (const a of activity) emit({ ...a, t })
    for (const e of cacheEvents) emit({ ...e, t })
    for (const e of mutationEvents) emit({ ...e, t })
    settledCalls.sort((a, b) => a.seq - b.seq)
    for (const { seq: _seq, ...s } of settledCalls) emit({ ...s, t })
    activity = []
    cacheEvents = []
    mutationEvents = []
    settledCalls = []
    for (const entry of observers.values()) {
      if (entry.pending === undefined) continue
      const result = entry.pending
      entry.pending = undefined
      // Nobody is listening any more: a listener removed before the program
      // yielded has shown nothing to anyone (and a batching engine never
      // calls it).
      if (entry.subscriptions.length === 0) continue
      const text = canonical(result)
      if (text === entry.lastRecorded) continue
      entry.lastRecorded = text
      lines.push(`{"ev":"notify","t":${t},"observer":${JSON.stringify(entry.id)},"result":${text}}`)
    }
  }

  // Fires the earliest timer (fake-timers' next(), which also moves the
  // clock to its deadline), then lets every promise reaction it caused run.
  // One timer at a time, as a main loop dispatches them; tickAsync would
  // do the same but waits on a real timer between fake ones.
  const fireNext = async () => {
    clock.next()
    await drainMicrotasks()
  }

  const settle = async () => {
    await drainMicrotasks()
    for (;;) {
      const next = nextDeadline()
      if (next === undefined || next > clock.now) return
      await fireNext()
    }
  }

  const advance = async (ms) => {
    const target = clock.now + ms
    await settle()
    recordPoint()
    for (let n = 0; ; n++) {
      if (n > MAX_DEADLINES_PER_ADVANCE) throw new RunnerError(`more than ${MAX_DEADLINES_PER_ADVANCE} timer deadlines in one advance`)
      const next = nextDeadline()
      if (next === undefined || next > target) break
      await fireNext()
      await settle()
      recordPoint()
    }
    // No timer is due before the target: this moves time without firing.
    if (clock.now < target) clock.tick(target - clock.now)
    await settle()
    recordPoint()
  }

  // -------------------------------------------------------------------------
  // Templates

  let client

  const interpolate = (text, env) =>
    text.replace(/\$\{(call|pageParam|key|meta|variables|data|error|context)\}/g, (_, name) => {
      const v = toJson(env[name])
      if (v === undefined) return ''
      return typeof v === 'string' ? v : canonical(v)
    })

  const evalTemplate = (t, env) => {
    if (typeof t === 'string') return interpolate(t, env)
    if (Array.isArray(t)) return t.map((x) => evalTemplate(x, env) ?? null)
    if (t && typeof t === 'object') {
      if ('$' in t) {
        let v
        if (t.$ === 'queryData') v = client.getQueryData(t.key)
        else v = env[t.$]
        v = toJson(v)
        if (t.path) {
          const r = getPath(v, t.path)
          v = r.found ? r.value : undefined
        }
        if (typeof v === 'number' && (t.times !== undefined || t.plus !== undefined)) v = v * (t.times ?? 1) + (t.plus ?? 0)
        return clone(v)
      }
      const out = {}
      for (const k of Object.keys(t)) {
        const v = evalTemplate(t[k], env)
        if (v !== undefined) out[k] = v
      }
      return out
    }
    return t
  }

  // -------------------------------------------------------------------------
  // Scripted functions

  for (const [name, script] of Object.entries(scenario.functions ?? {})) {
    const outcomes = script.outcomes ?? [script]
    functions.set(name, {
      name,
      outcomes,
      then: script.then ?? 'repeatLast',
      signal: script.signal ?? false,
      calls: 0,
      queryFn: null,
      mutationFn: null,
    })
  }

  const outcomeFor = (fn, n) => {
    const len = fn.outcomes.length
    if (n <= len) return fn.outcomes[n - 1]
    return fn.then === 'cycle' ? fn.outcomes[(n - 1) % len] : fn.outcomes[len - 1]
  }

  const runOutcome = (outcome, env, signal) => {
    const value =
      outcome.error !== undefined || outcome.resolveUndefined ? undefined : evalTemplate(outcome.value, env)
    const message = outcome.error !== undefined ? interpolate(outcome.error, env) : undefined
    return new Promise((resolve, reject) => {
      const id = setTimer(() => {
        if (message !== undefined) reject(new Error(message))
        else resolve(value)
      }, outcome.after ?? 0)
      if (signal) {
        // A function that takes the signal stops when it is aborted, as
        // fetch() does; the engine has already settled the fetch by then.
        const onAbort = () => {
          clearTimer(id)
          const e = new Error('aborted')
          e.name = 'AbortError'
          reject(e)
        }
        if (signal.aborted) onAbort()
        else signal.addEventListener('abort', onAbort, { once: true })
      }
    })
  }

  const queryFnFor = (name) => {
    const fn = functions.get(name)
    if (!fn.queryFn) {
      fn.queryFn = (ctx) => {
        fn.calls += 1
        const n = fn.calls
        const env = { call: n, key: ctx.queryKey, meta: ctx.meta }
        const line = { ev: 'call', fn: name, n, key: toJson(ctx.queryKey) }
        if ('pageParam' in ctx) {
          env.pageParam = ctx.pageParam
          line.pageParam = toJson(ctx.pageParam) ?? null
        }
        activity.push(line)
        const signal = fn.signal ? ctx.signal : undefined
        return runOutcome(outcomeFor(fn, n), env, signal)
      }
    }
    return fn.queryFn
  }

  const mutationFnFor = (name) => {
    const fn = functions.get(name)
    if (!fn.mutationFn) {
      fn.mutationFn = (variables, ctx) => {
        fn.calls += 1
        const n = fn.calls
        const env = { call: n, variables, key: ctx.mutationKey, meta: ctx.meta }
        activity.push({ ev: 'call', fn: name, n, variables: toJson(variables) })
        return runOutcome(outcomeFor(fn, n), env, undefined)
      }
    }
    return fn.mutationFn
  }

  // -------------------------------------------------------------------------
  // Hooks: recorded, then they run their `do` steps, return `returns`,
  // optionally after a delay, optionally throwing.

  const makeHook = (spec, hookName, argNames) => {
    return (...args) => {
      const env = {}
      argNames.forEach((n, i) => {
        if (n) env[n] = args[i]
      })
      const line = { ev: 'hook', hook: hookName }
      if (env.mutation) line.mutation = env.mutation.mutationId
      if (env.query) line.key = toJson(env.query.queryKey)
      if ('variables' in env) line.variables = toJson(env.variables)
      if ('data' in env) line.data = toJson(env.data)
      if ('error' in env) line.error = errorText(env.error)
      if ('context' in env) line.context = toJson(env.context)
      activity.push(line)
      if (env.query) {
        env.key = env.query.queryKey
        env.meta = env.query.meta
      }
      if (env.ctx) {
        env.key = env.ctx.mutationKey
        env.meta = env.ctx.meta
      }
      if (env.error !== undefined && env.error !== null) env.error = errorText(env.error)

      const returned = spec.returns !== undefined ? evalTemplate(spec.returns, env) : undefined
      const todo = spec.do ?? []
      const isAsync = spec.after !== undefined || todo.some((s) => s.await)
      if (!isAsync) {
        for (const s of todo) runHookStep(s, env)
        if (spec.throw !== undefined) throw new Error(interpolate(spec.throw, env))
        return returned
      }
      return (async () => {
        for (const s of todo) {
          const p = runHookStep(s, env)
          if (s.await && p && typeof p.then === 'function') await p
        }
        if (spec.after !== undefined) await sleep(spec.after)
        if (spec.throw !== undefined) throw new Error(interpolate(spec.throw, env))
        return returned
      })()
    }
  }

  // The arguments TanStack passes to each callback, by name; `ctx` is the
  // MutationFunctionContext ({client, meta, mutationKey}).
  const MUTATION_HOOK_ARGS = {
    'mutation.onMutate': ['variables', 'ctx'],
    'mutation.onSuccess': ['data', 'variables', 'context', 'ctx'],
    'mutation.onError': ['error', 'variables', 'context', 'ctx'],
    'mutation.onSettled': ['data', 'error', 'variables', 'context', 'ctx'],
    'mutationCache.onMutate': ['variables', 'mutation', 'ctx'],
    'mutationCache.onSuccess': ['data', 'variables', 'context', 'mutation', 'ctx'],
    'mutationCache.onError': ['error', 'variables', 'context', 'mutation', 'ctx'],
    'mutationCache.onSettled': ['data', 'error', 'variables', 'context', 'mutation', 'ctx'],
    'mutate.onSuccess': ['data', 'variables', 'context', 'ctx'],
    'mutate.onError': ['error', 'variables', 'context', 'ctx'],
    'mutate.onSettled': ['data', 'error', 'variables', 'context', 'ctx'],
    'queryCache.onSuccess': ['data', 'query'],
    'queryCache.onError': ['error', 'query'],
    'queryCache.onSettled': ['data', 'error', 'query'],
  }
  const hookFor = (spec, name) => makeHook(spec, name, MUTATION_HOOK_ARGS[name])

  // -------------------------------------------------------------------------
  // Options. Every option value an observer gets is interned per observer:
  // the same JSON in two setOptions calls gives the same JavaScript value
  // (the same function, for select and the others), as an application that
  // keeps its options stable would pass.

  const intern = (memo, field, spec, build) => {
    if (!memo) return build()
    const k = `${field}:${canonical(spec)}`
    if (!memo.has(k)) memo.set(k, build())
    return memo.get(k)
  }

  const msValue = (v) => (v === 'Infinity' ? Infinity : v)

  const buildRetry = (v) => {
    if (typeof v !== 'object') return v
    const unless = new Set(v.unless ?? [])
    return (failureCount, error) => failureCount < v.max && !unless.has(errorText(error))
  }

  const buildRetryDelay = (v) => {
    if (typeof v !== 'object') return v
    const list = v.byFailureCount
    return (failureCount) => list[Math.min(failureCount, list.length - 1)]
  }

  const buildPageParam = (rule) => {
    if (rule.none) return () => null
    if (rule.field) return (page) => {
      const r = getPath(toJson(page), rule.field)
      return r.found && r.value !== undefined ? r.value : null
    }
    return (_page, _pages, param) => {
      if (typeof param !== 'number') return null
      const next = param + rule.add
      if (rule.min !== undefined && next < rule.min) return null
      if (rule.max !== undefined && next > rule.max) return null
      return next
    }
  }

  const buildSelect = (spec, entry) => {
    return (data) => {
      if (entry) entry.selectRuns += 1
      if (spec.throw !== undefined) throw new Error(spec.throw)
      const r = getPath(toJson(data), spec.path)
      if (!r.found) throw new Error('$selectPath')
      return clone(r.value)
    }
  }

  const buildQueryOptions = (spec, memo, entry) => {
    const o = {}
    for (const [k, v] of Object.entries(spec)) {
      switch (k) {
        case 'queryFn':
          o.queryFn = v === '$skipToken' ? skipToken : queryFnFor(v)
          break
        case 'enabled':
          o.enabled =
            typeof v === 'boolean'
              ? v
              : intern(memo, k, v, () => () => flags.get(v.flag) ?? false)
          break
        case 'staleTime':
        case 'gcTime':
          o[k] = msValue(v)
          break
        case 'initialDataUpdatedAt':
          o[k] = EPOCH + v
          break
        case 'retry':
          o.retry = intern(memo, k, v, () => buildRetry(v))
          break
        case 'retryDelay':
          o.retryDelay = intern(memo, k, v, () => buildRetryDelay(v))
          break
        case 'select':
          o.select = intern(memo, k, v, () => buildSelect(v, entry))
          break
        case 'placeholderData':
          o.placeholderData =
            v === 'keepPreviousData' ? keepPreviousData : intern(memo, k, v, () => clone(v.value))
          break
        case 'getNextPageParam':
        case 'getPreviousPageParam':
          o[k] = intern(memo, k, v, () => buildPageParam(v))
          break
        case 'queryKey':
        case 'initialData':
        case 'meta':
        case 'initialPageParam':
        case 'notifyOnChangeProps':
          o[k] = intern(memo, k, v, () => (k === 'initialData' ? evalTemplate(v, {}) : clone(v)))
          break
        default:
          o[k] = v
      }
    }
    return o
  }

  const buildMutationOptions = (spec, memo) => {
    const o = {}
    for (const [k, v] of Object.entries(spec)) {
      switch (k) {
        case 'mutationFn':
          o.mutationFn = mutationFnFor(v)
          break
        case 'gcTime':
          o.gcTime = msValue(v)
          break
        case 'retry':
          o.retry = intern(memo, k, v, () => buildRetry(v))
          break
        case 'retryDelay':
          o.retryDelay = intern(memo, k, v, () => buildRetryDelay(v))
          break
        case 'onMutate':
        case 'onSuccess':
        case 'onError':
        case 'onSettled':
          o[k] = intern(memo, k, v, () => hookFor(v, `mutation.${k}`))
          break
        case 'mutationKey':
        case 'scope':
        case 'meta':
          o[k] = intern(memo, k, v, () => clone(v))
          break
        default:
          o[k] = v
      }
    }
    return o
  }

  const buildDefaultOptions = (spec) => {
    const o = {}
    if (spec.queries) o.queries = buildQueryOptions(spec.queries, null, null)
    if (spec.mutations) o.mutations = buildMutationOptions(spec.mutations, null)
    return o
  }

  // -------------------------------------------------------------------------
  // Filters, predicates, updaters

  const jsonEquals = (a, b) => {
    const x = toJson(a)
    const y = toJson(b)
    if (x === undefined || y === undefined) return x === y
    return canonical(x) === canonical(y)
  }

  const queryPredicate = (p) => (query) => {
    const s = query.state
    if (p.status !== undefined && s.status !== p.status) return false
    if (p.fetchStatus !== undefined && s.fetchStatus !== p.fetchStatus) return false
    if (p.isInvalidated !== undefined && s.isInvalidated !== p.isInvalidated) return false
    if (p.hasData !== undefined && (s.data !== undefined) !== p.hasData) return false
    if (p.isActive !== undefined && query.isActive() !== p.isActive) return false
    if (p.observerCount !== undefined && query.getObserversCount() !== p.observerCount) return false
    if (p.keyPrefix !== undefined && !partialMatchKey(query.queryKey, p.keyPrefix)) return false
    if (p.keyLength !== undefined && query.queryKey.length !== p.keyLength) return false
    if ('dataEquals' in p && !jsonEquals(s.data, p.dataEquals)) return false
    if (p.not !== undefined && queryPredicate(p.not)(query)) return false
    if (p.anyOf !== undefined && !p.anyOf.some((q) => queryPredicate(q)(query))) return false
    return true
  }

  const mutationPredicate = (p) => (mutation) => {
    const s = mutation.state
    if (p.status !== undefined && s.status !== p.status) return false
    if (p.isPaused !== undefined && s.isPaused !== p.isPaused) return false
    if ('variablesEquals' in p && !jsonEquals(s.variables, p.variablesEquals)) return false
    if (p.not !== undefined && mutationPredicate(p.not)(mutation)) return false
    if (p.anyOf !== undefined && !p.anyOf.some((q) => mutationPredicate(q)(mutation))) return false
    return true
  }

  const buildFilters = (f) => {
    if (!f) return undefined
    const o = {}
    for (const [k, v] of Object.entries(f)) {
      if (k === 'predicate') o.predicate = queryPredicate(v)
      else if (k === 'queryKey') o.queryKey = clone(v)
      else o[k] = v
    }
    return o
  }

  const buildMutationFilters = (f) => {
    if (!f) return undefined
    const o = {}
    for (const [k, v] of Object.entries(f)) {
      if (k === 'predicate') o.predicate = mutationPredicate(v)
      else if (k === 'mutationKey') o.mutationKey = clone(v)
      else o[k] = v
    }
    return o
  }

  const updaterFailure = (code) => new Error(code)

  const applyUpdaterFn = (u, old, env) => {
    if (u.fn === 'set') return evalTemplate(u.value, env)
    if (u.fn === 'keep') return old
    if (u.fn === 'undefined') return undefined
    if (old === undefined) return undefined
    const root = clone(old)
    const path = u.path ?? []
    const change = (target) => {
      switch (u.fn) {
        case 'merge':
          if (!target || typeof target !== 'object' || Array.isArray(target)) throw updaterFailure('$updaterType')
          return { ...target, ...evalTemplate(u.value, env) }
        case 'append':
        case 'prepend': {
          if (!Array.isArray(target)) throw updaterFailure('$updaterType')
          const item = evalTemplate(u.value, env) ?? null
          return u.fn === 'append' ? [...target, item] : [item, ...target]
        }
        case 'increment':
          if (typeof target !== 'number') throw updaterFailure('$updaterType')
          return target + (u.by ?? 1)
        case 'concat':
          if (typeof target !== 'string') throw updaterFailure('$updaterType')
          return target + interpolate(u.value, env)
        default:
          throw new RunnerError(`unknown updater ${u.fn}`)
      }
    }
    if (u.fn === 'remove') {
      if (path.length === 0) throw updaterFailure('$updaterPath')
      const parent = getPath(root, path.slice(0, -1))
      const last = path[path.length - 1]
      if (!parent.found || !getPath(root, path).found) throw updaterFailure('$updaterPath')
      if (Array.isArray(parent.value)) parent.value.splice(last, 1)
      else delete parent.value[last]
      return root
    }
    if (path.length === 0) return change(root)
    const parent = getPath(root, path.slice(0, -1))
    if (!parent.found || !getPath(root, path).found) throw updaterFailure('$updaterPath')
    parent.value[path[path.length - 1]] = change(parent.value[path[path.length - 1]])
    return root
  }

  const buildUpdater = (u, env) => {
    if (u.undefined) return undefined
    if (u.fn === undefined) return evalTemplate(u.value, env)
    return (old) => applyUpdaterFn(u, old, env)
  }

  // -------------------------------------------------------------------------
  // The client

  const queryCacheConfig = {}
  for (const h of ['onSuccess', 'onError', 'onSettled']) {
    const spec = scenario.client?.queryCache?.[h]
    if (spec) queryCacheConfig[h] = hookFor(spec, `queryCache.${h}`)
  }
  const mutationCacheConfig = {}
  for (const h of ['onMutate', 'onSuccess', 'onError', 'onSettled']) {
    const spec = scenario.client?.mutationCache?.[h]
    if (spec) mutationCacheConfig[h] = hookFor(spec, `mutationCache.${h}`)
  }
  client = new QueryClient({
    queryCache: new QueryCache(queryCacheConfig),
    mutationCache: new MutationCache(mutationCacheConfig),
    defaultOptions: scenario.client?.defaultOptions ? buildDefaultOptions(scenario.client.defaultOptions) : {},
  })
  client.mount()

  const unsubscribeQueryCache = client.getQueryCache().subscribe((event) => {
    if (!recordQueryCache.has(event.type)) return
    const line = { ev: 'queryCache', type: event.type, key: toJson(event.query.queryKey) }
    if (event.type === 'updated') line.action = event.action.type
    if (event.observer) line.observer = observerIds.get(event.observer) ?? constructing
    cacheEvents.push(line)
  })
  const unsubscribeMutationCache = client.getMutationCache().subscribe((event) => {
    if (!recordMutationCache.has(event.type)) return
    const line = { ev: 'mutationCache', type: event.type }
    if (event.mutation) line.mutation = event.mutation.mutationId
    if (event.type === 'updated') line.action = event.action.type
    if (event.observer) line.observer = observerIds.get(event.observer) ?? constructing
    mutationEvents.push(line)
  })

  const findQuery = (queryKey) => client.getQueryCache().find({ queryKey, exact: true })

  const resultFields = (kind) =>
    kind === 'mutation' ? MUTATION_RESULT_FIELDS : kind === 'infinite' ? INFINITE_RESULT_FIELDS : QUERY_RESULT_FIELDS

  const normResult = (entry, result) => pick(resultFields(entry.kind), result)

  const needEntry = (id) => {
    const entry = observers.get(id)
    if (!entry) throw new RunnerError(`no observer "${id}"`)
    return entry
  }

  const mutationSummary = (m) => {
    const out = { id: m.mutationId, ...pick(MUTATION_STATE_FIELDS, m.state) }
    if (m.options.mutationKey) out.key = toJson(m.options.mutationKey)
    if (m.options.scope) out.scope = m.options.scope.id
    return out
  }

  // Promise-returning operations: the outcome is recorded at the record
  // point where it settles. `value` says how a fulfilment is written.
  const track = (label, promise, value) => {
    const seq = callSeq++
    promise.then(
      (v) => {
        const line = { ev: 'settled', call: label, status: 'fulfilled', seq }
        if (value) {
          const j = value(v)
          if (j !== undefined) line.value = j
        }
        settledCalls.push(line)
      },
      (e) => settledCalls.push({ ev: 'settled', call: label, status: 'rejected', error: errorText(e), seq }),
    )
  }

  // Runs a client operation; used by steps and by hooks. Returns
  // {promise, value} where value turns a fulfilment into trace JSON, or
  // {result} for a synchronous operation that returns something.
  const clientOp = (s, env) => {
    switch (s.op) {
      case 'query':
      case 'fetchQuery':
      case 'ensureQueryData':
      case 'infiniteQuery':
      case 'fetchInfiniteQuery':
      case 'ensureInfiniteQueryData':
        return { promise: client[s.op](buildQueryOptions(s.options, null, null)), value: toJson }
      case 'prefetchQuery':
      case 'prefetchInfiniteQuery':
        return { promise: client[s.op](buildQueryOptions(s.options, null, null)) }
      case 'getQueryData':
        return { result: toJson(client.getQueryData(clone(s.queryKey))) }
      case 'getQueryState': {
        const state = client.getQueryState(clone(s.queryKey))
        return { result: state ? normState(state) : null }
      }
      case 'setQueryData':
        return {
          result: toJson(
            client.setQueryData(
              clone(s.queryKey),
              buildUpdater(s.updater, env),
              s.updatedAt !== undefined ? { updatedAt: EPOCH + s.updatedAt } : undefined,
            ),
          ),
        }
      case 'getQueriesData':
        return { result: client.getQueriesData(buildFilters(s.filters)).map(([k, d]) => [toJson(k), toJson(d) ?? null]) }
      case 'setQueriesData':
        return {
          result: client
            .setQueriesData(
              buildFilters(s.filters),
              buildUpdater(s.updater, env),
              s.updatedAt !== undefined ? { updatedAt: EPOCH + s.updatedAt } : undefined,
            )
            .map(([k, d]) => [toJson(k), toJson(d) ?? null]),
        }
      case 'invalidateQueries':
        return { promise: client.invalidateQueries(buildFilters(s.filters), s.options) }
      case 'refetchQueries':
        return { promise: client.refetchQueries(buildFilters(s.filters), s.options) }
      case 'cancelQueries':
        return { promise: client.cancelQueries(buildFilters(s.filters), s.options) }
      case 'removeQueries':
        client.removeQueries(buildFilters(s.filters))
        return {}
      case 'resetQueries':
        return { promise: client.resetQueries(buildFilters(s.filters), s.options) }
      case 'setQueryDefaults':
        client.setQueryDefaults(clone(s.queryKey), buildQueryOptions(s.options, null, null))
        return {}
      case 'query.fetch':
      case 'query.cancel':
      case 'query.reset':
      case 'query.invalidate': {
        const q = findQuery(s.queryKey)
        if (!q) throw new Error('$noQuery')
        if (s.op === 'query.fetch') return { promise: q.fetch(), value: toJson }
        if (s.op === 'query.cancel') return { promise: q.cancel(s.options) }
        if (s.op === 'query.reset') q.reset()
        else q.invalidate()
        return {}
      }
      default:
        throw new RunnerError(`"${s.op}" is not a client operation`)
    }
  }

  const runHookStep = (s, env) => clientOp(s, env).promise

  const queryInfo = (q) => ({
    ...normState(q.state),
    gcTime: toJson(q.gcTime),
    isActive: q.isActive(),
    isDisabled: q.isDisabled(),
    isStale: q.isStale(),
    isStatic: q.isStatic(),
    observers: q.getObserversCount(),
  })

  // Runs one step; returns lines to print at once (before settling).
  // Runs one step; `advance` is the only one that takes time. A step runs
  // synchronously otherwise, and so does a `sync` group: its steps run back
  // to back in one turn, with no promise reaction between them (README.md
  // section 3), as they would in one synchronous block of an application.
  const runStep = async (s, where) => {
    if (s.op === 'advance') {
      emit({ ev: 'step', i: where.i, op: s.op, t: now() })
      await advance(s.ms)
      return
    }
    runInstantStep(s, where)
    if (!where.inSync) {
      await settle()
      recordPoint()
    }
  }

  const runInstantStep = (s, where) => {
    const t = now()
    const label = s.as ?? (where.sub === undefined ? `s${where.i}` : `s${where.i}.${where.sub}`)
    const out = []
    const stepLine = { ev: 'step', i: where.i, op: s.op, t }
    if (where.sub !== undefined) stepLine.sub = where.sub
    emit(stepLine)
    try {
      switch (s.op) {
        case 'flush':
          break
        case 'setFocused':
          focusManager.setFocused(s.value)
          break
        case 'setOnline':
          onlineManager.setOnline(s.value)
          break
        case 'setFlag':
          flags.set(s.flag, s.value)
          break
        case 'sync':
          for (let j = 0; j < s.steps.length; j++) runInstantStep(s.steps[j], { i: where.i, sub: j, inSync: true })
          break
        case 'createObserver': {
          const entry = {
            id: s.id,
            kind: s.kind,
            memo: new Map(),
            subscriptions: [],
            pending: undefined,
            lastRecorded: undefined,
            selectRuns: 0,
            hasSelect: false,
            obs: null,
          }
          observers.set(s.id, entry)
          constructing = s.id
          try {
            if (s.kind === 'mutation') entry.obs = new MutationObserver(client, buildMutationOptions(s.options, entry.memo))
            else {
              entry.hasSelect = 'select' in s.options
              const opts = buildQueryOptions(s.options, entry.memo, entry)
              entry.obs =
                s.kind === 'infinite' ? new InfiniteQueryObserver(client, opts) : new QueryObserver(client, opts)
            }
          } finally {
            constructing = null
          }
          observerIds.set(entry.obs, s.id)
          if (s.subscribe) subscribe(entry)
          break
        }
        case 'subscribe':
          subscribe(needEntry(s.observer))
          break
        case 'unsubscribe': {
          const entry = needEntry(s.observer)
          const unsubscribe = entry.subscriptions.pop()
          if (!unsubscribe) throw new Error('$notSubscribed')
          unsubscribe()
          break
        }
        case 'setOptions': {
          const entry = needEntry(s.observer)
          if (entry.kind === 'mutation') entry.obs.setOptions(buildMutationOptions(s.options, entry.memo))
          else {
            if ('select' in s.options) entry.hasSelect = true
            entry.obs.setOptions(buildQueryOptions(s.options, entry.memo, entry))
          }
          break
        }
        case 'refetch':
        case 'fetchNextPage':
        case 'fetchPreviousPage': {
          const entry = needEntry(s.observer)
          track(label, entry.obs[s.op](s.options), (r) => normResult(entry, r))
          break
        }
        case 'getCurrentResult': {
          const entry = needEntry(s.observer)
          out.push({ ev: 'result', observer: s.observer, result: normResult(entry, entry.obs.getCurrentResult()) })
          break
        }
        case 'mutate': {
          const entry = needEntry(s.observer)
          const callbacks = {}
          for (const h of ['onSuccess', 'onError', 'onSettled'])
            if (s.callbacks?.[h]) callbacks[h] = hookFor(s.callbacks[h], `mutate.${h}`)
          const variables = s.variables === undefined ? undefined : evalTemplate(s.variables, {})
          track(label, entry.obs.mutate(variables, s.callbacks ? callbacks : undefined), toJson)
          break
        }
        case 'reset':
          needEntry(s.observer).obs.reset()
          break
        case 'executeMutation': {
          const variables = s.variables === undefined ? undefined : evalTemplate(s.variables, {})
          const mutation = client.getMutationCache().build(client, buildMutationOptions(s.options, null))
          track(label, mutation.execute(variables), toJson)
          break
        }
        case 'resumePausedMutations':
          track(label, client.resumePausedMutations())
          break
        case 'isFetching':
          out.push({ ev: 'return', value: client.isFetching(buildFilters(s.filters)) })
          break
        case 'isMutating':
          out.push({ ev: 'return', value: client.isMutating(buildMutationFilters(s.filters)) })
          break
        case 'find': {
          const q = client.getQueryCache().find(buildFilters(s.filters))
          out.push({ ev: 'return', value: q ? toJson(q.queryKey) : null })
          break
        }
        case 'findAll':
          out.push({
            ev: 'return',
            value: client.getQueryCache().findAll(buildFilters(s.filters)).map((q) => toJson(q.queryKey)),
          })
          break
        case 'clear':
          client.clear()
          break
        case 'setMutationDefaults':
          client.setMutationDefaults(clone(s.mutationKey), buildMutationOptions(s.options, null))
          break
        case 'setDefaultOptions':
          client.setDefaultOptions(buildDefaultOptions(s.options))
          break
        case 'observeQuery': {
          const q = findQuery(s.queryKey)
          out.push({ ev: 'query', key: s.queryKey, query: q ? queryInfo(q) : null })
          break
        }
        case 'observeCache':
          out.push({ ev: 'cache', queries: client.getQueryCache().getAll().map((q) => toJson(q.queryKey)) })
          break
        case 'observeCalls': {
          const counts = {}
          for (const fn of functions.values()) counts[fn.name] = fn.calls
          const selects = {}
          for (const entry of observers.values()) if (entry.hasSelect) selects[entry.id] = entry.selectRuns
          out.push({ ev: 'calls', counts, selects })
          break
        }
        case 'observeMutations':
          out.push({ ev: 'mutations', mutations: client.getMutationCache().getAll().map(mutationSummary) })
          break
        default: {
          const r = clientOp(s, {})
          if (r.promise) track(label, r.promise, r.value)
          else if ('result' in r) out.push({ ev: 'return', value: r.result })
        }
      }
    } catch (e) {
      if (e instanceof RunnerError) throw e
      out.push({ ev: 'threw', error: errorText(e) })
    }
    for (const line of out) {
      if (line.value === undefined) delete line.value
      emit({ ...line, t })
    }
  }

  const subscribe = (entry) => {
    const listener = (result) => {
      entry.pending = normResult(entry, result)
    }
    entry.subscriptions.push(entry.obs.subscribe(listener))
  }

  emit({ ev: 'scenario', name: scenario.name })
  try {
    await settle()
    for (let i = 0; i < scenario.steps.length; i++) await runStep(scenario.steps[i], { i })
  } finally {
    unsubscribeQueryCache()
    unsubscribeMutationCache()
    client.unmount()
    clock.uninstall()
    focusManager.setFocused(undefined)
    onlineManager.setOnline(true)
  }
  return lines
}

const MUTATION_STATE_FIELDS = [
  'context',
  'data',
  'error',
  'failureCount',
  'failureReason',
  'isPaused',
  'status',
  'submittedAt',
  'variables',
]
