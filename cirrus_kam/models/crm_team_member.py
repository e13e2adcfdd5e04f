# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.tools import SQL

from .cirrus_kam_account import check_integer


class CrmTeamMember(models.Model):
    _name = "crm.team.member"
    _inherit = ["crm.team.member", "cirrus.kam.checked.mixin"]

    kam_role = fields.Selection(related="crm_team_id.kam_role")
    kam_capacity = fields.Integer(
        string="Capacity",
        help="Accounts this member can own; 0 uses the team's default.",
    )
    kam_effective_capacity = fields.Integer(
        string="Effective Capacity", compute="_compute_kam_effective_capacity"
    )
    kam_load = fields.Float(
        string="Load",
        compute="_compute_kam_load",
        groups="cirrus_kam.group_kam_user",
        help="The accounts the member owns now in the team's company, each "
        "weighted by its tier's workload weight, as the Workload report counts "
        "them.",
    )

    @api.model
    def _kam_capacity_query(self):
        """The one definition of capacity: per user, company and role, the
        largest capacity the user has in an active Key Account or Account
        Management team of that company (or of all companies), counting
        active memberships of active users only."""
        return SQL(
            """
            SELECT m.user_id, c.id AS company_id, team.kam_role AS role,
                   MAX(COALESCE(NULLIF(m.kam_capacity, 0),
                                team.kam_default_capacity, 0)) AS capacity,
                   MIN(team.id) AS team_id
              FROM crm_team_member m
              JOIN crm_team team ON team.id = m.crm_team_id
              JOIN res_users u ON u.id = m.user_id
              JOIN res_company c
                ON team.company_id = c.id OR team.company_id IS NULL
             WHERE team.kam_role IS NOT NULL AND team.active AND m.active
               AND u.active
          GROUP BY m.user_id, c.id, team.kam_role
            """
        )

    @api.model
    def _kam_checks(self):
        label = self.env._("The capacity")
        return [("kam_capacity", check_integer, label, 0, 100000)]

    @api.depends("user_id", "crm_team_id.company_id")
    @api.depends_context("company", "allowed_company_ids")
    def _compute_kam_load(self):
        # read through the report, so the figure is the Workload's and stays
        # within the companies (and access) of the reader
        rows = self.env["cirrus.kam.workload.report"]._read_group(
            [
                ("user_id", "in", self.user_id.ids),
                ("company_id", "in", self.env.companies.ids),
            ],
            ["user_id", "company_id"],
            ["load:sum"],
        )
        loads = {(user.id, company.id): load for user, company, load in rows}
        for member in self:
            company = member.crm_team_id.company_id or self.env.company
            member.kam_load = loads.get((member.user_id.id, company.id), 0.0)

    @api.depends("kam_capacity", "crm_team_id.kam_default_capacity")
    def _compute_kam_effective_capacity(self):
        for member in self:
            member.kam_effective_capacity = (
                member.kam_capacity or member.crm_team_id.kam_default_capacity
            )
