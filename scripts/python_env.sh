#!/usr/bin/env bash
# Print the Python that the make targets use: the python3 on PATH when it
# imports Odoo 18.0 (the user's own install), otherwise the project's .venv.
cd "$(dirname "$0")/.."
if python3 scripts/has_odoo.py 2>/dev/null; then
    command -v python3
else
    echo "$PWD/.venv/bin/python"
fi
