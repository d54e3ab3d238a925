package io.qrfleet.common.storage;

import java.time.Instant;

/** One listed object: its key, size in bytes and last modification. */
public record ObjectSummary(String key, long size, Instant lastModified) {
}
