"""Sequence domains and folio numbers: how an invoice's serie and folio become a position in a
sequence (DOMAIN §8.1-8.2), as SQL over the ``sequence_invoice`` table.

A domain is (issuer RFC, store, serie). The folio's number and an optional letter prefix come
from the configured pattern: ``P-3772`` is serie ``P``, folio 3772, the same position as a CFDI
with Serie ``P`` and Folio ``3772``. A folio the pattern does not match is non-numeric: it is
kept and listed apart, never dropped and never used in gap arithmetic. The parsed rows are kept in
``gap_folio`` (see ``folios``), so the pattern runs once per row, not at every refresh.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass

from o2c_desktop.services.sqlquote import quote_literal
from o2c_desktop.settings import DEFAULT_FOLIO_PATTERN, GapsSettings

DOMAIN_COLUMNS = ("issuer_rfc", "store_id", "serie")


@dataclass(frozen=True)
class FolioRules:
    """The gap settings the SQL needs, with the pattern's group positions resolved."""

    pattern: str
    num_group: int
    serie_group: int | None
    jump_threshold: int
    jump_volume_factor: float
    jump_volume_floor: int
    settings_hash: str

    @classmethod
    def from_settings(cls, settings: GapsSettings) -> FolioRules:
        compiled = re.compile(settings.folio_pattern)
        digest = hashlib.sha256(
            json.dumps(settings.model_dump(mode="json"), sort_keys=True).encode("utf-8")
        ).hexdigest()[:16]
        return cls(
            pattern=settings.folio_pattern,
            num_group=compiled.groupindex["num"],
            serie_group=compiled.groupindex.get("serie"),
            jump_threshold=settings.jump_threshold,
            jump_volume_factor=settings.jump_volume_factor,
            jump_volume_floor=settings.jump_volume_floor,
            settings_hash=digest,
        )

    def typed_rows_sql(self, *, raw_filter: str = "") -> str:
        """SELECT of the current ``sequence_invoice`` rows in sequence terms.

        Columns: load_id, issuer_rfc, store_id, serie, folio, folio_num (NULL = non-numeric),
        uuid (upper-cased, trimmed), uuid_hash, issued_at, uploaded_at, known_at, cancelled.
        ``raw_filter`` is an extra condition on the stored columns, applied before the pattern.
        """
        pattern = quote_literal(self.pattern)
        prefix = (
            f"upper(regexp_extract(folio_txt, {pattern}, {self.serie_group}))"
            if self.serie_group
            else "''"
        )
        number = f"regexp_extract(folio_txt, {pattern}, {self.num_group})"
        matches = f"regexp_full_match(folio_txt, {pattern})"
        if self.pattern == DEFAULT_FOLIO_PATTERN:
            # Most folios are plain digits: skip the full pattern for them (same result).
            plain = "regexp_full_match(folio_txt, '[0-9]{1,18}')"
            prefix = f"CASE WHEN {plain} THEN '' ELSE {prefix} END"
            number = f"CASE WHEN {plain} THEN folio_txt ELSE {number} END"
            matches = f"({plain} OR {matches})"
        where = f"AND ({raw_filter})" if raw_filter else ""
        return f"""
        SELECT load_id, issuer_rfc, store_id,
               CASE WHEN NOT matched OR prefix = '' OR prefix = serie_raw THEN serie_raw
                    WHEN serie_raw = '' THEN prefix
                    ELSE serie_raw || '-' || prefix END AS serie,
               folio_txt AS folio,
               CASE WHEN matched THEN CAST(num_txt AS BIGINT) END AS folio_num,
               uuid, CASE WHEN uuid IS NOT NULL THEN hash(uuid) END AS uuid_hash,
               issued_at, uploaded_at, known_at, cancelled
        FROM (
            SELECT *, {prefix} AS prefix, {number} AS num_txt
            FROM (
                SELECT load_id, issuer_rfc, store_id, upper(trim(serie)) AS serie_raw,
                       trim(folio) AS folio_txt, upper(trim(uuid)) AS uuid,
                       fecha AS issued_at, uploaded_at,
                       coalesce(uploaded_at, fecha, valid_from) AS known_at,
                       coalesce(lower(estado) LIKE 'cancel%', FALSE) AS cancelled,
                       {matches.replace("folio_txt", "trim(folio)")} AS matched
                FROM sequence_invoice
                WHERE valid_to IS NULL {where}
            )
        )
        """  # noqa: S608 - constant SQL; values bound
