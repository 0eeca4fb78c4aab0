#!/usr/bin/env bash
# Builds Tq and runs the demo app (on its embedded server). Arguments are
# passed to the app, e.g. --server URL.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"

setup_build _build

export GSETTINGS_SCHEMA_DIR="$top/_build/data"
exec "$top/_build/src/demo/tq-demo" "$@"
