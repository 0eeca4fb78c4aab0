#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// A deliberately wrong runner for selftest.mjs: the TanStack runner, except
// that it reports the second call of every scripted function as call 20,
// and dies (as a crashing C runner would) on the scenario named in
// $MUTANT_CRASH. The comparison must catch both.

import { readFileSync } from 'node:fs'
import { runScenario } from '../lib/tanstack.mjs'

for (const file of process.argv.slice(2)) {
  const scenario = JSON.parse(readFileSync(file, 'utf8'))
  if (scenario.name === process.env.MUTANT_CRASH) process.kill(process.pid, 'SIGKILL')
  const lines = await runScenario(scenario)
  const changed = lines.map((l) => (l.startsWith('{"ev":"call"') ? l.replace(/,"n":2([,}])/, ',"n":20$1') : l))
  process.stdout.write(changed.join('\n') + '\n')
}
