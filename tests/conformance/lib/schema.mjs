// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The scenario format as a JSON Schema (draft 2020-12), written as a compact
// JavaScript object. `node lib/schema.mjs` prints it; the committed
// scenario.schema.json is that output, and the `conformance-schema` test
// checks that the two agree.

const MAX_MS = 1000000000

const ms = { type: 'integer', minimum: 0, maximum: MAX_MS }
const int = { type: 'integer' }
const bool = { type: 'boolean' }
const str = { type: 'string' }
const json = {}
const ref = (name) => ({ $ref: `#/$defs/${name}` })
const arrayOf = (items, extra = {}) => ({ type: 'array', items, ...extra })
const oneOfConst = (...values) => ({ enum: values })
const obj = (properties, required = [], extra = {}) => ({
  type: 'object',
  properties,
  required,
  additionalProperties: false,
  ...extra,
})

const common = { comment: str }

// An anyOf with a description: validate.mjs prints the description when a
// value fits none of the forms, instead of one complaint per form.
const forms = (description, ...alternatives) => ({ description, anyOf: alternatives })

// A step: `op` plus its fields. `as` names the call in the trace for the
// operations that return a promise; `await` is allowed only inside a hook's
// `do` list (checked by validate.mjs).
const step = (op, properties = {}, required = [], { promise = false } = {}) => ({
  op,
  schema: obj(
    {
      op: { const: op },
      ...common,
      ...(promise ? { as: ref('label'), await: bool } : {}),
      ...properties,
    },
    ['op', ...required],
  ),
})

const imperative = (op) =>
  step(op, { options: ref('queryOptionsWithKey') }, ['options'], { promise: true })

const steps = [
  // time, environment
  step('advance', { ms }, ['ms']),
  step('flush'),
  step('setFocused', { value: bool }, ['value']),
  step('setOnline', { value: bool }, ['value']),
  step('setFlag', { flag: ref('name'), value: bool }, ['flag', 'value']),
  step('sync', { steps: arrayOf(ref('step'), { minItems: 1 }) }, ['steps']),

  // observers
  step(
    'createObserver',
    {
      id: ref('name'),
      kind: oneOfConst('query', 'infinite', 'mutation'),
      options: { type: 'object' },
      subscribe: bool,
    },
    ['id', 'kind', 'options'],
  ),
  step('subscribe', { observer: ref('name') }, ['observer']),
  step('unsubscribe', { observer: ref('name') }, ['observer']),
  step('setOptions', { observer: ref('name'), options: { type: 'object' } }, [
    'observer',
    'options',
  ]),
  step('refetch', { observer: ref('name'), options: ref('refetchOptions') }, ['observer'], {
    promise: true,
  }),
  step('fetchNextPage', { observer: ref('name'), options: ref('refetchOptions') }, ['observer'], {
    promise: true,
  }),
  step(
    'fetchPreviousPage',
    { observer: ref('name'), options: ref('refetchOptions') },
    ['observer'],
    { promise: true },
  ),
  step('getCurrentResult', { observer: ref('name') }, ['observer']),
  step(
    'mutate',
    {
      observer: ref('name'),
      variables: json,
      callbacks: obj({ onSuccess: ref('hook'), onError: ref('hook'), onSettled: ref('hook') }),
    },
    ['observer'],
    { promise: true },
  ),
  step('reset', { observer: ref('name') }, ['observer']),

  // mutations without an observer
  step('executeMutation', { options: ref('mutationOptions'), variables: json }, ['options'], {
    promise: true,
  }),
  step('resumePausedMutations', {}, [], { promise: true }),

  // imperative queries
  imperative('query'),
  imperative('fetchQuery'),
  imperative('prefetchQuery'),
  imperative('ensureQueryData'),
  imperative('infiniteQuery'),
  imperative('fetchInfiniteQuery'),
  imperative('prefetchInfiniteQuery'),
  imperative('ensureInfiniteQueryData'),

  // cache data
  step('getQueryData', { queryKey: ref('key') }, ['queryKey']),
  step('getQueryState', { queryKey: ref('key') }, ['queryKey']),
  step('setQueryData', { queryKey: ref('key'), updater: ref('updater'), updatedAt: ms }, [
    'queryKey',
    'updater',
  ]),
  step('getQueriesData', { filters: ref('filters') }, ['filters']),
  step('setQueriesData', { filters: ref('filters'), updater: ref('updater'), updatedAt: ms }, [
    'filters',
    'updater',
  ]),

  // filtered operations
  step(
    'invalidateQueries',
    { filters: ref('invalidateFilters'), options: ref('refetchOptions') },
    [],
    { promise: true },
  ),
  step('refetchQueries', { filters: ref('filters'), options: ref('refetchOptions') }, [], {
    promise: true,
  }),
  step('cancelQueries', { filters: ref('filters'), options: ref('cancelOptions') }, [], {
    promise: true,
  }),
  step('removeQueries', { filters: ref('filters') }),
  step('resetQueries', { filters: ref('filters'), options: ref('refetchOptions') }, [], {
    promise: true,
  }),
  step('isFetching', { filters: ref('filters') }),
  step('isMutating', { filters: ref('mutationFilters') }),
  step('find', { filters: ref('filtersWithKey') }, ['filters']),
  step('findAll', { filters: ref('filters') }),
  step('clear'),

  // defaults
  step('setQueryDefaults', { queryKey: ref('key'), options: ref('queryOptions') }, [
    'queryKey',
    'options',
  ]),
  step('setMutationDefaults', { mutationKey: ref('key'), options: ref('mutationOptions') }, [
    'mutationKey',
    'options',
  ]),
  step('setDefaultOptions', { options: ref('defaultOptions') }, ['options']),

  // one query, by key
  step('query.fetch', { queryKey: ref('key') }, ['queryKey'], { promise: true }),
  step('query.cancel', { queryKey: ref('key'), options: ref('cancelOptions') }, ['queryKey'], {
    promise: true,
  }),
  step('query.reset', { queryKey: ref('key') }, ['queryKey']),
  step('query.invalidate', { queryKey: ref('key') }, ['queryKey']),

  // observations
  step('observeQuery', { queryKey: ref('key') }, ['queryKey']),
  step('observeCache'),
  step('observeCalls'),
  step('observeMutations'),
]

