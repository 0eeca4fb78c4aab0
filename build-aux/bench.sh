#!/usr/bin/env bash
# Benchmarks Tq beside TanStack's @tanstack/query-core (docs/benchmarks.md).
#
# Builds Tq with optimisations in _build-release (-Dbuildtype=release),
# installs the pinned query-core from npm (tests/bench/package-lock.json),
# runs every workload on both engines in the same run with the same sizes,
# each in a fresh process, at least five times, prints the table of medians
# and writes it to docs/benchmarks.md. Also measures the GTK list of 100,000
# todos (on Xvfb when there is no display). Exits non-zero if any run failed
# its self-check.
#
#   build-aux/bench.sh [--runs=R] [--scale=X] [--only=w1,w2,...]
#                      [--n=N] [--groups=G] [--observers=M] [--updates=U]
#                      [--rapid=R] [--dedup=K] [--fetches=F] [--mutations=X]
#                      [--no-ui]
#   build-aux/bench.sh --scaling [--scaling-runs=R] [--only=...]
#
# --scale multiplies every default size (--scale=0.1 for a quick look);
# the named sizes set one exactly. --scaling writes the scaling report
# (docs/benchmarks-scaling.md) instead: each workload at 1,000x, 100x and
# 10x fewer and 10x more items. Not part of build-aux/test.sh: speed is
# reported, never a pass/fail test.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

setup_build _build-release -Dbuildtype=release -Dintrospection=disabled -Ddocs=disabled

args=()
ui=1
scaling=0
for arg in "$@"; do
  case "$arg" in
    --no-ui) ui=0 ;;
    --scaling) scaling=1; args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done

if [ $scaling = 1 ]; then
  markdown="$top/docs/benchmarks-scaling.md"
else
  markdown="$top/docs/benchmarks.md"
  if [ $ui = 1 ] && [ -x "$top/_build-release/tests/bench/tq-bench-ui" ]; then
    args+=("--ui=$top/_build-release/tests/bench/tq-bench-ui")
  fi
fi

exec node "$top/tests/bench/bench.mjs" \
  --tq="$top/_build-release/tests/bench/tq-bench" \
  --markdown="$markdown" \
  "${args[@]+"${args[@]}"}"
