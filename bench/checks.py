# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Checks that the cloned documents are valid posted moves, as Odoo's own
reports read them."""

import random

from benchenv import rows, scalar
from dateutil.relativedelta import relativedelta

SALE_TYPES = ("out_invoice", "out_refund")
TOLERANCE = 0.005

# each query counts offending rows: all must be 0
CONSISTENCY = {
    "moves whose balances do not sum to 0": """
        SELECT count(*) FROM (
            SELECT move_id FROM account_move_line GROUP BY move_id
            HAVING sum(balance) <> 0 OR sum(debit) <> sum(credit)
                OR sum(amount_currency) <> 0) x""",
    "moves whose totals differ from their lines": """
        SELECT count(*) FROM (
            SELECT m.id FROM account_move m
              JOIN account_move_line l ON l.move_id = m.id
             WHERE m.move_type IN ('out_invoice', 'out_refund')
          GROUP BY m.id
            HAVING max(m.amount_total_signed) <> sum(l.balance)
                       FILTER (WHERE l.display_type = 'payment_term')
                OR max(m.amount_untaxed_signed) <> -sum(l.balance)
                       FILTER (WHERE l.display_type = 'product')
                OR max(m.amount_residual_signed) <> sum(l.amount_residual)
                       FILTER (WHERE l.display_type = 'payment_term')) x""",
    "lines that disagree with their move": """
        SELECT count(*) FROM account_move_line l
          JOIN account_move m ON m.id = l.move_id
         WHERE l.date <> m.date OR l.invoice_date IS DISTINCT FROM m.invoice_date
            OR l.move_name <> m.name OR l.parent_state <> m.state
            OR l.company_id <> m.company_id OR l.journal_id <> m.journal_id
            OR l.partner_id IS DISTINCT FROM m.commercial_partner_id
            OR (l.display_type = 'product'
                AND l.price_subtotal <> abs(l.balance))""",
    "moves whose partner's commercial partner differs": """
        SELECT count(*) FROM account_move m
          JOIN res_partner p ON p.id = m.partner_id
         WHERE p.commercial_partner_id <> m.commercial_partner_id""",
    "posted names used twice in a journal": """
        SELECT count(*) FROM (
            SELECT 1 FROM account_move WHERE state = 'posted'
          GROUP BY journal_id, name HAVING count(*) > 1) x""",
    "names that differ from prefix and number": """
        SELECT count(*) FROM account_move
         WHERE state = 'posted'
           AND name <> sequence_prefix
                        || lpad(sequence_number::text,
                                greatest(5, length(sequence_number::text)), '0')""",
}


def check_consistency(cr):
    """{check: offending rows} over all moves."""
    return {name: scalar(cr, query) for name, query in CONSISTENCY.items()}


def _sample(cr, company_id, size, seed):
    ids = [
        pid
        for (pid,) in rows(
            cr,
            "SELECT DISTINCT partner_id FROM bench.customer WHERE company_id = %s "
            "ORDER BY partner_id",
            company_id,
        )
    ]
    return random.Random(seed).sample(ids, min(size, len(ids)))


def _report_sums(env, company, partner_ids, start, end):
    """{commercial partner: sum of price_subtotal} from account.invoice.report."""
    report = env["account.invoice.report"].with_company(company)
    groups = report._read_group(
        [
            ("company_id", "=", company.id),
            ("commercial_partner_id", "in", partner_ids),
            ("state", "=", "posted"),
            ("move_type", "in", SALE_TYPES),
            ("invoice_date", ">=", start),
            ("invoice_date", "<=", end),
        ],
        ["commercial_partner_id"],
        ["price_subtotal:sum"],
    )
    return {partner.id: total for partner, total in groups}


def check_revenue(env, companies, today, size=200, seed=11):
    """Partners whose engine revenue differs from account.invoice.report's
    sum of price_subtotal over the same windows; returns (checked, bad)."""
    engine = env["cirrus.kam.engine"]
    start = today - relativedelta(months=12)
    prev_start = start - relativedelta(months=12)
    checked, bad = 0, []
    for company in companies:
        revenue = engine._revenue_by_partner(company, 12, today)
        sample = _sample(env.cr, company.id, size, seed)
        now = _report_sums(env, company, sample, start, today)
        before = _report_sums(
            env, company, sample, prev_start, start - relativedelta(days=1)
        )
        for pid in sample:
            ours = revenue.get(pid, (0.0, 0.0))
            theirs = (now.get(pid, 0.0), before.get(pid, 0.0))
            if any(abs(a - b) > TOLERANCE for a, b in zip(ours, theirs, strict=True)):
                bad.append((company.id, pid, ours, theirs))
            checked += 1
    return checked, bad


def check_total_invoiced(env, companies, size=30, seed=12):
    """Partners whose res.partner.total_invoiced differs from the sum of
    their product lines; returns (checked, bad)."""
    sample = _sample(env.cr, companies[0].id, size, seed)
    partners = (
        env["res.partner"]
        .with_context(allowed_company_ids=companies.ids)
        .browse(sample)
    )
    expected = dict(
        rows(
            env.cr,
            """
            SELECT m.commercial_partner_id, -sum(l.balance)::float8
              FROM account_move_line l JOIN account_move m ON m.id = l.move_id
             WHERE m.commercial_partner_id = ANY(%s) AND m.state = 'posted'
               AND m.move_type IN ('out_invoice', 'out_refund')
               AND l.display_type = 'product'
          GROUP BY 1
            """,
            sample,
        )
    )
    bad = [
        (p.id, p.total_invoiced, expected.get(p.id, 0.0))
        for p in partners
        if abs(p.total_invoiced - expected.get(p.id, 0.0)) > TOLERANCE
    ]
    return len(sample), bad


def check_orm_totals(env, size=20, seed=13):
    """Cloned moves whose tax totals, as the ORM computes them from the
    lines, differ from their stored totals; returns (checked, bad)."""
    ids = [
        mid
        for (mid,) in rows(
            env.cr,
            "SELECT move_id FROM bench.plan ORDER BY md5(move_id::text || %s) LIMIT %s",
            str(seed),
            size,
        )
    ]
    moves = env["account.move"].browse(ids)
    bad = [
        (m.name, m.amount_total, m.tax_totals["total_amount_currency"])
        for m in moves
        if abs(m.amount_total - m.tax_totals["total_amount_currency"]) > TOLERANCE
        or m.state != "posted"
    ]
    return len(ids), bad


def verify(env, companies, today):
    """Run every check; return {check: result}; raise if one fails."""
    results = check_consistency(env.cr)
    failed = [name for name, count in results.items() if count]
    sampled = {
        "engine revenue = account.invoice.report": lambda: check_revenue(
            env, companies, today
        ),
        "total_invoiced = sum of product lines": lambda: check_total_invoiced(
            env, companies
        ),
        "ORM tax totals = stored totals": lambda: check_orm_totals(env),
    }
    for name, check in sampled.items():
        checked, bad = check()
        results[name] = f"{checked - len(bad)}/{checked} agree"
        if bad:
            failed.append(f"{name}: {bad[:5]}")
    for name, value in results.items():
        print(f"    {name}: {value}", flush=True)
    if failed:
        raise RuntimeError("Benchmark data is inconsistent: " + "; ".join(failed))
    return results
