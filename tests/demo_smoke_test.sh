#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0
# Black-box: the README's first command, tools/demo, comes up, answers "where", and stops cleanly on Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
log=$(mktemp /tmp/casetrail-demo-smoke.XXXXXX)
setsid tools/demo >"$log" 2>&1 &
demo=$!
trap 'kill -INT -- -$demo 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 240); do
    grep -q "Press Ctrl-C to stop everything" "$log" && break
    kill -0 "$demo" 2>/dev/null || { cat "$log"; echo "FAIL: tools/demo exited early"; exit 1; }
    sleep 0.5
done
grep -q "Press Ctrl-C to stop everything" "$log" || { cat "$log"; echo "FAIL: tools/demo did not come up"; exit 1; }
out=$(tools/casetrail where 2026-CR-0003)
echo "$out"
echo "$out" | grep -q "Cabinet 2 / Shelf 2" || { echo "FAIL: the moved dossier is not where the demo put it"; exit 1; }
tools/casetrail readers | grep -q "online" || { echo "FAIL: the demo's reader is not online"; exit 1; }
tools/casetrail where 2026-CR-0027 | grep -q "passed the doorway outward" || { tools/casetrail where 2026-CR-0027; echo "FAIL: the dossier carried out is not out"; exit 1; }
for _ in $(seq 1 20); do tools/casetrail where 2026-CR-0008 | grep -q "between" && break; sleep 0.5; done
tools/casetrail where 2026-CR-0008 | grep -q "between" || { tools/casetrail where 2026-CR-0008; echo "FAIL: the dossier across two shelves is not between them"; exit 1; }
kill -INT -- -"$demo"
for _ in $(seq 1 60); do kill -0 "$demo" 2>/dev/null || break; sleep 0.5; done
if kill -0 "$demo" 2>/dev/null; then echo "FAIL: tools/demo did not stop on Ctrl-C"; exit 1; fi
grep -q "stopped" "$log" || { cat "$log"; echo "FAIL: no clean stop"; exit 1; }
echo "demo smoke: ok"
