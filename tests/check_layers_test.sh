#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0
# tools/check-layers holds on the tree, and refuses each kind of break when one is planted in a copy.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/tools/check-layers" "$root" || { echo "FAIL: the tree breaks its dependency rules (above)"; exit 1; }

work=$(mktemp -d /tmp/casetrail-layers.XXXXXX)
trap 'rm -rf "$work"' EXIT
# A copy of the tree's sources, and one planted break at a time: each must be named.
planted() {  # FILE LINE EXPECTED_IN_OUTPUT
    rm -rf "$work/tree"
    mkdir -p "$work/tree"
    (cd "$root" && tar cf - common firmware-bridge gateway server tools) | tar xf - -C "$work/tree"
    mkdir -p "$(dirname "$work/tree/$1")"
    printf '%s\n' "$2" >>"$work/tree/$1"
    local out
    if out=$("$root/tools/check-layers" "$work/tree"); then
        echo "FAIL: $2 in $1 was not refused"
        exit 1
    fi
    grep -qF -- "$3" <<<"$out" || { echo "FAIL: $2 in $1: the message does not name $3:"; echo "$out"; exit 1; }
}
planted firmware-bridge/drivers/modbus_driver.cpp '#include "server/store/dossier_store.hpp"' "firmware-bridge/drivers/modbus_driver.cpp"
planted firmware-bridge/profiles/profile.cpp '#include "gateway/store/event_store.hpp"' "firmware-bridge/profiles/profile.cpp"
planted common/utf8.cpp '#include "common/pg/connection.hpp"' "common/utf8.cpp"
planted gateway/app/pipeline.cpp '#include "server/domain/errors.hpp"' "gateway/app/pipeline.cpp"
planted gateway/smoothing/portal_pass.cpp '#include "firmware-bridge/drivers/reader_driver.hpp"' "gateway/smoothing/portal_pass.cpp"
planted server/store/location_store.cpp '#include "server/domain/errors.hpp"' "server/store/location_store.cpp"
planted server/domain/dossier_service.cpp '#include "server/http/router.hpp"' "server/domain/dossier_service.cpp"
planted server/http/router.cpp '#include "server/app/api_stack.hpp"' "server/http/router.cpp"
planted server/domain/location_service.cpp '#include "gateway/store/event_store.hpp"' "server/domain/location_service.cpp"
planted server/domain/location_service.cpp '#include <pqxx/pqxx>' "server/domain/location_service.cpp"
planted gateway/app/pipeline.cpp '#include <modbus.h>' "gateway/app/pipeline.cpp"
planted server/domain/health_service.hpp '#include <boost/beast/http.hpp>' "server/domain/health_service.hpp"
echo "ok: the rules hold, and every planted break was refused"