export const STEP_OPS = steps.map((s) => s.op)

// Operations a hook's `do` list may run: client operations only.
export const HOOK_OPS = [
  'setQueryData',
  'setQueriesData',
  'getQueryData',
  'invalidateQueries',
  'refetchQueries',
  'cancelQueries',
  'removeQueries',
  'resetQueries',
  'query',
  'fetchQuery',
  'prefetchQuery',
  'ensureQueryData',
  'setQueryDefaults',
  'query.fetch',
  'query.cancel',
  'query.reset',
  'query.invalidate',
]

const queryOptionProperties = {
  queryKey: ref('key'),
  queryFn: ref('queryFnRef'),
  enabled: forms('true, false or {"flag": name}', bool, obj({ flag: ref('name') }, ['flag'])),
  staleTime: forms('milliseconds, "Infinity" or "static"', ms, oneOfConst('Infinity', 'static')),
  gcTime: ref('msOrInfinity'),
  retry: forms(
    'true, false, a number of retries, or {"max": n, "unless": [messages]}',
    bool,
    { type: 'integer', minimum: 0, maximum: 1000 },
    obj({ max: { type: 'integer', minimum: 0, maximum: 1000 }, unless: arrayOf(ref('message')) }, [
      'max',
    ]),
  ),
  retryDelay: forms(
    'milliseconds or {"byFailureCount": [ms, ...]}',
    ms,
    obj({ byFailureCount: arrayOf(ms, { minItems: 1 }) }, ['byFailureCount']),
  ),
  networkMode: oneOfConst('online', 'always', 'offlineFirst'),
  select: forms(
    '{"path": [...]} or {"throw": message}, each with an optional "id"',
    obj({ path: ref('path'), id: str }, ['path']),
    obj({ throw: ref('message'), id: str }, ['throw']),
  ),
  placeholderData: forms(
    '{"value": data} or "keepPreviousData"',
    obj({ value: json }, ['value']),
    { const: 'keepPreviousData' },
  ),
  initialData: json,
  initialDataUpdatedAt: ms,
  refetchInterval: forms('milliseconds or false', ms, { const: false }),
  refetchIntervalInBackground: bool,
  refetchOnMount: ref('boolOrAlways'),
  refetchOnWindowFocus: ref('boolOrAlways'),
  refetchOnReconnect: ref('boolOrAlways'),
  retryOnMount: bool,
  notifyOnChangeProps: forms(
    '"all" or a list of result fields',
    { const: 'all' },
    arrayOf(ref('resultField'), { uniqueItems: true }),
  ),
  structuralSharing: bool,
  meta: { type: 'object' },
  initialPageParam: json,
  getNextPageParam: ref('pageParamRule'),
  getPreviousPageParam: ref('pageParamRule'),
  maxPages: { type: 'integer', minimum: 0, maximum: 1000 },
  pages: { type: 'integer', minimum: 1, maximum: 1000 },
  revalidateIfStale: bool,
}

