"""The ``facialis`` command: version, help, --db, dispatch to subcommands, start-up errors."""
from __future__ import annotations

import argparse
import subprocess
import sys
import types
from importlib.metadata import version
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from facialis.gui import main as entry
from facialis.gui.app import EXIT_DATABASE_ERROR, create_main_window

from .conftest import PromptLog

VERSION_LINE = f"facialis {version('facialis')}"


def run_facialis(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "facialis.gui.main", *args], capture_output=True, text=True, timeout=60
    )


def test_version_prints_the_package_version() -> None:
    result = run_facialis("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == VERSION_LINE == "facialis 0.1.0"


def test_help_describes_db_option() -> None:
    result = run_facialis("--help")
    assert result.returncode == 0
    assert "usage: facialis" in result.stdout
    assert "--db PATH" in result.stdout


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).with_name("facialis")
    assert script.exists(), f"the facialis console script is not installed next to {sys.executable}"
    result = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert (result.returncode, result.stdout.strip()) == (0, VERSION_LINE)


def test_version_does_not_import_qt() -> None:
    code = (
        "import sys\n"
        "from facialis.gui.main import main\n"
        "code = main(['--version'])\n"
        "qt = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print('QT', code, qt)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "QT 0 []"


def test_usage_error_returns_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert entry.main(["--no-such-option"]) == 2
    assert "usage: facialis" in capsys.readouterr().err


def test_subcommands_are_dispatched_with_global_db(monkeypatch: pytest.MonkeyPatch) -> None:
    """A stand-in for the headless command module, to check the wiring only."""
    seen: list[argparse.Namespace] = []

    def add_subcommands(subparsers: argparse._SubParsersAction) -> None:
        assess = subparsers.add_parser("assess", help="assess an exam file")
        assess.add_argument("file")

    def run(args: argparse.Namespace) -> int:
        seen.append(args)
        return 3

    fake_cli = types.SimpleNamespace(add_subcommands=add_subcommands, run=run)
    monkeypatch.setattr(entry, "_cli_module", lambda: fake_cli)

    assert entry.main(["--db", "before.sqlite3", "assess", "exam.json"]) == 3
    assert entry.main(["assess", "exam.json", "--db", "after.sqlite3"]) == 3
    assert entry.main(["assess", "exam.json"]) == 3
    assert [(a.command, a.file, a.db) for a in seen] == [
        ("assess", "exam.json", "before.sqlite3"),
        ("assess", "exam.json", "after.sqlite3"),
        ("assess", "exam.json", None),
    ]


def test_non_database_file_is_refused_with_a_clear_prompt(
    qapp: QApplication, tmp_path: Path, prompts_log: PromptLog
) -> None:
    bad = tmp_path / "letter.sqlite3"
    bad.write_text("Dear colleague,\nthis is a referral letter, not a database.\n", encoding="utf-8")
    before = bad.read_bytes()

    assert entry.main(["--db", str(bad)]) == EXIT_DATABASE_ERROR

    (error,) = prompts_log.of_kind("error")
    assert str(bad) in error.text
    assert "not a Facialis database" in error.text
    assert bad.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [bad.name]  # no backup or journal left behind


def test_gui_starts_on_db_and_quits(qtbot: QtBot, qapp: QApplication, tmp_path: Path) -> None:
    db = tmp_path / "start.sqlite3"
    shown: list[str] = []

    def close_all() -> None:
        shown.extend(w.windowTitle() for w in qapp.topLevelWidgets() if w.isVisible())
        qapp.closeAllWindows()

    QTimer.singleShot(200, close_all)
    assert entry.main(["--db", str(db)]) == 0
    assert "Facialis" in shown
    assert db.exists()


def test_failed_backup_is_reported_but_the_window_opens(
    qtbot: QtBot, tmp_path: Path, prompts_log: PromptLog
) -> None:
    db = tmp_path / "clinic.sqlite3"
    (tmp_path / "clinic-backups").write_text("a file where the backup folder should be")

    window = create_main_window(db)

    assert window is not None
    qtbot.addWidget(window)
    (warning,) = prompts_log.of_kind("warning")
    assert "backup" in warning.text.lower()
    assert window.store.path == db
    window.close()
