# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Default tier names follow a language installed after the addon."""

from odoo import Command
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

LANG = "sv_SE"
ENGLISH = ["Key Account", "Account", "Small Account"]
SWEDISH = ["Nyckelkund", "Kund", "Småkund"]


@tagged("post_install", "-at_install")
class TestTierNamesOnLanguageInstall(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lang = (
            cls.env["res.lang"]
            .with_context(active_test=False)
            .search([("code", "=", LANG)])
        )
        # tiers made while Swedish is not installed, as after a fresh install
        cls.lang.active = False
        cls.company = cls.env["res.company"].create({"name": "KAM Språk AB"})
        cls.tiers = cls.env["cirrus.kam.tier"]._company_tiers(cls.company)

    def _names(self, tiers, lang):
        tiers.invalidate_recordset(["name"])
        return tiers.with_context(lang=lang).mapped("name")

    def _stored_languages(self, tiers):
        """The languages each tier name is stored in."""
        tiers.flush_recordset(["name"])
        rows = self.env.execute_query(
            SQL(
                "SELECT ARRAY(SELECT jsonb_object_keys(name) ORDER BY 1) "
                "FROM cirrus_kam_tier WHERE id IN %s ORDER BY id",
                tuple(tiers.ids),
            )
        )
        return [languages for (languages,) in rows]

    def _install_swedish(self, overwrite=False):
        """Settings > Languages > Add Languages (or Update Terms)."""
        wizard = self.env["base.language.install"].create(
            {"lang_ids": [Command.set(self.lang.ids)], "overwrite": overwrite}
        )
        wizard.lang_install()
        self.assertTrue(self.lang.active)

    def test_default_tiers_read_swedish_after_install(self):
        self.assertEqual(self._stored_languages(self.tiers), [["en_US"]] * 3)
        self._install_swedish()
        self.assertEqual(self._stored_languages(self.tiers), [["en_US", LANG]] * 3)
        self.assertEqual(self._names(self.tiers, LANG), SWEDISH)
        self.assertEqual(self._names(self.tiers, "en_US"), ENGLISH)
        self.assertEqual(
            self.tiers.with_context(lang=LANG).read(["name"])[0]["name"], "Nyckelkund"
        )

    def test_renamed_tiers_are_left_alone(self):
        key, account, _small = self.tiers
        key.with_context(lang="en_US").name = "Strategic"
        self._install_swedish()
        self.assertEqual(
            self._names(self.tiers, LANG), ["Strategic", "Kund", "Småkund"]
        )
        # a Swedish name a user typed survives Update Terms with overwrite
        account.with_context(lang=LANG).name = "Kärnkund"
        self._install_swedish(overwrite=True)
        self.assertEqual(
            self._names(self.tiers, LANG), ["Strategic", "Kärnkund", "Småkund"]
        )
        self.assertEqual(
            self._names(self.tiers, "en_US"), ["Strategic", "Account", "Small Account"]
        )

    def test_new_company_after_install_is_swedish(self):
        self._install_swedish()
        company = self.env["res.company"].create({"name": "KAM Nytt AB"})
        tiers = self.env["cirrus.kam.tier"]._company_tiers(company)
        self.assertEqual(self._names(tiers, LANG), SWEDISH)
        self.assertEqual(self._names(tiers, "en_US"), ENGLISH)
