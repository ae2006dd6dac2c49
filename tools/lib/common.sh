# SPDX-FileCopyrightText: 2026 The Casetrail authors
# SPDX-License-Identifier: MulanPSL-2.0

# Shared by tools/demo, tools/test and tools/pgcluster. Source it; it defines functions only.

CT_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

ct_log() { printf '\033[1m[casetrail]\033[0m %s\n' "$*" >&2; }
ct_die() { printf '[casetrail] error: %s\n' "$*" >&2; exit 1; }

# Debian packages the build, the tests and the demo need.
CT_PACKAGES=(g++ make cmake pkg-config libboost-dev libmodbus-dev libpqxx-dev nlohmann-json3-dev catch2 libssl-dev openssl libsodium-dev
             postgresql-15 postgresql-client-15 socat mbpoll bc nodejs npm)
# What tools/test needs beyond that: the format, lint and licence checks, and Debian's own browser for
# the UI's tests (and its screenshots), with the fonts Chinese needs.
CT_CHECK_PACKAGES=(clang-format clang-tidy reuse chromium chromium-driver fonts-noto-cjk)

# Mints an API token for LOGIN straight into the database at CONNINFO, stored as the server stores
# tokens (only its SHA-256), good for a day; prints it. For benchmarks, which need no password login.
ct_mint_token() {
    local conninfo=$1 login=$2 token
    token="ct_bench$(head -c 64 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 38)"
    psql "$conninfo" -qX -v ON_ERROR_STOP=1 -c "INSERT INTO api_tokens (token_hash, kind, staff_id, label, created_at, created_by, expires_at)
        SELECT sha256(convert_to('$token', 'UTF8')), 'api', id, 'bench', now(), id, now() + interval '1 day'
        FROM staff WHERE login = '$login'" >/dev/null
    echo "$token"
}

# Loads DB (migrated, with config/demo/seed.sql) with N generated dossiers 2026-BW-0000001.., titled
# "盗窃案 第<n>号 Theft <n>", each with a volume, a tag, a location event and a current place, for the
# benchmarks that need an archive of a real office's size.
ct_bench_load_dossiers() {
    psql "$1" -qX -v ON_ERROR_STOP=1 <<SQL
INSERT INTO readers (code, site_id, transport, address, unit_id) SELECT 'BW', id, 'tcp', '127.0.0.1:1', 1 FROM sites WHERE code = 'HQ';
INSERT INTO antennas (reader_id, port, location_id)
  SELECT r.id, row_number() OVER (ORDER BY l.code), l.id FROM readers r, locations l WHERE r.code = 'BW' AND l.kind = 'shelf';
INSERT INTO dossiers (case_number, title, case_type, owning_unit_id, case_handler_id, home_location_id, status)
  SELECT format('2026-BW-%s', lpad(g::text, 7, '0')), format('盗窃案 第%s号 Theft %s', g, g), 'theft',
         (SELECT id FROM units WHERE code = 'CID-T1'), (SELECT id FROM staff WHERE login = 'wang.li'),
         (SELECT id FROM locations WHERE code = 'HQ-R1-C1-S' || (g % 4 + 1)), 'in_handling'
  FROM generate_series(1, $2) g;
INSERT INTO volumes (dossier_id, volume_no) SELECT id, 1 FROM dossiers WHERE case_number LIKE '2026-BW-%';
INSERT INTO tag_bindings (epc, volume_id, valid_from)
  SELECT 'E2BB0000' || lpad(upper(to_hex(d.id)), 16, '0'), v.id, now() - interval '1 day'
  FROM volumes v JOIN dossiers d ON d.id = v.dossier_id WHERE d.case_number LIKE '2026-BW-%';
INSERT INTO location_events (event_id, kind, epc, volume_id, antenna_id, location_id, observed_at, evidence)
  SELECT gen_random_uuid(), 'arrived', tb.epc, tb.volume_id, a.id, a.location_id, now() - interval '1 hour', '{}'
  FROM tag_bindings tb JOIN antennas a ON a.port = (tb.volume_id % 8) + 1
  WHERE tb.epc LIKE 'E2BB%';
INSERT INTO volume_locations (volume_id, state, location_id, antenna_id, since, observed_at, event_id)
  SELECT volume_id, 'present', location_id, antenna_id, observed_at, observed_at, id FROM location_events WHERE epc LIKE 'E2BB%';
VACUUM ANALYZE;
SQL
}

