# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Fail unless Odoo's own tests passed with cirrus_kam installed, and print
one summary line.

Usage: check_odoo_tests.py TAGS LOG JUNIT

TAGS is the --test-tags selection: each of its specs must have run at least
one test (a renamed class would otherwise pass unnoticed). LOG is the log of
Odoo's runner, JUNIT the report of the pytest run of the same files with the
whole registry loaded."""

import re
import sys
import xml.etree.ElementTree as ET

RESULT = re.compile(r"(\d+) failed, (\d+) error\(s\) of (\d+) tests")
STARTED = re.compile(r" (odoo\.addons\.[\w.]+): Starting (\w+)\.(\w+) \.\.\.")
FAILED = re.compile(r" (?:ERROR|CRITICAL) \S+ \S+: (FAIL|ERROR): (\S+)")
SPEC = re.compile(r"^/(?P<path>[\w/]+?)(?:\.py)?(?::(?P<cls>\w+))?$")


def unmatched_specs(tags, started):
    """The specs of ``tags`` that no started test matches."""
    missing = []
    for spec in filter(None, (spec.strip() for spec in tags.split(","))):
        match = SPEC.match(spec)
        if not match:
            sys.exit(f"odoo tests: cannot check the tag {spec!r}")
        prefix = "odoo.addons." + match["path"].replace("/", ".")
        if not any(
            (module == prefix or module.startswith(prefix + "."))
            and match["cls"] in (None, cls)
            for module, cls, _method in started
        ):
            missing.append(spec)
    return missing


def runner_result(path, tags):
    """(passed, total, problems) of Odoo's runner log."""
    with open(path, encoding="utf-8", errors="replace") as log:
        text = log.read()
    results = RESULT.findall(text)
    if not results:
        return 0, 0, [f"{path}: Odoo's runner reported no test result"]
    failed, errors, total = (int(n) for n in results[-1])
    problems = [f"{kind}: {test}" for kind, test in FAILED.findall(text)]
    if (failed or errors) and not problems:
        problems.append(f"{failed} failed, {errors} error(s): see {path}")
    missing = unmatched_specs(tags, STARTED.findall(text))
    problems += [f"no test ran for {spec}" for spec in missing]
    return total - failed - errors, total, problems


def junit_result(path):
    """(passed, total, problems) of a pytest junit report."""
    try:
        root = ET.parse(path).getroot()
    except (OSError, ET.ParseError) as error:
        return 0, 0, [f"{path}: no pytest report ({error})"]
    total = passed = 0
    problems = []
    for case in root.iter("testcase"):
        outcome = [child.tag for child in case if child.tag != "system-out"]
        if "skipped" in outcome:
            continue
        total += 1
        if {"failure", "error"} & set(outcome):
            name = case.get("classname").rpartition("addons.")[2]
            problems.append(f"FAIL: {name}.{case.get('name')}")
        else:
            passed += 1
    if not total:
        problems.append(f"{path}: pytest ran no test")
    return passed, total, problems


def main(tags, log_path, junit_path):
    passed, total, problems = runner_result(log_path, tags)
    passed_full, total_full, problems_full = junit_result(junit_path)
    print(
        f"odoo tests with cirrus_kam: {passed} of {total} passed on install, "
        f"{passed_full} of {total_full} with the whole registry loaded"
    )
    if problems or problems_full:
        print(*problems, *problems_full, sep="\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
