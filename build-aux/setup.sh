#!/usr/bin/env bash
# Installs what Tq needs on Debian 12 (only what is missing), then configures
# and builds it in _build. Sourced by demo.sh and test.sh; safe to run again.
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$top"

# Debian packages: build tools and libraries, headless display and D-Bus for
# the GTK tests, sanitizer runtimes, valgrind, validators, npm for the
# TanStack side of the conformance suite and benchmarks.
packages=(
  build-essential meson ninja-build pkg-config gettext
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  gobject-introspection libgirepository1.0-dev gi-docgen python3-gi
  gir1.2-gtk-4.0 gir1.2-adw-1 gir1.2-soup-3.0 gir1.2-json-1.0
  xvfb xauth dbus dbus-x11 at-spi2-core librsvg2-common ca-certificates
  valgrind clang libclang-rt-14-dev
  desktop-file-utils appstream appstream-util flatpak-builder
  xdotool imagemagick x11-utils libgtk-4-bin
  nodejs npm
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

# nodejs/npm may come from outside Debian (e.g. a preinstalled Node.js): then
# do not ask apt for them.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  filtered=()
  for p in "${missing[@]}"; do
    case "$p" in nodejs|npm) ;; *) filtered+=("$p") ;; esac
  done
  missing=("${filtered[@]+"${filtered[@]}"}")
fi

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}" >&2
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    sudo="sudo"
  fi
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y "${missing[@]}"
fi

setup_build () {
  local dir=$1
  shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

# npm packages for the tests and benchmarks that run TanStack's own code or
# json-server: every package-lock.json under tests/ is installed into its own
# folder, again only when the lock file changed.
npm_setup () {
  local lock dir stamp
  while IFS= read -r lock; do
    dir=$(dirname "$lock")
    stamp="$dir/node_modules/.tq-lock-stamp"
    if [ ! -f "$stamp" ] || ! cmp -s "$lock" "$stamp"; then
      echo "Installing npm packages in $dir" >&2
      (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) && cp "$lock" "$stamp"
    fi
  done < <(find "$top/tests" -name package-lock.json -not -path '*/node_modules/*' | sort)
}
npm_setup
