// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Running runners and comparing traces: shared by compare.mjs and fuzz.mjs.

import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const HERE = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const DEFAULT_RUNNER = `${process.execPath} ${join(HERE, 'tanstack-runner.mjs')}`
export const DEFAULT_JOBS = Math.max(1, Math.min(8, availableParallelism()))

// Splits a command line on blanks; double or single quotes keep blanks.
export function splitCommand(text) {
  const out = []
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g
  let m
  while ((m = re.exec(text))) out.push(m[1] ?? m[2] ?? m[3])
  return out
}

// Scenario files under the given paths: *.json files, directories searched
// recursively, in sorted order.
export function scenarioFiles(paths) {
  const out = []
  const walk = (p) => {
    const st = statSync(p)
    if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (name === 'node_modules') continue
        walk(join(p, name))
      }
    } else if (p.endsWith('.json')) out.push(p)
  }
  for (const p of paths) walk(p)
  return out
}

export function expectedPath(file) {
  return file.replace(/\.json$/, '.expected.jsonl')
}

function runOnce(command, files, timeoutMs) {
  const [exe, ...args] = splitCommand(command)
  return new Promise((resolvePromise) => {
    const child = spawn(exe, [...args, ...files], { stdio: ['ignore', 'pipe', 'pipe'] })
    const out = []
    const err = []
    child.stdout.on('data', (d) => out.push(d))
    child.stderr.on('data', (d) => err.push(d))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('error', (e) => {
      clearTimeout(timer)
      resolvePromise({ stdout: '', stderr: String(e), code: -1, signal: null })
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolvePromise({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
      })
    })
  })
}

// Splits a runner's output into one trace per file, in order. A trace
// starts at a {"ev":"scenario"} or {"ev":"invalid"} line.
function splitTraces(stdout) {
  const traces = []
  for (const line of stdout.split('\n')) {
    if (line === '') continue
    let ev
    try {
      ev = JSON.parse(line).ev
    } catch {
      ev = undefined
    }
    if (ev === 'scenario' || ev === 'invalid' || traces.length === 0) traces.push([])
    traces[traces.length - 1].push(line)
  }
  return traces
}

// Runs `command` on every file; returns Map(file → {lines, problem}).
// Files are shared out among `jobs` processes. When a process dies before
// printing every trace, the files it did not finish run again one by one,
// so that a crash is pinned on its scenario.
export async function runRunner(command, files, { jobs = DEFAULT_JOBS, timeoutMs = 300000 } = {}) {
  const results = new Map()
  const chunks = Array.from({ length: Math.min(jobs, files.length) }, () => [])
  files.forEach((f, i) => chunks[i % chunks.length].push(f))

  const runChunk = async (chunk, single) => {
    const r = await runOnce(command, chunk, timeoutMs)
    const traces = splitTraces(r.stdout)
    const complete = r.code === 0 || r.code === 1 || r.code === 2
    for (let i = 0; i < chunk.length; i++) {
      const lines = traces[i]
      const lastOne = i === traces.length - 1
      if (lines && (complete || !lastOne)) {
        results.set(chunk[i], { lines })
      } else if (!single) {
        await runChunk([chunk[i]], true)
      } else {
        const how = r.signal ? `killed by ${r.signal}` : `exit status ${r.code}`
        results.set(chunk[i], {
          lines: lines ?? [],
          problem: `runner ${how}${r.stderr ? `: ${r.stderr.trim().split('\n').slice(-5).join(' | ')}` : ''}`,
        })
      }
    }
  }
  await Promise.all(chunks.map((c) => runChunk(c, c.length === 1)))
  return results
}

// ---------------------------------------------------------------------------
// Allow-list: explicit, named normalisations for the differential mode.

function matches(pattern, obj) {
  for (const [k, v] of Object.entries(pattern)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      if (!obj[k] || typeof obj[k] !== 'object' || !matches(v, obj[k])) return false
    } else if (JSON.stringify(obj[k]) !== JSON.stringify(v)) return false
  }
  return true
}

