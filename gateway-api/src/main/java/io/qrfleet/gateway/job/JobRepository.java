package io.qrfleet.gateway.job;

import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.Verification;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code jobs} table. Every change of status is one statement guarded by the statuses it may
 * come from: a result for a job that is already DONE or FAILED, or gone, changes nothing.
 */
@Repository
class JobRepository {

    private static final String COLUMNS =
            "id, status, created_at, updated_at, request, image_key, verification, error, published_at";
    private static final String UNFINISHED = "status IN ('QUEUED', 'PROCESSING')";

    private final JdbcClient db;
    private final JsonMapper json;

    JobRepository(JdbcClient db, JsonMapper json) {
        this.db = db;
        this.json = json;
    }

    /**
     * Inserts the QUEUED job, and in the same statement moves on its image's last use, so the
     * janitor cannot delete that image while the job is being queued. False when the owner has
     * used the idempotency key before. {@code idempotencyKey} and {@code requester} may be null.
     */
    boolean insert(Job job, String owner, String idempotencyKey, String requester) {
        return db.sql("""
                WITH touched AS (UPDATE images SET last_used = :now WHERE key = :image)
                INSERT INTO jobs (id, owner, idempotency_key, requester, status, request, image_key, created_at, updated_at)
                VALUES (:id, :owner, :key, :requester, 'QUEUED', CAST(:request AS jsonb), :image, :now, :now)
                ON CONFLICT (owner, idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING""")
                        .param("id", UUID.fromString(job.id()))
                        .param("owner", owner)
                        .param("key", idempotencyKey)
                        .param("requester", requester)
                        .param("request", json.writeValueAsString(job.request()))
                        .param("image", job.imageKey())
                        .param("now", at(job.createdAt()))
                        .update()
                == 1;
    }

