# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Where a run spends its time: wrap a few engine methods with timers while
a measurement runs (inclusive times: a phase contains the phases it calls)."""

import contextlib
import functools
import time
from collections import defaultdict

PHASES = {
    "cirrus.kam.engine": (
        "_revenue_by_company",
        "_read_customers",
        "_classify",
        "_changes",
        "_write_results",
        "_update_accounts",
        "_insert_accounts",
        "_log_history",
    ),
    "cirrus.kam.assignment": ("_propose", "_apply_owners", "_notify_declines"),
    "res.partner": ("_kam_sync_salesperson",),
    "cirrus.kam.classify.wizard": ("_store_preview",),
}


def _timed(function, name, totals):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            totals[name] += time.perf_counter() - start

    return wrapper


@contextlib.contextmanager
def timed_phases(env):
    """Yield {phase: seconds}, filled while the block runs."""
    totals = defaultdict(float)
    patched = []
    for model, names in PHASES.items():
        if model not in env:
            continue
        cls = type(env[model])
        for name in names:
            function = getattr(cls, name, None)
            if function is None:
                continue
            own = cls.__dict__.get(name)
            setattr(cls, name, _timed(function, name, totals))
            patched.append((cls, name, own))
    try:
        yield totals
    finally:
        for cls, name, own in patched:
            if own is None:
                delattr(cls, name)
            else:
                setattr(cls, name, own)
