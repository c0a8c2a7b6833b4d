"""Wires the Cases page, the Timeline and the Compare views into the main window.

Opening an exam and starting a follow-up belong to the exam wizard: when the window has one
(``window.wizard_controller``, added by ``facialis.gui.wizard.attach``) it is called; otherwise the
requests are emitted as ``openExamRequested`` / ``followUpRequested`` for whoever wires them.
Exports and imports run here, with a progress dialog that can be cancelled (an interrupted
export leaves no file behind) and a report of what was imported, skipped and refused.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from facialis.core.store import Store, StoreError
from facialis.gui import prompts

from .page import BrowserPage

if TYPE_CHECKING:
    from PySide6.QtWidgets import QProgressDialog

    from .compare import ComparePage
    from .timeline import TimelinePage

EXAM_FILTER = "Facialis exam files (*.facialis.json);;All files (*)"
DEMO_FILE = "demo-clinic.sqlite3"


#: Lines of the import report shown in the message box; the refusals come first.
SHOWN_REPORT_LINES = 25


class Cancelled(Exception):
    """The user stopped an export."""


def _summary(report: str) -> str:
    """The first lines of a report (counts, then refusals with their reasons), and how many more."""
    lines = report.splitlines()
    if len(lines) <= SHOWN_REPORT_LINES:
        return report
    return "\n".join(lines[:SHOWN_REPORT_LINES]) + f"\n… and {len(lines) - SHOWN_REPORT_LINES} more lines"


class BrowserController(QObject):
    openExamRequested = Signal(int)
    followUpRequested = Signal(int)

    def __init__(self, window: QMainWindow, page: BrowserPage | None = None) -> None:
        super().__init__(window)
        self.window = window
        # The page's widgets are built once the window has started (after its first paint).
        self.page = page if page is not None else BrowserPage(self._store(), finish=False)
        window.when_started(self.page.finish_setup)  # type: ignore[attr-defined]
        # Timeline and Compare (and the assessment code behind them) are made when first shown.
        self._timeline: TimelinePage | None = None
        self._compare: ComparePage | None = None
        window.add_page(self.page, "Cases")  # type: ignore[attr-defined]
        self.last_report: str | None = None

        self.page.openExamRequested.connect(self.open_exam)
        self.page.followUpRequested.connect(self.follow_up)
        self.page.timelineRequested.connect(self.show_timeline)
        self.page.compareRequested.connect(self.show_compare)
        self.page.exportRequested.connect(self.export)
        self.page.importRequested.connect(self.import_files)
        self.page.demoRequested.connect(self.open_demo)
        self.page.searchFailed.connect(lambda message: self._status(f"Search failed: {message}", 10000))
        window.storeChanged.connect(self._store_changed)  # type: ignore[attr-defined]
        self._pages().currentChanged.connect(self._page_shown)

    @property
    def timeline(self) -> TimelinePage:
        if self._timeline is None:
            from .timeline import TimelinePage

            self._timeline = TimelinePage()
            self._timeline.openExamRequested.connect(self.open_exam)
            self._timeline.followUpRequested.connect(self.follow_up)
            self._timeline.compareRequested.connect(self.show_compare)
        return self._timeline

    @property
    def compare(self) -> ComparePage:
        if self._compare is None:
            from .compare import ComparePage

            self._compare = ComparePage()
        return self._compare

    # -- window helpers ---------------------------------------------------------------------------
    def _store(self) -> Store:
        return self.window.store  # type: ignore[attr-defined,no-any-return]

    def _pages(self) -> Any:
        return self.window.pages  # type: ignore[attr-defined]

    def _status(self, text: str, timeout: int = 5000) -> None:
        self.window.statusBar().showMessage(text, timeout)

    def _show_page(self, widget: QWidget, title: str) -> None:
        pages = self._pages()
        if pages.indexOf(widget) < 0:
            self.window.add_page(widget, title)  # type: ignore[attr-defined]
        pages.setCurrentWidget(widget)

    def _page_shown(self, index: int) -> None:
        if self._pages().widget(index) is self.page:
            self.page.refresh()  # exams saved meanwhile appear

    def _store_changed(self, store: Store) -> None:
        self.page.set_store(store)
        for widget in (self._timeline, self._compare):
            index = self._pages().indexOf(widget) if widget is not None else -1
            if index >= 0:
                self._pages().removeTab(index)

    def show_cases(self) -> None:
        self._pages().setCurrentWidget(self.page)
        self.page.focus_search()

    # -- exams --------------------------------------------------------------------------------------
    def _wizard(self) -> Any:
        return getattr(self.window, "wizard_controller", None)

    def open_exam(self, exam_id: int) -> None:
        wizard = self._wizard()
        if wizard is not None and hasattr(wizard, "open_exam"):
            wizard.open_exam(exam_id)
        else:
            self.openExamRequested.emit(exam_id)

    def follow_up(self, patient_id: int) -> None:
        wizard = self._wizard()
        if wizard is not None and hasattr(wizard, "new_exam"):
            wizard.new_exam(patient_id)
        else:
            self.followUpRequested.emit(patient_id)

    def show_timeline(self, patient_id: int) -> None:
        from facialis.core.browse.course import patient_course
        from facialis.core.settings import load_settings

        try:
            course = patient_course(self._store(), patient_id, load_settings())
        except StoreError as exc:
            prompts.error(self.window, "Timeline not shown", exc.message)
            return
        self.timeline.show_course(course)
        self._show_page(self.timeline, "Timeline")

    def show_compare(self, first_id: int, second_id: int) -> None:
        from facialis.core.browse.compare import compare_exams
        from facialis.core.exam import ExamFileError

        store = self._store()
        try:
            first, second = store.get_exam(first_id), store.get_exam(second_id)
            if (str(first.summary.exam_date or ""), first.id) > (str(second.summary.exam_date or ""), second.id):
                first, second = second, first
            patient = store.get_patient(first.patient_id)
            rows = compare_exams(first, second, patient.patient)
        except (StoreError, ExamFileError) as exc:
            prompts.error(self.window, "Exams not compared", getattr(exc, "message", str(exc)))
            return
        days = [self._day(first), self._day(second)]
        self.compare.show_comparison(patient.patient.display_name, first, days[0], second, days[1], rows)
        self._show_page(self.compare, "Compare")

    @staticmethod
    def _day(record: Any) -> int | None:
        onset = (record.document.get("encounter") or {}).get("onset_date")
        exam_date = record.summary.exam_date
        if not onset or exam_date is None:
            return None
        day = exam_date.date() if hasattr(exam_date, "date") else exam_date
        return (day - date.fromisoformat(onset)).days

    # -- exports and imports ----------------------------------------------------------------------
    def export(self, kind: str, exam_ids: list[int]) -> Path | None:
        from facialis.core.exam import ExamFileError
        from facialis.core.interop import csv_export, exam_files, fhir_export

        today = date.today().isoformat()
        home = str(Path.home())
        count = len(exam_ids)
        noun = "exam" if count == 1 else "exams"
        chosen: str | Path | None
        # A name typed without a suffix gets it in the dialog, before the dialog asks about
        # overwriting: "exams" can then never silently replace an earlier "exams.csv".
        if kind == "files":
            chosen = prompts.choose_folder(self.window, f"Export {count} {noun} as files into", home)
        elif kind == "csv":
            chosen = prompts.choose_save_path(
                self.window, f"Export {count} {noun} as CSV", Path(home) / f"facialis-exams-{today}.csv",
                "CSV files (*.csv)", default_suffix="csv",
            )
        else:
            chosen = prompts.choose_save_path(
                self.window, f"Export {count} {noun} as a FHIR bundle",
                Path(home) / f"facialis-exams-{today}.fhir.json", "FHIR JSON (*.json)", default_suffix="json",
            )
        if not chosen:
            return None
        target = Path(chosen)
        if kind != "files" and not target.suffix:
            target = target.with_suffix(".csv" if kind == "csv" else ".json")  # "exams" means exams.csv
        store = self._store()
        ids = self._with_progress(exam_ids, f"Exporting {count} {noun}…")
        try:
            if kind == "csv":
                written, dictionary = csv_export.export_csv(store, ids, target)
                message = f"Exported {written} {noun} to {target}, with the data dictionary {dictionary.name}."
            elif kind == "fhir":
                entries = fhir_export.export_fhir(store, ids, target)
                message = f"Exported {count} {noun} ({entries} FHIR resources) to {target}."
            else:
                paths = exam_files.export_exam_files(store, ids, target)
                message = f"Exported {len(paths)} exam files into {target}."
        except Cancelled:
            self._status("Export cancelled; no file was written.")
            return None
        except (OSError, StoreError, ExamFileError, ValueError) as exc:
            prompts.error(self.window, "Export failed", f"Nothing usable was written to {target}:\n{getattr(exc, 'message', exc)}")
            return None
        finally:
            self._close_progress()
        self._status(message, 10000)
        return target

    def import_files(self, paths: list[str] | None = None) -> str | None:
        """Import the chosen files one by one under a progress dialog that can stop the import
        (the window stays responsive, and every file imported before stopping is kept); then
        show what happened to every file, refusals first, and list the new exams and patients."""
        from facialis.core.interop.exam_files import import_exam_files

        if paths is None:
            paths = prompts.choose_open_files(self.window, "Import exam files", str(Path.home()), EXAM_FILTER)
        if not paths or self._progress is not None:  # an import or export is under way
            return None
        try:
            report = import_exam_files(self._store(), paths, progress=self._import_progress(len(paths)))
        finally:
            self._close_progress()
            self._show_new_records()
        self.last_report = report.text()
        shown = _summary(self.last_report)
        if report.refused:
            prompts.warning(self.window, "Import finished with refusals", shown)
        elif report.not_attempted:
            prompts.info(self.window, "Import stopped", shown)
        else:
            prompts.info(self.window, "Import finished", shown)
        self._status(report.counts(), 10000)
        return self.last_report

    def _import_progress(self, count: int) -> Callable[[int, int, Path], bool]:
        """A progress callback for the import: shown once it takes a moment, Cancel stops it."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QLabel, QProgressDialog

        noun = "file" if count == 1 else "files"
        dialog = QProgressDialog(f"Importing {count} exam {noun}…", "Stop", 0, count, self.window)
        label = QLabel(dialog)
        label.setTextFormat(Qt.TextFormat.PlainText)  # file names are shown as typed, never as markup
        dialog.setLabel(label)
        dialog.setWindowTitle("Import exam files")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(400)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        self._progress = dialog

        def progress(done: int, total: int, path: Path) -> bool:
            if dialog.maximum() != total:
                dialog.setMaximum(total)  # a folder stands for the files in it
            dialog.setLabelText(f"Importing {done + 1} of {total}: {path.name}")
            dialog.setValue(done)
            if dialog.isVisible():  # window-modal once shown: only its Stop button takes clicks
                QApplication.processEvents()
            return not dialog.wasCanceled()

        return progress

    def _show_new_records(self) -> None:
        """After an import: the Cases list, the Patients list and the patient count show what it
        added (a file for a new MRN adds a patient)."""
        self.page.refresh()
        refresh_patients = getattr(self.window, "refresh_patients", None)  # a MainWindow
        if callable(refresh_patients):
            refresh_patients()

    def open_demo(self, path: Path | None = None) -> bool:
        """Create (once) a demo clinic beside the user's data and open it; their database is kept."""
        from facialis.core.interop.demo import fill_demo
        from facialis.core.paths import data_dir

        path = path or data_dir() / DEMO_FILE
        if not prompts.ask_yes_no(
            self.window, "Open a demo clinic?",
            f"Facialis will open a separate database of invented patients with their follow-up courses:\n{path}\n\n"
            "Your own database is not changed; File > Open database brings it back.",
            default_yes=True,
        ):
            return False
        try:
            with Store.open(path) as demo:
                if not demo.count_patients():
                    fill_demo(demo)
        except StoreError as exc:
            prompts.error(self.window, "Demo clinic not opened", exc.message)
            return False
        return bool(self.window.open_database(path))  # type: ignore[attr-defined]

    # -- progress -----------------------------------------------------------------------------------
    _progress: QProgressDialog | None = None

    def _with_progress(self, ids: list[int], label: str) -> Iterable[int]:
        if len(ids) < 50:
            return ids
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication, QProgressDialog

        dialog = QProgressDialog(label, "Cancel", 0, len(ids), self.window)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        self._progress = dialog

        def walk() -> Iterator[int]:
            for number, exam_id in enumerate(ids):
                if number % 25 == 0:
                    dialog.setValue(number)
                    QApplication.processEvents()
                    if dialog.wasCanceled():
                        raise Cancelled()
                yield exam_id

        return walk()

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.close()
            self._progress.deleteLater()
            self._progress = None
