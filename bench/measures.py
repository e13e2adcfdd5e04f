"""The measurements. Each repetition runs in its own transaction and is
rolled back, and the tables it wrote are vacuumed, so repetitions start
from the same state: the database as built (last night's classification)."""

import contextlib
import importlib
import json
import random
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import generate
import sqlfloor
from benchenv import COMPLETE_KEY, checkpoint, clock, median, rows, scalar, vacuum
from dateutil.relativedelta import relativedelta
from phases import timed_phases

from odoo.tools import SQL

WRITTEN_TABLES = ("res_partner", "cirrus_kam_tier_history", "mail_activity")
SALE_TYPES = ("out_invoice", "out_refund")
CUSTOMERS = [("customer_rank", ">", 0)]
LIST_FIELDS = [
    "complete_name",
    "phone",
    "email",
    "user_id",
    "city",
    "country_id",
    "company_id",
    "kam_tier_id",
    "kam_revenue_12m",
]
INCREMENT_SHARE = 0.01
TOTAL_INVOICED_SAMPLE = 1000  # per company
UI_REPS = 5
WORKLOAD_MODEL = "cirrus.kam.workload.report"
WORKLOAD_XLSX = "cirrus_kam.action_report_workload_xlsx"


@dataclass
class Bench:
    env: object
    companies: object
    today: object
    reps: int
    db: str
    addons_path: str
    pairs: int = 0  # (customer, company) pairs a full run classifies

    @property
    def cr(self):
        return self.env.cr

    def user_env(self, company):
        """The administrator, working in one company (record rules apply)."""
        admin = self.env.ref("base.user_admin")
        return self.env(user=admin, context={"allowed_company_ids": [company.id]})


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
def result_columns():
    """The res.partner columns the engine writes (its RESULT_COLUMNS)."""
    engine = importlib.import_module("odoo.addons.cirrus_kam.models.cirrus_kam_engine")
    return list(engine.RESULT_COLUMNS)


def repeat(bench, once, count=None, writes=True):
    """[result of once()] over the repetitions, each rolled back."""
    results = []
    for _ in range(count or bench.reps):
        try:
            results.append(once())
        finally:
            bench.cr.rollback()
            bench.env.invalidate_all()
            if writes:
                vacuum(bench.db, WRITTEN_TABLES)
    return results


def summary(results, **extra):
    """The median of the repetitions' seconds, with the repetition closest
    to it for the other figures."""
    seconds = [r["seconds"] for r in results]
    middle = median(seconds)
    typical = min(results, key=lambda r: abs(r["seconds"] - middle))
    figure = {key: value for key, value in typical.items() if key != "seconds"}
    figure.update(seconds=middle, runs=[round(s, 4) for s in seconds], **extra)
    return figure


def reset_results(bench):
    """Forget the stored classification (all companies) and its history."""
    columns = SQL(", ").join(
        SQL("%s = NULL", SQL.identifier(name)) for name in result_columns()
    )
    bench.cr.execute(SQL("UPDATE res_partner SET %s", columns))
    bench.cr.execute("DELETE FROM cirrus_kam_tier_history")
    bench.env.invalidate_all()


def _marker(bench, value=None):
    """The complete marker of the database: read and removed, or set back."""
    parameters = bench.env["ir.config_parameter"].sudo()
    if value is None:
        value = parameters.get_param(COMPLETE_KEY)
        parameters.set_param(COMPLETE_KEY, False)
        return value
    parameters.set_param(COMPLETE_KEY, value)
    return value


def _save_results(bench):
    columns = SQL(", ").join(SQL.identifier(name) for name in result_columns())
    bench.cr.execute(
        SQL(
            "DROP TABLE IF EXISTS bench.saved_results, bench.saved_history; "
            "CREATE TABLE bench.saved_results AS SELECT id, %s FROM res_partner; "
            "CREATE TABLE bench.saved_history AS "
            "SELECT * FROM cirrus_kam_tier_history",
            columns,
        )
    )


