"""The rules the database itself enforces, whoever connects: the audit trail only grows, and the
versions of a signed exam (their rows and every finding in them) never change.

Triggers on both backends (SQLite and PostgreSQL). On PostgreSQL the application also connects as
a role that may not alter those rows at all (`grant_application_role`), and, not owning the
tables, cannot drop the triggers either; so a person holding the application's credentials still
cannot rewrite history.

The migration that adds the triggers calls `create_triggers`; a later migration that rebuilds one
of these tables (SQLite batch mode copies the table, dropping its triggers) must call it again.
`tests/db/test_db_history_rules.py` checks every rule on the head schema.
"""

from __future__ import annotations

from sqlalchemy import Connection, text

# A signed version's checksum alone may change: an issued letter or summary is appended to the version
# (`repository.issue_document`), and the checksum then covers it. Its findings never change.
APPENDABLE = ("content_sha256",)

# Every error raised by these triggers starts with this, so callers can tell it apart.
REFUSED = "kinelink refused:"
AUDIT_APPEND_ONLY = f"{REFUSED} the audit trail is append-only"
SIGNED_IMMUTABLE = f"{REFUSED} a signed exam version cannot be changed or deleted"
SIGNED_STAYS_SIGNED = f"{REFUSED} a signed exam cannot be unsigned, re-signed or deleted"

# Tables holding one exam version's findings: keyed by `version_id` -> exam_versions.id.
CONTENT_TABLES = (
    "injuries", "injury_structures", "symptoms", "symptom_aggravating", "gait_observations", "red_flags",
    "rom", "strength", "tests", "outcomes", "outcome_responses", "link_reviews", "issued_documents",
)

# The application's role on a server (README, "A clinic server"); the owner role runs migrations.
APPLICATION_ROLE = "kinelink_app"

_SIGNED_VERSION = "(SELECT status FROM exams WHERE id = OLD.exam_id) <> 'draft'"
_SIGNED_CONTENT = (
    "(SELECT e.status FROM exam_versions v JOIN exams e ON e.id = v.exam_id WHERE v.id = OLD.version_id) <> 'draft'"
)
# An exam once signed: its status never returns to draft; who signed and when never change.
_UNSIGNING = (
    "OLD.status <> 'draft' AND (NEW.status = 'draft' OR NEW.signed_by IS NOT OLD.signed_by"
    " OR NEW.signed_at IS NOT OLD.signed_at OR NEW.version < OLD.version OR NEW.id <> OLD.id)"
)


def _guarded_columns(conn: Connection) -> str:
    """The columns of exam_versions whose change a signed version refuses (all but APPENDABLE)."""
    from sqlalchemy import inspect

    names = [c["name"] for c in inspect(conn).get_columns("exam_versions") if c["name"] not in APPENDABLE]
    return ", ".join(names)


def _sqlite_statements(columns: str = "id") -> list[str]:
    def trigger(name: str, when: str, table: str, condition: str | None, message: str) -> str:
        where = f" WHEN {condition}" if condition else ""
        return f"CREATE TRIGGER {name} BEFORE {when} ON {table}{where} BEGIN SELECT RAISE(ABORT, '{message}'); END"

    out = [
        trigger("audit_log_no_update", "UPDATE", "audit_log", None, AUDIT_APPEND_ONLY),
        trigger("audit_log_no_delete", "DELETE", "audit_log", None, AUDIT_APPEND_ONLY),
        trigger("exam_versions_signed_no_update", f"UPDATE OF {columns}", "exam_versions", _SIGNED_VERSION,
                SIGNED_IMMUTABLE),
        trigger("exam_versions_signed_no_delete", "DELETE", "exam_versions", _SIGNED_VERSION, SIGNED_IMMUTABLE),
        trigger("exams_signed_no_delete", "DELETE", "exams", "OLD.status <> 'draft'", SIGNED_STAYS_SIGNED),
        trigger("exams_signed_stay_signed", "UPDATE", "exams", _UNSIGNING, SIGNED_STAYS_SIGNED),
    ]
    for table in CONTENT_TABLES:
        out.append(trigger(f"{table}_signed_no_update", "UPDATE", table, _SIGNED_CONTENT, SIGNED_IMMUTABLE))
        out.append(trigger(f"{table}_signed_no_delete", "DELETE", table, _SIGNED_CONTENT, SIGNED_IMMUTABLE))
    return out


