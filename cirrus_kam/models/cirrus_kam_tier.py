# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.translate import LazyTranslate

from .cirrus_kam_account import check_number

_lt = LazyTranslate(__name__)

DEFAULT_TIERS = [
    # (name, sequence, role, min_score, cumulative_share)
    (_lt("Key Account"), 10, "kam", 500000.0, 50.0),
    (_lt("Account"), 20, "am", 50000.0, 90.0),
    (_lt("Small Account"), 30, "am", 0.0, 100.0),
]


# who owns the customers of a tier (tiers, wizard lines, rebalance loads)
MANAGER_ROLES = [("kam", "Key Account Manager"), ("am", "Account Manager")]


class CirrusKamTier(models.Model):
    _name = "cirrus.kam.tier"
    _description = "Account Tier"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(required=True, default=10)
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        ondelete="cascade",
    )
    role = fields.Selection(
        MANAGER_ROLES,
        required=True,
        default="am",
        help="Which kind of manager should own the customers of this tier.",
    )
    min_score = fields.Float(
        string="Minimum Score",
        help="Used when thresholds are amounts: the lowest score that "
        "qualifies for this tier.",
    )
    cumulative_share = fields.Float(
        string="Cumulative Share (%)",
        default=100.0,
        help="Used when thresholds are shares (Pareto): customers are ranked "
        "by score, and this tier takes them until this percent of the total "
        "score is reached. Must increase with the sequence and be 100 on the "
        "last tier.",
    )
    workload_weight = fields.Float(
        default=1.0,
        help="How much one customer of this tier weighs in its owner's load.",
    )
    threshold = fields.Float(
        readonly=True,
        help="The lowest score that reached this tier at the last "
        "classification: its minimum score, or where its Pareto share ended.",
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    @api.model
    def _create_default_tiers(self, companies=None):
        """Give the companies (by default all) that have no tier the three
        default tiers."""
        companies = companies or self.env["res.company"].search([])  # pylint: disable=no-search-all
        existing = self.with_context(active_test=False).search(
            [("company_id", "in", companies.ids)]
        )
        todo = companies - existing.company_id
        english = self.with_context(lang="en_US").env
        vals_list = [
            {
                "name": english._(name),
                "sequence": sequence,
                "role": role,
                "min_score": min_score,
                "cumulative_share": share,
                "color": index + 1,
                "company_id": company.id,
            }
            for company in todo
            for index, (name, sequence, role, min_score, share) in enumerate(
                DEFAULT_TIERS
            )
        ]
        tiers = self.sudo().with_context(lang="en_US").create(vals_list)
        tiers._translate_default_names()
        return tiers

    @api.model
    def _default_names(self):
        """{English name: lazy translatable name} of the default tiers"""
        english = self.with_context(lang="en_US").env
        return {english._(name): name for name, *_rest in DEFAULT_TIERS}

    @api.model
    def _translate_default_tiers(self, langs):
        """Give the tiers that still carry a default English name that name
        in the languages langs (just installed): default tiers are created in
        English, before most languages are added."""
        english = list(self._default_names())
        # sudo: every company's tiers; only called while terms are loaded,
        # which only administrators and module installs do
        tiers = (
            self.sudo()
            .with_context(active_test=False, lang="en_US")
            .search([("name", "in", english)])
        )
        tiers._translate_default_names(langs)

    def _translate_default_names(self, langs=None):
        """Translate the tiers still named by a default English name into
        langs (default: the installed languages). A translation a user typed
        is kept: only a missing one, or one equal to the English name, is set."""
        if langs is None:
            langs = [code for code, _name in self.env["res.lang"].get_installed()]
        langs = [code for code in langs if code != "en_US"]
        defaults = self._default_names()
        for tier in self.with_context(lang="en_US"):
            default = defaults.get(tier.name)
            if not default:
                continue
            translations = {
                code: self.with_context(lang=code).env._(default)
                for code in langs
                if tier.with_context(lang=code).name == tier.name
            }
            if translations:
                tier.update_field_translations("name", translations)

    def _company_tiers(self, company):
        return self.sudo().search([("company_id", "=", company.id)])

    @api.constrains("sequence", "cumulative_share", "company_id", "active")
    def _check_tiers(self):
        engine = self.env["cirrus.kam.engine"]
        for company in self.company_id:
            tiers = self._company_tiers(company)
            if not tiers:
                raise ValidationError(
                    self.env._(
                        "%(company)s needs at least one active tier: every "
                        "classified customer needs a tier.",
                        company=company.name,
                    )
                )
            engine._check_tiers(company, tiers)

    @api.constrains("min_score", "cumulative_share", "workload_weight")
    def _check_numbers(self):
        for tier in self:
            check_number(self.env, tier.min_score, self.env._("The minimum score"))
            check_number(
                self.env,
                tier.cumulative_share,
                self.env._("The cumulative share"),
                0,
                100,
            )
            check_number(
                self.env,
                tier.workload_weight,
                self.env._("The workload weight"),
                0,
                1000,
            )

    def write(self, vals):
        if "company_id" in vals:
            moving = self.filtered(lambda t: t.company_id.id != vals["company_id"])
            used = self.env["cirrus.kam.engine"]._tier_usage(moving)
            if used:
                tier = self.browse(next(iter(used)))
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s is used by %(count)s accounts of "
                        "%(company)s: it cannot move to another company.",
                        tier=tier.name,
                        count=used[tier.id],
                        company=tier.company_id.name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_last_or_used(self):
        if self.env.context.get("kam_company_unlink"):
            return
        for company in self.company_id:
            remaining = self._company_tiers(company) - self
            if not remaining:
                raise UserError(
                    self.env._(
                        "You cannot delete the last tier of %(company)s: "
                        "every classified customer needs a tier.",
                        company=company.name,
                    )
                )
        used = self.env["cirrus.kam.engine"]._tier_usage(self)
        if used:
            tier = self.browse(next(iter(used)))
            raise UserError(
                self.env._(
                    "You cannot delete tier %(tier)s: %(count)s customers "
                    "have it. Reclassify them or archive the tier instead.",
                    tier=tier.name,
                    count=used[tier.id],
                )
            )
