"""`facialis assess`: readable and JSON output for every example file, clear errors for bad files."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from facialis.gui.main import main
from facialis.core.vignettes import VIGNETTE_DIR

VIGNETTES = sorted(VIGNETTE_DIR.glob("*.facialis.json"))


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.name)
def test_assess_prints_a_readable_assessment(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(path)]) == 0
    out = capsys.readouterr().out
    assert "House-Brackmann (suggested)" in out
    assert "Lesion level" in out and "Guideline actions" in out
    assert out.rstrip().endswith("the clinician confirms every conclusion.")


@pytest.mark.parametrize("path", VIGNETTES, ids=lambda p: p.name)
def test_assess_json_is_one_object(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["assess", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"house_brackmann", "fngs2", "localization", "differential", "red_flags", "actions"} <= set(data)


def test_readable_output_of_v05_reads_correctly(capsys: pytest.CaptureFixture[str]) -> None:
    main(["assess", str(VIGNETTES[4])])
    out = capsys.readouterr().out
    assert "Left: IV" in out
    assert "Candidate segments (proximal to distal): Labyrinthine segment, Geniculate ganglion" in out
    assert "1. Bell's palsy" in out
    assert "32 h left at the exam time" in out


def test_missing_file_exits_2_naming_the_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "absent.facialis.json"
    assert main(["assess", str(missing)]) == 2
    err = capsys.readouterr().err
    assert "absent.facialis.json" in err and "no such file" in err


def test_invalid_file_exits_2_naming_the_file_and_field(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    doc = json.loads(VIGNETTES[4].read_text(encoding="utf-8"))
    doc["face"]["left"]["voluntary"]["fngs_eye"] = 7
    bad = tmp_path / "bad.facialis.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["assess", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.facialis.json" in err and "face.left.voluntary.fngs_eye" in err


def test_damaged_file_gives_a_message_not_a_traceback(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.facialis.json"
    damaged.write_text('{"format_version": 2, "patient": {', encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "facialis.gui.main", "assess", str(damaged)],
        capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2
    assert "damaged.facialis.json" in result.stderr and "not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr
