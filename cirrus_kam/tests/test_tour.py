# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command, fields
from odoo.tests import tagged

from .tour_common import KamTourCase


@tagged("post_install", "-at_install", "cirrus_kam_tour")
class TestKamTour(KamTourCase):
    """The key account administrator's round in the web client: key accounts,
    a potential, the classification wizard, the workload and its export."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tiers = cls._tour_company()
        cls.key_tier = tiers[0]
        cls.small_tier = tiers[-1]
        cls.user = cls._tour_user(
            "kam_tour_admin",
            "Kam Tour Admin",
            "base.group_user,base.group_partner_manager,sales_team.group_sale_manager",
        )
        cls.env["crm.team"].create(
            {
                "name": "Tour Key Accounts",
                "kam_role": "kam",
                "company_id": cls.company.id,
                "crm_team_member_ids": [Command.create({"user_id": cls.user.id})],
            }
        )
        cls.partners = cls._tour_customers(
            cls.user,
            (
                ("Tour Alpha Industries", 900000.0),
                ("Tour Beta Trading", 600000.0),
                ("Tour Gamma Foods", 120000.0),
                ("Tour Delta Tools", 20000.0),
            ),
        )
        cls.delta = cls.partners[-1]
        cls.gamma = cls.partners[-2]
        cls.env["cirrus.kam.engine"]._run(companies=cls.company, source="cron")
        # a higher Account minimum, not applied yet: the wizard moves Gamma
        cls.account_tier = tiers[1]
        cls.account_tier.min_score = 150000.0

    def test_kam_tour(self):
        account = self.delta.kam_account_id
        self.assertEqual(self.partners[0].kam_account_id.tier_id, self.key_tier)
        self.assertEqual(account.tier_id, self.small_tier)

        self.start_tour("/odoo", "cirrus_kam_tour", login="kam_tour_admin")

        # the form wrote the potential on the account; the date is the
        # user's today, set by the server
        account.invalidate_recordset()
        self.assertEqual(account.potential, 750000.0)
        today = fields.Date.context_today(account.with_user(self.user))
        self.assertEqual(account.potential_date, today)
        # saving the potential reclassified the account at once, unlocked
        self.assertEqual(account.tier_id, self.key_tier)
        self.assertFalse(account.tier_locked)
        history = self._last_history(self.delta)
        self.assertEqual(history.source, "manual")
        self.assertEqual(history.user_id, self.user)
        self.assertEqual(history.old_tier_id, self.small_tier)
        self.assertEqual(history.new_tier_id, self.key_tier)
        # the wizard applied the new Account minimum
        history = self._last_history(self.gamma)
        self.assertEqual(history.source, "wizard")
        self.assertEqual(history.old_tier_id, self.account_tier)
        self.assertEqual(history.new_tier_id, self.small_tier)

    def _last_history(self, partner):
        return self.env["cirrus.kam.tier.history"].search(
            [("partner_id", "=", partner.id), ("company_id", "=", self.company.id)],
            order="id desc",
            limit=1,
        )
