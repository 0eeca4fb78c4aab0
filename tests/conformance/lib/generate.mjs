// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Random valid scenarios from a seed (README.md, section 11). The same seed
// gives the same scenario everywhere: the generator uses its own PRNG and
// nothing else that varies.
//
// The world is small on purpose, so that things collide: a few keys that
// share prefixes, a few scripted functions that succeed, fail and take
// their time, observers of every kind with random options, and client
// operations with random filters. Two rules keep scenarios meaningful
// rather than merely valid: infinite queries live under their own keys
// (TanStack has no defined behaviour for one key used both ways), and no
// mutation gets a gc time of 0 ms (a pending mutation would re-arm its gc
// timer at the same virtual millisecond forever).

function mulberry32(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const QUERY_KEYS = [['a'], ['a', 1], ['a', 2], ['b'], ['b', { id: 1 }], ['c', 'x']]
const INFINITE_KEYS = [['inf'], ['inf', 2]]
const PREFIXES = [['a'], ['a', 1], ['b'], ['c'], ['inf'], []]
const DATA_PREFIXES = [['a'], ['a', 1], ['b'], ['c']]

export function generateScenario(seed) {
  const random = mulberry32(seed * 2654435761)
  const chance = (p) => random() < p
  const int = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1))
  const pick = (list) => list[Math.floor(random() * list.length)]
  const weighted = (pairs) => {
    const total = pairs.reduce((s, [w]) => s + w, 0)
    let r = random() * total
    for (const [w, v] of pairs) {
      r -= w
      if (r < 0) return v
    }
    return pairs[pairs.length - 1][1]
  }
  const copy = (v) => JSON.parse(JSON.stringify(v))
  const delay = () => pick([0, 0, 1, 2, 5, 10, 10, 20, 50, 100])

  // Functions ---------------------------------------------------------------
  const functions = {}
  const queryFns = []
  for (let i = 1; i <= int(1, 3); i++) {
    const outcomes = []
    for (let j = 0; j < int(1, 3); j++) {
      if (chance(0.7)) {
        outcomes.push({
          value: pick([
            'v${call}',
            { n: { $: 'call' }, k: { $: 'key' } },
            ['x', { $: 'call' }],
            'same',
            { n: 1, list: ['a', 'b'] },
          ]),
          after: delay(),
        })
      } else outcomes.push({ error: pick(['e${call}', 'fatal', 'offline']), after: delay() })
    }
    if (chance(0.05)) outcomes.push({ resolveUndefined: true, after: delay() })
    const name = `q${i}`
    functions[name] = { outcomes, then: pick(['repeatLast', 'cycle']), signal: chance(0.3) }
    queryFns.push(name)
  }
  functions.page = {
    outcomes: [
      { value: { p: { $: 'pageParam' }, c: { $: 'call' }, next: { $: 'pageParam', plus: 1 } }, after: delay() },
      ...(chance(0.3) ? [{ error: 'page failed', after: delay() }] : []),
    ],
    then: 'cycle',
    signal: chance(0.3),
  }
  const mutationFns = []
  for (let i = 1; i <= int(1, 2); i++) {
    const name = `m${i}`
    functions[name] = {
      outcomes: [
        chance(0.75)
          ? { value: pick([{ $: 'variables' }, { saved: { $: 'variables' }, n: { $: 'call' } }]), after: delay() }
          : { error: pick(['rejected', 'conflict']), after: delay() },
        ...(chance(0.4) ? [{ value: 'ok${call}', after: delay() }] : []),
      ],
      then: pick(['repeatLast', 'cycle']),
    }
    mutationFns.push(name)
  }

  // Options -----------------------------------------------------------------
  const retryOptions = (o) => {
    if (chance(0.3)) {
      const r = pick([false, 0, 1, 2, { max: 2, unless: ['fatal'] }])
      o.retry = r
    }
    if (chance(0.4)) o.retryDelay = pick([1, 5, 10, 50, { byFailureCount: [1, 10, 100] }])
  }

  const queryOptions = (infinite) => {
    const o = { queryKey: copy(pick(infinite ? INFINITE_KEYS : QUERY_KEYS)) }
    const r = random()
    if (infinite) o.queryFn = 'page'
    else if (r < 0.9) o.queryFn = pick(queryFns)
    else if (r < 0.95) o.queryFn = '$skipToken'
    if (chance(0.25)) o.enabled = pick([true, false, { flag: 'f1' }, { flag: 'f2' }])
    if (chance(0.5)) o.staleTime = pick([0, 5, 50, 1000, 'Infinity', 'static'])
    if (chance(0.3)) o.gcTime = pick([0, 10, 100, 'Infinity'])
    retryOptions(o)
    if (chance(0.15)) o.networkMode = pick(['online', 'always', 'offlineFirst'])
    if (!infinite && chance(0.15)) o.select = pick([{ path: ['n'] }, { path: [0] }, { throw: 'bad select' }, { path: ['n'], id: 'other' }])
    if (chance(0.15)) o.placeholderData = pick([{ value: 'placeholder' }, 'keepPreviousData'])
    if (!infinite && chance(0.1)) {
      o.initialData = pick(['initial', { n: 0 }])
      if (chance(0.5)) o.initialDataUpdatedAt = pick([0, 5])
    }
    if (chance(0.1)) {
      o.refetchInterval = pick([20, 50, 100])
      if (chance(0.5)) o.refetchIntervalInBackground = chance(0.5)
    }
    for (const k of ['refetchOnMount', 'refetchOnWindowFocus', 'refetchOnReconnect'])
      if (chance(0.2)) o[k] = pick([true, false, 'always'])
    if (chance(0.1)) o.retryOnMount = chance(0.5)
    if (chance(0.08)) o.notifyOnChangeProps = pick([['data'], ['data', 'status'], 'all', ['isStale']])
    if (chance(0.05)) o.structuralSharing = false
    if (chance(0.05)) o.meta = { tag: 'm' }
    if (infinite) {
      o.initialPageParam = pick([0, 1])
      o.getNextPageParam = pick([{ add: 1, max: int(1, 4) }, { field: ['next'] }, { none: true }])
      if (chance(0.5)) o.getPreviousPageParam = pick([{ add: -1, min: 0 }, { none: true }])
      if (chance(0.2)) o.maxPages = pick([2, 3])
    }
    return o
  }

  const hook = () =>
    pick([{}, {}, { after: pick([0, 5]) }, { throw: 'hook failed' }, { returns: { $: 'variables' } }])

  const mutationOptions = () => {
    const o = {}
    if (chance(0.95)) o.mutationFn = pick(mutationFns)
    if (chance(0.3)) o.mutationKey = pick([['save'], ['save', 1], ['other']])
    if (chance(0.2)) o.retry = pick([1, 2])
    if (chance(0.3)) o.retryDelay = pick([1, 5])
    if (chance(0.3)) o.scope = { id: pick(['s', 't']) }
    if (chance(0.1)) o.networkMode = pick(['online', 'always', 'offlineFirst'])
    if (chance(0.1)) o.gcTime = pick([10, 100, 'Infinity'])
    if (chance(0.25)) {
      const key = copy(pick(QUERY_KEYS))
      o.onMutate = {
        returns: { previous: { $: 'queryData', key } },
        do: [
          { op: 'cancelQueries', filters: { queryKey: key }, await: true },
          { op: 'setQueryData', queryKey: key, updater: { fn: 'set', value: { optimistic: { $: 'variables' } } } },
        ],
      }
      o.onError = { do: [{ op: 'setQueryData', queryKey: key, updater: { value: { $: 'context', path: ['previous'] } } }] }
      if (chance(0.5)) o.onSettled = { do: [{ op: 'invalidateQueries', filters: { queryKey: key } }] }
    } else {
      for (const h of ['onMutate', 'onSuccess', 'onError', 'onSettled']) if (chance(0.3)) o[h] = hook()
    }
    return o
  }

  const predicate = () =>
    pick([
      { status: pick(['pending', 'error', 'success']) },
      { hasData: chance(0.5) },
      { isInvalidated: chance(0.5) },
      { keyLength: pick([1, 2]) },
      { not: { fetchStatus: 'idle' } },
      { anyOf: [{ status: 'error' }, { isActive: false }] },
      { keyPrefix: copy(pick(PREFIXES)), observerCount: 0 },
    ])

  const filters = (prefixes = PREFIXES) => {
    const f = {}
    if (chance(0.6)) f.queryKey = copy(pick(prefixes))
    if (f.queryKey && chance(0.2)) f.exact = true
    if (chance(0.3)) f.type = pick(['all', 'active', 'inactive'])
    if (chance(0.15)) f.stale = chance(0.5)
    if (chance(0.15)) f.fetchStatus = pick(['fetching', 'paused', 'idle'])
    if (chance(0.15)) f.predicate = predicate()
    return f
  }

  // Data operations stay on keys whose data has the plain shape.
  const dataFilters = () => ({ ...filters(DATA_PREFIXES), queryKey: copy(pick(DATA_PREFIXES)) })

  const updater = () =>
    pick([
      { value: 'set${call}' },
      { value: { n: 7 } },
      { fn: 'set', value: ['s'] },
      { fn: 'merge', value: { m: 1 } },
      { fn: 'append', value: 'z' },
      { fn: 'increment', path: ['n'] },
      { fn: 'concat', value: '!' },
      { fn: 'keep' },
      { fn: 'undefined' },
      { undefined: true },
      { fn: 'remove', path: ['n'] },
    ])

  // Steps -------------------------------------------------------------------
  const observers = []
  const steps = []
  let labels = 0
  const label = () => `c${++labels}`

  const byKind = (...kinds) => observers.filter((o) => kinds.includes(o.kind))

  const newObserver = () => {
    const kind = weighted([
      [5, 'query'],
      [2, 'infinite'],
      [2, 'mutation'],
    ])
    const id = `o${observers.length + 1}`
    const entry = { id, kind, subscriptions: 0 }
    observers.push(entry)
    const options = kind === 'mutation' ? mutationOptions() : queryOptions(kind === 'infinite')
    const step = { op: 'createObserver', id, kind, options }
    if (chance(0.6)) {
      step.subscribe = true
      entry.subscriptions++
    }
    return step
  }

  const imperative = () => {
    if (chance(0.2)) {
      const o = queryOptions(true)
      const keep = {
        queryKey: o.queryKey,
        queryFn: 'page',
        initialPageParam: o.initialPageParam,
        getNextPageParam: o.getNextPageParam,
      }
      if (chance(0.5)) keep.pages = int(1, 3)
      if (o.staleTime !== undefined) keep.staleTime = o.staleTime
      return { op: pick(['infiniteQuery', 'fetchInfiniteQuery', 'prefetchInfiniteQuery', 'ensureInfiniteQueryData']), options: keep, as: label() }
    }
    const o = { queryKey: copy(pick(QUERY_KEYS)), queryFn: pick(queryFns) }
    if (chance(0.4)) o.staleTime = pick([0, 10, 1000, 'Infinity', 'static'])
    if (chance(0.2)) o.retry = pick([0, 1, false])
    if (chance(0.2)) o.retryDelay = pick([1, 5])
    if (chance(0.1)) o.gcTime = pick([0, 100])
    if (chance(0.1)) o.initialData = 'init'
    const op = pick(['query', 'fetchQuery', 'prefetchQuery', 'ensureQueryData'])
    if (op === 'query' && chance(0.2)) o.select = { path: ['n'] }
    if (op === 'ensureQueryData' && chance(0.3)) o.revalidateIfStale = true
    return { op, options: o, as: label() }
  }

  const instantStep = () => {
    const queryObs = byKind('query', 'infinite')
    const infObs = byKind('infinite')
    const mutObs = byKind('mutation')
    const subscribed = observers.filter((o) => o.subscriptions > 0)
    const choices = [
      [observers.length < 5 ? 8 : 0, () => newObserver()],
      [observers.length ? 9 : 0, () => {
        const o = pick(observers)
        o.subscriptions++
        return { op: 'subscribe', observer: o.id }
      }],
      [subscribed.length ? 6 : 0, () => {
        const o = pick(subscribed)
        o.subscriptions--
        return { op: 'unsubscribe', observer: o.id }
      }],
      [observers.length ? 4 : 0, () => {
        const o = pick(observers)
        return {
          op: 'setOptions',
          observer: o.id,
          options: o.kind === 'mutation' ? mutationOptions() : queryOptions(o.kind === 'infinite'),
        }
      }],
      [queryObs.length ? 4 : 0, () => {
        const s = { op: 'refetch', observer: pick(queryObs).id, as: label() }
        if (chance(0.3)) s.options = { cancelRefetch: chance(0.5), ...(chance(0.2) ? { throwOnError: true } : {}) }
        return s
      }],
      [infObs.length ? 5 : 0, () => {
        const s = { op: chance(0.7) ? 'fetchNextPage' : 'fetchPreviousPage', observer: pick(infObs).id, as: label() }
        if (chance(0.2)) s.options = { cancelRefetch: chance(0.5) }
        return s
      }],
      [observers.length ? 2 : 0, () => ({ op: 'getCurrentResult', observer: pick(observers).id })],
      [mutObs.length ? 5 : 0, () => {
        const s = { op: 'mutate', observer: pick(mutObs).id, variables: pick(['v1', { id: int(1, 3) }, int(1, 9)]), as: label() }
        if (chance(0.3)) {
          s.callbacks = {}
          for (const h of ['onSuccess', 'onError', 'onSettled']) if (chance(0.6)) s.callbacks[h] = {}
        }
        return s
      }],
      [mutObs.length ? 1 : 0, () => ({ op: 'reset', observer: pick(mutObs).id })],
      [1, () => ({ op: 'executeMutation', options: mutationOptions(), variables: 'x', as: label() })],
      [5, imperative],
      [5, () => {
        const s = { op: 'setQueryData', queryKey: copy(pick(QUERY_KEYS)), updater: updater() }
        if (chance(0.15)) s.updatedAt = pick([0, 1])
        return s
      }],
      [2, () => ({ op: 'getQueryData', queryKey: copy(pick([...QUERY_KEYS, ...INFINITE_KEYS])) })],
      [1, () => ({ op: 'getQueryState', queryKey: copy(pick([...QUERY_KEYS, ...INFINITE_KEYS])) })],
      [2, () => ({ op: 'setQueriesData', filters: dataFilters(), updater: updater() })],
      [1, () => ({ op: 'getQueriesData', filters: filters() })],
      [4, () => {
        const f = filters()
        if (chance(0.3)) f.refetchType = pick(['active', 'inactive', 'all', 'none'])
        const s = { op: 'invalidateQueries', filters: f, as: label() }
        if (chance(0.2)) s.options = { cancelRefetch: chance(0.5) }
        return s
      }],
      [3, () => ({ op: 'refetchQueries', filters: filters(), as: label() })],
      [3, () => {
        const s = { op: 'cancelQueries', filters: filters(), as: label() }
        if (chance(0.4)) s.options = { revert: chance(0.5), ...(chance(0.2) ? { silent: true } : {}) }
        return s
      }],
      [1, () => ({ op: 'removeQueries', filters: filters() })],
      [2, () => ({ op: 'resetQueries', filters: filters(), as: label() })],
      [1, () => ({ op: 'isFetching', filters: filters() })],
      [1, () => ({ op: 'isMutating', ...(chance(0.5) ? { filters: { status: pick(['pending', 'success']) } } : {}) })],
      [1, () => ({ op: 'find', filters: { queryKey: copy(pick(QUERY_KEYS)) } })],
      [2, () => ({ op: 'findAll', filters: filters() })],
      [1, () => {
        const o = { staleTime: pick([0, 100, 'Infinity']) }
        if (chance(0.5)) o.retry = 0
        if (chance(0.3)) o.queryFn = pick(queryFns)
        return { op: 'setQueryDefaults', queryKey: copy(pick(DATA_PREFIXES)), options: o }
      }],
      [1, () => ({ op: 'resumePausedMutations', as: label() })],
      [2, () => {
        const op = pick(['query.fetch', 'query.cancel', 'query.reset', 'query.invalidate'])
        const s = { op, queryKey: copy(pick(QUERY_KEYS)) }
        if (op === 'query.fetch' || op === 'query.cancel') s.as = label()
        if (op === 'query.cancel' && chance(0.5)) s.options = { revert: chance(0.5) }
        return s
      }],
      [2, () => ({ op: 'setFlag', flag: pick(['f1', 'f2']), value: chance(0.5) })],
      [0.2, () => ({ op: 'clear' })],
    ]
    return weighted(choices.map(([w, f]) => [w, f]))()
  }

  const observation = () =>
    pick([
      { op: 'observeQuery', queryKey: copy(pick([...QUERY_KEYS, ...INFINITE_KEYS])) },
      { op: 'observeCache' },
      { op: 'observeCalls' },
      { op: 'observeMutations' },
    ])

  steps.push(newObserver())
  const n = int(8, 30)
  let focused = true
  let online = true
  for (let i = 0; i < n; i++) {
    const kind = weighted([
      [10, 'instant'],
      [6, 'advance'],
      [1, 'focus'],
      [1, 'online'],
      [2, 'observe'],
      [1.5, 'sync'],
    ])
    if (kind === 'advance') steps.push({ op: 'advance', ms: pick([0, 1, 2, 5, 10, 20, 50, 100, 500, 1000, 3000]) })
    else if (kind === 'focus') {
      focused = !focused
      steps.push({ op: 'setFocused', value: focused })
    } else if (kind === 'online') {
      online = !online
      steps.push({ op: 'setOnline', value: online })
    } else if (kind === 'observe') steps.push(observation())
    else if (kind === 'sync') {
      const group = []
      for (let j = 0; j < int(2, 3); j++) group.push(instantStep())
      steps.push({ op: 'sync', steps: group })
    } else steps.push(instantStep())
  }
  if (!online) steps.push({ op: 'setOnline', value: true })
  if (!focused) steps.push({ op: 'setFocused', value: true })
  steps.push({ op: 'advance', ms: 2000 })
  steps.push({ op: 'observeCache' }, { op: 'observeCalls' }, { op: 'observeMutations' })
  for (const key of [...QUERY_KEYS, ...INFINITE_KEYS]) steps.push({ op: 'observeQuery', queryKey: copy(key) })

  // Client ------------------------------------------------------------------
  const client = {}
  if (chance(0.7)) {
    const queries = { retry: int(0, 2), retryDelay: pick([1, 5, 10, 50]) }
    if (chance(0.3)) queries.staleTime = pick([0, 10, 1000])
    if (chance(0.3)) queries.gcTime = pick([0, 10, 100, 1000, 'Infinity'])
    client.defaultOptions = { queries }
    if (chance(0.3)) client.defaultOptions.mutations = { retry: 1, retryDelay: 5 }
  }
  if (chance(0.2)) client.queryCache = { onSuccess: {}, onError: {}, onSettled: {} }
  if (chance(0.2)) client.mutationCache = { onMutate: {}, onSuccess: {}, onError: {}, onSettled: {} }

  const record = {}
  if (chance(0.7)) {
    record.queryCache = ['added', 'removed', 'updated']
    if (chance(0.2)) record.queryCache.push('observerAdded', 'observerRemoved')
  }
  if (chance(0.5)) record.mutationCache = ['added', 'removed', 'updated']

  const scenario = { name: `fuzz-${seed}`, rules: ['fuzz'] }
  if (Object.keys(client).length) scenario.client = client
  if (Object.keys(record).length) scenario.record = record
  scenario.functions = functions
  scenario.steps = steps
  return scenario
}
