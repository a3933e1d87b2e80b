# Two commands for a new user: `make run` opens the application, `make test` runs every check.
# Both create the virtual environment .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run demo test lint typecheck bench clean dist dist-smoke messages

$(STAMP): pyproject.toml
	./system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/kinelink

demo: $(STAMP)
	$(BIN)/kinelink --db "$${TMPDIR:-/tmp}/kinelink-demo.sqlite3" --demo

lint: $(STAMP)
	$(BIN)/ruff check --no-cache .

typecheck: $(STAMP)
	@mkdir -p build/typecheck/kinelink
	@for p in forms db reports desktop; do ln -sfn ../../../$$p build/typecheck/kinelink/$$p; done
	$(BIN)/mypy

test: $(STAMP) lint typecheck
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

# Extract every translatable string into forms/locale/*.po (tools/messages.py); then translate the empty msgstr.
messages: $(STAMP)
	$(BIN)/python -m tools.messages de

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks.run

# The Linux application bundle (packaging/kinelink.spec): dist/kinelink/ and a .tar.gz of it. Built from
# a wheel installed into its own virtual environment (PyInstaller cannot follow the editable install).
DIST_VENV := build/dist-venv
VERSION = $(shell sed -n 's/^version = "\(.*\)"/\1/p' pyproject.toml)
ARCHIVE = dist/kinelink-$(VERSION)-linux-$(shell uname -m).tar.gz

dist:
	./system-deps.sh
	rm -rf $(DIST_VENV) build/pyinstaller dist/kinelink $(ARCHIVE)
	$(PYTHON) -m venv $(DIST_VENV)
	$(DIST_VENV)/bin/pip install --quiet --upgrade pip
	$(DIST_VENV)/bin/pip install --quiet '.[dist]'
	$(DIST_VENV)/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/kinelink.spec
	packaging/linux/finish-bundle.sh dist/kinelink
	tar -C dist -czf $(ARCHIVE) kinelink
	@du -sh dist/kinelink $(ARCHIVE)

# Runs the built bundle with none of the project's Python packages in reach (packaging/smoke.sh).
dist-smoke:
	@test -x dist/kinelink/kinelink || { echo "no bundle: run 'make dist' first"; exit 1; }
	packaging/smoke.sh dist/kinelink/kinelink

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache build dist
