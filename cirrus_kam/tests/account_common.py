# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command

from .common import KamCommon

# Every stored value of a key account that a user action could carry from
# one customer or company to another.
ACCOUNT_VALUES = (
    "partner_id",
    "company_id",
    "user_id",
    "owner_locked",
    "tier_id",
    "computed_tier_id",
    "tier_locked",
    "lock_reason",
    "revenue",
    "revenue_prev",
    "trend",
    "wallet_share",
    "declining",
    "potential",
    "potential_date",
    "score",
    "classified_date",
    "explanation_data",
)


class AccountCommon(KamCommon):
    """Helpers over cirrus.kam.account records: thresholds by amount on the
    revenue (Key Account from 500,000, Account from 50,000)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._amount_mode(kam_basis="revenue")

    @classmethod
    def _account(cls, partner, company=None):
        """The account of ``partner`` in ``company`` (default: ours)."""
        return (
            cls.env["cirrus.kam.account"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("company_id", "=", (company or cls.company).id),
                ]
            )
        )

    @classmethod
    def _team(cls, name, role, company, members):
        """A team of ``role`` in ``company``; ``members``: {user: capacity}."""
        return (
            cls.env["crm.team"]
            .sudo()
            .create(
                {
                    "name": name,
                    "kam_role": role,
                    "company_id": company.id,
                    "crm_team_member_ids": [
                        Command.create({"user_id": user.id, "kam_capacity": capacity})
                        for user, capacity in members.items()
                    ],
                }
            )
        )

    def _values(self, accounts):
        """{(partner, company): stored values} of ``accounts``, read fresh
        from the database."""
        self.env.invalidate_all()
        return {
            (account.partner_id.id, account.company_id.id): {
                name: account[name] for name in ACCOUNT_VALUES
            }
            for account in accounts.sudo()
        }