# Installs whatever of the packages named (default: CT_PACKAGES) is missing (apt-get as root, else sudo).
ct_ensure_packages() {
    local missing=() p
    [ $# -gt 0 ] || set -- "${CT_PACKAGES[@]}"
    for p in "$@"; do
        # A Node.js installed another way (it brings its own npm, which Debian's npm conflicts with) will do.
        case $p in
        nodejs) command -v node >/dev/null && continue ;;
        npm) command -v npm >/dev/null && continue ;;
        esac
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    ct_log "installing Debian packages: ${missing[*]}"
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || ct_die "missing packages (${missing[*]}); run as root or install sudo"
        sudo=(sudo)
    fi
    # Installing the server must not create and start a system-wide cluster: Casetrail runs its own.
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        "${sudo[@]}" mkdir -p /etc/postgresql-common
        echo 'create_main_cluster = false' | "${sudo[@]}" tee /etc/postgresql-common/createcluster.conf >/dev/null
    fi
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        -o Dpkg::Options::=--force-confold "${missing[@]}"
}

# Configures and builds into $1 (default build/). Extra cmake arguments follow.
ct_build() {
    local dir=${1:-$CT_ROOT/build}
    shift || true
    cmake -S "$CT_ROOT" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$dir" -j "$(nproc)"
}

# What the UI's build reads: its sources, its lock file and the API's contract, as one digest.
ct_web_sources_digest() {
    (cd "$CT_ROOT" && find web docs/openapi.json \( -path web/node_modules -o -path web/dist \) -prune -o -type f -print0 |
        LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum | cut -d' ' -f1)
}

# Builds the web UI into web/dist with npm from web/package-lock.json (exact versions, the npm registry
# only); skipped when nothing it reads has changed since the last build.
ct_build_web() {
    local web=$CT_ROOT/web digest
    command -v npm >/dev/null || ct_die "npm is missing: apt-get install nodejs npm"
    digest=$(ct_web_sources_digest)
    if [ -s "$web/dist/index.html" ] && [ "$(cat "$web/dist/.sources" 2>/dev/null)" = "$digest" ]; then
        return 0
    fi
    ct_log "building the web UI (npm ci, npm run build)"
    if [ ! -d "$web/node_modules" ] || ! cmp -s "$web/package-lock.json" "$web/node_modules/.package-lock.json.ci"; then
        (cd "$web" && npm ci --no-audit --no-fund --loglevel=error) || ct_die "npm ci failed in web/"
        cp "$web/package-lock.json" "$web/node_modules/.package-lock.json.ci"
    fi
    (cd "$web" && npm run --silent build) || ct_die "the web UI did not build (npm run build in web/)"
    echo "$digest" >"$web/dist/.sources"
}

# The browser tests' packages (playwright-core, axe-core: no browser of their own; Debian's Chromium runs).
ct_install_browser_tests() {
    local dir=$CT_ROOT/tests/browser
    if [ -d "$dir/node_modules" ] && cmp -s "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.ci"; then
        return 0
    fi
    ct_log "installing the browser tests' packages (npm ci in tests/browser)"
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error) ||
        ct_die "npm ci failed in tests/browser/"
    cp "$dir/package-lock.json" "$dir/node_modules/.package-lock.json.ci"
}

ct_pg_bindir() {
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
    [ -n "$d" ] && [ -x "$d/initdb" ] || ct_die "PostgreSQL server binaries not found under /usr/lib/postgresql"
    echo "$d"
}

# Runs a command as the postgres user when we are root (PostgreSQL refuses to run as root).
ct_as_pg_owner() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# A TCP port on 127.0.0.1 that nothing listens on, from $1 upwards.
ct_free_port() {
    local p=${1:-20000}
    while (echo >"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
    echo "$p"
}

# ct_pg_start DATA_DIR SOCKET_DIR [extra postgres -c settings...]
# Creates the cluster if needed and starts it, listening on a Unix socket only (no TCP port, so it
# cannot collide with any other PostgreSQL). Prints the connection string.
ct_pg_start() {
    local data=$1 sock=$2
    shift 2
    local bin
    bin=$(ct_pg_bindir)
    mkdir -p "$data" "$sock"
    if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data" "$sock"; fi
    chmod 700 "$data"
    if [ ! -s "$data/PG_VERSION" ]; then
        ct_as_pg_owner "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$data.initdb.log" 2>&1 \
            || { cat "$data.initdb.log" >&2; ct_die "initdb failed (is $data reachable by the postgres user?)"; }
    fi
    local opts="-c listen_addresses='' -k $sock -p 5432"
    local s
    for s in "$@"; do opts+=" -c $s"; done
    if ! ct_as_pg_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        ct_as_pg_owner "$bin/pg_ctl" -D "$data" -w -t 60 -l "$data/server.log" -o "$opts" start >/dev/null \
            || { tail -n 20 "$data/server.log" >&2; ct_die "PostgreSQL did not start"; }
    fi
    echo "host=$sock port=5432 user=postgres dbname=postgres"
}

ct_pg_stop() {
    local data=$1 bin
    bin=$(ct_pg_bindir)
    [ -s "$data/PG_VERSION" ] || return 0
    if ct_as_pg_owner "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        ct_as_pg_owner "$bin/pg_ctl" -D "$data" -m fast -w -t 60 stop >/dev/null || true
    fi
}
