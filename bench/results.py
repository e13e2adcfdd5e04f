# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Ratios, targets, the printed table and the JSON file of a benchmark run."""

import datetime
import json
import os
import platform
import subprocess

import odoo.release

NA = "n/a (not installed)"


def code_facts(directory):
    """The commit the addon was measured at, and whether it had local changes
    (read only: git state is left alone)."""

    def git(*args):
        done = subprocess.run(
            ["git", "-C", directory, *args], capture_output=True, text=True
        )
        return done.stdout.strip() if done.returncode == 0 else None

    return {
        "commit": git("rev-parse", "--short", "HEAD"),
        "local_changes": bool(git("status", "--porcelain", "--", "cirrus_kam")),
    }


def machine_facts(env):
    cr = env.cr
    cr.execute("SHOW server_version")
    server = cr.fetchone()[0]
    cr.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
    size = cr.fetchone()[0]
    settings = {}
    for name in ("shared_buffers", "work_mem", "effective_cache_size", "jit"):
        cr.execute(f"SHOW {name}")
        settings[name] = cr.fetchone()[0]
    return {
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "odoo": odoo.release.version,
        "postgresql": server,
        "postgresql_settings": settings,
        "database_size": size,
    }


# a figure is missing, or failed
FAILED = (KeyError, TypeError, ZeroDivisionError, ValueError, AttributeError)


def _attempt(compute):
    try:
        return compute()
    except FAILED:
        return None


def _worst(per_company, key=None):
    return max((f[key] if key else f)["seconds"] for f in per_company.values())


def ratios(figures):
    def per_customer():
        return figures["full_run"]["seconds"] / figures["pairs"]

    full = _attempt(lambda: figures["full_run"]["seconds"])
    return {
        "1/2": _attempt(lambda: full / figures["sql_floor"]["seconds"]),
        "1/3a": _attempt(lambda: full / figures["report_read_group"]["seconds"]),
        "3b/1 per customer": _attempt(
            lambda: figures["total_invoiced"]["per_customer"] / per_customer()
        ),
        "full_run_per_customer": _attempt(per_customer),
    }


def _worst_list(figures):
    return max(f["seconds"] for f in figures["account_lists"].values())


def _exports(figures):
    return [
        (name[len("xlsx_") :], figure)
        for name, figure in figures["workload"].items()
        if name.startswith("xlsx_")
    ]


def _checks(figures, ratio):
    """(target, function returning (met, shown value)): the targets of
    issue 7."""
    full = figures["full_run"]

    def xlsx():
        exports = _exports(figures)
        if not exports:
            raise KeyError("xlsx")
        met = all(f["seconds"] <= 15 and f["peak_rss_mb"] <= 500 for _n, f in exports)
        shown = "; ".join(
            f"{name} {f['seconds']:.1f} s, {f['peak_rss_mb']:.0f} MB"
            for name, f in exports
        )
        return met, shown

    def incremental():
        share = figures["incremental_run"]["seconds"] / full["seconds"]
        return share <= 0.1, f"{100 * share:.1f} % of (1)"

    return [
        ("(1) <= 2 x (2)", lambda: (ratio["1/2"] <= 2, f"{ratio['1/2']:.2f} x")),
        ("(4) <= 10% of (1)", incremental),
        (
            "(5) <= 100 ms each",
            lambda: (
                _worst_list(figures) <= 0.1,
                f"worst {1000 * _worst_list(figures):.0f} ms",
            ),
        ),
        ("(6) xlsx <= 15 s and peak RSS <= 500 MB", xlsx),
        (
            "(7) <= 5 s",
            lambda: (
                _worst(figures["wizard_preview"]) <= 5,
                f"worst {_worst(figures['wizard_preview']):.2f} s",
            ),
        ),
    ]


def targets(figures, ratio):
    results = []
    for name, check in _checks(figures, ratio):
        outcome = _attempt(check) or (None, "n/a (not measured, or failed)")
        results.append({"target": name, "pass": outcome[0], "value": outcome[1]})
    return results


