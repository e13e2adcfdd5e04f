from odoo import models

from .cirrus_kam_xlsx_common import SheetWriter


class ReportCirrusKamPortfolioXlsx(models.AbstractModel):
    """The selected customers with the values the classification stored in
    the current company, one row each, and a totals row."""

    _name = "report.cirrus_kam.portfolio_xlsx"
    _inherit = "report.cirrus_kam.xlsx_common"
    _description = "Account Portfolio (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        company = self.env.company
        partners = self.env["res.partner"].with_company(company).browse(objs.ids)
        partner_ids = self._readable_ids(partners)
        formats = self._formats(workbook, company.currency_id)
        sheet = SheetWriter(
            workbook,
            self._sheet_name(self.env._("Portfolio"), set()),
            self._account_columns(with_owner=True),
            formats,
        )
        self._write_accounts(sheet, company, partner_ids, with_owner=True)
        sheet.close()

    def _readable_ids(self, partners):
        """The ids of ``partners`` by name; raise AccessError as
        ``check_access("read")`` does when the user may not read some. The
        record rules are applied in SQL: ``check_access`` would load every
        partner in memory to evaluate them."""
        partners.browse().check_access("read")
        if not partners:
            return []
        partners.flush_model(["complete_name"])
        query = partners.with_context(active_test=False)._search(
            [("id", "in", partners.ids)], order="complete_name, id"
        )
        readable = list(query)
        missing = set(partners.ids).difference(readable)
        if missing:
            # raises the AccessError (or MissingError) of the first one
            partners.browse(sorted(missing)[:1]).check_access("read")
        return readable
