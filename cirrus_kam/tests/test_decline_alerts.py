# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import importlib.util
from datetime import date
from pathlib import Path
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged

from ..models import cirrus_kam_engine
from .common import TODAY, KamCommon

PREVIOUS = date(2025, 3, 1)  # in the previous window of TODAY


def _load_migration():
    path = Path(__file__).parent.parent / "migrations/18.0.2.1.0/post-migration.py"
    spec = importlib.util.spec_from_file_location("kam_migration_18_0_2_1_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


MIGRATION = _load_migration()


class FakeClock:
    """time.monotonic for the engine: the time budget runs out after
    ``calls`` readings, as when a scheduler call runs out of time."""

    def __init__(self, calls):
        self.calls = calls

    def monotonic(self):
        self.calls -= 1
        return 0.0 if self.calls >= 0 else 1000.0


@tagged("post_install", "-at_install")
class TestDeclineAlerts(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.owner = cls._user("t_decline_owner", "sales_team.group_sale_salesman")

    def _declining_customer(self, name, company=None, **values):
        """1000 in the previous window, 500 now: -50%."""
        partner = self._customer(name, user_id=self.owner.id, **values)
        self._invoice(partner, 1000.0, invoice_date=PREVIOUS, company=company)
        self._invoice(partner, 500.0, company=company)
        return partner

    def _alerts(self, partner, company=None):
        account = self._kam_account(partner, company)
        return account.activity_ids.filtered(
            lambda a: a.summary == f"Declining revenue: {partner.name}"
        )

    def test_first_run_sets_the_baseline_without_alerts(self):
        partner = self._declining_customer("Baseline Declining")
        self.assertFalse(self.company.kam_decline_baseline_date)
        self._classify()
        self.assertTrue(partner.kam_declining)
        self.assertFalse(self._alerts(partner))
        self.assertEqual(self.company.kam_decline_baseline_date, TODAY)
        # a later run keeps the first baseline
        self._classify(today=date(2026, 7, 1))
        self.assertEqual(self.company.kam_decline_baseline_date, TODAY)
        self.assertFalse(self._alerts(partner))

    def test_existing_customer_turning_declining_alerts_once(self):
        partner = self._customer("Turning", user_id=self.owner.id)
        self._invoice(partner, 1000.0, invoice_date=PREVIOUS)
        self._invoice(partner, 1000.0)
        self._classify()
        self.assertFalse(partner.kam_declining)
        self._invoice(partner, 600.0, move_type="out_refund")
        self._classify()
        self.assertTrue(partner.kam_declining)
        alert = self._alerts(partner)
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.owner)
        self._classify()
        self.assertEqual(len(self._alerts(partner)), 1, "not again")

    def _steady_customer(self, name, company=None, **values):
        partner = self._customer(name, user_id=self.owner.id, **values)
        self._invoice(partner, 1000.0, invoice_date=PREVIOUS, company=company)
        self._invoice(partner, 1000.0, company=company)
        return partner

    def test_no_baseline_without_customers(self):
        # a company with nothing to classify yet has no baseline: its first
        # customers are its baseline
        self._classify()
        self.assertFalse(self.company.kam_decline_baseline_date)

    def test_new_customer_declining_after_the_baseline_alerts_once(self):
        self._steady_customer("Steady")
        self._classify()  # the baseline, with no customer declining
        self.assertEqual(self.company.kam_decline_baseline_date, TODAY)
        partner = self._declining_customer("Newcomer")
        self._classify()
        self.assertTrue(partner.kam_declining)
        alert = self._alerts(partner)
        self.assertEqual(len(alert), 1)
        self.assertEqual(alert.user_id, self.owner)
        self.assertEqual(
            str(alert.note),
            "<p>Revenue fell from 1,000.00 to 500.00 (-50%), more than the 25% "
            f"decline alert of {self.company.name}.</p>",
        )
        self._classify()
        self.assertEqual(len(self._alerts(partner)), 1, "not again")

    def test_partial_runs_set_no_baseline(self):
        partner = self._declining_customer("Reclassified Alone")
        self.engine._run(companies=self.company, today=TODAY, partner_ids=partner.ids)
        self.assertFalse(self.company.kam_decline_baseline_date)
        self.assertFalse(self._alerts(partner))

    def test_first_run_over_several_scheduler_calls_alerts_nobody(self):
        first = self._declining_customer("Batch One")
        second = self._declining_customer("Batch Two")
        # one customer a batch; the budget runs out after the first batch
        # (readings: deadline, company, batch one, batch two)
        with (
            patch.object(cirrus_kam_engine, "BATCH_SIZE", 1),
            patch.object(cirrus_kam_engine, "time", FakeClock(3)),
        ):
            self.engine._run(companies=self.company, today=TODAY, budget=10)
        self.assertTrue(self._kam_account(first).declining)
        self.assertFalse(self._kam_account(second).classified_date)
        self.assertFalse(self.company.kam_decline_baseline_date)
        # the next call finishes the first run: still the baseline
        self._classify()
        self.assertTrue(self._kam_account(second).declining)
        self.assertEqual(self.company.kam_decline_baseline_date, TODAY)
        self.assertFalse(self._alerts(first) | self._alerts(second))

    def test_each_company_has_its_own_baseline(self):
        company_b = self.setup_other_company(name="Decline B")["company"]
        self.env["cirrus.kam.tier"]._company_tiers(company_b)
        self._steady_customer("Steady in A")
        self._classify()  # company A's baseline
        self.owner.sudo().company_ids |= company_b
        partner = self._declining_customer(
            "Declining in B", company=company_b, company_id=company_b.id
        )
        self._classify(companies=company_b)
        self.assertTrue(self._kam_account(partner, company_b).declining)
        self.assertFalse(self._alerts(partner, company_b), "B's baseline run")
        self.assertEqual(company_b.kam_decline_baseline_date, TODAY)
        # a newcomer of A alerts: A's baseline is its own
        newcomer = self._declining_customer("Declining in A")
        self._classify()
        self.assertEqual(len(self._alerts(newcomer)), 1)

    def test_update_of_a_classified_database_keeps_alerting(self):
        """A database classified before the baseline existed gets it when
        the module is upgraded to 18.0.2.1.0: its next run alerts as usual."""
        partner = self._steady_customer("Classified Before")
        self._classify()
        self.company.kam_decline_baseline_date = False
        self.env.flush_all()
        MIGRATION.migrate(self.env.cr, "18.0.2.0.0")
        self.company.invalidate_recordset()
        self.assertEqual(self.company.kam_decline_baseline_date, fields.Date.today())
        self._invoice(partner, 600.0, move_type="out_refund")
        self._classify()
        self.assertEqual(len(self._alerts(partner)), 1)
