"""Starting the window: which database, opening it safely, first run, crash recovery.

`run_app(db, demo)` is what `kinelink` with no subcommand calls. The database
is `--db` (or `KINELINK_DB`, merged by the command line), else
`KINELINK_DATABASE_URL`, else the file chosen in Settings, else
`kinelink.sqlite3` in the per-user data folder (created 0700).

A database that cannot be opened is never touched: the user is told why and
may pick another file or quit.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

import kinelink.desktop.pyside  # noqa: F401  # first: PySide6 without its import hook
from kinelink import db
from kinelink.desktop import appicon, crash, language, logs, paths, single_instance, theme
from kinelink.desktop.main_window import MainWindow
from kinelink.desktop.settings import Settings, load_settings
from kinelink.desktop.usecases.targets import display_name, is_url, sqlite_file
from kinelink.desktop.usecases.workspace import Workspace
from kinelink.forms.i18n import _, ngettext
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    # loaded once the window is painted: the idle lock, the background check, the demo data, encryption
    from kinelink.desktop.integrity import IntegrityCheck
    from sqlalchemy.engine import URL

URL_ENV = "KINELINK_DATABASE_URL"
SMOKE_ENV = "KINELINK_SMOKE_CLOSE_MS"
FUSION_FROM_ARGUMENTS = "kinelink-fusion-from-arguments"  # a property of the QApplication made here
log = logging.getLogger(__name__)
PREPARE_EDITOR_MS = 400
QUIT_WAIT_S = 10.0  # at most, for a background integrity check at quit


def resolve_target(db_arg: str | None, settings: Settings) -> str:
    if db_arg:
        return db_arg
    url = os.environ.get(URL_ENV)
    if url:
        return url
    if is_url(settings.database_path):
        return settings.database_target()
    file = settings.database_file()
    if file == paths.default_database():
        paths.private_dir(file.parent)
    return str(file)


def reason(err: db.DatabaseError, target: str) -> str:
    """The error's message without the file name it starts with (the dialog names the file)."""
    text = str(err)
    first, sep, rest = text.partition(": ")
    if is_url(target) and sep and "://" in first:  # a server's address as the driver wrote it (password hidden)
        return rest
    for prefix in {target, str(Path(target).expanduser().absolute())}:
        if text.startswith(prefix + ": "):
            return text.removeprefix(prefix + ": ")
    return text


def ask_server_password(url: URL) -> str | None:
    from kinelink.desktop import dialogs, server_login

    answer = dialogs.ask_server_password(None, url.username or "", f"{url.host or 'localhost'}/{url.database}")
    if answer is None:
        return None
    password, remember = answer
    if remember:
        problem = server_login.remember_password(url, password)
        if problem:
            dialogs.show_error(None, _("Password not remembered"), _("The password works for now, but was not "
                               "kept in the keyring."), problem)
    return password


def _open(target: str, read_only: bool, *, quick_check: bool = False, passphrase: str | None = None,
          parent: QWidget | None = None) -> db.Database:
    """The database at `target`; a damaged one read-only (what can be read is shown, nothing written);
    `read_only` when another Kinelink holds the file. A server's password comes from the keyring or
    is asked (`server_login`); an encrypted file's passphrase likewise (`_open_encrypted`). The
    window defers the whole-file check (`quick_check=False`) to the background."""
    from kinelink.desktop import server_login  # SQLAlchemy's URL parser: loaded once the window is up
    from kinelink.desktop.usecases import encryption

    target = server_login.with_password(target, ask_server_password)
    file = sqlite_file(target)
    if passphrase is None and file is not None and encryption.needs_passphrase(file):
        return _open_encrypted(target, file, read_only, quick_check, parent)
    return _open_with(target, read_only, quick_check, passphrase)


def _open_with(target: str, read_only: bool, quick_check: bool, passphrase: str | None) -> db.Database:
    try:
        return db.open_database(target, quick_check=quick_check, read_only=read_only, passphrase=passphrase)
    except db.Damaged as damaged:
        try:
            database = db.open_database(target, quick_check=False, read_only=True, passphrase=passphrase)
        except db.DatabaseError:
            raise damaged from None
        database.refuse_writes("; ".join(damaged.problems[:3]))
        return database


