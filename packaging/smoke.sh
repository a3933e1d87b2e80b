#!/usr/bin/env bash
# Smoke test of a built Kinelink: the commands and the window, in an environment that has none of the
# project's Python packages (env -i, PATH=/usr/bin:/bin, a new empty HOME, run from a temporary folder).
#
#   packaging/smoke.sh dist/kinelink/kinelink      # the bundle (make dist-smoke)
#   packaging/smoke.sh .venv/bin/kinelink          # the development install, for comparing start-up
#
# Prints one line per step with its wall time in ms; exits non-zero at the first failure.
set -euo pipefail
exe=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
root=$(cd "$(dirname "$0")/.." && pwd)
fixture=$root/tests/fixtures/exams/full_left_knee_to_hip.json
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$fixture" "$work/exam.json"
cd "$work"
mkdir home

clean() {  # run a command with nothing of the caller's environment
    timeout 300 env -i PATH=/usr/bin:/bin HOME="$work/home" LANG=C.UTF-8 QT_QPA_PLATFORM=offscreen "$@"
}

step() {  # step NAME EXPECTED-IN-STDOUT COMMAND...
    local name=$1 expect=$2; shift 2
    local start end
    start=$(date +%s%N)
    if ! clean "$@" > out.txt 2> err.txt; then
        echo "FAIL $name: exit status $?"; cat err.txt; exit 1
    fi
    end=$(date +%s%N)
    if [ -n "$expect" ] && ! grep -qF -- "$expect" out.txt; then
        echo "FAIL $name: expected '$expect' in the output:"; head -20 out.txt; cat err.txt; exit 1
    fi
    if grep -q "Traceback" err.txt; then
        echo "FAIL $name: a traceback on stderr"; cat err.txt; exit 1
    fi
    printf '%-10s %6d ms\n' "$name" $(((end - start) / 1000000))
}

if clean python3 -c "import kinelink" 2>/dev/null; then
    echo "FAIL: this environment's python3 can import kinelink; the smoke test would prove nothing"; exit 1
fi
step version "kinelink " "$exe" --version
step validate "ok exam.json" "$exe" validate exam.json
step analyze '"red_flags"' "$exe" analyze exam.json --format json
step report "" "$exe" report exam.json -o summary.pdf
head -c 5 summary.pdf | grep -q '%PDF-' || { echo "FAIL report: summary.pdf is not a PDF"; exit 1; }
step letter "" "$exe" report exam.json -o letter.pdf --letter --to "Dr Jan Kowalski"
step import "imported exam.json: patient" "$exe" import exam.json --db clinic.sqlite3
step export "" "$exe" export --db clinic.sqlite3 --out-dir exported
[ "$(ls exported)" = "6f1c2a9e-3b7d-4c1e-9a55-0c3b8e1d2f40.json" ] || { echo "FAIL export: $(ls exported)"; exit 1; }
step check "" "$exe" check --db clinic.sqlite3
step window "window open: $work/new.sqlite3" env KINELINK_SMOKE_CLOSE_MS=300 "$exe" --db "$work/new.sqlite3"
[ "$(stat -c %a new.sqlite3)" = 600 ] || { echo "FAIL window: new.sqlite3 is not private"; exit 1; }
log=home/.local/state/kinelink/log/kinelink.log
grep -q "database opened: $work/new.sqlite3" "$log" || { echo "FAIL: the log has no 'database opened'"; exit 1; }
if grep -qE "Żółć|Łukasz|MRN-0042" "$log"; then echo "FAIL: the log names the patient"; exit 1; fi
echo "smoke test passed: $exe"
