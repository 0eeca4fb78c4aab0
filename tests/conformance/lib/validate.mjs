// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Validates a scenario: first against the JSON Schema (scenario.schema.json,
// built from lib/schema.mjs), then the rules a schema cannot state (names
// that must be defined before use, integers only, where `await` and
// template directives may appear). Every problem is reported with its JSON
// path, so that a malformed scenario fails with a message a person can act
// on, before any engine runs it.

import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020.js'
import standaloneCode from 'ajv/dist/standalone/index.js'
import { schema, HOOK_OPS } from './schema.mjs'

const AJV_OPTIONS = { discriminator: true, strict: true, strictRequired: false }
const ENTRY_POINTS = {
  scenario: schema.$id,
  observerOptions: `${schema.$id}#/$defs/observerOptions`,
  mutationOptions: `${schema.$id}#/$defs/mutationOptions`,
}

// Compiling the schema takes longer than running a scenario, and every
// runner process validates. So the yes/no validators are compiled once to
// standalone code and cached under node_modules/.cache (keyed by the schema
// and the ajv version); the detailed validator that explains a failure is
// compiled only when a scenario fails.
function fastValidators() {
  const here = dirname(fileURLToPath(import.meta.url))
  const require = createRequire(import.meta.url)
  const ajvVersion = JSON.parse(readFileSync(require.resolve('ajv/package.json'), 'utf8')).version
  const key = createHash('sha256').update(JSON.stringify(schema)).update(ajvVersion).digest('hex').slice(0, 16)
  const dir = join(here, '..', 'node_modules', '.cache', 'tq-conformance')
  const file = join(dir, `validate-${key}.cjs`)
  if (existsSync(file)) {
    try {
      return require(file)
    } catch {
      // a damaged cache file: compile again below
    }
  }
  const ajv = new Ajv2020({ ...AJV_OPTIONS, code: { source: true } })
  ajv.addSchema(schema)
  const code = standaloneCode(ajv, ENTRY_POINTS)
  try {
    mkdirSync(dir, { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, code)
    renameSync(tmp, file)
    return require(file)
  } catch {
    // read-only tree: use the code without caching it
    const module = { exports: {} }
    new Function('module', 'exports', 'require', code)(module, module.exports, require)
    return module.exports
  }
}

const fast = fastValidators()

let detailed
function explain(entry, value, prefix = []) {
  if (!detailed) {
    const ajv = new Ajv2020({ ...AJV_OPTIONS, allErrors: true, verbose: true })
    ajv.addSchema(schema)
    detailed = Object.fromEntries(Object.entries(ENTRY_POINTS).map(([k, id]) => [k, ajv.getSchema(id)]))
  }
  const validate = detailed[entry]
  validate(value)
  return summarise(validate.errors ?? [], prefix)
}

const PROMISE_OPS = new Set(
  schema.$defs.step.oneOf.filter((b) => 'as' in b.properties).map((b) => b.properties.op.const),
)
const TIME_OPS = new Set(['advance', 'flush', 'sync'])
const INFINITE_IMPERATIVE = new Set([
  'infiniteQuery',
  'fetchInfiniteQuery',
  'prefetchInfiniteQuery',
  'ensureInfiniteQueryData',
])
const DIRECTIVES = new Set([
  'call',
  'pageParam',
  'key',
  'meta',
  'variables',
  'data',
  'error',
  'context',
  'queryData',
])
const DIRECTIVE_FIELDS = new Set(['$', 'path', 'plus', 'times', 'key'])

const withArticle = (word) => (/^[aeiou]/.test(word) ? `an ${word}` : `a ${word}`)

function pointer(path) {
  return path.length ? path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join('') : '(top)'
}

function ajvPath(err) {
  return err.instancePath
    .split('/')
    .slice(1)
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')))
}

function ajvMessage(err) {
  switch (err.keyword) {
    case 'additionalProperties':
      return `has unknown field "${err.params.additionalProperty}"`
    case 'enum':
      return `must be one of ${err.params.allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
    case 'const':
      return `must be ${JSON.stringify(err.params.allowedValue)}`
    case 'required':
      return `needs the field "${err.params.missingProperty}"`
    case 'pattern':
      if (err.params.pattern === '^[^$]') return 'must not start with "$" (texts starting with "$" are the engines\' own error codes)'
      if (err.params.pattern.startsWith('^[A-Za-z_]')) return 'must be a name: letters, digits, "_" and "-", not starting with a digit or "-"'
      if (err.params.pattern.startsWith('^[a-z0-9]')) return 'must be lower-case letters, digits, "-" and ".", starting with a letter or digit'
      if (err.params.pattern.startsWith('^([1-9]')) return 'must be a rule number 1-57, a behaviour such as "B05", or "fuzz"'
      return err.message
    case 'discriminator':
      return err.params.error === 'mapping'
        ? `has an unknown "${err.params.tag}": ${JSON.stringify(err.params.tagValue)}`
        : err.message
    default:
      return err.message
  }
}

// ajv reports, for a value that fits none of the forms of an anyOf/oneOf,
// one error per form plus one for the combinator. When the combinator has a
// description (lib/schema.mjs gives every one a description of its forms)
// and the value failed each form at the top (a type or shape mismatch),
// print the description alone. When some form got further (the value is of
// the right kind but wrong inside), print what that form found instead.
function summarise(errors, prefix = []) {
  const combinators = errors.filter((e) => ['anyOf', 'oneOf'].includes(e.keyword))
  const dropped = new Set()
  const extra = []
  for (const c of combinators) {
    const here = c.instancePath
    // schemaPath restarts at each $ref, so a branch error is one below the
    // combinator in both the schema and the instance.
    const branch = errors.filter(
      (e) =>
        e !== c &&
        e.schemaPath.startsWith(c.schemaPath + '/') &&
        (e.instancePath === here || e.instancePath.startsWith(here + '/')),
    )
    const deeper = branch.filter((e) => e.instancePath !== here && !['anyOf', 'oneOf'].includes(e.keyword))
    const description = c.parentSchema?.description
    if (deeper.length) {
      dropped.add(c)
      for (const e of branch) if (e.instancePath === here) dropped.add(e)
    } else if (description) {
      for (const e of branch) dropped.add(e)
      dropped.add(c)
      extra.push({ path: ajvPath(c), msg: `must be ${description}` })
    }
  }
  // A discriminator that found no mapping says it better than the enum of
  // the tag values beside it.
  for (const d of errors.filter((e) => e.keyword === 'discriminator')) {
    for (const e of errors) {
      if (e.keyword === 'enum' && e.instancePath === `${d.instancePath}/${d.params.tag}`) dropped.add(e)
    }
  }
  const lines = errors
    .filter((e) => !dropped.has(e) && e.keyword !== 'if')
    .map((e) => `${pointer([...prefix, ...ajvPath(e)])} ${ajvMessage(e)}`)
  for (const x of extra) lines.push(`${pointer([...prefix, ...x.path])} ${x.msg}`)
  return [...new Set(lines)]
}

export class ScenarioError extends Error {
  constructor(problems) {
    super(problems.join('\n'))
    this.problems = problems
  }
}

export function validateScenario(scenario) {
  if (!fast.scenario(scenario)) {
    throw new ScenarioError(explain('scenario', scenario))
  }
  const problems = []
  const add = (path, msg) => problems.push(`${pointer(path)} ${msg}`)

  // Integers only: every engine must print numbers the same way.
  const walkNumbers = (v, path) => {
    if (typeof v === 'number') {
      if (!Number.isSafeInteger(v)) add(path, `is ${v}: numbers in scenarios must be integers in the safe range (|n| < 2^53)`)
    } else if (Array.isArray(v)) v.forEach((x, i) => walkNumbers(x, [...path, i]))
    else if (v && typeof v === 'object') for (const k of Object.keys(v)) walkNumbers(v[k], [...path, k])
  }
  walkNumbers(scenario, [])

  const walkTemplates = (v, path) => {
    if (Array.isArray(v)) v.forEach((x, i) => walkTemplates(x, [...path, i]))
    else if (v && typeof v === 'object') {
      if ('$' in v) {
        if (!DIRECTIVES.has(v.$)) add(path, `has the unknown directive {"$": ${JSON.stringify(v.$)}}; known: ${[...DIRECTIVES].join(', ')}`)
        for (const k of Object.keys(v)) if (!DIRECTIVE_FIELDS.has(k)) add(path, `directive has the unknown field "${k}"`)
        if (v.path !== undefined && !(Array.isArray(v.path) && v.path.every((p) => typeof p === 'string' || (Number.isInteger(p) && p >= 0))))
          add(path, 'directive "path" must be an array of strings and non-negative integers')
        for (const k of ['plus', 'times']) if (v[k] !== undefined && !Number.isInteger(v[k])) add(path, `directive "${k}" must be an integer`)
        if (v.$ === 'queryData' && !Array.isArray(v.key)) add(path, 'directive {"$": "queryData"} needs "key" (an array)')
        if (v.$ !== 'queryData' && v.key !== undefined) add(path, '"key" is only for {"$": "queryData"}')
        return
      }
      for (const k of Object.keys(v)) walkTemplates(v[k], [...path, k])
    }
  }

  const functions = scenario.functions ?? {}
  const observers = new Map()
  const labels = new Set()

  const checkFn = (name, path, allowSkip) => {
    if (name === undefined) return
    if (name === '$skipToken') {
      if (!allowSkip) add(path, 'cannot be "$skipToken" here')
      return
    }
    if (!(name in functions)) add(path, `names the function "${name}", which "functions" does not define`)
  }

  const checkQueryOptions = (o, path, { infinite = false, keyRequired = false } = {}) => {
    if (!o) return
    checkFn(o.queryFn, [...path, 'queryFn'], true)
    if (o.initialData !== undefined) walkTemplates(o.initialData, [...path, 'initialData'])
    if (infinite) {
      if (!('initialPageParam' in o)) add(path, 'is for an infinite query and needs "initialPageParam"')
      if (!('getNextPageParam' in o)) add(path, 'is for an infinite query and needs "getNextPageParam"')
    }
    if (keyRequired && !o.queryKey) add(path, 'needs "queryKey"')
  }

  const checkHook = (hook, path) => {
    if (!hook) return
    if (hook.returns !== undefined) walkTemplates(hook.returns, [...path, 'returns'])
    ;(hook.do ?? []).forEach((s, i) => checkStep(s, [...path, 'do', i], { inHook: true }))
  }

  const checkMutationOptions = (o, path) => {
    if (!o) return
    checkFn(o.mutationFn, [...path, 'mutationFn'], false)
    for (const h of ['onMutate', 'onSuccess', 'onError', 'onSettled']) checkHook(o[h], [...path, h])
  }

  const needObserver = (id, path, kinds, op) => {
    const kind = observers.get(id)
    if (!kind) add(path, `uses observer "${id}" before any createObserver step made it`)
    else if (kinds && !kinds.includes(kind)) add(path, `"${op}" needs ${kinds.map(withArticle).join(' or ')} observer, but "${id}" is ${withArticle(kind)} observer`)
    return kind
  }

  const checkStep = (s, path, { inHook = false, inSync = false } = {}) => {
    const op = s.op
    if (inHook && !HOOK_OPS.includes(op)) add(path, `"${op}" cannot run inside a hook; allowed there: ${HOOK_OPS.join(', ')}`)
    if (inSync && TIME_OPS.has(op)) add(path, `"${op}" cannot be inside "sync" (a sync group runs without time passing or settling)`)
    if (s.await !== undefined && !inHook) add(path, '"await" is only allowed in a hook\'s "do" list')
    if (s.as !== undefined) {
      if (inHook) add(path, '"as" is not allowed inside a hook (a hook may run more than once)')
      else if (labels.has(s.as)) add(path, `reuses the label "${s.as}"`)
      else labels.add(s.as)
    }
    switch (op) {
      case 'sync':
        s.steps.forEach((c, i) => checkStep(c, [...path, 'steps', i], { inSync: true, inHook }))
        break
      case 'createObserver': {
        if (observers.has(s.id)) add([...path, 'id'], `defines observer "${s.id}" a second time`)
        observers.set(s.id, s.kind)
        const entry = s.kind === 'mutation' ? 'mutationOptions' : 'observerOptions'
        if (!fast[entry](s.options)) problems.push(...explain(entry, s.options, [...path, 'options']))
        else if (s.kind === 'mutation') checkMutationOptions(s.options, [...path, 'options'])
        else checkQueryOptions(s.options, [...path, 'options'], { infinite: s.kind === 'infinite' })
        break
      }
      case 'setOptions': {
        const kind = needObserver(s.observer, path, null, op)
        if (!kind) break
        const entry = kind === 'mutation' ? 'mutationOptions' : 'observerOptions'
        if (!fast[entry](s.options)) problems.push(...explain(entry, s.options, [...path, 'options']))
        else if (kind === 'mutation') checkMutationOptions(s.options, [...path, 'options'])
        else checkQueryOptions(s.options, [...path, 'options'], { infinite: kind === 'infinite' })
        break
      }
      case 'subscribe':
      case 'unsubscribe':
      case 'getCurrentResult':
        needObserver(s.observer, path, null, op)
        break
      case 'mutate':
        needObserver(s.observer, path, ['mutation'], op)
        if (s.variables !== undefined) walkTemplates(s.variables, [...path, 'variables'])
        for (const h of ['onSuccess', 'onError', 'onSettled']) checkHook(s.callbacks?.[h], [...path, 'callbacks', h])
        break
      case 'reset':
        needObserver(s.observer, path, ['mutation'], op)
        break
      case 'refetch':
        needObserver(s.observer, path, ['query', 'infinite'], op)
        break
      case 'fetchNextPage':
      case 'fetchPreviousPage':
        needObserver(s.observer, path, ['infinite'], op)
        break
      case 'executeMutation':
        checkMutationOptions(s.options, [...path, 'options'])
        break
      case 'setQueryData':
      case 'setQueriesData':
        walkTemplates(s.updater, [...path, 'updater'])
        break
      case 'setQueryDefaults':
        checkQueryOptions(s.options, [...path, 'options'])
        break
      case 'setMutationDefaults':
        checkMutationOptions(s.options, [...path, 'options'])
        break
      case 'setDefaultOptions':
        checkQueryOptions(s.options.queries, [...path, 'options', 'queries'])
        checkMutationOptions(s.options.mutations, [...path, 'options', 'mutations'])
        break
      default:
        if (op in IMPERATIVE_CHECK) checkQueryOptions(s.options, [...path, 'options'], { infinite: INFINITE_IMPERATIVE.has(op) })
    }
  }

  for (const [name, script] of Object.entries(functions)) {
    const outcomes = script.outcomes ?? [script]
    outcomes.forEach((o, i) => {
      const p = script.outcomes ? ['functions', name, 'outcomes', i] : ['functions', name]
      if (o.value !== undefined) walkTemplates(o.value, [...p, 'value'])
    })
  }

  const client = scenario.client ?? {}
  checkQueryOptions(client.defaultOptions?.queries, ['client', 'defaultOptions', 'queries'])
  checkMutationOptions(client.defaultOptions?.mutations, ['client', 'defaultOptions', 'mutations'])
  for (const h of ['onSuccess', 'onError', 'onSettled']) checkHook(client.queryCache?.[h], ['client', 'queryCache', h])
  for (const h of ['onMutate', 'onSuccess', 'onError', 'onSettled']) checkHook(client.mutationCache?.[h], ['client', 'mutationCache', h])

  scenario.steps.forEach((s, i) => checkStep(s, ['steps', i]))

  if (problems.length) throw new ScenarioError(problems)
  return scenario
}

const IMPERATIVE_CHECK = Object.fromEntries(
  [
    'query',
    'fetchQuery',
    'prefetchQuery',
    'ensureQueryData',
    'infiniteQuery',
    'fetchInfiniteQuery',
    'prefetchInfiniteQuery',
    'ensureInfiniteQueryData',
  ].map((op) => [op, true]),
)

export { PROMISE_OPS }