def _open_encrypted(target: str, file: Path, read_only: bool, quick_check: bool,
                    parent: QWidget | None) -> db.Database:
    """An encrypted file: with the passphrase the keyring keeps for it (if the user asked it to), else
    the one typed into the passphrase dialog, which says so beside the field while it is wrong."""
    from kinelink.desktop import dialogs
    from kinelink.desktop.usecases import encryption

    kept = encryption.stored_passphrase(file)
    if kept is not None:
        try:
            return _open_with(target, read_only, quick_check, kept)
        except db.WrongPassphrase:
            encryption.forget_passphrase(file)  # no longer this file's: ask
    opened: list[db.Database] = []
    failed: list[db.DatabaseError] = []

    def check(passphrase: str) -> None:
        try:
            opened.append(_open_with(target, read_only, quick_check, passphrase))
        except db.WrongPassphrase:
            raise
        except db.DatabaseError as err:  # the passphrase was right, the file has another problem
            failed.append(err)

    answer = dialogs.ask_passphrase(parent, file.name, check)
    if failed:
        raise failed[-1]
    if answer is None or not opened:
        raise db.PassphraseNeeded(f"{file}: " + _("encrypted (or not a database); it cannot be opened without its "
                                                  "passphrase. Kinelink has not changed it."))
    passphrase, remember = answer
    if remember:
        problem = encryption.remember_passphrase(file, passphrase)
        if problem:
            dialogs.show_error(parent, _("Passphrase not remembered"), _("The database is open, but its passphrase "
                               "was not kept in the keyring; it will be asked next time."), problem)
    return opened[-1]


def open_for_window(target: str, *, read_only: bool = False, passphrase: str | None = None,
                    parent: QWidget | None = None) -> db.Database:
    """Another database opened from the running window (File ▸ Open, New database, Settings)."""
    return _open(target, read_only, quick_check=True, passphrase=passphrase, parent=parent)


def open_or_ask(target: str, *, read_only: bool = False) -> tuple[db.Database, str] | None:
    """Open `target`; while that fails, explain and let the user choose another file or quit. The
    returned target never holds a server's password."""
    from kinelink.desktop import dialogs, server_login

    while True:
        try:
            return _open(target, read_only), target
        except db.DatabaseError as err:
            choice = dialogs.database_error(None, server_login.shown(target), reason(err, target))
            chosen = None
            if choice is dialogs.DatabaseChoice.CHOOSE_ANOTHER:
                start = Path(target).parent if not is_url(target) else paths.data_dir()
                chosen = dialogs.ask_database_file(None, start)
            if chosen is None:
                # not translated: the contract's prefix; the reason is the database layer's own words
                sys.stderr.write(f"kinelink: error: {target}: {reason(err, target)}\n")  # not translated
                return None
            target = str(chosen)


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication([*sys.argv[:1], *theme.STYLE_ARGUMENTS])
        app.setProperty(FUSION_FROM_ARGUMENTS, True)  # later calls (`start` after `run_app`) know it too
    app.setApplicationName("kinelink")
    app.setApplicationDisplayName("Kinelink")
    logs.hold()  # the file is opened once the window is painted (`start`); held records are written then
    crash.install()  # an uncaught error is logged and shown, the window stays
    app.setWindowIcon(appicon.icon())
    theme.apply(app, fusion_from_arguments=bool(app.property(FUSION_FROM_ARGUMENTS)))
    return app


def log_in(database: db.Database, target: str) -> bool:
    """Ask for an account when the database has any (a server always needs one); False: quit."""
    from kinelink.db import accounts
    from kinelink.desktop import dialogs, server_login

    with database.read() as s:
        needed = accounts.has_accounts(s)
    if not needed and database.is_server:
        dialogs.show_error(
            None, _("No accounts yet"),
            _("{shown} has no accounts yet. An administrator creates the first one with 'kinelink user add NAME "
              "--role admin --db URL' (README: A clinic server).").format(shown=server_login.shown(target)))
        return False
    if not needed:
        return True  # a single-user file: no login

    def check(name: str, password: str) -> db.Account:
        with database.write() as s:
            return accounts.authenticate(s, name, password)

    account = dialogs.ask_login(None, display_name(target), check)
    if account is None:
        return False
    database.account = account
    return True


def claim_file(target: str, *, listen: bool = True) -> single_instance.Instance | None:
    """This program's claim on a SQLite file (None for a server); it answers later starts on the file
    from now on, or with `listen=False` once told (`Instance.listen`: start-up does after the first paint)."""
    file = sqlite_file(target)
    if file is None:
        return None
    instance = single_instance.Instance(file)
    if listen:
        instance.listen()
    return instance


