package io.qrfleet.contract;

/** The documented limits and defaults of a render request. */
public final class RequestLimits {

    public static final int MIN_SIZE = 64;
    public static final int MAX_SIZE = 2048;
    public static final int DEFAULT_SIZE = 512;
    public static final int MAX_MARGIN = 16;
    public static final int DEFAULT_MARGIN = 4;
    public static final Format DEFAULT_FORMAT = Format.PNG;
    public static final ErrorCorrection DEFAULT_ERROR_CORRECTION = ErrorCorrection.M;
    public static final String DEFAULT_FOREGROUND = "#000000";
    public static final String DEFAULT_BACKGROUND = "#FFFFFF";
    /** WCAG contrast ratio below which phone cameras start to miss codes. */
    public static final double MIN_CONTRAST = 3.0;
    /** No QR code holds more characters than this (version 40-L, numeric); longer input is not even encoded. */
    public static final int MAX_CONTENT_CHARS = 7089;

    private RequestLimits() {
    }
}
