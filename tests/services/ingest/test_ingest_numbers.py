"""Numbers written as text follow the exports' convention (DOMAIN §3.0 "Amounts": `,` groups
thousands, `.` marks decimals). A text cell that only reads under another convention, or that
could be read under two, is refused with its cell named; number cells are read as they are."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest
from python_calamine import CalamineWorkbook

from o2c_desktop.services.ingest.cleaning import FieldType, clean_values

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def amount(con: duckdb.DuckDBPyConnection, text: str, *, typed: bool = False) -> object:
    return clean_values(FieldType.AMOUNT, [text], con=con, typed_number=typed)[0]


ACCEPTED = [
    ("$571182.00", "571182.00"),
    ("$83.00", "83.00"),
    ("1,350", "1350.00"),
    ("112050", "112050.00"),
    ("$ 1,234.50", "1234.50"),  # a space after the currency sign
    ("12,345,678.9", "12345678.90"),
    ("1,234.567", "1234.57"),  # the comma already fixes the convention
    ("0.500", "0.50"),  # a leading zero is never a thousands group
    ("1234.500", "1234.50"),  # four digits before the dot: no thousands group
    ("-$5", "-5.00"),
    ("$-5", "-5.00"),
    ("-1,350.00", "-1350.00"),
    ("+1,350", "1350.00"),
    (".5", "0.50"),
    ("5.", "5.00"),
    ("007", "7.00"),
    ("\u00a01,350\u00a0", "1350.00"),  # NBSP at the edges
    ("\t1,350\n", "1350.00"),  # a tab or a line break at the edges
    ("  $83.00  ", "83.00"),
]


@pytest.mark.parametrize(("text", "expected"), ACCEPTED)
def test_text_amounts_in_the_documented_convention_are_read(
    con: duckdb.DuckDBPyConnection, text: str, expected: str
) -> None:
    assert amount(con, text) == Decimal(expected)


REFUSED = [
    "1.234,50",  # dot for thousands, comma for decimals
    "1.234",  # a dot then exactly three digits: 1234 or 1.234?
    "12.345",
    "123.456",
    "$1.234",
    "-1.234",
    "1.234.567",
    "1 234,5",  # space for thousands, comma for decimals
    "1 234",
    "1\u00a0234",  # NBSP between digits
    "1\u202f234",  # narrow NBSP (French grouping)
    "1,23",  # a decimal comma
    "1,2345",
    "12,34,567",  # Indian grouping
    ",123",
    "1,234,56",
    "(123)",  # accounting negative
    "123-",  # trailing sign
    "1e5",
    "1E+05",
    "inf",
    "-Infinity",
    "0x1F",
    "1_000",
    "--5",
    "+-5",
    "$$5",
    "5 $",
    "MXN 5",
    "１２３",  # full-width digits
    ".",
    "$",
    "-",
]


@pytest.mark.parametrize("text", REFUSED)
def test_text_amounts_of_another_convention_are_refused(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    assert amount(con, text) is None


def test_nan_stays_the_documented_null_token(con: duckdb.DuckDBPyConnection) -> None:
    # DOMAIN §3.0 lists `nan` among the nulls: an empty cell, which a required column refuses.
    assert amount(con, "NaN") is None


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("1,350", FieldType.INT, 1350),
        ("1350.0", FieldType.INT, 1350),
        ("1.000", FieldType.INT, None),  # one, or one thousand
        ("1,23", FieldType.INT, None),
        ("1,350.5", FieldType.QUANTITY, Decimal("1350.5")),
        ("1.500", FieldType.QUANTITY, None),
        ("1,5", FieldType.QUANTITY, None),
    ],
)
def test_quantities_and_whole_numbers_follow_the_same_convention(
    con: duckdb.DuckDBPyConnection, text: str, kind: FieldType, expected: object
) -> None:
    assert clean_values(kind, [text], con=con)[0] == expected


@pytest.mark.parametrize(
    ("cell", "expected"), [("1.234", "1.23"), ("112050.0", "112050.00"), ("1e+20", None)]
)
def test_number_cells_are_read_as_they_are(
    con: duckdb.DuckDBPyConnection, cell: str, expected: str | None
) -> None:
    # What DuckDB makes of a spreadsheet number cell: no convention to guess.
    assert amount(con, cell, typed=True) == (None if expected is None else Decimal(expected))


def _altas_with_importe(kit: FileKit, name: str, importe: object) -> Path:
    good = kit.alta_row("018001-100001", 40000001, 10)
    odd = kit.alta_row("018001-100002", 40000002, 15)
    odd[6] = importe
    return kit.xlsx(name, [kit.ALTAS_HEADER, good, odd])


@pytest.mark.expected_log_warnings
@pytest.mark.parametrize(
    ("importe", "words"),
    [
        ("1.234,50", "coma de miles"),
        ("1.234", "tres cifras también se usa para separar miles"),
        ("1 234,5", "coma de miles"),
        ("1,23", "coma de miles"),
    ],
)
def test_altas_with_a_foreign_amount_are_refused_with_the_cell_named(
    env: IngestEnv, kit: FileKit, importe: str, words: str
) -> None:
    outcome = env.one(_altas_with_importe(kit, "altas_importe.xlsx", importe))

    assert outcome.status == "quarantined"
    assert "fila 3" in outcome.message.es and "columna «importe»" in outcome.message.es
    assert words in outcome.message.es and f"«{importe}»" in outcome.message.es
    assert [(i.sheet, i.row, i.column, i.found) for i in outcome.issues] == [
        ("data", 3, "importe", importe)
    ]
    assert env.scalar("SELECT count(*) FROM sai_alta") == 0
    report = outcome.report_path
    assert report is not None and importe in report.read_text(encoding="utf-8")


def test_altas_amounts_as_number_cells_and_as_text_load_the_same(
    env: IngestEnv, kit: FileKit
) -> None:
    env.one(_altas_with_importe(kit, "altas_numero.xlsx", 1234.5))
    as_number = env.rows("SELECT no_alta, importe FROM sai_alta ORDER BY 1")
    env.one(_altas_with_importe(kit, "altas_texto.xlsx", "$1,234.50"))
    as_text = env.rows("SELECT no_alta, importe FROM sai_alta WHERE valid_to IS NULL ORDER BY 1")
    assert (
        as_number
        == as_text
        == [
            ("018001-100001", Decimal("830.00")),
            ("018001-100002", Decimal("1234.50")),
        ]
    )


@pytest.mark.expected_log_warnings
def test_a_csv_of_text_cells_refuses_the_ambiguous_thousands(env: IngestEnv, kit: FileKit) -> None:
    # A CSV has no number cells: every value is text and follows the convention.
    header = [
        "numero_orden_suministro", "numero_contrato", "clave_medicamento", "precio_unitario",
        "cantidad_solicitada", "fecha_limite_entrega", "estatus",
    ]  # fmt: skip
    line = ["LA-1", "010 000 4411 00 00", "83"]
    rows = [
        ["IMB-1", *line, "1,350", "30/06/2025", "Pendiente de remisión"],
        ["IMB-2", *line, "1.350", "30/06/2025", "Pendiente de remisión"],
    ]
    outcome = env.one(kit.csv("2025 01 02_1.csv", [header, *rows]))
    assert outcome.status == "quarantined"
    assert [(i.row, i.column, i.found) for i in outcome.issues] == [
        (3, "cantidad_solicitada", "1.350")
    ]
    assert env.scalar("SELECT count(*) FROM camunda_order") == 0


def test_real_register_numbers_are_the_cells_of_the_file(
    env: IngestEnv, real_samples: Path
) -> None:
    name = "invoice_register_imss_2025-08-25.xlsx"
    rows = CalamineWorkbook.from_path(str(real_samples / name)).get_sheet_by_index(0).to_python()
    header = rows[0]
    cells = {
        (r[header.index("Folio")], str(int(r[header.index("Referencia")]))): (
            Decimal(str(r[header.index("Cantidad")])),
            Decimal(str(r[header.index("Importe")])).quantize(Decimal("0.01")),
        )
        for r in reversed(rows[1:])  # the first row of a key wins, as in the load
    }
    assert env.one(real_samples / name).status == "loaded"
    stored = {
        (factura, referencia): (cantidad, importe)
        for factura, referencia, cantidad, importe in env.rows(
            "SELECT factura, referencia, cantidad, importe FROM invoice_register"
        )
    }
    assert stored == cells


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("40,099,065", "40099065"),
        ("40099065.0", "40099065"),
        ("40,099,065.00", "40099065"),
        (" 40099065 ", "40099065"),
        ("IMB-28-02-2024-2801073877-ASF", "IMB-28-02-2024-2801073877-ASF"),
        ("40.099.065", "40.099.065"),  # not this convention: kept, never guessed
        ("40099065.5", "40099065.5"),
    ],
)
def test_register_reference_written_as_a_number_is_the_order_number(
    con: duckdb.DuckDBPyConnection, written: str, expected: str
) -> None:
    assert clean_values(FieldType.NUMBER_KEY, [written], con=con) == [expected]


def test_register_reference_with_thousands_commas_links_to_its_alta(
    env: IngestEnv, kit: FileKit
) -> None:
    env.one(kit.xlsx("altas.xlsx", [kit.ALTAS_HEADER, kit.alta_row("018001-112442", 40099065, 10)]))
    header = ["Folio", "Referencia", "Alta", "UUID", "Fecha", "Importe"]
    register = kit.xlsx(
        "Reporte Paq IMSS.xlsx",
        [
            header,
            [
                "P-3772",
                "40,099,065",
                "018001-112442",
                "5C82D135-4D9E-4AD1-9F73-5831034F371D",
                "2025-07-03T10:15:22",
                830,
            ],
        ],
        sheet="Reporte Paq",
    )
    assert env.one(register).status == "loaded"
    linked = env.rows(
        "SELECT r.factura, r.referencia FROM sai_alta a JOIN invoice_register r "
        "ON r.alta = a.no_alta AND r.referencia = a.no_orden"
    )
    assert linked == [("P-3772", "40099065")]
