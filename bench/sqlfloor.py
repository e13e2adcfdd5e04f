"""The hand-written SQL floor of a full classification: per company, the bare
grouped aggregate over both windows, tiers by share of revenue computed in
Python, and one bulk UPDATE ... FROM (VALUES ...) of revenue, score and tier.
No contacts, history, explanations or notifications: the least any
implementation has to do."""

from dateutil.relativedelta import relativedelta
from psycopg2 import sql
from psycopg2.extras import execute_values

AGGREGATE = """
SELECT m.commercial_partner_id,
       COALESCE(sum(-l.balance) FILTER (WHERE m.invoice_date >= %(start)s), 0)::float8,
       COALESCE(sum(-l.balance) FILTER (WHERE m.invoice_date < %(start)s), 0)::float8
  FROM account_move_line l
  JOIN account_move m ON m.id = l.move_id
 WHERE m.company_id = %(company)s
   AND m.move_type IN ('out_invoice', 'out_refund')
   AND m.state = 'posted'
   AND l.display_type = 'product'
   AND m.invoice_date BETWEEN %(prev_start)s AND %(end)s
   AND m.commercial_partner_id IS NOT NULL
 GROUP BY m.commercial_partner_id
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
UPDATE = """
UPDATE res_partner p
   SET kam_revenue_12m = COALESCE(p.kam_revenue_12m, '{{}}')
                         || jsonb_build_object({key}, v.revenue),
       kam_score = COALESCE(p.kam_score, '{{}}') || jsonb_build_object({key}, v.score),
       kam_tier_id = COALESCE(p.kam_tier_id, '{{}}')
                     || jsonb_build_object({key}, v.tier)
  FROM (VALUES %s) AS v(id, revenue, score, tier)
 WHERE p.id = v.id
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


def classify_company(cur, company_id, today, months=12):
    """Classify one company; return the number of rows written."""
    start = today - relativedelta(months=months)
    window = {
        "company": company_id,
        "start": start,
        "prev_start": start - relativedelta(months=months),
        "end": today,
    }
    cur.execute(AGGREGATE, window)
    revenue = {pid: now for pid, now, _previous in cur.fetchall()}
    cur.execute(CUSTOMERS, [company_id])
    customer_ids = {pid for (pid,) in cur.fetchall()} | set(revenue)
    cur.execute(TIERS, [company_id])
    values = share_tiers(revenue, customer_ids, cur.fetchall())
    update = sql.SQL(UPDATE).format(key=sql.Literal(str(company_id)))
    execute_values(
        cur,
        update.as_string(cur),
        values,
        template="(%s, %s::float8, %s::float8, %s::int4)",
        page_size=len(values),
    )
    return len(values)


def classify(cur, company_ids, today):
    """The floor for all companies, on a psycopg2 cursor; rows written."""
    return sum(classify_company(cur, cid, today) for cid in company_ids)
