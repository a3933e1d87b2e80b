"""`kinelink validate` and `kinelink analyze`: exam files in, verdicts and analyses out."""

from __future__ import annotations

import argparse
import json
import sys

from kinelink.desktop.cli import PROG
from kinelink.desktop.errors import UserError
from kinelink.desktop.usecases.reading import read_exam_file
from kinelink.forms.plausibility import exam_checks
from kinelink.forms.printable import printable


def validate(args: argparse.Namespace) -> int:
    """`ok FILE` for each valid file. Values that contradict each other (forms.plausibility) are warnings
    on stderr, `kinelink: warning: FILE: JSON.path: what`, shaped like the errors; they leave the file
    valid and the exit status 0 (the value stays, the clinician decides)."""
    problems: list[tuple[str, str]] = []
    for path in args.files:
        try:
            record = read_exam_file(path)
        except UserError as err:
            problems.extend(err.problems)
            continue
        print(f"ok {printable(path)}")
        for where, check in exam_checks(record.exam):
            line = printable(f"{path}: {where}: {check.message}")  # the message is translated (forms)
            sys.stderr.write(f"{PROG}: warning: {line}\n")  # not translated: the prefix, as the errors'
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
