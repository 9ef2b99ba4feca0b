"""Every kind of column reads the same wherever it is shown: money with its sign, pieces and
counts with thousands separators, folios and years without them, percentages, dates day-first,
booleans and exception reasons as words in the chosen language."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from o2c_desktop.services.columns import COLUMNS, REASON_WORDS, kind_of, title
from o2c_desktop.services.formats import (
    format_cell,
    format_tick,
    format_value,
    nice_ticks,
    read_typed_day,
    zone_place,
)


@pytest.mark.parametrize(
    ("value", "kind", "es", "en"),
    [
        (Decimal("1745905.00"), "money", "$1,745,905.00", "$1,745,905.00"),
        (Decimal("-83.5"), "money", "-$83.50", "-$83.50"),
        (112050, "money", "$112,050.00", "$112,050.00"),
        (1350, "pieces", "1,350", "1,350"),
        (Decimal("1350"), "pieces", "1,350", "1,350"),
        (25000, "count", "25,000", "25,000"),
        (Decimal("3.25"), "count", "3.2", "3.2"),
        (2023, "id", "2023", "2023"),
        (1481, "id", "1481", "1481"),
        (40126288, "id", "40126288", "40126288"),
        ("P-3772", "id", "P-3772", "P-3772"),
        (Decimal("70.9"), "percent", "70.9 %", "70.9 %"),
        (100, "percent", "100.0 %", "100.0 %"),
        (0.709, "ratio", "70.9 %", "70.9 %"),
        (date(2025, 7, 1), "date", "01/07/2025", "01/07/2025"),
        (datetime(2025, 7, 3, 10, 15, 22), "date", "03/07/2025", "03/07/2025"),
        (datetime(2025, 7, 3, 10, 15, 22), "datetime", "03/07/2025 10:15", "03/07/2025 10:15"),
        (True, "bool", "Sí", "Yes"),
        (False, "bool", "No", "No"),
        ("INVOICE_NOT_IN_PREI", "reason", "Factura sin registro en PREI (súbala al Buzón)",
         "Invoice unknown to PREI (upload it to the Buzón)"),
        ("ALTA_NOT_INVOICED,PAID_SHORT", "reasons",
         "Alta sin factura (por facturar); Pagado menos de lo facturado",
         "Receipt not invoiced yet; Paid less than invoiced"),
        ("SOME_NEW_CODE", "reason", "SOME_NEW_CODE", "SOME_NEW_CODE"),
        ("Pagado", "text", "Pagado", "Pagado"),
        (None, "money", "", ""),
    ],
)  # fmt: skip
def test_each_kind_reads_as_a_clerk_expects(value, kind, es, en) -> None:
    assert format_value(value, kind, "es") == es
    assert format_value(value, kind, "en") == en


def test_declared_columns_decide_the_kind_not_the_value_type() -> None:
    # The complaints of issue 14: a year and a folio with thousands separators.
    assert format_cell(2023, "anio") == "2023"
    assert format_cell(1481, "gap_inicio") == "1481"
    assert format_cell(Decimal("1350"), "cantidad_entregada") == "1,350"
    assert format_cell(Decimal("112050.00"), "importe_alta") == "$112,050.00"
    assert format_cell(Decimal("70.9"), "otif_pct") == "70.9 %"
    assert format_cell(True, "factura_cancelada", "en") == "Yes"
    assert format_cell("INVOICE_NOT_IN_PREI", "excepcion") != "INVOICE_NOT_IN_PREI"


def test_an_undeclared_column_is_judged_by_its_value() -> None:
    assert kind_of("no_such_column") == "text"
    assert format_cell(Decimal("10.5"), "no_such_column") == "$10.50"
    assert format_cell(date(2025, 1, 2), "no_such_column") == "02/01/2025"
    assert format_cell(True, "no_such_column", "en") == "Yes"
    assert title("no_such_column", "en") == "no_such_column"


def test_every_column_has_a_title_in_both_languages_and_every_reason_words() -> None:
    for spec in COLUMNS.values():
        assert spec.es.strip() and spec.en.strip(), spec.name
    assert title("estatus_orden", "es") == "Estatus de la orden"
    assert title("estatus_orden", "en") == "Order status"
    for code, (es, en) in REASON_WORDS.items():
        assert es and en and es != code and en != code


def test_chart_ticks_are_round_and_written_like_the_cells() -> None:
    assert nice_ticks(0, 1_745_905) == [0, 500_000, 1_000_000, 1_500_000, 2_000_000]
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
    # folios and pieces are counted one by one: no "0.2 folios" tick
    assert nice_ticks(0, 1, whole=True) == [0, 1]
    assert nice_ticks(0, 3, whole=True) == [0, 1, 2, 3]
    assert format_tick(1_500_000, "money") == "$1,500,000"
    assert format_tick(12_000, "pieces") == "12,000"
    assert format_tick(80, "percent") == "80 %"


def test_a_zone_is_named_by_its_city() -> None:
    assert zone_place("America/Mexico_City") == "Ciudad de México"
    assert zone_place("America/Cancun") == "Cancún"
    assert zone_place("America/Bogota") == "Bogota"


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("24/08/2025", date(2025, 8, 24)),
        (" 1/7/2025 ", date(2025, 7, 1)),
        ("2025-08-24", date(2025, 8, 24)),
        ("29/02/2024", date(2024, 2, 29)),
        ("29/02/2025", None),  # no such day
        ("24/08/25", None),  # a two-digit year is not guessed
        ("08/24/2025", None),  # month first is not a day here
        ("2025/08/24", None),
        ("24-08-2025", None),
        ("", None),
        ("ayer", None),
        ("٢٤/٠٨/٢٠٢٥", None),  # Arabic-Indic digits: not what a clerk types here
        ("24/08/２０２５", None),  # full-width digits
    ],
)
def test_a_typed_day_reads_day_first_or_iso_and_nothing_else(typed: str, day: date | None) -> None:
    assert read_typed_day(typed) == day
