#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0
# tools/format --check holds on the tree; in a test tree it names a misformatted file and passes a
# formatted one, and tools/format then fixes what it named.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/format" --check "$root" || { echo "FAIL: the tree is not formatted (above): run tools/format"; exit 1; }

work=$(mktemp -d /tmp/casetrail-format.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp "$root/.clang-format" "$work/"
mkdir -p "$work/src" "$work/build"
cat >"$work/src/good.cpp" <<'EOF'
namespace casetrail {

int twice(int x) { return 2 * x; }

}  // namespace casetrail
EOF
# The same code as a newcomer's editor might leave it: tabs, braces on their own line, a long line.
printf 'namespace casetrail {\n\nint   twice( int x )\n{\n\treturn 2*x;\n}\n\n}\n' >"$work/src/bad.cpp"
# Build folders are not sources.
cp "$work/src/bad.cpp" "$work/build/generated.cpp"

if out=$("$root/tools/format" --check "$work"); then
    echo "FAIL: a misformatted file passed the check:"; echo "$out"; exit 1
fi
grep -qx '  src/bad.cpp' <<<"$out" || { echo "FAIL: the check does not name src/bad.cpp:"; echo "$out"; exit 1; }
if grep -q 'good.cpp\|generated.cpp' <<<"$out"; then
    echo "FAIL: the check names a formatted file or a build folder's:"; echo "$out"; exit 1
fi

"$root/tools/format" "$work"
"$root/tools/format" --check "$work" >/dev/null || { echo "FAIL: tools/format did not fix src/bad.cpp"; exit 1; }
cmp -s "$work/src/bad.cpp" "$work/src/good.cpp" || { echo "FAIL: the fixed file is not as formatted:"; cat "$work/src/bad.cpp"; exit 1; }

# A clang-format of another version formats differently: refused, not trusted.
printf '#!/bin/sh\necho "clang-format version 17.0.1"\n' >"$work/clang-format-17"
chmod +x "$work/clang-format-17"
if CASETRAIL_CLANG_FORMAT="$work/clang-format-17" "$root/tools/format" --check "$work" 2>"$work/err"; then
    echo "FAIL: clang-format 17 was used"; exit 1
fi
grep -q 'clang-format 14' "$work/err" || { echo "FAIL: the refusal does not say which version:"; cat "$work/err"; exit 1; }
echo "ok: the tree is formatted; a misformatted file is named, fixed, and another version refused"
