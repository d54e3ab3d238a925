package io.qrfleet.gateway.maintenance;

import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.batch.BatchItemMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * images deleted when nothing points to them and they have been unused for the retention (images
 * in the bucket that no result ever recorded included). {@link
 * #stop()} (from a signal) ends the pass after the current chunk.
 */
@Component
@Profile(JanitorCommand.PROFILE)
public class Janitor {

    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final String STUCK = "status IN ('QUEUED', 'PROCESSING') AND updated_at < :cutoff";
    private static final Table JOBS = new Table("jobs", "id");
    private static final Table BATCH_ITEMS = new Table("batch_items", "batch_id, row_no");

    private final JdbcClient db;
    private final TransactionTemplate transaction;
    private final JobPublisher publisher;
    private final ObjectStore objects;
    private final JanitorProperties properties;
    private final JsonMapper json;
    private final Clock clock;
    private volatile boolean stopping;

    public Janitor(
            JdbcClient db,
            TransactionTemplate transaction,
            JobPublisher publisher,
            ObjectStore objects,
            JanitorProperties properties,
            JsonMapper json,
            Clock clock) {
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
        Instant start = clock.instant();
        OffsetDateTime now = start.atOffset(ZoneOffset.UTC);
        OffsetDateTime stuck = now.minus(properties.stuckAfter());
        OffsetDateTime expired = now.minus(properties.retention());
        long failed = failStuck(JOBS, now, stuck);
        long republished = chunks(() -> republishJobs(now, stuck));
        long failedRows = failStuck(BATCH_ITEMS, now, stuck);
        long republishedRows = chunks(() -> republishRows(now, stuck));
        long deletedJobs = deleteExpired("jobs", expired, properties.chunk());
        // a batch takes up to 10,000 rows with it
        long deletedBatches = deleteExpired("batches", expired, Math.max(1, properties.chunk() / 100));
        long adopted = adoptOrphans(expired);
        long deletedImages = chunks(() -> deleteImages(expired));
        Map<String, Long> jobs = new LinkedHashMap<>();
        db.sql("SELECT status, count(*) AS n FROM jobs GROUP BY status ORDER BY status")
                .query(rs -> {
                    jobs.put(rs.getString("status"), rs.getLong("n"));
                });
        JanitorReport report = new JanitorReport(
                start,
                clock.instant(),
                stopping,
                jobs,
                republished,
                failed,
                republishedRows,
                failedRows,
                deletedJobs,
                deletedBatches,
                adopted,
                deletedImages);
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

    /** Stuck rows already published {@code maxAttempts} times: FAILED with the reason. */
    private long failStuck(Table table, OffsetDateTime now, OffsetDateTime stuck) {
        return chunks(() -> stuck(
                        table,
                        "status = 'FAILED', updated_at = :now, "
                                + "error = 'stuck in ' || status || ' after ' || publishes || ' publishes'",
                        ">=",
                        "")
                .param("now", now)
                .param("cutoff", stuck)
                .update());
    }

    private long republishJobs(OffsetDateTime now, OffsetDateTime stuck) {
        List<JobMessage> messages = stuck(
                        JOBS,
                        "publishes = publishes + 1, updated_at = :now, published_at = :now",
                        "<",
                        " RETURNING id, request, image_key")
                .param("now", now)
                .param("cutoff", stuck)
                .query((rs, row) ->
                        new JobMessage(rs.getString("id"), request(rs.getString("request")), rs.getString("image_key")))
                .list();
        publisher.publishAll(Topology.INTERACTIVE_ROUTING_KEY, messages, JobMessage::jobId);
        return messages.size();
    }

    private long republishRows(OffsetDateTime now, OffsetDateTime stuck) {
        List<BatchItemMessage> messages = stuck(
                        BATCH_ITEMS,
                        "publishes = publishes + 1, updated_at = :now",
                        "<",
                        " RETURNING batch_id, row_no, request, image_key")
                .param("now", now)
                .param("cutoff", stuck)
                .query((rs, row) -> new BatchItemMessage(
                        rs.getString("batch_id"),
                        rs.getInt("row_no"),
                        request(rs.getString("request")),
                        rs.getString("image_key")))
                .list();
        publisher.publishAll(Topology.BULK_ROUTING_KEY, messages, BatchItemMessage::messageId);
        return messages.size();
    }

    /**
     * {@code UPDATE table SET set} of a chunk of its stuck rows, oldest first, skipping rows another
     * pass holds: those published fewer times than {@code maxAttempts} ({@code publishes} "<") or
     * not (">=").
     */
    private JdbcClient.StatementSpec stuck(Table table, String set, String publishes, String returning) {
        return db.sql("UPDATE " + table.name() + " SET " + set + " WHERE (" + table.key() + ") IN (SELECT "
                        + table.key()
                        + " FROM " + table.name() + " WHERE " + STUCK + " AND publishes " + publishes + " :max "
                        + "ORDER BY updated_at LIMIT :chunk FOR UPDATE SKIP LOCKED)" + returning)
                .param("max", properties.maxAttempts())
                .param("chunk", properties.chunk());
    }

    private long deleteExpired(String table, OffsetDateTime expired, int chunk) {
        return chunks(() -> db.sql("DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                        + " WHERE created_at < :cutoff LIMIT :chunk)")
                .param("cutoff", expired)
                .param("chunk", chunk)
                .update());
    }

    /**
     * Gives every image older than the retention that no {@code images} row covers a row of its own,
     * last used when it was stored, so the pass below deletes it like any other unused image, under
     * the same locks: a worker that finished after its job was failed or withdrawn stored an image
     * no result ever recorded. The bucket is read a page at a time; memory stays bounded.
     */
    private long adoptOrphans(OffsetDateTime expired) {
        long adopted = 0;
        for (List<ObjectStore.Listed> page : objects.list(StorageKeys.CODES_PREFIX, properties.chunk())) {
            List<ObjectStore.Listed> old = page.stream()
                    .filter(o -> o.lastModified().isBefore(expired.toInstant()))
                    .toList();
            Set<String> recorded = old.isEmpty()
                    ? Set.of()
                    : Set.copyOf(db.sql("SELECT key FROM images WHERE key IN (:keys)")
                            .param(
                                    "keys",
                                    old.stream().map(ObjectStore.Listed::key).toList())
                            .query(String.class)
                            .list());
            for (ObjectStore.Listed orphan : old) {
                if (!recorded.contains(orphan.key())) {
                    adopted += db.sql("INSERT INTO images (key, size, last_used) VALUES (:key, :size, :stored) "
                                    + "ON CONFLICT (key) DO NOTHING")
                            .param("key", orphan.key())
                            .param("size", orphan.size())
                            .param("stored", orphan.lastModified().atOffset(ZoneOffset.UTC))
                            .update();
                }
            }
            if (stopping) {
                break;
            }
        }
        return adopted;
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
                    .param("cutoff", expired)
                    .param("chunk", Math.max(1, properties.chunk() / 10))
                    .query(String.class)
                    .list();
            keys.forEach(objects::delete);
            if (!keys.isEmpty()) {
                db.sql("DELETE FROM images WHERE key IN (:keys)")
                        .param("keys", keys)
                        .update();
            }
            return (long) keys.size();
        });
    }

    private RenderRequest request(String value) {
        return json.readValue(value, RenderRequest.class);
    }

    /** A table of pending work and the columns of its key. */
    private record Table(String name, String key) {}
}
