package io.qrfleet.gateway;

import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobRequest;
import io.qrfleet.contract.JobResult;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.amqp.core.Message;
import org.springframework.amqp.core.MessageProperties;
import org.springframework.amqp.rabbit.core.RabbitTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** The test's hands on the jobs table, and on the results queue as a worker reports to it. */
@Component
public class JobRows {

    private final JdbcClient db;
    private final RabbitTemplate rabbit;
    private final JsonMapper json;
    private final Topology topology;

    JobRows(JdbcClient db, RabbitTemplate rabbit, JsonMapper json, Topology topology) {
        this.db = db;
        this.rabbit = rabbit;
        this.json = json;
        this.topology = topology;
    }

    public static RenderRequest request(String content) {
        return new JobRequest(content + " " + JobId.next(), null, null, null, null, null, null).toRenderRequest();
    }

    /** A job as a submit leaves it, already in {@code status}; returns its id. */
    public String insert(String id, RenderRequest request, JobStatus status) {
        OffsetDateTime now = OffsetDateTime.now();
        db.sql(
                        "INSERT INTO jobs (id, owner, status, request, image_key, verification, created_at, updated_at, published_at) "
                                + "VALUES (:id, '', :status, CAST(:request AS jsonb), :image, :verification, :now, :now, :now)")
                .param("id", UUID.fromString(id))
                .param("status", status.name())
                .param("request", json.writeValueAsString(request))
                .param("image", StorageKeys.image(request))
                .param("verification", status == JobStatus.DONE ? "GRID" : null)
                .param("now", now)
                .update();
        return id;
    }

    public String insert(RenderRequest request, JobStatus status) {
        return insert(JobId.next(), request, status);
    }

    /** DONE behind the gateway's back: no event wakes anyone. */
    public void finishQuietly(String id) {
        db.sql("UPDATE jobs SET status = 'DONE', verification = 'GRID', updated_at = now() WHERE id = :id")
                .param("id", UUID.fromString(id))
                .update();
    }

    public void failUnfinished() {
        db.sql("UPDATE jobs SET status = 'FAILED', error = 'test cleanup' WHERE status IN ('QUEUED', 'PROCESSING')")
                .update();
    }

    public Optional<JobStatus> status(String id) {
        return db.sql("SELECT status FROM jobs WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query((rs, row) -> JobStatus.valueOf(rs.getString(1)))
                .optional();
    }

    public String imageKey(String id) {
        return db.sql("SELECT image_key FROM jobs WHERE id = :id")
                .param("id", UUID.fromString(id))
                .query(String.class)
                .single();
    }

    public List<String> ids() {
        return db.sql("SELECT id FROM jobs ORDER BY id").query(String.class).list();
    }

    /** Publishes a result as a worker does. */
    public void report(JobResult result) {
        MessageProperties properties = new MessageProperties();
        properties.setContentType(MessageProperties.CONTENT_TYPE_JSON);
        properties.setMessageId(result.messageId());
        rabbit.send(
                topology.exchange(),
                Topology.RESULTS_ROUTING_KEY,
                new Message(json.writeValueAsBytes(result), properties));
    }
}
