"""Made-up patients for trying Kinelink (`--demo`, "Open demo data").

`db.bulk.fill_demo` writes them, and only into an empty database, so demo
patients never mix with a clinic's own records.
"""

from __future__ import annotations

from kinelink import db
from kinelink.desktop.usecases.workspace import Workspace

DEMO_PATIENTS = 50


def fill_if_empty(ws: Workspace, patients: int = DEMO_PATIENTS) -> bool:
    """Fill the database if it holds no patient; False (and nothing written) otherwise."""
    from kinelink.db.bulk import fill_demo  # the generator is needed here only, not at every start

    try:
        fill_demo(ws.database, patients=patients)
    except db.Conflict:
        return False
    return True
