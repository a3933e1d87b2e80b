"""Change that matters: is a difference between two exams real, and is it important?

Every measure followed across visits has a minimal detectable change (MDC: below it the change
may be measurement error) and, where one is published, a minimal clinically important
difference (MCID: the smallest change patients notice as important). Both are data here, each
with its published source; `judge` reads a change against them:

- within error: smaller than the MDC;
- beyond MDC: real, but smaller than the MCID (or no MCID is published for the measure);
- beyond MCID: real and at least the clinically important difference.

These values support judgement: they come from the populations of the studies cited, and a
clinician weighs them against the patient in front of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from kinelink.forms.i18n import N_, _
from kinelink.forms.model import Exam
from kinelink.forms.muscles import MUSCLE_GROUPS
from kinelink.forms.norms import ROM_NORMS
from kinelink.forms.questionnaires import MCID, QUESTIONNAIRES, score
from kinelink.forms.vocab import Instrument, Joint, Mode, Movement, MuscleGroup, Vocab


class Verdict(Vocab):
    WITHIN_ERROR = "within_error"
    BEYOND_MDC = "beyond_mdc"
    BEYOND_MCID = "beyond_mcid"

    @property
    def text(self) -> str:
        return {Verdict.WITHIN_ERROR: _("within measurement error"), Verdict.BEYOND_MDC: _("beyond MDC"),
                Verdict.BEYOND_MCID: _("beyond MCID")}[self]


@dataclass(frozen=True, slots=True)
class Importance:
    """The thresholds of one measure. `relative`: the MDC is a percentage of the earlier value.

    `source` is the citation a clinician's document prints (figure, authors, year, journal), in the
    current language: `cited` is its English, marked for the catalogue, with `{name}` fields filled
    from `fields` (the figure comes from its one owner); the published parts stay as published.
    `verification` is the project's own note on how far the figure was checked, never printed."""

    mdc: float
    mcid: float | None
    unit: str  # "points", "°", "%"
    higher_is_better: bool
    cited: str
    relative: bool = False
    verification: str = ""
    fields: tuple[tuple[str, str], ...] = ()

    @property
    def source(self) -> str:
        return _(self.cited).format_map(dict(self.fields))


# Verification notes say what was checked against the publication (December 2026, abstracts read through
# the project's reference search) and what is still to be checked; documents print only `source`.
_KOOS_HOOS_SOURCE = N_(
    "MCID 8–10 points: Roos & Lohmander 2003, Health Qual Life Outcomes 1:64; MDC 5–12 points: Collins et al. "
    "2011, Arthritis Care Res 63 Suppl 11:S208; HOOS scored as the KOOS: Nilsdotter et al. 2003, BMC "
    "Musculoskelet Disord 4:10; in severe osteoarthritis MDC95 18–27 points: BMC Musculoskelet Disord 2014, 15:235"
)
_KOOS_HOOS_VERIFICATION = (
    "Roos & Lohmander: the upper end used; the figure is not in the abstract, to be checked against the full "
    "text. Collins: the upper end used, so a change called real is beyond error in every study reviewed; to be "
    "checked. Nilsdotter's abstract reports responsiveness, no MCID or MDC: the KOOS figures are used for the HOOS."
)
_QUESTIONNAIRE = Importance(12.0, 10.0, "points", True, _KOOS_HOOS_SOURCE, verification=_KOOS_HOOS_VERIFICATION)
_LEFS_MCID = MCID[(Instrument.LEFS, "total")]  # one owner of the LEFS figure: forms.questionnaires
LEFS = Importance(_LEFS_MCID.points, _LEFS_MCID.points, "points", True,
                  N_("MDC and MCID {points} points: {cite}, Phys Ther 79:371"),
                  verification="90 % confidence; compared with the publication's summary",
                  fields=(("points", f"{_LEFS_MCID.points:g}"), ("cite", _LEFS_MCID.cite)))
NPRS = Importance(2.0, 2.0, "points", False,
                  N_("MDC 2 points: Childs et al. 2005, Spine 30:1331; MCID 2 points (about 30 %): Farrar et al. "
                  "2001, Pain 94:149"),
                  verification="Childs: low back pain, SEM 1.02, MCID 2.2 points after 1 week and 1.5 after 4; "
                               "Farrar: chronic pain; both compared with the publications' summaries")
ROM = Importance(5.0, None, "°", True,
                 N_("MDC about 5°: Gajdosik & Bohannon 1987, Phys Ther 67:1867; no MCID is published for hip or "
                 "knee range of motion"),
                 verification="Gajdosik & Bohannon is a review of goniometric reliability; the 5° figure is still "
                              "to be checked. One tester is about this close (knee extension MDC95 2–3.5° within "
                              "a tester); between testers up to about 10° (doi:10.1055/a-2321-0516, 2024)")
