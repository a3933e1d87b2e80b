from __future__ import annotations

import os
from pathlib import Path

# Tests never need a screen; set before any Qt import.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

FIXTURES = Path(__file__).parent / "fixtures"
