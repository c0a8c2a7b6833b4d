"""Settings: declared once, read without ever failing the start, saved without losing a file."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from facialis.core.settings import (
    CHOICE_LABELS,
    USER_SETTINGS,
    PaperSize,
    Settings,
    YanagiharaVariant,
    load_settings,
    read_settings,
    save_settings,
)


def test_every_user_setting_is_declared_with_help_and_every_choice_is_named() -> None:
    for name in USER_SETTINGS:
        assert Settings.model_fields[name].description, name
    for choice in [*PaperSize, *YanagiharaVariant]:
        assert CHOICE_LABELS[choice]


def test_a_missing_file_gives_the_defaults_without_a_problem(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "settings.json") == (Settings(), None)


@pytest.mark.parametrize(
    "text",
    ['{"examiner": "Dr. A"', '{"schirmer_threshold_percent": 300}', "[1, 2]", "\udcff".encode("utf-8", "surrogatepass")],
)
def test_an_unusable_file_gives_the_defaults_and_says_why_naming_the_file(tmp_path: Path, text: str | bytes) -> None:
    path = tmp_path / "settings.json"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    settings, problem = read_settings(path)
    assert settings == Settings() and load_settings(path) == Settings()
    assert problem is not None and str(path) in problem


def test_saving_over_an_unreadable_file_keeps_it_aside(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    for attempt in (1, 2):
        path.write_text(f"broken {attempt}", encoding="utf-8")
        kept = save_settings(Settings(examiner=f"Dr. {attempt}"), path)
        assert kept is not None and kept.read_text(encoding="utf-8") == f"broken {attempt}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "settings.json", "settings.json.unreadable", "settings.json.unreadable.2",
    ]
    assert json.loads(path.read_text(encoding="utf-8"))["examiner"] == "Dr. 2"


def test_saving_over_a_good_file_replaces_it(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    assert save_settings(Settings(examiner="Dr. A"), path) is None
    assert save_settings(Settings(examiner="Dr. B", paper_size=PaperSize.letter), path) is None
    assert load_settings(path) == Settings(examiner="Dr. B", paper_size=PaperSize.letter)
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ('{"schirmer_threshold_percent": 300}', "schirmer_threshold_percent: Input should be less than or equal to 90"),
        ('{"paper_size": "A5", "examiner": "Dr. A"}', "paper_size: Input should be 'A4' or 'Letter'"),
        ('{"paper_size": "A5", "schirmer_total_min_mm": -1}', "and 1 more"),
        ("[1, 2]", "Input should be a valid dictionary"),
    ],
)
def test_an_invalid_value_is_named_by_its_setting(tmp_path: Path, text: str, named: str) -> None:
    """A hand-edited file with one wrong value says which setting, not only how many errors."""
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="utf-8")
    problem = read_settings(path)[1]
    assert problem is not None and named in problem and "validation error for" not in problem
