# Copyright 2026 Cirrus
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

{
    "name": "Key Account Classification",
    "summary": "Classify customers into key accounts and accounts by revenue "
    "and potential, nightly, per company",
    "version": "18.0.2.1.0",
    "category": "Sales/Sales",
    "website": "https://github.com/cirrus/cirrus_kam",
    "author": "Cirrus",
    "license": "AGPL-3",
    "depends": ["account", "sales_team", "mail", "report_xlsx"],
    "data": [
        "security/cirrus_kam_security.xml",
        "security/ir.model.access.csv",
        "data/cirrus_kam_tier_data.xml",
        "data/ir_cron_data.xml",
        "views/cirrus_kam_tier_views.xml",
        "views/cirrus_kam_account_views.xml",
        "views/cirrus_kam_tier_history_views.xml",
        "views/cirrus_kam_workload_report_views.xml",
        "views/crm_team_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "wizards/cirrus_kam_classify_wizard_views.xml",
        "views/cirrus_kam_menus.xml",
        "report/cirrus_kam_reports.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "cirrus_kam/static/src/**/*",
            ("remove", "cirrus_kam/static/src/views/workload_graph/**"),
        ],
        "web.assets_backend_lazy": [
            "cirrus_kam/static/src/views/workload_graph/**",
        ],
        "web.assets_tests": [
            "cirrus_kam/static/tests/tours/**/*",
        ],
    },
    "demo": [
        "demo/cirrus_kam_demo.xml",
    ],
    "installable": True,
    "application": True,
}
