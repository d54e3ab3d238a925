package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.List;

/** A number to call, as a {@code tel:} URI; compacted: spaces, brackets, dots, dashes and slashes dropped. */
public record Tel(String number) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.phone("number", number);
        return fields.violations();
    }

    @Override
    public String encode() {
        return "tel:" + Fields.compactPhone(number);
    }
}
