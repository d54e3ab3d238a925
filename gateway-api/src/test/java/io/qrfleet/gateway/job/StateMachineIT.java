package io.qrfleet.gateway.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.qrfleet.common.broker.BrokerProperties;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.Verification;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.JobRows;
import io.qrfleet.gateway.TestQueue;
import io.qrfleet.gateway.maintenance.Janitor;
import io.qrfleet.gateway.maintenance.JanitorProperties;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state machine under concurrency, against the real broker and database: clients submit from
 * many threads, a third of them through a publisher whose confirm always times out (so they are
 * told 503 while the broker may still have their message); fake workers report each job several
 * times, duplicated and out of order, from threads of their own; janitor passes that republish and
 * fail stuck jobs run all the while. Every job must end in one terminal state that matches what
 * its client was told, and stay there whatever arrives later.
 */
class StateMachineIT extends AbstractGatewayIT {

    private static final int JOBS = 90;

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    JobRepository repository;

    @Autowired
    JobService service;

    @Autowired
    JobRows rows;

    @Autowired
    RabbitTemplate rabbit;

    @Autowired
    JsonMapper json;

    @Autowired
    JdbcClient db;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    ObjectStore objects;

    @Autowired
    Topology topology;

    @Autowired
    JobPublisher publisher;

    @Autowired
    Clock clock;

    @Autowired
    BrokerProperties broker;

    @Autowired
    MeterRegistry meters;

    @Test
    void everyJobEndsInOneTerminalStateMatchingWhatItsClientWasTold() throws Exception {
        BrokerProperties noWait = new BrokerProperties(5, 10_000, 100_000, 200_000, Duration.ZERO, broker.prefix());
        JobPublisher timingOut = new JobPublisher(rabbit, json, noWait, new SimpleMeterRegistry());
        JobService impatient = new JobService(
                repository,
                timingOut,
                transaction,
                new SimpleMeterRegistry(),
                clock,
                noWait,
                new CodeProperties(Duration.ofSeconds(5), 20));
        Janitor janitor = new Janitor(
                db,
                transaction,
                publisher,
                objects,
                new JanitorProperties(Duration.ZERO, 2, Duration.ofDays(30), 10),
                json,
                clock);
        Map<String, Boolean> toldAccepted = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        List<java.util.concurrent.Future<?>> background = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            background.add(threads.submit(() -> work(running)));
        }
        background.add(threads.submit(() -> {
            while (running.get()) {
                janitor.run();
            }
            return null;
        }));

        List<java.util.concurrent.Future<?>> clients = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            JobService through = i % 3 == 0 ? impatient : service;
            String content = "state machine " + i + " " + System.nanoTime();
            clients.add(threads.submit(() -> submit(through, content, toldAccepted)));
        }
        for (var client : clients) {
            client.get();
        }
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> db.sql("SELECT count(*) FROM jobs WHERE status IN ('QUEUED', 'PROCESSING')")
                                .query(Long.class)
                                .single()
                        == 0);
        running.set(false);
        for (var task : background) {
            task.get();
        }

        assertThat(toldAccepted).hasSize(JOBS);
        assertThat(toldAccepted.values()).contains(true, false);
        Map<String, JobStatus> ended = new ConcurrentHashMap<>();
        toldAccepted.forEach((id, accepted) -> {
            JobStatus status = rows.status(id).orElseThrow();
            assertThat(status.isFinal()).as("job %s", id).isTrue();
            if (!accepted) {
                // told 503: never revived, whatever the worker did with the message it may have had
                assertThat(status).as("job %s, told 503", id).isEqualTo(JobStatus.FAILED);
            }
            ended.put(id, status);
        });
        // late, contradicting and repeated results change nothing
        long handled = resultsHandled();
        ended.forEach((id, status) -> {
            rows.report(JobResult.processing(id, null));
            rows.report(
                    status == JobStatus.DONE
                            ? JobResult.failed(id, null, "late")
                            : JobResult.done(id, null, rows.imageKey(id), 1, Verification.GRID));
        });
        // every one of them taken and its transaction over (the listener counts it then)
        await().atMost(Duration.ofSeconds(30)).until(() -> resultsHandled() >= handled + 2L * ended.size());
        ended.forEach(
                (id, status) -> assertThat(rows.status(id)).as("job %s", id).hasValue(status));
    }

    /** Results come in batches: one the listener cannot read is dead-lettered alone, the others are applied. */
    @Test
    void anUnreadableResultIsDeadLetteredAndTheRestOfItsBatchApplied() {
        String id = rows.insert(JobRows.request("beside an unreadable result"), JobStatus.QUEUED);
        String unreadable = "unreadable-" + id;
        MessageProperties properties = new MessageProperties();
        properties.setMessageId(unreadable);
        rabbit.send(
                topology.exchange(),
                Topology.RESULTS_ROUTING_KEY,
                new Message("not json".getBytes(StandardCharsets.UTF_8), properties));
        rows.report(JobResult.failed(id, null, "beside it"));

        await().atMost(Duration.ofSeconds(30)).until(() -> rows.status(id).equals(Optional.of(JobStatus.FAILED)));
        await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> rabbit.receive(topology.deadLetterQueue(), 500),
                        dead -> dead != null
                                && unreadable.equals(dead.getMessageProperties().getMessageId()));
    }

    /** Results the listener has finished with, whatever their outcome. */
    private long resultsHandled() {
        return (long) meters.counter("qr.results.handled").count();
    }

    private Void submit(JobService through, String content, Map<String, Boolean> toldAccepted) {
        try {
            Job job = through.submit(new JobRequest(content, null, 64, 0, null, null, null), "", "addr:test", null);
            toldAccepted.put(job.id(), true);
        } catch (ServiceUnavailableException e) {
            // the job's id is not told to the client; find it by its content
            String id = db.sql("SELECT id FROM jobs WHERE request->>'content' = :content")
                    .param("content", content)
                    .query(String.class)
                    .single();
            toldAccepted.put(id, false);
        }
        return null;
    }

    /** A worker that reports every job it takes several times, shuffled, from several threads. */
    private Void work(AtomicBoolean running) {
        while (running.get()) {
            Message message = queue.receive();
            if (message == null) {
                continue;
            }
            JobMessage job = json.readValue(message.getBody(), JobMessage.class);
            String image = io.qrfleet.contract.StorageKeys.image(job.request());
            List<JobResult> results = new ArrayList<>(List.of(
                    JobResult.processing(job.jobId(), null),
                    JobResult.done(job.jobId(), null, image, 100, Verification.GRID),
                    JobResult.done(job.jobId(), null, image, 100, Verification.GRID)));
            if (ThreadLocalRandom.current().nextInt(4) == 0) {
                results.add(JobResult.failed(job.jobId(), null, "worker gave up"));
            }
            Collections.shuffle(results);
            results.parallelStream().forEach(rows::report);
        }
        return null;
    }
}
