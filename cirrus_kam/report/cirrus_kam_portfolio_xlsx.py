# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models

from .cirrus_kam_xlsx_common import SheetWriter


class ReportCirrusKamPortfolioXlsx(models.AbstractModel):
    """The selected key accounts, one row each, and a totals row; one sheet
    per company."""

    _name = "report.cirrus_kam.portfolio_xlsx"
    _inherit = "report.cirrus_kam.xlsx_common"
    _description = "Account Portfolio (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        accounts = self.env["cirrus.kam.account"].browse(objs.ids)
        readable = self._readable(accounts)
        names = set()
        for company in readable.company_id.sorted(lambda c: c != self.env.company):
            mine = readable.filtered(lambda a, c=company: a.company_id == c)
            sheet = SheetWriter(
                workbook,
                self._sheet_name(self.env._("Portfolio %s", company.name), names),
                self._account_columns(with_owner=True),
                self._formats(workbook, company.currency_id),
            )
            partners = mine.partner_id.sorted(lambda p: (p.complete_name or "", p.id))
            self._write_accounts(sheet, company, partners.ids, with_owner=True)
            sheet.close()

    def _readable(self, accounts):
        """``accounts``; raise AccessError as ``check_access("read")`` does
        when the user may not read some. The record rules are applied in
        SQL: ``check_access`` would load every account to evaluate them."""
        accounts.browse().check_access("read")
        if not accounts:
            return accounts
        readable = accounts.browse(list(accounts._search([("id", "in", accounts.ids)])))
        missing = set(accounts.ids).difference(readable.ids)
        if missing:
            # raises the AccessError (or MissingError) of the first one
            accounts.browse(sorted(missing)[:1]).check_access("read")
        return readable
