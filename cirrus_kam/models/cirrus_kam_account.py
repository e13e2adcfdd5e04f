# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import math
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

# The storage layout, known here only: the columns of cirrus_kam_account
# that the classification writes, in this order, with their SQL types.
RESULT_COLUMNS = {
    "revenue": "float8",
    "revenue_prev": "float8",
    "trend": "float8",
    "wallet_share": "float8",
    "declining": "bool",
    "score": "float8",
    "computed_tier_id": "int4",
    "tier_id": "int4",
    "explanation_data": "jsonb",
    "classified_date": "date",
}
# What users may change on an account while a run computes: a batch leaves
# the accounts where any of these changed since they were read.
SEEN_COLUMNS = (
    "potential",
    "potential_date",
    "tier_id",
    "tier_locked",
    "user_id",
    "owner_locked",
)
# Fields an Account Management user may change, on the accounts they own.
OWNER_FIELDS = ("potential", "potential_date")
# Fields only the classification writes.
ENGINE_FIELDS = (
    "revenue",
    "revenue_prev",
    "trend",
    "wallet_share",
    "declining",
    "score",
    "computed_tier_id",
    "classified_date",
    "explanation_data",
)
# The largest amount accepted anywhere (potential, scores, thresholds): far
# above any real revenue, far below where float sums lose cents.
MAX_AMOUNT = 1e15


