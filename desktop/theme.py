"""The window's look: the editor's palette and input frames, plus the shell's own parts.

The colours, spacing and input styles come from `desktop.editor.style` so the
patient pages, the dialogs and the exam editor read as one product.
"""

from __future__ import annotations

from kinelink.desktop.editor.style import (
    ACCENT,
    BORDER,
    ERROR,
    FOCUS,
    LOCK_BG,
    LOCK_BORDER,
    MUTED,
    OK,
    STYLE_SHEET,
    SURFACE,
    TEXT,
    WINDOW,
    set_flag,
    set_role,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

__all__ = ["ACCENT", "ERROR", "MUTED", "OK", "TEXT", "apply", "set_flag", "set_role"]

# The status bar's own rule, which is all it needs: parsing the whole sheet again for it cost start-up ~1 ms.
STATUS_BAR_STYLE = f"QStatusBar {{ background: {SURFACE}; border-top: 1px solid #dde3ea; color: {MUTED}; }}"

SHELL_STYLE = f"""
QMainWindow, QDialog, QWidget#Page {{ background: {WINDOW}; color: {TEXT}; }}
QLabel[role="page-title"] {{ font-size: 17pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="welcome-title"] {{ font-size: 22pt; font-weight: 600; color: {TEXT}; }}
QLabel[role="lead"] {{ font-size: 11.5pt; color: {MUTED}; }}
QLabel[role="muted"] {{ color: {MUTED}; }}
QLabel[role="key"] {{ color: {MUTED}; font-weight: bold; }}
QLabel[role="field-name"] {{ color: {MUTED}; }}
QLabel[role="field-value"] {{ color: {TEXT}; font-weight: 600; }}
QLabel[role="badge"] {{
    border-radius: 9px; padding: 2px 10px; font-weight: 600; color: white; background: {MUTED};
}}
QLabel[role="badge"][status="draft"] {{ background: #64748b; }}
QLabel[role="badge"][status="signed"] {{ background: {OK}; }}
QLabel[role="badge"][status="amended"] {{ background: #7c3aed; }}
QLabel[role="badge"][status="amending"] {{ background: #b45309; }}
QFrame[role="banner"] {{ background: {LOCK_BG}; border: 1px solid {LOCK_BORDER}; border-radius: 4px; }}
QFrame[role="header"] {{ background: {SURFACE}; border: none; border-bottom: 1px solid #dde3ea; }}
QFrame#Sidebar {{ background: {SURFACE}; border: none; border-right: 1px solid #dde3ea; }}
QTableView {{
    background: {SURFACE}; border: 1px solid #dde3ea; border-radius: 4px;
    gridline-color: #eef1f4; selection-background-color: #dbe6ff; selection-color: {TEXT};
    alternate-background-color: #f8fafc;
}}
QTableView:focus {{ border: 2px solid {FOCUS}; }}
QTableView#PatientTable {{ border: none; border-top: 1px solid #dde3ea; border-radius: 0; }}
QHeaderView::section {{
    background: #eef1f4; color: {MUTED}; font-weight: 600; border: none;
    border-bottom: 1px solid #dde3ea; padding: 5px 8px;
}}
QPushButton {{
    background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 4px; padding: 5px 14px;
    color: {TEXT}; min-height: 20px;
}}
QPushButton:hover {{ background: #f1f5f9; }}
QPushButton:focus {{ border: 2px solid {FOCUS}; padding: 4px 13px; }}
QPushButton:disabled {{ color: #9aa5b1; background: #f1f3f5; }}
QPushButton[role="primary"] {{ background: {ACCENT}; border-color: {ACCENT}; color: white; font-weight: 600; }}
QPushButton[role="primary"]:hover {{ background: #1e40af; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {FOCUS}; padding: 4px 13px; }}
QPushButton[role="primary"]:disabled {{ background: #93a8d8; border-color: #93a8d8; }}
QPushButton[role="danger"] {{ color: {ERROR}; }}
QToolBar {{ background: {SURFACE}; border: none; border-bottom: 1px solid #dde3ea; spacing: 4px; padding: 3px 6px; }}
QToolBar QToolButton {{ padding: 4px 9px; border-radius: 4px; color: {TEXT}; }}
QToolBar QToolButton:hover {{ background: #eef2ff; }}
QToolBar QToolButton:focus {{ border: 2px solid {FOCUS}; }}
QToolBar QToolButton:disabled {{ color: #9aa5b1; }}
{STATUS_BAR_STYLE}
QGroupBox {{
    background: {SURFACE}; border: 1px solid #dde3ea; border-radius: 6px; margin-top: 22px;
    padding: 12px 10px 10px 10px; font-weight: 600;
}}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; top: 2px; color: {TEXT}; font-size: 11pt; }}
QCheckBox {{ spacing: 8px; }}
"""


def style_sheet() -> str:
    return STYLE_SHEET + SHELL_STYLE


# Given to a new QApplication (`desktop.app.application`): Fusion from the start. Asking an application
# for its style (`app.style()`) builds Python's view of QStyle with all its enums, 15-25 ms of start-up.
STYLE_ARGUMENTS = ("-style", "fusion")


def apply(app: QApplication, *, fusion_from_arguments: bool = False) -> None:
    """Fusion (the same on every platform, so screenshots and users agree) and a readable font.

    The style sheet is set on the main window, not the application: its dialogs inherit it, and
    nothing else in the process (tests of other widgets) is restyled. `fusion_from_arguments`: the
    application was made with STYLE_ARGUMENTS, so its style is not asked for.
    """
    if not fusion_from_arguments and app.style().name().lower() != "fusion":  # again would restyle every widget
        app.setStyle("Fusion")
    font = QFont(app.font())
    if font.pointSizeF() < 10:  # only when needed: a new application font restyles every widget
        font.setPointSizeF(10)
        app.setFont(font)
