import { download } from "@web/core/network/download";
import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * A key account administrator reviews the key accounts (cirrus.kam.account),
 * assesses the potential of a small customer on its account (which
 * reclassifies it at once), applies the classification, then checks and
 * exports the workload. Data: cirrus_kam/tests/test_tour.py.
 */
registry.category("web_tour.tours").add("cirrus_kam_tour", {
    url: "/odoo",
    steps: () => [
        // 1. Key Accounts > All Accounts, filtered on key accounts
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
            content: "The accounts are listed, with their tier",
            trigger: ".o_list_view .o_data_row:contains('Tour Delta Tools') .o_kam_tier_badge:contains('Small Account')",
        },
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Filter the key accounts",
            trigger: ".o_filter_menu .o-dropdown-item:contains('Key Accounts')",
            run: "click",
        },
        {
            content: "Only key accounts are left",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Tour Delta Tools'))) .o_data_row:contains('Tour Alpha Industries') .o_kam_tier_badge:contains('Key Account')",
        },
        {
            content: "Close the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Remove the filter",
            trigger: ".o_searchview_facet:contains('Key Accounts') .o_facet_remove",
            run: "click",
        },
        // 2. Assess the potential of a small account, on its key account
        {
            content: "Open a small account",
            trigger: ".o_list_view .o_data_row:contains('Tour Delta Tools') td[name='partner_id']",
            run: "click",
        },
        {
            content: "The account form shows the tier, the explanation and the chatter",
            trigger: ".o_form_view:has(.o_field_widget[name='explanation']:not(:empty)):has(.o-mail-Chatter) .o_field_widget[name='tier_id'] .o_kam_tier_badge:contains('Small Account')",
        },
        {
            content: "Set the potential",
            trigger: ".o_form_view .o_field_widget[name='potential'] input",
            run: "edit 750000",
        },
        ...stepUtils.saveForm(),
        {
            content: "Saving the potential reclassifies the account at once",
            trigger: ".o_form_saved .oe_title .o_field_widget[name='tier_id'] .o_kam_tier_badge:contains('Key Account')",
        },
        {
            content: "The potential is assessed today",
            trigger: ".o_form_saved .o_field_widget[name='potential_date'] input",
            run() {
                if (!this.anchor.value) {
                    throw new Error("Saving a potential should set its assessment date.");
                }
            },
        },
        // 3. Classify: preview, then apply
        {
            content: "Open Configuration",
            trigger: ".o_main_navbar [data-menu-xmlid='cirrus_kam.menu_kam_configuration']",
            run: "click",
        },
        {
            content: "Open Classify",
            trigger: ".dropdown-item[data-menu-xmlid='cirrus_kam.menu_kam_classify']",
            run: "click",
        },
        {
            content: "Preview the classification",
            trigger: ".modal .modal-footer button[name='action_preview']",
            run: "click",
        },
        {
            content: "An account moves down to small account under the new Account minimum",
            trigger: ".modal .o_field_widget[name='line_ids'] .o_data_row:contains('Tour Gamma Foods'):contains('Small Account')",
        },
        {
            content: "Apply the classification",
            trigger: ".modal .modal-footer button[name='action_apply']",
            run: "click",
        },
        {
            content: "The wizard is closed",
            trigger: "body:not(:has(.modal))",
        },
        // 4. Workload, as a pivot table
        {
            content: "Open Workload",
            trigger: ".o_main_navbar [data-menu-xmlid='cirrus_kam.menu_kam_workload']",
            run: "click",
        },
        {
            content: "The workload of the owner is listed",
            trigger: ".o_list_view .o_data_row:contains('Kam Tour Admin'):contains('Key Account')",
        },
        {
            content: "Switch to the pivot view",
            trigger: ".o_switch_view.o_pivot",
            run: "click",
        },
        {
            content: "The pivot shows the manager's row",
            trigger: ".o_pivot th:contains('Kam Tour Admin') ~ td",
        },
        // 5. Export the workload: Print > Workload (Excel), from the list
        {
            content: "Back to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Select all the rows",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the Print menu",
            trigger: ".o_cp_action_menus button:has(.fa-print)",
            async run(helpers) {
                // note when the xlsx file has been received
                const original = download._download;
                download._download = async (options) => {
                    const filename = await original(options);
                    document.body.dataset.kamXlsx = filename || "";
                    download._download = original;
                    return filename;
                };
                await helpers.click();
            },
        },
        {
            content: "Print the workload workbook",
            trigger: ".o-dropdown-item:contains('Workload (Excel)')",
            run: "click",
        },
        {
            content: "The workbook is downloaded",
            trigger: "body[data-kam-xlsx$='.xlsx']",
        },
    ],
});
