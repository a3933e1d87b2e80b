"""Why a database server could not be reached, in the user's language.

libpq (through psycopg) explains a failed connection in English, and repeats itself when it tried
twice (with and without TLS under `sslmode=prefer`). The person at the keyboard reads what it means
and what to do in their language; libpq's own words stay at the end in brackets, deduplicated, for
whoever supports the clinic. The password is never part of the message (libpq never echoes it).
"""

from __future__ import annotations

import re

from kinelink.forms.i18n import _
from sqlalchemy import URL

# libpq prefixes each attempt with where it went; the reason follows
_ATTEMPT = re.compile(r'connection to server (?:at "[^"]*"(?:\s*\([^)]*\))?, port \d+|on socket "[^"]*") failed:\s*')


def libpq_detail(err: BaseException) -> str:
    """libpq's explanation on one line, each distinct reason once: `FATAL: password authentication failed ...`."""
    said = " ".join(str(getattr(err, "orig", None) or err).split())
    said = said.removeprefix("connection failed: ")
    reasons: list[str] = []
    for part in _ATTEMPT.split(said):
        part = part.strip()
        if part and part not in reasons:
            reasons.append(part)
    return "; ".join(reasons) or said


def server_problem(url: URL, err: BaseException) -> str:
    """Why the server at `url` could not be opened, in one line; a failed TLS check says what it means.
    The password is never sent before the server's certificate passed."""
    said = " ".join(str(getattr(err, "orig", None) or err).split())
    detail = libpq_detail(err)
    ca = url.query.get("sslrootcert")
    ca_file = ca if isinstance(ca, str) else _("(sslrootcert not given: ~/.postgresql/root.crt)")
    host = url.host or "localhost"
    if "certificate verify failed" in said:
        return _("the server's certificate is not signed by the CA file {ca_file}: this may not be your clinic's "
                 "server, or that is not the clinic's CA file. Nothing was sent to it ({detail})").format(
                     ca_file=ca_file, detail=detail)
    if "root certificate file" in said and "does not exist" in said:
        return _("the CA file {ca_file} (sslrootcert) does not exist; ask the clinic's administrator for it").format(
            ca_file=ca_file)
    if "could not read root certificate file" in said or "could not load root certificate" in said:
        return _("the CA file {ca_file} (sslrootcert) cannot be read as a certificate; ask the clinic's "
                 "administrator for the right file ({detail})").format(ca_file=ca_file, detail=detail)
    if "does not match host name" in said:
        return _("the server's certificate is for another name than {host}: connect with the name the certificate "
                 "gives, or this may not be your clinic's server ({detail})").format(host=host, detail=detail)
    if "server does not support SSL" in said:
        return _("the server offers no encrypted connection (TLS), but the address asks for one: this may not be "
                 "your clinic's server. Nothing was sent to it ({detail})").format(detail=detail)
    if "no pg_hba.conf entry" in said and "no encryption" in said:
        return _("the server accepts only encrypted connections: add sslmode=verify-full and the clinic's CA file "
                 "(sslrootcert) to the address ({detail})").format(detail=detail)
    if "no pg_hba.conf entry" in said:
        return _("the server does not admit this user from this computer; ask the clinic's administrator "
                 "({detail})").format(detail=detail)
    if "password authentication failed" in said or "no password supplied" in said:
        return _("the server refused the password of the user {user}; check the password and try "
                 "again ({detail})").format(user=url.username or "", detail=detail)
    if re.search(r"database \S+ does not exist", said):
        return _("the server has no database {database}; check the address ({detail})").format(
            database=url.database or "", detail=detail)
    if "failed to resolve host" in said or "could not translate host name" in said:
        return _("no computer named {host} was found; check the server's name in the address and the "
                 "network ({detail})").format(host=host, detail=detail)
    if any(words in said for words in ("Connection refused", "timeout expired", "No route to host",
                                       "Network is unreachable", "Connection timed out")):
        return _("the server {host} does not answer on port {port}: it may be switched off, or the address or "
                 "the network is wrong; ask the clinic's administrator ({detail})").format(
                     host=host, port=url.port or 5432, detail=detail)
    return _("cannot open the database ({error})").format(error=detail)


def lost_connection(err: BaseException) -> bool:
    """The server went away during a unit of work (restarted, network down)."""
    said = str(getattr(err, "orig", None) or err)
    return any(words in said for words in ("server closed the connection", "consuming input failed",
                                           "connection is closed", "terminating connection",
                                           "the connection is lost"))
