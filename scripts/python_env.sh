#!/usr/bin/env bash
# Print the Python that the make targets use: the python3 on PATH when it
# imports Odoo 18.0 (the user's own install), otherwise the project's .venv.
cd "$(dirname "$0")/.."
if python3 -c "import odoo.release as r; assert r.series == '18.0'" >/dev/null 2>&1; then
    command -v python3
else
    echo "$PWD/.venv/bin/python"
fi
