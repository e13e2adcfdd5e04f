from odoo import api, fields, models


class CrmTeamMember(models.Model):
    _inherit = "crm.team.member"

    kam_role = fields.Selection(related="crm_team_id.kam_role")
    kam_capacity = fields.Integer(
        string="Capacity",
        help="Accounts this member can own; 0 uses the team's default.",
    )
    kam_effective_capacity = fields.Integer(
        string="Effective Capacity", compute="_compute_kam_effective_capacity"
    )

    @api.depends("kam_capacity", "crm_team_id.kam_default_capacity")
    def _compute_kam_effective_capacity(self):
        for member in self:
            member.kam_effective_capacity = (
                member.kam_capacity or member.crm_team_id.kam_default_capacity
            )
