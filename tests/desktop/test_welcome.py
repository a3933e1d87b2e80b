"""The welcome panel's shortcut list wraps its words in a narrow window instead of cutting them off."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.desktop.main_window import MainWindow
from kinelink.forms import i18n
from pytestqt.qtbot import QtBot


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_shortcut_list_fits_an_800_pixel_window(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], language: str
) -> None:
    before = i18n.current()
    i18n.set_language(language)
    try:
        window = app_start(tmp_path / "w.sqlite3")
        window.resize(800, 600)
        qtbot.waitUntil(lambda: window.width() <= 800)
        assert window.right.currentWidget() is window.welcome
        panel = window.welcome
        qtbot.waitUntil(lambda: panel.shortcuts.isVisible())
        cut = []
        for label in panel.shortcuts.findChildren(type(panel.title)):
            right = label.mapTo(panel, label.rect().topRight()).x()
            if right > panel.width() or label.width() < label.minimumSizeHint().width():
                cut.append(f"{label.text()!r}: right edge {right} of {panel.width()}, {label.width()} wide")
        assert not cut, "\n".join(cut)
    finally:
        i18n.set_language(before)
