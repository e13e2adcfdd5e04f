# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .common import TODAY, KamCommon


@tagged("post_install", "-at_install")
class TestClassification(KamCommon):
    """Scores, bases, amount and share thresholds, who is classified."""

    # ------------------------------------------------------------------
    # Bases
    # ------------------------------------------------------------------
    def test_revenue_basis_ignores_potential(self):
        self._amount_mode(kam_basis="revenue")
        customer = self._customer("Revenue Basis", kam_potential=600000.0)
        self._invoice(customer, 60000.0)
        self._classify()
        self.assertEqual(customer.kam_score, 60000.0)
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_potential_basis_uses_assessed_potential(self):
        self._amount_mode(kam_basis="potential")
        customer = self._customer("Potential Basis", kam_potential=600000.0)
        self._invoice(customer, 60000.0)
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 60000.0)
        self.assertEqual(customer.kam_score, 600000.0)
        self.assertEqual(customer.kam_tier_id, self.tier_key)

    def test_potential_basis_uses_revenue_when_not_assessed(self):
        self._amount_mode(kam_basis="potential")
        customer = self._customer("Never Assessed")
        self._invoice(customer, 60000.0)
        self._classify()
        self.assertFalse(customer.kam_potential_date)
        self.assertEqual(customer.kam_score, 60000.0)
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_potential_basis_assessed_zero_gives_zero(self):
        self._amount_mode(kam_basis="potential")
        customer = self._customer("Assessed Zero")
        self._invoice(customer, 60000.0)
        customer.kam_potential = 0.0
        self.assertTrue(customer.kam_potential_date)
        self._classify()
        self.assertEqual(customer.kam_score, 0.0)
        self.assertEqual(customer.kam_tier_id, self.tier_small)

    def test_combined_basis_weights_revenue_and_potential(self):
        self._amount_mode(kam_basis="combined", kam_potential_weight=0.25)
        customer = self._customer("Combined", kam_potential=100000.0)
        self._invoice(customer, 40000.0)
        self._classify()
        # 0.75 * 40,000 + 0.25 * 100,000
        self.assertEqual(customer.kam_score, 55000.0)
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    def test_combined_basis_without_potential_is_revenue(self):
        self._amount_mode(kam_basis="combined", kam_potential_weight=0.25)
        customer = self._customer("Combined Unassessed")
        self._invoice(customer, 40000.0)
        self._classify()
        self.assertEqual(customer.kam_score, 40000.0)

    def test_combined_basis_with_assessed_zero_potential(self):
        self._amount_mode(kam_basis="combined", kam_potential_weight=0.25)
        customer = self._customer("Combined Zero", kam_potential=0.0)
        self._invoice(customer, 40000.0)
        self._classify()
        self.assertEqual(customer.kam_score, 30000.0)

    # ------------------------------------------------------------------
    # Amount mode
    # ------------------------------------------------------------------
    def test_amount_mode_first_tier_reached(self):
        self._amount_mode()
        key = self._customer("Exactly Key")
        account = self._customer("Exactly Account")
        below = self._customer("Just Below Account")
        self._invoice(key, 500000.0)
        self._invoice(account, 50000.0)
        self._invoice(below, 49999.99)
        self._classify()
        self.assertEqual(key.kam_tier_id, self.tier_key)
        self.assertEqual(account.kam_tier_id, self.tier_account)
        self.assertEqual(below.kam_tier_id, self.tier_small)
        self.assertEqual(key.kam_computed_tier_id, self.tier_key)

    def test_amount_mode_score_below_every_tier_gets_last_tier(self):
        self._amount_mode()
        self.tier_small.min_score = 10.0
        negative = self._customer("Net Credit")
        self._invoice(negative, 100.0, move_type="out_refund")
        no_sales = self._customer("No Sales")
        self._classify()
        self.assertEqual(negative.kam_score, -100.0)
        self.assertEqual(negative.kam_tier_id, self.tier_small)
        self.assertEqual(
            negative.kam_tier_explanation,
            "Small Account: score -100.00 (revenue -100.00 over 12 months) is "
            "below the thresholds of the higher tiers.",
        )
        self.assertEqual(no_sales.kam_tier_id, self.tier_small)

    def test_amount_mode_follows_tier_sequence(self):
        self._amount_mode()
        # the Account tier moves before the Key Account tier
        self.tier_account.write({"sequence": 5, "cumulative_share": 40.0})
        customer = self._customer("Sequence")
        self._invoice(customer, 600000.0)
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_account)

    # ------------------------------------------------------------------
    # Share mode
    # ------------------------------------------------------------------
    def test_share_mode_ranks_by_cumulative_share(self):
        self._share_mode()
        first = self._customer("Sixty Percent")
        second = self._customer("Thirty Percent")
        third = self._customer("Ten Percent")
        self._invoice(first, 600.0)
        self._invoice(second, 300.0)
        self._invoice(third, 100.0)
        self._classify()
        # share before: 0 % < 50, 60 % < 90, 90 % is not below 90
        self.assertEqual(first.kam_tier_id, self.tier_key)
        self.assertEqual(second.kam_tier_id, self.tier_account)
        self.assertEqual(third.kam_tier_id, self.tier_small)

    def test_share_mode_ties_ranked_by_partner_id(self):
        self._share_mode()
        older = self._customer("Zeta Older")
        newer = self._customer("Alpha Newer")
        self.assertLess(older.id, newer.id)
        self._invoice(newer, 500.0)
        self._invoice(older, 500.0)
        self._classify()
        self.assertEqual(older.kam_tier_id, self.tier_key)
        self.assertEqual(newer.kam_tier_id, self.tier_account)

    def test_share_mode_zero_total_gives_last_tier(self):
        self._share_mode()
        silent = self._customer("Silent")
        refunded = self._customer("Only Refunds")
        self._invoice(refunded, 80.0, move_type="out_refund")
        self._classify()
        self.assertEqual(silent.kam_tier_id, self.tier_small)
        self.assertEqual(refunded.kam_score, -80.0)
        self.assertEqual(refunded.kam_tier_id, self.tier_small)

    def test_share_mode_negative_scores_not_in_total(self):
        self._share_mode()
        big = self._customer("Big")
        small = self._customer("Smaller")
        negative = self._customer("Negative")
        self._invoice(big, 300.0)
        self._invoice(small, 100.0)
        self._invoice(negative, 200.0, move_type="out_refund")
        self._classify()
        # total 400, not 200: Smaller starts at 75 %, within 90 %
        self.assertEqual(big.kam_tier_id, self.tier_key)
        self.assertEqual(small.kam_tier_id, self.tier_account)
        self.assertEqual(negative.kam_tier_id, self.tier_small)

    # ------------------------------------------------------------------
    # Who is classified
    # ------------------------------------------------------------------
    def test_non_customers_get_no_tier(self):
        prospect = self.env["res.partner"].create({"name": "Prospect"})
        foreign = self._customer("Other Company Customer")
        other = self.env["res.company"].create({"name": "KAM Other Company"})
        foreign.company_id = other
        own = self._customer("Own Company Customer", company_id=self.company.id)
        self._classify()
        self.assertEqual(own.kam_tier_id, self.tier_small)
        self.assertEqual(prospect.customer_rank, 0)
        self.assertFalse(prospect.kam_tier_id)
        self.assertFalse(foreign.sudo().with_company(self.company).kam_tier_id)

    def test_assessed_potential_makes_a_customer(self):
        prospect = self.env["res.partner"].create(
            {"name": "Assessed Prospect", "kam_potential": 1000.0}
        )
        self._classify()
        self.assertEqual(prospect.customer_rank, 0)
        self.assertEqual(prospect.kam_tier_id, self.tier_small)

    def test_revenue_in_previous_window_makes_a_customer(self):
        former = self._customer("Former")
        self._invoice(former, 100.0, invoice_date=TODAY - relativedelta(months=18))
        former.customer_rank = 0
        self._classify()
        self.assertEqual(former.kam_revenue_prev_12m, 100.0)
        self.assertEqual(former.kam_tier_id, self.tier_small)

    def test_no_longer_a_customer_loses_its_tier(self):
        customer = self._customer("Lapsed")
        self._classify()
        self.assertEqual(customer.kam_tier_id, self.tier_small)
        customer.customer_rank = 0
        self._classify()
        self.assertFalse(customer.kam_tier_id)
        change = self._history(customer)[-1]
        self.assertEqual(change.old_tier_id, self.tier_small)
        self.assertFalse(change.new_tier_id)

    # ------------------------------------------------------------------
    # Potential assessment and explanation
    # ------------------------------------------------------------------
    def test_writing_potential_sets_assessment_date(self):
        customer = self._customer("Assess Me")
        self.assertFalse(customer.kam_potential_date)
        customer.kam_potential = 5000.0
        self.assertEqual(customer.kam_potential_date, self._real_today())

    def test_writing_potential_keeps_given_date(self):
        customer = self._customer("Assessed Earlier")
        customer.write({"kam_potential": 5000.0, "kam_potential_date": TODAY})
        self.assertEqual(customer.kam_potential_date, TODAY)

    def test_contact_shows_commercial_partner_potential_and_lock(self):
        parent = self._customer("Holding")
        contact = self.env["res.partner"].create(
            {"name": "Purchaser", "parent_id": parent.id}
        )
        parent.write(
            {
                "kam_potential": 8000.0,
                "kam_tier_id": self.tier_account.id,
                "kam_lock_reason": "Framework deal",
            }
        )
        self.assertEqual(contact.kam_potential, 8000.0)
        self.assertEqual(contact.kam_potential_date, parent.kam_potential_date)
        self.assertEqual(contact.kam_tier_id, self.tier_account)
        self.assertTrue(contact.kam_tier_locked)
        self.assertEqual(contact.kam_lock_reason, "Framework deal")

    def test_explanation_mentions_tier_and_score(self):
        self._amount_mode()
        customer = self._customer("Explained")
        self._invoice(customer, 60000.0)
        self._classify()
        self.assertEqual(
            customer.kam_tier_explanation,
            "Account: score 60,000.00 (revenue 60,000.00 over 12 months) reaches "
            "its minimum score of 50,000.00.",
        )

    def test_explanation_in_share_mode(self):
        self._share_mode()
        customer = self._customer("Explained Share")
        self._invoice(customer, 1234.5)
        self._classify()
        self.assertEqual(
            customer.kam_tier_explanation,
            "Key Account: score 1,234.50 (revenue 1,234.50 over 12 months) ranks "
            "within the customers that make the first 50% of the total score.",
        )
