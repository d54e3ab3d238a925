package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.List;

/**
 * A text message to send, as {@code SMSTO:number:message}; the number is compacted (spaces, brackets,
 * dots, dashes, slashes dropped), the message may hold any character.
 */
public record Sms(String number, String message) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.phone("number", number);
        return fields.violations();
    }

    @Override
    public String encode() {
        return "SMSTO:" + Fields.compactPhone(number) + ":" + Fields.orEmpty(message);
    }
}
