package io.qrfleet.gateway.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.test.TestServices;
import io.qrfleet.contract.Topology;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.AmqpAdmin;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The gateway runs under a pids limit (256 in docker-compose.yml): the confirms of a large batch
 * must not each start a thread, as the connection factory's default cached pool did.
 */
@SpringBootTest(properties = "management.server.port=0")
@ContextConfiguration(initializers = TestServices.Initializer.class)
class PublisherThreadsIT {

    @Autowired
    JobPublisher publisher;

    @Autowired
    AmqpAdmin admin;

    @Autowired
    Topology topology;

    @AfterEach
    void purge() {
        admin.purgeQueue(topology.bulkQueue(), false);
    }

    @Test
    void tenThousandConfirmsRunOnAFewThreads() throws Exception {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        publisher.publishAll(Topology.BULK_ROUTING_KEY, List.of("warm-up"), id -> id);
        int before = threads.getThreadCount();
        threads.resetPeakThreadCount();

        List<String> rows = IntStream.range(0, 10_000).mapToObj(i -> "row-" + i).toList();
        publisher.publishAll(Topology.BULK_ROUTING_KEY, rows, id -> id);

        assertThat(threads.getPeakThreadCount() - before)
                .as("threads started while 10,000 confirms came in")
                .isLessThan(20);
    }
}
