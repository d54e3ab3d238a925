package io.qrfleet.common.storage;

import java.io.InputStream;

/** An open object body; the caller closes it. */
public record StoredObject(InputStream body, long length, String contentType) implements AutoCloseable {

    @Override
    public void close() throws java.io.IOException {
        body.close();
    }
}
