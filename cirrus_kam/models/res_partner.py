from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .cirrus_kam_engine import RESULT_COLUMNS, SYNCED_COLUMNS

ADMIN_FIELDS = ("kam_tier_id", "kam_tier_locked", "kam_lock_reason", "kam_owner_locked")
POTENTIAL_FIELDS = ("kam_potential", "kam_potential_date")
# values a contact copies from its commercial partner
SYNCED_FIELDS = list(SYNCED_COLUMNS)
# values only the classification writes (the tier is also set by hand)
ENGINE_FIELDS = tuple(name for name in RESULT_COLUMNS if name != "kam_tier_id")
KAM_USER_FIELDS = ADMIN_FIELDS + POTENTIAL_FIELDS
KAM_FIELDS = KAM_USER_FIELDS + ENGINE_FIELDS


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The key account values are company_dependent (jsonb, one key per
    # company). They are not indexed: a btree on the whole jsonb column
    # helps no search on one company's value, and every index is one more
    # write for each customer the nightly run updates.
    kam_revenue_12m = fields.Float(
        string="Revenue 12 Months",
        company_dependent=True,
        index=False,
        readonly=True,
        digits="Account",
        help="Net invoiced revenue over the lookback window, in company "
        "currency (credit notes subtract).",
    )
    kam_revenue_prev_12m = fields.Float(
        string="Revenue Previous 12 Months",
        company_dependent=True,
        index=False,
        readonly=True,
        digits="Account",
        help="Net invoiced revenue over the window just before the lookback window.",
    )
    kam_revenue_trend = fields.Float(
        string="Trend (%)",
        company_dependent=True,
        index=False,
        readonly=True,
        help="Change of the revenue against the previous window, in percent; "
        "empty when there was no previous revenue.",
    )
    kam_wallet_share = fields.Float(
        string="Share of Wallet (%)",
        company_dependent=True,
        index=False,
        readonly=True,
        help="Revenue as a percent of the assessed potential.",
    )
    kam_declining = fields.Boolean(
        string="Declining",
        company_dependent=True,
        index=False,
        readonly=True,
        help="Revenue fell by more than the company's decline alert percent.",
    )
    kam_potential = fields.Float(
        string="Potential",
        company_dependent=True,
        index=False,
        digits="Account",
        help="Estimated annual revenue this customer could bring.",
    )
    kam_potential_date = fields.Date(
        string="Potential Assessed On",
        company_dependent=True,
        index=False,
        help="Empty when the potential was never assessed.",
    )
    kam_score = fields.Float(
        string="Score",
        company_dependent=True,
        index=False,
        readonly=True,
        digits="Account",
    )
    kam_tier_id = fields.Many2one(
        "cirrus.kam.tier",
        string="Tier",
        company_dependent=True,
        index=False,
        group_expand="_read_group_kam_tier_ids",
        ondelete="restrict",
        domain="[('company_id', '=', current_company_id)]",
        help="The effective tier. Setting it by hand locks it.",
    )
    kam_computed_tier_id = fields.Many2one(
        "cirrus.kam.tier",
        string="Computed Tier",
        company_dependent=True,
        index=False,
        readonly=True,
        ondelete="restrict",
        help="The tier the rules give, before locks and hysteresis.",
    )
    kam_tier_locked = fields.Boolean(
        string="Tier Locked", company_dependent=True, index=False
    )
    kam_lock_reason = fields.Char(
        string="Lock Reason", company_dependent=True, index=False
    )
    kam_tier_explanation = fields.Char(
        string="Tier Explanation", company_dependent=True, index=False, readonly=True
    )
    kam_classified_date = fields.Date(
        string="Classified On",
        company_dependent=True,
        index=False,
        readonly=True,
        help="When the customer got its current tier.",
    )
    kam_owner_locked = fields.Boolean(
        string="Owner Locked",
        help="Never reassign this customer to another owner automatically.",
    )
    kam_owner_over_capacity = fields.Boolean(
        string="Owner Over Capacity",
        compute="_compute_kam_owner_over_capacity",
        search="_search_kam_owner_over_capacity",
    )
    kam_team_id = fields.Many2one(
        "crm.team",
        string="Account Team",
        compute="_compute_kam_team_id",
        store=True,
        help="The key account or account management team of the owner.",
    )
    kam_tier_history_ids = fields.One2many(
        "cirrus.kam.tier.history", "partner_id", string="Tier History"
    )
    kam_is_commercial = fields.Boolean(compute="_compute_kam_is_commercial")

    @api.depends("commercial_partner_id")
    def _compute_kam_is_commercial(self):
        for partner in self:
            partner.kam_is_commercial = partner.commercial_partner_id == partner

    @api.depends(
        "user_id.crm_team_member_ids.active",
        "user_id.crm_team_member_ids.crm_team_id.kam_role",
    )
    def _compute_kam_team_id(self):
        for partner in self:
            members = partner.user_id.crm_team_member_ids.filtered("active")
            teams = members.crm_team_id.filtered("kam_role").sorted("id")
            partner.kam_team_id = teams[:1]

    @api.model
    def _read_group_kam_tier_ids(self, tiers, domain):
        return tiers.search([("company_id", "=", self.env.company.id)])

    def _compute_kam_owner_over_capacity(self):
        over = set(self.env["cirrus.kam.workload.report"]._overloaded_user_ids())
        for partner in self:
            partner.kam_owner_over_capacity = partner.user_id.id in over

    def _search_kam_owner_over_capacity(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Operation not supported"))
        over = self.env["cirrus.kam.workload.report"]._overloaded_user_ids()
        positive = (operator == "=") == value
        return [("user_id", "in" if positive else "not in", over)]

    @api.constrains("kam_potential")
    def _check_kam_potential(self):
        for partner in self:
            if partner.kam_potential < 0:
                raise ValidationError(
                    self.env._(
                        "The potential of %(partner)s cannot be negative "
                        "(it is %(value)s).",
                        partner=partner.display_name,
                        value=partner.kam_potential,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [self._kam_create_vals(vals) for vals in vals_list]
        partners = super().create(vals_list)
        manual = partners.filtered("kam_tier_id")
        if manual:
            manual._kam_log_manual(
                dict.fromkeys(manual.ids, self.env["cirrus.kam.tier"])
            )
        contacts = partners.filtered("parent_id")
        if contacts:
            self.env.flush_all()
            self.env["cirrus.kam.engine"]._sync_contacts(
                contacts.commercial_partner_id.ids
            )
            contacts.invalidate_recordset(SYNCED_FIELDS)
        return partners

    def _kam_create_vals(self, vals):
        vals = dict(vals)
        if not self.env.su:
            for name in ENGINE_FIELDS:
                vals.pop(name, None)
            given = [name for name in KAM_USER_FIELDS if vals.get(name)]
            if given:
                new = self.new(vals)
                for name in given:
                    error = self._kam_refusal(new, name)
                    if error:
                        raise error
        if vals.get("kam_tier_id"):
            vals.setdefault("kam_tier_locked", True)
        return self._kam_prepare_vals(vals)

    def write(self, vals):
        if not (set(vals) & set(KAM_FIELDS) or "parent_id" in vals):
            return super().write(vals)
        vals = self._kam_write_vals(vals)
        manual = "kam_tier_id" in vals
        if manual:
            old_tiers = {p.id: p.kam_tier_id for p in self}
            vals.setdefault("kam_tier_locked", True)
        result = super().write(vals)
        if manual:
            self._kam_log_manual(old_tiers)
        self.env.flush_all()
        self.env["cirrus.kam.engine"]._sync_contacts(self.commercial_partner_id.ids)
        self.invalidate_model(SYNCED_FIELDS)
        return result

    def _kam_write_vals(self, vals):
        """``vals`` without what this user may not change: engine values are
        dropped like read-only values, a key account field the user may not
        write is dropped when it is unchanged and refused otherwise."""
        vals = dict(vals)
        if self.env.su:
            return self._kam_prepare_vals(vals)
        for name in ENGINE_FIELDS:
            vals.pop(name, None)
        changed = self._kam_changed(vals)
        for name in set(vals) & set(KAM_USER_FIELDS):
            error = self._kam_refusal(self, name)
            if error and name in changed:
                raise error
            if error:
                del vals[name]
        return self._kam_prepare_vals(vals)

    def _kam_changed(self, vals):
        """The key account fields of ``vals`` that change a record."""
        changed = set()
        for name in set(vals) & set(KAM_USER_FIELDS):
            field = self._fields[name]
            for partner in self:
                new = field.convert_to_record(
                    field.convert_to_cache(vals[name], partner), partner
                )
                if new != partner[name]:
                    changed.add(name)
                    break
        return changed

    def _kam_prepare_vals(self, vals):
        if vals.get("kam_potential") is not None and "kam_potential_date" not in vals:
            vals["kam_potential_date"] = fields.Date.context_today(self)
        return vals

    @api.model
    def _kam_refusal(self, partners, name):
        """The error for this user writing key account field ``name`` on
        ``partners``, or None when it is allowed."""
        is_admin = self.env.user.has_group("cirrus_kam.group_kam_manager")
        if name in ADMIN_FIELDS and not is_admin:
            return AccessError(
                self.env._(
                    "Only key account administrators can set or lock a customer's tier."
                )
            )
        contacts = partners.filtered(lambda p: p.commercial_partner_id != p)
        if contacts:
            return UserError(
                self.env._(
                    "%(contact)s is a contact of %(company)s: set the "
                    "potential and tier on %(company)s.",
                    contact=contacts[0].display_name,
                    company=contacts[0].commercial_partner_id.display_name,
                )
            )
        others = partners.filtered(lambda p: p.user_id != self.env.user)
        if name in POTENTIAL_FIELDS and not is_admin and others:
            return AccessError(
                self.env._(
                    "You can only edit the potential of your own "
                    "customers; %(partner)s is not yours.",
                    partner=others[0].display_name,
                )
            )
        return None

    def _kam_log_manual(self, old_tiers):
        history = self.env["cirrus.kam.tier.history"].sudo()
        for partner in self:
            if partner.kam_tier_id == old_tiers[partner.id]:
                continue
            history.create(
                {
                    "partner_id": partner.id,
                    "company_id": self.env.company.id,
                    "old_tier_id": old_tiers[partner.id].id,
                    "new_tier_id": partner.kam_tier_id.id,
                    "score": partner.kam_score,
                    "revenue": partner.kam_revenue_12m,
                    "potential": partner.kam_potential,
                    "potential_assessed": bool(partner.kam_potential_date),
                    "source": "manual",
                    "explanation": self.env._(
                        "Set by hand by %(user)s: %(reason)s",
                        user=self.env.user.name,
                        reason=partner.kam_lock_reason or "-",
                    ),
                }
            )

    def action_kam_reclassify(self):
        """Reclassify these customers now, in the current company."""
        if not self.env.user.has_group("cirrus_kam.group_kam_manager"):
            raise AccessError(
                self.env._("Only key account administrators can reclassify customers.")
            )
        partners = self.commercial_partner_id
        self.env["cirrus.kam.engine"].sudo()._run(
            companies=self.env.company,
            source="manual",
            partner_ids=partners.ids,
        )
        return True
