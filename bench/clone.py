# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Set-based cloning: customers and contacts from a template partner, and
posted invoices from the template documents (bench.template), planned in
bench.plan (or a temporary table with its columns)."""

from benchenv import rows, scalar

from odoo import SUPERUSER_ID
from odoo.tools import SQL

# Columns of a cloned row that do not come from its template, as SQL over
# ``t`` (the template row), ``g`` (generate_series) or ``p`` (the plan row).
CUSTOMER_COLUMNS = {
    "id": "%(base)s + g",
    "name": "'Customer ' || lpad(g::text, 6, '0')",
    "complete_name": "'Customer ' || lpad(g::text, 6, '0')",
    "commercial_company_name": "'Customer ' || lpad(g::text, 6, '0')",
    "commercial_partner_id": "%(base)s + g",
    "ref": "'C' || lpad(g::text, 6, '0')",
    "email": "'customer' || g || '@example.com'",
    "email_normalized": "'customer' || g || '@example.com'",
    "customer_rank": "1",
}
# contact g belongs to customer 2g
CONTACT_COLUMNS = {
    "id": "%(base)s + g",
    "name": "'Contact ' || g",
    "complete_name": "'Customer ' || lpad((2 * g)::text, 6, '0') || ', Contact ' || g",
    "commercial_company_name": "'Customer ' || lpad((2 * g)::text, 6, '0')",
    "parent_id": "%(parent_base)s + 2 * g",
    "commercial_partner_id": "%(parent_base)s + 2 * g",
    "email": "'contact' || g || '@example.com'",
    "email_normalized": "'contact' || g || '@example.com'",
    "customer_rank": "0",
}
STAMP = "p.invoice_date + time '09:00'"
MOVE_COLUMNS = {
    "id": "p.move_id",
    "name": "p.name",
    "payment_reference": "p.name",
    "sequence_prefix": "p.prefix",
    "sequence_number": "p.seq",
    "partner_id": "p.partner_id",
    "partner_shipping_id": "p.partner_id",
    "commercial_partner_id": "p.commercial_id",
    "invoice_partner_display_name": "pa.complete_name",
    "date": "p.invoice_date",
    "invoice_date": "p.invoice_date",
    "invoice_date_due": "p.invoice_date + (t.invoice_date_due - t.invoice_date)",
    "ref": "NULL",
    "reversed_entry_id": "NULL",
    "access_token": "NULL",
    "message_main_attachment_id": "NULL",
    "inalterable_hash": "NULL",
    "secure_sequence_number": "NULL",
    "create_date": STAMP,
    "write_date": STAMP,
}
LINE_COLUMNS = {
    "id": "p.line_start + tl.ord - 1",
    "move_id": "p.move_id",
    "move_name": "p.name",
    "date": "p.invoice_date",
    "invoice_date": "p.invoice_date",
    "date_maturity": "p.invoice_date + (t.date_maturity - t.date)",
    "partner_id": "p.commercial_id",
    "ref": "NULL",
    "full_reconcile_id": "NULL",
    "matching_number": "NULL",
    "reconciled": "false",
    "create_date": STAMP,
    "write_date": STAMP,
}

PLAN = """
INSERT INTO %(plan)s
WITH raw AS (
    SELECT CASE WHEN c.contact_id IS NOT NULL AND random() < %(contact_share)s
                THEN c.contact_id ELSE c.partner_id END AS partner_id,
           c.partner_id AS commercial_id, c.company_id,
           CASE WHEN random() < %(refund_share)s THEN 'refund'
                ELSE 'invoice' END AS kind,
           %(invoice_date)s AS invoice_date,
           greatest(1, round(c.factor * exp(%(sigma)s
                    * (random() + random() + random() - 1.5))))::int AS factor,
           random() AS pick
      FROM %(customers)s c, generate_series(1, c.n_invoices)
), picked AS (
    SELECT r.*, t.move_id AS template_id, t.n_lines, m.journal_id,
           regexp_replace(m.sequence_prefix, '[0-9]{4}',
                          to_char(r.invoice_date, 'YYYY')) AS prefix
      FROM raw r
      JOIN bench.template t
        ON t.company_id = r.company_id AND t.kind = r.kind
       AND t.idx = 1 + floor(r.pick * t.n_kind)::int
      JOIN account_move m ON m.id = t.move_id
), ordered AS (
    SELECT k.*, row_number() OVER (
               ORDER BY k.invoice_date, k.commercial_id, k.pick) AS rn
      FROM picked k
), last AS (
    SELECT journal_id, sequence_prefix, max(sequence_number) AS seq
      FROM account_move
     WHERE sequence_prefix IS NOT NULL
  GROUP BY journal_id, sequence_prefix
), numbered AS (
    SELECT o.*,
           %(line_base)s + sum(o.n_lines) OVER (ORDER BY o.rn) - o.n_lines + 1
               AS line_start,
           COALESCE(l.seq, 0) + row_number() OVER (
               PARTITION BY o.journal_id, o.prefix ORDER BY o.rn) AS seq
      FROM ordered o
      LEFT JOIN last l
        ON l.journal_id = o.journal_id AND l.sequence_prefix = o.prefix
)
SELECT %(move_base)s + n.rn, n.line_start, n.template_id, n.partner_id,
       n.commercial_id, n.company_id, n.journal_id, n.invoice_date, n.factor,
       n.prefix, n.seq,
       n.prefix || lpad(n.seq::text, greatest(5, length(n.seq::text)), '0')
  FROM numbered n
