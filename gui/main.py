"""The ``facialis`` command: the GUI by default, headless subcommands from ``facialis.core.cli``.

Qt is imported only on the GUI path, so ``facialis --version`` and the subcommands start fast and
work on machines without a display.
"""
from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

CLI_MODULE = "facialis.core.cli"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version  # only for --version: slow to import

    try:
        return version("facialis")
    except PackageNotFoundError:
        return "unknown"


class _VersionAction(argparse.Action):
    """``--version``, with the version looked up only when asked for."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help="show the version and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"facialis {_version()}")  # on standard output, as argparse's own version action does
        parser.exit()


def _cli_module() -> ModuleType | None:
    """The headless commands, when that module exists yet (an error inside it is not hidden)."""
    try:
        return importlib.import_module(CLI_MODULE)
    except ModuleNotFoundError as exc:
        if exc.name == CLI_MODULE:
            return None
        raise


def build_parser(cli: ModuleType | None = None) -> argparse.ArgumentParser:
    """The argument parser; ``cli`` contributes subcommands through ``add_subcommands``."""
    parser = argparse.ArgumentParser(
        prog="facialis",
        description=(
            "Facial nerve palsy: guided examination, grading, lesion level and case records. "
            "Without a command, the application window opens."
        ),
    )
    parser.add_argument("--version", action=_VersionAction)
    db_help = "database file to use (default: $FACIALIS_DB, then the saved setting, then the user data folder)"
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)

    add_subcommands: Callable[[argparse._SubParsersAction], None] | None = getattr(cli, "add_subcommands", None)
    if callable(add_subcommands):
        subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
        add_subcommands(subparsers)
        # --db is global: accept it after the command too, without overriding one given before it.
        for subparser in subparsers.choices.values():
            try:
                subparser.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
            except argparse.ArgumentError:
                pass  # the command declares --db itself
    parser.set_defaults(command=None)
    return parser


def _window_only(argv: Sequence[str]) -> tuple[bool, str | None]:
    """(True, the --db value) when the arguments ask for the window and nothing else: none, or
    ``--db PATH`` alone. Anything else goes through the full parser (help, version, commands)."""
    args = list(argv)
    if not args:
        return True, None
    if len(args) == 1 and args[0].startswith("--db=") and len(args[0]) > 5:
        return True, args[0][5:]
    if len(args) == 2 and args[0] == "--db" and args[1] and not args[1].startswith("-"):
        return True, args[1]
    return False, None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of ``facialis``; returns the process exit code."""
    window, db = _window_only(sys.argv[1:] if argv is None else argv)
    if window:  # what the parser would decide, without loading the headless commands to build it
        return _run_gui(db)
    cli = _cli_module()
    parser = build_parser(cli)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help, --version and usage errors
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    if args.command is None:
        return _run_gui(args.db)
    assert cli is not None  # a command can only be parsed when the module supplied it
    return int(cli.run(args) or 0)


def _run_gui(db: str | None) -> int:
    from facialis.gui.app import run  # Qt is loaded here and only here

    return run(db)


if __name__ == "__main__":
    raise SystemExit(main())
