package io.qrfleet.worker.janitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.broker.CompletionPublisher;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.worker.AbstractWorkerIT;
import io.qrfleet.worker.EventTap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;

/** One maintenance pass over a real bucket, with a real broker for requeued jobs. */
@ActiveProfiles(JanitorCommand.PROFILE)
class JanitorIT extends AbstractWorkerIT {

    private static final Instant NOW = Instant.now();

    @Autowired
    Janitor janitor;

    @Autowired
    JobPublisher publisher;

    @Autowired
    CompletionPublisher completions;

    @Autowired
    JanitorProperties properties;

    @BeforeEach
    void emptyQueue() {
        admin.purgeQueue(Topology.INTERACTIVE_QUEUE, false);
    }

    @Test
    void stuckJobWithAttemptsLeftIsRequeued() {
        JobRecord stuck = save(record(request("stuck"), NOW.minus(Duration.ofHours(1)), JobStatus.QUEUED, 0));

        CatalogReport report = janitor.run();

        assertThat(report.actions().requeued()).isGreaterThanOrEqualTo(1);
        JobRecord after = jobs.find(stuck.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(JobStatus.QUEUED);
        assertThat(after.updatedAt()).isAfter(stuck.updatedAt());
        Message message = rabbit.receive(Topology.INTERACTIVE_QUEUE, 5000);
        assertThat(message).isNotNull();
        assertThat(json.readValue(message.getBody(), JobMessage.class).jobId()).isEqualTo(stuck.id());
    }

    @Test
    void stuckJobOutOfAttemptsIsFailedWithReason() {
        JobRecord stuck = save(record(request("hopeless"), NOW.minus(Duration.ofHours(1)), JobStatus.PROCESSING, 3));
        EventTap events = new EventTap(rabbit, json);

        janitor.run();

        JobRecord after = jobs.find(stuck.id()).orElseThrow();
        assertThat(after.status()).isEqualTo(JobStatus.FAILED);
        assertThat(after.error()).contains("stuck in PROCESSING after 3 attempts");
        assertThat(events.next(stuck.id()).status()).isEqualTo(JobStatus.FAILED);
    }

    @Test
    void recentPendingJobIsLeftAlone() {
        JobRecord fresh = save(record(request("fresh"), NOW, JobStatus.PROCESSING, 1));

        janitor.run();

        assertThat(jobs.find(fresh.id())).contains(fresh);
    }

    @Test
    void recordsPastRetentionAreDeletedButImagesOfKeptJobsStay() {
        RenderRequest shared = request("shared image");
        String image = StorageKeys.image(shared);
        objects.put(image, new byte[] {1, 2, 3}, "image/png");
        JobRecord expired = save(done(shared, NOW.minus(Duration.ofDays(31))));
        JobRecord kept = save(done(shared, NOW));

        CatalogReport report = janitor.run();

        assertThat(jobs.find(expired.id())).isEmpty();
        assertThat(jobs.find(kept.id())).isPresent();
        assertThat(objects.exists(image)).isTrue();
        assertThat(report.actions().deletedRecords()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void auditFindsUnexpectedKeysUnreadableRecordsOrphansAndMissingImages() {
        objects.put("stray/notes.txt", "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        objects.put("jobs/not-a-job.json", "{}".getBytes(StandardCharsets.UTF_8), "application/json");
        String unreadable = StorageKeys.job(JobId.next());
        objects.put(unreadable, "{broken".getBytes(StandardCharsets.UTF_8), "application/json");
        String orphan = StorageKeys.image(request("orphan"));
        objects.put(orphan, new byte[] {9}, "image/png");
        JobRecord imageless = save(done(request("imageless"), NOW));

        CatalogReport report = janitor.run();

        CatalogReport.Anomalies anomalies = report.anomalies();
        assertThat(anomalies.unexpectedKeySamples()).contains("stray/notes.txt", "jobs/not-a-job.json");
        assertThat(anomalies.unreadableRecordSamples()).contains(unreadable);
        assertThat(anomalies.orphanImageSamples()).contains(orphan);
        assertThat(anomalies.recordsWithoutImageSamples()).contains(StorageKeys.job(imageless.id()));
        assertThat(report.interrupted()).isFalse();
    }

    @Test
    void reportIsWrittenAsLatestAndTimestamped() {
        save(record(request("counted"), NOW, JobStatus.QUEUED, 0));

        CatalogReport report = janitor.run();

        CatalogReport latest = json.readValue(objects.get("reports/catalog-latest.json").orElseThrow(), CatalogReport.class);
        assertThat(latest).isEqualTo(report);
        assertThat(latest.jobsByStatus().get(JobStatus.QUEUED)).isPositive();
        assertThat(latest.oldestJob()).isBeforeOrEqualTo(latest.newestJob());
        assertThat(objects.list("reports/catalog-2").count()).isPositive();
    }

    @Test
    void stoppedPassWritesAPartialReportMarkedInterrupted() {
        save(record(request("unvisited"), NOW, JobStatus.QUEUED, 0));
        Janitor stopped = new Janitor(objects, jobs, publisher, completions, properties, json);
        stopped.stop();

        CatalogReport report = stopped.run();

        assertThat(report.interrupted()).isTrue();
        assertThat(json.readValue(objects.get("reports/catalog-latest.json").orElseThrow(), CatalogReport.class)
                .interrupted()).isTrue();
    }

    private static JobRecord record(RenderRequest request, Instant at, JobStatus status, int attempts) {
        return new JobRecord(JobId.next(), status, at, at, request, attempts, null, false, null);
    }

    private static JobRecord done(RenderRequest request, Instant at) {
        return new JobRecord(JobId.next(), JobStatus.DONE, at, at, request, 1, StorageKeys.image(request), true, null);
    }

    private JobRecord save(JobRecord job) {
        jobs.save(job);
        return job;
    }
}
