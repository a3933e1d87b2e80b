"""`kinelink validate` and `kinelink analyze`: exam files in, verdicts and analyses out."""

from __future__ import annotations

import argparse
import json
import sys

from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases.reading import read_exam_file
from kinelink.forms.printable import printable


def validate(args: argparse.Namespace) -> int:
    problems: list[tuple[str, str]] = []
    for path in args.files:
        try:
            read_exam_file(path)
        except UserError as err:
            problems.extend(err.problems)
            continue
        print(f"ok {printable(path)}")
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
        text = render_text(record, analysis)  # names and notes from the file: no terminal control sequences
        sys.stdout.write("\n".join(printable(line) for line in text.split("\n")))
    return 0
