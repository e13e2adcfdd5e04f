# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import cirrus_kam_account
from . import cirrus_kam_assignment
from . import cirrus_kam_checked_mixin
from . import cirrus_kam_demo
from . import cirrus_kam_engine
from . import cirrus_kam_rules
from . import cirrus_kam_tier
from . import cirrus_kam_tier_history
from . import crm_team
from . import crm_team_member
from . import ir_module_module
from . import res_company
from . import res_config_settings
from . import res_partner
