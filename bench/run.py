# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""The cirrus_kam benchmark (``make bench``): build or reuse the database
cirrus_kam_bench, measure the classification against its SQL floor and
Odoo's own routes, print a table and write bench/results/<timestamp>.json.

    python3 bench/run.py --addons-path=... [--rebuild] [--customers N]
        [--lines N] [--reps N] [--db cirrus_kam_bench_small]
"""

import argparse
import datetime
import os
import sys

import dbbuild
import measures
import results
from benchenv import DB_PREFIX, configure, environment


def parse_args(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db", default=DB_PREFIX)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the database")
    parser.add_argument("--customers", type=int, default=50_000)
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--reps", type=int, default=3, help="repetitions (>= 3)")
    parser.add_argument(
        "--no-upgrade",
        dest="upgrade",
        action="store_false",
        help="reuse the database without upgrading cirrus_kam first",
    )
    parser.add_argument(
        "--build-only", action="store_true", help="build or reuse, do not measure"
    )
    parser.add_argument(
        "--only",
        default="12345678",
        help="the measurements to run, by number (e.g. 12 or 45678)",
    )
    options = parser.parse_args(argv)
    if not options.db.startswith(DB_PREFIX):
        parser.error(f"--db must start with {DB_PREFIX}")
    if options.reps < 3:
        parser.error("--reps must be at least 3")
    options.today = datetime.date.today()
    return options


def main(argv=None):
    options = parse_args(argv if argv is not None else sys.argv[1:])
    configure(options.addons_path, options.db)
    facts = dbbuild.ensure_database(options)
    if options.build_only:
        return
    options.today = datetime.date.fromisoformat(facts["today"])
    with environment(options.db) as env:
        figures = measures.measure_all(env, options, facts)
        machine = results.machine_facts(env)
    report = results.assemble(figures, facts, machine, options)
    results.print_table(report)
    path = results.write_json(
        report, os.path.join(os.path.dirname(__file__), "results")
    )
    print(f"Results written to {path}")


if __name__ == "__main__":
    main()
