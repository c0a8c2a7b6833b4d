"""About Facialis: the version and what the application is (and is not) for."""
from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

INTENDED_USE = (
    "Facialis is decision support for clinicians who examine patients with facial paresis. "
    "It suggests grades, a lesion level and guideline actions; the clinician confirms every "
    "conclusion. It is not a substitute for clinical judgement."
)


def app_version() -> str:
    """The installed package version (one source of truth: pyproject)."""
    try:
        return version("facialis")
    except PackageNotFoundError:
        return "unknown"


class AboutDialog(QDialog):
    """Shown from Help > About Facialis; the intended-use statement is the point of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("About Facialis")

        title = QLabel(f"Facialis {app_version()}")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)

        self.intended_use = QLabel(INTENDED_USE)
        self.intended_use.setWordWrap(True)
        self.intended_use.setTextFormat(Qt.TextFormat.PlainText)
        self.intended_use.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        subtitle = QLabel("Facial nerve palsy: examination, grading, lesion level and case records.")
        subtitle.setWordWrap(True)
        built_with = QLabel(f"Built with Qt for Python (PySide6 {pyside_version}).")

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(subtitle)
        layout.addSpacing(8)
        layout.addWidget(self.intended_use)
        layout.addSpacing(8)
        layout.addWidget(built_with)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
