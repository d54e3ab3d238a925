package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** An e-mail to write, as a {@code mailto:} URI (RFC 6068) with percent-encoded subject and body. */
public record Email(String to, String subject, String body) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.email("to", to);
        return fields.violations();
    }

    @Override
    public String encode() {
        StringBuilder out = new StringBuilder("mailto:").append(to);
        char separator = '?';
        if (subject != null && !subject.isEmpty()) {
            out.append(separator).append("subject=").append(percent(subject));
            separator = '&';
        }
        if (body != null && !body.isEmpty()) {
            out.append(separator).append("body=").append(percent(body));
        }
        return out.toString();
    }

    /**
     * Percent-encodes the UTF-8 bytes of everything but RFC 3986's unreserved {@code A-Z a-z 0-9 - . _ ~}
     * (the form encoding's '+' for a space becomes %20, and its unencoded '*' and encoded '~' are put right).
     */
    static String percent(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8)
                .replace("+", "%20")
                .replace("*", "%2A")
                .replace("%7E", "~");
    }
}
