# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
# ruff: noqa: F821
"""Run through `odoo shell`: print a fingerprint of every stored key account
value and history row, to check that an upgrade keeps them.

The columns are every stored field of cirrus.kam.account and
cirrus.kam.tier.history, read from the models, so a new field is covered
without editing this script. KAM_FINGERPRINT chooses the output:

- ``hash`` (default): ``<md5> <rows>`` over all rows, accounts by id;
- ``rows``: one line per row, accounts by customer and company without their
  id, for a readable diff against ``legacy``;
- ``legacy``: the same lines from a 18.0.1.x database, where the values are
  jsonb keys on res_partner (mapped to account fields as the 18.0.2.0.0
  migration maps them).

Empty values (NULL, False) are left out of a line: the ORM reads NULL and
False alike, and a field that nothing filled is empty on both sides."""

import hashlib
import importlib.util
import json
import os

from odoo.models import LOG_ACCESS_COLUMNS
from odoo.tools import SQL

MIGRATION = "cirrus_kam/migrations/18.0.2.0.0/post-migration.py"
# fields that name the row: first in each line
KEY_FIELDS = ("id", "partner_id", "company_id")


def text(column_type, value):
    """``value`` as text by its column type; None when empty."""
    if value is None or value is False:
        return None
    if column_type in ("float8", "numeric"):
        return repr(float(value))
    if column_type == "int4":
        return str(int(value))
    if column_type == "bool":
        return "true"
    if column_type == "jsonb":
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if column_type in ("varchar", "text"):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def line(tag, types, values):
    """One row: ``tag name=value; ...``, the key fields first."""
    names = [n for n in KEY_FIELDS if n in values]
    names += sorted(n for n in values if n not in KEY_FIELDS)
    pairs = ((name, text(types[name], values[name])) for name in names)
    return f"{tag} " + "; ".join(f"{n}={v}" for n, v in pairs if v is not None)


def stored_columns(model):
    """{field name: column type} of the model's stored fields, without the
    log-access columns and the fields of mail's mixins."""
    skipped = set(LOG_ACCESS_COLUMNS)
    for mixin in ("mail.thread", "mail.activity.mixin"):
        if mixin in model.env:
            skipped |= set(model.env[mixin]._fields)
    return {
        name: field.column_type[0]
        for name, field in model._fields.items()
        if field.store and field.column_type and name not in skipped
    }


def rows(model, tag, order, with_id=True):
    """The lines of every row of ``model``, in ``order``."""
    types = stored_columns(model)
    if not with_id:
        del types["id"]
    query = SQL(
        "SELECT %s FROM %s ORDER BY %s",
        SQL(", ").join(SQL.identifier(name) for name in types),
        SQL.identifier(model._table),
        SQL(order),
    )
    model.env.cr.execute(query)
    names = [d.name for d in model.env.cr.description]
    return [
        line(tag, types, dict(zip(names, r, strict=True)))
        for r in model.env.cr.fetchall()
    ]


def legacy_accounts(env):
    """Account lines of a 18.0.1.x database: one per (commercial partner,
    company) with any jsonb value, its owner being the partner's salesperson."""
    spec = importlib.util.spec_from_file_location("kam_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    columns = {
        **migration.JSONB_COLUMNS,
        "kam_tier_explanation": ("explanation_data", "jsonb"),
    }
    types = dict(columns.values(), partner_id="int4", company_id="int4")
    types.update(user_id="int4", owner_locked="bool")
    # keys of deleted companies are left out: no account can belong there
    companies = {str(company_id) for company_id in env["res.company"].search([]).ids}
    select = SQL(", ").join(SQL.identifier(column) for column in columns)
    env.cr.execute(
        SQL(
            "SELECT id, user_id, kam_owner_locked, %s FROM res_partner "
            "WHERE id = commercial_partner_id ORDER BY id",
            select,
        )
    )
    lines = []
    for partner_id, user_id, owner_locked, *jsonbs in env.cr.fetchall():
        per_company = {}
        for (name, _type), values in zip(columns.values(), jsonbs, strict=True):
            for key, value in (values or {}).items():
                if key in companies and value is not None:
                    per_company.setdefault(int(key), {})[name] = value
        for company_id, values in sorted(per_company.items()):
            if "explanation_data" in values:
                values["explanation_data"] = {"text": values["explanation_data"]}
            values.update(partner_id=partner_id, company_id=company_id)
            values.update(user_id=user_id, owner_locked=owner_locked)
            lines.append(line("account", types, values))
    return lines


def fingerprint(env, mode):
    history = rows(env["cirrus.kam.tier.history"], "history", "id")
    if mode == "legacy":
        return legacy_accounts(env) + history
    account = env["cirrus.kam.account"]
    if mode == "rows":
        return (
            rows(account, "account", "partner_id, company_id", with_id=False) + history
        )
    return rows(account, "account", "id") + history


MODE = os.environ.get("KAM_FINGERPRINT", "hash")
LINES = fingerprint(env, MODE)
if MODE == "hash":
    print(hashlib.md5("\n".join(LINES).encode()).hexdigest(), len(LINES))
else:
    print(*LINES, sep="\n")
