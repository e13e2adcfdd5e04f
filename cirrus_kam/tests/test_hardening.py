# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from unittest.mock import patch

from odoo import sql_db
from odoo.addons.cirrus_kam.models import cirrus_kam_engine
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.models import check_method_name
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL, mute_logger

from .common import TODAY, KamCommon


@tagged("post_install", "-at_install")
class TestFaults(KamCommon):
    """Interrupted and concurrent runs."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"]
        for index in range(6):
            customer = cls._customer(f"Fault {index}")
            cls._invoice(customer, 1000.0 * (index + 1))
            cls.customers |= customer

    def test_failed_batch_keeps_earlier_batches_and_next_run_completes(self):
        engine_class = type(self.engine)
        original = engine_class._write_results
        calls = []

        def fail_second_batch(engine, company, batch, source):
            calls.append(len(batch))
            if len(calls) == 2:
                raise RuntimeError("batch 2 failed")
            return original(engine, company, batch, source)

        # not self.assertRaises: Odoo's rolls back to a savepoint, and what
        # the failed run left behind is what this test is about
        with (
            patch.object(cirrus_kam_engine, "BATCH_SIZE", 2),
            patch.object(engine_class, "_write_results", fail_second_batch),
        ):
            failed = False
            try:
                self._classify()
            except RuntimeError:
                failed = True
        self.assertTrue(failed, "batch 2 should have failed")
        classified = self.customers.filtered("kam_tier_id")
        self.assertEqual(len(classified), 2, "the first batch stays written")
        self.assertEqual(
            self.env["cirrus.kam.tier.history"].search_count(
                [("partner_id", "in", self.customers.ids)]
            ),
            2,
        )
        self._classify()
        self.assertTrue(all(self.customers.mapped("kam_tier_id")))
        for customer in self.customers:
            self.assertEqual(len(self._history(customer)), 1)

    def test_scheduler_run_commits_each_batch_and_reports_progress(self):
        cron = self.env.ref("cirrus_kam.ir_cron_kam_classify")
        progress = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        engine = self.engine.with_context(ir_cron_progress_id=progress.id)
        # the commits are counted, not made: a test never commits
        with (
            patch.object(cirrus_kam_engine, "BATCH_SIZE", 2),
            patch.object(self.env.cr, "commit") as commit,
        ):
            engine._run(companies=self.company, auto_commit=True, today=TODAY)
        self.assertGreaterEqual(commit.call_count, 3)
        self.assertGreaterEqual(progress.done, 6)
        self.assertEqual(progress.remaining, 0)
        self.assertTrue(all(self.customers.mapped("kam_tier_id")))

    def test_potential_changed_while_the_run_computes_is_kept(self):
        self.company.kam_basis = "potential"
        customer = self.customers[0]
        engine = self.engine
        customers, dropped = engine._evaluate(self.company, today=TODAY)
        changed = engine._changes(self.company, customers, dropped, TODAY)
        # a user saves a potential after the run read the customers
        customer.kam_potential = 123456.0
        engine._write_batch(self.company, changed, "cron")
        self.assertEqual(customer.kam_potential, 123456.0)
        self.assertFalse(customer.kam_tier_id, "left for the next run")
        self.assertTrue(self.customers[1].kam_tier_id)
        self._classify()
        self.assertEqual(customer.kam_score, 123456.0)

    def test_two_runs_at_once_write_history_once(self):
        engine = self.engine
        customers, dropped = engine._evaluate(self.company, today=TODAY)
        first = engine._changes(self.company, customers, dropped, TODAY)
        self._classify()  # the second run finishes first
        engine._write_batch(self.company, first, "cron")
        for customer in self.customers:
            self.assertEqual(len(self._history(customer)), 1)

    def test_customer_locked_by_another_transaction_is_skipped(self):
        # "My Company" and the main company are committed, so another
        # connection can start the key account of "My Company" there; until
        # it commits, the run's insert of that account waits for it
        locked_partner = self.env.ref("base.main_partner")
        main = self.env.ref("base.main_company")
        main_tiers = self.env["cirrus.kam.tier"]._company_tiers(main)
        self.assertFalse(locked_partner.company_id)
        self._invoice(locked_partner, 500.0)
        # the test user is not a user of the main company
        accounts = self.env["cirrus.kam.account"].sudo()
        in_main = [
            ("partner_id", "=", locked_partner.id),
            ("company_id", "=", main.id),
        ]
        self.env.cr.execute(SQL("SET LOCAL lock_timeout = '1s'"))
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(SQL("SET LOCAL lock_timeout = '10s'"))
            other.execute(
                SQL(
                    "INSERT INTO cirrus_kam_account (partner_id, company_id) "
                    "VALUES (%s, %s)",
                    locked_partner.id,
                    main.id,
                )
            )
            # the insert that times out is logged by odoo.sql_db
            with mute_logger("odoo.sql_db"):
                self._classify(companies=self.company | main)
            self.assertFalse(accounts.search(in_main))
            # the rest of the run is written: the other customers there,
            # and this customer in the other company
            self.assertEqual(
                accounts._account_of(self.customers[0], main).tier_id,
                main_tiers[-1],
            )
            self.assertEqual(locked_partner.kam_revenue_12m, 500.0)
            self.assertEqual(locked_partner.kam_tier_id, self.tier_small)
        finally:
            other.rollback()
            other.close()
        self._classify(companies=main)
        account = accounts.search(in_main)
        self.assertEqual(account.tier_id, main_tiers[-1])
        self.assertEqual(account.revenue, 0.0)


@tagged("post_install", "-at_install")
class TestBadInput(KamCommon):
    def test_archived_customer_loses_its_tier(self):
        customer = self._customer("Archived")
        self._invoice(customer, 100.0)
        self._classify()
        self.assertTrue(customer.kam_tier_id)
        customer.action_archive()
        self._classify()
        self.assertFalse(customer.kam_tier_id)
        self.assertFalse(customer.kam_revenue_12m)
        last = self._history(customer)[-1]
        self.assertFalse(last.new_tier_id)

    def test_merged_partners_keep_history_and_potential(self):
        kept = self._customer("Survivor")
        merged = self._customer("Duplicate")
        self._invoice(merged, 700.0)
        merged.kam_potential = 5000.0
        self._classify()
        history = self._history(merged)
        self.assertTrue(history)
        wizard = self.env["base.partner.merge.automatic.wizard"].create({})
        wizard._merge((kept | merged).ids, kept)
        self.assertFalse(merged.exists())
        self.assertEqual(kept.kam_potential, 5000.0)
        self.assertTrue(kept.kam_potential_date)
        self.assertLessEqual(history, self._history(kept))
        self._classify()
        self.assertEqual(kept.kam_revenue_12m, 700.0)

    def test_customer_moved_under_another_company(self):
        parent = self._customer("New Parent")
        self._invoice(parent, 10000.0)
        moved = self._customer("Moved")
        self._invoice(moved, 300.0)
        self._classify()
        moved.write({"parent_id": parent.id, "is_company": False})
        self.assertEqual(moved.commercial_partner_id, parent)
        self.assertEqual(moved.kam_tier_id, parent.kam_tier_id)
        self._classify()
        self.assertEqual(parent.kam_revenue_12m, 10300.0)
        self.assertEqual(moved.kam_revenue_12m, 10300.0)

    def test_currency_without_rate_counts_at_odoo_balance(self):
        currency = self.env["res.currency"].create({"name": "XKA", "symbol": "¤"})
        customer = self._customer("No Rate")
        move = self._invoice(customer, 250.0, currency=currency)
        expected = -sum(move.invoice_line_ids.mapped("balance"))
        self._classify()
        self.assertAlmostEqual(customer.kam_revenue_12m, expected)

    def test_huge_amounts(self):
        # Odoo itself cannot balance a 1e15 invoice line in floats, so the
        # huge figure is a potential; revenue goes as high as Odoo posts
        self.company.kam_basis = "combined"
        huge = self._customer("Huge")
        small = self._customer("Small")
        self._invoice(huge, 1e12)
        huge.kam_potential = 1e15
        self._invoice(small, 1.0)
        self._classify()
        self.assertEqual(huge.kam_revenue_12m, 1e12)
        # float64 keeps 15-16 significant digits: the cents are noise here
        self.assertAlmostEqual(huge.kam_score, 0.5 * 1e12 + 0.5 * 1e15, delta=10.0)
        self.assertEqual(huge.kam_tier_id, self.tier_key)
        self.assertEqual(small.kam_tier_id, self.tier_small)
        self.assertRegex(
            huge.kam_tier_explanation, r"potential 1,000,000,000,000,00\d\.\d\d"
        )

    def test_company_without_tiers_is_skipped(self):
        customer = self._customer("No Tiers")
        self._invoice(customer, 100.0)
        with self.assertRaises(ValidationError) as caught:
            self.tiers.write({"active": False})
        self.assertEqual(
            str(caught.exception),
            f"{self.company.name} needs at least one active tier: every "
            "classified customer needs a tier.",
        )
        # tiers archived before that rule: the run skips the company
        self.env.cr.execute(
            SQL(
                "UPDATE cirrus_kam_tier SET active = false WHERE id = ANY(%s)",
                self.tiers.ids,
            )
        )
        self.tiers.invalidate_recordset(["active"])
        self.assertEqual(self._classify(), {self.company.id: 0})
        self.assertFalse(customer.kam_tier_id)
        self.assertFalse(customer.kam_account_id)

    def test_deleting_a_tier_in_use_is_blocked(self):
        customer = self._customer("In Use")
        self._invoice(customer, 100.0)
        self._classify()
        tier = customer.kam_tier_id
        with self.assertRaisesRegex(UserError, "customers have it"):
            tier.unlink()
        self.assertTrue(tier.exists())

    def test_import_of_bad_potentials_imports_nothing(self):
        good = self._customer("Import Good")
        bad = self._customer("Import Bad")
        rows = [
            [good.id, "1500"],
            [bad.id, "-10"],
            [good.id, "abc"],
        ]
        fields = [".id", "kam_potential"]
        with mute_logger("odoo.sql_db", "odoo.models"):
            result = self.env["res.partner"].load(fields, rows)
        self.assertFalse(result["ids"])
        messages = [m["message"] for m in result["messages"]]
        self.assertTrue(messages)
        self.assertFalse(good.kam_potential_date)
        self.assertFalse(bad.kam_potential_date)


@tagged("post_install", "-at_install")
class TestRpcAccess(KamCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.user = new_test_user(
            cls.env,
            login="kam_rpc_user",
            groups="sales_team.group_sale_salesman,base.group_partner_manager",
            company_id=cls.company.id,
            company_ids=[(6, 0, cls.company.ids)],
        )
        cls.other = cls.setup_other_company(name="Other RPC Co")["company"]
        cls.customer = cls._customer("RPC Customer", user_id=cls.user.id)
        cls._invoice(cls.customer, 900.0)

    def _public_methods(self, model_name):
        names = set()
        for cls in type(self.env[model_name]).__mro__:
            if cls.__module__.startswith("odoo.addons.cirrus_kam"):
                names |= {
                    name
                    for name, value in vars(cls).items()
                    if callable(value) and not name.startswith("_")
                }
        return names

    def test_only_reviewed_methods_are_remotely_callable(self):
        for name in ("_run", "_evaluate", "_write_results", "_cron_classify"):
            with self.assertRaises(AccessError):
                check_method_name(name)
        self.assertEqual(self._public_methods("cirrus.kam.engine"), set())
        self.assertEqual(self._public_methods("cirrus.kam.assignment"), set())
        self.assertEqual(
            self._public_methods("res.partner"),
            {
                "write",
                "create",
                "export_data",
                "fields_get",
                "action_kam_reclassify",
                "action_kam_open_account",
            },
        )
        self.assertEqual(
            self._public_methods("cirrus.kam.account"),
            {
                "write",
                "create",
                "fields_get",
                "action_reclassify",
                "kam_tier_move_proposal",
                "action_kam_move_tier",
            },
        )
        self.assertEqual(
            self._public_methods("cirrus.kam.classify.wizard"),
            {
                "default_get",
                "action_preview",
                "action_apply",
                "action_export_preview",
                "action_back",
            },
        )

    def test_wizard_refuses_a_company_the_user_cannot_use(self):
        manager = new_test_user(
            self.env,
            login="kam_rpc_manager",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[(6, 0, self.company.ids)],
        )
        wizards = self.env["cirrus.kam.classify.wizard"].with_user(manager)
        self.assertNotIn(self.other, manager.company_ids)
        with self.assertRaises(AccessError):
            wizards.create({"company_id": self.other.id}).action_preview()
        # a wizard of the user's own company works
        wizards.create({"company_id": self.company.id}).action_preview()

    def test_user_cannot_reclassify_or_use_the_wizard(self):
        partner = self.customer.with_user(self.user)
        with self.assertRaises(AccessError):
            partner.action_kam_reclassify()
        with self.assertRaises(AccessError):
            self.env["cirrus.kam.classify.wizard"].with_user(self.user).create({})

    def test_user_cannot_switch_to_another_company(self):
        with self.assertRaises(AccessError):
            self.customer.with_user(self.user).with_company(self.other).kam_revenue_12m  # noqa: B018

    def test_user_cannot_write_engine_values(self):
        self._classify()
        self.customer.with_user(self.user).write(
            {"kam_revenue_12m": 1e9, "kam_score": 1e9}
        )
        self.assertEqual(self.customer.kam_revenue_12m, 900.0)
