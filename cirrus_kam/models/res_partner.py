# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

# The partner fields that show the current company's key account, and the
# account field behind each. Contacts show their commercial partner's.
ACCOUNT_FIELDS = {
    "kam_revenue_12m": "revenue",
    "kam_revenue_prev_12m": "revenue_prev",
    "kam_revenue_trend": "trend",
    "kam_wallet_share": "wallet_share",
    "kam_declining": "declining",
    "kam_potential": "potential",
    "kam_potential_date": "potential_date",
    "kam_score": "score",
    "kam_tier_id": "tier_id",
    "kam_computed_tier_id": "computed_tier_id",
    "kam_tier_locked": "tier_locked",
    "kam_lock_reason": "lock_reason",
    "kam_tier_explanation": "explanation",
    "kam_classified_date": "classified_date",
    "kam_owner_locked": "owner_locked",
}
# The ones users may write through to the account, with the account's rules.
EDITABLE_FIELDS = (
    "kam_potential",
    "kam_potential_date",
    "kam_tier_id",
    "kam_tier_locked",
    "kam_lock_reason",
    "kam_owner_locked",
)
GROUP = "cirrus_kam.group_kam_user"


def _account_search(name):
    """A search method for a partner field shown from the account."""

    def search(self, operator, value):
        return self._kam_account_domain(name, operator, value)

    return search


