"""The History section: complaint, injuries, symptoms, gait, red-flag screening, background."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Generic, TypeVar

from kinelink.desktop.editor import style
from kinelink.desktop.editor.bodychart import BodyChart, PainLegend
from kinelink.desktop.editor.choices import ChoiceBox, MultiSelect
from kinelink.desktop.editor.fields import (
    CheckedField,
    DateField,
    ErrorLabel,
    LatestDate,
    NumberField,
    TextArea,
    TextField,
    named,
)
from kinelink.desktop.editor.keys import EnterKeys
from kinelink.desktop.editor.labels import capitalize, red_flag_label
from kinelink.desktop.editor.section import Problem, Section, card, chain_tab_order, column_label, grid
from kinelink.forms import bodychart as bc
from kinelink.forms import i18n
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import History, Injury, Symptom
from kinelink.forms.ranges import NPRS
from kinelink.forms.vocab import (
    Activity,
    Gait,
    InjuryKind,
    Location,
    PainQuality,
    RedFlag,
    Region,
    Side,
    Structure,
    Vocab,
)
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

V = TypeVar("V", bound=Vocab)
Cell = tuple[QWidget, int, int]  # a field of a row: widget, column, column span


def choices(cls: Iterable[V]) -> list[tuple[str, V]]:
    return [(capitalize(v.label), v) for v in cls]



class CheckList(QObject, Generic[V]):
    """Check boxes for a vocabulary in up to `columns` columns; ticked order is kept (loaded ones first).

    The boxes fill down each column, so Tab and reading order stay the same however many columns there
    are; a label much wider than the rest gets a whole line below the columns. A check box does not wrap
    its text: where the columns do not fit (German labels, a 1024-pixel screen) the list reflows to fewer
    columns, down to one.
    """

    changed = Signal()

    def __init__(self, what: str, items: Sequence[tuple[str, V]], parent: QWidget, columns: int = 3) -> None:
        super().__init__(parent)
        self.boxes: dict[V, QCheckBox] = {}
        self._order: list[V] = []
        self.max_columns = columns
        self.widget = _Reflowing(self._arrange, parent)
        self.layout = QGridLayout(self.widget)
        self.layout.setContentsMargins(0, 0, 0, 0)
        self.layout.setHorizontalSpacing(style.GAP_L)
        self.layout.setVerticalSpacing(style.GAP_S + 2)
        for label, value in items:
            box = QCheckBox(label, self.widget)
            named(box, f"{what}: {label}")
            box.toggled.connect(lambda on, v=value: self._toggled(v, on))
            self.boxes[value] = box
        # In a column, a label much wider than the rest would take that column's room from every other.
        widths = sorted(box.sizeHint().width() for box in self.boxes.values())
        wide = 1.6 * widths[len(widths) // 2] if columns > 1 else float("inf")
        self._in_columns = [box for box in self.boxes.values() if box.sizeHint().width() <= wide]
        self._below = [box for box in self.boxes.values() if box not in self._in_columns]
        self.columns = 0
        self._place(columns)
        # the page may narrow to one column: the list never holds it wider than that
        self.widget.setMinimumWidth(self._width_of(1))

    def _column_widths(self, columns: int) -> list[int]:
        boxes = self._in_columns
        rows = max(1, -(-len(boxes) // columns))
        return [max(b.sizeHint().width() for b in boxes[c * rows:(c + 1) * rows])
                for c in range(-(-len(boxes) // rows))]

    def _width_of(self, columns: int) -> int:
        widths = self._column_widths(columns)
        in_columns = sum(widths) + self.layout.horizontalSpacing() * (len(widths) - 1)
        return max([in_columns, *(b.sizeHint().width() for b in self._below)])

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        rows = max(1, -(-len(self._in_columns) // columns))
        for box in self.boxes.values():
            self.layout.removeWidget(box)
        for i, box in enumerate(self._in_columns):
            self.layout.addWidget(box, i % rows, i // rows)  # fill down the columns, read top to bottom
        for i, box in enumerate(self._below):
            self.layout.addWidget(box, rows + i, 0, 1, self.max_columns)
        for c in range(self.max_columns):
            self.layout.setColumnStretch(c, 1 if c < columns else 0)

    def _arrange(self, width: int) -> None:
        """As many columns as fit in `width` (at most the number asked for)."""
        one = self._width_of(1)  # again: the boxes' fonts are final only once the page is shown
        if self.widget.minimumWidth() != one:
            self.widget.setMinimumWidth(one)
        fits = [n for n in range(1, self.max_columns + 1) if self._width_of(n) <= width]
        self._place(max(fits, default=1))

    def _toggled(self, value: V, on: bool) -> None:
        if on and value not in self._order:
            self._order.append(value)
        elif not on and value in self._order:
            self._order.remove(value)
        self.changed.emit()

    def values(self) -> tuple[V, ...]:
        return tuple(self._order)

    def set_values(self, values: Iterable[V]) -> None:
        wanted = list(dict.fromkeys(values))
        for value, box in self.boxes.items():
            box.setChecked(value in wanted)
        self._order = wanted

    def widgets(self) -> list[QWidget]:
        """In reading order (down each column, then the wide ones below): the Tab order."""
        return [*self._in_columns, *self._below]


class _Reflowing(QWidget):
    """A widget that tells `arrange` its new width before laying out its children."""

    def __init__(self, arrange: Callable[[int], None], parent: QWidget) -> None:
        super().__init__(parent)
        self._arrange = arrange

    def resizeEvent(self, event: QResizeEvent) -> None:
        self._arrange(event.size().width())
        super().resizeEvent(event)


def _inline(word: str) -> str:
    """A label inside a phrase: English lowercases it ("Injury 1 date"), German nouns keep their capital."""
    return word if i18n.current().code == i18n.GERMAN else word[:1].lower() + word[1:]


class _Row(QObject):
    """One row of a history table (an injury or a symptom)."""

    changed = Signal()
    removed = Signal(object)

    def __init__(self, kind: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.kind = kind  # "injuries" or "symptoms"
        self.index = 0
        self.error = ErrorLabel(parent)
        self.remove = QPushButton("✕", parent)
        self.remove.setProperty("edit_action", True)
        self.remove.setFixedWidth(30)
        self.remove.setToolTip(_("Remove this row"))
        self.remove.clicked.connect(lambda: self.removed.emit(self))
        # may narrow (eliding; the full name in its tooltip) where a longer language leaves the row no room
        self.region = ChoiceBox[Region](_("Region"), choices(Region), parent=parent, min_chars=6)
        self.side = ChoiceBox[Side](_("Side"), choices(Side), parent=parent)

    def fields(self) -> list[QWidget]:
        raise NotImplementedError

    def cells(self) -> list[list[Cell]]:
        """Where each field sits: lines of (widget, column, column span); one line by default."""
        return [[(w, c, 1) for c, w in enumerate([*self.fields(), self.remove])]]

    def is_blank(self) -> bool:
        raise NotImplementedError

    def noun(self) -> str:
        return _("Injury") if self.kind == "injuries" else _("Symptom")

    def path(self, key: str = "") -> str:
        base = f"exam.history.{self.kind}[{self.index}]"
        return f"{base}.{key}" if key else base

    def incomplete(self) -> str | None:
        if self.is_blank() or (self.region.value() is not None and self.side.value() is not None):
            return None
        if self.region.value() is None and self.side.value() is None:
            message = _("{row} {n}: choose the region and side")
        elif self.region.value() is None:
            message = _("{row} {n}: choose the region")
        else:
            message = _("{row} {n}: choose the side")
        return message.format(row=self.noun(), n=self.index + 1)

    def renumber(self, index: int) -> None:
        self.index = index
        n = index + 1
        for w in self.fields():
            base = w.property("base_name")
            if base is None:
                base = w.accessibleName()
                w.setProperty("base_name", base)
            name = _("{row} {n} {field}").format(row=self.noun(), n=n, field=_inline(base))
            if isinstance(w, CheckedField):
                w.rename(name, self.path(str(w.property("key"))))
            else:
                w.setAccessibleName(name)
        self.remove.setAccessibleName(_('Remove {lower} {n}').format(lower=_inline(self.noun()), n=n))
        self.error.refresh()

    def delete(self) -> None:
        for w in [*self.fields(), self.remove, self.error]:
            w.hide()
            w.deleteLater()
        self.deleteLater()


class InjuryRow(_Row):
    def __init__(self, parent: QWidget, latest: LatestDate) -> None:
        super().__init__("injuries", parent)
        self.injury_kind: InjuryKind | None = None  # injury or surgery: kept as loaded
        self.date = DateField(_("Date"), "", latest, parent, partial=True)
        self.date.setProperty("key", "date")
        self.structures = MultiSelect[Structure](_("Structures"), choices(Structure), parent)
        self.description = TextField(_("Description"), parent)
        self.error.watch(self.date)
        for w in (self.region, self.side):
            w.changed.connect(self._edited)
        self.date.textChanged.connect(self._edited)
        self.structures.changed.connect(self._edited)
        self.description.textChanged.connect(self._edited)

    def _edited(self) -> None:
        self.error.refresh_with(self.incomplete())
        self.changed.emit()

    def fields(self) -> list[QWidget]:
        return [self.region, self.side, self.date, self.structures, self.description]

    def is_blank(self) -> bool:
        return (
            self.region.value() is None and self.side.value() is None and not self.date.text().strip()
            and not self.structures.values() and not self.description.text()
        )

    def value(self) -> Injury | None:
        region, side = self.region.value(), self.side.value()
        if region is None or side is None:
            return None
        return Injury(region, side, self.date.value(), self.description.text(), self.structures.values(),
                      kind=self.injury_kind)

    def load(self, injury: Injury) -> None:
        self.injury_kind = injury.kind
        self.region.set_value(injury.region)
        self.side.set_value(injury.side)
        self.date.set_value(injury.date)
        self.structures.set_values(injury.structures)
        self.description.set_value(injury.description)


class SymptomRow(_Row):
    """A symptom on two lines (where and how much; then since when, what aggravates it, where it goes),
    so that the list fits beside or under the body chart on a 1024-pixel screen."""

    def __init__(self, parent: QWidget, latest: LatestDate) -> None:
        super().__init__("symptoms", parent)
        self.location = ChoiceBox[Location](_("Location"), choices(Location), parent=parent, min_chars=6)
        self.quality = ChoiceBox[PainQuality](_("Quality"), choices(PainQuality), parent=parent, min_chars=7)
        self.onset = DateField(_("Onset"), "", latest, parent, partial=True)
        self.onset.setProperty("key", "onset")
        self.pain = NumberField(_('Pain ({NPRS})').format(
            NPRS=NPRS.text()), "", NPRS.low, NPRS.high, integer=True, parent=parent)
        self.pain.setFixedWidth(self.pain.fontMetrics().horizontalAdvance(NPRS.text()) + 26)
        self.pain.setProperty("key", "pain_nprs")
        self.pain.setPlaceholderText(NPRS.text())
        self.aggravating = MultiSelect[Activity](_("Aggravating activities"), choices(Activity), parent)
        self.radiates = ChoiceBox[Region](_("Radiates to"), choices(Region), parent=parent, min_chars=6)
        self.error.watch(self.onset, self.pain)
        for c in (self.region, self.side, self.location, self.quality, self.radiates):
            c.changed.connect(self._edited)
        self.onset.textChanged.connect(self._edited)
        self.pain.textChanged.connect(self._edited)
        self.aggravating.changed.connect(self._edited)

    def _edited(self) -> None:
        self.error.refresh_with(self.incomplete())
        self.changed.emit()

    def fields(self) -> list[QWidget]:
        return [self.region, self.side, self.location, self.quality, self.pain, self.onset, self.aggravating,
                self.radiates]

    def cells(self) -> list[list[Cell]]:
        return [
            [(self.region, 0, 1), (self.side, 1, 1), (self.location, 2, 1), (self.quality, 3, 1), (self.pain, 4, 1),
             (self.remove, 5, 1)],
            [(self.onset, 0, 1), (self.aggravating, 1, 2), (self.radiates, 3, 2)],
        ]

    def is_blank(self) -> bool:
        return (
            self.region.value() is None and self.side.value() is None and self.location.value() is None
            and self.quality.value() is None and not self.onset.text().strip() and not self.pain.text().strip()
            and not self.aggravating.values() and self.radiates.value() is None
        )

    def value(self) -> Symptom | None:
        region, side = self.region.value(), self.side.value()
        if region is None or side is None:
            return None
        pain = self.pain.value()
        return Symptom(
            region, side, self.location.value(), self.onset.value(),
            int(pain) if pain is not None else None, self.aggravating.values(), self.radiates.value(),
            self.quality.value(),
        )

    def load(self, symptom: Symptom) -> None:
        self.quality.set_value(symptom.quality)
        self.region.set_value(symptom.region)
        self.side.set_value(symptom.side)
        self.location.set_value(symptom.location)
        self.onset.set_value(symptom.onset)
        self.pain.set_value(symptom.pain_nprs)
        self.aggravating.set_values(symptom.aggravating)
        self.radiates.set_value(symptom.radiates_to)


class RowTable(QObject):
    """A growing table of rows under a header, with an "Add" button below it."""

    changed = Signal()

    def __init__(
        self, parent: QWidget, headers: Sequence[str], make: Callable[[], _Row], add_text: str,
        stretch_column: int, second_headers: Sequence[tuple[str, int, int]] = (),
    ) -> None:
        super().__init__(parent)
        self.parent_ = parent
        self.make = make
        self.rows: list[_Row] = []
        self.grid = grid(parent)
        self.headers: list[QWidget] = []
        for c, h in enumerate(headers):
            label = column_label(h, parent)
            self.grid.addWidget(label, 0, c)
            self.headers.append(label)
        for text, c, span in second_headers:  # the captions of a row's second line
            label = column_label(text, parent)
            self.grid.addWidget(label, 1, c, 1, span)
            self.headers.append(label)
        self._next_line = 2 if second_headers else 1
        self.grid.setColumnStretch(stretch_column, 1)
        self.empty = QLabel(_("None recorded."), parent)
        style.set_role(self.empty, "hint")
        self.add_button = QPushButton(add_text, parent)
        self.add_button.setProperty("edit_action", True)
        named(self.add_button, add_text.lstrip("+ "))
        self.add_button.clicked.connect(self._add_clicked)

    def _add_clicked(self) -> None:
        row = self.add()
        self.changed.emit()
        row.fields()[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def add(self) -> _Row:
        row = self.make()
        lines = row.cells()
        width = max(c + span for line in lines for _, c, span in line)
        for line in lines:
            for w, c, span in line:
                self.grid.addWidget(w, self._next_line, c, 1, span)
                w.show()
            self._next_line += 1
        self.grid.addWidget(row.error, self._next_line, 0, 1, width)
        self._next_line += 1
        row.changed.connect(self.changed)
        row.removed.connect(self._remove)
        self.rows.append(row)
        row.renumber(len(self.rows) - 1)
        self._refresh()
        return row

    def _remove(self, row: _Row) -> None:
        i = self.rows.index(row)
        self.remove(row)
        target = self.rows[min(i, len(self.rows) - 1)].fields()[0] if self.rows else self.add_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove(self, row: _Row) -> None:
        """Remove a row (focus stays where it is)."""
        self.rows.remove(row)
        row.delete()
        for j, r in enumerate(self.rows):
            r.renumber(j)
        self._refresh()
        self.changed.emit()

    def clear(self) -> None:
        for row in self.rows:
            row.delete()
        self.rows = []
        self._refresh()

    def _refresh(self) -> None:
        for h in self.headers:
            h.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        chain_tab_order(self.tab_order())

    def tab_order(self) -> list[QWidget]:
        return [w for r in self.rows for w in (*r.fields(), r.remove)] + [self.add_button]

    def problems(self) -> list[Problem]:
        out: list[Problem] = []
        for r in self.rows:
            for w in r.fields():
                if isinstance(w, CheckedField) and (p := w.problem()):
                    out.append((w.path, p))
            if msg := r.incomplete():
                out.append((r.path(), msg))
        return out


class ChartBeside(QWidget):
    """The body chart with its key, and the symptom list beside it when there is room, else below it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.chart = BodyChart(self)
        self.legend = PainLegend(self)
        self.listing = QWidget(self)
        self._list_layout = QVBoxLayout(self.listing)
        self._list_layout.setContentsMargins(0, 0, 0, 0)
        self._list_layout.setSpacing(style.GAP)
        left = QVBoxLayout()
        left.setSpacing(style.GAP)
        left.addWidget(self.chart)
        left.addWidget(self.legend)
        left.addStretch(1)
        self.box = QBoxLayout(QBoxLayout.Direction.TopToBottom, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(style.GAP_L)
        self.box.addLayout(left, 1)  # room to spare goes to both: a larger chart, a wider list
        self.box.addWidget(self.listing, 2)
        self.chart.setMaximumWidth(360)  # stacked on a small screen, the list must still show below
        self.legend.setMaximumWidth(360)

    def add_list(self, grid_: QLayout, empty: QWidget, add_button: QWidget) -> None:
        self._list_layout.addLayout(grid_)
        self._list_layout.addWidget(empty)
        self._list_layout.addWidget(add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self._list_layout.addStretch(1)

    def side_by_side(self) -> bool:
        return self.box.direction() is QBoxLayout.Direction.LeftToRight

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.arrange(event.size().width())
        super().resizeEvent(event)

    def arrange(self, width: int | None = None) -> None:
        """Side by side or stacked for this width; again whenever rows come or go (the list's width changes)."""
        width = self.width() if width is None else width
        chart, listing = self.chart.minimumWidth(), self.listing.minimumSizeHint().width()
        # The minimum is that of the two stacked, also while side by side: otherwise side by side would
        # hold the page wider than the window and never give way when the window narrows.
        stacked = max(chart, listing)
        if self.minimumWidth() != stacked:
            self.setMinimumWidth(stacked)
        need = chart + style.GAP_L + self.listing.sizeHint().width()  # side by side only without eliding
        wanted = QBoxLayout.Direction.LeftToRight if width >= need else QBoxLayout.Direction.TopToBottom
        if self.box.direction() is not wanted:
            self.box.setDirection(wanted)


class HistorySection(Section):
    title = N_("History")

    def __init__(self, keys: EnterKeys, latest: LatestDate, parent: QWidget | None = None) -> None:
        super().__init__(keys, parent)
        self.latest = latest
        body = self.body

        frame, lay = card(body, _("Presenting complaint"), _("In the patient's own words."))
        self.complaint = TextArea(_("Presenting complaint"), lines=2, parent=frame)
        lay.addWidget(self.complaint)
        self.layout_.addWidget(frame)

        frame, lay = card(body, _("Injuries"))
        self.injuries = RowTable(
            frame, [_("Region"), _("Side"), _("Date"), _("Structures"), _("Description"), ""],
            lambda: InjuryRow(frame, self.latest), _("+ Add injury"), 4,
        )
        lay.addLayout(self.injuries.grid)
        lay.addWidget(self.injuries.empty)
        lay.addWidget(self.injuries.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.layout_.addWidget(frame)

        frame, lay = card(body, _("Symptoms"), _(
            "Where it hurts now: click the chart (or Tab to it and use the arrow keys and Enter), then set the "
            "pain ({nprs} numeric rating scale) and its quality in the list. Delete on the chart removes a zone's "
            "symptom.").format(nprs=NPRS.text()))
        self.chart_frame = ChartBeside(frame)
        self.chart = self.chart_frame.chart
        listing = self.chart_frame.listing
        self.symptoms = RowTable(
            listing, [_("Region"), _("Side"), _("Location"), _("Quality"), _("Pain"), ""],
            lambda: SymptomRow(listing, self.latest), _("+ Add symptom"), 2,
            second_headers=[(_("Onset"), 0, 1), (_("Aggravating"), 1, 2), (_("Radiates to"), 3, 2)],
        )
        self.chart_frame.add_list(self.symptoms.grid, self.symptoms.empty, self.symptoms.add_button)
        lay.addWidget(self.chart_frame)
        self.layout_.addWidget(frame)

        frame, lay = card(body, _("Gait"), _("Observed deviations."))
        self.gait = CheckList[Gait](_("Gait"), choices(Gait), frame, columns=3)
        lay.addWidget(self.gait.widget)
        self.layout_.addWidget(frame)

        frame, lay = card(
            body, _("Red-flag screening"), _("Tick what is present. Red flags lead the analysis with advice to refer.")
        )
        self.red_flags = CheckList[RedFlag](
            _("Red flag"), [(red_flag_label(f), f) for f in RedFlag], frame, columns=2
        )
        for box in self.red_flags.boxes.values():
            box.setProperty("redflag", True)
        lay.addWidget(self.red_flags.widget)
        self.layout_.addWidget(frame)

        frame, lay = card(body, _("Background"))
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        form.setHorizontalSpacing(style.GAP_L)
        form.setVerticalSpacing(style.GAP)
        self.past = TextArea(_("Past history"), lines=2, parent=frame)
        self.medications = TextArea(_("Medication"), lines=2, parent=frame)
        self.goals = TextArea(_("Goals"), lines=2, parent=frame)
        for label, w in ((_("Past history"), self.past), (_("Medication"), self.medications), (_("Goals"), self.goals)):
            form.addRow(label, w)
        lay.addLayout(form)
        self.layout_.addWidget(frame)
        self.finish()

        for t in (self.complaint, self.past, self.medications, self.goals):
            t.textChanged.connect(self.changed)
        for table in (self.injuries, self.symptoms):
            table.changed.connect(self._rows_changed)
        self.symptoms.changed.connect(self._redraw_chart)
        self.chart.activated.connect(self._zone_activated)
        self.chart.delete_requested.connect(self._zone_delete)
        QApplication.instance().focusChanged.connect(self._focus_moved)  # type: ignore[union-attr]
        self.gait.changed.connect(self.changed)
        self.red_flags.changed.connect(self.changed)
        self._order_tabs()

    # --- the body chart: a view of the symptom list, and a way to add to it ----------------
    def symptom_rows(self) -> list[SymptomRow]:
        return [r for r in self.symptoms.rows if isinstance(r, SymptomRow)]

    def _redraw_chart(self) -> None:
        self.chart.set_symptoms(s for r in self.symptom_rows() if (s := r.value()))
        self.chart_frame.arrange()
        self._focus_moved(None, QApplication.focusWidget())

    def rows_at(self, zone: bc.Zone) -> list[SymptomRow]:
        """The rows recorded at exactly this zone (region, side and location)."""
        return [r for r in self.symptom_rows()
                if (r.region.value(), r.side.value(), r.location.value()) == (zone.region, zone.side, zone.location)]

    def _zone_activated(self, zone: bc.Zone) -> None:
        """A click on a zone: go to its symptom, or start one there (not in a signed exam)."""
        rows = self.rows_at(zone)
        if rows:
            row = rows[0]
        elif self.locked:
            return
        else:
            added = self.symptoms.add()
            assert isinstance(added, SymptomRow)
            row = added
            row.region.set_value(zone.region)
            row.side.set_value(zone.side)
            row.location.set_value(zone.location)
            self._rows_changed()
        self.scroll_area.ensureWidgetVisible(row.pain)
        row.pain.setFocus(Qt.FocusReason.OtherFocusReason)
        self.chart.set_selected([zone])

    def _zone_delete(self, zone: bc.Zone) -> None:
        if self.locked:
            return
        for row in self.rows_at(zone):
            self.symptoms.remove(row)
        self.chart.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_moved(self, old: QWidget | None, now: QWidget | None) -> None:
        """Outline on the chart the place of the symptom being edited."""
        row = next((r for r in self.symptom_rows() if now is not None and now in r.fields()), None)
        if row is not None:
            region, side = row.region.value(), row.side.value()
            self.chart.set_selected(bc.zones_for(region, side, row.location.value())
                                    if region is not None and side is not None else ())
        elif now is not self.chart:
            self.chart.set_selected(())

    def set_locked(self, locked: bool) -> None:
        super().set_locked(locked)
        self.chart.read_only = locked

    def _rows_changed(self) -> None:
        self._install_keys()
        self._order_tabs()
        self.changed.emit()

    def _install_keys(self) -> None:
        for table in (self.injuries, self.symptoms):
            for r in table.rows:
                for w in [*r.fields(), r.remove]:
                    if not w.property("keys_installed"):
                        self.keys.install(w)
                        w.setProperty("keys_installed", True)

    def _order_tabs(self) -> None:
        chain_tab_order([
            self.complaint, *self.injuries.tab_order(), self.chart, *self.symptoms.tab_order(),
            *self.gait.widgets(), *self.red_flags.widgets(), self.past, self.medications, self.goals,
        ])
        self.keys.install(*self.gait.widgets(), *self.red_flags.widgets(),
                          self.injuries.add_button, self.symptoms.add_button)

    # --- values ------------------------------------------------------------
    def load(self, history: History) -> None:
        self.complaint.set_value(history.complaint)
        self.injuries.clear()
        for injury in history.injuries:
            row = self.injuries.add()
            assert isinstance(row, InjuryRow)
            row.load(injury)
        self.symptoms.clear()
        for symptom in history.symptoms:
            srow = self.symptoms.add()
            assert isinstance(srow, SymptomRow)
            srow.load(symptom)
        self._redraw_chart()
        self.gait.set_values(history.gait)
        self.red_flags.set_values(history.red_flags)
        self.past.set_value(history.past_history)
        self.medications.set_value(history.medications)
        self.goals.set_value(history.goals)
        self._install_keys()
        self._order_tabs()
        self.scroll_area.verticalScrollBar().setValue(0)  # another exam starts at its top

    def value(self) -> History:
        injuries = tuple(i for r in self.injuries.rows if isinstance(r, InjuryRow) and (i := r.value()))
        symptoms = tuple(s for r in self.symptoms.rows if isinstance(r, SymptomRow) and (s := r.value()))
        return History(
            complaint=self.complaint.value(),
            injuries=injuries,
            symptoms=symptoms,
            gait=self.gait.values(),
            red_flags=self.red_flags.values(),
            past_history=self.past.value(),
            medications=self.medications.value(),
            goals=self.goals.value(),
        )

    def revalidate_dates(self) -> None:
        for table in (self.injuries, self.symptoms):
            for r in table.rows:
                for w in r.fields():
                    if isinstance(w, DateField):
                        w.revalidate()

    def problems(self) -> list[Problem]:
        return self.injuries.problems() + self.symptoms.problems()

    def first_field(self) -> QWidget | None:
        return self.complaint
