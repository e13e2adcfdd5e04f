# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""How much each customer buys: a Zipf-like skew, so that a few customers
bring most of the revenue and most customers buy a few times a year."""

import random

COUNT_EXPONENT = 0.6  # invoices of the customer ranked r: ~ r ** -0.6
FACTOR_EXPONENT = 0.5  # size of its invoices: ~ r ** -0.5
TOP_FACTOR = 40.0  # invoice size multiplier of the largest customer
DORMANT_SHARE = 0.08  # customers without any invoice in 24 months
BOTH_SHARE = 0.12  # customers of both companies
FIRST_COMPANY_SHARE = 0.65  # of the others, customers of the first company


def _scale(weights, target):
    """The multiplier that makes sum(max(1, round(scale * w))) ~ target."""
    scale = target / sum(weights)
    for _ in range(6):
        total = sum(max(1, round(scale * w)) for w in weights)
        scale *= target / total
    return scale


def _split(rng, company_ids, count):
    """[(company id, invoices)] of one customer."""
    first, second = company_ids
    draw = rng.random()
    if draw < BOTH_SHARE and count > 1:
        in_first = max(1, round(0.7 * count))
        return [(first, in_first), (second, count - in_first)]
    if draw < BOTH_SHARE + (1 - BOTH_SHARE) * FIRST_COMPANY_SHARE:
        return [(first, count)]
    return [(second, count)]


def ranks(customer_ids, seed):
    """{customer id: rank}, 1 being the largest customer."""
    order = list(range(1, len(customer_ids) + 1))
    random.Random(seed).shuffle(order)
    return dict(zip(customer_ids, order, strict=True))


def owners(rank_of, user_ids, share, seed):
    """{customer id: salesperson} for the largest ``share`` of customers."""
    rng = random.Random(seed)
    top = share * len(rank_of)
    return {pid: rng.choice(user_ids) for pid, rank in rank_of.items() if rank <= top}


def customer_profiles(rank_of, contact_of, company_ids, moves, seed):
    """Rows (partner, contact, company, invoices, factor) for about
    ``moves`` documents over the customers."""
    rng = random.Random(seed)
    active = [
        (pid, rank) for pid, rank in rank_of.items() if rng.random() >= DORMANT_SHARE
    ]
    scale = _scale([rank**-COUNT_EXPONENT for _pid, rank in active], moves)
    profiles = []
    for pid, rank in active:
        count = max(1, round(scale * rank**-COUNT_EXPONENT))
        factor = TOP_FACTOR * rank**-FACTOR_EXPONENT
        for company_id, invoices in _split(rng, company_ids, count):
            profiles.append((pid, contact_of.get(pid), company_id, invoices, factor))
    return profiles
