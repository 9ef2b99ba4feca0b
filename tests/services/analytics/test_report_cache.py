"""A report read twice with nothing changed comes from the cache; any load, another cut or other
settings recompute it; a damaged cache file is recomputed, never served."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pyarrow as pa
import pytest

from o2c_desktop.services.analytics import make_cut
from o2c_desktop.services.analytics.reconcile import TABLE_COLUMNS, chain
from o2c_desktop.services.analytics.report_cache import ReportCache
from o2c_desktop.services.browse import BrowseTable
from o2c_desktop.settings import AnalyticsSettings

SETTINGS = AnalyticsSettings()
CUT = make_cut(date(2025, 3, 31))


def _alta(no_alta: str, importe: str) -> dict[str, Any]:
    return {
        "no_alta": no_alta,
        "no_orden": "4500000001",
        "clave": "010.000.0104.00",
        "fecha_alta": date(2025, 3, 3),
        "cant_recibida": 10,
        "importe": importe,
    }


class Reader:
    """The report page's read: key from the warehouse, rows from the cache or the chain."""

    def __init__(self, handbuilt: Any, folder: Path) -> None:
        self.handbuilt, self.cache, self.computed = handbuilt, ReportCache(folder), 0

    def read(self, cut: Any = CUT, settings: AnalyticsSettings = SETTINGS) -> pa.Table:
        con = self.handbuilt.con
        report = chain(con, cut, settings)

        def compute() -> pa.Table:
            self.computed += 1
            return BrowseTable.read_relation(report.relation, TABLE_COLUMNS)

        key = self.cache.key(
            con,
            self.handbuilt.warehouse.path,
            "reconciliation",
            TABLE_COLUMNS,
            cut,
            settings,
            report.filters,
        )
        return self.cache.table("reconciliation", key, compute)


def test_same_question_same_data_is_read_from_the_cache(handbuilt: Any, tmp_path: Path) -> None:
    handbuilt.insert("sai_alta", date(2025, 3, 3), _alta("A-1", "100.00"))
    reader = Reader(handbuilt, tmp_path / "cache")
    first = reader.read()
    second = reader.read()
    assert reader.computed == 1
    assert second.to_pylist() == first.to_pylist()
    assert [r["no_alta"] for r in second.to_pylist()] == ["A-1"]


def test_a_new_load_another_cut_or_other_settings_recompute(handbuilt: Any, tmp_path: Path) -> None:
    handbuilt.insert("sai_alta", date(2025, 3, 3), _alta("A-1", "100.00"))
    reader = Reader(handbuilt, tmp_path / "cache")
    reader.read()
    handbuilt.insert("sai_alta", date(2025, 3, 4), _alta("A-2", "50.00"))
    after_load = reader.read()
    assert reader.computed == 2
    assert sorted(r["no_alta"] for r in after_load.to_pylist()) == ["A-1", "A-2"]
    reader.read(cut=make_cut(date(2025, 3, 3)))
    assert reader.computed == 3
    reader.read(settings=AnalyticsSettings(amount_tolerance="5.00"))
    assert reader.computed == 4
    # Only the newest table of a report is kept on disk.
    assert len(list((tmp_path / "cache").glob("reconciliation-*.arrow"))) == 1


@pytest.mark.expected_log_warnings
def test_a_damaged_cache_file_is_recomputed(handbuilt: Any, tmp_path: Path) -> None:
    handbuilt.insert("sai_alta", date(2025, 3, 3), _alta("A-1", "100.00"))
    reader = Reader(handbuilt, tmp_path / "cache")
    reader.read()
    [kept] = (tmp_path / "cache").glob("reconciliation-*.arrow")
    kept.write_bytes(b"not an arrow file")
    rows = reader.read()
    assert reader.computed == 2
    assert [r["no_alta"] for r in rows.to_pylist()] == ["A-1"]
