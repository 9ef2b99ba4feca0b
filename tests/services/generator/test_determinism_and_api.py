"""Same seed, same files; another seed, another world; cancel stops; fast Arrow store feed."""

from __future__ import annotations

import threading
from datetime import date
from pathlib import Path

import pytest

from o2c_desktop.services.generator import (
    DEFAULT_AS_OF,
    GenerationCancelled,
    GenerationResult,
    build_world,
    generate,
    store_invoice_table,
)

from .conftest import SCALE, SEED
from .helpers import table


def _contents(result: GenerationResult) -> dict[str, bytes]:
    out = {}
    for path in sorted(result.out_dir.rglob("*")):
        if path.is_file():
            out[str(path.relative_to(result.out_dir))] = path.read_bytes()
    return out


@pytest.mark.slow
def test_same_seed_gives_byte_identical_files(generated: GenerationResult, tmp_path: Path) -> None:
    again = generate(tmp_path / "again", seed=SEED, scale=SCALE)
    assert _contents(again) == _contents(generated)
    assert again.truth == generated.truth


@pytest.mark.slow
def test_other_seed_gives_other_data(generated: GenerationResult, tmp_path: Path) -> None:
    other = generate(tmp_path / "other", seed=SEED + 1, scale=SCALE)
    mine = table(next(p.path for p in generated.files if p.dataset == "sai-altas"), sheet="data")
    theirs = table(next(p.path for p in other.files if p.dataset == "sai-altas"), sheet="data")
    assert mine[0] == theirs[0] and mine[1] != theirs[1]
    assert other.truth.altas_without_invoice != generated.truth.altas_without_invoice


def test_progress_is_reported_and_cancel_stops(tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    cancel = threading.Event()

    def progress(label: str, fraction: float) -> None:
        seen.append((label, fraction))
        if label == "CFDI XML":
            cancel.set()

    with pytest.raises(GenerationCancelled):
        generate(tmp_path / "c", seed=1, scale=200, progress=progress, cancel=cancel)
    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0
    assert not (tmp_path / "c" / "truth.json").exists()


def test_world_is_queryable_by_date_range() -> None:
    world = build_world(seed=3, scale=300, as_of=DEFAULT_AS_OF)
    july = world.between("imss_altas", date(2024, 7, 1), date(2024, 7, 31))
    assert len(july) > 0
    days = july["fecha_alta"].to_numpy()
    assert days.min() >= (date(2024, 7, 1) - date(1970, 1, 1)).days
    assert days.max() <= (date(2024, 7, 31) - date(1970, 1, 1)).days
    assert (july["fpp"] - july["fecha_alta"] == 45).all()
    invoices = world.between("invoices", date(2025, 1, 1), DEFAULT_AS_OF)
    assert invoices["uuid"].is_unique and len(invoices) > 0


def test_store_invoice_table_is_columnar_and_has_gaps() -> None:
    t = store_invoice_table(seed=5, stores=50, invoices=20_000, missing_rate=0.15)
    assert t.column_names == [
        "emisor_rfc", "tienda", "serie", "folio", "uuid", "fecha_emision", "fecha_carga", "estado",
    ]  # fmt: skip
    assert 20_000 <= t.num_rows <= 20_100
    frame = t.select(["tienda", "folio"]).to_pandas()
    frame["folio"] = frame["folio"].astype(int)
    spans = frame.groupby("tienda", observed=True)["folio"].agg(lambda s: s.max() - s.min() + 1)
    counts = frame.groupby("tienda", observed=True)["folio"].size()
    missing = 1 - counts.sum() / spans.sum()
    assert 0.10 < missing < 0.20
