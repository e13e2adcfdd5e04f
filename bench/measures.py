# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""The measurements. Each repetition runs in its own transaction and is
rolled back, and the tables it wrote are vacuumed, so repetitions start
from the same state: the database as built (last night's classification)."""

import contextlib
import copy
import datetime
import importlib
import json
import random
import subprocess
import sys
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

import dbbuild
import generate
import sqlfloor
from benchenv import (
    COMPLETE_KEY,
    checkpoint,
    clock,
    environment,
    median,
    rows,
    scalar,
    vacuum,
)
from dateutil.relativedelta import relativedelta
from phases import timed_phases

from odoo import Command
from odoo.tools import SQL

# what an engine run writes: accounts, the Salesperson of customers (which
# follows the owner), history, activities and messages on accounts
WRITTEN_TABLES = (
    "cirrus_kam_account",
    "res_partner",
    "cirrus_kam_tier_history",
    "mail_activity",
    "mail_message",
    "mail_followers",
)
SALE_TYPES = ("out_invoice", "out_refund")
# the All Accounts action: classified accounts of the allowed companies
ACCOUNTS = [("tier_id", "!=", False)]
MANY2ONE = {"fields": {"display_name": {}}}
# what the All Accounts list view reads (its visible columns)
LIST_SPEC = {
    "currency_id": {"fields": {}},
    "declining": {},
    "partner_id": MANY2ONE,
    "tier_id": MANY2ONE,
    "revenue": {},
    "revenue_prev": {},
    "trend": {},
    "potential": {},
    "potential_date": {},
    "wallet_share": {},
    "score": {},
    "user_id": MANY2ONE,
    "tier_locked": {},
    "classified_date": {},
}
# the aggregates the grouped list asks for (numeric columns)
LIST_AGGREGATES = [
    "revenue:sum",
    "revenue_prev:sum",
    "trend:sum",
    "potential:sum",
    "wallet_share:sum",
    "score:sum",
]
LIST_ORDERS = {"revenue": "revenue desc", "default": "score desc, id"}
COUNT_LIMIT = 10001  # the web client counts up to 10,000 records
KAM_ADMIN_LOGIN = "bench.kam_admin"
INCREMENT_SHARE = 0.01
TOTAL_INVOICED_SAMPLE = 1000  # per company
UI_REPS = 5
WORKLOAD_MODEL = "cirrus.kam.workload.report"
XLSX_REPORTS = ("workload", "portfolio")
SMALL_DIVISOR = 4  # the smaller database of (8): a quarter of the customers


@dataclass
class Bench:
    env: object
    companies: object
    today: object
    reps: int
    db: str
    addons_path: str
    pairs: int = 0  # (customer, company) pairs a full run classifies
    options: object = None

    @property
    def cr(self):
        return self.env.cr

    def user_env(self, company):
        """The administrator, working in one company (record rules apply)."""
        admin = self.env.ref("base.user_admin")
        return self.env(user=admin, context={"allowed_company_ids": [company.id]})

    def kam_admin_env(self):
        """An Account Management administrator of the first company only
        (not the superuser: access rights and record rules apply)."""
        user = kam_admin(self)
        return self.env(
            user=user, context={"allowed_company_ids": self.companies[:1].ids}
        )


# ----------------------------------------------------------------------
# Helpers
# ----------------------------------------------------------------------
def result_columns():
    """The cirrus_kam_account columns the engine writes (RESULT_COLUMNS)."""
    account = importlib.import_module(
        "odoo.addons.cirrus_kam.models.cirrus_kam_account"
    )
    return list(account.RESULT_COLUMNS)


def kam_admin(bench):
    """The benchmark's Account Management administrator (group_kam_manager
    only) of the first company; created and committed the first time."""
    users = bench.env["res.users"].with_context(active_test=False)
    user = users.search([("login", "=", KAM_ADMIN_LOGIN)])
    if user:
        return user
    company = bench.companies[0]
    user = users.create(
        {
            "name": "Bench Account Management Administrator",
            "login": KAM_ADMIN_LOGIN,
            "company_id": company.id,
            "company_ids": [Command.set(company.ids)],
            "groups_id": [
                Command.set([bench.env.ref("cirrus_kam.group_kam_manager").id])
            ],
        }
    )
    bench.cr.commit()
    return user


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
    """Forget the classification of all companies, as before the first run:
    delete the accounts, except those of the seeded potentials (which a user
    assessed before any run), clear the engine's values on those, and delete
    the history."""
    columns = SQL(", ").join(
        SQL("%s = NULL", SQL.identifier(name)) for name in result_columns()
    )
    bench.cr.execute("DELETE FROM cirrus_kam_account WHERE potential_date IS NULL")
    bench.cr.execute(SQL("UPDATE cirrus_kam_account SET %s", columns))
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
    bench.cr.execute(
        "DROP TABLE IF EXISTS bench.saved_accounts, bench.saved_history; "
        "CREATE TABLE bench.saved_accounts AS SELECT * FROM cirrus_kam_account; "
        "CREATE TABLE bench.saved_history AS SELECT * FROM cirrus_kam_tier_history"
    )


def _restore_results(bench):
    bench.cr.execute(
        "DELETE FROM cirrus_kam_account; "
        "INSERT INTO cirrus_kam_account SELECT * FROM bench.saved_accounts; "
        "DELETE FROM cirrus_kam_tier_history; "
        "INSERT INTO cirrus_kam_tier_history SELECT * FROM bench.saved_history; "
        "DROP TABLE bench.saved_accounts, bench.saved_history"
    )


@contextlib.contextmanager
def forgotten_classification(bench):
    """Forget the stored classification and its history, committed, for full
    runs; restore both afterwards. Committed, because a row changed earlier
    in the same transaction makes PostgreSQL check every foreign key of
    that row again when it is updated, which a nightly run never pays.
    The database is marked incomplete meanwhile, so an interrupted benchmark
    leads to a rebuild."""
    _save_results(bench)
    marker = _marker(bench)
    reset_results(bench)
    bench.cr.commit()
    vacuum(bench.db, WRITTEN_TABLES, analyze=True)
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
            "SELECT id, %s FROM cirrus_kam_account",
            columns,
        )
    )


