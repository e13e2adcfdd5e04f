# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import math

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import BaseCase, tagged

from ..models import cirrus_kam_rules as rules
from ..models.cirrus_kam_rules import TierSpec
from .account_common import AccountCommon
from .common import TODAY

ADMIN = "base.group_user,base.group_partner_manager,cirrus_kam.group_kam_manager"
USER = "base.group_user,cirrus_kam.group_kam_user"


class PotentialCommon(AccountCommon):
    """Two account managers, each owning one customer invoiced 100,000;
    thresholds by amount (Key Account from 500,000, Account from 50,000),
    score half revenue, half potential, classified on TODAY."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._settings(kam_basis="combined", kam_potential_weight=0.5)
        cls.am1 = cls._user("kampot_am1", USER, name="Pot Manager One")
        cls.am2 = cls._user("kampot_am2", USER, name="Pot Manager Two")
        cls.admin = cls._user("kampot_admin", ADMIN, name="Pot Admin")
        cls.mine = cls._customer("Potential Mine", user_id=cls.am1.id)
        cls.other = cls._customer("Potential Other", user_id=cls.am2.id)
        for partner in cls.mine | cls.other:
            cls._invoice(partner, 100000.0)
        cls.env["cirrus.kam.engine"]._run(companies=cls.company, today=TODAY)
        cls.account = cls._account(cls.mine)
        cls.other_account = cls._account(cls.other)


@tagged("post_install", "-at_install")
class TestPotentialReclassifies(PotentialCommon):
    def test_classified_before(self):
        self.assertEqual(self.account.tier_id, self.tier_account)
        self.assertEqual(self.account.score, 100000.0)
        self.assertFalse(self.account.wallet_share)

    def _assert_key_account(self, account, user):
        self.env.invalidate_all()
        self.assertEqual(account.revenue, 100000.0)
        self.assertEqual(account.revenue_prev, 0.0)
        self.assertEqual(account.potential, 1000000.0)
        self.assertEqual(account.wallet_share, 10.0)
        self.assertEqual(account.score, 550000.0)
        self.assertEqual(account.computed_tier_id, self.tier_key)
        self.assertEqual(account.tier_id, self.tier_key)
        self.assertFalse(account.tier_locked)
        self.assertEqual(account.classified_date, self._real_today())
        sentence = (
            "Key Account: score 550,000.00 (50% of revenue 100,000.00 over 12 "
            "months and 50% of potential 1,000,000.00) reaches its minimum "
            "score of 500,000.00."
        )
        self.assertEqual(account.with_context(lang="en_US").explanation, sentence)
        history = self._history(account.partner_id)
        self.assertEqual(len(history), 2)  # the run's, then the save's
        self.assertRecordValues(
            history[-1],
            [
                {
                    "old_tier_id": self.tier_account.id,
                    "new_tier_id": self.tier_key.id,
                    "source": "manual",
                    "user_id": user.id,
                    "score": 550000.0,
                    "revenue": 100000.0,
                    "potential": 1000000.0,
                    "potential_assessed": True,
                    "explanation": sentence,
                    "old_user_id": False,
                    "new_user_id": False,
                }
            ],
        )
        # the owner stays: an owner's save never hands the account on
        self.assertEqual(account.user_id, self.am1)
        self.assertFalse(account.activity_ids)

    def test_owner_saves_on_the_account(self):
        self.account.with_user(self.am1).write({"potential": 1000000.0})
        self._assert_key_account(self.account, self.am1)

    def test_owner_saves_on_the_partner_tab(self):
        self.mine.with_user(self.am1).write({"kam_potential": 1000000.0})
        self._assert_key_account(self.account, self.am1)
        self.env.invalidate_all()
        partner = self.mine.with_user(self.am1)
        self.assertEqual(partner.kam_wallet_share, 10.0)
        self.assertEqual(partner.kam_score, 550000.0)
        self.assertEqual(partner.kam_tier_id, self.tier_key)

    def test_owners_stay_with_automatic_assignment(self):
        self.company.kam_assignment = "auto"
        kam = self._user("kampot_kam", USER, name="Pot Key Manager")
        self._team("Pot Key Accounts", "kam", self.company, {kam: 5})
        self.account.with_user(self.am1).write({"potential": 1000000.0})
        self._assert_key_account(self.account, self.am1)

    def test_same_tier_updates_figures_without_history(self):
        self.account.with_user(self.am1).write({"potential": 200000.0})
        self.env.invalidate_all()
        self.assertEqual(self.account.wallet_share, 50.0)
        self.assertEqual(self.account.score, 150000.0)
        self.assertEqual(self.account.tier_id, self.tier_account)
        self.assertEqual(self.account.classified_date, TODAY)
        self.assertEqual(
            self.account.with_context(lang="en_US").explanation,
            "Account: score 150,000.00 (50% of revenue 100,000.00 over 12 "
            "months and 50% of potential 200,000.00) reaches its minimum score "
            "of 50,000.00.",
        )
        self.assertEqual(len(self._history(self.mine)), 1)
        # the other customer is left alone
        self.assertEqual(self.other_account.score, 100000.0)
        self.assertEqual(self.other_account.classified_date, TODAY)

    def test_locked_tier_stays(self):
        self.account.write({"tier_locked": True, "lock_reason": "Agreed"})
        self.account.with_user(self.am1).write({"potential": 1000000.0})
        self.env.invalidate_all()
        self.assertEqual(self.account.score, 550000.0)
        self.assertEqual(self.account.computed_tier_id, self.tier_key)
        self.assertEqual(self.account.tier_id, self.tier_account)
        self.assertEqual(len(self._history(self.mine)), 1)

    def test_not_yours_is_refused_and_nothing_changes(self):
        with self.assertRaises(AccessError):
            self.other_account.with_user(self.am1).write({"potential": 1.0})
        self.assertEqual(self.other_account.score, 100000.0)


@tagged("post_install", "-at_install")
class TestPotentialShareThresholds(AccountCommon):
    """Share thresholds: a saved potential is placed against the thresholds
    the last run stored, without ranking the others again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._share_mode(kam_basis="potential")
        cls.am = cls._user("kampot_share_am", USER)
        cls.big, cls.mid, cls.small = (
            cls._customer(name, user_id=cls.am.id)
            for name in ("Share Big", "Share Mid", "Share Small")
        )
        for partner, amount in ((cls.big, 600000.0), (cls.mid, 300000.0)):
            cls._invoice(partner, amount)
        cls._invoice(cls.small, 100000.0)
        cls.env["cirrus.kam.engine"]._run(companies=cls.company, today=TODAY)

    def test_placed_against_stored_thresholds(self):
        self.assertEqual(self.tiers.mapped("threshold"), [600000.0, 300000.0, 0.0])
        account = self._account(self.small)
        self.assertEqual(account.tier_id, self.tier_small)
        account.with_user(self.am).write({"potential": 400000.0})
        self.env.invalidate_all()
        self.assertEqual(account.score, 400000.0)
        self.assertEqual(account.wallet_share, 25.0)
        self.assertEqual(account.tier_id, self.tier_account)
        self.assertEqual(
            account.with_context(lang="en_US").explanation,
            "Account: score 400,000.00 (potential 400,000.00) ranks within the "
            "customers that make the first 90% of the total score.",
        )
        self.assertEqual(self.tiers.mapped("threshold"), [600000.0, 300000.0, 0.0])
        self.assertEqual(self._account(self.big).tier_id, self.tier_key)
        self.assertEqual(self._account(self.mid).tier_id, self.tier_account)


