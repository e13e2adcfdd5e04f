import { Component, useState } from "@odoo/owl";
import { Dialog } from "@web/core/dialog/dialog";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { kanbanView } from "@web/views/kanban/kanban_view";
import { KanbanHeader } from "@web/views/kanban/kanban_header";
import { KanbanRenderer } from "@web/views/kanban/kanban_renderer";

/**
 * Asks why a key account's tier is set by hand, and says who would own it
 * in the new tier (the assignment's proposal, cirrus.kam.account
 * kam_tier_move_proposal), before anything is saved.
 */
export class KamTierMoveDialog extends Component {
    static template = "cirrus_kam.KamTierMoveDialog";
    static components = { Dialog };
    static props = {
        account: String,
        proposal: Object,
        onConfirm: Function,
        close: Function,
    };

    setup() {
        this.state = useState({ reason: "", missing: false, saving: false });
        this.title = _t("Set the tier by hand");
    }

    async confirm() {
        const reason = this.state.reason.trim();
        if (!reason) {
            this.state.missing = true;
            return;
        }
        this.state.saving = true;
        try {
            await this.props.onConfirm(reason);
        } finally {
            this.state.saving = false;
        }
        this.props.close();
    }
}

/**
 * A tier column's header: its number of accounts next to its name, also
 * above the progress bar (which shows the sum of revenue).
 */
export class KamKanbanHeader extends KanbanHeader {
    static template = "cirrus_kam.KanbanHeader";
}

/**
 * Dropping a card in another tier column opens KamTierMoveDialog instead of
 * writing the tier at once; the card stays where it was until confirmed.
 */
export class KamAccountKanbanRenderer extends KanbanRenderer {
    static components = { ...KanbanRenderer.components, KanbanHeader: KamKanbanHeader };

    setup() {
        super.setup();
        this.orm = useService("orm");
    }

    async sortRecordDrop(dataRecordId, dataGroupId, params) {
        const { parent } = params;
        const targetGroupId = parent?.dataset.id;
        if (!this.props.list.isGrouped || !targetGroupId || targetGroupId === dataGroupId) {
            return super.sortRecordDrop(...arguments);
        }
        parent.classList.remove("o_kanban_hover");
        const groups = this.props.list.groups;
        const source = groups.find((group) => group.id === dataGroupId);
        const target = groups.find((group) => group.id === targetGroupId);
        const record = source?.list.records.find((rec) => rec.id === dataRecordId);
        if (!record || !target?.value) {
            return;
        }
        const proposal = await this.orm.call(
            "cirrus.kam.account",
            "kam_tier_move_proposal",
            [[record.resId], target.value]
        );
        this.dialog.add(KamTierMoveDialog, {
            account: record.data.partner_id?.[1] || "",
            proposal,
            onConfirm: async (reason) => {
                await this.orm.call("cirrus.kam.account", "action_kam_move_tier", [
                    [record.resId],
                    target.value,
                    reason,
                ]);
                await this.props.list.model.load();
            },
        });
    }
}

registry.category("views").add("kam_account_kanban", {
    ...kanbanView,
    Renderer: KamAccountKanbanRenderer,
});
