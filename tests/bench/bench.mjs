// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Runs the benchmarks of docs/benchmarks.md on both engines — Tq
// (tq-bench, built by meson) and @tanstack/query-core (bench-query-core.mjs)
// — in the same run, with the same sizes, each workload in a fresh process,
// at least five times, alternating the engines; prints the table of medians
// and writes it as Markdown. build-aux/bench.sh is the command that builds
// and calls this; see its header for the options.
//
// Exits with status 1 if any run failed its self-check.

import { spawnSync, execFileSync } from 'node:child_process'
import { readFileSync, writeFileSync, existsSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))

// {{{ Workloads, their figures and targets

const DEFAULT_SIZES = {
  n: 100000,
  groups: 100,
  observers: 10000,
  updates: 10,
  rapid: 100,
  dedup: 1000,
  fetches: 10000,
  mutations: 10000,
}

// ratio: Tq must be at least this many times faster (query-core / Tq);
// max/equal: a bound on Tq's own figure.
const WORKLOADS = [
  {
    name: 'cache_fill',
    sizes: ['n'],
    describe: (s) => `set_query_data on ${fmtInt(s.n)} distinct keys ('todos', {'id': i, 'page': i % 100}), small JSON object`,
    memory: { metric: 'total_bytes', per: 'query' },
    rows: [
      { metric: 'insert_us', label: 'time per insert', unit: 'µs', target: { ratio: 15 } },
      { metric: 'bookkeeping_bytes', label: 'cache bookkeeping per query', unit: 'B', target: { max: 256 } },
      { metric: 'total_bytes', label: 'memory per query (key + data + bookkeeping)', unit: 'B' },
    ],
  },
  {
    name: 'get_hit',
    sizes: ['n'],
    describe: (s) => `get_query_data on ${fmtInt(s.n)} existing keys in shuffled order, keys built anew`,
    rows: [
      { metric: 'lookup_us', label: 'time per lookup', unit: 'µs', target: { ratio: 15 } },
    ],
  },
  {
    name: 'invalidate_prefix',
    sizes: ['n', 'groups'],
    describe: (s) => `${fmtInt(perGroup(s) * s.groups)} queries ('group', g, 'item', i) under ${s.groups} prefixes, no observers; each call on its own group`,
    memory: { metric: 'bookkeeping_bytes', per: 'query', note: 'bookkeeping' },
    rows: [
      { metric: 'prefix_ms', label: (s) => `prefix call (${fmtInt(perGroup(s))} matches)`, unit: 'ms', target: { ratio: 100 } },
      { metric: 'exact_ms', label: 'exact call (1 match)', unit: 'ms', target: { ratio: 100 } },
      { metric: 'predicate_ms', label: (s) => `predicate call (${fmtInt(perGroup(s))} matches)`, unit: 'ms', target: { ratio: 10 } },
    ],
  },
  {
    name: 'observer_fanout',
    sizes: ['observers', 'updates', 'rapid'],
    describe: (s) => `${fmtInt(s.observers)} observers of one query, each with a listener (Tq: notify::data)`,
    memory: { metric: 'bytes_per_observer', per: 'observer' },
    rows: [
      { metric: 'subscribe_ms', label: (s) => `subscribe ${fmtInt(s.observers)} observers`, unit: 'ms', target: { ratio: 20 } },
      { metric: 'update_ms', label: 'one update until all are notified', unit: 'ms', target: { ratio: 10 } },
      { metric: 'rapid_notifications_per_observer', label: (s) => `notifications per observer, ${s.rapid} updates in one iteration`, unit: '', target: { max: 1 }, higherIsWorse: true },
      { metric: 'rapid_total_ms', label: (s) => `${s.rapid} updates in one iteration, until all are notified`, unit: 'ms' },
    ],
  },
  {
    name: 'dedup_fetch',
    sizes: ['dedup'],
    describe: (s) => `${fmtInt(s.dedup)} observers of one key, query function completes after 10 ms`,
    rows: [
      { metric: 'calls', label: 'query function calls', unit: '', target: { equal: 1 }, noRatio: true },
      { metric: 'total_ms', label: 'until all are success', unit: 'ms' },
      { metric: 'overhead_ms', label: 'overhead beyond the 10 ms', unit: 'ms', target: { max: 1 } },
    ],
  },
  {
    name: 'fetch_many',
    sizes: ['fetches'],
    describe: (s) => `${fmtInt(s.fetches)} distinct queries fetched through the client, query function completes at once`,
    memory: { metric: 'bytes_per_query', per: 'query' },
    rows: [
      { metric: 'sequential_us', label: 'per fetch, sequential', unit: 'µs', target: { ratio: 10 } },
      { metric: 'concurrent_us', label: 'per fetch, concurrent', unit: 'µs', target: { ratio: 10 } },
    ],
  },
  {
    name: 'mutation_optimistic',
    sizes: ['mutations'],
    describe: (s) => `${fmtInt(s.mutations)} sequential mutations: cancel, snapshot, optimistic write, invalidate on settle (one active observer, so each refetches)`,
    rows: [
      { metric: 'mutation_us', label: 'per mutation', unit: 'µs', target: { ratio: 10 } },
    ],
  },
]

