"""Print the addons path for this repository and the installed Odoo 18.0."""

import importlib.metadata
import os
import sys

try:
    import odoo
    import odoo.release
except ImportError:
    sys.exit("python3 cannot import odoo: install Odoo 18.0 first (see README).")

if odoo.release.series != "18.0":
    sys.exit(f"python3 imports Odoo {odoo.release.series}, not 18.0 (see README).")

root = os.path.dirname(os.path.dirname(os.path.abspath(odoo.__file__)))
repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
paths = [os.path.join(root, "addons"), repo]
# addons installed from PyPI (OCA's report_xlsx) live in site-packages/odoo/addons
try:
    dist = importlib.metadata.distribution("odoo-addon-report_xlsx")
    paths.append(str(dist.locate_file("odoo/addons")))
except importlib.metadata.PackageNotFoundError:
    pass
print(",".join(p for p in paths if os.path.isdir(p)))
