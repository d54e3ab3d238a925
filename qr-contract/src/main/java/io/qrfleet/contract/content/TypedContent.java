package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.List;

/**
 * Structured content that becomes the QR payload string in the form phone scanners understand.
 * Each type validates its own fields (named {@code data.<field>}) and escapes what its syntax needs.
 * The web UI's helpers (web-ui/js/helpers.js) take the same {@code data} fields and build the same
 * strings; the shared vectors in {@code src/test/resources/content-vectors.json}, run by
 * ContentVectorsTest here and by web-ui/tests/unit/helpers.test.mjs, keep the two in step: a new type
 * or rule needs vectors there, and both sides must pass them.
 */
public sealed interface TypedContent permits Url, Text, Wifi, Email, Sms, Tel, Geo, VCard {

    /** Problems with the fields, empty when the content can be built. */
    List<Violation> validate();

    /** The payload string; only called when {@link #validate()} found nothing. */
    String encode();

    /** The JSON name of each type, as given in a request's {@code type}. */
    static Class<? extends TypedContent> forType(String type) {
        return switch (type) {
            case "url" -> Url.class;
            case "text" -> Text.class;
            case "wifi" -> Wifi.class;
            case "email" -> Email.class;
            case "sms" -> Sms.class;
            case "tel" -> Tel.class;
            case "geo" -> Geo.class;
            case "vcard" -> VCard.class;
            default -> null;
        };
    }

    List<String> TYPES = List.of("url", "text", "wifi", "email", "sms", "tel", "geo", "vcard");
}
