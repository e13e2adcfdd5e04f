# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

"""Swedish translation: loaded terms, Python messages, and a complete, well
formed i18n/sv.po for every term of i18n/cirrus_kam.pot."""

import ast
import re
from collections import Counter
from pathlib import Path

import polib

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import code_translations

LANG = "sv_SE"
MODULE_DIR = Path(__file__).resolve().parent.parent
POT_PATH = MODULE_DIR / "i18n" / "cirrus_kam.pot"
PO_PATH = MODULE_DIR / "i18n" / "sv.po"

# %(name)s, %s, %.2f, %% ... ; {name} ; HTML entities
PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]"
    r"|%[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]"
    r"|\{[^{}]*\}"
    r"|&[a-zA-Z]+;"
)
TAG = re.compile(r"</?[a-zA-Z][^>]*>")
# attributes whose values are translated along with the text
TRANSLATED_ATTRIBUTE = re.compile(
    r'\s(?:title|alt|placeholder|aria-label|string|help)="[^"]*"'
)
TRANSLATION_CALL = re.compile(r"""\b_t\(\s*(["'`])((?:\\.|(?!\1).)*)\1""")


def _placeholders(text):
    return Counter(PLACEHOLDER.findall(text))


def _tags(text):
    return [TRANSLATED_ATTRIBUTE.sub("", tag) for tag in TAG.findall(text)]


def _edges(text):
    """Leading and trailing whitespace."""
    return re.match(r"\s*", text).group(), re.search(r"\s*\Z", text).group()


