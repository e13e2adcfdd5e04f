# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Odoo set-up shared by the benchmark scripts: configuration, an
environment on the benchmark database, and small SQL helpers."""

import contextlib
import statistics
import subprocess
import sys
import time

import psycopg2

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.sql_db import connection_info_for
from odoo.tools import SQL, config

DB_PREFIX = "cirrus_kam_bench"
COMPLETE_KEY = "cirrus_kam_bench.complete"


def odoo_args(addons_path, db):
    """The command line options every Odoo process of the benchmark uses."""
    return [
        f"--addons-path={addons_path}",
        "--db_host=",
        f"--database={db}",
        "--log-level=warn",
        "--no-http",
    ]


def configure(addons_path, db):
    config.parse_config(odoo_args(addons_path, db))


def run_odoo(addons_path, db, *args):
    """Run ``python3 -m odoo`` on the benchmark database; raise on failure."""
    command = [sys.executable, "-m", "odoo", *odoo_args(addons_path, db)]
    command += [*args, "--stop-after-init"]
    subprocess.run(command, check=True)


@contextlib.contextmanager
def environment(db):
    """A superuser environment; whatever is not committed is rolled back."""
    cr = Registry(db).cursor()
    try:
        yield api.Environment(cr, SUPERUSER_ID, {})
    finally:
        cr.rollback()
        cr.close()


def plain_connection(db, autocommit=True):
    """A psycopg2 connection outside Odoo (for VACUUM, CREATE DATABASE)."""
    params = connection_info_for(db)[1]
    cnx = psycopg2.connect(**params)
    cnx.autocommit = autocommit
    return cnx


def vacuum(db, tables, analyze=False):
    """VACUUM tables, so that rolled back repetitions leave no dead rows."""
    verb = "VACUUM (ANALYZE)" if analyze else "VACUUM"
    with contextlib.closing(plain_connection(db)) as cnx, cnx.cursor() as cur:
        for table in tables:
            cur.execute(f"{verb} {table}")


def checkpoint(db):
    """Write out dirty buffers now, so that the background writes a measurement
    leaves behind do not slow the next one down."""
    with contextlib.closing(plain_connection(db)) as cnx, cnx.cursor() as cur:
        cur.execute("CHECKPOINT")


def scalar(cr, query, *args, **kwargs):
    cr.execute(SQL(query, *args, **kwargs))
    return cr.fetchone()[0]


def rows(cr, query, *args, **kwargs):
    cr.execute(SQL(query, *args, **kwargs))
    return cr.fetchall()


def clock(func, *args, **kwargs):
    """(seconds, result) of one call."""
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return time.perf_counter() - start, result


def median(values):
    return statistics.median(values) if values else None
