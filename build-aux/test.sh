#!/usr/bin/env bash
# Builds Tq and runs every test suite:
#  1. the normal build's tests, GTK ones on a headless X server (Xvfb);
#  2. the same tests in an AddressSanitizer + UndefinedBehaviorSanitizer
#     build, with leak detection on (suppressions: tests/lsan.supp);
#  3. the GLib-only suites under valgrind, with no display at all
#     (set TQ_SKIP_VALGRIND=1 to leave this out).
# Ends with one line "N passed, N failed, N skipped" and a non-zero status
# if anything failed.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/setup.sh"
set +e

status=0
logs=()

headless () {
  GTK_A11Y=none GSETTINGS_BACKEND=memory NO_AT_BRIDGE=1 \
    dbus-run-session -- xvfb-run -a -s '-screen 0 1280x1024x24' "$@"
}

echo "== normal build" >&2
setup_build _build || status=1
rm -f _build/meson-logs/testlog.json
headless meson test -C _build --print-errorlogs || status=1
logs+=(_build/meson-logs/testlog.json)

echo "== sanitizer build (address, undefined)" >&2
setup_build _build-asan -Db_sanitize=address,undefined -Dintrospection=disabled \
  -Ddocs=disabled -Dbuildtype=debug || status=1
rm -f _build-asan/meson-logs/testlog.json
# gl-disable keeps Mesa's EGL start-up (whose leaks cannot be suppressed by
# name) out of the GTK tests.
GDK_DEBUG=gl-disable UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
  headless meson test -C _build-asan --print-errorlogs --no-suite doc --no-suite introspection || status=1
logs+=(_build-asan/meson-logs/testlog.json)

if [ "${TQ_SKIP_VALGRIND:-0}" != 1 ]; then
  echo "== valgrind (GLib-only suites, no display)" >&2
  rm -f _build/meson-logs/testlog-valgrind.json
  env -u DISPLAY -u WAYLAND_DISPLAY \
    meson test -C _build --setup=valgrind --suite nodisplay --no-suite slow --print-errorlogs || status=1
  logs+=(_build/meson-logs/testlog-valgrind.json)
fi

/usr/bin/python3 - "${logs[@]}" <<'PY' || status=1
import json, sys
passed = failed = skipped = 0
for path in sys.argv[1:]:
    try:
        lines = open(path).read().splitlines()
    except OSError:
        print('missing test log: ' + path, file=sys.stderr)
        failed += 1
        continue
    for line in lines:
        if not line.strip():
            continue
        result = json.loads(line)['result']
        if result in ('OK', 'EXPECTEDFAIL'):
            passed += 1
        elif result == 'SKIP':
            skipped += 1
        else:
            failed += 1
print('%d passed, %d failed, %d skipped' % (passed, failed, skipped))
sys.exit(1 if failed else 0)
PY
last=$?
[ $last -ne 0 ] && status=1
exit $status
