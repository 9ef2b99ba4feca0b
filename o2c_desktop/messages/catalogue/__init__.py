"""Every message code with its Spanish and English wording, one module per family.

A template names its parameters in braces, as :meth:`str.format` reads them; both languages use
the same ones (``tests/messages`` checks). Domain words (alta, contrarecibo, folio) stay in
Spanish in both.
"""

from __future__ import annotations

from o2c_desktop.messages.catalogue import (
    analytics,
    cli,
    cloud,
    credentials,
    gaps,
    ingest,
    operations,
    portals,
    reading,
    runs,
    settings,
    warehouse,
)

Templates = tuple[str, str]  # (es, en)

CATALOGUE: dict[str, Templates] = {}
for _family in (
    analytics,
    cli,
    cloud,
    credentials,
    gaps,
    ingest,
    operations,
    portals,
    reading,
    runs,
    settings,
    warehouse,
):
    for _code, _templates in _family.MESSAGES.items():
        if _code in CATALOGUE:
            raise ValueError(f"message code {_code!r} defined twice")
        CATALOGUE[_code] = _templates
