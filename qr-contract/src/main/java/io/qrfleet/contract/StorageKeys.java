package io.qrfleet.contract;

/** The bucket holds images only, content-addressed under {@code codes/}: identical requests share one. */
public final class StorageKeys {

    public static final String CODES_PREFIX = "codes/";

    private StorageKeys() {
    }

    public static String image(RenderRequest request) {
        return CODES_PREFIX + request.contentKey() + "." + request.format().extension();
    }
}
