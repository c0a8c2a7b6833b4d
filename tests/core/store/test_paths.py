"""The user folders (database, settings, window state) are platformdirs' own on every setting of
the XDG variables and $HOME, though Linux finds them without importing platformdirs."""
from __future__ import annotations

from pathlib import Path

import platformdirs
import pytest

from facialis.core import paths

UNSET = None


@pytest.mark.parametrize("home", ["/home/clinician", "/home/clinician/", "relative/home", "", UNSET])
@pytest.mark.parametrize("xdg", ["/srv/xdg", "/srv/xdg/", "relative/xdg", "", UNSET])
def test_folders_are_platformdirs_own(monkeypatch: pytest.MonkeyPatch, home: str | None, xdg: str | None) -> None:
    for name, value in (("HOME", home), ("XDG_CONFIG_HOME", xdg), ("XDG_DATA_HOME", xdg)):
        if value is None:
            monkeypatch.delenv(name, raising=False)
        else:
            monkeypatch.setenv(name, value)
    expected = (
        platformdirs.user_config_path(paths.APP_NAME, appauthor=False),
        platformdirs.user_data_path(paths.APP_NAME, appauthor=False),
    )
    assert (paths.config_dir(), paths.data_dir()) == expected


def test_linux_needs_no_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths.sys, "platform", "linux")
    monkeypatch.setenv("HOME", "/home/clinician")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/home/clinician/.config")
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    assert paths._linux_xdg_dir("XDG_CONFIG_HOME", "~/.config") == Path("/home/clinician/.config/Facialis")
    assert paths._linux_xdg_dir("XDG_DATA_HOME", "~/.local/share") == Path("/home/clinician/.local/share/Facialis")
