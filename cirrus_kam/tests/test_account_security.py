# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from datetime import date

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools.misc import formatLang

from .account_common import AccountCommon
from .common import TODAY

PORTFOLIO = "cirrus_kam.action_report_portfolio_xlsx"
WORKLOAD = "cirrus_kam.action_report_workload_xlsx"
# the partner fields showing the current company's account
PARTNER_FIGURES = [
    "kam_revenue_12m",
    "kam_revenue_prev_12m",
    "kam_revenue_trend",
    "kam_wallet_share",
    "kam_declining",
    "kam_potential",
    "kam_potential_date",
    "kam_score",
    "kam_tier_id",
    "kam_computed_tier_id",
    "kam_tier_locked",
    "kam_lock_reason",
    "kam_tier_explanation",
    "kam_classified_date",
    "kam_owner_locked",
    "kam_account_id",
    "kam_account_ids",
    "kam_tier_history_ids",
]
# users outside Account Management may still export other data: the export
# itself must not be what refuses the key account figures
EXPORT = "base.group_allow_export"


@tagged("post_install", "-at_install")
class TestNoAccessOutsideAccountManagement(AccountCommon):
    """A portal contact of a customer and an internal user without any
    Account Management group get no key account value by any route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls._customer("Guarded")
        cls._invoice(cls.customer, 600000.0)
        cls.portal = cls._user("kamnew_portal", f"base.group_portal,{EXPORT}")
        cls.portal.partner_id.parent_id = cls.customer
        cls.internal = cls._user("kamnew_internal", f"base.group_user,{EXPORT}")

    def setUp(self):
        super().setUp()
        self._classify()
        self.account = self._account(self.customer)
        # the figures exist: what follows is about who may see them
        self.assertEqual(self.account.revenue, 600000.0)
        self.assertEqual(self.account.tier_id, self.tier_key)

    def _users(self):
        users = self.portal | self.internal
        self.assertFalse(any(u.has_group("cirrus_kam.group_kam_user") for u in users))
        return users

    def test_users_may_read_the_customer_itself(self):
        for user in self._users():
            with self.subTest(user=user.login):
                values = self.customer.with_user(user).read(["name"])
                self.assertEqual(values, [{"id": self.customer.id, "name": "Guarded"}])

    def test_partner_figures_are_not_readable(self):
        for user in self._users():
            with self.subTest(user=user.login):
                partner = self.customer.with_user(user)
                for name in PARTNER_FIGURES:
                    with self.assertRaises(AccessError, msg=name):
                        partner.read([name])
                    with self.assertRaises(AccessError, msg=name):
                        partner.search_read([("id", "=", self.customer.id)], [name])

    def test_partner_figures_are_no_search_oracle(self):
        for user in self._users():
            with self.subTest(user=user.login):
                partners = self.env["res.partner"].with_user(user)
                for domain in (
                    [("kam_revenue_12m", ">=", 500000.0)],
                    [("kam_score", ">", 0.0)],
                    [("kam_tier_id", "=", self.tier_key.id)],
                    [("kam_declining", "=", False)],
                    [("kam_account_ids.revenue", ">=", 500000.0)],
                ):
                    with self.assertRaises(AccessError, msg=str(domain)):
                        partners.search(domain)
                    with self.assertRaises(AccessError, msg=str(domain)):
                        partners.search_count(domain)
                    with self.assertRaises(AccessError, msg=str(domain)):
                        partners.read_group(domain, ["id:count"], [])

    def test_partner_figures_are_not_grouped(self):
        for user in self._users():
            with self.subTest(user=user.login):
                partners = self.env["res.partner"].with_user(user)
                # not stored: nobody groups by them; the error names no value
                for call in (
                    lambda p=partners: p.read_group(
                        [], ["kam_revenue_12m:sum"], ["kam_tier_id"]
                    ),
                    lambda p=partners: p._read_group(
                        [], ["kam_tier_id"], ["kam_revenue_12m:sum"]
                    ),
                ):
                    with self.assertRaises(Exception) as caught:
                        call()
                    self.assertIsInstance(caught.exception, AccessError | ValueError)
                # the accounts behind them are refused
                with self.assertRaises(AccessError):
                    partners.read_group(
                        [("kam_account_ids.tier_id", "=", self.tier_key.id)],
                        ["id:count"],
                        [],
                    )

    def test_partner_figures_are_not_exported(self):
        for user in self._users():
            with self.subTest(user=user.login):
                partner = self.customer.with_user(user)
                # the user may export the customer's name
                self.assertEqual(
                    partner.export_data(["name"]), {"datas": [["Guarded"]]}
                )
                for name in ("kam_revenue_12m", "kam_score", "kam_tier_id"):
                    with self.assertRaises(AccessError, msg=name):
                        partner.export_data([name])
                with self.assertRaises(AccessError):
                    partner.export_data(["kam_account_ids/revenue"])

    def test_accounts_are_not_readable(self):
        for user in self._users():
            with self.subTest(user=user.login):
                accounts = self.env["cirrus.kam.account"].with_user(user)
                with self.assertRaises(AccessError):
                    self.account.with_user(user).read(["revenue"])
                with self.assertRaises(AccessError):
                    accounts.search([])
                with self.assertRaises(AccessError):
                    accounts.search_count([])
                with self.assertRaises(AccessError):
                    accounts.search_read([], ["revenue"])
                with self.assertRaises(AccessError):
                    accounts.read_group([], ["revenue:sum"], ["tier_id"])
                with self.assertRaises(AccessError):
                    accounts._read_group([], ["tier_id"], ["revenue:sum"])
                with self.assertRaises(AccessError):
                    self.account.with_user(user).export_data(["revenue"])

    def test_workload_and_history_are_not_readable(self):
        for user in self._users():
            with self.subTest(user=user.login):
                for model in ("cirrus.kam.workload.report", "cirrus.kam.tier.history"):
                    records = self.env[model].with_user(user)
                    with self.assertRaises(AccessError, msg=model):
                        records.search([])
                    with self.assertRaises(AccessError, msg=model):
                        records.search_read([], ["company_id"])
                    with self.assertRaises(AccessError, msg=model):
                        records.read_group([], ["company_id"], ["company_id"])
                history = self._history(self.customer)
                self.assertEqual(len(history), 1)
                with self.assertRaises(AccessError):
                    history.with_user(user).read(["revenue"])

    def test_xlsx_reports_are_refused(self):
        for user in self._users():
            with self.subTest(user=user.login):
                reports = self.env(user=user)["ir.actions.report"]
                with self.assertRaises(AccessError):
                    reports._render_xlsx(PORTFOLIO, self.account.ids, data={})
                with self.assertRaises(AccessError):
                    reports._render_xlsx(WORKLOAD, [], data={})

    def test_public_methods_are_refused(self):
        for user in self._users():
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.account.with_user(user).action_reclassify()
                partner = self.customer.with_user(user)
                with self.assertRaises(AccessError):
                    partner.action_kam_reclassify()
                with self.assertRaises(AccessError):
                    partner.action_kam_open_account()
        # nothing ran as them
        self.assertEqual(len(self._history(self.customer)), 1)


@tagged("post_install", "-at_install")
class TestOwnerPotential(AccountCommon):
    """An Account Management user (no Contact Creation) sets the potential
    of the accounts they own, and nothing else."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "base.group_user,cirrus_kam.group_kam_user"
        cls.am = cls._user("kamnew_am", groups)
        cls.other_am = cls._user("kamnew_other_am", groups)
        cls.mine = cls._customer("Mine", user_id=cls.am.id)
        cls.theirs = cls._customer("Theirs", user_id=cls.other_am.id)
        cls._invoice(cls.mine, 60000.0)
        cls._invoice(cls.theirs, 70000.0)

    def setUp(self):
        super().setUp()
        self.assertFalse(self.am.has_group("base.group_partner_manager"))
        self.assertFalse(self.am.has_group("cirrus_kam.group_kam_manager"))
        self._classify()
        self.my_account = self._account(self.mine)
        self.their_account = self._account(self.theirs)
        self.assertEqual(self.my_account.user_id, self.am)
        self.assertEqual(self.their_account.user_id, self.other_am)
        self.today = fields.Date.context_today(self.my_account.with_user(self.am))

    def _state(self, account):
        self.env.invalidate_all()
        return {
            name: account[name]
            for name in (
                "potential",
                "potential_date",
                "tier_id",
                "tier_locked",
                "lock_reason",
                "revenue",
                "score",
                "user_id",
                "owner_locked",
            )
        }

    def test_owner_sets_potential_on_the_account(self):
        self.my_account.with_user(self.am).write({"potential": 123456.78})
        self.env.invalidate_all()
        self.assertEqual(self.my_account.potential, 123456.78)
        self.assertEqual(self.my_account.potential_date, self.today)
        self.assertEqual(self.mine.with_user(self.am).kam_potential, 123456.78)

    def test_owner_sets_potential_through_the_partner(self):
        self.mine.with_user(self.am).write({"kam_potential": 234567.89})
        self.env.invalidate_all()
        self.assertEqual(self.my_account.potential, 234567.89)
        self.assertEqual(self.my_account.potential_date, self.today)
        self.mine.with_user(self.am).write(
            {"kam_potential": 1000.0, "kam_potential_date": date(2026, 1, 15)}
        )
        self.env.invalidate_all()
        self.assertEqual(self.my_account.potential, 1000.0)
        self.assertEqual(self.my_account.potential_date, date(2026, 1, 15))

    def test_owner_cannot_set_potential_of_another_account(self):
        before = self._state(self.their_account)
        with self.assertRaises(AccessError):
            self.their_account.with_user(self.am).write({"potential": 5000.0})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.am).write({"kam_potential": 5000.0})
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.am).write({"kam_potential_date": TODAY})
        self.assertEqual(self._state(self.their_account), before)
        self.assertEqual(self.their_account.potential, 0.0)
        self.assertFalse(self.their_account.potential_date)

    def test_owner_cannot_set_admin_fields(self):
        before = self._state(self.my_account)
        account = self.my_account.with_user(self.am)
        partner = self.mine.with_user(self.am)
        for values in (
            {"tier_id": self.tier_key.id},
            {"tier_locked": True},
            {"lock_reason": "Mine"},
            {"user_id": self.other_am.id},
            {"owner_locked": True},
            {"potential": 9000.0, "tier_id": self.tier_key.id},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                account.write(values)
        for values in (
            {"kam_tier_id": self.tier_key.id},
            {"kam_tier_locked": True},
            {"kam_lock_reason": "Mine"},
            {"kam_owner_locked": True},
        ):
            with self.subTest(values=values), self.assertRaises(AccessError):
                partner.write(values)
        self.assertEqual(self._state(self.my_account), before)
        self.assertEqual(self.my_account.tier_id, self.tier_account)
        self.assertFalse(self.my_account.tier_locked)

    def test_engine_fields_written_by_the_owner_are_ignored(self):
        before = self._state(self.my_account)
        result = self.my_account.with_user(self.am).write(
            {"revenue": 1e9, "score": 1e9, "declining": True, "trend": -50.0}
        )
        self.assertIs(result, True)
        # through the partner, which the owner may not write (no Contact
        # Creation): refused
        with self.assertRaises(AccessError):
            self.mine.with_user(self.am).write(
                {"kam_revenue_12m": 1e9, "kam_score": 1e9, "kam_declining": True}
            )
        self.assertEqual(self._state(self.my_account), before)
        self.assertEqual(self.my_account.revenue, 60000.0)
        self.assertEqual(self.my_account.score, 60000.0)
        self.assertFalse(self.my_account.declining)


@tagged("post_install", "-at_install")
class TestAccountMessages(AccountCommon):
    """Takeover To-Dos, owner messages and decline alerts are posted on the
    account: a user of another company sees none of them, and the shared
    customer carries no figure."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.setup_other_company(name="KAM New Messages B")["company"]
        user = "base.group_user,cirrus_kam.group_kam_user"
        cls.kam1 = cls._user("kamnew_msg_kam", user, name="Kim Key")
        cls.am1 = cls._user("kamnew_msg_am", user, name="Alma Account")
        cls.user_b = cls._user("kamnew_msg_b", user, company=cls.company_b)
        cls._team("KAM A", "kam", cls.company, {cls.kam1: 5})
        cls._team("AM A", "am", cls.company, {cls.am1: 15})
        cls.company.write({"kam_assignment": "auto", "kam_notify": True})
        # grows into a key account: taken over by the key account manager
        cls.shared = cls._customer(
            "Shared Grower", company_id=False, user_id=cls.am1.id
        )
        cls._invoice(cls.shared, 654321.0, invoice_date=date(2026, 6, 1))
        # declines from 100,000 to 10,000: an alert to its owner
        cls.falling = cls._customer("Falling", company_id=False, user_id=cls.am1.id)
        cls._invoice(cls.falling, 100000.0, invoice_date=date(2025, 3, 1))
        cls._invoice(cls.falling, 10000.0, invoice_date=date(2026, 6, 1))

    def setUp(self):
        super().setUp()
        self._classify(today=date(2025, 6, 30))
        self._classify(today=TODAY)
        self.shared_account = self._account(self.shared)
        self.falling_account = self._account(self.falling)
        self.accounts = self.shared_account | self.falling_account
        self.assertEqual(self.shared_account.tier_id, self.tier_key)
        self.assertEqual(self.shared_account.user_id, self.kam1)
        self.assertTrue(self.falling_account.declining)

    def _activities(self, model, records):
        return self.env["mail.activity"].search(
            [("res_model", "=", model), ("res_id", "in", records.ids)], order="id"
        )

    def _messages(self, model, records):
        return self.env["mail.message"].search(
            [("model", "=", model), ("res_id", "in", records.ids)], order="id"
        )

    def test_takeover_and_decline_are_on_the_accounts(self):
        activities = self._activities("cirrus.kam.account", self.accounts)
        self.assertEqual(
            [(a.res_id, a.user_id, a.summary) for a in activities],
            [
                # the decline alert is raised while the batch is written,
                # the takeover once owners are applied
                (self.falling_account.id, self.am1, "Declining revenue: Falling"),
                (
                    self.shared_account.id,
                    self.kam1,
                    "Take over key account Shared Grower",
                ),
            ],
        )
        messages = self._messages("cirrus.kam.account", self.accounts)
        # the two activity notifications, then the owner note
        self.assertEqual(
            [(m.res_id, m.message_type) for m in messages],
            [
                (self.falling_account.id, "user_notification"),
                (self.shared_account.id, "user_notification"),
                (self.shared_account.id, "notification"),
            ],
        )
        self.assertEqual(
            str(messages[2].body),
            "<p>New owner: Kim Key. Key Account (score 654,321.00) needs a Key "
            "Account Manager; Alma Account is in no team of that role.</p>",
        )

    def test_partners_carry_no_message_and_no_activity(self):
        partners = self.shared | self.falling
        self.assertFalse(self._activities("res.partner", partners))
        self.assertFalse(self._messages("res.partner", partners))

    def test_other_company_user_sees_no_message_or_activity(self):
        activities = self._activities("cirrus.kam.account", self.accounts)
        messages = self._messages("cirrus.kam.account", self.accounts)
        self.assertEqual(len(activities), 2)
        self.assertEqual(len(messages), 3)
        Activity = self.env["mail.activity"].with_user(self.user_b)
        Message = self.env["mail.message"].with_user(self.user_b)
        self.assertFalse(Message.search([("model", "=", "cirrus.kam.account")]))
        self.assertFalse(Activity.search([("res_model", "=", "cirrus.kam.account")]))
        self.assertFalse(Activity.search([]))
        for activity in activities:
            with self.assertRaises(AccessError):
                activity.with_user(self.user_b).read(["summary", "note"])
        for message in messages:
            with self.assertRaises(AccessError):
                message.with_user(self.user_b).read(["body"])
        with self.assertRaises(AccessError):
            self.shared_account.with_user(self.user_b).read(["message_ids"])

    def test_other_company_user_finds_no_figure_on_the_shared_customer(self):
        figures = [
            formatLang(self.env, 654321.0),
            formatLang(self.env, 100000.0),
            formatLang(self.env, 10000.0),
        ]
        self.assertEqual(figures[0], "654,321.00")
        Message = self.env["mail.message"].with_user(self.user_b)
        for partner in (self.shared, self.falling):
            visible = Message.search(
                [("model", "=", "res.partner"), ("res_id", "=", partner.id)]
            )
            bodies = " ".join(str(body) for body in visible.sudo().mapped("body"))
            for figure in figures:
                self.assertNotIn(figure, bodies)
            values = partner.with_user(self.user_b).read(
                ["message_ids", "activity_ids"]
            )[0]
            self.assertEqual(values["message_ids"], [])
            self.assertEqual(values["activity_ids"], [])
