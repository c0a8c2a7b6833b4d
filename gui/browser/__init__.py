"""Reviewing saved cases: the Cases page (search, filter, sort 100,000 exams), a patient's
timeline with the recovery chart and version history, two exams compared, exports and imports.

``attach(window)`` adds the Cases page to the main window; Timeline and Compare appear as pages
when first used.
"""
from __future__ import annotations

from PySide6.QtWidgets import QMainWindow

from .controller import BrowserController
from .page import BrowserPage


def attach(window: QMainWindow, page: BrowserPage | None = None) -> BrowserController:
    """Add the case browser to ``window`` (a ``MainWindow``); returns its controller.

    ``page``: a Cases page made beforehand on the window's store (the application start makes
    it first, so its count runs while the rest of the window is built)."""
    controller = BrowserController(window, page)
    window.browser_controller = controller  # type: ignore[attr-defined]
    return controller


__all__ = ["BrowserController", "attach"]
