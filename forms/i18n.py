"""The language Kinelink speaks: the one translation mechanism of the window, the command line and the PDFs.

Every user-visible sentence is written in English in the code and passed through `_()` (or
`ngettext` for counts, `pgettext` where one English word needs two translations); the
translations are gettext catalogs, `locale/<language>.po` beside this module. The `.po` source is
read directly by the small parser below (standard library only, like the rest of `forms/`), so
there is no compile step that a wheel or the frozen application could miss: the file ships as
package data and is found through `importlib.resources`.

Text that is built at import time (catalogue labels, constants) is marked with `N_()` so the
extraction step finds it, and translated with `_()` where it is shown.

The language is process-wide (like gettext's own `install`): the window sets it once at start from
Settings or the system locale, the command line from the system locale. `tools/messages.py`
extracts every marked string into the catalog; `tests/forms/test_i18n_catalog.py` fails when one
has no German translation.
"""

from __future__ import annotations

import ast
import functools
import os
from collections.abc import Mapping
from typing import NamedTuple

ENGLISH = "en"
GERMAN = "de"
# language code -> its own name, as the Settings choice shows it (a language is named in itself)
LANGUAGES: dict[str, str] = {ENGLISH: "English", GERMAN: "Deutsch"}
SYSTEM = "system"  # the Settings choice "follow the computer's language"

# Read in this order, as GNU gettext does; KINELINK_LANGUAGE comes first so a script or a test can
# pin the language without changing the rest of the locale.
_LOCALE_VARIABLES = ("KINELINK_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


# Language and Entry are named tuples, not dataclasses: making a dataclass compiles its methods, 0.8-1 ms each
# of the window's start-up (this module is loaded before its first paint), a named tuple 0.15 ms.
class Language(NamedTuple):
    """The language in force: `code` ("en", "de") and the locale's region ("US", "GB", "DE", "")."""

    code: str = ENGLISH
    region: str = ""

    @property
    def tag(self) -> str:
        """The BCP 47 tag documents declare (PDF /Lang): Kinelink's English is British English."""
        if self.code == GERMAN:
            return "de-DE" if self.region in ("", "DE") else f"de-{self.region}"
        return "en-US" if self.region == "US" else "en-GB"

    @property
    def month_first(self) -> bool:
        """Typed `03/12/1985` is 12 March only for a US English locale; everyone else writes day first."""
        return self.code == ENGLISH and self.region == "US"


_current = Language()


def parse_locale(value: str) -> Language | None:
    """`de_DE.UTF-8` -> Language("de", "DE"); None for `C`, `POSIX` or a language Kinelink does not speak."""
    value = value.split(":")[0].split(".")[0].split("@")[0].strip()
    code, _sep, region = value.replace("-", "_").partition("_")
    code = code.lower()
    if code not in LANGUAGES:
        return None
    return Language(code, region.upper())


def system_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language of the computer's locale, English when it is one Kinelink does not speak."""
    environ = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = environ.get(name, "")
        if not value:
            continue
        for part in value.split(":"):  # LANGUAGE may list several, best first
            found = parse_locale(part)
            if found is not None:
                return found
        if name != "LANGUAGE":  # the first set LC_* / LANG decides, as in setlocale()
            return Language()
    return Language()


def choose_language(choice: str = SYSTEM, environ: Mapping[str, str] | None = None) -> Language:
    """The Settings choice ("system", "en", "de") made concrete; the region still comes from the locale."""
    found = system_language(environ)
    if choice in LANGUAGES and choice != found.code:
        return Language(choice)
    return found


def set_language(language: Language | str) -> Language:
    """Make `language` (a Language, "en", "de", or "system") the one every later `_()` answers in."""
    global _current
    _current = choose_language(language) if isinstance(language, str) else language
    return _current


def current() -> Language:
    return _current


# --- translation ---------------------------------------------------------------------------------


def _(message: str) -> str:
    """`message` in the current language (itself when there is no translation)."""
    if _current.code == ENGLISH:
        return message
    return _catalog(_current.code).get(("", message)) or message


def pgettext(context: str, message: str) -> str:
    """`message` where the same English word needs another translation in `context`."""
    if _current.code == ENGLISH:
        return message
    return _catalog(_current.code).get((context, message)) or message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` (German and English both have "one" and "other")."""
    english = singular if n == 1 else plural
    if _current.code == ENGLISH:
        return english
    forms = _plurals(_current.code).get(singular)
    if not forms:
        return english
    return forms[0] if n == 1 else forms[-1]


def N_(message: str) -> str:
    """Marks a string for the catalog where it is defined; it is translated with `_()` where shown."""
    return message


# --- the .po catalog ------------------------------------------------------------------------------


class Entry(NamedTuple):
    """One message of a .po file."""

    msgid: str
    msgstr: str = ""
    context: str = ""
    plural: str = ""
    plural_forms: tuple[str, ...] = ()
    fuzzy: bool = False

    @property
    def translated(self) -> bool:
        """Has a text for the translation to use (a fuzzy guess is not one)."""
        done = all(self.plural_forms) if self.plural else bool(self.msgstr)
        return done and bool(self.plural_forms or self.msgstr) and not self.fuzzy


def parse_po(text: str) -> list[Entry]:
    """The entries of a gettext .po file (msgctxt, msgid_plural and fuzzy flags; obsolete `#~` skipped)."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    key = ""
    fuzzy = False

    def flush() -> None:
        nonlocal fields, fuzzy, key
        if "msgid" in fields:
            forms = tuple(fields[k] for k in sorted(f for f in fields if f.startswith("msgstr[")))
            entries.append(Entry(
                msgid=fields["msgid"], msgstr=fields.get("msgstr", ""), context=fields.get("msgctxt", ""),
                plural=fields.get("msgid_plural", ""), plural_forms=forms, fuzzy=fuzzy,
            ))
        fields, fuzzy, key = {}, False, ""

    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line:
            continue
        if line.startswith("#"):  # comments and flags come before the entry they belong to
            if "msgid" in fields:
                flush()
            fuzzy = fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        if line.startswith('"'):
            if not key:
                raise ValueError(f"line {number}: text without a keyword")
            fields[key] += _unquote(line, number)
            continue
        keyword, _sep, rest = line.partition(" ")
        if keyword in ("msgctxt", "msgid") and "msgid" in fields:
            flush()
        key = keyword
        fields[key] = _unquote(rest.strip(), number)
    flush()
    return entries


def _unquote(text: str, number: int) -> str:
    if not (len(text) >= 2 and text[0] == text[-1] == '"'):
        raise ValueError(f"line {number}: expected a quoted string, found {text!r}")
    value = ast.literal_eval(text)
    if not isinstance(value, str):
        raise ValueError(f"line {number}: not a string")
    return value


def _read_catalog(code: str) -> list[Entry]:
    from importlib import resources  # 10 ms, only when a language other than English is first used

    source = resources.files("kinelink.forms").joinpath("locale", f"{code}.po")
    try:
        text = source.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return parse_po(text)


@functools.cache
def _catalog(code: str) -> dict[tuple[str, str], str]:
    return {(e.context, e.msgid): e.msgstr for e in _read_catalog(code) if e.msgstr and not e.fuzzy and e.msgid}


@functools.cache
def _plurals(code: str) -> dict[str, tuple[str, ...]]:
    return {e.msgid: e.plural_forms for e in _read_catalog(code)
            if e.plural and all(e.plural_forms) and not e.fuzzy}
