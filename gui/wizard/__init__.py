"""The guided exam: the wizard a clinician fills in with the patient in front of them.

``attach(window)`` adds the Exam menu (New exam, Open exam; Save PDF, Print, Open PDF from
gui.report_actions) and a New exam button to the main window, and offers to restore drafts left
open by a crash once the window is up. Exams opened after Edit > Preferences is saved use the new
settings; an open exam keeps the ones it was opened with (its pages were built from them).
"""
from __future__ import annotations

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMainWindow

from facialis.core.settings import Settings

from .controller import WizardController


def attach(window: QMainWindow, settings: Settings | None = None) -> WizardController:
    """Wire the exam wizard into ``window`` (a ``MainWindow``); returns the controller."""
    controller = WizardController(window, settings)
    window.wizard_controller = controller  # type: ignore[attr-defined]
    from facialis.gui.report_actions import attach_reports  # imports the wizard: not at module level

    attach_reports(window, controller)
    if hasattr(window, "settingsChanged"):  # new exams and reports use the preferences saved last
        window.settingsChanged.connect(lambda settings: setattr(controller, "settings", settings))
    QTimer.singleShot(0, controller.offer_restore)
    return controller


__all__ = ["attach", "WizardController"]
