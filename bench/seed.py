# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""The part of the benchmark data made through the ORM: companies, charts of
accounts, salespeople, a template customer and contact, and a few real
posted invoices and credit notes per company that the SQL cloning copies."""

from datetime import timedelta

from benchenv import rows

from odoo import Command

COMPANY_NAMES = ("Cirrus Bench North", "Cirrus Bench South")
# product lines of the template documents, by kind
INVOICE_SHAPES = (1, 2, 3, 4, 6)
REFUND_SHAPES = (1, 2)
# unit prices: multiples of 20, so that a 15% tax is exact in cents and
# scaling by an integer factor keeps every move balanced to the cent
PRICES = (40.0, 120.0, 60.0, 360.0, 20.0, 980.0)
TEMPLATE_AGE_DAYS = 760  # older than both windows: templates count for nothing

SCHEMA = """
CREATE SCHEMA IF NOT EXISTS bench;
CREATE TABLE IF NOT EXISTS bench.template (
    move_id int PRIMARY KEY, company_id int, kind text, idx int,
    n_kind int, n_lines int, n_product int);
CREATE TABLE IF NOT EXISTS bench.template_line (
    move_id int, line_id int, ord int, PRIMARY KEY (move_id, ord));
CREATE TABLE IF NOT EXISTS bench.customer (
    partner_id int, contact_id int, company_id int, n_invoices int,
    factor float8, PRIMARY KEY (partner_id, company_id));
CREATE TABLE IF NOT EXISTS bench.plan (
    move_id int PRIMARY KEY, line_start int, template_id int, partner_id int,
    commercial_id int, company_id int, journal_id int, invoice_date date,
    factor int, prefix text, seq int, name text);
"""


def create_schema(cr):
    cr.execute(SCHEMA)


def setup_companies(env):
    """Two companies in the same currency, each with the generic chart of
    accounts; the administrator may work in both."""
    main = env.ref("base.main_company")
    main.name = COMPANY_NAMES[0]
    other = env["res.company"].create(
        {"name": COMPANY_NAMES[1], "currency_id": main.currency_id.id}
    )
    companies = main | other
    for company in companies:
        if not company.chart_template:
            env["account.chart.template"].try_loading(
                "generic_coa", company, install_demo=False
            )
    env.ref("base.user_admin").company_ids = [Command.link(other.id)]
    return companies


def create_salespeople(env, companies, count):
    group = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"].create(
        [
            {
                "name": f"Salesperson {i:02d}",
                "login": f"bench.sales{i:02d}",
                "company_id": companies[i % len(companies)].id,
                "company_ids": [Command.set(companies.ids)],
                "groups_id": [Command.link(group.id)],
            }
            for i in range(1, count + 1)
        ]
    )
    return users.ids


def create_teams(env, user_ids, key_account_managers):
    """A key account team and an account management team, when the addon
    has them (crm.team.kam_role)."""
    teams = env["crm.team"]
    if "kam_role" not in teams._fields:
        return
    for role, members, capacity in (
        ("kam", user_ids[:key_account_managers], 150),
        ("am", user_ids[key_account_managers:], 600),
    ):
        values = {
            "name": f"Bench {role.upper()} team",
            "company_id": False,
            "kam_role": role,
            "crm_team_member_ids": [
                Command.create({"user_id": uid}) for uid in members
            ],
        }
        if "kam_default_capacity" in teams._fields:
            values["kam_default_capacity"] = capacity
        teams.create(values)


def create_template_partners(env):
    customer = env["res.partner"].create(
        {
            "name": "Bench Template Customer",
            "is_company": True,
            "customer_rank": 1,
            "city": "Springfield",
            "country_id": env.ref("base.us").id,
        }
    )
    contact = env["res.partner"].create(
        {"name": "Bench Template Contact", "parent_id": customer.id}
    )
    return customer, contact


def _line(product, price, tax):
    return Command.create(
        {
            "product_id": product.id,
            "name": f"{product.name} at {price:g}",
            "quantity": 1,
            "price_unit": price,
            "tax_ids": [Command.set(tax.ids)],
        }
    )


def _document(env, company, partner, product, move_type, n_lines, day):
    tax = company.account_sale_tax_id
    move = (
        env["account.move"]
        .with_company(company)
        .create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": day,
                "date": day,
                "invoice_payment_term_id": env.ref(
                    "account.account_payment_term_30days"
                ).id,
                "invoice_line_ids": [
                    _line(product, PRICES[i % len(PRICES)], tax) for i in range(n_lines)
                ],
            }
        )
    )
    move.action_post()
    return move


def seed_templates(env, companies, partner, today):
    """Post the template invoices and credit notes of every company and
    record them in bench.template and bench.template_line."""
    product = env["product.product"].create(
        {"name": "Bench Goods", "type": "consu", "list_price": 100.0}
    )
    day = today - timedelta(days=TEMPLATE_AGE_DAYS)
    shapes = {"out_invoice": INVOICE_SHAPES, "out_refund": REFUND_SHAPES}
    for company in companies:
        for move_type, counts in shapes.items():
            for n_lines in counts:
                _document(env, company, partner, product, move_type, n_lines, day)
    env.flush_all()
    _record_templates(env.cr, partner.id)


def _record_templates(cr, partner_id):
    cr.execute(
        """
        INSERT INTO bench.template
        SELECT m.id, m.company_id, k.kind,
               row_number() OVER (PARTITION BY m.company_id, k.kind ORDER BY m.id),
               count(*) OVER (PARTITION BY m.company_id, k.kind),
               (SELECT count(*) FROM account_move_line l WHERE l.move_id = m.id),
               (SELECT count(*) FROM account_move_line l
                 WHERE l.move_id = m.id AND l.display_type = 'product')
          FROM account_move m,
               LATERAL (SELECT CASE m.move_type WHEN 'out_refund' THEN 'refund'
                               ELSE 'invoice' END AS kind) k
         WHERE m.partner_id = %s AND m.state = 'posted';
        INSERT INTO bench.template_line
        SELECT l.move_id, l.id, row_number() OVER (PARTITION BY l.move_id ORDER BY l.id)
          FROM account_move_line l JOIN bench.template t ON t.move_id = l.move_id;
        """,
        [partner_id],
    )


def template_shape(cr):
    """{kind: average product lines per document} of the templates."""
    return dict(
        rows(
            cr, "SELECT kind, avg(n_product)::float8 FROM bench.template GROUP BY kind"
        )
    )
