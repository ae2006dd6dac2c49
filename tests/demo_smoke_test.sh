#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0
# Black-box: the README's first command, tools/demo, comes up, serves the web UI, answers "where", and
# stops cleanly on Ctrl-C with status 0.
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
url=$(cat .demo/url)
port=${url##*:}
exec 3<>"/dev/tcp/127.0.0.1/$port"
printf 'GET /dossiers/2026-CR-0003 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' >&3
page=$(cat <&3)
exec 3<&-
echo "$page" | head -n 1 | grep -q "200" || { echo "$page" | head -n 20; echo "FAIL: the web UI is not served at /"; exit 1; }
echo "$page" | grep -qi "content-security-policy" || { echo "FAIL: the UI's page has no Content-Security-Policy"; exit 1; }
grep -q "Open the web UI:  $url/" "$log" || { cat "$log"; echo "FAIL: the demo does not print the UI's address"; exit 1; }
grep -q "liu.yang demo-" "$log" || { echo "FAIL: the demo does not print the logins and passwords"; exit 1; }
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
status=0
wait "$demo" || status=$?
grep -q "stopped" "$log" || { cat "$log"; echo "FAIL: no clean stop"; exit 1; }
if grep -q "exited unexpectedly" "$log" || [ "$status" -ne 0 ]; then
    tail -n 5 "$log"; echo "FAIL: a stop asked for with Ctrl-C ended with status $status"; exit 1
fi
echo "demo smoke: ok"
