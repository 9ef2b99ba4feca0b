"""Keep PySide6's import hook from holding the source of every module the program imports.

PySide6 (6.11) looks at each module imported after it to see whether the module mentions
``PySide6`` (for its optional ``__feature__`` switches). It reads the source with
``inspect.getsource``, which leaves every line of every such file in ``linecache`` for the life
of the process: about 600 files and 25 MB once the Conciliación page has been opened, memory
that clearing the cache later does not give back (the freed lines are scattered among live
objects). Reading the source through the module's loader answers the same question and keeps
nothing.
"""

from __future__ import annotations

import logging
import sys
from types import ModuleType

import PySide6  # noqa: F401  (installs the hook this module tames)

log = logging.getLogger(__name__)

_FEATURE_MODULE = "PySide6.support.feature"


def _mentions_pyside(module: ModuleType) -> bool:
    """Whether ``module``'s source mentions PySide6, as PySide6's own check answers it."""
    loader = getattr(module, "__loader__", None)
    get_source = getattr(loader, "get_source", None)
    if get_source is None:
        return False
    try:
        source = get_source(module.__name__)
    except (ImportError, OSError, SyntaxError, TypeError, ValueError):
        return False
    return isinstance(source, str) and "PySide6" in source


def stop_caching_module_sources() -> bool:
    """Replace PySide6's source check by one that does not fill ``linecache``; whether it was
    replaced (a PySide6 without that check is left alone)."""
    feature = sys.modules.get(_FEATURE_MODULE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        log.debug("PySide6 has no source check on import; nothing to replace")
        return False
    feature._mod_uses_pyside = _mentions_pyside  # type: ignore[attr-defined]
    return True
