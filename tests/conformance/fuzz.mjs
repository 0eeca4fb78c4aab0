#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Differential fuzzing (README.md, section 11). Generates scenarios from
// seeds and either runs runner A twice and requires byte-identical traces
// (determinism mode, without --b), or compares runner A with runner B
// (differential mode).

import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  DEFAULT_JOBS,
  DEFAULT_RUNNER,
  HERE,
  describeDifference,
  firstDifference,
  knownDifference,
  loadAllowList,
  normalise,
  runRunner,
} from './lib/compare.mjs'
import { generateScenario } from './lib/generate.mjs'
import { validateScenario } from './lib/validate.mjs'

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1))

const USAGE = `usage: node fuzz.mjs [options]

  --seed S            first seed (default 1)
  --count N           number of scenarios (default 300)
  --a CMD             runner A (default: the TanStack runner)
  --b CMD             runner B: differential mode (default: determinism mode)
  --allow FILE        allow-list for the differential mode (default allowlist.json)
  --shrink            reduce each diverging scenario before reporting it
  --save-failures DIR write each diverging scenario (shrunk if --shrink) and
                      runner A's trace of it into DIR
  --keep DIR          write every generated scenario into DIR
  --jobs N            processes per runner (default ${DEFAULT_JOBS})
  --batch N           scenarios per batch (default 1000)
  --print SEED        print the scenario of one seed and stop
  --shrink-file FILE  shrink one diverging scenario (needs --b), print it
                      (and save it with --save-failures) and stop
  -h, --help          this text

With TQ_FUZZ_DEBUG=1 in the environment the shrinker reports its rounds.
Exit status: 0 when every scenario agreed, 1 otherwise, 2 on bad usage.`

