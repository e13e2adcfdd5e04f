# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Check, or add, the OCA licence header on every Python file of the repository.

    python3 scripts/license_headers.py --check   # list files without it, exit 1
    python3 scripts/license_headers.py --fix     # prepend it where it is missing

The header is the two comment lines OCA puts at the top of each file::

    # Copyright 2026 Cirrus
    # License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

A file has it when its leading comment block holds a ``# Copyright <year>``
line and the AGPL-3 licence line (other holders and years are fine). ``--fix``
only inserts the missing line(s) at the top, after a shebang or coding line,
and never changes anything else. Files are the ones git tracks or would track
(untracked, not ignored); paths given on the command line limit the run to
those files or folders."""

import argparse
import datetime
import os
import re
import subprocess
import sys

HOLDER = "Cirrus"
LICENSE = "# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html)."
COPYRIGHT_RE = re.compile(r"^# Copyright (\(C\) )?\d{4}")
LICENSE_RE = re.compile(
    r"^# License AGPL-3\.0 or later \(https?://www\.gnu\.org/licenses/agpl"
)
OTHER_LICENSE_RE = re.compile(r"^# License (?!AGPL-3\.0 or later)")
PREAMBLE_RE = re.compile(r"^#!|^#.*coding[:=]")
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SKIP_DIRS = {".git", ".venv", ".odoo", ".build", "__pycache__", "node_modules"}


def python_files(paths):
    try:
        out = subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z", "--", "*.py"],
            cwd=ROOT,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        files = [
            f for f in out.split("\0") if f and os.path.isfile(os.path.join(ROOT, f))
        ]
    except (OSError, subprocess.CalledProcessError):  # not a git work tree
        files = []
        for dirpath, dirnames, filenames in os.walk(ROOT):
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            rel = os.path.relpath(dirpath, ROOT)
            files += [
                os.path.normpath(os.path.join(rel, f))
                for f in sorted(filenames)
                if f.endswith(".py")
            ]
    if paths:
        wanted = [os.path.relpath(os.path.abspath(p), ROOT) for p in paths]
        files = [
            f
            for f in files
            if any(
                f == w or f.startswith(w.rstrip("/") + "/") or w == "." for w in wanted
            )
        ]
    return sorted(files)


def split_header(lines):
    """Return (index after the shebang/coding lines, the leading comment block)."""
    start = 0
    while start < len(lines) and start < 2 and PREAMBLE_RE.match(lines[start]):
        start += 1
    block = []
    for line in lines[start:]:
        if not line.startswith("#"):
            break
        block.append(line)
    return start, block


def missing(lines):
    _, block = split_header(lines)
    return (
        not any(COPYRIGHT_RE.match(line) for line in block),
        not any(LICENSE_RE.match(line) for line in block),
        any(OTHER_LICENSE_RE.match(line) for line in block),
    )


def fix(path):
    """Insert the missing header line(s); leave every other line as it is."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines(keepends=True)
    no_copyright, no_license, _ = missing(lines)
    start, block = split_header(lines)
    copyright_line = f"# Copyright {datetime.date.today().year} {HOLDER}\n"
    if no_copyright and no_license:
        new = [copyright_line, LICENSE + "\n"]
        rest = lines[start:]
        if rest and rest[0].strip() and not rest[0].startswith("#"):
            new.append("\n")
        lines[start:start] = new
    elif no_license:  # right after the last copyright line
        last = max(i for i, line in enumerate(block) if COPYRIGHT_RE.match(line))
        lines.insert(start + last + 1, LICENSE + "\n")
    elif no_copyright:
        lines.insert(start, copyright_line)
    else:
        return
    with open(path, "w", encoding="utf-8") as f:
        f.write("".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--check", action="store_true", help="list files without the header"
    )
    mode.add_argument(
        "--fix", action="store_true", help="prepend the header where missing"
    )
    parser.add_argument(
        "paths", nargs="*", help="files or folders (default: the whole repo)"
    )
    args = parser.parse_args()
    bad = 0
    for rel in python_files(args.paths):
        path = os.path.join(ROOT, rel)
        with open(path, encoding="utf-8") as f:
            no_copyright, no_license, other = missing(
                f.read().splitlines(keepends=True)
            )
        if other:
            print(f"{rel}:1: another licence than AGPL-3 in the header; fix it by hand")
            bad += 1
        elif args.fix and (no_copyright or no_license):
            fix(path)
            print(f"{rel}: header added")
        elif no_copyright or no_license:
            what = " and ".join(
                w
                for w, m in (
                    ("copyright", no_copyright),
                    ("AGPL-3 licence", no_license),
                )
                if m
            )
            print(f"{rel}:1: no {what} line in the header")
            bad += 1
    if bad and args.check:
        print(
            f"{bad} file(s) without the licence header; run: "
            "python3 scripts/license_headers.py --fix"
        )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
