# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Fail when an Odoo log holds WARNING or ERROR lines that come from, or
speak of, cirrus_kam."""

import re
import sys

LEVEL = re.compile(r"^\S+ \S+ \d+ (WARNING|ERROR|CRITICAL) ")
OURS = re.compile(r"cirrus_kam|cirrus\.kam|\bkam_")

bad = []
for path in sys.argv[1:]:
    with open(path, encoding="utf-8", errors="replace") as log:
        for line in log:
            if LEVEL.match(line) and OURS.search(line):
                bad.append(f"{path}: {line.rstrip()}")
if bad:
    print("Warnings from cirrus_kam:", *bad, sep="\n")
    sys.exit(1)
