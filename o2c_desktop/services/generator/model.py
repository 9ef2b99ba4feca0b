"""Small shared types of the generator's public interface."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path


class GenerationCancelled(Exception):
    """Raised by `generate` when its cancel event is set."""


@dataclass(frozen=True)
class GeneratedFile:
    dataset: str  # one of DATASETS
    path: Path
    rows: int  # data rows in the file (for cfdi: number of CFDI documents in that folder/zip)


# Called every few thousand rows by renderers; raises GenerationCancelled when asked to stop.
Checkpoint = Callable[[], None]
