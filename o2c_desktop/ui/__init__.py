"""The desktop window: PySide6 lives only here (see DESIGN.md §3)."""
