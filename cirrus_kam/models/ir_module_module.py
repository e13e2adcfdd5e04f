# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, models


class IrModuleModule(models.Model):
    _inherit = "ir.module.module"

    @api.model
    def _load_module_terms(
        self, modules, langs, overwrite=False, imported_module=False
    ):
        """The default tiers are records created in English, usually before a
        language is added: when cirrus_kam's terms are loaded for languages
        (Settings > Languages > Add, Update Terms, a module install), give the
        tiers still carrying a default name that name in these languages."""
        res = super()._load_module_terms(
            modules, langs, overwrite=overwrite, imported_module=imported_module
        )
        if "cirrus_kam" in modules:
            self.env["cirrus.kam.tier"]._translate_default_tiers(langs)
        return res
