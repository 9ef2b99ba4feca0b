"""Frozen entry point of ``o2c.exe`` (the console program); mirrors ``[project.scripts]``."""

import sys

from o2c_desktop.cli import main

if __name__ == "__main__":
    sys.exit(main())
