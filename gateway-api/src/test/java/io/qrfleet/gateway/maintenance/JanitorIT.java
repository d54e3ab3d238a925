package io.qrfleet.gateway.maintenance;

import static org.assertj.core.api.Assertions.assertThat;

import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.gateway.AbstractGatewayIT;
import io.qrfleet.gateway.JobRows;
import io.qrfleet.gateway.TestQueue;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.amqp.core.Message;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** One maintenance pass over real rows, a real bucket and a real broker. */
class JanitorIT extends AbstractGatewayIT {

    @RegisterExtension
    final TestQueue queue = TestQueue.interactive();

    @Autowired
    JdbcClient db;

    @Autowired
    TransactionTemplate transaction;

    @Autowired
    JobPublisher publisher;

    @Autowired
    ObjectStore objects;

    @Autowired
    JsonMapper json;

    @Autowired
    JobRows rows;

    @Autowired
    Clock clock;

    Janitor janitor;

    @BeforeEach
    void setUp() {
        janitor = new Janitor(
                db,
                transaction,
                publisher,
                objects,
                new JanitorProperties(Duration.ofMinutes(15), 3, Duration.ofDays(30), 2),
                json,
                clock);
        db.sql("DELETE FROM jobs").update();
        db.sql("DELETE FROM images").update();
    }

    @Test
    void aStuckJobIsPublishedAgainOncePerThresholdThenFailed() {
        String stuck = rows.insert(JobRows.request("stuck"), JobStatus.PROCESSING);
        String fresh = rows.insert(JobRows.request("fresh"), JobStatus.QUEUED);
        age("updated_at", stuck, "20 minutes");

        assertThat(janitor.run().republished()).isEqualTo(1);
        Message message = queue.receive();
        assertThat(json.readValue(message.getBody(), JobMessage.class).jobId()).isEqualTo(stuck);
        assertThat(janitor.run().republished())
                .as("not again within the threshold")
                .isZero();
        assertThat(queue.messageCount()).isZero();

        age("updated_at", stuck, "20 minutes");
        janitor.run();
        age("updated_at", stuck, "20 minutes");
        JanitorReport last = janitor.run();

        assertThat(last.failed()).isEqualTo(1);
        assertThat(rows.status(stuck)).hasValue(JobStatus.FAILED);
        assertThat(db.sql("SELECT error FROM jobs WHERE id = :id")
                        .param("id", UUID.fromString(stuck))
                        .query(String.class)
                        .single())
                .isEqualTo("stuck in PROCESSING after 3 publishes");
        assertThat(rows.status(fresh)).hasValue(JobStatus.QUEUED);
    }

    @Test
    void expiredJobsGoAndImagesOnlyWhenNothingPointsToThemAndTheyAreLongUnused() {
        RenderRequest kept = JobRows.request("kept image");
        RenderRequest orphan = JobRows.request("orphan image");
        RenderRequest recent = JobRows.request("recently used");
        String old = rows.insert(JobRows.request("old"), JobStatus.DONE);
        age("created_at", old, "31 days");
        rows.insert(kept, JobStatus.DONE);
        for (RenderRequest request : new RenderRequest[] {kept, orphan, recent}) {
            objects.put(StorageKeys.image(request), new byte[] {1}, "image/png");
            db.sql("INSERT INTO images (key, size, last_used) VALUES (:key, 1, now() - CAST(:age AS interval))")
                    .param("key", StorageKeys.image(request))
                    .param("age", request == recent ? "1 day" : "40 days")
                    .update();
        }

        JanitorReport report = janitor.run();

        assertThat(report.deletedJobs()).isEqualTo(1);
        assertThat(rows.status(old)).isEmpty();
        assertThat(report.deletedImages()).isEqualTo(1);
        assertThat(objects.size(StorageKeys.image(orphan))).isEmpty();
        assertThat(objects.size(StorageKeys.image(kept))).hasValue(1);
        assertThat(objects.size(StorageKeys.image(recent))).hasValue(1);
        assertThat(db.sql("SELECT count(*) FROM images").query(Long.class).single())
                .isEqualTo(2);
        assertThat(report.jobs()).containsEntry("DONE", 1L);
    }

    /** #23: a worker that finished after its job was failed stored an image no row records; it stayed for ever. */
    @Test
    void anImageNoResultRecordedIsDeletedOncePastRetention() {
        String key = StorageKeys.image(JobRows.request("stored after its job failed " + UUID.randomUUID()));
        objects.put(key, new byte[] {1}, "image/png");

        assertThat(janitor.run().adoptedImages()).as("within retention").isZero();
        assertThat(objects.size(key)).hasValue(1);

        JanitorReport later = new Janitor(
                        db,
                        transaction,
                        publisher,
                        objects,
                        new JanitorProperties(Duration.ofMinutes(15), 3, Duration.ofDays(30), 2),
                        json,
                        Clock.offset(clock, Duration.ofDays(31)))
                .run();

        assertThat(later.adoptedImages()).isPositive();
        assertThat(objects.size(key)).isEmpty();
        assertThat(db.sql("SELECT count(*) FROM images WHERE key = :key")
                        .param("key", key)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private void age(String column, String id, String by) {
        db.sql("UPDATE jobs SET " + column + " = " + column + " - CAST(:by AS interval) WHERE id = :id")
                .param("by", by)
                .param("id", UUID.fromString(id))
                .update();
    }
}
