#!/usr/bin/env bash
# The whole test suite with every quality gate: set up (idempotent), lint, format, types,
# import contracts, then pytest. Extra arguments go to pytest.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh

BIN="$ROOT/.venv/bin"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

step() { printf '\n== %s\n' "$*"; }
step "ruff check";        "$BIN/ruff" check .
step "ruff format";       "$BIN/ruff" format --check .
step "mypy (strict on o2c_desktop/services)"; "$BIN/mypy"
step "import contracts";  "$BIN/lint-imports"
step "pytest"
# pytest exits 5 when it collects no test; that is a failure here, and it stays one.
# One worker per core (pytest-xdist); `-n 0` among the arguments runs serially (the last -n wins).
"$BIN/pytest" -n auto "$@"
