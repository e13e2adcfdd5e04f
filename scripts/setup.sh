#!/usr/bin/env bash
# Set up what `make demo` and `make test` need, skipping what is already done:
# Python with Odoo 18.0 (the user's own, or a .venv installed from ODOO_SRC),
# the project's requirements, and a running PostgreSQL. One line per step.
set -euo pipefail
cd "$(dirname "$0")/.."

DEFAULT_SRC=https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz
ODOO_SRC=${ODOO_SRC:-$DEFAULT_SRC}
WORK=.odoo                      # git-ignored: downloads and the unpacked source
say() { echo "setup: $*"; }
fail() { echo "setup: FAILED: $*" >&2; exit 1; }
# pip warns about this machine's extra index folders on every call: not ours to show
pip_install() { "$PY" -m pip install -q --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2); }
imports_odoo() { "$1" -c "import odoo.release as r; assert r.series == '18.0'" >/dev/null 2>&1; }

# --- 1. Python with Odoo 18.0 ---------------------------------------------
if imports_odoo python3; then
    PY=$(command -v python3)
    say "Odoo 18.0: using $PY, which already imports it"
else
    PY=$PWD/.venv/bin/python
    if [ -x "$PY" ]; then
        say "virtual environment .venv: present"
    else
        say "virtual environment .venv: creating"
        python3 -m venv .venv || fail "python3 -m venv failed; install Debian's python3-venv"
    fi
    if imports_odoo "$PY"; then
        say "Odoo 18.0 in .venv: installed"
    else
        src=$(scripts/odoo_source.sh "$ODOO_SRC" "$WORK")
        say "Odoo 18.0 requirements: installing into .venv (a few minutes the first time)"
        "$PY" scripts/odoo_requirements.py "$src/requirements.txt" > "$WORK/requirements.txt"
        pip_install -r "$WORK/requirements.txt" \
            || fail "pip could not install Odoo's requirements (list: $WORK/requirements.txt)"
        say "Odoo 18.0: pip install -e $src"
        pip_install --no-deps --config-settings editable_mode=compat -e "$src" \
            || fail "pip install -e $src failed"
        imports_odoo "$PY" || fail ".venv still cannot import Odoo 18.0 from $src"
    fi
fi

# --- 2. The project's own requirements --------------------------------------
mkdir -p "$WORK"
stamp="$WORK/requirements-$(cat requirements-test.txt <(echo "$PY") | sha1sum | cut -c1-12).done"
if [ -e "$stamp" ]; then
    say "project requirements (report_xlsx, test and lint tools): installed"
else
    say "project requirements (report_xlsx, test and lint tools): installing"
    pip_install -r requirements-test.txt \
        || fail "pip could not install requirements-test.txt into $PY"
    rm -f "$WORK"/requirements-*.done && touch "$stamp"
fi

# --- 3. PostgreSQL ----------------------------------------------------------
scripts/pg_up.sh
