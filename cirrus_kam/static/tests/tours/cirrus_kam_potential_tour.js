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

/**
 * An administrator reads the count and revenue of each tier column, drags a
 * card to another tier, sees the owner proposed there and must give a lock
 * reason. Data: cirrus_kam/tests/test_tour_potential.py.
 */
registry.category("web_tour.tours").add("cirrus_kam_kanban_tour", {
    steps: () => [
        {
            content: "The Account column counts its 2 accounts and sums their revenue",
            trigger: ".o_kanban_group:has(.o_kam_column_count:contains('(2)')) .o_kanban_counter:contains('200')",
        },
        {
            content: "Drag a colleague's card to Key Account",
            trigger: ".o_kanban_record:contains('Pot Tour Other')",
            run: "drag_and_drop .o_kanban_group:has(.o_column_title:contains('Key Account'))",
        },
        {
            content: "The dialog names the owner proposed in that tier",
            trigger: ".modal .o_kam_tier_move_owner:contains('Pot Tour Kam'):contains('Pot Tour Colleague')",
        },
        {
            content: "Confirm without a reason",
            trigger: ".modal .o_kam_tier_move_confirm",
            run: "click",
        },
        {
            content: "A reason is required",
            trigger: ".modal .o_kam_lock_reason.is-invalid",
        },
        {
            content: "Give the reason",
            trigger: ".modal textarea.o_kam_lock_reason",
            run: "edit Strategic partner",
        },
        {
            content: "Confirm",
            trigger: ".modal .o_kam_tier_move_confirm",
            run: "click",
        },
        {
            content: "The card is in Key Account now, locked",
            trigger: "body:not(:has(.modal)) .o_kanban_group:has(.o_column_title:contains('Key Account')) .o_kanban_record:contains('Pot Tour Other') .fa-lock",
        },
    ],
});

/**
 * A manager without accounts lands on My Portfolio, whose sample data shows
 * tier names, not placeholder text.
 */
registry.category("web_tour.tours").add("cirrus_kam_sample_tour", {
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='cirrus_kam.menu_kam_root']",
            run: "click",
        },
        {
            content: "My Portfolio shows sample rows with tier names",
            trigger: ".o_control_panel .o_breadcrumb:contains('My Portfolio')",
        },
        {
            content: "The sample tiers are named like tiers",
            trigger: ".o_view_sample_data .o_data_row .o_kam_tier_badge:contains('Account')",
            run() {
                const names = [...document.querySelectorAll(".o_view_sample_data .o_kam_tier_badge")].map(
                    (badge) => badge.textContent.trim()
                );
                const known = ["Key Account", "Account", "Small Account"];
                if (!names.length || names.some((name) => !known.includes(name))) {
                    throw new Error(`Sample tiers should be tier names, not ${names.join(", ")}`);
                }
            },
        },
    ],
});
