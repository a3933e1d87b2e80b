"""The both-sides grid shared by ROM and Strength.

Rows are movements (or muscle groups) grouped by joint; each side has two
input columns (active/passive, grade/force). In ROM, typing "120 ⏎ 118 ⏎" fills left
then right of one column pair and moves to the next row; after the last row
Enter goes to the top of the second pair. In Strength (`enter_across_row`) Enter
follows the visible columns, as Tab does: grade L, force L, grade R, force R, next row.
Each row has a red message line under it for invalid input, a brown one for values to check
(plausibility warnings: never blocking), and derived
columns (norm, % of norm, difference, LSI) that the section fills from
`forms.deficits` comparisons.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from kinelink.desktop.editor import style
from kinelink.desktop.editor.fields import Checked, ErrorLabel, describe
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.section import Section, card, chain_tab_order, column_label, grid
from kinelink.forms.findings import Comparison
from kinelink.forms.i18n import _
from kinelink.forms.vocab import Joint, Side
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_CENTER = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom


@dataclass(frozen=True, slots=True)
class RowSpec:
    joint: Joint
    key: str  # movement or muscle-group file word
    label: str
    tooltip: str = ""


class GridRow:
    """One movement: its four inputs, its derived labels and its message line."""

    def __init__(self, spec: RowSpec, inputs: Sequence[Checked], derived: Sequence[QLabel], error: ErrorLabel,
                 name: QLabel, warning: QLabel) -> None:
        self.spec = spec
        self.inputs = list(inputs)  # left A, left B, right A, right B
        self.derived = list(derived)
        self.error = error
        self.name = name
        self.warning = warning  # values to check (forms.plausibility); hidden when there are none

    def show_warning(self, text: str) -> None:
        self.warning.setText(text)
        self.warning.setVisible(bool(text) and not self.name.isHidden())

    def cell(self, side: Side, column: int) -> Checked:
        return self.inputs[(0 if side is Side.LEFT else 2) + column]


class BothSidesSection(Section):
    """A section holding one both-sides grid. Subclasses make the inputs and fill derived columns."""

    pair_names: tuple[str, str] = ("", "")  # the two input columns per side
    derived_names: tuple[str, ...] = ()
    derived_groups: tuple[tuple[str, int, int], ...] = ()  # (title, first derived column, span)
    hint = ""
    norm_column = False
    # Enter order: False = left then right down each column (ROM: compare sides); True = the
    # visible column order across the row (Strength: grade L, force L, grade R, force R).
    enter_across_row = False

    def __init__(self, keys: EnterKeys, specs: Sequence[RowSpec], parent: QWidget | None = None) -> None:
        super().__init__(keys, parent)
        self.rows: list[GridRow] = []
        self.joint_heads: dict[Joint, QLabel] = {}
        self._second_pair = True
        self._derived_on: dict[int, bool] = {}
        self._hidden: set[tuple[Joint, str]] = set()  # rows outside the exam protocol
        frame, lay = card(self.body, None, _(self.hint) if self.hint else None)
        g = grid(frame)
        g.setHorizontalSpacing(style.GAP)
        first_input = 2 if self.norm_column else 1
        # Header: "Left" / "Right" over their pair, then the pair's names.
        g.addWidget(column_label(_("Left"), frame, Qt.AlignmentFlag.AlignHCenter), 0, first_input, 1, 2)
        g.addWidget(column_label(_("Right"), frame, Qt.AlignmentFlag.AlignHCenter), 0, first_input + 2, 1, 2)
        derived_at = first_input + 4
        for title, start, span in self.derived_groups:
            g.addWidget(column_label(_(title), frame, Qt.AlignmentFlag.AlignHCenter), 0, derived_at + start, 1, span)
        g.addWidget(column_label(_("Movement") if self.norm_column else _("Muscle group"), frame), 1, 0)
        if self.norm_column:
            g.addWidget(column_label(_("Norm"), frame, Qt.AlignmentFlag.AlignRight), 1, 1)
        self.pair_headers: list[QLabel] = []
        for c, title in enumerate(self.pair_names * 2):
            header = column_label(_(title), frame, Qt.AlignmentFlag.AlignHCenter)
            g.addWidget(header, 1, first_input + c)
            self.pair_headers.append(header)
        self.derived_headers: list[QLabel] = []
        for c, title in enumerate(self.derived_names):
            header = column_label(_(title), frame, Qt.AlignmentFlag.AlignRight)
            g.addWidget(header, 1, derived_at + c)
            self.derived_headers.append(header)
        line = 2
        joint: Joint | None = None
        for spec in specs:
            if spec.joint is not joint:
                joint = spec.joint
                head = QLabel(joint.label.capitalize(), frame)
                style.set_role(head, "group-title")
                self.joint_heads[joint] = head
                g.addWidget(head, line, 0, 1, derived_at + len(self.derived_names))
                line += 1
            row_label = QLabel(spec.label, frame)
            row_label.setToolTip(spec.tooltip)
            g.addWidget(row_label, line, 0)
            inputs = self.make_inputs(spec, frame)
            row_label.setBuddy(inputs[0])
            for c, w in enumerate(inputs):
                g.addWidget(w, line, first_input + c)
            derived: list[QLabel] = []
            for c in range(len(self.derived_names)):
                label = QLabel("", frame)
                style.set_role(label, "derived")
                label.setAlignment(_RIGHT)
                label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
                g.addWidget(label, line, derived_at + c)
                derived.append(label)
            if self.norm_column:
                norm = QLabel("", frame)
                style.set_role(norm, "hint")
                norm.setAlignment(_RIGHT)
                g.addWidget(norm, line, 1)
                derived.insert(0, norm)
            messages = QWidget(frame)  # the row's message lines: errors (red), then values to check
            stack = QVBoxLayout(messages)
            stack.setContentsMargins(0, 0, 0, 0)
            stack.setSpacing(0)
            error = ErrorLabel(messages)
            error.watch(*inputs)
            warning = QLabel("", messages)
            style.set_role(warning, "warning")
            warning.setWordWrap(True)
            warning.setTextFormat(Qt.TextFormat.PlainText)
            warning.hide()
            stack.addWidget(error)
            stack.addWidget(warning)
            g.addWidget(messages, line + 1, 0, 1, derived_at + len(self.derived_names))
            line += 2
            self.rows.append(GridRow(spec, inputs, derived, error, row_label, warning))
        g.setColumnStretch(derived_at + len(self.derived_names), 1)  # spare width goes to the right
        widest = max(self.fontMetrics().horizontalAdvance(line) for s in specs for line in s.label.split("\n"))
        g.setColumnMinimumWidth(0, widest + 8)
        self.grid_, self.first_input = g, first_input
        # a column as wide as its header needs (the fields set their own widths): "Passive" is wider
        # than a strength field, and 3 px a column are what a German page lacked at 1024 px
        self.input_width = max(h.sizeHint().width() for h in self.pair_headers) + 8
        for c in range(4):
            g.setColumnMinimumWidth(first_input + c, self.input_width)
        self.derived_at = derived_at
        self.derived_width = self.fontMetrics().horizontalAdvance("100.0 %") + 8
        for c in range(len(self.derived_names)):
            g.setColumnMinimumWidth(derived_at + c, self.derived_width)
        lay.addLayout(g)
        frame.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_.addWidget(frame)
        self.legend = QLabel("", self.body)
        self.legend.setWordWrap(True)
        style.set_role(self.legend, "hint")
        self.layout_.addWidget(self.legend)
        self.finish()
        self._wire()

    def make_inputs(self, spec: RowSpec, parent: QWidget) -> list[Checked]:
        raise NotImplementedError

    def show_derived(self, column: int, on: bool) -> None:
        """Show or hide one derived column (N/kg only when the body mass is recorded)."""
        self._derived_on[column] = on
        self.derived_headers[column].setVisible(on)
        self.grid_.setColumnMinimumWidth(self.derived_at + column, self.derived_width if on else 0)
        self._show_rows()

    def show_second_pair(self, on: bool) -> None:
        """Show or hide the second input column of each side (passive range), header and all."""
        self._second_pair = on
        for c in (1, 3):
            self.pair_headers[c].setVisible(on)
            self.grid_.setColumnMinimumWidth(self.first_input + c, self.input_width if on else 0)
        self._show_rows()

    def holds_value(self, row: GridRow) -> bool:
        """Whether anything is typed in the row (a value, or text not valid yet)."""
        return any(w.text().strip() for w in row.inputs)

    def show_only(self, shown: set[tuple[Joint, str]] | None) -> None:
        """Show the rows of `shown` (joint, movement or group) and every row holding a value;
        None: every row. Nothing recorded is ever hidden."""
        self._hidden = {(r.spec.joint, r.spec.key) for r in self.rows
                        if shown is not None and (r.spec.joint, r.spec.key) not in shown and not self.holds_value(r)}
        self._show_rows()

    def shown_rows(self) -> list[tuple[Joint, str]]:
        return [(r.spec.joint, r.spec.key) for r in self.rows if (r.spec.joint, r.spec.key) not in self._hidden]

    def _show_rows(self) -> None:
        offset = 1 if self.norm_column else 0
        for row in self.rows:
            on = (row.spec.joint, row.spec.key) not in self._hidden
            row.name.setVisible(on)
            row.warning.setVisible(on and bool(row.warning.text()))
            for side in (Side.LEFT, Side.RIGHT):
                row.cell(side, 0).setVisible(on)
                row.cell(side, 1).setVisible(on and self._second_pair)
            for c, label in enumerate(row.derived):
                column = c - offset
                label.setVisible(on and (column < 0 or self._derived_on.get(column, True)))
        for joint, head in self.joint_heads.items():
            head.setVisible(any(r.spec.joint is joint and (joint, r.spec.key) not in self._hidden for r in self.rows))

    def _wire(self) -> None:
        cells = [w for r in self.rows for w in r.inputs]
        chain_tab_order(cells)
        self.keys.install(*cells)
        if self.enter_across_row:
            # Enter follows the visible columns: left pair, right pair, then the next row.
            order = [r.cell(side, c) for r in self.rows for side in (Side.LEFT, Side.RIGHT) for c in (0, 1)]
            for a, b in itertools.pairwise(order):
                self.keys.then(a, b)
        # Enter: left → right in each input column pair, then the next row; then the second pair.
        for column in (() if self.enter_across_row else (0, 1)):
            order = [r.cell(side, column) for r in self.rows for side in (Side.LEFT, Side.RIGHT)]
            for a, b in itertools.pairwise(order):
                self.keys.then(a, b)
            if column == 0:
                self.keys.then(order[-1], self.rows[0].cell(Side.LEFT, 1))
        for w in cells:
            w.textChanged.connect(self.changed)

    def checked_fields(self) -> list[Checked]:
        return [w for r in self.rows for w in r.inputs]

    def first_field(self) -> QWidget | None:
        shown = [r for r in self.rows if (r.spec.joint, r.spec.key) not in self._hidden]
        return shown[0].inputs[0] if shown else None

    def row(self, joint: Joint, key: str) -> GridRow:
        return next(r for r in self.rows if r.spec.joint is joint and r.spec.key == key)

    # --- showing comparisons -------------------------------------------------
    def show_comparisons(self, comparisons: Sequence[Comparison]) -> None:
        raise NotImplementedError


def mark_deficit(widget: QWidget, comparison: Comparison | None) -> None:
    """Highlight a cell whose measurement is a deficit; the tooltip says why."""
    deficit = comparison is not None and comparison.is_deficit
    if isinstance(widget, QLineEdit) and not widget.text().strip():
        deficit = False  # the other measurement of the side (force beside a grade) is the deficit
    style.set_flag(widget, "deficit", deficit)
    if isinstance(widget, QLineEdit):
        reasons = "; ".join(comparison.reasons) if comparison is not None and deficit else ""
        widget.setToolTip(_("Deficit: {reasons}").format(reasons=reasons) if reasons else "")
        describe(widget, "deficit", _("deficit: {reasons}").format(reasons=reasons) if reasons else "")
