# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kam_basis = fields.Selection(related="company_id.kam_basis", readonly=False)
    kam_potential_weight = fields.Float(
        related="company_id.kam_potential_weight", readonly=False
    )
    kam_lookback_months = fields.Integer(
        related="company_id.kam_lookback_months", readonly=False
    )
    kam_threshold_mode = fields.Selection(
        related="company_id.kam_threshold_mode", readonly=False
    )
    kam_hysteresis_percent = fields.Float(
        related="company_id.kam_hysteresis_percent", readonly=False
    )
    kam_assignment = fields.Selection(
        related="company_id.kam_assignment", readonly=False
    )
    kam_notify = fields.Boolean(related="company_id.kam_notify", readonly=False)
    kam_decline_percent = fields.Float(
        related="company_id.kam_decline_percent", readonly=False
    )