const UI_ROWS = [
  { metric: 'first_data_ms', label: 'launch to the 100,000 todos in the list model', unit: 'ms' },
  { metric: 'first_rows_ms', label: 'launch to first rows shown (painted)', unit: 'ms' },
  { metric: 'refetch_reflected_ms', label: 'refetch of a changed todo until shown (painted)', unit: 'ms' },
  { metric: 'changed_positions', label: 'positions the list model reported changed', unit: '', target: { equal: 1 } },
  { metric: 'rows_given_new_item', label: 'rows GTK bound to a different item', unit: '', target: { equal: 1 } },
  { metric: 'rows_set_up', label: 'rows GTK built (factory setup)', unit: '', target: { max: 1 } },
  { metric: 'rows_bound', label: 'bind signals in all (GTK 4.8 rebinds kept rows after the change)', unit: '' },
]

function perGroup (s) {
  return Math.max(Math.floor(s.n / s.groups), 1)
}

// }}}
// {{{ Formatting

function fmtInt (n) {
  return Math.round(n).toLocaleString('en-US')
}

function fmt (value) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—'
  const abs = Math.abs(value)
  if (abs === 0) return '0'
  if (abs >= 1000) return fmtInt(value)
  if (abs >= 100) return value.toFixed(0)
  if (abs >= 10) return value.toFixed(1)
  if (abs >= 1) return value.toFixed(2)
  if (abs >= 0.01) return value.toFixed(3)
  return value.toPrecision(2)
}

function withUnit (value, unit) {
  const text = fmt(value)
  return text === '—' || !unit ? text : `${text} ${unit}`
}

function fmtRatio (ratio) {
  if (!Number.isFinite(ratio)) return '—'
  return ratio >= 100 ? `${fmtInt(ratio)}×` : `${ratio.toFixed(1)}×`
}

function median (values) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return undefined
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

function labelOf (row, sizes) {
  return typeof row.label === 'function' ? row.label(sizes) : row.label
}

function targetText (target) {
  if (!target) return ''
  if (target.ratio) return `≥ ${target.ratio}×`
  if (target.max !== undefined) return `Tq ≤ ${target.max}`
  if (target.equal !== undefined) return `Tq = ${target.equal}`
  return ''
}

function verdict (target, tq, ratio) {
  if (!target || tq === undefined) return ''
  let met
  if (target.ratio) met = ratio >= target.ratio
  else if (target.max !== undefined) met = tq <= target.max
  else if (target.equal !== undefined) met = tq === target.equal
  return met ? 'met' : 'MISSED'
}

function renderTable (header, rows, markdown) {
  if (markdown) {
    const line = (cells) => `| ${cells.join(' | ')} |`
    return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)))
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join('  ').trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

// }}}
// {{{ Running

