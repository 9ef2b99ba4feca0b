#!/usr/bin/env bash
# Installs what o2c_desktop needs on a Debian/Ubuntu machine, idempotently:
# system packages (only the missing ones) and the Python environment from uv.lock.
# A second run installs nothing.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Browser, virtual screen, fonts, the xcb/EGL libraries Qt needs, a Secret Service for keyring tests.
SYSTEM_PACKAGES=(
  chromium chromium-driver
  xvfb xauth
  fonts-dejavu-core fonts-liberation
  libegl1 libgl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0
  dbus gnome-keyring
  libreoffice-calc-nogui poppler-utils
)
UV_VERSION="0.13.8"

log() { printf '[setup] %s\n' "$*" >&2; }

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { log "no dpkg: install the system packages by hand (see README)"; return 0; }
  local missing=()
  for pkg in "${SYSTEM_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing system packages: ${missing[*]}"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

ensure_uv() {
  UV="$ROOT/.tools/bin/uv"
  if [ -x "$UV" ] && "$UV" --version 2>/dev/null | grep -q "$UV_VERSION"; then
    return 0
  fi
  log "installing uv $UV_VERSION into .tools/"
  if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
  fi
  python3 -m venv "$ROOT/.tools"
  "$ROOT/.tools/bin/python" -m pip install -q --disable-pip-version-check "uv==$UV_VERSION"
}

sync_python_env() {
  # --locked: install exactly what uv.lock says, and fail if the lock is stale.
  UV_PYTHON_DOWNLOADS=never "$UV" sync --locked --extra dev --quiet
}

install_system_packages
ensure_uv
sync_python_env