def assemble(figures, facts, machine, options):
    ratio = ratios(figures)
    return {
        "timestamp": datetime.datetime.now().isoformat(timespec="seconds"),
        "database": options.db,
        "repetitions": options.reps,
        "machine": machine,
        "code": code_facts(os.path.dirname(os.path.abspath(__file__))),
        "data": {
            "built": facts.get("today"),
            "build_seconds": facts.get("build_seconds"),
            "build_timings": facts.get("timings"),
            "counts": facts.get("counts"),
            "checks": facts.get("checks"),
            "classified_pairs": figures["pairs"],
        },
        "figures": figures,
        "ratios": ratio,
        "targets": targets(figures, ratio),
        "cron_growth": _attempt(lambda: growth(figures["cron_calls"])),
    }


# ----------------------------------------------------------------------
# Printing
# ----------------------------------------------------------------------
def duration(seconds):
    if seconds is None:
        return "-"
    return f"{1000 * seconds:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _phases(figure):
    phases = figure.get("phases") or {}
    text = ", ".join(f"{name} {duration(s)}" for name, s in phases.items())
    return [("", "  phases (inclusive): " + text, None, None)] if text else []


def _row(number, label, figure, detail):
    """Table rows of one figure; ``detail`` formats its other numbers."""
    if figure is None:
        return [(number, label, NA, "")]
    if figure.get("error") == "not measured":
        return [(number, label, "-", "not measured")]
    if "error" in figure:
        return [(number, label, "error", figure["error"][:90])]
    shown = _attempt(lambda: detail(figure)) or ""
    return [(number, label, duration(figure["seconds"]), shown), *_phases(figure)]


def _per_company(number, label, figures, detail, key=None):
    if "error" in figures:
        return _row(number, label.format(cid="all"), figures, detail)
    lines = []
    for cid, figure in figures.items():
        lines += _row(
            number, label.format(cid=cid), figure[key] if key else figure, detail
        )
    return lines


def _engine_rows(figures):
    pairs = figures["pairs"] or 1
    return [
        *_row(
            "(1)",
            "Full reclassification, all companies (_run)",
            figures["full_run"],
            lambda f: (
                f"{f['rows']:,} accounts written, {1e6 * f['seconds'] / pairs:.0f} "
                f"us/pair, {f['history_rows']:,} history rows, "
                f"{f['activities']:,} activities"
            ),
        ),
        *_row(
            "(2)",
            "SQL floor: aggregate + bulk INSERT .. ON CONFLICT",
            figures["sql_floor"],
            lambda f: f"{f['rows']:,} accounts (revenue, score, tier)",
        ),
        *_row(
            "(3a)",
            "account.invoice.report _read_group by customer",
            figures["report_read_group"],
            lambda f: f"2 windows x each company, {f['groups']:,} groups",
        ),
        *_row(
            "(3b)",
            "res.partner.total_invoiced of sampled customers",
            figures["total_invoiced"],
            lambda f: (
                f"{f['sample']:,} customers, {1000 * f['per_customer']:.2f} "
                f"ms/customer; {duration(f['extrapolated_seconds'])} for "
                f"{pairs:,} (extrapolated)"
            ),
        ),
        *_row(
            "(4)",
            "Incremental run, 1% of customers invoiced today",
            figures["incremental_run"],
            lambda f: (
                f"{f['customers']:,} customers, {f['documents']:,} documents, "
                f"{f['rows']:,} accounts written, {f['activities']:,} activities"
            ),
        ),
    ]


LIST_LABELS = {
    "search_revenue": "Accounts web_search_read 80 by revenue desc",
    "search_default": "Accounts web_search_read 80, default order",
    "group_tier": "Accounts web_read_group by tier",
}


def _list_rows(lists):
    if "error" in lists:
        return _row("(5)", "Account lists", lists, str)
    lines = []
    for key, label in LIST_LABELS.items():
        lines += _row(
            "(5)",
            label,
            lists.get(key, {"error": "not measured"}),
            lambda f: (
                f"{f['groups']} groups"
                if "groups" in f
                else f"{f['records']} records of {f['length']:,}"
            ),
        )
    return lines


def _workload_rows(workload):
    if "error" in workload:
        return _row("(6)", "Workload report read / xlsx exports", workload, str)
    lines = _row(
        "(6)",
        "Workload report search_read, all companies",
        workload["read"],
        lambda f: f"{f['records']:,} rows",
    )
    for name in ("workload", "portfolio"):
        lines += _row(
            "(6)",
            f"{name.capitalize()} xlsx export (own process)",
            workload.get(f"xlsx_{name}", {"error": "not measured"}),
            lambda f: (
                f"peak RSS {f['peak_rss_mb']:.0f} MB (before render "
                f"{f['baseline_rss_mb']:.0f} MB), {f['records']:,} records, "
                f"{f['bytes']:,} bytes"
            ),
        )
    return lines


