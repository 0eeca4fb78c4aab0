#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// The conformance-schema test:
//  1. scenario.schema.json is what lib/schema.mjs builds;
//  2. every scenario under invalid/ fails validation, with each message its
//     .expect file lists (one substring per line);
//  3. every corpus scenario is valid, named after its file, filed in the
//     folder of its rule group, and has a recorded trace that starts with
//     its scenario line;
//  4. every rule of section 2 (1-57) has at least one corpus scenario.
// Prints the number of scenarios per rule group.

import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { basename, dirname, join, relative } from 'node:path'
import { HERE, expectedPath, scenarioFiles } from './lib/compare.mjs'
import { schema } from './lib/schema.mjs'
import { validateScenario, ScenarioError } from './lib/validate.mjs'

const problems = []
const fail = (msg) => problems.push(msg)

// 1
const committed = readFileSync(join(HERE, 'scenario.schema.json'), 'utf8')
if (committed !== JSON.stringify(schema, null, 2) + '\n')
  fail('scenario.schema.json is out of date: run  node lib/schema.mjs > scenario.schema.json')

// 2
const invalidDir = join(HERE, 'invalid')
let invalidCount = 0
for (const name of readdirSync(invalidDir).filter((n) => n.endsWith('.json')).sort()) {
  invalidCount++
  const file = join(invalidDir, name)
  const expectFile = file.replace(/\.json$/, '.expect')
  if (!existsSync(expectFile)) {
    fail(`invalid/${name}: no .expect file`)
    continue
  }
  const expected = readFileSync(expectFile, 'utf8').split('\n').filter((l) => l.trim() !== '')
  let message
  try {
    validateScenario(JSON.parse(readFileSync(file, 'utf8')))
    fail(`invalid/${name} was accepted`)
    continue
  } catch (e) {
    message = e instanceof ScenarioError ? e.problems.join('\n') : e.message
  }
  for (const want of expected) {
    if (!message.includes(want)) fail(`invalid/${name}: the message does not say "${want}"; it says:\n    ${message.split('\n').join('\n    ')}`)
  }
}

// 3 and 4
const GROUPS = {
  keys: [1, 3],
  filters: [4, 11],
  staleness: [12, 16],
  mount: [17, 20],
  dedup: [21, 22],
  retry: [23, 26],
  network: [27, 30],
  cancel: [31, 35],
  gc: [36, 38],
  notify: [39, 40],
  interval: [41, 41],
  placeholder: [42, 45],
  setdata: [46, 47],
  defaults: [48, 48],
  mutations: [49, 51],
  infinite: [52, 57],
}
const corpus = join(HERE, 'corpus')
const perGroup = new Map()
const covered = new Set()
const names = new Map()
for (const file of scenarioFiles([corpus])) {
  const rel = relative(corpus, file)
  const group = dirname(rel)
  let scenario
  try {
    scenario = validateScenario(JSON.parse(readFileSync(file, 'utf8')))
  } catch (e) {
    fail(`${rel}: invalid:\n    ${(e.problems ?? [e.message]).join('\n    ')}`)
    continue
  }
  const stem = basename(file, '.json')
  if (scenario.name !== stem) fail(`${rel}: its name is "${scenario.name}", not its file name "${stem}"`)
  if (names.has(scenario.name)) fail(`${rel}: the name "${scenario.name}" is also used by ${names.get(scenario.name)}`)
  names.set(scenario.name, rel)
  if (group in GROUPS) {
    const [lo, hi] = GROUPS[group]
    const own = scenario.rules.filter((r) => /^\d+$/.test(r)).map(Number)
    if (!own.some((r) => r >= lo && r <= hi)) fail(`${rel}: in ${group}/ but checks none of rules ${lo}-${hi} (rules: ${scenario.rules.join(', ')})`)
    if (!/^r\d+-/.test(stem)) fail(`${rel}: a scenario in ${group}/ is named r<rule>-<what>`)
  } else if (group === 'behaviours') {
    if (!scenario.rules.some((r) => /^B\d\d$/.test(r))) fail(`${rel}: in behaviours/ but names no B-behaviour in its rules`)
    if (!/^b\d\d-/.test(stem)) fail(`${rel}: a scenario in behaviours/ is named b<nn>-<what>`)
  } else if (group === 'regressions') {
    if (!scenario.rules.includes('fuzz')) fail(`${rel}: a regression lists "fuzz" among its rules`)
  } else fail(`${rel}: ${group}/ is not a corpus folder`)
  perGroup.set(group, (perGroup.get(group) ?? 0) + 1)
  for (const r of scenario.rules) covered.add(r)
  const exp = expectedPath(file)
  if (!existsSync(exp)) fail(`${rel}: no recorded trace (node compare.mjs --record ${rel})`)
  else {
    const first = readFileSync(exp, 'utf8').split('\n')[0]
    if (first !== JSON.stringify({ ev: 'scenario', name: scenario.name })) fail(`${rel}: its recorded trace starts with ${first}`)
  }
}
for (let r = 1; r <= 57; r++) if (!covered.has(String(r))) fail(`no corpus scenario checks rule ${r}`)

let total = 0
for (const [group, n] of [...perGroup.entries()].sort()) {
  total += n
  process.stdout.write(`${group.padEnd(12)} ${n}\n`)
}
process.stdout.write(`corpus: ${total} scenarios; invalid/: ${invalidCount} rejected as expected\n`)
if (problems.length) {
  process.stdout.write(`\n${problems.length} problems:\n- ${problems.join('\n- ')}\n`)
  process.exitCode = 1
}
