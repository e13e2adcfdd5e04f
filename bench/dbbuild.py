# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Build the benchmark database, or reuse it when it is complete."""

import contextlib
import json
import time

import checks
from benchenv import (
    COMPLETE_KEY,
    DB_PREFIX,
    environment,
    plain_connection,
    run_odoo,
    vacuum,
)
from generate import generate
from psycopg2 import sql

# what must match for an existing database to be reused
BUILD_OPTIONS = ("customers", "lines", "seed")
BIG_TABLES = ("res_partner", "account_move", "account_move_line")
CLASSIFIED_TABLES = ("cirrus_kam_account", "cirrus_kam_tier_history")


def database_facts(db):
    """None when the database is missing, {} when it is incomplete, else
    the facts stored when it was completed."""
    with contextlib.closing(plain_connection("postgres")) as cnx, cnx.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db])
        if not cur.fetchone():
            return None
    with contextlib.closing(plain_connection(db)) as cnx, cnx.cursor() as cur:
        cur.execute("SELECT to_regclass('ir_config_parameter')")
        if not cur.fetchone()[0]:
            return {}
        cur.execute(
            "SELECT value FROM ir_config_parameter WHERE key = %s", [COMPLETE_KEY]
        )
        row = cur.fetchone()
    return json.loads(row[0]) if row else {}


def drop_database(db):
    if not db.startswith(DB_PREFIX):
        raise ValueError(f"Refusing to drop {db}: not a benchmark database.")
    with contextlib.closing(plain_connection("postgres")) as cnx, cnx.cursor() as cur:
        cur.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(db)
            )
        )


def bench_companies(env, facts):
    return env["res.company"].browse(facts["company_ids"])


def _counts(env):
    cr = env.cr
    queries = {
        "customers": "SELECT count(*) FROM res_partner "
        "WHERE id = commercial_partner_id AND customer_rank > 0",
        "contacts": "SELECT count(*) FROM res_partner "
        "WHERE id <> commercial_partner_id",
        "posted customer documents": "SELECT count(*) FROM account_move "
        "WHERE state = 'posted' AND move_type IN ('out_invoice', 'out_refund')",
        "product lines": "SELECT count(*) FROM account_move_line "
        "WHERE display_type = 'product' AND parent_state = 'posted'",
        "journal items": "SELECT count(*) FROM account_move_line",
        "key accounts": "SELECT count(*) FROM cirrus_kam_account",
        "key accounts with a tier": "SELECT count(*) FROM cirrus_kam_account "
        "WHERE tier_id IS NOT NULL",
    }
    counts = {}
    for name, query in queries.items():
        cr.execute(query)
        counts[name] = cr.fetchone()[0]
    return counts


def _complete(env, options, facts):
    """Classify once (last night's run), then mark the database complete."""
    companies = env["res.company"].browse(facts["company_ids"])
    start = time.perf_counter()
    env["cirrus.kam.engine"]._run(companies=companies, today=options.today)
    env.flush_all()
    facts["timings"]["baseline classification"] = round(time.perf_counter() - start, 1)
    facts["counts"] = _counts(env)
    env["ir.config_parameter"].set_param(COMPLETE_KEY, json.dumps(facts))
    env.cr.commit()


def build(options):
    """Create, fill, check and complete the database; return its facts."""
    start = time.perf_counter()
    db = options.db
    print(f"Building {db} (about {options.lines:,} product lines)...", flush=True)
    drop_database(db)
    install = time.perf_counter()
    run_odoo(options.addons_path, db, "-i", "cirrus_kam", "--without-demo=all")
    timings = {"install cirrus_kam": round(time.perf_counter() - install, 1)}
    with environment(db) as env:
        timings.update(generate(env, options))
        company_ids = env["res.company"].search([], order="id").ids
    vacuum(db, BIG_TABLES, analyze=True)
    facts = {name: getattr(options, name) for name in BUILD_OPTIONS}
    facts.update(today=str(options.today), company_ids=company_ids, timings=timings)
    with environment(db) as env:
        print("  checking the data...", flush=True)
        facts["checks"] = checks.verify(env, bench_companies(env, facts), options.today)
        _complete(env, options, facts)
    vacuum(db, BIG_TABLES + CLASSIFIED_TABLES, analyze=True)
    facts["build_seconds"] = round(time.perf_counter() - start, 1)
    with environment(db) as env:
        env["ir.config_parameter"].set_param(COMPLETE_KEY, json.dumps(facts))
        env.cr.commit()
    print(f"Built {db} in {facts['build_seconds']} s.", flush=True)
    return facts


def ensure_database(options):
    """The facts of a complete benchmark database, built when needed."""
    facts = database_facts(options.db)
    if options.rebuild or not facts:
        return build(options)
    wanted = {name: getattr(options, name) for name in BUILD_OPTIONS}
    stored = {name: facts.get(name) for name in BUILD_OPTIONS}
    if wanted != stored:
        raise SystemExit(
            f"{options.db} was built with {stored}, not {wanted}: "
            "pass --rebuild, or another --db."
        )
    print(f"Reusing {options.db}, built on {facts['today']}.", flush=True)
    if options.upgrade:
        run_odoo(options.addons_path, options.db, "-u", "cirrus_kam")
    return facts
