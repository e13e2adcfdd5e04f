# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import contextlib

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import TODAY, KamCommon

SALESMAN = "sales_team.group_sale_salesman,base.group_partner_manager"
SALES_MANAGER = "sales_team.group_sale_manager,base.group_partner_manager"
KAM_VALUES = ["kam_revenue_12m", "kam_potential", "kam_score", "kam_tier_id"]


@tagged("post_install", "-at_install")
class TestSecurity(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = cls._user("kam_sales", SALESMAN)
        cls.colleague = cls._user("kam_colleague", SALESMAN)
        cls.manager = cls._user("kam_boss", SALES_MANAGER)
        cls.mine = cls._customer("Mine", user_id=cls.salesman.id)
        cls.theirs = cls._customer("Theirs", user_id=cls.colleague.id)
        cls.nobodys = cls._customer("Nobody's")

    def test_sales_groups_imply_kam_groups(self):
        self.assertTrue(self.salesman.has_group("cirrus_kam.group_kam_user"))
        self.assertFalse(self.salesman.has_group("cirrus_kam.group_kam_manager"))
        self.assertTrue(self.manager.has_group("cirrus_kam.group_kam_manager"))
        self.assertTrue(self.manager.has_group("cirrus_kam.group_kam_user"))

    def test_user_sees_revenue_potential_and_tier(self):
        self._invoice(self.theirs, 1500.0)
        self.theirs.kam_potential = 9000.0
        self._classify()
        values = self.theirs.with_user(self.salesman).read(KAM_VALUES)[0]
        self.assertEqual(values["kam_revenue_12m"], 1500.0)
        self.assertEqual(values["kam_potential"], 9000.0)
        self.assertEqual(values["kam_score"], 1500.0)
        self.assertEqual(values["kam_tier_id"][0], self.tier_key.id)
        self.assertEqual(
            self.theirs.with_user(self.salesman).kam_tier_id.name, "Key Account"
        )

    def test_user_edits_potential_of_own_customer(self):
        self.mine.with_user(self.salesman).kam_potential = 25000.0
        self.assertEqual(self.mine.kam_potential, 25000.0)
        self.assertEqual(self.mine.kam_potential_date, self._real_today())

    def test_user_cannot_edit_potential_of_other_customers(self):
        for customer in (self.theirs, self.nobodys):
            with self.subTest(customer=customer.name):
                with self.assertRaises(AccessError):
                    customer.with_user(self.salesman).kam_potential = 25000.0
                with self.assertRaises(AccessError):
                    customer.with_user(self.salesman).kam_potential_date = "2026-01-01"

    def test_user_cannot_set_tier_or_lock(self):
        as_user = self.mine.with_user(self.salesman)
        for values in (
            {"kam_tier_id": self.tier_key.id},
            {"kam_tier_locked": True},
            {"kam_lock_reason": "Because"},
        ):
            with self.subTest(values=values):
                with self.assertRaises(AccessError):
                    as_user.write(values)
        self.assertFalse(self.mine.kam_tier_id)
        self.assertFalse(self.mine.kam_tier_locked)

    def test_user_cannot_reassess_potential_of_other_customers(self):
        self.theirs.write({"kam_potential": 5000.0, "kam_potential_date": TODAY})
        # refusing the write or ignoring it are both fine; changing is not
        with contextlib.suppress(AccessError):
            self.theirs.with_user(self.salesman).kam_potential = 5000.0
        self.assertEqual(self.theirs.kam_potential_date, TODAY)

    def test_user_cannot_lock_by_writing_the_current_tier(self):
        self._classify()
        self.assertEqual(self.mine.kam_tier_id, self.tier_small)
        # refusing the write or ignoring it are both fine; locking is not
        with contextlib.suppress(AccessError):
            self.mine.with_user(self.salesman).kam_tier_id = self.tier_small
        self.assertFalse(self.mine.kam_tier_locked)

    def test_user_cannot_set_tier_or_lock_on_create(self):
        Partner = self.env["res.partner"].with_user(self.salesman)
        # refusing the create or ignoring the tier are both fine
        with contextlib.suppress(AccessError):
            Partner.create(
                {
                    "name": "Self Promoted",
                    "user_id": self.salesman.id,
                    "kam_tier_id": self.tier_key.id,
                    "kam_tier_locked": True,
                }
            )
        created = self.env["res.partner"].search([("name", "=", "Self Promoted")])
        self.assertFalse(created.kam_tier_id)
        self.assertFalse(created.kam_tier_locked)

    def test_admin_sets_tier_lock_and_any_potential(self):
        as_admin = self.mine.with_user(self.manager)
        as_admin.kam_potential = 40000.0
        as_admin.write({"kam_tier_id": self.tier_key.id, "kam_lock_reason": "Deal"})
        self.assertEqual(self.mine.kam_potential, 40000.0)
        self.assertEqual(self.mine.kam_tier_id, self.tier_key)
        self.assertTrue(self.mine.kam_tier_locked)
        self.assertEqual(self._history(self.mine).user_id, self.manager)
        as_admin.kam_tier_locked = False
        self.assertFalse(self.mine.kam_tier_locked)

    def test_only_admins_manage_tiers(self):
        tier = self.tier_key.with_user(self.salesman)
        self.assertEqual(tier.name, "Key Account")
        with self.assertRaises(AccessError):
            tier.min_score = 1.0
        with self.assertRaises(AccessError):
            self.env["cirrus.kam.tier"].with_user(self.salesman).create(
                {"name": "Mine", "sequence": 5, "cumulative_share": 10.0}
            )
        with self.assertRaises(AccessError):
            tier.unlink()
        self.tier_key.with_user(self.manager).min_score = 400000.0
        self.assertEqual(self.tier_key.min_score, 400000.0)

    def test_only_admins_change_settings(self):
        with self.assertRaises(AccessError):
            self.company.with_user(self.salesman).kam_basis = "potential"

    def test_only_admins_use_the_wizard(self):
        with self.assertRaises(AccessError):
            self.env["cirrus.kam.classify.wizard"].with_user(self.salesman).create({})

    def test_history_is_read_only(self):
        self._classify()
        history = self._history(self.mine)
        self.assertEqual(history.with_user(self.salesman).new_tier_id, self.tier_small)
        for user in (self.salesman, self.manager):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    history.with_user(user).source = "manual"
                with self.assertRaises(AccessError):
                    history.with_user(user).unlink()

    def test_potential_and_tier_refused_on_contact(self):
        contact = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": self.mine.id}
        )
        for values in ({"kam_potential": 100.0}, {"kam_tier_id": self.tier_key.id}):
            with self.subTest(values=values):
                with self.assertRaises(UserError) as caught:
                    contact.write(values)
                self.assertIn("Mine", str(caught.exception))
        self.assertFalse(self.mine.kam_potential_date)
        self.assertFalse(self.mine.kam_tier_id)


