# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
# ruff: noqa: F821
# Run through `odoo shell`: uninstall cirrus_kam, then check core data is intact.
module = env["ir.module.module"].search([("name", "=", "cirrus_kam")])
partners = env["res.partner"].with_context(active_test=False).search_count([])
moves = env["account.move"].search_count([])
module.button_immediate_uninstall()
env.invalidate_all()
module = env["ir.module.module"].search([("name", "=", "cirrus_kam")])
assert module.state == "uninstalled", module.state
assert env["res.partner"].with_context(active_test=False).search_count([]) == partners
assert env["account.move"].search_count([]) == moves
env.cr.execute(
    "SELECT count(*) FROM information_schema.columns "
    "WHERE table_name = 'res_partner' AND column_name LIKE 'kam\\_%%'"
)
assert env.cr.fetchone()[0] == 0, "kam_ columns left on res_partner"
env.cr.commit()
print("cirrus_kam uninstalled; partners and moves intact.")
