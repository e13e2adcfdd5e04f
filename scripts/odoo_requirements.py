# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Print Odoo's requirements.txt with pins that install on the running Python.

Odoo 18.0 pins older releases for Python < 3.12, and some of them no longer
build (``cbor2==5.4.2``). Its pins for Python >= 3.12 install on 3.10 and 3.11
as wheels, so below 3.12 each marker is evaluated as if Python were 3.12.
``python-ldap`` is left out: only ``auth_ldap`` uses it and it needs system
headers. ``psycopg2`` is built from source, which needs ``pg_config`` (Debian's
libpq-dev) and a C compiler; without ``pg_config`` the same release of
``psycopg2-binary`` (a wheel) is used instead."""

import re
import shutil
import sys

SKIP = {"python-ldap"}
VERSION = re.compile(r"python_version\s*(<=|>=|==|!=|<|>)\s*'(\d+)\.(\d+)'")


def compare(op, left, right):
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
    }[op]


def wanted(marker, version):
    """Evaluate the python_version clauses of a marker; keep others as is."""

    def clause(match):
        op, major, minor = match.group(1), int(match.group(2)), int(match.group(3))
        return "True" if compare(op, version, (major, minor)) else "False"

    text = VERSION.sub(clause, marker)
    text = re.sub(r"sys_platform\s*!=\s*'win32'", "True", text)
    text = re.sub(r"sys_platform\s*==\s*'win32'", "False", text)
    if re.search(r"[a-z_]+\s*[<>=!]", text.replace("True", "").replace("False", "")):
        return None  # a marker we do not read: let pip decide
    return eval(text, {"__builtins__": {}}, {"True": True, "False": False})  # noqa: S307


def main(path):
    version = max(sys.version_info[:2], (3, 12))
    for raw in open(path, encoding="utf-8"):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        spec, _, marker = line.partition(";")
        name = re.split(r"[<>=!~ \[]", spec.strip(), maxsplit=1)[0]
        if name.lower() in SKIP:
            continue
        keep = wanted(marker, version) if marker.strip() else True
        if name.lower() == "psycopg2" and not shutil.which("pg_config"):
            binary = "psycopg2-binary"
            spec, line = (re.sub(r"^psycopg2\b", binary, t) for t in (spec, line))
        if keep is None:
            print(line)
        elif keep:
            print(spec.strip())


if __name__ == "__main__":
    main(sys.argv[1])
