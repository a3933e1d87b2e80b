"""Reading and writing the `kinelink-exam` file (../shared/exam-format.md).

Reading collects *every* problem rather than stopping at the first, each as
`JSON path: what is wrong`, so a clinician fixing a file by hand sees the
whole list at once. Writing is the exact inverse of reading.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kinelink.forms import partialdate
from kinelink.forms.i18n import N_, _
from kinelink.forms.model import (
    Exam,
    ExamId,
    ExamRecord,
    History,
    Injury,
    IssuedDocument,
    LinkReview,
    Outcome,
    Patient,
    RomEntry,
    StrengthEntry,
    Symptom,
    TestEntry,
)
from kinelink.forms.printable import shown
from kinelink.forms.questionnaires import ITEM_CODES
from kinelink.forms.ranges import BODY_MASS, DEGREES, FORCE, HOP_DISTANCE, NPRS
from kinelink.forms.vocab import (
    GROUPS_BY_JOINT,
    MOVEMENTS_BY_JOINT,
    Activity,
    DocumentKind,
    Gait,
    Grade,
    InjuryKind,
    Instrument,
    Joint,
    LinkDecision,
    Location,
    Mechanism,
    Mode,
    Movement,
    MuscleGroup,
    PainQuality,
    RedFlag,
    Region,
    Sex,
    Side,
    Structure,
    TestGrade,
    TestName,
    TestResult,
    Vocab,
)

FORMAT = "kinelink-exam"
VERSION = 1
_SHA256 = re.compile(r"[0-9a-f]{64}")
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")
_ISSUED_AT = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

# what a date may not be after, in "is in the future (after today, 2026-12-02)"
_TODAY = N_("today,")
_EXAM_DATE = N_("the exam date")

V = TypeVar("V", bound=Vocab)
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Problem:
    path: str  # JSON path, e.g. "exam.rom[3].movement"; "" for the document itself
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ExamFileError(ValueError):
    """An exam document that breaks the format; `problems` lists every break."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class _Reader:
    """Walks a decoded JSON document, collecting problems as it converts."""

    def __init__(self, today: dt.date) -> None:
        self.today = today
        self.problems: list[Problem] = []

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    # --- generic pieces -------------------------------------------------
    def obj(
        self, value: object, path: str, required: Iterable[str], optional: Iterable[str]
    ) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.fail(path, _("must be an object, not {kind}").format(kind=_kind(value)))
            return None
        allowed = list(required) + list(optional)
        for key in value:
            if key not in allowed:
                self.fail(_join(path, key), _("unknown key (allowed: {keys})").format(keys=", ".join(allowed)))
        for key in required:
            if key not in value or value[key] is None:
                self.fail(_join(path, key), _("is required"))
        return value

    def text(self, value: object, path: str, *, nonempty: bool = False) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, _("must be a string, not {kind}").format(kind=_kind(value)))
            return None
        if nonempty and not value.strip():
            self.fail(path, _("must not be empty"))
            return None
        if "\x00" in value:
            self.fail(path, _("contains the NUL character (U+0000), which cannot be stored"))
            return None
        lone = _SURROGATE.search(value)
        if lone:
            self.fail(path, _("contains an unpaired surrogate ({code}), which is not a character").format(
                code=f"\\u{ord(lone.group()):04x}"))
            return None
        return value

    def word(
        self, cls: type[V], value: object, path: str, allowed: Iterable[V] | None = None
    ) -> V | None:
        if value is None:
            return None
        member = _members(cls).get(value) if isinstance(value, str) else None
        if member is not None and (allowed is None or member in allowed):
            return member
        choices = list(allowed) if allowed is not None else list(cls)
        if isinstance(value, str):
            given = f"'{shown(value)}'"
        elif isinstance(value, bool):
            given = json.dumps(value)
        elif isinstance(value, (int, float)):
            given = _number_text(value)
        else:
            given = _kind(value)  # a list or object: not repeated whole
        self.fail(path, _("{given} is not one of {choices}").format(
            given=given, choices=", ".join(str(m.value) for m in choices)))
        return None

    def date(self, value: object, path: str, latest: dt.date | None, latest_what: str) -> dt.date | None:
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, _("must be a date YYYY-MM-DD, not {kind}").format(kind=_kind(value)))
            return None
        try:
            if not _DAY.fullmatch(value):  # fromisoformat also takes week dates (2023-W01-1)
                raise ValueError
            day = dt.date.fromisoformat(value)
        except ValueError:
            self.fail(path, _("'{value}' is not a date YYYY-MM-DD").format(value=shown(value)))
            return None
        if latest is not None and day > latest:
            self.fail(path, _("{value} is in the future (after {what} {latest})").format(
                value=value, what=_(latest_what), latest=latest.isoformat()))
        return day

    def partial_date(
        self, value: object, path: str, latest: dt.date | None, latest_what: str
    ) -> dt.date | None:
        """A full date, or one known to the month (`YYYY-MM`) or year (`YYYY`): a PartialDate."""
        if value is None:
            return None
        if not isinstance(value, str):
            self.fail(path, _("must be a date YYYY-MM-DD, YYYY-MM or YYYY, not {kind}").format(kind=_kind(value)))
            return None
        if len(value) == 10:
            return self.date(value, path, latest, latest_what)
        try:
            day = partialdate.parse(value)
        except ValueError:
            self.fail(path, _("'{value}' is not a date YYYY-MM-DD, YYYY-MM or YYYY").format(value=shown(value)))
            return None
        if latest is not None and day > latest:  # its first day
            self.fail(path, _("{value} is in the future (after {what} {latest})").format(
                value=value, what=_(latest_what), latest=latest.isoformat()))
        return day

    def number(self, value: object, path: str, low: float, high: float) -> float | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            isinstance(value, float) and not math.isfinite(value)
        ):
            self.fail(path, _("must be a number, not {kind}").format(kind=_kind(value)))
            return None
        if not low <= value <= high:  # an int too large for a float is compared exactly, never converted
            self.fail(path, _("{value} is out of range ({low} to {high})").format(
                value=_number_text(value), low=f"{low:g}", high=f"{high:g}"))
            return None
        return value

    def integer(self, value: object, path: str, low: int, high: int) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, _("must be a whole number from {low} to {high}, not {kind}").format(
                low=low, high=high, kind=_kind(value)))
            return None
        if not low <= value <= high:
            self.fail(path, _("{value} is out of range ({low} to {high})").format(
                value=_number_text(value), low=low, high=high))
            return None
        return value

    def flag(self, value: object, path: str) -> bool | None:
        if value is None or isinstance(value, bool):
            return value
        self.fail(path, _("must be true, false or null, not {kind}").format(kind=_kind(value)))
        return None

    def items(self, value: object, path: str) -> list[tuple[str, object]]:
        """A list's elements with their paths; null or missing is an empty list."""
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(path, _("must be a list, not {kind}").format(kind=_kind(value)))
            return []
        return [(f"{path}[{i}]", v) for i, v in enumerate(value)]

    def words(self, cls: type[V], value: object, path: str) -> tuple[V, ...]:
        out: list[V] = []
        for p, v in self.items(value, path):
            w = self.word(cls, v, p)
            if w is None and v is None:
                self.fail(p, _("must not be null"))
            if w is not None:
                out.append(w)
        return tuple(out)

    def each(self, value: object, path: str, read: Callable[[object, str], T | None]) -> tuple[T, ...]:
        out: list[T] = []
        for p, v in self.items(value, path):
            got = read(v, p)
            if got is not None:
                out.append(got)
        return tuple(out)

    # --- the document ---------------------------------------------------
    def document(self, doc: object) -> ExamRecord | None:
        top = self.obj(doc, "", ["format", "version", "patient", "exam"], [])
        if top is None:
            return None
        if "format" in top and top["format"] is not None and top["format"] != FORMAT:
            self.fail("format", _("must be '{format}', not {kind}").format(format=FORMAT, kind=_kind(top["format"])))
        version = top.get("version")
        if version is not None and (isinstance(version, bool) or version != VERSION):
            self.fail("version", _("must be {version}, not {kind}").format(version=VERSION, kind=_kind(version)))
        exam_date = self.exam_date(top.get("exam"))
        patient = self.patient(top.get("patient"), exam_date)
        exam = self.exam(top.get("exam"), exam_date)
        if patient is None or exam is None or self.problems:
            return None
        return ExamRecord(patient=patient, exam=exam)

    def exam_date(self, exam: object) -> dt.date | None:
        """The exam date on its own, so other dates can be checked against it."""
        if isinstance(exam, dict) and "date" in exam:
            return self.date(exam["date"], "exam.date", self.today, _TODAY)
        return None

    def patient(self, value: object, exam_date: dt.date | None) -> Patient | None:
        o = self.obj(
            value, "patient", ["family_name", "given_name", "date_of_birth", "sex"], ["id"]
        )
        if o is None:
            return None
        record = self.text(o.get("id"), "patient.id")
        family = self.text(o.get("family_name"), "patient.family_name", nonempty=True)
        given = self.text(o.get("given_name"), "patient.given_name", nonempty=True)
        born = self.date(
            o.get("date_of_birth"), "patient.date_of_birth", exam_date or self.today,
            _EXAM_DATE if exam_date else _TODAY,
        )
        sex = self.word(Sex, o.get("sex"), "patient.sex")
        if family is None or given is None or born is None or sex is None:
            return None
        return Patient(family, given, born, sex, record)

    def exam(self, value: object, exam_date: dt.date | None) -> Exam | None:
        o = self.obj(
            value, "exam", ["date", "history"],
            ["id", "clinician", "rom", "strength", "tests", "outcomes", "notes",
             "body_mass_kg", "link_review", "impression", "documents"],
        )
        if o is None:
            return None
        limit = exam_date  # other dates may not be after the exam
        exam_id = self.text(o.get("id"), "exam.id", nonempty=True)
        clinician = self.text(o.get("clinician"), "exam.clinician")
        history = self.history(o.get("history"), limit) if o.get("history") is not None else None
        rom = self.each(o.get("rom"), "exam.rom", self.rom)
        self.unique_rom(o.get("rom"))
        strength = self.each(o.get("strength"), "exam.strength", self.strength)
        tests = self.each(o.get("tests"), "exam.tests", self.test)
        outcomes = self.each(o.get("outcomes"), "exam.outcomes", lambda v, p: self.outcome(v, p, limit))
        notes = self.text(o.get("notes"), "exam.notes")
        body_mass = self.number(o.get("body_mass_kg"), "exam.body_mass_kg", *BODY_MASS.bounds)
        reviews = self.each(o.get("link_review"), "exam.link_review", self.link_review)
        self.unique_reviews(reviews, o.get("link_review"))
        impression = self.text(o.get("impression"), "exam.impression")
        documents = self.each(o.get("documents"), "exam.documents", self.document_issued)
        if exam_date is None or history is None:
            return None
        return Exam(
            date=exam_date,
            history=history,
            id=ExamId(exam_id) if exam_id is not None else None,
            clinician=clinician,
            rom=rom,
            strength=strength,
            tests=tests,
            outcomes=outcomes,
            notes=notes,
            body_mass_kg=body_mass,
            link_review=reviews,
            impression=impression,
            documents=documents,
        )

    def link_review(self, value: object, path: str) -> LinkReview | None:
        o = self.obj(
            value, path, ["source", "target", "mechanism", "side", "source_side", "decision"], ["note"]
        )
        if o is None:
            return None
        source = self.word(Joint, o.get("source"), f"{path}.source")
        target = self.word(Joint, o.get("target"), f"{path}.target")
        mechanism = self.word(Mechanism, o.get("mechanism"), f"{path}.mechanism")
        side = self.word(Side, o.get("side"), f"{path}.side")
        source_side = self.word(Side, o.get("source_side"), f"{path}.source_side")
        decision = self.word(LinkDecision, o.get("decision"), f"{path}.decision")
        note = self.text(o.get("note"), f"{path}.note")
        if source is not None and source is target:
            self.fail(f"{path}.target", _("must differ from the source ({source})").format(source=source.value))
            return None
        if (source is None or target is None or mechanism is None or side is None
                or source_side is None or decision is None):
            return None
        return LinkReview(source, target, mechanism, side, source_side, decision, note)

    def unique_reviews(self, reviews: tuple[LinkReview, ...], raw: object) -> None:
        if not isinstance(raw, list) or len(reviews) != len(raw):
            return  # a broken entry is reported already; positions would not line up
        seen: dict[tuple[object, ...], int] = {}
        for i, review in enumerate(reviews):
            if review.key in seen:
                self.fail(
                    f"exam.link_review[{i}]",
                    _("repeats {other}: at most one review per source, target, mechanism, side and source side").format(
                        other=f"exam.link_review[{seen[review.key]}]"),
                )
            else:
                seen[review.key] = i

    def document_issued(self, value: object, path: str) -> IssuedDocument | None:
        o = self.obj(
            value, path, ["kind", "issued_at", "author", "text", "sha256"], ["letter_type", "recipient"]
        )
        if o is None:
            return None
        kind = self.word(DocumentKind, o.get("kind"), f"{path}.kind")
        letter_type = self.text(o.get("letter_type"), f"{path}.letter_type")
        recipient = self.text(o.get("recipient"), f"{path}.recipient")
        issued_at = self.timestamp(o.get("issued_at"), f"{path}.issued_at")
        author = self.text(o.get("author"), f"{path}.author", nonempty=True)
        text = self.text(o.get("text"), f"{path}.text")
        digest = o.get("sha256")
        sha256: str | None = None
        if isinstance(digest, str) and _SHA256.fullmatch(digest):
            sha256 = digest
        elif digest is not None:
            self.fail(f"{path}.sha256",
                      _("{kind} is not a sha256 (64 lowercase hex digits)").format(kind=_kind(digest)))
        if kind is None or issued_at is None or author is None or text is None or sha256 is None:
            return None
        return IssuedDocument(kind, issued_at, author, text, sha256, letter_type, recipient)

    def timestamp(self, value: object, path: str) -> dt.datetime | None:
        """A UTC time `YYYY-MM-DDTHH:MM:SSZ`."""
        if value is None:
            return None
        if isinstance(value, str) and _ISSUED_AT.fullmatch(value):
            try:
                return dt.datetime.fromisoformat(value[:-1]).replace(tzinfo=dt.UTC)
            except ValueError:
                pass
        self.fail(path, _("{kind} is not a UTC time YYYY-MM-DDTHH:MM:SSZ").format(kind=_kind(value)))
        return None

    def history(self, value: object, limit: dt.date | None) -> History | None:
        path = "exam.history"
        o = self.obj(
            value, path, [],
            ["complaint", "injuries", "symptoms", "gait", "red_flags", "past_history",
             "medications", "goals", "red_flags_screened"],
        )
        if o is None:
            return None
        return History(
            complaint=self.text(o.get("complaint"), f"{path}.complaint"),
            injuries=self.each(o.get("injuries"), f"{path}.injuries", lambda v, p: self.injury(v, p, limit)),
            symptoms=self.each(o.get("symptoms"), f"{path}.symptoms", lambda v, p: self.symptom(v, p, limit)),
            gait=self.words(Gait, o.get("gait"), f"{path}.gait"),
            red_flags=self.words(RedFlag, o.get("red_flags"), f"{path}.red_flags"),
            past_history=self.text(o.get("past_history"), f"{path}.past_history"),
            medications=self.text(o.get("medications"), f"{path}.medications"),
            goals=self.text(o.get("goals"), f"{path}.goals"),
            red_flags_screened=self.flag(o.get("red_flags_screened"), f"{path}.red_flags_screened"),
        )

    def injury(self, value: object, path: str, limit: dt.date | None) -> Injury | None:
        o = self.obj(value, path, ["region", "side"], ["date", "description", "structures", "kind"])
        if o is None:
            return None
        region = self.word(Region, o.get("region"), f"{path}.region")
        side = self.word(Side, o.get("side"), f"{path}.side")
        date = self.partial_date(o.get("date"), f"{path}.date", limit, _EXAM_DATE)
        description = self.text(o.get("description"), f"{path}.description")
        structures = self.words(Structure, o.get("structures"), f"{path}.structures")
        kind = self.word(InjuryKind, o.get("kind"), f"{path}.kind")
        if region is None or side is None:
            return None
        return Injury(region, side, date, description if description is not None else "", structures, kind)

    def symptom(self, value: object, path: str, limit: dt.date | None) -> Symptom | None:
        o = self.obj(
            value, path, ["region", "side"],
            ["location", "onset", "pain_nprs", "aggravating", "radiates_to", "quality"],
        )
        if o is None:
            return None
        region = self.word(Region, o.get("region"), f"{path}.region")
        side = self.word(Side, o.get("side"), f"{path}.side")
        location = self.word(Location, o.get("location"), f"{path}.location")
        onset = self.partial_date(o.get("onset"), f"{path}.onset", limit, _EXAM_DATE)
        pain = self.integer(o.get("pain_nprs"), f"{path}.pain_nprs", int(NPRS.low), int(NPRS.high))
        aggravating = self.words(Activity, o.get("aggravating"), f"{path}.aggravating")
        radiates_to = self.word(Region, o.get("radiates_to"), f"{path}.radiates_to")
        quality = self.word(PainQuality, o.get("quality"), f"{path}.quality")
        if region is None or side is None:
            return None
        return Symptom(region, side, location, onset, pain, aggravating, radiates_to, quality)

    def rom(self, value: object, path: str) -> RomEntry | None:
        o = self.obj(value, path, ["joint", "movement", "side", "degrees", "mode"], ["painful"])
        if o is None:
            return None
        joint = self.word(Joint, o.get("joint"), f"{path}.joint")
        movement = self.word(
            Movement, o.get("movement"), f"{path}.movement",
            MOVEMENTS_BY_JOINT[joint] if joint else None,
        )
        side = self.word(Side, o.get("side"), f"{path}.side")
        degrees = self.number(o.get("degrees"), f"{path}.degrees", *DEGREES.bounds)
        mode = self.word(Mode, o.get("mode"), f"{path}.mode")
        painful = self.flag(o.get("painful"), f"{path}.painful")
        if joint is None or movement is None or side is None or degrees is None or mode is None:
            return None
        return RomEntry(joint, movement, side, degrees, mode, painful)

    def unique_rom(self, value: object) -> None:
        if not isinstance(value, list):
            return
        seen: dict[tuple[object, ...], int] = {}
        for i, v in enumerate(value):
            if not isinstance(v, dict):
                continue
            key = (v.get("joint"), v.get("movement"), v.get("side"), v.get("mode"))
            if not all(isinstance(k, str) for k in key):
                continue  # a list or object where a word belongs: reported by `rom`
            if key in seen:
                self.fail(
                    f"exam.rom[{i}]",
                    _("repeats {other}: at most one entry per joint, movement, side and mode").format(
                        other=f"exam.rom[{seen[key]}] ({key[0]} {key[1]}, {key[2]}, {key[3]})"),
                )
            else:
                seen.setdefault(key, i)

    def strength(self, value: object, path: str) -> StrengthEntry | None:
        o = self.obj(value, path, ["joint", "group", "side"], ["grade", "force_n"])
        if o is None:
            return None
        joint = self.word(Joint, o.get("joint"), f"{path}.joint")
        group = self.word(
            MuscleGroup, o.get("group"), f"{path}.group",
            GROUPS_BY_JOINT[joint] if joint else None,
        )
        side = self.word(Side, o.get("side"), f"{path}.side")
        grade = self.word(Grade, o.get("grade"), f"{path}.grade")
        force = self.number(o.get("force_n"), f"{path}.force_n", *FORCE.bounds)
        if o.get("grade") is None and o.get("force_n") is None:
            self.fail(path, _("give at least one of grade and force_n"))
            return None
        if joint is None or group is None or side is None:
            return None
        if grade is None and force is None:
            return None
        return StrengthEntry(joint, group, side, grade, force)

    def test(self, value: object, path: str) -> TestEntry | None:
        o = self.obj(value, path, ["test", "side", "result"], ["grade", "painful", "note", "distance_cm"])
        if o is None:
            return None
        test = self.word(TestName, o.get("test"), f"{path}.test")
        side = self.word(Side, o.get("side"), f"{path}.side")
        result = self.word(TestResult, o.get("result"), f"{path}.result")
        grade = self.word(TestGrade, o.get("grade"), f"{path}.grade")
        painful = self.flag(o.get("painful"), f"{path}.painful")
        note = self.text(o.get("note"), f"{path}.note")
        distance = self.number(o.get("distance_cm"), f"{path}.distance_cm", *HOP_DISTANCE.bounds)
        if test is None or side is None or result is None:
            return None
        return TestEntry(test, side, result, grade, painful, note, distance)

    def outcome(self, value: object, path: str, limit: dt.date | None) -> Outcome | None:
        o = self.obj(value, path, ["instrument", "responses"], ["date"])
        if o is None:
            return None
        instrument = self.word(Instrument, o.get("instrument"), f"{path}.instrument")
        date = self.date(o.get("date"), f"{path}.date", limit, _EXAM_DATE)
        raw = o.get("responses")
        responses: list[tuple[str, int]] = []
        if raw is not None and not isinstance(raw, dict):
            self.fail(f"{path}.responses", _("must be an object of item: answer, not {kind}").format(kind=_kind(raw)))
        elif isinstance(raw, dict) and instrument is not None:
            codes = ITEM_CODES[instrument]
            for code, answer in raw.items():
                p = _join(f"{path}.responses", code)
                if code not in codes:
                    self.fail(p, _("'{code}' is not a {instrument} item ({first} … {last})").format(
                        code=shown(code), instrument=instrument.value, first=codes[0], last=codes[-1]))
                    continue
                got = self.integer(answer, p, 0, 4)
                if got is not None:
                    responses.append((code, got))
        if instrument is None:
            return None
        return Outcome(instrument, tuple(responses), date)



