"""What the documents are made from: frozen values, handed in by the caller."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from kinelink.forms.findings import Analysis
from kinelink.forms.formats import show_date
from kinelink.forms.i18n import N_, _
from kinelink.forms.letters.compose import Letter
from kinelink.forms.model import ExamRecord

NoteState = Literal["draft", "signed", "amended"]


@dataclass(frozen=True, slots=True)
class ClinicInfo:
    """The letterhead and the signature, from the application's settings."""

    name: str = N_("Physiotherapy practice")  # the defaults are shown through _()
    address: str = ""  # lines separated by newlines
    clinician: str = ""  # empty: the exam's clinician is used
    phone: str | None = None
    email: str | None = None
    profession: str = N_("Physiotherapist")  # under the signature


@dataclass(frozen=True, slots=True)
class SignOff:
    """Whether the note is signed, so the PDF says so (desktop maps the stored status)."""

    state: NoteState
    by: str | None = None
    on: dt.date | None = None
    version: int | None = None

    @property
    def text(self) -> str:
        if self.state == "draft":
            return _("Draft, not signed")
        signed = _("signed by {who}").format(who=self.by) if self.by else _("signed")
        if self.on is not None:
            signed = _("{signed} on {date}").format(signed=signed, date=show_date(self.on))
        if self.state == "amended":
            version = " " + _("(version {n})").format(n=self.version) if self.version else ""
            return _("Amended{version}, {signed}").format(version=version, signed=signed)
        return signed[0].upper() + signed[1:]


@dataclass(frozen=True, slots=True)
class HistorySeal:
    """The newest link of the record's sealed history when the document was made (db.history): printed
    in the footer and kept in the PDF's keywords, so a paper copy anchors the history outside the
    database (docs/tamper-evidence.md, "Issued documents")."""

    seq: int
    digest: str  # 64 hex digits

    SHORT = 12  # hex digits printed: 48 bits, beyond guessing for a forger who must match a given link

    @property
    def short(self) -> str:
        return f"{self.seq}:{self.digest[: self.SHORT]}"

    @property
    def keyword(self) -> str:
        return f"kinelink-history-seal:{self.seq}:{self.digest}"


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone()


def _today() -> dt.date:
    return dt.date.today()


@dataclass(frozen=True, slots=True)
class SummaryData:
    """The assessment summary of one exam; `earlier` holds the patient's previous exams."""

    record: ExamRecord
    analysis: Analysis
    clinic: ClinicInfo = field(default_factory=ClinicInfo)
    earlier: tuple[tuple[ExamRecord, Analysis], ...] = ()
    generated: dt.datetime = field(default_factory=_now)
    reproducible: bool = False  # fixed PDF ids and dates (tests)
    status: SignOff | None = None
    seal: HistorySeal | None = None  # None: an exam file, not a stored record


@dataclass(frozen=True, slots=True)
class LetterData:
    """A letter. `letter` is the letter as the clinician composed it (forms.letters.compose); without it,
    the suggested letter type is composed for `recipient_name`, with `reason` and `request` as the
    clinician's own words for those sections when given."""

    record: ExamRecord
    analysis: Analysis
    recipient_name: str
    clinic: ClinicInfo = field(default_factory=ClinicInfo)
    recipient_address: str | None = None
    reason: str | None = None
    request: str | None = None
    date: dt.date = field(default_factory=_today)
    generated: dt.datetime = field(default_factory=_now)
    reproducible: bool = False
    status: SignOff | None = None
    letter: Letter | None = None
    baseline: tuple[ExamRecord, Analysis] | None = None  # the earlier exam outcome changes are measured from
    seal: HistorySeal | None = None  # None: an exam file, not a stored record
