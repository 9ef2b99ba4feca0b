"""Dialogs keep one fixed minimum size: when their layout is left to set it, text arriving after
the dialog is shown changes it, which platforms without size hints (offscreen) report."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QLayout


def fix_minimum_size(dialog: QDialog, layout: QLayout, width: int, height: int) -> None:
    layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
    dialog.setMinimumSize(width, height)
