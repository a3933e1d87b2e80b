"""The tables: one per kind of fact, constraints mirroring the exam-format rules.

Every exam is stored as numbered versions: a draft is version 1 rewritten in
place; signing locks it; an amendment adds version 2, 3, ... with its reason.
The findings of a version live in child tables keyed by (version, position),
so the order of every list in the exam file survives a round trip.

Vocabulary words are stored as the file's own words (`'left'`, `'4-'`) in TEXT
columns, never as native enums, so SQLite and PostgreSQL share one schema. Each
exam-format vocabulary has a lookup table (`vocab_side`, `vocab_test_name`, ...:
the word as primary key, its label) filled from the `forms` catalogues when a
database is migrated or opened (`db.vocabularies`); every finding column has a
FOREIGN KEY to its table, so the database refuses a word outside the vocabulary,
and a new word (a special test added to `forms/`) needs no migration. The
program's own states (exam status, audit action, role) keep CHECK lists: they
change with code, never with a catalogue. Every constraint is named (Alembic's
naming convention); SQLite's batch migrations need the names to alter a table.

Changing anything else here needs a new migration in `db/migrations/versions/`;
`tests/db/test_db_migrations.py` fails until the two agree.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from collections.abc import Iterable
from typing import Any, TypeVar

from kinelink.db.records import AuditAction, ExamStatus, Role
from kinelink.forms import partialdate
from kinelink.forms.ranges import BODY_MASS, DEGREES, FORCE, HOP_DISTANCE, NPRS
from kinelink.forms.vocab import (
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
from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

E = TypeVar("E", bound=enum.Enum)
V = TypeVar("V", bound=Vocab)

# Key columns compared by prefix (`key >= 'abc' AND key < 'abc\U0010ffff'`) must sort by code
# point: SQLite's default BINARY collation does; on PostgreSQL the "C" collation does.
SearchKey = String().with_variant(String(collation="C"), "postgresql")


def vocab(cls: type[E], name: str) -> Enum:
    """A column of one of the program's own states: the enum's *values* as a string. Its CHECK
    constraint (named `name`) is added by `_state_checks` below."""
    return Enum(
        cls,
        name=name,
        native_enum=False,
        create_constraint=False,
        values_callable=lambda members: [str(m.value) for m in members],
        validate_strings=True,
    )


class Word(TypeDecorator[V]):
    """An exam-format vocabulary word, stored as the file writes it (TEXT, whatever its length, so a
    longer new word needs no migration); the FOREIGN KEY to its lookup table (`_vocabulary_keys`
    below) keeps it within the vocabulary."""

    impl = Text
    cache_ok = True

    def __init__(self, vocabulary: type[V]) -> None:
        super().__init__()
        self.vocabulary = vocabulary

    def process_bind_param(self, value: V | str | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return str(value.value if isinstance(value, self.vocabulary) else self.vocabulary(value).value)

    def process_result_value(self, value: str | None, dialect: Dialect) -> V | None:
        return None if value is None else self.vocabulary(value)


def word(vocabulary: type[V]) -> Word[V]:
    return Word(vocabulary)


class DayOrPartial(TypeDecorator[dt.date]):
    """A date that may be known only to the month or year (`forms.partialdate`), stored as the
    file writes it: `YYYY-MM-DD`, `YYYY-MM` or `YYYY` (ISO text sorts by first day)."""

    impl = String(10)
    cache_ok = True

    def process_bind_param(self, value: dt.date | None, dialect: Dialect) -> str | None:
        return None if value is None else value.isoformat()

    def process_result_value(self, value: str | None, dialect: Dialect) -> dt.date | None:
        return None if value is None else partialdate.parse(value)


def flag(name: str) -> Boolean:
    return Boolean(create_constraint=True, name=name)


def one_of(column: str, words: Iterable[str]) -> str:
    """CHECK text `column = 'a' OR column = 'b' ...`. Not `IN (...)`: SQLite rebuilds an IN list for
    every inserted row, which made bulk inserts three times slower."""
    return " OR ".join(f"{column} = '{w}'" for w in words)



class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Child tables are clustered on their key (SQLite WITHOUT ROWID): a version's findings are
# read together, and no second copy of the key is kept in a separate index.
_CLUSTERED: dict[str, Any] = {"sqlite_with_rowid": False}


class PatientRow(Base):
    __tablename__ = "patients"
    __table_args__ = (
        CheckConstraint("trim(family_name) <> ''", name="family_name_not_empty"),
        CheckConstraint("trim(given_name) <> ''", name="given_name_not_empty"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    record_number: Mapped[str | None] = mapped_column(Text, unique=True)
    family_name: Mapped[str] = mapped_column(Text)
    given_name: Mapped[str] = mapped_column(Text)
    date_of_birth: Mapped[dt.date] = mapped_column(Date, index=True)
    sex: Mapped[Sex] = mapped_column(word(Sex))
    sort_key: Mapped[str] = mapped_column(SearchKey, index=True)  # folded "family\tgiven"
    record_key: Mapped[str | None] = mapped_column(SearchKey, index=True)  # folded record number
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    # Patients are never deleted: archived ones are hidden from lists, merged ones point at the
    # record their exams were moved to.
    archived_at: Mapped[dt.datetime | None] = mapped_column(DateTime)  # UTC
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"), index=True)
    # optimistic locking: +1 on every change; a save made against an older number is refused
    row_version: Mapped[int] = mapped_column(Integer, server_default="1")
    updated_by: Mapped[str | None] = mapped_column(Text)
    # what the patient list shows, kept by triggers on exams (`db.exam_counts`), never written by the code
    exam_count: Mapped[int] = mapped_column(Integer, server_default="0")
    last_exam_date: Mapped[dt.date | None] = mapped_column(Date)


class SearchTermRow(Base):
    """Every folded word of a patient's names (`db.searchkeys.name_terms`)."""

    __tablename__ = "patient_search_terms"
    __table_args__ = (Index(None, "patient_id"), _CLUSTERED)

    term: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True
    )


