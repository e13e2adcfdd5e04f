# cirrus_kam: `make demo` serves a demo database, `make test` runs the suite.
# The python3 on PATH when it imports Odoo 18.0, else .venv (made by `make setup`)
PYTHON    = $(shell scripts/python_env.sh)
ODOO      = $(PYTHON) -m odoo
TEST_DB  ?= cirrus_kam_test
DEMO_DB  ?= cirrus_kam_demo
BUILD    := .build
ADDONS    = $(shell $(PYTHON) scripts/odoo_paths.py)
ODOO_RUN  = $(ODOO) --addons-path=$(ADDONS) --db_host= --http-interface=127.0.0.1
ODOO_SHELL = $(ODOO) shell --addons-path=$(ADDONS) --db_host=

export ODOO_SRC

.PHONY: demo test lint bench setup chromium pg test-install test-uninstall test-tour test-pytest

# Odoo 18.0, the project's requirements and PostgreSQL; each step skipped when done
setup:
	@scripts/setup.sh

chromium:
	@scripts/chromium.sh

pg:
	@scripts/pg_up.sh

lint:
	$(PYTHON) -m ruff check .
	$(PYTHON) -m pylint --rcfile=.pylintrc-mandatory cirrus_kam

demo: setup
	@if psql -d $(DEMO_DB) -Atc "select 1 from ir_module_module where name='cirrus_kam' and state='installed'" 2>/dev/null | grep -q 1; then \
		echo "Reusing database $(DEMO_DB)."; \
	else \
		dropdb --if-exists $(DEMO_DB) && \
		echo "Creating database $(DEMO_DB) with demo data (about a minute)..." && \
		$(ODOO_RUN) -d $(DEMO_DB) -i cirrus_kam --stop-after-init --log-level=warn || exit 1; \
	fi
	@echo "Open http://127.0.0.1:8069/odoo?db=$(DEMO_DB) and log in as admin / admin."
	$(ODOO_RUN) -d $(DEMO_DB) --db-filter='^$(DEMO_DB)$$' --http-port=8069 --log-level=warn

# A fresh database each run: install, upgrade, uninstall (on a copy), then the
# browser tour and the pytest suite. Warnings from the addon fail the run.
test: setup chromium lint test-install test-uninstall test-tour test-pytest

test-install:
	rm -rf $(BUILD) && mkdir -p $(BUILD)
	dropdb --if-exists $(TEST_DB)
	$(ODOO_RUN) -d $(TEST_DB) -i cirrus_kam --without-demo=all --stop-after-init \
		--log-level=info --logfile=$(BUILD)/install.log
	$(ODOO_RUN) -d $(TEST_DB) -u cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/upgrade.log
	$(PYTHON) scripts/check_log.py $(BUILD)/install.log $(BUILD)/upgrade.log

test-uninstall:
	dropdb --if-exists $(TEST_DB)_demo
	$(ODOO_RUN) -d $(TEST_DB)_demo -i cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/install_demo.log
	scripts/kam_snapshot.sh $(TEST_DB)_demo > $(BUILD)/before_upgrade.txt
	$(ODOO_RUN) -d $(TEST_DB)_demo -u cirrus_kam --stop-after-init \
		--log-level=info --logfile=$(BUILD)/upgrade_demo.log
	scripts/kam_snapshot.sh $(TEST_DB)_demo > $(BUILD)/after_upgrade.txt
	diff $(BUILD)/before_upgrade.txt $(BUILD)/after_upgrade.txt \
		&& echo "upgrade kept $$(cut -d' ' -f2 $(BUILD)/after_upgrade.txt) key account rows"
	$(ODOO_SHELL) -d $(TEST_DB)_demo --log-level=warn --logfile=$(BUILD)/uninstall_demo.log \
		< scripts/uninstall.py
	dropdb --if-exists $(TEST_DB)_copy
	createdb -T $(TEST_DB) $(TEST_DB)_copy
	$(ODOO_SHELL) -d $(TEST_DB)_copy --log-level=warn --logfile=$(BUILD)/uninstall.log \
		< scripts/uninstall.py
	dropdb $(TEST_DB)_copy
	dropdb $(TEST_DB)_demo
	$(PYTHON) scripts/check_log.py $(BUILD)/install_demo.log $(BUILD)/upgrade_demo.log \
		$(BUILD)/uninstall_demo.log $(BUILD)/uninstall.log

test-tour:
	$(ODOO_RUN) -d $(TEST_DB) --test-tags=/cirrus_kam:TestKamTour --stop-after-init \
		--http-port=8079 --log-level=info --logfile=$(BUILD)/tour.log
	$(PYTHON) scripts/check_tour.py $(BUILD)/tour.log
	$(PYTHON) scripts/check_log.py $(BUILD)/tour.log

test-pytest:
	$(PYTHON) -m pytest cirrus_kam/tests --odoo-database=$(TEST_DB) \
		--odoo-addons-path=$(ADDONS) --odoo-log-level=warn --odoo-extra=test-file=cirrus_kam/tests/__init__.py -q -p no:cacheprovider

bench: setup
	$(PYTHON) bench/run.py --addons-path=$(ADDONS)
