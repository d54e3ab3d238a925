package io.qrfleet.contract;

/** Names of the broker objects; both services declare them with the same arguments. */
public final class Topology {

    public static final String EXCHANGE = "qr.jobs";
    public static final String INTERACTIVE_QUEUE = "qr.jobs.interactive";
    public static final String INTERACTIVE_ROUTING_KEY = "interactive";
    public static final String BULK_QUEUE = "qr.jobs.bulk";
    public static final String BULK_ROUTING_KEY = "bulk";
    public static final String DEAD_LETTER_EXCHANGE = "qr.jobs.dlx";
    public static final String DEAD_LETTER_QUEUE = "qr.jobs.dead";
    /** Workers' {@link JobResult}s, consumed by every gateway, which alone writes job state. */
    public static final String RESULTS_QUEUE = "qr.jobs.results";

    public static final String RESULTS_ROUTING_KEY = "result";
    /** Fanout among gateways: a job's row has become DONE or FAILED, wake the requests waiting on it. */
    public static final String EVENTS_EXCHANGE = "qr.jobs.events";

    private Topology() {}
}
