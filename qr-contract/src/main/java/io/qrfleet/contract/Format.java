package io.qrfleet.contract;

import com.fasterxml.jackson.annotation.JsonValue;

/** Output image format; the JSON value is the lower-case name. */
public enum Format {
    PNG("image/png"),
    SVG("image/svg+xml");

    private final String mediaType;

    Format(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    @JsonValue
    public String extension() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Strict parse: only the documented lower-case values. */
    public static Format parse(String value) {
        for (Format format : values()) {
            if (format.extension().equals(value)) {
                return format;
            }
        }
        return null;
    }
}
