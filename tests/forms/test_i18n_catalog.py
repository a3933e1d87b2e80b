"""The German catalog is complete: every string marked for translation has a German text.

`tools/messages.py` extracts the marked strings (and the vocabulary labels) from the source; this test
runs the same extraction, so a new `_("...")` without a translation fails here until
`make messages` adds it to forms/locale/de.po and someone translates it.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

from kinelink.forms.i18n import parse_po

from tools import messages

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "forms" / "locale" / "de.po"


def _fields(text: str) -> set[str]:
    return {name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name is not None}


def test_every_marked_string_has_a_german_translation() -> None:
    found = messages.extract(ROOT)
    catalog = {(e.context, e.msgid): e for e in parse_po(CATALOG.read_text(encoding="utf-8"))}
    missing = [f"{f.places[0]}: {key[1]!r}" for key, f in found.items() if key not in catalog]
    assert not missing, "not in forms/locale/de.po (run `make messages`, then translate):\n" + "\n".join(missing)
    untranslated = [
        f"{found[key].places[0]}: {key[1]!r}" for key in found
        if not catalog[key].translated
    ]
    assert not untranslated, "no German text in forms/locale/de.po:\n" + "\n".join(untranslated)


def test_translations_keep_every_placeholder() -> None:
    """`{name}` fields are filled by the code: a translation that drops or renames one breaks `format`."""
    wrong = []
    for e in parse_po(CATALOG.read_text(encoding="utf-8")):
        for translated in (e.msgstr, *e.plural_forms):
            if translated and _fields(translated) != _fields(e.msgid):
                wrong.append(f"{e.msgid!r} -> {translated!r}")
    assert not wrong, "\n".join(wrong)


def test_the_catalog_has_nothing_the_code_no_longer_says() -> None:
    found = messages.extract(ROOT)
    entries = parse_po(CATALOG.read_text(encoding="utf-8"))
    stale = [e.msgid for e in entries if e.msgid and (e.context, e.msgid) not in found]
    assert not stale, "run `make messages` to drop: " + ", ".join(map(repr, stale[:20]))


def test_an_f_string_given_to_the_translator_is_refused(tmp_path: Path) -> None:
    (tmp_path / "forms").mkdir()
    bad = tmp_path / "forms" / "bad.py"
    bad.write_text('from kinelink.forms.i18n import _\nx = 1\nprint(_(f"{x} knees"))\n', encoding="utf-8")
    try:
        list(messages.messages_in(bad, tmp_path))
    except ValueError as err:
        assert re.search(r"forms/bad\.py:3: _\(\) is given an f-string", str(err))
    else:
        raise AssertionError("an f-string was extracted")


# --- text shown but not marked --------------------------------------------------------------------

# The modules converted to the catalog; a module joins this list when all its shown text is marked.
CONVERTED = [
    "db/exam_counts.py",
    "db/history.py",
    "db/verify.py",
    "forms/exam_status.py",
    "forms/examfile.py",
    "forms/formats.py",
    "forms/summary_text.py",
    "desktop/about.py",
    "desktop/accounts_dialog.py",
    "desktop/app.py",
    "desktop/appicon.py",
    "desktop/change_view.py",
    "desktop/chart.py",
    "desktop/cli.py",
    "desktop/commands_crypto.py",
    "desktop/commands_db.py",
    "desktop/commands_exam.py",
    "desktop/commands_report.py",
    "desktop/commands_user.py",
    "desktop/correspondence_list.py",
    "desktop/crash.py",
    "desktop/dialogs.py",
    "desktop/document_actions.py",
    "desktop/editor/bodychart.py",
    "desktop/editor/choices.py",
    "desktop/editor/editor.py",
    "desktop/editor/fields.py",
    "desktop/editor/history.py",
    "desktop/editor/keys.py",
    "desktop/editor/labels.py",
    "desktop/editor/nav.py",
    "desktop/editor/order.py",
    "desktop/editor/outcomes.py",
    "desktop/editor/pain.py",
    "desktop/editor/panel.py",
    "desktop/editor/rom.py",
    "desktop/editor/section.py",
    "desktop/editor/sides.py",
    "desktop/editor/special.py",
    "desktop/editor/strength.py",
    "desktop/editor/style.py",
    "desktop/errors.py",
    "desktop/exam_page.py",
    "desktop/file_actions.py",
    "desktop/history_dialog.py",
    "desktop/idle_lock.py",
    "desktop/integrity.py",
    "desktop/integrity_report.py",
    "desktop/language.py",
    "desktop/letter_dialog.py",
    "desktop/login_dialog.py",
    "desktop/main_window.py",
    "desktop/menus.py",
    "desktop/merge_dialog.py",
    "desktop/models.py",
    "desktop/passphrase_dialog.py",
    "desktop/paths.py",
    "desktop/patient_dialog.py",
    "desktop/patient_list.py",
    "desktop/patient_page.py",
    "desktop/record_actions.py",
    "desktop/server_login.py",
    "desktop/settings.py",
    "desktop/settings_dialog.py",
    "desktop/single_instance.py",
    "desktop/theme.py",
    "desktop/viewer.py",
    "desktop/welcome.py",
    "desktop/usecases/backups.py",
    "desktop/usecases/correspondence.py",
    "desktop/usecases/encryption.py",
    "desktop/usecases/examfiles.py",
    "desktop/usecases/exams.py",
    "desktop/usecases/reading.py",
    "desktop/usecases/research_export.py",
    "desktop/usecases/targets.py",
    "db/database.py",
    "db/server_problems.py",
    "db/sqlitefile.py",
]
# Qt calls whose text a person reads (constructors take it first, setters as their argument), and the
# command line's messages.
_SHOWN_BY = {
    "setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setStatusTip", "setTitle", "addTab",
    "addRow", "showMessage", "setWhatsThis", "addAction", "addMenu", "setLabelText", "setSuffix", "setPrefix",
    "setSpecialValueText", "setAccessibleName", "setAccessibleDescription", "setHeaderLabels", "addItem",
    "information", "warning", "critical", "question", "about", "setInformativeText", "setDetailedText",
    "QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QMessageBox", "QToolButton",
    "UserError", "write", "print", "getSaveFileName", "getOpenFileName", "getOpenFileNames", "getExistingDirectory",
    # the database layer's failures reach the window and the command line as they are
    "DatabaseError", "ReadOnly", "Damaged", "PassphraseNeeded", "WrongPassphrase",
}
_WORD = re.compile(r"[A-Za-z]{3,}")
_KEYS = re.compile(r"((Ctrl|Alt|Shift|Meta)\+)+\S+")  # a shortcut, not a word


def _prose(node: ast.expr) -> bool:
    """A literal a person would read: a word of three letters or more outside `{placeholders}`."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        if _KEYS.fullmatch(node.value):
            return False
        return bool(_WORD.search(re.sub(r"\{[^}]*\}", "", node.value)))
    if isinstance(node, ast.JoinedStr):
        return any(_prose(v) for v in node.values if isinstance(v, ast.Constant))
    if isinstance(node, ast.BinOp):
        return _prose(node.left) or _prose(node.right)
    if isinstance(node, ast.IfExp):  # `"A" if x else "B"`: either branch may be shown
        return _prose(node.body) or _prose(node.orelse)
    return False