FORCE = Importance(12.0, None, "%", True,
                   N_("MDC 12 % of the force (hand-held dynamometry): Thorborg et al. 2010, Scand J Med Sci "
                      "Sports 20:493; no MCID is published"), relative=True,
                   verification="Between-session variation 3–12 % of six hip strength tests, the upper end used; "
                                "measured at the hip only, its use for the knee muscles is still to be checked")


def questionnaire_importance(instrument: Instrument) -> Importance:
    return LEFS if instrument is Instrument.LEFS else _QUESTIONNAIRE


@dataclass(frozen=True, slots=True)
class Reading:
    """One change read against its thresholds."""

    delta: float  # after − before, in the measure's own unit
    verdict: Verdict
    better: bool | None  # None: within error (no direction claimed)
    importance: Importance

    def words(self, *, short: bool = False) -> str:
        """"better, beyond MDC"; short (for a table column): "within error" instead of "within measurement error"."""
        if self.verdict is Verdict.WITHIN_ERROR:
            return _("within error") if short else self.verdict.text
        return (_("better, {verdict}") if self.better else _("worse, {verdict}")).format(verdict=self.verdict.text)


def judge(importance: Importance, before: float, after: float) -> Reading:
    delta = after - before
    size = abs(delta) / abs(before) * 100 if importance.relative and before else abs(delta)
    if size < importance.mdc:
        return Reading(delta, Verdict.WITHIN_ERROR, None, importance)
    better = (delta > 0) == importance.higher_is_better
    mcid = importance.mcid
    verdict = Verdict.BEYOND_MCID if mcid is not None and abs(delta) >= mcid else Verdict.BEYOND_MDC
    return Reading(delta, verdict, better, importance)


@dataclass(frozen=True, slots=True)
class MeasuredChange:
    key: str  # "koos:pain", "rom:knee:flexion:left:active", "force:hip:abductors:left", "nprs"
    label: str
    unit: str
    before: float
    after: float
    reading: Reading


def _worst_pain(exam: Exam) -> float | None:
    scores = [s.pain_nprs for s in exam.history.symptoms if s.pain_nprs is not None]
    return float(max(scores)) if scores else None


def changes(exam: Exam, baseline: Exam) -> list[MeasuredChange]:
    """Every measure recorded in both exams, read against its MDC and MCID (scores first)."""
    out: list[MeasuredChange] = []
    before_outcomes = {o.instrument: o for o in baseline.outcomes}
    for outcome in exam.outcomes:
        earlier = before_outcomes.get(outcome.instrument)
        if earlier is None:
            continue
        q = QUESTIONNAIRES[outcome.instrument]
        now, then = score(outcome.instrument, outcome.answers), score(outcome.instrument, earlier.answers)
        for sub in q.subscales:
            a, b = then.get(sub.key), now.get(sub.key)
            if a is not None and b is not None:
                imp = questionnaire_importance(outcome.instrument)
                out.append(MeasuredChange(f"{outcome.instrument.value.lower()}:{sub.key}",
                                          f"{outcome.instrument.value} {sub.short}", "points", a, b, judge(imp, a, b)))
    pain_then, pain_now = _worst_pain(baseline), _worst_pain(exam)
    if pain_then is not None and pain_now is not None:
        out.append(MeasuredChange("nprs", _("Worst pain (NPRS 0–10)"), "points", pain_then, pain_now,
                                  judge(NPRS, pain_then, pain_now)))
    earlier_rom = {(r.joint, r.movement, r.side, r.mode): r for r in baseline.rom}
    for r in exam.rom:
        was = earlier_rom.get((r.joint, r.movement, r.side, r.mode))
        if was is not None:
            label = f"{_rom_label(r.joint, r.movement)}, {r.side.label}" + (
                ", " + _("passive") if r.mode is Mode.PASSIVE else "")
            out.append(MeasuredChange(f"rom:{r.joint.value}:{r.movement.value}:{r.side.value}:{r.mode.value}",
                                      label, "°", was.degrees, r.degrees, judge(ROM, was.degrees, r.degrees)))
    earlier_force = {(s.joint, s.group, s.side): s.force_n for s in baseline.strength if s.force_n is not None}
    for s in exam.strength:
        was_force = earlier_force.get((s.joint, s.group, s.side))
        if s.force_n is not None and was_force is not None:
            out.append(MeasuredChange(f"force:{s.joint.value}:{s.group.value}:{s.side.value}",
                                      f"{_group_label(s.joint, s.group)}, {s.side.label}", "N", was_force,
                                      s.force_n, judge(FORCE, was_force, s.force_n)))
    return out


def _rom_label(joint: Joint, movement: Movement) -> str:
    return _(ROM_NORMS[(joint, movement)].label)


def _group_label(joint: Joint, group: MuscleGroup) -> str:
    return MUSCLE_GROUPS[(joint, group)].label  # in the current language


def by_key(found: Sequence[MeasuredChange]) -> dict[str, MeasuredChange]:
    return {c.key: c for c in found}

