from . import cirrus_kam_workload_report
from . import cirrus_kam_xlsx_common
from . import cirrus_kam_workload_xlsx
from . import cirrus_kam_portfolio_xlsx
from . import cirrus_kam_classification_preview_xlsx
