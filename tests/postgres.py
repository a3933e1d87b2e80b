"""The PostgreSQL server the tests run against (started by `.ci/postgres.sh`, see `.ci/run`).

`KINELINK_TEST_POSTGRES_URL` names the owner role (it runs the migrations and may create
databases); `KINELINK_TEST_POSTGRES_APP_URL` the application role (reads and writes records, may
not alter history). A test gets a database migrated once per test session and emptied before the
test (creating a database per test took a second each), or, when it asks, an empty one of its
own. Without the variables the PostgreSQL variants skip, except under `CI=true`, where a missing
server is a failure.
"""

from __future__ import annotations

import itertools
import os

import pytest
from kinelink import db
from sqlalchemy import Engine, NullPool, create_engine, make_url, text

OWNER_URL = os.environ.get("KINELINK_TEST_POSTGRES_URL")
APP_URL = os.environ.get("KINELINK_TEST_POSTGRES_APP_URL")
CA_FILE = os.environ.get("KINELINK_TEST_POSTGRES_CA")  # the throw-away CA that signed the server's certificate
IN_CI = os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}
BACKENDS = ("sqlite", "postgresql")


def require() -> tuple[str, str]:
    """(owner URL, application URL), or skip (fail on CI) when no server was given."""
    if OWNER_URL and APP_URL:
        return OWNER_URL, APP_URL
    reason = ("no PostgreSQL server for the tests: set KINELINK_TEST_POSTGRES_URL and "
              "KINELINK_TEST_POSTGRES_APP_URL (eval \"$(.ci/postgres.sh start)\")")
    if IN_CI:
        pytest.fail(f"CI=true, but {reason}", pytrace=False)
    pytest.skip(reason)


def with_database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


def require_ca() -> str:
    """The CA file of the test server's certificate (`.ci/postgres.sh` makes both), or skip (fail on CI)."""
    require()
    if CA_FILE and os.path.isfile(CA_FILE):
        return CA_FILE
    reason = "the test server has no CA file: set KINELINK_TEST_POSTGRES_CA (.ci/postgres.sh prints it)"
    if IN_CI:
        pytest.fail(f"CI=true, but {reason}", pytrace=False)
    pytest.skip(reason)


def make_other_ca(folder: str | os.PathLike[str]) -> str:
    """A CA that signed nothing of this server's: what a wrong or forged CA file looks like."""
    import subprocess

    key, pem = os.path.join(folder, "other-ca.key"), os.path.join(folder, "other-ca.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=Not the clinic's CA", "-keyout", key, "-out", pem],
                   check=True, capture_output=True)
    return pem


def verified(url: str, ca_file: str, *, password: bool = True) -> str:
    """`url` with sslmode=verify-full and the CA file, as a clinician types it in Settings (there
    without the password)."""
    parsed = make_url(url).update_query_dict({"sslmode": "verify-full", "sslrootcert": ca_file})
    if not password:
        parsed = parsed._replace(password=None)  # URL.set treats None as "unchanged"
    return parsed.render_as_string(hide_password=False)


class Server:
    """Makes and drops the per-test databases."""

    def __init__(self, owner_url: str, app_url: str) -> None:
        self.owner_url, self.app_url = owner_url, app_url
        self._admin: Engine = create_engine(owner_url, isolation_level="AUTOCOMMIT", pool_size=1)
        self._names = itertools.count()
        self._prefix = f"kt{os.getpid()}"
        self.template = f"{self._prefix}_template"
        self._made: list[str] = []
        self._execute(f"DROP DATABASE IF EXISTS {self.template} WITH (FORCE)")
        self._execute(f"CREATE DATABASE {self.template}")
        self._grant_connect(self.template)
        # migrated once, as the owner, as a clinic's administrator does (README, "A clinic server")
        db.open_database(with_database(owner_url, self.template)).close()

    def _execute(self, sql: str) -> None:
        with self._admin.connect() as conn:
            conn.execute(text(sql))

    def _grant_connect(self, name: str) -> None:
        role = make_url(self.app_url).username
        self._execute(f"REVOKE ALL ON DATABASE {name} FROM PUBLIC")
        self._execute(f"GRANT CONNECT, TEMPORARY ON DATABASE {name} TO {role}")

    def emptied(self) -> str:
        """The name of the session's migrated database, with every record (not the vocabularies) removed: the owner
        disconnects everyone, and truncates with the history triggers briefly off."""
        self._execute(
            # only the tests' own sessions: an autovacuum worker on this database is a superuser process that
            # the owner may not end ("must be a superuser to terminate superuser process", seen once on CI)
            "SELECT pg_terminate_backend(a.pid) FROM pg_stat_activity a JOIN pg_roles r ON r.oid = a.usesysid "
            f"WHERE a.datname = '{self.template}' AND a.pid <> pg_backend_pid() "
            "AND a.backend_type = 'client backend' AND NOT r.rolsuper"
        )
        engine = create_engine(with_database(self.owner_url, self.template), poolclass=NullPool)
        try:
            with engine.begin() as conn:
                tables = [r[0] for r in conn.execute(text(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'alembic_version' AND tablename NOT LIKE 'vocab\\_%'"  # vocabularies stay
                ))]
                listed = ", ".join(tables)
                conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
                conn.execute(text(f"TRUNCATE {listed} RESTART IDENTITY CASCADE"))
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
        finally:
            engine.dispose()
        return self.template

    def fresh(self) -> str:
        """The name of a new, empty database (no schema yet)."""
        name = f"{self._prefix}_{next(self._names)}"
        self._execute(f"CREATE DATABASE {name} TEMPLATE template0")
        self._grant_connect(name)
        self._made.append(name)
        return name

    def drop(self, name: str) -> None:
        self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if name in self._made:
            self._made.remove(name)

    def close(self) -> None:
        for name in [*self._made, self.template]:
            self._execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self._admin.dispose()


_server: Server | None = None


def server() -> Server:
    """The session's server (made on first use; `close_server` at the end of the session)."""
    global _server
    owner, app = require()
    if _server is None:
        _server = Server(owner, app)
    return _server


def close_server() -> None:
    global _server
    if _server is not None:
        _server.close()
        _server = None