_MEMBERS: dict[type[Vocab], dict[str, Vocab]] = {}


def _members(cls: type[V]) -> dict[str, V]:
    """The vocabulary's members by file word (a dict, built once per vocabulary)."""
    found = _MEMBERS.get(cls)
    if found is None:
        found = _MEMBERS[cls] = {str(m.value): m for m in cls}
    return found  # type: ignore[return-value]  # built from cls itself


def _join(path: str, key: str) -> str:
    key = shown(key, limit=40)
    return f"{path}.{key}" if path else key


def _number_text(value: float) -> str:
    if isinstance(value, int) and abs(value) >= 10**15:
        if abs(value) >= 10**4000:
            return _("a number of over 4,000 digits")
        return _("a number of {n} digits").format(n=len(str(abs(value))))
    return f"{value:g}"


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return _("a boolean")
    if isinstance(value, (int, float)):
        return _("the number {value}").format(value=_number_text(value))
    if isinstance(value, str):
        return _("the string '{value}'").format(value=shown(value))
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("an object")
    return type(value).__name__


# --- public API ----------------------------------------------------------

def from_dict(doc: object, *, today: dt.date | None = None) -> ExamRecord:
    """Convert a decoded JSON document; raises ExamFileError listing every problem."""
    reader = _Reader(today or dt.date.today())
    record = reader.document(doc)
    if reader.problems or record is None:
        raise ExamFileError(reader.problems or [Problem("", _("not a kinelink exam"))])
    return record


