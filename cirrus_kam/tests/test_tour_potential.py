# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command
from odoo.tests import HttpCase, tagged

from .common import KamCommon

USER = "base.group_user,cirrus_kam.group_kam_user"
ADMIN = "base.group_user,cirrus_kam.group_kam_manager"


@tagged("post_install", "-at_install", "cirrus_kam_tour")
class TestKamPotentialTour(KamCommon, HttpCase):
    """An account manager (Account Management user only) finds the potential
    of another manager's customer read-only, lands on My Portfolio, sets the
    potential of an own customer and sees its share of wallet and tier
    change at once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # half revenue, half potential; Key Account from 500,000
        cls._amount_mode(kam_basis="combined", kam_potential_weight=0.5)
        cls.am = cls._user("kam_pot_tour_am", USER, name="Pot Tour Manager")
        cls.colleague = cls._user("kam_pot_tour_am2", USER, name="Pot Tour Colleague")
        cls.mine = cls._customer("Pot Tour Mine", user_id=cls.am.id)
        cls.other = cls._customer("Pot Tour Other", user_id=cls.colleague.id)
        today = cls._real_today()
        for partner in cls.mine | cls.other:
            cls._invoice(partner, 100000.0, invoice_date=today)
        cls.engine._run(companies=cls.company, today=today)
        cls.admin = cls._user("kam_pot_tour_admin", ADMIN, name="Pot Tour Admin")
        cls.kam = cls._user("kam_pot_tour_kam", USER, name="Pot Tour Kam")
        cls.newcomer = cls._user("kam_pot_tour_new", USER, name="Pot Tour Newcomer")
        cls.env["crm.team"].create(
            {
                "name": "Pot Tour Key Accounts",
                "kam_role": "kam",
                "company_id": cls.company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.kam.id, "kam_capacity": 5})
                ],
            }
        )

    def test_potential_tour(self):
        account = self._kam_account(self.mine)
        other = self._kam_account(self.other)
        self.assertEqual(account.tier_id, self.tier_account)
        self.start_tour(
            f"/odoo/action-cirrus_kam.cirrus_kam_account_action_all/{other.id}",
            "cirrus_kam_potential_tour",
            login="kam_pot_tour_am",
        )
        account.invalidate_recordset()
        self.assertEqual(account.potential, 1000000.0)
        self.assertEqual(account.wallet_share, 10.0)
        self.assertEqual(account.score, 550000.0)
        self.assertEqual(account.tier_id, self.tier_key)
        history = self._history(self.mine)[-1]
        self.assertEqual(history.new_tier_id, self.tier_key)
        self.assertEqual(history.user_id, self.am)
        self.assertFalse(other.potential_date)

    def test_kanban_tour(self):
        self.start_tour(
            "/odoo/action-cirrus_kam.cirrus_kam_account_action_all?view_type=kanban",
            "cirrus_kam_kanban_tour",
            login="kam_pot_tour_admin",
        )
        account = self._kam_account(self.other)
        self.assertRecordValues(
            account,
            [
                {
                    "tier_id": self.tier_key.id,
                    "tier_locked": True,
                    "lock_reason": "Strategic partner",
                    "user_id": self.kam.id,
                }
            ],
        )
        # the other card was not moved
        self.assertEqual(self._kam_account(self.mine).tier_id, self.tier_account)

    def test_sample_tour(self):
        """A manager without accounts sees sample data with tier names."""
        self.start_tour("/odoo", "cirrus_kam_sample_tour", login="kam_pot_tour_new")
