"""The desktop window: PySide6 lives only here (see DESIGN.md §3)."""

from o2c_desktop.ui.pyside_import_hook import stop_caching_module_sources

# Before any page or service module is imported through the window (see the module's docstring).
stop_caching_module_sources()
