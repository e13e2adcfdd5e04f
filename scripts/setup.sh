#!/usr/bin/env bash
# Set up what `make demo` and `make test` need, skipping what is already done:
# Python with Odoo 18.0 (the user's own, or a .venv installed from ODOO_SRC),
# the project's requirements, and a running PostgreSQL (not with --no-pg).
# One line per step; pip's own output goes to a log under .odoo/, shown only
# when a step fails.
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_SRC=https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz
ODOO_SRC=${ODOO_SRC:-$DEFAULT_SRC}
WORK=.odoo                      # git-ignored: downloads, the unpacked source, logs
mkdir -p "$WORK"
say() { echo "setup: $*"; }
fail() { echo "setup: FAILED: $*" >&2; exit 1; }
# pip_install LOG ARGS...: pip's output goes to LOG; on failure its last lines
# are shown (less this machine's notes about extra index folders) and it fails
pip_install() {
    local log=$1; shift
    if ! "$PY" -m pip install --disable-pip-version-check "$@" >"$log" 2>&1; then
        grep -v "is ignored: it is neither" "$log" | tail -n 25 >&2
        return 1
    fi
}
has_odoo() { "$1" scripts/has_odoo.py "${@:2}" >/dev/null 2>&1; }

# --- 1. Python with Odoo 18.0 ---------------------------------------------
if has_odoo python3; then
    PY=$(command -v python3)
    say "Odoo 18.0: using $PY, which already imports it"
else
    PY=$PWD/.venv/bin/python
    if [ -x "$PY" ]; then
        say "virtual environment .venv: present"
    else
        say "virtual environment .venv: creating"
        python3 -m venv .venv || { rm -rf .venv; fail "python3 -m venv failed; install Debian's python3-venv (apt-get install python3-venv), then run make again"; }
    fi
    if has_odoo "$PY"; then
        say "Odoo 18.0 in .venv: installed"
    else
        src=$(scripts/odoo_source.sh "$ODOO_SRC" "$WORK")
        log=$WORK/pip-odoo-requirements.log
        say "Odoo 18.0 requirements: installing into .venv (a few minutes the first time; log: $log)"
        "$PY" scripts/odoo_requirements.py "$src/requirements.txt" > "$WORK/requirements.txt"
        pip_install "$log" -r "$WORK/requirements.txt" \
            || fail "pip could not install Odoo's requirements (list: $WORK/requirements.txt, log: $log); fix the cause shown above, then run make again"
        log=$WORK/pip-odoo.log
        say "Odoo 18.0: pip install -e $src (log: $log)"
        pip_install "$log" --no-deps --config-settings editable_mode=compat -e "$src" \
            || fail "pip install -e $src failed (log: $log); run make again, or remove .venv to start over"
        has_odoo "$PY" --import \
            || fail ".venv still cannot import Odoo 18.0 from $src; remove .venv and .odoo, then run make again"
    fi
fi

# --- 2. The project's own requirements --------------------------------------
stamp="$WORK/requirements-$(cat requirements-test.txt <(echo "$PY") | sha1sum | cut -c1-12).done"
if [ -e "$stamp" ]; then
    say "project requirements (report_xlsx, test and lint tools): installed"
else
    log=$WORK/pip-project.log
    say "project requirements (report_xlsx, test and lint tools): installing (log: $log)"
    pip_install "$log" -r requirements-test.txt \
        || fail "pip could not install requirements-test.txt into $PY (log: $log); fix the cause shown above, then run make again"
    rm -f "$WORK"/requirements-*.done && touch "$stamp"
fi

# --- 3. PostgreSQL ----------------------------------------------------------
[ "${1:-}" = --no-pg ] || scripts/pg_up.sh