class SearchKeyRow(Base):
    """Every search key of a patient (`db.searchkeys.search_keys`: the prefixes of the folded name
    words and record number) beside the patient's `sort_key`, clustered on (key, sort_key, id): the
    matches of a search word are read in list order, so a search stops at its limit."""

    __tablename__ = "patient_search_keys"
    __table_args__ = (Index(None, "patient_id"), _CLUSTERED)

    key: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    sort_key: Mapped[str] = mapped_column(SearchKey, primary_key=True)
    patient_id: Mapped[int] = mapped_column(
        ForeignKey("patients.id", ondelete="CASCADE"), primary_key=True
    )


class ExamRow(Base):
    """One examination: who it belongs to, its state, and which version is current."""

    __tablename__ = "exams"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "(status = 'draft' AND signed_by IS NULL AND signed_at IS NULL)"
            " OR (status <> 'draft' AND signed_by IS NOT NULL AND signed_at IS NOT NULL)",
            name="signed_iff_not_draft",
        ),
        CheckConstraint(
            "(status = 'amended' AND version > 1) OR (status <> 'amended' AND version = 1)",
            name="amended_iff_later_version",
        ),
        CheckConstraint("trim(id) <> ''", name="id_not_empty"),
        Index(None, "patient_id", "date"),
    )

    id: Mapped[str] = mapped_column(Text, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patients.id", ondelete="RESTRICT"))
    status: Mapped[ExamStatus] = mapped_column(vocab(ExamStatus, "status"))
    version: Mapped[int] = mapped_column(Integer)  # the latest version
    date: Mapped[dt.date] = mapped_column(Date)  # the latest version's date, for lists
    clinician: Mapped[str | None] = mapped_column(Text)  # the latest version's clinician
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    created_by: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime)
    signed_by: Mapped[str | None] = mapped_column(Text)
    signed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # the patient this exam belonged to before a merge moved it (undoing the merge moves it back)
    moved_from: Mapped[int | None] = mapped_column(Integer, index=True)
    # optimistic locking: +1 on every change; a save made against an older number is refused
    row_version: Mapped[int] = mapped_column(Integer, server_default="1")
    updated_by: Mapped[str | None] = mapped_column(Text)


