import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * The Workload graph draws one bar per manager at their utilization (not
 * one per tier added up), none for the unassigned accounts, and a 100%
 * capacity line. Data:
 * cirrus_kam/tests/test_tour_workload.py.
 */
function checkChart() {
    const canvas = document.querySelector(".o_graph_renderer canvas");
    const chart = window.Chart && window.Chart.getChart(canvas);
    if (!chart) {
        throw new Error("No chart drawn");
    }
    const bars = chart.data.datasets.filter((dataset) => dataset.type !== "line");
    if (bars.length !== 1) {
        throw new Error(`One bar per manager expected, got ${bars.length} datasets`);
    }
    const labels = [...chart.data.labels].sort().join(", ");
    if (labels !== "Wl Anna, Wl Kurt") {
        throw new Error(`One bar per manager expected, got ${labels}`);
    }
    const values = {};
    chart.data.labels.forEach((label, index) => {
        values[label] = bars[0].data[index];
    });
    if (Math.abs(values["Wl Anna"] - 400 / 3) > 0.01 || values["Wl Kurt"] !== 0) {
        throw new Error(`Wrong utilization: ${JSON.stringify(values)}`);
    }
    const line = chart.data.datasets.find((dataset) => dataset.type === "line");
    if (!line || line.data.some((value) => value !== 100)) {
        throw new Error("No 100% capacity line");
    }
}

registry.category("web_tour.tours").add("cirrus_kam_workload_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Key Accounts app",
            trigger: ".o_app[data-menu-xmlid='cirrus_kam.menu_kam_root']",
            run: "click",
        },
        {
            content: "Open Workload",
            trigger: ".o_main_navbar [data-menu-xmlid='cirrus_kam.menu_kam_workload']",
            run: "click",
        },
        {
            content: "The manager without accounts is listed",
            trigger: ".o_list_view .o_data_row:contains('Wl Kurt')",
        },
        {
            content: "Switch to the graph view",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The legend shows the capacity line",
            trigger: ".o_graph_renderer canvas",
            run: checkChart,
        },
    ],
});
