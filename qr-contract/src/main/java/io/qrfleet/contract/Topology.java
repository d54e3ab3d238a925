package io.qrfleet.contract;

/**
 * Names of the broker objects, all under one prefix ({@code qr.broker.prefix}, {@code qr} unless
 * set); both services declare them with the same arguments. A prefix of its own gives an
 * application (or a test context) queues no other one consumes. Routing keys need none: they are
 * scoped by the exchange.
 */
public record Topology(String prefix) {

    public static final String INTERACTIVE_ROUTING_KEY = "interactive";
    public static final String BULK_ROUTING_KEY = "bulk";
    public static final String RESULTS_ROUTING_KEY = "result";

    public Topology {
        if (prefix == null || !prefix.matches("[A-Za-z0-9_.-]{1,100}")) {
            throw new IllegalArgumentException("a broker prefix is 1 to 100 of A-Z a-z 0-9 _ . -, not " + prefix);
        }
    }

    public String exchange() {
        return prefix + ".jobs";
    }

    public String interactiveQueue() {
        return prefix + ".jobs.interactive";
    }

    public String bulkQueue() {
        return prefix + ".jobs.bulk";
    }

    public String deadLetterExchange() {
        return prefix + ".jobs.dlx";
    }

    public String deadLetterQueue() {
        return prefix + ".jobs.dead";
    }

    /** Workers' {@link JobResult}s, consumed by every gateway, which alone writes job state. */
    public String resultsQueue() {
        return prefix + ".jobs.results";
    }

    /** Fanout among gateways: a job's row has become DONE or FAILED, wake the requests waiting on it. */
    public String eventsExchange() {
        return prefix + ".jobs.events";
    }
}
