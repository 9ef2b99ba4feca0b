#!/usr/bin/env bash
# Builds the one-folder program from uv.lock, smoke-tests the frozen copy, then compiles the NSIS
# installer where makensis exists (Debian's nsis is installed here when missing).
#
#   bash installer/build.sh                  everything: freeze, smoke test, installer
#   bash installer/build.sh --no-installer   freeze and smoke test (the workflow signs between)
#   bash installer/build.sh --installer-only makensis on an existing dist/o2c_desktop
#
# Output: dist/o2c_desktop/ (o2c, o2c-desktop, _internal/) and dist/o2c_desktop-<version>-setup.exe.
# The smoke test's browser: Chromium with /usr/bin/chromedriver on Linux by default; set
# O2C_SMOKE_BROWSER=edge and O2C_SMOKE_DRIVER=<msedgedriver> on Windows.
# Runs on Linux and in Git Bash on Windows (the release workflow); takes several minutes.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DIST="$ROOT/dist"
APP_DIR="$DIST/o2c_desktop"
WORK="$ROOT/build/pyinstaller"

log() { printf '[build] %s\n' "$*" >&2; }

freeze=1
installer=1
case "${1:-}" in
  "") ;;
  --no-installer) installer=0 ;;
  --installer-only) freeze=0 ;;
  *) log "unknown option: $1 (see the top of installer/build.sh)"; exit 2 ;;
esac

is_windows() { case "$(uname -s)" in MINGW*|MSYS*|CYGWIN*) return 0 ;; *) return 1 ;; esac; }

# A path makensis.exe understands when we run under Git Bash.
native_path() { if is_windows; then cygpath -w "$1"; else printf '%s' "$1"; fi; }

ensure_uv() {
  if is_windows || ! command -v dpkg-query >/dev/null 2>&1; then
    # The workflow installs the pinned uv with pip, as scripts/setup.sh does on Linux.
    UV="$(command -v uv)" || { log "uv is not on PATH: pip install uv (version in scripts/setup.sh)"; exit 1; }
  else
    # Browser, driver, Qt's libraries and the pinned uv, as for development (idempotent).
    bash "$ROOT/scripts/setup.sh"
    UV="$ROOT/.tools/bin/uv"
  fi
  # --locked: exactly uv.lock. The dev extra stays, so the developer's tools survive the build.
  UV_PYTHON_DOWNLOADS=never "$UV" sync --locked --extra dev --extra build --quiet
}

ensure_makensis() {
  command -v makensis >/dev/null 2>&1 && return 0
  if command -v dpkg-query >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
    log "installing Debian's nsis"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nsis >/dev/null \
      || { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nsis >/dev/null; }
  fi
  command -v makensis >/dev/null 2>&1
}

# Git Bash keeps the \r of a Windows program's line ends; strip it from captured values.
py() { "$UV" run --no-sync python "$@" | tr -d '\r'; }

ensure_uv
VERSION="$(py -c 'from importlib.metadata import version; print(version("o2c-desktop"))')"
VERSION_NUMERIC="$(py -c 'import sys; sys.path.insert(0, "installer"); from version_info import version_tuple; print(".".join(map(str, version_tuple(sys.argv[1]))))' "$VERSION")"
log "o2c_desktop $VERSION"

if [ "$freeze" = 1 ]; then
  start=$SECONDS
  rm -rf "$APP_DIR"
  "$UV" run --no-sync pyinstaller --noconfirm --clean --log-level WARN \
    --workpath "$WORK" --distpath "$DIST" installer/o2c_desktop.spec
  freeze_seconds=$((SECONDS - start))
  log "frozen in ${freeze_seconds} s: $(du -sh "$APP_DIR" | cut -f1) in $APP_DIR"

  smoke_args=()
  [ -n "${O2C_SMOKE_BROWSER:-}" ] && smoke_args+=(--browser "$O2C_SMOKE_BROWSER")
  [ -n "${O2C_SMOKE_DRIVER:-}" ] && smoke_args+=(--driver "$O2C_SMOKE_DRIVER")
  start=$SECONDS
  py installer/smoke.py "$APP_DIR" "${smoke_args[@]}"
  log "frozen smoke test passed in $((SECONDS - start)) s"
fi

if [ "$installer" = 1 ]; then
  [ -d "$APP_DIR" ] || { log "no $APP_DIR: run without --installer-only first"; exit 1; }
  if ! ensure_makensis; then
    log "makensis not found: installer skipped (Windows: choco install nsis; Debian: apt-get install nsis)"
    exit 0
  fi
  SETUP="$DIST/o2c_desktop-$VERSION-setup.exe"
  start=$SECONDS
  makensis -V2 -DVERSION="$VERSION" -DVERSION_NUMERIC="$VERSION_NUMERIC" \
    -DDIST_DIR="$(native_path "$APP_DIR")" -DOUTFILE="$(native_path "$SETUP")" \
    "$(native_path "$ROOT/installer/o2c_desktop.nsi")"
  log "installer compiled in $((SECONDS - start)) s: $SETUP ($(du -h "$SETUP" | cut -f1))"
fi
