# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import math
from collections import Counter

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..models.cirrus_kam_account import check_number
from ..models.cirrus_kam_rules import TierSpec
from ..models.cirrus_kam_tier import MANAGER_ROLES
from ..models.res_company import KAM_BASIS, KAM_SETTING_FIELDS, KAM_THRESHOLD_MODE


class CirrusKamClassifyWizard(models.TransientModel):
    _name = "cirrus.kam.classify.wizard"
    _description = "Classify Customers"

    company_id = fields.Many2one(
        "res.company",
        required=True,
        default=lambda self: self.env.company,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    kam_basis = fields.Selection(KAM_BASIS, string="Basis", required=True)
    kam_potential_weight = fields.Float(string="Weight of Potential")
    kam_lookback_months = fields.Integer(string="Lookback (months)")
    kam_threshold_mode = fields.Selection(
        KAM_THRESHOLD_MODE, string="Thresholds", required=True
    )
    kam_hysteresis_percent = fields.Float(string="Hysteresis (%)")
    tier_ids = fields.One2many(
        "cirrus.kam.classify.wizard.tier", "wizard_id", string="Tiers"
    )
    line_ids = fields.One2many(
        "cirrus.kam.classify.wizard.line", "wizard_id", string="Changes"
    )
    count_ids = fields.One2many(
        "cirrus.kam.classify.wizard.count", "wizard_id", string="Customers per Tier"
    )
    mode = fields.Selection(
        [("classify", "Classify"), ("rebalance", "Rebalance owners")],
        default="classify",
        required=True,
    )
    kam_assignment = fields.Selection(related="company_id.kam_assignment")
    state = fields.Selection(
        [("draft", "Settings"), ("preview", "Preview")], default="draft"
    )
    change_count = fields.Integer(string="Customers Changing", readonly=True)
    tier_change_count = fields.Integer(string="Tier Changes", readonly=True)
    owner_change_count = fields.Integer(string="Owner Changes", readonly=True)
    load_ids = fields.One2many(
        "cirrus.kam.classify.wizard.load", "wizard_id", string="Utilization"
    )
    rebalance_status = fields.Selection(
        [
            ("moves", "Moves proposed"),
            ("no_team", "No team members"),
            ("balanced", "Nobody over capacity"),
            ("full", "Everyone at or over capacity"),
            ("stuck", "Nothing can move"),
        ],
        readonly=True,
    )
    save_settings = fields.Boolean(
        string="Save as the company's settings",
        help="On Apply, also store the tried basis, weight, lookback, mode, "
        "hysteresis and thresholds as the company's own.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        company = self.env["res.company"].browse(
            values.get("company_id") or self.env.company.id
        )
        values.update(self._company_values(company))
        return values

    @api.model
    def _check_company_access(self, company):
        """Refuse a company the user may not work in, before its settings
        and tiers are read with sudo."""
        if not self.env.su and (
            company not in self.env.user.company_ids
            or company not in self.env.companies
        ):
            raise AccessError(
                self.env._("You do not have access to the company of this wizard.")
            )

    @api.model
    def _company_values(self, company):
        self._check_company_access(company)
        # checked just above: the user works in this company
        values = company.sudo()._kam_settings()
        values["tier_ids"] = [Command.clear()] + [
            Command.create(
                {
                    "tier_id": tier.id,
                    "name": tier.name,
                    "sequence": tier.sequence,
                    "role": tier.role,
                    "min_score": tier.min_score,
                    "cumulative_share": tier.cumulative_share,
                }
            )
            for tier in self.env["cirrus.kam.tier"]._company_tiers(company)
        ]
        return values

    @api.onchange("company_id")
    def _onchange_company_id(self):
        if self.company_id:
            self.update(self._company_values(self.company_id))
            self.state = "draft"
            self.line_ids = [Command.clear()]
            self.count_ids = [Command.clear()]

    @api.constrains("company_id")
    def _check_tiers_company(self):
        # the tier lines check their tiers; a wizard moved to another company
        # after its lines were made must pass the same check
        self.tier_ids._check_tier_company()

    def _check_manager(self):
        if not self.env.user.has_group("cirrus_kam.group_kam_manager"):
            raise AccessError(
                self.env._("Only key account administrators can classify customers.")
            )
        self._check_company_access(self.company_id)

    def _tried(self):
        """The tried settings and tiers, validated."""
        engine = self.env["cirrus.kam.engine"]
        settings = {name: self[name] for name in KAM_SETTING_FIELDS}
        engine._check_settings(settings)
        tiers = self.tier_ids.sorted("sequence")
        if not tiers:
            raise UserError(
                self.env._("%s has no tiers: add one first.", self.company_id.name)
            )
        engine._check_tiers(self.company_id, tiers)
        for tier in tiers:
            check_number(self.env, tier.min_score, self.env._("The minimum score"))
        # the tiers' workload weights are not tried here, but they weigh
        # owners' loads exactly as in the nightly run
        specs = [
            TierSpec(
                t.tier_id.id,
                t.name,
                t.role,
                t.min_score,
                t.cumulative_share,
                t.tier_id.workload_weight,
            )
            for t in tiers
        ]
        return settings, specs

    def action_preview(self):
        self.ensure_one()
        self._check_manager()
        settings, specs = self._tried()
        engine = self.env["cirrus.kam.engine"].sudo()
        thresholds = {}
        customers, dropped = engine._evaluate(
            self.company_id,
            settings,
            specs,
            owners=self._owners_mode(),
            thresholds=thresholds,
        )
        self._store_preview(customers, dropped, specs, thresholds)
        return self._reopen()

    def _owners_mode(self):
        if self.mode == "rebalance":
            return "rebalance"
        return "assign" if self.company_id.kam_assignment != "off" else None

    def _store_preview(self, customers, dropped, specs, thresholds):
        self.line_ids.unlink()
        self.count_ids.unlink()
        self.load_ids.unlink()
        if self.mode == "rebalance":
            changed = [c for c in customers if c.new_owner_id]
        else:
            changed = [
                c for c in customers if c.new_tier.id != c.tier_id or c.new_owner_id
            ]
            changed += [c for c in dropped if c.tier_id]
        kinds = [self._change_kind(c) for c in changed]
        reasons = self._reasons(changed, specs, thresholds)
        self._insert_lines(changed, kinds, reasons)
        if self.mode == "rebalance":
            self._store_loads(customers, bool(changed))
        before = Counter(c.tier_id for c in customers + dropped if c.tier_id)
        after = Counter(c.new_tier.id for c in customers)
        self.count_ids = [
            Command.create(
                {
                    "tier_id": spec.id,
                    "name": spec.name,
                    "count_before": before.get(spec.id, 0),
                    "count_after": after.get(spec.id, 0),
                }
            )
            for spec in specs
        ]
        self.write(
            {
                "state": "preview",
                "change_count": len(changed),
                "tier_change_count": sum(k in ("tier", "both") for k in kinds),
                "owner_change_count": sum(k in ("owner", "both") for k in kinds),
            }
        )

    def _change_kind(self, customer):
        new_tier = customer.new_tier.id if customer.new_tier else None
        tier = new_tier != customer.tier_id and self.mode != "rebalance"
        owner = bool(customer.new_owner_id)
        return "both" if tier and owner else "tier" if tier else "owner"

    def _reasons(self, changed, specs, thresholds):
        """Each line's reason: the tier's explanation under the tried
        settings and thresholds when the tier changes, then the reason for
        the new owner. Rendered like the accounts' explanations, in the
        reader's language and number format."""
        engine = self.env["cirrus.kam.engine"]
        labels = {
            spec.id: (
                spec.name,
                thresholds[spec.id] if math.isfinite(thresholds[spec.id]) else 0.0,
            )
            for spec in specs
            if spec.id in thresholds
        }
        texts, amount = engine._texts(), engine._amount_format()
        dropped = self.env._(
            "No longer classified: archived, merged, or without sales, "
            "invoices or potential in %(company)s.",
            company=self.company_id.name,
        )
        reasons = []
        for customer in changed:
            parts = []
            if self.mode != "rebalance" and not customer.new_tier:
                parts.append(dropped)
            elif self.mode != "rebalance" and customer.new_tier.id != customer.tier_id:
                parts.append(
                    engine._render(customer.explanation, labels, texts, amount)
                )
            if customer.new_owner_id:
                parts.append(customer.owner_reason)
            # one line per part: a tier and an owner change read apart
            reasons.append("\n".join(part for part in parts if part) or None)
        return reasons

    def _store_loads(self, customers, moves):
        """Rebalance: each manager's utilization before and after the moves,
        and, when nothing moves, why."""
        assignment = self.env["cirrus.kam.assignment"].sudo()
        loads = assignment._load_changes(self.company_id, customers)

        def percent(load, capacity):
            return round(100.0 * load / capacity, 2) if capacity > 0 else 0.0

        self.load_ids = [
            Command.create(
                {
                    "user_id": uid,
                    "role": role,
                    "capacity": capacity,
                    "load_before": load_before,
                    "load_after": load_after,
                    "utilization_before": percent(load_before, capacity),
                    "utilization_after": percent(load_after, capacity),
                }
            )
            for role, uid, capacity, load_before, load_after in loads
        ]
        self.rebalance_status = (
            "moves" if moves else assignment._rebalance_status(loads)
        )

    def _insert_lines(self, changed, kinds, reasons):
        """Insert the preview lines in one statement: a company-wide preview
        can list tens of thousands of changes."""
        self.env.execute_query(
            SQL(
                """
            INSERT INTO cirrus_kam_classify_wizard_line
                (wizard_id, partner_id, old_tier_id, new_tier_id, score,
                 revenue, potential, potential_assessed, current_user_id,
                 proposed_user_id, overloaded, change_kind, reason, selected,
                 create_uid, write_uid, create_date, write_date)
            SELECT %(wizard)s, v.partner, v.old_tier, v.new_tier, v.score,
                   v.revenue, v.potential, v.assessed, v.owner, v.new_owner,
                   v.overloaded, v.kind, v.reason, true,
                   %(uid)s, %(uid)s, now() at time zone 'UTC',
                   now() at time zone 'UTC'
              FROM unnest(%(partner)s::int4[], %(old)s::int4[],
                          %(new)s::int4[], %(score)s::float8[],
                          %(revenue)s::float8[], %(potential)s::float8[],
                          %(assessed)s::bool[], %(owner)s::int4[],
                          %(new_owner)s::int4[], %(overloaded)s::bool[],
                          %(kind)s::text[], %(reason)s::text[])
                   AS v(partner, old_tier, new_tier, score, revenue,
                        potential, assessed, owner, new_owner, overloaded,
                        kind, reason)
            """,
                wizard=self.id,
                uid=self.env.uid,
                partner=[c.id for c in changed],
                old=[c.tier_id for c in changed],
                new=[c.new_tier.id if c.new_tier else None for c in changed],
                score=[c.score for c in changed],
                revenue=[c.revenue for c in changed],
                potential=[c.potential if c.assessed else None for c in changed],
                assessed=[c.assessed for c in changed],
                owner=[c.owner_id for c in changed],
                new_owner=[c.new_owner_id for c in changed],
                overloaded=[c.overloaded for c in changed],
                kind=kinds,
                reason=reasons,
            )
        )
        self.invalidate_recordset(["line_ids"])

    def action_apply(self):
        """Apply the ticked changes (all of them without a preview), then
        say what changed in a notification that closes the dialog; the
        view behind reloads when the dialog closes."""
        self.ensure_one()
        self._check_manager()
        settings, specs = self._tried()
        selected = self.line_ids.filtered("selected")
        if self.state == "preview" and not selected:
            raise UserError(self._nothing_to_apply())
        if self.save_settings:
            self._save_settings(settings)
        partner_ids = None
        if selected != self.line_ids:
            partner_ids = selected.partner_id.ids or [0]
        History = self.env["cirrus.kam.tier.history"].sudo()
        last = History.search([], order="id desc", limit=1).id or 0
        self.env["cirrus.kam.engine"].sudo()._run(
            companies=self.company_id,
            source="wizard",
            partner_ids=partner_ids,
            settings=settings,
            tiers=specs,
            owners=self._owners_mode(),
        )
        # the history rows of this run are what was written: a change left
        # out (a concurrent edit, a lock) is not counted
        done = History.search(
            [
                ("id", ">", last),
                ("company_id", "=", self.company_id.id),
                ("source", "=", "wizard"),
                ("user_id", "=", self.env.uid),
            ]
        )
        return self._notification(done)

    def _nothing_to_apply(self):
        if self.mode == "rebalance":
            return self.env._("Nothing to move: there is no owner change to apply.")
        return self.env._("Nothing to apply: no change is ticked.")

    def _notification(self, history):
        """A notification of what ``history`` (the rows Apply wrote) says
        changed; it then closes the dialog."""
        customers = len(history.partner_id)
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self._title(),
                "message": self._done_message(history, customers),
                "type": "success" if customers else "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _done_message(self, history, customers):
        if not customers:
            return self.env._(
                "Nothing changed: the customers already have these tiers and owners."
            )
        tiers = len(history.filtered(lambda h: h.old_tier_id != h.new_tier_id))
        owners = len(history.filtered(lambda h: h.old_user_id != h.new_user_id))
        parts = []
        if tiers:
            parts.append(
                self.env._("1 tier change")
                if tiers == 1
                else self.env._("%(count)s tier changes", count=tiers)
            )
        if owners:
            parts.append(
                self.env._("1 new owner")
                if owners == 1
                else self.env._("%(count)s new owners", count=owners)
            )
        details = ", ".join(parts)
        if customers == 1:
            return self.env._("1 customer updated: %(details)s", details=details)
        return self.env._(
            "%(count)s customers updated: %(details)s",
            count=customers,
            details=details,
        )

    def _save_settings(self, settings):
        self.company_id.sudo().write(settings)
        lines = self.tier_ids.sorted("sequence")
        # Two passes keep the ladder strictly increasing after every write:
        # first each share down to min(old, new) from the top, then each up
        # to its new value from the bottom.
        for line in lines:
            share = min(line.cumulative_share, line.tier_id.cumulative_share)
            line.tier_id.sudo().write(
                {"min_score": line.min_score, "cumulative_share": share}
            )
        for line in lines.sorted("sequence", reverse=True):
            line.tier_id.sudo().cumulative_share = line.cumulative_share

    def action_export_preview(self):
        """Download the previewed changes as an Excel file."""
        self.ensure_one()
        self._check_manager()
        return self.env.ref(
            "cirrus_kam.action_report_classification_preview_xlsx"
        ).report_action(self, config=False)

    def action_back(self):
        self.state = "draft"
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self._title(),
            "context": {"dialog_size": "extra-large"},
        }

    def _title(self):
        if self.mode == "rebalance":
            return self.env._("Rebalance Owners")
        return self.env._("Classify Customers")