def loads(text: str, *, today: dt.date | None = None) -> ExamRecord:
    try:
        doc = json.loads(text)
    except RecursionError:
        raise ExamFileError([Problem("", _("not an exam: its lists and objects are nested too deeply"))]) from None
    except json.JSONDecodeError as err:
        where = _("line {line} column {column}").format(line=err.lineno, column=err.colno)
        if _looks_truncated(text):
            raise ExamFileError([Problem(
                "", _("not valid JSON: the file ends too early ({where}); is it truncated?").format(where=where))]
            ) from None
        explained = _JSON_REASONS.get(err.msg)
        if explained is None:
            said = _("not valid JSON at {where} ({reason})").format(where=where, reason=err.msg)
        else:
            said = _("not valid JSON at {where}: {explanation} ({reason})").format(
                where=where, explanation=_(explained), reason=err.msg)
        raise ExamFileError([Problem("", said)]) from None
    except ValueError:  # Python refuses to read integers of more than 4,300 digits
        raise ExamFileError([Problem("", _("not an exam: it holds a number of more than 4,300 digits"))]) from None
    return from_dict(doc, today=today)


# What the JSON reader's usual complaints mean for someone who edited the file by hand; its own words
# (json.decoder, in English) follow in brackets for whoever supports the clinic.
_JSON_REASONS = {
    "Expecting value": N_("a value is missing or not written as JSON (text in double quotes; true, false and null "
                          "in lower case)"),
    "Expecting ',' delimiter": N_("a comma is missing between two entries"),
    "Expecting ':' delimiter": N_("a colon is missing after a name"),
    "Expecting property name enclosed in double quotes": N_("a name must stand in double quotes, or a comma stands "
                                                            "before a closing brace"),
    "Unterminated string starting at": N_("a text in double quotes is not closed"),
    "Invalid control character at": N_("a text holds a line break or tab; write it as \\n or \\t"),
    "Invalid \\escape": N_("a backslash is followed by a letter that JSON does not allow"),
    "Invalid \\uXXXX escape": N_("a \\u escape needs four hexadecimal digits"),
    "Extra data": N_("more text follows the end of the document"),
}