function parseArgs (argv) {
  const options = {
    runs: 5,
    scale: 1,
    sizes: {},
    only: null,
    scaling: false,
    scalingRuns: 3,
    tq: null,
    ui: null,
    markdown: null,
    timeout: 1800,
  }
  for (const arg of argv) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg)
    if (!m) throw new Error(`unexpected argument ${arg}`)
    const [, name, value] = m
    if (name in DEFAULT_SIZES) {
      const n = Number(value)
      if (!Number.isInteger(n) || n <= 0) throw new Error(`bad size ${arg}`)
      options.sizes[name] = n
    } else if (name === 'runs' || name === 'scaling-runs' || name === 'timeout') {
      const n = Number(value)
      if (!Number.isInteger(n) || n <= 0) throw new Error(`bad count ${arg}`)
      if (name === 'runs') options.runs = n
      else if (name === 'timeout') options.timeout = n
      else options.scalingRuns = n
    } else if (name === 'scale') {
      const x = Number(value)
      if (!(x > 0)) throw new Error(`bad scale ${arg}`)
      options.scale = x
    } else if (name === 'only') options.only = value.split(',')
    else if (name === 'scaling') options.scaling = true
    else if (name === 'tq') options.tq = value
    else if (name === 'ui') options.ui = value
    else if (name === 'markdown') options.markdown = value
    else throw new Error(`unknown option ${arg}`)
  }
  if (!options.tq) throw new Error('--tq=PATH to tq-bench is required')
  if (options.only) {
    for (const w of options.only) {
      if (w !== 'ui' && !WORKLOADS.some((x) => x.name === w)) throw new Error(`unknown workload ${w}`)
    }
  }
  return options
}

function sizeArgs (workload, sizes) {
  return workload.sizes.map((s) => `--${s}=${sizes[s]}`)
}

let failures = 0

function runOne (engine, command, args, timeout) {
  const started = Date.now()
  const result = spawnSync(command[0], [...command.slice(1), ...args], {
    encoding: 'utf8',
    timeout: timeout * 1000,
    env: { ...process.env, NODE_ENV: 'production' },
    maxBuffer: 16 * 1024 * 1024,
  })
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  if (result.status !== 0) {
    failures++
    const why = result.error ? result.error.message : result.signal ? `signal ${result.signal}` : `exit status ${result.status}`
    process.stderr.write(`\nFAILED: ${engine} ${args.join(' ')} (${why})\n${result.stderr}\n`)
    return null
  }
  if (result.stderr.trim()) process.stderr.write(result.stderr)
  const line = result.stdout.trim().split('\n').pop()
  try {
    const parsed = JSON.parse(line)
    process.stderr.write(`  ${engine.padEnd(10)} ${args[0].padEnd(20)} ${seconds} s\n`)
    return parsed.metrics
  } catch {
    failures++
    process.stderr.write(`\nFAILED: ${engine} ${args.join(' ')} printed no figures:\n${result.stdout}\n`)
    return null
  }
}

function engines (options) {
  return {
    'query-core': ['node', '--expose-gc', path.join(here, 'bench-query-core.mjs')],
    tq: [options.tq],
  }
}

// Runs each workload `runs` times on both engines, alternating which goes
// first; returns { workload: { engine: [metrics per run] } }.
function runWorkloads (workloads, sizes, runs, options) {
  const commands = engines(options)
  const results = {}
  for (const w of workloads) results[w.name] = { 'query-core': [], tq: [] }
  for (let run = 0; run < runs; run++) {
    process.stderr.write(`run ${run + 1} of ${runs}\n`)
    for (const w of workloads) {
      const order = run % 2 === 0 ? ['query-core', 'tq'] : ['tq', 'query-core']
      for (const engine of order) {
        const metrics = runOne(engine, commands[engine], [w.name, ...sizeArgs(w, sizes)], options.timeout)
        results[w.name][engine].push(metrics)
      }
    }
  }
  return results
}

function medianOf (runs, metric) {
  if (runs.some((r) => r === null)) return undefined
  return median(runs.map((r) => r[metric]))
}

