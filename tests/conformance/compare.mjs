#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The comparison command (README.md, "Comparing"). Runs scenarios through
// runner A and either runner B (differential mode) or the recorded
// *.expected.jsonl traces (expected mode), and prints per scenario "same" or
// the first differing trace line with context, then a closing count.

import { writeFileSync, readFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import {
  DEFAULT_JOBS,
  DEFAULT_RUNNER,
  HERE,
  describeDifference,
  expectedPath,
  firstDifference,
  knownDifference,
  loadAllowList,
  normalise,
  runRunner,
  scenarioFiles,
} from './lib/compare.mjs'
import { validateScenario, ScenarioError } from './lib/validate.mjs'

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1))

const USAGE = `usage: node compare.mjs [options] PATH...

PATH is a scenario file or a folder of them (searched recursively).

  --a CMD          runner A (default: the TanStack runner, ${DEFAULT_RUNNER})
  --b CMD          runner B: compare A with B (differential mode)
  --expected       compare A with the recorded *.expected.jsonl traces
                   (the default when --b is not given)
  --record         run A and (re)write each scenario's *.expected.jsonl
  --allow FILE     allow-list for the differential mode
                   (default: allowlist.json beside this script)
  --jobs N         processes per runner (default ${DEFAULT_JOBS})
  --context N      lines of context before a difference (default 3)
  --quiet          print only differences and the closing count
  -h, --help       this text

A runner is called as  CMD SCENARIO.json [MORE.json ...]  and prints each
trace as JSON lines, each trace starting with its {"ev":"scenario"} line.
Exit status: 0 when every scenario is the same, 1 otherwise, 2 on bad usage.`

function parseArgs(argv) {
  const o = { a: DEFAULT_RUNNER, b: null, mode: 'expected', allow: join(HERE, 'allowlist.json'), jobs: DEFAULT_JOBS, context: 3, quiet: false, paths: [] }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${arg} needs a value`)
      return argv[++i]
    }
    switch (arg) {
      case '--a': o.a = value(); break
      case '--b': o.b = value(); o.mode = 'differential'; break
      case '--expected': o.mode = 'expected'; break
      case '--record': o.mode = 'record'; break
      case '--allow': o.allow = value(); break
      case '--jobs': o.jobs = Number(value()); break
      case '--context': o.context = Number(value()); break
      case '--quiet': o.quiet = true; break
      case '-h':
      case '--help': o.help = true; break
      default:
        if (arg.startsWith('-')) throw new Error(`unknown option ${arg}`)
        o.paths.push(arg)
    }
  }
  if (o.mode === 'differential' && !o.b) throw new Error('--b needs a command')
  if (!Number.isInteger(o.jobs) || o.jobs < 1) throw new Error('--jobs needs a positive number')
  return o
}

async function main() {
  let opts
  try {
    opts = parseArgs(process.argv.slice(2))
  } catch (e) {
    process.stderr.write(`compare: ${e.message}\n${USAGE}\n`)
    return 2
  }
  if (opts.help) {
    process.stdout.write(USAGE + '\n')
    return 0
  }
  if (opts.paths.length === 0) {
    process.stderr.write(`compare: no scenarios given\n${USAGE}\n`)
    return 2
  }

  const files = scenarioFiles(opts.paths)
  const say = (text) => process.stdout.write(text + '\n')
  const counts = { same: 0, different: 0, known: 0, failed: 0, invalid: 0, recorded: 0 }
  let entries = []
  try {
    if (opts.mode === 'differential') entries = loadAllowList(opts.allow)
  } catch (e) {
    process.stderr.write(`compare: bad allow-list: ${e.message}\n`)
    return 2
  }
  const used = new Set()

  // Validate first: neither engine ever sees a malformed scenario here.
  const valid = []
  const names = new Map()
  for (const file of files) {
    try {
      const scenario = validateScenario(JSON.parse(readFileSync(file, 'utf8')))
      names.set(file, scenario.name)
      valid.push(file)
    } catch (e) {
      counts.invalid++
      const problems = e instanceof ScenarioError ? e.problems : [e.message]
      say(`INVALID ${file}\n  ${problems.join('\n  ')}`)
    }
  }
  const seen = new Map()
  for (const [file, name] of names) {
    if (seen.has(name)) {
      say(`INVALID ${file}\n  has the same name as ${seen.get(name)}: "${name}"`)
      counts.invalid++
      valid.splice(valid.indexOf(file), 1)
    } else seen.set(name, file)
  }

  const resultsA = await runRunner(opts.a, valid, { jobs: opts.jobs })
  const resultsB = opts.mode === 'differential' ? await runRunner(opts.b, valid, { jobs: opts.jobs }) : null

  for (const file of valid) {
    const name = names.get(file)
    const a = resultsA.get(file)
    if (a.problem || a.lines.some((l) => l.startsWith('{"ev":"error"') || l.startsWith('{"ev":"invalid"'))) {
      counts.failed++
      say(`FAILED  ${name} (${file})\n  runner A: ${a.problem ?? a.lines[a.lines.length - 1]}`)
      continue
    }
    if (opts.mode === 'record') {
      writeFileSync(expectedPath(file), a.lines.join('\n') + '\n')
      counts.recorded++
      if (!opts.quiet) say(`recorded ${name}`)
      continue
    }
    let b
    let nameB
    if (opts.mode === 'expected') {
      nameB = 'E'
      const path = expectedPath(file)
      if (!existsSync(path)) {
        counts.failed++
        say(`FAILED  ${name} (${file})\n  no recorded trace ${path} (make it with --record)`)
        continue
      }
      b = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '')
    } else {
      nameB = 'B'
      const r = resultsB.get(file)
      if (r.problem || r.lines.some((l) => l.startsWith('{"ev":"error"') || l.startsWith('{"ev":"invalid"'))) {
        counts.failed++
        say(`FAILED  ${name} (${file})\n  runner B: ${r.problem ?? r.lines[r.lines.length - 1]}`)
        continue
      }
      b = r.lines
    }
    let la = a.lines
    let lb = b
    if (opts.mode === 'differential') {
      la = normalise(entries, name, la, used)
      lb = normalise(entries, name, lb, used)
    }
    const index = firstDifference(la, lb)
    if (index < 0) {
      counts.same++
      if (!opts.quiet) say(`same    ${name}`)
      continue
    }
    const known = opts.mode === 'differential' ? knownDifference(entries, name) : null
    if (known) {
      used.add(known.id)
      counts.known++
      say(`known   ${name} (allow-list entry "${known.id}": ${known.reason})`)
      continue
    }
    counts.different++
    say(`DIFFERENT ${name} (${file}), first difference at line ${index + 1}:`)
    for (const l of describeDifference(la, lb, index, { context: opts.context, nameA: 'A', nameB })) say(l)
  }

  const total = files.length
  const parts =
    opts.mode === 'record'
      ? [`${counts.recorded} recorded`]
      : [`${counts.same} same`, `${counts.different} different`]
  if (counts.known) parts.push(`${counts.known} known differences`)
  parts.push(`${counts.failed} failed`, `${counts.invalid} invalid`)
  say(`${total} scenarios: ${parts.join(', ')}`)
  if (opts.mode === 'differential' && entries.length) {
    for (const e of entries) say(`  allow-list ${e.id}: ${used.has(e.id) ? 'applied' : 'not needed by these scenarios'}`)
  }
  // A known difference is one the allow-list names with its reason: it does
  // not fail the run, but it is counted and printed every time.
  return counts.different === 0 && counts.failed === 0 && counts.invalid === 0 ? 0 : 1
}

process.exitCode = await main()
