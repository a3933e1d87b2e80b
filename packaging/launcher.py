"""The frozen application's entry point (PyInstaller needs a script, not an entry-point name).

`gui_entry` is `entry` plus a guard for a process without a console (Windows windowed .exe,
macOS .app started from the Finder), so one script serves both executables.
"""

from kinelink.desktop.cli import gui_entry

if __name__ == "__main__":
    gui_entry()
