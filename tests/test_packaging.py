"""Packaging: every package folder is listed in pyproject.toml, so a wheel carries all the code
and data (a data folder such as resources/fonts is a package too: setuptools warns, and will
stop shipping it, when it is not listed)."""
from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOP = {"core": "facialis.core", "gui": "facialis.gui", "resources": "facialis.resources"}


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    found = set()
    for folder, name in TOP.items():
        for path in (ROOT / folder).rglob("*"):
            if path.is_file() and "__pycache__" not in path.parts:
                relative = path.parent.relative_to(ROOT / folder).parts
                found.add(".".join((name, *relative)))
    assert found == listed


def test_console_entry_point_is_the_gui_main() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["project"]["scripts"]["facialis"] == "facialis.gui.main:main"
