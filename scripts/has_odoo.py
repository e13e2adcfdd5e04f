# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Exit 0 when the running Python finds Odoo 18.0, without importing it.

``import odoo`` takes more than a second; finding the package and reading its
``release.py`` takes a few milliseconds, so the make targets can ask on every
run. ``--import`` imports it for real (used once, right after installing)."""

import importlib.util
import os
import sys


def find_odoo():
    """Return (folder of the odoo package, its series), or (None, None)."""
    spec = importlib.util.find_spec("odoo")
    if spec is None or not spec.origin:  # absent, or only a namespace (pip addons)
        return None, None
    folder = os.path.dirname(spec.origin)
    release = {}
    with open(os.path.join(folder, "release.py"), encoding="utf-8") as f:
        exec(f.read(), release)  # Odoo's own version module
    return folder, release.get("series")


if __name__ == "__main__":
    if "--import" in sys.argv:
        import odoo.release

        sys.exit(0 if odoo.release.series == "18.0" else 1)
    sys.exit(0 if find_odoo()[1] == "18.0" else 1)
