"""The `kinelink` command (../shared/cli.md).

The parser lives here, in one place, so the contract is easy to check; each
subcommand's work is in a module of its own, imported only when that command
runs, so `kinelink validate` never pays for loading Qt.

Errors the user can fix raise `UserError(where, what)` and print
`kinelink: error: WHERE: WHAT` with exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import io
import logging
import os
import sys
from collections.abc import Callable, Sequence
from typing import NoReturn

from kinelink.desktop import logs
from kinelink.desktop.errors import UserError
from kinelink.forms import i18n
from kinelink.forms.i18n import N_, _

PROG = "kinelink"
log = logging.getLogger(__name__)


class _Parser(argparse.ArgumentParser):
    """argparse, but errors in the contract's one-line form."""

    def error(self, message: str) -> NoReturn:
        where = self.prog.removeprefix(PROG).strip() or "options"
        see = _("(see '{help}')").format(help=f"{self.prog} --help")
        sys.stderr.write(f"{PROG}: error: {where}: {message} {see}\n")  # not translated: the contract's prefix
        raise SystemExit(2)


class _Version(argparse.Action):
    """`--version`, reading the package metadata only when asked: `importlib.metadata` costs the
    window's start-up a tenth of a second."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=str(kwargs.get("help")))

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: object,
                 option_string: str | None = None) -> None:
        sys.stdout.write(f"{parser.prog} {logs.kinelink_version()}\n")
        parser.exit()


# command name -> "module:function"; each function takes the parsed namespace and returns an exit code
_COMMANDS: dict[str, str] = {
    "validate": "kinelink.desktop.commands_exam:validate",
    "analyze": "kinelink.desktop.commands_exam:analyze",
    "report": "kinelink.desktop.commands_report:report",
    "import": "kinelink.desktop.commands_db:import_files",
    "export": "kinelink.desktop.commands_db:export",
    "backup": "kinelink.desktop.commands_db:backup",
    "check": "kinelink.desktop.commands_db:check",
    "demo": "kinelink.desktop.commands_db:demo",
    "encrypt": "kinelink.desktop.commands_crypto:encrypt",
    "decrypt": "kinelink.desktop.commands_crypto:decrypt",
    "user add": "kinelink.desktop.commands_user:add",
    "user list": "kinelink.desktop.commands_user:list_accounts",
    "user disable": "kinelink.desktop.commands_user:disable",
}


# argparse's own words, which it passes through gettext: routed to Kinelink's catalog (`_argparse_words`).
_ARGPARSE_WORDS = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"), N_("expected at most one argument"), N_("expected at least one argument"),
    N_("invalid %(type)s value: %(value)r"), N_("not allowed with argument %s"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"), N_("unexpected option string: %s"),
)


def _argparse_words() -> None:
    """argparse says "usage:", "options" and its error messages through `gettext.gettext`: answer them in the
    current language. The command names, options and the error line's prefix stay as cli.md says."""
    argparse._ = _  # type: ignore[attr-defined]


