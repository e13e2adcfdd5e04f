# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        """Merge the key accounts first: Odoo's generic update would hit the
        one-account-per-company constraint and delete the merged partners'
        accounts, potentials included."""
        self.env["cirrus.kam.account"]._merge_partners(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)
