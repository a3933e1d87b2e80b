"""The fuzz harness: thousands of hostile exam files (tests/survival/mutate.py) through `validate`,
`import` and `analyze`. Every one is accepted or rejected, never a traceback; every rejection names
the field (a JSON path), except what concerns the document as a whole (not JSON, nested too deeply);
every message is one printable line of bounded length.

Bounded for CI: KINELINK_FUZZ_CASES cases (default 2,000) or KINELINK_FUZZ_SECONDS (default 60 s)
for the in-process pass, whichever comes first; a smaller share through the command line itself."""

from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest
from kinelink import db
from kinelink.db import repository
from kinelink.desktop.cli import main
from kinelink.forms import examfile
from kinelink.forms.analysis import analyze, to_json
from kinelink.forms.summary_text import render_text

from tests.survival.mutate import cases

CASES = int(os.environ.get("KINELINK_FUZZ_CASES", "2000"))
SECONDS = float(os.environ.get("KINELINK_FUZZ_SECONDS", "60"))
TODAY = dt.date(2027, 1, 1)  # after every fixture's exam date
WHOLE_DOCUMENT = ("not valid JSON", "not an exam", "not UTF-8", "the file is empty", "must be an object")
MESSAGE_LIMIT = 1500  # the longest lists every allowed word (the special tests); a value is cut to 60


def _bad_message(problem: examfile.Problem) -> str | None:
    text = str(problem)
    if not problem.path and not problem.message.startswith(WHOLE_DOCUMENT):
        return f"names no field: {text[:120]!r}"
    if "\n" in text or len(text) > MESSAGE_LIMIT:
        return f"not one short line ({len(text)} characters): {text[:120]!r}"
    if any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in text):
        return f"unprintable characters: {text[:120]!r}"
    return None


def test_validate_import_and_analyze_never_crash(tmp_path: Path) -> None:
    path = tmp_path / "fuzz.sqlite3"
    database = db.open_database(path)
    tracebacks: list[str] = []
    bad: list[str] = []
    run = accepted = stored = 0
    deadline = time.monotonic() + SECONDS
    for text in cases(seed=14, count=CASES):
        if time.monotonic() > deadline:
            break
        run += 1
        try:
            record = examfile.loads(text, today=TODAY)
        except examfile.ExamFileError as err:
            bad.extend(m for m in map(_bad_message, err.problems) if m)
            continue
        except Exception as err:  # the point: count every crash
            tracebacks.append(f"validate: {type(err).__name__}: {str(err)[:200]}")
            continue
        accepted += 1
        try:
            analysis = analyze(record)
            to_json(analysis)
            render_text(record, analysis)
        except Exception as err:
            tracebacks.append(f"analyze: {type(err).__name__}: {str(err)[:200]}")
        try:
            with database.session() as s:
                repository.import_record(s, record, author="fuzz")
            stored += 1
        except db.Conflict:
            pass  # an exam id already stored with other content: a clean refusal
        except Exception as err:
            tracebacks.append(f"import: {type(err).__name__}: {str(err)[:200]}")
    database.close()
    print(f"fuzz: {run} cases, {accepted} accepted ({stored} stored), {run - accepted} rejected, "
          f"{len(tracebacks)} tracebacks, {len(bad)} bad messages")
    assert tracebacks == []
    assert bad == []
    assert run >= min(CASES, 500) and accepted > 0 and db.check_file(path) == []


@pytest.mark.parametrize("command", ["validate", "import", "analyze"])
def test_the_command_line_never_shows_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str,
) -> None:
    files = []
    for i, text in enumerate(cases(seed=41, count=max(CASES // 20, 40))):
        file = tmp_path / f"case-{i:04d}.json"
        file.write_text(text, encoding="utf-8", errors="surrogatepass")
        files.append(file)
    base = tmp_path / "k.sqlite3"
    codes: dict[int, int] = {}
    for file in files:
        argv = {"validate": ["validate", str(file)], "import": ["import", str(file), "--db", str(base)],
                "analyze": ["analyze", str(file)]}[command]
        code = main(argv)
        out, err = capsys.readouterr()
        codes[code] = codes.get(code, 0) + 1
        assert code in (0, 2), (file.name, err[-500:])
        assert "Traceback" not in err
        for line in err.splitlines():
            assert line.startswith("kinelink: error: "), line[:200]
            assert len(line) < 2 * MESSAGE_LIMIT + len(str(file))
            assert not any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in line), line[:200]
        if command == "analyze" and code == 0:
            assert "\x1b" not in out
    assert codes.get(2, 0) > 0
