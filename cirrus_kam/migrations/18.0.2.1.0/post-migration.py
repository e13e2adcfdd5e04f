# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tools import SQL


def migrate(cr, version):
    """A database classified before the decline baseline existed: its
    accounts are the baseline, so the next run alerts as usual instead of
    silently setting a baseline again."""
    cr.execute(
        SQL(
            """
            UPDATE res_company c SET kam_decline_baseline_date = CURRENT_DATE
             WHERE c.kam_decline_baseline_date IS NULL
               AND EXISTS (SELECT 1 FROM cirrus_kam_account a
                            WHERE a.company_id = c.id
                              AND a.classified_date IS NOT NULL)
            """
        )
    )
