package io.qrfleet.contract;

/** One rejected field of a request, with a message a person can act on. */
public record Violation(String field, String message) {}
