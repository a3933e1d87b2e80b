"""Tamper evidence: a sealed hash chain over the record's history, verified by `kinelink check`.

Every audit entry (who did what, when) gets one link in `history_chain`, added in the same
transaction when it commits (`seal_pending`, run by `Database` before every commit). A link
holds a snapshot, taken at that commit, of what the entry is about: the audit row itself; the
exam's status, signer and signing time, who created it and when, and for every version its
checksum, time, author and amendment reason; the patient's identity (names, birth date, sex,
record number) as it was then, so at signing too. A link's `digest` is the SHA-256 of the
previous link's digest and its snapshot; its `seal` is an HMAC of the digest under a key kept
outside the database (a file in the user's configuration folder, `KINELINK_HISTORY_DIR`), and
after every commit the chain's head is written beside that key (the anchor).

`verify` (in `check`) then finds, and names:
- links deleted, rewritten or forged (digests, seals, sequence), the chain cut back (anchor);
- audit entries deleted, rewritten or added outside Kinelink;
- an exam's history going where Kinelink never takes it (signed back to draft, a signed version
  changed or removed, signer or time rewritten, an amendment reason rewritten);
- the current rows differing from the last link about them (an exam unsigned, deleted, its
  checksum recomputed after a change; a patient's identity changed).
A commit that would seal such a state is refused instead (`HistoryBroken`), so a tampered exam
cannot be laundered by saving it again.

What it does not protect against: someone who can read the key file (the user's own account, an
administrator) and rewrites both database and anchor; a database and key stolen together; changes
made before the chain existed. See docs/tamper-evidence.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
import sys
import tempfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kinelink.db.errors import DatabaseError
from kinelink.db.records import ACTION_LABELS, AuditAction
from kinelink.forms.exam_status import status_label
from kinelink.forms.formats import DASH, show_date, show_moment
from kinelink.forms.i18n import N_, _, ngettext
from kinelink.forms.vocab import Sex

DIR_ENV = "KINELINK_HISTORY_DIR"
KEY_NAME = "history.key"
ANCHORS_NAME = "history-anchors.json"
GENESIS = "0" * 64
_LOCKED = ("signed", "amended")
_MOVES_EXAMS = {"merge_patients", "unmerge_patients"}  # the audit actions that move an exam between patients

Query = Callable[[str, Sequence[Any]], Iterable[Sequence[Any]]]


class HistoryBroken(DatabaseError):
    """The stored record is not where its sealed history left it: changed outside Kinelink."""


# --- the key and the anchor, outside the database ---------------------------------------------


def folder() -> Path:
    """The user's configuration folder for Kinelink (where the window keeps its settings), or
    `KINELINK_HISTORY_DIR`."""
    env = os.environ.get(DIR_ENV)
    if env:
        return Path(env)
    if sys.platform == "win32":
        return Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming") / "kinelink"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Application Support" / "kinelink"
    return Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config") / "kinelink"


def key(*, create: bool) -> bytes | None:
    """The sealing key (32 random bytes, a 0600 file in a 0700 folder); None if absent and not created."""
    path = folder() / KEY_NAME
    with contextlib.suppress(FileNotFoundError):
        return bytes.fromhex(path.read_text("ascii").strip())
    if not create:
        return None
    _private_folder(path.parent)
    fresh = secrets.token_bytes(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # made meanwhile by another Kinelink
        return bytes.fromhex(path.read_text("ascii").strip())
    with os.fdopen(fd, "w", encoding="ascii") as f:
        f.write(fresh.hex() + "\n")
    return fresh


def key_id(secret: bytes) -> str:
    return hashlib.sha256(b"kinelink history key\n" + secret).hexdigest()[:16]


def _private_folder(path: Path) -> None:
    for part in reversed([path, *path.parents]):
        if not part.exists():
            part.mkdir(mode=0o700)
            os.chmod(part, 0o700)


def _anchors() -> dict[str, Any]:
    try:
        data = json.loads((folder() / ANCHORS_NAME).read_text("utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def anchor(database: Path) -> tuple[int, str] | None:
    """The head last written for this database file: (sequence number, digest)."""
    got = _anchors().get(str(database.absolute()))
    if isinstance(got, list) and len(got) == 2 and isinstance(got[0], int) and isinstance(got[1], str):
        return got[0], got[1]
    return None


def write_anchor(database: Path, head: tuple[int, str], *, restored: bool = False) -> None:
    """Record the chain's head outside the database (never moves backwards, except when the user
    restored a backup into the file: its head is then the one to compare with)."""
    anchors = _anchors()
    name = str(database.absolute())
    old = anchors.get(name)
    if not restored and isinstance(old, list) and old and isinstance(old[0], int) and old[0] > head[0]:
        return
    anchors[name] = list(head)
    target = folder() / ANCHORS_NAME
    _private_folder(target.parent)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".anchors.", suffix=".partial")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(anchors, f, ensure_ascii=False, indent=1)
    os.replace(tmp, target)


# --- snapshots ----------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    return value


def _row(values: Sequence[Any]) -> list[Any]:
    return [_plain(v) for v in values]


_AUDIT = "SELECT id, at, author, action, patient_id, exam_id, version, what FROM audit_log"
_EXAMS = "SELECT id, patient_id, status, version, signed_by, signed_at, created_at, created_by FROM exams"
_VERSIONS = "SELECT exam_id, version, content_sha256, saved_at, saved_by, reason FROM exam_versions"
_PATIENTS = "SELECT id, family_name, given_name, date_of_birth, sex, record_number FROM patients"


@dataclass
class _State:
    """The current rows the snapshots describe, by id."""

    exams: dict[str, list[Any]]
    versions: dict[str, list[list[Any]]]
    patients: dict[int, list[Any]]

    def exam(self, exam_id: str | None) -> dict[str, Any] | None:
        if exam_id is None or exam_id not in self.exams:
            return None
        e = self.exams[exam_id]
        return {"patient_id": e[1], "status": e[2], "version": e[3], "signed_by": e[4], "signed_at": e[5],
                "created_at": e[6], "created_by": e[7],
                "versions": sorted(self.versions.get(exam_id, []), key=lambda v: v[0])}

    def patient(self, patient_id: int | None) -> list[Any] | None:
        return None if patient_id is None else self.patients.get(patient_id)


def _state(query: Query, exam_ids: Iterable[str] | None, patient_ids: Iterable[int] | None) -> _State:
    """The rows of these exams and patients (all of them when None)."""
    def fetch(sql: str, column: str, ids: Iterable[Any] | None) -> list[list[Any]]:
        if ids is None:
            return [_row(r) for r in query(sql, ())]
        wanted = sorted(set(ids), key=str)
        rows: list[list[Any]] = []
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            marks = ", ".join("?" * len(chunk))
            rows.extend(_row(r) for r in query(f"{sql} WHERE {column} IN ({marks})", chunk))
        return rows

    versions: dict[str, list[list[Any]]] = {}
    for v in fetch(_VERSIONS, "exam_id", exam_ids):
        versions.setdefault(v[0], []).append(v[1:])
    return _State(
        exams={e[0]: e for e in fetch(_EXAMS, "id", exam_ids)},
        versions=versions,
        patients={p[0]: p[1:] for p in fetch(_PATIENTS, "id", patient_ids)},
    )


def _snapshot(audit: list[Any], state: _State) -> dict[str, Any]:
    return {"audit": audit, "exam_id": audit[5], "exam": state.exam(audit[5]),
            "patient_id": audit[4], "patient": state.patient(audit[4])}


def _text(snapshot: dict[str, Any]) -> str:
    return json.dumps(snapshot, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _digest(previous: str, payload: str) -> str:
    return hashlib.sha256(f"{previous}\n{payload}".encode()).hexdigest()


def _seal(secret: bytes, digest: str) -> str:
    return hmac.new(secret, digest.encode("ascii"), hashlib.sha256).hexdigest()


# --- how a finding names what it found ----------------------------------------------------------------
# Every finding is one whole sentence in the catalog with named placeholders (German orders the words
# differently); the values in it are shown through forms/formats.py and the vocabularies, stored text
# between the language's quotation marks.

_EXACT = "exact"  # a value shown as stored (ids, checksums, version numbers)
_TIME = "time"  # a stored UTC time, naive in the database
_DAY = "day"
_SEX = "sex"
_STATUS = "status"
_TEXT = "text"  # something a person wrote (a name, a reason): quoted
_ACTION = "action"  # an audit entry's action


def _quoted(value: Any) -> str:
    return _("'{text}'").format(text=value)


def _shown(kind: str, value: Any) -> str:
    """`value` as people read it; the stored form when it is not what a sound database holds."""
    if value is None:
        return DASH
    try:
        if kind == _TIME:
            return show_moment(dt.datetime.fromisoformat(str(value)).replace(tzinfo=dt.UTC))
        if kind == _DAY:
            return show_date(dt.date.fromisoformat(str(value)))
        if kind == _SEX:
            return Sex(value).label
        if kind == _STATUS:
            return _quoted(status_label(str(value)))
        if kind == _ACTION:
            return _quoted(_(ACTION_LABELS[AuditAction(value)]))
    except (ValueError, KeyError):  # forged into something that is no time, day or sex: shown as it is stored
        return _quoted(value)
    return _quoted(value) if kind == _TEXT else str(value)


def _before_after(kind: str, old: Any, new: Any) -> tuple[str, str]:
    """Both values as shown; as stored when showing rounds the difference away (a time forged by seconds)."""
    a, b = _shown(kind, old), _shown(kind, new)
    return (a, b) if a != b else (_quoted(old), _quoted(new))


def _changes(fields: Sequence[tuple[str, str]], old: Sequence[Any], new: Sequence[Any],
             *, values: Callable[[str], bool] = lambda label: True) -> str:
    """`author 'A' -> 'B', date of birth 1 Jan 1950 -> ...`: the fields (label, kind) that differ, as a list."""
    changed = []
    for (label, kind), a, b in zip(fields, old, new, strict=True):
        if a == b:
            continue
        if values(label):
            before, after = _before_after(kind, a, b)
            changed.append(_("{field} {old} -> {new}").format(field=_(label), old=before, new=after))
        else:
            changed.append(_(label))
    return ", ".join(changed)


# --- what Kinelink never does to an exam's history -----------------------------------------------

# (stored field, kind, the clause saying it changed): a signed exam keeps these as they were signed
_LOCKED_FIELDS = (
    ("signed_by", _TEXT, N_("its signer changed from {old} to {new}")),
    ("signed_at", _TIME, N_("its signing time changed from {old} to {new}")),
    ("created_at", _TIME, N_("its creation time changed from {old} to {new}")),
    ("created_by", _TEXT, N_("its author changed from {old} to {new}")),
    ("patient_id", _EXACT, N_("it moved from patient {old} to patient {new}")),
)
_VERSION_FIELDS = (
    (N_("version"), _EXACT), (N_("content checksum"), _EXACT), (N_("saving time"), _TIME),
    (N_("author"), _TEXT), (N_("amendment reason"), _TEXT),
)
_PATIENT_FIELDS = (
    (N_("family name"), _TEXT), (N_("given name"), _TEXT), (N_("date of birth"), _DAY), (N_("sex"), _SEX),
    (N_("record number"), _TEXT),
)


def _exam_change(old: dict[str, Any] | None, new: dict[str, Any] | None, action: str) -> str | None:
    """Why going from snapshot `old` to `new` is not something Kinelink does (a whole clause); None if it is."""
    if old is None:
        return None
    if old["status"] not in _LOCKED:
        if new is None and "delete_draft" not in action:
            return _("the draft was deleted without a record of it")
        return None
    if new is None:
        return _("the exam was deleted although its status was {status}").format(
            status=_shown(_STATUS, old["status"]))
    if new["status"] not in _LOCKED:
        return _("its status went from {old} back to {new}").format(
            old=_shown(_STATUS, old["status"]), new=_shown(_STATUS, new["status"]))
    for field, kind, clause in _LOCKED_FIELDS:
        if field == "patient_id" and _MOVES_EXAMS & set(action.split(",")):
            continue  # a merge of two patients (or its undo) moves the exam to the other record
        if new[field] != old[field]:
            before, after = _before_after(kind, old[field], new[field])
            return _(clause).format(old=before, new=after)
    now = {v[0]: v for v in new["versions"]}
    for version in old["versions"]:
        number = version[0]
        if number not in now:
            return _("its signed version {version} was removed").format(version=number)
        if now[number] != version:
            if "issue_document" in action and _only_checksum_differs(version, now[number]):
                continue  # an issued letter is appended to the record: a new checksum, nothing else
            return _("its signed version {version} was changed ({changes})").format(
                version=number, changes=_version_difference(version, now[number]))
    return None


def _only_checksum_differs(old: list[Any], new: list[Any]) -> bool:
    return [x for i, x in enumerate(old) if i != 1] == [x for i, x in enumerate(new) if i != 1]


def _version_difference(old: list[Any], new: list[Any]) -> str:
    """The fields of a version that differ; only the amendment reason with its values (the others are
    checksums and times a person cannot judge, and the content itself is compared by `db.verify`)."""
    return _changes(_VERSION_FIELDS, old, new, values=lambda label: label == "amendment reason")


def _patient_change(old: list[Any] | None, new: list[Any] | None) -> str | None:
    """What became of a patient's identity (a whole clause); None if it is as sealed."""
    if old is None or old == new:
        return None
    if new is None:
        return _("the patient was deleted")
    return _("the identity changed: {changes}").format(changes=_changes(_PATIENT_FIELDS, old, new))