def _restore_results(bench):
    assignments = SQL(", ").join(
        SQL("%(c)s = s.%(c)s", c=SQL.identifier(name)) for name in result_columns()
    )
    bench.cr.execute(
        SQL(
            "UPDATE res_partner p SET %s FROM bench.saved_results s "
            "WHERE s.id = p.id; "
            "INSERT INTO cirrus_kam_tier_history "
            "SELECT * FROM bench.saved_history; "
            "DROP TABLE bench.saved_results, bench.saved_history",
            assignments,
        )
    )


@contextlib.contextmanager
def forgotten_classification(bench):
    """Forget the stored classification and its history, committed, for full
    runs; restore both afterwards. Committed, because a row changed earlier
    in the same transaction makes PostgreSQL check every foreign key of
    res_partner again when it is updated, which a nightly run never pays.
    The database is marked incomplete meanwhile, so an interrupted benchmark
    leads to a rebuild."""
    _save_results(bench)
    marker = _marker(bench)
    reset_results(bench)
    bench.cr.commit()
    vacuum(bench.db, WRITTEN_TABLES)
    try:
        yield
    finally:
        bench.cr.rollback()
        _restore_results(bench)
        _marker(bench, marker)
        bench.cr.commit()
        bench.env.invalidate_all()
        vacuum(bench.db, WRITTEN_TABLES, analyze=True)


def snapshot(bench):
    columns = SQL(", ").join(SQL.identifier(name) for name in result_columns())
    bench.cr.execute(
        SQL(
            "CREATE TEMP TABLE bench_snapshot ON COMMIT DROP AS "
            "SELECT id, %s FROM res_partner WHERE id = commercial_partner_id",
            columns,
        )
    )


def changed_pairs(bench):
    """(customer, company) pairs whose stored values differ from the snapshot."""
    differs = SQL(" OR ").join(
        SQL("(p.%(c)s->k) IS DISTINCT FROM (s.%(c)s->k)", c=SQL.identifier(name))
        for name in result_columns()
    )
    keys = [str(cid) for cid in bench.companies.ids]
    return scalar(
        bench.cr,
        "SELECT count(*) FROM res_partner p JOIN bench_snapshot s ON s.id = p.id "
        "CROSS JOIN unnest(%s::text[]) AS k WHERE %s",
        keys,
        differs,
    )


def classified_pairs(bench):
    """(customer, company) pairs holding a tier: what a full run classifies."""
    return scalar(
        bench.cr,
        "SELECT count(*) FROM res_partner p CROSS JOIN unnest(%s::text[]) AS k "
        "WHERE p.id = p.commercial_partner_id AND p.kam_tier_id ? k",
        [str(cid) for cid in bench.companies.ids],
    )


def run_engine(bench):
    bench.env["cirrus.kam.engine"]._run(companies=bench.companies, today=bench.today)
    bench.env.flush_all()


def engine_run(bench):
    """Time one engine run on the current state; figures of the run."""
    snapshot(bench)
    history = scalar(bench.cr, "SELECT count(*) FROM cirrus_kam_tier_history")
    activities = scalar(bench.cr, "SELECT count(*) FROM mail_activity")
    with timed_phases(bench.env) as phases:
        seconds, _ = clock(run_engine, bench)
    return {
        "seconds": seconds,
        "rows": changed_pairs(bench),
        "history_rows": scalar(bench.cr, "SELECT count(*) FROM cirrus_kam_tier_history")
        - history,
        "activities": scalar(bench.cr, "SELECT count(*) FROM mail_activity")
        - activities,
        "phases": {name: round(s, 3) for name, s in phases.items()},
    }


# ----------------------------------------------------------------------
# (1) full run, (2) SQL floor, (4) incremental run
# ----------------------------------------------------------------------
def full_run(bench):
    def once():
        return engine_run(bench)

    return summary(repeat(bench, once))


def sql_floor(bench):
    def once():
        seconds, written = clock(
            sqlfloor.classify, bench.cr._obj, bench.companies.ids, bench.today
        )
        return {"seconds": seconds, "rows": written}

    return summary(repeat(bench, once))


