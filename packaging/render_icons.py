"""Render the application icon (desktop/icons/kinelink.svg) to the PNG sizes Linux desktops use and
to the .ico (Windows) and .icns (macOS) files the installers take. Run after changing the SVG:

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/render_icons.py

The outputs are committed, so building an installer needs no SVG renderer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "desktop" / "icons" / "kinelink.svg"
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> None:
    _app = QGuiApplication([])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"{SVG}: not a valid SVG")
    for size in PNG_SIZES:
        out = SVG.with_name(f"kinelink-{size}.png")
        if not render(renderer, size).save(str(out), "png"):
            raise SystemExit(f"{out}: could not be written")
    for out, fmt, size in ((ROOT / "packaging" / "kinelink.ico", "ico", 256),
                           (ROOT / "packaging" / "kinelink.icns", "icns", 512)):
        if not render(renderer, size).save(str(out), fmt):
            raise SystemExit(f"{out}: could not be written")
        print(out.relative_to(ROOT))


if __name__ == "__main__":
    main()