# --- sealing, in the writer's transaction -----------------------------------------------------------


def seal_pending(query: Query, execute: Callable[[str, Sequence[Any]], None]) -> tuple[int, str] | None:
    """Chain every audit entry not yet chained; returns the new head, or None when nothing was pending.
    Raises `HistoryBroken` when an exam or patient touched now is not where its last link left it."""
    last = list(query("SELECT seq, digest, audit_id FROM history_chain ORDER BY seq DESC LIMIT 1", ()))
    seq, head, after = (int(last[0][0]), str(last[0][1]), int(last[0][2])) if last else (0, GENESIS, 0)
    pending = [_row(r) for r in query(f"{_AUDIT} WHERE id > ? ORDER BY id", (after,))]
    if not pending:
        return None
    secret = key(create=True)
    assert secret is not None
    kid = key_id(secret)
    exams = {a[5] for a in pending if a[5] is not None}
    patients = {a[4] for a in pending if a[4] is not None}
    state = _state(query, exams, patients)
    _refuse_illegal(query, pending, state, exams, patients)
    for audit in pending:
        payload = _text(_snapshot(audit, state))
        seq, head = seq + 1, _digest(head, payload)
        execute(
            "INSERT INTO history_chain (seq, audit_id, exam_id, patient_id, payload, digest, seal, key_id)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (seq, audit[0], audit[5], audit[4], payload, head, _seal(secret, head), kid),
        )
    return seq, head


