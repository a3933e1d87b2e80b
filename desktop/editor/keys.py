"""Enter moves on: the keyboard behaviour of the exam editor.

Return/Enter in a one-line field, a choice or a check box moves to the next field, as Tab
does, so a physio can type "120 ⏎ 118 ⏎" with one hand. Grids declare their
own order (`then(a, b)`: ROM left then right, strength across the row); everything else
follows the focus chain. Multi-line text keeps Enter for new lines; an action
button ("Add injury") is pressed.
"""

from __future__ import annotations

from collections.abc import Callable

from kinelink.forms.i18n import _, pgettext
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractButton, QPlainTextEdit, QWidget

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)

# The sections' ids (show_section, Alt+n, the window's menu); what people read is section_label().
SECTION_NAMES = ("History", "ROM", "Strength", "Tests", "Outcomes", "Notes")


# A translation may mark where a long name can break in the narrow section list ("Bewegungs\u00adausmaß");
# it is invisible everywhere else, and taken out of every other use of the name.
SOFT_HYPHEN = "\u00ad"

# The analysis: opens or closes it below the form in a narrow window, else goes to it and back. F6 moves between
# panes in most desktop programs; the window's keys are F1 and Ctrl+…, the editor's Alt+1…6 and F4 (a grade's list).
ANALYSIS_KEY = "F6"


def section_label(name: str, *, breakable: bool = False) -> str:
    """A section's name as the list beside the editor, the menu and the F1 list show it (`breakable`: with
    the soft hyphens where the narrow list may break it)."""
    label = {
        "History": pgettext("section", "History"), "ROM": pgettext("section", "ROM"),
        "Strength": pgettext("section", "Strength"), "Tests": pgettext("section", "Tests"),
        "Outcomes": pgettext("section", "Outcomes"), "Notes": pgettext("section", "Notes"),
    }[name]
    return label if breakable else label.replace(SOFT_HYPHEN, "")


def key_help() -> list[tuple[str, str]]:
    """The editor's own keys for the F1 list, in the current language (the window adds its menu shortcuts)."""
    return [
        *((f"Alt+{n}", _("Go to {section}").format(section=section_label(name)))
          for n, name in enumerate(SECTION_NAMES, 1)),
        (ANALYSIS_KEY, _("The analysis: in a narrow window show or hide it below the form; else go to it and back")),
        (_("Enter"), _("Next field (ROM: left, then right, then the next row; strength: grade left, force left, "
                       "grade right, force right, then the next row)")),
        ("P", _("In a ROM field: painful / not painful / not recorded")),
        ("=", _("In an empty field showing last time's value (greyed): confirm it as today's")),
        (_("F4 or Alt+Down"), _("In a grade field: the list of Oxford grades")),
        ("0 … 4", _("In a questionnaire: answer the question and go to the next")),
        (_("← →, Delete"), _("In a questionnaire: change or clear the answer")),
    ]


def can_take_focus(w: QWidget) -> bool:
    return (
        w.isVisible()
        and w.isEnabled()
        and bool(w.focusPolicy().value & Qt.FocusPolicy.TabFocus.value)
        and w.focusProxy() is None
    )


def next_field(w: QWidget) -> QWidget | None:
    """The widget Tab would go to from `w`."""
    n = w.nextInFocusChain()
    while n is not None and n is not w:
        if can_take_focus(n):
            return n
        n = n.nextInFocusChain()
    return None


class EnterKeys(QObject):
    """An event filter: install it on each field; `then(a, b)` overrides where Enter goes from a."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._next: dict[QWidget, QWidget | Callable[[], QWidget | None]] = {}

    def install(self, *widgets: QWidget) -> None:
        for w in widgets:
            w.installEventFilter(self)

    def then(self, a: QWidget, b: QWidget | Callable[[], QWidget | None]) -> None:
        """Enter in `a` goes to `b` (or to what `b()` returns when it is a function)."""
        self._next[a] = b
        a.destroyed.connect(lambda *_: self._next.pop(a, None))

    def target(self, w: QWidget) -> QWidget | None:
        explicit = self._next.get(w)
        seen: set[QWidget] = set()
        # a hidden row (outside the exam protocol) is passed over along the declared order
        while explicit is not None:
            if callable(explicit) and not isinstance(explicit, QWidget):
                explicit = explicit()
            if explicit is None or explicit in seen:
                break
            if can_take_focus(explicit):
                return explicit
            if explicit.isEnabled() and explicit.isVisibleTo(explicit.window()):
                break  # visible but not focusable: Tab decides
            seen.add(explicit)
            explicit = self._next.get(explicit)
        return next_field(w)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() not in _ENTER or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        if not isinstance(obj, QWidget) or isinstance(obj, QPlainTextEdit):
            return False
        if isinstance(obj, QAbstractButton) and not obj.isCheckable() and obj.property("role") is None:
            obj.click()
            return True
        target = self.target(obj)
        if target is not None:
            target.setFocus(Qt.FocusReason.TabFocusReason)
        return True
