import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * An account manager opens a colleague's customer (potential read-only,
 * "not assessed"), then the Key Accounts app, which lands on My Portfolio,
 * sets the potential of an own customer and sees its share of wallet and
 * tier change on save. Data: cirrus_kam/tests/test_tour_potential.py.
 */
registry.category("web_tour.tours").add("cirrus_kam_potential_tour", {
    steps: () => [
        {
            content: "A colleague's customer: the potential is not assessed and read-only",
            trigger: ".o_form_view:has(.o_field_widget[name='partner_id']:contains('Pot Tour Other')) .o_field_widget[name='potential'].o_readonly_modifier:not(:has(input)) .o_kam_not_assessed",
        },
        {
            content: "Its assessment date is read-only too",
            trigger: ".o_form_view .o_field_widget[name='potential_date'].o_readonly_modifier:not(:has(input)):not(:visible)",
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='cirrus_kam.menu_kam_root']",
            run: "click",
        },
        {
            content: "An account manager lands on My Portfolio",
            trigger: ".o_control_panel .o_breadcrumb:contains('My Portfolio')",
        },
        {
            content: "The potential of the own customer is not assessed yet",
            trigger: ".o_list_view .o_data_row:contains('Pot Tour Mine') td[name='potential'] .o_kam_not_assessed",
        },
        {
            content: "Only the manager's own customers are listed",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('Pot Tour Other'))) .o_data_row:contains('Pot Tour Mine') .o_kam_tier_badge:contains('Account')",
        },
        {
            content: "Open the own customer",
            trigger: ".o_list_view .o_data_row:contains('Pot Tour Mine') td[name='partner_id']",
            run: "click",
        },
        {
            content: "The potential is editable and says it is not assessed",
            trigger: ".o_form_view .o_field_widget[name='potential'] input[placeholder='not assessed']",
            run: "edit 1000000",
        },
        ...stepUtils.saveForm(),
        {
            content: "The share of wallet is updated at once",
            trigger: ".o_form_saved .o_field_widget[name='wallet_share']:contains('10.00')",
        },
        {
            content: "The tier is updated at once",
            trigger: ".o_form_view .oe_title .o_field_widget[name='tier_id'] .o_kam_tier_badge:contains('Key Account')",
        },
        {
            content: "The explanation gives the new score",
            trigger: ".o_form_view .o_field_widget[name='explanation']:contains('550,000.00')",
        },
    ],
});
