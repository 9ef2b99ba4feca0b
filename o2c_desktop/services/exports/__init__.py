"""Files for finance and auditors: CSV with a manifest, and streamed Excel workbooks."""

from o2c_desktop.services.exports.csv_export import manifest_path, write_csv, write_manifest
from o2c_desktop.services.exports.sources import RowSource
from o2c_desktop.services.exports.xlsx_export import Column, SheetSpec, sheet_columns, write_xlsx

__all__ = [
    "Column",
    "RowSource",
    "SheetSpec",
    "manifest_path",
    "sheet_columns",
    "write_csv",
    "write_manifest",
    "write_xlsx",
]