function runUi (options) {
  const runs = []
  const wrap = process.env.DISPLAY ? [] : ['xvfb-run', '-a', '-s', '-screen 0 1280x1024x24']
  const command = [...wrap, 'dbus-run-session', '--', options.ui]
  for (let run = 0; run < options.runs; run++) {
    process.stderr.write(`ui run ${run + 1} of ${options.runs}\n`)
    runs.push(runOne('tq', command, ['ui_list'], options.timeout))
  }
  return runs
}

// }}}
// {{{ Reports

function environmentText (sizes, runs) {
  let glib = 'unknown'
  try { glib = execFileSync('pkg-config', ['--modversion', 'glib-2.0'], { encoding: 'utf8' }).trim() } catch {}
  const qc = JSON.parse(readFileSync(path.join(here, 'node_modules/@tanstack/query-core/package.json'), 'utf8')).version
  const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU'
  let commit = ''
  try { commit = ` of commit ${execFileSync('git', ['-C', here, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim()}` } catch {}
  return `${new Date().toISOString().slice(0, 10)}; ${cpu}, ${os.cpus().length} cores; ` +
    `@tanstack/query-core ${qc} on Node.js ${process.version}; Tq release build${commit} on GLib ${glib}; ` +
    `median of ${runs} runs per engine, each in a fresh process`
}

function mainTable (results, sizes, markdown) {
  const header = ['workload', 'metric', 'query-core', 'Tq', 'ratio (query-core / Tq)', 'target', 'verdict', 'memory (query-core / Tq)']
  const rows = []
  for (const w of WORKLOADS) {
    const r = results[w.name]
    if (!r) continue
    let memoryText = ''
    if (w.memory) {
      const q = medianOf(r['query-core'], w.memory.metric)
      const t = medianOf(r.tq, w.memory.metric)
      memoryText = `${fmt(q)} / ${fmt(t)} B per ${w.memory.per}${w.memory.note ? ` (${w.memory.note})` : ''}`
    }
    w.rows.forEach((row, i) => {
      const q = medianOf(r['query-core'], row.metric)
      const t = medianOf(r.tq, row.metric)
      const failed = r.tq.some((x) => x === null) || r['query-core'].some((x) => x === null)
      const ratio = row.noRatio || row.higherIsWorse ? NaN : q / t
      rows.push([
        i === 0 ? w.name : '',
        labelOf(row, sizes),
        failed && q === undefined ? 'FAILED' : withUnit(q, row.unit),
        failed && t === undefined ? 'FAILED' : withUnit(t, row.unit),
        fmtRatio(ratio),
        targetText(row.target),
        failed ? 'FAILED' : verdict(row.target, t, ratio),
        i === 0 ? memoryText : '',
      ])
    })
  }
  return renderTable(header, rows, markdown)
}

function uiTable (runs, markdown) {
  const header = ['figure', 'Tq', 'target', 'verdict']
  const rows = UI_ROWS.map((row) => {
    const t = medianOf(runs, row.metric)
    return [row.label, t === undefined ? 'FAILED' : withUnit(t, row.unit), targetText(row.target), verdict(row.target, t, NaN)]
  })
  return renderTable(header, rows, markdown)
}

function sizesText (sizes) {
  return WORKLOADS.map((w) => `- \`${w.name}\`: ${w.describe(sizes)}`).join('\n')
}

