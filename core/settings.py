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
    paper_size: PaperSize = Field(default=PaperSize.a4, description="Paper size of the PDF summary.")
    database_path: str | None = Field(
        default=None, description="Database file to open; empty means the user data folder."
    )
    examiner: str = Field(default="", max_length=200, description="Default examiner name for new exams.")


def settings_path() -> Path:
    return config_dir() / SETTINGS_FILENAME


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings file; a missing or unreadable file gives the defaults (never an error at start)."""
    path = path or settings_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return Settings.model_validate(raw)
    except (OSError, ValueError, ValidationError):
        return Settings()


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write atomically so a crash never leaves half a settings file."""
    write_text(path or settings_path(), settings.model_dump_json(indent=2))


def resolve_db_path(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The database every command opens: --db, then $FACIALIS_DB, then the saved setting, then the data folder."""
    if cli_value or os.environ.get(DB_ENV_VAR):
        return default_db_path(cli_value)
    return default_db_path(load_settings().database_path)
