"""Dialogs, one module each; none is modal."""
