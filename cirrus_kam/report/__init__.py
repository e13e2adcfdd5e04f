# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from . import cirrus_kam_workload_report
from . import cirrus_kam_xlsx_common
from . import cirrus_kam_workload_xlsx
from . import cirrus_kam_portfolio_xlsx
from . import cirrus_kam_classification_preview_xlsx
