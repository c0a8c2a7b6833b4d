"""Malformed JSON that the parser itself chokes on (too deep, too many digits) is an ExamFileError
naming the file, for every caller: the loader, `facialis report FILE` and `facialis assess`."""
from __future__ import annotations

from pathlib import Path

import pytest

from facialis.core.exam import ExamFileError, load_exam, loads_exam
from facialis.gui.main import main

MALFORMED = {
    "deep-array": ("[" * 2000 + "]" * 2000, "nested too deeply"),
    "deep-object": ('{"a":' * 2000 + "1" + "}" * 2000, "nested too deeply"),
    "long-integer": ('{"format_version": ' + "9" * 5000 + "}", "a number in it has too many digits"),
}


@pytest.mark.parametrize("name", MALFORMED)
def test_loads_exam_refuses_with_a_message(name: str) -> None:
    text, reason = MALFORMED[name]
    with pytest.raises(ExamFileError) as refused:
        loads_exam(text, "upload.facialis.json")
    assert refused.value.message.startswith("upload.facialis.json: damaged exam file")
    assert reason in refused.value.message


@pytest.mark.parametrize("name", MALFORMED)
def test_load_exam_names_the_file(tmp_path: Path, name: str) -> None:
    text, reason = MALFORMED[name]
    path = tmp_path / f"{name}.facialis.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ExamFileError) as refused:
        load_exam(path)
    assert str(path) in refused.value.message and reason in refused.value.message


@pytest.mark.parametrize("command", ["report", "assess"])
@pytest.mark.parametrize("name", MALFORMED)
def test_commands_exit_2_with_the_message(
    tmp_path: Path, name: str, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    text, reason = MALFORMED[name]
    path = tmp_path / f"{name}.facialis.json"
    path.write_text(text, encoding="utf-8")
    argv = [command, str(path)] + (["-o", str(tmp_path / "out.pdf")] if command == "report" else [])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert str(path) in err and reason in err
    assert not (tmp_path / "out.pdf").exists()