@tagged("post_install", "-at_install")
class TestCompanyIsolation(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other = cls.env["res.company"].create({"name": "KAM Branch B"})
        cls.other_tiers = cls.env["cirrus.kam.tier"]._company_tiers(cls.other)
        cls.user_b = cls._user("kam_sales_b", SALESMAN, company=cls.other)
        cls.shared = cls._customer("Shared Customer", company_id=False)

    def test_revenue_of_a_not_visible_from_b(self):
        self._invoice(self.shared, 80000.0)
        self._classify(companies=self.company | self.other)
        self.assertEqual(self.shared.kam_revenue_12m, 80000.0)
        as_b = self.shared.with_user(self.user_b)
        values = as_b.read(["kam_revenue_12m", "kam_score", "kam_tier_id"])[0]
        self.assertEqual(values["kam_revenue_12m"], 0.0)
        self.assertEqual(values["kam_score"], 0.0)
        self.assertEqual(values["kam_tier_id"][0], self.other_tiers[-1].id)
        with self.assertRaises(AccessError):
            as_b.with_company(self.company).read(["kam_revenue_12m"])

    def test_history_and_tiers_of_a_not_visible_from_b(self):
        self._invoice(self.shared, 80000.0)
        self._classify()
        self.assertTrue(self._history(self.shared))
        History = self.env["cirrus.kam.tier.history"].with_user(self.user_b)
        self.assertFalse(History.search([("partner_id", "=", self.shared.id)]))
        Tier = self.env["cirrus.kam.tier"].with_user(self.user_b)
        self.assertEqual(Tier.search([]), self.other_tiers)

    def test_potential_is_per_company(self):
        self.shared.kam_potential = 3000.0
        in_b = self.shared.with_company(self.other)
        self.assertEqual(in_b.kam_potential, 0.0)
        self.assertFalse(in_b.kam_potential_date)
        in_b.kam_potential = 7000.0
        self.assertEqual(self.shared.kam_potential, 3000.0)
        self.assertEqual(in_b.kam_potential, 7000.0)