def incremental_run(bench):
    def once():
        catch_up, _ = clock(run_engine, bench)
        customers, documents = generate.add_increment(
            bench.cr, INCREMENT_SHARE, bench.today
        )
        figure = engine_run(bench)
        figure.update(customers=customers, documents=documents)
        figure["catch_up_seconds"] = round(catch_up, 3)
        return figure

    return summary(repeat(bench, once))


# ----------------------------------------------------------------------
# (3) Odoo's own routes
# ----------------------------------------------------------------------
def _windows(bench):
    start = bench.today - relativedelta(months=12)
    previous = start - relativedelta(months=12)
    return [(start, bench.today), (previous, start - relativedelta(days=1))]


def report_read_group(bench):
    """account.invoice.report grouped by customer, both windows, per company."""

    def once():
        groups, seconds = 0, 0.0
        for company in bench.companies:
            report = bench.user_env(company)["account.invoice.report"]
            for start, end in _windows(bench):
                domain = [
                    ("company_id", "=", company.id),
                    ("state", "=", "posted"),
                    ("move_type", "in", SALE_TYPES),
                    ("invoice_date", ">=", start),
                    ("invoice_date", "<=", end),
                ]
                spent, found = clock(
                    report._read_group,
                    domain,
                    ["commercial_partner_id"],
                    ["price_subtotal:sum"],
                )
                seconds += spent
                groups += len(found)
        return {"seconds": seconds, "groups": groups}

    return summary(repeat(bench, once, writes=False))


def _sample_customers(bench, company, size):
    ids = [
        pid
        for (pid,) in rows(
            bench.cr,
            "SELECT id FROM res_partner WHERE id = commercial_partner_id "
            "AND customer_rank > 0 AND (company_id IS NULL OR company_id = %s) "
            "ORDER BY id",
            company.id,
        )
    ]
    return random.Random(company.id).sample(ids, min(size, len(ids)))


def total_invoiced(bench):
    """res.partner.total_invoiced of a sample of customers per company."""
    samples = {
        company: _sample_customers(bench, company, TOTAL_INVOICED_SAMPLE)
        for company in bench.companies
    }

    def once():
        seconds = 0.0
        for company, ids in samples.items():
            partners = bench.user_env(company)["res.partner"].browse(ids)
            spent, _ = clock(partners.mapped, "total_invoiced")
            seconds += spent
        return {"seconds": seconds}

    sample = sum(len(ids) for ids in samples.values())
    figure = summary(repeat(bench, once, writes=False), sample=sample)
    figure["per_customer"] = figure["seconds"] / sample
    figure["extrapolated_seconds"] = figure["per_customer"] * bench.pairs
    return figure


# ----------------------------------------------------------------------
# (5) Contacts list, (7) wizard preview
# ----------------------------------------------------------------------
def contacts_list(bench):
    figures = {}
    for company in bench.companies:
        partners = bench.user_env(company)["res.partner"]

        def search(partners=partners):
            spent, found = clock(
                partners.search_read,
                CUSTOMERS,
                LIST_FIELDS,
                limit=80,
                order="kam_revenue_12m desc",
            )
            return {"seconds": spent, "records": len(found)}

        def group(partners=partners):
            spent, found = clock(
                partners.read_group,
                CUSTOMERS,
                ["kam_revenue_12m:sum"],
                ["kam_tier_id"],
            )
            return {"seconds": spent, "groups": len(found)}

        figures[company.id] = {
            "search_read": summary(repeat(bench, search, UI_REPS, writes=False)),
            "read_group": summary(repeat(bench, group, UI_REPS, writes=False)),
        }
    return figures


def wizard_preview(bench):
    figures = {}
    for company in bench.companies:
        wizards = bench.user_env(company)["cirrus.kam.classify.wizard"]

        def once(wizards=wizards, company=company):
            with timed_phases(bench.env) as phases:
                start = time.perf_counter()
                wizard = wizards.create({"company_id": company.id})
                wizard.action_preview()
                wizard.env.flush_all()
                seconds = time.perf_counter() - start
            return {
                "seconds": seconds,
                "changes": wizard.change_count,
                "phases": {name: round(s, 3) for name, s in phases.items()},
            }

        figures[company.id] = summary(repeat(bench, once))
    return figures


