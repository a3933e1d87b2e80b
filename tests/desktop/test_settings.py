"""Settings file: private, atomic, tolerant of old or hand-edited content."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from kinelink.desktop import paths
from kinelink.desktop.settings import Settings, load_settings, save_settings


def test_round_trip_is_private(tmp_path: Path) -> None:
    path = tmp_path / "cfg" / "settings.json"
    settings = Settings(clinic_name="Fizjo Żółć & Co", clinician_name="Anna Nowak, PT", keep_backups=3)
    save_settings(settings, path)
    assert load_settings(path) == settings
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert "Żółć" in path.read_text(encoding="utf-8")


def test_missing_or_broken_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "none.json") == Settings()
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert load_settings(broken) == Settings()


def test_bad_values_fall_back_one_by_one(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps({"clinic_name": "Ok", "keep_backups": True, "auto_backup": "yes",
                                "unknown": 1, "clinician_name": 5}), encoding="utf-8")
    loaded = load_settings(path)
    assert loaded == Settings(clinic_name="Ok")
    path.write_text(json.dumps({"keep_backups": 0}), encoding="utf-8")
    assert load_settings(path).keep_backups == Settings().keep_backups


def test_default_locations_are_per_user(app_private_dirs: Path) -> None:
    assert paths.default_database().is_relative_to(app_private_dirs)
    assert paths.settings_file().is_relative_to(app_private_dirs)
    assert Settings().database_file() == paths.default_database()
    assert Settings(backup_folder="~/b").backup_dir() == Path.home() / "b"
