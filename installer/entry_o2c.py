"""Frozen entry point of ``o2c.exe`` (the console program); mirrors ``[project.scripts]``."""

import multiprocessing
import sys

if __name__ == "__main__":
    # A process that parses big sheets for an import starts as this program too; it stops
    # here, before the program's own imports, and does only that work.
    multiprocessing.freeze_support()
    from o2c_desktop.cli import main

    sys.exit(main())
