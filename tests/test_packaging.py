"""What the installers rely on: the wheel's contents, resources found from an installed wheel, the Linux
desktop metadata agreeing with the package."""

from __future__ import annotations

import configparser
import subprocess
import sys
import sysconfig
import xml.etree.ElementTree as ET
import zipfile
from importlib.metadata import version
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "packaging" / "linux"
APP_ID = "com.kinelink.Kinelink"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(ROOT)],
                   check=True, capture_output=True, timeout=600)
    (found,) = out.glob("kinelink-*.whl")
    return found


@pytest.mark.slow
def test_the_wheel_carries_the_licences_resources_and_both_entry_points(wheel: Path) -> None:
    dist_info = f"kinelink-{version('kinelink')}.dist-info"
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        entry_points = z.read(f"{dist_info}/entry_points.txt").decode()
        licence = z.read(f"{dist_info}/licenses/LICENSE").decode()
    assert f"{dist_info}/licenses/reports/fonts/LICENSE.txt" in names
    assert "proprietary" in licence and "DejaVu" in licence
    points = configparser.ConfigParser()
    points.read_string(entry_points)
    assert points["console_scripts"]["kinelink"] == "kinelink.desktop.cli:entry"
    assert points["gui_scripts"]["kinelink-gui"] == "kinelink.desktop.cli:gui_entry"
    for shipped in ("kinelink/db/migrations/env.py", "kinelink/db/migrations/script.py.mako",
                    "kinelink/db/migrations/versions/v0001_initial_schema.py", "kinelink/reports/fonts/DejaVuSans.ttf",
                    "kinelink/reports/fonts/LICENSE.txt", "kinelink/desktop/icons/kinelink-256.png",
                    "kinelink/forms/locale/de.po"):
        assert shipped in names


@pytest.mark.slow
def test_an_installed_wheel_finds_its_migrations_fonts_and_icon(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target),
                    str(wheel)], check=True, capture_output=True, timeout=300)
    # -S: no site-packages processing, so the editable install's import hook is not there; the
    # dependencies come from this environment's site-packages, Kinelink only from the wheel.
    code = (
        "import sys; from kinelink.db import migrate; from kinelink.reports import typefaces; "
        "from importlib import resources; "
        "print(migrate.MIGRATIONS); print(migrate.head()); print(typefaces.register()); "
        "print(len((resources.files('kinelink.desktop') / 'icons' / 'kinelink-256.png').read_bytes())); "
        "from kinelink.forms import i18n, vocab; i18n.set_language('de'); print(vocab.Joint.HIP.label)"
    )
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": f"{target}:{sysconfig.get_paths()['purelib']}"}, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    location, head, family, icon_bytes, german = done.stdout.split()
    assert Path(location) == target / "kinelink" / "db" / "migrations"
    assert head == subprocess.run([sys.executable, "-c", "from kinelink.db import migrate; print(migrate.head())"],
                                  capture_output=True, text=True, check=True).stdout.strip()
    assert family == "KinelinkSans" and int(icon_bytes) > 1000
    assert german == "Hüfte"  # the catalog ships in the wheel and is found there


def test_the_desktop_entry_and_appstream_metadata_agree_with_the_package() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(LINUX / f"{APP_ID}.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Exec"] == "kinelink" and desktop["Icon"] == APP_ID and desktop["Terminal"] == "false"
    meta = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert meta.findtext("id") == APP_ID
    assert meta.findtext("launchable") == f"{APP_ID}.desktop"
    releases = meta.find("releases")
    assert releases is not None and releases[0].get("version") == version("kinelink")
    assert (ROOT / "packaging" / "windows" / "version.iss").read_text().strip().endswith(f'"{version("kinelink")}"')
