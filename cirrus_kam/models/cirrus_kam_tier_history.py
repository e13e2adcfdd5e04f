from odoo import fields, models


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
