"""Deterministic synthetic data generator: one consistent O2C world rendered as real exports.

`build_world` gives the clean in-memory tables (pandas, queryable by date range); `generate`
renders every dataset of `DATASETS` in its real file format with the noise of DOMAIN §9.3 and
returns the planted ground truth. `store_invoice_table` produces a large store feed directly in
Arrow for benchmarks.
"""

from .api import DATASETS, DEFAULT_AS_OF, GenerationResult, generate
from .model import GeneratedFile, GenerationCancelled
from .stores_world import store_invoice_table
from .truth import GroundTruth
from .world import World, build_world

__all__ = [
    "DATASETS",
    "DEFAULT_AS_OF",
    "GeneratedFile",
    "GenerationCancelled",
    "GenerationResult",
    "GroundTruth",
    "World",
    "build_world",
    "generate",
    "store_invoice_table",
]
