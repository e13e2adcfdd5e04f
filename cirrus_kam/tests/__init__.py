# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import test_account_concurrency
from . import test_account_multicompany
from . import test_account_potential
from . import test_account_rules
from . import test_account_security
from . import test_assignment
from . import test_classification
from . import test_cron
from . import test_decline_alerts
from . import test_hardening
from . import test_hysteresis_lock_history
from . import test_i18n
from . import test_revenue
from . import test_rules_boundaries
from . import test_security
from . import test_tier_translation
from . import test_tour
from . import test_tour_potential
from . import test_tour_wizard
from . import test_tour_workload
from . import test_validation
from . import test_wizard
from . import test_wizard_feedback
from . import test_workload
from . import test_xlsx
