# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Users working while the nightly run writes: p95 of reads and saves
without the run and during it, on a copy of the benchmark database.

The run is the scheduler's (``_run`` with ``auto_commit``: a commit after
every batch) in a process of its own; every account's classified date is
cleared first (before the users start) so that it rewrites every account.
Meanwhile this process plays users, one operation after the other, each in
its own transaction:

- read: an Account Management administrator's All Accounts page (80 accounts
  by score, with owner and tier) and its tier counts (read_group);
- save: a potential entered on an account, and a Salesperson changed on a
  customer (which moves the account's owner: account first, then partner).

A save that meets a serialization failure or a deadlock is retried, as
Odoo's HTTP layer does, and counted. Prints one JSON line."""

import argparse
import contextlib
import json
import random
import statistics
import subprocess
import sys
import time

from benchenv import configure, plain_connection
from psycopg2 import errors as pg_errors

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.sql_db import close_db

RETRIED = (pg_errors.SerializationFailure, pg_errors.DeadlockDetected)


def copy_database(source, target):
    with contextlib.closing(plain_connection("postgres")) as cnx, cnx.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{target}"')
        cur.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"')


def drop_database(name):
    with contextlib.closing(plain_connection("postgres")) as cnx, cnx.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}"')


def start_run(addons_path, db):
    code = (
        "import sys; sys.path.insert(0, 'bench');"
        "from benchenv import configure; configure(%r, %r);"
        "from odoo import api, SUPERUSER_ID;"
        "from odoo.modules.registry import Registry;"
        "cr = Registry(%r).cursor();"
        "env = api.Environment(cr, SUPERUSER_ID, {});"
        "env['cirrus.kam.engine']._run(source='cron', auto_commit=True);"
        "cr.commit(); cr.close()"
    ) % (addons_path, db, db)
    return subprocess.Popen([sys.executable, "-c", code])


class Users:
    def __init__(self, db, seed=7):
        self.registry = Registry(db)
        self.rng = random.Random(seed)
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env["res.company"].search([], order="id", limit=1)
            self.company_id = company.id
            admin = env.ref("base.user_admin")
            admin.company_ids |= company
            self.admin_id = admin.id
            accounts = env["cirrus.kam.account"].search(
                [("company_id", "=", company.id)], limit=2000, order="id"
            )
            self.account_ids = accounts.ids
            self.partner_ids = accounts.partner_id.ids
            users = env["res.users"].search([("share", "=", False)], limit=20)
            self.user_ids = users.ids
            # every account looks changed: the run rewrites all of them
            cr.execute("UPDATE cirrus_kam_account SET classified_date = NULL")
            cr.commit()
        self.retries = 0

    def _env(self, cr, uid):
        return api.Environment(cr, uid, {"allowed_company_ids": [self.company_id]})

    def read(self):
        with self.registry.cursor() as cr:
            env = self._env(cr, self.admin_id)
            accounts = env["cirrus.kam.account"]
            accounts.search_read(
                [("tier_id", "!=", False)],
                ["partner_id", "tier_id", "revenue", "score", "user_id"],
                limit=80,
                order="score desc",
            )
            accounts.read_group(
                [("tier_id", "!=", False)], ["revenue:sum"], ["tier_id"]
            )
            cr.rollback()

    def save(self):
        account_id = self.rng.choice(self.account_ids)
        partner_id = self.rng.choice(self.partner_ids)
        user_id = self.rng.choice(self.user_ids)
        potential = float(self.rng.randrange(1000, 900000))
        for _attempt in range(5):
            try:
                with self.registry.cursor() as cr:
                    env = self._env(cr, SUPERUSER_ID)
                    env["cirrus.kam.account"].browse(account_id).write(
                        {"potential": potential}
                    )
                    env["res.partner"].browse(partner_id).write({"user_id": user_id})
                    cr.commit()
                return
            except RETRIED:
                self.retries += 1
        raise RuntimeError("a save failed five times")


def timed(operation, count, until=None):
    times = []
    while len(times) < count or (until and until()):
        start = time.perf_counter()
        operation()
        times.append(time.perf_counter() - start)
        if until and not until():
            break
    return times


def p95(values):
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--db", default="cirrus_kam_bench")
    parser.add_argument("--count", type=int, default=60)
    args = parser.parse_args()
    target = f"{args.db}_load"
    copy_database(args.db, target)
    try:
        configure(args.addons_path, target)
        users = Users(target)
        idle_reads = timed(users.read, args.count)
        idle_saves = timed(users.save, args.count)
        run = start_run(args.addons_path, target)
        started = time.perf_counter()
        running = lambda: run.poll() is None  # noqa: E731
        busy_reads, busy_saves = [], []
        while running():
            busy_reads += timed(users.read, 1)
            busy_saves += timed(users.save, 1)
        run_seconds = time.perf_counter() - started
        result = {
            "run_seconds": round(run_seconds, 1),
            "run_exit": run.returncode,
            "reads": [len(idle_reads), len(busy_reads)],
            "saves": [len(idle_saves), len(busy_saves)],
            "read_p95_ms": [
                round(1000 * p95(idle_reads), 1),
                round(1000 * p95(busy_reads), 1),
            ],
            "save_p95_ms": [
                round(1000 * p95(idle_saves), 1),
                round(1000 * p95(busy_saves), 1),
            ],
            "save_retries": users.retries,
        }
        result["read_ratio"] = round(
            result["read_p95_ms"][1] / result["read_p95_ms"][0], 2
        )
        result["save_ratio"] = round(
            result["save_p95_ms"][1] / result["save_p95_ms"][0], 2
        )
        print(json.dumps(result))
    finally:
        Registry.delete(target)
        close_db(target)
        drop_database(target)


if __name__ == "__main__":
    main()