const { queryKey: _ignored, ...queryOptionPropertiesWithoutKey } = queryOptionProperties

const hookNames = ['onMutate', 'onSuccess', 'onError', 'onSettled']

const predicateProperties = {
  status: oneOfConst('pending', 'error', 'success'),
  fetchStatus: oneOfConst('fetching', 'paused', 'idle'),
  isInvalidated: bool,
  hasData: bool,
  isActive: bool,
  observerCount: { type: 'integer', minimum: 0 },
  keyPrefix: ref('key'),
  keyLength: { type: 'integer', minimum: 0 },
  dataEquals: json,
  not: ref('predicate'),
  anyOf: arrayOf(ref('predicate'), { minItems: 1 }),
}

const filterProperties = {
  queryKey: ref('key'),
  exact: bool,
  type: oneOfConst('all', 'active', 'inactive'),
  stale: bool,
  fetchStatus: oneOfConst('fetching', 'paused', 'idle'),
  predicate: ref('predicate'),
}

const RESULT_FIELDS = [
  'data',
  'dataUpdatedAt',
  'error',
  'errorUpdatedAt',
  'errorUpdateCount',
  'failureCount',
  'failureReason',
  'fetchStatus',
  'hasNextPage',
  'hasPreviousPage',
  'isEnabled',
  'isError',
  'isFetched',
  'isFetchedAfterMount',
  'isFetchNextPageError',
  'isFetchPreviousPageError',
  'isFetching',
  'isFetchingNextPage',
  'isFetchingPreviousPage',
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

const updaterPath = { path: ref('path') }

export const schema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'https://tq.invalid/conformance/scenario.schema.json',
  title: 'Tq conformance scenario',
  description:
    'One scenario of the differential conformance suite: client set-up, scripted functions and steps. See tests/conformance/README.md for the meaning of every field.',
  ...obj(
    {
      $schema: str,
      name: { type: 'string', pattern: '^[a-z0-9][a-z0-9.-]*$', maxLength: 120 },
      rules: arrayOf({ type: 'string', pattern: '^([1-9]|[1-4][0-9]|5[0-7]|B[0-9]{2}|fuzz)$' }, {
        minItems: 1,
        uniqueItems: true,
      }),
      description: str,
      client: obj({
        defaultOptions: ref('defaultOptions'),
        queryCache: obj({ onSuccess: ref('hook'), onError: ref('hook'), onSettled: ref('hook') }),
        mutationCache: obj(Object.fromEntries(hookNames.map((h) => [h, ref('hook')]))),
      }),
      record: obj({
        queryCache: arrayOf(
          oneOfConst(
            'added',
            'removed',
            'updated',
            'observerAdded',
            'observerRemoved',
            'observerResultsUpdated',
            'observerOptionsUpdated',
          ),
          { uniqueItems: true },
        ),
        mutationCache: arrayOf(
          oneOfConst(
            'added',
            'removed',
            'updated',
            'observerAdded',
            'observerRemoved',
            'observerOptionsUpdated',
          ),
          { uniqueItems: true },
        ),
      }),
      functions: {
        type: 'object',
        propertyNames: ref('name'),
        additionalProperties: ref('functionScript'),
      },
      steps: arrayOf(ref('step'), { minItems: 1 }),
    },
    ['name', 'rules', 'steps'],
  ),
  $defs: {
    name: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', maxLength: 64 },
    label: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*$', maxLength: 64 },
    message: { type: 'string', minLength: 1, pattern: '^[^$]' },
    msOrInfinity: forms('milliseconds or "Infinity"', ms, { const: 'Infinity' }),
    boolOrAlways: forms('true, false or "always"', bool, { const: 'always' }),
    key: arrayOf(json),
    path: arrayOf(forms('an object member name or an array index', str, { type: 'integer', minimum: 0 })),
    resultField: oneOfConst(...RESULT_FIELDS),
    outcome: {
      ...obj({
        value: json,
        error: ref('message'),
        resolveUndefined: { const: true },
        after: ms,
        signal: bool,
      }),
      description: 'an outcome: exactly one of "value", "error" or "resolveUndefined", with an optional "after"',
      oneOf: [{ required: ['value'] }, { required: ['error'] }, { required: ['resolveUndefined'] }],
    },
    scriptedOutcome: {
      ...obj({
        value: json,
        error: ref('message'),
        resolveUndefined: { const: true },
        after: ms,
      }),
      description: 'an outcome: exactly one of "value", "error" or "resolveUndefined", with an optional "after"',
      oneOf: [{ required: ['value'] }, { required: ['error'] }, { required: ['resolveUndefined'] }],
    },
    functionScript: {
      if: { type: 'object', required: ['outcomes'] },
      then: obj(
        {
          outcomes: arrayOf(ref('scriptedOutcome'), { minItems: 1 }),
          then: oneOfConst('repeatLast', 'cycle'),
          signal: bool,
        },
        ['outcomes'],
      ),
      else: ref('outcome'),
    },
    queryFnRef: forms('a function name or "$skipToken"', ref('name'), { const: '$skipToken' }),
    pageParamRule: forms(
      '{"add": n, "min": n, "max": n}, {"field": path} or {"none": true}',
      obj({ add: int, min: int, max: int }, ['add']),
      obj({ field: ref('path') }, ['field']),
      obj({ none: { const: true } }, ['none']),
    ),
    queryOptions: obj(queryOptionPropertiesWithoutKey),
    queryOptionsWithKey: obj(queryOptionProperties, ['queryKey']),
    observerOptions: obj(queryOptionProperties, ['queryKey']),
    mutationOptions: obj({
      mutationKey: ref('key'),
      mutationFn: ref('name'),
      retry: queryOptionProperties.retry,
      retryDelay: queryOptionProperties.retryDelay,
      networkMode: queryOptionProperties.networkMode,
      gcTime: ref('msOrInfinity'),
      scope: obj({ id: str }, ['id']),
      meta: { type: 'object' },
      ...Object.fromEntries(hookNames.map((h) => [h, ref('hook')])),
    }),
    defaultOptions: obj({ queries: ref('queryOptions'), mutations: ref('mutationOptions') }),
    hook: obj({
      after: ms,
      throw: ref('message'),
      returns: json,
      do: arrayOf(ref('step')),
    }),
    predicate: obj(predicateProperties),
    mutationPredicate: obj({
      status: oneOfConst('idle', 'pending', 'success', 'error'),
      isPaused: bool,
      variablesEquals: json,
      not: ref('mutationPredicate'),
      anyOf: arrayOf(ref('mutationPredicate'), { minItems: 1 }),
    }),
    filters: obj(filterProperties),
    filtersWithKey: obj(filterProperties, ['queryKey']),
    invalidateFilters: obj({
      ...filterProperties,
      refetchType: oneOfConst('active', 'inactive', 'all', 'none'),
    }),
    mutationFilters: obj({
      mutationKey: ref('key'),
      exact: bool,
      status: oneOfConst('idle', 'pending', 'success', 'error'),
      predicate: ref('mutationPredicate'),
    }),
    refetchOptions: obj({ cancelRefetch: bool, throwOnError: bool }),
    cancelOptions: obj({ revert: bool, silent: bool }),
    updater: {
      if: { type: 'object', required: ['fn'] },
      then: {
        type: 'object',
        required: ['fn'],
        properties: {
          fn: oneOfConst('set', 'keep', 'undefined', 'merge', 'append', 'prepend', 'increment', 'concat', 'remove'),
        },
        discriminator: { propertyName: 'fn' },
        oneOf: [
          obj({ fn: { const: 'set' }, value: json }, ['fn', 'value']),
          obj({ fn: { const: 'keep' } }, ['fn']),
          obj({ fn: { const: 'undefined' } }, ['fn']),
          obj({ fn: { const: 'merge' }, value: { type: 'object' }, ...updaterPath }, ['fn', 'value']),
          obj({ fn: { const: 'append' }, value: json, ...updaterPath }, ['fn', 'value']),
          obj({ fn: { const: 'prepend' }, value: json, ...updaterPath }, ['fn', 'value']),
          obj({ fn: { const: 'increment' }, by: int, ...updaterPath }, ['fn']),
          obj({ fn: { const: 'concat' }, value: str, ...updaterPath }, ['fn', 'value']),
          obj({ fn: { const: 'remove' }, ...updaterPath }, ['fn', 'path']),
        ],
      },
      else: forms(
        '{"value": data}, {"undefined": true} or a function form {"fn": ...}',
        obj({ value: json }, ['value']),
        obj({ undefined: { const: true } }, ['undefined']),
      ),
    },
    step: {
      type: 'object',
      required: ['op'],
      properties: { op: oneOfConst(...steps.map((s) => s.op)) },
      discriminator: { propertyName: 'op' },
      oneOf: steps.map((s) => s.schema),
    },
  },
}

export { RESULT_FIELDS, MAX_MS }

if (import.meta.url === `file://${process.argv[1]}`) {
  process.stdout.write(JSON.stringify(schema, null, 2) + '\n')
}
