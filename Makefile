# cirrus_kam: `make demo` serves a demo database, `make test` runs the suite.
# The python3 on PATH when it imports Odoo 18.0, else .venv (made by `make setup`)
PYTHON   := $(shell scripts/python_env.sh)
ODOO     := $(PYTHON) -m odoo
TEST_DB  ?= cirrus_kam_test
DEMO_DB  ?= cirrus_kam_demo
SHOTS_DB ?= cirrus_kam_shots
BUILD    := .build
# asked once per make run, when first used: after `make setup` has installed Odoo
ADDONS    = $(eval ADDONS := $$(shell $(PYTHON) scripts/odoo_paths.py))$(ADDONS)
ODOO_RUN  = $(ODOO) --addons-path=$(ADDONS) --db_host= --http-interface=127.0.0.1
ODOO_SHELL = $(ODOO) shell --addons-path=$(ADDONS) --db_host=

export ODOO_SRC

.PHONY: demo test lint bench setup python-env chromium pg readme headers check-setup screenshots \
	test-lane-db test-lane-upgrade \
	test-install test-uninstall test-tour test-pytest test-migration test-odoo

# Odoo 18.0, the project's requirements and PostgreSQL; each step skipped when done
setup: python-env pg

# Python with Odoo 18.0 (python3's own, else .venv from ODOO_SRC) and requirements-test.txt
python-env:
	@scripts/setup.sh --no-pg

chromium:
	@scripts/chromium.sh

pg:
	@scripts/pg_up.sh

