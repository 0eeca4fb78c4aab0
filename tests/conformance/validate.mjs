#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Validates scenarios (README.md, section 2) and prints every problem.
// Usage: node validate.mjs SCENARIO.json|FOLDER ...   Exit status 1 if any
// scenario is invalid.

import { readFileSync } from 'node:fs'
import { scenarioFiles } from './lib/compare.mjs'
import { validateScenario, ScenarioError } from './lib/validate.mjs'

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1))

const paths = process.argv.slice(2)
if (paths.length === 0) {
  process.stderr.write('usage: node validate.mjs SCENARIO.json|FOLDER ...\n')
  process.exit(2)
}
let bad = 0
const files = scenarioFiles(paths)
for (const file of files) {
  try {
    validateScenario(JSON.parse(readFileSync(file, 'utf8')))
  } catch (e) {
    bad++
    const problems = e instanceof ScenarioError ? e.problems : [e.message]
    process.stdout.write(`${file}:\n  ${problems.join('\n  ')}\n`)
  }
}
process.stdout.write(`${files.length} scenarios, ${bad} invalid\n`)
process.exitCode = bad ? 1 : 0
