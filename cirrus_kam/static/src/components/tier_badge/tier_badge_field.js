import { onWillStart, onWillUpdateProps } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { BadgeField, badgeField } from "@web/views/fields/badge/badge_field";

/**
 * The colors of the tiers, read once for all the badges of a page and kept a
 * minute: a list of eighty customers asks the server once.
 */
const CACHE_MS = 60000;
let cache = null;

function loadTierColors(orm, tierId) {
    const now = Date.now();
    const stale = !cache || now - cache.time > CACHE_MS;
    if (stale || (tierId && cache.done && !cache.colors.has(tierId))) {
        const entry = { time: now, colors: new Map(), done: false };
        entry.promise = orm
            .searchRead("cirrus.kam.tier", [], ["color"], {
                context: { active_test: false },
            })
            .then((tiers) => {
                for (const tier of tiers) {
                    entry.colors.set(tier.id, tier.color || 0);
                }
            })
            .catch(() => {
                // no access to the tiers: plain badges
            })
            .finally(() => {
                entry.done = true;
            });
        cache = entry;
    }
    return cache.promise;
}

/**
 * A many2one badge colored with the color of the tier (cirrus.kam.tier.color),
 * unless a decoration-* attribute matches.
 */
export class KamTierBadgeField extends BadgeField {
    static template = "cirrus_kam.KamTierBadgeField";

    setup() {
        super.setup();
        this.orm = useService("orm");
        onWillStart(() => loadTierColors(this.orm, this.tierId(this.props)));
        onWillUpdateProps((nextProps) => loadTierColors(this.orm, this.tierId(nextProps)));
    }

    tierId(props) {
        const value = props.record.data[props.name];
        return value ? value[0] : false;
    }

    get badgeClass() {
        const decoration = this.classFromDecoration;
        if (decoration) {
            return decoration;
        }
        const color = cache?.colors.get(this.tierId(this.props)) || 0;
        return `o_tag_color_${color}`;
    }
}

export const kamTierBadgeField = {
    ...badgeField,
    component: KamTierBadgeField,
    displayName: _t("Tier Badge"),
    supportedTypes: ["many2one"],
};

registry.category("fields").add("kam_tier_badge", kamTierBadgeField);