function writeMainMarkdown (file, results, uiRuns, sizes, env) {
  const parts = [
    '# Benchmarks: Tq beside TanStack Query',
    '',
    '<!-- Written by build-aux/bench.sh; edit tests/bench/bench.mjs, not this file. -->',
    '',
    'Each workload of the project\'s benchmark list runs on Tq (C, release build) and on',
    '`@tanstack/query-core` (Node.js, production mode, client mode: gc timers armed, retries on)',
    'in the same run, with the same sizes, on the real clock and the real main loop (GLib\'s, and',
    'Node\'s event loop). Each run is a fresh process; the engines alternate; the figures are',
    'medians. The ratio is query-core\'s figure divided by Tq\'s: above 1, Tq is faster or smaller.',
    '',
    'Keys and data values are built before the timed sections in both engines: building a',
    '`GVariant` key or a JSON object is the application\'s cost, not the cache\'s. Every run checks',
    'its own results (call counts, cache sizes, what each observer shows last) and fails loudly',
    'when they are wrong. Memory is the heap in use before and after, divided by the count: glibc\'s',
    '`mallinfo2 ()` for Tq, `process.memoryUsage ().heapUsed` after a full collection',
    '(`--expose-gc`) for query-core. "Bookkeeping" is what the cache adds beyond the key and the',
    'data value, which the application holds anyway.',
    '',
    `Measured ${env}.`,
    '',
    '## Workloads',
    '',
    sizesText(sizes),
    '',
    '## Results',
    '',
    mainTable(results, sizes, true),
    '',
  ]
  if (uiRuns) {
    parts.push('## The list of 100,000 todos in GTK', '',
      'tests/bench/bench-ui.c shows the demo app\'s Todos page (`TqDemoTodosPage`: a `GtkListView` over a',
      '`TqQueryListModel`, sorted newest first, with the app\'s row widgets) in a window, over the demo',
      'server filled with 100,000 todos and running in a thread of its own, as a separate server would;',
      'the list is fetched through `TqHttpClient` as in the app. Then the server renames the first todo',
      'shown and the list is invalidated, as the app does when the server reports a change. GTK 4.8\'s',
      '`GtkSignalListItemFactory` emits `bind` again for every kept row at or after a changed position',
      'even when its item is the same object; the rows given a different item count what changed.', '',
      uiTable(uiRuns, true), '')
  }
  parts.push('How each operation\'s cost grows with cache size and observer count is in',
    '[benchmarks-scaling.md](benchmarks-scaling.md) (`build-aux/bench.sh --scaling`).', '')
  writeFileSync(file, parts.join('\n'))
}

// The scaling report: each workload over a range of sizes, per operation.
const SCALE_FACTORS = [0.001, 0.01, 0.1, 1, 10]

const SCALING = [
  { workload: 'cache_fill', size: 'n', label: 'cached queries', metrics: [['insert_us', 'µs per insert'], ['bookkeeping_bytes', 'bookkeeping B per query']] },
  { workload: 'get_hit', size: 'n', label: 'cached queries', metrics: [['lookup_us', 'µs per lookup']] },
  { workload: 'invalidate_prefix', size: 'n', label: 'cached queries (1,000 per prefix)', metrics: [['prefix_ms', 'ms per prefix call'], ['exact_ms', 'ms per exact call'], ['predicate_ms', 'ms per predicate call']] },
  { workload: 'observer_fanout', size: 'observers', label: 'observers', metrics: [['subscribe_ms', 'ms to subscribe all'], ['update_ms', 'ms per update'], ['rapid_notifications_per_observer', 'notifications per observer, rapid updates']] },
  { workload: 'dedup_fetch', size: 'dedup', label: 'observers', metrics: [['overhead_ms', 'ms beyond the 10 ms']] },
  { workload: 'fetch_many', size: 'fetches', label: 'queries fetched', metrics: [['sequential_us', 'µs per fetch, sequential'], ['concurrent_us', 'µs per fetch, concurrent']] },
  { workload: 'mutation_optimistic', size: 'mutations', label: 'mutations', metrics: [['mutation_us', 'µs per mutation']] },
]

function scalingSizes (base, item, factor) {
  const sizes = { ...base }
  sizes[item.size] = Math.max(1, Math.round(base[item.size] * factor))
  if (item.workload === 'invalidate_prefix') {
    // A prefix matches 1,000 queries at every size where that fits, so
    // that only the cache around it grows.
    sizes.groups = Math.max(3, Math.floor(sizes.n / 1000))
  }
  return sizes
}

