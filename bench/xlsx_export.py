"""Render the workload xlsx export of all accounts in a process of its own,
so that its peak memory can be read; print one JSON line: wall time of the
render, peak RSS of the process, and the peak RSS before rendering.

The peak is read from /proc/self/status (VmHWM), not getrusage(): on Linux
a child's ru_maxrss starts from its parent's peak (the address space it was
forked from), so it would report the benchmark's own memory."""

import argparse
import json
import time

from benchenv import configure, environment

XMLID = "cirrus_kam.action_report_workload_xlsx"


def peak_rss_mb():
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0  # kB
    raise RuntimeError("No VmHWM in /proc/self/status")


def render(env, company_ids):
    admin = env.ref("base.user_admin")
    user_env = env(user=admin, context={"allowed_company_ids": company_ids})
    report = user_env["ir.actions.report"]._get_report(XMLID)
    records = user_env[report.model].search([])
    baseline = peak_rss_mb()
    start = time.perf_counter()
    content, kind = user_env["ir.actions.report"]._render(XMLID, records.ids, data={})
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
    options = parser.parse_args()
    configure(options.addons_path, options.db)
    company_ids = [int(cid) for cid in options.companies.split(",")]
    with environment(options.db) as env:
        print(json.dumps(render(env, company_ids)))


if __name__ == "__main__":
    main()
