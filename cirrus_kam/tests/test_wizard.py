# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestWizard(KamCommon):
    """Three customers classified by amounts: 600,000 is a Key Account,
    60,000 an Account and 6,000 a Small Account."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._amount_mode()
        cls.today = cls._real_today()
        invoice_date = cls.today - relativedelta(days=10)
        cls.big = cls._customer("Big")
        cls.mid = cls._customer("Mid")
        cls.low = cls._customer("Low")
        for customer, amount in (
            (cls.big, 600000.0),
            (cls.mid, 60000.0),
            (cls.low, 6000.0),
        ):
            cls._invoice(customer, amount, invoice_date=invoice_date)

    def setUp(self):
        super().setUp()
        self._classify(today=self.today)
        self.assertEqual(self.big.kam_tier_id, self.tier_key)
        self.assertEqual(self.mid.kam_tier_id, self.tier_account)
        self.assertEqual(self.low.kam_tier_id, self.tier_small)

    def _wizard(self, **values):
        return self.env["cirrus.kam.classify.wizard"].create(values)

    def _tier_line(self, wizard, tier):
        return wizard.tier_ids.filtered(lambda line: line.tier_id == tier)

    def _lines(self, wizard):
        return {
            line.partner_id: (line.old_tier_id, line.new_tier_id)
            for line in wizard.line_ids
        }

    def _counts(self, wizard):
        return {
            line.tier_id: (line.count_before, line.count_after)
            for line in wizard.count_ids
        }

    def _history_count(self):
        return self.env["cirrus.kam.tier.history"].search_count([])

    # ------------------------------------------------------------------
    # Settings and tiers shown
    # ------------------------------------------------------------------
    def test_wizard_shows_company_settings_and_tiers(self):
        self._settings(
            kam_basis="combined", kam_potential_weight=0.3, kam_lookback_months=6
        )
        wizard = self._wizard()
        self.assertEqual(wizard.company_id, self.company)
        self.assertEqual(wizard.kam_basis, "combined")
        self.assertEqual(wizard.kam_potential_weight, 0.3)
        self.assertEqual(wizard.kam_lookback_months, 6)
        self.assertEqual(wizard.kam_threshold_mode, "amount")
        self.assertEqual(wizard.kam_hysteresis_percent, 0.0)
        self.assertEqual(
            [(t.tier_id, t.min_score, t.cumulative_share) for t in wizard.tier_ids],
            [(t, t.min_score, t.cumulative_share) for t in self.tiers],
        )

    def test_choosing_company_loads_its_settings_and_tiers(self):
        other = self.env["res.company"].create({"name": "KAM Wizard B"})
        self.env.user.company_ids = [Command.link(other.id)]
        self._settings(company=other, kam_basis="potential", kam_lookback_months=24)
        form = Form(
            self.env["cirrus.kam.classify.wizard"].with_context(
                allowed_company_ids=[self.company.id, other.id]
            )
        )
        self.assertEqual(form.kam_threshold_mode, "amount")
        form.company_id = other
        self.assertEqual(form.kam_basis, "potential")
        self.assertEqual(form.kam_lookback_months, 24)
        self.assertEqual(form.kam_threshold_mode, "share")
        wizard = form.save()
        self.assertEqual(
            wizard.tier_ids.tier_id,
            self.env["cirrus.kam.tier"]._company_tiers(other),
        )

    # ------------------------------------------------------------------
    # Preview and what-if
    # ------------------------------------------------------------------
    def test_preview_lists_changes_and_counts_without_saving(self):
        wizard = self._wizard()
        self._tier_line(wizard, self.tier_key).min_score = 60000.0
        self._tier_line(wizard, self.tier_account).min_score = 5000.0
        history = self._history_count()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(
            self._lines(wizard),
            {
                self.mid: (self.tier_account, self.tier_key),
                self.low: (self.tier_small, self.tier_account),
            },
        )
        self.assertEqual(wizard.change_count, 2)
        line = wizard.line_ids.filtered(lambda line: line.partner_id == self.mid)
        self.assertEqual(line.score, 60000.0)
        self.assertEqual(line.revenue, 60000.0)
        self.assertFalse(line.potential_assessed)
        self.assertEqual(
            self._counts(wizard),
            {
                self.tier_key: (1, 2),
                self.tier_account: (1, 1),
                self.tier_small: (1, 0),
            },
        )
        # nothing saved
        self.assertEqual(self.mid.kam_tier_id, self.tier_account)
        self.assertEqual(self.low.kam_tier_id, self.tier_small)
        self.assertEqual(self.tier_key.min_score, 500000.0)
        self.assertEqual(self._history_count(), history)

    def test_preview_what_if_basis(self):
        self.low.kam_potential = 700000.0
        wizard = self._wizard(kam_basis="combined", kam_potential_weight=1.0)
        wizard.action_preview()
        self.assertEqual(
            self._lines(wizard), {self.low: (self.tier_small, self.tier_key)}
        )
        line = wizard.line_ids
        self.assertEqual(line.score, 700000.0)
        self.assertEqual(line.revenue, 6000.0)
        self.assertEqual(line.potential, 700000.0)
        self.assertTrue(line.potential_assessed)
        self.assertEqual(self.company.kam_basis, "revenue")
        self.assertEqual(self.low.kam_tier_id, self.tier_small)

    def test_preview_what_if_mode(self):
        wizard = self._wizard(kam_threshold_mode="share")
        wizard.action_preview()
        # 600,000 of 666,000 is 90.09 % before Mid: past the Account share
        self.assertEqual(
            self._lines(wizard), {self.mid: (self.tier_account, self.tier_small)}
        )
        self.assertEqual(self.company.kam_threshold_mode, "amount")

    def test_preview_what_if_shares(self):
        wizard = self._wizard(kam_threshold_mode="share")
        self._tier_line(wizard, self.tier_account).cumulative_share = 95.0
        wizard.action_preview()
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.change_count, 0)
        self.assertEqual(self.tier_account.cumulative_share, 90.0)

    def test_preview_what_if_lookback(self):
        older = self.today - relativedelta(months=3)
        self._invoice(self.low, 60000.0, invoice_date=older)
        wizard = self._wizard(kam_lookback_months=2)
        wizard.action_preview()
        self.assertFalse(wizard.line_ids)
        wizard = self._wizard(kam_lookback_months=4)
        wizard.action_preview()
        self.assertEqual(
            self._lines(wizard), {self.low: (self.tier_small, self.tier_account)}
        )

    def test_preview_what_if_hysteresis(self):
        self._invoice(
            self.big,
            150000.0,
            move_type="out_refund",
            invoice_date=self.today - relativedelta(days=1),
        )
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(
            self._lines(wizard), {self.big: (self.tier_key, self.tier_account)}
        )
        # 450,000 * 1.2 = 540,000 keeps the Key Account tier
        wizard = self._wizard(kam_hysteresis_percent=20.0)
        wizard.action_preview()
        self.assertFalse(wizard.line_ids)

    def test_preview_respects_locks(self):
        self.mid.kam_tier_id = self.tier_small
        wizard = self._wizard()
        self._tier_line(wizard, self.tier_key).min_score = 60000.0
        wizard.action_preview()
        self.assertNotIn(self.mid, wizard.line_ids.partner_id)

    def test_preview_lists_customers_losing_their_tier(self):
        self.low.customer_rank = 0
        self.env["account.move"].search([("partner_id", "=", self.low.id)]).write(
            {"state": "cancel"}
        )
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(
            self._lines(wizard),
            {self.low: (self.tier_small, self.env["cirrus.kam.tier"])},
        )
        self.assertEqual(self._counts(wizard)[self.tier_small], (1, 0))

    # ------------------------------------------------------------------
    # Apply
    # ------------------------------------------------------------------
    def test_apply_writes_tiers_with_wizard_history(self):
        wizard = self._wizard()
        self._tier_line(wizard, self.tier_key).min_score = 60000.0
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(self.mid.kam_tier_id, self.tier_key)
        self.assertFalse(self.mid.kam_tier_locked)
        change = self._history(self.mid)[-1]
        self.assertEqual(change.source, "wizard")
        self.assertEqual(change.user_id, self.env.user)
        self.assertEqual(change.old_tier_id, self.tier_account)
        self.assertEqual(change.new_tier_id, self.tier_key)
        # the tried values were not saved
        self.assertEqual(self.tier_key.min_score, 500000.0)
        self.assertEqual(len(self._history(self.big)), 1)
        self.assertEqual(len(self._history(self.low)), 1)

    def test_apply_without_preview(self):
        wizard = self._wizard(kam_threshold_mode="share")
        wizard.action_apply()
        self.assertEqual(self.mid.kam_tier_id, self.tier_small)
        self.assertEqual(self._history(self.mid)[-1].source, "wizard")
        self.assertEqual(self.company.kam_threshold_mode, "amount")

    def test_apply_respects_locks(self):
        self.mid.kam_tier_id = self.tier_small
        wizard = self._wizard()
        self._tier_line(wizard, self.tier_key).min_score = 5000.0
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(self.mid.kam_tier_id, self.tier_small)
        self.assertTrue(self.mid.kam_tier_locked)
        self.assertEqual(self.mid.kam_computed_tier_id, self.tier_key)
        self.assertEqual(self.low.kam_tier_id, self.tier_key)

    def test_apply_with_save_settings_stores_tried_settings(self):
        wizard = self._wizard(
            kam_basis="combined",
            kam_potential_weight=0.4,
            kam_lookback_months=18,
            kam_hysteresis_percent=5.0,
            save_settings=True,
        )
        self._tier_line(wizard, self.tier_key).min_score = 60000.0
        self._tier_line(wizard, self.tier_account).min_score = 5000.0
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(
            self.company._kam_settings(),
            {
                "kam_basis": "combined",
                "kam_potential_weight": 0.4,
                "kam_lookback_months": 18,
                "kam_threshold_mode": "amount",
                "kam_hysteresis_percent": 5.0,
            },
        )
        self.assertEqual(self.tier_key.min_score, 60000.0)
        self.assertEqual(self.tier_account.min_score, 5000.0)
        self.assertEqual(self.mid.kam_tier_id, self.tier_key)
        self.assertEqual(self.low.kam_tier_id, self.tier_account)

    def test_apply_with_save_settings_stores_tried_shares(self):
        wizard = self._wizard(kam_threshold_mode="share", save_settings=True)
        self._tier_line(wizard, self.tier_key).cumulative_share = 95.0
        self._tier_line(wizard, self.tier_account).cumulative_share = 98.0
        wizard.action_preview()
        wizard.action_apply()
        self.assertEqual(self.company.kam_threshold_mode, "share")
        self.assertEqual(self.tiers.mapped("cumulative_share"), [95.0, 98.0, 100.0])
        # 600,000 of 666,000 is 90.09 % before Mid: within 95 %
        self.assertEqual(self.mid.kam_tier_id, self.tier_key)

    # ------------------------------------------------------------------
    # Bad input
    # ------------------------------------------------------------------
    def test_bad_settings_refused_and_nothing_saved(self):
        for values, message in (
            ({"kam_potential_weight": 1.5}, "between 0 and 1"),
            ({"kam_lookback_months": 61}, "between 1 and 60 months"),
            ({"kam_hysteresis_percent": 60.0}, "between 0 and 50 percent"),
        ):
            with self.subTest(values=values):
                wizard = self._wizard(save_settings=True, **values)
                self._tier_line(wizard, self.tier_key).min_score = 60000.0
                with self.assertRaisesRegex(ValidationError, message):
                    wizard.action_preview()
                # no savepoint: what was written before the error stays visible
                with self.assertRaisesRegex(ValidationError, message):
                    wizard.action_apply()
                self.env.invalidate_all()
                self.assertEqual(self.company.kam_potential_weight, 0.5)
                self.assertEqual(self.company.kam_lookback_months, 12)
                self.assertEqual(self.company.kam_hysteresis_percent, 0.0)
                self.assertEqual(self.tier_key.min_score, 500000.0)
                self.assertEqual(self.mid.kam_tier_id, self.tier_account)

    def test_bad_tiers_refused_and_nothing_saved(self):
        for tier, share, message in (
            (self.tier_account, 40.0, "increase strictly"),
            (self.tier_small, 95.0, "cumulative share of 100"),
        ):
            with self.subTest(tier=tier.name, share=share):
                wizard = self._wizard(kam_threshold_mode="share", save_settings=True)
                self._tier_line(wizard, tier).cumulative_share = share
                with self.assertRaisesRegex(ValidationError, message):
                    wizard.action_preview()
                # no savepoint: what was written before the error stays visible
                with self.assertRaisesRegex(ValidationError, message):
                    wizard.action_apply()
                self.env.invalidate_all()
                self.assertEqual(
                    self.tiers.mapped("cumulative_share"), [50.0, 90.0, 100.0]
                )
                self.assertEqual(self.company.kam_threshold_mode, "amount")
                self.assertEqual(self.mid.kam_tier_id, self.tier_account)

    def test_wizard_without_tiers_refused(self):
        wizard = self._wizard()
        wizard.tier_ids.unlink()
        with self.assertRaises(UserError):
            wizard.action_preview()
