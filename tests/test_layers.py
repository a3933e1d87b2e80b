"""The layer rule of ../shared/house-style.md, checked on every import in the source.

Two checks, so neither has a blind spot the other leaves open:
- statically, every `import`, `from ... import` and every `importlib.import_module(...)` /
  `__import__(...)` whose argument is a string literal, in every module of a layer;
- at run time, in a fresh interpreter, which third-party packages importing the layer actually
  loads (catches imports hidden behind other modules).
Every layer must hold modules (a moved package fails here instead of passing vacuously).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STDLIB = set(sys.stdlib_module_names) | {"__future__"}
OWN = "kinelink"

# Layer -> the kinelink sub-packages and third-party top-level names it may import.
LAYERS: dict[str, tuple[set[str], set[str]]] = {
    "forms": ({"forms"}, set()),
    "db": ({"db", "forms"}, {"sqlalchemy", "alembic", "argon2", "sqlcipher3"}),  # passwords; encrypted files
    "reports": ({"reports", "forms"}, {"reportlab"}),
}
# The Qt-free part of desktop/: the command line and the application layer (use cases).
# They may use every layer below, but never Qt.
QT_FREE_DESKTOP = ("cli.py", "commands_*.py", "errors.py", "paths.py", "settings.py", "usecases/*.py")
DESKTOP_ALLOWED_THIRD_PARTY = {"sqlalchemy", "alembic", "reportlab", "platformdirs", "argon2", "keyring"}


def imports(path: Path) -> list[str]:
    """Every module name `path` imports, dotted, including string-literal dynamic imports."""
    tree = ast.parse(path.read_text("utf-8"))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in {"import_module", "__import__"} and isinstance(node.args[0].value, str):
                found.append(node.args[0].value.split(":")[0])
    return found


def verdict(name: str, own: set[str], third_party: set[str]) -> bool:
    parts = name.split(".")
    if parts[0] == OWN:
        return len(parts) == 1 or parts[1] in own
    return parts[0] in STDLIB or parts[0] in third_party


def modules(package: str, patterns: tuple[str, ...] = ("**/*.py",)) -> list[Path]:
    found = sorted({p for pattern in patterns for p in (ROOT / package).glob(pattern)})
    assert len(found) >= 3, f"{package}/ holds {len(found)} modules: has it moved?"
    return found


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_package_imports_only_what_its_layer_allows(package: str) -> None:
    own, third = LAYERS[package]
    broken = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in imports(path)
        if not verdict(name, own, third)
    ]
    assert not broken, broken


def test_qt_free_desktop_modules_never_import_qt() -> None:
    own = {"forms", "db", "reports", "desktop"}
    broken = [
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules("desktop", QT_FREE_DESKTOP)
        for name in imports(path)
        if name.split(".")[0] == "PySide6" or not verdict(name, own, DESKTOP_ALLOWED_THIRD_PARTY)
    ]
    assert not broken, broken


def loaded_by(*module_names: str) -> set[str]:
    """Top-level names of the modules a fresh interpreter holds after importing these."""
    code = (
        "import importlib, json, sys\n"
        f"for m in {list(module_names)!r}: importlib.import_module(m)\n"
        "print(json.dumps(sorted({n.split('.')[0] for n in sys.modules})))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    return set(json.loads(done.stdout))


def package_modules(package: str, patterns: tuple[str, ...] = ("**/*.py",)) -> list[str]:
    names = []
    for path in modules(package, patterns):
        rel = path.relative_to(ROOT).with_suffix("")
        parts = [p for p in rel.parts if p != "__init__"]
        if "migrations" in parts:  # Alembic's env.py and revisions run only inside Alembic
            continue
        names.append(".".join([OWN, *parts]))
    return names


@pytest.mark.parametrize("package", sorted(LAYERS))
def test_layer_loads_no_forbidden_package_at_run_time(package: str) -> None:
    _, third = LAYERS[package]
    foreign = {"PySide6", "sqlalchemy", "alembic", "reportlab"} - third
    assert not loaded_by(*package_modules(package)) & foreign


def test_command_line_and_use_cases_load_no_qt_at_run_time() -> None:
    assert "PySide6" not in loaded_by(*package_modules("desktop", QT_FREE_DESKTOP))


def test_the_use_case_layer_is_where_the_layer_test_looks() -> None:
    names = {p.name for p in modules("desktop/usecases")}
    assert {"__init__.py", "examfiles.py", "reading.py", "targets.py"} <= names
    assert all(p in modules("desktop", QT_FREE_DESKTOP) for p in modules("desktop/usecases"))


def test_checker_catches_a_break(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text(
        "from PySide6 import QtCore\nimport sqlalchemy.orm\nimport importlib\n"
        "importlib.import_module('PySide6.QtGui')\n__import__('reportlab')\n"
    )
    names = imports(bad)
    assert names == ["PySide6", "sqlalchemy.orm", "importlib", "PySide6.QtGui", "reportlab"]
    assert not verdict("PySide6.QtGui", {"forms"}, set())
    assert not verdict("kinelink.db", {"forms"}, set())
    assert verdict("kinelink.forms.model", {"forms"}, set())


def test_report_on_an_exam_file_never_loads_the_database_layer(tmp_path: Path) -> None:
    """`kinelink report FILE` prints a file: SQLAlchemy, Alembic, the db package and Qt stay unloaded."""
    exam = sorted((ROOT / "tests" / "fixtures" / "exams").glob("*.json"))[0]
    out = tmp_path / "summary.pdf"
    code = (
        "import json, sys\n"
        "from kinelink.desktop.cli import main\n"
        f"code = main(['report', {str(exam)!r}, '-o', {str(out)!r}])\n"
        "print(json.dumps([code, sorted(sys.modules)]))\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path)}  # no user settings read
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT, env=env)
    status, loaded = json.loads(done.stdout.splitlines()[-1])
    assert status == 0 and out.read_bytes().startswith(b"%PDF")
    assert "reportlab" in {n.split(".")[0] for n in loaded}  # the check sees what the command really loaded
    assert not {n for n in loaded if n.split(".")[0] in {"sqlalchemy", "alembic", "PySide6"} or
                n.startswith("kinelink.db")}
