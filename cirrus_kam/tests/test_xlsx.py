# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from datetime import date, datetime
from io import BytesIO

from dateutil.relativedelta import relativedelta
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import TODAY, KamCommon

WORKLOAD = "cirrus_kam.action_report_workload_xlsx"
PORTFOLIO = "cirrus_kam.action_report_portfolio_xlsx"
PREVIEW = "cirrus_kam.action_report_classification_preview_xlsx"
PREVIOUS = TODAY - relativedelta(months=18)
ACCOUNT_HEADER = [
    "Customer",
    "Tier",
    "Revenue",
    "Previous Window",
    "Trend",
    "Potential",
    "Potential Assessed On",
    "Score",
    "Tier Locked",
    "Classified On",
]


@tagged("post_install", "-at_install")
class TestXlsx(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._amount_mode_xlsx()
        company = cls.company
        cls.manager = cls._new_user(
            "xlsx_manager", "cirrus_kam.group_kam_manager,base.group_partner_manager"
        )
        cls.alice = cls._new_user(
            "xlsx_alice", "cirrus_kam.group_kam_user", "Alice Key"
        )
        cls.bob = cls._new_user("xlsx_bob", "cirrus_kam.group_kam_user", "Bob Key")
        cls.carol = cls._new_user(
            "xlsx_carol", "cirrus_kam.group_kam_user", "Carol [AM]: Smith/Jones"
        )
        teams = cls.env["crm.team"].sudo()
        cls.kam_team = teams.create(
            {
                "name": "Key Accounts",
                "kam_role": "kam",
                "company_id": company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.alice.id, "kam_capacity": 2}),
                    Command.create({"user_id": cls.bob.id, "kam_capacity": 5}),
                ],
            }
        )
        cls.am_team = teams.create(
            {
                "name": "Accounts",
                "kam_role": "am",
                "company_id": company.id,
                "crm_team_member_ids": [
                    Command.create({"user_id": cls.carol.id, "kam_capacity": 3}),
                ],
            }
        )
        spec = [
            # name, owner, revenue, previous revenue, potential, assessed on
            ("Atlas", cls.alice, 600000.0, 500000.0, 900000.0, date(2026, 5, 15)),
            ("Borealis", cls.alice, 700000.0, 0.0, None, None),
            ("Cumulus", cls.alice, 550000.0, 0.0, None, None),
            ("Delta", cls.bob, 520000.0, 0.0, 400000.0, date(2026, 4, 1)),
            ("Echo", cls.carol, 80000.0, 100000.0, None, None),
            ("Foxtrot", cls.carol, 60000.0, 0.0, None, None),
            ("Golf", cls.carol, 5000.0, 0.0, None, None),
            ("Hotel", None, 20000.0, 0.0, None, None),
        ]
        cls.customers = {}
        for name, owner, revenue, previous, potential, assessed in spec:
            values = {"user_id": owner.id if owner else False}
            if potential is not None:
                values.update(kam_potential=potential, kam_potential_date=assessed)
            customer = cls._customer(name, **values)
            cls._invoice(customer, revenue)
            if previous:
                cls._invoice(customer, previous, invoice_date=PREVIOUS)
            cls.customers[name] = customer
        # Golf is kept at Account by hand, whatever its revenue
        cls.customers["Golf"].with_user(cls.manager).write(
            {"kam_tier_id": cls.tier_account.id, "kam_lock_reason": "Strategic"}
        )
        cls.engine._run(companies=company, today=TODAY, source="cron")
        cls.env.flush_all()

    @classmethod
    def _amount_mode_xlsx(cls):
        cls.company.write({"kam_threshold_mode": "amount", "kam_basis": "revenue"})

    @classmethod
    def _new_user(cls, login, groups, name=None, companies=None):
        companies = companies or cls.company
        return new_test_user(
            cls.env(su=True),
            login=login,
            groups=groups,
            name=name or login,
            company_id=companies[0].id,
            company_ids=[Command.set(companies.ids)],
        )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _render(self, report, ids, user=None, companies=None):
        env = self.env(user=user or self.manager)
        companies = companies or self.company
        env = env(context=dict(env.context, allowed_company_ids=companies.ids))
        content, report_type = env["ir.actions.report"]._render(report, ids, data={})
        self.assertEqual(report_type, "xlsx")
        return load_workbook(BytesIO(content), data_only=True)

    def _rows(self, sheet):
        return [[cell.value for cell in row] for row in sheet.iter_rows()]

    def _assert_layout(self, sheet, data_rows):
        """Frozen header, filter over the header and data rows, every column
        sized."""
        self.assertEqual(sheet.freeze_panes, "A2")
        last_col = get_column_letter(sheet.max_column)
        self.assertEqual(sheet.auto_filter.ref, f"A1:{last_col}{max(data_rows + 1, 2)}")
        widths = {}
        for dimension in sheet.column_dimensions.values():
            for index in range(dimension.min, dimension.max + 1):
                widths[index] = dimension.width
        for index in range(1, sheet.max_column + 1):
            self.assertGreater(widths.get(index) or 0, 0, f"column {index} sized")

    def _assert_numbers(self, row, columns):
        for col in columns:
            cell = row[col]
            self.assertEqual(cell.data_type, "n", f"{cell.coordinate} is a number")
            self.assertIsInstance(cell.value, (int, float), cell.coordinate)

    def _money(self, currency):
        return self.env["report.cirrus_kam.xlsx_common"]._money_format(currency)

    def _workload(self):
        return self.env["cirrus.kam.workload.report"].with_user(self.manager)

    def _partner(self, name, company=None):
        return self.customers[name].with_company(company or self.company)

    # ------------------------------------------------------------------
    # Workload
    # ------------------------------------------------------------------
    def test_workload_sheets_and_summary(self):
        book = self._render(WORKLOAD, [])
        self.assertEqual(
            book.sheetnames,
            ["Summary", "Alice Key", "Bob Key", "Carol AM Smith Jones", "Unassigned"],
        )
        summary = book["Summary"]
        rows = self._rows(summary)
        self.assertEqual(
            rows[0],
            [
                "Manager",
                "Role",
                "Team",
                "Key Account",
                "Account",
                "Small Account",
                "Accounts",
                "Load",
                "Capacity",
                "Utilization",
                "Over Capacity",
                "Revenue",
                "Potential",
                "Headroom",
            ],
        )
        self.assertEqual(
            rows[1],
            [
                "Alice Key",
                "Key Account Manager",
                "Key Accounts",
                3,
                0,
                0,
                3,
                3,
                2,
                1.5,
                True,
                1850000,
                900000,
                300000,
            ],
        )
        self.assertEqual(
            rows[2][:4], ["Bob Key", "Key Account Manager", "Key Accounts", 1]
        )
        self.assertEqual(rows[2][8:], [5, 0.2, False, 520000, 400000, -120000])
        self.assertEqual(
            rows[3][:9],
            [
                "Carol [AM]: Smith/Jones",
                "Account Manager",
                "Accounts",
                0,
                3,
                0,
                3,
                3,
                3,
            ],
        )
        self.assertEqual(rows[3][9:11], [1.0, False])
        self.assertEqual(rows[4][:9], ["Unassigned", None, None, 0, 0, 1, 1, 1, 0])
        self.assertIsNone(rows[4][9], "no capacity, no utilization")
        self.assertEqual(
            rows[5],
            [
                "Total",
                None,
                None,
                4,
                3,
                1,
                8,
                8,
                10,
                0.7,
                None,
                2535000,
                1300000,
                180000,
            ],
        )
        self.assertEqual(summary.max_row, 6)
        self._assert_layout(summary, data_rows=4)
        for row in summary.iter_rows(min_row=2):
            self._assert_numbers(row, range(3, 9))
            self._assert_numbers(row, range(11, 14))
            self.assertEqual(row[11].number_format, '"$"#,##0.00')
            if row[0].value != "Unassigned":
                self._assert_numbers(row, [9])
                self.assertEqual(row[9].number_format, "0.0%")

    def test_workload_summary_lists_members_without_accounts(self):
        dave = self._new_user("xlsx_dave", "cirrus_kam.group_kam_user", "Dave Key")
        self.kam_team.sudo().crm_team_member_ids = [
            Command.create({"user_id": dave.id, "kam_capacity": 4})
        ]
        self.env.flush_all()
        book = self._render(WORKLOAD, [])
        self.assertNotIn("Dave Key", book.sheetnames, "no account to list")
        rows = self._rows(book["Summary"])
        self.assertEqual(
            [row[0] for row in rows],
            [
                "Manager",
                "Alice Key",
                "Bob Key",
                "Carol [AM]: Smith/Jones",
                "Dave Key",
                "Unassigned",
                "Total",
            ],
        )
        self.assertEqual(
            rows[4][:11],
            [
                "Dave Key",
                "Key Account Manager",
                "Key Accounts",
                0,
                0,
                0,
                0,
                0,
                4,
                0,
                False,
            ],
        )
        # the managers' load 7 (not the unassigned 1) over capacity 14
        self.assertEqual(rows[6][6:10], [8, 8, 14, 0.5])

    def test_workload_headers_name_the_window(self):
        book = self._render(WORKLOAD, [])
        window = (
            f"Invoiced over the last 12 months (the lookback window of "
            f"{self.company.name})."
        )
        summary = book["Summary"]
        self.assertEqual(summary.cell(1, 12).value, "Revenue")
        self.assertEqual(summary.cell(1, 12).comment.text, window)
        self.assertTrue(summary.cell(1, 10).comment.text.startswith("Load as a"))
        sheet = book["Alice Key"]
        self.assertEqual(sheet.cell(1, 3).comment.text, window)
        self.assertEqual(
            sheet.cell(1, 4).comment.text,
            "Invoiced over the 12 months before the lookback window of "
            f"{self.company.name}.",
        )

    def test_workload_summary_matches_database(self):
        book = self._render(WORKLOAD, [])
        rows = self._rows(book["Summary"])[1:]
        groups = self._workload()._read_group(
            [("company_id", "=", self.company.id)],
            ["user_id"],
            [
                "account_count:sum",
                "load:sum",
                "capacity:sum",
                "revenue:sum",
                "potential:sum",
                "headroom:sum",
            ],
        )
        by_name = {row[0]: row for row in rows}
        totals = [0, 0.0, 0, 0.0, 0.0, 0.0]
        for user, count, load, capacity, revenue, potential, headroom in groups:
            row = by_name[user.name or "Unassigned"]
            self.assertEqual(row[6:9], [count, load, capacity])
            self.assertAlmostEqual(row[11], revenue, places=2)
            self.assertAlmostEqual(row[12], potential, places=2)
            self.assertAlmostEqual(row[13], headroom, places=2)
            for index, value in enumerate(
                (count, load, capacity, revenue, potential, headroom)
            ):
                totals[index] += value
        total = by_name["Total"]
        self.assertEqual(total[6:9], totals[:3])
        for got, expected in zip(total[11:14], totals[3:], strict=True):
            self.assertAlmostEqual(got, expected, places=2)
        self.assertEqual(len(rows), len(groups) + 1)

    def test_workload_owner_sheet_reads_stored_values(self):
        book = self._render(WORKLOAD, [])
        sheet = book["Alice Key"]
        rows = self._rows(sheet)
        self.assertEqual(rows[0], ACCOUNT_HEADER)
        self.assertEqual(
            [row[0] for row in rows[1:]], ["Borealis", "Atlas", "Cumulus", "Total"]
        )
        classified = datetime.combine(TODAY, datetime.min.time())
        atlas = self._partner("Atlas")
        self.assertEqual(
            rows[2],
            [
                "Atlas",
                "Key Account",
                atlas.kam_revenue_12m,
                atlas.kam_revenue_prev_12m,
                atlas.kam_revenue_trend / 100,
                atlas.kam_potential,
                datetime(2026, 5, 15),
                atlas.kam_score,
                False,
                classified,
            ],
        )
        self.assertEqual(rows[2][2:6], [600000, 500000, 0.2, 900000])
        # no previous revenue: no trend; no assessment: no potential
        self.assertEqual(
            rows[1][:6], ["Borealis", "Key Account", 700000, 0, None, None]
        )
        self.assertIsNone(rows[1][6])
        self.assertEqual(rows[4][:6], ["Total", None, 1850000, 500000, 2.7, 900000])
        self._assert_layout(sheet, data_rows=3)
        for row in sheet.iter_rows(min_row=2, max_row=4):
            self._assert_numbers(row, (2, 3, 7))
            self.assertEqual(row[2].number_format, '"$"#,##0.00')
            self.assertIsInstance(row[9].value, datetime)
            self.assertTrue(row[9].is_date)
            self.assertEqual(row[8].data_type, "b")
        atlas_row = list(sheet.iter_rows(min_row=3, max_row=3))[0]
        self._assert_numbers(atlas_row, (4, 5))
        self.assertEqual(atlas_row[4].number_format, "0.0%")
        self.assertTrue(atlas_row[6].is_date)

    def test_workload_owner_sheet_of_locked_and_unassigned(self):
        book = self._render(WORKLOAD, [])
        carol = self._rows(book["Carol AM Smith Jones"])
        self.assertEqual(
            [r[0] for r in carol[1:]], ["Echo", "Foxtrot", "Golf", "Total"]
        )
        self.assertEqual(carol[3][1], "Account")
        self.assertIs(carol[3][8], True, "Golf is locked")
        self.assertAlmostEqual(carol[1][4], -0.2)
        self.assertEqual(carol[4][2:4], [145000, 100000])
        unassigned = self._rows(book["Unassigned"])
        self.assertEqual([r[0] for r in unassigned[1:]], ["Hotel", "Total"])
        self.assertEqual(unassigned[1][1], "Small Account")

    def test_workload_selected_rows(self):
        rows = self._workload().search([("user_id", "=", self.alice.id)])
        book = self._render(WORKLOAD, rows.ids)
        self.assertEqual(book.sheetnames, ["Summary", "Alice Key"])
        summary = self._rows(book["Summary"])
        self.assertEqual([row[0] for row in summary], ["Manager", "Alice Key", "Total"])
        self.assertEqual(summary[2][6], 3)
        self.assertEqual(summary[2][11], 1850000)

    def test_workload_as_account_manager(self):
        """A plain key account user gets the report with their own access."""
        book = self._render(WORKLOAD, [], user=self.bob)
        self.assertEqual(book.sheetnames[0], "Summary")
        self.assertEqual(self._rows(book["Summary"])[-1][6], 8)

    def test_workload_multi_company(self):
        branch = (
            self.env["res.company"]
            .sudo()
            .create({"name": "Branch", "currency_id": self._eur().id})
        )
        self.manager.sudo().company_ids = [Command.link(branch.id)]
        self.alice.sudo().company_ids = [Command.link(branch.id)]
        branch_key = self.env["cirrus.kam.tier"]._company_tiers(branch)[0]
        atlas = self.customers["Atlas"]
        atlas.with_user(self.manager).with_company(branch).write(
            {"kam_tier_id": branch_key.id}
        )
        self.env.flush_all()
        both = self.company | branch
        book = self._render(WORKLOAD, [], companies=both)
        self.assertEqual(
            book.sheetnames[:2],
            [f"Summary {self.company.name}"[:31], "Summary Branch"],
        )
        branch_summary = self._rows(book["Summary Branch"])
        self.assertEqual(branch_summary[1][:4], ["Alice Key", None, None, 1])
        money = list(book["Summary Branch"].iter_rows(min_row=2, max_row=2))[0][-3]
        self.assertEqual(money.number_format, '#,##0.00 "€"')
        self.assertIn("Alice Key Branch", book.sheetnames)
        # only the company the report is printed in
        book = self._render(WORKLOAD, [])
        self.assertEqual(book.sheetnames[0], "Summary")
        self.assertNotIn("Summary Branch", book.sheetnames)
        # rows of a company the user may not read
        branch_rows = self._workload().search([("company_id", "=", branch.id)])
        self.assertTrue(branch_rows)
        with self.assertRaises(AccessError):
            self._render(WORKLOAD, branch_rows.ids, user=self.bob)

    # ------------------------------------------------------------------
    # Portfolio
    # ------------------------------------------------------------------
    def test_portfolio(self):
        # the report prints key accounts, one sheet per company
        partners = (
            self.customers["Hotel"] | self.customers["Atlas"] | self.customers["Echo"]
        )
        accounts = partners.kam_account_id
        self.assertEqual(len(accounts), 3)
        book = self._render(PORTFOLIO, accounts.ids, user=self.alice)
        sheet_name = f"Portfolio {self.company.name}"
        self.assertEqual(book.sheetnames, [sheet_name])
        sheet = book[sheet_name]
        rows = self._rows(sheet)
        self.assertEqual(rows[0], ["Customer", "Owner"] + ACCOUNT_HEADER[1:])
        self.assertEqual(
            [row[:3] for row in rows[1:4]],
            [
                ["Atlas", "Alice Key", "Key Account"],
                ["Echo", "Carol [AM]: Smith/Jones", "Account"],
                ["Hotel", None, "Small Account"],
            ],
        )
        for row, name in zip(rows[1:4], ("Atlas", "Echo", "Hotel"), strict=True):
            partner = self._partner(name)
            self.assertEqual(row[3], partner.kam_revenue_12m)
            self.assertEqual(row[4], partner.kam_revenue_prev_12m)
            self.assertEqual(row[8], partner.kam_score)
        # totals: 700,000 against 600,000 is +16.67 %; only Atlas is assessed
        self.assertEqual(rows[4][:5], ["Total", None, None, 700000, 600000])
        self.assertAlmostEqual(rows[4][5], 0.1667)
        self.assertEqual(rows[4][6], 900000)
        self._assert_layout(sheet, data_rows=3)
        for row in sheet.iter_rows(min_row=2):
            self._assert_numbers(row, (3, 4))

    def test_portfolio_access(self):
        branch = self.env["res.company"].sudo().create({"name": "Branch"})
        hidden = (
            self.env["res.partner"]
            .sudo()
            .create({"name": "Branch only", "company_id": branch.id})
        )
        account = (
            self.env["cirrus.kam.account"]
            .sudo()
            .create({"partner_id": hidden.id, "company_id": branch.id})
        )
        with self.assertRaises(AccessError):
            self._render(PORTFOLIO, account.ids, user=self.alice)
        # with an account the user may read too
        mixed = self.customers["Atlas"].kam_account_id | account
        with self.assertRaises(AccessError):
            self._render(PORTFOLIO, mixed.ids, user=self.alice)

    def test_portfolio_binding(self):
        action = self.env.ref(PORTFOLIO)
        self.assertEqual(action.model, "cirrus.kam.account")
        self.assertEqual(action.binding_model_id.model, "cirrus.kam.account")
        self.assertEqual(action.report_type, "xlsx")
        self.assertIn(self.env.ref("cirrus_kam.group_kam_user"), action.groups_id)
        workload = self.env.ref(WORKLOAD)
        self.assertEqual(workload.binding_model_id.model, "cirrus.kam.workload.report")
        self.assertFalse(self.env.ref(PREVIEW).binding_model_id)

    # ------------------------------------------------------------------
    # Classification preview
    # ------------------------------------------------------------------
    def test_classification_preview(self):
        wizard = (
            self.env["cirrus.kam.classify.wizard"]
            .with_user(self.manager)
            .with_context(allowed_company_ids=self.company.ids)
            .create({})
        )
        key, account = wizard.tier_ids.sorted("sequence")[:2]
        key.min_score = 560000.0
        account.min_score = 70000.0
        wizard.action_preview()
        lines = wizard.line_ids.sorted(lambda line: (-line.score, line.id))
        self.assertTrue(lines)
        lines[-1].selected = False
        self.env.flush_all()
        book = self._render(PREVIEW, wizard.ids)
        self.assertEqual(book.sheetnames, ["Preview"])
        sheet = book["Preview"]
        rows = self._rows(sheet)
        self.assertEqual(
            rows[0],
            [
                "Customer",
                "Change",
                "Before",
                "After",
                "Score",
                "Revenue",
                "Potential",
                "Current Owner",
                "Proposed Owner",
                "Over Capacity",
                "Reason",
                "Selected",
            ],
        )
        self.assertEqual(len(rows), len(lines) + 2)
        for row, line in zip(rows[1:], lines, strict=False):
            self.assertEqual(
                row,
                [
                    line.partner_id.name,
                    dict(line._fields["change_kind"].selection)[line.change_kind],
                    line.old_tier_id.name or None,
                    line.new_tier_id.name or None,
                    line.score,
                    line.revenue,
                    line.potential if line.potential_assessed else None,
                    line.current_user_id.name or None,
                    line.proposed_user_id.name or None,
                    line.overloaded,
                    line.reason or None,
                    line.selected,
                ],
            )
        names = [row[0] for row in rows[1:-1]]
        self.assertIn("Cumulus", names)
        self.assertIn("Foxtrot", names)
        cumulus = rows[1 + names.index("Cumulus")]
        self.assertEqual(cumulus[1:4], ["Both", "Key Account", "Account"])
        self.assertEqual(cumulus[8], "Carol [AM]: Smith/Jones")
        self.assertIs(rows[-2][11], False)
        self.assertEqual(
            rows[-1][:7],
            [
                "Total",
                None,
                None,
                None,
                sum(lines.mapped("score")),
                sum(lines.mapped("revenue")),
                sum(lines.filtered("potential_assessed").mapped("potential")),
            ],
        )
        self._assert_layout(sheet, data_rows=len(lines))
        for row in sheet.iter_rows(min_row=2):
            self._assert_numbers(row, (4, 5))

    def test_classification_preview_report_action(self):
        wizard = (
            self.env["cirrus.kam.classify.wizard"].with_user(self.manager).create({})
        )
        # what the wizard's Export button returns (config=False: no layout
        # configurator for a spreadsheet)
        action = (
            self.env.ref(PREVIEW)
            .with_user(self.manager)
            .report_action(wizard, config=False)
        )
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["context"]["active_ids"], wizard.ids)
        self.assertEqual(action["report_type"], "xlsx")
        self.assertEqual(
            action["report_name"], "cirrus_kam.classification_preview_xlsx"
        )
        book = self._render(PREVIEW, wizard.ids)
        self.assertEqual(
            self._rows(book["Preview"]),
            [
                [
                    "Customer",
                    "Change",
                    "Before",
                    "After",
                    "Score",
                    "Revenue",
                    "Potential",
                    "Current Owner",
                    "Proposed Owner",
                    "Over Capacity",
                    "Reason",
                    "Selected",
                ],
                ["Total", None, None, None, 0, 0, 0, None, None, None, None, None],
            ],
        )

    def test_classification_preview_access(self):
        wizard = (
            self.env["cirrus.kam.classify.wizard"].with_user(self.manager).create({})
        )
        with self.assertRaises(AccessError):
            self._render(PREVIEW, wizard.ids, user=self.alice)

    # ------------------------------------------------------------------
    # Helpers of the exports
    # ------------------------------------------------------------------
    def _eur(self):
        eur = self.env.ref("base.EUR").sudo()
        eur.active = True
        return eur

    def test_money_formats(self):
        currency = self.env["res.currency"].sudo()
        usd = self.env.ref("base.USD")
        self.assertEqual(self._money(usd), '"$"#,##0.00')
        self.assertEqual(self._money(self._eur()), '#,##0.00 "€"')
        kroner = currency.new(
            {"name": "XKR", "symbol": "kr", "position": "after", "rounding": 0.01}
        )
        self.assertEqual(self._money(kroner), '#,##0.00 "kr"')
        yen = currency.new(
            {"name": "XYN", "symbol": "¥", "position": "before", "rounding": 1.0}
        )
        self.assertEqual(self._money(yen), '"¥"#,##0')

    def test_sheet_names(self):
        common = self.env["report.cirrus_kam.xlsx_common"]
        used = set()
        self.assertEqual(common._sheet_name("A/B [c]: d*e?f\\g", used), "A B c d e f g")
        long_name = "x" * 40
        self.assertEqual(common._sheet_name(long_name, used), "x" * 31)
        self.assertEqual(common._sheet_name(long_name, used), "x" * 27 + " (2)")
        self.assertEqual(common._sheet_name("Summary", used), "Summary")
        self.assertEqual(common._sheet_name("SUMMARY", used), "SUMMARY (2)")
        self.assertEqual(common._sheet_name("'quoted'", used), "quoted")
        self.assertEqual(common._sheet_name("History", used), "History (2)")
        self.assertEqual(common._sheet_name("", used), "Sheet")
        name = common._sheet_name("y" * 30 + "'z", used)
        self.assertEqual(name, "y" * 30)
        self.assertEqual(common._sheet_name("\t 'Tab\nName' ", used), "Tab Name")

    def test_constant_memory(self):
        options = self.env["report.cirrus_kam.workload_xlsx"].get_workbook_options()
        self.assertTrue(options["constant_memory"])
