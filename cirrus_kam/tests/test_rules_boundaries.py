# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The rules at their boundaries: values exactly at a threshold, ties that
really tie, and companies that differ in every setting. The pure rules are
called without a database."""

import math
import unittest

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from ..models import cirrus_kam_rules as rules
from ..models.cirrus_kam_rules import Customer, TierSpec
from .common import TODAY, KamCommon

KEY = TierSpec(1, "Key", "kam", 1000.0, 50.0)
ACCOUNT = TierSpec(2, "Account", "am", 100.0, 90.0)
SMALL = TierSpec(3, "Small", "am", 0.0, 100.0)
TIERS = [KEY, ACCOUNT, SMALL]
INDEX = {tier.id: position for position, tier in enumerate(TIERS)}
AMOUNT = {
    "kam_basis": "revenue",
    "kam_potential_weight": 0.5,
    "kam_lookback_months": 12,
    "kam_threshold_mode": "amount",
    "kam_hysteresis_percent": 25.0,
}


def classify(customer, settings=None):
    settings = settings or AMOUNT
    customer.score = rules.score(settings, customer)
    thresholds = rules.computed_tiers(settings, TIERS, [customer])
    tier, reason = rules.effective_tier(settings, TIERS, thresholds, customer, INDEX)
    return tier, reason, thresholds


class TestHysteresisBoundaries(unittest.TestCase):
    def test_raised_score_exactly_at_threshold_keeps_the_tier(self):
        # 800 raised by 25 % is exactly 1000, the Key threshold
        customer = Customer(id=1, revenue=800.0, tier_id=KEY.id)
        tier, reason, _thresholds = classify(customer)
        self.assertEqual(customer.new_computed, ACCOUNT)
        self.assertEqual((tier, reason), (KEY, "hysteresis"))

    def test_raised_score_just_below_threshold_drops(self):
        customer = Customer(id=1, revenue=799.99, tier_id=KEY.id)
        tier, reason, _thresholds = classify(customer)
        self.assertEqual((tier, reason), (ACCOUNT, "rules"))

    def test_moving_up_takes_the_rules_at_once(self):
        # exactly at the Key threshold, from Small and from Account
        for current in (SMALL, ACCOUNT):
            customer = Customer(id=1, revenue=1000.0, tier_id=current.id)
            tier, reason, _thresholds = classify(customer)
            self.assertEqual((tier, reason), (KEY, "rules"), current.name)

    def test_moving_up_one_step_below_threshold_stays(self):
        customer = Customer(id=1, revenue=999.99, tier_id=SMALL.id)
        tier, reason, _thresholds = classify(customer)
        self.assertEqual((tier, reason), (ACCOUNT, "rules"))

    def test_locked_tier_stays_whatever_the_score(self):
        customer = Customer(id=1, revenue=5.0, tier_id=KEY.id, locked=True)
        tier, reason, _thresholds = classify(customer)
        self.assertEqual((tier, reason), (KEY, "locked"))


class TestExplanationNamesTheRule(unittest.TestCase):
    def explain(self, customer, settings=None):
        settings = settings or AMOUNT
        tier, reason, thresholds = classify(customer, settings)
        customer.new_tier = tier
        return rules.explain(settings, TIERS, thresholds, customer, reason, INDEX)

    def test_each_rule_by_name_with_its_numbers(self):
        base = {
            "basis": "revenue",
            "weight": 0.5,
            "months": 12,
            "potential": None,
        }
        cases = [
            (
                Customer(id=1, revenue=1000.0),
                {"reason": "amount", "tier": 1, "computed": 1},
            ),
            (
                Customer(id=2, revenue=100.0),
                {"reason": "amount", "tier": 2, "computed": 2},
            ),
            (
                Customer(id=3, revenue=99.99),
                {"reason": "last", "tier": 3, "computed": 3},
            ),
            (
                Customer(id=4, revenue=800.0, tier_id=KEY.id),
                {
                    "reason": "hysteresis",
                    "tier": 1,
                    "computed": 2,
                    "h": 25.0,
                },
            ),
            (
                Customer(id=5, revenue=5.0, tier_id=ACCOUNT.id, locked=True),
                {"reason": "locked", "tier": 2, "computed": 3},
            ),
        ]
        for customer, expected in cases:
            data = self.explain(customer)
            self.assertEqual(
                data,
                {
                    **base,
                    **expected,
                    "score": customer.revenue,
                    "revenue": customer.revenue,
                },
                customer.id,
            )

    def test_share_rule(self):
        settings = dict(AMOUNT, kam_threshold_mode="share")
        big = Customer(id=1, revenue=600.0)
        small = Customer(id=2, revenue=400.0)
        for customer in (big, small):
            customer.score = rules.score(settings, customer)
        thresholds = rules.computed_tiers(settings, TIERS, [big, small])
        self.assertEqual(thresholds, [600.0, 400.0, -math.inf])
        self.assertEqual((big.new_computed, small.new_computed), (KEY, ACCOUNT))
        big.new_tier, reason = rules.effective_tier(
            settings, TIERS, thresholds, big, INDEX
        )
        data = rules.explain(settings, TIERS, thresholds, big, reason, INDEX)
        self.assertEqual((data["reason"], data["share"]), ("share", 50.0))
        self.assertNotIn("threshold", data)  # the tier's, stored once a run


class TestDeclineLimit(unittest.TestCase):
    def declining(self, revenue, previous, limit=25.0):
        customer = Customer(id=1, revenue=revenue, revenue_prev=previous)
        customer.new_computed = customer.new_tier = SMALL
        return rules.new_values(customer, 2, limit)[4]

    def test_a_fall_exactly_at_the_limit_is_not_declining(self):
        self.assertIs(self.declining(750.0, 1000.0), False)

    def test_a_fall_just_over_the_limit_is_declining(self):
        self.assertIs(self.declining(749.99, 1000.0), True)

    def test_no_previous_revenue_is_never_declining(self):
        self.assertIs(self.declining(0.0, 0.0), False)


@tagged("post_install", "-at_install")
class TestPickTies(KamCommon):
    def test_really_tied_utilization_goes_to_fewer_accounts(self):
        pick = self.env["cirrus.kam.assignment"]._pick
        # both at 4 of 10 with weight 1: utilization after is 50 % for both
        capacities = {5: 10, 7: 10}
        loads = {5: 4.0, 7: 4.0}
        counts = {5: 4, 7: 3}
        self.assertEqual(pick(capacities, loads, counts, 1.0), (7, False))
        counts = {5: 3, 7: 3}
        self.assertEqual(pick(capacities, loads, counts, 1.0), (5, False))

    def test_full_members_are_skipped_while_anyone_has_room(self):
        pick = self.env["cirrus.kam.assignment"]._pick
        # user 5 is full (10 of 10): taking one more gives 110 %, lower than
        # the 150 % user 7 reaches (1.5 of 1), but 7 still has room
        capacities = {5: 10, 7: 1}
        loads = {5: 10.0, 7: 0.5}
        counts = {5: 10, 7: 1}
        self.assertEqual(pick(capacities, loads, counts, 1.0), (7, True))
        # when nobody has room, the lowest utilization after taking it wins
        loads = {5: 10.0, 7: 1.0}
        self.assertEqual(pick(capacities, loads, counts, 1.0), (5, True))


@tagged("post_install", "-at_install")
class TestRevenueByCompanyAndLookback(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company()["company"]
        cls.company.kam_lookback_months = 12
        cls.company_b.write({"kam_lookback_months": 3, "kam_basis": "revenue"})
        cls.shared = cls._customer("Shared")
        cls._invoice(cls.shared, 1000.0)
        cls._invoice(cls.shared, 200.0, invoice_date=TODAY - relativedelta(months=6))
        cls._invoice(cls.shared, 70.0, company=cls.company_b)
        cls._invoice(
            cls.shared,
            30.0,
            invoice_date=TODAY - relativedelta(months=6),
            company=cls.company_b,
        )
        cls._invoice(
            cls.shared,
            9.0,
            invoice_date=TODAY - relativedelta(months=4),
            company=cls.company_b,
        )

    def test_each_company_its_own_moves_and_window(self):
        engine = self.env["cirrus.kam.engine"]
        revenues = engine._revenues(self.company | self.company_b, TODAY)
        self.assertEqual(set(revenues), {self.company.id, self.company_b.id})
        self.assertEqual(revenues[self.company.id][self.shared.id], (1200.0, 0.0))
        # B: 3 months back for now, the 3 months before for the previous window
        self.assertEqual(revenues[self.company_b.id][self.shared.id], (70.0, 39.0))

    def test_tier_thresholds_of_the_run_are_kept_and_explain(self):
        self.company.kam_threshold_mode = "share"
        big = self._customer("Big")
        self._invoice(big, 3000.0)
        self.env["cirrus.kam.engine"]._run(companies=self.company, today=TODAY)
        # 3000 and 1200 of 4200: Big makes the first 50 %, Shared the rest
        self.assertEqual(
            (self.tier_key.threshold, self.tier_account.threshold), (3000.0, 1200.0)
        )
        account = self.env["cirrus.kam.account"].search(
            [("partner_id", "=", big.id), ("company_id", "=", self.company.id)]
        )
        self.assertEqual(
            account.explanation,
            "Key Account: score 3,000.00 (revenue 3,000.00 over 12 months) ranks "
            "within the customers that make the first 50% of the total score.",
        )
        self.tier_key.threshold = 2500.0
        account.invalidate_recordset(["explanation"])
        self.assertEqual(account.explanation_data["reason"], "share")

    def test_one_company_aggregate_holds_only_that_company(self):
        engine = self.env["cirrus.kam.engine"]
        result = engine._revenue_by_company(self.company_b, 12, TODAY)
        self.assertEqual(set(result), {self.company_b.id})
        self.assertEqual(result[self.company_b.id][self.shared.id], (109.0, 0.0))

    def test_accounts_of_each_company_hold_their_own_figures(self):
        self.env["cirrus.kam.engine"]._run(
            companies=self.company | self.company_b, today=TODAY
        )
        accounts = self.env["cirrus.kam.account"].search(
            [("partner_id", "=", self.shared.id)], order="company_id"
        )
        self.assertEqual(
            [(a.company_id, a.revenue, a.revenue_prev) for a in accounts],
            [(self.company, 1200.0, 0.0), (self.company_b, 70.0, 39.0)],
        )
        self.assertEqual(self.shared.with_company(self.company_b).kam_revenue_12m, 70.0)
