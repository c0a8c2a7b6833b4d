"""Reviewing saved cases: the Cases page (search, filter, sort 100,000 exams), a patient's
timeline with the recovery chart and version history, two exams compared, exports and imports.

``attach(window)`` adds the Cases page to the main window; Timeline and Compare appear as pages
when first used.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from .controller import BrowserController


def attach(window: QMainWindow) -> BrowserController:
    """Add the case browser to ``window`` (a ``MainWindow``); returns its controller."""
    controller = BrowserController(window)
    window.browser_controller = controller  # type: ignore[attr-defined]
    return controller


__all__ = ["BrowserController", "attach"]
