package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.List;

/** Plain text, encoded as it is. */
public record Text(String text) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.present("text", text);
        return fields.violations();
    }

    @Override
    public String encode() {
        return text;
    }
}
