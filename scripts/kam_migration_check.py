# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Compare the fingerprint of a 18.0.1.x database (KAM_FINGERPRINT=legacy)
with the one of the same database after the upgrade (KAM_FINGERPRINT=rows),
and check that the old res_partner columns are gone.

Usage: kam_migration_check.py DATABASE BEFORE AFTER"""

import difflib
import importlib.util
import os
import sys

import psycopg2

MIGRATION = os.path.join(
    os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    "cirrus_kam/migrations/18.0.2.0.0/post-migration.py",
)


def old_columns():
    spec = importlib.util.spec_from_file_location("kam_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return list(migration.OLD_COLUMNS)


def columns_left(database):
    with psycopg2.connect(dbname=database) as conn, conn.cursor() as cr:
        cr.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'res_partner' AND column_name = ANY(%s) ORDER BY 1",
            [old_columns()],
        )
        return [name for (name,) in cr.fetchall()]


def read(path):
    with open(path, encoding="utf-8") as lines:
        return [line.rstrip("\n") for line in lines if line.strip()]


def main(database, before_path, after_path):
    before, after = read(before_path), read(after_path)
    accounts = [line for line in after if line.startswith("account ")]
    errors = []
    if not accounts:
        errors.append("no key account after the upgrade")
    old_pairs = sum(line.startswith("account ") for line in before)
    if len(accounts) != old_pairs:
        errors.append(
            f"{len(accounts)} accounts for {old_pairs} old (customer, company) pairs"
        )
    diff = list(
        difflib.unified_diff(before, after, before_path, after_path, lineterm="", n=0)
    )
    if diff:
        errors.append(
            "values differ (- before the upgrade, + after):\n" + "\n".join(diff)
        )
    left = columns_left(database)
    if left:
        errors.append(f"old columns still on res_partner: {', '.join(left)}")
    if errors:
        print("migration from 18.0.1.1.0 FAILED:", *errors, sep="\n")
        return 1
    owners = sum(" user_id=" in line for line in accounts)
    history = sum(line.startswith("history ") for line in after)
    kept = f"{len(accounts)} accounts, {owners} owners, {history} history rows"
    print(f"migration kept {kept}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
