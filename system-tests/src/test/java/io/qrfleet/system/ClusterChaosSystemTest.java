package io.qrfleet.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster (infra/cluster/chaos.sh: two gateways, three workers, RabbitMQ on three nodes) under
 * load while the node leading the interactive queue is SIGKILLed, another node restarted and a
 * gateway SIGKILLed: every accepted job ends DONE exactly once. Needs {@code -Dqr.compose-project}.
 */
@Tag("cluster")
class ClusterChaosSystemTest extends UnderLoad {

    private static final List<String> NODES = Broker.CLUSTER.nodes();
    private String victim = "";
    private Instant killed = Instant.now();

    ClusterChaosSystemTest() {
        super(
                new Load(
                        "cluster",
                        Integer.getInteger("qr.parallel", 8),
                        Duration.ofSeconds(Integer.getInteger("qr.pace", 2))),
                Integer.getInteger("qr.min-jobs", 300));
    }

    /** The node runs and takes part in the cluster again. */
    private static void awaitRunning(String node) {
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(() -> {
                    Containers.exec(Containers.first(node), "rabbitmq-diagnostics", "-q", "check_running");
                    return Broker.CLUSTER.runningNodes() == NODES.size();
                });
    }

    @Test
    @Order(1)
    void rabbitMqRunsThreeNodesInOneCluster() {
        assertThat(Broker.CLUSTER.runningNodes()).isEqualTo(3);
    }

    @ParameterizedTest(name = "{0} has a member on each of the 3 nodes")
    @ValueSource(strings = {"qr.jobs.interactive", "qr.jobs.bulk", "qr.jobs.results"})
    @Order(2)
    void eachQuorumQueueHasAMemberOnEachNode(String queue) {
        assertThat(Broker.CLUSTER.members(queue)).isEqualTo(3);
    }

    /** The election takes seconds: the survivors are asked until one of them is named. */
    @Test
    @Order(3)
    void theInteractiveQueuesLeaderKilledAnotherNodeLeadsWithin60Seconds() throws Exception {
        load.awaitMore(80);
        victim = Broker.CLUSTER.leader("qr.jobs.interactive").orElseThrow();
        Containers.kill(Containers.first(victim));
        killed = Instant.now();
        Stack.note(load.jobs.accepted() + " accepted: " + victim + ", the interactive queue's leader, SIGKILLed");
        Broker survivors = Broker.CLUSTER.without(victim);
        Optional<String> leader = await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2))
                .ignoreExceptions()
                .until(
                        () -> survivors.leader("qr.jobs.interactive"),
                        named -> named.isPresent() && !named.get().equals(victim));
        Stack.note(leader.orElseThrow() + " leads, named "
                + Duration.between(killed, Instant.now()).toSeconds() + " s after the kill");
    }

    @Test
    @Order(4)
    void theKilledNodeStarted20SecondsLaterIsBackInTheCluster() throws Exception {
        ResilienceSystemTest.until(killed.plusSeconds(20)); // the node's outage
        Containers.start(Containers.first(victim));
        awaitRunning(victim);
    }

    @Test
    @Order(5)
    void anotherNodeRestartedIsBackInTheCluster() throws Exception {
        load.awaitMore(40);
        String other =
                NODES.stream().filter(node -> !node.equals(victim)).findFirst().orElseThrow();
        Stack.note(load.jobs.accepted() + " accepted: " + other + " restarting");
        Containers.restart(Containers.first(other), 10);
        awaitRunning(other);
    }

    /** Health sampled 10 times in 5 s while one gateway is dead: the proxy passes on to the other. */
    @Test
    @Order(6)
    void aGatewayKilledTheProxyServesFromTheOtherMeanwhile() throws Exception {
        load.awaitMore(40);
        String gateway = Containers.of("gateway").get(1);
        Containers.kill(gateway);
        Stack.note(load.jobs.accepted() + " accepted: gateway " + gateway.substring(0, 12) + " SIGKILLed");
        Instant killedAt = Instant.now();
        int ok = 0;
        for (int i = 0; i < 10; i++) {
            ok += Stack.health().code() == 200 ? 1 : 0;
            Thread.sleep(500);
        }
        ResilienceSystemTest.until(killedAt.plusSeconds(15)); // the gateway's outage
        if (!Containers.running(gateway)) {
            Containers.start(gateway);
        }
        load.awaitMore(40); // the last fault is over
        assertThat(ok).as("/api/health 200 of 10").isGreaterThanOrEqualTo(8);
    }

    /** A submission refused with 503 leaves a FAILED row ("not queued:") and frees its key for the retry. */
    @Test
    @Order(103)
    void eachJobIsDoneExactlyOnce() {
        String[] rows = Containers.sql("select count(distinct request->>'content') filter (where status = 'DONE')"
                        + " || ' ' || count(*) filter (where status = 'DONE')"
                        + " || ' ' || count(*) filter (where status <> 'DONE'"
                        + " and not (status = 'FAILED' and error like 'not queued:%'))"
                        + " from jobs where request->>'content' like '" + load.jobs.prefix() + "/%'")
                .split(" ");
        assertThat(rows)
                .as("DONE contents, DONE rows, other rows (refused submissions' rows aside)")
                .containsExactly(String.valueOf(load.jobs.size()), String.valueOf(load.jobs.size()), "0");
    }

    @Test
    @Order(104)
    void nothingIsDeadLettered() {
        assertThat(Broker.CLUSTER.depth("qr.jobs.dead")).isZero();
    }
}
