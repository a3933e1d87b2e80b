"""The patient page on small screens: the change table shows several rows, the chart's value labels
are apart.

At 1024×700 the change table showed one row (1366×768: three), squeezed under its three-line note and
the correspondence box; the progress chart drew six value labels in a 60-pixel plot, over each other.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from pathlib import Path

import pytest
from kinelink.desktop.chart import ProgressChart
from kinelink.desktop.main_window import MainWindow
from kinelink.forms.progress import Series
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QTableWidget
from pytestqt.qtbot import QtBot


def fully_shown_rows(table: QTableWidget) -> int:
    room = table.viewport().height()
    return sum(1 for r in range(table.rowCount())
               if table.rowViewportPosition(r) >= 0 and table.rowViewportPosition(r) + table.rowHeight(r) <= room)


@pytest.mark.parametrize(("size", "rows"), [((1024, 700), 5), ((1366, 768), 6)], ids=["1024x700", "1366x768"])
def test_the_change_table_shows_several_rows(
    qtbot: QtBot, tmp_path: Path, app_start: Callable[..., MainWindow], size: tuple[int, int], rows: int,
) -> None:
    window = app_start(tmp_path / "demo.sqlite3", demo=True)
    window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    busiest = max(window.patients.summaries(), key=lambda s: s.exam_count)
    window.open_patient(busiest.id)
    page = window.patient_page
    page.progress_tabs.setCurrentWidget(page.change)
    page.table.selectRow(1)
    qtbot.wait(100)
    table = page.change.table
    assert table.rowCount() >= rows
    assert fully_shown_rows(table) >= rows, (fully_shown_rows(table), table.viewport().height())
    page.progress_tabs.setCurrentIndex(0)
    qtbot.wait(50)
    assert_labels_apart(page.chart)


def assert_labels_apart(chart: ProgressChart) -> None:
    small = QFont(chart.font())
    small.setPointSizeF(max(chart.font().pointSizeF() * 0.9, 7.0))
    fm = QFontMetrics(small)
    low, high, ticks = chart.value_axis()
    plot = chart.height() - (fm.height() + 10) - 6 - fm.height() - 14
    gaps = [(b - a) / (high - low) * plot for a, b in itertools.pairwise(ticks)]
    assert len(ticks) >= 2 and min(gaps) >= fm.height() * 1.2, (ticks, gaps, fm.height())


@pytest.mark.parametrize("height", [124, 160, 260])
def test_value_labels_never_crowd(qtbot: QtBot, height: int) -> None:
    chart = ProgressChart()
    qtbot.addWidget(chart)
    chart.resize(420, height)
    days = [dt.date(2025, 9, 21), dt.date(2025, 11, 24), dt.date(2026, 1, 22)]
    chart.set_data("KOOS", "points", [Series("Pain", tuple(zip(days, (28.0, 56.0, 83.0), strict=True)))],
                   y_range=(0.0, 100.0))
    chart.show()
    qtbot.waitExposed(chart)
    assert_labels_apart(chart)
    assert chart.grab().width() == 420  # it paints without error
