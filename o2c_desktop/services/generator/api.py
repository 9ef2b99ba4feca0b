"""`generate`: build the world, render every dataset in its real format, write `truth.json`."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .model import Checkpoint, GeneratedFile, GenerationCancelled
from .render.camunda import render_camunda
from .render.cfdi import render_cfdi
from .render.contracts import render_contracts
from .render.factoring import render_factoring
from .render.logistics import render_logistics
from .render.payments import render_payments
from .render.penalties import render_penalties
from .render.prei import render_prei
from .render.register import render_registers
from .render.sagi import render_sagi
from .render.sai import render_altas, render_orders
from .render.stores import render_stores
from .truth import GroundTruth, build_truth
from .world import World, build_world

DEFAULT_AS_OF = date(2025, 8, 25)
DATASETS: tuple[str, ...] = (
    "sai-ordenes", "sai-altas", "cfdi", "invoice-register", "prei", "sagi", "camunda",
    "contracts", "deliveries", "payments", "penalties", "store-invoices", "factoring",
)  # fmt: skip

Renderer = Callable[[World, Path, Checkpoint], list[GeneratedFile]]
# (label, renderer, share of the total time, measured at 1M order lines)
STEPS: tuple[tuple[str, Renderer, float], ...] = (
    ("SAI órdenes", render_orders, 0.08),
    ("SAI altas", render_altas, 0.10),
    ("CFDI XML", render_cfdi, 0.14),
    ("Registro de facturas", render_registers, 0.12),
    ("PREI", render_prei, 0.12),
    ("SAGI", render_sagi, 0.12),
    ("Camunda", render_camunda, 0.04),
    ("Contratos", render_contracts, 0.01),
    ("Entregas", render_logistics, 0.10),
    ("Pagos OAP", render_payments, 0.04),
    ("Penas", render_penalties, 0.01),
    ("Facturas de tiendas", render_stores, 0.02),
    ("Factoraje", render_factoring, 0.01),
)
WORLD_SHARE = 0.08


@dataclass(frozen=True)
class GenerationResult:
    out_dir: Path
    seed: int
    scale: int
    as_of: date
    files: list[GeneratedFile]
    truth: GroundTruth
    seconds: float


def generate(
    out_dir: Path,
    *,
    seed: int,
    scale: int,
    as_of: date | None = None,
    progress: Callable[[str, float], None] | None = None,
    cancel: threading.Event | None = None,
) -> GenerationResult:
    started = time.perf_counter()
    day = as_of or DEFAULT_AS_OF

    def report(label: str, fraction: float) -> None:
        if progress is not None:
            progress(label, min(1.0, fraction))

    def checkpoint() -> None:
        if cancel is not None and cancel.is_set():
            raise GenerationCancelled("generation cancelled")

    out_dir.mkdir(parents=True, exist_ok=True)
    report("Mundo", 0.0)
    checkpoint()
    world = build_world(seed=seed, scale=scale, as_of=day)
    total = WORLD_SHARE + sum(share for _, _, share in STEPS) + 0.02
    done = WORLD_SHARE
    report("Mundo", done / total)
    files: list[GeneratedFile] = []
    for label, renderer, share in STEPS:
        checkpoint()
        report(label, done / total)
        files.extend(renderer(world, out_dir, checkpoint))
        done += share
    checkpoint()
    report("Verdad", done / total)
    counts = {name: 0 for name in DATASETS}
    for f in files:
        counts[f.dataset] += f.rows
    truth = build_truth(world, counts)
    (out_dir / "truth.json").write_text(
        json.dumps(truth.to_dict(), ensure_ascii=False, sort_keys=True), encoding="utf-8"
    )
    report("Listo", 1.0)
    return GenerationResult(
        out_dir=out_dir,
        seed=seed,
        scale=scale,
        as_of=day,
        files=files,
        truth=truth,
        seconds=time.perf_counter() - started,
    )
