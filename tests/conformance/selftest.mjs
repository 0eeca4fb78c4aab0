#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The conformance-selftest test: the comparison must be able to fail.
//  1. Differential mode against test/mutant-runner.mjs (which misreports the
//     second call of every function): a scenario with two calls is reported
//     DIFFERENT, one with a single call is "same", and the exit status is 1.
//  2. The same mutant dying on one scenario: that scenario is FAILED, the
//     others are still compared.
//     An allow-list entry hides what it names; a known difference is
//     counted; an entry without a reason is refused.
//  3. Expected mode against a recorded trace with one line changed: DIFFERENT.
//  4. The fuzzer, in differential mode against the mutant, finds a
//     divergence; --shrink-file reduces a padded diverging scenario to the
//     steps that matter.

import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { HERE } from './lib/compare.mjs'

const node = process.execPath
const mutant = `${node} ${join(HERE, 'test', 'mutant-runner.mjs')}`
const problems = []
const check = (ok, what, output) => {
  process.stdout.write(`${ok ? 'ok' : 'NOT OK'} - ${what}\n`)
  if (!ok) problems.push(`${what}\n${output}`)
}
const run = (args, env = {}) => {
  const r = spawnSync(node, args, { cwd: HERE, encoding: 'utf8', env: { ...process.env, ...env } })
  return { status: r.status, out: `${r.stdout}${r.stderr}` }
}

const work = mkdtempSync(join(tmpdir(), 'tq-selftest-'))
try {
  const two = {
    name: 'selftest-two-calls',
    rules: ['fuzz'],
    functions: { f: { value: 'v${call}', after: 5 } },
    steps: [
      { op: 'createObserver', id: 'o', kind: 'query', subscribe: true, options: { queryKey: ['k'], queryFn: 'f' } },
      { op: 'advance', ms: 5 },
      { op: 'refetch', observer: 'o' },
      { op: 'advance', ms: 5 },
    ],
  }
  const one = { ...two, name: 'selftest-one-call', steps: two.steps.slice(0, 2) }
  const crash = { ...one, name: 'selftest-crash' }
  for (const s of [two, one, crash]) writeFileSync(join(work, `${s.name}.json`), JSON.stringify(s))

  // 1
  let r = run(['compare.mjs', '--b', mutant, join(work, 'selftest-two-calls.json'), join(work, 'selftest-one-call.json')])
  check(r.status === 1, 'differential mode exits 1 when a trace differs', r.out)
  check(/DIFFERENT selftest-two-calls .*\n(.*\n)*.*"n":2.*\n.*"n":20/.test(r.out), 'the differing call line is shown', r.out)
  check(r.out.includes('n: 2 | 20'), 'the differing member is named', r.out)
  check(/same\s+selftest-one-call/.test(r.out), 'an unaffected scenario is the same', r.out)

  // 2
  r = run(['compare.mjs', '--b', mutant, work], { MUTANT_CRASH: 'selftest-crash' })
  check(r.status === 1 && /FAILED\s+selftest-crash/.test(r.out) && r.out.includes('runner B: runner killed by SIGKILL'), 'a runner that dies is pinned on its scenario', r.out)
  check(/same\s+selftest-one-call/.test(r.out), 'the other scenarios are still compared after a crash', r.out)

  // The allow-list: a named normalisation hides exactly what it names, a
  // known difference is reported as such, and an entry without a real
  // reason is refused.
  const allow = join(work, 'allow.json')
  writeFileSync(allow, JSON.stringify({ entries: [{ id: 'drop-calls', reason: 'the mutant misnumbers calls on purpose', scenarios: ['selftest-two-*'], dropLines: { ev: 'call' } }] }))
  r = run(['compare.mjs', '--allow', allow, '--b', mutant, join(work, 'selftest-two-calls.json')])
  check(r.status === 0 && /same\s+selftest-two-calls/.test(r.out) && r.out.includes('allow-list drop-calls: applied'), 'a dropLines entry applies to the scenarios it names', r.out)
  writeFileSync(allow, JSON.stringify({ entries: [{ id: 'known', reason: 'the mutant misnumbers calls on purpose', scenarios: ['selftest-two-calls'], knownDifference: true }] }))
  r = run(['compare.mjs', '--allow', allow, '--b', mutant, join(work, 'selftest-two-calls.json')])
  check(r.status === 0 && r.out.includes('known   selftest-two-calls') && r.out.includes('1 known differences'), 'a known difference is counted and named', r.out)
  writeFileSync(allow, JSON.stringify({ entries: [{ id: 'lazy', reason: 'because', scenarios: ['*'], dropLines: { ev: 'call' } }] }))
  r = run(['compare.mjs', '--allow', allow, '--b', mutant, join(work, 'selftest-two-calls.json')])
  check(r.status !== 0 && r.out.includes('needs a "reason" that says why'), 'an entry without a reason is refused', r.out)

  // 3
  const scenario = join(HERE, 'corpus', 'mount', 'r17-first-subscriber-fetches-without-data.json')
  const copy = join(work, 'copy.json')
  copyFileSync(scenario, copy)
  const lines = readFileSync(scenario.replace(/\.json$/, '.expected.jsonl'), 'utf8').split('\n')
  const k = lines.findIndex((l) => l.startsWith('{"ev":"notify"'))
  lines[k] = lines[k].replace('"isStale":true', '"isStale":false')
  writeFileSync(join(work, 'copy.expected.jsonl'), lines.join('\n'))
  r = run(['compare.mjs', copy])
  check(r.status === 1 && r.out.includes('DIFFERENT') && r.out.includes('result.isStale: true | false'), 'expected mode catches a changed recorded line', r.out)

  // 4
  r = run(['fuzz.mjs', '--seed', '1', '--count', '30', '--b', mutant])
  check(r.status === 1 && /DIFFERENT fuzz-\d+/.test(r.out) && r.out.includes('n: 2 | 20'), 'the fuzzer finds the mutant', r.out)
  const padded = {
    ...two,
    name: 'selftest-shrink',
    functions: { ...two.functions, unused: { value: 1 } },
    steps: [
      { op: 'setFocused', value: false },
      { op: 'setQueryData', queryKey: ['other'], updater: { value: 1 } },
      two.steps[0],
      { op: 'advance', ms: 3 },
      { op: 'observeCache' },
      two.steps[1],
      { op: 'setFocused', value: true },
      two.steps[2],
      { op: 'advance', ms: 5 },
      { op: 'observeCalls' },
    ],
  }
  writeFileSync(join(work, 'padded.json'), JSON.stringify(padded))
  r = run(['fuzz.mjs', '--shrink-file', join(work, 'padded.json'), '--b', mutant])
  const shrunk = r.out.match(/shrunk from (\d+) to (\d+) steps/)
  check(r.status === 0 && shrunk && Number(shrunk[2]) <= 3 && r.out.includes('n: 2 | 20') && !r.out.includes('"unused"'), 'and shrinks what it found', r.out)
} finally {
  rmSync(work, { recursive: true, force: true })
}
if (problems.length) {
  process.stdout.write(`\n${problems.join('\n\n')}\n`)
  process.exitCode = 1
}
