"""The window's menu bar and actions: building them, and tying the pages' buttons to them."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kinelink.forms.i18n import N_, _
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QPushButton

if TYPE_CHECKING:
    from kinelink.desktop.main_window import MainWindow


def action(window: MainWindow, text: str, slot: Callable[[], object],
           shortcut: QKeySequence.StandardKey | str | None = None) -> QAction:
    """A window action: its shortcut works while any part of the window has focus, menus hidden or not
    (a QAction's shortcut context is `Qt.ShortcutContext.WindowShortcut` unless set otherwise)."""
    act = QAction(text, window)
    if isinstance(shortcut, QKeySequence.StandardKey):
        act.setShortcuts(shortcut)  # every binding of the platform (Close: Ctrl+W and Ctrl+F4)
    elif shortcut is not None:
        # the list form: `setShortcut` has an overload taking `Qt.Key`, and choosing between them loads the
        # whole `Qt` namespace (113 enums, ~20 ms) before the window is first painted
        act.setShortcuts([QKeySequence(shortcut)])
    act.triggered.connect(lambda _checked=False: slot())
    window.addAction(act)  # shortcuts work even while a menu bar is hidden
    return act


def fill_menu_bar(window: MainWindow) -> None:
    """File, Exam, Documents, Help; None in a list is a separator."""
    bar = window.menuBar()
    menus: tuple[tuple[str, tuple[QAction | QMenu | None, ...]], ...] = (
        (N_("&File"), (window.act_new_patient, window.act_find, window.act_edit_patient, window.act_merge,
                   window.act_undo_merge,
                   window.act_archive, window.act_restore_patient, window.act_show_archived, None, window.act_import,
                   window.act_export_patient, window.act_export_all, None, window.act_backup, window.act_restore,
                   window.act_check,
                   None, window.act_open_db, window.act_new_db, window.act_demo, window.act_settings,
                   window.act_accounts, None,
                   window.act_quit)),
        (N_("&Exam"), (window.act_new_exam, window.act_follow_up, window.act_open_exam, window.act_save, None,
                   window.act_sign, window.act_amend, window.act_cancel_amend, window.act_history, None,
                   window.act_delete_draft, window.act_close_exam,
                   None, window.sections_menu)),
        (N_("&Documents"), (window.act_summary, window.act_letter)),
        (N_("&Help"), (window.act_shortcuts, window.act_about)),
    )
    for title, entries in menus:
        menu = bar.addMenu(_(title))
        for entry in entries:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, QMenu):
                menu.addMenu(entry)
            else:
                menu.addAction(entry)


def fill_more_menu(window: MainWindow) -> None:
    """The patient page's More menu: the window's own actions (same keys, same enabling)."""
    menu = window.patient_page.more_menu
    for act in (window.act_follow_up, window.act_history, window.act_delete_draft, None, window.act_export_patient,
                window.act_merge, window.act_undo_merge, window.act_archive, window.act_restore_patient):
        menu.addSeparator() if act is None else menu.addAction(act)


def bind_patient_buttons(window: MainWindow) -> None:
    """The patient page's buttons do what the window's actions do (and are enabled when they are)."""
    page = window.patient_page
    for button, action in (
        (page.edit_button, window.act_edit_patient),
        (page.new_exam_button, window.act_new_exam),
        (page.open_button, window.act_open_exam),
        (page.summary_button, window.act_summary),
        (page.letter_button, window.act_letter),
    ):
        _bind(button, action)


def bind_exam_buttons(window: MainWindow) -> None:
    """The exam page's buttons likewise."""
    page = window.exam_page
    for button, action in (
        (page.save_button, window.act_save),
        (page.sign_button, window.act_sign),
        (page.amend_button, window.act_amend),
        (page.history_button, window.act_history),
        (page.summary_button, window.act_summary),
        (page.letter_button, window.act_letter),
    ):
        _bind(button, action)


def _bind(button: QPushButton, action: QAction) -> None:
    """A page's button does what the window's action does, and is enabled when it is."""
    button.clicked.connect(action.trigger)
    button.setEnabled(action.isEnabled())  # the pages are built when first shown, after the actions
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    if shortcut and not button.toolTip():
        button.setToolTip(f"{action.text().replace('&', '')} ({shortcut})")
    if not button.accessibleName():
        button.setAccessibleName(button.text().removesuffix("…"))


