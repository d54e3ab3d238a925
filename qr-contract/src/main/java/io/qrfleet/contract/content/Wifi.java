package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.util.List;

/**
 * Wi-Fi credentials in the {@code WIFI:} syntax (ZXing's de-facto standard, read by Android and
 * iOS cameras): {@code \ ; , : "} in the SSID and password are backslash-escaped.
 *
 * @param encryption {@code WPA} (also WPA2/WPA3), {@code WEP} or {@code nopass} [WPA]
 */
public record Wifi(String ssid, String password, String encryption, Boolean hidden) implements TypedContent {

    private static final String SPECIALS = "\\;,:\"";

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.present("ssid", ssid);
        String type = type();
        fields.check(
                type.equals("WPA") || type.equals("WEP") || type.equals("nopass"),
                "encryption",
                "must be WPA, WEP or nopass");
        if (!type.equals("nopass")) {
            fields.present("password", password);
        }
        return fields.violations();
    }

    @Override
    public String encode() {
        StringBuilder out = new StringBuilder("WIFI:T:")
                .append(type())
                .append(";S:")
                .append(Fields.escape(ssid, SPECIALS))
                .append(';');
        if (!type().equals("nopass")) {
            out.append("P:").append(Fields.escape(password, SPECIALS)).append(';');
        }
        if (Boolean.TRUE.equals(hidden)) {
            out.append("H:true;");
        }
        return out.append(';').toString();
    }

    private String type() {
        return encryption == null ? "WPA" : encryption;
    }
}
