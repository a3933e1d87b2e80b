"""The analysis panel: red flags first, then the likely kinetic-chain link, deficits, scores.

Rendered as rich text in a read-only browser: it wraps at any width, reads
well with a screen reader, and rebuilding it after a keystroke takes about a
millisecond. Every piece of text from the exam is escaped. The other links
start collapsed; clicking (or Tab + Enter on) one expands it.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from kinelink.desktop.editor import style
from kinelink.desktop.editor.labels import red_flag_label
from kinelink.forms.change import MeasuredChange
from kinelink.forms.findings import Analysis, Comparison, Link, OutcomeScores
from kinelink.forms.formats import show_fixed, show_number, show_quantity, upper_first
from kinelink.forms.i18n import _, ngettext
from kinelink.forms.link_review import decide, review_of
from kinelink.forms.model import LinkReview
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.plausibility import CHECK_THIS_VALUE
from kinelink.forms.questionnaires import QUESTIONNAIRES
from kinelink.forms.vocab import Joint, Likelihood, LinkDecision, Mode, Movement, MuscleGroup
from kinelink.forms.wording import AFTER_RED_FLAGS, SCORE_MEANING, link_title, other_leg_note, screening_status
from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QSizePolicy, QTextBrowser, QVBoxLayout, QWidget

LinkKey = tuple[str, str, str, str, str]

_LIKELIHOOD_COLOURS = {
    Likelihood.HIGH: ("#ffffff", "#1d4ed8"),
    Likelihood.MODERATE: ("#1f2933", "#fcd34d"),
    Likelihood.LOW: ("#1f2933", "#e4e7eb"),
}

_CSS = f"""
body {{ color: {style.TEXT}; }}
h3 {{ font-size: 11pt; font-weight: 600; margin-top: 14px; margin-bottom: 4px; color: {style.TEXT}; }}
p {{ margin-top: 2px; margin-bottom: 4px; }}
ul, ol {{ margin-top: 0px; margin-bottom: 4px; margin-left: -14px; }}
li {{ margin-bottom: 2px; }}
.muted {{ color: {style.MUTED}; }}
.small {{ font-size: 8.5pt; color: {style.MUTED}; }}
.label {{ font-weight: 600; color: {style.MUTED}; }}
a {{ color: {style.ACCENT}; text-decoration: none; }}
"""


def link_key(link: Link) -> LinkKey:
    return (link.source.value, link.source_side.value, link.target.value, link.side.value, link.mechanism.value)


def comparison_name(c: Comparison) -> str:
    if c.kind == "rom":
        name = _(ROM_NORMS[(c.joint, Movement(c.movement_or_group))].label)  # English in the catalogue
    else:
        name = MUSCLE_GROUPS[(c.joint, MuscleGroup(c.movement_or_group))].label
    return f"{name}, {c.side.label}"


def comparison_value(c: Comparison) -> str:
    if c.unit == "deg":
        text = show_quantity(c.value, "°")
        return f"{text} {Mode(c.mode).label}" if c.mode else text  # "−6° passive" (German "passiv")
    if c.unit == "N":
        return show_quantity(c.value, "N") + (f" ({c.grade}/5)" if c.grade else "")
    return f"{c.grade}/5" if c.grade else f"{show_number(c.value)}/5"


class AnalysisPanel(QWidget):
    """Shows one `forms.findings.Analysis`; call `show_analysis` whenever it changes.

    The clinician has the last word on every suggested link: Accept or Reject under each (with the
    note typed in the box below, if any), and their own impression in words. `review_changed` is
    emitted after each decision; `reviews()` and `impression()` give what to store with the exam."""

    review_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AnalysisPanel")
        self._analysis: Analysis | None = None
        self._changes: tuple[str, tuple[MeasuredChange, ...]] = ("", ())
        self._reviews: tuple[LinkReview, ...] = ()
        self._locked = False
        self._expanded: set[LinkKey] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.MARGIN, style.MARGIN - 4, style.MARGIN - 4, style.GAP)
        layout.setSpacing(style.GAP_S)
        title = QLabel(_("Analysis"), self)
        style.set_role(title, "section-title")
        layout.addWidget(title)
        self.status = QLabel(_("Updates as you type."), self)
        style.set_role(self.status, "hint")
        layout.addWidget(self.status)
        self.browser = QTextBrowser(self)
        self.browser.setOpenLinks(False)
        self.browser.setOpenExternalLinks(False)
        self.browser.anchorClicked.connect(self._anchor)
        self.browser.document().setDefaultStyleSheet(_CSS)
        self.browser.document().setDocumentMargin(2)
        self.browser.setFrameShape(QTextBrowser.Shape.NoFrame)
        self.browser.setObjectName("AnalysisText")
        self.browser.setAccessibleName(_("Analysis"))
        self.browser.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        layout.addWidget(self.browser, 1)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(_("Note on Accept / Reject"))  # short: the panel can be 300 px narrow
        self.note.setToolTip(_("Optional: a note kept with your next Accept or Reject of a link"))
        self.note.setAccessibleName(_("Note on the link decision"))
        layout.addWidget(self.note)
        caption = QLabel(_("Your clinical impression (used by letters when no link is accepted)"), self)
        style.set_role(caption, "hint")
        caption.setWordWrap(True)
        layout.addWidget(caption)
        self.impression_box = QPlainTextEdit(self)
        self._loaded_impression = ("", "")
        self.impression_box.setAccessibleName(_("Your clinical impression"))
        self.impression_box.setTabChangesFocus(True)
        self.impression_box.setFixedHeight(self.impression_box.fontMetrics().lineSpacing() * 3 + 14)
        self.impression_box.textChanged.connect(self.review_changed)
        caption.setBuddy(self.impression_box)
        layout.addWidget(self.impression_box)
        self.setAccessibleName(_("Analysis panel"))
        style.fill(self, style.SURFACE)
        self.browser.setHtml(self._empty())

    # --- public ----------------------------------------------------------------
    def show_analysis(self, analysis: Analysis) -> None:
        if analysis == self._analysis:
            return  # a keystroke that changes nothing clinical (a note) costs no re-layout
        self._analysis = analysis
        self._render()

    def show_changes(self, since: str, found: Sequence[MeasuredChange]) -> None:
        """Change since the baseline (the last signed exam), each marked against its MDC and MCID."""
        if (since, tuple(found)) == self._changes:
            return
        self._changes = (since, tuple(found))
        self._render()

    def text(self) -> str:
        """The panel as plain text (what a screen reader reads)."""
        return self.browser.toPlainText()

    def show_error(self, message: str) -> None:
        self._analysis = None
        self.browser.setHtml(f"<p style='color:{style.ERROR}'>{escape(message)}</p>")

    def set_review(self, reviews: tuple[LinkReview, ...], impression: str | None) -> None:
        """The exam's stored decisions and impression (does not emit `review_changed`)."""
        self._reviews = reviews
        self.impression_box.blockSignals(True)
        self.impression_box.setPlainText(impression or "")
        self.impression_box.blockSignals(False)
        # Qt's plain text turns U+00A0 into a space and "\r\n" into "\n": unedited, give back
        # exactly what was loaded.
        self._loaded_impression = (impression or "", self.impression_box.toPlainText())
        self._render()

    def reviews(self) -> tuple[LinkReview, ...]:
        return self._reviews

    def impression(self) -> str | None:
        text = self.impression_box.toPlainText()
        if text == self._loaded_impression[1]:
            text = self._loaded_impression[0]
        return text or None  # blank is None; typed text is kept as typed

    def review(self, link: Link, decision: LinkDecision | None, note: str | None = None) -> None:
        """Accept or reject one suggested link (None: undo the decision)."""
        if self._locked:
            return
        self._reviews = decide(link, decision, self._reviews, note)
        self._render()
        self.review_changed.emit()

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        self.impression_box.setReadOnly(locked)
        self.note.setReadOnly(locked)
        self._render()

    def expand(self, key: LinkKey, on: bool = True) -> None:
        (self._expanded.add if on else self._expanded.discard)(key)
        self._render()

    # --- rendering -------------------------------------------------------------
    def _anchor(self, url: QUrl) -> None:
        if url.scheme() == "review" and self._analysis is not None:
            action, _sep, index = url.path().partition("/")
            if index.isdigit() and int(index) < len(self._analysis.links):
                decision = {"accept": LinkDecision.ACCEPTED, "reject": LinkDecision.REJECTED}.get(action)
                self.review(self._analysis.links[int(index)], decision, self.note.text() or None)
                self.note.clear()
            return
        if url.scheme() == "link":
            key = tuple(url.path().split("/"))
            if len(key) == 5:
                self.expand(key, key not in self._expanded)

    def _render(self) -> None:
        a = self._analysis
        if a is None:
            return
        bar = self.browser.verticalScrollBar()
        position = bar.value()
        parts = [self._red_flags(a), self._links(a), self._deficits(a), self._outcomes(a), self._change()]
        self.browser.setHtml("".join(p for p in parts if p) or self._empty())
        bar.setValue(position)
        n = len(a.red_flags)
        counts = [
            ngettext("{n} red flag", "{n} red flags", n).format(n=n) if n else "",
            ngettext("{n} link", "{n} links", len(a.links)).format(n=len(a.links)),
            ngettext("{n} deficit", "{n} deficits", len(a.deficits)).format(n=len(a.deficits)),
        ]
        self.status.setText(" · ".join(c for c in counts if c))

    def _change(self) -> str:
        since, found = self._changes
        if not found:
            return ""
        rows = "".join(
            f"<li>{escape(c.label)}: {escape(show_number(c.before))} → {escape(show_number(c.after))} "
            f"<span style='color:{_ink(c)}'>({escape(c.reading.words())})</span></li>"
            for c in found
        )
        return "<h3>" + escape(_("Change since {since}").format(since=since)) + f"</h3><ul>{rows}</ul>"

    def _empty(self) -> str:
        return "<p class='muted'>" + escape(_("Findings appear here as you fill in the exam.")) + "</p>"

    def _red_flags(self, a: Analysis) -> str:
        if not a.red_flags:
            colour = style.MUTED if a.red_flags_screened else style.ERROR
            return (f"<p style='color:{colour}'><b>{escape(_('Red-flag screening:'))}</b> "
                    f"{escape(screening_status(a))}"
                    + ("" if a.red_flags_screened else " — " + escape(_("ask about the red flags before treatment")))
                    + ".</p>")
        items = "".join(
            f"<li><b>{escape(red_flag_label(r.flag))}</b> <i>({escape(r.origin.label)})</i> — {escape(r.advice)}"
            f"<br/><span style='color:#fde2e2'>{escape(r.reason)}</span></li>"
            for r in a.red_flags
        )
        return (
            f"<table width='100%' cellspacing='0' cellpadding='10' bgcolor='{style.ERROR}'>"
            "<tr><td style='color:#ffffff'><b style='font-size:12pt'>⚠ "
            + escape(ngettext("Red flag — consider referral before treatment",
                              "Red flags — consider referral before treatment", len(a.red_flags))) + "</b>"
            f"<ul style='color:#ffffff'>{items}</ul></td></tr></table>"
        )

    def _badge(self, link: Link) -> str:
        fg, bg = _LIKELIHOOD_COLOURS[link.likelihood]
        return (
            f"<span style='background-color:{bg}; color:{fg}; font-weight:600'>"
            f"&nbsp;{escape(link.likelihood.label.upper())}&nbsp;{show_fixed(link.score)}&nbsp;</span>"
        )

    def _verdict(self, link: Link) -> str:
        """The clinician's decision on the link, and the controls to make or change it."""
        review = review_of(link, self._reviews)
        index = self._analysis.links.index(link) if self._analysis is not None else 0
        if review is None:
            state = "<span class='muted'>" + escape(_("Suggested by the analysis; not reviewed.")) + "</span>"
        else:
            colour = style.ACCENT if review.decision is LinkDecision.ACCEPTED else style.MUTED
            note = f" — “{escape(review.note)}”" if review.note else ""
            by_you = _("{decision} by you").format(decision=upper_first(review.decision.label))
            state = f"<b style='color:{colour}'>{escape(by_you)}</b>{note}"
        if self._locked:
            return f"<p>{state}</p>"
        controls = [f"<a href='review:accept/{index}'>{escape(_('Accept'))}</a>",
                    f"<a href='review:reject/{index}'>{escape(_('Reject'))}</a>"]
        if review is not None:
            controls.append(f"<a href='review:clear/{index}'>{escape(_('Undo'))}</a>")
        return f"<p>{state}&nbsp;&nbsp;{' · '.join(controls)}</p>"

    def _link_body(self, link: Link) -> str:
        out = [self._verdict(link), f"<p>{escape(link.summary)}</p>"]
        note = other_leg_note(link)
        if note:
            out.append(f"<p><b>{escape(note)}</b></p>")
        if link.supporting:
            out.append("<p class='label'>" + escape(_("Supporting")) + "</p><ul>")
            out += [f"<li>{escape(e.finding)} <span class='small'>+{show_number(e.weight, 2)}</span></li>"
                    for e in link.supporting]
            out.append("</ul>")
        if link.against:
            out.append("<p class='label'>" + escape(_("Against")) + "</p><ul>")
            out += [f"<li>{escape(e.finding)} <span class='small'>−{show_number(abs(e.weight), 2)}</span></li>"
                    for e in link.against]
            out.append("</ul>")
        if link.next_steps:
            held = f" ({_(AFTER_RED_FLAGS)})" if link.held_for_red_flags else ""
            out.append("<p class='label'>" + escape(_("Next steps{when}").format(when=held)) + "</p><ol>")
            out += [f"<li>{escape(s)}</li>" for s in link.next_steps]
            out.append("</ol>")
        if link.references:
            out.append(f"<p class='small'>{escape('; '.join(link.references))}</p>")
        return "".join(out)

    def _links(self, a: Analysis) -> str:
        if not a.links:
            return (f"<h3>{escape(_('Kinetic chain'))}</h3><p class='muted'>"
                    + escape(_("No knee–hip link is suggested by the findings so far.")) + "</p>")
        top, *others = a.links
        out = [
            f"<h3>{escape(_('Most likely link'))}</h3>",
            f"<p><b style='font-size:11.5pt'>{escape(link_title(top))}</b>&nbsp; {self._badge(top)}</p>",
            f"<p class='small'>{escape(_(SCORE_MEANING))}</p>",
            self._link_body(top),
        ]
        if others:
            out.append("<h3>" + escape(_("Other links ({n})").format(n=len(others))) + "</h3>")
            for link in others:
                key = link_key(link)
                open_ = key in self._expanded
                arrow = "▾" if open_ else "▸"
                out.append(
                    f"<p><a href='link:{'/'.join(key)}'>{arrow} {escape(link_title(link))}</a>"
                    f"&nbsp; {self._badge(link)}</p>"  # a space: the badge may go to the next line whole
                )
                if open_:
                    out.append(f"<div style='margin-left:14px'>{self._link_body(link)}</div>")
                else:  # the verdict can be given without opening the link
                    out.append(f"<div style='margin-left:14px'>{self._verdict(link)}</div>")
        return "".join(out)

    def _deficits(self, a: Analysis) -> str:
        deficits = a.deficits
        if not deficits:
            return (f"<h3>{escape(_('Deficits'))}</h3><p class='muted'>"
                    f"{escape(_('None among the measurements entered.'))}</p>") if a.comparisons else ""
        rows = []
        for joint in (Joint.HIP, Joint.KNEE):
            for c in deficits:
                if c.joint is not joint:
                    continue
                pain = f" <span style='color:{style.ERROR}'>{escape(_('painful'))}</span>" if c.painful else ""
                word = _(CHECK_THIS_VALUE)
                check = (f"<br/><span style='color:{style.WARNING}'>{escape(word[:1].upper() + word[1:])}: "
                         f"{escape('; '.join(c.checks))}</span>" if c.checks else "")  # the values may be a typo
                rows.append(
                    f"<li><b>{escape(comparison_name(c))}</b> {escape(comparison_value(c))}{pain}"
                    f"<br/><span class='muted'>{escape('; '.join(c.reasons))}</span>{check}</li>"
                )
        return f"<h3>{escape(_('Deficits'))} ({len(deficits)})</h3><ul>{''.join(rows)}</ul>"

    def _outcomes(self, a: Analysis) -> str:
        if not a.outcomes:
            return ""
        lines = [self._score_line(s) for s in a.outcomes]
        return "<h3>" + escape(_("Outcome scores")) + "</h3>" + "".join(lines)

    def _score_line(self, s: OutcomeScores) -> str:
        q = QUESTIONNAIRES[s.instrument]
        shown = []
        for sub in q.subscales:
            value = s.get(sub.key)
            number = q.show_score(value)
            name = sub.short
            shown.append(f"{escape(name)}&nbsp;<b>{number}</b>")
        worst, best = q.score_range
        return (
            f"<p><b>{escape(s.instrument.value)}</b>&nbsp; {' · '.join(shown)}<br/>"
            "<span class='small'>"
            + escape(_("{answered} of {total} answered; {worst}–{best}, higher is better").format(
                answered=s.answered, total=s.total_items, worst=worst, best=best))
            + "</span></p>"
        )


def _ink(c: MeasuredChange) -> str:
    """Grey within error, green better, red worse."""
    return style.MUTED if c.reading.better is None else style.OK if c.reading.better else style.ERROR
