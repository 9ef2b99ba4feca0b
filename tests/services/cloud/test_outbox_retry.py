"""Retrying now: all queued pushes, or only the ones the clerk names."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from o2c_desktop.services.cloud.outbox import NewItem, Outbox, utc_now
from o2c_desktop.services.warehouse import Warehouse


def _queue(box: Outbox, name: str) -> int:
    item = box.enqueue(
        NewItem("s3", "table", name, name * 8, f"o2c/tables/{name}.parquet", f"/x/{name}", 10)
    )
    assert item is not None
    return item.item_id


def test_retry_now_makes_only_the_named_items_due(tmp_path: Path) -> None:
    with Warehouse(tmp_path / "warehouse.duckdb") as warehouse:
        box = Outbox(warehouse)
        first, second, never_tried = (_queue(box, n) for n in ("aa", "bb", "cc"))
        for item_id in (first, second):
            box.mark_failed(item_id, "sin red", "test", retry_in=timedelta(hours=1))
        assert {i.item_id for i in box.due("s3")} == {never_tried}

        assert box.retry_now([second, 999]) == 1
        assert {i.item_id for i in box.due("s3", now=utc_now())} == {second, never_tried}

        assert box.retry_now() == 3
        assert {i.item_id for i in box.due("s3", now=utc_now())} == {first, second, never_tried}
