# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Shared helpers of the key account Excel exports.

The exports write with xlsxwriter's constant memory mode: every sheet is
written row after row, strictly in order, and only the current row is held in
memory. Column widths are computed from what was written (longest text,
largest and smallest number per column) and set when a sheet is closed."""

import math
import re

from odoo import api, models
from odoo.tools import SQL, split_every

CHUNK_SIZE = 2000
MAX_WIDTH = 60
# characters Excel refuses in a sheet name
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# strftime directives (Odoo language date formats) to Excel date codes
EXCEL_DATE_CODES = {
    "%d": "dd",
    "%e": "d",
    "%m": "mm",
    "%b": "mmm",
    "%B": "mmmm",
    "%y": "yy",
    "%Y": "yyyy",
    "%a": "ddd",
    "%A": "dddd",
    "%%": "%",
}

# the columns of an account sheet: (key, kind), titled by _account_titles
ACCOUNT_COLUMNS = [
    ("name", "text"),
    ("owner", "text"),
    ("tier", "text"),
    ("revenue", "money"),
    ("revenue_prev", "money"),
    ("trend", "percent"),
    ("potential", "money"),
    ("potential_date", "date"),
    ("score", "money"),
    ("locked", "bool"),
    ("classified_date", "date"),
]


class SheetWriter:
    """One worksheet: a frozen, filtered header row, then data rows, then
    an optional totals row, written strictly in order.

    ``columns`` is a list of (title, kind), kind being one of "text", "money",
    "number", "integer", "percent" (the value is a percent, e.g. 12.5, and is
    written as the fraction 0.125 with a percent format), "date" and "bool".
    """

    def __init__(self, workbook, name, columns, formats):
        self.sheet = workbook.add_worksheet(name)
        self.name = name
        self.kinds = [kind for _title, kind in columns]
        self.formats = formats
        # per column: (kind, format of data rows, format of the totals row)
        self.cells = [
            (kind, formats[kind], formats[kind + "_total"]) for kind in self.kinds
        ]
        self.text_len = [len(title) for title, _kind in columns]
        self.low = [0.0] * len(columns)
        self.high = [0.0] * len(columns)
        self.last_data_row = 0
        for col, (title, _kind) in enumerate(columns):
            self.sheet.write_string(0, col, title, formats["header"])
        self.sheet.freeze_panes(1, 0)
        self.row = 1

    def write_row(self, values, total=False):
        sheet, row = self.sheet, self.row
        text_len, low, high = self.text_len, self.low, self.high
        for col, value in enumerate(values):
            kind, cell_format, total_format = self.cells[col]
            if total:
                cell_format = total_format
            if value is None or (value is False and kind != "bool"):
                if total:
                    sheet.write_blank(row, col, None, cell_format)
            elif kind == "text":
                value = str(value)
                sheet.write_string(row, col, value, cell_format)
                if len(value) > text_len[col]:
                    text_len[col] = len(value)
            elif kind == "date":
                sheet.write_datetime(row, col, value, cell_format)
            elif kind == "bool":
                sheet.write_boolean(row, col, bool(value), cell_format)
            else:
                if kind == "percent":
                    value = value / 100.0
                sheet.write_number(row, col, value, cell_format)
                if value > high[col]:
                    high[col] = value
                elif value < low[col]:
                    low[col] = value
        if not total:
            self.last_data_row = row
        self.row += 1

    def note(self, col, text):
        """A comment on the header of column ``col``."""
        self.sheet.write_comment(0, col, text)

    def close(self):
        """Filter over the header and data rows, and size the columns."""
        last_col = len(self.kinds) - 1
        self.sheet.autofilter(0, 0, max(self.last_data_row, 1), last_col)
        for col, kind in enumerate(self.kinds):
            width = max(self.text_len[col], self._value_width(col, kind))
            # room for the autofilter button
            width = min(width + 3, MAX_WIDTH)
            self.sheet.set_column(col, col, width)
        # a sheet is complete: release its temporary file until the workbook
        # is assembled, so that many sheets do not hold many open files
        if getattr(self.sheet, "constant_memory", False) and hasattr(
            self.sheet, "_opt_close"
        ):
            self.sheet._opt_close()

    def _value_width(self, col, kind):
        if kind == "text":
            return 0
        if kind == "date":
            return self.formats["date_width"]
        if kind == "bool":
            return 5
        widest = max(abs(self.low[col]), abs(self.high[col]))
        negative = 1 if self.low[col] < 0 else 0
        if kind == "percent":
            return len(f"{widest * 100:,.1f}%") + negative
        if kind == "integer":
            return len(f"{widest:,.0f}") + negative
        if kind == "number":
            return len(f"{widest:,.2f}") + negative
        return (
            len(f"{widest:,.{self.formats['money_digits']}f}")
            + self.formats["money_extra"]
            + negative
        )


class ReportCirrusKamXlsxCommon(models.AbstractModel):
    _name = "report.cirrus_kam.xlsx_common"
    _inherit = "report.report_xlsx.abstract"
    _description = "Key Account Excel Export Helpers"

    def get_workbook_options(self):
        options = dict(super().get_workbook_options())
        options["constant_memory"] = True
        return options

    # ------------------------------------------------------------------
    # Formats and sheets
    # ------------------------------------------------------------------
    @api.model
    def _money_format(self, currency):
        """The Excel number format of amounts in ``currency``: its symbol on
        its side, and its decimal places, e.g. '#,##0.00 "kr"'."""
        digits = "#,##0"
        if currency.decimal_places > 0:
            digits += "." + "0" * currency.decimal_places
        symbol = (currency.symbol or "").replace('"', "")
        if not symbol:
            return digits
        if currency.position == "before":
            return f'"{symbol}"{digits}'
        return f'{digits} "{symbol}"'

    @api.model
    def _date_format(self):
        """The user's language date format as an Excel date format."""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        pattern = (lang and lang.date_format) or "%Y-%m-%d"
        parts = re.split(r"(%.)", pattern)
        excel = []
        for part in parts:
            if part.startswith("%"):
                code = EXCEL_DATE_CODES.get(part)
                if code is None:
                    return "yyyy-mm-dd"
                excel.append(code)
            elif part:
                excel.append("".join(f"\\{char}" for char in part))
        return "".join(excel)

    @api.model
    def _formats(self, workbook, currency):
        """The cell formats of a sheet whose amounts are in ``currency``, in
        a plain and a bold (totals row) variant."""
        date_format = self._date_format()
        number_formats = {
            "text": None,
            "money": self._money_format(currency),
            "number": "#,##0.00",
            "integer": "#,##0",
            "percent": "0.0%",
            "date": date_format,
            "bool": None,
        }
        formats = {}
        for kind, num_format in number_formats.items():
            for suffix, extra in (("", {}), ("_total", {"bold": True, "top": 1})):
                props = dict(extra)
                if num_format:
                    props["num_format"] = num_format
                formats[kind + suffix] = workbook.add_format(props)
        formats["header"] = workbook.add_format(
            {"bold": True, "bottom": 1, "bg_color": "#F2F2F2"}
        )
        symbol = (currency.symbol or "").replace('"', "")
        formats["money_digits"] = max(currency.decimal_places, 0)
        formats["money_extra"] = len(symbol) + (
            1 if symbol and currency.position != "before" else 0
        )
        sample = re.sub(r"\\(.)", r"\1", date_format)
        formats["date_width"] = max(len(sample.replace("yyyy", "2000")), 10)
        return formats

    @api.model
    def _sheet_name(self, name, used):
        """A valid sheet name, unique (case-insensitively) among ``used``,
        which is updated."""

        def clean(text):
            # no leading or trailing apostrophe or space
            return text.strip(" '")

        name = re.sub(r"\s+", " ", SHEET_NAME_FORBIDDEN.sub(" ", name or ""))
        base = clean(clean(name)[:31]) or self.env._("Sheet")
        candidate, index = base, 1
        while candidate.lower() in used or candidate.lower() == "history":
            index += 1
            tail = f" ({index})"
            candidate = clean(base[: 31 - len(tail)]) + tail
        used.add(candidate.lower())
        return candidate

    # ------------------------------------------------------------------
    # Accounts
    # ------------------------------------------------------------------
    @api.model
    def _tier_names(self, company):
        """{tier id: name} of the company's tiers the user may read,
        archived ones included."""
        tiers = (
            self.env["cirrus.kam.tier"]
            .with_context(active_test=False)
            .search([("company_id", "=", company.id)])
        )
        return {tier.id: tier.name for tier in tiers}

    @api.model
    def _account_keys(self, with_owner=False):
        return [key for key, _kind in ACCOUNT_COLUMNS if with_owner or key != "owner"]

    @api.model
    def _account_columns(self, with_owner=False):
        """(title, kind) of the columns of an account sheet."""
        titles = {
            "name": self.env._("Customer"),
            "owner": self.env._("Owner"),
            "tier": self.env._("Tier"),
            "revenue": self.env._("Revenue"),
            "revenue_prev": self.env._("Previous Window"),
            "trend": self.env._("Trend"),
            "potential": self.env._("Potential"),
            "potential_date": self.env._("Potential Assessed On"),
            "score": self.env._("Score"),
            "locked": self.env._("Tier Locked"),
            "classified_date": self.env._("Classified On"),
        }
        kinds = dict(ACCOUNT_COLUMNS)
        return [(titles[key], kinds[key]) for key in self._account_keys(with_owner)]

    @api.model
    def _read_accounts(self, company, partner_ids):
        """Yield, in the order of ``partner_ids``, one dict per partner with
        the values the classification stored for ``company`` (read
        CHUNK_SIZE partners per query). The owner's name is read like the
        ORM shows a many2one's name, whatever the access to the user."""
        self.env["res.partner"].flush_model(["complete_name", "name"])
        self.env["cirrus.kam.account"].flush_model()
        self.env["res.users"].flush_model(["partner_id"])
        for chunk in split_every(CHUNK_SIZE, partner_ids, list):
            rows = self.env.execute_query_dict(
                SQL(
                    """
                    SELECT p.id,
                           COALESCE(p.complete_name, p.name, '') AS name,
                           owner.name AS owner,
                           a.tier_id, a.revenue, a.revenue_prev, a.trend,
                           CASE WHEN a.potential_date IS NOT NULL
                                THEN COALESCE(a.potential, 0) END AS potential,
                           a.potential_date, a.score,
                           COALESCE(a.tier_locked, false) AS locked,
                           a.classified_date
                      FROM res_partner p
                 LEFT JOIN cirrus_kam_account a
                        ON a.partner_id = p.id AND a.company_id = %(company)s
                 LEFT JOIN res_users u ON u.id = a.user_id
                 LEFT JOIN res_partner owner ON owner.id = u.partner_id
                     WHERE p.id = ANY(%(ids)s)
                    """,
                    company=company.id,
                    ids=chunk,
                )
            )
            by_id = {row["id"]: row for row in rows}
            for pid in chunk:
                if pid in by_id:
                    yield by_id[pid]

    @api.model
    def _write_accounts(self, sheet, company, partner_ids, with_owner=False):
        """Write one row per partner and a totals row; return the totals."""
        tier_names = self._tier_names(company)
        keys = self._account_keys(with_owner)
        sheet.note(keys.index("revenue"), self._window_note(company))
        sheet.note(keys.index("revenue_prev"), self._window_note(company, True))
        totals = {"count": 0, "revenue": 0.0, "revenue_prev": 0.0, "potential": None}
        for account in self._read_accounts(company, partner_ids):
            account["tier"] = tier_names.get(account["tier_id"], "")
            sheet.write_row([account[key] for key in keys])
            totals["count"] += 1
            totals["revenue"] += account["revenue"] or 0.0
            totals["revenue_prev"] += account["revenue_prev"] or 0.0
            if account["potential"] is not None:
                totals["potential"] = (totals["potential"] or 0.0) + account[
                    "potential"
                ]
        self._write_account_totals(sheet, company, keys, totals)
        return totals

    @api.model
    def _write_account_totals(self, sheet, company, keys, totals):
        rounding = company.currency_id.round
        revenue = rounding(totals["revenue"])
        previous = rounding(totals["revenue_prev"])
        values = {
            "name": self.env._("Total"),
            "revenue": revenue,
            "revenue_prev": previous,
            "trend": (
                round(100.0 * (revenue - previous) / previous, 2) if previous else None
            ),
            "potential": (
                rounding(totals["potential"])
                if totals["potential"] is not None
                else None
            ),
        }
        sheet.write_row([values.get(key) for key in keys], total=True)

    @api.model
    def _window_note(self, company, previous=False):
        """What a revenue column covers: the company's lookback (1 to 60
        months) is a setting, so the header cannot say "12 months"."""
        if previous:
            return self.env._(
                "Invoiced over the %(months)s months before the lookback window "
                "of %(company)s.",
                months=company.kam_lookback_months,
                company=company.name,
            )
        return self.env._(
            "Invoiced over the last %(months)s months (the lookback window of "
            "%(company)s).",
            months=company.kam_lookback_months,
            company=company.name,
        )

    @api.model
    def _ratio_percent(self, part, whole):
        if not whole or math.isclose(whole, 0.0):
            return None
        return 100.0 * part / whole
