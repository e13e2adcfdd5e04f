# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""One call of the nightly classification job, in a process of its own so
that its memory can be read; print one JSON line: wall time, RSS before the
call, peak RSS during it and, with --tracemalloc, the peak of Python's own
allocations.

The call is ``_run`` of all companies as the scheduler makes it
(``auto_commit``: progress and a commit after every batch), except that the
commits are simulated: the ORM cache is flushed and cleared as a commit does,
but the transaction stays open and is rolled back at the end, so the
database is left as it was. Modes: ``first`` runs on the state the caller
prepared (the forgotten classification of measure (1)); ``nightly`` adds
documents dated today for 1% of the customers first, as measure (4).

The peak is VmHWM of /proc/self/status, reset to the current RSS just before
the call (``echo 5 > /proc/self/clear_refs``), so loading the registry does
not count."""

import argparse
import datetime
import json
import time
import tracemalloc

import generate
from benchenv import configure, environment

INCREMENT_SHARE = 0.01


def _status_mb(key):
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024.0  # kB
    raise RuntimeError(f"No {key} in /proc/self/status")


def _reset_peak():
    """Reset VmHWM to the current RSS; False when the kernel refuses."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        return False
    return True


def _simulate_commits(cr):
    """Make ``cr.commit()`` flush and clear the ORM cache as a commit does,
    without committing."""

    def commit():
        cr.flush()
        cr.clear()

    cr.commit = commit


def call(env, company_ids, today, mode, trace):
    cr = env.cr
    companies = env["res.company"].browse(company_ids)
    if mode == "nightly":
        generate.add_increment(cr, INCREMENT_SHARE, today)
    # the job starts with an empty cache, as in a fresh cron transaction
    cr.flush()
    cr.clear()
    _simulate_commits(cr)
    engine = env["cirrus.kam.engine"].sudo()
    reset = _reset_peak()
    rss_before = _status_mb("VmRSS")
    if trace:
        tracemalloc.start()
    start = time.perf_counter()
    changes = engine._run(
        companies=companies, source="cron", auto_commit=True, today=today
    )
    cr.flush()
    seconds = time.perf_counter() - start
    python_peak = tracemalloc.get_traced_memory()[1] / 2**20 if trace else None
    peak = _status_mb("VmHWM")
    return {
        "seconds": seconds,
        "rss_before_mb": rss_before,
        "peak_rss_mb": peak,
        "rss_growth_mb": peak - rss_before if reset else None,
        "python_peak_mb": python_peak,
        "tier_changes": sum(changes.values()),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--companies", required=True, help="comma separated ids")
    parser.add_argument("--today", required=True, help="the build date, ISO")
    parser.add_argument("--mode", choices=("first", "nightly"), required=True)
    parser.add_argument("--tracemalloc", action="store_true")
    options = parser.parse_args()
    configure(options.addons_path, options.db)
    company_ids = [int(cid) for cid in options.companies.split(",")]
    today = datetime.date.fromisoformat(options.today)
    with environment(options.db) as env:
        figure = call(env, company_ids, today, options.mode, options.tracemalloc)
    print(json.dumps(figure))


if __name__ == "__main__":
    main()
