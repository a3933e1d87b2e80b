"""The clinic server's refusals in German (issue 16), against the real PostgreSQL test server with TLS
(`.ci/postgres.sh`): a real `kinelink user list` process with LANG=de_DE.UTF-8 reads what went wrong and
what to do in German; libpq's English stays only in the final brackets. One contract line, exit 2, no
password in it. The password is given as libpq takes it (PGPASSWORD), never on the command line."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import make_url

from tests import postgres
from tests.giveaways import english_words

pytestmark = pytest.mark.postgresql_only
_LOCALE = ("KINELINK_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


@pytest.fixture
def app_url(backend: str) -> str:
    server = postgres.server()
    return postgres.with_database(server.app_url, server.emptied())


def _user_list(url: str, password: str, *, lang: str = "de_DE.UTF-8") -> str:
    """The one line a German clinician reads; the URL goes without its password, PGPASSWORD carries it."""
    address = make_url(url)._replace(password=None).render_as_string(hide_password=False)
    env = {k: v for k, v in os.environ.items() if k not in _LOCALE} | {"LANG": lang, "PGPASSWORD": password}
    done = subprocess.run([sys.executable, "-m", "kinelink.desktop.cli", "user", "list", "--db", address],
                          capture_output=True, text=True, encoding="utf-8", env=env, stdin=subprocess.DEVNULL,
                          timeout=120)
    assert done.returncode == 2, done.stdout + done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("kinelink: error: --db: postgresql+psycopg://"), done.stderr
    assert "Traceback" not in done.stderr and password not in done.stderr
    return lines[0]


def _what(line: str) -> tuple[str, str]:
    """(the German sentence, libpq's words in the final brackets)."""
    what = line.split("/kinelink", 1)[1].split(": ", 1)[1]
    assert what.endswith(")"), line
    depth = 0
    for i in range(len(what) - 1, -1, -1):  # the bracket that closes last opens where depth returns to 0
        depth += {")": 1, "(": -1}.get(what[i], 0)
        if depth == 0:
            assert what[i - 1] == " ", line
            return what[:i - 1], what[i + 1:-1]
    raise AssertionError(line)


def _german(sentence: str) -> None:
    assert english_words(sentence) == [], sentence


def test_a_ca_file_that_did_not_sign_the_servers_certificate(app_url: str, tmp_path: Path) -> None:
    postgres.require_ca()
    other = postgres.make_other_ca(tmp_path)
    url = postgres.verified(app_url, other)
    sentence, libpq = _what(_user_list(url, make_url(app_url).password or ""))
    assert sentence == (f"das Zertifikat des Servers ist nicht von der CA-Datei {other} signiert: Möglicherweise ist "
                        "das nicht der Server Ihrer Praxis, oder die Datei ist nicht die CA-Datei Ihrer Praxis. Es "
                        "wurde nichts an ihn gesendet")
    assert "certificate verify failed" in libpq
    _german(sentence.replace(str(other), ""))


def test_a_certificate_for_another_name(app_url: str) -> None:
    """The address names praxis.example; the certificate names 127.0.0.1 and localhost (hostaddr connects)."""
    url = make_url(postgres.verified(app_url, postgres.require_ca())).update_query_dict(
        {"hostaddr": "127.0.0.1"}).set(host="praxis.example")
    sentence, libpq = _what(_user_list(url.render_as_string(hide_password=False), url.password or ""))
    assert sentence == ("das Zertifikat des Servers gilt für einen anderen Namen als praxis.example: Verbinden Sie "
                        "sich mit dem Namen aus dem Zertifikat, oder dies ist möglicherweise nicht der Server Ihrer "
                        "Praxis")
    assert 'does not match host name "praxis.example"' in libpq


def test_a_missing_and_an_unreadable_ca_file(app_url: str, tmp_path: Path) -> None:
    postgres.require_ca()
    password = make_url(app_url).password or ""
    missing = tmp_path / "praxis-ca.pem"
    line = _user_list(postgres.verified(app_url, str(missing)), password)
    assert line.endswith(f": die CA-Datei {missing} (sslrootcert) existiert nicht; fragen Sie die Administration "
                         "Ihrer Praxis danach"), line
    no_certificate = tmp_path / "Łukasz Żółć.pem"
    no_certificate.write_text("keine Zertifikate hier <&>\n", encoding="utf-8")
    sentence, libpq = _what(_user_list(postgres.verified(app_url, str(no_certificate)), password))
    assert sentence == (f"die CA-Datei {no_certificate} (sslrootcert) lässt sich nicht als Zertifikat lesen; fragen "
                        "Sie die Administration Ihrer Praxis nach der richtigen Datei")
    assert "could not read root certificate file" in libpq


@pytest.fixture
def server_without_tls() -> Iterator[int]:
    """A loopback port whose listener answers PostgreSQL's TLS request with 'N' (no TLS), as a server with
    ssl=off does; libpq with sslmode=verify-full must stop there, before sending anything."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    received: list[bytes] = []

    def answer() -> None:
        while True:
            try:
                conn, _address = listener.accept()
            except OSError:
                return
            with conn:
                received.append(conn.recv(1024))
                conn.sendall(b"N")
                received.append(conn.recv(1024))  # what libpq sends next: nothing, it hangs up

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    listener.close()
    assert received and received[0] == b"\x00\x00\x00\x08\x04\xd2\x16/", received  # SSLRequest
    assert not any(b"user" in r for r in received), received  # no start-up message: nothing was sent


def test_a_server_without_tls(app_url: str, server_without_tls: int) -> None:
    url = make_url(postgres.verified(app_url, postgres.require_ca())).set(port=server_without_tls)
    sentence, libpq = _what(_user_list(url.render_as_string(hide_password=False), url.password or ""))
    assert sentence == ("der Server bietet keine verschlüsselte Verbindung (TLS) an, die Adresse verlangt aber eine: "
                        "Möglicherweise ist das nicht der Server Ihrer Praxis. Es wurde nichts an ihn gesendet")
    assert libpq == "server does not support SSL, but SSL was required"


def test_a_refused_password(app_url: str) -> None:
    url = postgres.verified(app_url, postgres.require_ca())
    sentence, libpq = _what(_user_list(url, "falsches Passwort Żółć"))
    user = make_url(app_url).username
    assert sentence == (f"der Server hat das Passwort des Benutzers {user} abgelehnt; prüfen Sie das Passwort und "
                        "versuchen Sie es erneut")
    assert libpq == f'FATAL: password authentication failed for user "{user}"'  # said once, not per attempt
    english = _user_list(url, "falsches Passwort Żółć", lang="C.UTF-8")
    assert f"the server refused the password of the user {user}; check the password and try again" in english


def test_a_server_that_does_not_answer(app_url: str) -> None:
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()  # nothing listens there now
    url = make_url(app_url).set(port=port)
    sentence, libpq = _what(_user_list(url.render_as_string(hide_password=False), url.password or ""))
    assert sentence == (f"der Server 127.0.0.1 antwortet nicht auf Port {port}: Vielleicht ist er ausgeschaltet, "
                        "oder die Adresse oder das Netzwerk stimmt nicht; wenden Sie sich an die Administration "
                        "Ihrer Praxis")
    assert "Connection refused" in libpq


def test_a_connection_lost_during_a_unit_of_work(app_url: str) -> None:
    """The server ends the session mid-transaction (a restart, an administrator): the unit of work fails
    with a German message saying nothing was saved, not with the driver's exception."""
    from kinelink import db
    from kinelink.desktop import language
    from sqlalchemy import create_engine, text

    owner = create_engine(postgres.server().owner_url, isolation_level="AUTOCOMMIT")
    language.apply("de")
    try:
        with db.open_database(app_url) as database, pytest.raises(db.DatabaseError) as lost, database.write() as s:
            pid = s.execute(text("SELECT pg_backend_pid()")).scalar()
            with owner.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            s.execute(text("SELECT 1"))
    finally:
        language.apply("en")
        owner.dispose()
    said = str(lost.value)
    assert ": die Verbindung zum Datenbankserver ist abgebrochen. Es wurde nichts gespeichert; prüfen Sie das " \
           "Netzwerk und versuchen Sie es erneut (" in said, said
    assert (make_url(app_url).password or "?") not in said
