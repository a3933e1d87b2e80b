"""Fixtures of the survival tests (damage, failures, hostile input, tampering)."""

from __future__ import annotations

from pathlib import Path

import pytest
from kinelink.db import history


@pytest.fixture(autouse=True)
def own_history_key(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own history key and anchors (db/history.py), so one test's key is not another's."""
    folder = tmp_path / "history"
    monkeypatch.setenv(history.DIR_ENV, str(folder))
    return folder