class ResPartner(models.Model):
    _inherit = "res.partner"

    kam_account_ids = fields.One2many(
        "cirrus.kam.account", "partner_id", string="Key Accounts", groups=GROUP
    )
    kam_account_id = fields.Many2one(
        "cirrus.kam.account",
        string="Key Account",
        compute="_compute_kam_account_values",
        groups=GROUP,
        help="The key account of this customer (or of its company) in the "
        "current company.",
    )
    kam_revenue_12m = fields.Float(
        string="Revenue",
        digits="Account",
        compute="_compute_kam_account_values",
        search="_search_kam_revenue_12m",
        groups=GROUP,
        help="Net invoiced revenue over the company's revenue window (Settings: "
        "1 to 60 months; the explanation gives its length).",
    )
    kam_revenue_prev_12m = fields.Float(
        string="Previous Window",
        digits="Account",
        compute="_compute_kam_account_values",
        search="_search_kam_revenue_prev_12m",
        groups=GROUP,
        help="Net invoiced revenue over the window of the same length just "
        "before the revenue window.",
    )
    kam_revenue_trend = fields.Float(
        string="Trend (%)",
        compute="_compute_kam_account_values",
        search="_search_kam_revenue_trend",
        groups=GROUP,
    )
    kam_wallet_share = fields.Float(
        string="Share of Wallet (%)",
        compute="_compute_kam_account_values",
        search="_search_kam_wallet_share",
        groups=GROUP,
    )
    kam_declining = fields.Boolean(
        string="Declining",
        compute="_compute_kam_account_values",
        search="_search_kam_declining",
        groups=GROUP,
    )
    kam_potential = fields.Float(
        string="Potential",
        digits="Account",
        compute="_compute_kam_account_values",
        inverse="_inverse_kam_account_values",
        search="_search_kam_potential",
        groups=GROUP,
    )
    kam_potential_date = fields.Date(
        string="Potential Assessed On",
        compute="_compute_kam_account_values",
        inverse="_inverse_kam_account_values",
        search="_search_kam_potential_date",
        groups=GROUP,
    )
    kam_score = fields.Float(
        string="Score",
        digits="Account",
        compute="_compute_kam_account_values",
        search="_search_kam_score",
        groups=GROUP,
    )
    kam_tier_id = fields.Many2one(
        "cirrus.kam.tier",
        string="Tier",
        compute="_compute_kam_account_values",
        inverse="_inverse_kam_account_values",
        search="_search_kam_tier_id",
        domain="[('company_id', '=', current_company_id)]",
        groups=GROUP,
        help="The effective tier. Setting it by hand locks it.",
    )
    kam_computed_tier_id = fields.Many2one(
        "cirrus.kam.tier",
        string="Computed Tier",
        compute="_compute_kam_account_values",
        search="_search_kam_computed_tier_id",
        groups=GROUP,
    )
    kam_tier_locked = fields.Boolean(
        string="Tier Locked",
        compute="_compute_kam_account_values",
        inverse="_inverse_kam_account_values",
        search="_search_kam_tier_locked",
        groups=GROUP,
    )
    kam_lock_reason = fields.Char(
        string="Lock Reason",
        compute="_compute_kam_account_values",
        inverse="_inverse_kam_account_values",
        search="_search_kam_lock_reason",
        groups=GROUP,
    )
    kam_tier_explanation = fields.Char(
        string="Tier Explanation",
        compute="_compute_kam_account_values",
        groups=GROUP,
    )
    kam_classified_date = fields.Date(
        string="Classified On",
        compute="_compute_kam_account_values",
        search="_search_kam_classified_date",
        groups=GROUP,
    )
    kam_owner_locked = fields.Boolean(
        string="Owner Locked",
        compute="_compute_kam_account_values",
        inverse="_inverse_kam_account_values",
        search="_search_kam_owner_locked",
        groups=GROUP,
    )
    kam_team_id = fields.Many2one(
        "crm.team",
        string="Account Team",
        compute="_compute_kam_team_id",
        store=True,
        help="The key account or account management team of the salesperson.",
    )

    kam_tier_history_ids = fields.One2many(
        "cirrus.kam.tier.history",
        compute="_compute_kam_tier_history_ids",
        string="Tier History",
        groups=GROUP,
    )
    kam_is_commercial = fields.Boolean(compute="_compute_kam_is_commercial")
    kam_can_edit_potential = fields.Boolean(
        string="Can Edit Potential",
        compute="_compute_kam_can_edit_potential",
        groups=GROUP,
        help="Whether the current user may change the potential here: "
        "administrators on every customer, other users on the customers "
        "they own in the current company.",
    )

    _search_kam_revenue_12m = _account_search("kam_revenue_12m")
    _search_kam_revenue_prev_12m = _account_search("kam_revenue_prev_12m")
    _search_kam_revenue_trend = _account_search("kam_revenue_trend")
    _search_kam_wallet_share = _account_search("kam_wallet_share")
    _search_kam_declining = _account_search("kam_declining")
    _search_kam_potential = _account_search("kam_potential")
    _search_kam_potential_date = _account_search("kam_potential_date")
    _search_kam_score = _account_search("kam_score")
    _search_kam_tier_id = _account_search("kam_tier_id")
    _search_kam_computed_tier_id = _account_search("kam_computed_tier_id")
    _search_kam_tier_locked = _account_search("kam_tier_locked")
    _search_kam_lock_reason = _account_search("kam_lock_reason")
    _search_kam_classified_date = _account_search("kam_classified_date")
    _search_kam_owner_locked = _account_search("kam_owner_locked")

    # ------------------------------------------------------------------
    # Reading: the current company's account
    # ------------------------------------------------------------------
    def _kam_accounts(self):
        """{commercial partner id: account} in the current company. The
        fields calling this carry the Account Management group, and the
        current company is one the user may use."""
        accounts = (
            self.env["cirrus.kam.account"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", self.commercial_partner_id.ids),
                    ("company_id", "=", self.env.company.id),
                ]
            )
        )
        return {account.partner_id.id: account for account in accounts}

    @api.depends_context("company", "lang")
    @api.depends(
        "commercial_partner_id",
        "kam_account_ids.company_id",
        *(f"kam_account_ids.{name}" for name in ACCOUNT_FIELDS.values()),
    )
    def _compute_kam_account_values(self):
        accounts = self._kam_accounts()
        empty = self.env["cirrus.kam.account"]
        for partner in self:
            account = accounts.get(partner.commercial_partner_id.id, empty)
            partner.kam_account_id = account.sudo(False)
            for name, account_name in ACCOUNT_FIELDS.items():
                partner[name] = account[account_name]

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The revenue fields' help gives the current company's window, as
        on the key account."""
        result = super().fields_get(allfields, attributes)
        window = None
        for name in ("kam_revenue_12m", "kam_revenue_prev_12m"):
            if "help" in result.get(name, {}):
                window = window or self.env["cirrus.kam.account"]._kam_window_help()
                result[name]["help"] = window[ACCOUNT_FIELDS[name]]
        return result

    @api.depends("commercial_partner_id")
    def _compute_kam_is_commercial(self):
        for partner in self:
            partner.kam_is_commercial = partner.commercial_partner_id == partner

    @api.depends_context("uid", "company")
    @api.depends(
        "commercial_partner_id",
        "user_id",
        "kam_account_ids.company_id",
        "kam_account_ids.user_id",
    )
    def _compute_kam_can_edit_potential(self):
        # the rule of cirrus.kam.account; without an account yet, the
        # Salesperson becomes its owner (_kam_create_account)
        accounts = self.env["cirrus.kam.account"]
        for partner in self:
            account = partner.kam_account_id
            owner = account.user_id if account else partner.user_id
            partner.kam_can_edit_potential = (
                partner.kam_is_commercial and accounts._may_edit_potential(owner)
            )

    @api.depends_context("company")
    def _compute_kam_tier_history_ids(self):
        history = self.env["cirrus.kam.tier.history"]
        for partner in self:
            partner.kam_tier_history_ids = history.search(
                [
                    ("partner_id", "=", partner.commercial_partner_id.id),
                    ("company_id", "=", self.env.company.id),
                ]
            )

    def export_data(self, fields_to_export):
        """Odoo's export reads fields without checking their groups: check
        every field on every export path, so key account figures cannot be
        exported by users who may not read them."""
        for path in fields_to_export:
            model = self
            for name in path.replace(".id", "id").split("/"):
                field = model._fields.get(name.removesuffix(":id"))
                if field is None:
                    break
                model.check_field_access_rights("read", [field.name])
                if not field.relational:
                    break
                model = self.env[field.comodel_name]
        return super().export_data(fields_to_export)

    @api.model
    def _kam_account_domain(self, name, operator, value):
        """Partners whose commercial partner's account in the current company
        matches; a condition that an empty value meets also matches the
        partners without an account."""
        field = self.env["cirrus.kam.account"]._fields[ACCOUNT_FIELDS[name]]
        condition = [
            ("company_id", "=", self.env.company.id),
            (field.name, operator, value),
        ]
        domain = [("commercial_partner_id.kam_account_ids", "any", condition)]
        empty = 0.0 if field.type in ("float", "monetary") else False
        probe = self.env["cirrus.kam.account"].new({field.name: empty})
        if probe.filtered_domain([(field.name, operator, value)]):
            mine = [("company_id", "=", self.env.company.id)]
            domain = [
                "|",
                *domain,
                ("commercial_partner_id.kam_account_ids", "not any", mine),
            ]
        return domain

    @api.depends(
        "user_id.crm_team_member_ids.active",
        "user_id.crm_team_member_ids.crm_team_id.kam_role",
    )
    def _compute_kam_team_id(self):
        for partner in self:
            members = partner.user_id.crm_team_member_ids.filtered("active")
            teams = members.crm_team_id.filtered("kam_role").sorted("id")
            partner.kam_team_id = teams[:1]

    # ------------------------------------------------------------------
    # Writing through to the account
    # ------------------------------------------------------------------
    def _inverse_kam_account_values(self):
        """Only reached through ``new`` records (onchange); saves go
        through ``write``, which hands the values to the accounts."""

    @api.model_create_multi
    def create(self, vals_list):
        kam_vals = [self._kam_split(vals) for vals in vals_list]
        partners = super().create(vals_list)
        for partner, values in zip(partners, kam_vals, strict=True):
            if values:
                partner._kam_write_accounts(values)
        return partners

    def write(self, vals):
        vals = dict(vals)
        kam_vals = self._kam_split(vals)
        if kam_vals:
            self._kam_write_accounts(kam_vals)
        if "user_id" in vals and not self.env.context.get("kam_salesperson_sync"):
            # the account first: the nightly run locks accounts before
            # partners, so a save must take them in the same order
            self._kam_set_owner(vals["user_id"])
        if not vals and kam_vals:
            return True
        return super().write(vals)

    @api.model
    def _kam_split(self, vals):
        """Take the key account values out of ``vals``: the editable ones
        are returned, the computed ones are dropped like read-only values
        (Odoo's partner merge copies every field)."""
        for name in set(vals) & (set(ACCOUNT_FIELDS) - set(EDITABLE_FIELDS)):
            vals.pop(name)
        vals.pop("kam_account_id", None)
        return {name: vals.pop(name) for name in EDITABLE_FIELDS if name in vals}

    def _kam_write_accounts(self, kam_vals):
        """Write key account values on the current company's accounts of
        these customers, with the rules of cirrus.kam.account."""
        if not (self.env.su or self.env.user.has_group(GROUP)):
            raise AccessError(
                self.env._(
                    "Only Account Management users can change key account figures."
                )
            )
        contacts = self.filtered(lambda p: p.commercial_partner_id != p)
        if contacts:
            raise UserError(
                self.env._(
                    "%(contact)s is a contact of %(company)s: set the "
                    "potential and tier on %(company)s.",
                    contact=contacts[0].display_name,
                    company=contacts[0].commercial_partner_id.display_name,
                )
            )
        values = {ACCOUNT_FIELDS[name]: value for name, value in kam_vals.items()}
        self.env["cirrus.kam.account"]._check_potential_value(values)
        accounts = self._kam_accounts()
        for partner in self:
            account = accounts.get(partner.id)
            if account:
                # administrators' values are all written: setting the
                # current tier by hand locks it; other users' unchanged
                # values are ignored rather than refused
                admin = self.env["cirrus.kam.account"]._is_kam_admin()
                changed = {
                    key: value
                    for key, value in values.items()
                    if admin
                    or account._fields[key].convert_to_record(
                        account._fields[key].convert_to_cache(value, account), account
                    )
                    != account[key]
                }
                if changed:
                    account.sudo(self.env.su).write(changed)
            else:
                partner._kam_create_account(values)
        self.invalidate_recordset(list(ACCOUNT_FIELDS))

    def _kam_create_account(self, values):
        """The first account of this customer in the current company, made
        by a user: administrators, or the salesperson for the potential."""
        accounts = self.env["cirrus.kam.account"]
        is_admin = self.env.su or self.env.user.has_group(
            "cirrus_kam.group_kam_manager"
        )
        if not is_admin:
            accounts._check_user_write(values)  # only the potential
            if self.user_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "You can only edit the potential of your own "
                        "customers; %(partner)s is not yours.",
                        partner=self.display_name,
                    )
                )
        # checked above: the salesperson may start the account they own
        return accounts.sudo().create(
            {
                "partner_id": self.id,
                "company_id": self.env.company.id,
                "user_id": self.user_id.id,
                **values,
            }
        )

    def _kam_set_owner(self, user_id):
        """A Salesperson set by hand makes that user the owner of the
        customer's account in the current company."""
        commercial = self.filtered(lambda p: p.commercial_partner_id == p)
        if not commercial:
            return
        accounts = (
            self.env["cirrus.kam.account"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", commercial.ids),
                    ("company_id", "=", self.env.company.id),
                    ("user_id", "!=", user_id or False),
                ]
            )
        )
        if accounts:
            # the user may change the Salesperson, which is the owner here
            accounts.with_context(kam_salesperson_sync=True).write(
                {"user_id": user_id or False}
            )

    @api.model
    def _kam_sync_salesperson(self, partner_ids):
        """Make the Salesperson of these customers follow one account's
        owner: for a customer of one company, its owner there; for a shared
        customer, the owner where it has the highest tier (ties: higher
        score, then lower company id). Accounts without an owner count for
        nothing, so a Salesperson is never cleared by them."""
        if not partner_ids:
            return
        self.env["cirrus.kam.account"].flush_model()
        self.flush_model(["company_id", "user_id"])
        rows = self.env.execute_query(
            SQL(
                """
                SELECT DISTINCT ON (a.partner_id) a.partner_id, a.user_id
                  FROM cirrus_kam_account a
                  JOIN res_partner p ON p.id = a.partner_id
             LEFT JOIN cirrus_kam_tier t ON t.id = a.tier_id
                 WHERE a.partner_id = ANY(%s)
                   AND a.user_id IS NOT NULL
                   AND (p.company_id IS NULL OR p.company_id = a.company_id)
              ORDER BY a.partner_id, t.sequence NULLS LAST,
                       a.score DESC NULLS LAST, a.company_id
                """,
                list(partner_ids),
            )
        )
        wanted = dict(rows)
        partners = self.sudo().browse(list(wanted))
        by_user = {}
        for partner in partners:
            if partner.user_id.id != wanted[partner.id]:
                by_user.setdefault(wanted[partner.id], self.sudo())
                by_user[wanted[partner.id]] |= partner
        for user_id, group in by_user.items():
            group.with_context(kam_salesperson_sync=True).write({"user_id": user_id})

    def action_kam_reclassify(self):
        """Reclassify these customers now, in the current company."""
        if not self.env.user.has_group("cirrus_kam.group_kam_manager"):
            raise AccessError(
                self.env._("Only key account administrators can reclassify customers.")
            )
        self.env["cirrus.kam.engine"].sudo()._run(
            companies=self.env.company,
            source="manual",
            partner_ids=self.commercial_partner_id.ids,
        )
        return True

    def action_kam_open_account(self):
        """Open the current company's key account of this customer."""
        self.ensure_one()
        if not self.env.user.has_group(GROUP):
            raise AccessError(
                self.env._("Only Account Management users see key accounts.")
            )
        account = self.kam_account_id
        if not account:
            raise UserError(
                self.env._(
                    "%s is not classified in this company yet.", self.display_name
                )
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "cirrus.kam.account",
            "res_id": account.id,
            "view_mode": "form",
        }

    # For the Account Management tab: the owner in the current company (the
    # Salesperson follows only one company's owner).
    kam_user_id = fields.Many2one(
        "res.users",
        string="Key Account Owner",
        compute="_compute_kam_user_id",
        groups=GROUP,
    )

    @api.depends_context("company")
    @api.depends(
        "commercial_partner_id", "kam_account_ids.company_id", "kam_account_ids.user_id"
    )
    def _compute_kam_user_id(self):
        for partner in self:
            partner.kam_user_id = partner.kam_account_id.user_id
