# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Fail unless Odoo's test runner log shows no failure or error and at least
one test per tour method of the classes tagged cirrus_kam_tour."""

import glob
import re
import sys

RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
TAGGED = re.compile(r'"cirrus_kam_tour"\)\s*\nclass ')


def tour_tests():
    """The test methods of the tour classes in cirrus_kam/tests."""
    count = 0
    for path in glob.glob("cirrus_kam/tests/test_*.py"):
        with open(path, encoding="utf-8") as source:
            text = source.read()
        if TAGGED.search(text):
            count += len(re.findall(r"\n    def test_", text))
    return count


with open(sys.argv[1], encoding="utf-8", errors="replace") as log:
    results = RESULT.findall(log.read())
if not results:
    sys.exit("tour: Odoo's runner reported no test result")
failed, errors, total = (int(n) for n in results[-1])
expected = tour_tests()
print(f"tour: {total - failed - errors} of {total} browser tests passed")
if total < expected:
    sys.exit(f"tour: {expected} browser tests are in the sources, {total} ran")
if failed or errors or not total:
    sys.exit(1)
