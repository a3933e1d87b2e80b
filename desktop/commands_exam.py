"""`kinelink validate` and `kinelink analyze`: exam files in, verdicts and analyses out."""

from __future__ import annotations

import argparse
import json
import sys

from kinelink.desktop.errors import UserError
from kinelink.forms import examfile
from kinelink.forms.model import ExamRecord


def read_exam_file(path: str) -> ExamRecord:
    """Load one exam file, turning every problem into a `FILE: JSON.path: what` user error."""
    try:
        return examfile.load(path)
    except examfile.ExamFileError as err:
        raise UserError.many([(path, str(p)) for p in err.problems]) from None
    except FileNotFoundError:
        raise UserError(path, "no such file") from None
    except IsADirectoryError:
        raise UserError(path, "is a folder, not an exam file") from None
    except OSError as err:
        raise UserError(path, f"cannot be read ({err.strerror or err})") from None


def validate(args: argparse.Namespace) -> int:
    problems: list[tuple[str, str]] = []
    for path in args.files:
        try:
            read_exam_file(path)
        except UserError as err:
            problems.extend(err.problems)
            continue
        print(f"ok {path}")
    if problems:
        raise UserError.many(problems)
    return 0


def analyze(args: argparse.Namespace) -> int:
    from kinelink.forms.analysis import analyze as run_analysis
    from kinelink.forms.analysis import to_json
    from kinelink.forms.summary_text import render_text

    record = read_exam_file(args.file)
    analysis = run_analysis(record)
    if args.format == "json":
        json.dump(to_json(analysis), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(record, analysis))
    return 0
