# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from unittest.mock import patch

from dateutil.relativedelta import relativedelta

from odoo.addons.cirrus_kam.models import cirrus_kam_engine
from odoo.tests import tagged

from .common import KamCommon

VALUES = [
    "kam_revenue_12m",
    "kam_revenue_prev_12m",
    "kam_score",
    "kam_computed_tier_id",
    "kam_tier_id",
    "kam_tier_explanation",
    "kam_classified_date",
]


@tagged("post_install", "-at_install")
class TestCron(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._amount_mode()
        cls.cron = cls.env.ref("cirrus_kam.ir_cron_kam_classify")
        today = cls._real_today()
        cls.customers = cls.env["res.partner"]
        for index, amount in enumerate((600000.0, 60000.0, 6000.0, 0.0)):
            customer = cls._customer(f"Nightly {index}")
            if amount:
                cls._invoice(
                    customer, amount, invoice_date=today - relativedelta(days=3)
                )
            cls.customers |= customer

    def _snapshot(self):
        self.env.invalidate_all()
        return self.customers.read(VALUES)

    def _history(self):
        return self.env["cirrus.kam.tier.history"].search(
            [("partner_id", "in", self.customers.ids)]
        )

    def test_cron_record(self):
        self.assertTrue(self.cron.active)
        self.assertEqual(self.cron.model_id.model, "cirrus.kam.engine")
        self.assertEqual(
            (self.cron.interval_number, self.cron.interval_type), (1, "days")
        )

    def test_cron_classifies_every_customer(self):
        self.cron.method_direct_trigger()
        self.assertEqual(
            self.customers.mapped("kam_tier_id"),
            self.tier_key | self.tier_account | self.tier_small,
        )
        self.assertEqual(
            self.customers.mapped("kam_revenue_12m"), [600000.0, 60000.0, 6000.0, 0.0]
        )
        self.assertEqual(
            self.customers.mapped("kam_classified_date"), [self._real_today()] * 4
        )
        history = self._history()
        self.assertEqual(len(history), 4)
        self.assertEqual(set(history.mapped("source")), {"cron"})
        self.assertEqual(history.user_id, self.env.ref("base.user_root"))

    def test_cron_is_idempotent(self):
        self.cron.method_direct_trigger()
        first = self._snapshot()
        history = self._history()
        self.cron.method_direct_trigger()
        self.assertEqual(self._snapshot(), first)
        self.assertEqual(self._history(), history)

    def test_cron_completes_in_one_call_over_many_batches(self):
        with patch.object(cirrus_kam_engine, "BATCH_SIZE", 1):
            self.cron.method_direct_trigger()
        self.assertEqual(len(self.customers.filtered("kam_tier_id")), 4)
        self.assertEqual(len(self._history()), 4)

    def test_cron_classifies_every_company(self):
        other = self.env["res.company"].create({"name": "KAM Nightly B"})
        shared = self.customers[0]
        self.cron.method_direct_trigger()
        self.assertEqual(shared.kam_tier_id, self.tier_key)
        in_other = shared.with_company(other)
        self.assertEqual(in_other.kam_revenue_12m, 0.0)
        self.assertEqual(in_other.kam_tier_id.company_id, other)

    def test_cron_picks_up_changes_on_next_run(self):
        self.cron.method_direct_trigger()
        history = self._history()
        low = self.customers[2]
        self._invoice(low, 54000.0, invoice_date=self._real_today())
        self.cron.method_direct_trigger()
        self.assertEqual(low.kam_tier_id, self.tier_account)
        self.assertEqual(len(self._history() - history), 1)