class CirrusKamClassifyWizardTier(models.TransientModel):
    _name = "cirrus.kam.classify.wizard.tier"
    _description = "Tried Tier"
    _order = "sequence, id"

    wizard_id = fields.Many2one(
        "cirrus.kam.classify.wizard", required=True, ondelete="cascade"
    )
    tier_id = fields.Many2one("cirrus.kam.tier", required=True, readonly=True)
    name = fields.Char(readonly=True)
    sequence = fields.Integer(readonly=True)
    role = fields.Selection(
        MANAGER_ROLES,
        readonly=True,
    )
    min_score = fields.Float(string="Minimum Score")
    cumulative_share = fields.Float(string="Cumulative Share (%)", default=100.0)

    @api.constrains("tier_id", "wizard_id")
    def _check_tier_company(self):
        for line in self:
            if line.tier_id.company_id != line.wizard_id.company_id:
                raise ValidationError(
                    self.env._(
                        "Tier %(tier)s belongs to %(other)s: a wizard of "
                        "%(company)s takes only its own company's tiers.",
                        tier=line.tier_id.name,
                        other=line.tier_id.company_id.name,
                        company=line.wizard_id.company_id.name,
                    )
                )

    @api.constrains("min_score", "cumulative_share")
    def _check_numbers(self):
        for line in self:
            check_number(self.env, line.min_score, self.env._("The minimum score"))
            check_number(
                self.env,
                line.cumulative_share,
                self.env._("The cumulative share"),
                0,
                100,
            )


