#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0
"""gcovr's JSON summary as a Markdown table by folder; with --into, written between the coverage
markers of that file, dated."""
import argparse
import json
import os
import sys
from collections import defaultdict

BEGIN, END = "<!-- coverage:begin -->", "<!-- coverage:end -->"


def percent(covered, total):
    return f"{100.0 * covered / total:.1f}%" if total else "-"


def table(summary):
    folders = defaultdict(lambda: [0, 0, 0, 0])
    for f in summary["files"]:
        row = folders[os.path.dirname(f["filename"])]
        row[0] += f["line_covered"]
        row[1] += f["line_total"]
        row[2] += f["branch_covered"]
        row[3] += f["branch_total"]
    lines = ["| folder | lines covered | lines | branches covered | branches |", "|---|---|---|---|---|"]
    for name in sorted(folders):
        lc, lt, bc, bt = folders[name]
        flag = " **(< 70%)**" if lt and lc / lt < 0.7 else ""
        lines.append(f"| `{name}/` | {percent(lc, lt)}{flag} | {lc} / {lt} | {percent(bc, bt)} | {bc} / {bt} |")
    lc = sum(r[0] for r in folders.values())
    lt = sum(r[1] for r in folders.values())
    bc = sum(r[2] for r in folders.values())
    bt = sum(r[3] for r in folders.values())
    lines.append(f"| **all** | **{percent(lc, lt)}** | {lc} / {lt} | **{percent(bc, bt)}** | {bc} / {bt} |")
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("summary")
    ap.add_argument("--into")
    ap.add_argument("--date")
    ap.add_argument("--commit")
    ap.add_argument("--machine")
    ap.add_argument("--failed", default="0")
    a = ap.parse_args()
    text = table(json.load(open(a.summary)))
    if not a.into:
        print(text)
        return 0
    doc = open(a.into, encoding="utf-8").read()
    if BEGIN not in doc or END not in doc:
        sys.exit(f"{a.into}: no {BEGIN} ... {END} block to write into")
    note = "" if a.failed == "0" else " Some tests failed in that run; the figures count what ran."
    block = f"{BEGIN}\nMeasured {a.date} at commit {a.commit} ({a.machine}).{note}\n\n{text}\n{END}"
    head, rest = doc.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    open(a.into, "w", encoding="utf-8").write(head + block + tail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
