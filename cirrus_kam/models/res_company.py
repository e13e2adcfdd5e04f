# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .cirrus_kam_account import check_integer, check_number

KAM_BASIS = [
    ("revenue", "Revenue (maintain)"),
    ("potential", "Potential"),
    ("combined", "Revenue and potential (grow)"),
]
KAM_THRESHOLD_MODE = [
    ("amount", "Score amounts"),
    ("share", "Share of total score (Pareto)"),
]
KAM_SETTING_FIELDS = (
    "kam_basis",
    "kam_potential_weight",
    "kam_lookback_months",
    "kam_threshold_mode",
    "kam_hysteresis_percent",
)


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "cirrus.kam.checked.mixin"]

    kam_basis = fields.Selection(
        KAM_BASIS, string="Classification Basis", default="revenue", required=True
    )
    kam_potential_weight = fields.Float(
        string="Weight of Potential",
        default=0.5,
        help="From 0 to 1: the weight of the potential in the combined score.",
    )
    kam_lookback_months = fields.Integer(
        string="Lookback (months)",
        default=12,
        help="The revenue window, in months, from 1 to 60.",
    )
    kam_threshold_mode = fields.Selection(
        KAM_THRESHOLD_MODE, string="Thresholds", default="share", required=True
    )
    kam_hysteresis_percent = fields.Float(
        string="Hysteresis (%)",
        default=10.0,
        help="A customer keeps a higher tier while its score, raised by this "
        "percent, still reaches that tier's threshold (0 to 50).",
    )
    kam_assignment = fields.Selection(
        [("off", "Off"), ("suggest", "Suggest"), ("auto", "Automatic")],
        string="Owner Assignment",
        default="suggest",
        required=True,
        help="Suggest: the classification wizard proposes owners. Automatic: "
        "the nightly run also applies them.",
    )
    kam_notify = fields.Boolean(
        string="Notify New Owners",
        default=True,
        help="Give a new owner a To-Do activity and post a message on the customer.",
    )
    kam_decline_percent = fields.Float(
        string="Decline Alert (%)",
        default=25.0,
        help="Flag customers whose revenue fell by more than this percent "
        "against the previous window.",
    )
    kam_tier_ids = fields.One2many("cirrus.kam.tier", "company_id", string="Tiers")
    kam_decline_baseline_date = fields.Date(
        string="Decline Alerts Since",
        readonly=True,
        copy=False,
        help="The day the first complete classification of the company ended. "
        "That run only sets the baseline; customers that decline afterwards "
        "alert their owner.",
    )

    @api.constrains("kam_decline_percent")
    def _check_kam_decline_percent(self):
        for company in self:
            if not 0 <= company.kam_decline_percent <= 100:
                raise ValidationError(
                    self.env._(
                        "The decline alert must be between 0 and 100 percent "
                        "(it is %s).",
                        company.kam_decline_percent,
                    )
                )

    @api.constrains(*KAM_SETTING_FIELDS)
    def _check_kam_settings(self):
        for company in self:
            self.env["cirrus.kam.engine"]._check_settings(company._kam_settings())

    def _kam_settings(self, **overrides):
        """The classification settings of this company, as a plain dict."""
        self.ensure_one()
        values = {name: self[name] for name in KAM_SETTING_FIELDS}
        values.update(overrides)
        return values

    @api.model
    def _kam_checks(self):
        def label(name):
            return self._fields[name].get_description(self.env)["string"]

        return [
            ("kam_lookback_months", check_integer, self.env._("The lookback"), 1, 60),
            ("kam_potential_weight", check_number, label("kam_potential_weight"), 0, 1),
            (
                "kam_hysteresis_percent",
                check_number,
                label("kam_hysteresis_percent"),
                0,
                50,
            ),
            ("kam_decline_percent", check_number, label("kam_decline_percent"), 0, 100),
        ]

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        self.env["cirrus.kam.tier"]._create_default_tiers(companies)
        return companies

    def unlink(self):
        """Remove the key account records of deleted companies through the
        ORM first: tiers, accounts and history would otherwise be dropped by
        cascades that Odoo's caches and checks do not see."""
        ctx = {"active_test": False, "kam_company_unlink": True}
        for model in (
            "cirrus.kam.tier.history",
            "cirrus.kam.account",
            "cirrus.kam.tier",
        ):
            records = (
                self.env[model]
                .sudo()
                .with_context(**ctx)
                .search([("company_id", "in", self.ids)])
            )
            records.unlink()
        return super().unlink()
