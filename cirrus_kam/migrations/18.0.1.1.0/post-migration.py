# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo.tools import SQL

KAM_COLUMNS = (
    "kam_revenue_12m",
    "kam_revenue_prev_12m",
    "kam_revenue_trend",
    "kam_wallet_share",
    "kam_declining",
    "kam_potential",
    "kam_potential_date",
    "kam_score",
    "kam_tier_id",
    "kam_computed_tier_id",
    "kam_tier_locked",
    "kam_lock_reason",
    "kam_tier_explanation",
    "kam_classified_date",
)


def migrate(cr, version):
    """Drop the jsonb indexes of 18.0.1.0.0: no search uses them, and each
    one slowed down every write of the nightly run."""
    for column in KAM_COLUMNS:
        cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %s",
                SQL.identifier(f"res_partner__{column}_index"),
            )
        )
