# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Fail any test during which cirrus_kam logs a WARNING or worse.

Records muted by Odoo's ``mute_logger`` or captured by ``assertLogs`` never
reach the root logger, so tests that expect a warning say so explicitly."""

import logging

import pytest


class _Collector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.records = []

    def emit(self, record):
        text = f"{record.name} {record.getMessage()}"
        if "cirrus_kam" in text or "cirrus.kam" in text:
            self.records.append(record)


@pytest.fixture(autouse=True)
def _no_cirrus_kam_warnings():
    collector = _Collector()
    root = logging.getLogger()
    root.addHandler(collector)
    try:
        yield
    finally:
        root.removeHandler(collector)
    if collector.records:
        lines = "\n".join(
            f"{r.levelname} {r.name}: {r.getMessage()}" for r in collector.records
        )
        pytest.fail(f"cirrus_kam logged warnings:\n{lines}")
