"""Every message code with its Spanish and English wording, one module per family.

A template names its parameters in braces, as :meth:`str.format` reads them; both languages use
the same ones (``tests/messages`` checks). Domain words (alta, contrarecibo, folio) stay in
Spanish in both.
"""

from __future__ import annotations

import importlib

# One module of this package per family; each holds MESSAGES, code -> (es, en).
FAMILIES = (
    "analytics", "cli", "cloud", "credentials", "gaps", "ingest", "operations", "portals",
    "reading", "runs", "settings", "warehouse",
)  # fmt: skip

Templates = tuple[str, str]  # (es, en)

CATALOGUE: dict[str, Templates] = {}
for _name in FAMILIES:
    _family = importlib.import_module(f"{__name__}.{_name}")
    for _code, _templates in _family.MESSAGES.items():
        if _code in CATALOGUE:
            raise ValueError(f"message code {_code!r} defined twice")
        CATALOGUE[_code] = _templates
