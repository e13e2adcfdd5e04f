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
        "res.partner": [
            "active",
            "commercial_partner_id",
            "user_id",
            "kam_tier_id",
            "kam_revenue_12m",
            "kam_revenue_prev_12m",
            "kam_potential",
            "kam_potential_date",
        ],
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
                SELECT p.id AS partner_id, p.user_id, t.company_id,
                       t.id AS tier_id, t.sequence AS tier_sequence, t.role,
                       t.workload_weight,
                       (p.kam_revenue_12m->>pt.key)::float8 AS revenue,
                       (p.kam_revenue_prev_12m->>pt.key)::float8 AS revenue_prev,
                       CASE WHEN p.kam_potential_date->>pt.key IS NOT NULL
                            THEN COALESCE((p.kam_potential->>pt.key)::float8, 0)
                       END AS potential
                  FROM res_partner p
                  CROSS JOIN LATERAL jsonb_each_text(p.kam_tier_id) AS pt(key, value)
                  JOIN cirrus_kam_tier t
                    ON t.id = pt.value::int4 AND t.company_id = pt.key::int4
                 WHERE p.kam_tier_id IS NOT NULL
                   AND p.id = p.commercial_partner_id
                   AND p.active
            ),
            capacity AS (
                SELECT m.user_id, c.id AS company_id,
                       MAX(COALESCE(NULLIF(m.kam_capacity, 0),
                                    team.kam_default_capacity)) AS capacity,
                       MIN(team.id) AS team_id
                  FROM crm_team_member m
                  JOIN crm_team team ON team.id = m.crm_team_id
                  JOIN res_company c
                    ON team.company_id = c.id OR team.company_id IS NULL
                 WHERE team.kam_role IS NOT NULL AND team.active AND m.active
              GROUP BY m.user_id, c.id
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
            SELECT ROW_NUMBER() OVER (
                       ORDER BY g.company_id, g.user_id NULLS LAST, g.tier_id
                   ) AS id,
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
            """
        )

    @api.model
    def _overloaded_user_ids(self):
        """Owners over capacity in the current company."""
        rows = self.sudo()._read_group(
            [("over_capacity", "=", True), ("company_id", "=", self.env.company.id)],
            ["user_id"],
        )
        return [user.id for (user,) in rows if user]