def _on_logger(func: ast.expr) -> bool:
    """`log.critical(...)`: the support log is for support, in English."""
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in ("log", "logging")


def unmarked_text(path: Path) -> list[str]:
    """Literals handed straight to a widget or the terminal without `_()` (`# not translated: why` on the
    line allows one: object names, file-format words)."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
        if name not in _SHOWN_BY or _on_logger(node.func):
            continue
        # UserError(WHERE, WHAT): WHERE names a flag, a file or a JSON path, never translated
        args = node.args[1:] if name == "UserError" else [*node.args, *(k.value for k in node.keywords)]
        for arg in args:
            if _prose(arg) and "# not translated" not in lines[arg.lineno - 1]:
                found.append(f"{path.relative_to(ROOT)}:{arg.lineno}: {ast.unparse(arg)[:70]}")
    return found


def test_converted_modules_show_no_unmarked_text() -> None:
    found = [line for module in CONVERTED for line in unmarked_text(ROOT / module)]
    assert not found, "shown without _():\n" + "\n".join(found)


def test_the_unmarked_text_check_finds_what_it_should(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        'label.setText("Exam saved")\nlabel.setText(_("Exam saved"))\nbox = QLabel(f"{n} exams found")\n'
        'raise UserError("file", "not a date")\nlabel.setObjectName("Banner")\nlabel.setText("{n}")\n'
        'label.setText(_("Open") if x else "Closed")\nlabel.setText(_("Open") if x else _("Closed"))\n',
        encoding="utf-8",
    )
    global ROOT
    saved, ROOT = ROOT, tmp_path
    try:
        found = unmarked_text(sample)
    finally:
        ROOT = saved
    assert [f.split(":")[1] for f in found] == ["1", "3", "4", "7"]
