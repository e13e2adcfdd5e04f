# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models

from .cirrus_kam_account import check_integer

DEFAULT_CAPACITY = {"kam": 5, "am": 15}


class CrmTeam(models.Model):
    _inherit = "crm.team"

    kam_role = fields.Selection(
        [("kam", "Key Account team"), ("am", "Account Management team")],
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_kam_capacity_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_kam_capacity_vals(vals)
        return super().write(vals)

    @api.model
    def _check_kam_capacity_vals(self, vals):
        if "kam_default_capacity" in vals:
            check_integer(
                self.env,
                vals["kam_default_capacity"],
                self.env._("The accounts per member"),
            )

    @api.depends("kam_role")
    def _compute_kam_default_capacity(self):
        for team in self:
            if team.kam_role and not team.kam_default_capacity:
                team.kam_default_capacity = DEFAULT_CAPACITY[team.kam_role]
