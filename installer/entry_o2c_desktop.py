"""Frozen entry point of ``o2c-desktop.exe`` (the window); mirrors ``[project.gui-scripts]``."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A process that parses big sheets for an import starts as this program too; it stops
    # here, before Qt and the window are imported, and does only that work.
    multiprocessing.freeze_support()
    from o2c_desktop.ui.app import main

    sys.exit(main())
