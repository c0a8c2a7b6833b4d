"""GUI test set-up: a real Store on a temporary file, and prompts that never block.

Every modal prompt goes through ``facialis.gui.prompts``; here each of its functions is replaced
by a recorder, so a test can assert what the user would have been told, and a forgotten prompt
can never hang the run.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from facialis.core.patient import Patient, Sex
from facialis.core.store import PatientRecord, Store


@dataclass
class Prompt:
    kind: str
    title: str
    text: str


@dataclass
class PromptLog:
    """What the user was shown, and the answers they will give (in order)."""

    shown: list[Prompt] = field(default_factory=list)
    yes_no_answers: list[bool] = field(default_factory=list)
    text_answers: list[str | None] = field(default_factory=list)
    files: list[str | None] = field(default_factory=list)

    def of_kind(self, kind: str) -> list[Prompt]:
        return [prompt for prompt in self.shown if prompt.kind == kind]


@pytest.fixture(autouse=True)
def prompts_log(monkeypatch: pytest.MonkeyPatch) -> PromptLog:
    from facialis.gui import prompts

    log = PromptLog()

    def recorder(kind: str):
        def record(_parent, title: str, text: str, *_args, **_kwargs) -> None:
            log.shown.append(Prompt(kind, title, text))

        return record

    def ask_yes_no(_parent, title: str, text: str, **_kwargs) -> bool:
        log.shown.append(Prompt("question", title, text))
        return log.yes_no_answers.pop(0) if log.yes_no_answers else False

    def ask_text(_parent, title: str, label: str, text: str = "") -> str | None:
        log.shown.append(Prompt("text", title, label))
        return log.text_answers.pop(0) if log.text_answers else None

    def choose_database_file(_parent, directory: str = "") -> str | None:
        log.shown.append(Prompt("file", "Open database", directory))
        return log.files.pop(0) if log.files else None

    for kind in ("info", "warning", "error"):
        monkeypatch.setattr(prompts, kind, recorder(kind))
    monkeypatch.setattr(prompts, "ask_yes_no", ask_yes_no)
    monkeypatch.setattr(prompts, "ask_text", ask_text)
    monkeypatch.setattr(prompts, "choose_database_file", choose_database_file)
    return log


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite3"


@pytest.fixture
def store(db_path: Path) -> Iterator[Store]:
    """A store the test fills directly (the window under test opens its own connection)."""
    with Store.open(db_path) as opened:
        yield opened


def add_patient(
    store: Store,
    mrn: str,
    family_name: str,
    given_names: str = "",
    birth_date: date | None = None,
    sex: Sex = Sex.unknown,
) -> PatientRecord:
    return store.add_patient(
        Patient(mrn=mrn, family_name=family_name, given_names=given_names, birth_date=birth_date, sex=sex)
    )


def read_back(db_path: Path, mrn: str) -> PatientRecord | None:
    """What is on disk: a fresh connection, as the next start of the app would see it."""
    with Store.open(db_path, backup=False) as fresh:
        return fresh.find_patient_by_mrn(mrn)


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` key by key, in any script.

    ``QTest.keyClicks`` only knows Latin-1 keys, so every other character is sent as the key event
    a keyboard layout for that script produces (unknown key code, the character as its text).
    """
    widget.setFocus()
    for char in text:
        if char.isascii():
            QTest.keyClicks(widget, char)
        else:
            QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, char, Qt.KeyboardModifier.NoModifier)


def commit_with_input_method(widget: QWidget, text: str) -> None:
    """Enter ``text`` as an input method (IME) commits it, the usual way to type Chinese or Japanese."""
    widget.setFocus()
    QApplication.sendEvent(widget, QInputMethodEvent("", []))  # preedit starts empty
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)
