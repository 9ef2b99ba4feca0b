#!/usr/bin/env bash
# The main job on the embedded default: set up (idempotent), then `o2c demo`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
exec "$ROOT/.venv/bin/o2c" demo "$@"
