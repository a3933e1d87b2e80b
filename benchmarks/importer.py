"""Another program importing exam files into a database, batch after batch, until its stdin closes:
the load under which `figures.search_while_importing` measures the search.

    python -m benchmarks.importer DATABASE START
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

from kinelink import db
from kinelink.desktop.usecases import examfiles
from kinelink.forms import demo, examfile

BATCH = 5  # made-up patients per import (about 25 exam files)
SEED = 4242


def write_files(folder: Path, start: int, patients: int) -> list[Path]:
    """The visits of made-up patients start .. start+patients-1 as exam files."""
    out = []
    for case in demo.generate(SEED, patients, start=start):
        for record in case.records:
            target = folder / f"{record.exam.id}.json"
            target.write_text(examfile.dumps(record), encoding="utf-8")
            out.append(target)
    return out


def main() -> None:
    path, start = sys.argv[1], int(sys.argv[2])
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set()), daemon=True).start()
    imported = 0
    with tempfile.TemporaryDirectory() as folder, db.open_database(path, quick_check=False) as database:
        print("ready", flush=True)
        while not stop.is_set():
            batch = Path(folder) / str(start)
            batch.mkdir()
            files = write_files(batch, start, BATCH)
            imported += examfiles.import_files(database, files, author="importer").added
            start += BATCH
            print(f"stored {imported}", flush=True)  # one line per committed unit of work
    print(imported, flush=True)


if __name__ == "__main__":
    main()
