"""Showing a written document: the one part of printing that needs Qt (the rest is desktop/usecases/documents.py)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices


def open_with_system_viewer(path: Path) -> bool:
    """Show the document in the user's PDF viewer (tests replace this function)."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
