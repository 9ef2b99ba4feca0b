"""Which reports each portal offers, by recipe id, and where the real portals live."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PortalInfo:
    portal: str
    title: str
    real_base_url: str
    reports: tuple[str, ...]
    human_login: bool  # a person must solve a captcha at every login


PORTALS: dict[str, PortalInfo] = {
    "sai": PortalInfo(
        "sai",
        "SAI (IMSS)",
        "https://ppsai-abasto.imss.gob.mx",
        ("sai.altas", "sai.ordenes"),
        human_login=True,
    ),
    "prei": PortalInfo(
        "prei",
        "PREI / PISP (IMSS)",
        "https://pispdigital.imss.gob.mx",
        ("prei.facturas_vs_cr",),
        human_login=False,
    ),
    "sagi": PortalInfo(
        "sagi",
        "SAGI (IMSS-Bienestar)",
        "https://sistemas.insabi.gob.mx",
        ("sagi.facturas2024",),
        human_login=False,
    ),
}

REPORTS: dict[str, str] = {
    recipe_id: info.portal for info in PORTALS.values() for recipe_id in info.reports
}


def portal_of(recipe_id: str) -> PortalInfo:
    return PORTALS[REPORTS[recipe_id]]
