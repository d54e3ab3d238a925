package io.qrfleet.gateway.maintenance;

import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.batch.BatchItemMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * One maintenance pass, by query and in chunks, so its memory does not grow with the tables: stuck
 * jobs and batch rows published again (once per {@code stuckAfter}, as each republish moves their
 * update time on) or FAILED after {@code maxAttempts}; jobs and batches past retention deleted;
 * images deleted when nothing points to them and they have been unused for the retention. {@link
 * #stop()} (from a signal) ends the pass after the current chunk.
 */
@Component
@Profile(JanitorCommand.PROFILE)
public class Janitor {

    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final String STUCK = "status IN ('QUEUED', 'PROCESSING') AND updated_at < :cutoff";

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final JobPublisher publisher;
    private final ObjectStore objects;
    private final JanitorProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private volatile boolean stopping;

    public Janitor(JdbcClient db, TransactionTemplate transaction, JobPublisher publisher, ObjectStore objects,
            JanitorProperties properties, JsonMapper json, Clock clock) {
        this.db = db;
        this.transaction = transaction;
        this.publisher = publisher;
        this.objects = objects;
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    public void stop() {
        stopping = true;
    }

    public JanitorReport run() {
        Instant start = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime now = start.atOffset(ZoneOffset.UTC);
        OffsetDateTime stuck = now.minus(properties.stuckAfter());
        OffsetDateTime expired = now.minus(properties.retention());
        long failed = chunks(() -> db.sql("UPDATE jobs SET status = 'FAILED', updated_at = :now, "
                        + "error = 'stuck in ' || status || ' after ' || publishes || ' publishes' WHERE id IN ("
                        + "SELECT id FROM jobs WHERE " + STUCK + " AND publishes >= :max LIMIT :chunk FOR UPDATE SKIP LOCKED)")
                .param("now", now).param("cutoff", stuck).param("max", properties.maxAttempts())
                .param("chunk", properties.chunk()).update());
        long republished = chunks(() -> republishJobs(now, stuck));
        long failedRows = chunks(() -> db.sql("UPDATE batch_items SET status = 'FAILED', updated_at = :now, "
                        + "error = 'stuck in ' || status || ' after ' || publishes || ' publishes' WHERE (batch_id, row_no) IN ("
                        + "SELECT batch_id, row_no FROM batch_items WHERE " + STUCK + " AND publishes >= :max "
                        + "LIMIT :chunk FOR UPDATE SKIP LOCKED)")
                .param("now", now).param("cutoff", stuck).param("max", properties.maxAttempts())
                .param("chunk", properties.chunk()).update());
        long republishedRows = chunks(() -> republishRows(now, stuck));
        long deletedJobs = chunks(() -> db.sql("DELETE FROM jobs WHERE id IN "
                        + "(SELECT id FROM jobs WHERE created_at < :cutoff LIMIT :chunk)")
                .param("cutoff", expired).param("chunk", properties.chunk()).update());
        long deletedBatches = chunks(() -> db.sql("DELETE FROM batches WHERE id IN "
                        + "(SELECT id FROM batches WHERE created_at < :cutoff LIMIT :chunk)")
                .param("cutoff", expired).param("chunk", Math.max(1, properties.chunk() / 100)).update());
        long deletedImages = chunks(() -> deleteImages(expired));
        Map<String, Long> jobs = new LinkedHashMap<>();
        db.sql("SELECT status, count(*) AS n FROM jobs GROUP BY status ORDER BY status")
                .query(rs -> {
                    jobs.put(rs.getString("status"), rs.getLong("n"));
                });
        JanitorReport report = new JanitorReport(start, clock.instant(), stopping, jobs, republished, failed,
                republishedRows, failedRows, deletedJobs, deletedBatches, deletedImages);
        log.info("Janitor {}: {}", stopping ? "interrupted" : "finished", json.writeValueAsString(report));
        return report;
    }

    /** Runs a chunked statement until it changes nothing or the pass is stopped; the total changed. */
    private long chunks(LongSupplier chunk) {
        long total = 0;
        for (long changed = 1; changed > 0 && !stopping; ) {
            changed = chunk.getAsLong();
            total += changed;
        }
        return total;
    }

    private long republishJobs(OffsetDateTime now, OffsetDateTime stuck) {
        List<JobMessage> messages = db.sql("UPDATE jobs SET publishes = publishes + 1, updated_at = :now, published_at = :now "
                        + "WHERE id IN (SELECT id FROM jobs WHERE " + STUCK + " AND publishes < :max ORDER BY updated_at "
                        + "LIMIT :chunk FOR UPDATE SKIP LOCKED) RETURNING id, request")
                .param("now", now).param("cutoff", stuck).param("max", properties.maxAttempts())
                .param("chunk", properties.chunk())
                .query((rs, row) -> new JobMessage(rs.getString("id"), request(rs.getString("request")))).list();
        publisher.publishAll(Topology.INTERACTIVE_ROUTING_KEY, messages, JobMessage::jobId);
        return messages.size();
    }

    private long republishRows(OffsetDateTime now, OffsetDateTime stuck) {
        List<BatchItemMessage> messages = db.sql("UPDATE batch_items SET publishes = publishes + 1, updated_at = :now "
                        + "WHERE (batch_id, row_no) IN (SELECT batch_id, row_no FROM batch_items WHERE " + STUCK
                        + " AND publishes < :max ORDER BY updated_at LIMIT :chunk FOR UPDATE SKIP LOCKED) "
                        + "RETURNING batch_id, row_no, request")
                .param("now", now).param("cutoff", stuck).param("max", properties.maxAttempts())
                .param("chunk", properties.chunk())
                .query((rs, row) -> new BatchItemMessage(rs.getString("batch_id"), rs.getInt("row_no"),
                        request(rs.getString("request")))).list();
        publisher.publishAll(Topology.BULK_ROUTING_KEY, messages, BatchItemMessage::messageId);
        return messages.size();
    }

    /**
     * Holds the chosen images' rows locked while their objects are deleted: a submit that would use
     * one moves its last use on in the same statement as its insert, so it waits, and then finds the
     * image gone and has it rendered again, instead of pointing at a deleted object.
     */
    private long deleteImages(OffsetDateTime expired) {
        return transaction.execute(status -> {
            List<String> keys = db.sql("SELECT key FROM images i WHERE last_used < :cutoff "
                            + "AND NOT EXISTS (SELECT 1 FROM jobs j WHERE j.image_key = i.key) "
                            + "AND NOT EXISTS (SELECT 1 FROM batch_items b WHERE b.image_key = i.key) "
                            + "ORDER BY last_used LIMIT :chunk FOR UPDATE SKIP LOCKED")
                    .param("cutoff", expired).param("chunk", Math.max(1, properties.chunk() / 10))
                    .query(String.class).list();
            keys.forEach(objects::delete);
            if (!keys.isEmpty()) {
                db.sql("DELETE FROM images WHERE key IN (:keys)").param("keys", keys).update();
            }
            return (long) keys.size();
        });
    }

    private RenderRequest request(String value) {
        return json.readValue(value, RenderRequest.class);
    }
}
