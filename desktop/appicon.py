"""The application's icon (desktop/icons/, drawn for Kinelink; packaging/render_icons.py makes the PNGs).

Read from the package's folder, else (packed in an archive) with `importlib.resources`, so the installed
wheel and the frozen application find it too.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon, QPixmap

SIZES = (16, 32, 48, 64, 128, 256)


def icon() -> QIcon:
    folder = Path(__file__).with_name("icons")
    if all((folder / f"kinelink-{size}.png").is_file() for size in SIZES):
        # on disk (an installed wheel, the frozen application's folder): Qt reads a size when first drawn,
        # so start-up neither loads importlib.resources nor decodes six PNGs (6-9 ms) before its first paint
        result = QIcon()
        for size in SIZES:
            result.addFile(str(folder / f"kinelink-{size}.png"), QSize(size, size))
        return result
    from importlib import resources  # packed in an archive: read the bytes

    packed = resources.files("kinelink.desktop") / "icons"
    result = QIcon()
    for size in SIZES:
        pixmap = QPixmap()
        if pixmap.loadFromData((packed / f"kinelink-{size}.png").read_bytes(), "PNG"):
            result.addPixmap(pixmap)
    return result
