# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import random

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models

PREFIXES = [
    "Nordic",
    "Baltic",
    "Alpine",
    "Atlas",
    "Delta",
    "Summit",
    "Harbor",
    "Granite",
    "Cedar",
    "Falcon",
    "Meridian",
    "Pioneer",
    "Vector",
    "Zenith",
    "Orion",
    "Polar",
    "Sterling",
    "Union",
    "Viking",
    "Crown",
]
TRADES = [
    "Steel",
    "Timber",
    "Foods",
    "Logistics",
    "Machinery",
    "Chemicals",
    "Packaging",
    "Textiles",
    "Electrics",
    "Plastics",
    "Paper",
    "Tools",
]
SUFFIXES = ["AB", "GmbH", "Ltd", "Oy", "AS", "BV"]


class CirrusKamDemo(models.AbstractModel):
    _name = "cirrus.kam.demo"
    _description = "Key Account Demo Data"

    @api.model
    def _load_demo(self, count=60, seed=42):
        """About 60 customers with posted invoices over the last 24 months
        (a few large, many small), potentials on some, then classify."""
        company = self.env.company
        journal = self.env["account.journal"].search(
            [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
        )
        if not journal:
            return
        rng = random.Random(seed)
        today = fields.Date.context_today(self)
        potentials = {}
        product = self.env.ref("product.product_product_4", raise_if_not_found=False)
        partners = self.env["res.partner"].create(
            [
                {
                    "name": f"{PREFIXES[i % 20]} {TRADES[(i * 7) % 12]} "
                    f"{SUFFIXES[i % 6]}",
                    "is_company": True,
                }
                for i in range(count)
            ]
        )
        moves = []
        for rank, partner in enumerate(partners):
            # Pareto-like: annual revenue falls steeply with rank
            annual = 2_000_000 / (rank + 1) ** 1.1 * rng.uniform(0.7, 1.3)
            invoices = max(2, 16 - rank // 4)
            for _i in range(invoices):
                day = today - relativedelta(days=rng.randint(0, 730))
                moves.append(
                    {
                        "move_type": "out_invoice",
                        "partner_id": partner.id,
                        "invoice_date": day,
                        "journal_id": journal.id,
                        "invoice_line_ids": [
                            Command.create(
                                {
                                    "product_id": product.id if product else False,
                                    "name": "Goods",
                                    "quantity": 1,
                                    "price_unit": round(2 * annual / invoices, 2),
                                    "tax_ids": [Command.clear()],
                                }
                            )
                        ],
                    }
                )
            if rank % 3 == 0:
                potentials[partner] = round(annual * rng.uniform(0.8, 3.0), -3)
        self.env["account.move"].create(moves).action_post()
        self._demo_teams(company, partners)
        # after the Salespeople: the accounts start with them as owners
        for partner, potential in potentials.items():
            partner.kam_potential = potential
        self.env["cirrus.kam.engine"]._run(companies=company)

    @api.model
    def _demo_teams(self, company, partners):
        """A Key Account team with 2 KAMs and an Account Management team with
        3 AMs. Owners are set so that some managers are over capacity and
        the wizard has owners to propose."""
        groups = self.env.ref("sales_team.group_sale_salesman") | self.env.ref(
            "base.group_partner_manager"
        )
        # they land on My Portfolio
        landing = self.env.ref("cirrus_kam.cirrus_kam_account_action_landing")
        users = self.env["res.users"].create(
            [
                {
                    "name": name,
                    "login": login,
                    "password": login,
                    "email": f"{login}@example.com",
                    "company_id": company.id,
                    "company_ids": [Command.set(company.ids)],
                    "groups_id": [Command.set(groups.ids)],
                    "action_id": landing.id,
                }
                for name, login in [
                    ("Karin Key", "kam1"),
                    ("Kurt Key", "kam2"),
                    ("Anna Account", "am1"),
                    ("Axel Account", "am2"),
                    ("Alma Account", "am3"),
                ]
            ]
        )
        kam1, kam2, am1, am2, am3 = users
        self.env["crm.team"].create(
            [
                {
                    "name": "Key Accounts",
                    "kam_role": "kam",
                    "company_id": company.id,
                    "crm_team_member_ids": [
                        Command.create({"user_id": kam1.id, "kam_capacity": 4}),
                        Command.create({"user_id": kam2.id}),
                    ],
                },
                {
                    "name": "Account Management",
                    "kam_role": "am",
                    "company_id": company.id,
                    "crm_team_member_ids": [
                        Command.create({"user_id": am1.id}),
                        Command.create({"user_id": am2.id, "kam_capacity": 12}),
                        Command.create({"user_id": am3.id}),
                    ],
                },
            ]
        )
        owners = [kam1] * 5 + [am1] * 2 + [am1] * 20 + [am2] * 14 + [am3] * 12
        for partner, owner in zip(partners, owners, strict=False):
            partner.user_id = owner
