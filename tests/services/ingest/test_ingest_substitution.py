"""From files to the chain: a CFDI that replaces a cancelled one (TipoRelacion 04) on the same alta
is a normal substitution (DOMAIN §4.1), while a cancelled invoice with no valid replacement on its
alta, and two valid invoices for one alta, stay exceptions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from o2c_desktop.services.analytics import make_cut, records
from o2c_desktop.services.analytics.reconcile import chain, exceptions
from o2c_desktop.settings import AnalyticsSettings

if TYPE_CHECKING:
    from conftest import FileKit, IngestEnv

ORDER = 40126288  # one order per alta: order ORDER + n, alta 018001-10700n
U_REPLACED, U_REPLACEMENT = (
    "A0000000-0000-4000-8000-000000000001",
    "A0000000-0000-4000-8000-000000000002",
)
U_TWIN_1 = "B0000000-0000-4000-8000-000000000001"
U_TWIN_2 = "B0000000-0000-4000-8000-000000000002"
U_CANCELLED = "C0000000-0000-4000-8000-000000000001"
U_ELSEWHERE = "D0000000-0000-4000-8000-000000000001"
U_ITS_REPLACEMENT = "D0000000-0000-4000-8000-000000000002"


def _alta(n: int) -> str:
    return f"018001-10700{n}"


def _register_row(folio: int, alta: int, uuid: str) -> list[object]:
    return [f"P-{folio}", str(ORDER + alta), _alta(alta), "2025-07-03T10:15:22", uuid, 112050]


def _replacing(kit: FileKit, name: str, uuid: str, folio: str, replaced: str) -> None:
    xml = kit.cfdi_xml(uuid, folio=folio, related=[replaced])
    kit.text(name, xml.replace('TipoRelacion="01"', 'TipoRelacion="04"'))


def _world(env: IngestEnv, kit: FileKit) -> None:
    kit.xlsx(
        "altas_export_1.xlsx",
        [kit.ALTAS_HEADER, *(kit.alta_row(_alta(n), ORDER + n, 1350) for n in range(1, 6))],
    )
    kit.xlsx(
        "registro.xlsx",
        [
            ["Folio", "Referencia", "Alta", "Fecha", "UUID", "Total"],
            _register_row(100, 1, U_REPLACED),
            _register_row(101, 1, U_REPLACEMENT),
            _register_row(102, 2, U_TWIN_1),
            _register_row(103, 2, U_TWIN_2),
            _register_row(104, 3, U_CANCELLED),
            _register_row(105, 4, U_ELSEWHERE),
            _register_row(106, 5, U_ITS_REPLACEMENT),
        ],
        sheet="Reporte Paq",
    )
    kit.cfdi("P-100 IMSS.xml", U_REPLACED, folio="100")
    _replacing(kit, "P-101 IMSS.xml", U_REPLACEMENT, "101", U_REPLACED)
    kit.cfdi("P-104 IMSS CANCELADA.xml", U_CANCELLED, folio="104")
    kit.cfdi("P-105 IMSS.xml", U_ELSEWHERE, folio="105")
    # Replaces P-105, but on another alta: P-105's own alta has no valid replacement.
    _replacing(kit, "P-106 IMSS.xml", U_ITS_REPLACEMENT, "106", U_ELSEWHERE)
    outcomes = env.run(kit.folder, snapshot_at=datetime(2025, 8, 25, 9))
    assert {o.status for o in outcomes} == {"loaded"}


def _chain_and_exceptions(env: IngestEnv) -> tuple[dict[str, Any], set[tuple[str, str, str]]]:
    con, cut, settings = env.warehouse.connection, make_cut(date(2025, 8, 25)), AnalyticsSettings()
    columns = ["no_alta", "uuid", "estatus_cadena", "excepciones", "candidatos"]
    on_chain = {r["no_alta"]: r for r in records(chain(con, cut, settings).relation, columns)}
    listed = {
        (r["no_alta"], r["excepcion"], r["uuid"] or "")
        for r in records(exceptions(con, cut, settings).relation, ["no_alta", "excepcion", "uuid"])
    }
    return on_chain, listed


def test_substitution_on_the_same_alta_is_normal_and_the_rest_stay_exceptions(
    env: IngestEnv, kit: FileKit
) -> None:
    _world(env, kit)
    # Ingest keeps what the rule reads: the relation and both register rows of one alta.
    assert env.rows(
        "SELECT uuid, related_uuid, tipo_relacion FROM invoice_relation ORDER BY 1"
    ) == [
        (U_REPLACEMENT, U_REPLACED, "04"),
        (U_ITS_REPLACEMENT, U_ELSEWHERE, "04"),
    ]
    assert env.scalar("SELECT count(*) FROM invoice_register WHERE alta = ?", [_alta(2)]) == 2

    on_chain, listed = _chain_and_exceptions(env)

    substituted = on_chain[_alta(1)]
    assert (substituted["uuid"], substituted["excepciones"]) == (U_REPLACEMENT, "")
    assert substituted["estatus_cadena"] == "Sin registro PREI"
    assert on_chain[_alta(2)]["estatus_cadena"] == "Facturación ambigua"
    assert on_chain[_alta(2)]["candidatos"] == f"{U_TWIN_1} (P-102); {U_TWIN_2} (P-103)"
    assert on_chain[_alta(3)]["uuid"] == U_CANCELLED
    assert on_chain[_alta(5)]["excepciones"] == ""
    assert listed == {
        (_alta(2), "MULTIPLE_MATCHES", ""),
        (_alta(3), "CANCELLED_INVOICE_LINKED", U_CANCELLED),
        (_alta(4), "CANCELLED_INVOICE_LINKED", U_ELSEWHERE),
    }
