"""The classification engine: the one place where revenue, score and tiers
are computed. Views, wizards, reports and the cron only call it."""

import logging
import math
import threading
from collections import defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from psycopg2 import errors as pg_errors

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

BATCH_SIZE = 2000

# res.partner columns written by the engine (jsonb, one key per company),
# with their SQL types
RESULT_COLUMNS = {
    "kam_revenue_12m": "float8",
    "kam_revenue_prev_12m": "float8",
    "kam_revenue_trend": "float8",
    "kam_wallet_share": "float8",
    "kam_declining": "bool",
    "kam_score": "float8",
    "kam_computed_tier_id": "int4",
    "kam_tier_id": "int4",
    "kam_tier_explanation": "text",
    "kam_classified_date": "date",
}
# positions in RESULT_COLUMNS
DECLINING, COMPUTED_TIER, TIER, CLASSIFIED_ON = (
    list(RESULT_COLUMNS).index(name)
    for name in (
        "kam_declining",
        "kam_computed_tier_id",
        "kam_tier_id",
        "kam_classified_date",
    )
)
# columns copied from a commercial partner to its contacts
SYNCED_COLUMNS = tuple(RESULT_COLUMNS) + (
    "kam_potential",
    "kam_potential_date",
    "kam_tier_locked",
    "kam_lock_reason",
)
# what a concurrent user may change while a run computes: a batch skips the
# customers where any of these changed since they were read
SEEN_COLUMNS = ("kam_potential", "kam_potential_date", "kam_tier_id", "kam_tier_locked")


@dataclass(eq=False, slots=True)
class TierSpec:
    """A tier as the engine sees it: real, or tried in the wizard."""

    id: int
    name: str
    role: str
    min_score: float
    cumulative_share: float
    workload_weight: float = 1.0


