# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""The classification rules as plain Python: scores, tiers, hysteresis,
the numbers behind an explanation, and the values an account stores. No
database access, so tests can call them directly; cirrus.kam.engine feeds
them and writes their results."""

import math
from dataclasses import dataclass, field


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
    account_id: int | None = None
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
    explanation: dict = field(default_factory=dict)
    changes: dict = field(default_factory=dict)
    new_owner_id: int | None = None
    overloaded: bool = False
    owner_reason: str = ""
    written: bool = False


def score(settings, customer):
    """Revenue ("maintain"), potential (revenue while not assessed), or both
    weighted ("grow")."""
    basis = settings["kam_basis"]
    potential = customer.potential if customer.assessed else customer.revenue
    if basis == "revenue":
        return customer.revenue
    if basis == "potential":
        return potential
    weight = settings["kam_potential_weight"]
    return (1 - weight) * customer.revenue + weight * potential


def computed_tiers(settings, tiers, customers):
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
            tier = next((t for t in tiers if t.cumulative_share > share_before), last)
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


def fixed_thresholds(settings, tiers, stored):
    """The thresholds of ``tiers`` for classifying a few customers between
    runs, without ranking everyone again: the minimum scores (amounts), or
    the thresholds the last run stored (shares), where a tier left empty by
    that run (stored 0: a Pareto tier holds positive scores only) is out of
    reach."""
    if settings["kam_threshold_mode"] == "amount":
        return [t.min_score for t in tiers[:-1]] + [-math.inf]
    return [value if value > 0 else math.inf for value in stored[:-1]] + [-math.inf]


def tiers_by_threshold(tiers, thresholds, customers):
    """Set ``new_computed`` on every customer: the first tier whose
    threshold its score reaches."""
    for customer in customers:
        customer.new_computed = next(
            (
                tier
                for tier, threshold in zip(tiers, thresholds, strict=True)
                if customer.score >= threshold
            ),
            tiers[-1],
        )


def effective_tier(settings, tiers, thresholds, customer, index):
    """(tier, reason): a locked tier stays; moving up follows the rules at
    once; moving down, the customer keeps the highest tier its score raised
    by the hysteresis percent still reaches."""
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


def explain(settings, tiers, thresholds, customer, reason, index):
    """The numbers that explain a customer's tier, as stored on its
    account (``explanation_data``) and rendered by ``_render``."""
    tier = customer.new_tier
    data = {
        "reason": reason,
        "tier": tier.id,
        "computed": customer.new_computed.id,
        "score": customer.score,
        "basis": settings["kam_basis"],
        "weight": settings["kam_potential_weight"],
        "months": settings["kam_lookback_months"],
        "revenue": customer.revenue,
        "potential": customer.potential if customer.assessed else None,
    }
    if reason == "locked":
        return data
    # the threshold itself is not stored here: it is the tier's, updated
    # once a run (cirrus.kam.tier.threshold), so a moving Pareto threshold
    # does not rewrite every account of the tier
    position = index[tier.id]
    if reason == "hysteresis":
        data["h"] = settings["kam_hysteresis_percent"]
    elif position == len(tiers) - 1:
        data["reason"] = "last"
    elif settings["kam_threshold_mode"] == "amount":
        data["reason"] = "amount"
    else:
        data["reason"] = "share"
        data["share"] = tier.cumulative_share
    return data


def new_values(customer, digits, decline_percent):
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
