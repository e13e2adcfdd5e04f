# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Render an xlsx export of all accounts in a process of its own, so that
its peak memory can be read: the workload report (a summary and one sheet
per owner listing their accounts) or the account portfolio (every
classified account, one row each). Print one JSON line: wall time of the
render, peak RSS of the process, and the peak RSS before rendering.

The peak is read from /proc/self/status (VmHWM), not getrusage(): on Linux
a child's ru_maxrss starts from its parent's peak (the address space it was
forked from), so it would report the benchmark's own memory."""

import argparse
import json
import time

from benchenv import configure, environment

# report: (action, the records it is printed for)
REPORTS = {
    "workload": ("cirrus_kam.action_report_workload_xlsx", []),
    "portfolio": (
        "cirrus_kam.action_report_portfolio_xlsx",
        [("tier_id", "!=", False)],
    ),
}


def peak_rss_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0  # kB
    raise RuntimeError("No VmHWM in /proc/self/status")


def render(env, company_ids, name):
    xmlid, domain = REPORTS[name]
    admin = env.ref("base.user_admin")
    user_env = env(user=admin, context={"allowed_company_ids": company_ids})
    report = user_env["ir.actions.report"]._get_report(xmlid)
    records = user_env[report.model].search(domain)
    baseline = peak_rss_mb()
    start = time.perf_counter()
    content, kind = user_env["ir.actions.report"]._render(xmlid, records.ids, data={})
    return {
        "seconds": time.perf_counter() - start,
        "peak_rss_mb": peak_rss_mb(),
        "baseline_rss_mb": baseline,
        "records": len(records),
        "bytes": len(content),
        "format": kind,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--companies", required=True, help="comma separated ids")
    parser.add_argument("--report", choices=sorted(REPORTS), default="workload")
    options = parser.parse_args()
    configure(options.addons_path, options.db)
    company_ids = [int(cid) for cid in options.companies.split(",")]
    with environment(options.db) as env:
        print(json.dumps(render(env, company_ids, options.report)))


if __name__ == "__main__":
    main()
