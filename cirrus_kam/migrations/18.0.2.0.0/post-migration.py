# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Move the key account values of 18.0.1.x (one jsonb key per company on
res_partner) into cirrus.kam.account records, then drop the old columns.
History rows stay where they are."""

import logging

from odoo.tools import SQL

_logger = logging.getLogger(__name__)

# old res_partner jsonb column -> (account column, its SQL type). Amounts are
# cast to numeric directly: through float8, PostgreSQL keeps 15 significant
# digits only, and loses the cents of amounts from 10^13.
JSONB_COLUMNS = {
    "kam_revenue_12m": ("revenue", "numeric"),
    "kam_revenue_prev_12m": ("revenue_prev", "numeric"),
    "kam_revenue_trend": ("trend", "float8"),
    "kam_wallet_share": ("wallet_share", "float8"),
    "kam_declining": ("declining", "bool"),
    "kam_potential": ("potential", "numeric"),
    "kam_potential_date": ("potential_date", "date"),
    "kam_score": ("score", "numeric"),
    "kam_tier_id": ("tier_id", "int4"),
    "kam_computed_tier_id": ("computed_tier_id", "int4"),
    "kam_tier_locked": ("tier_locked", "bool"),
    "kam_lock_reason": ("lock_reason", "varchar"),
    "kam_classified_date": ("classified_date", "date"),
}
OLD_COLUMNS = (*JSONB_COLUMNS, "kam_tier_explanation", "kam_owner_locked")


def _existing(cr, columns):
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'res_partner' AND column_name = ANY(%s)",
        [list(columns)],
    )
    return {name for (name,) in cr.fetchall()}


def migrate(cr, version):
    present = _existing(cr, OLD_COLUMNS)
    if "kam_tier_id" not in present:
        return
    # every (commercial partner, company) that holds any old value
    keys = SQL(" UNION ").join(
        SQL(
            "SELECT p.id AS partner_id, k::int4 AS company_id FROM res_partner p, "
            "jsonb_object_keys(p.%s) AS k WHERE p.id = p.commercial_partner_id "
            "AND jsonb_typeof(p.%s) = 'object'",
            SQL.identifier(column),
            SQL.identifier(column),
        )
        for column in JSONB_COLUMNS
        if column in present
    )
    values = SQL(", ").join(
        SQL(
            "(p.%s->>k.company_id::text)::%s",
            SQL.identifier(column),
            SQL(sql_type),
        )
        if column in present
        else SQL("NULL")
        for column, (_name, sql_type) in JSONB_COLUMNS.items()
    )
    names = SQL(", ").join(
        SQL.identifier(name) for name, _type in JSONB_COLUMNS.values()
    )
    explanation = (
        SQL(
            "CASE WHEN p.kam_tier_explanation->>k.company_id::text IS NOT NULL "
            "THEN jsonb_build_object('text', "
            "p.kam_tier_explanation->>k.company_id::text) END"
        )
        if "kam_tier_explanation" in present
        else SQL("NULL")
    )
    owner_locked = (
        SQL("COALESCE(p.kam_owner_locked, false)")
        if "kam_owner_locked" in present
        else SQL("false")
    )
    cr.execute(
        SQL(
            """
            INSERT INTO cirrus_kam_account
                   (partner_id, company_id, user_id, owner_locked,
                    explanation_data, %(names)s,
                    create_uid, write_uid, create_date, write_date)
            SELECT p.id, k.company_id, p.user_id, %(owner_locked)s,
                   %(explanation)s, %(values)s,
                   1, 1, now() at time zone 'UTC', now() at time zone 'UTC'
              FROM (%(keys)s) k
              JOIN res_partner p ON p.id = k.partner_id
              JOIN res_company c ON c.id = k.company_id
            ON CONFLICT (partner_id, company_id) DO NOTHING
            """,
            names=names,
            values=values,
            explanation=explanation,
            owner_locked=owner_locked,
            keys=keys,
        )
    )
    _logger.info("cirrus_kam: %s key accounts made from partner values", cr.rowcount)
    # tiers that no longer exist (or belong elsewhere) are not carried
    cr.execute(
        """
        UPDATE cirrus_kam_account a SET tier_id = NULL
         WHERE tier_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM cirrus_kam_tier t
                WHERE t.id = a.tier_id AND t.company_id = a.company_id)
        """
    )
    cr.execute(
        """
        UPDATE cirrus_kam_account a SET computed_tier_id = NULL
         WHERE computed_tier_id IS NOT NULL AND NOT EXISTS (
               SELECT 1 FROM cirrus_kam_tier t
                WHERE t.id = a.computed_tier_id AND t.company_id = a.company_id)
        """
    )
    for column in sorted(present):
        cr.execute(
            SQL(
                "ALTER TABLE res_partner DROP COLUMN IF EXISTS %s",
                SQL.identifier(column),
            )
        )
