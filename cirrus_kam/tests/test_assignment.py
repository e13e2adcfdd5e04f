# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command
from odoo.tests import new_test_user, tagged

from .common import TODAY, KamCommon


class AssignmentCommon(KamCommon):
    """Tiers by amount on the potential (Key Account from 1000, Account from
    100), a Key Account team and an Account Management team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"kam_basis": "potential", "kam_threshold_mode": "amount"})
        cls.tier_key.min_score = 1000.0
        cls.tier_account.min_score = 100.0
        cls.tier_small.min_score = 0.0
        cls.kam1, cls.kam2, cls.am1, cls.am2, cls.outsider = (
            new_test_user(
                cls.env,
                login=login,
                groups="sales_team.group_sale_salesman",
                company_id=cls.company.id,
                company_ids=[Command.set(cls.company.ids)],
            )
            for login in ("t_kam1", "t_kam2", "t_am1", "t_am2", "t_outsider")
        )
        cls.kam_team = cls.env["crm.team"].create(
            {
                "name": "KAM Team",
                "kam_role": "kam",
                "company_id": cls.company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.kam1.id, "kam_capacity": 2}),
                    Command.create({"user_id": cls.kam2.id, "kam_capacity": 2}),
                ],
            }
        )
        cls.am_team = cls.env["crm.team"].create(
            {
                "name": "AM Team",
                "kam_role": "am",
                "company_id": cls.company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.am1.id, "kam_capacity": 3}),
                    Command.create({"user_id": cls.am2.id, "kam_capacity": 3}),
                ],
            }
        )

    @classmethod
    def _account(cls, name, potential, owner=None, **values):
        partner = cls._customer(name, user_id=owner and owner.id, **values)
        partner.kam_potential = potential
        return partner

    def _preview(self, mode="classify"):
        wizard = self.env["cirrus.kam.classify.wizard"].create({"mode": mode})
        wizard.action_preview()
        return wizard

    def _line(self, wizard, partner):
        return wizard.line_ids.filtered(lambda line: line.partner_id == partner)


@tagged("post_install", "-at_install")
class TestTeams(AssignmentCommon):
    def test_default_capacity_by_role_and_member_override(self):
        team = self.env["crm.team"].create({"name": "New KAM", "kam_role": "kam"})
        self.assertEqual(team.kam_default_capacity, 5)
        team = self.env["crm.team"].create({"name": "New AM", "kam_role": "am"})
        self.assertEqual(team.kam_default_capacity, 15)
        team = self.env["crm.team"].create(
            {
                "name": "Set",
                "kam_role": "am",
                "kam_default_capacity": 20,
                "crm_team_member_ids": [Command.create({"user_id": self.outsider.id})],
            }
        )
        member = team.crm_team_member_ids
        self.assertEqual(member.kam_effective_capacity, 20)
        member.kam_capacity = 7
        self.assertEqual(member.kam_effective_capacity, 7)

    def test_workload_report_rows_per_owner(self):
        self.tier_account.workload_weight = 0.5
        self._account("K", 5000.0, self.kam1)
        self._account("A1", 500.0, self.kam1)
        self._account("A2", 300.0, self.kam1)
        self._account("A3", 200.0, self.am1)
        self._classify()
        report = self.env["cirrus.kam.workload.report"]
        row = report.search(
            [("user_id", "=", self.kam1.id), ("company_id", "=", self.company.id)]
        )
        # one row per owner, whatever their tiers; XML-RPC integrations can
        # only carry 32-bit ids
        self.assertEqual(len(row), 1)
        self.assertTrue(0 < row.id < 2**31)
        self.assertEqual(row.account_count, 3)
        self.assertEqual(row.potential, 5800.0)
        self.assertEqual(row.headroom, 5800.0)
        # the owner's load is 1 + 2 x 0.5 = 2 of a capacity of 2: full, not over
        self.assertEqual((row.load, row.capacity), (2.0, 2))
        self.assertEqual(row.utilization, 100.0)
        self.assertFalse(row.over_capacity)
        self._account("A4", 150.0, self.kam1)
        self._classify()
        row.invalidate_recordset()
        row = report.search([("user_id", "=", self.kam1.id)])
        self.assertTrue(row.over_capacity)
        accounts = self.env["cirrus.kam.account"]
        over = accounts.search([("owner_over_capacity", "=", True)])
        self.assertEqual(over.user_id, self.kam1)
        self.assertEqual(
            sorted(over.partner_id.mapped("name")), ["A1", "A2", "A4", "K"]
        )
        under = accounts.search([("owner_over_capacity", "=", False)])
        self.assertEqual(under.partner_id.mapped("name"), ["A3"])
        self.assertEqual(under.user_id, self.am1)
        self.assertEqual(over.mapped("owner_over_capacity"), [True] * 4)
        self.assertFalse(under.owner_over_capacity)


@tagged("post_install", "-at_install")
class TestAssignment(AssignmentCommon):
    def test_key_account_without_kam_gets_the_least_used_kam(self):
        self._account("Held", 4000.0, self.kam1)
        grown = self._account("Grown", 3000.0, self.am1)
        self._classify()
        self.assertEqual(grown.user_id, self.am1, "suggest mode applies nothing")
        self.assertEqual(self._kam_account(grown).user_id, self.am1)
        line = self._line(self._preview(), grown)
        self.assertEqual(line.current_user_id, self.am1)
        self.assertEqual(line.proposed_user_id, self.kam2)
        self.assertFalse(line.overloaded)

    def test_matching_owner_is_kept(self):
        partner = self._account("Fine", 4000.0, self.kam2)
        wizard = self._preview()
        self.assertFalse(self._line(wizard, partner).proposed_user_id)

    def test_owner_in_no_team_of_the_role_is_replaced(self):
        partner = self._account("Outsider's", 50.0, self.outsider)
        line = self._line(self._preview(), partner)
        self.assertIn(line.proposed_user_id, self.am1 | self.am2)
        self.assertIn(self.outsider.name, line.reason)

    def test_tie_in_utilization_goes_to_fewer_accounts(self):
        self.tier_account.workload_weight = 0.0
        self.tier_small.workload_weight = 0.0
        self._account("Weightless", 500.0, self.am1)
        newcomer = self._account("Newcomer", 50.0)
        # both at 0 % utilization; am2 owns fewer accounts
        self.assertEqual(
            self._line(self._preview(), newcomer).proposed_user_id, self.am2
        )

    def test_full_tie_goes_to_the_lower_user_id(self):
        newcomer = self._account("Newcomer", 50.0)
        lower = min(self.am1, self.am2, key=lambda user: user.id)
        self.assertEqual(self._line(self._preview(), newcomer).proposed_user_id, lower)

    def test_full_members_are_skipped_while_anyone_has_room(self):
        for index in range(3):
            self._account(f"AM1 {index}", 50.0, self.am1)
        newcomer = self._account("Newcomer", 50.0)
        self.assertEqual(
            self._line(self._preview(), newcomer).proposed_user_id, self.am2
        )

    def test_everyone_full_still_picks_the_lowest_and_flags_it(self):
        for index in range(3):
            self._account(f"AM1 {index}", 50.0, self.am1)
            self._account(f"AM2 {index}", 50.0, self.am2)
        newcomer = self._account("Overflow", 50.0)
        line = self._line(self._preview(), newcomer)
        self.assertEqual(
            line.proposed_user_id, min(self.am1, self.am2, key=lambda u: u.id)
        )
        self.assertTrue(line.overloaded)

    def test_apply_applies_only_ticked_proposals_with_history(self):
        ticked = self._account("Ticked", 3000.0)
        unticked = self._account("Unticked", 2500.0)
        wizard = self._preview()
        self._line(wizard, unticked).selected = False
        wizard.action_apply()
        # the account changes owner; the Salesperson follows it
        self.assertIn(self._kam_account(ticked).user_id, self.kam1 | self.kam2)
        self.assertEqual(ticked.user_id, self._kam_account(ticked).user_id)
        self.assertFalse(self._kam_account(unticked).user_id)
        self.assertFalse(unticked.user_id)
        owner_rows = self._history(ticked).filtered("new_user_id")
        self.assertEqual(len(owner_rows), 1)
        self.assertFalse(owner_rows.old_user_id)
        self.assertEqual(owner_rows.new_user_id, ticked.user_id)
        self.assertEqual(owner_rows.source, "wizard")

    def test_new_owner_is_notified(self):
        partner = self._account("Notified", 3000.0, self.am1)
        self._preview().action_apply()
        # the To-Do and the note are on the key account, not the customer
        account = partner.kam_account_id
        owner = account.user_id
        self.assertIn(owner, self.kam1 | self.kam2)
        self.assertEqual(partner.user_id, owner)
        activity = account.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.res_model, "cirrus.kam.account")
        self.assertEqual(activity.user_id, owner)
        self.assertEqual(activity.summary, "Take over key account Notified")
        reason = (
            f"Key Account (score 3,000.00) needs a Key Account Manager; "
            f"{self.am1.name} is in no team of that role."
        )
        self.assertEqual(str(activity.note), f"<p>{reason}</p>")
        self.assertEqual(
            str(account.message_ids[0].body),
            f"<p>New owner: {owner.name}. {reason}</p>",
        )
        self.assertFalse(partner.activity_ids)

    def test_no_notification_when_off(self):
        self.company.kam_notify = False
        partner = self._account("Quiet", 3000.0, self.am1)
        self._preview().action_apply()
        self.assertIn(partner.user_id, self.kam1 | self.kam2)
        account = partner.kam_account_id
        self.assertEqual(account.user_id, partner.user_id)
        self.assertFalse(account.activity_ids)
        self.assertFalse(
            account.message_ids.filtered(lambda m: "New owner" in str(m.body))
        )

    def test_auto_mode_applies_on_the_nightly_run(self):
        self.company.kam_assignment = "auto"
        partner = self._account("Auto", 3000.0, self.am1)
        self._classify()
        self.assertIn(self._kam_account(partner).user_id, self.kam1 | self.kam2)
        self.assertEqual(partner.user_id, self._kam_account(partner).user_id)
        self.assertEqual(self._history(partner).filtered("new_user_id").source, "cron")

    def test_off_mode_proposes_nothing(self):
        self.company.kam_assignment = "off"
        partner = self._account("Off", 3000.0, self.am1)
        wizard = self._preview()
        self.assertFalse(self._line(wizard, partner).proposed_user_id)
        wizard.action_apply()
        self.assertEqual(self._kam_account(partner).user_id, self.am1)
        self.assertEqual(partner.user_id, self.am1)

    def test_locked_tier_or_owner_is_never_reassigned(self):
        self.company.kam_assignment = "auto"
        locked_owner = self._account("Owner Locked", 3000.0, self.am1)
        locked_owner.kam_owner_locked = True
        locked_tier = self._account("Tier Locked", 3000.0, self.am2)
        locked_tier.kam_tier_id = self.tier_key
        self._classify()
        self.assertEqual(self._kam_account(locked_owner).user_id, self.am1)
        self.assertEqual(self._kam_account(locked_tier).user_id, self.am2)
        self.assertEqual(locked_owner.user_id, self.am1)
        self.assertEqual(locked_tier.user_id, self.am2)

    def test_rebalance_brings_managers_under_capacity(self):
        for index in range(5):
            self._account(f"Busy {index}", 50.0 + index, self.am1)
        self._classify()
        wizard = self._preview(mode="rebalance")
        self.assertEqual(len(wizard.line_ids), 2)
        self.assertEqual(wizard.line_ids.proposed_user_id, self.am2)
        # the smallest accounts move
        self.assertEqual(sorted(wizard.line_ids.mapped("score")), [50.0, 51.0])
        wizard.action_apply()
        rows = self.env["cirrus.kam.workload.report"].search(
            [("user_id", "in", (self.am1 | self.am2).ids)]
        )
        self.assertFalse(any(rows.mapped("over_capacity")))


@tagged("post_install", "-at_install")
class TestDecline(KamCommon):
    def test_decline_is_flagged_and_alerts_the_owner_once(self):
        owner = new_test_user(
            self.env, login="t_decline", groups="sales_team.group_sale_salesman"
        )
        partner = self._customer("Declining", user_id=owner.id)
        self._invoice(partner, 1000.0, invoice_date=TODAY.replace(year=2025, month=3))
        self._invoice(partner, 1000.0, invoice_date=TODAY.replace(month=1))
        self._classify()
        self.assertFalse(partner.kam_declining)  # flat: 1000 against 1000
        # the alert is an activity on the key account, for its owner
        account = partner.kam_account_id
        self.assertEqual(account.user_id, owner)
        self.assertFalse(account.activity_ids)
        # a credit note: revenue falls to 700, -30% against the 25% limit
        self._invoice(partner, 300.0, move_type="out_refund")
        self._classify()
        self.assertTrue(partner.kam_declining)
        self.assertEqual(partner.kam_revenue_trend, -30.0)
        activity = account.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.res_model, "cirrus.kam.account")
        self.assertEqual(activity.user_id, owner)
        self.assertEqual(activity.summary, "Declining revenue: Declining")
        self.assertEqual(
            str(activity.note),
            "<p>Revenue fell from 1,000.00 to 700.00 (-30%), more than the 25% "
            f"decline alert of {self.company.name}.</p>",
        )
        self.assertFalse(partner.activity_ids)
        self._classify()
        self.assertEqual(len(account.activity_ids), 1, "never duplicated")

    def test_decline_within_the_limit_is_not_flagged(self):
        partner = self._customer("Slightly Down")
        self._invoice(partner, 1000.0, invoice_date=TODAY.replace(year=2025, month=3))
        self._invoice(partner, 800.0)
        self._classify()
        self.assertEqual(partner.kam_revenue_trend, -20.0)
        self.assertFalse(partner.kam_declining)