def _postgresql_statements(columns: str = "id") -> list[str]:
    # PostgreSQL allows no sub-queries in a trigger's WHEN: the look-ups live in the functions.
    unsigning = _UNSIGNING.replace(" IS NOT ", " IS DISTINCT FROM ")
    out = [
        """CREATE OR REPLACE FUNCTION kinelink_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION USING MESSAGE = TG_ARGV[0], ERRCODE = 'integrity_constraint_violation'; END $$""",
        f"""CREATE OR REPLACE FUNCTION kinelink_guard_version() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {_SIGNED_VERSION} THEN
                RAISE EXCEPTION '{SIGNED_IMMUTABLE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""",
        f"""CREATE OR REPLACE FUNCTION kinelink_guard_content() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF {_SIGNED_CONTENT} THEN
                RAISE EXCEPTION '{SIGNED_IMMUTABLE}' USING ERRCODE = 'integrity_constraint_violation';
            END IF;
            IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
            RETURN NEW;
        END $$""",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log"
        f" FOR EACH STATEMENT EXECUTE FUNCTION kinelink_refuse('{AUDIT_APPEND_ONLY}')",
        f"CREATE TRIGGER exam_versions_signed BEFORE UPDATE OF {columns} OR DELETE ON exam_versions"
        " FOR EACH ROW EXECUTE FUNCTION kinelink_guard_version()",
        "CREATE TRIGGER exams_signed_no_delete BEFORE DELETE ON exams FOR EACH ROW"
        f" WHEN (OLD.status <> 'draft') EXECUTE FUNCTION kinelink_refuse('{SIGNED_STAYS_SIGNED}')",
        "CREATE TRIGGER exams_signed_stay_signed BEFORE UPDATE ON exams FOR EACH ROW"
        f" WHEN ({unsigning}) EXECUTE FUNCTION kinelink_refuse('{SIGNED_STAYS_SIGNED}')",
    ]
    for table in CONTENT_TABLES:
        out.append(f"CREATE TRIGGER {table}_signed BEFORE UPDATE OR DELETE ON {table}"
                   " FOR EACH ROW EXECUTE FUNCTION kinelink_guard_content()")
    return out


def _trigger_names(dialect: str) -> list[str]:
    statements = _sqlite_statements() if dialect == "sqlite" else _postgresql_statements()
    return [s.split()[2] for s in statements if s.startswith("CREATE TRIGGER")]


def _trigger_tables(dialect: str) -> list[tuple[str, str]]:
    statements = _sqlite_statements() if dialect == "sqlite" else _postgresql_statements()
    out = []
    for s in statements:
        if s.startswith("CREATE TRIGGER"):
            words = s.split()
            out.append((words[2], words[words.index("ON") + 1]))
    return out


def create_triggers(conn: Connection) -> None:
    """Add (or re-add) every trigger of the rules above, in the caller's transaction."""
    drop_triggers(conn)
    dialect = conn.dialect.name
    columns = _guarded_columns(conn)
    for statement in _sqlite_statements(columns) if dialect == "sqlite" else _postgresql_statements(columns):
        conn.exec_driver_sql(statement)


def drop_triggers(conn: Connection) -> None:
    dialect = conn.dialect.name
    for name, table in _trigger_tables(dialect):
        if dialect == "sqlite":
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        else:
            conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    if dialect == "postgresql":
        for function in ("kinelink_refuse", "kinelink_guard_version", "kinelink_guard_content"):
            conn.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function}() CASCADE")


def expected_triggers(dialect: str) -> set[str]:
    return set(_trigger_names(dialect))


def installed_triggers(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        return {r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    return {r[0] for r in conn.execute(text(
        "SELECT tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()"
    ))}


# --- PostgreSQL privileges -------------------------------------------------------------------------

# What the application's role may do beyond reading: history tables get INSERT (and, for draft
# versions, DELETE, which the triggers refuse once signed); never UPDATE.
_APPEND_ONLY = ("audit_log", "history_chain")  # history_chain: the sealed links (db.history)
_INSERT_DELETE = ("exam_versions", *CONTENT_TABLES)
_READ_ONLY = ("alembic_version",)
VOCABULARY_PREFIX = "vocab_"  # the lookup tables (`db.vocabularies`): the owner fills them on open


def owns_schema(conn: Connection) -> bool:
    """True when the connected role owns the tables (and so may migrate and grant)."""
    owner = conn.execute(text(
        "SELECT tableowner FROM pg_tables WHERE schemaname = current_schema() AND tablename = 'alembic_version'"
    )).scalar()
    return owner is not None and owner == conn.execute(text("SELECT current_user")).scalar()


def grant_application_role(conn: Connection, role: str = APPLICATION_ROLE) -> bool:
    """Give `role` exactly the privileges the application needs, when that role exists and the
    connected role owns the schema. Idempotent; returns whether it granted."""
    if conn.dialect.name != "postgresql" or not owns_schema(conn):
        return False
    if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).scalar() is None:
        return False
    # two owners' programs opening at once would race on the same catalogue rows: one at a time
    conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('kinelink: grant_application_role'))"))
    quote = conn.dialect.identifier_preparer.quote
    quoted = quote(role)
    schema = quote(str(conn.execute(text("SELECT current_schema()")).scalar()))
    tables = [r[0] for r in conn.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
    ))]
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {quoted}")
    for table in tables:
        table = quote(table)
        conn.exec_driver_sql(f"REVOKE ALL ON TABLE {table} FROM {quoted}")
        name = table.strip('"')
        if name in _READ_ONLY or name.startswith(VOCABULARY_PREFIX):
            allowed = "SELECT"
        elif name in _APPEND_ONLY:
            allowed = "SELECT, INSERT"
        elif name == "exam_versions":
            allowed = f"SELECT, INSERT, DELETE, UPDATE ({', '.join(APPENDABLE)})"
        elif name in _INSERT_DELETE:
            allowed = "SELECT, INSERT, DELETE"
        else:
            allowed = "SELECT, INSERT, UPDATE, DELETE"
        conn.exec_driver_sql(f"GRANT {allowed} ON TABLE {table} TO {quoted}")
    conn.exec_driver_sql(f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {quoted}")
    return True