class CirrusKamClassifyWizardLine(models.TransientModel):
    _name = "cirrus.kam.classify.wizard.line"
    _description = "Tier Change Preview"
    _order = "score desc, id"

    wizard_id = fields.Many2one(
        "cirrus.kam.classify.wizard", required=True, ondelete="cascade", index=True
    )
    selected = fields.Boolean(string="Apply", default=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    old_tier_id = fields.Many2one("cirrus.kam.tier", string="Before", readonly=True)
    new_tier_id = fields.Many2one("cirrus.kam.tier", string="After", readonly=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id")
    score = fields.Monetary(readonly=True)
    revenue = fields.Monetary(readonly=True)
    potential = fields.Monetary(readonly=True)
    potential_assessed = fields.Boolean(readonly=True)
    current_user_id = fields.Many2one("res.users", string="Owner", readonly=True)
    proposed_user_id = fields.Many2one(
        "res.users", string="Proposed Owner", readonly=True
    )
    overloaded = fields.Boolean(
        string="Over Capacity",
        readonly=True,
        help="Every candidate was full: the proposed owner goes over capacity.",
    )
    change_kind = fields.Selection(
        help="What the line changes: the tier, the owner, or both.",
        selection=[("tier", "Tier"), ("owner", "Owner"), ("both", "Both")],
        string="Change",
        readonly=True,
    )
    reason = fields.Text(readonly=True)


class CirrusKamClassifyWizardCount(models.TransientModel):
    _name = "cirrus.kam.classify.wizard.count"
    _description = "Customers per Tier, Before and After"

    wizard_id = fields.Many2one(
        "cirrus.kam.classify.wizard", required=True, ondelete="cascade"
    )
    tier_id = fields.Many2one("cirrus.kam.tier", readonly=True)
    name = fields.Char(string="Tier Name", readonly=True)
    count_before = fields.Integer(string="Before", readonly=True)
    count_after = fields.Integer(string="After", readonly=True)


class CirrusKamClassifyWizardLoad(models.TransientModel):
    _name = "cirrus.kam.classify.wizard.load"
    _description = "Manager Utilization, Before and After a Rebalance"
    _order = "role, utilization_before desc, id"

    wizard_id = fields.Many2one(
        "cirrus.kam.classify.wizard", required=True, ondelete="cascade"
    )
    user_id = fields.Many2one("res.users", string="Manager", readonly=True)
    role = fields.Selection(
        MANAGER_ROLES,
        readonly=True,
    )
    capacity = fields.Integer(readonly=True)
    load_before = fields.Float(readonly=True)
    load_after = fields.Float(readonly=True)
    utilization_before = fields.Float(string="Utilization Before (%)", readonly=True)
    utilization_after = fields.Float(string="Utilization After (%)", readonly=True)
