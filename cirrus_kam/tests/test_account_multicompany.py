# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from dateutil.relativedelta import relativedelta

from odoo.tests import tagged

from .account_common import AccountCommon
from .common import TODAY

USER = "base.group_user,cirrus_kam.group_kam_user"
ADMIN = "base.group_user,base.group_partner_manager,cirrus_kam.group_kam_manager"
INVOICED = TODAY - relativedelta(days=10)


class TwoCompanies(AccountCommon):
    """Companies A (ours) and B, both classifying by revenue amounts and
    assigning owners automatically, each with a Key Account team and an
    Account Management team of its own users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.company
        cls.company_b = cls.setup_other_company(name="KAM New B")["company"]
        cls.company_b.write(
            {
                "kam_basis": "revenue",
                "kam_threshold_mode": "amount",
                "kam_hysteresis_percent": 0.0,
            }
        )
        cls.tiers_b = cls.env["cirrus.kam.tier"]._company_tiers(cls.company_b)
        cls.key_b, cls.account_b, cls.small_b = cls.tiers_b
        (cls.company_a | cls.company_b).write(
            {"kam_assignment": "auto", "kam_notify": True}
        )
        cls.kam_a = cls._user("kamnew_kam_a", USER, name="KAM of A")
        cls.am_a = cls._user("kamnew_am_a", USER, name="AM of A")
        cls.kam_b = cls._user(
            "kamnew_kam_b", USER, company=cls.company_b, name="KAM of B"
        )
        cls.am_b = cls._user("kamnew_am_b", USER, company=cls.company_b, name="AM of B")
        cls._team("KAM A", "kam", cls.company_a, {cls.kam_a: 5})
        cls._team("AM A", "am", cls.company_a, {cls.am_a: 15})
        cls._team("KAM B", "kam", cls.company_b, {cls.kam_b: 5})
        cls._team("AM B", "am", cls.company_b, {cls.am_b: 15})
        cls.admin_a = cls._user("kamnew_admin_a", ADMIN, name="Admin of A")

    @classmethod
    def _shared(cls, name, revenue_a, revenue_b, **values):
        """A customer of both companies, invoiced in each."""
        customer = cls._customer(name, company_id=False, **values)
        if revenue_a:
            cls._invoice(customer, revenue_a, invoice_date=INVOICED)
        if revenue_b:
            cls._invoice(
                customer, revenue_b, invoice_date=INVOICED, company=cls.company_b
            )
        return customer

    def _run(self, today=TODAY):
        return self.engine._run(companies=self.company_a | self.company_b, today=today)

    def _both(self, partners):
        """The accounts of ``partners`` in every company, by partner and
        company id."""
        accounts = (
            self.env["cirrus.kam.account"]
            .sudo()
            .search([("partner_id", "in", partners.ids)])
        )
        return accounts.sorted(lambda a: (a.partner_id.id, a.company_id.id))

    def _trail(self, partners):
        """What a run leaves behind: history rows, activities and messages
        on the accounts and the customers."""
        accounts = self._both(partners)
        found = {}
        for model, records in (
            ("cirrus.kam.account", accounts),
            ("res.partner", partners),
        ):
            found[model] = (
                self.env["mail.activity"]
                .search([("res_model", "=", model), ("res_id", "in", records.ids)])
                .ids,
                self.env["mail.message"]
                .search([("model", "=", model), ("res_id", "in", records.ids)])
                .ids,
            )
        history = self.env["cirrus.kam.tier.history"].search(
            [("partner_id", "in", partners.ids)]
        )
        return {"history": history.ids, **found}


@tagged("post_install", "-at_install")
class TestNoFlip(TwoCompanies):
    """A customer shared by two companies, a key account in A and small in
    B: repeated nightly runs settle after the first."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shared = cls._shared("Shared Big in A", 600000.0, 1000.0)

    def test_first_run_assigns_each_company_its_owner(self):
        self._run()
        account_a = self._account(self.shared, self.company_a)
        account_b = self._account(self.shared, self.company_b)
        self.assertEqual(
            (account_a.tier_id, account_a.user_id, account_a.revenue),
            (self.tier_key, self.kam_a, 600000.0),
        )
        self.assertEqual(
            (account_b.tier_id, account_b.user_id, account_b.revenue),
            (self.small_b, self.am_b, 1000.0),
        )
        # the Salesperson is the owner where the tier is highest: A's KAM
        self.assertEqual(self.shared.user_id, self.kam_a)

    def test_second_and_third_runs_change_nothing(self):
        self._run()
        accounts = self._both(self.shared)
        self.assertEqual(len(accounts), 2)
        values = self._values(accounts)
        trail = self._trail(self.shared)
        # the first run: one tier row per company, one owner row per company,
        # a To-Do and a note for each new owner
        self.assertEqual(len(trail["history"]), 4)
        self.assertEqual(len(trail["cirrus.kam.account"][0]), 2)
        for day in (1, 2):
            with self.subTest(run=day + 1):
                self.assertEqual(
                    self._run(today=TODAY + relativedelta(days=day)),
                    {self.company_a.id: 0, self.company_b.id: 0},
                )
                self.assertEqual(self._values(accounts), values)
                self.assertEqual(self._trail(self.shared), trail)
                self.assertEqual(self.shared.user_id, self.kam_a)
        self.assertEqual(
            [(a.company_id, a.user_id) for a in accounts],
            [(self.company_a, self.kam_a), (self.company_b, self.am_b)],
        )
        self.assertEqual(trail["res.partner"], ([], []))


