package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.List;

/**
 * A contact card in vCard 3.0 (RFC 2426): CRLF line ends, and {@code \ , ;} and new lines escaped
 * in every text value (name, organisation, title, url, address, note). Phone numbers are compacted
 * (spaces, brackets, dots, dashes, slashes dropped); only the name is required.
 */
public record VCard(
        String name,
        String organisation,
        String title,
        List<String> phones,
        List<String> emails,
        String url,
        String address,
        String note)
        implements TypedContent {

    private static final String CRLF = "\r\n";

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.present("name", name);
        for (int i = 0; phones != null && i < phones.size(); i++) {
            fields.phone("phones[" + i + "]", phones.get(i));
        }
        for (int i = 0; emails != null && i < emails.size(); i++) {
            fields.email("emails[" + i + "]", emails.get(i));
        }
        return fields.violations();
    }

    @Override
    public String encode() {
        StringBuilder out = new StringBuilder("BEGIN:VCARD")
                .append(CRLF)
                .append("VERSION:3.0")
                .append(CRLF)
                .append("N:")
                .append(text(name))
                .append(CRLF)
                .append("FN:")
                .append(text(name))
                .append(CRLF);
        optional(out, "ORG:", organisation);
        optional(out, "TITLE:", title);
        for (String phone : phones == null ? List.<String>of() : phones) {
            out.append("TEL:").append(Fields.compactPhone(phone)).append(CRLF);
        }
        for (String email : emails == null ? List.<String>of() : emails) {
            out.append("EMAIL:").append(email).append(CRLF);
        }
        optional(out, "URL:", url);
        if (address != null && !address.isEmpty()) {
            out.append("ADR:;;").append(text(address)).append(";;;;").append(CRLF);
        }
        optional(out, "NOTE:", note);
        return out.append("END:VCARD").toString();
    }

    private static void optional(StringBuilder out, String property, String value) {
        if (value != null && !value.isEmpty()) {
            out.append(property).append(text(value)).append(CRLF);
        }
    }

    private static String text(String value) {
        // every line break, a bare carriage return too, becomes \n: none may end the property early
        return Fields.escape(value, "\\,;")
                .replace("\r\n", "\\n")
                .replace("\r", "\\n")
                .replace("\n", "\\n");
    }
}
