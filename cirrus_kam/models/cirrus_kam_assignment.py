"""Ownership: who should own each classified customer, within capacity.

It works on the engine's in-memory customers (see cirrus_kam_engine), so the
wizard's preview, its Apply and the nightly run share one set of rules."""

import math
from collections import defaultdict

from odoo import api, fields, models

from .cirrus_kam_engine import CLASSIFIED_ON, DECLINING


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
        members = (
            self.env["crm.team.member"]
            .sudo()
            .search(
                [
                    ("crm_team_id.kam_role", "in", ("kam", "am")),
                    ("crm_team_id.company_id", "in", (company.id, False)),
                    ("user_id.active", "=", True),
                ]
            )
        )
        managers = {"kam": {}, "am": {}}
        for member in members:
            by_user = managers[member.crm_team_id.kam_role]
            capacity = member.kam_effective_capacity
            by_user[member.user_id.id] = max(
                by_user.get(member.user_id.id, 0), capacity
            )
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
            customer.owner_reason = self._assign_reason(customer, owner, role)

    @api.model
    def _assign_reason(self, customer, owner, role):
        role_name = (
            self.env._("a Key Account Manager")
            if role == "kam"
            else self.env._("an Account Manager")
        )
        score = f"{customer.score:,.2f}"
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
        for role, capacities in managers.items():
            overloaded = sorted(
                (uid for uid, cap in capacities.items() if loads[uid] > cap),
                key=lambda uid: -self._utilization(loads[uid], capacities[uid]),
            )
            for uid in overloaded:
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
                    customer.owner_reason = self.env._(
                        "Rebalance: %(owner)s is over capacity.",
                        owner=users.browse(uid).name,
                    )

    # ------------------------------------------------------------------
    # Applying
    # ------------------------------------------------------------------
    @api.model
    def _apply_owners(self, company, customers, source):
        """Give the proposed owners their customers, with history and, when
        the company notifies, a To-Do activity and a message."""
        moves = [
            c
            for c in customers
            if c.new_owner_id
            and c.new_owner_id != c.owner_id
            and (c.written or not c.changes)
        ]
        if not moves:
            return 0
        partners = self.env["res.partner"].sudo()
        by_owner = defaultdict(list)
        for customer in moves:
            by_owner[customer.new_owner_id].append(customer.id)
        for uid, partner_ids in by_owner.items():
            partners.browse(partner_ids).write({"user_id": uid})
        self.env["cirrus.kam.workload.report"].invalidate_model()
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
        partners = self.env["res.partner"].sudo()
        for customer in moves:
            partner = partners.browse(customer.id)
            if customer.new_tier.role == "kam":
                summary = self.env._("Take over key account %s", partner.name)
            else:
                summary = self.env._("Take over account %s", partner.name)
            partner.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=customer.owner_reason,
                user_id=customer.new_owner_id,
            )
            partner.message_post(
                body=self.env._(
                    "New owner: %(owner)s. %(reason)s",
                    owner=partner.user_id.name,
                    reason=customer.owner_reason,
                ),
                subtype_xmlid="mail.mt_note",
            )

    @api.model
    def _notify_declines(self, company, customers):
        """One activity for the owner of each customer that newly declines.
        A customer classified for the first time has no "before", so it
        raises no alert."""
        declining = [
            c
            for c in customers
            if c.owner_id
            and c.changes.get("kam_declining")
            and c.stored[CLASSIFIED_ON]
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
                    "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                    "res_id": c.id,
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
    def _decline_note(self, company, customer):
        changes = customer.changes
        previous = f"{changes['kam_revenue_prev_12m']:,.2f}"
        revenue = f"{changes['kam_revenue_12m']:,.2f}"
        trend = f"{changes['kam_revenue_trend']:g}"
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
