package io.qrfleet.system;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * RabbitMQ as its own CLI sees it, in its containers: queue depths, quorum queue leaders and
 * members, the cluster's running nodes, the disk alarm's limit. {@code nodes} are the Compose
 * services asked in turn (a killed node may be mid-restart, and a CLI call to a booting node can
 * hang): the first complete answer counts.
 */
record Broker(List<String> nodes) {

    static final Broker SINGLE = new Broker(List.of("rabbitmq"));
    static final Broker CLUSTER = new Broker(List.of("rabbitmq", "rabbitmq-2", "rabbitmq-3"));
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    Broker without(String node) {
        return new Broker(nodes.stream().filter(n -> !n.equals(node)).toList());
    }

    /** Ready plus unacknowledged messages of the queue. */
    long depth(String queue) {
        JsonNode q = queue(queue, "messages_ready", "messages_unacknowledged");
        return q.path("messages_ready").asLong()
                + q.path("messages_unacknowledged").asLong();
    }

    long unacknowledged(String queue) {
        return queue(queue, "messages_unacknowledged")
                .path("messages_unacknowledged")
                .asLong();
    }

    /** The service whose node leads the quorum queue (rabbit@rabbitmq-2 → rabbitmq-2). */
    Optional<String> leader(String queue) {
        return Optional.of(queue(queue, "leader").path("leader").asText())
                .filter(leader -> !leader.isEmpty())
                .map(leader -> leader.replaceFirst("^rabbit@", ""));
    }

    int members(String queue) {
        return queue(queue, "members").path("members").size();
    }

    int runningNodes() {
        return ctl("cluster_status").path("running_nodes").size();
    }

    void diskFreeLimit(String limit) {
        Containers.exec(Containers.first(nodes.getFirst()), "rabbitmqctl", "-q", "set_disk_free_limit", limit);
    }

    private JsonNode queue(String name, String... fields) {
        String[] args = new String[fields.length + 3];
        args[0] = "list_queues";
        args[1] = "--online";
        args[2] = "name";
        System.arraycopy(fields, 0, args, 3, fields.length);
        return StreamSupport.stream(ctl(args).spliterator(), false)
                .filter(q -> q.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no queue " + name));
    }

    private JsonNode ctl(String... args) {
        IllegalStateException last = null;
        for (String node : nodes) {
            try {
                String[] command = new String[args.length + 4];
                command[0] = "rabbitmqctl";
                command[1] = "-q";
                System.arraycopy(args, 0, command, 2, args.length);
                command[args.length + 2] = "--formatter";
                command[args.length + 3] = "json";
                return Stack.JSON.readTree(Containers.exec(CALL_TIMEOUT, Containers.first(node), command));
            } catch (IllegalStateException | com.fasterxml.jackson.core.JsonProcessingException e) {
                last = new IllegalStateException("rabbitmqctl " + String.join(" ", args) + " on " + node, e);
            }
        }
        throw last;
    }
}
