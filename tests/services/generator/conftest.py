"""One small generated world shared by the generator tests (generation takes about a second)."""

from __future__ import annotations

from pathlib import Path

import pytest

from o2c_desktop.services.generator import GenerationResult, generate

SEED = 7
SCALE = 400


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> GenerationResult:
    return generate(tmp_path_factory.mktemp("world") / "out", seed=SEED, scale=SCALE)


def files_of(result: GenerationResult, dataset: str) -> list[Path]:
    return [f.path for f in result.files if f.dataset == dataset]
