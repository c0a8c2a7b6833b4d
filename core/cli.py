"""Headless commands of ``facialis`` (the entry point, gui/main.py, dispatches here).

Every command returns an exit code and never shows a traceback for bad input: a missing, damaged
or invalid file exits with status 2 and a message naming the file (and the field, when one is at
fault). Heavy libraries (reportlab, fhir.resources) are imported inside the commands that use them.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import TextIO

from .exam import ExamFileError, load_exam

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_BAD_INPUT = 2

Handler = Callable[[argparse.Namespace], int]


def _assess_command(args: argparse.Namespace, out: TextIO | None = None) -> int:
    from .assess import assess
    from .render import assessment_text
    from .settings import load_settings

    out = out or sys.stdout
    try:
        exam = load_exam(args.file)
    except ExamFileError as error:
        print(f"facialis assess: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    assessment = assess(exam, load_settings())
    if args.json:
        out.write(json.dumps(assessment.model_dump(mode="json"), ensure_ascii=False, indent=2) + "\n")
    else:
        out.write(assessment_text(exam, assessment))
    return EXIT_OK


def _add_assess(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "assess",
        help="assess an exam file and print the grades, lesion level and guidance",
        description="Read an exam file (*.facialis.json) and print its assessment.",
    )
    parser.add_argument("file", metavar="FILE", help="the exam file (*.facialis.json)")
    parser.add_argument("--json", action="store_true", help="print the assessment as one JSON object")
    parser.set_defaults(handler=_assess_command)


#: The commands, in the order ``--help`` lists them: (adds the parser, sets ``handler``).
COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = [_add_assess]


def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
    """Register every headless command on the ``facialis`` parser."""
    for add in COMMANDS:
        add(subparsers)


def run(args: argparse.Namespace) -> int:
    """Run the parsed command."""
    handler: Handler = args.handler
    try:
        return int(handler(args))
    except KeyboardInterrupt:
        return 130
