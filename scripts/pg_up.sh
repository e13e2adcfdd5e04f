#!/usr/bin/env bash
# Make sure a PostgreSQL server answers and that the current user may create
# databases. Works where PostgreSQL is installed but stopped, and where it runs.
set -euo pipefail
if psql -d postgres -Atc "select 1" >/dev/null 2>&1; then
    exit 0
fi
if command -v pg_lsclusters >/dev/null 2>&1; then
    read -r ver name _ < <(pg_lsclusters -h | head -n 1)
    pg_ctlcluster "$ver" "$name" start 2>/dev/null || true
    for _ in $(seq 1 30); do
        su postgres -c "psql -Atc 'select 1'" >/dev/null 2>&1 && break
        sleep 1
    done
    if [ "$(id -u)" = 0 ]; then
        su postgres -c "psql -Atc \"select 1 from pg_roles where rolname='$(whoami)'\"" | grep -q 1 \
            || su postgres -c "createuser -s $(whoami)"
    fi
fi
psql -d postgres -Atc "select 1" >/dev/null 2>&1 || {
    echo "PostgreSQL does not answer for user $(whoami): start it and create a superuser role." >&2
    exit 1
}
