"""The window, the command line and the Qt-free use cases (README: Layers)."""

import builtins


def quiet_pyside_imports() -> None:
    """Put Python's own `import` back once PySide6 has replaced it (`builtins.__import__`).

    PySide6's replacement serves its optional `__feature__` selections (snake_case, true_property), which
    Kinelink does not use (tests/desktop/test_startup.py checks), and for that reads the source of every module
    imported after PySide6 looking for the word "PySide6": some 50 modules, 30 M instructions of the
    window's start-up. Without PySide6 loaded this does nothing; `desktop.pyside` calls it again once it is.
    """
    original = vars(builtins).get("__orig_import__")
    if original is not None and builtins.__import__ is not original:
        builtins.__import__ = original


quiet_pyside_imports()  # PySide6 may be loaded before Kinelink (a test run, an embedding program)
