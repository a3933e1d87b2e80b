from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Tests never need a screen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The support log (desktop/logs.py) of every test, in process or in a subprocess, goes to a throw-away
# folder, never the user's own log folder; desktop tests point it at their own tmp_path.
os.environ["XDG_STATE_HOME"] = tempfile.mkdtemp(prefix="kinelink-test-state-")

FIXTURES = Path(__file__).parent / "fixtures"
