package io.qrfleet.gateway.job;

import java.util.List;

/** One page of the caller's jobs; {@code nextCursor} is null on the last page. */
record JobPage(List<JobView> items, String nextCursor) {}