def _source_python_terms():
    """First string argument of every _(), _lt() and env._() call."""
    terms = {}
    for path in sorted(MODULE_DIR.rglob("*.py")):
        relative = path.relative_to(MODULE_DIR)
        if relative.parts[0] in ("tests", "migrations"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            name = getattr(func, "id", None) or getattr(func, "attr", None)
            first = node.args[0]
            if name in ("_", "_lt") and isinstance(first, ast.Constant):
                if isinstance(first.value, str):
                    terms[first.value] = f"{relative}:{node.lineno}"
    return terms


def _source_js_terms():
    terms = {}
    for path in sorted((MODULE_DIR / "static" / "src").rglob("*.js")):
        text = path.read_text(encoding="utf-8")
        for match in TRANSLATION_CALL.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            relative = path.relative_to(MODULE_DIR)
            terms[match.group(2)] = f"{relative}:{line}"
    return terms


@tagged("post_install", "-at_install")
class TestSwedishPoFile(TransactionCase):
    """The files themselves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pot = polib.pofile(str(POT_PATH))
        cls.po = polib.pofile(str(PO_PATH))
        cls.po_entries = {e.msgid: e for e in cls.po if not e.obsolete}

    def test_every_template_term_is_translated(self):
        missing = [
            e.msgid
            for e in self.pot
            if not e.obsolete
            and not (self.po_entries.get(e.msgid) and self.po_entries[e.msgid].msgstr)
        ]
        self.assertEqual(missing, [], "untranslated terms in sv.po")

    def test_no_fuzzy_or_stale_entries(self):
        fuzzy = [e.msgid for e in self.po_entries.values() if "fuzzy" in e.flags]
        self.assertEqual(fuzzy, [], "fuzzy entries in sv.po")
        template = {e.msgid for e in self.pot if not e.obsolete}
        stale = sorted(set(self.po_entries) - template)
        self.assertEqual(stale, [], "sv.po has terms the template no longer has")

    def test_placeholders_tags_and_spacing_kept(self):
        for msgid, entry in self.po_entries.items():
            msgstr = entry.msgstr
            with self.subTest(msgid=msgid):
                self.assertEqual(_placeholders(msgstr), _placeholders(msgid))
                self.assertEqual(_tags(msgstr), _tags(msgid))
                self.assertEqual(msgstr.count("\n"), msgid.count("\n"))
                self.assertEqual(_edges(msgstr), _edges(msgid))

    def test_report_file_names_stay_python_strings(self):
        for entry in self.po_entries.values():
            if any("print_report_name" in ref for ref, _line in entry.occurrences):
                with self.subTest(msgid=entry.msgid):
                    self.assertIsInstance(ast.literal_eval(entry.msgstr), str)

    def test_template_has_every_source_term(self):
        """A template exported while Babel choked on a file (Babel 2.10 cannot
        read f-strings inside _() calls) silently lacks that file's terms."""
        template = {e.msgid for e in self.pot if not e.obsolete}
        sources = {**_source_python_terms(), **_source_js_terms()}
        missing = {
            term: where for term, where in sources.items() if term not in template
        }
        self.assertEqual(missing, {}, "re-export i18n/cirrus_kam.pot")


@tagged("post_install", "-at_install")
class TestSwedishTranslation(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang(LANG)
        cls.env["ir.module.module"]._load_module_terms(
            ["cirrus_kam"], [LANG], overwrite=True
        )
        cls.sv_env = cls.env(context=dict(cls.env.context, lang=LANG))

    def test_field_labels_and_help(self):
        fields = (
            self.env["res.partner"]
            .with_context(lang=LANG)
            .fields_get(
                ["kam_tier_id", "kam_revenue_12m", "kam_wallet_share"],
                ["string", "help"],
            )
        )
        self.assertEqual(fields["kam_tier_id"]["string"], "Nivå")
        self.assertEqual(
            fields["kam_tier_id"]["help"],
            "Den gällande nivån. Om den anges manuellt låses den.",
        )
        # "Revenue": the window is the company's lookback, not always 12 months
        self.assertEqual(fields["kam_revenue_12m"]["string"], "Intäkter")
        self.assertEqual(fields["kam_wallet_share"]["string"], "Plånboksandel (%)")

    def test_selection_labels(self):
        company_fields = self.sv_env["res.company"].fields_get(
            ["kam_basis", "kam_assignment"], ["selection"]
        )
        self.assertIn(
            ("revenue", "Intäkter (behålla)"), company_fields["kam_basis"]["selection"]
        )
        self.assertIn(
            ("auto", "Automatisk"), company_fields["kam_assignment"]["selection"]
        )
        tier_role = self.sv_env["cirrus.kam.tier"].fields_get(["role"], ["selection"])
        self.assertIn(("kam", "Nyckelkundsansvarig"), tier_role["role"]["selection"])

    def test_menus_and_actions(self):
        root = self.env.ref("cirrus_kam.menu_kam_root")
        self.assertEqual(root.with_context(lang=LANG).name, "Nyckelkunder")
        self.assertEqual(root.name, "Key Accounts")
        workload = self.env.ref("cirrus_kam.menu_kam_workload")
        self.assertEqual(workload.with_context(lang=LANG).name, "Arbetsbelastning")
        action = self.env.ref("cirrus_kam.cirrus_kam_classify_wizard_action")
        self.assertEqual(action.with_context(lang=LANG).name, "Klassificera kunder")

    def test_python_message(self):
        """A bad setting is refused in Swedish: the message of sv.po, with the
        Swedish label of the field."""
        msgid = (
            "%(field)s must be a finite number from %(min)s to %(max)s "
            "(it is %(value)s)."
        )
        translations = code_translations.get_python_translations("cirrus_kam", LANG)
        self.assertIn(msgid, translations, "untranslated in sv.po")
        template = translations[msgid]
        self.assertNotEqual(template, msgid)
        company = self.env.company.with_context(lang=LANG)
        for field, label, maximum, value in (
            ("kam_potential_weight", "Vikt för potential", 1, 2),
            ("kam_decline_percent", "Nedgångsvarning (%)", 100, 101),
        ):
            with self.subTest(field=field):
                with self.assertRaises(ValidationError) as caught:
                    company.write({field: value})
                self.assertEqual(
                    str(caught.exception),
                    template
                    % {"field": label, "min": "0", "max": maximum, "value": value},
                )
                company.invalidate_recordset()

    def test_explanation_texts(self):
        texts = self.sv_env["cirrus.kam.engine"]._texts()
        self.assertEqual(
            texts["revenue"] % {"amount": "1,000.00", "months": 12},
            "intäkter 1,000.00 under 12 månader",
        )
        self.assertEqual(
            texts["combined"]
            % {"rw": "50", "revenue": "A", "pw": "50", "potential": "B"},
            "50% av A och 50% av B",
        )

    def test_every_code_term_is_served(self):
        """Python and JavaScript terms are read from sv.po at run time."""
        python = code_translations.get_python_translations("cirrus_kam", LANG)
        web = code_translations.get_web_translations("cirrus_kam", LANG)
        web = {m["id"]: m["string"] for m in web["messages"]}
        for entry in polib.pofile(str(PO_PATH)):
            comments = entry.comment.splitlines()
            with self.subTest(msgid=entry.msgid):
                if "odoo-python" in comments:
                    self.assertEqual(python.get(entry.msgid), entry.msgstr)
                if "odoo-javascript" in comments:
                    self.assertEqual(web.get(entry.msgid), entry.msgstr)

    def test_template_has_every_field_term(self):
        """Fields of cirrus_kam added since the last export of the template."""
        template = {e.msgid for e in polib.pofile(str(POT_PATH))}
        field_ids = (
            self.env["ir.model.data"]
            .search([("module", "=", "cirrus_kam"), ("model", "=", "ir.model.fields")])
            .mapped("res_id")
        )
        missing = set()
        for field in self.env["ir.model.fields"].browse(field_ids):
            missing.update(
                term
                for term in (field.field_description, field.help)
                if term and term not in template
            )
        self.assertEqual(missing, set(), "re-export i18n/cirrus_kam.pot")

    def test_tier_name_is_translatable(self):
        tier = self.env["cirrus.kam.tier"]._company_tiers(self.env.company)[:1]
        tier.with_context(lang=LANG).name = "Nyckelkund"
        self.assertEqual(tier.with_context(lang=LANG).name, "Nyckelkund")
        self.assertEqual(tier.with_context(lang="en_US").name, tier.name)
        self.assertNotEqual(tier.with_context(lang="en_US").name, "Nyckelkund")

    def test_default_tiers_of_new_company_are_swedish(self):
        """The default tier names of a new company come in every installed
        language."""
        company = self.env["res.company"].create({"name": "KAM i18n AB"})
        tiers = self.env["cirrus.kam.tier"]._company_tiers(company)
        english = tiers.with_context(lang="en_US").mapped("name")
        swedish = tiers.with_context(lang=LANG).mapped("name")
        self.assertEqual(len(tiers), 3)
        self.assertNotEqual(swedish, english)
