"""The user's folders computed without platformdirs (desktop/paths.py) are platformdirs' own, and the
single-instance lock's name is the same SHA-256 as before."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest
from kinelink.desktop import paths
from platformdirs.macos import MacOS
from platformdirs.unix import Unix

HOME = "/home/Łukasz Żółć"
CASES = [  # (XDG value or None, ...): unset, absolute, relative (ignored), empty, blank
    None, "/srv/xdg dir/Иван", "relative/xdg", "", " ",
]


@pytest.mark.parametrize("xdg", CASES)
@pytest.mark.parametrize(("platform", "reference"), [("linux", Unix), ("darwin", MacOS)])
def test_data_and_config_folders_are_platformdirs_own(monkeypatch: pytest.MonkeyPatch, xdg: str | None,
                                                      platform: str, reference: type[Unix | MacOS]) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    monkeypatch.setenv("HOME", HOME)
    monkeypatch.delenv("ANDROID_DATA", raising=False)
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        if xdg is None:
            monkeypatch.delenv(variable, raising=False)
        else:
            monkeypatch.setenv(variable, xdg)
    dirs = reference("kinelink")
    assert paths.data_dir() == Path(dirs.user_data_dir)
    assert paths.settings_file() == Path(dirs.user_config_dir) / "settings.json"
    assert paths.default_database() == Path(dirs.user_data_dir) / "kinelink.sqlite3"


def test_an_odd_home_is_left_to_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    monkeypatch.setenv("HOME", "relative-home")
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    assert paths.settings_file() == Path(platformdirs.user_config_dir("kinelink")) / "settings.json"


def test_the_lock_name_is_the_paths_sha256(tmp_path: Path) -> None:
    file = tmp_path / "Praxis Żółć" / "clinic.sqlite3"
    expected = hashlib.sha256(str(file.absolute()).encode("utf-8")).hexdigest()[:20]
    assert paths.instance_key(file) == f"kinelink-{expected}"


@pytest.mark.parametrize("variables", [{"LOGNAME": "Łukasz"}, {"USER": "ivan"}, {"USERNAME": "minh"}, {}])
def test_the_lock_folder_names_the_user_as_getpass_does(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                        variables: dict[str, str]) -> None:
    import getpass

    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.delenv(name, raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    assert paths.instance_lock(tmp_path / "a.sqlite3").parent == tmp_path / f"kinelink-{getpass.getuser()}"
