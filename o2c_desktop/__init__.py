"""o2c_desktop: the Order-to-Cash picture of a supplier of Mexican public health institutions."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("o2c-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "o2c_desktop"
APP_AUTHOR = "o2c_desktop"