def check_number(env, value, label, minimum=0.0, maximum=MAX_AMOUNT):
    """Raise a ValidationError unless ``value`` is a finite number between
    ``minimum`` and ``maximum``."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(
            env._(
                "%(field)s must be a number (it is %(value)r).",
                field=label,
                value=value,
            )
        )
    # Odoo's monetary rounding may put a value at the limit one ulp above it
    at_limit = math.isclose(value, maximum, rel_tol=1e-12)
    if not math.isfinite(value) or not (minimum <= value <= maximum or at_limit):
        raise ValidationError(
            env._(
                "%(field)s must be a finite number from %(min)s to %(max)s "
                "(it is %(value)s).",
                field=label,
                min=format(minimum, "g"),
                max=format(maximum, "g"),
                value=value,
            )
        )


def check_integer(env, value, label, minimum=0, maximum=100000):
    """Raise a ValidationError unless ``value`` is a whole number between
    ``minimum`` and ``maximum``; checked before Odoo converts it, where NaN,
    infinity or text would fail with a technical error."""
    if value is False or value is None:
        return
    if isinstance(value, float) and math.isfinite(value) and value == int(value):
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(
            env._(
                "%(field)s must be a whole number (it is %(value)r).",
                field=label,
                value=value,
            )
        )
    if not minimum <= value <= maximum:
        raise ValidationError(
            env._(
                "%(field)s must be from %(min)s to %(max)s (it is %(value)s).",
                field=label,
                min=minimum,
                max=maximum,
                value=value,
            )
        )


class CirrusKamAccount(models.Model):
    """A customer as a key account of one company: its figures, tier and
    owner there. The nightly classification writes these records; users
    only set the potential (owners) or the tier, locks and owner (admins)."""

    _name = "cirrus.kam.account"
    _description = "Key Account"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "score desc, id"
    _rec_name = "partner_id"
    _rec_names_search = ["partner_id"]
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        ondelete="cascade",
        domain="[('parent_id', '=', False)]",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        ondelete="cascade",
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        index=True,
        ondelete="set null",
        tracking=True,
        domain="[('share', '=', False)]",
    )
    owner_locked = fields.Boolean(
        help="Never reassign this account to another owner automatically.",
        tracking=True,
    )
    tier_id = fields.Many2one(
        "cirrus.kam.tier",
        index=True,
        ondelete="restrict",
        check_company=True,
        group_expand="_read_group_tier_ids",
        tracking=True,
        help="The effective tier. Setting it by hand locks it.",
    )
    computed_tier_id = fields.Many2one(
        "cirrus.kam.tier",
        readonly=True,
        ondelete="restrict",
        check_company=True,
        help="The tier the rules give, before locks and hysteresis.",
    )
    tier_role = fields.Selection(related="tier_id.role", string="Tier Role")
    tier_locked = fields.Boolean(tracking=True)
    lock_reason = fields.Char()
    revenue = fields.Monetary(
        readonly=True,
        index=True,
        help="Net invoiced revenue over the company's revenue window (Settings: "
        "1 to 60 months; the explanation gives its length), in company "
        "currency (credit notes subtract).",
    )
    revenue_prev = fields.Monetary(
        string="Previous Window",
        readonly=True,
        help="Net invoiced revenue over the window of the same length just "
        "before the revenue window.",
    )
    trend = fields.Float(
        string="Trend (%)",
        readonly=True,
        help="Change of the revenue against the previous window, in percent; "
        "empty when there was no previous revenue.",
    )
    wallet_share = fields.Float(
        string="Share of Wallet (%)",
        readonly=True,
        help="Revenue as a percent of the assessed potential.",
    )
    declining = fields.Boolean(
        readonly=True,
        index=True,
        help="Revenue fell by more than the company's decline alert percent.",
    )
    potential = fields.Monetary(
        help="Estimated annual revenue this customer could bring.", tracking=True
    )
    potential_date = fields.Date(
        string="Potential Assessed On",
        help="Empty when the potential was never assessed.",
    )
    score = fields.Monetary(readonly=True, index=True)
    classified_date = fields.Date(
        string="Classified On", readonly=True, help="When the account got its tier."
    )
    # The numbers behind the tier, rendered by `explanation` in the reader's
    # language and number format (see cirrus.kam.engine._render).
    explanation_data = fields.Json(readonly=True, copy=False)
    explanation = fields.Char(compute="_compute_explanation")
    history_ids = fields.One2many(
        "cirrus.kam.tier.history",
        compute="_compute_history_ids",
        string="Tier History",
    )
    owner_over_capacity = fields.Boolean(
        compute="_compute_owner_over_capacity",
        search="_search_owner_over_capacity",
    )
    # a red edge on the kanban cards of declining accounts
    declining_color = fields.Integer(compute="_compute_declining_color")
    can_edit_potential = fields.Boolean(
        compute="_compute_can_edit_potential",
        help="Whether the current user may change the potential: "
        "administrators on every account, other users on the accounts they own.",
    )

    _sql_constraints = [
        (
            "partner_company_uniq",
            "UNIQUE(partner_id, company_id)",
            "A customer has one key account per company.",
        ),
    ]

    @api.depends("partner_id.display_name")
    def _compute_display_name(self):
        for account in self:
            account.display_name = account.partner_id.display_name

    @api.depends_context("lang")
    @api.depends("explanation_data")
    def _compute_explanation(self):
        engine = self.env["cirrus.kam.engine"]
        labels = engine._tier_labels((self.tier_id | self.computed_tier_id).ids)
        texts = engine._texts()
        amount = engine._amount_format()
        for account in self:
            account.explanation = engine._render(
                account.explanation_data, labels, texts, amount
            )

    def _compute_history_ids(self):
        history = self.env["cirrus.kam.tier.history"]
        for account in self:
            account.history_ids = history.search(
                [
                    ("partner_id", "=", account.partner_id.id),
                    ("company_id", "=", account.company_id.id),
                ]
            )

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The revenue fields' help gives the current company's window: its
        length is a setting."""
        result = super().fields_get(allfields, attributes)
        for name, text in self._kam_window_help().items():
            if "help" in result.get(name, {}):
                result[name]["help"] = text
        return result

    @api.model
    def _kam_window_help(self):
        """{field name: help} of the revenue fields, with the current
        company's window length."""
        months = self.env.company.kam_lookback_months
        return {
            "revenue": self.env._(
                "Net invoiced revenue over the last %(months)s months (the "
                "company's revenue window, a setting from 1 to 60 months), in "
                "company currency (credit notes subtract).",
                months=months,
            ),
            "revenue_prev": self.env._(
                "Net invoiced revenue over the %(months)s months just before "
                "the revenue window.",
                months=months,
            ),
        }

    @api.depends("declining")
    def _compute_declining_color(self):
        for account in self:
            account.declining_color = 1 if account.declining else 0

    @api.depends_context("uid")
    @api.depends("user_id")
    def _compute_can_edit_potential(self):
        for account in self:
            account.can_edit_potential = self._may_edit_potential(account.user_id)

    def _compute_owner_over_capacity(self):
        report = self.env["cirrus.kam.workload.report"]
        for company in self.company_id:
            over = set(report._overloaded_user_ids(company))
            for account in self.filtered(lambda a, c=company: a.company_id == c):
                account.owner_over_capacity = account.user_id.id in over

    def _search_owner_over_capacity(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        report = self.env["cirrus.kam.workload.report"]
        domain = expression.OR(
            [
                [
                    ("company_id", "=", c.id),
                    ("user_id", "in", report._overloaded_user_ids(c)),
                ]
                for c in self.env.companies
            ]
        )
        positive = (operator == "=") == value
        return domain if positive else ["!"] + domain

    @api.model
    def _read_group_tier_ids(self, tiers, domain):
        return tiers.search([("company_id", "=", self.env.company.id)])

    # ------------------------------------------------------------------
    # Checks
    # ------------------------------------------------------------------
    @api.constrains("potential")
    def _check_potential(self):
        for account in self:
            check_number(self.env, account.potential, self.env._("The potential"))

    @api.constrains("partner_id")
    def _check_partner_commercial(self):
        for account in self:
            if account.partner_id.commercial_partner_id != account.partner_id:
                raise ValidationError(
                    self.env._(
                        "%(contact)s is a contact of %(company)s: key accounts "
                        "belong to the company.",
                        contact=account.partner_id.display_name,
                        company=account.partner_id.commercial_partner_id.display_name,
                    )
                )

    @api.constrains("tier_id", "computed_tier_id", "company_id")
    def _check_tier_company(self):
        for account in self:
            for tier in account.tier_id | account.computed_tier_id:
                if tier.company_id != account.company_id:
                    raise ValidationError(
                        self.env._(
                            "Tier %(tier)s belongs to %(other)s, not to %(company)s.",
                            tier=tier.display_name,
                            other=tier.company_id.name,
                            company=account.company_id.name,
                        )
                    )

    # ------------------------------------------------------------------
    # Writing
    # ------------------------------------------------------------------
    def _is_kam_admin(self):
        return self.env.su or self.env.user.has_group("cirrus_kam.group_kam_manager")

    @api.model
    def _may_edit_potential(self, owner):
        """Whether the current user may change the potential of an account
        owned by ``owner``: administrators every one, other users their own."""
        return self._is_kam_admin() or owner == self.env.user

    def _check_user_write(self, vals):
        """Account Management users change only the potential of accounts
        they own; engine values are never written by users."""
        if self._is_kam_admin():
            return
        forbidden = set(vals) - set(OWNER_FIELDS)
        if forbidden:
            raise AccessError(
                self.env._(
                    "Only key account administrators can change %(fields)s.",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in sorted(forbidden)
                        if name in self._fields
                    )
                    or ", ".join(sorted(forbidden)),
                )
            )
        others = self.filtered(lambda a: not self._may_edit_potential(a.user_id))
        if others:
            raise AccessError(
                self.env._(
                    "You can only edit the potential of your own accounts; "
                    "%(account)s is not yours.",
                    account=others[0].display_name,
                )
            )

    @api.model
    def _check_potential_value(self, vals):
        """Refuse a bad potential before Odoo rounds it to the currency,
        which fails on NaN and infinity with a technical error."""
        potential = vals.get("potential")
        if potential is not None and potential is not False:  # False clears it
            check_number(self.env, potential, self.env._("The potential"))

    @api.model
    def _prepare_vals(self, vals):
        self._check_potential_value(vals)
        vals = dict(vals)
        if not self.env.su:
            for name in ENGINE_FIELDS:
                vals.pop(name, None)
        if vals.get("potential") is not None and "potential_date" not in vals:
            vals["potential_date"] = fields.Date.context_today(self)
        if vals.get("tier_id"):
            vals.setdefault("tier_locked", True)
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_kam_admin():
            raise AccessError(
                self.env._("Only key account administrators can create key accounts.")
            )
        vals_list = [self._prepare_vals(vals) for vals in vals_list]
        accounts = super().create(vals_list)
        manual = accounts.filtered("tier_id")
        if manual:
            manual._log_manual(dict.fromkeys(manual.ids, self.env["cirrus.kam.tier"]))
        return accounts

    def write(self, vals):
        vals = self._prepare_vals(vals)
        if not vals:
            return True
        self._check_user_write(vals)
        manual = "tier_id" in vals and not self.env.context.get("kam_engine")
        old_tiers = {a.id: a.tier_id for a in self} if manual else {}
        old_owners = {a.id: a.user_id for a in self} if "user_id" in vals else {}
        result = super().write(vals)
        if manual:
            self._log_manual(old_tiers)
        if old_owners and not self.env.context.get("kam_engine"):
            self._log_manual_owner(old_owners)
        if "user_id" in vals and not self.env.context.get("kam_salesperson_sync"):
            self.env["res.partner"]._kam_sync_salesperson(self.partner_id.ids)
        if set(vals) & {"tier_id", "potential", "potential_date"}:
            self.env["cirrus.kam.workload.report"].invalidate_model()
        if set(vals) & set(OWNER_FIELDS) and not self.env.context.get("kam_engine"):
            # checked above: the user may change these accounts' potential
            self.env["cirrus.kam.engine"].sudo()._reclassify_accounts(self)
        return result

    def _log_manual(self, old_tiers):
        history = self.env["cirrus.kam.tier.history"].sudo()
        for account in self:
            old = old_tiers[account.id]
            if account.tier_id == old:
                continue
            history.create(
                {
                    **account._history_base(),
                    "old_tier_id": old.id,
                    "new_tier_id": account.tier_id.id,
                    "source": "manual",
                    "explanation": self.env._(
                        "Set by hand by %(user)s: %(reason)s",
                        user=self.env.user.name,
                        reason=account.lock_reason or "-",
                    ),
                }
            )
            account.message_post(
                body=self.env._(
                    "Tier set by hand from %(old)s to %(new)s: %(reason)s",
                    old=old.name or "-",
                    new=account.tier_id.name or "-",
                    reason=account.lock_reason or "-",
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _log_manual_owner(self, old_owners):
        history = self.env["cirrus.kam.tier.history"].sudo()
        for account in self:
            old = old_owners[account.id]
            if account.user_id == old:
                continue
            history.create(
                {
                    **account._history_base(),
                    "old_tier_id": account.tier_id.id,
                    "new_tier_id": account.tier_id.id,
                    "old_user_id": old.id,
                    "new_user_id": account.user_id.id,
                    "source": "manual",
                    "explanation": self.env._(
                        "Owner set by hand by %(user)s.", user=self.env.user.name
                    ),
                }
            )

    def _history_base(self):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "score": self.score,
            "revenue": self.revenue,
            "potential": self.potential,
            "potential_assessed": bool(self.potential_date),
        }

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_reclassify(self):
        """Reclassify these accounts now (administrators)."""
        if not self._is_kam_admin():
            raise AccessError(
                self.env._("Only key account administrators can reclassify customers.")
            )
        self.check_access("read")
        engine = self.env["cirrus.kam.engine"].sudo()
        for company in self.company_id:
            mine = self.filtered(lambda a, c=company: a.company_id == c)
            engine._run(
                companies=company, source="manual", partner_ids=mine.partner_id.ids
            )
        return True

    def _check_kam_admin(self):
        if not self._is_kam_admin():
            raise AccessError(
                self.env._("Only key account administrators can set tiers by hand.")
            )

    def _kam_owner_loads(self):
        """({user id: load}, {user id: accounts}) of this account's company,
        from the workload report, without this account."""
        rows = (
            self.env["cirrus.kam.workload.report"]
            .sudo()
            ._read_group(
                [("company_id", "=", self.company_id.id), ("user_id", "!=", False)],
                ["user_id"],
                ["load:sum", "account_count:sum"],
            )
        )
        loads, counts = defaultdict(float), defaultdict(int)
        for user, load, count in rows:
            loads[user.id], counts[user.id] = load or 0.0, count or 0
        if self.user_id and self.tier_id:
            loads[self.user_id.id] -= self.tier_id.workload_weight
            counts[self.user_id.id] -= 1
        return loads, counts

    def _kam_proposed_owner(self, tier):
        """(owner, whether over capacity then) of this account in ``tier``:
        the owner stays when locked, when already in a team of the tier's
        role, or when no team has that role; else the assignment picks
        the manager of that role with the most room."""
        self.ensure_one()
        assignment = self.env["cirrus.kam.assignment"]
        capacities = assignment._managers(self.company_id)[tier.role]
        if self.owner_locked or not capacities or self.user_id.id in capacities:
            return self.user_id, False
        loads, counts = self._kam_owner_loads()
        uid, overloaded = assignment._pick(
            capacities, loads, counts, tier.workload_weight
        )
        return self.env["res.users"].browse(uid), overloaded

    def _kam_target_tier(self, tier_id):
        """The tier an account is moved to by hand: an id of a tier of the
        account's company, else a clear error (the id comes over RPC)."""
        tier = self.env["cirrus.kam.tier"]
        if isinstance(tier_id, int) and not isinstance(tier_id, bool):
            tier = tier.browse(tier_id).exists()
        # compared as superuser: a foreign tier is refused, not an access error
        if not tier or tier.sudo().company_id != self.company_id:
            raise ValidationError(
                self.env._(
                    "Choose a tier of %(company)s.", company=self.company_id.name
                )
            )
        tier.check_access("read")
        return tier

    def kam_tier_move_proposal(self, tier_id):
        """What setting this account's tier by hand does, for the kanban's
        dialog: the tier and the owner it would have there."""
        self.ensure_one()
        self._check_kam_admin()
        self.check_access("write")
        tier = self._kam_target_tier(tier_id)
        owner, overloaded = self._kam_proposed_owner(tier)
        return {
            "tier": tier.display_name,
            "owner": owner.sudo().name or False,
            "current_owner": self.user_id.sudo().name or False,
            "owner_changes": owner != self.user_id,
            "overloaded": overloaded,
        }

    def action_kam_move_tier(self, tier_id, reason):
        """Set the tier by hand (dragged in the kanban): locked, with its
        reason, and owned by the manager proposed for that tier."""
        self.ensure_one()
        self._check_kam_admin()
        reason = reason.strip() if isinstance(reason, str) else ""
        if not reason:
            raise ValidationError(
                self.env._(
                    "Give the reason for setting the tier of %(account)s by hand: "
                    "it is kept with the lock.",
                    account=self.display_name,
                )
            )
        tier = self._kam_target_tier(tier_id)
        owner, _overloaded = self._kam_proposed_owner(tier)
        vals = {"tier_id": tier.id, "tier_locked": True, "lock_reason": reason}
        if owner != self.user_id:
            vals["user_id"] = owner.id
        self.write(vals)
        return True

    @api.model
    def _kam_landing_action(self):
        """The Key Accounts app opens All Accounts for administrators and My
        Portfolio for the other users."""
        xmlid = (
            "cirrus_kam.cirrus_kam_account_action_all"
            if self.env.user.has_group("cirrus_kam.group_kam_manager")
            else "cirrus_kam.cirrus_kam_account_action_portfolio"
        )
        return self.env["ir.actions.act_window"]._for_xml_id(xmlid)

    @api.model
    def _merge_partners(self, src_partners, dst_partner):
        """Keep one account per company for a merged partner: the
        destination's, else the first merged one's; a potential missing there
        is taken from a merged account. The others are deleted (their history
        follows the partner)."""
        accounts = self.sudo().search(
            [("partner_id", "in", (src_partners | dst_partner).ids)],
            order="id",
        )
        for company in accounts.company_id:
            mine = accounts.filtered(lambda a, c=company: a.company_id == c)
            keep = mine.filtered(lambda a: a.partner_id == dst_partner)[:1] or mine[0]
            others = mine - keep
            if not keep.potential_date:
                assessed = others.filtered("potential_date")[:1]
                if assessed:
                    keep.write(
                        {
                            "potential": assessed.potential,
                            "potential_date": assessed.potential_date,
                        }
                    )
            others.unlink()
            if keep.partner_id != dst_partner:
                # the constraint allows it now; the ORM write would refuse a
                # contact as partner before the merge has re-parented it
                self.env.execute_query(
                    SQL(
                        "UPDATE cirrus_kam_account SET partner_id = %s WHERE id = %s",
                        dst_partner.id,
                        keep.id,
                    )
                )
        self.invalidate_model(["partner_id"])

    @api.model
    def _account_of(self, partner, company):
        """The account of a commercial partner in a company, or an empty
        recordset (no access check: callers check first)."""
        return (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [("partner_id", "=", partner.id), ("company_id", "=", company.id)],
                limit=1,
            )
        )