# ruff, pylint-odoo, the licence headers, README.rst, OCA's module and .po
# checks, and the licences of the dependencies
lint: python-env
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pylint --rcfile=.pylintrc-mandatory cirrus_kam
	$(PYTHON) scripts/license_headers.py --check
	$(PYTHON) scripts/gen_readme.py --check cirrus_kam
	$(PYTHON) -m oca_pre_commit_hooks.cli cirrus_kam
	$(PYTHON) -m oca_pre_commit_hooks.cli_po --disable=po-pretty-format \
		cirrus_kam/i18n/*.po*
	$(PYTHON) -m manifestoo --no-addons-path-from-import-odoo \
		--addons-path=$$($(PYTHON) scripts/odoo_paths.py --with-base) \
		--select-addons-dir=. check-licenses --transitive

# cirrus_kam/README.rst from cirrus_kam/readme/*.md
readme: python-env
	$(PYTHON) scripts/gen_readme.py cirrus_kam

# the licence header on Python files that lack it (make lint checks it)
headers:
	python3 scripts/license_headers.py --fix

# set-up checks, not part of `make test`: ODOO_SRC as an http URL (full
# download, 404, cut-off download) against a local server
check-setup:
	scripts/check_setup_url.sh

# creates the demo database named after it (make demo, make screenshots)
DEMO_INSTALL = $(ODOO_RUN) -i cirrus_kam --stop-after-init --log-level=warn -d

demo: setup
	@if psql -d $(DEMO_DB) -Atc "select 1 from ir_module_module where name='cirrus_kam' and state='installed'" 2>/dev/null | grep -q 1; then \
		echo "Reusing database $(DEMO_DB)."; \
	else \
		dropdb --if-exists $(DEMO_DB) && \
		echo "Creating database $(DEMO_DB) with demo data (about a minute)..." && \
		$(DEMO_INSTALL) $(DEMO_DB) || exit 1; \
	fi
	@echo "Open http://127.0.0.1:8069/odoo?db=$(DEMO_DB) and log in as admin / admin."
	$(ODOO_RUN) -d $(DEMO_DB) --db-filter='^$(DEMO_DB)$$' --http-port=8069 --log-level=warn

# The README's pictures, cirrus_kam/static/description/screenshot_*.png: a
# fresh demo database SHOTS_DB (kept until the next run; DEMO_DB is left
# alone), served on a free port and shot with headless Chromium at 1440x900.
# Fails on any console error, error dialog or ERROR in Odoo's log.
screenshots: setup chromium
	dropdb --if-exists $(SHOTS_DB)
	@echo "Creating database $(SHOTS_DB) with demo data (about a minute)..."
	$(DEMO_INSTALL) $(SHOTS_DB)
	$(PYTHON) scripts/screenshots.py --db=$(SHOTS_DB) --addons-path=$(ADDONS)

# Fresh databases each run. Two lanes run side by side (the machine has two
# cores): the test database (install, upgrade, uninstall of a copy, browser
# tour, pytest suite) and the upgrade path (18.0.1.1.0 with demo data
# migrated, upgraded again and uninstalled; then Odoo's own tests). Warnings
# from the addon fail the run; pytest's summary line comes last.
test: setup chromium lint
	rm -rf $(BUILD) && mkdir -p $(BUILD)
	$(MAKE) --no-print-directory -j2 --output-sync=target test-lane-db test-lane-upgrade
	@tail -n 1 $(BUILD)/pytest.txt

test-lane-db: test-install
	$(MAKE) --no-print-directory test-uninstall test-tour test-pytest

test-lane-upgrade:
	$(MAKE) --no-print-directory test-migration test-odoo

test-install:
	mkdir -p $(BUILD)
	dropdb --if-exists $(TEST_DB)
	$(ODOO_RUN) -d $(TEST_DB) -i cirrus_kam --without-demo=all --stop-after-init \
		--log-level=info --logfile=$(BUILD)/install.log
	$(ODOO_RUN) -d $(TEST_DB) -u cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/upgrade.log
	$(PYTHON) scripts/check_log.py $(BUILD)/install.log $(BUILD)/upgrade.log

# Uninstalling leaves partners, moves and no kam_ column (a copy of the test
# database; the demo data is uninstalled at the end of test-migration)
test-uninstall:
	dropdb --if-exists $(TEST_DB)_copy
	createdb -T $(TEST_DB) $(TEST_DB)_copy
	$(ODOO_SHELL) -d $(TEST_DB)_copy --log-level=warn --logfile=$(BUILD)/uninstall.log \
		< scripts/uninstall.py
	dropdb $(TEST_DB)_copy
	$(PYTHON) scripts/check_log.py $(BUILD)/uninstall.log

# The upgrade from 18.0.1.1.0 (key account values as jsonb keys on
# res_partner) keeps every value, owner and history row: that version (last
# at MIGRATION_FROM) is installed with demo data from $(BUILD)/old, which
# replaces this repository in the addons path, then upgraded by this code.
MIGRATION_FROM := f4a665f
comma := ,
space := $(subst ,, )
OLD_PATHS = $(patsubst $(CURDIR),$(abspath $(BUILD))/old,$(subst $(comma),$(space),$(ADDONS)))
OLD_ARGS  = --addons-path=$(subst $(space),$(comma),$(strip $(OLD_PATHS))) --db_host=

test-migration:
	@git rev-parse --quiet --verify $(MIGRATION_FROM)^{commit} >/dev/null \
		|| { echo "commit $(MIGRATION_FROM) (18.0.1.1.0) is not in this clone"; exit 1; }
	@case ",$(ADDONS)," in *,$(CURDIR),*) ;; \
		*) echo "$(CURDIR) is not in the addons path $(ADDONS)"; exit 1;; esac
	rm -rf $(BUILD)/old && mkdir -p $(BUILD)/old
	git archive $(MIGRATION_FROM) cirrus_kam | tar -x -C $(BUILD)/old
	dropdb --if-exists $(TEST_DB)_mig
	@echo "Installing 18.0.1.1.0 with demo data in $(TEST_DB)_mig..."
	$(ODOO) $(OLD_ARGS) -d $(TEST_DB)_mig -i cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/install_old.log
	$(ODOO) shell $(OLD_ARGS) -d $(TEST_DB)_mig --log-level=warn --logfile=$(BUILD)/seed_old.log \
		< scripts/kam_legacy_seed.py
	KAM_FINGERPRINT=legacy $(ODOO) shell $(OLD_ARGS) -d $(TEST_DB)_mig --log-level=warn \
		--logfile=$(BUILD)/fingerprint_old.log < scripts/kam_fingerprint.py \
		> $(BUILD)/migration_before.txt
	@echo "Upgrading $(TEST_DB)_mig to this version..."
	$(ODOO_RUN) -d $(TEST_DB)_mig -u cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/upgrade_mig.log
	KAM_FINGERPRINT=rows $(ODOO_SHELL) -d $(TEST_DB)_mig --log-level=warn \
		--logfile=$(BUILD)/fingerprint_new.log < scripts/kam_fingerprint.py \
		> $(BUILD)/migration_after.txt
	$(PYTHON) scripts/check_log.py $(BUILD)/install_old.log $(BUILD)/seed_old.log \
		$(BUILD)/fingerprint_old.log $(BUILD)/upgrade_mig.log $(BUILD)/fingerprint_new.log
	$(PYTHON) scripts/kam_migration_check.py $(TEST_DB)_mig $(BUILD)/migration_before.txt \
		$(BUILD)/migration_after.txt
	@echo "Upgrading $(TEST_DB)_mig again: every stored account and history field is kept..."
	$(ODOO_SHELL) -d $(TEST_DB)_mig --log-level=warn --logfile=$(BUILD)/fingerprint.log \
		< scripts/kam_fingerprint.py > $(BUILD)/before_upgrade.txt
	$(ODOO_RUN) -d $(TEST_DB)_mig -u cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/upgrade_demo.log
	$(ODOO_SHELL) -d $(TEST_DB)_mig --log-level=warn --logfile=$(BUILD)/fingerprint.log \
		< scripts/kam_fingerprint.py > $(BUILD)/after_upgrade.txt
	diff $(BUILD)/before_upgrade.txt $(BUILD)/after_upgrade.txt \
		&& echo "upgrade kept $$(cut -d' ' -f2 $(BUILD)/after_upgrade.txt) key account and history rows"
	$(ODOO_SHELL) -d $(TEST_DB)_mig --log-level=warn --logfile=$(BUILD)/uninstall_demo.log \
		< scripts/uninstall.py
	$(PYTHON) scripts/check_log.py $(BUILD)/upgrade_demo.log $(BUILD)/fingerprint.log \
		$(BUILD)/uninstall_demo.log
	dropdb $(TEST_DB)_mig

# Odoo's own tests of what cirrus_kam extends: partners and their merge,
# companies, company-dependent fields, users and groups, sales teams, customer
# invoices, credit notes and the invoice report. A fresh database with demo
# data, as a real install: Odoo's runner runs the post_install tests once
# everything is installed, but the at_install ones while their module
# installs, before cirrus_kam is there; so pytest runs the base and
# sales_team files again with the whole registry loaded. Two TestHasGroup
# tests are left out there: they fail with account loaded, also without
# cirrus_kam (a user without user type may not read users).
ODOO_TESTS := /base/tests/test_res_partner.py,/base/tests/test_res_partner_merge.py,
ODOO_TESTS += /base/tests/test_res_company.py,/base:TestCompanyDependent,
ODOO_TESTS += /base/tests/test_res_users.py,/base/tests/test_user_has_group.py,
ODOO_TESTS += /base/tests/test_groups.py,/sales_team,
ODOO_TESTS += /account/tests/test_account_move_out_invoice.py,
ODOO_TESTS += /account/tests/test_account_move_out_refund.py,
ODOO_TESTS += /account/tests/test_account_partner.py,
ODOO_TESTS += /account/tests/test_account_invoice_report.py,
ODOO_TESTS += /account/tests/test_res_partner_merge.py
ODOO_TESTS_FULL := $(addprefix odoo.addons.base.tests.,test_res_partner \
	test_res_partner_merge test_res_company test_res_users test_user_has_group \
	test_groups) odoo.addons.sales_team.tests
ODOO_TESTS_SKIP := TestHasGroup and (test_implied_groups or test_other_user)
ODOO_TEST_PORT ?= 8078

test-odoo:
	mkdir -p $(BUILD)
	dropdb --if-exists $(TEST_DB)_odoo
	@echo "Installing cirrus_kam in $(TEST_DB)_odoo with Odoo's tests (4 to 6 minutes)..."
	$(ODOO_RUN) -d $(TEST_DB)_odoo -i cirrus_kam --test-tags='$(ODOO_TESTS)' \
		--stop-after-init --http-port=$(ODOO_TEST_PORT) --log-level=info \
		--logfile=$(BUILD)/odoo_tests.log || true
	$(PYTHON) -m pytest --pyargs $(ODOO_TESTS_FULL) -k 'not ($(ODOO_TESTS_SKIP))' \
		--odoo-database=$(TEST_DB)_odoo --odoo-addons-path=$(ADDONS) --odoo-log-level=info \
		--odoo-extra=logfile=$(BUILD)/odoo_tests_full.log \
		--odoo-extra=test-file=cirrus_kam/tests/__init__.py -q -p no:cacheprovider \
		--junitxml=$(BUILD)/odoo_tests_full.xml > $(BUILD)/odoo_tests_full.txt || true
	$(PYTHON) scripts/check_log.py $(BUILD)/odoo_tests.log $(BUILD)/odoo_tests_full.log
	$(PYTHON) scripts/check_odoo_tests.py '$(ODOO_TESTS)' $(BUILD)/odoo_tests.log \
		$(BUILD)/odoo_tests_full.xml
	dropdb $(TEST_DB)_odoo

# Every browser tour: the test classes tagged cirrus_kam_tour
test-tour:
	$(ODOO_RUN) -d $(TEST_DB) --test-tags=cirrus_kam_tour --stop-after-init \
		--http-port=8079 --log-level=info --logfile=$(BUILD)/tour.log
	$(PYTHON) scripts/check_tour.py $(BUILD)/tour.log
	$(PYTHON) scripts/check_log.py $(BUILD)/tour.log

test-pytest:
	mkdir -p $(BUILD)
	$(PYTHON) -m pytest cirrus_kam/tests --odoo-database=$(TEST_DB) \
		--odoo-addons-path=$(ADDONS) --odoo-log-level=warn \
		--odoo-extra=test-file=cirrus_kam/tests/__init__.py -q -p no:cacheprovider \
		> $(BUILD)/pytest.txt 2>&1; status=$$?; cat $(BUILD)/pytest.txt; exit $$status

bench: setup
	$(PYTHON) bench/run.py --addons-path=$(ADDONS)
