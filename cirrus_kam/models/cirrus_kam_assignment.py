# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Ownership: who should own each classified customer, within capacity.

It works on the engine's in-memory customers (see cirrus_kam_engine), so the
wizard's preview, its Apply and the nightly run share one set of rules."""

import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import formatLang

from .cirrus_kam_engine import DECLINING


class CirrusKamAssignment(models.AbstractModel):
    _name = "cirrus.kam.assignment"
    _description = "Key Account Ownership"

    # ------------------------------------------------------------------
    # Capacity and load
    # ------------------------------------------------------------------
    @api.model
    def _managers(self, company):
        """{role: {user id: capacity}} of the members of the company's key
        account ("kam") and account management ("am") teams."""
        members = self.env["crm.team.member"]
        for model in ("crm.team", "crm.team.member", "res.users"):
            self.env[model].flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT role, user_id, capacity FROM (%s) cap WHERE company_id = %s",
                members._kam_capacity_query(),
                company.id,
            )
        )
        managers = {"kam": {}, "am": {}}
        for role, user_id, capacity in rows:
            managers[role][user_id] = capacity
        return managers

    @api.model
    def _loads(self, customers):
        """({user id: load}, {user id: accounts}) from the new tiers."""
        loads, counts = defaultdict(float), defaultdict(int)
        for customer in customers:
            if customer.owner_id and customer.new_tier:
                loads[customer.owner_id] += customer.new_tier.workload_weight
                counts[customer.owner_id] += 1
        return loads, counts

    @api.model
    def _utilization(self, load, capacity):
        return load / capacity if capacity > 0 else math.inf

    @api.model
    def _pick(self, capacities, loads, counts, weight):
        """The candidate with the lowest utilization after taking ``weight``;
        ties go to fewer accounts, then the lower user id. Members at or over
        capacity are skipped while anyone is under. Returns (user id, whether
        that user ends over capacity)."""
        under = [uid for uid, cap in capacities.items() if loads[uid] < cap]
        pool = under or list(capacities)
        best = min(
            pool,
            key=lambda uid: (
                self._utilization(loads[uid] + weight, capacities[uid]),
                counts[uid],
                uid,
            ),
        )
        return best, loads[best] + weight > capacities[best]

    # ------------------------------------------------------------------
    # Proposals
    # ------------------------------------------------------------------
    @api.model
    def _movable(self, customer):
        return bool(customer.new_tier) and not (
            customer.locked or customer.owner_locked
        )

    @api.model
    def _propose(self, company, customers, mode):
        """Set ``new_owner_id`` (and ``overloaded``, ``owner_reason``) on the
        customers that should change owner."""
        managers = self._managers(company)
        loads, counts = self._loads(customers)
        if mode == "rebalance":
            self._propose_rebalance(managers, customers, loads, counts)
        else:
            self._propose_assign(managers, customers, loads, counts)

    @api.model
    def _propose_assign(self, managers, customers, loads, counts):
        users = self.env["res.users"].sudo()
        amount = self.env["cirrus.kam.engine"]._amount_format()
        for customer in sorted(customers, key=lambda c: (-c.score, c.id)):
            if not self._movable(customer):
                continue
            role = customer.new_tier.role
            capacities = managers[role]
            if not capacities or customer.owner_id in capacities:
                continue
            weight = customer.new_tier.workload_weight
            if customer.owner_id:
                loads[customer.owner_id] -= weight
                counts[customer.owner_id] -= 1
            uid, overloaded = self._pick(capacities, loads, counts, weight)
            loads[uid] += weight
            counts[uid] += 1
            customer.new_owner_id, customer.overloaded = uid, overloaded
            owner = users.browse(customer.owner_id)
            customer.owner_reason = self._assign_reason(customer, owner, role, amount)

    @api.model
    def _assign_reason(self, customer, owner, role, amount=None):
        """Why the customer needs another owner, with the score in the
        reader's number format (``amount``: the engine's ``_amount_format``)."""
        amount = amount or self.env["cirrus.kam.engine"]._amount_format()
        role_name = (
            self.env._("a Key Account Manager")
            if role == "kam"
            else self.env._("an Account Manager")
        )
        score = amount(customer.score)
        if not owner:
            return self.env._(
                "%(tier)s (score %(score)s) has no owner and needs %(role)s.",
                tier=customer.new_tier.name,
                score=score,
                role=role_name,
            )
        return self.env._(
            "%(tier)s (score %(score)s) needs %(role)s; %(owner)s is in no "
            "team of that role.",
            tier=customer.new_tier.name,
            score=score,
            role=role_name,
            owner=owner.name,
        )

    @api.model
    def _propose_rebalance(self, managers, customers, loads, counts):
        users = self.env["res.users"].sudo()
        amount = self.env["cirrus.kam.engine"]._amount_format()
        for role, capacities in managers.items():
            overloaded = sorted(
                (uid for uid, cap in capacities.items() if loads[uid] > cap),
                key=lambda uid: -self._utilization(loads[uid], capacities[uid]),
            )
            for uid in overloaded:
                # the reason tells the load that made the owner give accounts away
                reason = self.env._(
                    "Rebalance: %(owner)s carries a load of %(load)s for a "
                    "capacity of %(capacity)s.",
                    owner=users.browse(uid).name,
                    load=amount(loads[uid]),
                    capacity=capacities[uid],
                )
                own = sorted(
                    (
                        c
                        for c in customers
                        if c.owner_id == uid
                        and self._movable(c)
                        and c.new_tier.role == role
                    ),
                    key=lambda c: (c.score, c.id),
                )
                for customer in own:
                    if loads[uid] <= capacities[uid]:
                        break
                    weight = customer.new_tier.workload_weight
                    room = {
                        other: cap
                        for other, cap in capacities.items()
                        if other != uid and loads[other] + weight <= cap
                    }
                    if not room:
                        break
                    target, _over = self._pick(room, loads, counts, weight)
                    loads[uid] -= weight
                    counts[uid] -= 1
                    loads[target] += weight
                    counts[target] += 1
                    customer.new_owner_id = target
                    customer.owner_reason = reason

    @api.model
    def _load_changes(self, company, customers):
        """Each manager's load before and after the proposed owners:
        [(role, user id, capacity, load before, load after)], loads weighed
        by the new tiers as in the proposals."""
        before, _counts = self._loads(customers)
        after = defaultdict(float, before)
        for customer in customers:
            if customer.new_owner_id and customer.new_tier:
                weight = customer.new_tier.workload_weight
                if customer.owner_id:
                    after[customer.owner_id] -= weight
                after[customer.new_owner_id] += weight
        return [
            (role, uid, capacity, before[uid], after[uid])
            for role, capacities in self._managers(company).items()
            for uid, capacity in sorted(capacities.items())
        ]

    @api.model
    def _rebalance_status(self, loads):
        """Why a rebalance moves nothing, from ``_load_changes`` rows:
        "no_team", "balanced" (nobody over capacity), "full" (in each role
        with someone over, everyone is at or over capacity) or "stuck"
        (there is room, but the accounts are locked or too heavy for it)."""
        if not loads:
            return "no_team"
        over_roles = {role for role, _uid, cap, load, _after in loads if load > cap}
        if not over_roles:
            return "balanced"
        if all(
            load >= cap for role, _uid, cap, load, _a in loads if role in over_roles
        ):
            return "full"
        return "stuck"

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------
    @api.model
    def _apply_owners(self, company, customers, source):
        """Give the proposed owners their accounts, with history and, when
        the company notifies, a To-Do activity and a message on the account.
        An account whose owner changed since it was read is left alone."""
        moves = [
            c
            for c in customers
            if c.new_owner_id
            and c.new_owner_id != c.owner_id
            and c.account_id
            and (c.written or not c.changes)
        ]
        if not moves:
            return 0
        self.env["cirrus.kam.account"].flush_model()
        rows = self.env.execute_query(
            SQL(
                """
                WITH locked AS (%(locked)s)
                UPDATE cirrus_kam_account a
                   SET user_id = v.new_owner, write_date = now() at time zone 'UTC'
                  FROM unnest(%(ids)s::int4[], %(old)s::int4[], %(new)s::int4[])
                       AS v(id, old_owner, new_owner)
                 WHERE a.id = v.id
                   AND a.id IN (SELECT id FROM locked)
                   AND a.user_id IS NOT DISTINCT FROM v.old_owner
                   AND a.owner_locked IS NOT TRUE
             RETURNING a.id
                """,
                ids=[c.account_id for c in moves],
                locked=self.env["cirrus.kam.engine"]._lock_accounts(
                    [c.account_id for c in moves]
                ),
                old=[c.owner_id for c in moves],
                new=[c.new_owner_id for c in moves],
            )
        )
        done = {account_id for (account_id,) in rows}
        moves = [c for c in moves if c.account_id in done]
        self.env["cirrus.kam.account"].invalidate_model(["user_id"])
        self.env["cirrus.kam.workload.report"].invalidate_model()
        self.env["res.partner"]._kam_sync_salesperson([c.id for c in moves])
        self._log_owner_history(company, moves, source)
        if company.kam_notify:
            self._notify_owners(moves)
        return len(moves)

    @api.model
    def _log_owner_history(self, company, moves, source):
        engine = self.env["cirrus.kam.engine"]
        self.env["cirrus.kam.tier.history"].sudo()._insert(
            [
                engine._history_vals(
                    company,
                    c,
                    source,
                    old_tier_id=c.new_tier.id,
                    new_tier_id=c.new_tier.id,
                    old_user_id=c.owner_id,
                    new_user_id=c.new_owner_id,
                    explanation=c.owner_reason,
                )
                for c in moves
            ]
        )

    @api.model
    def _notify_owners(self, moves):
        """A To-Do for each new owner and a note, both on the account: only
        users who may read that company's account see them."""
        accounts = self.env["cirrus.kam.account"].sudo()
        users = self.env["res.users"].sudo()
        for customer in moves:
            account = accounts.browse(customer.account_id)
            name = account.partner_id.name
            if customer.new_tier.role == "kam":
                summary = self.env._("Take over key account %s", name)
            else:
                summary = self.env._("Take over account %s", name)
            account.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=customer.owner_reason,
                user_id=customer.new_owner_id,
            )
            account.message_post(
                body=self.env._(
                    "New owner: %(owner)s. %(reason)s",
                    owner=users.browse(customer.new_owner_id).name,
                    reason=customer.owner_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _notify_declines(self, company, customers):
        """One activity on the account for the owner of each customer that
        newly declines, one classified for the first time included. Before
        the company's baseline (see _set_decline_baseline) nobody is alerted:
        installing the addon does not flood every owner."""
        if not company.kam_decline_baseline_date:
            return
        declining = [
            c
            for c in customers
            if c.owner_id
            and c.account_id
            and c.changes.get("declining")
            and not c.stored[DECLINING]
        ]
        if not declining:
            return
        partners = self.env["res.partner"].sudo().browse([c.id for c in declining])
        names = dict(zip(partners.ids, partners.mapped("name"), strict=True))
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.env["mail.activity"].sudo().create(
            [
                {
                    "res_model_id": self.env["ir.model"]._get_id("cirrus.kam.account"),
                    "res_id": c.account_id,
                    "activity_type_id": todo.id,
                    "user_id": c.owner_id,
                    "date_deadline": fields.Date.context_today(self),
                    "summary": self.env._("Declining revenue: %s", names[c.id]),
                    "note": self._decline_note(company, c),
                }
                for c in declining
            ]
        )

    @api.model
    def _set_decline_baseline(self, company, customers, today):
        """The first complete run of a company (every customer classified and
        written, over one or several scheduler calls) sets the baseline of
        the decline alerts. Recorded on the company, not guessed from its
        accounts: the batches a first run has already committed must not
        make its later batches alert."""
        if customers and not company.kam_decline_baseline_date:
            company.sudo().kam_decline_baseline_date = today

    @api.model
    def _decline_note(self, company, customer):
        changes = customer.changes
        previous = formatLang(self.env, changes["revenue_prev"])
        revenue = formatLang(self.env, changes["revenue"])
        trend = f"{changes['trend']:g}"
        limit = f"{company.kam_decline_percent:g}"
        return self.env._(
            "Revenue fell from %(previous)s to %(revenue)s (%(trend)s%%), "
            "more than the %(limit)s%% decline alert of %(company)s.",
            previous=previous,
            revenue=revenue,
            trend=trend,
            limit=limit,
            company=company.name,
        )