def _latest(query: Query, column: str, ids: set[Any]) -> dict[Any, dict[str, Any]]:
    """The payload of the newest link about each id."""
    out: dict[Any, dict[str, Any]] = {}
    wanted = sorted(ids, key=str)
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        for value, payload in query(
            f"SELECT {column}, payload FROM history_chain WHERE seq IN (SELECT max(seq) FROM history_chain"
            f" WHERE {column} IN ({marks}) GROUP BY {column})", chunk,
        ):
            snapshot = _readable(payload)
            if snapshot is None:
                unreadable = (_("the history of exam {id} cannot be read") if column == "exam_id" else
                              _("the history of patient {id} cannot be read")).format(id=value)
                raise HistoryBroken(_("{problem}; nothing was saved. Run 'kinelink check' and restore the database "
                                      "from a backup").format(problem=unreadable))
            out[value] = snapshot
    return out


def _refuse_illegal(query: Query, pending: list[list[Any]], state: _State, exams: set[str], patients: set[int]) -> None:
    actions: dict[str, set[str]] = {}
    for a in pending:
        if a[5] is not None:
            actions.setdefault(a[5], set()).add(a[3])
    for exam_id, snap in _latest(query, "exam_id", exams).items():
        why = _exam_change(snap["exam"], state.exam(exam_id), ",".join(sorted(actions.get(exam_id, ()))))
        if why is not None:
            raise HistoryBroken(_("exam {exam} was changed outside Kinelink: {change}. Nothing was saved; run "
                                  "'kinelink check' and restore the database from a backup").format(
                exam=exam_id, change=why))
    updated = {a[4] for a in pending if a[3] in ("update_patient", "create_patient")}
    for pid, snap in _latest(query, "patient_id", patients - updated).items():
        why = _patient_change(snap["patient"], state.patient(pid))
        if why is not None:
            raise HistoryBroken(_("patient {patient} was changed outside Kinelink: {change}. Nothing was saved; run "
                                  "'kinelink check' and restore the database from a backup").format(
                patient=pid, change=why))


