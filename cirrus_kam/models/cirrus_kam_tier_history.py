# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.tools import SQL

SQL_TYPES = {
    "many2one": "int4",
    "float": "float8",
    "monetary": "float8",
    "boolean": "bool",
}


class CirrusKamTierHistory(models.Model):
    _name = "cirrus.kam.tier.history"
    _description = "Account Tier History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, ondelete="cascade"
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    old_tier_id = fields.Many2one("cirrus.kam.tier", ondelete="set null")
    new_tier_id = fields.Many2one("cirrus.kam.tier", ondelete="set null")
    old_user_id = fields.Many2one("res.users", string="Old Owner")
    new_user_id = fields.Many2one("res.users", string="New Owner")
    currency_id = fields.Many2one(related="company_id.currency_id")
    score = fields.Monetary()
    revenue = fields.Monetary(string="Revenue (lookback)")
    potential = fields.Monetary()
    potential_assessed = fields.Boolean()
    source = fields.Selection(
        [
            ("cron", "Nightly run"),
            ("wizard", "Classification wizard"),
            ("manual", "Manual"),
        ],
        required=True,
    )
    user_id = fields.Many2one("res.users", default=lambda self: self.env.user)
    explanation = fields.Char()

    @api.model
    def _insert(self, vals_list):
        """Insert many rows in one statement: a full reclassification writes
        one per customer. The rows need no ORM side effect (no compute, no
        tracking), so plain SQL is enough."""
        if not vals_list:
            return
        names = list(vals_list[0])
        arrays = SQL(", ").join(
            SQL(
                "%s::%s[]",
                [vals[name] for vals in vals_list],
                SQL(SQL_TYPES.get(self._fields[name].type, "text")),
            )
            for name in names
        )
        self.env.execute_query(
            SQL(
                """
                INSERT INTO cirrus_kam_tier_history
                       (%(columns)s, date, create_uid, write_uid, create_date,
                        write_date)
                SELECT v.*, %(now)s, %(uid)s, %(uid)s, %(now)s, %(now)s
                  FROM unnest(%(arrays)s) AS v
                """,
                columns=SQL(", ").join(SQL.identifier(name) for name in names),
                now=fields.Datetime.now(),
                uid=self.env.uid,
                arrays=arrays,
            )
        )
        self.env["cirrus.kam.account"].invalidate_model(["history_ids"])
