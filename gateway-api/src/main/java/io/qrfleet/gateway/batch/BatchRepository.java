package io.qrfleet.gateway.batch;

import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.batch.RowViolation;
import io.qrfleet.gateway.job.RowResults;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** The {@code batches} and {@code batch_items} tables; a row's result is applied like a job's. */
@Repository
public class BatchRepository implements RowResults {

    private static final int INSERT_CHUNK = 1_000;

    private final JdbcClient db;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate transaction;
    private final JsonMapper json;

    BatchRepository(JdbcClient db, JdbcTemplate jdbc, TransactionTemplate transaction, JsonMapper json) {
        this.db = db;
        this.jdbc = jdbc;
        this.transaction = transaction;
        this.json = json;
    }

    /**
     * The batch and all its rows, or nothing; the images they will use are marked used now. False
     * when the owner has a batch under this idempotency key (may be null) already: nothing is written.
     */
    boolean create(Batch batch, String owner, String idempotencyKey, String fingerprint, List<BatchItem> items) {
        OffsetDateTime now = at(batch.createdAt());
        return Boolean.TRUE.equals(transaction.execute(status -> {
            if (db.sql(
                                    "INSERT INTO batches (id, owner, created_at, total, queued, invalid, idempotency_key, fingerprint) "
                                            + "VALUES (:id, :owner, :now, :total, :queued, CAST(:invalid AS jsonb), :key, :fingerprint) "
                                            + "ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING")
                            .param("id", UUID.fromString(batch.id()))
                            .param("owner", owner)
                            .param("now", now)
                            .param("total", batch.total())
                            .param("queued", batch.queued())
                            .param("invalid", json.writeValueAsString(batch.invalid()))
                            .param("key", idempotencyKey)
                            .param("fingerprint", fingerprint)
                            .update()
                    == 0) {
                return false;
            }
            for (int from = 0; from < items.size(); from += INSERT_CHUNK) {
                List<BatchItem> chunk = items.subList(from, Math.min(items.size(), from + INSERT_CHUNK));
                jdbc.batchUpdate(
                        "INSERT INTO batch_items (batch_id, row_no, filename, request, image_key, status, updated_at) "
                                + "VALUES (?, ?, ?, CAST(? AS jsonb), ?, 'QUEUED', ?)",
                        chunk,
                        chunk.size(),
                        (statement, item) -> {
                            statement.setObject(1, UUID.fromString(batch.id()));
                            statement.setInt(2, item.row());
                            statement.setString(3, item.filename());
                            statement.setString(4, json.writeValueAsString(item.request()));
                            statement.setString(5, item.imageKey());
                            statement.setObject(6, now);
                        });
            }
            db.sql(
                            "UPDATE images SET last_used = :now WHERE key IN (SELECT image_key FROM batch_items WHERE batch_id = :id)")
                    .param("now", now)
                    .param("id", UUID.fromString(batch.id()))
                    .update();
            return true;
        }));
    }

    /** The owner's batch under this idempotency key, with the fingerprint of what it was submitted with. */
    Optional<Map.Entry<Batch, String>> findByIdempotencyKey(String owner, String idempotencyKey) {
        return db.sql("SELECT id, fingerprint FROM batches WHERE owner = :owner AND idempotency_key = :key")
                .param("owner", owner)
                .param("key", idempotencyKey)
                .query((rs, row) -> Map.entry(rs.getString("id"), rs.getString("fingerprint")))
                .optional()
                .flatMap(found -> find(found.getKey()).map(batch -> Map.entry(batch, found.getValue())));
    }

    Optional<Batch> find(String id) {
        return db.sql("SELECT id, created_at, total, queued, invalid FROM batches WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query((rs, row) -> new Batch(
                        rs.getString("id"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("total"),
                        rs.getInt("queued"),
                        Arrays.asList(json.readValue(rs.getString("invalid"), RowViolation[].class))))
                .optional();
    }

