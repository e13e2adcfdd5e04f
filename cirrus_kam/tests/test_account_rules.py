# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import math

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .account_common import AccountCommon

ADMIN = "base.group_user,base.group_partner_manager,cirrus_kam.group_kam_manager"
USER = "base.group_user,cirrus_kam.group_kam_user"
BAD_NUMBERS = (math.nan, math.inf, -math.inf, 1e308)


class WizardCommon(AccountCommon):
    """Customers invoiced ten days before the real date, which is the date
    the wizard classifies on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = cls._real_today()
        cls.invoiced = cls.today - relativedelta(days=10)

    @classmethod
    def _invoiced(cls, name, amount, owner=None):
        customer = cls._customer(name, user_id=owner and owner.id)
        cls._invoice(customer, amount, invoice_date=cls.invoiced)
        return customer


@tagged("post_install", "-at_install")
class TestWizardPrivacy(WizardCommon):
    """A wizard, its tiers, lines and counts belong to the user who made it;
    it takes only its company's tiers and only a company the user may use."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="KAM New Wizard B")["company"]
        cls.tier_key_b = cls.env["cirrus.kam.tier"]._company_tiers(cls.company_b)[0]
        cls.admin1 = cls._user("kamnew_wiz_admin1", ADMIN)
        cls.admin2 = cls._user("kamnew_wiz_admin2", ADMIN)
        cls.admin_b = cls._user("kamnew_wiz_admin_b", ADMIN, company=cls.company_b)
        cls.admin_ab = cls._user("kamnew_wiz_admin_ab", ADMIN)
        cls.admin_ab.company_ids = [Command.link(cls.company_b.id)]
        cls._invoiced("Wizard Big", 600000.0)
        cls._invoiced("Wizard Mid", 60000.0)

    def setUp(self):
        super().setUp()
        Wizard = self.env["cirrus.kam.classify.wizard"].with_user(self.admin1)
        self.wizard = Wizard.create({})
        self.wizard.action_preview()
        # what admin1 sees: two changes, three tiers, three counts
        self.assertEqual(len(self.wizard.line_ids), 2)
        self.assertEqual(len(self.wizard.tier_ids), 3)
        self.assertEqual(len(self.wizard.count_ids), 3)
        self.parts = {
            "wizard": (self.wizard, {"kam_hysteresis_percent": 5.0}),
            "line": (self.wizard.line_ids, {"selected": False}),
            "tier": (self.wizard.tier_ids, {"min_score": 1.0}),
            "count": (self.wizard.count_ids, {"name": "Mine"}),
        }

    def test_creator_reads_and_writes_their_wizard(self):
        for name, (records, values) in self.parts.items():
            with self.subTest(part=name):
                records.with_user(self.admin1).write(values)
                self.assertEqual(
                    records.with_user(self.admin1).read(list(values)),
                    [{"id": r.id, **values} for r in records],
                )

    def test_another_admin_cannot_read_or_write_it(self):
        self.env.invalidate_all()
        for name, (records, values) in self.parts.items():
            with self.subTest(part=name):
                theirs = records.with_user(self.admin2)
                with self.assertRaises(AccessError):
                    theirs.read(list(values))
                with self.assertRaises(AccessError):
                    theirs.write(values)
                with self.assertRaises(AccessError):
                    theirs.unlink()
                found = records.with_user(self.admin2).search(
                    [("id", "in", records.ids)]
                )
                self.assertFalse(found)
        self.env.invalidate_all()
        self.assertEqual(self.wizard.kam_hysteresis_percent, 0.0)
        self.assertEqual(self.wizard.line_ids.mapped("selected"), [True, True])

    def test_another_admin_cannot_preview_or_apply_it(self):
        history = self.env["cirrus.kam.tier.history"].search_count([])
        theirs = self.wizard.with_user(self.admin2)
        with self.assertRaises(AccessError):
            theirs.action_preview()
        with self.assertRaises(AccessError):
            theirs.action_apply()
        with self.assertRaises(AccessError):
            theirs.action_export_preview()
        self.assertEqual(self.env["cirrus.kam.tier.history"].search_count([]), history)

    def test_wizard_of_b_refuses_a_tier_of_a(self):
        # B is the current company, A allowed too: A's tiers are readable
        Wizard = self.env["cirrus.kam.classify.wizard"].with_user(self.admin_ab)
        Wizard = Wizard.with_context(
            allowed_company_ids=[self.company_b.id, self.company.id]
        )
        foreign = {
            "tier_id": self.tier_key.id,
            "name": "Foreign",
            "sequence": 5,
            "min_score": 1.0,
            "cumulative_share": 10.0,
        }
        with self.assertRaises(ValidationError):
            Wizard.create(
                {"company_id": self.company_b.id, "tier_ids": [Command.create(foreign)]}
            )
        wizard = Wizard.create({"company_id": self.company_b.id})
        self.assertEqual(
            wizard.tier_ids.tier_id,
            self.env["cirrus.kam.tier"]._company_tiers(self.company_b),
        )
        with self.assertRaises(ValidationError):
            wizard.write({"tier_ids": [Command.create(foreign)]})
        with self.assertRaises(ValidationError):
            wizard.tier_ids[0].write({"tier_id": self.tier_key.id})
        self.assertEqual(wizard.tier_ids[0].tier_id, self.tier_key_b)
        # moved to company A afterwards, its lines still hold B's tiers
        with self.assertRaises(ValidationError):
            wizard.write({"company_id": self.company.id})
        self.assertEqual(wizard.company_id, self.company_b)

    def test_defaults_of_a_company_the_user_cannot_use(self):
        Wizard = self.env["cirrus.kam.classify.wizard"].with_user(self.admin_b)
        with self.assertRaises(AccessError):
            Wizard.with_context(default_company_id=self.company.id).default_get(
                ["company_id", "kam_basis", "tier_ids"]
            )
        with self.assertRaises(AccessError):
            Wizard._company_values(self.company)
        # their own company's defaults
        values = Wizard.default_get(["company_id", "kam_basis"])
        self.assertEqual(values["company_id"], self.company_b.id)
        self.assertEqual(values["kam_basis"], "revenue")


