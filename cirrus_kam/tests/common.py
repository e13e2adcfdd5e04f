# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from datetime import date

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.tests import new_test_user

TODAY = date(2026, 6, 30)


class KamCommon(AccountTestInvoicingCommon):
    """A company with a chart of accounts, its three default tiers, and
    helpers to invoice customers and classify them on a fixed date."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.engine = cls.env["cirrus.kam.engine"]
        cls.tiers = cls.env["cirrus.kam.tier"]._company_tiers(cls.company)
        cls.tier_key, cls.tier_account, cls.tier_small = cls.tiers
        cls.company.write({"kam_hysteresis_percent": 0.0})

    @classmethod
    def _customer(cls, name, **values):
        return cls.env["res.partner"].create(
            {"name": name, "is_company": True, "customer_rank": 1, **values}
        )

    @classmethod
    def _invoice(
        cls,
        partner,
        amount,
        invoice_date=TODAY,
        move_type="out_invoice",
        post=True,
        company=None,
        currency=None,
    ):
        company = company or cls.company
        journal_type = "purchase" if move_type.startswith("in_") else "sale"
        journal = cls.env["account.journal"].search(
            [("type", "=", journal_type), ("company_id", "=", company.id)], limit=1
        )
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": partner.id,
                    "invoice_date": invoice_date,
                    "date": invoice_date,
                    "journal_id": journal.id,
                    "currency_id": (currency or company.currency_id).id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": "Goods",
                                "quantity": 1,
                                "price_unit": amount,
                                "tax_ids": [Command.clear()],
                            }
                        )
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    def _classify(self, companies=None, today=TODAY, source="cron"):
        return self.engine._run(
            companies=companies or self.company, today=today, source=source
        )

    def _history(self, partner):
        return self.env["cirrus.kam.tier.history"].search(
            [("partner_id", "=", partner.id)], order="id"
        )

    # ------------------------------------------------------------------
    # Helpers added for the full suite
    # ------------------------------------------------------------------
    @classmethod
    def _settings(cls, company=None, **values):
        """Write classification settings on the company (default: ours)."""
        (company or cls.company).write(values)

    @classmethod
    def _amount_mode(cls, **values):
        """Amount thresholds: Key Account from 500,000, Account from 50,000."""
        cls._settings(kam_threshold_mode="amount", **values)

    @classmethod
    def _share_mode(cls, **values):
        """Share thresholds: Key Account 50 %, Account 90 %, Small 100 %."""
        cls._settings(kam_threshold_mode="share", **values)

    @classmethod
    def _real_today(cls):
        """The date the cron and the wizard classify on."""
        return fields.Date.context_today(cls.env["res.partner"])

    @classmethod
    def _user(cls, login, groups, company=None, **values):
        company = company or cls.company
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
            **values,
        )

    # ------------------------------------------------------------------
    # Key account records (cirrus.kam.account)
    # ------------------------------------------------------------------
    @classmethod
    def _kam_account(cls, partner, company=None):
        """The key account of ``partner``'s commercial partner in a company
        (default: ours), whatever the current company."""
        return cls.env["cirrus.kam.account"].search(
            [
                ("partner_id", "=", partner.commercial_partner_id.id),
                ("company_id", "=", (company or cls.company).id),
            ]
        )