    Optional<Job> find(String id) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query(this::job)
                .optional();
    }

    Optional<Job> findByIdempotencyKey(String owner, String idempotencyKey) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE owner = :owner AND idempotency_key = :key")
                .param("owner", owner)
                .param("key", idempotencyKey)
                .query(this::job)
                .optional();
    }

    /**
     * The newest job for this image created after {@code since} that is done, or under way with its
     * message confirmed.
     */
    Optional<Job> findRecent(String imageKey, Instant since) {
        return db.sql("SELECT " + COLUMNS + " FROM jobs WHERE image_key = :image AND created_at > :since AND "
                        + "(status = 'DONE' OR (" + UNFINISHED + " AND published_at IS NOT NULL)) "
                        + "ORDER BY created_at DESC LIMIT 1")
                .param("image", imageKey)
                .param("since", at(since))
                .query(this::job)
                .optional();
    }

    /** Until the transaction ends, one requester's share is counted and spent by one caller at a time. */
    void lockRequester(String requester) {
        db.sql("SELECT pg_advisory_xact_lock(hashtextextended(:requester, 0))")
                .param("requester", requester)
                .query((rs, row) -> 0)
                .single();
    }

    /** Jobs this requester asked for by URL that are not finished yet. */
    int underWay(String requester) {
        return db.sql("SELECT count(*) FROM jobs WHERE requester = :requester AND " + UNFINISHED)
                .param("requester", requester)
                .query(Integer.class)
                .single();
    }

    /** The owner's jobs, newest first, after the cursor's job if there is one. */
    List<Job> page(String owner, Optional<ListCursor> after, int limit) {
        JdbcClient.StatementSpec query = after.isEmpty()
                ? db.sql("SELECT " + COLUMNS
                        + " FROM jobs WHERE owner = :owner ORDER BY created_at DESC, id DESC LIMIT :limit")
                : db.sql("SELECT " + COLUMNS
                                + " FROM jobs WHERE owner = :owner AND (created_at, id) < (:createdAt, :id) "
                                + "ORDER BY created_at DESC, id DESC LIMIT :limit")
                        .param("createdAt", at(after.get().createdAt()))
                        .param("id", UUID.fromString(after.get().id()));
        return query.param("owner", owner)
                .param("limit", limit)
                .query(this::job)
                .list();
    }

    void published(String id, Instant now) {
        db.sql("UPDATE jobs SET published_at = :now WHERE id = :id")
                .param("id", UUID.fromString(id))
                .param("now", at(now))
                .update();
    }

    /**
     * The broker did not confirm the job's message: FAILED, and its idempotency key free for the
     * client's retry. False if a worker had the message after all and the job is finished already.
     */
    boolean refuse(String id, String reason, Instant now) {
        return db.sql("UPDATE jobs SET status = 'FAILED', error = :error, idempotency_key = NULL, updated_at = :now "
                                + "WHERE id = :id AND " + UNFINISHED)
                        .param("id", UUID.fromString(id))
                        .param("error", reason)
                        .param("now", at(now))
                        .update()
                == 1;
    }

    /*
     * Results are applied a batch at a time (ResultListener): one statement for each kind, the
     * workers' results as arrays unnested into rows. A job twice in one batch is changed once.
     */

    /** PROCESSING for the unfinished jobs among {@code ids}. */
    void processing(List<String> ids, Instant now) {
        if (ids.isEmpty()) {
            return;
        }
        db.sql("UPDATE jobs SET status = 'PROCESSING', attempts = attempts + 1, updated_at = :now "
                        + "WHERE id = ANY(CAST(:ids AS uuid[])) AND " + UNFINISHED)
                .param("ids", ids.toArray(String[]::new))
                .param("now", at(now))
                .update();
    }

    /**
     * DONE for each unfinished job whose result names the image it was created with, and those
     * images recorded as used now. Returns the jobs it finished.
     */
    List<String> done(List<JobResult> results, Instant now) {
        if (results.isEmpty()) {
            return List.of();
        }
        return db.sql("""
                WITH result AS (
                    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:images AS text[]), CAST(:sizes AS bigint[]),
                                         CAST(:checks AS text[])) AS r(id, image_key, size, verification)),
                job AS (
                    UPDATE jobs SET status = 'DONE', verification = result.verification, error = NULL, updated_at = :now
                    FROM result
                    WHERE jobs.id = result.id AND jobs.image_key = result.image_key AND jobs.status IN ('QUEUED', 'PROCESSING')
                    RETURNING jobs.id, jobs.image_key, result.size),
                used AS (
                    INSERT INTO images (key, size, last_used)
                    SELECT DISTINCT ON (image_key) image_key, size, :now FROM job
                    ON CONFLICT (key) DO UPDATE SET last_used = excluded.last_used, size = excluded.size)
                SELECT id FROM job""")
                .param("ids", results.stream().map(JobResult::id).toArray(String[]::new))
                .param("images", results.stream().map(JobResult::imageKey).toArray(String[]::new))
                .param("sizes", results.stream().mapToLong(JobResult::imageSize).toArray())
                .param(
                        "checks",
                        results.stream().map(r -> r.verification().name()).toArray(String[]::new))
                .param("now", at(now))
                .query(String.class)
                .list();
    }

    /** FAILED with its reason for each unfinished job among the results. Returns the jobs it finished. */
    List<String> failed(List<JobResult> results, Instant now) {
        if (results.isEmpty()) {
            return List.of();
        }
        return db.sql("""
                WITH result AS (
                    SELECT DISTINCT ON (id) * FROM unnest(CAST(:ids AS uuid[]), CAST(:errors AS text[])) AS r(id, error))
                UPDATE jobs SET status = 'FAILED', error = result.error, updated_at = :now FROM result
                WHERE jobs.id = result.id AND jobs.status IN ('QUEUED', 'PROCESSING')
                RETURNING jobs.id""")
                .param("ids", results.stream().map(JobResult::id).toArray(String[]::new))
                .param("errors", results.stream().map(JobResult::error).toArray(String[]::new))
                .param("now", at(now))
                .query(String.class)
                .list();
    }

    private Job job(ResultSet rs, int row) throws SQLException {
        return new Job(
                rs.getString("id"),
                JobStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"),
                instant(rs, "updated_at"),
                json.readValue(rs.getString("request"), RenderRequest.class),
                rs.getString("image_key"),
                Optional.ofNullable(rs.getString("verification"))
                        .map(Verification::valueOf)
                        .orElse(null),
                rs.getString("error"),
                rs.getObject("published_at") != null);
    }

    static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