@tagged("post_install", "-at_install")
class TestSalesperson(TwoCompanies):
    """The Salesperson follows one account's owner."""

    def _owners(self, partner):
        return {account.company_id: account.user_id for account in self._both(partner)}

    def test_customer_of_one_company_takes_its_owner_there(self):
        customer = self._customer("Only A", company_id=self.company_a.id)
        self._invoice(customer, 60000.0, invoice_date=INVOICED)
        self._run()
        self.assertEqual(self._owners(customer), {self.company_a: self.am_a})
        # an account in B (made by hand) with a higher tier does not count:
        # the customer belongs to A
        account_b = self.env["cirrus.kam.account"].create(
            {
                "partner_id": customer.id,
                "company_id": self.company_b.id,
                "tier_id": self.key_b.id,
            }
        )
        account_b.user_id = self.kam_b
        self.assertEqual(customer.user_id, self.am_a)

    def test_shared_customer_takes_the_owner_of_its_highest_tier(self):
        customer = self._shared("Bigger in B", 1000.0, 600000.0)
        self._run()
        self.assertEqual(
            self._owners(customer),
            {self.company_a: self.am_a, self.company_b: self.kam_b},
        )
        self.assertEqual(customer.user_id, self.kam_b)

    def test_same_tier_goes_to_the_higher_score(self):
        customer = self._shared("Key in Both", 600000.0, 700000.0)
        self._run()
        self.assertEqual(
            self._owners(customer),
            {self.company_a: self.kam_a, self.company_b: self.kam_b},
        )
        self.assertEqual(customer.user_id, self.kam_b)

    def test_same_tier_and_score_goes_to_the_lower_company_id(self):
        self.assertLess(self.company_a.id, self.company_b.id)
        customer = self._shared("Even", 600000.0, 600000.0)
        self._run()
        self.assertEqual(
            self._owners(customer),
            {self.company_a: self.kam_a, self.company_b: self.kam_b},
        )
        self.assertEqual(customer.user_id, self.kam_a)

    def test_salesperson_set_by_hand_owns_the_account_of_the_company(self):
        customer = self._shared("Handed Over", 600000.0, 1000.0)
        self._run()
        account_a = self._account(customer, self.company_a)
        account_b = self._account(customer, self.company_b)
        self.assertEqual(account_a.user_id, self.kam_a)
        history = self.env["cirrus.kam.tier.history"].search([])
        customer.with_user(self.admin_a).write({"user_id": self.am_a.id})
        self.assertEqual(customer.user_id, self.am_a)
        self.assertEqual(account_a.user_id, self.am_a)
        self.assertEqual(account_b.user_id, self.am_b)
        new = self.env["cirrus.kam.tier.history"].search([]) - history
        self.assertEqual(
            [
                (
                    row.partner_id,
                    row.company_id,
                    row.source,
                    row.old_user_id,
                    row.new_user_id,
                    row.user_id,
                    row.old_tier_id,
                    row.new_tier_id,
                )
                for row in new
            ],
            [
                (
                    customer,
                    self.company_a,
                    "manual",
                    self.kam_a,
                    self.am_a,
                    self.admin_a,
                    self.tier_key,
                    self.tier_key,
                )
            ],
        )


@tagged("post_install", "-at_install")
class TestMovingCustomers(TwoCompanies):
    """Moving a customer under another and back, or toggling whether it is
    a company, carries nothing between their accounts, in any company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.parent = cls._shared("Parent Co", 600000.0, 2000.0)
        cls.moved = cls._shared("Moved Co", 60000.0, 700000.0)

    def setUp(self):
        super().setUp()
        self._run()
        # values of every kind on every account: set by hand, locked, owned
        self._account(self.moved, self.company_a).write(
            {"potential": 90000.0, "owner_locked": True}
        )
        self._account(self.parent, self.company_b).write(
            {"tier_id": self.account_b.id, "lock_reason": "Negotiating"}
        )
        self._run()
        self.partners = self.parent | self.moved
        self.accounts = self._both(self.partners)
        self.assertEqual(len(self.accounts), 4)
        self.before = self._values(self.accounts)
        self.salespeople = {p: p.user_id for p in self.partners}
        self.assertEqual(
            self.salespeople, {self.parent: self.kam_a, self.moved: self.kam_b}
        )

    def _assert_nothing_carried(self):
        self.assertEqual(self._values(self.accounts), self.before)
        self.assertEqual(self._both(self.partners), self.accounts)
        self.assertEqual({p: p.user_id for p in self.partners}, self.salespeople)

    def test_moving_under_another_customer_and_back(self):
        moved = self.moved.with_user(self.admin_a)
        moved.write({"parent_id": self.parent.id, "is_company": False})
        self.assertEqual(self.moved.commercial_partner_id, self.parent)
        self._assert_nothing_carried()
        moved.write({"parent_id": False, "is_company": True})
        self.assertEqual(self.moved.commercial_partner_id, self.moved)
        self._assert_nothing_carried()

    def test_parent_set_and_cleared_on_a_company(self):
        moved = self.moved.with_user(self.admin_a)
        moved.write({"parent_id": self.parent.id})
        self._assert_nothing_carried()
        moved.write({"parent_id": False})
        self._assert_nothing_carried()

    def test_toggling_is_company(self):
        for partner in self.partners:
            as_a = partner.with_user(self.admin_a)
            as_a.write({"is_company": False})
            self._assert_nothing_carried()
            as_a.write({"is_company": True})
            self._assert_nothing_carried()

    def test_contact_moved_between_customers(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.moved.id}
        )
        contact.with_user(self.admin_a).write({"parent_id": self.parent.id})
        self._assert_nothing_carried()
        self.assertEqual(contact.with_company(self.company_a).kam_revenue_12m, 600000.0)
        contact.with_user(self.admin_a).write({"parent_id": self.moved.id})
        self._assert_nothing_carried()
        self.assertEqual(contact.with_company(self.company_a).kam_revenue_12m, 60000.0)
