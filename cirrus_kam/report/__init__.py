from . import cirrus_kam_workload_report
