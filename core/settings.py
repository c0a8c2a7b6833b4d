"""User settings: declared once, typed, versioned, with cited defaults.

Where published sources disagree (the Schirmer criterion, the Yanagihara scoring variant) the
choice is a setting, and its default is cited here. Window geometry and other purely visual state
are kept by the GUI in QSettings, not here.
"""
from __future__ import annotations

import json
import os
from enum import Enum
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .atomic import write_text
from .paths import DB_ENV_VAR, config_dir, default_db_path

SETTINGS_VERSION = 1
SETTINGS_FILENAME = "settings.json"


class YanagiharaVariant(str, Enum):
    """Yanagihara item scoring (clinical-reference 4): 0-4 in five steps, or 0/2/4."""

    five_level = "five_level"
    three_level = "three_level"


class PaperSize(str, Enum):
    a4 = "A4"
    letter = "Letter"


class Settings(BaseModel):
    """Every user-adjustable choice of the application, with its default."""

    model_config = ConfigDict(extra="ignore", validate_assignment=True)

    version: int = SETTINGS_VERSION
    schirmer_threshold_percent: int = Field(
        default=50,
        ge=10,
        le=90,
        description=(
            "Schirmer is abnormal when the affected side wets less than this percentage of the "
            "other side. Clinical-reference 5.3 gives two criteria: (a) reduced by more than 30%, "
            "i.e. below 70% here, and (b) below 50%; the default is 50% as recommended there."
        ),
    )
    schirmer_total_min_mm: int = Field(
        default=25,
        ge=0,
        le=70,
        description="Schirmer is also abnormal when both eyes together wet less than this (mm at 5 min; 5.3).",
    )
    yanagihara_variant: YanagiharaVariant = Field(
        default=YanagiharaVariant.five_level,
        description="Yanagihara item scoring: 0-4 in five steps (Cochrane table) or 0/2/4 (reference 4).",
    )
    paper_size: PaperSize = Field(
        default=PaperSize.a4,
        description="Used for every PDF summary: saved, printed, or made by the report command.",
    )
    database_path: str | None = Field(
        default=None, description="Database file to open; empty means the user data folder."
    )
    examiner: str = Field(
        default="",
        max_length=200,
        description="Filled in as the examiner of each new exam (it can be changed in the exam).",
    )


#: The settings a user changes in Preferences, in the order shown, with their names there (the
#: help under each is the field's ``description``). ``database_path`` is chosen with File > Open
#: database, and ``version`` is the file's own.
USER_SETTINGS: dict[str, str] = {
    "examiner": "Examiner for new exams",
    "paper_size": "Paper size of the PDF summary",
    "schirmer_threshold_percent": "Schirmer: abnormal below",
    "schirmer_total_min_mm": "Schirmer: abnormal when both eyes together wet less than",
    "yanagihara_variant": "Yanagihara item scoring",
}

#: How each choice of an enumerated setting is named.
CHOICE_LABELS: dict[Enum, str] = {
    PaperSize.a4: "A4 (210 \u00d7 297 mm)",
    PaperSize.letter: "US Letter (8.5 \u00d7 11 in)",
    YanagiharaVariant.five_level: "Five levels: 0, 1, 2, 3, 4",
    YanagiharaVariant.three_level: "Three levels: 0, 2, 4",
}


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


def read_settings(path: Path | None = None) -> tuple[Settings, str | None]:
    """The settings, and why the file could not be used when it exists but is unreadable.

    The application starts on the defaults either way; the Preferences dialog tells the user, so a
    hand-edited file with a typo is not silently ignored (and not silently replaced, see
    ``save_settings``).
    """
    path = path or settings_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings(), None
    except (OSError, ValueError) as exc:
        return Settings(), f"{path} could not be read ({exc}); the defaults are used."
    try:
        return Settings.model_validate(json.loads(text)), None
    except (ValueError, ValidationError) as exc:
        return Settings(), f"{path} is not a valid settings file ({_problem(exc)}); the defaults are used."


def _problem(error: ValueError) -> str:
    """What is wrong, naming the setting as the file spells it: a hand-edited file with one bad
    value must say which (pydantic's first line only counts the errors)."""
    if isinstance(error, ValidationError) and error.errors():
        problems = error.errors()
        first = problems[0]
        where = ".".join(str(part) for part in first["loc"])
        text = f"{where}: {first['msg']}" if where else str(first["msg"])
        return text + (f", and {len(problems) - 1} more" if len(problems) > 1 else "")
    text = str(error)
    return text.splitlines()[0] if text else type(error).__name__


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing or unreadable file gives the defaults (never an error at start)."""
    return read_settings(path)[0]


def save_settings(settings: Settings, path: Path | None = None) -> Path | None:
    """Write atomically so a crash never leaves half a settings file.

    A file that exists but cannot be read as settings is moved aside first (``settings.json.unreadable``,
    numbered if taken) rather than overwritten: it may hold choices the user wants back. Returns
    where it was moved, or None.
    """
    path = path or settings_path()
    kept: Path | None = None
    if path.exists() and read_settings(path)[1] is not None:
        kept = _free_name(path.with_name(path.name + ".unreadable"))
        os.replace(path, kept)
    write_text(path, settings.model_dump_json(indent=2))
    return kept


def _free_name(wanted: Path) -> Path:
    """``wanted``, or ``wanted.2``, ``wanted.3``... whichever does not exist yet."""
    candidate, number = wanted, 1
    while candidate.exists():
        number += 1
        candidate = wanted.with_name(f"{wanted.name}.{number}")
    return candidate


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database every command opens: --db, then $FACIALIS_DB, then the saved setting, then the data folder."""
    if cli_value or os.environ.get(DB_ENV_VAR):
        return default_db_path(cli_value)
    return default_db_path(load_settings().database_path)
