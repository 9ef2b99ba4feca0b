"""Generated worlds the suite builds once per run, whatever the number of pytest-xdist workers.

Generating a world and importing it takes from a few seconds to half a minute. Each kind is built
once per run: the first process that asks builds it in the run's shared temporary folder under a
file lock, the others wait for it and reuse it. What this module returns is a template: nobody
writes to it. A test (or a worker) that opens a warehouse copies the folder first
(``copy_folder``); DuckDB lets one process at a time hold a database file for writing.
"""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from filelock import FileLock

from o2c_desktop.services.generator import GenerationResult, generate


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """The temporary folder of the whole run: under xdist each worker's base folder is a child
    of it (``popen-gw0``...), without xdist it is the base folder itself."""
    base = factory.getbasetemp()
    folder = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    shared = folder / "built-once"
    shared.mkdir(exist_ok=True)
    return shared


def built_once(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], object]) -> Path:
    """The folder ``build`` fills, built by the first process of the run that asks for it."""
    folder = _run_folder(factory) / name
    finished = folder.with_name(f"{name}.built")
    with FileLock(folder.with_name(f"{name}.lock")):
        if not finished.exists():
            # A build that failed half-way (in another worker) leaves debris: start again.
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            build(folder)
            finished.touch()
    return folder


def generated_once(factory: pytest.TempPathFactory, *, seed: int, scale: int) -> GenerationResult:
    """The exports of ``generate(seed, scale)``, written once per run, and what it reported."""
    name = f"exports-{seed}-{scale}"

    def build(folder: Path) -> None:
        result = generate(folder / "out", seed=seed, scale=scale)
        (folder / "result.pickle").write_bytes(pickle.dumps(result))

    folder = built_once(factory, name, build)
    result = pickle.loads((folder / "result.pickle").read_bytes())
    assert isinstance(result, GenerationResult)
    return result


def copy_folder(template: Path, target: Path) -> Path:
    """A private copy of a template folder, to open and to write to."""
    shutil.copytree(template, target)
    return target