def start(db_arg: str | None, fill_demo: bool, *, settings_path: Path | None = None,
          app_ready: bool = False) -> MainWindow | None:
    """Everything up to the shown window; None when the user chose to quit.

    The window is on screen before the database layer (SQLAlchemy) is imported and the file opened:
    the physiotherapist sees Kinelink at once, and the patient list fills a moment later. `app_ready`:
    `application()` has just been called (`run_app`); setting it up again cost start-up 1 ms.
    """
    if not app_ready:
        application()
    settings = load_settings(settings_path)
    language.apply(settings.language)
    target = resolve_target(db_arg, settings)
    instance = claim_file(target, listen=False)
    read_only = instance is not None and not instance.owned  # another Kinelink has it and did not answer
    window = MainWindow(Workspace(None, target, settings, settings_path))
    window.ws.instance = instance
    window.show_on_screen()
    _paint(window)
    # after the first paint: the rotating log file's handler (~25 ms) and the local socket's QtNetwork (~20 ms)
    logs.setup()
    if instance is not None:
        instance.listen()
    opened = open_or_ask(target, read_only=read_only)
    if opened is None or not log_in(*opened):
        if opened is not None:
            opened[0].close()
        window.close()
        if instance is not None:
            instance.release()
        return None
    database = opened[0]
    window.ws.database, window.ws.target = opened
    if instance is not None:
        instance.raise_requested.connect(window.come_forward)
    if database.account is not None or database.encrypted:  # nobody to unlock a plain file without accounts
        from kinelink.desktop.idle_lock import IdleLock

        window.idle_lock = IdleLock(window, settings.idle_lock_minutes, window.lock_now)
    if fill_demo:
        from kinelink.desktop.usecases import demo_data

        filled: bool | None = demo_data.fill_if_empty(window.ws)
    else:
        filled = None
    window.statusBar().clearMessage()
    window.refresh_all()
    log.info("window ready: %s", ", ".join(f"{k} {v}" for k, v in logs.versions().items()))
    window.activateWindow()
    window.patients.search.setFocus()  # typing finds a patient straight away
    if filled is False:
        window.statusBar().showMessage(_("Demo data not added: this database already holds patients."), 10000)
    window.offer_recovery()
    start_integrity_check(window)
    # the exam page and its editor are built once the window is in use, so that the first exam opens at once
    QTimer.singleShot(PREPARE_EDITOR_MS, window, lambda: window.exam_page.prepare())
    return window


def _paint(window: MainWindow, limit_s: float = 1.0) -> None:
    """Let Qt put the window on screen (expose and first paint) before the slower work that follows."""
    handle = window.windowHandle()
    deadline = time.monotonic() + limit_s
    while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)
    QApplication.processEvents()  # the paint the expose asked for


def start_integrity_check(window: MainWindow) -> IntegrityCheck:
    """Check the whole file in the background; damage is reported as soon as it is found."""
    from kinelink.desktop import dialogs
    from kinelink.desktop.integrity import IntegrityCheck

    check_database = window.ws.database
    check = IntegrityCheck(check_database, window)
    target = window.ws.target

    def report(problems: list[str]) -> None:
        if problems and check_database is window.ws.database:  # not a database switched to meanwhile
            window.refuse_writes(problems)  # the check's verdict gates every write from now on
            dialogs.show_error(
                window,
                _("The database is damaged"),
                ngettext("SQLite's integrity check found {count} problem in {target}. Kinelink has not changed the "
                         "file and now opens it read-only. Keep a copy of the file as it is (File ▸ Back up now), "
                         "then restore the latest backup (File ▸ Restore from a backup).",
                         "SQLite's integrity check found {count} problems in {target}. Kinelink has not changed the "
                         "file and now opens it read-only. Keep a copy of the file as it is (File ▸ Back up now), "
                         "then restore the latest backup (File ▸ Restore from a backup).", len(problems)).format(
                    count=len(problems), target=target),
                # SQLite's own findings are its English text; Kinelink's are translated (db.sqlitefile)
                "\n".join(problems[:20] + ([_("(and {n} more)").format(n=len(problems) - 20)] if len(problems) > 20
                                            else [])),
            )

    check.finished.connect(report)
    check.start()
    window.integrity_check = check  # kept alive as long as the window
    return check


def run_app(db: str | None, demo: bool) -> int:
    app = application()
    file = sqlite_file(resolve_target(db, load_settings()))
    if file is not None and single_instance.bring_forward(file):
        logs.setup()
        sys.stderr.write(_('kinelink: {name} is already open in Kinelink; its window was brought forward\n').format(
            name=file.name))
        return 0
    window = start(db, demo, app_ready=True)
    if window is None:
        return 2
    if os.environ.get("KINELINK_TEST_SCRIPT"):  # the crash-recovery test's scripted edits (desktop.testhook)
        from kinelink.desktop import testhook

        testhook.start_from_environment(window)
    smoke = os.environ.get(SMOKE_ENV, "")
    if smoke.isdigit():  # `make dist-smoke`: the built bundle opens its window and database, then closes
        print(f"window open: {window.ws.target}", flush=True)  # not translated: packaging/smoke.sh reads it
        QTimer.singleShot(int(smoke), window.close)
    code = app.exec()
    from kinelink.desktop.integrity import IntegrityCheck

    if isinstance(window.integrity_check, IntegrityCheck):
        # the window is gone; let a check still reading the file finish before its connection is closed
        window.integrity_check.wait(QUIT_WAIT_S)
    window.ws.database.close()
    return code
