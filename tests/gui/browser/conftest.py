"""A demo clinic in a temporary database, the main window with the case browser attached, and
file choosers that answer from a list (they are prompts too: a test never waits on a dialog)."""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from facialis.core.interop.demo import fill_demo
from facialis.core.store import Store
from facialis.gui.browser import BrowserController, attach
from facialis.gui.main_window import MainWindow


@dataclass
class FileAnswers:
    save: list[str | None] = field(default_factory=list)
    folders: list[str | None] = field(default_factory=list)
    open: list[list[str]] = field(default_factory=list)
    asked: list[str] = field(default_factory=list)
    #: The suffix each save dialog adds to a name typed without one.
    suffixes: list[str] = field(default_factory=list)


@pytest.fixture(autouse=True)
def file_answers(monkeypatch: pytest.MonkeyPatch) -> FileAnswers:
    from facialis.gui import prompts

    answers = FileAnswers()

    def choose_save_path(_parent, title: str, suggested: Path, filters: str, default_suffix: str = "") -> Path | None:
        """As the dialog does: the default suffix is added to a name typed without one."""
        answers.asked.append(title)
        answers.suffixes.append(default_suffix)
        chosen = answers.save.pop(0) if answers.save else None
        if chosen is None:
            return None
        path = Path(chosen)
        return path.with_name(f"{path.name}.{default_suffix}") if default_suffix and not path.suffix else path

    def choose_folder(_parent, title: str, directory: str = "") -> str | None:
        answers.asked.append(title)
        return answers.folders.pop(0) if answers.folders else None

    def choose_open_files(_parent, title: str, directory: str, filters: str) -> list[str]:
        answers.asked.append(title)
        return answers.open.pop(0) if answers.open else []

    monkeypatch.setattr(prompts, "choose_save_path", choose_save_path)
    monkeypatch.setattr(prompts, "choose_folder", choose_folder)
    monkeypatch.setattr(prompts, "choose_open_files", choose_open_files)
    return answers


@pytest.fixture
def demo_db(db_path: Path) -> Path:
    with Store.open(db_path, user="dr.demo", backup=False) as store:
        fill_demo(store, patients=20, seed=5)
    return db_path


@pytest.fixture
def window(qtbot, demo_db: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    opened = MainWindow(Store.open(demo_db, backup=False))
    qtbot.addWidget(opened)
    opened.resize(1200, 760)
    yield opened
    controller = getattr(opened, "browser_controller", None)
    if controller is not None:
        controller.page.close_browser()
    opened.close_store()


@pytest.fixture
def browser(window: MainWindow) -> BrowserController:
    controller = attach(window)
    window.show()
    window.pages.setCurrentWidget(controller.page)
    return controller
