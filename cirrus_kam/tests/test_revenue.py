from dateutil.relativedelta import relativedelta

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
