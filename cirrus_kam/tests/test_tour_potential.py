# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tests import HttpCase, tagged

from .common import KamCommon

USER = "base.group_user,cirrus_kam.group_kam_user"


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
