# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestSettingsValidation(KamCommon):
    def _assert_rejected(self, field, value, message):
        before = self.company[field]
        with self.assertRaises(ValidationError) as caught:
            self.company.write({field: value})
        self.assertEqual(str(caught.exception), message)
        self.company.invalidate_recordset()
        self.assertEqual(self.company[field], before)

    def test_weight_outside_zero_to_one(self):
        for value in (-0.01, 1.01):
            with self.subTest(value=value):
                self._assert_rejected(
                    "kam_potential_weight",
                    value,
                    "Weight of Potential must be a finite number from 0 to 1 "
                    f"(it is {value}).",
                )

    def test_weight_bounds_accepted(self):
        for value in (0.0, 1.0):
            self.company.kam_potential_weight = value
            self.assertEqual(self.company.kam_potential_weight, value)

    def test_lookback_outside_one_to_sixty(self):
        for value in (0, 61):
            with self.subTest(value=value):
                self._assert_rejected(
                    "kam_lookback_months",
                    value,
                    f"The lookback must be from 1 to 60 (it is {value}).",
                )

    def test_lookback_bounds_accepted(self):
        for value in (1, 60):
            self.company.kam_lookback_months = value
            self.assertEqual(self.company.kam_lookback_months, value)

    def test_hysteresis_outside_zero_to_fifty(self):
        for value in (-1.0, 50.5):
            with self.subTest(value=value):
                self._assert_rejected(
                    "kam_hysteresis_percent",
                    value,
                    "Hysteresis (%) must be a finite number from 0 to 50 "
                    f"(it is {value}).",
                )

    def test_hysteresis_bounds_accepted(self):
        for value in (0.0, 50.0):
            self.company.kam_hysteresis_percent = value
            self.assertEqual(self.company.kam_hysteresis_percent, value)

    def test_settings_page_rejects_bad_values(self):
        with self.assertRaises(ValidationError) as caught:
            config = self.env["res.config.settings"].create({"kam_lookback_months": 0})
            config.execute()
        self.assertEqual(
            str(caught.exception), "The lookback must be from 1 to 60 (it is 0)."
        )


@tagged("post_install", "-at_install")
class TestPotentialValidation(KamCommon):
    def test_negative_potential_rejected(self):
        customer = self._customer("Negative Potential")
        with self.assertRaises(ValidationError) as caught:
            customer.kam_potential = -1.0
        self.assertEqual(
            str(caught.exception),
            "The potential must be a finite number from 0 to 1e+15 (it is -1.0).",
        )
        self.assertFalse(customer.kam_account_id)

    def test_negative_potential_rejected_on_create(self):
        with self.assertRaises(ValidationError):
            self._customer("Born Negative", kam_potential=-5.0)


@tagged("post_install", "-at_install")
class TestTierValidation(KamCommon):
    def _assert_rejected(self, tier, values, message):
        with self.assertRaises(ValidationError) as caught:
            tier.write(values)
        self.assertIn(message, str(caught.exception))

    def test_shares_must_increase_strictly(self):
        self._assert_rejected(
            self.tier_account, {"cumulative_share": 50.0}, "increase strictly"
        )
        self._assert_rejected(
            self.tier_key, {"cumulative_share": 95.0}, "increase strictly"
        )

    def test_last_tier_must_reach_one_hundred(self):
        self._assert_rejected(
            self.tier_small, {"cumulative_share": 99.0}, "cumulative share of 100"
        )

    def test_share_must_be_above_zero_and_at_most_one_hundred(self):
        self._assert_rejected(
            self.tier_key,
            {"cumulative_share": 0.0},
            "The cumulative share of tier Key Account must be above 0 and at "
            "most 100 (it is 0.0).",
        )
        self._assert_rejected(
            self.tier_small,
            {"cumulative_share": 101.0},
            "The cumulative share must be a finite number from 0 to 100 (it is 101.0).",
        )

    def test_new_tier_must_fit_the_ladder(self):
        with self.assertRaises(ValidationError):
            self.env["cirrus.kam.tier"].create(
                {"name": "Bottom", "sequence": 40, "cumulative_share": 100.0}
            )
        tier = self.env["cirrus.kam.tier"].create(
            {"name": "Strategic", "sequence": 5, "cumulative_share": 20.0}
        )
        self.assertEqual(tier.company_id, self.company)

    def test_duplicate_sequence_within_company(self):
        self._assert_rejected(self.tier_account, {"sequence": 10}, "same sequence")
        with self.assertRaises(ValidationError) as caught:
            self.env["cirrus.kam.tier"].create(
                {"name": "Twin", "sequence": 20, "cumulative_share": 70.0}
            )
        self.assertIn("same sequence", str(caught.exception))

    def test_same_sequence_in_other_company_allowed(self):
        other = self.env["res.company"].create({"name": "KAM Sequences"})
        tiers = self.env["cirrus.kam.tier"]._company_tiers(other)
        self.assertEqual(tiers.mapped("sequence"), self.tiers.mapped("sequence"))
        tiers[1].sequence = 15
        self.assertEqual(tiers[1].sequence, 15)

    def test_deleting_the_last_tier_is_refused(self):
        (self.tier_key | self.tier_account).unlink()
        with self.assertRaises(UserError) as caught:
            self.tier_small.unlink()
        self.assertIn("last tier", str(caught.exception))
        self.assertTrue(self.tier_small.exists())

    def test_deleting_all_tiers_at_once_is_refused(self):
        with self.assertRaises(UserError) as caught:
            self.tiers.unlink()
        self.assertIn("last tier", str(caught.exception))

    def test_deleting_a_tier_in_use_is_refused(self):
        self._amount_mode()
        customer = self._customer("Key Holder")
        self._invoice(customer, 600000.0)
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_key)
        with self.assertRaises(UserError) as caught:
            self.tier_key.unlink()
        self.assertIn("Key Account", str(caught.exception))
        self.assertIn("1 customers", str(caught.exception))
        self.assertTrue(self.tier_key.exists())

    def test_deleting_an_unused_tier_is_allowed(self):
        self.tier_key.unlink()
        self.assertFalse(self.tier_key.exists())
