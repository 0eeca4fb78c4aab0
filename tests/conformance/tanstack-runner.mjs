#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Runs scenarios on @tanstack/query-core and prints their traces as JSON
// lines (README.md, "Running a scenario"). Usage:
//   node tanstack-runner.mjs SCENARIO.json [MORE.json ...]
// Each trace starts with its {"ev":"scenario"} line. A scenario that fails
// validation prints {"ev":"invalid"} (exit status 2 at the end); one the
// runner cannot finish prints {"ev":"error"} (exit status 1).

import { readFileSync } from 'node:fs'
import { runScenario } from './lib/tanstack.mjs'
import { ScenarioError } from './lib/validate.mjs'
import { traceLine } from './lib/canonical.mjs'

// A reader that stops early (| head) is not an error.
process.stdout.on('error', (e) => process.exit(e.code === 'EPIPE' ? 0 : 1))

const files = process.argv.slice(2)
if (files.length === 0 || files.includes('--help')) {
  process.stderr.write('usage: node tanstack-runner.mjs SCENARIO.json [MORE.json ...]\n')
  process.exit(files.length === 0 ? 2 : 0)
}
if (files.includes('--version')) {
  const { version } = JSON.parse(readFileSync(new URL('./node_modules/@tanstack/query-core/package.json', import.meta.url)))
  process.stdout.write(`@tanstack/query-core ${version}\n`)
  process.exit(0)
}

let status = 0
for (const file of files) {
  let scenario
  try {
    scenario = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    process.stdout.write(traceLine({ ev: 'invalid', file, problems: [`cannot read JSON: ${e.message}`] }) + '\n')
    process.stderr.write(`${file}: cannot read JSON: ${e.message}\n`)
    status = Math.max(status, 2)
    continue
  }
  try {
    const lines = await runScenario(scenario)
    process.stdout.write(lines.join('\n') + '\n')
  } catch (e) {
    if (e instanceof ScenarioError) {
      process.stdout.write(traceLine({ ev: 'invalid', file, problems: e.problems }) + '\n')
      process.stderr.write(`${file}: invalid scenario:\n  ${e.problems.join('\n  ')}\n`)
      status = Math.max(status, 2)
    } else {
      process.stdout.write(traceLine({ ev: 'error', file, message: String(e?.stack ?? e) }) + '\n')
      process.stderr.write(`${file}: runner error: ${e?.stack ?? e}\n`)
      status = Math.max(status, 1)
    }
  }
}
process.exitCode = status
