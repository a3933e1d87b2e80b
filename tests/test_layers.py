"""The layer rule of ../shared/house-style.md, checked on every import in the source."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names)
ALLOWED: dict[str, set[str]] = {
    "forms": {"forms"} | STDLIB,
    "db": {"db", "forms", "sqlalchemy", "alembic"} | STDLIB,
    "reports": {"reports", "forms", "reportlab"} | STDLIB,
}


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name.split(".")[0] for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("package", sorted(ALLOWED))
def test_package_imports_only_what_its_layer_allows(package: str) -> None:
    broken = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in imports(path)
        if name not in ALLOWED[package]
    ]
    assert not broken, broken


def test_only_desktop_imports_qt() -> None:
    for package in ("forms", "db", "reports"):
        for path in (ROOT / package).rglob("*.py"):
            assert "PySide6" not in imports(path), path


def test_checker_catches_a_break(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from PySide6 import QtCore\nimport sqlalchemy.orm\n")
    assert imports(bad) == ["PySide6", "sqlalchemy"]
