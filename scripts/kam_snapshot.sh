#!/usr/bin/env bash
# Print a fingerprint of every stored key account value and history row of a
# database, to check that an upgrade keeps them.
set -euo pipefail
psql -d "$1" -Atc "
SELECT md5(string_agg(row_text, '|' ORDER BY row_text)) || ' ' || count(*)
  FROM (
    SELECT concat_ws(',', id, kam_revenue_12m, kam_revenue_prev_12m,
                     kam_potential, kam_potential_date, kam_score, kam_tier_id,
                     kam_computed_tier_id, kam_tier_locked, kam_lock_reason,
                     kam_tier_explanation, kam_classified_date, user_id) AS row_text
      FROM res_partner WHERE kam_tier_id IS NOT NULL
    UNION ALL
    SELECT concat_ws(',', 'h', id, partner_id, company_id, date, old_tier_id,
                     new_tier_id, score, revenue, potential, source, user_id,
                     explanation, old_user_id, new_user_id)
      FROM cirrus_kam_tier_history
  ) AS rows"