@tagged("post_install", "-at_install")
class TestFixedThresholds(BaseCase):
    def test_fixed_thresholds(self):
        tiers = [
            TierSpec(1, "Key", "kam", 500.0, 50.0),
            TierSpec(2, "Account", "am", 50.0, 90.0),
            TierSpec(3, "Small", "am", 0.0, 100.0),
        ]
        share = {"kam_threshold_mode": "share"}
        amount = {"kam_threshold_mode": "amount"}
        self.assertEqual(
            rules.fixed_thresholds(share, tiers, [0.0, 300.0, 0.0]),
            [math.inf, 300.0, -math.inf],
        )
        self.assertEqual(
            rules.fixed_thresholds(amount, tiers, [9.0, 9.0, 9.0]),
            [500.0, 50.0, -math.inf],
        )


@tagged("post_install", "-at_install")
class TestPotentialReadOnly(PotentialCommon):
    def test_account_flag_per_user(self):
        for user, mine, other in (
            (self.am1, True, False),
            (self.am2, False, True),
            (self.admin, True, True),
        ):
            with self.subTest(user=user.login):
                accounts = (self.account | self.other_account).with_user(user)
                self.assertEqual(accounts.mapped("can_edit_potential"), [mine, other])

    def test_partner_flag_per_user(self):
        contact = self.env["res.partner"].create(
            {"name": "Pot Contact", "parent_id": self.mine.id}
        )
        for user, mine, other in (
            (self.am1, True, False),
            (self.am2, False, True),
            (self.admin, True, True),
        ):
            with self.subTest(user=user.login):
                partners = (self.mine | self.other | contact).with_user(user)
                self.assertEqual(
                    partners.mapped("kam_can_edit_potential"), [mine, other, False]
                )

    def test_new_customer_follows_its_salesperson(self):
        fresh = self._customer("Pot Fresh", user_id=self.am1.id)
        self.assertTrue(fresh.with_user(self.am1).kam_can_edit_potential)
        self.assertFalse(fresh.with_user(self.am2).kam_can_edit_potential)


