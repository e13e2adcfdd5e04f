# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.tools import SQL


class CirrusKamWorkloadReport(models.Model):
    """One row per owner, company and tier, read from the values the
    classification stored: nothing is recomputed here."""

    _name = "cirrus.kam.workload.report"
    _description = "Account Workload"
    _auto = False
    _order = "company_id, user_id, tier_sequence"
    _rec_name = "user_id"
    _depends = {
        "cirrus.kam.account": [
            "partner_id",
            "company_id",
            "user_id",
            "tier_id",
            "revenue",
            "revenue_prev",
            "potential",
            "potential_date",
        ],
        "res.partner": ["active"],
        "cirrus.kam.tier": ["company_id", "sequence", "role", "workload_weight"],
        "crm.team": ["active", "company_id", "kam_role", "kam_default_capacity"],
        "crm.team.member": ["active", "crm_team_id", "user_id", "kam_capacity"],
    }

    user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    tier_id = fields.Many2one("cirrus.kam.tier", readonly=True)
    tier_sequence = fields.Integer(readonly=True, aggregator="min")
    role = fields.Selection(
        [("kam", "Key Account Manager"), ("am", "Account Manager")],
        string="Tier Role",
        readonly=True,
    )
    team_id = fields.Many2one("crm.team", readonly=True)
    account_count = fields.Integer(string="Accounts", readonly=True)
    load = fields.Float(readonly=True)
    capacity = fields.Integer(readonly=True, aggregator="max")
    utilization = fields.Float(
        string="Utilization (%)",
        readonly=True,
        aggregator="max",
        help="The owner's load over all tiers as a percent of the owner's "
        "capacity; totals show the highest utilization.",
    )
    owner_load = fields.Float(readonly=True, aggregator="max")
    over_capacity = fields.Boolean(readonly=True, aggregator="bool_or")
    revenue_12m = fields.Monetary(string="Revenue 12 Months", readonly=True)
    revenue_prev_12m = fields.Monetary(string="Previous 12 Months", readonly=True)
    potential = fields.Monetary(readonly=True)
    headroom = fields.Monetary(
        readonly=True,
        help="Potential minus revenue, over the accounts whose potential is assessed.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH accounts AS (
                SELECT a.partner_id, a.user_id, a.company_id, a.tier_id,
                       t.sequence AS tier_sequence, t.role, t.workload_weight,
                       a.revenue, a.revenue_prev,
                       CASE WHEN a.potential_date IS NOT NULL
                            THEN COALESCE(a.potential, 0)
                       END AS potential
                  FROM cirrus_kam_account a
                  JOIN cirrus_kam_tier t ON t.id = a.tier_id
                  JOIN res_partner p ON p.id = a.partner_id
                 WHERE p.active
            ),
            capacity AS (
                SELECT user_id, company_id, MAX(capacity) AS capacity,
                       MIN(team_id) AS team_id
                  FROM (%(capacity)s) cap
              GROUP BY user_id, company_id
            ),
            grouped AS (
                SELECT a.user_id, a.company_id, a.tier_id,
                       MIN(a.tier_sequence) AS tier_sequence, MIN(a.role) AS role,
                       COUNT(*) AS account_count,
                       SUM(a.workload_weight) AS load,
                       SUM(a.revenue) AS revenue_12m,
                       SUM(a.revenue_prev) AS revenue_prev_12m,
                       SUM(a.potential) AS potential,
                       SUM(a.potential - a.revenue) AS headroom
                  FROM accounts a
              GROUP BY a.user_id, a.company_id, a.tier_id
            )
            SELECT (ROW_NUMBER() OVER (
                       ORDER BY g.company_id, g.user_id NULLS LAST, g.tier_id
                   ))::int4 AS id,
                   g.*, cap.team_id, COALESCE(cap.capacity, 0) AS capacity,
                   CASE WHEN cap.capacity > 0
                        THEN 100.0 * SUM(g.load) OVER owner / cap.capacity
                   END AS utilization,
                   SUM(g.load) OVER owner AS owner_load,
                   g.user_id IS NOT NULL
                       AND SUM(g.load) OVER owner > COALESCE(cap.capacity, 0)
                       AS over_capacity
              FROM grouped g
              LEFT JOIN capacity cap
                ON cap.user_id = g.user_id AND cap.company_id = g.company_id
            WINDOW owner AS (PARTITION BY g.user_id, g.company_id)
            """,
            capacity=self.env["crm.team.member"]._kam_capacity_query(),
        )

    @api.model
    def _overloaded_user_ids(self, company=None):
        """Owners over capacity in a company (default: the current one)."""
        company = company or self.env.company
        rows = self.sudo()._read_group(
            [("over_capacity", "=", True), ("company_id", "=", company.id)],
            ["user_id"],
        )
        return [user.id for (user,) in rows if user]
