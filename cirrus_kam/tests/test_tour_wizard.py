# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tests import tagged

from .tour_common import KamTourCase


@tagged("post_install", "-at_install", "cirrus_kam_tour")
class TestKamWizardTour(KamTourCase):
    """Classify from All Accounts: the preview tells the kind of each change,
    Apply says what it did and the list behind shows the new tiers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        tiers = cls._tour_company(basis="revenue")
        cls.key_tier, cls.account_tier, cls.small_tier = tiers[0], tiers[1], tiers[-1]
        cls.user = cls._tour_user(
            "kam_wizard_tour",
            "Kam Wizard Tour",
            "base.group_user,sales_team.group_sale_manager",
        )
        cls.partners = cls._tour_customers(
            cls.user,
            (
                ("Wizard Alpha Industries", 900000.0),
                ("Wizard Gamma Foods", 120000.0),
                ("Wizard Delta Tools", 20000.0),
            ),
        )
        # classified on revenue (none): every customer is a Small Account;
        # the company then moves to the potential, which the wizard applies
        cls.env["cirrus.kam.engine"]._run(companies=cls.company, source="cron")
        cls.company.kam_basis = "potential"

    def test_wizard_tour(self):
        accounts = self.partners.kam_account_id
        self.assertEqual(accounts.tier_id, self.small_tier)

        self.start_tour("/odoo", "cirrus_kam_wizard_tour", login="kam_wizard_tour")

        accounts.invalidate_recordset()
        self.assertEqual(
            [account.tier_id for account in accounts],
            [self.key_tier, self.account_tier, self.small_tier],
        )
        history = self.env["cirrus.kam.tier.history"].search(
            [("partner_id", "in", self.partners.ids), ("source", "=", "wizard")]
        )
        self.assertEqual(len(history), 2)
        self.assertEqual(history.user_id, self.user)