@tagged("post_install", "-at_install")
class TestTierMove(PotentialCommon):
    """Dragging a card to another tier in the kanban: a lock reason, and
    the owner the assignment proposes for that tier."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.kam1 = cls._user("kampot_kam1", USER, name="Pot Kam One")
        cls.kam2 = cls._user("kampot_kam2", USER, name="Pot Kam Two")
        cls._team("Pot Key", "kam", cls.company, {cls.kam1: 2, cls.kam2: 2})
        cls._team("Pot Accounts", "am", cls.company, {cls.am1: 5, cls.am2: 5})
        # kam1 already owns a key account
        cls.other_account.write(
            {"tier_id": cls.tier_key.id, "user_id": cls.kam1.id, "lock_reason": "x"}
        )

    def test_proposal_names_the_new_owner(self):
        proposal = self.account.with_user(self.admin).kam_tier_move_proposal(
            self.tier_key.id
        )
        self.assertEqual(
            proposal,
            {
                "tier": "Key Account",
                "owner": "Pot Kam Two",
                "current_owner": "Pot Manager One",
                "owner_changes": True,
                "overloaded": False,
            },
        )

    def test_proposal_keeps_an_owner_of_the_right_role(self):
        proposal = self.account.with_user(self.admin).kam_tier_move_proposal(
            self.tier_small.id
        )
        self.assertEqual(proposal["owner"], "Pot Manager One")
        self.assertFalse(proposal["owner_changes"])

    def test_reason_is_required(self):
        for reason in ("", "   ", False):
            with self.subTest(reason=reason), self.assertRaises(ValidationError):
                self.account.with_user(self.admin).action_kam_move_tier(
                    self.tier_key.id, reason
                )
        self.assertEqual(self.account.tier_id, self.tier_account)

    def test_bad_tier_ids_are_refused(self):
        other = self.env["res.company"].create({"name": "Pot Other Company"})
        foreign = self.env["cirrus.kam.tier"]._company_tiers(other)[0]
        account = self.account.with_user(self.admin)
        for tier_id in ("1", None, True, 1.5, [self.tier_key.id], 10**9, foreign.id):
            with self.subTest(tier_id=tier_id):
                with self.assertRaises(ValidationError):
                    account.kam_tier_move_proposal(tier_id)
                with self.assertRaises(ValidationError):
                    account.action_kam_move_tier(tier_id, "Strategic")
        self.assertEqual(self.account.tier_id, self.tier_account)
        self.assertFalse(self.account.tier_locked)

    def test_only_administrators(self):
        account = self.account.with_user(self.am1)
        with self.assertRaises(AccessError):
            account.kam_tier_move_proposal(self.tier_key.id)
        with self.assertRaises(AccessError):
            account.action_kam_move_tier(self.tier_key.id, "Mine")

    def test_move_locks_with_reason_and_new_owner(self):
        self.account.with_user(self.admin).action_kam_move_tier(
            self.tier_key.id, " Strategic partner "
        )
        self.assertRecordValues(
            self.account,
            [
                {
                    "tier_id": self.tier_key.id,
                    "tier_locked": True,
                    "lock_reason": "Strategic partner",
                    "user_id": self.kam2.id,
                }
            ],
        )
        history = self._history(self.mine)[-2:]
        self.assertRecordValues(
            history,
            [
                {
                    "old_tier_id": self.tier_account.id,
                    "new_tier_id": self.tier_key.id,
                    "source": "manual",
                    "explanation": "Set by hand by Pot Admin: Strategic partner",
                    "old_user_id": False,
                    "new_user_id": False,
                },
                {
                    "old_tier_id": self.tier_key.id,
                    "new_tier_id": self.tier_key.id,
                    "source": "manual",
                    "explanation": "Owner set by hand by Pot Admin.",
                    "old_user_id": self.am1.id,
                    "new_user_id": self.kam2.id,
                },
            ],
        )


@tagged("post_install", "-at_install")
class TestLanding(PotentialCommon):
    def test_landing_action_per_group(self):
        landing = self.env.ref("cirrus_kam.cirrus_kam_account_action_landing")
        root = self.env.ref("cirrus_kam.menu_kam_root")
        self.assertEqual(root.action, landing)
        for user, xmlid in (
            (self.admin, "cirrus_kam.cirrus_kam_account_action_all"),
            (self.am1, "cirrus_kam.cirrus_kam_account_action_portfolio"),
        ):
            with self.subTest(user=user.login):
                action = landing.with_user(user).run()
                self.assertEqual(action["id"], self.env.ref(xmlid).id)
                self.assertEqual(action["res_model"], "cirrus.kam.account")


@tagged("post_install", "-at_install")
class TestWindowLabels(AccountCommon):
    """The window is a setting: labels say Revenue and Previous Window, the
    help gives the current company's length."""

    def test_labels_and_help(self):
        self.company.kam_lookback_months = 18
        account = self.env["cirrus.kam.account"].with_context(lang="en_US")
        fields = account.fields_get(["revenue", "revenue_prev"], ["string", "help"])
        self.assertEqual(fields["revenue"]["string"], "Revenue")
        self.assertEqual(fields["revenue_prev"]["string"], "Previous Window")
        self.assertEqual(
            fields["revenue"]["help"],
            "Net invoiced revenue over the last 18 months (the company's revenue "
            "window, a setting from 1 to 60 months), in company currency (credit "
            "notes subtract).",
        )
        self.assertEqual(
            fields["revenue_prev"]["help"],
            "Net invoiced revenue over the 18 months just before the revenue window.",
        )
        partner = self.env["res.partner"].with_context(lang="en_US")
        fields = partner.fields_get(
            ["kam_revenue_12m", "kam_revenue_prev_12m"], ["string", "help"]
        )
        self.assertEqual(fields["kam_revenue_12m"]["string"], "Revenue")
        self.assertEqual(fields["kam_revenue_prev_12m"]["string"], "Previous Window")
        self.assertIn("last 18 months", fields["kam_revenue_12m"]["help"])
        self.assertIn("the 18 months just", fields["kam_revenue_prev_12m"]["help"])
