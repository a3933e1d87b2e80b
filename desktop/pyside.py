"""PySide6 for the window, loaded first by `desktop.app`, without its hook on every later import
(`kinelink.desktop.quiet_pyside_imports`)."""

from kinelink import desktop
from PySide6 import QtCore

desktop.quiet_pyside_imports()
assert QtCore  # loaded here, before the window's other modules
