"""Column titles shown above the report tables, in the chosen language."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication


def _t(text: str) -> str:
    return QCoreApplication.translate("columns", text)


def column_titles() -> dict[str, str]:
    return {
        "institucion": _t("Institución"),
        "registro": _t("Registro"),
        "no_orden": _t("Orden"),
        "no_alta": _t("Alta"),
        "clave": _t("Clave"),
        "contrato": _t("Contrato"),
        "unidad": _t("Unidad"),
        "estatus_orden": _t("Estatus de la orden"),
        "fecha_limite": _t("Fecha límite"),
        "fecha_entrega": _t("Fecha de entrega"),
        "fpp": _t("Fecha programada de pago"),
        "cantidad_ordenada": _t("Cantidad ordenada"),
        "cantidad_entregada": _t("Cantidad entregada"),
        "importe_orden": _t("Importe de la orden"),
        "importe_alta": _t("Importe del alta"),
        "uuid": _t("UUID"),
        "folio_factura": _t("Factura"),
        "fecha_factura": _t("Fecha de factura"),
        "importe_factura": _t("Importe de la factura"),
        "factura_cancelada": _t("Factura cancelada"),
        "candidatos": _t("Facturas candidatas"),
        "estado_cr": _t("Estado C.R."),
        "contra_recibo": _t("Contrarecibo"),
        "estado_sagi": _t("Estado SAGI"),
        "importe_pagado": _t("Importe pagado"),
        "clc": _t("CLC"),
        "estatus_cadena": _t("Estatus de la cadena"),
        "excepcion": _t("Excepción"),
        "excepciones": _t("Todas las excepciones"),
        "emisor_rfc": _t("RFC emisor"),
        "tienda": _t("Tienda"),
        "serie": _t("Serie"),
        "gap_inicio": _t("Desde folio"),
        "gap_fin": _t("Hasta folio"),
        "faltantes": _t("Faltantes"),
        "folio_anterior": _t("Folio anterior"),
        "fecha_anterior": _t("Fecha anterior"),
        "folio_siguiente": _t("Folio siguiente"),
        "fecha_siguiente": _t("Fecha siguiente"),
        "fecha_periodo": _t("Fecha del periodo"),
        "detectado_en": _t("Detectado"),
        "estado": _t("Estado"),
        "cerrado_en": _t("Cerrado"),
        "cerrado_por_uuid": _t("Cerrado por UUID"),
        "lugar": _t("Lugar"),
        "rangos": _t("Rangos"),
        "primer_folio": _t("Primer folio"),
        "ultimo_folio": _t("Último folio"),
    }


def titles_for(columns: Sequence[str]) -> list[str]:
    known = column_titles()
    return [known.get(c, c) for c in columns]
