# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from collections import Counter, defaultdict

from odoo import api, models
from odoo.tools import SQL

from .cirrus_kam_xlsx_common import SheetWriter


class ReportCirrusKamWorkloadXlsx(models.AbstractModel):
    """The workload report as a workbook: a summary per company with one row
    per owner, and one sheet per owner listing their accounts. Everything is
    read from what the classification stored."""

    _name = "report.cirrus_kam.workload_xlsx"
    _inherit = "report.cirrus_kam.xlsx_common"
    _description = "Account Workload (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        rows = self._workload_rows(objs)
        used = set()
        owners_by_company = self._group_rows(rows)
        multi = len(owners_by_company) > 1
        sheets = []
        for company, owners in owners_by_company.items():
            formats = self._formats(workbook, company.currency_id)
            name = self.env._("Summary")
            if multi:
                name = f"{name} {company.name}"
            self._write_summary(
                workbook, self._sheet_name(name, used), company, owners, formats
            )
            sheets.append((company, owners, formats))
        if not owners_by_company:
            company = self.env.company
            formats = self._formats(workbook, company.currency_id)
            self._write_summary(
                workbook,
                self._sheet_name(self.env._("Summary"), used),
                company,
                [],
                formats,
            )
        for company, owners, formats in sheets:
            # a manager who owns nothing is on the summary only
            for owner in filter(lambda o: o["partner_ids"], owners):
                name = owner["name"]
                if multi:
                    name = f"{name} {company.name}"
                sheet = SheetWriter(
                    workbook,
                    self._sheet_name(name, used),
                    self._account_columns(),
                    formats,
                )
                self._write_accounts(sheet, company, owner["partner_ids"])
                sheet.close()

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    @api.model
    def _workload_rows(self, objs):
        """The selected rows, or all the rows of the allowed companies;
        raise AccessError on rows the user may not read."""
        Report = self.env["cirrus.kam.workload.report"]
        if objs:
            objs = Report.browse(objs.ids)
            objs.check_access("read")
            return objs
        return Report.search([("company_id", "in", self.env.companies.ids)])

    @api.model
    def _group_rows(self, rows):
        """{company: [manager dict]}, one per report row; managers by name,
        the unassigned last, each with their accounts' partner ids and
        counts per tier."""
        fields_ = [
            "user_id",
            "company_id",
            "team_id",
            "account_count",
            "load",
            "capacity",
            "over_capacity",
            "revenue",
            "potential",
            "headroom",
        ]
        rows.fetch(fields_)
        result = defaultdict(list)
        for row in rows:
            result[row.company_id].append(
                {
                    "company": row.company_id,
                    "user_id": row.user_id.id or None,
                    "name": row.manager_name,
                    "team": row.team_id.sudo(),
                    "accounts": row.account_count,
                    "load": row.load,
                    "capacity": row.capacity,
                    "over_capacity": row.over_capacity,
                    "revenue": row.revenue,
                    "potential": row.potential,
                    "headroom": row.headroom,
                }
            )
        for company, owners in result.items():
            owners.sort(
                key=lambda o: (
                    o["user_id"] is None,
                    o["name"].lower(),
                    o["user_id"] or 0,
                )
            )
            for owner, accounts in zip(
                owners, self._account_ids(company, owners), strict=True
            ):
                owner["partner_ids"] = [pid for pid, _tier in accounts]
                owner["counts"] = Counter(tier for _pid, tier in accounts)
        # the current company first, then the others by name
        current = self.env.company
        return dict(
            sorted(
                result.items(),
                key=lambda item: (item[0] != current, item[0].name, item[0].id),
            )
        )

    @api.model
    def _account_ids(self, company, owners):
        """[[(partner id, tier id)]] per owner, in the order of ``owners``:
        each owner's accounts in the company, as the workload report counts
        them, among the partners the user may read; by tier, then highest
        score first. One query for all the owners."""
        accounts = self.env["cirrus.kam.account"].with_company(company)
        accounts.flush_model()
        self.env["res.partner"].flush_model(["active", "complete_name"])
        allowed = accounts._search([("company_id", "=", company.id)])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT sel.position, p.id, t.id
                  FROM cirrus_kam_account a
                  JOIN res_partner p ON p.id = a.partner_id
                  JOIN cirrus_kam_tier t ON t.id = a.tier_id
                  JOIN unnest(%(positions)s::int4[], %(users)s::int4[])
                       AS sel(position, user_id)
                    ON sel.user_id IS NOT DISTINCT FROM a.user_id
                 WHERE a.company_id = %(company)s
                   AND p.active
                   AND a.id IN %(allowed)s
              ORDER BY sel.position, t.sequence, t.id, a.score DESC NULLS LAST,
                       p.complete_name, p.id
                """,
                company=company.id,
                positions=list(range(len(owners))),
                users=[owner["user_id"] for owner in owners],
                allowed=allowed.subselect(),
            )
        )
        result = [[] for _owner in owners]
        for index, partner_id, tier_id in rows:
            result[index].append((partner_id, tier_id))
        return result

    # ------------------------------------------------------------------
    # Summary
    # ------------------------------------------------------------------
    @api.model
    def _summary_tiers(self, company, owners):
        """The company's tiers in sequence order: the active ones, and the
        archived ones that still have accounts here."""
        tiers = (
            self.env["cirrus.kam.tier"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        counted = {tier_id for owner in owners for tier_id in owner["counts"]}
        tiers = tiers.filtered(lambda t: t.active or t.id in counted)
        return tiers.sorted(lambda t: (t.sequence, t.id))

    @api.model
    def _write_summary(self, workbook, name, company, owners, formats):
        tiers = self._summary_tiers(company, owners)
        columns = (
            [
                (self.env._("Manager"), "text"),
                (self.env._("Role"), "text"),
                (self.env._("Team"), "text"),
            ]
            + [(tier.name, "integer") for tier in tiers]
            + [
                (self.env._("Accounts"), "integer"),
                (self.env._("Load"), "number"),
                (self.env._("Capacity"), "integer"),
                (self.env._("Utilization"), "percent"),
                (self.env._("Over Capacity"), "bool"),
                (self.env._("Revenue"), "money"),
                (self.env._("Potential"), "money"),
                (self.env._("Headroom"), "money"),
            ]
        )
        sheet = SheetWriter(workbook, name, columns, formats)
        first = len(columns) - 8
        sheet.note(first + 3, self._utilization_note())
        sheet.note(first + 5, self._window_note(company))
        roles = dict(
            self.env["cirrus.kam.tier"]._fields["role"]._description_selection(self.env)
        )
        rounding = company.currency_id.round
        totals = {
            "counts": defaultdict(int),
            "accounts": 0,
            "load": 0.0,
            "counted_load": 0.0,
            "capacity": 0,
            "revenue": 0.0,
            "potential": 0.0,
            "headroom": 0.0,
        }
        for owner in owners:
            team = owner["team"]
            sheet.write_row(
                [owner["name"], roles.get(team.kam_role), team.name]
                + [owner["counts"].get(tier.id, 0) for tier in tiers]
                + [
                    owner["accounts"],
                    owner["load"],
                    owner["capacity"],
                    self._ratio_percent(owner["load"], owner["capacity"])
                    if owner["user_id"]
                    else None,
                    owner["over_capacity"],
                    rounding(owner["revenue"]),
                    rounding(owner["potential"]),
                    rounding(owner["headroom"]),
                ]
            )
            for tier_id, count in owner["counts"].items():
                totals["counts"][tier_id] += count
            if owner["user_id"]:
                totals["counted_load"] += owner["load"]
            for field in (
                "accounts",
                "load",
                "capacity",
                "revenue",
                "potential",
                "headroom",
            ):
                totals[field] += owner[field]
        sheet.write_row(
            [self.env._("Total"), None, None]
            + [totals["counts"].get(tier.id, 0) for tier in tiers]
            + [
                totals["accounts"],
                totals["load"],
                totals["capacity"],
                self._ratio_percent(totals["counted_load"], totals["capacity"]),
                None,
                rounding(totals["revenue"]),
                rounding(totals["potential"]),
                rounding(totals["headroom"]),
            ],
            total=True,
        )
        sheet.close()
        return totals

    @api.model
    def _utilization_note(self):
        return self.env._(
            "Load as a percent of capacity. The total is the managers' load over "
            "their capacity: unassigned accounts count in no utilization."
        )