@dataclass(eq=False, slots=True)
class Customer:
    """One classified customer of one company, with what is stored now
    (``stored``: the values of RESULT_COLUMNS, in that order)."""

    id: int
    revenue: float = 0.0
    revenue_prev: float = 0.0
    potential: float = 0.0
    assessed: bool = False
    tier_id: int | None = None
    computed_tier_id: int | None = None
    locked: bool = False
    owner_id: int | None = None
    owner_locked: bool = False
    stored: tuple = ()
    seen: str = ""
    # results
    score: float = 0.0
    new_computed: TierSpec | None = None
    new_tier: TierSpec | None = None
    explanation: str = ""
    changes: dict = field(default_factory=dict)
    new_owner_id: int | None = None
    overloaded: bool = False
    owner_reason: str = ""
    written: bool = False


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
    def _jsonb(self, column, key, cast=None):
        value = SQL("(p.%s->>%s)", SQL.identifier(column), key)
        return SQL("%s::%s", value, SQL(cast)) if cast else value

    @api.model
    def _seen(self, key):
        """A fingerprint of what users may change on a customer."""
        return SQL(
            "concat_ws('|', %s)",
            SQL(", ").join(self._jsonb(column, key) for column in SEEN_COLUMNS),
        )

    @api.model
    def _read_customers(self, company, revenue):
        """The customers of the company to classify, with their stored values.
        Partners that are no longer classified but still hold a tier are
        returned too, as the second list, so their values are cleared."""
        key = str(company.id)
        self.env["res.partner"].flush_model()
        j = self._jsonb
        stored = SQL(", ").join(
            j(column, key, sql_type) for column, sql_type in RESULT_COLUMNS.items()
        )
        potential_date = j("kam_potential_date", key)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id,
                       (p.active AND (p.customer_rank > 0
                            OR p.id = ANY(%(revenue_ids)s)
                            OR %(potential_date)s IS NOT NULL)) AS classified,
                       %(potential)s, %(potential_date)s IS NOT NULL,
                       COALESCE(%(locked)s, false), p.user_id,
                       COALESCE(p.kam_owner_locked, false), %(seen)s,
                       %(stored)s
                  FROM res_partner p
                 WHERE p.id = p.commercial_partner_id
                   AND (p.company_id IS NULL OR p.company_id = %(company)s)
                   AND ((p.active AND (p.customer_rank > 0
                            OR p.id = ANY(%(revenue_ids)s)
                            OR %(potential_date)s IS NOT NULL))
                        OR %(tier)s IS NOT NULL
                        OR %(rev)s IS NOT NULL)
              ORDER BY p.id
                """,
                company=company.id,
                revenue_ids=[pid for pid, (r, p) in revenue.items() if r or p],
                potential=j("kam_potential", key, "float8"),
                potential_date=potential_date,
                tier=j("kam_tier_id", key),
                rev=j("kam_revenue_12m", key),
                locked=j("kam_tier_locked", key, "bool"),
                seen=self._seen(key),
                stored=stored,
            )
        )
        customers, dropped = [], []
        for row in rows:
            pid, classified, potential, assessed, locked, owner, owner_locked = row[:7]
            stored = row[8:]
            revenue_now, revenue_prev = revenue.get(pid, (0.0, 0.0))
            customer = Customer(
                id=pid,
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
                seen=row[7],
            )
            (customers if classified else dropped).append(customer)
        return customers, dropped

    # ------------------------------------------------------------------
    # Classifying (pure computation, no database access)
    # ------------------------------------------------------------------
    @api.model
    def _score(self, settings, customer):
        basis = settings["kam_basis"]
        potential = customer.potential if customer.assessed else customer.revenue
        if basis == "revenue":
            return customer.revenue
        if basis == "potential":
            return potential
        weight = settings["kam_potential_weight"]
        return (1 - weight) * customer.revenue + weight * potential

    @api.model
    def _computed_tiers(self, settings, tiers, customers):
        """Set ``new_computed`` on every customer; return the threshold
        θ of every tier, as a list in tier order."""
        last = tiers[-1]
        if settings["kam_threshold_mode"] == "amount":
            for customer in customers:
                customer.new_computed = next(
                    (t for t in tiers if t.min_score <= customer.score), last
                )
            return [t.min_score for t in tiers[:-1]] + [-math.inf]
        ranked = sorted(customers, key=lambda c: (-c.score, c.id))
        total = sum(c.score for c in ranked if c.score > 0)
        before = 0.0
        lowest = {}
        for customer in ranked:
            tier = last
            if customer.score > 0 and total > 0:
                share_before = 100.0 * before / total
                tier = next(
                    (t for t in tiers if t.cumulative_share > share_before), last
                )
                before += customer.score
            customer.new_computed = tier
            lowest[tier.id] = min(lowest.get(tier.id, math.inf), customer.score)
        thresholds = []
        running = math.inf
        for tier in tiers:
            running = min(running, lowest.get(tier.id, math.inf))
            thresholds.append(running)
        thresholds[-1] = -math.inf
        return thresholds

    @api.model
    def _effective_tier(self, settings, tiers, thresholds, customer, index):
        current = index.get(customer.tier_id)
        computed = index[customer.new_computed.id]
        if customer.locked and current is not None:
            return tiers[current], "locked"
        if current is None or current >= computed:
            return customer.new_computed, "rules"
        raised = customer.score * (1 + settings["kam_hysteresis_percent"] / 100.0)
        for i in range(current, computed):
            if raised >= thresholds[i]:
                return tiers[i], "hysteresis" if i != computed else "rules"
        return customer.new_computed, "rules"

    @api.model
    def _classify(self, settings, tiers, customers, currency=None):
        """Compute score, computed tier, effective tier and explanation of
        every customer, in memory."""
        digits = currency.decimal_places if currency else 2
        for customer in customers:
            customer.score = round(self._score(settings, customer), digits)
        thresholds = self._computed_tiers(settings, tiers, customers)
        index = {tier.id: position for position, tier in enumerate(tiers)}
        texts = self._texts()
        for customer in customers:
            customer.new_tier, reason = self._effective_tier(
                settings, tiers, thresholds, customer, index
            )
            customer.explanation = self._explain(
                settings, tiers, thresholds, customer, reason, texts, index
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
    def _score_text(self, settings, customer, texts):
        revenue = texts["revenue"] % {
            "amount": f"{customer.revenue:,.2f}",
            "months": settings["kam_lookback_months"],
        }
        if customer.assessed:
            potential = texts["potential"] % {"amount": f"{customer.potential:,.2f}"}
        else:
            potential = texts["no_potential"] % {"revenue": revenue}
        basis = settings["kam_basis"]
        if basis == "revenue":
            return revenue
        if basis == "potential":
            return potential
        weight = settings["kam_potential_weight"]
        return texts["combined"] % {
            "rw": f"{100 * (1 - weight):g}",
            "revenue": revenue,
            "pw": f"{100 * weight:g}",
            "potential": potential,
        }

    @api.model
    def _explain(self, settings, tiers, thresholds, customer, reason, texts, index):
        tier = customer.new_tier
        values = {
            "tier": tier.name,
            "computed": customer.new_computed.name,
            "score": f"{customer.score:,.2f}",
            "basis": self._score_text(settings, customer, texts),
        }
        if reason == "locked":
            return texts["locked"] % values
        position = index[tier.id]
        values["threshold"] = f"{thresholds[position]:,.2f}"
        if reason == "hysteresis":
            values["h"] = f"{settings['kam_hysteresis_percent']:g}"
            return texts["hysteresis"] % values
        if position == len(tiers) - 1:
            return texts["last"] % values
        if settings["kam_threshold_mode"] == "amount":
            return texts["amount"] % values
        values["share"] = f"{tier.cumulative_share:g}"
        return texts["share"] % values

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
        self._classify(settings, tiers, customers, company.currency_id)
        if owners:
            self.env["cirrus.kam.assignment"]._propose(company, customers, owners)
        if partner_ids:
            wanted = set(partner_ids)
            customers = [c for c in customers if c.id in wanted]
            dropped = [c for c in dropped if c.id in wanted]
        return customers, dropped

    @api.model
    def _new_values(self, customer, digits, decline_percent):
        """The values the engine stores for a classified customer, in the
        order of RESULT_COLUMNS, without the classified date."""
        revenue = round(customer.revenue, digits)
        previous = round(customer.revenue_prev, digits)
        trend = round(100.0 * (revenue - previous) / previous, 2) if previous else None
        wallet = None
        if customer.assessed and customer.potential:
            wallet = round(100.0 * revenue / customer.potential, 2)
        declining = previous > 0 and 100.0 * (previous - revenue) / previous > (
            decline_percent
        )
        return (
            revenue,
            previous,
            trend,
            wallet,
            declining,
            customer.score,
            customer.new_computed.id,
            customer.new_tier.id,
            customer.explanation,
        )

    @api.model
    def _changes(self, company, customers, dropped, today):
        """The customers whose stored values differ from the new ones, each
        with ``changes`` set to the new column values."""
        digits = company.currency_id.decimal_places
        decline_percent = company.kam_decline_percent
        changed = []
        for customer in customers:
            values = self._new_values(customer, digits, decline_percent)
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
    ):
        """Reclassify companies; return {company id: number of tier changes}.
        ``settings`` and ``tiers`` (tried in the wizard) apply to a single
        company. Owners are proposed and applied with ``owners`` ("assign" or
        "rebalance"), or when the company assigns automatically."""
        companies = companies or self.env["res.company"].sudo().search([])  # pylint: disable=no-search-all
        today = today or fields.Date.context_today(self)
        work = []
        revenues = {} if settings else self._revenues(companies, today)
        for company in companies:
            mode = owners or ("assign" if company.kam_assignment == "auto" else None)
            customers, dropped = self._evaluate(
                company,
                settings,
                tiers,
                today,
                partner_ids,
                mode,
                revenue=revenues.get(company.id, {}) if not settings else None,
            )
            changed = self._changes(company, customers, dropped, today)
            work.append((company, customers, changed))
        total = sum(len(changed) for _company, _customers, changed in work)
        done = 0
        result = {}
        for company, customers, changed in work:
            result[company.id] = 0
            for start in range(0, len(changed), BATCH_SIZE):
                batch = changed[start : start + BATCH_SIZE]
                result[company.id] += self._write_batch(
                    company, batch, source, auto_commit
                )
                done += len(batch)
                self._commit_progress(auto_commit, done, total - done)
            self.env["cirrus.kam.assignment"]._apply_owners(company, customers, source)
            self._commit_progress(auto_commit, done, total - done)
        return result

    @api.model
    def _commit_progress(self, auto_commit, done, remaining):
        if auto_commit:
            self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
            self.env.cr.commit()  # pylint: disable=invalid-commit

    @api.model
    def _write_batch(self, company, batch, source, auto_commit):
        """Write one batch of changed customers; return how many changed
        tier. With ``auto_commit``, a batch that meets a concurrent
        transaction is rolled back and left for the next run. Without it,
        each batch is a savepoint, so a failing batch leaves the earlier
        ones written, as committed batches are in the scheduler."""
        if not auto_commit:
            with self.env.cr.savepoint(flush=False):
                return self._write_results(company, batch, source)
        try:
            return self._write_results(company, batch, source)
        except (pg_errors.SerializationFailure, pg_errors.LockNotAvailable):
            self.env.cr.rollback()
            _logger.info(
                "Key account batch of %s customers of %s met a "
                "concurrent update; left for the next run.",
                len(batch),
                company.name,
            )
            return 0

    @api.model
    def _write_results(self, company, batch, source):
        key = str(company.id)
        assignments = SQL(", ").join(
            SQL(
                "%(col)s = COALESCE(p.%(col)s, '{}'::jsonb) "
                "|| jsonb_build_object(%(key)s, v.%(col)s)",
                col=SQL.identifier(name),
                key=key,
            )
            for name in RESULT_COLUMNS
        )
        arrays = SQL(", ").join(
            SQL("%s::%s[]", [c.changes[name] for c in batch], SQL(sql_type))
            for name, sql_type in RESULT_COLUMNS.items()
        )
        names = SQL(", ").join(SQL.identifier(name) for name in RESULT_COLUMNS)
        rows = self.env.execute_query(
            SQL(
                """
                WITH locked AS (
                    SELECT id FROM res_partner
                     WHERE id = ANY(%(ids)s)
                       FOR NO KEY UPDATE SKIP LOCKED
                )
                UPDATE res_partner p SET %(assignments)s
                  FROM unnest(%(ids)s::int4[], %(seen)s::text[], %(arrays)s)
                       AS v(id, seen, %(names)s)
                 WHERE p.id = v.id
                   AND p.id IN (SELECT id FROM locked)
                   AND %(seen_now)s = v.seen
             RETURNING p.id
                """,
                ids=[c.id for c in batch],
                seen=[c.seen for c in batch],
                arrays=arrays,
                names=names,
                assignments=assignments,
                seen_now=self._seen(key),
            )
        )
        written = {pid for (pid,) in rows}
        self._sync_contacts(list(written))
        self.env["res.partner"].invalidate_model(list(SYNCED_COLUMNS))
        self.env["cirrus.kam.workload.report"].invalidate_model()
        done = [c for c in batch if c.id in written]
        for customer in done:
            customer.written = True
        moved = [c for c in done if c.changes["kam_tier_id"] != c.tier_id]
        self._log_history(company, moved, source)
        self.env["cirrus.kam.assignment"]._notify_declines(company, done)
        return len(moved)

    @api.model
    def _sync_contacts(self, commercial_ids):
        """Copy the values of commercial partners onto their contacts."""
        if not commercial_ids:
            return
        assignments = SQL(", ").join(
            SQL("%(col)s = parent.%(col)s", col=SQL.identifier(name))
            for name in SYNCED_COLUMNS
        )
        self.env.execute_query(
            SQL(
                """
                UPDATE res_partner c SET %s
                  FROM res_partner parent
                 WHERE c.commercial_partner_id = parent.id
                   AND c.id <> parent.id
                   AND parent.id = ANY(%s)
                """,
                assignments,
                commercial_ids,
            )
        )

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
        self.env["cirrus.kam.tier.history"].sudo()._insert(
            [
                self._history_vals(
                    company,
                    c,
                    source,
                    old_tier_id=c.tier_id,
                    new_tier_id=c.changes["kam_tier_id"],
                    explanation=c.explanation,
                )
                for c in customers
            ]
        )

    @api.model
    def _tier_usage(self, tiers):
        """{tier id: number of customers whose effective tier it is}."""
        usage = {}
        for tier in tiers:
            rows = self.env.execute_query(
                SQL(
                    "SELECT count(*) FROM res_partner p "
                    "WHERE p.id = p.commercial_partner_id AND (p.%s->>%s)::int4 = %s",
                    SQL.identifier("kam_tier_id"),
                    str(tier.company_id.id),
                    tier.id,
                )
            )
            if rows[0][0]:
                usage[tier.id] = rows[0][0]
        return usage

    # ------------------------------------------------------------------
    # Entry points
    # ------------------------------------------------------------------
    @api.model
    def _cron_classify(self):
        """The nightly run. Committed batch by batch when the scheduler runs
        it; in one transaction from "Run Manually" and in tests."""
        testing = getattr(threading.current_thread(), "testing", False)
        auto_commit = bool(self.env.context.get("cron_id")) and not testing
        return self.sudo()._run(source="cron", auto_commit=auto_commit)
