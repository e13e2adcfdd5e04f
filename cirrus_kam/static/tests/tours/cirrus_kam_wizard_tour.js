import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A key account administrator classifies from All Accounts: the preview
 * tells tier changes from owner changes, Apply says what it did, and the
 * list behind shows the new tiers without a reload.
 * Data: cirrus_kam/tests/test_tour_wizard.py.
 */
registry.category("web_tour.tours").add("cirrus_kam_wizard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='cirrus_kam.menu_kam_root']",
            run: "click",
        },
        {
            content: "Open All Accounts",
            trigger: ".o_main_navbar [data-menu-xmlid='cirrus_kam.menu_kam_all_accounts']",
            run: "click",
        },
        {
            content: "Alpha is a Small Account for now",
            trigger: ".o_list_view .o_data_row:contains('Wizard Alpha Industries') .o_kam_tier_badge:contains('Small Account')",
        },
        {
            content: "Classify, from the list",
            trigger: ".o_control_panel button:contains('Classify')",
            run: "click",
        },
        {
            content: "One title: the dialog's",
            trigger: ".modal .modal-title:contains('Classify Customers')",
            run() {
                if (document.querySelectorAll(".modal .o_form_view h2").length) {
                    throw new Error("The wizard shows a second title.");
                }
            },
        },
        {
            content: "Preview the classification",
            trigger: ".modal .modal-footer button[name='action_preview']",
            run: "click",
        },
        {
            content: "The preview counts the changes by kind",
            trigger: ".modal [name='change_summary']:contains('2 customers change'):contains('2 change tier')",
        },
        {
            content: "Alpha changes tier, with its reason",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('Wizard Alpha Industries'):has(td[name='change_kind']:contains('Tier')):has(td[name='reason']:contains('reaches its minimum score'))",
        },
        {
            content: "Apply",
            trigger: ".modal .modal-footer button[name='action_apply']",
            async run(helpers) {
                // gone if the page reloads
                window.kamWizardTourPage = true;
                await helpers.click();
            },
        },
        {
            content: "A notification says what happened",
            trigger: ".o_notification:contains('2 customers updated: 2 tier changes')",
        },
        {
            content: "The dialog is closed and the list shows the new tiers, without a reload",
            trigger: "body:not(:has(.modal)) .o_list_view .o_data_row:contains('Wizard Alpha Industries') .o_kam_tier_badge:contains('Key Account')",
        },
        {
            content: "Gamma is an Account now",
            trigger: ".o_list_view .o_data_row:contains('Wizard Gamma Foods') .o_kam_tier_badge:not(:contains('Small')):contains('Account')",
            run() {
                if (!window.kamWizardTourPage) {
                    throw new Error("The page was reloaded to show the new tiers.");
                }
            },
        },
    ],
});