# --- verifying, in `check` ----------------------------------------------------------------------------


def verify(query: Query, database: Path | None) -> list[str]:
    """Everything the sealed history says was altered; [] when the record is as its history left it."""
    problems: list[str] = []
    secret = key(create=False)
    kid = key_id(secret) if secret is not None else None
    links = list(query("SELECT seq, audit_id, payload, digest, seal, key_id FROM history_chain ORDER BY seq", ()))
    head, expected = GENESIS, 1
    snapshots: list[tuple[int, dict[str, Any]]] = []
    for seq, audit_id, payload, digest, seal, link_key in links:
        if seq != expected:
            if seq < expected:
                problems.append(_("history link {link} appears twice").format(link=seq))
            elif seq == expected + 1:
                problems.append(_("history link {link} was deleted").format(link=expected))
            else:
                problems.append(_("history links {first} to {last} were deleted").format(first=expected, last=seq - 1))
        expected = seq + 1
        if _digest(head, payload) != digest:
            problems.append(_("history link {link} (audit entry {entry}) was rewritten or forged").format(
                link=seq, entry=audit_id))
        elif kid is not None and link_key == kid and not hmac.compare_digest(_seal(secret or b"", digest), seal):
            problems.append(_("history link {link} (audit entry {entry}) carries a forged seal").format(
                link=seq, entry=audit_id))
        head = digest
        snapshot = _readable(payload)
        if snapshot is None:
            problems.append(_("history link {link} cannot be read").format(link=seq))
        else:
            snapshots.append((int(audit_id), snapshot))
    if database is not None:
        problems.extend(_against_anchor(database, links))
    problems.extend(_audit_entries(query, snapshots))
    problems.extend(_exam_histories(snapshots))
    problems.extend(_current_rows(query, snapshots))
    return problems


