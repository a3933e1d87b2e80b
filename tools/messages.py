"""Extract every translatable string into the catalogs: `python -m tools.messages` (or `make messages`).

Finds, in the source of forms/, db/, reports/ and desktop/, each string literal given to `_()`,
`N_()`, `pgettext(context, ...)` and `ngettext(singular, plural, n)`, plus the labels of the
vocabularies (forms/vocab.py computes them, so no literal marks them), and merges them into
`forms/locale/<language>.po`: translations already there are kept, new messages get an empty
`msgstr` (for the translator), messages no longer in the code are dropped. The same walk is what
`tests/forms/test_i18n_catalog.py` compares the catalog with.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FOLDERS = ("forms", "db", "reports", "desktop")
LOCALE_DIR = ROOT / "forms" / "locale"
MARKERS = {"_": 1, "N_": 1, "pgettext": 2, "ngettext": 2}


@dataclass(frozen=True, slots=True)
class Message:
    msgid: str
    context: str = ""
    plural: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.context, self.msgid)


@dataclass
class Found:
    message: Message
    places: list[str] = field(default_factory=list)


def source_files(root: Path = ROOT) -> Iterator[Path]:
    for folder in SOURCE_FOLDERS:
        yield from sorted((root / folder).rglob("*.py"))


def _name(func: ast.expr) -> str:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return ""


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def messages_in(path: Path, root: Path = ROOT) -> Iterator[tuple[Message, str]]:
    """Each marked message of one file with its `file:line`. A marker given a variable translates text
    marked where it was defined (`N_()`); one given an f-string is an error: its text changes with
    every value, so no catalog entry could ever match it."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    where = path.relative_to(root).as_posix()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = _name(node.func)
        if name not in MARKERS or (isinstance(node.func, ast.Attribute) and name != "pgettext"):
            continue
        if path.name == "i18n.py" and "forms" in path.parts:
            continue  # the mechanism itself
        args = [_literal(a) for a in node.args[: MARKERS[name]]]
        place = f"{where}:{node.lineno}"
        if any(isinstance(a, ast.JoinedStr) for a in node.args):
            raise ValueError(f"{place}: {name}() is given an f-string; use _('... {{name}}').format(name=...)")
        if len(args) < MARKERS[name] or any(a is None for a in args):
            continue
        texts = [a for a in args if a is not None]
        if name == "pgettext":
            yield Message(texts[1], context=texts[0]), place
        elif name == "ngettext":
            yield Message(texts[0], plural=texts[1]), place
        else:
            yield Message(texts[0]), place


def vocabulary_labels() -> Iterator[tuple[Message, str]]:
    """Every vocabulary word's English label (forms/vocab.py), translated where it is shown."""
    import importlib
    import pkgutil

    import kinelink.forms
    from kinelink.forms import i18n, vocab

    # vocabularies are declared in other modules too (forms/change.py): load them all, so the answer
    # never depends on what happened to be imported before
    for module in pkgutil.walk_packages(kinelink.forms.__path__, "kinelink.forms."):
        importlib.import_module(module.name)
    saved = i18n.current()
    i18n.set_language(i18n.Language())
    try:
        for kind in sorted(vocab.Vocab.__subclasses__(), key=lambda k: (k.__module__, k.__name__)):
            where = kind.__module__.removeprefix("kinelink.").replace(".", "/")
            if kind is vocab.TestName:
                continue  # named, and translated, by the special-test catalogue (forms/special_tests.py)
            for member in kind:
                yield Message(member.english_label, context="vocab"), f"{where}.py:{kind.__name__}"
    finally:
        i18n.set_language(saved)


def extract(root: Path = ROOT) -> dict[tuple[str, str], Found]:
    found: dict[tuple[str, str], Found] = {}
    pairs: Iterable[tuple[Message, str]] = (p for f in source_files(root) for p in messages_in(f, root))
    for message, place in [*pairs, *vocabulary_labels()]:
        if not message.msgid:
            continue
        entry = found.setdefault(message.key, Found(message))
        entry.places.append(place)
    return found


def _quote(text: str) -> str:
    body = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
            .replace("\r", "\\r"))
    return f'"{body}"'


def render_po(found: dict[tuple[str, str], Found], language: str, old: dict[tuple[str, str], object]) -> str:
    from kinelink.forms.i18n import Entry

    lines = [
        "# Kinelink's messages. Made by `python -m tools.messages`; translate the empty msgstr lines.",
        'msgid ""',
        'msgstr ""',
        f'"Language: {language}\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"',
        "",
    ]
    for key in sorted(found, key=lambda k: (found[k].places[0].split(":")[0], k[0], k[1])):
        message = found[key].message
        previous = old.get(key)
        entry = previous if isinstance(previous, Entry) else Entry(message.msgid, context=message.context)
        lines.append("#: " + " ".join(sorted(set(found[key].places))[:4]))
        if entry.fuzzy:
            lines.append("#, fuzzy")
        if message.context:
            lines.append(f"msgctxt {_quote(message.context)}")
        lines.append(f"msgid {_quote(message.msgid)}")
        if message.plural:
            lines.append(f"msgid_plural {_quote(message.plural)}")
            forms = entry.plural_forms if len(entry.plural_forms) == 2 else ("", "")
            lines += [f"msgstr[{i}] {_quote(f)}" for i, f in enumerate(forms)]
        else:
            lines.append(f"msgstr {_quote(entry.msgstr)}")
        lines.append("")
    return "\n".join(lines)


def update(language: str, root: Path = ROOT) -> tuple[int, int]:
    """Merge the extracted messages into `forms/locale/<language>.po`; returns (messages, untranslated)."""
    from kinelink.forms.i18n import parse_po

    path = root / "forms" / "locale" / f"{language}.po"
    old = {(e.context, e.msgid): e for e in parse_po(path.read_text(encoding="utf-8"))} if path.exists() else {}
    found = extract(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_po(found, language, dict(old)), encoding="utf-8")
    entries = parse_po(path.read_text(encoding="utf-8"))
    missing = sum(1 for e in entries if e.msgid and not e.translated)
    return len(entries) - 1, missing


def main(argv: list[str]) -> int:
    languages = argv or ["de"]
    for language in languages:
        total, missing = update(language)
        print(f"forms/locale/{language}.po: {total} messages, {missing} without a translation")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