def _ui_rows(figures):
    lines = _list_rows(figures["account_lists"])
    lines += _workload_rows(figures["workload"])
    lines += _per_company(
        "(7)",
        "Wizard preview, company {cid}",
        figures["wizard_preview"],
        lambda f: f"{f['changes']:,} preview lines (tier or owner changes)",
    )
    return lines


def _megabytes(value):
    return "-" if value is None else f"{value:.0f} MB"


def _cron_rows(calls):
    """(8): one call of the job at each size, and how it grows."""
    if calls.get("error") == "not measured":
        return [("(8)", "One cron call at two sizes", "-", "not measured")]
    if "error" in calls:
        return [("(8)", "One cron call at two sizes", "error", calls["error"][:90])]
    lines = []
    for size in ("small", "normal"):
        facts = calls[size]
        for mode, label in (
            ("first", "first classification"),
            ("nightly", "nightly, 1%"),
        ):
            figure = facts[mode]
            lines.append(
                (
                    "(8)",
                    f"Cron call, {label}, {facts['pairs']:,} pairs",
                    duration(figure["seconds"]),
                    f"peak RSS {_megabytes(figure['peak_rss_mb'])} (+"
                    f"{_megabytes(figure['rss_growth_mb'])} in the call), "
                    f"Python peak {_megabytes(figure['python_peak_mb'])}",
                )
            )
    return lines


def growth(calls):
    """{mode: (pairs ratio, time ratio, RSS growth ratio, Python peak ratio)}
    from the small database to the normal one."""
    small, normal = calls["small"], calls["normal"]
    result = {"pairs": normal["pairs"] / small["pairs"]}
    for mode in ("first", "nightly"):
        a, b = small[mode], normal[mode]
        result[mode] = {
            key: _attempt(lambda key=key, a=a, b=b: b[key] / a[key])
            for key in ("seconds", "rss_growth_mb", "python_peak_mb")
        }
    return result


def _number(value, spec):
    return "n/a" if value is None else format(value, spec)


def print_table(report):
    figures, ratio, data = report["figures"], report["ratios"], report["data"]
    counts = data["counts"] or {}
    print()
    print(
        f"cirrus_kam benchmark: {report['database']}, "
        f"{counts.get('customers', 0):,} customers, "
        f"{data['classified_pairs'] or 0:,} customer-company pairs, "
        f"{counts.get('product lines', 0):,} product lines, "
        f"{counts.get('posted customer documents', 0):,} documents; "
        f"median of {report['repetitions']}+ runs"
    )
    print("-" * 110)
    lines = (
        _engine_rows(figures) + _ui_rows(figures) + _cron_rows(figures["cron_calls"])
    )
    for number, label, value, detail in lines:
        if value is None:
            print(f"{number:<5} {label}")
        else:
            print(f"{number:<5} {label:<50} {value:>10}  {detail}")
    print("-" * 110)
    print(
        f"Ratios: 1/2 = {_number(ratio['1/2'], '.2f')}, "
        f"1/3a = {_number(ratio['1/3a'], '.2f')}, "
        f"3b/1 per customer = {_number(ratio['3b/1 per customer'], '.1f')}"
    )
    grown = report.get("cron_growth")
    if grown:
        print(
            f"(8) normal / small: {grown['pairs']:.2f} x the pairs; "
            + "; ".join(
                f"{mode}: time {_number(grown[mode]['seconds'], '.2f')} x, "
                f"RSS growth {_number(grown[mode]['rss_growth_mb'], '.2f')} x, "
                f"Python peak {_number(grown[mode]['python_peak_mb'], '.2f')} x"
                for mode in ("first", "nightly")
            )
        )
    print("Targets (issue 7):")
    for target in report["targets"]:
        verdict = {True: "met    ", False: "NOT met", None: "n/a    "}[target["pass"]]
        print(f"  {verdict}  {target['target']:<42} {target['value']}")


def write_json(report, directory):
    os.makedirs(directory, exist_ok=True)
    stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = os.path.join(directory, f"{stamp}.json")
    with open(path, "w", encoding="utf-8") as output:
        json.dump(report, output, indent=2, default=str)
    return path