class ExamVersionRow(Base):
    """The content of one version of an exam (scalar fields; lists in the child tables)."""

    __tablename__ = "exam_versions"
    __table_args__ = (
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint(
            "(version = 1 AND reason IS NULL) OR (version > 1 AND reason IS NOT NULL AND trim(reason) <> '')",
            name="amendment_has_reason",
        ),
        CheckConstraint(
            f"body_mass_kg BETWEEN {BODY_MASS.low:g} AND {BODY_MASS.high:g}", name="body_mass_kg_range"
        ),
        Index(None, "exam_id", "version", unique=True),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"))
    version: Mapped[int] = mapped_column(Integer)
    date: Mapped[dt.date] = mapped_column(Date)
    clinician: Mapped[str | None] = mapped_column(Text)
    complaint: Mapped[str | None] = mapped_column(Text)
    past_history: Mapped[str | None] = mapped_column(Text)
    medications: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    notes: Mapped[str | None] = mapped_column(Text)
    body_mass_kg: Mapped[float | None] = mapped_column(Float)
    impression: Mapped[str | None] = mapped_column(Text)
    red_flags_screened: Mapped[bool | None] = mapped_column(flag("red_flags_screened"))
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    saved_by: Mapped[str] = mapped_column(Text)
    reason: Mapped[str | None] = mapped_column(Text)  # why this amendment was made; NULL for version 1
    # sha256 of the exam's canonical JSON: a stored exam that no longer matches it was changed
    # outside Kinelink or damaged, and reading it says so instead of showing it.
    content_sha256: Mapped[str] = mapped_column(String(64))


def _version_fk() -> Mapped[int]:
    return mapped_column(ForeignKey("exam_versions.id", ondelete="CASCADE"), primary_key=True)


def _position() -> Mapped[int]:
    return mapped_column(Integer, primary_key=True)


class InjuryRow(Base):
    __tablename__ = "injuries"
    __table_args__ = (_CLUSTERED,)

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    region: Mapped[Region] = mapped_column(word(Region))
    side: Mapped[Side] = mapped_column(word(Side))
    date: Mapped[dt.date | None] = mapped_column(DayOrPartial)
    description: Mapped[str] = mapped_column(Text)
    kind: Mapped[InjuryKind | None] = mapped_column(word(InjuryKind))


class InjuryStructureRow(Base):
    __tablename__ = "injury_structures"
    __table_args__ = (
        ForeignKeyConstraint(
            ["version_id", "injury_position"],
            ["injuries.version_id", "injuries.position"],
            ondelete="CASCADE",
        ),
        _CLUSTERED,
    )

    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    injury_position: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = _position()
    structure: Mapped[Structure] = mapped_column(word(Structure))


class SymptomRow(Base):
    __tablename__ = "symptoms"
    __table_args__ = (
        CheckConstraint(f"pain_nprs BETWEEN {NPRS.low:g} AND {NPRS.high:g}", name="pain_nprs_range"),
        _CLUSTERED,
    )

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    region: Mapped[Region] = mapped_column(word(Region))
    side: Mapped[Side] = mapped_column(word(Side))
    location: Mapped[Location | None] = mapped_column(word(Location))
    onset: Mapped[dt.date | None] = mapped_column(DayOrPartial)
    pain_nprs: Mapped[int | None] = mapped_column(Integer)
    radiates_to: Mapped[Region | None] = mapped_column(word(Region))
    quality: Mapped[PainQuality | None] = mapped_column(word(PainQuality))


class SymptomActivityRow(Base):
    """The activities that aggravate one symptom."""

    __tablename__ = "symptom_aggravating"
    __table_args__ = (
        ForeignKeyConstraint(
            ["version_id", "symptom_position"],
            ["symptoms.version_id", "symptoms.position"],
            ondelete="CASCADE",
        ),
        _CLUSTERED,
    )

    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    symptom_position: Mapped[int] = mapped_column(Integer, primary_key=True)
    position: Mapped[int] = _position()
    activity: Mapped[Activity] = mapped_column(word(Activity))


class GaitRow(Base):
    __tablename__ = "gait_observations"
    __table_args__ = (_CLUSTERED,)

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    gait: Mapped[Gait] = mapped_column(word(Gait))


class RedFlagRow(Base):
    __tablename__ = "red_flags"
    __table_args__ = (_CLUSTERED,)

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    flag: Mapped[RedFlag] = mapped_column(word(RedFlag))


class RomRow(Base):
    """Range of motion; at most one entry per joint, movement, side and mode (the key)."""

    __tablename__ = "rom"
    __table_args__ = (
        CheckConstraint(f"degrees BETWEEN {DEGREES.low:g} AND {DEGREES.high:g}", name="degrees_range"),
        ForeignKeyConstraint(["joint", "movement"], ["vocab_joint_movement.joint", "vocab_joint_movement.movement"]),
        _CLUSTERED,
    )

    version_id: Mapped[int] = _version_fk()
    joint: Mapped[Joint] = mapped_column(word(Joint), primary_key=True)
    movement: Mapped[Movement] = mapped_column(word(Movement), primary_key=True)
    side: Mapped[Side] = mapped_column(word(Side), primary_key=True)
    mode: Mapped[Mode] = mapped_column(word(Mode), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # order in the exam's list
    degrees: Mapped[float] = mapped_column(Float)
    painful: Mapped[bool | None] = mapped_column(flag("painful"))


class StrengthRow(Base):
    __tablename__ = "strength"
    __table_args__ = (
        CheckConstraint(
            f"force_n BETWEEN {FORCE.low:g} AND {FORCE.high:g}", name="force_n_range"
        ),
        CheckConstraint("grade IS NOT NULL OR force_n IS NOT NULL", name="grade_or_force"),
        ForeignKeyConstraint(
            ["joint", "muscle_group"], ["vocab_joint_muscle_group.joint", "vocab_joint_muscle_group.muscle_group"]
        ),
        _CLUSTERED,
    )

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    joint: Mapped[Joint] = mapped_column(word(Joint))
    muscle_group: Mapped[MuscleGroup] = mapped_column(word(MuscleGroup))
    side: Mapped[Side] = mapped_column(word(Side))
    grade: Mapped[Grade | None] = mapped_column(word(Grade))
    force_n: Mapped[float | None] = mapped_column(Float)


class TestRow(Base):
    __tablename__ = "tests"
    __table_args__ = (
        CheckConstraint(
            f"distance_cm BETWEEN {HOP_DISTANCE.low:g} AND {HOP_DISTANCE.high:g}", name="distance_cm_range"
        ),
        _CLUSTERED,
    )

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    test: Mapped[TestName] = mapped_column(word(TestName))
    side: Mapped[Side] = mapped_column(word(Side))
    result: Mapped[TestResult] = mapped_column(word(TestResult))
    grade: Mapped[TestGrade | None] = mapped_column(word(TestGrade))
    painful: Mapped[bool | None] = mapped_column(flag("painful"))
    note: Mapped[str | None] = mapped_column(Text)
    distance_cm: Mapped[float | None] = mapped_column(Float)


class OutcomeRow(Base):
    __tablename__ = "outcomes"
    __table_args__ = (_CLUSTERED,)

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    instrument: Mapped[Instrument] = mapped_column(word(Instrument))
    date: Mapped[dt.date | None] = mapped_column(Date)


class ResponseRow(Base):
    """One questionnaire answer; the key makes each item answered at most once."""

    __tablename__ = "outcome_responses"
    __table_args__ = (
        ForeignKeyConstraint(
            ["version_id", "outcome_position"],
            ["outcomes.version_id", "outcomes.position"],
            ondelete="CASCADE",
        ),
        CheckConstraint("answer BETWEEN 0 AND 4", name="answer_range"),
        _CLUSTERED,
    )

    version_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    outcome_position: Mapped[int] = mapped_column(Integer, primary_key=True)
    item: Mapped[str] = mapped_column(String(8), primary_key=True)  # "P3", "SP1", "17"
    position: Mapped[int] = mapped_column(Integer)  # order in the file's responses object
    answer: Mapped[int] = mapped_column(Integer)


class LinkReviewRow(Base):
    """The clinician's verdict on a suggested link; at most one per link (the key)."""

    __tablename__ = "link_reviews"
    __table_args__ = (CheckConstraint("source <> target", name="source_not_target"), _CLUSTERED)

    version_id: Mapped[int] = _version_fk()
    source: Mapped[Joint] = mapped_column(word(Joint), primary_key=True)
    target: Mapped[Joint] = mapped_column(word(Joint), primary_key=True)
    mechanism: Mapped[Mechanism] = mapped_column(word(Mechanism), primary_key=True)
    side: Mapped[Side] = mapped_column(word(Side), primary_key=True)
    source_side: Mapped[Side] = mapped_column(word(Side), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)  # order in the exam's list
    decision: Mapped[LinkDecision] = mapped_column(word(LinkDecision))
    note: Mapped[str | None] = mapped_column(Text)


class IssuedDocumentRow(Base):
    """A letter or summary issued for the exam: its words as issued and the PDF's sha256."""

    __tablename__ = "issued_documents"
    __table_args__ = (
        CheckConstraint("trim(author) <> ''", name="author_not_empty"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        _CLUSTERED,
    )

    version_id: Mapped[int] = _version_fk()
    position: Mapped[int] = _position()
    kind: Mapped[DocumentKind] = mapped_column(word(DocumentKind))
    letter_type: Mapped[str | None] = mapped_column(Text)
    recipient: Mapped[str | None] = mapped_column(Text)
    issued_at: Mapped[str] = mapped_column(String(20))  # as the file writes it: YYYY-MM-DDTHH:MM:SSZ
    author: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64))


class DocumentFileRow(Base):
    """The PDF of an issued document, by its sha256: the file as it left the clinic, kept with the record.
    Keyed by content, so a document stored again (an amendment carries it forward) is kept once."""

    __tablename__ = "document_files"
    __table_args__ = (CheckConstraint("length(sha256) = 64", name="sha256_length"),)

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    pdf: Mapped[bytes] = mapped_column(LargeBinary)


class AuditRow(Base):
    """Who did what, when. Rows are only ever added; ids are not foreign keys so that the
    trail outlives what it describes (a deleted draft)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "patient_id"), Index(None, "exam_id"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    author: Mapped[str] = mapped_column(Text)
    action: Mapped[AuditAction] = mapped_column(vocab(AuditAction, "action"))
    patient_id: Mapped[int | None] = mapped_column(Integer)
    exam_id: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int | None] = mapped_column(Integer)
    what: Mapped[str] = mapped_column(Text)


class HistoryLinkRow(Base):
    """One link of the sealed history (`db.history`): a snapshot of what one audit entry is about,
    chained to the link before by its digest and sealed with a key kept outside the database."""

    __tablename__ = "history_chain"
    __table_args__ = (Index(None, "exam_id"), Index(None, "patient_id"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    audit_id: Mapped[int] = mapped_column(Integer, unique=True)  # not a foreign key: a deleted entry must show
    exam_id: Mapped[str | None] = mapped_column(Text)
    patient_id: Mapped[int | None] = mapped_column(Integer)
    payload: Mapped[str] = mapped_column(Text)  # the snapshot, canonical JSON
    digest: Mapped[str] = mapped_column(String(64))  # sha256(previous digest, payload)
    seal: Mapped[str] = mapped_column(String(64))  # HMAC-SHA256 of the digest under the key
    key_id: Mapped[str] = mapped_column(String(16))


class EditingRow(Base):
    """An exam open in an editor: who (the account, or the name recorded as author), on which
    machine, since when, and the last heartbeat. Set by the first save from the editor, refreshed while it
    stays open, removed on a clean close.

    For everybody else a row with a recent heartbeat is a lease ("being edited by X"); an old one
    has expired (the program stopped). For the same person on the same machine, a row still there
    at start-up means the program stopped while editing: the draft is offered back to them only."""

    __tablename__ = "editing_markers"

    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True)
    holder: Mapped[str] = mapped_column(Text, primary_key=True)
    machine: Mapped[str] = mapped_column(Text, primary_key=True)
    since: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    heartbeat_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC


class AccountRow(Base):
    """A person who may log in: name, role, argon2id password hash. Accounts are disabled, never
    deleted, so every name in the audit trail stays explained."""

    __tablename__ = "accounts"
    __table_args__ = (CheckConstraint("trim(name) <> ''", name="name_not_empty"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(Text, unique=True)
    name_key: Mapped[str] = mapped_column(SearchKey, unique=True)  # folded: one account per name, any case
    role: Mapped[Role] = mapped_column(vocab(Role, "role"))
    password_hash: Mapped[str] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(flag("disabled"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC
    created_by: Mapped[str] = mapped_column(Text)


class PendingInputRow(Base):
    """What the editor holds that is not (yet) part of a stored version: text typed into a field
    that is not valid (kept as typed until corrected) and the amendment being written to a signed
    exam (saved as typed, so a crash loses nothing). Removed when neither is left."""

    __tablename__ = "pending_input"

    exam_id: Mapped[str] = mapped_column(ForeignKey("exams.id", ondelete="CASCADE"), primary_key=True)
    invalid: Mapped[str] = mapped_column(Text)  # JSON object: field path -> the text as typed
    amendment: Mapped[str | None] = mapped_column(Text)  # JSON: the exam as in an exam file
    base_version: Mapped[int | None] = mapped_column(Integer)  # the version the amendment started from
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)  # UTC


# --- vocabularies ------------------------------------------------------------------------------

LOOKUP_PREFIX = "vocab_"


def lookup_table_name(vocabulary: type[Vocab]) -> str:
    """`vocab_side`, `vocab_test_name`, `vocab_red_flag`: one table per vocabulary, named after it."""
    return LOOKUP_PREFIX + re.sub(r"(?<!^)(?=[A-Z])", "_", vocabulary.__name__).lower()


def _lookup(vocabulary: type[Vocab]) -> Table:
    return Table(
        lookup_table_name(vocabulary), Base.metadata,
        Column("code", Text, primary_key=True),  # the file's word, as the finding columns hold it
        Column("label", Text, nullable=False),  # the catalogue's name for people
        sqlite_with_rowid=False,
    )


def _pairs(name: str, member: str, vocabulary: type[Vocab]) -> Table:
    """Which words of `vocabulary` belong to which joint (a knee has no abduction)."""
    return Table(
        name, Base.metadata,
        Column("joint", Text, ForeignKey("vocab_joint.code"), primary_key=True),
        Column(member, Text, ForeignKey(f"{lookup_table_name(vocabulary)}.code"), primary_key=True),
        Column("label", Text, nullable=False),  # "Hip internal rotation", "Knee extensors"
        sqlite_with_rowid=False,
    )


def _vocabulary_keys() -> dict[type[Vocab], Table]:
    """A lookup table for every vocabulary a column holds, and a FOREIGN KEY from every such column
    to it, unless a key on a pair of columns (joint and movement) already covers the column."""
    columns = [(t, c.name, c.type.vocabulary) for t in list(Base.metadata.tables.values()) for c in t.columns
               if isinstance(c.type, Word)]
    vocabularies = sorted({v for _, _, v in columns}, key=lambda v: v.__name__)
    lookups: dict[type[Vocab], Table] = {v: _lookup(v) for v in vocabularies}
    for table, name, vocabulary in columns:
        if name not in _covered(table):
            table.append_constraint(ForeignKeyConstraint([name], [lookups[vocabulary].c.code]))
    return lookups


def _covered(table: Table) -> set[str]:
    """The columns of `table` that a key to a lookup table already checks."""
    return {
        name
        for fk in table.constraints
        if isinstance(fk, ForeignKeyConstraint)
        for name in fk.column_keys
        if any(str(e.target_fullname).startswith(LOOKUP_PREFIX) for e in fk.elements)
    }


def _state_checks() -> None:
    """Every column of a program state gets a CHECK listing its words, named after the column's type."""
    for table in Base.metadata.tables.values():
        for column in table.columns:
            if isinstance(column.type, Enum) and column.type.name:
                table.append_constraint(CheckConstraint(one_of(column.name, column.type.enums), name=column.type.name))


LOOKUP_TABLES: dict[type[Vocab], Table] = _vocabulary_keys()
JOINT_MOVEMENTS = _pairs("vocab_joint_movement", "movement", Movement)
JOINT_MUSCLE_GROUPS = _pairs("vocab_joint_muscle_group", "muscle_group", MuscleGroup)
_state_checks()
