"""Importing exam files from the Cases page: progress that can be stopped, a summary that shows
the refusals, and every list (Cases, Patients, the patient count) showing what was added."""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from facialis.core.interop import exam_files
from facialis.core.store import Store
from facialis.core.vignettes import VIGNETTE_DIR
from facialis.gui.browser import BrowserController
from facialis.gui.main_window import MainWindow

from ..conftest import PromptLog
from .conftest import FileAnswers

V05: dict[str, Any] = json.loads((VIGNETTE_DIR / "v05.facialis.json").read_text(encoding="utf-8"))


def exam_file(folder: Path, n: int, **patient: Any) -> str:
    doc = copy.deepcopy(V05)
    doc["uid"] = f"gui-import-{n}"
    doc["patient"].update({"mrn": f"GUI-{n:04}", "family_name": f"Importa{n}", **patient})
    path = folder / f"{n:04}.facialis.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return str(path)


def test_an_import_shows_new_patients_on_the_patients_page_and_in_the_count(
    qtbot, browser: BrowserController, window: MainWindow, file_answers: FileAnswers, prompts_log: PromptLog, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A file for a new MRN adds a patient; the Cases list showed its exam, but the Patients page
    and the status line's patient count stayed as they were until something else refreshed them."""
    patients_before = window.store.count_patients()
    window.pages.setCurrentWidget(window.patients_page)
    assert window.patients_page.model.rowCount() == patients_before
    window.pages.setCurrentWidget(browser.page)
    rows_before = browser.page.model.rowCount()
    file_answers.open.append([exam_file(tmp_path, 1, given_names="Ada", birth_date="1970-05-06", sex="female")])

    qtbot.mouseClick(browser.page.import_button, Qt.MouseButton.LeftButton)

    (shown,) = prompts_log.shown
    assert shown.title == "Import finished" and "(new patient)" in shown.text
    assert browser.page.model.rowCount() == rows_before + 1
    assert window.patients_page.model.rowCount() == patients_before + 1
    assert f"{patients_before + 1} patients" in window.status_label.text()
    record = window.store.find_patient_by_mrn("GUI-0001")
    assert record is not None and record.patient.given_names == "Ada" and record.patient.sex.value == "female"


def test_two_hundred_files_import_under_a_progress_dialog_that_can_stop(
    qtbot, browser: BrowserController, window: MainWindow, prompts_log: PromptLog, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The import ran as one blocking call: no progress, no way to stop 200 files. Now Stop ends
    it after the file under way; what was imported stays and the summary says what was not."""
    paths = [exam_file(tmp_path, n) for n in range(200)]
    real, done = exam_files.import_one, []
    seen: list[Any] = []

    def import_one(store: Store, path: Path):  # type: ignore[no-untyped-def]
        dialog = browser._progress
        seen.append(dialog)
        if len(done) == 30:
            assert dialog is not None
            dialog.cancel()  # the user presses Stop
        done.append(path)
        return real(store, path)

    monkeypatch.setattr(exam_files, "import_one", import_one)
    rows_before = browser.page.model.rowCount()
    report = browser.import_files(paths)

    assert seen[0] is not None and seen[0].maximum() == 200
    assert len(done) == 31  # the file under way when Stop was pressed is finished, no more
    assert browser._progress is None  # closed again
    (shown,) = prompts_log.shown
    assert shown.title == "Import stopped"
    assert shown.text.startswith("31 imported, 0 skipped as duplicates, 0 refused. Stopped before the other 169 file(s)")
    assert report is not None and paths[199] in report
    assert browser.page.model.rowCount() == rows_before + 31
    assert window.statusBar().currentMessage().startswith("31 imported")


def test_refusals_stay_visible_in_a_long_summary(
    browser: BrowserController, prompts_log: PromptLog, tmp_path: Path
) -> None:
    """The summary shows 25 lines; refusals were listed after every imported file, so with 40
    good files the one damaged file and its reason were cut off behind '… and N more lines'."""
    paths = [exam_file(tmp_path, n) for n in range(40)]
    bad = tmp_path / "zz-damaged.facialis.json"
    bad.write_bytes(b'{"format_version": 2, "uid": ')
    browser.import_files([*paths, str(bad)])
    (shown,) = prompts_log.shown
    assert shown.kind == "warning" and shown.title == "Import finished with refusals"
    assert f"{bad}: damaged exam file, not valid JSON" in shown.text
    assert shown.text.endswith("more lines")
