# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.tests import tagged

from .common import TODAY, KamCommon


@tagged("post_install", "-at_install")
class TestRevenue(KamCommon):
    def test_window_boundaries_are_inclusive(self):
        start = TODAY - relativedelta(months=12)
        customer = self._customer("Boundaries")
        self._invoice(customer, 100.0, invoice_date=start)
        self._invoice(customer, 10.0, invoice_date=TODAY)
        self._invoice(customer, 1.0, invoice_date=start - relativedelta(days=1))
        self._invoice(customer, 1000.0, invoice_date=TODAY + relativedelta(days=1))
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 110.0)
        self.assertEqual(customer.kam_revenue_prev_12m, 1.0)

    def test_previous_window_boundaries(self):
        start = TODAY - relativedelta(months=12)
        prev_start = start - relativedelta(months=12)
        customer = self._customer("Previous")
        self._invoice(customer, 7.0, invoice_date=prev_start)
        self._invoice(customer, 3.0, invoice_date=prev_start - relativedelta(days=1))
        self._classify()
        self.assertEqual(customer.kam_revenue_prev_12m, 7.0)
        self.assertEqual(customer.kam_revenue_12m, 0.0)

    def test_lookback_months_sets_both_windows(self):
        self._settings(kam_lookback_months=3)
        start = TODAY - relativedelta(months=3)  # 2026-03-30
        prev_start = start - relativedelta(months=3)  # 2025-12-30
        customer = self._customer("Quarter")
        self._invoice(customer, 100.0, invoice_date=start)
        self._invoice(customer, 20.0, invoice_date=start - relativedelta(days=1))
        self._invoice(customer, 3.0, invoice_date=prev_start)
        self._invoice(customer, 4000.0, invoice_date=prev_start - relativedelta(days=1))
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 100.0)
        self.assertEqual(customer.kam_revenue_prev_12m, 23.0)

    def test_credit_notes_subtract(self):
        customer = self._customer("Refunded")
        self._invoice(customer, 1000.0)
        self._invoice(customer, 300.0, move_type="out_refund")
        previous = TODAY - relativedelta(months=18)
        self._invoice(customer, 50.0, invoice_date=previous)
        self._invoice(customer, 80.0, invoice_date=previous, move_type="out_refund")
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 700.0)
        self.assertEqual(customer.kam_revenue_prev_12m, -30.0)

    def test_drafts_and_cancelled_invoices_are_excluded(self):
        customer = self._customer("Drafts")
        self._invoice(customer, 100.0)
        self._invoice(customer, 200.0, post=False)
        self._invoice(customer, 50.0, move_type="out_refund", post=False)
        cancelled = self._invoice(customer, 400.0)
        cancelled.button_draft()
        cancelled.button_cancel()
        self.assertEqual(cancelled.state, "cancel")
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 100.0)

    def test_vendor_bills_are_excluded(self):
        customer = self._customer("Also a supplier")
        self._invoice(customer, 100.0)
        self._invoice(customer, 5000.0, move_type="in_invoice")
        self._invoice(customer, 70.0, move_type="in_refund")
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 100.0)

    def test_only_product_lines_count_not_taxes(self):
        customer = self._customer("Taxed")
        move = self._invoice(customer, 1000.0, post=False)
        move.write(
            {
                "invoice_line_ids": [
                    Command.update(
                        move.invoice_line_ids.id,
                        {"tax_ids": [Command.set(self.tax_sale_a.ids)]},
                    )
                ]
            }
        )
        move.action_post()
        self.assertGreater(move.amount_tax, 0.0)
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 1000.0)

    def test_child_contacts_roll_up_to_commercial_partner(self):
        parent = self._customer("Parent Co")
        child = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": parent.id, "type": "invoice"}
        )
        self._invoice(child, 250.0)
        self._invoice(parent, 100.0)
        self._classify()
        self.assertEqual(parent.kam_revenue_12m, 350.0)
        # the contact shows its commercial partner's values
        self.assertEqual(child.kam_revenue_12m, 350.0)
        self.assertEqual(child.kam_score, 350.0)
        self.assertEqual(child.kam_tier_id, parent.kam_tier_id)
        self.assertEqual(child.kam_tier_explanation, parent.kam_tier_explanation)
        # the contact is not classified on its own
        self.assertFalse(self._history(child))
        self.assertEqual(len(self._history(parent)), 1)

    def test_contact_created_later_shows_commercial_partner_values(self):
        parent = self._customer("Parent Later")
        self._invoice(parent, 120.0)
        self._classify()
        child = self.env["res.partner"].create(
            {"name": "New Buyer", "parent_id": parent.id}
        )
        self.assertEqual(child.kam_revenue_12m, 120.0)
        self.assertEqual(child.kam_tier_id, parent.kam_tier_id)

    def test_foreign_currency_counted_in_company_currency(self):
        eur = self.setup_other_currency("EUR")  # 2 EUR for 1 USD since 2017
        self.assertEqual(self.company.currency_id.name, "USD")
        customer = self._customer("Euro Buyer")
        self._invoice(customer, 300.0, currency=eur)
        self._invoice(customer, 40.0)
        self._classify()
        self.assertEqual(customer.kam_revenue_12m, 190.0)

    def test_two_companies_share_one_partner(self):
        other = self.setup_other_company()["company"]
        self.assertTrue(self.env["cirrus.kam.tier"]._company_tiers(other))
        customer = self._customer("Shared", company_id=False)
        self._invoice(customer, 100.0)
        self._invoice(customer, 700.0, company=other)
        self._invoice(
            customer, 5.0, company=other, invoice_date=TODAY - relativedelta(months=2)
        )
        self._classify(companies=self.company | other)
        here = customer.with_company(self.company)
        there = customer.with_company(other)
        self.assertEqual(here.kam_revenue_12m, 100.0)
        self.assertEqual(here.kam_revenue_prev_12m, 0.0)
        self.assertEqual(there.kam_revenue_12m, 705.0)
        self.assertEqual(there.kam_revenue_prev_12m, 0.0)
        self.assertEqual(here.kam_tier_id.company_id, self.company)
        self.assertEqual(there.kam_tier_id.company_id, other)

    def test_classifying_one_company_leaves_the_other_untouched(self):
        other = self.setup_other_company()["company"]
        customer = self._customer("Shared Once", company_id=False)
        self._invoice(customer, 100.0)
        self._invoice(customer, 700.0, company=other)
        self._classify()
        self.assertEqual(customer.with_company(self.company).kam_revenue_12m, 100.0)
        self.assertEqual(customer.with_company(other).kam_revenue_12m, 0.0)
        self.assertFalse(customer.with_company(other).kam_tier_id)
