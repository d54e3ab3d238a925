package io.qrfleet.gateway.job;

import java.util.List;

/**
 * Announced to every gateway by the one that applied a batch of results: the jobs it made DONE or
 * FAILED. Only a hint that ends clients' waits early: the rows stay the truth, and an event may be
 * lost.
 */
record JobEvent(List<String> finished) {}
