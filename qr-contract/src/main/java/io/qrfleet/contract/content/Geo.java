package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.math.BigDecimal;
import java.util.List;

/**
 * A location, as a {@code geo:lat,lon} URI (RFC 5870). The decimals are written as given, in plain
 * notation and without trailing zeros: a request's JSON number reaches here through a double, so
 * {@code 0.0001} (a double's {@code 1.0E-4}) stays {@code 0.0001} and {@code 90.0} becomes {@code 90},
 * as the web UI's {@code String(number)} writes them.
 */
public record Geo(BigDecimal lat, BigDecimal lon) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.check(
                lat != null && lat.abs().compareTo(BigDecimal.valueOf(90)) <= 0,
                "lat",
                "must be a latitude between -90 and 90");
        fields.check(
                lon != null && lon.abs().compareTo(BigDecimal.valueOf(180)) <= 0,
                "lon",
                "must be a longitude between -180 and 180");
        return fields.violations();
    }

    @Override
    public String encode() {
        return "geo:" + plain(lat) + "," + plain(lon);
    }

    private static String plain(BigDecimal value) {
        return value.stripTrailingZeros().toPlainString();
    }
}
