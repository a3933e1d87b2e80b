"""The application's icon (desktop/icons/, drawn for Kinelink; packaging/render_icons.py makes the PNGs).

Read with `importlib.resources`, so the installed wheel and the frozen application find it too.
"""

from __future__ import annotations

from importlib import resources

from PySide6.QtGui import QIcon, QPixmap

SIZES = (16, 32, 48, 64, 128, 256)


def icon() -> QIcon:
    folder = resources.files("kinelink.desktop") / "icons"
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData((folder / f"kinelink-{size}.png").read_bytes(), "PNG"):
            result.addPixmap(pixmap)
    return result
