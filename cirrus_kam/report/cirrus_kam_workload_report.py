# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.tools import SQL

from ..models.crm_team import TEAM_ROLES

# the aggregates the web client may ask of a numeric measure
RATIO_FUNCS = ("sum", "avg", "max", "min")


class CirrusKamWorkloadReport(models.Model):
    """One row per manager and company, read from the values the
    classification stored: nothing is recomputed here. Every member of a
    Key Account or Account Management team has a row, with load 0 when they
    own nothing; the accounts without an owner make one "Unassigned" row per
    company, whose load counts into nobody's utilization."""

    _name = "cirrus.kam.workload.report"
    _description = "Account Workload"
    _auto = False
    _order = "company_id, user_id"
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
        "cirrus.kam.tier": ["workload_weight"],
        "crm.team": ["active", "company_id", "kam_role", "kam_default_capacity"],
        "crm.team.member": ["active", "crm_team_id", "user_id", "kam_capacity"],
        "res.users": ["active"],
    }

    user_id = fields.Many2one("res.users", string="Manager", readonly=True)
    manager_name = fields.Char(compute="_compute_manager_name", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one("crm.team", readonly=True)
    role = fields.Selection(
        TEAM_ROLES,
        string="Team Role",
        readonly=True,
    )
    account_count = fields.Integer(string="Accounts", readonly=True)
    load = fields.Float(
        readonly=True,
        help="The manager's accounts, each weighted by its tier's workload weight.",
    )
    capacity = fields.Integer(
        readonly=True,
        help="The accounts the manager can own: the largest capacity they have "
        "in a Key Account or Account Management team of the company.",
    )
    utilization = fields.Float(
        string="Utilization (%)",
        readonly=True,
        aggregator="avg",
        help="Load as a percent of capacity. A total is the total load of the "
        "managers over their total capacity; unassigned accounts count in "
        "no utilization.",
    )
    over_capacity = fields.Boolean(readonly=True, aggregator="bool_or")
    revenue = fields.Monetary(
        readonly=True,
        help="Invoiced over the lookback window of the company (Settings: "
        "Lookback, 1 to 60 months).",
    )
    revenue_prev = fields.Monetary(
        string="Previous Window",
        readonly=True,
        help="Invoiced over the window of the same length just before the "
        "lookback window.",
    )
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
                SELECT a.user_id, a.company_id, t.workload_weight,
                       a.revenue, a.revenue_prev,
                       CASE WHEN a.potential_date IS NOT NULL
                            THEN COALESCE(a.potential, 0)
                       END AS potential
                  FROM cirrus_kam_account a
                  JOIN cirrus_kam_tier t ON t.id = a.tier_id
                  JOIN res_partner p ON p.id = a.partner_id
                 WHERE p.active
            ),
            owned AS (
                SELECT a.user_id, a.company_id, COUNT(*) AS account_count,
                       SUM(a.workload_weight) AS load,
                       SUM(a.revenue) AS revenue,
                       SUM(a.revenue_prev) AS revenue_prev,
                       SUM(a.potential) AS potential,
                       SUM(a.potential - a.revenue) AS headroom
                  FROM accounts a
              GROUP BY a.user_id, a.company_id
            ),
            capacity AS (
                SELECT user_id, company_id, MAX(capacity) AS capacity,
                       MIN(team_id) AS team_id
                  FROM (%(capacity)s) cap
              GROUP BY user_id, company_id
            ),
            -- the owners, the members who own nothing, and the unassigned
            -- (user_id NULL, never equal to a member)
            managers AS (
                SELECT COALESCE(o.user_id, cap.user_id) AS user_id,
                       COALESCE(o.company_id, cap.company_id) AS company_id,
                       cap.team_id,
                       COALESCE(o.account_count, 0) AS account_count,
                       COALESCE(o.load, 0) AS load,
                       COALESCE(cap.capacity, 0) AS capacity,
                       COALESCE(o.revenue, 0) AS revenue,
                       COALESCE(o.revenue_prev, 0) AS revenue_prev,
                       o.potential, o.headroom
                  FROM owned o
             FULL JOIN capacity cap
                    ON cap.user_id = o.user_id AND cap.company_id = o.company_id
            )
            SELECT (ROW_NUMBER() OVER (
                       ORDER BY m.company_id, m.user_id NULLS LAST
                   ))::int4 AS id,
                   m.*, team.kam_role AS role,
                   CASE WHEN m.user_id IS NOT NULL AND m.capacity > 0
                        THEN 100.0 * m.load / m.capacity
                   END AS utilization,
                   m.user_id IS NOT NULL AND m.load > m.capacity AS over_capacity
              FROM managers m
         LEFT JOIN crm_team team ON team.id = m.team_id
            """,
            capacity=self.env["crm.team.member"]._kam_capacity_query(),
        )

    @api.depends("user_id")
    def _compute_manager_name(self):
        for row in self:
            # named the way the ORM shows a many2one's name
            row.manager_name = row.user_id.sudo().name or self.env._("Unassigned")

    def _read_group_select(self, aggregate_spec, query):
        """Utilization of a group: the managers' load over their capacity,
        never a sum, average or maximum of the rows' percents."""
        fname, _sep, func = aggregate_spec.partition(":")
        if fname != "utilization" or func not in RATIO_FUNCS:
            return super()._read_group_select(aggregate_spec, query)
        return SQL(
            "100.0 * SUM(%(load)s) FILTER (WHERE %(user)s IS NOT NULL)"
            " / NULLIF(SUM(%(capacity)s), 0)",
            load=self._field_to_sql(self._table, "load", query),
            user=self._field_to_sql(self._table, "user_id", query),
            capacity=self._field_to_sql(self._table, "capacity", query),
        )

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        """Label the group of accounts without owner "Unassigned" in the
        pivot, graph and grouped list, instead of the generic "None"."""
        groups = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        for group in groups:
            if group.get("user_id", True) is False:
                group["user_id"] = (False, self.env._("Unassigned"))
        return groups

    @api.model
    def _overloaded_user_ids(self, company=None):
        """Owners over capacity in a company (default: the current one)."""
        company = company or self.env.company
        rows = self.sudo()._read_group(
            [("over_capacity", "=", True), ("company_id", "=", company.id)],
            ["user_id"],
        )
        return [user.id for (user,) in rows if user]
