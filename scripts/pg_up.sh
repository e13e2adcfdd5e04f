#!/usr/bin/env bash
# Make sure a PostgreSQL server answers and that the current user may create
# databases: install Debian's postgresql when none is installed (as root),
# start a stopped local cluster, and create a superuser role for root.
set -euo pipefail
say() { echo "setup: $*"; }
answers() { psql -d postgres -Atc "select 1" >/dev/null 2>&1; }
if answers; then
    say "PostgreSQL: running"
    exit 0
fi
if ! command -v pg_lsclusters >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
        echo "setup: FAILED: no PostgreSQL here; run: sudo apt-get install postgresql" >&2
        exit 1
    fi
    say "PostgreSQL: installing Debian's postgresql"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null \
        || { echo "setup: FAILED: apt-get install postgresql; run it by hand to see why" >&2; exit 1; }
fi
read -r ver name _ < <(pg_lsclusters -h | head -n 1)
say "PostgreSQL: starting cluster $ver/$name"
pg_ctlcluster "$ver" "$name" start 2>/dev/null || true
for _ in $(seq 1 30); do
    su postgres -c "psql -Atc 'select 1'" >/dev/null 2>&1 && break
    sleep 1
done
if [ "$(id -u)" = 0 ]; then
    su postgres -c "psql -Atc \"select 1 from pg_roles where rolname='$(whoami)'\"" | grep -q 1 \
        || { say "PostgreSQL: creating superuser role $(whoami)"; su postgres -c "createuser -s $(whoami)"; }
fi
answers || {
    echo "setup: FAILED: PostgreSQL does not answer for user $(whoami): start it and create a superuser role (createuser -s $(whoami))." >&2
    exit 1
}
