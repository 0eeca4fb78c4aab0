// SPDX-License-Identifier: LGPL-2.1-or-later
//
// Canonical JSON: the one text form of a trace line, so that traces from two
// engines compare byte for byte. Object members are sorted by key (UTF-16
// code units, which for ASCII keys is byte order), there is no whitespace,
// members whose value is undefined are left out, and strings are escaped as
// ECMAScript's JSON.stringify escapes them.

export function canonical(value) {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new Error(`canonical: ${value} is not a JSON number`)
      return JSON.stringify(value)
    case 'string':
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (Array.isArray(value)) {
        return `[${value.map((v) => (v === undefined ? 'null' : canonical(v))).join(',')}]`
      }
      const keys = Object.keys(value)
        .filter((k) => value[k] !== undefined)
        .sort()
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`
    }
    default:
      throw new Error(`canonical: cannot write a ${typeof value}`)
  }
}

// A trace line: canonical JSON, except that the top-level members "ev" and
// "t" come first (in that order) so that lines read well in a diff.
export function traceLine(obj) {
  const { ev, t, ...rest } = obj
  const head = [`"ev":${JSON.stringify(ev)}`]
  if (t !== undefined) head.push(`"t":${canonical(t)}`)
  const body = canonical(rest)
  return `{${head.join(',')}${body === '{}' ? '' : ',' + body.slice(1, -1)}}`
}
