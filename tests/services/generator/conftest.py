"""One small generated world shared by the generator tests (generation takes about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest
from shared_worlds import generated_once

from o2c_desktop.services.generator import GenerationResult

SEED = 7
SCALE = 400


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GenerationResult:
    """Written once per run (tests/support/shared_worlds.py); tests only read it."""
    return generated_once(tmp_path_factory, seed=SEED, scale=SCALE)


def files_of(result: GenerationResult, dataset: str) -> list[Path]:
    return [f.path for f in result.files if f.dataset == dataset]
