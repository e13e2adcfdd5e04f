# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""The hand-written SQL floor of a full classification: the bare grouped
aggregate over both windows (as the engine reads them) for all companies at
once, tiers by share of revenue computed in Python, and one bulk
``INSERT ... ON CONFLICT (partner_id, company_id) DO UPDATE`` of revenue,
score and tier into cirrus_kam_account for every customer-company pair.
No other column, no contacts, history, explanations or notifications: the
least any implementation has to do to store the same three values."""

from collections import defaultdict

from dateutil.relativedelta import relativedelta

AGGREGATE = """
SELECT m.company_id, m.commercial_partner_id,
       COALESCE(sum(-l.balance) FILTER (WHERE m.invoice_date >= %(start)s), 0)::float8,
       COALESCE(sum(-l.balance) FILTER (WHERE m.invoice_date < %(start)s), 0)::float8
  FROM account_move_line l
  JOIN account_move m ON m.id = l.move_id
 WHERE m.company_id = ANY(%(companies)s)
   AND m.move_type IN ('out_invoice', 'out_refund')
   AND m.state = 'posted'
   AND l.display_type = 'product'
   AND m.invoice_date BETWEEN %(prev_start)s AND %(end)s
   AND m.commercial_partner_id IS NOT NULL
 GROUP BY m.company_id, m.commercial_partner_id
"""
CUSTOMERS = """
SELECT id FROM res_partner
 WHERE id = commercial_partner_id AND active AND customer_rank > 0
   AND (company_id IS NULL OR company_id = %s)
"""
TIERS = """
SELECT id, cumulative_share FROM cirrus_kam_tier
 WHERE company_id = %s AND active ORDER BY sequence, id
"""
# unnest() of one array per column: one statement, no per-row parsing
UPSERT = """
INSERT INTO cirrus_kam_account AS a (partner_id, company_id, revenue, score, tier_id)
SELECT * FROM unnest(%s::int4[], %s::int4[], %s::float8[], %s::float8[], %s::int4[])
    ON CONFLICT (partner_id, company_id) DO UPDATE
   SET revenue = EXCLUDED.revenue, score = EXCLUDED.score, tier_id = EXCLUDED.tier_id
"""


def share_tiers(revenue, customer_ids, tiers):
    """[(id, revenue, score, tier id)]: customers ranked by revenue take the
    first tier whose cumulative share exceeds the share ranked before them."""
    ranked = sorted(customer_ids, key=lambda pid: (-revenue.get(pid, 0.0), pid))
    total = sum(r for r in (revenue.get(pid, 0.0) for pid in ranked) if r > 0)
    last = tiers[-1][0]
    before, values = 0.0, []
    for pid in ranked:
        score = round(revenue.get(pid, 0.0), 2)
        tier = last
        if score > 0 and total > 0:
            share = 100.0 * before / total
            tier = next((tid for tid, cumulative in tiers if cumulative > share), last)
            before += score
        values.append((pid, score, score, tier))
    return values


def revenue_by_company(cur, company_ids, today, months=12):
    """{company id: {commercial partner id: revenue}}, one aggregate."""
    start = today - relativedelta(months=months)
    cur.execute(
        AGGREGATE,
        {
            "companies": list(company_ids),
            "start": start,
            "prev_start": start - relativedelta(months=months),
            "end": today,
        },
    )
    revenue = defaultdict(dict)
    for company_id, pid, now, _previous in cur.fetchall():
        revenue[company_id][pid] = now
    return revenue


def classify(cur, company_ids, today):
    """The floor for all companies, on a psycopg2 cursor; rows written."""
    revenue = revenue_by_company(cur, company_ids, today)
    columns = ([], [], [], [], [])
    for company_id in company_ids:
        mine = revenue.get(company_id, {})
        cur.execute(CUSTOMERS, [company_id])
        customer_ids = {pid for (pid,) in cur.fetchall()} | set(mine)
        cur.execute(TIERS, [company_id])
        for pid, revenue_now, score, tier in share_tiers(
            mine, customer_ids, cur.fetchall()
        ):
            for column, value in zip(
                columns, (pid, company_id, revenue_now, score, tier), strict=True
            ):
                column.append(value)
    cur.execute(UPSERT, columns)
    return cur.rowcount
