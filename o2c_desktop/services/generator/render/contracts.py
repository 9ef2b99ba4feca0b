"""Contract files: the demand sheet `contratos/demanda.xlsx` (sheet `Global`, with the header
that holds a newline and `PROCED. ` with its trailing space) and the contract register."""

from __future__ import annotations

from pathlib import Path

from ..catalog import SUPPLIER_HEADER_NAME, TENDER
from ..model import Checkpoint, GeneratedFile
from ..world import World
from .common import as_list, day_text, write_table

DEMAND_HEADERS = (
    "INSTITUCION", "INSTITUCION HOMOLOGADA", "UNIDAD", "ENTIDAD", "AÑO", "FTE FMTO", "CLAVE ADJ",
    f"CANT MIN {SUPPLIER_HEADER_NAME}", f"CANT MAX {SUPPLIER_HEADER_NAME}\nPROV. 2",
    f"PRECIO {SUPPLIER_HEADER_NAME}", "PROVEEDOR 2", "PROCED. ",
)  # fmt: skip
REGISTER_HEADERS = (
    "Institución", "Procedimiento", "Contrato", "Fecha Inicio", "Fecha Fin", "Productos y precio",
    "Total", "Nombre del archivo", "Estatus", "Convenio modificatorio", "Objeto del convenio",
    "Tipo",
)  # fmt: skip


def render_contracts(world: World, out: Path, checkpoint: Checkpoint) -> list[GeneratedFile]:
    d = world.demand
    cols = [
        as_list(d["institucion"].to_numpy(dtype=object)),
        as_list(d["homologada"].to_numpy(dtype=object)),
        as_list(d["unidad"].to_numpy(dtype=object)),
        as_list(d["entidad"].to_numpy(dtype=object)),
        as_list(d["anio"].to_numpy()),
        as_list(d["fte"].to_numpy(dtype=object)),
        as_list(d["clave"].to_numpy(dtype=object)),
        as_list(d["qty_min"].to_numpy()),
        as_list(d["qty_max"].to_numpy()),
        as_list(d["precio"].to_numpy()),
        as_list(d["proveedor2"].to_numpy(dtype=object)),
        [TENDER] * len(d),
    ]
    path = out / "contratos" / "demanda.xlsx"
    files = [
        GeneratedFile(
            "contracts", path, write_table(path, "Global", DEMAND_HEADERS, cols, checkpoint)
        )
    ]
    r = world.contract_register
    reg_cols = [
        as_list(r[c].to_numpy(dtype=object))
        for c in ("institucion", "procedimiento", "contrato")
    ] + [
        as_list(day_text(r["start_day"].to_numpy())),
        as_list(day_text(r["end_day"].to_numpy())),
    ] + [
        as_list(r[c].to_numpy(dtype=object))
        for c in ("productos", "total", "archivo", "estatus", "convenio", "objeto", "tipo")
    ]  # fmt: skip
    path = out / "contratos" / "registro_contratos.xlsx"
    rows = write_table(path, "Contratos", REGISTER_HEADERS, reg_cols, checkpoint)
    files.append(GeneratedFile("contracts", path, rows))
    return files
