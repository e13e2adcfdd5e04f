# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command
from odoo.tests import tagged

from .tour_common import KamTourCase


@tagged("post_install", "-at_install", "cirrus_kam_tour")
class TestKamWorkloadTour(KamTourCase):
    """The Workload graph: one bar per manager at their utilization, with
    the 100% capacity line. Wl Anna owns accounts of two tiers (load 4 of
    capacity 3: 133.33%), Wl Kurt owns none (0%); one account has no owner
    and no bar."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for tier in cls._tour_company():
            tier.workload_weight = 1.0
        cls.admin_user = cls._tour_user(
            "kam_wl_admin", "Wl Admin", "base.group_user,sales_team.group_sale_manager"
        )
        anna, kurt = (
            cls._tour_user(login, name, "sales_team.group_sale_salesman")
            for login, name in (("kam_wl_anna", "Wl Anna"), ("kam_wl_kurt", "Wl Kurt"))
        )
        # the only account teams of the company in this test
        cls.env["crm.team"].search([("kam_role", "!=", False)]).active = False
        cls.env["crm.team"].create(
            {
                "name": "Wl Accounts",
                "kam_role": "am",
                "company_id": cls.company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": anna.id, "kam_capacity": 3}),
                    Command.create({"user_id": kurt.id, "kam_capacity": 4}),
                ],
            }
        )
        cls._tour_customers(
            anna,
            (
                ("Wl Account One", 90000.0),
                ("Wl Account Two", 60000.0),
                ("Wl Small One", 2000.0),
                ("Wl Small Two", 1000.0),
            ),
        )
        cls.env["res.partner"].create(
            {"name": "Wl Nobody's", "is_company": True, "customer_rank": 1}
        )
        cls.env["cirrus.kam.engine"]._run(companies=cls.company, source="cron")

    def test_workload_graph_tour(self):
        report = self.env["cirrus.kam.workload.report"]
        rows = report.search([("user_id.name", "in", ["Wl Anna", "Wl Kurt"])])
        self.assertEqual(
            sorted((r.manager_name, r.load, r.capacity) for r in rows),
            [("Wl Anna", 4.0, 3), ("Wl Kurt", 0.0, 4)],
        )
        self.assertTrue(report.search([("user_id", "=", False)]))
        self.start_tour("/odoo", "cirrus_kam_workload_tour", login="kam_wl_admin")
