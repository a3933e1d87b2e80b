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


# --- what Kinelink never does to an exam's history -----------------------------------------------


def _exam_change(old: dict[str, Any] | None, new: dict[str, Any] | None, action: str) -> str | None:
    """Why going from snapshot `old` to `new` is not something Kinelink does; None if it is."""
    if old is None:
        return None
    if old["status"] not in _LOCKED:
        if new is None and "delete_draft" not in action:
            return "the draft was deleted without a record of it"
        return None
    if new is None:
        return f"the {old['status']} exam was deleted"
    if new["status"] not in _LOCKED:
        return f"its status went from {old['status']} back to {new['status']}"
    for field, label in (("signed_by", "signer"), ("signed_at", "signing time"), ("created_at", "creation time"),
                         ("created_by", "author"), ("patient_id", "patient")):
        if field == "patient_id" and _MOVES_EXAMS & set(action.split(",")):
            continue  # a merge of two patients (or its undo) moves the exam to the other record
        if new[field] != old[field]:
            return f"its {label} changed from {old[field]!r} to {new[field]!r}"
    now = {v[0]: v for v in new["versions"]}
    for version in old["versions"]:
        number = version[0]
        if number not in now:
            return f"its signed version {number} was removed"
        if now[number] != version:
            if "issue_document" in action and _only_checksum_differs(version, now[number]):
                continue  # an issued letter is appended to the record: a new checksum, nothing else
            return f"its signed version {number} was changed ({_version_difference(version, now[number])})"
    return None


def _only_checksum_differs(old: list[Any], new: list[Any]) -> bool:
    return [x for i, x in enumerate(old) if i != 1] == [x for i, x in enumerate(new) if i != 1]


def _version_difference(old: list[Any], new: list[Any]) -> str:
    names = ("version", "content checksum", "saving time", "author", "amendment reason")
    changed = [f"{name} {a!r} -> {b!r}" if name == "amendment reason" else name
               for name, a, b in zip(names, old, new, strict=True) if a != b]
    return ", ".join(changed)


def _patient_change(old: list[Any] | None, new: list[Any] | None) -> str | None:
    if old is None or old == new:
        return None
    if new is None:
        return "the patient was deleted"
    names = ("family name", "given name", "date of birth", "sex", "record number")
    return "identity changed: " + ", ".join(
        f"{name} {a!r} -> {b!r}" for name, a, b in zip(names, old, new, strict=True) if a != b)


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
                raise HistoryBroken(f"the history about {column[:-3]} {value} cannot be read; nothing was saved. "
                                    "Run 'kinelink check' and restore the database from a backup")
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
            raise HistoryBroken(
                f"exam {exam_id} was changed outside Kinelink ({why}); nothing was saved. "
                "Run 'kinelink check' and restore the database from a backup")
    updated = {a[4] for a in pending if a[3] in ("update_patient", "create_patient")}
    for pid, snap in _latest(query, "patient_id", patients - updated).items():
        why = _patient_change(snap["patient"], state.patient(pid))
        if why is not None:
            raise HistoryBroken(
                f"patient {pid} was changed outside Kinelink ({why}); nothing was saved. "
                "Run 'kinelink check' and restore the database from a backup")


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
            problems.append(f"history links {expected}..{seq - 1} were deleted" if seq > expected
                            else f"history link {seq} appears twice")
        expected = seq + 1
        if _digest(head, payload) != digest:
            problems.append(f"history link {seq} (audit entry {audit_id}) was rewritten or forged")
        elif kid is not None and link_key == kid and not hmac.compare_digest(_seal(secret or b"", digest), seal):
            problems.append(f"history link {seq} (audit entry {audit_id}) carries a forged seal")
        head = digest
        snapshot = _readable(payload)
        if snapshot is None:
            problems.append(f"history link {seq} cannot be read")
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
        return [f"the history was cut back: it has {len(links)} links, its anchor outside the database says {seq}"]
    if links[seq - 1][3] != digest:
        return [f"the history was rewritten: link {seq} is not the one its anchor outside the database recorded"]
    return []


