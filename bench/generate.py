# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Generate the benchmark data: a few documents through the ORM, then
customers and documents cloned with set-based SQL."""

import contextlib
import time

import clone
import profiles
import seed
from benchenv import rows

from odoo.tools import SQL

PLAN = SQL.identifier("bench", "plan")
CUSTOMERS = SQL.identifier("bench", "customer")
SHAPE = {
    "contact_share": 0.1,  # documents addressed to the customer's contact
    "refund_share": 0.06,  # credit notes among the documents
    "sigma": 1.0,  # spread of one document's size around the customer's
}
DAYS = 730  # documents are dated over the 24 months before "today"
SALESPEOPLE = 30
KEY_ACCOUNT_MANAGERS = 6  # of the salespeople
OWNED_SHARE = 0.15  # the largest customers have an owner
POTENTIAL_SHARE = 0.03
MOVES_PER_CHUNK = 50_000


@contextlib.contextmanager
def step(timings, name):
    start = time.perf_counter()
    print(f"  {name}...", flush=True)
    yield
    timings[name] = round(time.perf_counter() - start, 1)
    print(f"  {name}: {timings[name]} s", flush=True)


def bulk_session(cr):
    """Session settings for bulk loading: no foreign key triggers (the data
    is consistent by construction and checked afterwards), no wait on WAL."""
    cr.execute("SET session_replication_role = replica")
    cr.execute("SET synchronous_commit = off")
    cr.execute("SET work_mem = '256MB'")


def make_companies(env, today):
    cr = env.cr
    seed.create_schema(cr)
    companies = seed.setup_companies(env)
    users = seed.create_salespeople(env, companies, SALESPEOPLE)
    seed.create_teams(env, users, KEY_ACCOUNT_MANAGERS)
    customer, contact = seed.create_template_partners(env)
    seed.seed_templates(env, companies, customer, today)
    cr.commit()
    return companies, users, customer, contact


def make_customers(env, options, companies, users, templates, today):
    cr = env.cr
    customer_ids, contact_of = clone.clone_partners(cr, *templates, options.customers)
    rank_of = profiles.ranks(customer_ids, options.seed)
    clone.assign_owners(cr, profiles.owners(rank_of, users, OWNED_SHARE, options.seed))
    clone.assess_potentials(cr, companies[0].id, customer_ids, POTENTIAL_SHARE, today)
    avg = seed.template_shape(cr)
    refunds = SHAPE["refund_share"]
    per_move = (1 - refunds) * avg["invoice"] + refunds * avg["refund"]
    moves = round(options.lines / per_move * 1.02)
    clone.save_profiles(
        cr,
        profiles.customer_profiles(
            rank_of, contact_of, companies.ids, moves, options.seed
        ),
    )
    cr.commit()


def make_plan(cr, options, today):
    """Plan the documents, adding some until there are enough product lines."""
    invoice_date = SQL("%s::date - (1 + floor(random() * %s))::int", str(today), DAYS)
    for _attempt in range(4):
        cr.execute("TRUNCATE bench.plan")
        cr.execute(SQL("SELECT setseed(%s)", options.seed / 1000.0))
        clone.plan_moves(cr, PLAN, CUSTOMERS, invoice_date, SHAPE)
        lines = clone.plan_product_lines(cr, PLAN)
        if lines >= options.lines:
            cr.commit()
            return lines
        ratio = options.lines / lines * 1.01
        cr.execute(
            SQL(
                "UPDATE bench.customer SET n_invoices = ceil(n_invoices * %s)",
                ratio,
            )
        )
    raise RuntimeError("Could not plan enough product lines.")


def make_moves(cr):
    low, high = rows(cr, "SELECT min(move_id), max(move_id) FROM bench.plan")[0]
    total = high - low + 1
    for start in range(low, high + 1, MOVES_PER_CHUNK):
        end = min(start + MOVES_PER_CHUNK - 1, high)
        clone.clone_moves(cr, PLAN, start, end)
        cr.commit()
        print(f"    {end - low + 1:,} / {total:,} documents", flush=True)
    clone.finish_moves(cr)
    cr.commit()


def generate(env, options):
    """Create all the data; return {step: seconds}."""
    timings = {}
    today = options.today
    with step(timings, "companies, salespeople, template documents (ORM)"):
        companies, users, *templates = make_companies(env, today)
    bulk_session(env.cr)
    with step(timings, "customers and contacts (SQL)"):
        make_customers(env, options, companies, users, templates, today)
    with step(timings, "plan of documents (SQL)"):
        make_plan(env.cr, options, today)
    with step(timings, "documents and lines (SQL)"):
        make_moves(env.cr)
    env.cr.execute("RESET ALL")
    env.invalidate_all()
    return timings


def plan_increment(cr, plan, share, today, salt):
    """Plan documents dated ``today`` for ``share`` of the customers, into
    the temporary table ``plan``; return how many customers."""
    cr.execute(SQL("SELECT setseed(%s)", 0.25))
    cr.execute(
        SQL(
            """
            CREATE TEMP TABLE bench_increment_customer ON COMMIT DROP AS
            SELECT c.partner_id, c.contact_id, c.company_id,
                   1 + floor(random() * 3)::int AS n_invoices, c.factor
              FROM bench.customer c
             WHERE c.partner_id IN (
                   SELECT partner_id FROM bench.customer GROUP BY partner_id
                 ORDER BY md5(partner_id::text || %(salt)s)
                    LIMIT (SELECT ceil(count(*) * %(share)s) FROM res_partner
                            WHERE id = commercial_partner_id AND customer_rank > 0));
            CREATE TEMP TABLE %(plan)s (LIKE bench.plan) ON COMMIT DROP;
            """,
            salt=salt,
            share=share,
            plan=plan,
        )
    )
    customers = SQL.identifier("bench_increment_customer")
    clone.plan_moves(cr, plan, customers, SQL("%s::date", str(today)), SHAPE)
    return rows(cr, "SELECT count(DISTINCT partner_id) FROM %s", customers)[0][0]


def add_increment(cr, share, today, salt="increment"):
    """Clone documents dated ``today`` for ``share`` of the customers, in
    the current transaction; return (customers, documents)."""
    plan = SQL.identifier("bench_increment_plan")
    customers = plan_increment(cr, plan, share, today, salt)
    low, high, count = rows(
        cr, "SELECT min(move_id), max(move_id), count(*) FROM %s", plan
    )[0]
    clone.clone_moves(cr, plan, low, high)
    return customers, count
