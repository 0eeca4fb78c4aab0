#!/usr/bin/env node
// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Entry point of the meson tests: checks that the npm packages are
// installed (they are imported statically further in, where a missing one
// would only give a module-resolution stack trace), then runs the script
// named by the first argument with the rest of the arguments.
//   node run-test.mjs compare.mjs --quiet corpus

import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const here = dirname(fileURLToPath(import.meta.url))
const needed = ['@tanstack/query-core', '@sinonjs/fake-timers', 'ajv']
const missing = needed.filter((p) => !existsSync(join(here, 'node_modules', p, 'package.json')))
if (missing.length) {
  process.stderr.write(
    `tests/conformance: npm packages missing (${missing.join(', ')}).\n` +
      `Run build-aux/setup.sh, or: cd tests/conformance && npm ci\n`,
  )
  process.exit(1)
}

const [script, ...args] = process.argv.slice(2)
process.argv = [process.argv[0], join(here, script), ...args]
await import(pathToFileURL(join(here, script)).href)
