"""CSV export of a million rows: ours (``write_csv`` of a DuckDB relation) against the floor,
DuckDB's own ``COPY ... TO`` of the same rows with its default options, measured in the same run.

    .venv/bin/python bench/bench_csv_export.py [--rows 1000000] [--repeat 3] [--python-writer]

Sides, each timed --repeat times taking turns, medians of wall time and of this process's CPU
time (steadier than wall time on a busy machine) printed with the ratios to the floor and the
load average:

- floor: ``COPY (SELECT the columns) TO x.csv (FORMAT csv, HEADER true)``, no BOM, no escaping;
- ours: ``write_csv``, byte-identical to the Python writer (BOM, CRLF, formula escaping, ISO
  dates, decimals with a dot, true/false, empty cells), written atomically;
- ours before: every line built in SQL and written unquoted by ``COPY`` (the former way);
- pandas: ``read into a DataFrame`` + ``to_csv``, the strongest hand-written baseline;
- with --python-writer, the naive one: Python's ``csv`` module, cell by cell.

The rows have six columns of the kinds exports carry: a text key, a name (some with commas,
quotes or a leading = + - @), a DECIMAL amount (negatives too), a date, a boolean and an integer
count. The files of ours, ours before and the Python writer are checked to be identical.
Goal (issue 17): ours within 1.2× the floor.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import duckdb

from o2c_desktop.services.exports.atomic import atomic_path
from o2c_desktop.services.exports.csv_export import EXPORT_DIALECT, _write_csv_rows, write_csv
from o2c_desktop.services.exports.csv_sql import CsvCopy, line_sql

COLUMNS = ["folio", "cliente", "importe", "fecha", "pagado", "piezas"]

FILL = """
CREATE TABLE rows AS
SELECT
    'F-' || lpad(CAST(i AS VARCHAR), 8, '0') AS folio,
    CASE i % 50
        WHEN 0 THEN '=HYPERLINK("x")' WHEN 1 THEN '-menos ' || CAST(i AS VARCHAR)
        WHEN 2 THEN 'Farmacias, S.A. de C.V.' WHEN 3 THEN 'Dice "hola"'
        WHEN 4 THEN '' WHEN 5 THEN NULL
        ELSE 'Institución ' || CAST(i % 977 AS VARCHAR) END AS cliente,
    CAST((i % 200000 - 20000) * 1.37 AS DECIMAL(18, 2)) AS importe,
    DATE '2024-01-01' + CAST(i % 700 AS INTEGER) AS fecha,
    i % 3 = 0 AS pagado,
    CAST(i % 5000 AS BIGINT) AS piezas
FROM range(?) AS t(i)
ORDER BY i
"""


def load() -> str:
    return f"load {os.getloadavg()[0]:.2f}"


def former_way(relation: duckdb.DuckDBPyRelation, path: Path) -> int:
    """Every line built in SQL, COPY writing them unquoted: how write_csv worked before."""
    selected = relation.select(*[duckdb.ColumnExpression(c) for c in COLUMNS])
    types = [(c, str(t)) for c, t in zip(COLUMNS, selected.types, strict=True)]
    select = line_sql(types, COLUMNS, EXPORT_DIALECT, bom=True)
    assert select is not None
    with atomic_path(path) as temporary:
        return CsvCopy(selected, select, EXPORT_DIALECT).write(temporary)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--python-writer", action="store_true")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="o2c-bench-csv-"))
    con = duckdb.connect()
    con.execute(FILL, [args.rows])
    relation = con.sql("SELECT * FROM rows")
    columns = ", ".join(COLUMNS)
    print(f"{args.rows:,} rows × {len(COLUMNS)} columns in {folder}  [{load()}]")

    def floor(path: Path) -> object:
        return con.execute(f"COPY (SELECT {columns} FROM rows) TO '{path}' (FORMAT csv, HEADER)")

    def pandas_side(path: Path) -> object:
        relation.df().to_csv(path, index=False, lineterminator="\r\n", encoding="utf-8-sig")
        return None

    sides: dict[str, Callable[[Path], object]] = {
        "floor: DuckDB COPY": floor,
        "ours: write_csv": lambda path: write_csv(path, relation, COLUMNS),
        "ours before: lines built in SQL": lambda path: former_way(relation, path),
        "pandas: DataFrame + to_csv": pandas_side,
    }
    if args.python_writer:
        sides["naive: Python csv, cell by cell"] = lambda path: _write_csv_rows(
            path, relation, COLUMNS
        )
    times: dict[str, list[float]] = {side: [] for side in sides}
    cpu: dict[str, list[float]] = {side: [] for side in sides}
    for run in range(args.repeat):
        order = list(sides) if run % 2 == 0 else list(reversed(sides))
        for side in order:
            target = folder / f"{list(sides).index(side)}.csv"
            started, cpu_started = time.perf_counter(), time.process_time()
            sides[side](target)
            times[side].append(time.perf_counter() - started)
            cpu[side].append(time.process_time() - cpu_started)
        print(f"run {run + 1}: " + ", ".join(f"{s.split(':')[0]} {times[s][-1]:.2f} s"
                                            for s in sides) + f"  [{load()}]")  # fmt: skip
    ours_file = (folder / "1.csv").read_bytes()
    assert ours_file == (folder / "2.csv").read_bytes(), "ours differs from the former way"
    if args.python_writer:
        assert ours_file == (folder / "4.csv").read_bytes(), "ours differs from Python's csv"
    base = statistics.median(times["floor: DuckDB COPY"])
    cpu_base = statistics.median(cpu["floor: DuckDB COPY"])
    print(f"\nmedians of {args.repeat} runs  [{load()}]")
    for side, measured in times.items():
        median, cpu_median = statistics.median(measured), statistics.median(cpu[side])
        print(f"  {side:<36}{median:7.2f} s  {median / base:5.2f}× the floor;  "
              f"CPU {cpu_median:6.2f} s  {cpu_median / cpu_base:5.2f}×")  # fmt: skip


if __name__ == "__main__":
    main()