def _looks_truncated(text: str) -> bool:
    """True when the text ends inside a string, object or list: a cut-off file."""
    depth, in_string, escaped = 0, False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "{[":
            depth += 1
        elif ch in "}]":
            depth -= 1
    return in_string or depth > 0


def load(path: str | Path, *, today: dt.date | None = None) -> ExamRecord:
    """Read an exam file. Raises ExamFileError for content problems, OSError for I/O."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ExamFileError([Problem("", _("not UTF-8 text (byte {byte})").format(byte=err.start))]) from None
    if not text.strip():
        raise ExamFileError([Problem("", _("the file is empty"))])
    return loads(text, today=today)


def _opt(d: dict[str, Any], key: str, value: object) -> None:
    if value is not None:
        d[key] = value


def _date(d: dt.date | None) -> str | None:
    return d.isoformat() if d is not None else None


def utc_text(stamp: dt.datetime) -> str:
    """A time as the file writes it: UTC, whole seconds, `YYYY-MM-DDTHH:MM:SSZ`."""
    if stamp.tzinfo is not None:
        stamp = stamp.astimezone(dt.UTC)
    return stamp.strftime("%Y-%m-%dT%H:%M:%SZ")


def to_dict(record: ExamRecord) -> dict[str, Any]:
    """The exam file as a JSON-ready dict (the exact inverse of `from_dict`)."""
    p, e, h = record.patient, record.exam, record.exam.history
    patient: dict[str, Any] = {}
    _opt(patient, "id", p.record_number)
    patient.update(
        family_name=p.family_name,
        given_name=p.given_name,
        date_of_birth=p.date_of_birth.isoformat(),
        sex=p.sex.value,
    )
    history: dict[str, Any] = {}
    _opt(history, "complaint", h.complaint)
    history["injuries"] = [
        {
            "region": i.region.value,
            "side": i.side.value,
            "date": _date(i.date),
            "description": i.description,
            "structures": [s.value for s in i.structures],
            **({"kind": i.kind.value} if i.kind is not None else {}),
        }
        for i in h.injuries
    ]
    history["symptoms"] = [
        {
            "region": s.region.value,
            "side": s.side.value,
            "location": s.location.value if s.location else None,
            "onset": _date(s.onset),
            "pain_nprs": s.pain_nprs,
            "aggravating": [a.value for a in s.aggravating],
            "radiates_to": s.radiates_to.value if s.radiates_to else None,
            **({"quality": s.quality.value} if s.quality is not None else {}),
        }
        for s in h.symptoms
    ]
    history["gait"] = [g.value for g in h.gait]
    history["red_flags"] = [r.value for r in h.red_flags]
    _opt(history, "past_history", h.past_history)
    _opt(history, "medications", h.medications)
    _opt(history, "goals", h.goals)
    _opt(history, "red_flags_screened", h.red_flags_screened)
    exam: dict[str, Any] = {}
    _opt(exam, "id", e.id)
    exam["date"] = e.date.isoformat()
    _opt(exam, "clinician", e.clinician)
    exam["history"] = history
    exam["rom"] = [
        {
            "joint": r.joint.value,
            "movement": r.movement.value,
            "side": r.side.value,
            "degrees": r.degrees,
            "mode": r.mode.value,
            "painful": r.painful,
        }
        for r in e.rom
    ]
    exam["strength"] = [
        {
            "joint": s.joint.value,
            "group": s.group.value,
            "side": s.side.value,
            "grade": s.grade.value if s.grade else None,
            "force_n": s.force_n,
        }
        for s in e.strength
    ]
    exam["tests"] = [
        {
            "test": t.test.value,
            "side": t.side.value,
            "result": t.result.value,
            "grade": t.grade.value if t.grade else None,
            "painful": t.painful,
            "note": t.note,
            **({"distance_cm": t.distance_cm} if t.distance_cm is not None else {}),
        }
        for t in e.tests
    ]
    exam["outcomes"] = [
        {"instrument": o.instrument.value, "date": _date(o.date), "responses": dict(o.responses)}
        for o in e.outcomes
    ]
    _opt(exam, "notes", e.notes)
    # The additions to version 1 are written only when used, so older files come back as they were.
    _opt(exam, "body_mass_kg", e.body_mass_kg)
    if e.link_review:
        exam["link_review"] = [
            {
                "source": r.source.value,
                "target": r.target.value,
                "mechanism": r.mechanism.value,
                "side": r.side.value,
                "source_side": r.source_side.value,
                "decision": r.decision.value,
                "note": r.note,
            }
            for r in e.link_review
        ]
    _opt(exam, "impression", e.impression)
    if e.documents:
        exam["documents"] = [
            {
                "kind": d.kind.value,
                "letter_type": d.letter_type,
                "recipient": d.recipient,
                "issued_at": utc_text(d.issued_at),
                "author": d.author,
                "text": d.text,
                "sha256": d.sha256,
            }
            for d in e.documents
        ]
    return {"format": FORMAT, "version": VERSION, "patient": patient, "exam": exam}


def dumps(record: ExamRecord) -> str:
    """The exam file as text: UTF-8 JSON, non-ASCII kept as is, two-space indent."""
    return json.dumps(to_dict(record), ensure_ascii=False, indent=2) + "\n"


def dump(record: ExamRecord, path: str | Path) -> None:
    Path(path).write_text(dumps(record), encoding="utf-8")


__all__ = [
    "ExamFileError",
    "Problem",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "to_dict",
]
