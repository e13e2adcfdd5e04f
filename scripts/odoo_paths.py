# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Print the addons path for this repository and the installed Odoo 18.0.

``--with-base`` adds Odoo's own ``odoo/addons`` (base, web), which Odoo itself
always adds, for tools that read manifests (manifestoo). Odoo is found, not
imported: this runs on every make run."""

import importlib.metadata
import os
import sys

from has_odoo import find_odoo

folder, series = find_odoo()
if folder is None:
    sys.exit("python3 cannot import odoo: install Odoo 18.0 first (make setup).")
if series != "18.0":
    sys.exit(f"python3 imports Odoo {series}, not 18.0 (see README).")

root = os.path.dirname(folder)
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
paths = [os.path.join(root, "addons"), repo]
# addons installed from PyPI (OCA's report_xlsx) live in site-packages/odoo/addons
try:
    dist = importlib.metadata.distribution("odoo-addon-report_xlsx")
    paths.append(str(dist.locate_file("odoo/addons")))
except importlib.metadata.PackageNotFoundError:
    pass
if "--with-base" in sys.argv:
    paths.append(os.path.join(folder, "addons"))
print(",".join(p for p in paths if os.path.isdir(p)))