@tagged("post_install", "-at_install")
class TestBadInput(AccountCommon):
    """Numbers Odoo would store but nobody meant are refused, and nothing
    changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="KAM New Input B")["company"]
        cls.tiers_b = cls.env["cirrus.kam.tier"]._company_tiers(cls.company_b)
        cls.customer = cls._customer("Input")
        cls._invoice(cls.customer, 60000.0)
        # not a customer yet: no account until a potential is set
        cls.fresh = cls.env["res.partner"].create(
            {"name": "Never Classified", "is_company": True}
        )
        cls.member_user = cls._user("kamnew_input_member", USER)
        cls.owned = cls._customer("Owned Input", user_id=cls.member_user.id)
        cls.team = cls._team("Input Team", "am", cls.company, {cls.member_user: 7})
        cls.member = cls.team.crm_team_member_ids

    def setUp(self):
        super().setUp()
        self._classify()
        self.account = self._account(self.customer)
        self.account.write({"potential": 1000.0, "potential_date": "2026-01-01"})
        self.owned_account = self._account(self.owned)
        self.assertEqual(self.owned_account.user_id, self.member_user)

    def _assert_refused(self, records, values, fields):
        before = self._read(records, fields)
        with self.assertRaises(ValidationError, msg=str(values)):
            records.write(values)
        self.assertEqual(self._read(records, fields), before)

    def _read(self, records, fields):
        self.env.invalidate_all()
        return records.read(fields)

    def test_bad_potentials(self):
        fields = ["potential", "potential_date", "tier_id", "score"]
        for value in (*BAD_NUMBERS, -1.0):
            with self.subTest(value=value):
                self._assert_refused(self.account, {"potential": value}, fields)
                with self.assertRaises(ValidationError):
                    self.customer.write({"kam_potential": value})
                with self.assertRaises(ValidationError):
                    self.fresh.write({"kam_potential": value})
                # the owner (Account Management user) on their own account
                self._assert_refused(
                    self.owned_account.with_user(self.member_user),
                    {"potential": value},
                    fields,
                )
                with self.assertRaises(ValidationError):
                    self.owned.with_user(self.member_user).write(
                        {"kam_potential": value}
                    )
        self.assertEqual(self.account.potential, 1000.0)
        self.assertEqual(self.owned_account.potential, 0.0)
        self.assertFalse(self.owned_account.potential_date)
        self.assertEqual(str(self.account.potential_date), "2026-01-01")
        self.assertFalse(self._account(self.fresh))

    def test_bad_tier_numbers(self):
        fields = ["min_score", "cumulative_share", "workload_weight"]
        for value in BAD_NUMBERS:
            with self.subTest(value=value):
                self._assert_refused(self.tier_key, {"min_score": value}, fields)
                self._assert_refused(self.tier_key, {"workload_weight": value}, fields)
        self._assert_refused(self.tier_key, {"workload_weight": -1.0}, fields)
        self._assert_refused(self.tier_key, {"min_score": -1.0}, fields)
        self.assertEqual(
            (self.tier_key.min_score, self.tier_key.workload_weight),
            (500000.0, 1.0),
        )

    def test_bad_capacities(self):
        for value in (*BAD_NUMBERS, -1, -1.0, 1.5, "5"):
            with self.subTest(value=value):
                self._assert_refused(
                    self.member, {"kam_capacity": value}, ["kam_capacity"]
                )
                self._assert_refused(
                    self.team, {"kam_default_capacity": value}, ["kam_default_capacity"]
                )
                with self.assertRaises(ValidationError):
                    self.env["crm.team"].create(
                        {"name": "Bad", "kam_role": "am", "kam_default_capacity": value}
                    )
        self.assertEqual(self.member.kam_capacity, 7)
        self.assertEqual(self.team.kam_default_capacity, 15)

    def test_tier_of_another_company(self):
        fields = ["tier_id", "tier_locked", "computed_tier_id"]
        self._assert_refused(self.account, {"tier_id": self.tiers_b[0].id}, fields)
        with self.assertRaises(ValidationError):
            self.customer.write({"kam_tier_id": self.tiers_b[0].id})
        self.assertEqual(self.account.tier_id, self.tier_account)
        self.assertFalse(self.account.tier_locked)

    def test_archiving_the_last_active_tier(self):
        (self.tier_key | self.tier_account).action_archive()
        self.assertEqual(
            self.env["cirrus.kam.tier"]._company_tiers(self.company), self.tier_small
        )
        self._assert_refused(self.tier_small, {"active": False}, ["active"])
        self.assertTrue(self.tier_small.active)

    def test_moving_a_tier_in_use_to_another_company(self):
        # a move both ladders accept: B's shares become 50, 90, 95, 100
        move = {
            "company_id": self.company_b.id,
            "sequence": 25,
            "cumulative_share": 95.0,
        }
        fields = list(move)
        unused = self.env["cirrus.kam.tier"].create(
            {"name": "Unused", "sequence": 25, "cumulative_share": 95.0}
        )
        unused.write(move)
        self.assertEqual(unused.company_id, self.company_b)
        unused.unlink()
        self.assertEqual(self.account.tier_id, self.tier_account)
        self._assert_refused(self.tier_account, move, fields)
        self.assertEqual(self.tier_account.company_id, self.company)

    def test_bad_lookback(self):
        for value in ("abc", 1.5, math.nan, 0, 61):
            with self.subTest(value=value):
                self._assert_refused(
                    self.company,
                    {"kam_lookback_months": value},
                    ["kam_lookback_months"],
                )
        self.assertEqual(self.company.kam_lookback_months, 12)


@tagged("post_install", "-at_install")
class TestWizardProposesLikeTheNightlyRun(WizardCommon):
    """With workload weights other than 1 (Key Account 3, Account 1.5), the
    wizard proposes exactly the owners the nightly run gives.

    Account Managers: am1 (capacity 4) owns two Small Accounts (load 2), am2
    (capacity 3) owns an Account (load 1.5). The new Account A2 (1.5) goes to
    am1: 3.5/4 = 87.5 % against 3/3 = 100 % (with every weight 1 it would be
    am2: 3/4 against 2/3). Key Account Managers: kam1 (capacity 4) owns one
    Key Account (load 3), kam2 (capacity 5) owns two (load 6, full). The new
    Key Account K4 goes to kam1, the only one with room, over capacity
    (6 > 4)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_key.workload_weight = 3.0
        cls.tier_account.workload_weight = 1.5
        cls.am1 = cls._user("kamnew_prop_am1", USER)
        cls.am2 = cls._user("kamnew_prop_am2", USER)
        cls.kam1 = cls._user("kamnew_prop_kam1", USER)
        cls.kam2 = cls._user("kamnew_prop_kam2", USER)
        cls._team("Proposal AM", "am", cls.company, {cls.am1: 4, cls.am2: 3})
        cls._team("Proposal KAM", "kam", cls.company, {cls.kam1: 4, cls.kam2: 5})
        cls._invoiced("S1", 1000.0, cls.am1)
        cls._invoiced("S2", 2000.0, cls.am1)
        cls._invoiced("A1", 60000.0, cls.am2)
        cls.a2 = cls._invoiced("A2", 70000.0)
        cls._invoiced("K1", 600000.0, cls.kam1)
        cls._invoiced("K2", 700000.0, cls.kam2)
        cls._invoiced("K3", 800000.0, cls.kam2)
        cls.k4 = cls._invoiced("K4", 900000.0)

    def setUp(self):
        super().setUp()
        self.assertEqual(self.company.kam_assignment, "suggest")
        self._classify(today=self.today)

    def test_preview_proposes_with_the_weights(self):
        wizard = self.env["cirrus.kam.classify.wizard"].create({})
        wizard.action_preview()
        self.assertEqual(
            {
                line.partner_id: (line.proposed_user_id, line.overloaded)
                for line in wizard.line_ids
            },
            {self.a2: (self.am1, False), self.k4: (self.kam1, True)},
        )

    def test_preview_equals_the_nightly_proposals_and_result(self):
        wizard = self.env["cirrus.kam.classify.wizard"].create({})
        wizard.action_preview()
        previewed = {
            line.partner_id.id: line.proposed_user_id.id for line in wizard.line_ids
        }
        customers, _dropped = self.engine._evaluate(
            self.company, today=self.today, owners="assign"
        )
        proposed = {c.id: c.new_owner_id for c in customers if c.new_owner_id}
        self.assertEqual(previewed, proposed)
        self.engine._run(companies=self.company, today=self.today, owners="assign")
        owners = {
            pid: self._account(self.env["res.partner"].browse(pid)).user_id.id
            for pid in previewed
        }
        self.assertEqual(owners, previewed)
        self.assertEqual(owners, {self.a2.id: self.am1.id, self.k4.id: self.kam1.id})
