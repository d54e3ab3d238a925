package io.qrfleet.gateway.batch;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.broker.PublishRefusedException;
import io.qrfleet.contract.InvalidRequestException;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobStatus;
import io.qrfleet.contract.RenderRequest;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.Topology;
import io.qrfleet.contract.Violation;
import io.qrfleet.contract.batch.BatchItemMessage;
import io.qrfleet.contract.batch.RowViolation;
import io.qrfleet.gateway.job.JobRequestReader;
import io.qrfleet.gateway.web.BadRequestException;
import io.qrfleet.gateway.web.IdempotencyKey;
import io.qrfleet.gateway.web.InvalidBatchException;
import io.qrfleet.gateway.web.RetryLaterException;
import io.qrfleet.gateway.web.ServiceUnavailableException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Submission: every row is validated exactly like a single job (defaults merged in first), then the
 * batch and its rows are inserted and every row is published to the bulk queue. A refused publish
 * withdraws the whole batch.
 */
@Service
class BatchService {

    private final JobRequestReader reader;
    private final BatchRepository store;
    private final JobPublisher publisher;
    private final Clock clock;
    private final Counter accepted;
    private final Counter items;

    BatchService(
            JobRequestReader reader, BatchRepository store, JobPublisher publisher, MeterRegistry meters, Clock clock) {
        this.reader = reader;
        this.clock = clock;
        this.store = store;
        this.publisher = publisher;
        this.accepted = Counter.builder("qr.batches.accepted")
                .description("Batches queued")
                .register(meters);
        this.items = Counter.builder("qr.batches.items")
                .description("Batch rows queued")
                .register(meters);
    }

    /**
     * {@code idempotencyKey} may be null; with one, a repeat of the same batch gets the first, and
     * another batch under it is a 422. {@code tenant} is whose a row's image is if it holds a secret.
     */
    Batch submit(
            BatchReader.BatchInput input, boolean skipInvalid, String owner, String tenant, String idempotencyKey) {
        checkDefaults(input.defaults());
        List<BatchItem> valid = new ArrayList<>();
        List<RowViolation> invalid = new ArrayList<>();
        Filenames filenames = new Filenames();
        for (int i = 0; i < input.items().size(); i++) {
            int row = i + 1;
            List<Violation> violations = new ArrayList<>();
            Violation malformed = input.malformed().get(row);
            Optional<Row> parsed = Optional.empty();
            if (malformed != null) {
                violations.add(malformed);
            } else {
                parsed = row(input.defaults(), input.items().get(i), violations);
            }
            if (parsed.isPresent()) {
                RenderRequest request = parsed.get().request();
                valid.add(new BatchItem(
                        row,
                        filenames.assign(row, parsed.get().filename(), request.format()),
                        request,
                        StorageKeys.image(request, tenant),
                        JobStatus.QUEUED,
                        null));
            } else {
                violations.forEach(v -> invalid.add(new RowViolation(row, v.field(), v.message())));
            }
        }
        if (!invalid.isEmpty() && (!skipInvalid || valid.isEmpty())) {
            throw new InvalidBatchException(invalid);
        }
        Batch batch = new Batch(JobId.next(), clock.instant(), input.items().size(), valid.size(), invalid);
        String fingerprint = fingerprint(valid, invalid);
        if (!store.create(batch, owner, idempotencyKey, fingerprint, valid)) {
            return repeated(owner, idempotencyKey, fingerprint);
        }
        try {
            publisher.publishAll(
                    Topology.BULK_ROUTING_KEY,
                    valid.stream()
                            .map(item -> new BatchItemMessage(batch.id(), item.row(), item.request(), item.imageKey()))
                            .toList(),
                    BatchItemMessage::messageId);
        } catch (PublishRefusedException e) {
            store.withdraw(batch.id());
            throw new ServiceUnavailableException(e.getMessage(), e);
        }
        accepted.increment();
        items.increment(valid.size());
        return batch;
    }

    /** The first batch under the key; a refused publish may have withdrawn it in between (then 409, send again). */
    private Batch repeated(String owner, String idempotencyKey, String fingerprint) {
        Map.Entry<Batch, String> first = store.findByIdempotencyKey(owner, idempotencyKey)
                .orElseThrow(() -> new RetryLaterException(
                        RetryLaterException.Reason.IN_FLIGHT,
                        "A batch with this " + IdempotencyKey.HEADER + " was just refused; send it again."));
        if (!first.getValue().equals(fingerprint)) {
            throw new InvalidRequestException(List.of(new Violation(
                    IdempotencyKey.HEADER, "was used before for a different batch; use a new key for a new batch")));
        }
        return first.getKey();
    }

    /** SHA-256 of the batch as validated: the same rows, names, images and skipped rows give the same. */
    private static String fingerprint(List<BatchItem> valid, List<RowViolation> invalid) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
        valid.forEach(item -> digest.update((item.row() + "\n" + item.filename() + "\n" + item.imageKey() + "\n")
                .getBytes(StandardCharsets.UTF_8)));
        digest.update(invalid.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    Optional<Batch> find(String id) {
        return JobId.parse(id).flatMap(store::find);
    }

    /** Defaults are checked once, as options of a placeholder request, and named {@code defaults.<field>}. */
    private void checkDefaults(ObjectNode defaults) {
        List<Violation> violations = new ArrayList<>();
        for (String name : defaults.propertyNames()) {
            if (!BatchReader.OPTION_FIELDS.contains(name)) {
                violations.add(new Violation(
                        name, "is not a render option (" + String.join(", ", BatchReader.OPTION_FIELDS) + ")"));
            }
        }
        if (violations.isEmpty()) {
            row(defaults, defaults.objectNode().put("content", "defaults"), violations);
        }
        if (!violations.isEmpty()) {
            throw new BadRequestException(violations.stream()
                    .map(v -> new Violation("defaults." + v.field(), v.message()))
                    .toList());
        }
    }

    private Optional<Row> row(ObjectNode defaults, JsonNode item, List<Violation> violations) {
        if (!item.isObject()) {
            violations.add(new Violation("$", "each item must be a JSON object"));
            return Optional.empty();
        }
        ObjectNode fields = ((ObjectNode) item).deepCopy();
        JsonNode filename = fields.remove(BatchReader.FILENAME);
        if (filename != null && !filename.isString()) {
            violations.add(new Violation(BatchReader.FILENAME, "must be a string"));
            return Optional.empty();
        }
        ObjectNode merged = defaults.deepCopy();
        merged.setAll(fields);
        try {
            RenderRequest request = reader.read(merged).toRenderRequest();
            return Optional.of(new Row(request, filename == null ? null : filename.stringValue()));
        } catch (BadRequestException e) {
            violations.addAll(e.violations());
        } catch (InvalidRequestException e) {
            violations.addAll(e.violations());
        }
        return Optional.empty();
    }

    private record Row(RenderRequest request, String filename) {}
}
