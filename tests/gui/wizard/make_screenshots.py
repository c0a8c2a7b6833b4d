"""Screenshots of every wizard page for docs/screenshots (not a test).

Run from the repository root:
    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.gui.wizard.make_screenshots [FOLDER]

Vignette V5 (Bell's palsy, reference 11) is entered through the real main window, then every page is
captured; a few states follow: bilateral palsy (V13), signing refused, the signed exam, a follow-up.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from facialis.core.vignettes import VIGNETTE_DIR

ROOT = Path(__file__).resolve().parents[3]
VIGNETTES = VIGNETTE_DIR
SIZE = (1366, 860)
FILES = {
    "encounter": "wizard-01-encounter.png",
    "history": "wizard-02-history.png",
    "rest": "wizard-03-at-rest.png",
    "voluntary": "wizard-04-voluntary-movement.png",
    "sequelae": "wizard-05-synkinesis-sequelae.png",
    "sunnybrook": "wizard-06a-sunnybrook.png",
    "eface": "wizard-06b-eface.png",
    "yanagihara": "wizard-06c-yanagihara.png",
    "topognostic": "wizard-07-topognostic.png",
    "associated": "wizard-08-associated.png",
    "electro": "wizard-09-electrodiagnostics.png",
    "review": "wizard-10-review-and-sign.png",
}


def top(wizard, key: str) -> None:
    """Show a page from its top (entering the vignette scrolled it to the last item)."""
    view = wizard.views[key]
    if hasattr(view, "verticalScrollBar"):
        view.verticalScrollBar().setValue(0)


def main(folder: Path) -> int:
    home = Path(tempfile.mkdtemp(prefix="facialis-shots-"))
    os.environ.update(HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                      LOGNAME="clinician")  # the user the records name, not the account that ran this
    app = QApplication(sys.argv[:1])
    from facialis.core.exam import load_exam
    from facialis.core.settings import Settings
    from facialis.core.store import Store
    from facialis.gui import prompts
    from facialis.gui.main_window import MainWindow
    from facialis.gui.wizard import attach

    from .driver import Driver

    prompts.ask_yes_no = lambda *args, **kwargs: True  # type: ignore[assignment]
    folder.mkdir(parents=True, exist_ok=True)
    store = Store.open(home / "clinic.sqlite3", backup=False)
    v05 = load_exam(VIGNETTES / "v05.facialis.json")
    v13 = load_exam(VIGNETTES / "v13.facialis.json")
    anna = store.add_patient(v05.patient)
    lena = store.add_patient(v13.patient)
    window = MainWindow(store)
    controller = attach(window, Settings(examiner="Dr. A. Example"))
    window.resize(*SIZE)
    window.show()
    QTest.qWait(50)

    def shoot(name: str) -> None:
        QTest.qWait(30)
        window.grab().save(str(folder / name))
        print(folder / name)

    wizard = controller.new_exam(anna.id)
    assert wizard is not None
    driver = Driver()
    driver.enter_exam(wizard, v05)
    for key, name in FILES.items():
        wizard.go_to(key, focus=key != "review")
        top(wizard, key)
        shoot(name)

    wizard.go_to("encounter")
    wizard.controls["encounter.examiner"].editor.clear()
    wizard.sign()
    shoot("wizard-10-review-sign-refused.png")
    wizard.go_to("review")
    shoot("wizard-10-review-reasons-listed.png")
    wizard.controls["encounter.examiner"].editor.setText("Dr. A. Example")
    assert wizard.sign()
    shoot("wizard-10-review-signed-read-only.png")
    wizard.close_wizard()

    follow_up = controller.new_exam(anna.id)
    assert follow_up is not None
    shoot("wizard-01-encounter-follow-up.png")
    follow_up.discard()

    bilateral = controller.new_exam(lena.id)
    assert bilateral is not None
    Driver().enter_exam(bilateral, v13)
    bilateral.go_to("voluntary")
    top(bilateral, "voluntary")
    shoot("wizard-04-voluntary-movement-bilateral.png")
    bilateral.go_to("topognostic")
    top(bilateral, "topognostic")
    shoot("wizard-07-topognostic-bilateral.png")
    bilateral.go_to("review")
    shoot("wizard-10-review-bilateral.png")
    bilateral.close_wizard()
    window.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "screenshots"))