"""


def _columns(cr, table):
    return [
        name
        for (name,) in rows(
            cr,
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s "
            "ORDER BY ordinal_position",
            table,
        )
    ]


def _scaled_columns(cr, model):
    """The stored monetary columns of a model: multiplied by the factor."""
    return {
        name
        for (name,) in rows(
            cr,
            "SELECT name FROM ir_model_fields "
            "WHERE model = %s AND ttype = 'monetary' AND store",
            model,
        )
    }


def _expression(text, params):
    """SQL for an override, with the ``%(name)s`` parameters it uses."""
    used = {key: value for key, value in params.items() if f"%({key})s" in text}
    return SQL(text, **used) if used else SQL(text)


def _select_list(cr, table, overrides, scaled=(), params=None):
    """(column list, select list): every column of ``table``, taken from the
    template row ``t`` unless overridden or scaled by the plan's factor."""
    names = _columns(cr, table)
    exprs = [
        _expression(overrides[name], params or {})
        if name in overrides
        else SQL("t.%s * p.factor", SQL.identifier(name))
        if name in scaled
        else SQL("t.%s", SQL.identifier(name))
        for name in names
    ]
    return (
        SQL(", ").join(SQL.identifier(name) for name in names),
        SQL(", ").join(exprs),
    )


def _reserve_ids(cr, table, count):
    """The id just before ``count`` fresh ids of ``table``'s sequence."""
    seq = scalar(cr, "SELECT pg_get_serial_sequence(%s, 'id')", table)
    base = scalar(cr, "SELECT nextval(%s)", seq)
    cr.execute(SQL("SELECT setval(%s, %s)", seq, base + count))
    return base


def _bump_sequence(cr, table):
    cr.execute(
        SQL(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), (SELECT max(id) FROM %s))",
            table,
            SQL.identifier(table),
        )
    )


# ----------------------------------------------------------------------
# Partners
# ----------------------------------------------------------------------
def _clone_partner(cr, template_id, count, overrides, params):
    columns, exprs = _select_list(cr, "res_partner", overrides, params=params)
    cr.execute(
        SQL(
            "INSERT INTO res_partner (%s) SELECT %s FROM res_partner t, "
            "generate_series(1, %s) g WHERE t.id = %s",
            columns,
            exprs,
            count,
            template_id,
        )
    )


def clone_partners(cr, customer, contact, count):
    """``count`` customers, and a contact for every second one. Returns
    (customer ids, {customer id: contact id})."""
    base = _reserve_ids(cr, "res_partner", count)
    _clone_partner(cr, customer.id, count, CUSTOMER_COLUMNS, {"base": base})
    contacts = count // 2
    contact_base = _reserve_ids(cr, "res_partner", contacts)
    params = {"base": contact_base, "parent_base": base}
    _clone_partner(cr, contact.id, contacts, CONTACT_COLUMNS, params)
    customer_ids = list(range(base + 1, base + count + 1))
    contact_of = {base + 2 * g: contact_base + g for g in range(1, contacts + 1)}
    return customer_ids, contact_of


def assign_owners(cr, owner_of):
    """Set the owner of customers and of their contacts."""
    cr.execute(
        SQL(
            """
            UPDATE res_partner p SET user_id = o.user_id
              FROM unnest(%s::int4[], %s::int4[]) AS o(id, user_id)
             WHERE p.commercial_partner_id = o.id
            """,
            list(owner_of),
            list(owner_of.values()),
        )
    )


