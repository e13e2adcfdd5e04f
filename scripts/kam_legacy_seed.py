# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
# ruff: noqa: F821
"""Run through `odoo shell` on a 18.0.1.1.0 database with demo data, before
`make test-migration` upgrades it: add what the demo lacks, so the migration
meets every kind of value. A second company (its own jsonb keys, tiers and
history), a locked tier with a reason, a locked owner, a contact that copies
its company's values, and an amount with 16 significant digits."""

from odoo import fields

today = fields.Date.context_today(env.user)
main = env.company
customers = env["cirrus.kam.tier.history"].search([], order="id").partner_id[:6]
assert len(customers) == 6, "the demo data classified fewer than 6 customers"
other = env["res.company"].create({"name": "Migration Second Company"})
other.write({"kam_basis": "combined", "kam_potential_weight": 0.5})
env.user.company_ids |= other
tier = env["cirrus.kam.tier"].search(
    [("company_id", "=", other.id)], order="sequence", limit=1
)
env["res.partner"].create({"name": "Migration Contact", "parent_id": customers[0].id})
customers[0].kam_owner_locked = True
customers[1].with_company(main).write(
    {
        "kam_tier_locked": True,
        "kam_lock_reason": "Framework contract",
        "kam_potential_date": today,
    }
)
for index, customer in enumerate(customers[:3]):
    customer.with_company(other).write(
        {"kam_potential": 123456.78 * (index + 1), "kam_potential_date": today}
    )
# 16 significant digits: a float8 on its way to a numeric column keeps 15
customers[3].with_company(other).kam_potential = 12345678901234.56
customers[4].with_company(other).write(
    {
        "kam_tier_id": tier.id,
        "kam_tier_locked": True,
        "kam_lock_reason": "Ärztekammer, 2 sites",
    }
)
env["cirrus.kam.engine"].with_company(other)._run(companies=other)
env.cr.commit()
print(f"seeded company {other.id} and {len(customers)} customers")
