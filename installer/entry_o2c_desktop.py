"""Frozen entry point of ``o2c-desktop.exe`` (the window); mirrors ``[project.gui-scripts]``."""

import sys

from o2c_desktop.ui.app import main

if __name__ == "__main__":
    sys.exit(main())
