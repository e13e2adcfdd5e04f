# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tests import tagged

from .common import KamCommon


@tagged("post_install", "-at_install")
class TestHysteresis(KamCommon):
    """Amount thresholds: Key Account from 500,000, Account from 50,000."""

    def setUp(self):
        super().setUp()
        self._amount_mode(kam_hysteresis_percent=10.0)

    def _key_account(self, name):
        customer = self._customer(name)
        self._invoice(customer, 500000.0)
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_key)
        return customer

    def test_moving_down_kept_within_hysteresis(self):
        customer = self._key_account("Slipping")
        self._invoice(customer, 40000.0, move_type="out_refund")
        self._classify()
        # 460,000 * 1.1 = 506,000 still reaches 500,000
        self.assertEqual(customer.kam_score, 460000.0)
        self.assertEqual(customer.kam_computed_tier_id, self.tier_account)
        self.assertEqual(customer.kam_tier_id, self.tier_key)
        self.assertEqual(
            customer.kam_tier_explanation,
            "Key Account kept by hysteresis: score 460,000.00 plus 10% reaches its "
            "threshold 500,000.00, although the rules give Account (revenue "
            "460,000.00 over 12 months).",
        )

    def test_explanation_of_fractional_percents(self):
        self._settings(
            kam_hysteresis_percent=12.5,
            kam_basis="combined",
            kam_potential_weight=0.125,
        )
        customer = self._key_account("Fractions")
        self._invoice(customer, 50000.0, move_type="out_refund")
        self._classify()
        # 450,000 * 1.125 = 506,250 still reaches 500,000
        self.assertEqual(customer.kam_tier_id, self.tier_key)
        self.assertEqual(
            customer.kam_tier_explanation,
            "Key Account kept by hysteresis: score 450,000.00 plus 12.5% reaches "
            "its threshold 500,000.00, although the rules give Account (87.5% of "
            "revenue 450,000.00 over 12 months and 12.5% of no potential "
            "assessed, so revenue 450,000.00 over 12 months).",
        )

    def test_moving_down_dropped_beyond_hysteresis(self):
        customer = self._key_account("Falling")
        self._invoice(customer, 50000.0, move_type="out_refund")
        self._classify()
        # 450,000 * 1.1 = 495,000 misses 500,000
        self.assertEqual(customer.kam_tier_id, self.tier_account)
        self.assertEqual(customer.kam_computed_tier_id, self.tier_account)

    def test_moving_down_stops_at_highest_tier_reached(self):
        customer = self._key_account("Crashing")
        self._invoice(customer, 454000.0, move_type="out_refund")
        self._classify()
        # 46,000 * 1.1 = 50,600: Key Account lost, Account kept
        self.assertEqual(customer.kam_computed_tier_id, self.tier_small)
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_hysteresis_zero_moves_down_at_once(self):
        customer = self._key_account("No Margin")
        self._settings(kam_hysteresis_percent=0.0)
        self._invoice(customer, 0.01, move_type="out_refund")
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_moving_up_is_immediate(self):
        customer = self._customer("Rising")
        self._invoice(customer, 40000.0)
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_small)
        self._invoice(customer, 10000.0)
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_hysteresis_never_lifts_a_tier(self):
        customer = self._customer("Almost Key")
        self._invoice(customer, 460000.0)
        self._classify()
        # 460,000 * 1.1 reaches 500,000, but moving up needs the score itself
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_share_mode_threshold_is_lowest_score_of_higher_tiers(self):
        self._share_mode(kam_hysteresis_percent=20.0)
        leader = self._customer("Leader")
        challenger = self._customer("Challenger")
        self._invoice(leader, 600.0)
        self._invoice(challenger, 400.0)
        self._classify()
        self.assertEqual(leader.kam_tier_id, self.tier_key)
        self.assertEqual(challenger.kam_tier_id, self.tier_account)
        self._invoice(challenger, 300.0)
        self._classify()
        # Key Account threshold: 700; 600 * 1.2 = 720 keeps the leader there
        self.assertEqual(challenger.kam_tier_id, self.tier_key)
        self.assertEqual(leader.kam_computed_tier_id, self.tier_account)
        self.assertEqual(leader.kam_tier_id, self.tier_key)

    def test_share_mode_drops_below_lowest_score_of_higher_tiers(self):
        self._share_mode(kam_hysteresis_percent=10.0)
        leader = self._customer("Leader")
        challenger = self._customer("Challenger")
        self._invoice(leader, 600.0)
        self._invoice(challenger, 400.0)
        self._classify()
        self._invoice(challenger, 300.0)
        self._classify()
        # 600 * 1.1 = 660 misses the threshold 700
        self.assertEqual(challenger.kam_tier_id, self.tier_key)
        self.assertEqual(leader.kam_tier_id, self.tier_account)

    def test_share_mode_no_threshold_when_nobody_in_higher_tiers(self):
        self._share_mode(kam_hysteresis_percent=50.0)
        leader = self._customer("Lone Leader")
        self._invoice(leader, 600.0)
        self._classify()
        self.assertEqual(leader.kam_tier_id, self.tier_key)
        self._invoice(leader, 600.0, move_type="out_refund")
        self._classify()
        # nobody is computed into Key Account or Account: nothing to keep
        self.assertEqual(leader.kam_score, 0.0)
        self.assertEqual(leader.kam_tier_id, self.tier_small)


