# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Fail unless Odoo's test runner log shows at least one test run and no
failure or error."""

import re
import sys

RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")

with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
    results = RESULT.findall(log.read())
if not results:
    sys.exit("tour: Odoo's runner reported no test result")
failed, errors, total = (int(n) for n in results[-1])
print(f"tour: {total - failed - errors} of {total} browser tests passed")
if failed or errors or not total:
    sys.exit(1)