def assess_potentials(cr, company_id, customer_ids, share, day):
    """Give a share of the customers an assessed potential in one company:
    their key account there, owned by the customer's salesperson, as a user
    would create it before any classification (no engine values yet)."""
    cr.execute(
        SQL(
            """
            INSERT INTO cirrus_kam_account
                   (partner_id, company_id, potential, potential_date, user_id,
                    tier_locked, owner_locked,
                    create_uid, write_uid, create_date, write_date)
            SELECT p.id, %(company)s,
                   round((1000 + random() * 200000)::numeric, 2), %(day)s,
                   p.user_id, false, false,
                   %(uid)s, %(uid)s, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM res_partner p
             WHERE p.id = ANY(%(ids)s) AND random() < %(share)s
            """,
            company=company_id,
            ids=customer_ids,
            share=share,
            day=day,
            uid=SUPERUSER_ID,
        )
    )


def save_profiles(cr, profiles):
    """Store (partner, contact, company, invoices, factor) rows."""
    columns = list(zip(*profiles, strict=True))
    cr.execute(
        SQL(
            "INSERT INTO bench.customer SELECT * FROM unnest("
            "%s::int4[], %s::int4[], %s::int4[], %s::int4[], %s::float8[])",
            *map(list, columns),
        )
    )


# ----------------------------------------------------------------------
# Invoices
# ----------------------------------------------------------------------
def plan_moves(cr, plan, customers, invoice_date, shape):
    """Fill the plan table ``plan`` with one row per document to create
    for the customer rows of ``customers`` (both SQL identifiers), dated by
    the SQL expression ``invoice_date``. Returns the number of documents."""
    expected = scalar(cr, "SELECT COALESCE(sum(n_invoices), 0) FROM %s", customers)
    line_count = expected * scalar(cr, "SELECT max(n_lines) FROM bench.template")
    move_base = _reserve_ids(cr, "account_move", expected)
    line_base = _reserve_ids(cr, "account_move_line", line_count)
    cr.execute(
        SQL(
            PLAN,
            plan=plan,
            customers=customers,
            invoice_date=invoice_date,
            move_base=move_base,
            line_base=line_base,
            **shape,
        )
    )
    return expected


def plan_product_lines(cr, plan):
    return scalar(
        cr,
        "SELECT COALESCE(sum(t.n_product), 0) FROM %s p "
        "JOIN bench.template t ON t.move_id = p.template_id",
        plan,
    )


def _line_relations(cr):
    """(table, line column, other column) of the stored many2many fields of
    journal items (taxes, tax tags)."""
    return rows(
        cr,
        "SELECT relation_table, column1, column2 FROM ir_model_fields "
        "WHERE model = 'account.move.line' AND ttype = 'many2many' "
        "AND store AND relation_table IS NOT NULL",
    )


def clone_moves(cr, plan, low, high):
    """Insert the moves of the plan rows with move_id in [low, high], with
    all their lines and the lines' taxes and tags."""
    where = SQL("p.move_id BETWEEN %s AND %s", low, high)
    columns, exprs = _select_list(
        cr, "account_move", MOVE_COLUMNS, _scaled_columns(cr, "account.move")
    )
    cr.execute(
        SQL(
            "INSERT INTO account_move (%s) SELECT %s FROM %s p "
            "JOIN account_move t ON t.id = p.template_id "
            "JOIN res_partner pa ON pa.id = p.partner_id WHERE %s",
            columns,
            exprs,
            plan,
            where,
        )
    )
    scaled = _scaled_columns(cr, "account.move.line") | {"quantity"}
    columns, exprs = _select_list(cr, "account_move_line", LINE_COLUMNS, scaled)
    cr.execute(
        SQL(
            "INSERT INTO account_move_line (%s) SELECT %s FROM %s p "
            "JOIN bench.template_line tl ON tl.move_id = p.template_id "
            "JOIN account_move_line t ON t.id = tl.line_id WHERE %s",
            columns,
            exprs,
            plan,
            where,
        )
    )
    for table, line_column, other in _line_relations(cr):
        cr.execute(
            SQL(
                "INSERT INTO %(table)s (%(line)s, %(other)s) "
                "SELECT p.line_start + tl.ord - 1, r.%(other)s FROM %(plan)s p "
                "JOIN bench.template_line tl ON tl.move_id = p.template_id "
                "JOIN %(table)s r ON r.%(line)s = tl.line_id WHERE %(where)s",
                table=SQL.identifier(table),
                line=SQL.identifier(line_column),
                other=SQL.identifier(other),
                plan=plan,
                where=where,
            )
        )


def finish_moves(cr):
    for table in ("account_move", "account_move_line"):
        _bump_sequence(cr, table)
