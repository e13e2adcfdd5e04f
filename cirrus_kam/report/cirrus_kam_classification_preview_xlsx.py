# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import models
from odoo.tools import SQL, split_every

from .cirrus_kam_xlsx_common import CHUNK_SIZE, SheetWriter


class ReportCirrusKamClassificationPreviewXlsx(models.AbstractModel):
    """The tier and owner changes a classification wizard previews, as the
    wizard stored them, and a totals row."""

    _name = "report.cirrus_kam.classification_preview_xlsx"
    _inherit = "report.cirrus_kam.xlsx_common"
    _description = "Classification Preview (Excel)"

    def generate_xlsx_report(self, workbook, data, objs):
        wizards = self.env["cirrus.kam.classify.wizard"].browse(objs.ids)
        wizards.check_access("read")
        used = set()
        if not wizards:
            wizards = [None]
        for wizard in wizards:
            company = wizard.company_id if wizard else self.env.company
            name = self.env._("Preview")
            if len(wizards) > 1:
                name = f"{name} {wizard.company_id.name}"
            self._write_preview(workbook, self._sheet_name(name, used), company, wizard)

    def _columns(self):
        return [
            (self.env._("Customer"), "text"),
            (self.env._("Change"), "text"),
            (self.env._("Before"), "text"),
            (self.env._("After"), "text"),
            (self.env._("Score"), "money"),
            (self.env._("Revenue"), "money"),
            (self.env._("Potential"), "money"),
            (self.env._("Current Owner"), "text"),
            (self.env._("Proposed Owner"), "text"),
            (self.env._("Over Capacity"), "bool"),
            (self.env._("Reason"), "text"),
            (self.env._("Selected"), "bool"),
        ]

    def _write_preview(self, workbook, name, company, wizard):
        formats = self._formats(workbook, company.currency_id)
        sheet = SheetWriter(workbook, name, self._columns(), formats)
        tier_names = self._tier_names(company)
        kinds = dict(
            self.env["cirrus.kam.classify.wizard.line"]
            ._fields["change_kind"]
            ._description_selection(self.env)
        )
        rounding = company.currency_id.round
        totals = {"score": 0.0, "revenue": 0.0, "potential": 0.0}
        for line in self._read_lines(wizard) if wizard else ():
            sheet.write_row(
                [
                    line["partner"],
                    kinds.get(line["change_kind"]),
                    tier_names.get(line["old_tier_id"]),
                    tier_names.get(line["new_tier_id"]),
                    line["score"],
                    line["revenue"],
                    line["potential"],
                    line["owner"],
                    line["new_owner"],
                    line["overloaded"],
                    line["reason"],
                    line["selected"],
                ]
            )
            for field in totals:
                totals[field] += line[field] or 0.0
        sheet.write_row(
            [self.env._("Total"), None, None, None]
            + [rounding(totals[field]) for field in ("score", "revenue", "potential")]
            + [None] * 5,
            total=True,
        )
        sheet.close()

    def _line_ids(self, wizard):
        """The wizard's lines the user may read, in the wizard's order."""
        Line = self.env["cirrus.kam.classify.wizard.line"]
        query = Line._search([("wizard_id", "=", wizard.id)], order="score desc, id")
        return [line_id for (line_id,) in self.env.execute_query(query.select())]

    def _read_lines(self, wizard):
        """Yield the lines as dicts, CHUNK_SIZE per query. Names are read the
        way the ORM shows a many2one's name."""
        self.env["cirrus.kam.classify.wizard.line"].flush_model()
        for chunk in split_every(CHUNK_SIZE, self._line_ids(wizard), list):
            rows = self.env.execute_query_dict(
                SQL(
                    """
                    SELECT l.id,
                           COALESCE(p.complete_name, p.name, '') AS partner,
                           l.old_tier_id, l.new_tier_id, l.score, l.revenue,
                           CASE WHEN l.potential_assessed
                                THEN COALESCE(l.potential, 0) END AS potential,
                           owner.name AS owner, new_owner.name AS new_owner,
                           COALESCE(l.overloaded, false) AS overloaded,
                           l.change_kind, l.reason,
                           COALESCE(l.selected, false) AS selected
                      FROM cirrus_kam_classify_wizard_line l
                 LEFT JOIN res_partner p ON p.id = l.partner_id
                 LEFT JOIN res_users u ON u.id = l.current_user_id
                 LEFT JOIN res_partner owner ON owner.id = u.partner_id
                 LEFT JOIN res_users nu ON nu.id = l.proposed_user_id
                 LEFT JOIN res_partner new_owner ON new_owner.id = nu.partner_id
                     WHERE l.id = ANY(%s)
                    """,
                    chunk,
                )
            )
            by_id = {row["id"]: row for row in rows}
            for line_id in chunk:
                if line_id in by_id:
                    yield by_id[line_id]