_EXAM_KEYS = {"patient_id", "status", "version", "signed_by", "signed_at", "created_at", "created_by", "versions"}


def _readable(payload: str) -> dict[str, Any] | None:
    """The snapshot, if it has the shape `_snapshot` gives (a damaged link may not)."""
    try:
        snap = json.loads(payload)
    except ValueError:
        return None
    if not isinstance(snap, dict) or not isinstance(snap.get("audit"), list) or len(snap["audit"]) != 8:
        return None
    exam, patient = snap.get("exam"), snap.get("patient")
    if exam is not None and not (
        isinstance(exam, dict) and exam.keys() >= _EXAM_KEYS and isinstance(exam["versions"], list)
        and all(isinstance(v, list) and len(v) == 5 for v in exam["versions"])
    ):
        return None
    if patient is not None and not (isinstance(patient, list) and len(patient) == 5):
        return None
    return snap


def _against_anchor(database: Path, links: list[Sequence[Any]]) -> list[str]:
    mark = anchor(database)
    if mark is None:
        return []
    seq, digest = mark
    if len(links) < seq:
        return [ngettext("the history was cut back: it has {count} link, its anchor outside the database records "
                         "{anchored}",
                         "the history was cut back: it has {count} links, its anchor outside the database records "
                         "{anchored}", len(links)).format(count=len(links), anchored=seq)]
    if links[seq - 1][3] != digest:
        return [_("the history was rewritten: link {link} is not the one its anchor outside the database "
                  "recorded").format(link=seq)]
    return []


_AUDIT_FIELDS = (
    (N_("entry number"), _EXACT), (N_("time"), _TIME), (N_("author"), _TEXT), (N_("action"), _ACTION),
    (N_("patient"), _EXACT), (N_("exam"), _EXACT), (N_("version"), _EXACT), (N_("text"), _TEXT),
)


def _describe(audit: list[Any]) -> str:
    """`'signed' by Anna Nowak, PT on 2 Oct 2026 at 14:32: 'signed exam …'`: an audit entry, in a parenthesis
    (its text quoted as it was stored: record data, in the language it was written in)."""
    return _("{action} by {author} on {time}: {text}").format(
        action=_shown(_ACTION, audit[3]), author=audit[2], time=_shown(_TIME, audit[1]),
        text=_quoted(str(audit[7])[:60]))


