# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Set-up shared by the browser tours that need no invoice: the score is the
potential (or revenue, which is none), so no chart of accounts is needed."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user


class KamTourCase(HttpCase):
    @classmethod
    def _tour_company(cls, basis="potential"):
        """The test company in amount mode, without hysteresis nor automatic
        owners; Key Account from 500,000, Account from 50,000. Returns
        its tiers, best first."""
        cls.company = cls.env.company
        cls.company.write(
            {
                "kam_basis": basis,
                "kam_threshold_mode": "amount",
                "kam_hysteresis_percent": 0.0,
                "kam_assignment": "off",
            }
        )
        tiers = cls.env["cirrus.kam.tier"]._company_tiers(cls.company)
        for tier, min_score in zip(tiers, (500000.0, 50000.0, 0.0), strict=False):
            tier.min_score = min_score
        return tiers

    @classmethod
    def _tour_user(cls, login, name, groups):
        return new_test_user(
            cls.env,
            login=login,
            name=name,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
        )

    @classmethod
    def _tour_customers(cls, owner, potentials):
        """Companies owned by ``owner``, from (name, potential) pairs."""
        return cls.env["res.partner"].create(
            [
                {
                    "name": name,
                    "is_company": True,
                    "customer_rank": 1,
                    "user_id": owner.id,
                    "kam_potential": potential,
                }
                for name, potential in potentials
            ]
        )
