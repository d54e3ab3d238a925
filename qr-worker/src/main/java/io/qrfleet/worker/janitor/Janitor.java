package io.qrfleet.worker.janitor;

import io.qrfleet.common.broker.CompletionPublisher;
import io.qrfleet.common.broker.JobPublisher;
import io.qrfleet.common.storage.JobStore;
import io.qrfleet.common.storage.ObjectStore;
import io.qrfleet.common.storage.ObjectSummary;
import io.qrfleet.contract.JobId;
import io.qrfleet.contract.JobMessage;
import io.qrfleet.contract.JobRecord;
import io.qrfleet.contract.StorageKeys;
import io.qrfleet.contract.batch.BatchItem;
import io.qrfleet.contract.batch.BatchRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * One maintenance pass over the bucket: reap stuck jobs, delete jobs and batches past retention
 * (never an image a kept job or batch row points to), audit the keys, and write a catalog report. {@link #stop()} (from a
 * signal) ends the pass early; the report is then written and marked interrupted.
 */
@Component
@Profile("janitor")
public class Janitor {

    static final String REPORTS_PREFIX = "reports/";
    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final Pattern RECORD_KEY = Pattern.compile("jobs/([0-9a-f-]{36})\\.json");
    private static final Pattern IMAGE_KEY = Pattern.compile("codes/[0-9a-f]{64}\\.(png|svg)");
    private static final Pattern BATCH_SUMMARY = Pattern.compile("batches/([0-9a-f-]{36})\\.json");
    private static final Pattern BATCH_PART = Pattern.compile("batches/([0-9a-f-]{36})/(items|done/\\d+|failed/\\d+)\\.json");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(java.time.ZoneOffset.UTC);

    private final ObjectStore objects;
    private final JobStore jobs;
    private final JobPublisher publisher;
    private final CompletionPublisher completions;
    private final JanitorProperties properties;
    private final JsonMapper json;
    private final Clock clock = Clock.systemUTC();
    private volatile boolean stopping;

    Janitor(ObjectStore objects, JobStore jobs, JobPublisher publisher, CompletionPublisher completions,
            JanitorProperties properties, JsonMapper json) {
        this.objects = objects;
        this.jobs = jobs;
        this.publisher = publisher;
        this.completions = completions;
        this.properties = properties;
        this.json = json;
    }

    public void stop() {
        stopping = true;
    }

    /** Runs the pass and writes the report; returns it so the caller can choose the exit code. */
    public CatalogReport run() {
        Instant now = clock.instant();
        Catalog catalog = new Catalog(now);
        Batches batches = new Batches();
        // batches before codes: the images their rows point to must be marked kept first
        boolean complete = each(objects.list(StorageKeys.JOBS_PREFIX), o -> record(o, now, catalog))
                && each(objects.list(StorageKeys.BATCHES_PREFIX), o -> batch(o, now, catalog, batches))
                && each(objects.list(StorageKeys.CODES_PREFIX), o -> image(o, now, catalog))
                && each(objects.list(""), o -> other(o, catalog));
        if (complete) {
            catalog.recordsWhoseImageWasNotSeen().forEach(catalog.withoutImage::add);
        }
        CatalogReport report = catalog.report(clock.instant(), !complete);
        byte[] body = json.writeValueAsBytes(report);
        objects.put(REPORTS_PREFIX + "catalog-" + STAMP.format(now) + ".json", body, "application/json");
        objects.put(REPORTS_PREFIX + "catalog-latest.json", body, "application/json");
        log.info("Janitor {}: jobs {}, actions {}, anomalies: {} unexpected keys, {} unreadable records, {} orphan images, "
                + "{} records without image", complete ? "finished" : "interrupted", report.jobsByStatus(), report.actions(),
                report.anomalies().unexpectedKeys(), report.anomalies().unreadableRecords(),
                report.anomalies().orphanImages(), report.anomalies().recordsWithoutImage());
        return report;
    }

    private boolean each(Stream<ObjectSummary> listing, Consumer<ObjectSummary> action) {
        try (listing) {
            for (Iterator<ObjectSummary> it = listing.iterator(); it.hasNext(); ) {
                if (stopping) {
                    return false;
                }
                action.accept(it.next());
            }
        }
        return !stopping;
    }

