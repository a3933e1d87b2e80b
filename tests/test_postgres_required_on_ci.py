"""The PostgreSQL variants of the tests skip, saying why, where no server was given, and fail instead
under CI=true (.ci/run starts one), so CI can never pass on SQLite alone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _run(ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KINELINK_TEST_POSTGRES") and k != "CI"}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
         "tests/db/test_db_nul.py::test_a_patient_name_with_nul_is_refused"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.mark.slow
def test_without_a_server_postgresql_variants_skip_locally_and_fail_on_ci() -> None:
    local = _run(None)
    assert local.returncode == 0, local.stdout
    assert "1 passed, 1 skipped" in local.stdout and "no PostgreSQL server for the tests" in local.stdout
    ci = _run("true")
    assert ci.returncode != 0
    assert "1 passed, 1 error" in ci.stdout and "CI=true, but no PostgreSQL server" in ci.stdout  # fails in setup
