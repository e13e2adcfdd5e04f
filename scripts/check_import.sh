#!/usr/bin/env bash
python3 -c "import odoo, odoo.release as r; assert r.series == '18.0'" 2>/dev/null || {
    echo "python3 cannot import Odoo 18.0: install it first (see README, Prerequisites)." >&2
    exit 1
}