    private void record(ObjectSummary object, Instant now, Catalog catalog) {
        var key = RECORD_KEY.matcher(object.key());
        if (!key.matches() || JobId.parse(key.group(1)).isEmpty()) {
            catalog.unexpected.add(object.key());
            return;
        }
        Optional<JobRecord> stored;
        try {
            stored = jobs.find(key.group(1));
        } catch (JacksonException e) {
            catalog.unreadable.add(object.key());
            return;
        }
        if (stored.isEmpty()) {
            return; // deleted since the listing
        }
        JobRecord job = stored.get();
        if (job.createdAt().isBefore(now.minus(properties.retention()))) {
            jobs.delete(job.id());
            catalog.deletedRecords++;
            return;
        }
        if (!job.status().isFinal() && job.updatedAt().isBefore(now.minus(properties.stuckAfter()))) {
            job = reap(job, now, catalog);
        }
        catalog.job(job, object.size());
        // a pending job will reuse this image if it exists, so it is kept too
        catalog.keepImage(job.imageKey() != null ? job.imageKey() : StorageKeys.image(job.request()));
        if (job.imageKey() != null) {
            catalog.expectImage(job.imageKey(), object.key());
        }
    }

    private JobRecord reap(JobRecord job, Instant now, Catalog catalog) {
        if (job.attempts() >= properties.maxAttempts()) {
            JobRecord failed = job.failed(now, "stuck in " + job.status() + " after " + job.attempts() + " attempts");
            jobs.save(failed);
            completions.publish(failed);
            catalog.failed++;
            return failed;
        }
        JobRecord requeued = new JobRecord(job.id(), job.status(), job.createdAt(), now, job.request(), job.attempts(),
                null, false, null);
        jobs.save(requeued);
        publisher.publish(new JobMessage(job.id(), job.request()));
        catalog.requeued++;
        return requeued;
    }

    private void image(ObjectSummary object, Instant now, Catalog catalog) {
        if (!IMAGE_KEY.matcher(object.key()).matches()) {
            catalog.unexpected.add(object.key());
        } else if (catalog.isKept(object.key())) {
            catalog.image(object.key(), object.size());
        } else if (object.lastModified().isBefore(now.minus(properties.retention()))) {
            objects.delete(object.key());
            catalog.deletedImages++;
        } else {
            catalog.image(object.key(), object.size());
            catalog.orphans.add(object.key());
        }
    }

    /**
     * S3 lists keys in lexicographic order, so a batch's summary ({@code batches/{id}.json}) comes
     * before its items and markers ({@code batches/{id}/…}): by then the batch is known kept or expired.
     * Parts without a summary are leftovers of a withdrawn submission, removed once they are stale.
     */
    private void batch(ObjectSummary object, Instant now, Catalog catalog, Batches batches) {
        var summary = BATCH_SUMMARY.matcher(object.key());
        var part = BATCH_PART.matcher(object.key());
        if (summary.matches() && JobId.parse(summary.group(1)).isPresent()) {
            batchSummary(object, summary.group(1), now, catalog, batches);
        } else if (part.matches() && JobId.parse(part.group(1)).isPresent()) {
            String id = part.group(1);
            if (batches.expired.contains(id)) {
                objects.delete(object.key());
            } else if (batches.kept.contains(id)) {
                catalog.batchPart(part.group(2), object.size());
                if (part.group(2).equals("items")) {
                    keepImagesOf(object.key(), catalog);
                }
            } else if (object.lastModified().isBefore(now.minus(properties.stuckAfter()))) {
                objects.delete(object.key());
                catalog.deletedBatchLeftovers++;
            }
        } else {
            catalog.unexpected.add(object.key());
        }
    }

    private void batchSummary(ObjectSummary object, String id, Instant now, Catalog catalog, Batches batches) {
        Optional<BatchRecord> batch;
        try {
            batch = objects.get(object.key()).map(bytes -> json.readValue(bytes, BatchRecord.class));
        } catch (JacksonException e) {
            catalog.unreadable.add(object.key());
            return;
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.get().createdAt().isBefore(now.minus(properties.retention()))) {
            objects.delete(object.key());
            batches.expired.add(id);
            catalog.deletedBatches++;
        } else {
            batches.kept.add(id);
            catalog.batch(batch.get(), object.size());
        }
    }

    private void keepImagesOf(String itemsKey, Catalog catalog) {
        try {
            objects.get(itemsKey).map(bytes -> json.readValue(bytes, BatchItem[].class))
                    .ifPresent(items -> Arrays.stream(items).forEach(item -> catalog.keepImage(StorageKeys.image(item.request()))));
        } catch (JacksonException e) {
            catalog.unreadable.add(itemsKey);
        }
    }

    private void other(ObjectSummary object, Catalog catalog) {
        String key = object.key();
        if (!key.startsWith(StorageKeys.JOBS_PREFIX) && !key.startsWith(StorageKeys.CODES_PREFIX)
                && !key.startsWith(StorageKeys.BATCHES_PREFIX) && !key.startsWith(REPORTS_PREFIX)) {
            catalog.unexpected.add(key);
        }
    }

    /** Batch ids seen in this pass, by their fate. */
    private static final class Batches {
        final Set<String> kept = new HashSet<>();
        final Set<String> expired = new HashSet<>();
    }
}