def _describe(audit: list[Any]) -> str:
    what = str(audit[7])
    return f"{audit[3]} by {audit[2]} at {audit[1]}: {what[:60]}"


def _audit_entries(query: Query, snapshots: list[tuple[int, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    stored = {int(r[0]): _row(r) for r in query(_AUDIT, ())}
    chained = {audit_id: snap["audit"] for audit_id, snap in snapshots}
    for audit_id, sealed in chained.items():
        now = stored.get(audit_id)
        if now is None:
            problems.append(f"audit entry {audit_id} ({_describe(sealed)}) was deleted")
        elif now != sealed:
            names = ("id", "time", "author", "action", "patient", "exam", "version", "text")
            fields = ", ".join(f"{n} {a!r} -> {b!r}" for n, a, b in zip(names, sealed, now, strict=True) if a != b)
            problems.append(f"audit entry {audit_id} was rewritten: {fields}")
    for audit_id, now in stored.items():
        if audit_id not in chained:
            problems.append(f"audit entry {audit_id} ({_describe(now)}) was added outside Kinelink")
    return problems


def _exam_histories(snapshots: list[tuple[int, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    last: dict[str, dict[str, Any] | None] = {}
    for _, snap in snapshots:
        exam_id = snap.get("exam_id")
        if exam_id is None:
            continue
        if exam_id in last:
            why = _exam_change(last[exam_id], snap["exam"], snap["audit"][3])
            if why is not None:
                problems.append(f"exam {exam_id}: the history shows {why}")
        last[exam_id] = snap["exam"]
    return problems


def _current_rows(query: Query, snapshots: list[tuple[int, dict[str, Any]]]) -> list[str]:
    problems: list[str] = []
    state = _state(query, None, None)
    exams: dict[str, dict[str, Any] | None] = {}
    patients: dict[int, list[Any] | None] = {}
    for _, snap in snapshots:
        if snap.get("exam_id") is not None:
            exams[snap["exam_id"]] = snap["exam"]
        if snap.get("patient_id") is not None and snap.get("patient") is not None:
            patients[snap["patient_id"]] = snap["patient"]
    for exam_id, sealed in exams.items():
        now = state.exam(exam_id)
        if sealed is None:
            if now is not None:
                problems.append(f"exam {exam_id} was deleted, then put back outside Kinelink")
            continue
        if now is None:
            problems.append(f"exam {exam_id} ({sealed['status']}) was deleted outside Kinelink")
            continue
        if now == sealed:
            continue
        for field, label in (("status", "status"), ("signed_by", "signer"), ("signed_at", "signing time"),
                             ("version", "current version"), ("patient_id", "patient"),
                             ("created_at", "creation time"), ("created_by", "author")):
            if now[field] != sealed[field]:
                problems.append(f"exam {exam_id}: its {label} was changed outside Kinelink "
                                f"({sealed[field]!r} -> {now[field]!r})")
        had = {v[0]: v for v in sealed["versions"]}
        has = {v[0]: v for v in now["versions"]}
        for number, version in had.items():
            if number not in has:
                problems.append(f"exam {exam_id}: its version {number} was deleted outside Kinelink")
            elif has[number] != version:
                problems.append(f"exam {exam_id}: its version {number} was changed outside Kinelink "
                                f"({_version_difference(version, has[number])})")
        for number in has.keys() - had.keys():
            problems.append(f"exam {exam_id}: its version {number} was added outside Kinelink")
    for exam_id in state.exams.keys() - exams.keys():
        problems.append(f"exam {exam_id} has no history: it was added outside Kinelink")
    for pid, sealed_patient in patients.items():
        why = _patient_change(sealed_patient, state.patient(pid))
        if why is not None:
            problems.append(f"patient {pid}: {why} outside Kinelink")
    return problems
