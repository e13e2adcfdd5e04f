# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models

from .cirrus_kam_account import check_integer

DEFAULT_CAPACITY = {"kam": 5, "am": 15}


# the account role of a sales team (teams, workload report)
TEAM_ROLES = [("kam", "Key Account team"), ("am", "Account Management team")]


class CrmTeam(models.Model):
    _name = "crm.team"
    _inherit = ["crm.team", "cirrus.kam.checked.mixin"]

    kam_role = fields.Selection(
        TEAM_ROLES,
        string="Account Role",
        help="Key Account teams own the customers of key account tiers; "
        "Account Management teams own the others.",
    )
    kam_default_capacity = fields.Integer(
        string="Accounts per Member",
        compute="_compute_kam_default_capacity",
        store=True,
        readonly=False,
        help="How many accounts a member of this team can own, unless the "
        "member has a capacity of their own. 5 for Key Account teams and 15 "
        "for Account Management teams unless set.",
    )

    @api.model
    def _kam_checks(self):
        label = self.env._("The accounts per member")
        return [("kam_default_capacity", check_integer, label, 0, 100000)]

    @api.depends("kam_role")
    def _compute_kam_default_capacity(self):
        for team in self:
            if team.kam_role and not team.kam_default_capacity:
                team.kam_default_capacity = DEFAULT_CAPACITY[team.kam_role]
