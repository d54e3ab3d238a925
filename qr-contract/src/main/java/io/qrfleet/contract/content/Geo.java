package io.qrfleet.contract.content;

import io.qrfleet.contract.Violation;
import java.math.BigDecimal;
import java.util.List;

/** A location, as a {@code geo:lat,lon} URI (RFC 5870); decimals are kept exactly as given. */
public record Geo(BigDecimal lat, BigDecimal lon) implements TypedContent {

    @Override
    public List<Violation> validate() {
        Fields fields = new Fields();
        fields.check(lat != null && lat.abs().compareTo(BigDecimal.valueOf(90)) <= 0, "lat",
                "must be a latitude between -90 and 90");
        fields.check(lon != null && lon.abs().compareTo(BigDecimal.valueOf(180)) <= 0, "lon",
                "must be a longitude between -180 and 180");
        return fields.violations();
    }

    @Override
    public String encode() {
        return "geo:" + lat.toPlainString() + "," + lon.toPlainString();
    }
}
