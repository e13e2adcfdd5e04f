from odoo.tools import SQL

from .models.cirrus_kam_engine import REVENUE_INDEX


def uninstall_hook(env):
    """Drop the index the engine added to account_move_line."""
    env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(REVENUE_INDEX)))
