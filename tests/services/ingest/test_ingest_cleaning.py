"""Property tests of the cleaning rules (DOMAIN §3.0), run through the same SQL as bulk loads."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from o2c_desktop.services.ingest.cleaning import (
    FieldType,
    clean_values,
    normalize_header,
    storage_name,
)

PREI = ["Sin Contra Recibo", "En proceso", "Aprobado", "Pagado"]


@pytest.fixture(scope="module")
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect()
    yield connection
    connection.close()


def one(con: duckdb.DuckDBPyConnection, kind: FieldType, value: str | None, **kw: object) -> object:
    return clean_values(kind, [value], con=con, **kw)[0]  # type: ignore[arg-type]


amounts = st.decimals(
    min_value=Decimal("0"), max_value=Decimal("9999999999.99"), places=2, allow_nan=False
)


@settings(max_examples=60, deadline=None)
@given(amount=amounts, dollar=st.booleans(), commas=st.booleans(), pad=st.sampled_from(["", " "]))
def test_amount_text_becomes_the_same_decimal(
    con: duckdb.DuckDBPyConnection, amount: Decimal, dollar: bool, commas: bool, pad: str
) -> None:
    text = f"{amount:,.2f}" if commas else f"{amount:.2f}"
    text = f"{pad}{'$' if dollar else ''}{text}{pad}"
    assert one(con, FieldType.AMOUNT, text) == amount


@settings(max_examples=40, deadline=None)
@given(word=st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8))
def test_text_in_an_amount_is_null_never_zero(con: duckdb.DuckDBPyConnection, word: str) -> None:
    assert one(con, FieldType.AMOUNT, f"{word} pesos") is None


@settings(max_examples=60, deadline=None)
@given(day=st.dates(min_value=date(1990, 1, 1), max_value=date(2099, 12, 31)))
def test_day_first_dates_parse_exactly(con: duckdb.DuckDBPyConnection, day: date) -> None:
    assert one(con, FieldType.DATE, day.strftime("%d/%m/%Y")) == day
    assert one(con, FieldType.DATE, day.isoformat()) == day


@settings(max_examples=60, deadline=None)
@given(
    year=st.integers(2000, 2099),
    month=st.sampled_from([2, 4, 6, 9, 11]),
    day=st.integers(30, 31),
)
def test_impossible_dates_are_null_not_a_sentinel(
    con: duckdb.DuckDBPyConnection, year: int, month: int, day: int
) -> None:
    if month != 2 and day == 30:
        day = 31
    assert one(con, FieldType.DATE, f"{day:02d}/{month:02d}/{year}") is None


@settings(max_examples=60, deadline=None)
@given(
    parts=st.tuples(
        st.from_regex(r"\A[0-9]{3}\Z"),
        st.from_regex(r"\A[0-9]{3}\Z"),
        st.from_regex(r"\A[0-9]{4}\Z"),
        st.from_regex(r"\A[0-9]{2}\Z"),
    ),
    sep=st.sampled_from([".", "-", " "]),
    suffix=st.sampled_from(["", "-00", " 00", ".01", " LATANOPROST"]),
)
def test_clave_is_canonical_whatever_the_separator(
    con: duckdb.DuckDBPyConnection, parts: tuple[str, ...], sep: str, suffix: str
) -> None:
    canonical = ".".join(parts)
    assert one(con, FieldType.CLAVE, sep.join(parts) + suffix) == canonical
    assert one(con, FieldType.CLAVE, canonical) == canonical  # idempotent


@settings(max_examples=40, deadline=None)
@given(number=st.integers(1, 10**8), width=st.sampled_from([5, 8, 12]))
def test_lost_leading_zeros_and_float_suffix_repaired(
    con: duckdb.DuckDBPyConnection, number: int, width: int
) -> None:
    expected = str(number).zfill(width)
    assert one(con, FieldType.ID, f"{number}.0", pad=width) == expected
    assert one(con, FieldType.ID, str(number).zfill(width), pad=width) == expected


@settings(max_examples=40, deadline=None)
@given(
    status=st.sampled_from(PREI),
    case=st.sampled_from([str.upper, str.lower, str.title, str]),
    pad=st.sampled_from(["", " ", "  "]),
)
def test_status_matches_case_insensitively(
    con: duckdb.DuckDBPyConnection, status: str, case: object, pad: str
) -> None:
    raw = pad + case(status) + pad  # type: ignore[operator]
    assert one(con, FieldType.STATUS, raw, vocabulary=PREI) == status


@settings(max_examples=40, deadline=None)
@given(
    text=st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
        min_size=1,
        max_size=20,
    ),
    left=st.sampled_from(["", " ", "\u00a0"]),
    right=st.sampled_from(["", " " * 50]),
)
def test_padded_text_is_trimmed(
    con: duckdb.DuckDBPyConnection, text: str, left: str, right: str
) -> None:
    cleaned = one(con, FieldType.TEXT, left + text + right)
    if cleaned is not None:
        assert cleaned == cleaned.strip()
        assert one(con, FieldType.TEXT, cleaned) == cleaned


@pytest.mark.parametrize(
    "token", ["", " ", "nan", "NaN", "None", "NULL", "n/a", "<NA>", "NaT", "\\N",
              "no localizado", "No localizado", "NO LOCALIZADO"],
)  # fmt: skip
def test_null_tokens_and_placeholders_become_null(
    con: duckdb.DuckDBPyConnection, token: str
) -> None:
    for kind in (FieldType.TEXT, FieldType.ID, FieldType.UUID, FieldType.AMOUNT):
        assert one(con, kind, token) is None


def test_uuid_is_trimmed_and_uppercased(con: duckdb.DuckDBPyConnection) -> None:
    raw = " e4a42bd2-8e8d-460c-aafa-d73b0ba1e9c5 "
    assert one(con, FieldType.UUID, raw) == "E4A42BD2-8E8D-460C-AAFA-D73B0BA1E9C5"


@settings(max_examples=40, deadline=None)
@given(header=st.text(min_size=1, max_size=30))
def test_header_and_storage_names(header: str) -> None:
    normalized = normalize_header(header)
    assert normalize_header(normalized) == normalized
    name = storage_name(normalized)
    assert name == storage_name(name)
    assert all(c.isascii() and (c.isalnum() or c == "_") for c in name)
    assert not name.endswith("_") and not name[0].isdigit()


def test_storage_names_of_real_headers() -> None:
    assert storage_name(normalize_header("Estado C.R.")) == "estado_c_r"
    assert storage_name("descripciónEntrega") == "descripcionentrega"
    assert normalize_header(" CANT MAX FARMA\nPROV. 2 ") == "cant max farma prov. 2"


@settings(max_examples=60, deadline=None)
@given(
    words=st.lists(st.from_regex(r"\A[A-Za-z0-9ÁÉÍÓÚÑáéíóúñ.,/-]{1,12}\Z"), min_size=1, max_size=6),
    gaps=st.lists(st.text(alphabet=" \t\n\r\x0c", min_size=1, max_size=3), min_size=5, max_size=5),
)
def test_whitespace_inside_text_becomes_one_space(
    con: duckdb.DuckDBPyConnection, words: list[str], gaps: list[str]
) -> None:
    raw = "".join(word + gap for word, gap in zip(words, gaps, strict=False)).rstrip() or words[0]
    raw = words[0] + raw[len(words[0]) :]  # the first word starts the cell
    expected = " ".join(raw.split())
    assert one(con, FieldType.TEXT, raw) == expected
    assert one(con, FieldType.STATUS, raw, vocabulary=PREI) == expected


@settings(max_examples=60, deadline=None)
@given(
    moment=st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2099, 12, 31)),
    written=st.sampled_from(
        [
            ("%d/%m/%Y", "day"),
            ("%d/%m/%Y %H:%M:%S", "second"),
            ("%d/%m/%Y %H:%M", "minute"),
            ("%Y-%m-%d", "day"),
            ("%Y-%m-%d %H:%M:%S", "second"),
            ("%Y-%m-%dT%H:%M:%S", "second"),
            ("%Y-%m-%d %H:%M:%S.%f", "microsecond"),
            ("%Y-%m-%dT%H:%M:%S.%f", "microsecond"),
        ]
    ),
)
def test_every_accepted_date_shape_reads_the_moment_written(
    con: duckdb.DuckDBPyConnection, moment: datetime, written: tuple[str, str]
) -> None:
    pattern, precision = written
    kept = {
        "day": moment.replace(hour=0, minute=0, second=0, microsecond=0),
        "minute": moment.replace(second=0, microsecond=0),
        "second": moment.replace(microsecond=0),
        "microsecond": moment,
    }[precision]
    assert one(con, FieldType.DATETIME, moment.strftime(pattern)) == kept
    assert one(con, FieldType.DATE, moment.strftime(pattern)) == kept.date()


@pytest.mark.parametrize(
    "text", ["31/02/2024", "2024-02-30", "2024-02-03T24:00:00", "03/02/2024 10:61:00",
             "2024-02-03 10:11", "2024/02/03", "03-02-2024", " 03/02/2024 10:11:12x",
             "3/2/24", "03/02/24", "03/02/0024", "3/2/24 10:11:12", "0024-02-03", "24-02-03",
             "03/02/2924", "03/02/1024"],
)  # fmt: skip
def test_dates_outside_the_accepted_shapes_are_null(
    con: duckdb.DuckDBPyConnection, text: str
) -> None:
    assert one(con, FieldType.DATETIME, text) is None
