"""PySide6 6.12.0 on Python 3.11 drops a reference to None on every call that returns nothing
(and to True on every Signal.emit(True)): after a few thousand calls the interpreter aborts with
"none_dealloc". The pinned PySide6 must not do that; this guards any future upgrade."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QLabel


class _Emitter(QObject):
    changed = Signal(bool)


def test_void_calls_and_emits_keep_none_and_true_alive(qtbot) -> None:
    label = QLabel()
    qtbot.addWidget(label)
    emitter = _Emitter()
    seen: list[bool] = []
    emitter.changed.connect(seen.append)
    timer = QTimer()
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2_000):
        label.setText("x")
        timer.stop()
        emitter.changed.emit(True)
    seen.clear()
    assert sys.getrefcount(None) - none_before >= -50, "PySide6 leaks references to None"
    assert sys.getrefcount(True) - true_before >= -50, "PySide6 leaks references to True"
