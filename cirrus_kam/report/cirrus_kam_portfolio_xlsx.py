# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models
from odoo.tools import SQL

from .cirrus_kam_xlsx_common import SheetWriter


class ReportCirrusKamPortfolioXlsx(models.AbstractModel):
    """The selected key accounts, one row each, and a totals row; one sheet
    per company."""

    _name = "report.cirrus_kam.portfolio_xlsx"
    _inherit = "report.cirrus_kam.xlsx_common"
    _description = "Account Portfolio (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        names = set()
        current = self.env.company.id
        by_company = self._partners_by_company(objs.ids)
        companies = self.env["res.company"].browse(
            sorted(by_company, key=lambda cid: (cid != current, cid))
        )
        for company in companies:
            sheet = SheetWriter(
                workbook,
                self._sheet_name(self.env._("Portfolio %s", company.name), names),
                self._account_columns(with_owner=True),
                self._formats(workbook, company.currency_id),
            )
            self._write_accounts(
                sheet, company, by_company[company.id], with_owner=True
            )
            sheet.close()

    def _partners_by_company(self, account_ids):
        """{company id: [partner id by name]} of the accounts; raise
        AccessError as ``check_access("read")`` does when the user may not
        read some. Rules and ordering are applied in SQL: a whole portfolio
        loaded as records would cost hundreds of MB."""
        accounts = self.env["cirrus.kam.account"]
        accounts.check_access("read")
        if not account_ids:
            return {}
        self.env["res.partner"].flush_model(["complete_name"])
        allowed = accounts._search([("id", "in", list(account_ids))])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.id, a.company_id, a.partner_id
                  FROM cirrus_kam_account a
                  JOIN res_partner p ON p.id = a.partner_id
                 WHERE a.id IN %s
              ORDER BY p.complete_name, p.id
                """,
                allowed.subselect(),
            )
        )
        missing = set(account_ids).difference(row[0] for row in rows)
        if missing:
            # raises the AccessError (or MissingError) of the first one
            accounts.browse(sorted(missing)[:1]).check_access("read")
        result = {}
        for _account_id, company_id, partner_id in rows:
            result.setdefault(company_id, []).append(partner_id)
        return result