def changed_pairs(bench):
    """Accounts (customer-company pairs) created, or whose engine values
    differ from the snapshot."""

    def row(alias):
        return SQL(", ").join(
            SQL("%s.%s", SQL.identifier(alias), SQL.identifier(name))
            for name in result_columns()
        )

    return scalar(
        bench.cr,
        "SELECT count(*) FROM cirrus_kam_account a "
        "LEFT JOIN bench_snapshot s ON s.id = a.id "
        "WHERE s.id IS NULL OR (%s) IS DISTINCT FROM (%s)",
        row("a"),
        row("s"),
    )


def classified_pairs(bench):
    """Accounts holding a tier: the customer-company pairs a full run
    classifies."""
    return scalar(
        bench.cr,
        "SELECT count(*) FROM cirrus_kam_account "
        "WHERE tier_id IS NOT NULL AND company_id = ANY(%s)",
        bench.companies.ids,
    )


def _count(bench, table):
    return scalar(bench.cr, "SELECT count(*) FROM %s", SQL.identifier(table))


def run_engine(bench):
    bench.env["cirrus.kam.engine"]._run(companies=bench.companies, today=bench.today)
    bench.env.flush_all()


def engine_run(bench):
    """Time one engine run on the current state; figures of the run."""
    snapshot(bench)
    counted = ("cirrus_kam_tier_history", "mail_activity", "mail_message")
    before = {table: _count(bench, table) for table in counted}
    with timed_phases(bench.env) as phases:
        seconds, _ = clock(run_engine, bench)
    after = {table: _count(bench, table) for table in counted}
    return {
        "seconds": seconds,
        "rows": changed_pairs(bench),
        "history_rows": after["cirrus_kam_tier_history"]
        - before["cirrus_kam_tier_history"],
        "activities": after["mail_activity"] - before["mail_activity"],
        "messages": after["mail_message"] - before["mail_message"],
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
# (5) account lists, (7) wizard preview
# ----------------------------------------------------------------------
def account_lists(bench):
    """The All Accounts list as the web client reads it, as an Account
    Management administrator of the first company: a page of 80 accounts by
    revenue and in the default order (with the count the pager shows), and
    the list grouped by tier."""
    accounts = bench.kam_admin_env()["cirrus.kam.account"]
    figures = {}
    for name, order in LIST_ORDERS.items():

        def search(order=order):
            spent, found = clock(
                accounts.web_search_read,
                ACCOUNTS,
                LIST_SPEC,
                limit=80,
                order=order,
                count_limit=COUNT_LIMIT,
            )
            return {
                "seconds": spent,
                "records": len(found["records"]),
                "length": found["length"],
            }

        figures[f"search_{name}"] = summary(repeat(bench, search, UI_REPS, False))

    def group():
        spent, found = clock(
            accounts.web_read_group, ACCOUNTS, LIST_AGGREGATES, ["tier_id"]
        )
        return {"seconds": spent, "groups": found["length"]}

    figures["group_tier"] = summary(repeat(bench, group, UI_REPS, False))
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


def _export_once(bench, report):
    script = Path(__file__).with_name("xlsx_export.py")
    command = [
        sys.executable,
        str(script),
        f"--addons-path={bench.addons_path}",
        f"--db={bench.db}",
        f"--companies={','.join(map(str, bench.companies.ids))}",
        f"--report={report}",
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


def xlsx_export(bench, report):
    results = [_export_once(bench, report) for _ in range(bench.reps)]
    figure = summary(results)
    figure["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    return figure


def workload(bench):
    figures = {"read": workload_read(bench)}
    for report in XLSX_REPORTS:
        figures[f"xlsx_{report}"] = xlsx_export(bench, report)
    return figures


# ----------------------------------------------------------------------
# (8) one cron call, at two sizes
# ----------------------------------------------------------------------
def _call_once(bench, mode, trace=False):
    script = Path(__file__).with_name("cron_call.py")
    command = [
        sys.executable,
        str(script),
        f"--addons-path={bench.addons_path}",
        f"--db={bench.db}",
        f"--companies={','.join(map(str, bench.companies.ids))}",
        f"--today={bench.today}",
        f"--mode={mode}",
    ]
    if trace:
        command.append("--tracemalloc")
    done = subprocess.run(command, capture_output=True, text=True)
    vacuum(bench.db, WRITTEN_TABLES)
    if done.returncode:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        raise RuntimeError(f"cron call failed: {last}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _call_figure(bench, mode):
    """The call's median time and highest peak over the repetitions, and
    the peak of Python's allocations (tracemalloc, one more call: tracing
    slows it down)."""
    results = [_call_once(bench, mode) for _ in range(bench.reps)]
    figure = summary(results)
    figure["peak_rss_mb"] = max(r["peak_rss_mb"] for r in results)
    figure["rss_growth_mb"] = max(r["rss_growth_mb"] for r in results)
    traced = _call_once(bench, mode, trace=True)
    figure["python_peak_mb"] = traced["python_peak_mb"]
    figure["traced_seconds"] = traced["seconds"]
    return figure


def _size_figures(bench):
    bench.pairs = classified_pairs(bench)
    customers = scalar(
        bench.cr,
        "SELECT count(*) FROM res_partner "
        "WHERE id = commercial_partner_id AND customer_rank > 0",
    )
    with forgotten_classification(bench):
        first = _call_figure(bench, "first")
    nightly = _call_figure(bench, "nightly")
    return {
        "db": bench.db,
        "customers": customers,
        "pairs": bench.pairs,
        "first": first,
        "nightly": nightly,
    }


def small_options(options):
    """The options of the smaller database of (8); rebuilt when it was
    built with other options."""
    small = copy.copy(options)
    small.db = f"{options.db}_quarter"
    small.customers = options.customers // SMALL_DIVISOR
    small.lines = options.lines // SMALL_DIVISOR
    small.today = datetime.date.today()
    facts = dbbuild.database_facts(small.db)
    wanted = {name: getattr(small, name) for name in dbbuild.BUILD_OPTIONS}
    small.rebuild = bool(facts) and any(
        facts.get(name) != value for name, value in wanted.items()
    )
    return small


def cron_calls(bench):
    """One call of the nightly job (``_run`` with batch commits, in a
    process of its own) on a database with a quarter of the customers and on
    this one: a first classification and a nightly run (1% invoiced)."""
    options = small_options(bench.options)
    facts = dbbuild.ensure_database(options)
    with environment(options.db) as env:
        small = Bench(
            env=env,
            companies=env["res.company"].browse(facts["company_ids"]),
            today=datetime.date.fromisoformat(facts["today"]),
            reps=bench.reps,
            db=options.db,
            addons_path=bench.addons_path,
        )
        figures = {"small": _size_figures(small)}
    pairs = bench.pairs
    figures["normal"] = _size_figures(bench)
    bench.pairs = pairs
    return figures


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
    ("account_lists", "5", "(5) account lists", account_lists),
    ("workload", "6", "(6) workload report and xlsx exports", workload),
    ("wizard_preview", "7", "(7) wizard preview", wizard_preview),
    ("cron_calls", "8", "(8) one cron call at two sizes", cron_calls),
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
        options=options,
    )
    bench.pairs = classified_pairs(bench)
    if "5" in options.only:
        kam_admin(bench)
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