def _audit_entries(query: Query, snapshots: list[tuple[int, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    stored = {int(r[0]): _row(r) for r in query(_AUDIT, ())}
    chained = {audit_id: snap["audit"] for audit_id, snap in snapshots}
    for audit_id, sealed in chained.items():
        now = stored.get(audit_id)
        if now is None:
            problems.append(_("audit entry {entry} ({description}) was deleted").format(
                entry=audit_id, description=_describe(sealed)))
        elif now != sealed:
            problems.append(_("audit entry {entry} was rewritten: {changes}").format(
                entry=audit_id, changes=_changes(_AUDIT_FIELDS, sealed, now)))
    for audit_id, now in stored.items():
        if audit_id not in chained:
            problems.append(_("audit entry {entry} ({description}) was added outside Kinelink").format(
                entry=audit_id, description=_describe(now)))
    return problems


def _exam_histories(snapshots: list[tuple[int, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    last: dict[str, dict[str, Any] | None] = {}
    for _unused, snap in snapshots:
        exam_id = snap.get("exam_id")
        if exam_id is None:
            continue
        if exam_id in last:
            why = _exam_change(last[exam_id], snap["exam"], snap["audit"][3])
            if why is not None:
                problems.append(_("exam {exam}: its sealed history shows a change Kinelink never makes: {change}")
                                .format(exam=exam_id, change=why))
        last[exam_id] = snap["exam"]
    return problems


def _current_rows(query: Query, snapshots: list[tuple[int, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    state = _state(query, None, None)
    exams: dict[str, dict[str, Any] | None] = {}
    patients: dict[int, list[Any]] = {}
    for _unused, snap in snapshots:
        if snap.get("exam_id") is not None:
            exams[snap["exam_id"]] = snap["exam"]
        if snap.get("patient_id") is not None and snap.get("patient") is not None:
            patients[snap["patient_id"]] = snap["patient"]
    for exam_id, sealed in exams.items():
        now = state.exam(exam_id)
        if sealed is None:
            if now is not None:
                problems.append(_("exam {exam} was deleted, then put back outside Kinelink").format(exam=exam_id))
            continue
        if now is None:
            problems.append(_("exam {exam} (status {status}) was deleted outside Kinelink").format(
                exam=exam_id, status=_shown(_STATUS, sealed["status"])))
            continue
        if now == sealed:
            continue
        for field, kind, sentence in _CURRENT_FIELDS:
            if now[field] != sealed[field]:
                before, after = _before_after(kind, sealed[field], now[field])
                problems.append(_(sentence).format(exam=exam_id, old=before, new=after))
        had = {v[0]: v for v in sealed["versions"]}
        has = {v[0]: v for v in now["versions"]}
        for number, version in had.items():
            if number not in has:
                problems.append(_("exam {exam}: its version {version} was deleted outside Kinelink").format(
                    exam=exam_id, version=number))
            elif has[number] != version:
                problems.append(_("exam {exam}: its version {version} was changed outside Kinelink ({changes})")
                                .format(exam=exam_id, version=number,
                                        changes=_version_difference(version, has[number])))
        for number in sorted(has.keys() - had.keys()):
            problems.append(_("exam {exam}: its version {version} was added outside Kinelink").format(
                exam=exam_id, version=number))
    for exam_id in sorted(state.exams.keys() - exams.keys()):
        problems.append(_("exam {exam} has no history: it was added outside Kinelink").format(exam=exam_id))
    for pid, sealed_patient in patients.items():
        now_patient = state.patient(pid)
        if sealed_patient == now_patient:
            continue
        if now_patient is None:
            problems.append(_("patient {patient} was deleted outside Kinelink").format(patient=pid))
        else:
            problems.append(_("patient {patient}: the identity was changed outside Kinelink: {changes}").format(
                patient=pid, changes=_changes(_PATIENT_FIELDS, sealed_patient, now_patient)))
    return problems


# (stored field, kind, the finding): what the current row of a sealed exam may not differ in
_CURRENT_FIELDS = (
    ("status", _STATUS, N_("exam {exam}: its status was changed outside Kinelink ({old} -> {new})")),
    ("signed_by", _TEXT, N_("exam {exam}: its signer was changed outside Kinelink ({old} -> {new})")),
    ("signed_at", _TIME, N_("exam {exam}: its signing time was changed outside Kinelink ({old} -> {new})")),
    ("version", _EXACT, N_("exam {exam}: its current version was changed outside Kinelink ({old} -> {new})")),
    ("patient_id", _EXACT, N_("exam {exam}: it was moved to another patient outside Kinelink ({old} -> {new})")),
    ("created_at", _TIME, N_("exam {exam}: its creation time was changed outside Kinelink ({old} -> {new})")),
    ("created_by", _TEXT, N_("exam {exam}: its author was changed outside Kinelink ({old} -> {new})")),
)
