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
    /**
     * The darker colour's luma at most this share of the lighter one's ({@link Colors}): the
     * binariser fails from about 0.49, measured over random colour pairs; this keeps a margin.
     */
    public static final double MAX_DARK_LUMA_SHARE = 0.45;
    /** And at least this many luma levels apart: zxing's binariser sees less than 24 as no contrast at all. */
    public static final int MIN_LUMA_DIFFERENCE = 48;
    /** No QR code holds more characters than this (version 40-L, numeric); longer input is not even encoded. */
    public static final int MAX_CONTENT_CHARS = 7089;

    /** Refused in any text: no scanner shows it, PostgreSQL's text and jsonb cannot hold it, C strings end at it. */
    public static final String NO_NUL = "must not contain the NUL character (U+0000)";

    private RequestLimits() {}
}
