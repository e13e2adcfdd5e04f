import { _t } from "@web/core/l10n/translation";
import { SampleServer } from "@web/model/sample_server";
import { patch } from "@web/core/utils/patch";

/**
 * The empty key account views show sample tiers with the default tier names,
 * not placeholder text.
 */
const SAMPLE_TIERS = [_t("Key Account"), _t("Account"), _t("Small Account")];

patch(SampleServer.prototype, {
    _generateFieldValue(modelName, fieldName, id) {
        if (modelName === "cirrus.kam.tier" && fieldName === "display_name") {
            return String(SAMPLE_TIERS[(id - 1) % SAMPLE_TIERS.length]);
        }
        return super._generateFieldValue(...arguments);
    },
});