# ----------------------------------------------------------------------
# (6) workload report and its xlsx export
# ----------------------------------------------------------------------
def workload_installed(bench):
    return WORKLOAD_MODEL in bench.env and bool(
        bench.env.ref(WORKLOAD_XLSX, raise_if_not_found=False)
    )


def workload_read(bench):
    def once():
        seconds, found = 0.0, 0
        for company in bench.companies:
            report = bench.user_env(company)[WORKLOAD_MODEL]
            spent, records = clock(report.search_read, [], [])
            seconds += spent
            found += len(records)
        return {"seconds": seconds, "records": found}

    return summary(repeat(bench, once, writes=False))


def _export_once(bench):
    script = Path(__file__).with_name("xlsx_export.py")
    command = [
        sys.executable,
        str(script),
        f"--addons-path={bench.addons_path}",
        f"--db={bench.db}",
        f"--companies={','.join(map(str, bench.companies.ids))}",
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    process = time.perf_counter() - start
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"xlsx export failed: {last}")
    figure = json.loads(done.stdout.strip().splitlines()[-1])
    figure["process_seconds"] = process
    return figure


def workload_export(bench):
    results = [_export_once(bench) for _ in range(bench.reps)]
    figure = summary(results)
    figure["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    return figure


def workload(bench):
    if not workload_installed(bench):
        return None
    return {"read": workload_read(bench), "xlsx": workload_export(bench)}


# ----------------------------------------------------------------------
# (key, number, label, measure); (1) and (2) run on a forgotten classification
STEPS = [
    ("full_run", "1", "(1) full reclassification", full_run),
    ("sql_floor", "2", "(2) SQL floor", sql_floor),
    (
        "report_read_group",
        "3",
        "(3a) account.invoice.report read_group",
        report_read_group,
    ),
    ("total_invoiced", "3", "(3b) res.partner.total_invoiced", total_invoiced),
    ("incremental_run", "4", "(4) incremental run", incremental_run),
    ("contacts_list", "5", "(5) Contacts list", contacts_list),
    ("workload", "6", "(6) workload report", workload),
    ("wizard_preview", "7", "(7) wizard preview", wizard_preview),
]
COLD = ("full_run", "sql_floor")


def _measure(bench, figures, steps):
    for key, _number, label, measure in steps:
        print(f"Measuring {label}...", flush=True)
        checkpoint(bench.db)
        figures[key] = attempt(bench, measure)
        print(f"  {brief(figures[key])}", flush=True)


def measure_all(env, options, facts):
    """{measurement: figure} of the measurements in ``options.only``."""
    bench = Bench(
        env=env,
        companies=env["res.company"].browse(facts["company_ids"]),
        today=options.today,
        reps=options.reps,
        db=options.db,
        addons_path=options.addons_path,
    )
    bench.pairs = classified_pairs(bench)
    chosen = [step for step in STEPS if step[1] in options.only]
    figures = {key: {"error": "not measured"} for key, *_rest in STEPS}
    cold = [step for step in chosen if step[0] in COLD]
    if cold:
        with forgotten_classification(bench):
            _measure(bench, figures, cold)
    _measure(bench, figures, [step for step in chosen if step[0] not in COLD])
    figures["pairs"] = bench.pairs
    return figures


def attempt(bench, measure):
    """The figure of a measurement, or {"error": ...}: one failing measurement
    (say, an addon being edited meanwhile) does not stop the others."""
    try:
        return measure(bench)
    except Exception as error:
        bench.cr.rollback()
        traceback.print_exc()
        return {"error": f"{type(error).__name__}: {error}".splitlines()[0]}


def brief(figure):
    """A one-line progress note of a figure."""
    if figure is None:
        return "n/a (not installed)"
    if "error" in figure:
        return figure["error"]
    if "seconds" in figure:
        return f"median {figure['seconds']:.3f} s"
    return json.dumps(figure, default=str)[:300]