@tagged("post_install", "-at_install")
class TestLock(KamCommon):
    def setUp(self):
        super().setUp()
        self._amount_mode()
        self.customer = self._customer("Strategic")
        self._invoice(self.customer, 1000.0)
        self._classify()
        self.assertEqual(self.customer.kam_tier_id, self.tier_small)

    def test_manual_tier_locks_and_logs_manual_history(self):
        self.customer.write(
            {"kam_tier_id": self.tier_key.id, "kam_lock_reason": "Group account"}
        )
        self.assertTrue(self.customer.kam_tier_locked)
        history = self._history(self.customer)
        self.assertEqual(len(history), 2)
        manual = history[-1]
        self.assertEqual(manual.source, "manual")
        self.assertEqual(manual.old_tier_id, self.tier_small)
        self.assertEqual(manual.new_tier_id, self.tier_key)
        self.assertEqual(manual.user_id, self.env.user)
        self.assertEqual(manual.company_id, self.company)
        self.assertEqual(
            manual.explanation, f"Set by hand by {self.env.user.name}: Group account"
        )

    def test_manual_tier_on_create_locks_and_logs_manual_history(self):
        customer = self._customer("Born Key", kam_tier_id=self.tier_key.id)
        self.assertEqual(customer.kam_tier_id, self.tier_key)
        self.assertTrue(customer.kam_tier_locked)
        history = self._history(customer)
        self.assertEqual(len(history), 1)
        self.assertEqual(history.source, "manual")
        self.assertEqual(history.new_tier_id, self.tier_key)
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_key)

    def test_locked_tier_survives_classification(self):
        self.customer.kam_tier_id = self.tier_key
        self._classify()
        self.assertEqual(self.customer.kam_tier_id, self.tier_key)
        self.assertEqual(self.customer.kam_computed_tier_id, self.tier_small)
        self.assertEqual(self.customer.kam_score, 1000.0)
        self.assertEqual(len(self._history(self.customer)), 2)
        self.assertEqual(
            self.customer.kam_tier_explanation,
            "Key Account, set by hand and locked; the rules would give Small "
            "Account (score 1,000.00: revenue 1,000.00 over 12 months).",
        )

    def test_locked_tier_survives_rising_score(self):
        self.customer.kam_tier_id = self.tier_small
        self.assertTrue(self.customer.kam_tier_locked)
        self._invoice(self.customer, 600000.0)
        self._classify()
        self.assertEqual(self.customer.kam_computed_tier_id, self.tier_key)
        self.assertEqual(self.customer.kam_tier_id, self.tier_small)

    def test_unlock_lets_next_run_recompute(self):
        self.customer.kam_tier_id = self.tier_key
        self._classify()
        self.customer.kam_tier_locked = False
        self.assertEqual(self.customer.kam_tier_id, self.tier_key)
        self._classify()
        self.assertEqual(self.customer.kam_tier_id, self.tier_small)
        last = self._history(self.customer)[-1]
        self.assertEqual(last.source, "cron")
        self.assertEqual(last.old_tier_id, self.tier_key)
        self.assertEqual(last.new_tier_id, self.tier_small)


@tagged("post_install", "-at_install")
class TestHistory(KamCommon):
    def setUp(self):
        super().setUp()
        self._amount_mode()

    def test_first_classification_is_a_change(self):
        customer = self._customer("Newcomer")
        self._invoice(customer, 1000.0)
        self._classify()
        history = self._history(customer)
        self.assertEqual(len(history), 1)
        self.assertFalse(history.old_tier_id)
        self.assertEqual(history.new_tier_id, self.tier_small)
        self.assertEqual(history.source, "cron")

    def test_history_only_when_tier_changes(self):
        customer = self._customer("Grower")
        self._invoice(customer, 1000.0)
        self._classify()
        self._classify()
        self.assertEqual(len(self._history(customer)), 1)
        # a new score in the same tier is stored without history
        self._invoice(customer, 9000.0)
        self._classify()
        self.assertEqual(customer.kam_score, 10000.0)
        self.assertEqual(len(self._history(customer)), 1)
        # a new tier is one more row
        self._invoice(customer, 50000.0)
        self._classify(source="wizard")
        history = self._history(customer)
        self.assertEqual(len(history), 2)
        change = history[-1]
        self.assertEqual(change.old_tier_id, self.tier_small)
        self.assertEqual(change.new_tier_id, self.tier_account)
        self.assertEqual(change.source, "wizard")
        self.assertEqual(change.user_id, self.env.user)
        self.assertEqual(change.company_id, self.company)
        self.assertEqual(change.score, 60000.0)
        self.assertEqual(change.revenue, 60000.0)
        self.assertFalse(change.potential_assessed)
        self.assertEqual(
            change.explanation,
            "Account: score 60,000.00 (revenue 60,000.00 over 12 months) reaches "
            "its minimum score of 50,000.00.",
        )

    def test_history_records_assessed_potential(self):
        self._settings(kam_basis="potential")
        customer = self._customer("Promising", kam_potential=700000.0)
        self._invoice(customer, 1000.0)
        self._classify()
        history = self._history(customer)
        self.assertEqual(history.new_tier_id, self.tier_key)
        self.assertEqual(history.potential, 700000.0)
        self.assertTrue(history.potential_assessed)
        self.assertEqual(history.revenue, 1000.0)
        self.assertEqual(
            history.explanation,
            "Key Account: score 700,000.00 (potential 700,000.00) reaches its "
            "minimum score of 500,000.00.",
        )

    def test_manual_write_of_same_tier_logs_nothing(self):
        customer = self._customer("Unchanged")
        self._classify()
        customer.kam_tier_id = self.tier_small
        self.assertEqual(len(self._history(customer)), 1)