function globToRegExp(glob) {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`)
}

export function loadAllowList(file) {
  if (!file || !existsSync(file)) return []
  const doc = JSON.parse(readFileSync(file, 'utf8'))
  const entries = doc.entries ?? []
  const problems = []
  entries.forEach((e, i) => {
    if (!e.id) problems.push(`entry ${i} has no "id"`)
    if (!e.reason || e.reason.length < 20) problems.push(`entry ${e.id ?? i} needs a "reason" that says why (20 characters or more)`)
    if (!Array.isArray(e.scenarios) || e.scenarios.length === 0) problems.push(`entry ${e.id ?? i} needs "scenarios" (names or globs)`)
    const kinds = ['dropLines', 'dropFields', 'knownDifference'].filter((k) => k in e)
    if (kinds.length !== 1) problems.push(`entry ${e.id ?? i} needs exactly one of "dropLines", "dropFields", "knownDifference"`)
  })
  if (problems.length) throw new Error(`${file}: ${problems.join('; ')}`)
  return entries.map((e) => ({ ...e, patterns: e.scenarios.map(globToRegExp), used: 0 }))
}

function deletePath(obj, path) {
  const parts = path.split('.')
  let o = obj
  for (const p of parts.slice(0, -1)) {
    if (!o || typeof o !== 'object') return
    o = o[p]
  }
  if (o && typeof o === 'object') delete o[parts[parts.length - 1]]
}

// Applies the entries that name this scenario to a trace; returns the new
// lines and marks which entries changed something.
export function normalise(entries, scenarioName, lines, used) {
  const active = entries.filter((e) => e.patterns.some((re) => re.test(scenarioName)))
  if (active.length === 0) return lines
  const out = []
  for (const line of lines) {
    let obj = JSON.parse(line)
    let changed = false
    let dropped = false
    for (const e of active) {
      if (e.dropLines && matches(e.dropLines, obj)) {
        dropped = true
        used.add(e.id)
        break
      }
      if (e.dropFields && matches(e.dropFields.match ?? {}, obj)) {
        for (const f of e.dropFields.fields) deletePath(obj, f)
        changed = true
        used.add(e.id)
      }
    }
    if (dropped) continue
    // Both traces go through the same JSON.parse/stringify, so equal lines
    // stay equal text.
    out.push(changed ? JSON.stringify(obj) : line)
  }
  return out
}

export function knownDifference(entries, scenarioName) {
  return entries.find((e) => e.knownDifference && e.patterns.some((re) => re.test(scenarioName)))
}

// ---------------------------------------------------------------------------

// Index of the first differing line, or -1.
export function firstDifference(a, b) {
  const n = Math.max(a.length, b.length)
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i
  return -1
}

// A few lines of context around the first difference: the step line that
// led to it, up to `context` lines before, then the two versions.
export function describeDifference(a, b, index, { context = 3, nameA = 'A', nameB = 'B' } = {}) {
  const out = []
  let stepIndex = -1
  for (let i = index - 1; i >= 0; i--) {
    if (a[i].startsWith('{"ev":"step"')) {
      stepIndex = i
      break
    }
  }
  const from = Math.max(0, index - context)
  if (stepIndex >= 0 && stepIndex < from) out.push(`    ${stepIndex + 1}: ${a[stepIndex]}`, '    ...')
  for (let i = from; i < index; i++) out.push(`    ${i + 1}: ${a[i]}`)
  out.push(`  ${nameA} ${index + 1}: ${a[index] ?? '<end of trace>'}`)
  out.push(`  ${nameB} ${index + 1}: ${b[index] ?? '<end of trace>'}`)
  if (a[index] !== undefined && b[index] !== undefined) {
    try {
      const fields = fieldDifferences(JSON.parse(a[index]), JSON.parse(b[index]), '')
      for (const f of fields.slice(0, 6)) out.push(`    ${f}`)
      if (fields.length > 6) out.push(`    ... ${fields.length - 6} more`)
    } catch {
      // not JSON: the two lines above say it all
    }
  }
  return out
}

// Where two JSON values differ, as "path: A-value | B-value" lines.
function fieldDifferences(x, y, path) {
  const show = (v) => (v === undefined ? '(absent)' : JSON.stringify(v))
  const isObj = (v) => v !== null && typeof v === 'object'
  if (isObj(x) && isObj(y) && Array.isArray(x) === Array.isArray(y)) {
    const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])]
    return keys.flatMap((k) => fieldDifferences(x[k], y[k], path ? `${path}.${k}` : k))
  }
  return JSON.stringify(x) === JSON.stringify(y) ? [] : [`${path || '(line)'}: ${show(x)} | ${show(y)}`]
}

export function scenarioName(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).name ?? basename(file)
  } catch {
    return basename(file)
  }
}