function parseArgs(argv) {
  const o = { seed: 1, count: 300, a: DEFAULT_RUNNER, b: null, allow: join(HERE, 'allowlist.json'), shrink: false, save: null, keep: null, jobs: DEFAULT_JOBS, batch: 1000, print: null, shrinkFile: null }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`)
      return argv[++i]
    }
    const number = () => {
      const n = Number(value())
      if (!Number.isSafeInteger(n) || n < 0) throw new Error(`${arg} needs a non-negative integer`)
      return n
    }
    switch (arg) {
      case '--seed': o.seed = number(); break
      case '--count': o.count = number(); break
      case '--a': o.a = value(); break
      case '--b': o.b = value(); break
      case '--allow': o.allow = value(); break
      case '--shrink': o.shrink = true; break
      case '--save-failures': o.save = value(); break
      case '--keep': o.keep = value(); break
      case '--jobs': o.jobs = Math.max(1, number()); break
      case '--batch': o.batch = Math.max(1, number()); break
      case '--print': o.print = number(); break
      case '--shrink-file': o.shrinkFile = value(); break
      case '-h':
      case '--help': o.help = true; break
      default: throw new Error(`unknown argument ${arg}`)
    }
  }
  return o
}

const say = (text) => process.stdout.write(text + '\n')
const hasError = (lines) => lines.some((l) => l.startsWith('{"ev":"error"') || l.startsWith('{"ev":"invalid"'))

// Runs A and B on one scenario object; returns the normalised traces, or
// null when a runner failed.
async function runPair(opts, entries, scenario, dir) {
  const file = join(dir, `${scenario.name}.json`)
  writeFileSync(file, JSON.stringify(scenario, null, 2) + '\n')
  const [ra, rb] = await Promise.all([runRunner(opts.a, [file], { jobs: 1 }), runRunner(opts.b, [file], { jobs: 1 })])
  const a = ra.get(file)
  const b = rb.get(file)
  const used = new Set()
  return {
    a: normalise(entries, scenario.name, a.lines, used),
    b: normalise(entries, scenario.name, b.lines, used),
    failed: Boolean(a.problem || b.problem || hasError(a.lines) || hasError(b.lines)),
  }
}

// Candidate reductions of a scenario: drop a block of steps (halves,
// quarters, ... single steps), drop a step of a sync group, drop an option
// of an observer or a step, halve an advance, drop client settings,
// recorded event types, unused functions or outcomes of a script.
function* reductions(s) {
  const clone = () => JSON.parse(JSON.stringify(s))
  const n = s.steps.length
  for (let size = Math.floor(n / 2); size >= 1; size = Math.floor(size / 2)) {
    for (let from = 0; from + size <= n; from += size) {
      const c = clone()
      c.steps.splice(from, size)
      if (c.steps.length) yield c
    }
  }
  for (let i = 0; i < n; i++) {
    const step = s.steps[i]
    if (step.op === 'sync') {
      for (let j = 0; j < step.steps.length; j++) {
        const c = clone()
        c.steps[i].steps.splice(j, 1)
        if (c.steps[i].steps.length === 0) c.steps.splice(i, 1)
        if (c.steps.length) yield c
      }
    }
    for (const field of ['options', 'filters', 'callbacks']) {
      if (step[field] && typeof step[field] === 'object') {
        for (const k of Object.keys(step[field])) {
          if (k === 'queryKey' && field === 'options') continue
          const c = clone()
          delete c.steps[i][field][k]
          yield c
        }
      }
    }
    if (step.op === 'advance' && step.ms > 1) {
      const c = clone()
      c.steps[i].ms = Math.floor(step.ms / 2)
      yield c
    }
  }
  for (const k of ['client', 'record']) {
    if (s[k]) {
      const c = clone()
      delete c[k]
      yield c
    }
  }
  for (const name of Object.keys(s.functions ?? {})) {
    const c = clone()
    delete c.functions[name]
    yield c
  }
  for (const [name, fn] of Object.entries(s.functions ?? {})) {
    if (fn.outcomes && fn.outcomes.length > 1) {
      for (let j = 0; j < fn.outcomes.length; j++) {
        const c = clone()
        c.functions[name].outcomes.splice(j, 1)
        yield c
      }
    }
  }
}

// Shrinks a diverging scenario. Each round runs every valid reduction of
// the current scenario through both runners in one batch and keeps the
// smallest one that still diverges; it stops when none does.
async function shrink(opts, entries, scenario, dir) {
  let current = scenario
  for (let round = 0; round < 200; round++) {
    const candidates = []
    for (const c of reductions(current)) {
      try {
        validateScenario(c)
        candidates.push(c)
      } catch {
        // a reduction that breaks the scenario (e.g. drops the step that
        // created an observer) is not a candidate
      }
    }
    if (candidates.length === 0) break
    const files = candidates.map((c, i) => {
      const file = join(dir, `shrink-${round}-${i}.json`)
      writeFileSync(file, JSON.stringify(c) + '\n')
      return file
    })
    const started = Date.now()
    // Few candidates do not pay for a second process per runner.
    const jobs = Math.max(1, Math.min(opts.jobs, Math.ceil(files.length / 50)))
    const [ra, rb] = await Promise.all([
      runRunner(opts.a, files, { jobs }),
      runRunner(opts.b, files, { jobs }),
    ])
    const took = Date.now() - started
    let best = null
    files.forEach((file, i) => {
      const a = ra.get(file)
      const b = rb.get(file)
      if (a.problem || b.problem || hasError(a.lines) || hasError(b.lines)) return
      const used = new Set()
      const la = normalise(entries, scenario.name, a.lines, used)
      const lb = normalise(entries, scenario.name, b.lines, used)
      if (firstDifference(la, lb) < 0) return
      const size = JSON.stringify(candidates[i]).length
      if (!best || size < best.size) best = { scenario: candidates[i], size }
    })
    for (const f of files) rmSync(f, { force: true })
    if (process.env.TQ_FUZZ_DEBUG) process.stderr.write(`shrink round ${round}: ${candidates.length} candidates in ${took} ms, best ${best ? best.size : '-'}\n`)
    if (!best) break
    current = best.scenario
  }
  return current
}

// --shrink-file: reduce one scenario that diverges between A and B.
async function shrinkOne(opts, entries, work) {
  if (!opts.b) {
    process.stderr.write('fuzz: --shrink-file needs --b\n')
    return 2
  }
  let scenario
  try {
    scenario = validateScenario(JSON.parse(readFileSync(opts.shrinkFile, 'utf8')))
  } catch (e) {
    process.stderr.write(`fuzz: ${opts.shrinkFile}: ${e.message}\n`)
    return 2
  }
  const before = await runPair(opts, entries, scenario, work)
  const index = firstDifference(before.a, before.b)
  if (before.failed || index < 0) {
    say(`${scenario.name}: ${before.failed ? 'a runner failed on it' : 'A and B agree'}; nothing to shrink`)
    return 1
  }
  const kept = await shrink(opts, entries, scenario, work)
  const after = await runPair(opts, entries, kept, work)
  say(`shrunk from ${scenario.steps.length} to ${kept.steps.length} steps:`)
  say(JSON.stringify(kept, null, 2))
  for (const l of describeDifference(after.a, after.b, firstDifference(after.a, after.b), { nameA: 'A', nameB: 'B' })) say(l)
  if (opts.save) {
    mkdirSync(opts.save, { recursive: true })
    const path = join(opts.save, `${kept.name}.json`)
    writeFileSync(path, JSON.stringify(kept, null, 2) + '\n')
    say(`saved as ${path}`)
  }
  return 0
}

async function main() {
  let opts
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`fuzz: ${e.message}\n${USAGE}\n`)
    return 2
  }
  if (opts.help) {
    say(USAGE)
    return 0
  }
  if (opts.print !== null) {
    say(JSON.stringify(generateScenario(opts.print), null, 2))
    return 0
  }

  let entries = []
  try {
    if (opts.b) entries = loadAllowList(opts.allow)
  } catch (e) {
    process.stderr.write(`fuzz: bad allow-list: ${e.message}\n`)
    return 2
  }
  const work = mkdtempSync(join(tmpdir(), 'tq-fuzz-'))
  if (opts.shrinkFile !== null) {
    try {
      return await shrinkOne(opts, entries, work)
    } finally {
      rmSync(work, { recursive: true, force: true })
    }
  }
  const counts = { agreed: 0, different: 0, known: 0, failed: 0, lines: 0 }
  const ops = new Map()
  if (opts.keep) mkdirSync(opts.keep, { recursive: true })
  if (opts.save) mkdirSync(opts.save, { recursive: true })

  try {
    for (let start = opts.seed; start < opts.seed + opts.count; start += opts.batch) {
      const end = Math.min(opts.seed + opts.count, start + opts.batch)
      const files = []
      const scenarios = new Map()
      for (let seed = start; seed < end; seed++) {
        const scenario = generateScenario(seed)
        try {
          validateScenario(scenario)
        } catch (e) {
          say(`GENERATOR BUG: seed ${seed} gave an invalid scenario:\n  ${e.message.split('\n').join('\n  ')}`)
          counts.failed++
          continue
        }
        const countOps = (steps) => {
          for (const s of steps) {
            ops.set(s.op, (ops.get(s.op) ?? 0) + 1)
            if (s.op === 'sync') countOps(s.steps)
          }
        }
        countOps(scenario.steps)
        const file = join(opts.keep ?? work, `${scenario.name}.json`)
        writeFileSync(file, JSON.stringify(scenario, null, 2) + '\n')
        files.push(file)
        scenarios.set(file, scenario)
      }

      const first = await runRunner(opts.a, files, { jobs: opts.jobs })
      // Determinism: the second run goes through the files in reverse order,
      // all in one process, so that anything one scenario leaves behind for
      // the next shows up as a difference.
      const second = opts.b
        ? await runRunner(opts.b, files, { jobs: opts.jobs })
        : await runRunner(opts.a, [...files].reverse(), { jobs: 1 })

      for (const file of files) {
        const scenario = scenarios.get(file)
        const a = first.get(file)
        const b = second.get(file)
        counts.lines += a.lines.length
        if (a.problem || b.problem || hasError(a.lines) || hasError(b.lines)) {
          counts.failed++
          say(`FAILED ${scenario.name}: ${a.problem ?? b.problem ?? [...a.lines, ...b.lines].find((l) => l.startsWith('{"ev":"error"') || l.startsWith('{"ev":"invalid"'))}`)
          continue
        }
        const used = new Set()
        const la = opts.b ? normalise(entries, scenario.name, a.lines, used) : a.lines
        const lb = opts.b ? normalise(entries, scenario.name, b.lines, used) : b.lines
        const index = firstDifference(la, lb)
        if (index < 0) {
          counts.agreed++
          continue
        }
        if (opts.b && knownDifference(entries, scenario.name)) {
          counts.known++
          continue
        }
        counts.different++
        say(`DIFFERENT ${scenario.name} (node fuzz.mjs --print ${scenario.name.slice(5)}), first difference at line ${index + 1}:`)
        for (const l of describeDifference(la, lb, index, { nameA: 'A', nameB: opts.b ? 'B' : 'A again' })) say(l)
        let keep = scenario
        if (opts.shrink && opts.b) {
          keep = await shrink(opts, entries, scenario, work)
          say(`  shrunk from ${scenario.steps.length} to ${keep.steps.length} steps`)
          const r = await runPair(opts, entries, keep, work)
          const i = firstDifference(r.a, r.b)
          for (const l of describeDifference(r.a, r.b, i, { nameA: 'A', nameB: 'B' })) say(l)
        }
        if (opts.save) {
          const path = join(opts.save, `${keep.name}.json`)
          writeFileSync(path, JSON.stringify(keep, null, 2) + '\n')
          const ra = await runRunner(opts.a, [path], { jobs: 1 })
          writeFileSync(path.replace(/\.json$/, '.expected.jsonl'), ra.get(path).lines.join('\n') + '\n')
          say(`  saved as ${path}`)
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }

  const mode = opts.b ? 'differential' : 'determinism'
  const parts = [`${counts.agreed} ${opts.b ? 'same' : 'deterministic'}`, `${counts.different} different`]
  if (counts.known) parts.push(`${counts.known} known differences`)
  parts.push(`${counts.failed} failed`)
  say(`${opts.count} fuzzed scenarios (seeds ${opts.seed}-${opts.seed + opts.count - 1}, ${mode}): ${parts.join(', ')}; ${counts.lines} trace lines`)
  const top = [...ops.entries()].sort((x, y) => y[1] - x[1]).map(([op, n]) => `${op} ${n}`)
  say(`  steps generated: ${top.join(', ')}`)
  return counts.different === 0 && counts.failed === 0 ? 0 : 1
}

process.exitCode = await main()
