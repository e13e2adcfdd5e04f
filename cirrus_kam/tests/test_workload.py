# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import Command
from odoo.tests import tagged

from .test_assignment import AssignmentCommon


@tagged("post_install", "-at_install")
class TestWorkload(AssignmentCommon):
    """kam1 (capacity 2) owns two key accounts and an account: load 3, 150%;
    am1 (capacity 3) owns an account and half a small one: 1.5, 50%; kam2
    and am2 own nothing; two accounts have no owner (load 1.5)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tier_small.workload_weight = 0.5
        for name, potential, owner in (
            ("K1", 5000.0, cls.kam1),
            ("K2", 3000.0, cls.kam1),
            ("A1", 500.0, cls.kam1),
            ("A2", 400.0, cls.am1),
            ("S1", 50.0, cls.am1),
            ("A3", 200.0, None),
            ("S2", 10.0, None),
        ):
            cls._account(name, potential, owner)
        cls.engine._run(companies=cls.company, source="cron")
        cls.report = cls.env["cirrus.kam.workload.report"]

    def _rows(self, report=None):
        report = report or self.report
        rows = report.search([("company_id", "=", self.company.id)])
        return {
            row.manager_name: (
                row.account_count,
                row.load,
                row.capacity,
                round(row.utilization, 2),
                row.over_capacity,
            )
            for row in rows
        }

    def test_one_row_per_manager_with_their_utilization(self):
        self.assertEqual(
            self._rows(),
            {
                self.kam1.name: (3, 3.0, 2, 150.0, True),
                self.kam2.name: (0, 0.0, 2, 0.0, False),
                self.am1.name: (2, 1.5, 3, 50.0, False),
                self.am2.name: (0, 0.0, 3, 0.0, False),
                "Unassigned": (2, 1.5, 0, 0.0, False),
            },
        )

    def test_graph_groups_one_value_per_manager(self):
        """What the graph asks: utilization grouped by manager, one group
        each, at the manager's real figure however many tiers they own."""
        groups = self.report.read_group(
            [("company_id", "=", self.company.id)], ["utilization:avg"], ["user_id"]
        )
        got = {
            group["user_id"]: round(group["utilization"] or 0, 2) for group in groups
        }
        self.assertEqual(
            got,
            {
                (self.kam1.id, self.kam1.name): 150.0,
                (self.kam2.id, self.kam2.name): 0.0,
                (self.am1.id, self.am1.name): 50.0,
                (self.am2.id, self.am2.name): 0.0,
                (False, "Unassigned"): 0.0,
            },
        )

    def test_total_is_total_load_over_total_capacity(self):
        # the managers' load 4.5 over their capacity 10; the unassigned 1.5
        # is in the load but in no utilization
        for func in ("avg", "sum", "max"):
            [(load, capacity, utilization)] = self.report._read_group(
                [("company_id", "=", self.company.id)],
                [],
                ["load:sum", "capacity:sum", f"utilization:{func}"],
            )
            self.assertEqual((load, capacity), (6.0, 10))
            self.assertAlmostEqual(utilization, 45.0)
        # per team: the Key Account team 3 / 4, the Account Management 1.5 / 6
        groups = self.report._read_group(
            [("company_id", "=", self.company.id), ("team_id", "!=", False)],
            ["team_id"],
            ["utilization:avg"],
        )
        self.assertEqual(
            {team: round(value, 2) for team, value in groups},
            {self.kam_team: 75.0, self.am_team: 25.0},
        )

    def test_members_without_accounts_and_inactive_members(self):
        # an archived membership, an archived user and an archived team
        # give no capacity, so no row
        self.kam_team.crm_team_member_ids.filtered(
            lambda m: m.user_id == self.kam2
        ).active = False
        self.am2.active = False
        self.env["crm.team"].create(
            {
                "name": "Old Team",
                "kam_role": "am",
                "active": False,
                "company_id": self.company.id,
                "crm_team_member_ids": [Command.create({"user_id": self.outsider.id})],
            }
        )
        self.env.flush_all()
        self.report.invalidate_model()
        self.assertEqual(
            set(self._rows()), {self.kam1.name, self.am1.name, "Unassigned"}
        )
        # an active Account Management membership: load 0 at capacity 15
        self.am_team.crm_team_member_ids = [
            Command.create({"user_id": self.outsider.id})
        ]
        self.env.flush_all()
        self.report.invalidate_model()
        self.assertEqual(self._rows()[self.outsider.name], (0, 0.0, 15, 0.0, False))

    def test_unassigned_row_is_labelled_and_counts_in_no_utilization(self):
        unassigned = self.report.search(
            [("company_id", "=", self.company.id), ("user_id", "=", False)]
        )
        self.assertEqual(len(unassigned), 1)
        self.assertEqual(unassigned.manager_name, "Unassigned")
        self.assertFalse(unassigned.team_id)
        [group] = self.report.read_group(
            [("id", "=", unassigned.id)],
            ["load:sum", "utilization:avg"],
            ["user_id"],
        )
        self.assertEqual(group["user_id"], (False, "Unassigned"))
        self.assertEqual(group["load"], 1.5)
        self.assertIs(group["utilization"], False, "no utilization")
        # never over capacity: only kam1 is
        self.assertEqual(self.report._overloaded_user_ids(self.company), self.kam1.ids)

    def test_unassigned_row_keeps_to_the_users_companies(self):
        company_b = self.setup_other_company(name="Workload B")["company"]
        self.env["cirrus.kam.tier"]._company_tiers(company_b)
        for name in ("B1", "B2", "B3"):
            self._customer(name, company_id=company_b.id)
        self.engine._run(companies=company_b, source="cron")
        report = self.report.with_user(self.kam1)
        rows = report.search([])
        self.assertEqual(rows.company_id, self.company)
        [(count, load)] = report._read_group(
            [("user_id", "=", False)], [], ["account_count:sum", "load:sum"]
        )
        self.assertEqual((count, load), (2, 1.5))
        # the administrator of both companies sees two Unassigned rows
        both = self.report.with_context(
            allowed_company_ids=(self.company | company_b).ids
        )
        unassigned = both.search([("user_id", "=", False)])
        self.assertEqual(unassigned.company_id, self.company | company_b)

    def test_team_members_show_their_load(self):
        members = (self.kam_team | self.am_team).crm_team_member_ids
        self.assertEqual(
            {m.user_id: (m.kam_load, m.kam_effective_capacity) for m in members},
            {
                self.kam1: (3.0, 2),
                self.kam2: (0.0, 2),
                self.am1: (1.5, 3),
                self.am2: (0.0, 3),
            },
        )
        self.assertEqual(
            self.kam_team.crm_team_member_ids.with_user(self.kam2).mapped("kam_load"),
            [3.0, 0.0],
        )
