# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""The classification engine: the one place where revenue, score and tiers
are computed. Views, wizards, reports and the cron only call it."""

import json
import logging
import math
import threading
import time
from collections import defaultdict

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, mute_logger
from odoo.tools.misc import formatLang

from . import cirrus_kam_rules as rules
from .cirrus_kam_account import RESULT_COLUMNS, SEEN_COLUMNS
from .cirrus_kam_rules import Customer, TierSpec

_logger = logging.getLogger(__name__)

BATCH_SIZE = 2000
# Seconds of writing one scheduler call may start: well under Odoo's default
# limit_time_real_cron of 120 s; the runner calls the job again for the rest.
CRON_BUDGET = 40

# What a batch may meet from concurrent transactions: the rows involved are
# left for the next call, never a failed run.
CONCURRENCY_ERRORS = (
    pg_errors.SerializationFailure,
    pg_errors.DeadlockDetected,
    pg_errors.LockNotAvailable,
)
# positions in RESULT_COLUMNS
REVENUE, PREVIOUS, DECLINING, COMPUTED_TIER, TIER, CLASSIFIED_ON = (
    list(RESULT_COLUMNS).index(name)
    for name in (
        "revenue",
        "revenue_prev",
        "declining",
        "computed_tier_id",
        "tier_id",
        "classified_date",
    )
)


class CirrusKamEngine(models.AbstractModel):
    _name = "cirrus.kam.engine"
    _description = "Key Account Classification Engine"

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _check_settings(self, settings):
        """Raise a ValidationError naming the first bad setting."""
        checks = [
            (
                0 <= settings["kam_potential_weight"] <= 1,
                self.env._(
                    "The weight of potential must be between 0 and 1 (it is %s).",
                    settings["kam_potential_weight"],
                ),
            ),
            (
                1 <= settings["kam_lookback_months"] <= 60,
                self.env._(
                    "The lookback must be between 1 and 60 months (it is %s).",
                    settings["kam_lookback_months"],
                ),
            ),
            (
                0 <= settings["kam_hysteresis_percent"] <= 50,
                self.env._(
                    "The hysteresis must be between 0 and 50 percent (it is %s).",
                    settings["kam_hysteresis_percent"],
                ),
            ),
        ]
        for valid, message in checks:
            if not valid:
                raise ValidationError(message)

    @api.model
    def _tier_specs(self, company):
        tiers = self.env["cirrus.kam.tier"]._company_tiers(company)
        return [
            TierSpec(
                t.id,
                t.name,
                t.role,
                t.min_score,
                t.cumulative_share,
                t.workload_weight,
            )
            for t in tiers
        ]

    @api.model
    def _check_tiers(self, company, tiers):
        """Raise a ValidationError when the tiers of a company (records or
        wizard lines, in sequence order) are not a valid ladder."""
        sequences = [t.sequence for t in tiers]
        if len(sequences) != len(set(sequences)):
            raise ValidationError(
                self.env._(
                    "Two tiers of %(company)s have the same sequence: every tier "
                    "needs its own place in the order.",
                    company=company.name,
                )
            )
        for tier in tiers:
            if not 0 < tier.cumulative_share <= 100:
                raise ValidationError(
                    self.env._(
                        "The cumulative share of tier %(tier)s must be above 0 "
                        "and at most 100 (it is %(share)s).",
                        tier=tier.name,
                        share=tier.cumulative_share,
                    )
                )
        shares = [t.cumulative_share for t in tiers]
        if any(low >= high for low, high in zip(shares, shares[1:], strict=False)):
            listed = ", ".join(f"{share:g}" for share in shares)
            raise ValidationError(
                self.env._(
                    "The cumulative shares of the tiers of %(company)s must "
                    "increase strictly from the first tier to the last (they are "
                    "%(shares)s).",
                    company=company.name,
                    shares=listed,
                )
            )
        if tiers and shares[-1] != 100:
            raise ValidationError(
                self.env._(
                    "The last tier of %(company)s, %(tier)s, must have a "
                    "cumulative share of 100 so that every customer gets a tier.",
                    company=company.name,
                    tier=tiers[-1].name,
                )
            )

    # ------------------------------------------------------------------
    # Reading
    # ------------------------------------------------------------------
    @api.model
    def _windows(self, months, today):
        start = today - relativedelta(months=months)
        prev_start = start - relativedelta(months=months)
        return prev_start, start, today

    @api.model
    def _revenue_by_partner(self, company, months, today):
        """{commercial partner id: (revenue, previous revenue)} of one
        company, in company currency."""
        return self._revenue_by_company(company, months, today).get(company.id, {})

    @api.model
    def _revenue_by_company(self, companies, months, today):
        """{company id: {commercial partner id: (revenue, previous revenue)}}
        in company currency, from one grouped aggregate over both windows and
        every company given. A move counts for its commercial partner, or for
        that partner's own commercial partner when it was moved under another
        company since."""
        prev_start, start, end = self._windows(months, today)
        self.env["account.move.line"].flush_model(
            ["balance", "display_type", "move_id"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        self.env["account.move"].flush_model(
            [
                "company_id",
                "move_type",
                "state",
                "invoice_date",
                "commercial_partner_id",
            ]
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH sums AS (
                    SELECT m.company_id,
                           m.commercial_partner_id AS partner_id,
                           SUM(-l.balance) FILTER (
                               WHERE m.invoice_date >= %(start)s) AS revenue,
                           SUM(-l.balance) FILTER (
                               WHERE m.invoice_date < %(start)s) AS previous
                      FROM account_move_line l
                      JOIN account_move m ON m.id = l.move_id
                     WHERE m.company_id = ANY(%(companies)s)
                       AND m.move_type IN ('out_invoice', 'out_refund')
                       AND m.state = 'posted'
                       AND l.display_type = 'product'
                       AND m.invoice_date >= %(prev_start)s
                       AND m.invoice_date <= %(end)s
                  GROUP BY m.company_id, m.commercial_partner_id
                )
                SELECT s.company_id, p.commercial_partner_id,
                       COALESCE(SUM(s.revenue), 0), COALESCE(SUM(s.previous), 0)
                  FROM sums s
                  JOIN res_partner p ON p.id = s.partner_id
              GROUP BY s.company_id, p.commercial_partner_id
                """,
                companies=companies.ids,
                start=start,
                prev_start=prev_start,
                end=end,
            )
        )
        result = defaultdict(dict)
        for company_id, pid, revenue, previous in rows:
            result[company_id][pid] = (float(revenue), float(previous))
        return result

    @api.model
    def _revenues(self, companies, today):
        """The revenue of every company, one aggregate per lookback."""
        revenues = {}
        for months in set(companies.mapped("kam_lookback_months")):
            group = companies.filtered(lambda c, m=months: c.kam_lookback_months == m)
            revenues.update(self._revenue_by_company(group, months, today))
        return revenues

    @api.model
    def _seen(self, alias):
        """A fingerprint of what users may change on an account."""
        # NULL written as its own token: concat_ws alone would skip it
        return SQL(
            "concat_ws('|', %s)",
            SQL(", ").join(
                SQL(
                    "COALESCE(%s.%s::text, '<null>')",
                    SQL.identifier(alias),
                    SQL.identifier(column),
                )
                for column in SEEN_COLUMNS
            ),
        )

    @api.model
    def _read_customers(self, company, revenue):
        """The customers of the company to classify, with their accounts'
        stored values. Accounts that are no longer classified but still
        hold values are returned too, as the second list, to be cleared."""
        self.env["res.partner"].flush_model(
            [
                "active",
                "company_id",
                "commercial_partner_id",
                "customer_rank",
                "user_id",
            ]
        )
        self.env["cirrus.kam.account"].flush_model()
        stored = SQL(", ").join(
            SQL("a.%s", SQL.identifier(column)) for column in RESULT_COLUMNS
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id,
                       (p.active AND p.id = p.commercial_partner_id
                        AND (p.company_id IS NULL OR p.company_id = %(company)s)
                        AND (p.customer_rank > 0
                             OR p.id = ANY(%(revenue_ids)s)
                             OR a.potential_date IS NOT NULL)) AS classified,
                       a.id, a.potential, a.potential_date IS NOT NULL,
                       COALESCE(a.tier_locked, false),
                       CASE WHEN a.id IS NULL THEN p.user_id ELSE a.user_id END,
                       COALESCE(a.owner_locked, false), %(seen)s,
                       %(stored)s
                  FROM res_partner p
             LEFT JOIN cirrus_kam_account a
                    ON a.partner_id = p.id AND a.company_id = %(company)s
                 WHERE (p.id = p.commercial_partner_id
                        AND (p.company_id IS NULL OR p.company_id = %(company)s)
                        AND p.active
                        AND (p.customer_rank > 0
                             OR p.id = ANY(%(revenue_ids)s)
                             OR a.potential_date IS NOT NULL))
                    OR a.tier_id IS NOT NULL
                    OR a.revenue IS NOT NULL
              ORDER BY p.id
                """,
                company=company.id,
                revenue_ids=[pid for pid, (r, p) in revenue.items() if r or p],
                seen=self._seen("a"),
                stored=stored,
            )
        )
        customers, dropped = [], []
        for row in rows:
            customer = self._customer(row, *revenue.get(row[0], (0.0, 0.0)))
            (customers if row[1] else dropped).append(customer)
        return customers, dropped

    @api.model
    def _customer(self, row, revenue_now, revenue_prev):
        """A Customer of a row read by ``_read_customers`` or
        ``_read_accounts``."""
        pid, _classified, account_id, potential, assessed, locked = row[:6]
        owner, owner_locked, seen = row[6:9]
        stored = row[9:]
        return Customer(
            id=pid,
            account_id=account_id,
            revenue=revenue_now,
            revenue_prev=revenue_prev,
            potential=potential or 0.0,
            assessed=assessed,
            tier_id=stored[TIER],
            computed_tier_id=stored[COMPUTED_TIER],
            locked=locked,
            owner_id=owner,
            owner_locked=owner_locked,
            stored=stored,
            seen=seen,
        )

    @api.model
    def _read_accounts(self, accounts):
        """The customers of these accounts, with the revenue the last run
        stored: no invoice is read."""
        self.env["cirrus.kam.account"].flush_model()
        stored = SQL(", ").join(
            SQL("a.%s", SQL.identifier(column)) for column in RESULT_COLUMNS
        )
        rows = self.env.execute_query(
            SQL(
                """
                SELECT a.partner_id, true, a.id, a.potential,
                       a.potential_date IS NOT NULL,
                       COALESCE(a.tier_locked, false), a.user_id,
                       COALESCE(a.owner_locked, false), %(seen)s, %(stored)s
                  FROM cirrus_kam_account a
                 WHERE a.id = ANY(%(ids)s)
              ORDER BY a.id
                """,
                ids=accounts.ids,
                seen=self._seen("a"),
                stored=stored,
            )
        )
        return [
            self._customer(row, row[9 + REVENUE] or 0.0, row[9 + PREVIOUS] or 0.0)
            for row in rows
        ]

    # ------------------------------------------------------------------
    # Classifying (pure computation, no database access)
    # ------------------------------------------------------------------
    @api.model
    def _score(self, settings, customer):
        return rules.score(settings, customer)

    @api.model
    def _computed_tiers(self, settings, tiers, customers):
        return rules.computed_tiers(settings, tiers, customers)

    @api.model
    def _effective_tier(self, settings, tiers, thresholds, customer, index):
        return rules.effective_tier(settings, tiers, thresholds, customer, index)

    @api.model
    def _classify(self, settings, tiers, customers, currency=None, thresholds=None):
        """Compute score, computed tier, effective tier and explanation of
        every customer, in memory. Given ``thresholds`` (a few customers
        between runs), the customers are placed against them instead of
        being ranked."""
        digits = currency.decimal_places if currency else 2
        for customer in customers:
            customer.score = round(self._score(settings, customer), digits)
        if thresholds is None:
            thresholds = self._computed_tiers(settings, tiers, customers)
        else:
            rules.tiers_by_threshold(tiers, thresholds, customers)
        index = {tier.id: position for position, tier in enumerate(tiers)}
        for customer in customers:
            customer.new_tier, reason = self._effective_tier(
                settings, tiers, thresholds, customer, index
            )
            customer.explanation = rules.explain(
                settings, tiers, thresholds, customer, reason, index
            )
        return thresholds

    # ------------------------------------------------------------------
    # Explaining
    # ------------------------------------------------------------------
    @api.model
    def _texts(self):
        """The translated parts of the explanation, looked up once a run."""
        return {
            "revenue": self.env._("revenue %(amount)s over %(months)s months"),
            "potential": self.env._("potential %(amount)s"),
            "no_potential": self.env._("no potential assessed, so %(revenue)s"),
            "combined": self.env._(
                "%(rw)s%% of %(revenue)s and %(pw)s%% of %(potential)s"
            ),
            "locked": self.env._(
                "%(tier)s, set by hand and locked; the rules would give "
                "%(computed)s (score %(score)s: %(basis)s)."
            ),
            "hysteresis": self.env._(
                "%(tier)s kept by hysteresis: score %(score)s plus %(h)s%% "
                "reaches its threshold %(threshold)s, although the rules give "
                "%(computed)s (%(basis)s)."
            ),
            "last": self.env._(
                "%(tier)s: score %(score)s (%(basis)s) is below the thresholds "
                "of the higher tiers."
            ),
            "amount": self.env._(
                "%(tier)s: score %(score)s (%(basis)s) reaches its minimum "
                "score of %(threshold)s."
            ),
            "share": self.env._(
                "%(tier)s: score %(score)s (%(basis)s) ranks within the "
                "customers that make the first %(share)s%% of the total score."
            ),
        }

    @api.model
    def _tier_labels(self, tier_ids):
        """{tier id: (name in the reader's language, current threshold)}."""
        tiers = self.env["cirrus.kam.tier"].sudo().browse(set(tier_ids) - {None, False})
        return {tier.id: (tier.name, tier.threshold) for tier in tiers.exists()}

    @api.model
    def _amount_format(self):
        """A function formatting an amount with 2 decimals in the reader's
        number format: Python's own for the usual 3-digit grouping (a full
        run formats hundreds of thousands), Odoo's formatLang otherwise."""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        if lang.grouping != "[3,0]":
            return lambda value: formatLang(self.env, value or 0.0, digits=2)
        table = str.maketrans(",.", f"{lang.thousands_sep}{lang.decimal_point}")
        return lambda value: f"{value or 0.0:,.2f}".translate(table)

    @api.model
    def _render(self, data, labels=None, texts=None, amount=None):
        """The explanation sentence of ``data`` in the reader's language and
        number format. ``labels`` (from ``_tier_labels``), ``texts`` (from
        ``_texts``) and ``amount`` (from ``_amount_format``) may be given,
        read once for many sentences."""
        if not data:
            return False
        if "text" in data:  # classified before 18.0.2.0.0: the old sentence
            return data["text"]
        texts = texts or self._texts()
        amount = amount or self._amount_format()
        if labels is None:
            labels = self._tier_labels([data.get("tier"), data.get("computed")])

        def percent(value):
            # as few decimals as needed (12.5%, not 12.50%), in the reader's format
            value = round(value or 0.0, 2)
            if value == int(value):
                return str(int(value))
            text = amount(value)
            return text[:-1] if value == round(value, 1) else text

        name, threshold = labels.get(data.get("tier"), ("-", 0.0))
        names = {tier_id: label[0] for tier_id, label in labels.items()}
        revenue = texts["revenue"] % {
            "amount": amount(data.get("revenue")),
            "months": data.get("months"),
        }
        assessed = data.get("potential") is not None
        if assessed:
            potential = texts["potential"] % {"amount": amount(data["potential"])}
        else:
            potential = texts["no_potential"] % {"revenue": revenue}
        basis = {
            "revenue": revenue,
            "potential": potential,
        }.get(data.get("basis"))
        if basis is None:
            weight = data.get("weight") or 0.0
            basis = texts["combined"] % {
                "rw": percent(100 * (1 - weight)),
                "revenue": revenue,
                "pw": percent(100 * weight),
                "potential": potential,
            }
        values = {
            "tier": name,
            "computed": names.get(data.get("computed"), "-"),
            "score": amount(data.get("score")),
            "basis": basis,
            "threshold": amount(threshold),
            "h": percent(data.get("h")),
            "share": percent(data.get("share")),
        }
        return texts[data.get("reason", "last")] % values

    # ------------------------------------------------------------------
    # Running
    # ------------------------------------------------------------------
    @api.model
    def _evaluate(
        self,
        company,
        settings=None,
        tiers=None,
        today=None,
        partner_ids=None,
        owners=None,
        revenue=None,
        thresholds=None,
    ):
        """Read and classify one company. ``settings`` and ``tiers`` may be
        tried values (what-if); ``owners`` is "assign" or "rebalance" to also
        propose owners; ``revenue`` may come from an aggregate over several
        companies. Returns (customers, dropped customers)."""
        settings = settings or company._kam_settings()
        tiers = tiers or self._tier_specs(company)
        today = today or fields.Date.context_today(self)
        if not tiers:
            _logger.info("Company %s has no tiers: nothing classified.", company.name)
            return [], []
        if revenue is None:
            revenue = self._revenue_by_partner(
                company, settings["kam_lookback_months"], today
            )
        customers, dropped = self._read_customers(company, revenue)
        found = self._classify(settings, tiers, customers, company.currency_id)
        if thresholds is not None:
            thresholds.update(zip((t.id for t in tiers), found, strict=True))
        if owners:
            self.env["cirrus.kam.assignment"]._propose(company, customers, owners)
        if partner_ids:
            wanted = set(partner_ids)
            customers = [c for c in customers if c.id in wanted]
            dropped = [c for c in dropped if c.id in wanted]
        return customers, dropped

    @api.model
    def _changes(self, company, customers, dropped, today):
        """The customers whose stored values differ from the new ones, each
        with ``changes`` set to the new column values."""
        digits = company.currency_id.decimal_places
        decline_percent = company.kam_decline_percent
        changed = []
        for customer in customers:
            values = rules.new_values(customer, digits, decline_percent)
            classified_on = customer.stored[CLASSIFIED_ON]
            if classified_on and values == customer.stored[:CLASSIFIED_ON]:
                continue
            if not classified_on or values[TIER] != customer.tier_id:
                classified_on = today
            customer.changes = dict(
                zip(RESULT_COLUMNS, values + (classified_on,), strict=True)
            )
            changed.append(customer)
        for customer in dropped:
            customer.changes = dict.fromkeys(RESULT_COLUMNS)
            changed.append(customer)
        return changed

    @api.model
    def _run(
        self,
        companies=None,
        source="cron",
        auto_commit=False,
        today=None,
        partner_ids=None,
        settings=None,
        tiers=None,
        owners=None,
        budget=None,
    ):
        """Reclassify companies; return {company id: number of tier changes}.
        ``settings`` and ``tiers`` (tried in the wizard) apply to a single
        company. Owners are proposed and applied with ``owners`` ("assign" or
        "rebalance"), or when the company assigns automatically. Progress
        counts the customers written; those left behind by concurrent
        changes, or by the time ``budget`` (seconds) of a scheduler call,
        stay "remaining", so Odoo's runner calls the job again."""
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        today = today or fields.Date.context_today(self)
        revenues = {} if settings else self._revenues(companies, today)
        deadline = time.monotonic() + budget if budget else None
        written = left = 0
        result = {}
        # one company at a time: memory holds one company's customers
        for position, company in enumerate(companies):
            if deadline and time.monotonic() > deadline:
                # unknown yet how many change there: at least one each
                left += len(companies) - position
                break
            mode = owners or ("assign" if company.kam_assignment == "auto" else None)
            found = {}
            customers, dropped = self._evaluate(
                company,
                settings,
                tiers,
                today,
                partner_ids,
                mode,
                revenue=revenues.get(company.id, {}) if not settings else None,
                thresholds=found,
            )
            self._store_thresholds(found)
            changed = self._changes(company, customers, dropped, today)
            result[company.id] = 0
            unwritten = len(changed)
            for start in range(0, len(changed), BATCH_SIZE):
                if deadline and time.monotonic() > deadline:
                    break
                batch = changed[start : start + BATCH_SIZE]
                result[company.id] += self._write_batch(company, batch, source)
                done = sum(1 for c in batch if c.written)
                written += done
                unwritten -= done
                self._commit_progress(auto_commit, written, left + unwritten)
            if not unwritten or not deadline or time.monotonic() <= deadline:
                self.env["cirrus.kam.assignment"]._apply_owners(
                    company, customers, source
                )
            if not unwritten and not partner_ids:
                self.env["cirrus.kam.assignment"]._set_decline_baseline(
                    company, customers, today
                )
            left += unwritten
            self._commit_progress(auto_commit, written, left)
        self._commit_progress(auto_commit, written, left)
        return result

    @api.model
    def _reclassify_accounts(self, accounts, source="manual"):
        """Reclassify these accounts at once after a user changed their
        potential; return the number of tier changes. Revenue, previous
        revenue, trend and decline stay those of the last run; score, share
        of wallet, tier and explanation follow the potential, against the
        thresholds the last run stored (or the minimum scores), with history
        where the tier changes. Owners are left to the nightly run and the
        wizard, so an owner's save never hands the account to someone else;
        accounts never classified wait for the nightly run."""
        accounts = accounts.filtered("classified_date")
        today = fields.Date.context_today(self)
        moved = 0
        for company in accounts.company_id:
            tiers = self._tier_specs(company)
            if not tiers:
                continue
            settings = company._kam_settings()
            stored = self.env["cirrus.kam.tier"].browse([t.id for t in tiers])
            thresholds = rules.fixed_thresholds(
                settings, tiers, stored.mapped("threshold")
            )
            customers = self._read_accounts(
                accounts.filtered(lambda a, c=company: a.company_id == c)
            )
            self._classify(settings, tiers, customers, company.currency_id, thresholds)
            changed = self._changes(company, customers, [], today)
            moved += self._write_batch(company, changed, source)
        return moved

    @api.model
    def _store_thresholds(self, thresholds):
        """Keep each tier's threshold of this run: explanations read it."""
        tiers = self.env["cirrus.kam.tier"].sudo().browse(list(thresholds))
        for tier in tiers.exists():
            value = thresholds[tier.id]
            value = value if math.isfinite(value) else 0.0
            if tier.threshold != value:
                tier.threshold = value

    @api.model
    def _commit_progress(self, auto_commit, done, remaining):
        if auto_commit:
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _write_batch(self, company, batch, source):
        """Write one batch of changed customers in a savepoint; return how
        many changed tier. A batch that meets a concurrent transaction
        (serialization failure, deadlock, lock timeout) is split in halves
        until only the customers involved are left for the next call."""
        try:
            # a conflict is expected here and handled below: not an error log
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint(flush=False):
                return self._write_results(company, batch, source)
        except CONCURRENCY_ERRORS:
            self.env.invalidate_all()
            if len(batch) == 1:
                _logger.info(
                    "Key account of customer %s in %s met a concurrent update; "
                    "left for the next call.",
                    batch[0].id,
                    company.name,
                )
                return 0
            half = len(batch) // 2
            return self._write_batch(company, batch[:half], source) + (
                self._write_batch(company, batch[half:], source)
            )

    @api.model
    def _write_results(self, company, batch, source):
        existing = [c for c in batch if c.account_id]
        new = [c for c in batch if not c.account_id]
        written = self._update_accounts(existing) | self._insert_accounts(company, new)
        self.env["cirrus.kam.account"].invalidate_model()
        self.env["res.partner"].invalidate_model()
        self.env["cirrus.kam.workload.report"].invalidate_model()
        done = [c for c in batch if c.id in written]
        moved = [c for c in done if c.changes["tier_id"] != c.tier_id]
        self._log_history(company, moved, source)
        self.env["cirrus.kam.assignment"]._notify_declines(company, done)
        self.env["res.partner"]._kam_sync_salesperson([c.id for c in moved])
        for customer in done:
            customer.written = True
        return len(moved)

    @api.model
    def _arrays(self, batch):
        """One SQL array per result column, with the batch's new values."""
        return [
            SQL(
                "%s::%s[]",
                [
                    json.dumps(c.changes[name])
                    if sql_type == "jsonb" and c.changes[name] is not None
                    else c.changes[name]
                    for c in batch
                ],
                SQL(sql_type),
            )
            for name, sql_type in RESULT_COLUMNS.items()
        ]

    @api.model
    def _lock_accounts(self, account_ids):
        """The accounts of ``account_ids`` this transaction may write now.
        The run locks account rows only, never partners, and skips rows a
        user holds instead of waiting: a save locks the account before the
        partner, so the two cannot deadlock."""
        return SQL(
            "SELECT id FROM cirrus_kam_account WHERE id = ANY(%s) "
            "FOR NO KEY UPDATE SKIP LOCKED",
            list(account_ids),
        )

    @api.model
    def _update_accounts(self, batch):
        """Update existing accounts, skipping those locked by another
        transaction or changed by a user since they were read."""
        if not batch:
            return set()
        names = SQL(", ").join(SQL.identifier(name) for name in RESULT_COLUMNS)
        assignments = SQL(", ").join(
            SQL("%(col)s = v.%(col)s", col=SQL.identifier(name))
            for name in RESULT_COLUMNS
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH locked AS (%(locked)s)
                UPDATE cirrus_kam_account a
                   SET %(assignments)s, write_date = now() at time zone 'UTC'
                  FROM unnest(%(ids)s::int4[], %(seen)s::text[], %(arrays)s)
                       AS v(id, seen, %(names)s)
                 WHERE a.id = v.id
                   AND a.id IN (SELECT id FROM locked)
                   AND %(seen_now)s = v.seen
             RETURNING a.partner_id
                """,
                ids=[c.account_id for c in batch],
                locked=self._lock_accounts([c.account_id for c in batch]),
                seen=[c.seen for c in batch],
                arrays=SQL(", ").join(self._arrays(batch)),
                names=names,
                assignments=assignments,
                seen_now=self._seen("a"),
            )
        )
        return {pid for (pid,) in rows}

    @api.model
    def _insert_accounts(self, company, batch):
        """Create the accounts of customers classified for the first time;
        one a user created meanwhile is left for the next call."""
        if not batch:
            return set()
        names = SQL(", ").join(SQL.identifier(name) for name in RESULT_COLUMNS)
        rows = self.env.execute_query(
            SQL(
                """
                INSERT INTO cirrus_kam_account
                       (partner_id, company_id, user_id, tier_locked,
                        owner_locked, %(names)s,
                        create_uid, write_uid, create_date, write_date)
                SELECT v.partner_id, %(company)s, v.user_id, false, false,
                       %(values)s,
                       %(uid)s, %(uid)s, now() at time zone 'UTC',
                       now() at time zone 'UTC'
                  FROM unnest(%(partners)s::int4[], %(users)s::int4[], %(arrays)s)
                       AS v(partner_id, user_id, %(names)s)
                ON CONFLICT (partner_id, company_id) DO NOTHING
             RETURNING partner_id, id
                """,
                names=names,
                values=SQL(", ").join(
                    SQL("v.%s", SQL.identifier(name)) for name in RESULT_COLUMNS
                ),
                company=company.id,
                uid=self.env.uid,
                partners=[c.id for c in batch],
                users=[c.owner_id for c in batch],
                arrays=SQL(", ").join(self._arrays(batch)),
            )
        )
        ids = dict(rows)
        for customer in batch:
            customer.account_id = ids.get(customer.id)
        return set(ids)

    @api.model
    def _history_vals(self, company, customer, source, **values):
        """A history row of a customer; ``values`` name what changed."""
        return {
            "partner_id": customer.id,
            "company_id": company.id,
            "score": customer.score,
            "revenue": customer.revenue,
            "potential": customer.potential if customer.assessed else 0.0,
            "potential_assessed": customer.assessed,
            "source": source,
            "user_id": self.env.uid,
            "old_user_id": None,
            "new_user_id": None,
            **values,
        }

    @api.model
    def _log_history(self, company, customers, source):
        if not customers:
            return
        labels = self._tier_labels(company.kam_tier_ids.ids)
        texts = self._texts()
        amount = self._amount_format()
        self.env["cirrus.kam.tier.history"].sudo()._insert(
            [
                self._history_vals(
                    company,
                    c,
                    source,
                    old_tier_id=c.tier_id,
                    new_tier_id=c.changes["tier_id"],
                    explanation=self._render(
                        c.changes["explanation_data"], labels, texts, amount
                    )
                    or None,
                )
                for c in customers
            ]
        )

    @api.model
    def _tier_usage(self, tiers):
        """{tier id: number of accounts whose effective tier it is}."""
        rows = (
            self.env["cirrus.kam.account"]
            .sudo()
            ._read_group([("tier_id", "in", tiers.ids)], ["tier_id"], ["__count"])
        )
        return {tier.id: count for tier, count in rows if count}

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    @api.model
    def _cron_classify(self):
        """The nightly run. Committed batch by batch when the scheduler runs
        it; in one transaction from "Run Manually" and in tests."""
        testing = getattr(threading.current_thread(), "testing", False)
        auto_commit = bool(self.env.context.get("cron_id")) and not testing
        budget = CRON_BUDGET if auto_commit else None
        return self.sudo()._run(source="cron", auto_commit=auto_commit, budget=budget)
