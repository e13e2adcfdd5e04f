import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { FloatField, floatField } from "@web/views/fields/float/float_field";
import { MonetaryField, monetaryField } from "@web/views/fields/monetary/monetary_field";

/**
 * The potential of a key account: "not assessed" instead of 0.00 while it was
 * never assessed (its assessment date, option `date_field`, is empty). An
 * amount being typed shows as typed, although the date is set only on save.
 */
function notAssessed(component) {
    const data = component.props.record.data;
    return !data[component.props.dateField] && !data[component.props.name];
}

function extractDateField(base) {
    return (fieldInfo, dynamicInfo) => ({
        ...base.extractProps(fieldInfo, dynamicInfo),
        dateField: fieldInfo.options.date_field || "potential_date",
    });
}

/** The "not assessed" behaviour over a numeric field component. */
function notAssessedField(Base) {
    return class extends Base {
        static props = { ...Base.props, dateField: { type: String } };

        get notAssessed() {
            return notAssessed(this);
        }

        get notAssessedText() {
            return _t("not assessed");
        }

        get formattedValue() {
            return this.notAssessed ? "" : super.formattedValue;
        }
    };
}

export class KamPotentialMonetaryField extends notAssessedField(MonetaryField) {
    static template = "cirrus_kam.KamPotentialMonetaryField";
}

export class KamPotentialFloatField extends notAssessedField(FloatField) {
    static template = "cirrus_kam.KamPotentialFloatField";
}

registry.category("fields").add("kam_potential", {
    ...monetaryField,
    component: KamPotentialMonetaryField,
    displayName: _t("Potential"),
    extractProps: extractDateField(monetaryField),
});

registry.category("fields").add("kam_potential_float", {
    ...floatField,
    component: KamPotentialFloatField,
    displayName: _t("Potential"),
    extractProps: extractDateField(floatField),
});
