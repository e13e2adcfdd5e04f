# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, models


class CirrusKamCheckedMixin(models.AbstractModel):
    """Refuses bad numbers in create and write, before Odoo converts them:
    NaN, infinity or text in an Integer field would otherwise fail with a
    technical error instead of a ValidationError."""

    _name = "cirrus.kam.checked.mixin"
    _description = "Key Account Number Checks"

    @api.model
    def _kam_checks(self):
        """[(field name, check, label, minimum, maximum)]; check is
        ``check_number`` or ``check_integer`` of cirrus_kam_account."""
        return []

    @api.model
    def _check_kam_vals(self, vals):
        for name, check, label, minimum, maximum in self._kam_checks():
            if name in vals:
                check(self.env, vals[name], label, minimum, maximum)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_kam_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_kam_vals(vals)
        return super().write(vals)
