"""The Windows release workflow is a valid GitHub Actions workflow and checks what it must."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from o2c_desktop import identity

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github" / "workflows" / "windows-release.yml"


def test_the_workflow_matches_the_actions_schema() -> None:
    # The schema is vendored in check-jsonschema: no network.
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_workflow_builds_from_the_lock_on_windows_2025_with_python_3_11() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert "runs-on: windows-2025" in text
    assert 'python-version: "3.11"' in text
    assert "uv sync --locked --extra dev --extra build" in text
    assert "bash installer/build.sh --no-installer" in text
    assert "actions/upload-artifact" in text


def test_the_workflow_pins_the_same_uv_as_setup() -> None:
    setup = (ROOT / "scripts" / "setup.sh").read_text(encoding="utf-8")
    workflow = WORKFLOW.read_text(encoding="utf-8")
    pinned = re.search(r'^UV_VERSION="([^"]+)"', setup, re.MULTILINE)
    assert pinned is not None
    assert f'UV_VERSION: "{pinned[1]}"' in workflow


def test_the_install_check_looks_for_the_fixed_identifiers() -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    assert f"CurrentVersion\\Uninstall\\{identity.UNINSTALL_GUID}" in text
    assert f"'{identity.APP_USER_MODEL_ID}'" in text
    assert f"Programs\\{identity.INSTALL_DIR_NAME}" in text
