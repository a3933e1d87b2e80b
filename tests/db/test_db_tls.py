"""TLS to a real PostgreSQL server (`.ci/postgres.sh` starts it with ssl=on and a certificate signed by a
throw-away CA it makes with openssl): `sslmode=verify-full` with the clinic's CA file connects over
TLS; a CA file that did not sign the server's certificate, or one that is missing, is refused with a
one-line message and no traceback, before any password is sent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from kinelink import db
from kinelink.desktop.cli import main
from sqlalchemy import make_url, text

from tests import postgres

pytestmark = pytest.mark.postgresql_only


@pytest.fixture
def app_url(backend: str) -> str:
    server = postgres.server()
    return postgres.with_database(server.app_url, server.emptied())


def _tls_of_this_connection(database: db.Database) -> tuple[bool, str]:
    with database.session() as s:
        row = s.execute(text("SELECT ssl, version FROM pg_stat_ssl WHERE pid = pg_backend_pid()")).one()
    return bool(row[0]), str(row[1])


def test_verify_full_with_the_clinics_ca_connects_over_tls(app_url: str) -> None:
    url = postgres.verified(app_url, postgres.require_ca())
    with db.open_database(url) as database:
        on, version = _tls_of_this_connection(database)
    assert on and version.startswith("TLSv1.")
    # the server's certificate names localhost too: the same check passes by that name
    by_name = make_url(url).set(host="localhost").render_as_string(hide_password=False)
    with db.open_database(by_name) as database:
        assert _tls_of_this_connection(database)[0]


def _user_list(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, url: str) -> tuple[int, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    code = main(["user", "list", "--db", url])
    out, err = capsys.readouterr()
    return code, out + err


def test_a_ca_file_that_did_not_sign_the_servers_certificate_is_refused(
    app_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    postgres.require_ca()
    other = postgres.make_other_ca(tmp_path)
    url = postgres.verified(app_url, other)
    with pytest.raises(db.DatabaseError) as refused:
        db.open_database(url)
    said = str(refused.value)
    assert f"the server's certificate is not signed by the CA file {other}" in said
    assert "this may not be your clinic's server" in said and "certificate verify failed" in said
    password = make_url(app_url).password
    assert password and password not in said
    code, printed = _user_list(capsys, monkeypatch, url)  # the command line: one line, exit 2
    assert code == 2 and len(printed.splitlines()) == 1, printed
    assert printed.startswith("kinelink: error: --db: postgresql+psycopg://kinelink_app:***@127.0.0.1:")
    assert f"not signed by the CA file {other}" in printed and "Traceback" not in printed
    assert password not in printed


def test_a_missing_ca_file_is_named(
    app_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    postgres.require_ca()
    missing = tmp_path / "clinic-ca.pem"
    code, printed = _user_list(capsys, monkeypatch, postgres.verified(app_url, str(missing)))
    assert code == 2 and len(printed.splitlines()) == 1, printed
    assert printed.rstrip().endswith(f"the CA file {missing} (sslrootcert) does not exist; "
                                     "ask the clinic's administrator for it")
