"""The generated factoring statement, read as the bank's file: NAFIN-style headers below title
rows, each row's state consistent with its dates and the institution's payment in PREI, the two
profiles' amounts (DOMAIN §7), folio-only rows, and the one row asking for more than its invoice,
all as truth.json says."""

from __future__ import annotations

from typing import Any

from o2c_desktop.services.generator import GenerationResult

from .conftest import files_of
from .helpers import sheet_rows

STATES = {"Publicada": "offered", "Operada": "assigned", "Cobrada": "collected_by_factor",
          "Liquidada": "settled"}  # fmt: skip


def _statement(generated: GenerationResult) -> tuple[list[str], list[dict[str, Any]], int]:
    [path] = files_of(generated, "factoring")
    assert path.name == f"Estado de cuenta factoraje {generated.as_of:%Y-%m-%d}.xlsx"
    rows = sheet_rows(path, "Operaciones")
    at = next(i for i, r in enumerate(rows) if r[0] == "Intermediario Financiero")
    header = [str(h) for h in rows[at]]
    return header, [dict(zip(header, r, strict=True)) for r in rows[at + 1 :]], at + 2


def test_statement_has_the_headers_the_importer_reads(generated: GenerationResult) -> None:
    header, rows, _ = _statement(generated)
    assert header == [
        "Intermediario Financiero", "Folio Fiscal", "Número de documento", "Fecha de publicación",
        "Fecha de operación", "Fecha de vencimiento", "Fecha de cobro", "Fecha de liquidación",
        "Monto del documento", "Porcentaje de anticipo", "Monto a recibir", "Reserva",
        "Intereses", "Tasa", "Recurso", "Estatus",
    ]  # fmt: skip
    truth = generated.truth
    assert truth.factoring_operations_complete
    assert len(rows) == len(truth.factoring_operations) + len(truth.factoring_refused)
    assert {r["Intermediario Financiero"] for r in rows} == {
        "NAFIN Cadenas – Banco A", "NAFIN Cadenas – Banco B", "Factor Clásico SA",
    }  # fmt: skip


def test_each_state_agrees_with_its_dates_and_the_institutions_payment(
    generated: GenerationResult,
) -> None:
    _, rows, _ = _statement(generated)
    as_of = generated.as_of
    reached = {
        "offered": ("Fecha de publicación",),
        "assigned": ("Fecha de publicación", "Fecha de operación"),
        "collected_by_factor": ("Fecha de publicación", "Fecha de operación", "Fecha de cobro"),
        "settled": ("Fecha de publicación", "Fecha de operación", "Fecha de cobro",
                    "Fecha de liquidación"),
    }  # fmt: skip
    dated = reached["settled"]
    for r in rows:
        state = STATES[r["Estatus"]]
        days = [r[c] for c in dated if r[c] != ""]
        assert [c for c in dated if r[c] != ""] == list(reached[state]), r
        assert days == sorted(days) and all(d <= as_of for d in days), r
        if state in ("collected_by_factor", "settled"):
            # The factor collects once the institution pays, on the due date.
            assert r["Fecha de vencimiento"] < r["Fecha de cobro"] <= as_of, r


def test_cadenas_and_classic_amounts(generated: GenerationResult) -> None:
    _, rows, first_row = _statement(generated)
    refused = {o["row"] - first_row for o in generated.truth.factoring_refused}
    for r in (r for i, r in enumerate(rows) if i not in refused):
        face, advance = r["Monto del documento"], r["Monto a recibir"]
        if r["Intermediario Financiero"].startswith("NAFIN Cadenas"):
            assert (r["Porcentaje de anticipo"], r["Reserva"], r["Recurso"]) == (100, 0, "No")
            assert round(advance + r["Intereses"], 2) == face, r
        else:
            assert r["Porcentaje de anticipo"] in (80, 85, 90) and r["Recurso"] == "Sí", r
            assert round(advance + r["Reserva"], 2) == face, r
            assert r["Intereses"] >= 350, r


def test_rows_match_truth_some_by_folio_only_and_one_refused(
    generated: GenerationResult,
) -> None:
    _, rows, first_row = _statement(generated)
    truth = generated.truth
    [refused] = truth.factoring_refused
    planted = rows[refused["row"] - first_row]
    assert planted["Monto a recibir"] == refused["advance"] > planted["Monto del documento"]
    assert planted["Folio Fiscal"] == refused["uuid"] and refused["column"] == "Monto a recibir"
    by_folio = [r for r in rows if r["Folio Fiscal"] == ""]
    assert by_folio and all(r["Número de documento"].startswith("P-") for r in by_folio)
    named = {r["Folio Fiscal"]: r for r in rows if r["Folio Fiscal"] and r is not planted}
    for uuid, op in truth.factoring_operations.items():
        if op["folio_only"]:
            assert uuid not in named
            continue
        r = named[uuid]
        assert (STATES[r["Estatus"]], r["Intermediario Financiero"], r["Monto del documento"]) == (
            op["state"], op["factor"], op["face"],
        )  # fmt: skip
