"""Each patient's number of exams and date of the last exam, kept on the patient row.

The patient list shows both for every patient it finds; reading them from `exams` cost two index
look-ups per row, which made a search of 200 rows grow with the size of the exams table (random
pages of a 10 MB index at 100,000 patients instead of a 1 MB one at 10,000). Stored on the row, a
search row costs nothing more than the row itself.

Triggers on `exams` keep them right on both backends (SQLite and PostgreSQL), whoever writes: an
exam inserted (a new draft, an import, the demo), deleted (a draft thrown away) or moved to another
patient or to another date (a merge, its undo, a saved draft, an amendment). The repository's own
writes could have done it, but those are a dozen paths in three modules plus the bulk writers and the
benchmark floors, each of which would have to remember it; a trigger cannot be forgotten. Each
trigger recounts the patient's exams from `ix_exams_patient_id_date` rather than adding one: a
handful of index entries per patient, and the stored figures are exact after any write.

`kinelink check` compares the stored figures with the exams (`mismatches`). The migration that adds
the columns calls `create_triggers`; a later migration that rebuilds `exams` on SQLite (batch mode
copies the table, dropping its triggers) must call it again, as for `db.history_rules`.
"""

from __future__ import annotations

import datetime as dt
import sqlite3

from kinelink.forms.formats import DASH, show_date
from kinelink.forms.i18n import ngettext
from sqlalchemy import Connection

# The figures of the patients matching WHERE, recounted from their exams (also the migration's fill).
RECOUNT = ("UPDATE patients SET exam_count = (SELECT count(*) FROM exams WHERE exams.patient_id = patients.id), "
            "last_exam_date = (SELECT max(exams.date) FROM exams WHERE exams.patient_id = patients.id)")

_SQLITE = [
    f"CREATE TRIGGER exams_count_insert AFTER INSERT ON exams BEGIN {RECOUNT} WHERE id = NEW.patient_id; END",
    f"CREATE TRIGGER exams_count_delete AFTER DELETE ON exams BEGIN {RECOUNT} WHERE id = OLD.patient_id; END",
    "CREATE TRIGGER exams_count_update AFTER UPDATE OF patient_id, date ON exams"
    f" BEGIN {RECOUNT} WHERE id IN (OLD.patient_id, NEW.patient_id); END",
]
_POSTGRESQL = [
    f"""CREATE OR REPLACE FUNCTION kinelink_count_exams() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'DELETE' THEN
            {RECOUNT} WHERE id = NEW.patient_id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            {RECOUNT} WHERE id = OLD.patient_id;
        ELSIF TG_OP = 'UPDATE' THEN
            IF OLD.patient_id <> NEW.patient_id THEN
                {RECOUNT} WHERE id = OLD.patient_id;
            END IF;
        END IF;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER exams_count AFTER INSERT OR DELETE OR UPDATE OF patient_id, date ON exams"
    " FOR EACH ROW EXECUTE FUNCTION kinelink_count_exams()",
]
TRIGGERS = {"sqlite": ("exams_count_insert", "exams_count_delete", "exams_count_update"),
            "postgresql": ("exams_count",)}


def create_triggers(conn: Connection) -> None:
    """Add (or re-add) the triggers, in the caller's transaction."""
    drop_triggers(conn)
    for statement in _SQLITE if conn.dialect.name == "sqlite" else _POSTGRESQL:
        conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection) -> None:
    dialect = conn.dialect.name
    for name in TRIGGERS["sqlite" if dialect == "sqlite" else "postgresql"]:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}" + ("" if dialect == "sqlite" else " ON exams"))
    if dialect != "sqlite":
        conn.exec_driver_sql("DROP FUNCTION IF EXISTS kinelink_count_exams() CASCADE")


# Patients whose stored figures differ from their exams (the check's own read of a SQLite file).
_MISMATCHES = (
    "SELECT p.id, p.exam_count, p.last_exam_date, coalesce(e.n, 0), e.last FROM patients p "
    "LEFT JOIN (SELECT patient_id, count(*) AS n, max(date) AS last FROM exams GROUP BY patient_id) e "
    "ON e.patient_id = p.id WHERE p.exam_count IS NOT coalesce(e.n, 0) OR p.last_exam_date IS NOT e.last "
    "ORDER BY p.id"
)


def mismatches(conn: sqlite3.Connection) -> list[str]:
    """For people: every patient whose stored number of exams or last exam date is not what their exams say."""
    return [ngettext("patient {patient}: the patient list shows {count} exam, the last on {last}, but the stored "
                     "exams say {stored}, the last on {stored_last} (changed outside Kinelink?)",
                     "patient {patient}: the patient list shows {count} exams, the last on {last}, but the stored "
                     "exams say {stored}, the last on {stored_last} (changed outside Kinelink?)", int(count or 0))
            .format(patient=pid, count=count, last=_day(last), stored=real, stored_last=_day(real_last))
            for pid, count, last, real, real_last in conn.execute(_MISMATCHES)]


def _day(value: object) -> str:
    """A stored exam date as shown everywhere; as stored when it is no date (altered outside Kinelink)."""
    if value is None:
        return DASH
    try:
        return show_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)