function runScaling (options, base) {
  const out = []
  const perItem = []
  for (const item of SCALING) {
    if (options.only && !options.only.includes(item.workload)) continue
    const w = WORKLOADS.find((x) => x.name === item.workload)
    const columns = []
    for (const factor of SCALE_FACTORS) {
      const sizes = scalingSizes(base, item, factor)
      process.stderr.write(`scaling ${item.workload} ${item.size}=${sizes[item.size]}\n`)
      columns.push({ sizes, results: runWorkloads([w], sizes, options.scalingRuns, options)[w.name] })
    }
    perItem.push({ item, columns })
  }
  for (const { item, columns } of perItem) {
    const header = ['metric', 'engine', ...columns.map((c) => `${fmtInt(c.sizes[item.size])} ${item.label.split(' ')[0]}`)]
    const rows = []
    for (const [metric, label] of item.metrics) {
      for (const engine of ['query-core', 'tq']) {
        rows.push([label, engine === 'tq' ? 'Tq' : engine, ...columns.map((c) => fmt(medianOf(c.results[engine], metric)))])
      }
    }
    out.push({ title: `${item.workload} by ${item.label}`, header, rows })
  }
  return out
}

function writeScalingMarkdown (file, tables, env, factors) {
  const parts = [
    '# Benchmarks: how costs grow',
    '',
    '<!-- Written by build-aux/bench.sh --scaling; edit tests/bench/bench.mjs, not this file. -->',
    '',
    'The workloads of [benchmarks.md](benchmarks.md) at 1,000×, 100× and 10× fewer and 10× more',
    'items than there, on both engines, per operation. Point operations (an insert, a lookup, an',
    'exact invalidation) and prefix filters should cost the same whatever the cache size in Tq;',
    'only predicates, which must look at every query, grow with it. More than 10× the default sizes',
    'is left out: a million queries already take gigabytes in query-core, and 100× or 1,000× more',
    'would not fit in memory on either side; for observers and mutations, larger counts only repeat',
    'the same per-item cost.',
    '',
    `Measured ${env}.`,
    '',
  ]
  for (const t of tables) {
    parts.push(`## ${t.title}`, '', renderTable(t.header, t.rows, true), '')
  }
  writeFileSync(file, parts.join('\n'))
}

// }}}

let options
try {
  options = parseArgs(process.argv.slice(2))
} catch (error) {
  console.error(`bench: ${error.message}`)
  process.exit(2)
}
if (!existsSync(path.join(here, 'node_modules/@tanstack/query-core/package.json'))) {
  console.error('bench: @tanstack/query-core is not installed: run build-aux/setup.sh (npm ci in tests/bench)')
  process.exit(2)
}

const sizes = { ...DEFAULT_SIZES }
for (const k of Object.keys(sizes)) {
  if (k !== 'groups' && k !== 'updates' && k !== 'rapid') sizes[k] = Math.max(1, Math.round(sizes[k] * options.scale))
}
Object.assign(sizes, options.sizes)

if (options.scaling) {
  const env = environmentText(sizes, options.scalingRuns)
  const tables = runScaling(options, sizes)
  for (const t of tables) console.log(`\n${t.title}\n\n${renderTable(t.header, t.rows, false)}`)
  if (options.markdown) writeScalingMarkdown(options.markdown, tables, env, SCALE_FACTORS)
} else {
  const workloads = WORKLOADS.filter((w) => !options.only || options.only.includes(w.name))
  const results = runWorkloads(workloads, sizes, options.runs, options)
  const uiRuns = options.ui && (!options.only || options.only.includes('ui')) ? runUi(options) : null
  const env = environmentText(sizes, options.runs)
  console.log(`\nTq beside @tanstack/query-core (${env})\n`)
  console.log(sizesText(sizes))
  console.log('')
  console.log(mainTable(results, sizes, false))
  if (uiRuns) {
    console.log('\nThe list of 100,000 todos in GTK (Tq only)\n')
    console.log(uiTable(uiRuns, false))
  }
  if (options.markdown) writeMainMarkdown(options.markdown, results, uiRuns, sizes, env)
}

if (failures > 0) {
  console.error(`\nbench: ${failures} run(s) failed their self-check; their figures are missing`)
  process.exit(1)
}
