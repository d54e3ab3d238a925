package io.qrfleet.contract.batch;

/** One rejected field of one batch row; rows are numbered from 1 in the order the client sent them. */
public record RowViolation(int row, String field, String message) {}