    /** Rows by status, counted, and the reasons of the first {@code failures} failed rows. */
    Progress progress(String id, int failures) {
        Map<JobStatus, Integer> counts = new TreeMap<>();
        db.sql("SELECT status, count(*) AS n FROM batch_items WHERE batch_id = :id GROUP BY status")
                .param("id", UUID.fromString(id))
                .query(rs -> {
                    counts.put(JobStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                });
        TreeMap<Integer, String> reasons = new TreeMap<>();
        db.sql(
                        "SELECT row_no, error FROM batch_items WHERE batch_id = :id AND status = 'FAILED' ORDER BY row_no LIMIT :n")
                .param("id", UUID.fromString(id))
                .param("n", failures)
                .query(rs -> {
                    reasons.put(rs.getInt("row_no"), rs.getString("error"));
                });
        return new Progress(counts.getOrDefault(JobStatus.DONE, 0), counts.getOrDefault(JobStatus.FAILED, 0), reasons);
    }

    /** Up to {@code limit} rows after {@code afterRow}, in row order: the archive pages through them. */
    List<BatchItem> items(String id, int afterRow, int limit) {
        return db.sql("SELECT row_no, filename, request, image_key, status, error FROM batch_items "
                        + "WHERE batch_id = :id AND row_no > :after ORDER BY row_no LIMIT :limit")
                .param("id", UUID.fromString(id))
                .param("after", afterRow)
                .param("limit", limit)
                .query(this::item)
                .list();
    }

    /** Removes a batch whose rows could not all be published; results for its rows then change nothing. */
    void withdraw(String id) {
        db.sql("DELETE FROM batches WHERE id = :id")
                .param("id", UUID.fromString(id))
                .update();
    }

    /** A worker's result for one row, guarded like a job's; returns whether it changed the row. */
    @Override
    public boolean apply(JobResult result, Instant instant) {
        OffsetDateTime now = at(instant);
        UUID batch = UUID.fromString(result.id());
        return switch (result.status()) {
            case DONE ->
                db.sql("""
                    WITH item AS (
                        UPDATE batch_items SET status = 'DONE', verification = :verification, error = NULL,
                            updated_at = :now
                        WHERE batch_id = :batch AND row_no = :row AND image_key = :image
                          AND status IN ('QUEUED', 'PROCESSING')
                        RETURNING image_key)
                    INSERT INTO images (key, size, last_used) SELECT image_key, :size, :now FROM item
                    ON CONFLICT (key) DO UPDATE SET last_used = excluded.last_used, size = excluded.size""")
                                .param("batch", batch)
                                .param("row", result.row())
                                .param("image", result.imageKey())
                                .param("size", result.imageSize())
                                .param("verification", result.verification().name())
                                .param("now", now)
                                .update()
                        == 1;
            case FAILED, PROCESSING ->
                db.sql(
                                        "UPDATE batch_items SET status = :status, error = :error, updated_at = :now "
                                                + "WHERE batch_id = :batch AND row_no = :row AND status IN ('QUEUED', 'PROCESSING')")
                                .param("status", result.status().name())
                                .param("error", result.error())
                                .param("batch", batch)
                                .param("row", result.row())
                                .param("now", now)
                                .update()
                        == 1;
            case QUEUED -> false;
        };
    }

    private BatchItem item(ResultSet rs, int row) throws SQLException {
        return new BatchItem(
                rs.getInt("row_no"),
                rs.getString("filename"),
                json.readValue(rs.getString("request"), RenderRequest.class),
                rs.getString("image_key"),
                JobStatus.valueOf(rs.getString("status")),
                rs.getString("error"));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /**
     * @param done rows with an image
     * @param failures reasons of (some of) the failed rows, by row
     */
    record Progress(int done, int failed, TreeMap<Integer, String> failures) {

        static final Progress NONE = new Progress(0, 0, new TreeMap<>());
    }
}
