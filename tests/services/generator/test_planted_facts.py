"""The planted exceptions are visible in the rendered files exactly where the truth says."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET
from collections import defaultdict

from o2c_desktop.services.generator import GenerationResult

from .conftest import files_of
from .helpers import sheet_rows, table


def _altas(result: GenerationResult) -> set[tuple[str, int]]:
    keys = set()
    for path in files_of(result, "sai-altas"):
        _, rows = table(path, sheet="data")
        keys |= {(r[0], int(r[3])) for r in rows}
    return keys


def _register(result: GenerationResult) -> list[list[object]]:
    imss = min(files_of(result, "invoice-register"), key=lambda p: len(p.name))
    return sheet_rows(imss, "Reporte Paq")[3:]


def test_altas_without_invoice_have_no_register_row(generated: GenerationResult) -> None:
    truth = generated.truth
    assert truth.altas_without_invoice
    register = {(str(r[2]), int(r[1])) for r in _register(generated)}  # type: ignore[call-overload]
    altas = _altas(generated)
    for alta, order in truth.altas_without_invoice:
        assert (alta, order) in altas and (alta, order) not in register
    invoiced = altas & register
    assert len(invoiced) + len(truth.altas_without_invoice) == len(altas)


def test_invoices_citing_missing_altas(generated: GenerationResult) -> None:
    altas = {a for a, _ in _altas(generated)}
    register = {str(r[3]).upper(): str(r[2]) for r in _register(generated)}
    for uuid, alta, _order in generated.truth.invoices_citing_missing_alta:
        assert register[uuid] == alta and alta not in altas


def test_duplicate_billing_and_amount_mismatch_show_in_register(
    generated: GenerationResult,
) -> None:
    by_key: dict[tuple[str, int], set[str]] = defaultdict(set)
    amounts = {}
    for r in _register(generated):
        by_key[(str(r[2]), int(r[1]))].add(str(r[3]).upper())  # type: ignore[call-overload]
        amounts[str(r[3]).upper()] = r[9]
    for alta, order, uuids in generated.truth.altas_with_several_invoices:
        assert by_key[(alta, order)] == set(uuids) and len(uuids) > 1
    imss_mismatch = [m for m in generated.truth.amount_mismatches if m[0] in amounts]
    assert imss_mismatch
    for uuid, expected, invoiced in imss_mismatch:
        assert amounts[uuid] == invoiced != expected


def test_invoices_without_prei_are_absent_from_the_last_snapshot(
    generated: GenerationResult,
) -> None:
    last = max(p.parent.name for p in files_of(generated, "prei"))
    seen = set()
    for path in files_of(generated, "prei"):
        if path.parent.name == last:
            seen |= {r[1] for r in sheet_rows(path)[9:]}
    missing = set(generated.truth.invoices_without_prei)
    assert missing and not (missing & seen)
    assert set(generated.truth.invoices_never_uploaded_to_prei) <= missing
    registered = {str(r[3]).upper() for r in _register(generated)}
    assert missing <= registered


def test_prei_history_moves_forward_except_planted_regressions(generated: GenerationResult) -> None:
    order = ["Sin Contra Recibo", "En proceso", "Aprobado", "Pagado"]
    history = generated.truth.prei_history
    assert history and generated.truth.prei_history_complete
    regressed = {uuid for uuid, _ in generated.truth.prei_regressions}
    for uuid, states in history.items():
        assert len(states) >= 2
        if uuid not in regressed:
            dates = [states[s] for s in order if s in states]
            assert dates == sorted(dates)
    for uuid, day in generated.truth.prei_regressions:
        found = []
        for path in files_of(generated, "prei"):
            if path.parent.name == day:
                found += [r[7] for r in sheet_rows(path)[9:] if r[1] == uuid]
        assert found == ["En proceso"]


def test_cancelled_orders_that_were_delivered_have_altas(generated: GenerationResult) -> None:
    orders = {order for _, order in _altas(generated)}
    assert set(generated.truth.cancelled_orders_delivered) <= orders
    cancelled = set()
    for path in files_of(generated, "sai-ordenes"):
        _, rows = table(path, sheet="data")
        cancelled |= {int(r[2]) for r in rows if r[10] == "Cancelada"}
    assert set(generated.truth.cancelled_orders_delivered) == cancelled & orders


def test_store_feed_gaps_duplicates_and_cancellations(generated: GenerationResult) -> None:
    present: dict[str, set[int]] = defaultdict(set)
    by_folio: dict[tuple[str, str], list[str]] = defaultdict(list)
    rows = 0
    for path in files_of(generated, "store-invoices"):
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                key = f"{r['emisor_rfc']}|{r['tienda']}|{r['serie']}"
                by_folio[(key, r["folio"])].append(r["uuid"])
                if r["folio"].isdigit():
                    present[key].add(int(r["folio"]))
                rows += 1
    facts = generated.truth.store_series
    assert rows == generated.truth.counts["store-invoices"]
    assert facts["missing"]
    for key, ranges in facts["missing"].items():
        for start, end in ranges:
            assert not present[key] & set(range(start, end + 1))
            assert start - 1 in present[key] and end + 1 in present[key]
    for dup in facts["duplicates"]:
        assert sorted(by_folio[(dup["domain"], str(dup["folio"]))]) == dup["uuids"]
    jump = facts["absurd_jumps"][0]
    assert (
        jump["to_folio"] in present[jump["domain"]] and jump["to_folio"] > 10 * jump["from_folio"]
    )
    restart = facts["restarts"][0]
    assert set(range(1, restart["restart_rows"] + 1)) <= present[restart["domain"]]
    for key, text, uuid in facts["non_numeric"]:
        assert uuid in by_folio[(key, text)]


def test_supplier_p_series_has_the_real_gap_profile(generated: GenerationResult) -> None:
    (folder,) = files_of(generated, "cfdi")
    folios = set()
    for path in folder.glob("P-*.xml"):
        root = ET.parse(path).getroot()
        folios.add(int(root.get("Folio", "0")))
    series = generated.truth.supplier_series
    assert min(folios) == series["first"] == 1306 and len(folios) == series["present"]
    for start, end in series["missing_ranges"]:
        assert not folios & set(range(start, end + 1))
        assert start - 1 in folios and end + 1 in folios
    share = series["missing"] / (series["last"] - series["first"] + 1)
    assert 0.08 < share < 0.28
