# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

from unittest.mock import patch

from psycopg2 import errors as pg_errors

from odoo import sql_db
from odoo.addons.cirrus_kam.models import cirrus_kam_engine
from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .account_common import AccountCommon
from .common import TODAY

REVENUE = [1000.0, 2000.0, 3000.0, 4000.0, 5000.0, 6000.0]


class ConcurrencyCommon(AccountCommon):
    """Six customers classified once; then each is invoiced 500 more, so the
    next run changes all six."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.env["res.partner"]
        for index, amount in enumerate(REVENUE):
            customer = cls._customer(f"Concurrent {index}")
            cls._invoice(customer, amount)
            cls.customers |= customer

    def setUp(self):
        super().setUp()
        self._classify()
        self.accounts = self.customers.mapped(lambda c: self._account(c))
        self.assertEqual(self.accounts.mapped("revenue"), REVENUE)
        self.before = self._values(self.accounts)
        for customer in self.customers:
            self._invoice(customer, 500.0)
        self.victim = self.customers[2]
        self.victim_account = self._account(self.victim)

    def _revenues(self):
        self.env.invalidate_all()
        return self.accounts.mapped("revenue")

    def _record_progress(self):
        """Patch the progress report; return the list of (done, remaining)
        it receives."""
        calls = []

        def record(engine, auto_commit, done, remaining):
            calls.append((done, remaining))

        patcher = patch.object(type(self.engine), "_commit_progress", record)
        patcher.start()
        self.addCleanup(patcher.stop)
        return calls


@tagged("post_install", "-at_install")
class TestConflictingCustomerIsLeft(ConcurrencyCommon):
    """A batch meeting a serialization failure on one customer's account is
    split until only that customer is left; progress counts the written."""

    def _conflict_on(self, account):
        engine_class = type(self.engine)
        original = engine_class._update_accounts

        def update(engine, batch):
            if account.id in [c.account_id for c in batch]:
                # what PostgreSQL raises when a concurrent transaction
                # changed the row under a repeatable snapshot
                raise pg_errors.SerializationFailure("could not serialize access")
            return original(engine, batch)

        return patch.object(engine_class, "_update_accounts", update)

    def test_only_the_conflicting_customer_is_left(self):
        progress = self._record_progress()
        with (
            patch.object(cirrus_kam_engine, "BATCH_SIZE", 2),
            self._conflict_on(self.victim_account),
        ):
            self._classify()
        self.assertEqual(
            self._revenues(), [1500.0, 2500.0, 3000.0, 4500.0, 5500.0, 6500.0]
        )
        victim = self._values(self.victim_account)
        key = (self.victim.id, self.company.id)
        self.assertEqual(victim[key], self.before[key])
        # batches of two: the victim's batch is split and its partner
        # written; the run ends with the victim remaining
        self.assertEqual(self._steps(progress), [(2, 4), (3, 3), (5, 1)])
        progress.clear()
        self._classify()
        self.assertEqual(
            self._revenues(), [1500.0, 2500.0, 3500.0, 4500.0, 5500.0, 6500.0]
        )
        self.assertEqual(self._steps(progress), [(1, 0)])

    def _steps(self, progress):
        """The successive progress states, each once."""
        return [p for i, p in enumerate(progress) if not i or p != progress[i - 1]]

    def test_job_reports_the_left_customer_as_remaining(self):
        cron = self.env.ref("cirrus_kam.ir_cron_kam_classify")
        job = self.env["ir.cron.progress"].create(
            {"cron_id": cron.id, "remaining": 0, "done": 0}
        )
        engine = self.engine.with_context(ir_cron_progress_id=job.id)
        # the commits are counted, not made: a test never commits
        with (
            self._conflict_on(self.victim_account),
            patch.object(self.env.cr, "commit") as commit,
        ):
            engine._run(companies=self.company, auto_commit=True, today=TODAY)
        self.assertTrue(commit.called)
        self.assertEqual((job.done, job.remaining), (5, 1))
        with patch.object(self.env.cr, "commit"):
            engine._run(companies=self.company, auto_commit=True, today=TODAY)
        self.assertEqual((job.done, job.remaining), (1, 0))
        self.assertEqual(self.victim_account.revenue, 3500.0)


@tagged("post_install", "-at_install")
class TestChangedSinceRead(ConcurrencyCommon):
    """A customer whose potential a user saved between the run's read and
    its write is left for the next run: its stale figures are not written."""

    def test_customer_changed_between_read_and_write_is_skipped(self):
        engine = self.engine
        customers, dropped = engine._evaluate(self.company, today=TODAY)
        changed = engine._changes(self.company, customers, dropped, TODAY)
        self.assertEqual([c.id for c in changed], self.customers.ids)
        # a user's save, straight to the row as another transaction would
        self.env.cr.execute(
            SQL(
                "UPDATE cirrus_kam_account SET potential = %s WHERE id = %s",
                4321.0,
                self.victim_account.id,
            )
        )
        engine._write_batch(self.company, changed, "cron")
        self.assertEqual(
            [c.written for c in changed], [True, True, False, True, True, True]
        )
        self.assertEqual(
            self._revenues(), [1500.0, 2500.0, 3000.0, 4500.0, 5500.0, 6500.0]
        )
        key = (self.victim.id, self.company.id)
        expected = dict(self.before[key], potential=4321.0)
        self.assertEqual(self._values(self.victim_account)[key], expected)
        # the next run classifies it with the saved potential kept
        self._classify()
        self.assertEqual(self.victim_account.revenue, 3500.0)
        self.assertEqual(self.victim_account.potential, 4321.0)


@tagged("post_install", "-at_install")
class TestSecondConnection(AccountCommon):
    """A real second connection creating the same key account, uncommitted,
    while the run inserts it: the run waits at most the lock timeout, leaves
    that customer for the next call and reports it as remaining.

    Only committed rows are visible to another connection, and a test never
    commits: the company and customer are the database's own (main company,
    its partner), and the account is the new one both connections insert.
    The run's UPDATE ... SKIP LOCKED path needs a committed account row,
    which a database without demo data has none of: it is covered by the
    simulated conflicts above."""

    def test_customer_inserted_by_another_connection_is_left(self):
        company = self.env.ref("base.main_company")
        contested = self.env.ref("base.main_partner")
        self.assertFalse(contested.company_id)
        self.assertEqual(len(self.env["cirrus.kam.tier"]._company_tiers(company)), 3)
        others = self.env["res.partner"]
        for index in range(3):
            others |= self._customer(f"Beside {index}")
        other = sql_db.db_connect(self.env.cr.dbname).cursor()
        try:
            other.execute(
                "INSERT INTO cirrus_kam_account (partner_id, company_id, create_date,"
                " write_date) VALUES (%s, %s, now(), now())",
                [contested.id, company.id],
            )
            # after the other connection's insert: only a non-key update of
            # the partner, which its foreign key lock lets through
            contested.customer_rank = 1
            classified, _dropped = self.engine._evaluate(company, today=TODAY)
            ids = sorted(c.id for c in classified)
            self.assertEqual(ids, sorted([*others.ids, contested.id]))
            self.env.cr.execute("SET LOCAL lock_timeout = '300ms'")
            progress = []
            with (
                patch.object(
                    type(self.engine),
                    "_commit_progress",
                    lambda engine, auto, done, remaining: progress.append(
                        (done, remaining)
                    ),
                ),
                mute_logger("odoo.sql_db"),
            ):
                self.engine._run(companies=company, today=TODAY)
            self.assertEqual(progress[-1], (len(ids) - 1, 1))
            self.assertFalse(self._account(contested, company))
            accounts = (
                self.env["cirrus.kam.account"]
                .sudo()
                .search([("company_id", "=", company.id), ("partner_id", "in", ids)])
            )
            self.assertEqual(accounts.partner_id, others)
        finally:
            other.rollback()
            other.close()
        progress = []
        with patch.object(
            type(self.engine),
            "_commit_progress",
            lambda engine, auto, done, remaining: progress.append((done, remaining)),
        ):
            self.engine._run(companies=company, today=TODAY)
        self.assertEqual(progress[-1], (1, 0))
        account = self._account(contested, company)
        self.assertEqual(
            account.tier_id, self.env["cirrus.kam.tier"]._company_tiers(company)[-1]
        )
