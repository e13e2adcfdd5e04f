# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""What the classification wizard and Rebalance tell the administrator: the
kind of each change and its reason, the counts, the notification after
Apply, each manager's utilization before and after a rebalance, and why
nothing can move."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .test_assignment import AssignmentCommon

LANG = "sv_SE"
NBSP = "\N{NO-BREAK SPACE}"


class FeedbackCommon(AssignmentCommon):
    """Potential basis, Key Account from 1,000, Account from 100:
    Held (4,000, kam1) stays; Mid (500, am1) and Low (150, am2) are
    Accounts; Orphan (50) is a Small Account without owner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.held = cls._account("Held", 4000.0, cls.kam1)
        cls.mid = cls._account("Mid", 500.0, cls.am1)
        cls.low = cls._account("Low", 150.0, cls.am2)
        cls.orphan = cls._account("Orphan", 50.0)

    def setUp(self):
        super().setUp()
        self._classify()
        self.assertEqual(self._kam_account(self.mid).tier_id, self.tier_account)
        self.assertEqual(self._kam_account(self.low).tier_id, self.tier_account)
        self.assertEqual(self._kam_account(self.orphan).tier_id, self.tier_small)

    def _tried_preview(self, **values):
        """A preview with tried thresholds: Key Account from 400, Account
        from 200. Mid moves up (and needs a Key Account Manager), Low
        moves down; Orphan only needs an owner."""
        wizard = self.env["cirrus.kam.classify.wizard"].create(values)
        for line in wizard.tier_ids:
            if line.tier_id == self.tier_key:
                line.min_score = 400.0
            elif line.tier_id == self.tier_account:
                line.min_score = 200.0
        wizard.action_preview()
        return wizard

    def _kinds(self, wizard):
        return {line.partner_id: line.change_kind for line in wizard.line_ids}


@tagged("post_install", "-at_install")
class TestPreviewKinds(FeedbackCommon):
    def test_each_line_tells_its_kind_and_the_counts(self):
        wizard = self._tried_preview()
        self.assertEqual(
            self._kinds(wizard),
            {self.mid: "both", self.low: "tier", self.orphan: "owner"},
        )
        self.assertEqual(wizard.change_count, 3)
        self.assertEqual(wizard.tier_change_count, 2)
        self.assertEqual(wizard.owner_change_count, 2)

    def test_every_line_has_a_reason_under_tried_settings(self):
        wizard = self._tried_preview()
        reasons = {line.partner_id: line.reason for line in wizard.line_ids}
        self.assertEqual(
            reasons,
            {
                self.mid: "Key Account: score 500.00 (potential 500.00) reaches "
                "its minimum score of 400.00.\nKey Account (score 500.00) needs "
                f"a Key Account Manager; {self.am1.name} is in no team of that "
                "role.",
                self.low: "Small Account: score 150.00 (potential 150.00) is "
                "below the thresholds of the higher tiers.",
                self.orphan: "Small Account (score 50.00) has no owner and needs "
                "an Account Manager.",
            },
        )

    def test_tier_changes_have_a_reason_without_owner_assignment(self):
        self.company.kam_assignment = "off"
        wizard = self._tried_preview()
        self.assertEqual(self._kinds(wizard), {self.mid: "tier", self.low: "tier"})
        self.assertEqual(wizard.owner_change_count, 0)
        self.assertTrue(all(wizard.line_ids.mapped("reason")))

    def test_customer_losing_its_tier_has_a_reason(self):
        self.orphan.active = False
        wizard = self.env["cirrus.kam.classify.wizard"].create({})
        wizard.action_preview()
        line = wizard.line_ids.filtered(lambda line: line.partner_id == self.orphan)
        self.assertEqual(line.change_kind, "tier")
        self.assertFalse(line.new_tier_id)
        self.assertEqual(
            line.reason,
            "No longer classified: archived, merged, or without sales, invoices "
            f"or potential in {self.company.name}.",
        )


@tagged("post_install", "-at_install")
class TestApplyNotification(FeedbackCommon):
    def _params(self, action):
        self.assertEqual(action["type"], "ir.actions.client")
        self.assertEqual(action["tag"], "display_notification")
        # the notification closes the dialog; the view behind then reloads
        self.assertEqual(
            action["params"]["next"], {"type": "ir.actions.act_window_close"}
        )
        return action["params"]

    def test_apply_says_what_changed(self):
        params = self._params(self._tried_preview().action_apply())
        self.assertEqual(
            params["message"], "3 customers updated: 2 tier changes, 2 new owners"
        )
        self.assertEqual(params["type"], "success")
        self.assertEqual(params["title"], "Classify Customers")
        mid = self._kam_account(self.mid)
        self.assertEqual((mid.tier_id, mid.user_id), (self.tier_key, self.kam2))
        self.assertEqual(self._kam_account(self.low).tier_id, self.tier_small)
        self.assertEqual(self._kam_account(self.orphan).user_id, self.am1)

    def test_apply_counts_only_the_ticked_lines(self):
        wizard = self._tried_preview()
        wizard.line_ids.filtered(
            lambda line: line.partner_id != self.orphan
        ).selected = False
        params = self._params(wizard.action_apply())
        self.assertEqual(params["message"], "1 customer updated: 1 new owner")
        self.assertEqual(self._kam_account(self.mid).tier_id, self.tier_account)

    def test_apply_with_nothing_ticked_is_refused(self):
        wizard = self._tried_preview()
        wizard.line_ids.selected = False
        history = self.env["cirrus.kam.tier.history"].search_count([])
        with self.assertRaisesRegex(
            UserError, "Nothing to apply: no change is ticked."
        ):
            wizard.action_apply()
        self.assertEqual(self.env["cirrus.kam.tier.history"].search_count([]), history)

    def test_preview_without_changes_cannot_be_applied(self):
        self.company.kam_assignment = "off"
        wizard = self.env["cirrus.kam.classify.wizard"].create({})
        wizard.action_preview()
        self.assertEqual(wizard.change_count, 0)
        with self.assertRaises(UserError):
            wizard.action_apply()

    def test_apply_without_preview_that_changes_nothing_says_so(self):
        self.company.kam_assignment = "off"
        params = self._params(
            self.env["cirrus.kam.classify.wizard"].create({}).action_apply()
        )
        self.assertEqual(
            params["message"],
            "Nothing changed: the customers already have these tiers and owners.",
        )
        self.assertEqual(params["type"], "info")


@tagged("post_install", "-at_install")
class TestRebalanceFeedback(AssignmentCommon):
    """am1 and am2 have a capacity of 3, kam1 and kam2 of 2; every tier
    weighs 1."""

    def _busy(self, owner, count, prefix, score=50.0):
        return [
            self._account(f"{prefix} {index}", score + index, owner)
            for index in range(count)
        ]

    def _loads(self, wizard):
        return {
            line.user_id: (
                line.role,
                line.capacity,
                line.load_before,
                line.utilization_before,
                line.load_after,
                line.utilization_after,
            )
            for line in wizard.load_ids
        }

    def test_utilization_before_and_after_per_manager(self):
        self._busy(self.am1, 5, "Busy")
        self._account("Key", 4000.0, self.kam1)
        self._classify()
        wizard = self._preview(mode="rebalance")
        self.assertEqual(wizard.rebalance_status, "moves")
        self.assertEqual(wizard.owner_change_count, 2)
        self.assertEqual(wizard.tier_change_count, 0)
        self.assertEqual(
            self._loads(wizard),
            {
                self.kam1: ("kam", 2, 1.0, 50.0, 1.0, 50.0),
                self.kam2: ("kam", 2, 0.0, 0.0, 0.0, 0.0),
                self.am1: ("am", 3, 5.0, 166.67, 3.0, 100.0),
                self.am2: ("am", 3, 0.0, 0.0, 2.0, 66.67),
            },
        )
        self.assertEqual(set(wizard.line_ids.mapped("change_kind")), {"owner"})
        self.assertEqual(
            set(wizard.line_ids.mapped("reason")),
            {f"Rebalance: {self.am1.name} carries a load of 5.00 for a capacity of 3."},
        )
        params = wizard.action_apply()["params"]
        self.assertEqual(params["message"], "2 customers updated: 2 new owners")
        self.assertEqual(params["title"], "Rebalance Owners")

    def test_everyone_at_or_over_capacity_moves_nothing(self):
        self._busy(self.am1, 5, "Busy")
        self._busy(self.am2, 3, "Full")
        self._classify()
        wizard = self._preview(mode="rebalance")
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.rebalance_status, "full")
        self.assertEqual(
            self._loads(wizard)[self.am2], ("am", 3, 3.0, 100.0, 3.0, 100.0)
        )
        with self.assertRaisesRegex(
            UserError, "Nothing to move: there is no owner change to apply."
        ):
            wizard.action_apply()

    def test_nobody_over_capacity_is_balanced(self):
        self._busy(self.am1, 2, "Calm")
        self._classify()
        wizard = self._preview(mode="rebalance")
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.rebalance_status, "balanced")

    def test_locked_accounts_cannot_move(self):
        for partner in self._busy(self.am1, 5, "Locked"):
            partner.kam_owner_locked = True
        self._classify()
        wizard = self._preview(mode="rebalance")
        self.assertFalse(wizard.line_ids)
        self.assertEqual(wizard.rebalance_status, "stuck")

    def test_no_team_members(self):
        (self.kam_team | self.am_team).active = False
        self._classify()
        wizard = self._preview(mode="rebalance")
        self.assertEqual(wizard.rebalance_status, "no_team")
        self.assertFalse(wizard.load_ids)

    def test_utilization_lines_are_private_to_their_creator(self):
        self._busy(self.am1, 5, "Busy")
        self._classify()
        wizard = self._preview(mode="rebalance")
        other = new_test_user(
            self.env,
            login="t_other_admin",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        Load = self.env["cirrus.kam.classify.wizard.load"]
        self.assertEqual(Load.search([("wizard_id", "=", wizard.id)]), wizard.load_ids)
        self.assertFalse(Load.with_user(other).search([("wizard_id", "=", wizard.id)]))


@tagged("post_install", "-at_install")
class TestWizardEntryPoints(AssignmentCommon):
    def test_classify_and_rebalance_bound_to_the_account_list_for_admins(self):
        admin = new_test_user(
            self.env,
            login="t_entry_admin",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
        )
        actions = self.env.ref("cirrus_kam.cirrus_kam_classify_wizard_action") | (
            self.env.ref("cirrus_kam.cirrus_kam_rebalance_wizard_action")
        )
        for action in actions:
            self.assertEqual(action.binding_model_id.model, "cirrus.kam.account")
            self.assertEqual(action.binding_view_types, "list")
            self.assertEqual(
                action.groups_id, self.env.ref("cirrus_kam.group_kam_manager")
            )

        def bound(user):
            bindings = (
                self.env["ir.actions.actions"]
                .with_user(user)
                .get_bindings("cirrus.kam.account")
            )
            return {values["id"] for values in bindings.get("action", [])}

        self.assertEqual(bound(admin) & set(actions.ids), set(actions.ids))
        self.assertFalse(bound(self.am1) & set(actions.ids))


@tagged("post_install", "-at_install")
class TestReasonNumberFormat(AssignmentCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)

    def test_reasons_use_the_readers_number_format(self):
        grown = self._account("Grown", 3250968.24, self.am1)
        for index in range(4):
            self._account(f"Busy {index}", 50.0, self.am2)
        self._classify()
        wizard = (
            self.env["cirrus.kam.classify.wizard"].with_context(lang=LANG).create({})
        )
        wizard.action_preview()
        reason = self._line(wizard, grown).reason
        self.assertIn(f"3{NBSP}250{NBSP}968,24", reason)
        self.assertNotIn("3,250,968.24", reason)
        rebalance = (
            self.env["cirrus.kam.classify.wizard"]
            .with_context(lang=LANG)
            .create({"mode": "rebalance"})
        )
        rebalance.action_preview()
        self.assertTrue(rebalance.line_ids)
        for line in rebalance.line_ids:
            self.assertIn("4,00", line.reason)
            self.assertNotIn("4.00", line.reason)

    def test_assign_reason_in_english_keeps_english_format(self):
        grown = self._account("Grown", 3250968.24, self.am1)
        self._classify()
        reason = self._line(self._preview(), grown).reason
        self.assertIn("score 3,250,968.24", reason)
