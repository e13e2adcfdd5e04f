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

    @api.depends("kam_capacity", "crm_team_id.kam_default_capacity")
    def _compute_kam_effective_capacity(self):
        for member in self:
            member.kam_effective_capacity = (
                member.kam_capacity or member.crm_team_id.kam_default_capacity
            )