def build_parser() -> argparse.ArgumentParser:
    """The whole command line (the window's own options alone are read by `window_options`)."""
    _argparse_words()
    parser = _Parser(
        prog=PROG,
        description=_("Knee and hip examination with kinetic-chain reasoning. "
                      "With no command, opens the desktop application."),
    )
    parser.add_argument("--db", metavar="PATH", help=_("database file or server URL (postgresql+psycopg://user@host/"
                        "kinelink); default: per-user data folder, or KINELINK_DB / KINELINK_DATABASE_URL"))
    parser.add_argument("--demo", action="store_true",
                        help=_("fill a new, empty database with made-up patients first"))
    parser.add_argument("--version", action=_Version, help=_("show program's version number and exit"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    p = sub.add_parser("validate", help=_("check exam files"))
    p.add_argument("files", nargs="+", metavar="FILE")

    p = sub.add_parser("analyze", help=_("kinetic-chain analysis, deficits, red flags and scores of an exam file"))
    p.add_argument("file", metavar="FILE")
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = sub.add_parser("report", help=_("write the PDF summary (or referral letter) of an exam"))
    p.add_argument("file", metavar="FILE", nargs="?")
    p.add_argument("-o", "--output", metavar="OUT.pdf", required=True)
    p.add_argument("--letter", action="store_true", help=_("write the referral letter instead"))
    p.add_argument("--to", metavar="NAME", help=_("the letter's recipient"))
    p.add_argument("--from-db", metavar="PATH", dest="from_db", help=_("take the exam from this database"))
    p.add_argument("--exam", metavar="ID", help=_("the stored exam's id (with --from-db)"))
    _passphrase_option(p)

    p = sub.add_parser("import", help=_("store exam files in a database"))
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--db", metavar="PATH", required=True)
    _passphrase_option(p)

    p = sub.add_parser("export", help=_("write stored exams as exam files, FHIR bundles or a CSV table"))
    p.add_argument("--db", metavar="PATH", required=True)
    p.add_argument("--out-dir", metavar="DIR", dest="out_dir", required=True)
    p.add_argument("--patient", metavar="P")
    p.add_argument("--format", choices=("json", "fhir", "csv"), default="json",
                   help=_("exam files (default), FHIR R4 bundles, or one research table exams.csv"))
    p.add_argument("--pseudonymise", action="store_true",
                   help=_("csv: drop names and birth dates, replace record numbers by salted hashes"))
    _passphrase_option(p)

    p = sub.add_parser("backup", help=_("write a consistent copy of a database"))
    p.add_argument("--db", metavar="PATH", required=True)
    p.add_argument("out", metavar="OUT")
    _passphrase_option(p)

    p = sub.add_parser("check", help=_("run the database integrity check"))
    p.add_argument("--db", metavar="PATH", required=True)
    _passphrase_option(p)

    p = sub.add_parser("demo", help=_("fill a database with made-up patients"))
    p.add_argument("--db", metavar="PATH", required=True)
    p.add_argument("--patients", metavar="N", type=_positive_int, default=50)
    p.add_argument("--seed", type=int, default=1, help=_("random seed (default 1)"))
    _passphrase_option(p)

    for name, what in (("encrypt", _("turn a database file into an encrypted one (passphrase asked twice)")),
                       ("decrypt", _("turn an encrypted database file back into a plain one"))):
        p = sub.add_parser(name, help=what)
        p.add_argument("--db", metavar="FILE", required=True)
        _passphrase_option(p)

    p = sub.add_parser("user", help=_("manage the accounts of a shared (server) database"))
    users = p.add_subparsers(dest="user_command", metavar="add|list|disable", parser_class=_Parser, required=True)
    u = users.add_parser("add", help=_("add an account (the password is asked on the terminal)"))
    u.add_argument("name", metavar="NAME")
    u.add_argument("--db", metavar="URL", required=True)
    u.add_argument("--role", choices=["clinician", "admin", "reader"], default="clinician")
    u.add_argument("--password-stdin", dest="password_stdin", action="store_true",
                   help=_("read the password from the first line of standard input"))
    u = users.add_parser("list", help=_("list the accounts"))
    u.add_argument("--db", metavar="URL", required=True)
    u = users.add_parser("disable", help=_("disable an account (it stays in the audit trail)"))
    u.add_argument("name", metavar="NAME")
    u.add_argument("--db", metavar="URL", required=True)
    return parser


def _passphrase_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--passphrase-stdin", dest="passphrase_stdin", action="store_true",
                   help=_("an encrypted database's passphrase: the first line of standard input (else asked)"))


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number").format(text=text)) from None
    if value < 1:
        raise argparse.ArgumentTypeError(_("{value} must be at least 1").format(value=value))
    return value


def window_options(argv: Sequence[str]) -> tuple[str | None, bool] | None:
    """`(db, demo)` when `argv` holds only the window's own options (`--db PATH`, `--db=PATH`, `--demo`; the
    last `--db` counts, as argparse has it): the window then needs no parser at all, whose building and
    15 subcommands cost its start-up 3-15 ms. None for anything else (a command, help, the version, a
    mistake), which goes to the whole parser and its messages."""
    rest = list(argv)
    db: str | None = None
    demo = False
    while rest:
        token = rest.pop(0)
        if token == "--demo":
            demo = True
        elif token.startswith("--db=") and len(token) > len("--db="):
            db = token.removeprefix("--db=")
        elif token == "--db" and rest and not rest[0].startswith("-"):
            db = rest.pop(0)
        else:
            return None
    return db, demo


def _resolve(spec: str) -> Callable[[argparse.Namespace], int]:
    module, func = spec.split(":")
    command: Callable[[argparse.Namespace], int] = getattr(importlib.import_module(module), func)
    return command


def main(argv: Sequence[str] | None = None) -> int:
    # The command line speaks the system locale's language (LANG=de_DE.UTF-8: German), like any Unix
    # tool; the window may override it from Settings (desktop/language.py).
    i18n.set_language(i18n.SYSTEM)
    argv = sys.argv[1:] if argv is None else argv
    window = window_options(argv)
    if window is not None:
        args = argparse.Namespace(command=None, db=window[0], demo=window[1])
    else:
        args = build_parser().parse_args(argv)
    if args.command is None:
        logs.hold()  # the window opens the log file once it is first painted (desktop.app.start)
    else:
        logs.setup(command=args.command)  # never the arguments: file names name patients
    try:
        if args.command is None:
            from kinelink.desktop.app import run_app

            return run_app(db=args.db or os.environ.get("KINELINK_DB"), demo=args.demo)
        name = f"user {args.user_command}" if args.command == "user" else args.command
        return _resolve(_COMMANDS[name])(args)
    except UserError as err:
        from kinelink.forms.printable import printable

        for line in err.lines():  # file names and values never reach the terminal as control sequences
            sys.stderr.write(f"{PROG}: error: {printable(line)}\n")  # not translated: the contract's prefix
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 1
    except Exception:
        log.exception("%s failed", args.command or "the window")
        logs.setup(command=args.command)  # the window may have failed before it opened the log file
        raise


def _utf8_pipes() -> None:
    """On Windows, output to a pipe or file is in the ANSI code page, which cannot write most patients'
    names (Żółć, Nguyễn, Иван): write UTF-8 there, as on Linux and macOS. A console is unaffected
    (Python writes to it as UTF-16 whatever this says)."""
    if sys.platform == "win32":
        for stream in (sys.stdout, sys.stderr):
            if isinstance(stream, io.TextIOWrapper):
                stream.reconfigure(encoding="utf-8")


def entry() -> None:
    logs.enable_faulthandler()
    _utf8_pipes()
    raise SystemExit(main())


def gui_entry() -> None:
    """`kinelink-gui`: started without a console (Windows pythonw, a desktop shortcut), where
    sys.stdout and sys.stderr may be None; messages meant for them go nowhere instead of failing."""
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
    entry()


if __name__ == "__main__":
    entry()
