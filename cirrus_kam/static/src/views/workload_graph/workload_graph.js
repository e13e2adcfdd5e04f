import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { GraphModel } from "@web/views/graph/graph_model";
import { graphView } from "@web/views/graph/graph_view";

/**
 * The workload graph: one bar per manager at their utilization, and a line
 * at 100% so that each bar reads against the manager's capacity. The
 * Unassigned group has no utilization, so no bar. The line uses the graph's
 * own overlay dataset, so that tooltips and legend treat it like Odoo's
 * stacked-total line.
 */
export class WorkloadGraphModel extends GraphModel {
    _getProcessedDataPoints() {
        const points = super._getProcessedDataPoints();
        if (this.metaData.measure !== "utilization") {
            return points;
        }
        // the unassigned accounts count in no utilization: no bar for them
        return points.filter((point) => point.value !== false && point.value !== null);
    }

    _getLineOverlayDataset() {
        const overlay = super._getLineOverlayDataset();
        const [first] = this.data.datasets;
        if (overlay || this.metaData.measure !== "utilization" || !first) {
            return overlay;
        }
        return {
            label: _t("Capacity (100%)"),
            data: first.data.map(() => 100),
            trueLabels: first.trueLabels,
        };
    }
}

registry.category("views").add("cirrus_kam_workload_graph", {
    ...graphView,
    Model: WorkloadGraphModel,
});
